"""The report page: scorecard first (counts equal claims.csv), then the figures; and the archive.

The page is opened in headless chromium (selenium + chromedriver): it loads without console
errors, the scorecard numbers equal claims.csv and every figure image loads. Without chromium
and chromedriver (`scripts/ci/install_browser.sh` installs both) that test is skipped.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from spinbridge import archive, report_page, store
from tests.test_crate import CLAIMS, fake_results


def write_page(results: Path) -> Path:
    table = pd.read_csv(results / "tables" / "claims.csv")
    caption = "Fig. 2 of {{ snakemake.config['paper'] }}: :math:`|1\\rangle_A` populations."
    figure = report_page.FigureView(
        src="../figures/katz2022/fig2.png",
        caption_html=report_page.render_caption(caption, {"paper": "Katz 2022"}),
        paper="katz2022",
        reference=store.PAPERS["katz2022"],
        title="Katz 2022: fig2",
    )
    html = report_page.render_page(report_page.scorecard(table, store.PAPERS), [figure])
    out = results / "report" / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html)
    return out


def test_scorecard_counts_and_deviating_notes(tmp_path):
    table = pd.read_csv(fake_results(tmp_path) / "tables" / "claims.csv")
    scores = {s.paper: s for s in report_page.scorecard(table, store.PAPERS)}
    assert (scores["katz2022"].reproduced, scores["katz2022"].deviates) == (1, 1)
    assert scores["katz2022"].deviating[0]["note"] == "inputs quoted to 1 digit"
    assert (scores["masson2021"].reproduced, scores["masson2021"].deviates) == (1, 0)
    html = (write_page(tmp_path / "results")).read_text()
    assert html.index('id="scorecard"') < html.index('id="figures"')
    assert "Fig. 2 of Katz 2022" in html and "<math" in html
    with pytest.raises(ValueError, match="status"):
        report_page.scorecard(table.assign(status="unknown"), store.PAPERS)
    with pytest.raises(ValueError, match="table"):
        report_page.scorecard(CLAIMS, store.PAPERS)


def test_archive_name_and_contents(tmp_path):
    assert archive.archive_name("0.1.0", "0123456789abcdef") == "spinbridge-results-0.1.0-0123456"
    assert archive.archive_name("0.1.0", "0123456789ab-dirty").endswith("0123456-dirty")
    with pytest.raises(ValueError, match="commit"):
        archive.archive_name("0.1.0", "HEAD")
    results = fake_results(tmp_path)
    readme = archive.rerun_instructions("0.1.0", "0123456789ab", "https://example.org/x")
    assert "make reproduce && make archive" in readme and "git checkout 0123456789ab" in readme
    members = {f"results/{p.relative_to(results)}": p for p in results.rglob("*") if p.is_file()}
    out = archive.write_archive(tmp_path / "spinbridge-results-0.1.0-0123456.zip", members, readme)
    names = zipfile.ZipFile(out).namelist()
    assert "spinbridge-results-0.1.0-0123456/README.txt" in names
    assert "spinbridge-results-0.1.0-0123456/results/tables/claims.csv" in names


def _chrome():
    """A headless chromium session, or a skip naming what is missing."""
    webdriver = pytest.importorskip("selenium.webdriver")
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not binary or not driver:
        pytest.skip("chromium and chromedriver are not installed (scripts/ci/install_browser.sh)")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = binary
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=opts), opts


def test_page_in_a_headless_browser(tmp_path):
    results = fake_results(tmp_path)
    page = write_page(results)
    browser, _ = _chrome()
    try:
        browser.set_page_load_timeout(30)
        browser.get(page.as_uri())
        table = pd.read_csv(results / "tables" / "claims.csv")
        shown = browser.execute_script(
            "return Array.from(document.querySelectorAll('#scorecard-table tr[data-paper]'))"
            ".map(r => [r.dataset.paper, ...Array.from(r.querySelectorAll('td[data-status]'))"
            ".map(c => [c.dataset.status, Number(c.textContent)])])"
        )
        counts = {p: dict(cells) for p, *cells in shown}
        for paper, rows in table.groupby("paper"):
            for status in ("reproduced", "deviates"):
                assert counts[paper][status] == (rows["status"] == status).sum(), (paper, status)
        assert counts["total"]["reproduced"] == (table["status"] == "reproduced").sum()
        widths = browser.execute_script(
            "return Array.from(document.images).map(i => [i.src, i.complete, i.naturalWidth])"
        )
        assert widths and all(done and w > 0 for _, done, w in widths), widths
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
    finally:
        browser.quit()

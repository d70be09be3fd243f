"""Write results/report/index.html: the claims scorecard first, then every figure with caption.

The figures and their captions are those declared with ``report(..., caption=...)`` in
workflow/rules/*.smk; captions are rendered with the run's config (config.yaml, or the files
given with --configfile). Images are linked relative to the page, so the page works from an
unpacked archive.

    .venv/bin/python scripts/release/write_report.py [--configfile FILE ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path

import pandas as pd
import yaml

from spinbridge import __version__, report_page, runlog, store

REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> Path:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", type=Path, default=REPO / "results")
    ap.add_argument("--configfile", nargs="+", default=["config.yaml"])
    args = ap.parse_args(argv)
    results = args.results.resolve()
    page_dir = results / "report"
    page_dir.mkdir(parents=True, exist_ok=True)
    config: dict = {}
    for c in args.configfile:
        config.update(yaml.safe_load((REPO / c).read_text()) or {})

    table = pd.read_csv(results / "tables" / "claims.csv")
    scores = report_page.scorecard(table, store.PAPERS)
    figures = []
    for smk in sorted((REPO / "workflow" / "rules").glob("*.smk")):
        for entry in runlog.report_figures(smk.read_text()):
            image = results / Path(entry.path).relative_to("results")
            if not image.is_file():
                continue
            paper = Path(entry.path).parts[2] if entry.path.startswith("results/figures/") else ""
            caption = (smk.parent / entry.caption).resolve().read_text()
            figures.append(
                report_page.FigureView(
                    src=os.path.relpath(image, page_dir),
                    caption_html=report_page.render_caption(caption, config),
                    paper=paper,
                    reference=store.PAPERS.get(paper, ""),
                    title=f"{entry.category}: {Path(entry.path).stem}",
                )
            )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    html = report_page.render_page(
        scores,
        figures,
        meta=f"spinbridge {__version__}, commit {commit or 'unknown'}; "
        f"{len(table)} claims, {len(figures)} figures",
        claims_href=os.path.relpath(results / "tables" / "claims.csv", page_dir),
    )
    out = page_dir / "index.html"
    tmp = out.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    print(f"report: {len(scores)} papers, {len(figures)} figures -> {out}")
    return out


if __name__ == "__main__":
    main()

"""The whole DAG on config/smoke.yaml, in a temporary copy of the repository.

Checks the acceptance of issue #2 at the pipeline level: every declared output exists, a second run
does nothing, editing one cell parameter reruns only what depends on it, and a bad config stops
before any job with a message naming the key.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from spinbridge import claims, store
from tests.conftest import REPO

pytestmark = pytest.mark.pipeline

SNAKEMAKE = [str(Path(sys.executable).with_name("snakemake"))]
SMOKE = ["--configfile", "config/smoke.yaml"]


def _copy_repo(dest: Path) -> Path:
    """Copy what a fresh clone has: tracked and untracked-but-not-ignored files."""
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for rel in filter(None, (f.decode() for f in files)):
        src = REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / "results").mkdir(exist_ok=True)
    return dest


def _snakemake(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "1"}
    proc = subprocess.run(
        [*SNAKEMAKE, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=1500
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"snakemake {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def _job_counts(dry_run_output: str) -> dict[str, int]:
    """Parse Snakemake's 'Job stats' table of a dry run into {rule: count}."""
    counts: dict[str, int] = {}
    if "Job stats:" not in dry_run_output:
        return counts
    table = dry_run_output.split("Job stats:", 1)[1]
    for line in table.splitlines()[3:]:
        m = re.match(r"^(\S+)\s+(\d+)$", line.strip())
        if not m:
            break
        if m.group(1) != "total":
            counts[m.group(1)] = int(m.group(2))
    return counts


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory) -> Path:
    work = _copy_repo(tmp_path_factory.mktemp("spinbridge"))
    _snakemake(work, *SMOKE, "--cores", "2", "--show-failed-logs")
    return work


def test_every_declared_output_exists(smoke_run):
    summary = _snakemake(smoke_run, *SMOKE, "--summary").stdout
    rows = [line.split("\t") for line in summary.splitlines()[1:] if "\t" in line]
    assert rows, summary
    missing = [r[0] for r in rows if not (smoke_run / r[0]).exists()]
    assert not missing, f"declared outputs not produced: {missing}"
    for required in [
        "results/cells/K-3He.nc",
        "results/cells/Rb-129Xe.nc",
        "results/tables/cell_parameters.csv",
        "results/tables/cell_parameters.tex",
        "results/figures/katz2022/cell_rates.pdf",
        "results/figures/katz2022/cell_rates.png",
        "results/notebooks/katz2022.ipynb",
        "results/tables/claims.csv",
    ]:
        assert (smoke_run / required).stat().st_size > 0, required
    for nc in (smoke_run / "results").rglob("*.nc"):
        store.read(nc)  # every intermediate follows the conventions


def test_claims_table_has_the_public_columns(smoke_run):
    table = pd.read_csv(smoke_run / "results" / "tables" / "claims.csv")
    assert list(table.columns[: len(claims.COLUMNS)]) == claims.COLUMNS
    assert set(table["status"]) <= {"reproduced", "deviates", "pending"}
    cells = table.set_index("id")
    assert cells.loc["katz2022-q", "status"] == "reproduced"
    assert cells.loc["katz2022-J", "reproduced"] == pytest.approx(1000, rel=0.05)


def test_second_run_does_nothing(smoke_run):
    out = _snakemake(smoke_run, *SMOKE, "-n")
    assert "Nothing to be done" in out.stdout + out.stderr


def test_editing_one_cell_reruns_only_its_dependents(smoke_run, tmp_path):
    cfg = yaml.safe_load((smoke_run / "config" / "smoke.yaml").read_text())
    cfg["cells"]["Rb-129Xe"]["p_noble"] = 0.3
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(cfg))
    out = _snakemake(smoke_run, "--configfile", str(edited), "-n")
    counts = _job_counts(out.stdout)
    assert counts.pop("cell_parameters") == 1
    assert "Rb-129Xe" in out.stdout.split("rule cell_parameters", 1)[1].split("\n\n", 1)[0]
    assert counts.pop("katz2022_notebook") == 1  # its table has a column per cell
    counts.pop("all", None)
    assert counts == {}, f"jobs that do not depend on Rb-129Xe would rerun: {counts}"


def test_bad_value_stops_before_any_job(tmp_path):
    work = _copy_repo(tmp_path / "repo")
    cfg = yaml.safe_load((work / "config" / "smoke.yaml").read_text())
    cfg["cells"]["K-3He"]["p_alkali"] = 1.5
    (work / "bad.yaml").write_text(yaml.safe_dump(cfg))
    out = _snakemake(work, "--configfile", "bad.yaml", "--cores", "1", check=False)
    assert out.returncode != 0
    text = out.stdout + out.stderr
    assert "cells.K-3He.p_alkali = 1.5: must be <= 1" in text
    assert [p.name for p in (work / "results").iterdir()] == [".gitkeep"]  # nothing written

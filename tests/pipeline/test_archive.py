"""The crate of a real (partial) smoke run: Snakemake's own records name each file's rule.

Runs the cells stage on config/smoke.yaml in a temporary copy of the repository (the pattern of
test_smoke_pipeline.py, with a target small enough to keep this file to seconds), then
scripts/release/write_crate.py, which reads `snakemake --detailed-summary` and the run's log.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from spinbridge import crate
from tests.pipeline.test_smoke_pipeline import SMOKE, _copy_repo, _snakemake
from tests.test_crate import UNACHIEVABLE, seeded_http_cache, validate

pytestmark = [
    pytest.mark.pipeline,
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

TARGET = "results/tables/cell_parameters.csv"


@pytest.fixture(scope="module")
def cells_run(tmp_path_factory):
    work = _copy_repo(tmp_path_factory.mktemp("spinbridge"))
    _snakemake(work, *SMOKE, "--cores", "2", TARGET)
    proc = subprocess.run(
        [sys.executable, "scripts/release/write_crate.py", "--agent", "A. Tester"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return work


def test_crate_of_a_real_run(cells_run, tmp_path):
    results = cells_run / "results"
    doc = json.loads((results / "ro-crate-metadata.json").read_text())
    g = {e["@id"]: e for e in doc["@graph"]}
    assert "made by rule cells_table" in g["tables/cell_parameters.csv"]["description"]
    assert {"@id": "pipeline/config/smoke.yaml"} in g["#run"]["object"]
    for rel, entity in g.items():
        if "sha256" in entity and rel != "README.md":
            assert entity["sha256"] == crate.sha256_of(results / rel), rel
    cache = seeded_http_cache(tmp_path / "cache")
    assert validate(results, "workflow-run-crate-0.5", "REQUIRED", cache) == []
    findings = validate(results, "workflow-run-crate-0.5", "RECOMMENDED", cache)
    assert {check for check, _ in findings} <= UNACHIEVABLE, findings


def test_the_archive_unzips_to_a_valid_crate_with_matching_checksums(tmp_path_factory, tmp_path):
    """What a user deposits: the whole smoke run, its report, crate and zip (`make archive`)."""
    import zipfile

    work = _copy_repo(tmp_path_factory.mktemp("full"))
    _snakemake(work, *SMOKE, "--cores", "2")
    for step in (
        ["scripts/release/write_report.py"],
        ["scripts/release/write_crate.py", "--agent", "A. Tester"],
        ["scripts/release/make_archive.py", "--out-dir", str(tmp_path / "dist")],
    ):
        proc = subprocess.run(
            [sys.executable, *step], cwd=work, capture_output=True, text=True, timeout=300
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
    (archive,) = (tmp_path / "dist").glob("spinbridge-results-*.zip")
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        zf.extractall(unpacked)
    assert any(n.endswith("CITATION.cff") for n in names)
    (crate_root,) = {p.parent for p in unpacked.rglob("ro-crate-metadata.json")}
    doc = json.loads((crate_root / "ro-crate-metadata.json").read_text())
    checked = 0
    for entity in doc["@graph"]:
        if "sha256" in entity and entity["@id"] != "README.md":
            assert entity["sha256"] == crate.sha256_of(crate_root / entity["@id"]), entity["@id"]
            checked += 1
    assert checked > 0
    cache = seeded_http_cache(tmp_path / "cache")
    assert validate(crate_root, "workflow-run-crate-0.5", "REQUIRED", cache) == []

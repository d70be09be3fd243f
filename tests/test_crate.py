"""The run's Workflow Run RO-Crate, built on a small fake results tree, validated offline.

The validator (roc-validator) resolves the crate's JSON-LD context over HTTP through a
requests-cache SQLite cache; the tests pre-seed that cache with the RO-Crate 1.1 context shipped in
tests/data and run it offline, so nothing leaves the machine.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest
import requests
import urllib3
import yaml
from requests.adapters import HTTPAdapter

from spinbridge import __version__, crate, runlog, store
from tests.conftest import REPO

DATA = Path(__file__).parent / "data"
CONTEXT_URL = "https://w3id.org/ro/crate/1.1/context"
# RECOMMENDED checks the crate cannot meet: the instruments of the run and of each job are the
# workflow's own files inside the crate (relative ids, as Workflow RO-Crate requires), not
# applications with an absolute URI and a url.
pytestmark = pytest.mark.filterwarnings(
    # rdflib's JSON-LD parser (inside the validator) still builds a ConjunctiveGraph
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)
UNACHIEVABLE = {"process-run-crate-0.5_5.1", "process-run-crate-0.5_3.2"}

SUMMARY = "\n".join(
    "\t".join(row)
    for row in [
        ("output_file", "date", "rule", "log-file(s)", "input-file(s)", "shellcmd", "status"),
        (
            "results/cells/K-3He.nc",
            "Mon Nov 30 03:06:27 2026",
            "cells_parameters",
            "results/logs/cells/parameters_K-3He.log",
            "src/spinbridge/cells.py,src/spinbridge/store.py",
            "-",
            "ok",
        ),
        (
            "results/tables/claims.csv",
            "Mon Nov 30 03:07:40 2026",
            "claims_scorecard",
            "results/logs/claims/scorecard.log",
            "results/cells/K-3He.nc,scripts/claims_scorecard.py",
            "-",
            "ok",
        ),
        (
            "results/figures/katz2022/fig2.png",
            "Mon Nov 30 03:07:45 2026",
            "figures_katz2022",
            "results/logs/figures/katz2022.log",
            "results/cells/K-3He.nc,notebooks/katz2022.ipynb",
            "-",
            "ok",
        ),
        ("results/cells/missing.nc", "-", "cells_parameters", "-", "-", "-", "missing"),
    ]
)

LOG = """Building DAG of jobs...
SNAKEMAKE
  Date: 2026-11-30 03:04:59
  Snakemake version: 9.27.1
  Command: .venv/bin/snakemake --profile workflow/profiles/default
  Config file(s): ['config.yaml']
[Mon Nov 30 03:07:53 2026]
Finished jobid: 0 (Rule: all)
74 of 74 steps (100%) done
"""

CLAIMS = """id,paper,location,quantity,paper_value,reproduced,rel_dev,tolerance,status,units,note
katz2022-J,katz2022,Sec. VII.A,J,1000,1020.8,0.02,0.05,reproduced,s-1,
katz2022-B,katz2022,Sec. VII.A,B,94,85.6,-0.09,0.05,deviates,mG,inputs quoted to 1 digit
masson2021-exp,masson2021,Fig. 3,exponent,2,2.01,0.005,0.05,reproduced,1,
"""

# the smallest valid PNG: 1 x 1 pixel, RGBA
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a7d3a05b0000000049454e44ae426082"
)


def fake_results(root: Path) -> Path:
    """A results/ tree with one file of each kind the crate describes."""
    results = root / "results"
    files = {
        "cells/K-3He.nc": b"CDF\x01 not a real NetCDF file",
        "tables/claims.csv": CLAIMS.encode(),
        "figures/katz2022/fig2.png": PNG,
        "figures/katz2022/fig2.pdf": b"%PDF-1.4\n%%EOF\n",
        "notebooks/katz2022.ipynb": b'{"cells": [], "nbformat": 4, "nbformat_minor": 5}',
        "logs/cells/parameters_K-3He.log": b"done\n",
        "benchmarks/cells/parameters_K-3He.tsv": b"s\n0.1\n",
        ".gitkeep": b"",
    }
    for rel, content in files.items():
        (results / rel).parent.mkdir(parents=True, exist_ok=True)
        (results / rel).write_bytes(content)
    return results


def build(results: Path, agent: str | None = "A. Tester") -> crate.ROCrate:
    log = runlog.parse_snakemake_log(LOG)
    tz = dt.UTC
    run = crate.RunInfo(
        start=log.start.replace(tzinfo=tz),
        end=log.end.replace(tzinfo=tz),
        spinbridge_version=__version__,
        git_commit="0123456789abcdef0123456789abcdef01234567",
        config_sha256=store.config_sha256({"a": 1}),
        snakemake_version=log.snakemake_version,
        command=log.command,
        agent=agent,
    )
    jobs = runlog.parse_detailed_summary(SUMMARY)
    code = sorted({x for j in jobs.values() for x in j.inputs if not x.startswith("results/")})
    files = ["Snakefile", "config.yaml", "workflow/rules/cells.smk", "envs/spinbridge.yaml"]
    return crate.build_crate(
        results,
        REPO,
        workflow_files=files + code,
        config_files=["config.yaml"],
        outputs=crate.output_records(results),
        jobs=jobs,
        rule_files={"cells_parameters": "workflow/rules/cells.smk"},
        run=run,
        papers=crate.papers_from_citation(
            yaml.safe_load((REPO / "CITATION.cff").read_text()), store.PAPERS
        ),
        described={"tables/claims.csv": {"name": "Claims scorecard", "about": ["katz2022"]}},
        description="How to rerun: make reproduce && make archive",
        homepage="https://example.org/spinbridge",
    )


@pytest.fixture(scope="module")
def crate_dir(tmp_path_factory) -> Path:
    results = fake_results(tmp_path_factory.mktemp("run"))
    build(results).write(results)
    return results


def seeded_http_cache(path: Path) -> Path:
    """A requests-cache SQLite cache holding the RO-Crate 1.1 context (from tests/data)."""
    from requests_cache import CachedSession

    body = (DATA / "ro-crate-1.1-context.jsonld").read_bytes()
    raw = urllib3.HTTPResponse(
        body=io.BytesIO(body),
        headers={"Content-Type": "application/ld+json"},
        status=200,
        preload_content=False,
        request_url=CONTEXT_URL,
    )
    response = HTTPAdapter().build_response(requests.Request("GET", CONTEXT_URL).prepare(), raw)
    assert response.content == body
    session = CachedSession(cache_name=str(path), backend="sqlite", expire_after=-1)
    session.cache.save_response(response)
    session.close()
    return path


@pytest.fixture(scope="session")
def http_cache(tmp_path_factory) -> Path:
    return seeded_http_cache(tmp_path_factory.mktemp("http") / "cache")


def validate(crate_root: Path, profile: str, severity: str, cache: Path) -> list[tuple[str, str]]:
    """(check id, message) of every validator finding at ``severity`` or above, offline."""
    from rocrate_validator import models, services

    settings = models.ValidationSettings(
        rocrate_uri=str(crate_root),
        profile_identifier=profile,
        requirement_severity=severity,
        offline=True,
        cache_path=str(cache),
    )
    result = services.validate(settings)
    findings = [(i.check.identifier, i.message) for i in result.get_issues()]
    assert result.passed() == (not findings), findings
    return findings


@pytest.mark.parametrize("profile", ["ro-crate-1.1", "workflow-run-crate-0.5"])
def test_crate_meets_the_required_level(crate_dir, http_cache, profile):
    assert validate(crate_dir, profile, "REQUIRED", http_cache) == []


def test_crate_meets_the_recommended_level_where_achievable(crate_dir, http_cache):
    findings = validate(crate_dir, "workflow-run-crate-0.5", "RECOMMENDED", http_cache)
    assert {check for check, _ in findings} <= UNACHIEVABLE, findings


def _graph(crate_dir: Path) -> dict[str, dict]:
    doc = json.loads((crate_dir / "ro-crate-metadata.json").read_text())
    assert doc["@context"][0] == CONTEXT_URL
    return {e["@id"]: e for e in doc["@graph"]}


def test_checksums_and_sizes_match_the_files(crate_dir):
    files = {k: e for k, e in _graph(crate_dir).items() if "sha256" in e}
    assert "figures/katz2022/fig2.png" in files and "pipeline/Snakefile" in files
    for rel, entity in files.items():
        path = crate_dir / rel
        assert entity["sha256"] == crate.sha256_of(path), rel
        assert entity["contentSize"] == path.stat().st_size, rel


def test_outputs_name_their_rule_inputs_and_papers(crate_dir):
    g = _graph(crate_dir)
    assert ".gitkeep" not in g
    assert g["cells/K-3He.nc"]["encodingFormat"] == "application/x-netcdf"
    assert (
        "rule cells_parameters (pipeline/workflow/rules/cells.smk)"
        in (g["cells/K-3He.nc"]["description"])
    )
    jobs = [e for e in g.values() if e["@id"].startswith("#job-")]
    cells = next(j for j in jobs if j["name"] == "rule cells_parameters")
    assert cells["instrument"] == {"@id": "pipeline/workflow/rules/cells.smk"}
    assert {"@id": "pipeline/src/spinbridge/cells.py"} in cells["object"]
    run = g["#run"]
    assert run["instrument"] == {"@id": "pipeline/Snakefile"}
    assert run["object"] == {"@id": "pipeline/config.yaml"}
    assert run["startTime"].startswith("2026-11-30T03:04:59")
    assert {"@id": "tables/claims.csv"} in run["result"]
    cited = {c["@id"] for c in g["./"]["citation"]}
    dois = {f"https://doi.org/{d}" for d in store.PAPERS.values() if d.startswith("10.")}
    assert dois | {"#paper-masson2021"} == cited
    assert g["tables/claims.csv"]["about"] == {"@id": "https://doi.org/10.1103/PRXQuantum.3.010305"}
    values = {g[v["@id"]]["name"]: g[v["@id"]]["value"] for v in run["identifier"]}
    assert values["spinbridge_version"] == __version__
    assert values["config_sha256"] == store.config_sha256({"a": 1})


def test_summary_and_log_parsers():
    jobs = runlog.parse_detailed_summary(SUMMARY)
    assert "results/cells/missing.nc" not in jobs  # a declared output that is not there
    assert jobs["results/cells/K-3He.nc"].logs == ("results/logs/cells/parameters_K-3He.log",)
    assert runlog.parse_snakemake_log(LOG.replace("(100%) done", "(50%) done")) is None
    log = runlog.parse_snakemake_log(LOG)
    assert (log.end - log.start).total_seconds() == 174
    assert log.config_files == ()
    smoke = LOG.replace("default\n", "default --configfile config/smoke.yaml --cores 2\n")
    assert runlog.parse_snakemake_log(smoke).config_files == ("config/smoke.yaml",)
    rules = runlog.rules_by_file(
        {p.relative_to(REPO).as_posix(): p.read_text() for p in REPO.glob("workflow/rules/*.smk")}
    )
    assert rules["figures_katz2022"] == "workflow/rules/figures.smk"
    figures = runlog.report_figures((REPO / "workflow/rules/figures.smk").read_text())
    assert {f.rule for f in figures} == {
        "figures_katz2022",
        "figures_masson2021",
        "figures_jiang2025",
        "figures_sundar2023",
    }


def test_bad_arguments_name_the_argument(tmp_path):
    with pytest.raises(ValueError, match="results_dir"):
        crate.output_records(tmp_path / "nope")
    with pytest.raises(ValueError, match="text"):
        runlog.parse_detailed_summary("no table here")
    with pytest.raises(ValueError, match="path"):
        crate.file_record(REPO / "Snakefile", tmp_path)
    with pytest.raises(ValueError, match="keys"):
        crate.papers_from_citation({"references": []}, "not a mapping")
    with pytest.raises(ValueError, match="sources"):
        runlog.rules_by_file({"a.smk": "rule x:\n", "b.smk": "rule x:\n"})
    results = fake_results(tmp_path)
    good = build(results)
    assert good is not None
    with pytest.raises(ValueError, match="repo_dir"):
        crate.build_crate(
            results,
            tmp_path,
            workflow_files=[],
            config_files=[],
            outputs=[],
            jobs={},
            rule_files={},
            run=None,
            papers=[],
        )


def test_citation_file_validates_against_cff_1_2_0():
    schema = json.loads((DATA / "cff-1.2.0.schema.json").read_text())
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text())
    errors = [
        f"{e.json_path}: {e.message}"
        for e in jsonschema.Draft7Validator(
            schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
        ).iter_errors(cff)
    ]
    assert not errors, errors

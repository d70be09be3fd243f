"""Write results/ro-crate-metadata.json (Workflow Run RO-Crate) of the last complete run.

Run after `make reproduce` (`make crate` does): reads `snakemake --detailed-summary` (which rule
made each file from which inputs), the newest complete `.snakemake/log/*.snakemake.log` (start,
end, command, config files; file times when there is none), CITATION.cff (the papers) and the
files under results/, then writes the crate and its `pipeline/` copy of the workflow there.

    .venv/bin/python scripts/release/write_crate.py [--summary FILE] [--agent NAME]
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import yaml

from spinbridge import __version__, claims, crate, runlog, store
from spinbridge.archive import rerun_instructions

REPO = Path(__file__).resolve().parents[2]
WORKFLOW_GLOBS = (
    "Snakefile",
    "config.yaml",
    "pyproject.toml",
    "Makefile",
    "CITATION.cff",
    "README.md",
    "envs/*.yaml",
    "requirements/constraints.txt",
    "workflow/rules/*.smk",
    "workflow/schemas/*.yaml",
    "workflow/report/*.rst",
    "workflow/claims/*.yaml",
    "workflow/profiles/*/config.yaml",
)


def git_commit(repo: Path) -> str:
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
            env={"GIT_OPTIONAL_LOCKS": "0", "PATH": "/usr/bin:/bin"},
        ).stdout.strip()
        return sha + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _relative(path: str) -> str:
    p = Path(path)
    return p.resolve().relative_to(REPO).as_posix() if p.is_absolute() else p.as_posix()


def _merge(base: dict, update: dict) -> dict:
    out = dict(base)
    for key, value in update.items():
        both = isinstance(value, dict) and isinstance(out.get(key), dict)
        out[key] = _merge(out[key], value) if both else value
    return out


def _git_user(repo: Path) -> str | None:
    proc = subprocess.run(["git", "config", "user.name"], cwd=repo, capture_output=True, text=True)
    return proc.stdout.strip() or None


def last_run(repo: Path) -> runlog.RunLog | None:
    for log in sorted((repo / ".snakemake" / "log").glob("*.snakemake.log"), reverse=True):
        parsed = runlog.parse_snakemake_log(log.read_text(errors="replace"))
        if parsed is not None:
            return parsed
    return None


def detailed_summary(repo: Path, config_files: list[str]) -> str:
    snakemake = Path(sys.executable).with_name("snakemake")
    args = [str(snakemake), "--detailed-summary", "--cores", "1"]
    if config_files:
        args += ["--configfile", *config_files]
    proc = subprocess.run(args, cwd=repo, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args[1:])} failed (the crate needs it):\n{proc.stderr}")
    return proc.stdout


def workflow_files(repo: Path, config_files: list[str], jobs: dict) -> list[str]:
    files = {p.relative_to(repo).as_posix() for g in WORKFLOW_GLOBS for p in repo.glob(g)}
    files |= set(config_files)
    for rec in jobs.values():  # the code each job read: scripts, notebooks, library modules
        files |= {x for x in rec.inputs if not x.startswith("results/") and (repo / x).is_file()}
    return sorted(files)


def main(argv: list[str] | None = None) -> Path:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", type=Path, default=REPO / "results")
    ap.add_argument("--summary", type=Path, help="saved `snakemake --detailed-summary` output")
    ap.add_argument("--agent", help="who ran the workflow (default: git config user.name)")
    args = ap.parse_args(argv)
    results = args.results.resolve()

    log = last_run(REPO)
    overrides = [_relative(c) for c in (log.config_files if log else ())]
    config_files = ["config.yaml", *(c for c in overrides if c != "config.yaml")]
    text = args.summary.read_text() if args.summary else detailed_summary(REPO, overrides)
    jobs = runlog.parse_detailed_summary(text)
    outputs = crate.output_records(results)
    tz = dt.datetime.now().astimezone().tzinfo
    if log is not None:
        start, end = log.start.replace(tzinfo=tz), log.end.replace(tzinfo=tz)
    else:  # no Snakemake log (e.g. results copied from elsewhere): the outputs' file times
        times = [(results / o.path).stat().st_mtime for o in outputs]
        start, end = (dt.datetime.fromtimestamp(t, tz) for t in (min(times), max(times)))
    config: dict = {}
    for c in config_files:  # --configfile overrides the Snakefile's configfile, key by key
        config = _merge(config, yaml.safe_load((REPO / c).read_text()) or {})
    commit = git_commit(REPO)
    run = crate.RunInfo(
        start=start,
        end=end,
        spinbridge_version=__version__,
        git_commit=commit,
        config_sha256=store.config_sha256(config),
        snakemake_version=log.snakemake_version if log else "",
        command=log.command if log else "",
        agent=args.agent or _git_user(REPO),
    )
    rule_sources = {
        p.relative_to(REPO).as_posix(): p.read_text()
        for p in sorted((REPO / "workflow" / "rules").glob("*.smk"))
    }
    described: dict = {}
    claims_csv = results / "tables" / "claims.csv"
    if claims_csv.is_file():
        table = pd.read_csv(claims_csv)
        described["tables/claims.csv"] = {
            "name": "Claims scorecard",
            "description": "Every quantitative claim of the papers: paper value, reproduced "
            "value, relative deviation, tolerance and its reason, status (reproduced / deviates) "
            f"and a note on each known deviation. {claims.summary_line(table)}",
            "about": sorted(set(table["paper"])),
        }
    if (results / "report" / "index.html").is_file():
        described["report/index.html"] = {
            "name": "Report: scorecard and figures",
            "description": "Open first: the claims scorecard per paper, then every figure "
            "with its caption and paper reference.",
        }
    homepage = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["urls"]["Homepage"]
    summary = claims.summary_line(pd.read_csv(claims_csv)) if claims_csv.is_file() else ""
    ro = crate.build_crate(
        results,
        REPO,
        workflow_files=workflow_files(REPO, config_files, jobs),
        config_files=config_files,
        outputs=outputs,
        jobs=jobs,
        rule_files=runlog.rules_by_file(rule_sources),
        run=run,
        papers=crate.papers_from_citation(
            yaml.safe_load((REPO / "CITATION.cff").read_text()), store.PAPERS
        ),
        described=described,
        description=rerun_instructions(__version__, commit, homepage, summary),
        homepage=homepage,
    )
    ro.write(results)
    stale = sorted(k for k, v in jobs.items() if v.status not in ("ok", ""))
    if stale:
        print(f"note: Snakemake reports {len(stale)} output(s) not up to date, e.g. {stale[:3]}")
    out = results / "ro-crate-metadata.json"
    print(f"crate: {len(outputs)} files, {len(jobs)} rule outputs -> {out}")
    return out


if __name__ == "__main__":
    main()

"""Zip the run: dist/spinbridge-results-<version>-<short sha>.zip (`make archive`).

Holds README.txt (what it is, how to rerun it), CITATION.cff and results/ with the crate
(ro-crate-metadata.json, written by write_crate.py) and the report (write_report.py); run those
first (`make archive` does).

    .venv/bin/python scripts/release/make_archive.py [--out-dir dist]
"""

from __future__ import annotations

import argparse
import json
import tomllib
from pathlib import Path

import pandas as pd

from spinbridge import __version__, archive, claims

REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> Path:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", type=Path, default=REPO / "results")
    ap.add_argument("--out-dir", type=Path, default=REPO / "dist")
    args = ap.parse_args(argv)
    results = args.results.resolve()
    meta = results / "ro-crate-metadata.json"
    if not meta.is_file():
        raise SystemExit(f"{meta} is missing: run `make crate` (or `make archive`) first")
    graph = json.loads(meta.read_text())["@graph"]
    commit = next(e["value"] for e in graph if e["@id"] == "#run-git_commit")
    homepage = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["urls"]["Homepage"]
    scorecard = results / "tables" / "claims.csv"
    if not scorecard.exists():
        raise SystemExit(f"{scorecard} does not exist: run `make reproduce` before `make archive`")
    summary = claims.summary_line(pd.read_csv(scorecard))
    members = {
        f"results/{p.relative_to(results).as_posix()}": p
        for p in sorted(results.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }
    members["CITATION.cff"] = REPO / "CITATION.cff"
    args.out_dir.mkdir(parents=True, exist_ok=True)
    out = args.out_dir / f"{archive.archive_name(__version__, commit)}.zip"
    archive.write_archive(
        out, members, archive.rerun_instructions(__version__, commit, homepage, summary)
    )
    print(f"archive: {len(members) + 1} files, {out.stat().st_size / 2**20:.1f} MiB -> {out}")
    return out


if __name__ == "__main__":
    main()

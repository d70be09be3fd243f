"""The claims scorecard: every quantitative claim of the papers, paper value vs reproduced value.

The registry is a set of YAML files (``workflow/claims/<stage>.yaml``), each a list of entries::

    - id: katz2022-J                 # unique across the registry
      paper: katz2022                # a key of spinbridge.store.PAPERS
      location: "Sec. VII.A"
      quantity: "collective exchange rate J of the K-3He cell"
      paper_value: 1000              # the paper's number: typed here and nowhere else
      units: "s-1"
      relation: "=="                 # "==" within tolerance, ">" / "<" for a bound the paper states
      tolerance: 0.05
      tolerance_kind: relative       # or absolute
      tolerance_reason: "inputs quoted to 1-2 significant figures"
      file: results/cells/K-3He.nc   # NetCDF written by a rule
      variable: J                    # 0-d, or made 0-d by `select`
      select: {}                     # optional {coord: value}
      note: "..."                    # optional: why a known deviation happens

:func:`evaluate` reads each reproduced value and sets ``status``: ``reproduced``, ``deviates`` (with
the computed value, never adjusted) or ``pending`` (the file is not produced by this run).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

__all__ = ["COLUMNS", "ClaimsError", "evaluate", "load_registry", "summary_line"]

COLUMNS = [
    "id",
    "paper",
    "location",
    "quantity",
    "paper_value",
    "reproduced",
    "rel_dev",
    "tolerance",
    "status",
]
"""Columns of results/tables/claims.csv that other stages and users rely on (then extras)."""

EXTRA_COLUMNS = [
    "units",
    "relation",
    "tolerance_kind",
    "tolerance_reason",
    "file",
    "variable",
    "note",
]

_REQUIRED = (
    "id",
    "paper",
    "location",
    "quantity",
    "paper_value",
    "units",
    "tolerance_reason",
    "file",
    "variable",
)
_OPTIONAL = {
    "relation": "==",
    "tolerance": 0.0,
    "tolerance_kind": "relative",
    "select": None,
    "note": "",
}


class ClaimsError(ValueError):
    """A registry file or entry is malformed; the message names the file and the entry."""


def load_registry(paths: Iterable[str | os.PathLike]) -> list[dict[str, Any]]:
    """Read and check registry files; return the entries in file order with defaults filled."""
    entries: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        try:
            with open(path) as fh:
                data = yaml.safe_load(fh) or []
        except yaml.YAMLError as exc:
            raise ClaimsError(f"{path}: not valid YAML ({exc})") from None
        if not isinstance(data, list):
            raise ClaimsError(f"{path}: must be a YAML list of claims, got {type(data).__name__}")
        for i, raw in enumerate(data):
            where = f"{path}: entry {i + 1}" + (
                f" ({raw.get('id')})" if isinstance(raw, dict) and raw.get("id") else ""
            )
            if not isinstance(raw, dict):
                raise ClaimsError(f"{where}: must be a mapping")
            missing = [k for k in _REQUIRED if k not in raw]
            if missing:
                raise ClaimsError(f"{where}: missing keys {missing}")
            unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
            if unknown:
                raise ClaimsError(f"{where}: unknown keys {unknown}")
            entry = {**_OPTIONAL, **raw}
            if entry["relation"] not in ("==", ">", "<"):
                raise ClaimsError(f"{where}: relation must be '==', '>' or '<'")
            if entry["tolerance_kind"] not in ("relative", "absolute"):
                raise ClaimsError(f"{where}: tolerance_kind must be 'relative' or 'absolute'")
            if entry["relation"] == "==" and not float(entry["tolerance"]) > 0:
                raise ClaimsError(f"{where}: relation '==' needs a tolerance > 0")
            if not isinstance(entry["paper_value"], (int, float)):
                raise ClaimsError(f"{where}: paper_value must be a number")
            if entry["id"] in seen:
                raise ClaimsError(
                    f"{where}: id {entry['id']!r} already used in {seen[entry['id']]}"
                )
            seen[entry["id"]] = str(path)
            entries.append(entry)
    return entries


def _reproduced_value(entry: Mapping[str, Any], root: Path) -> tuple[float | None, str]:
    from spinbridge import store

    path = root / entry["file"]
    if not path.exists():
        return None, f"{entry['file']} not produced in this run"
    ds = store.read(path)
    if entry["variable"] not in ds:
        return None, f"{entry['variable']!r} not in {entry['file']}"
    da = ds[entry["variable"]]
    if entry.get("select"):
        try:
            da = da.sel(**entry["select"])
        except KeyError:  # e.g. the smoke config computes fewer efficiencies than the paper's
            return None, f"{entry['select']} not computed in {entry['file']} by this config"
    if da.size != 1:
        raise ClaimsError(
            f"claim {entry['id']}: {entry['file']}:{entry['variable']} with select "
            f"{entry.get('select')} has {da.size} values, need exactly one"
        )
    return float(da.values.reshape(-1)[0]), ""


def evaluate(entries: Iterable[Mapping[str, Any]], root: str | os.PathLike = ".") -> pd.DataFrame:
    """Compare each claim with the value its NetCDF file holds.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS` followed by units, relation, tolerance details, source and notes.
        ``rel_dev`` = (reproduced - paper) / |paper| (signed; NaN when pending).
    """
    root = Path(root)
    rows = []
    for raw in entries:
        e = {**_OPTIONAL, **raw}
        value, why = _reproduced_value(e, root)
        paper = float(e["paper_value"])
        note = e.get("note") or ""
        if value is None:
            status, rel = "pending", math.nan
            note = why if not note else f"{why}; {note}"
        else:
            rel = (value - paper) / abs(paper) if paper != 0 else math.nan
            if not math.isfinite(value):
                ok = False
            elif e["relation"] == ">":
                ok = value > paper
            elif e["relation"] == "<":
                ok = value < paper
            else:
                dev = abs(value - paper) / (
                    abs(paper) if e["tolerance_kind"] == "relative" else 1.0
                )
                ok = dev <= float(e["tolerance"])
            status = "reproduced" if ok else "deviates"
        rows.append(
            {
                "id": e["id"],
                "paper": e["paper"],
                "location": e["location"],
                "quantity": e["quantity"],
                "paper_value": paper,
                "reproduced": value if value is not None else math.nan,
                "rel_dev": rel,
                "tolerance": float(e["tolerance"]) if e["relation"] == "==" else math.nan,
                "status": status,
                "units": e["units"],
                "relation": e["relation"],
                "tolerance_kind": e["tolerance_kind"],
                "tolerance_reason": e["tolerance_reason"],
                "file": e["file"],
                "variable": e["variable"],
                "note": note,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS + EXTRA_COLUMNS)


def summary_line(table: pd.DataFrame, path: str | os.PathLike = "results/tables/claims.csv") -> str:
    """One line for the end of ``make reproduce``: counts per status and where the table is."""
    counts = table["status"].value_counts()
    parts = [f"{int(counts.get(s, 0))} {s}" for s in ("reproduced", "deviates", "pending")]
    return f"claims: {', '.join(parts)} (of {len(table)}) -> {path}"

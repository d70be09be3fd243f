"""The claims scorecard: every quantitative claim of the papers, paper value vs reproduced value.

The registry is a set of YAML files (``workflow/claims/<stage>.yaml``), each a list of entries::

    - id: katz2022-J                 # unique across the registry
      paper: katz2022                # a key of spinbridge.store.PAPERS
      location: "Sec. VII.A"
      quantity: "collective exchange rate J of the {alkali}-{noble} cell"
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

Every entry is checked against :data:`REGISTRY_SCHEMA` (a JSON schema). ``quantity`` may hold
``{name}`` or ``{name:fmt}`` fields, filled from the claim's file: first the 0-d variables and
coordinates of the selected data, then the file's attrs. Texts therefore follow the config that
made the data instead of repeating its values.

:func:`evaluate` reads each reproduced value and sets ``status``: ``reproduced`` or ``deviates``
(with the computed value, never adjusted). A claim that cannot be evaluated (its file is not made by
any stage, lacks the variable or the selected coordinate, or a text field is unknown) is an error
that names the claim, never a silent row.
"""

from __future__ import annotations

import math
import os
import string
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import yaml

__all__ = [
    "COLUMNS",
    "REGISTRY_SCHEMA",
    "STATUSES",
    "ClaimsError",
    "check_sources",
    "evaluate",
    "load_registry",
    "render_quantity",
    "summary_line",
]

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

STATUSES = ("reproduced", "deviates")
"""The statuses of a scorecard row."""

_NONEMPTY = {"type": "string", "minLength": 1}
REGISTRY_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "one claim of the scorecard registry",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id",
        "paper",
        "location",
        "quantity",
        "paper_value",
        "units",
        "tolerance_reason",
        "file",
        "variable",
    ],
    "properties": {
        "id": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.+-]*$"},
        "paper": {"enum": ["katz2022", "jiang2025", "sundar2023", "masson2021"]},
        "location": _NONEMPTY,
        "quantity": _NONEMPTY,
        "paper_value": {"type": "number"},
        "units": {"type": "string"},
        "relation": {"enum": ["==", ">", "<"]},
        "tolerance": {"type": "number", "minimum": 0},
        "tolerance_kind": {"enum": ["relative", "absolute"]},
        "tolerance_reason": _NONEMPTY,
        "file": {"type": "string", "pattern": "^results/.+[.]nc$"},
        "variable": _NONEMPTY,
        "select": {
            "type": ["object", "null"],
            "additionalProperties": {"type": ["string", "number", "integer"]},
        },
        "note": {"type": "string"},
    },
}
"""JSON schema of one registry entry (draft 2020-12)."""

_OPTIONAL = {
    "relation": "==",
    "tolerance": 0.0,
    "tolerance_kind": "relative",
    "select": None,
    "note": "",
}


class ClaimsError(ValueError):
    """A registry entry is malformed or cannot be evaluated; the message names the claim."""


def _schema_problem(error: jsonschema.ValidationError) -> str:
    key = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "required":
        return f"missing keys {sorted(set(error.validator_value) - set(error.instance))}"
    if error.validator == "additionalProperties" and not key:
        allowed = set(REGISTRY_SCHEMA["properties"])
        return f"unknown keys {sorted(set(error.instance) - allowed)}"
    return f"{key or 'entry'} = {error.instance!r}: {error.message}"


def _check_fields(where: str, text: str) -> None:
    try:
        list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ClaimsError(
            f"{where}: quantity {text!r} is not a valid text template ({exc})"
        ) from None


def load_registry(paths: Iterable[str | os.PathLike]) -> list[dict[str, Any]]:
    """Read and check registry files; return the entries in file order with defaults filled.

    Parameters
    ----------
    paths : iterable of path-like
        YAML files, each a list of entries (see the module docstring).

    Raises
    ------
    ClaimsError
        On invalid YAML, an entry that breaks :data:`REGISTRY_SCHEMA`, a ``==`` claim without a
        positive tolerance, or a duplicate id; the message names the file, the entry and the key.
    """
    validator = jsonschema.Draft202012Validator(REGISTRY_SCHEMA)
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
            errors = sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
            if errors:
                raise ClaimsError(f"{where}: " + "; ".join(_schema_problem(e) for e in errors))
            entry = {**_OPTIONAL, **raw}
            if entry["relation"] == "==" and not float(entry["tolerance"]) > 0:
                raise ClaimsError(f"{where}: relation '==' needs a tolerance > 0")
            _check_fields(where, entry["quantity"])
            if entry["id"] in seen:
                raise ClaimsError(
                    f"{where}: id {entry['id']!r} already used in {seen[entry['id']]}"
                )
            seen[entry["id"]] = str(path)
            entries.append(entry)
    return entries


def check_sources(entries: Iterable[Mapping[str, Any]], produced: Collection[str]) -> None:
    """Raise if a claim cites a file that no stage of the workflow produces.

    Parameters
    ----------
    entries : iterable of mapping
        Registry entries (:func:`load_registry`).
    produced : collection of str
        Normalised paths of every stage's targets.
    """
    orphans = [
        f"{e['id']} ({e['file']})" for e in entries if os.path.normpath(e["file"]) not in produced
    ]
    if orphans:
        raise ClaimsError(
            "claims cite files that no registered stage produces (register the stage's targets "
            f"with register_stage, or fix the claim's `file`): {', '.join(orphans)}"
        )


def render_quantity(entry: Mapping[str, Any], fields: Mapping[str, Any]) -> str:
    """Fill the ``{name}`` fields of a claim's ``quantity`` from the values of its file."""
    try:
        return string.Formatter().vformat(entry["quantity"], (), dict(fields))
    except (KeyError, IndexError) as exc:
        raise ClaimsError(
            f"claim {entry['id']}: quantity field {exc} is neither a 0-d variable of the selected "
            f"data nor an attribute of {entry['file']}"
        ) from None
    except ValueError as exc:
        raise ClaimsError(f"claim {entry['id']}: cannot format quantity ({exc})") from None


def _fields(selected, ds) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in selected.coords:
        if selected[name].ndim == 0:
            out[str(name)] = selected[name].values.item()
    for name in ds.data_vars:
        sel = {k: v.values.item() for k, v in selected.coords.items() if k in ds[name].dims}
        sub = ds[name].sel(**sel)
        if sub.ndim == 0:
            out.setdefault(str(name), sub.values.item())
    for key, value in ds.attrs.items():
        out.setdefault(str(key), value)
    return out


def _reproduced_value(entry: Mapping[str, Any], root: Path) -> tuple[float, str]:
    """The claim's value and its rendered quantity text."""
    from spinbridge import store

    path = root / entry["file"]
    if not path.exists():
        raise ClaimsError(f"claim {entry['id']}: {entry['file']} does not exist")
    # a claim of paper X compares with a file that reproduces paper X
    ds = store.read(path, expect={"paper": store.PAPERS[entry["paper"]]})
    if entry["variable"] not in ds:
        raise ClaimsError(
            f"claim {entry['id']}: variable {entry['variable']!r} is not in {entry['file']} "
            f"(it has {sorted(map(str, ds.data_vars))})"
        )
    da = ds[entry["variable"]]
    select = dict(entry.get("select") or {})
    bad_dims = sorted(set(select) - set(da.dims))
    if bad_dims:
        raise ClaimsError(
            f"claim {entry['id']}: select {bad_dims} are not dimensions of "
            f"{entry['file']}:{entry['variable']} (dims {list(da.dims)})"
        )
    for dim, value in select.items():
        if value not in da[dim].values:
            raise ClaimsError(
                f"claim {entry['id']}: {dim} = {value!r} is not computed in {entry['file']} "
                f"({dim} has {da[dim].values.tolist()}); change the claim's `select` or the config"
            )
    da = da.sel(**select) if select else da
    if da.size != 1:
        raise ClaimsError(
            f"claim {entry['id']}: {entry['file']}:{entry['variable']} with select "
            f"{select} has {da.size} values, need exactly one"
        )
    return float(da.values.reshape(-1)[0]), render_quantity(entry, _fields(da, ds))


def evaluate(entries: Iterable[Mapping[str, Any]], root: str | os.PathLike = ".") -> pd.DataFrame:
    """Compare each claim with the value its NetCDF file holds.

    Parameters
    ----------
    entries : iterable of mapping
        Registry entries (:func:`load_registry`).
    root : path-like
        Folder the entries' ``file`` paths are relative to (the repository root).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS` followed by units, relation, tolerance details, source and notes.
        ``rel_dev`` = (reproduced - paper) / |paper| (signed; NaN for a paper value of 0);
        ``quantity`` with its fields filled from the file.

    Raises
    ------
    ClaimsError
        If a claim's file is missing, lacks the variable or the selected coordinate, the selection
        is not one number, the value is not finite, or a ``quantity`` field is unknown.
    """
    root = Path(root)
    rows = []
    for raw in entries:
        e = {**_OPTIONAL, **raw}
        value, quantity = _reproduced_value(e, root)
        paper = float(e["paper_value"])
        rel = (value - paper) / abs(paper) if paper != 0 else math.nan
        if not math.isfinite(value):
            raise ClaimsError(f"claim {e['id']}: reproduced value is {value} ({e['file']})")
        if e["relation"] == ">":
            ok = value > paper
        elif e["relation"] == "<":
            ok = value < paper
        else:
            dev = abs(value - paper) / (abs(paper) if e["tolerance_kind"] == "relative" else 1.0)
            ok = dev <= float(e["tolerance"])
        rows.append(
            {
                "id": e["id"],
                "paper": e["paper"],
                "location": e["location"],
                "quantity": quantity,
                "paper_value": paper,
                "reproduced": value,
                "rel_dev": rel,
                "tolerance": float(e["tolerance"]) if e["relation"] == "==" else math.nan,
                "status": "reproduced" if ok else "deviates",
                "units": e["units"],
                "relation": e["relation"],
                "tolerance_kind": e["tolerance_kind"],
                "tolerance_reason": e["tolerance_reason"],
                "file": e["file"],
                "variable": e["variable"],
                "note": e.get("note") or "",
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS + EXTRA_COLUMNS)


def summary_line(table: pd.DataFrame, path: str | os.PathLike = "results/tables/claims.csv") -> str:
    """One line for the end of ``make reproduce``: counts per status and where the table is."""
    counts = table["status"].value_counts()
    parts = [f"{int(counts.get(s, 0))} {s}" for s in STATUSES]
    return f"claims: {', '.join(parts)} (of {len(table)}) -> {path}"

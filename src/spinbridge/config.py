"""Validation of ``config.yaml`` against the JSON schema, with messages a physicist can act on.

Snakemake's own ``validate`` reports the first jsonschema error with the whole schema attached.
:func:`check_config` collects every error and names each by its dotted key path, the bad value and
the allowed range (from the schema's ``description``), e.g.::

    cells.K-3He.p_alkali = 1.5: must be <= 1 (electron-spin polarization of the alkali, 0 < p <= 1)
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

__all__ = ["ConfigError", "check_config", "format_errors", "load_schema"]


class ConfigError(ValueError):
    """The configuration breaks the schema; the message lists every offending key."""


def _resolve_refs(node: Any, base: Path) -> Any:
    """Inline relative-file ``$ref``s (one schema file per stage) so errors carry full paths."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            target = (base / ref).resolve()
            with open(target) as fh:
                sub = yaml.safe_load(fh)
            merged = {k: v for k, v in node.items() if k != "$ref"}
            merged.update(_resolve_refs(sub, target.parent))
            merged.pop("$schema", None)
            return merged
        return {k: _resolve_refs(v, base) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve_refs(v, base) for v in node]
    return node


def load_schema(path: str | os.PathLike) -> dict:
    """Load a YAML/JSON schema and inline its relative ``$ref`` files."""
    path = Path(path)
    with open(path) as fh:
        schema = yaml.safe_load(fh)
    return _resolve_refs(schema, path.parent)


def _key(path) -> str:
    return ".".join(str(p) for p in path) or "<top level>"


def _describe(schema: Mapping[str, Any]) -> str:
    desc = schema.get("description")
    return f" ({desc})" if desc else ""


def format_errors(config: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    """Return one readable line per schema violation in ``config`` (empty if valid)."""
    validator = Draft202012Validator(schema)
    lines = []
    for err in sorted(validator.iter_errors(config), key=lambda e: [str(p) for p in e.path]):
        where = _key(err.absolute_path)
        sub = err.schema if isinstance(err.schema, Mapping) else {}
        v = err.validator
        if v == "additionalProperties":
            allowed = sorted(sub.get("properties", {}))
            extra = sorted(set(err.instance) - set(allowed))
            for key in extra:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                lines.append(
                    f"{_key([*err.absolute_path, key])}: unknown key{hint} "
                    f"(allowed keys under {where}: {', '.join(allowed)})"
                )
            continue
        if v == "required":
            missing = err.message.split("'")[1] if "'" in err.message else err.message
            prop = sub.get("properties", {}).get(missing, {})
            lines.append(
                f"{_key([*err.absolute_path, missing])}: required key is missing{_describe(prop)}"
            )
            continue
        bound = {
            "minimum": f"must be >= {err.validator_value}",
            "maximum": f"must be <= {err.validator_value}",
            "exclusiveMinimum": f"must be > {err.validator_value}",
            "exclusiveMaximum": f"must be < {err.validator_value}",
            "type": f"must be of type {err.validator_value}",
            "enum": f"must be one of {err.validator_value}",
            "minItems": f"needs at least {err.validator_value} entries",
            "pattern": f"must match {err.validator_value!r}",
        }.get(v, err.message)
        lines.append(f"{where} = {err.instance!r}: {bound}{_describe(sub)}")
    return lines


def check_config(
    config: Mapping[str, Any], schema_path: str | os.PathLike, source: str = "config"
) -> None:
    """Raise :class:`ConfigError` listing every violation of the schema, before any job runs."""
    lines = format_errors(config, load_schema(schema_path))
    if lines:
        body = "\n  - ".join(lines)
        raise ConfigError(
            f"invalid {source} ({len(lines)} problem{'s' * (len(lines) > 1)}); "
            f"see {schema_path} for every key:\n  - {body}"
        )


def check_semantics(config: Mapping[str, Any]) -> None:
    """Cross-key checks the schema cannot express; raise :class:`ConfigError` naming the key.

    Every cell is run through :func:`spinbridge.cells.cell_parameters` (microseconds), so a cell
    whose keys are individually valid but inconsistent (e.g. both ``kappa0`` and
    ``sigma_v_phi_cm3_s``) fails here, before any job.
    """
    from spinbridge import cells

    problems = []
    for name, cell in config.get("cells", {}).items():
        try:
            cells.cell_parameters(**cell)
        except (TypeError, ValueError) as exc:
            problems.append(f"cells.{name}: {exc}")
    figure_cell = config.get("katz2022", {}).get("figure_cell")
    if figure_cell is not None and figure_cell not in config.get("cells", {}):
        problems.append(
            f"katz2022.figure_cell = {figure_cell!r}: not a cell; choose one of "
            f"{sorted(config.get('cells', {}))}"
        )
    if problems:
        raise ConfigError("invalid config:\n  - " + "\n  - ".join(problems))

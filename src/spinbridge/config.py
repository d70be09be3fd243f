"""Validation of ``config.yaml`` against the JSON schema, with messages a physicist can act on.

Snakemake's own ``validate`` reports the first jsonschema error with the whole schema attached.
:func:`check_config` collects every error and names each by its dotted key path, the bad value and
the allowed range (from the schema's ``description``), e.g.::

    cells.K-3He.p_alkali = 1.5: must be <= 1 (electron-spin polarization of the alkali, 0 < p <= 1)
"""

from __future__ import annotations

import copy
import difflib
import itertools
import math
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

__all__ = [
    "ConfigError",
    "check_config",
    "check_files",
    "format_errors",
    "load_schema",
    "load_yaml_strict",
    "non_finite_numbers",
]


class ConfigError(ValueError):
    """The configuration breaks the schema; the message lists every offending key."""


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that rejects a key given twice in a mapping (YAML keeps the last silently)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"key {key!r} is given twice (lines {seen[key]} and {line}); keep one",
                key_node.start_mark,
            )
        seen[key] = line
    loader.flatten_mapping(node)
    return dict(loader.construct_pairs(node, deep=deep))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_strict(path: str | os.PathLike) -> dict:
    """Read a config file; raise :class:`ConfigError` naming the file and line of any problem.

    Problems: the file is missing, empty, not YAML (with the line and column of the error), not a
    mapping at the top level, or gives a key twice in one mapping.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    if data is None:
        raise ConfigError(f"{path}: the config file is empty; it must be a mapping of keys")
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: the top level must be a mapping of keys (cells:, katz2022:, ...), "
            f"not a {type(data).__name__}"
        )
    return data


def check_files(paths: Iterable[str | os.PathLike]) -> None:
    """Check every config file the run reads with :func:`load_yaml_strict`, before any job."""
    for path in paths:
        load_yaml_strict(path)


def non_finite_numbers(node: Any, path: tuple = ()) -> list[str]:
    """Dotted keys (with their value) of every NaN or infinite number in a config tree."""
    if isinstance(node, Mapping):
        return [bad for k, v in node.items() for bad in non_finite_numbers(v, (*path, k))]
    if isinstance(node, list | tuple):
        return [bad for i, v in enumerate(node) for bad in non_finite_numbers(v, (*path, i))]
    if isinstance(node, float) and not math.isfinite(node):
        return [f"{_key(path)} = {node!r}: must be a finite number"]
    return []


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


def fill_defaults(config: dict, schema_path: str | os.PathLike) -> dict:
    """Fill, in place, every ``default`` of the schema that the config leaves out.

    The schema (with its per-stage ``$ref`` files inlined by :func:`load_schema`) is the only source
    of defaults. Snakemake's ``validate`` fills defaults only in the top-level file: a ``$ref``'d
    file declares its own ``$schema`` and is validated without default filling. Defaults are
    filled top-down: a missing object with a default gets it, then the defaults of its
    properties; every item of an array is filled from ``items``.
    """
    _fill(config, load_schema(schema_path))
    return config


def _fill(node: Any, schema: Mapping[str, Any]) -> None:
    if isinstance(node, dict):
        props = schema.get("properties", {})
        for key, sub in props.items():
            if key not in node and isinstance(sub, Mapping) and "default" in sub:
                node[key] = copy.deepcopy(sub["default"])
            if key in node and isinstance(sub, Mapping):
                _fill(node[key], sub)
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping):
            for key in set(node) - set(props):
                _fill(node[key], extra)
    elif isinstance(node, list) and isinstance(schema.get("items"), Mapping):
        for item in node:
            _fill(item, schema["items"])


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
    """Raise :class:`ConfigError` listing every violation of the schema, before any job runs.

    Non-finite numbers (``.nan``, ``.inf`` in YAML) are rejected everywhere: JSON schema bounds
    compare false with NaN and would let them through.
    """
    lines = non_finite_numbers(config) + format_errors(config, load_schema(schema_path))
    if lines:
        body = "\n  - ".join(lines)
        raise ConfigError(
            f"invalid {source} ({len(lines)} problem{'s' * (len(lines) > 1)}); "
            f"see {schema_path} for every key:\n  - {body}"
        )


_MAX_SEED = 2**63 - 1  # numpy's SeedSequence takes any int, but the stored attr is an int64


def _stochastic_problems(stoch: Mapping[str, Any]) -> list[str]:
    """Cross-key checks of katz2022.stochastic (panels and rates cases)."""
    problems = []
    runs = [(f"katz2022.stochastic.panels.{k}", v) for k, v in stoch.get("panels", {}).items()]
    rates = stoch.get("rates", {})
    runs += [(f"katz2022.stochastic.rates.cases.{k}", v) for k, v in rates.get("cases", {}).items()]
    for key, run in runs:
        if run["n_alkali"] > run["n_noble"]:
            problems.append(
                f"{key}.n_alkali = {run['n_alkali']} > n_noble = {run['n_noble']}: every alkali "
                "spin collides with a distinct noble-gas spin per step, so n_alkali <= n_noble"
            )
        for steps, every in (("n_steps", "record_every"), ("n_steps_noble", "record_every_noble")):
            if steps in run and every in run and run[every] > run[steps]:
                problems.append(
                    f"{key}.{every} = {run[every]} > {steps} = {run[steps]}: records are taken "
                    f"every {every} steps, so {every} <= {steps}"
                )
        if run.get("seed", 0) > _MAX_SEED:
            problems.append(f"{key}.seed = {run['seed']}: must be <= 2**63 - 1")
    if "seed" in rates and rates["seed"] + rates.get("n_seeds", 1) - 1 > _MAX_SEED:
        problems.append(
            f"katz2022.stochastic.rates.seed = {rates['seed']}: "
            "seed + n_seeds - 1 must be <= 2**63 - 1"
        )
    return problems


def _window_problems(key: str, window: Any, n_max: int) -> list[str]:
    lo, hi = window
    if not 1 <= lo < hi <= n_max:
        return [
            f"{key} = {list(window)}: need 1 <= N_min < N_max <= masson2021.qfi.n_atoms_max "
            f"= {n_max} (a fit window inside the computed sweep)"
        ]
    return []


def _counting_problems(masson: Mapping[str, Any]) -> list[str]:
    """Cross-key checks of masson2021 (spin lengths, fit windows, sweep chunks)."""
    problems = []
    pop = masson.get("populations", {})
    if pop and not pop["tail_spin_cut"] < pop["n_atoms"]:
        problems.append(
            f"masson2021.populations.tail_spin_cut = {pop['tail_spin_cut']}: must be < n_atoms "
            f"= {pop['n_atoms']} (the tail sums |c_S|^2 over S > cut, and S <= N)"
        )
    seq = masson.get("pulse_sequence", {})
    if seq:
        n, s = seq["n_atoms"], seq["spin_true"]
        if s > n or (n - s) % 2:
            problems.append(
                f"masson2021.pulse_sequence.spin_true = {s}: the spin length of N = {n} spin-1 "
                f"atoms in |m_F=0>^N has S <= N and S = N mod 2 (choose S in "
                f"{n % 2}, {n % 2 + 2}, ..., {n})"
            )
    qfi = masson.get("qfi", {})
    if qfi:
        n_max = qfi["n_atoms_max"]
        problems += _window_problems("masson2021.qfi.claim_window", qfi["claim_window"], n_max)
        for i, w in enumerate(qfi["fit_windows"]):
            problems += _window_problems(f"masson2021.qfi.fit_windows[{i}]", w, n_max)
        n_jobs = -(-n_max // qfi["chunk_size"]) * (1 + len(qfi["efficiencies"]))
        if n_jobs > MAX_SWEEP_JOBS:
            problems.append(
                f"masson2021.qfi.chunk_size = {qfi['chunk_size']}: {n_jobs} sweep jobs for "
                f"n_atoms_max = {n_max}; at most {MAX_SWEEP_JOBS} (raise chunk_size)"
            )
    return problems


MAX_SWEEP_JOBS = 2000
"""Most jobs one sweep may fan out into: beyond it, DAG building alone takes minutes."""


def _size_problems(config: Mapping[str, Any]) -> list[str]:
    """Jobs whose estimated time or memory exceeds the config's ``limits`` (see resources)."""
    from spinbridge import resources

    limits = config.get("limits")
    if not limits:
        return []
    guard = (limits["max_job_minutes"], limits["max_job_memory_mb"])
    problems = []
    stoch = config.get("katz2022", {}).get("stochastic", {})
    for name, run in stoch.get("panels", {}).items():
        cost = resources.stochastic_run_cost(
            run["n_alkali"], run["n_noble"], run["n_steps"], run["record_every"], run["initial"]
        )
        why = resources.over_limits(cost, *guard)
        if why:
            problems.append(f"katz2022.stochastic.panels.{name}: {why}")
    for name, case in stoch.get("rates", {}).get("cases", {}).items():
        why = resources.over_limits(resources.stochastic_case_cost(case), *guard)
        if why:
            problems.append(f"katz2022.stochastic.rates.cases.{name}: {why}")
    qfi = config.get("masson2021", {}).get("qfi")
    if qfi:
        n_max, size = qfi["n_atoms_max"], qfi["chunk_size"]
        lo = max(1, n_max - size + 1)  # the costliest chunk is the last one
        why = resources.over_limits(resources.average_qfi_chunk_cost(lo, n_max), *guard)
        if why:
            problems.append(f"masson2021.qfi.n_atoms_max = {n_max} (chunk_size = {size}): {why}")
    return problems


def _user_data_problems(config: Mapping[str, Any]) -> list[str]:
    """Every users' spectrum of ``jiang2025.user_data`` read and checked (paths from the cwd)."""
    entries = config.get("jiang2025", {}).get("user_data", [])
    if not entries:
        return []
    from spinbridge import spectra

    return spectra.user_data_problems(entries)


def _jiang_problems(config: Mapping[str, Any]) -> list[str]:
    """Cross-key checks of jiang2025: cells that exist, ordered ranges and field lists."""
    jiang = config.get("jiang2025")
    if not jiang:
        return []
    cells = sorted(config.get("cells", {}))
    strong = jiang["strong_coupling"]
    names = [("jiang2025.cell", jiang["cell"])]
    names += [(f"jiang2025.strong_coupling.cells[{i}]", c) for i, c in enumerate(strong["cells"])]
    problems = [
        f"{k} = {v!r}: not a cell; choose one of {cells}" for k, v in names if v not in cells
    ]
    ranges = [(f"{s}.frequency_{{}}_hz", jiang[s]) for s in ("response", "fano_profiles")]
    ranges += [("sensitivity.frequency_{}_hz", jiang["sensitivity"])]
    ranges += [("dressed_rates.field_{}_mG", jiang["dressed_rates"])]
    ranges += [("strong_coupling.J_over_beta_{}", strong)]
    for key, node in ranges:
        leaf = key.split(".")[-1]
        lo, hi = node[leaf.format("min")], node[leaf.format("max")]
        if not lo < hi:
            problems.append(f"jiang2025.{key.format('min')} = {lo}: must be < {hi} (the max)")
    lists = [
        ("response.profile_bias_fields_mG", jiang["response"]["profile_bias_fields_mG"], True),
        ("fano_profiles.ac_amplitudes_mG", jiang["fano_profiles"]["ac_amplitudes_mG"], False),
    ]
    for key, values, nonzero in lists:
        if any(b <= a for a, b in itertools.pairwise(values)) or (nonzero and 0 in values):
            what = "increasing and nonzero" if nonzero else "increasing"
            problems.append(f"jiang2025.{key} = {list(values)}: must be {what}")
    return problems


def _sundar_problems(config: Mapping[str, Any]) -> list[str]:
    """Cross-key checks of sundar2023: increasing lists, ordered ranges, times inside the grid."""
    sundar = config.get("sundar2023")
    if not sundar:
        return []
    deco = sundar["decoherence"]
    lists = [
        ("upa.n_atoms", sundar["upa"]["n_atoms"]),
        ("exact.n_atoms", sundar["exact"]["n_atoms"]),
        ("twa.n_atoms", sundar["twa"]["n_atoms"]),
        ("twa_levels.n_atoms", sundar["twa_levels"]["n_atoms"]),
        ("ramsey.nchi_t", sundar["ramsey"]["nchi_t"]),
        ("decoherence.fig3a_delta_over_sqrtN_kappa", deco["fig3a_delta_over_sqrtN_kappa"]),
        ("decoherence.fig3b_n_atoms", deco["fig3b_n_atoms"]),
    ]
    problems = [
        f"sundar2023.{key} = {list(values)}: must be increasing"
        for key, values in lists
        if any(b <= a for a, b in itertools.pairwise(values))
    ]
    lo = deco["fig3b_delta_over_sqrtN_kappa_min"]
    hi = deco["fig3b_delta_over_sqrtN_kappa_max"]
    if not lo < hi:
        problems.append(
            f"sundar2023.decoherence.fig3b_delta_over_sqrtN_kappa_min = {lo}: must be < {hi} "
            "(the max)"
        )
    t_max = sundar["times"]["nchi_t_max"]
    if sundar["early_nchi_t"] > t_max:
        problems.append(
            f"sundar2023.early_nchi_t = {sundar['early_nchi_t']}: must be <= "
            f"sundar2023.times.nchi_t_max = {t_max}"
        )
    return problems


def check_semantics(config: Mapping[str, Any]) -> None:
    """Cross-key checks the schema cannot express; raise :class:`ConfigError` naming the keys.

    Every cell is run through :func:`spinbridge.cells.cell_parameters` (microseconds), so a cell
    whose keys are individually valid but inconsistent (e.g. both ``kappa0`` and
    ``sigma_v_phi_cm3_s``) fails here, before any job. Panels and rates cases need
    ``n_alkali <= n_noble`` and ``record_every <= n_steps``; spin lengths their parity; fit windows
    lie inside the computed sweep; jiang2025 names existing cells, its ranges have min < max and
    its field lists increase; every users' spectrum (``jiang2025.user_data``) is a readable,
    well-formed CSV file (:mod:`spinbridge.spectra`). Finally every job's estimated time and memory
    (:mod:`spinbridge.resources`) must fit the guards of the config's ``limits`` section.
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
    problems += _stochastic_problems(config.get("katz2022", {}).get("stochastic", {}))
    problems += _counting_problems(config.get("masson2021", {}))
    problems += _jiang_problems(config)
    problems += _user_data_problems(config)
    problems += _sundar_problems(config)
    if not problems:  # sizes are estimated only for an otherwise consistent config
        problems += _size_problems(config)
    if problems:
        raise ConfigError("invalid config:\n  - " + "\n  - ".join(problems))


def main(argv: list[str] | None = None) -> int:
    """``python -m spinbridge.config FILE...``: check config files as the pipeline does.

    Snakemake parses ``--configfile`` files itself before the workflow runs, and reports a YAML
    syntax error without the file's line; this names the file, line and column of every problem,
    then validates the merged config against the schema and the cross-key checks.
    """
    import sys

    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m spinbridge.config config.yaml [more.yaml ...]", file=sys.stderr)
        return 2
    schema = Path(__file__).resolve().parents[2] / "workflow" / "schemas" / "config.schema.yaml"
    merged: dict[str, Any] = {}
    try:
        for path in args:
            _merge(merged, load_yaml_strict(path))
        check_config(merged, schema, source=" + ".join(args))
        check_semantics(merged)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{' + '.join(args)}: valid")
    return 0


def _merge(base: dict, update: Mapping[str, Any]) -> None:
    """Snakemake's config update: nested mappings merge, everything else replaces."""
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)


if __name__ == "__main__":
    raise SystemExit(main())

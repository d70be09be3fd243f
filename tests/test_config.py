"""Config validation: bad, unknown and missing keys are named, with the allowed range."""

import copy

import pytest
import yaml

from spinbridge.config import ConfigError, check_config, check_semantics, format_errors, load_schema


@pytest.fixture
def schema_path(repo):
    return repo / "workflow" / "schemas" / "config.schema.yaml"


@pytest.fixture
def default_config(repo):
    return yaml.safe_load((repo / "config.yaml").read_text())


@pytest.mark.parametrize("name", ["config.yaml", "config/smoke.yaml"])
def test_shipped_configs_are_valid(repo, schema_path, name):
    cfg = yaml.safe_load((repo / name).read_text())
    check_config(cfg, schema_path)
    check_semantics(cfg)


def _keys(tree, prefix=""):
    if isinstance(tree, dict):
        out = set()
        for k, v in tree.items():
            out |= {f"{prefix}{k}"} | _keys(v, f"{prefix}{k}.")
        return out
    return set()


def test_smoke_config_has_the_same_keys_as_the_default(repo, default_config):
    smoke = yaml.safe_load((repo / "config" / "smoke.yaml").read_text())
    assert _keys(smoke) == _keys(default_config)


def test_out_of_range_value_names_key_and_range(schema_path, default_config):
    cfg = copy.deepcopy(default_config)
    cfg["cells"]["K-3He"]["p_alkali"] = 1.5
    with pytest.raises(ConfigError) as err:
        check_config(cfg, schema_path)
    msg = str(err.value)
    assert "cells.K-3He.p_alkali = 1.5" in msg
    assert "<= 1" in msg and "0 < p_alkali <= 1" in msg


def test_unknown_key_is_named_with_a_suggestion(schema_path, default_config):
    cfg = copy.deepcopy(default_config)
    cfg["cells"]["K-3He"]["n_alkali_cm"] = 1e14
    msg = "\n".join(format_errors(cfg, load_schema(schema_path)))
    assert "cells.K-3He.n_alkali_cm: unknown key; did you mean 'n_alkali_cm3'?" in msg


def test_missing_key_is_named(schema_path, default_config):
    cfg = copy.deepcopy(default_config)
    del cfg["cells"]["Rb-129Xe"]["radius_cm"]
    msg = "\n".join(format_errors(cfg, load_schema(schema_path)))
    assert "cells.Rb-129Xe.radius_cm: required key is missing" in msg


def test_wrong_type_and_every_problem_reported(schema_path, default_config):
    cfg = copy.deepcopy(default_config)
    cfg["cells"]["K-3He"]["n_noble_cm3"] = "lots"
    cfg["cells"]["Rb-129Xe"]["alkali"] = "Li7"
    lines = format_errors(cfg, load_schema(schema_path))
    assert any(
        line.startswith("cells.K-3He.n_noble_cm3 = 'lots': must be of type") for line in lines
    )
    assert any(line.startswith("cells.Rb-129Xe.alkali = 'Li7': must be one of") for line in lines)


def test_cell_name_must_be_file_safe(schema_path, default_config):
    cfg = copy.deepcopy(default_config)
    cfg["cells"]["my cell/1"] = cfg["cells"]["K-3He"]
    with pytest.raises(ConfigError, match="my cell/1"):
        check_config(cfg, schema_path)


def test_cross_key_problems_are_caught_before_any_job(default_config):
    cfg = copy.deepcopy(default_config)
    cfg["cells"]["K-3He"]["kappa0"] = 6.0
    cfg["katz2022"]["figure_cell"] = "nope"
    with pytest.raises(ConfigError) as err:
        check_semantics(cfg)
    assert "cells.K-3He: give exactly one of sigma_v_phi_cm3_s and kappa0" in str(err.value)
    assert "katz2022.figure_cell = 'nope'" in str(err.value)


# ---- inputs that must never become results: non-finite numbers, cross-key constraints, files ----
@pytest.mark.parametrize(
    "key, value",
    [
        ("cells.K-3He.sigma_v_phi_cm3_s", float("nan")),
        ("cells.K-3He.gamma_alkali_s", float("inf")),
        ("katz2022.stochastic.panels.a.detuning", float("nan")),
        ("masson2021.qfi.efficiencies", [0.9, float("-inf")]),
    ],
)
def test_non_finite_numbers_are_rejected_naming_the_key(default_config, schema_path, key, value):
    cfg = _edited(default_config, key, value)
    with pytest.raises(ConfigError) as err:
        check_config(cfg, schema_path)
    assert f"{key}" in str(err.value) and "must be a finite number" in str(err.value)


def _edited(config, key, value):
    cfg = copy.deepcopy(config)
    *parents, leaf = key.split(".")
    node = cfg
    for k in parents:
        node = node[k]
    node[leaf] = value
    return cfg


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("katz2022.stochastic.panels.a.n_alkali", 20000, "panels.a.n_alkali = 20000 > n_noble"),
        ("katz2022.stochastic.panels.b.record_every", 10**6, "panels.b.record_every = 1000000 >"),
        ("katz2022.stochastic.panels.c.seed", 2**70, "panels.c.seed = 1180591620717411303424"),
        ("masson2021.pulse_sequence.spin_true", 31, "pulse_sequence.spin_true = 31"),
        ("masson2021.pulse_sequence.spin_true", 2000, "pulse_sequence.spin_true = 2000"),
        ("masson2021.populations.tail_spin_cut", 5000, "populations.tail_spin_cut = 5000"),
        ("masson2021.qfi.claim_window", [40, 10], "qfi.claim_window = [40, 10]"),
        ("masson2021.qfi.claim_window", [10, 5000], "qfi.claim_window = [10, 5000]"),
        ("masson2021.qfi.chunk_size", 1, "masson2021.qfi.chunk_size = 1"),
    ],
)
def test_cross_key_constraints_name_the_keys(default_config, key, value, message):
    with pytest.raises(ConfigError) as err:
        check_semantics(_edited(default_config, key, value))
    assert message in str(err.value)


def test_duplicate_keys_empty_files_and_syntax_errors_name_file_and_line(tmp_path):
    from spinbridge.config import load_yaml_strict

    dup = tmp_path / "dup.yaml"
    dup.write_text("cells:\n  K-3He:\n    alkali: K39\n  K-3He:\n    alkali: Rb87\n")
    with pytest.raises(ConfigError, match=r"dup.yaml:4:3: key 'K-3He' is given twice \(lines 2"):
        load_yaml_strict(dup)
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n")
    with pytest.raises(ConfigError, match="empty.yaml: the config file is empty"):
        load_yaml_strict(empty)
    broken = tmp_path / "broken.yaml"
    broken.write_text("cells:\n  K-3He: {alkali: K39\nkatz2022: {}\n")
    with pytest.raises(ConfigError, match=r"broken.yaml:3:\d+: "):
        load_yaml_strict(broken)
    listy = tmp_path / "list.yaml"
    listy.write_text("- a\n- b\n")
    with pytest.raises(ConfigError, match="list.yaml: the top level must be a mapping"):
        load_yaml_strict(listy)
    with pytest.raises(ConfigError, match="nope.yaml: cannot read"):
        load_yaml_strict(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("katz2022.stochastic.panels.c.n_steps", 10**13, "panels.c: estimated 1"),
        ("katz2022.stochastic.panels.e.n_noble", 10**7, "panels.e: estimated"),
        ("masson2021.qfi.n_atoms_max", 300000, "masson2021.qfi.n_atoms_max = 300000"),
    ],
)
def test_sizes_beyond_the_guards_are_refused_before_any_job(default_config, key, value, message):
    cfg = _edited(default_config, key, value)
    cfg["limits"] = {"max_job_minutes": 240, "max_job_memory_mb": 16000}  # the schema's defaults
    if key.endswith("n_atoms_max"):
        cfg["masson2021"]["qfi"]["chunk_size"] = 1000
    with pytest.raises(ConfigError) as err:
        check_semantics(cfg)
    assert message in str(err.value) and "limits.max_job_" in str(err.value)
    # raising the guard deliberately lets the same config through
    cfg["limits"] = {"max_job_minutes": 1e12, "max_job_memory_mb": 1e12}
    check_semantics(cfg)


def test_schema_defaults_of_the_guards(schema_path):
    limits = load_schema(schema_path)["properties"]["limits"]
    assert limits["default"] == {k: v["default"] for k, v in limits["properties"].items()}


def test_command_line_check_names_file_and_line(tmp_path, capsys, repo):
    from spinbridge.config import main

    assert main([str(repo / "config.yaml")]) == 0
    bad = tmp_path / "mine.yaml"
    bad.write_text("cells:\n  K-3He: {p_alkali: 0.5\n")
    assert main([str(repo / "config.yaml"), str(bad)]) == 1
    assert "mine.yaml:3:1:" in capsys.readouterr().err
    over = tmp_path / "over.yaml"
    over.write_text("cells:\n  K-3He:\n    p_alkali: 1.5\n")
    assert main([str(repo / "config.yaml"), str(over)]) == 1
    assert "cells.K-3He.p_alkali = 1.5: must be <= 1" in capsys.readouterr().err

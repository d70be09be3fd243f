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

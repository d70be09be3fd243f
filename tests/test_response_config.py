"""Config checks of jiang2025: schema ranges and cross-key problems are named before any job."""

import copy

import pytest
import yaml

from spinbridge.config import ConfigError, check_config, check_semantics


@pytest.fixture
def default_config(repo):
    return yaml.safe_load((repo / "config.yaml").read_text())


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
        ("jiang2025.cell", "Na-3He", "jiang2025.cell = 'Na-3He': not a cell"),
        ("jiang2025.strong_coupling.cells", ["K-3He", "nope"], "strong_coupling.cells[1] = 'nope'"),
        ("jiang2025.response.frequency_min_hz", 3e4, "jiang2025.response.frequency_min_hz = 30000"),
        ("jiang2025.dressed_rates.field_min_mG", 300.0, "dressed_rates.field_min_mG = 300.0"),
        ("jiang2025.strong_coupling.J_over_beta_max", 1e-4, "J_over_beta_min = 0.001"),
        (
            "jiang2025.response.profile_bias_fields_mG",
            [-150.0, 0.0, 150.0],
            "profile_bias_fields_mG = [-150.0, 0.0, 150.0]: must be increasing and nonzero",
        ),
        (
            "jiang2025.fano_profiles.ac_amplitudes_mG",
            [0.0, 30.0, 20.0],
            "ac_amplitudes_mG = [0.0, 30.0, 20.0]: must be increasing",
        ),
    ],
)
def test_cross_key_problems_of_jiang2025_name_the_key(default_config, key, value, message):
    with pytest.raises(ConfigError) as err:
        check_semantics(_edited(default_config, key, value))
    assert message in str(err.value)


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("jiang2025.probe_axis", "z", "jiang2025.probe_axis = 'z': must be one of"),
        ("jiang2025.field_inhomogeneity", 0.5, "jiang2025.field_inhomogeneity = 0.5"),
        ("jiang2025.fano_profiles.drives", ["x", "x"], "jiang2025.fano_profiles.drives"),
        ("jiang2025.fano_profiles.n_frequencies", 5, "jiang2025.fano_profiles.n_frequencies = 5"),
        ("jiang2025.sensitivity.noise_floor_fT", 0, "jiang2025.sensitivity.noise_floor_fT = 0"),
    ],
)
def test_schema_rejects_bad_jiang2025_values_naming_the_key(repo, default_config, key, value,
                                                           message):  # fmt: skip
    schema = repo / "workflow" / "schemas" / "config.schema.yaml"
    with pytest.raises(ConfigError) as err:
        check_config(_edited(default_config, key, value), schema)
    assert message in str(err.value)

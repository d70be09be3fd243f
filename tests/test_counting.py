"""Tests of spinbridge.counting (the stage's public namespace) and of the counting_* scripts."""

import importlib
import importlib.util
import types

import numpy as np
import pandas as pd
import pytest

from spinbridge import counting, counting_datasets, store
from tests.conftest import REPO

# every name that spinbridge.counting exported before the stage was split into modules
_HISTORIC_NAMES = [
    "average_qfi",
    "average_qfi_dataset",
    "average_qfi_reference",
    "cascade_time_rate_equation",
    "combine_sweep_chunks",
    "count_distribution_dataset",
    "dicke_populations",
    "dicke_populations_closed_form",
    "dicke_populations_exact",
    "dicke_populations_recursion",
    "emission_dataset",
    "fit_power_law",
    "ideal_average_qfi",
    "inset_dataset",
    "literal_amplitude_recursion",
    "log_dicke_populations",
    "peak_spin_length",
    "photon_count_distribution",
    "population_dataset",
    "power_law_fits",
    "pulse_likelihood",
    "pulse_time_estimate",
    "sample_sequence_qfi",
    "sampled_qfi_dataset",
    "sequence_posterior",
    "simulate_pulse_sequence",
    "spin_length_posterior",
    "tail_population",
    "tc_emission",
]


def test_counting_reexports_every_public_name_from_its_module():
    assert set(_HISTORIC_NAMES) <= set(counting.__all__)
    for name in counting.__all__:
        obj = getattr(counting, name)
        home = importlib.import_module(obj.__module__)
        assert getattr(home, name) is obj, name
        assert name in home.__all__, name


# --------------------------------------------------------------------------- scripts
def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake(tmp_path, name, cfg, output=None, **inputs):
    return types.SimpleNamespace(
        params=types.SimpleNamespace(cfg=cfg),
        output=output if output is not None else [str(tmp_path / f"{name}.nc")],
        log=[str(tmp_path / f"{name}.log")],
        input=types.SimpleNamespace(**inputs),
        wildcards=types.SimpleNamespace(),
    )


# exactly the keys each script reads (the rules pass these and nothing else)
SCALING_CFG = {"fit_windows": [[2, 12], [4, 20]], "claim_window": [4, 20], "inset_n_atoms": 10}
EFFICIENCY_CFG = {
    "fit_windows": [[2, 12], [4, 20]],
    "claim_window": [4, 20],
    "count_n_atoms": 30,
    "count_efficiencies": [1.0, 0.5],
}
JOBS = [
    (
        "counting_populations",
        {"n_atoms": 100, "tail_spin_cut": 20, "scan_n_atoms": [10, 100], "check_n_atoms": 5},
    ),
    (
        "counting_pulse_sequence",
        {"n_atoms": 100, "spin_true": 10, "efficiency": 0.7, "n_pulses": 3, "seed": 1},
    ),
    (
        "counting_sampled_qfi",
        {"n_atoms": 8, "n_states": 20, "efficiencies": [0.9, 0.5], "n_pulses": 3, "seed": 2},
    ),
    (
        "counting_emission",
        {
            "spins": [1, 2],
            "couplings": [0.5, 2.0],
            "trace_couplings": [1.0],
            "trace_t_max_kappa": 10.0,
            "trace_points": 20,
            "anti_tc_spins": [1],
            "g_MHz": 10.0,
            "kappa_MHz": 0.2,
            "gamma_MHz": 6.0,
            "omega_over_delta": 0.01,
            "n_atoms": 10000,
        },
    ),
]


class _StrictCfg(dict):
    """A params dict that fails on any key the script reads but was not given."""

    def get(self, key, default=None):
        raise AssertionError(f"script used .get({key!r}) instead of the validated params")


@pytest.mark.parametrize("name, cfg", JOBS)
def test_scripts_write_conventional_netcdf(tmp_path, name, cfg):
    _load_script(name).main(_fake(tmp_path, name, _StrictCfg(cfg)))
    ds = store.read(tmp_path / f"{name}.nc")
    assert ds.attrs["paper"] == store.PAPERS["masson2021"]


def test_qfi_scripts_and_fits_table(tmp_path):
    chunk = _load_script("counting_qfi_chunk")
    paths = []
    for eta in [1.0, 0.5]:
        for lo, hi in [(1, 10), (11, 20)]:
            name = f"chunk_{eta:g}_{lo}"
            chunk.main(_fake(tmp_path, name, {"efficiency": eta, "n_min": lo, "n_max": hi}))
            paths.append(str(tmp_path / f"{name}.nc"))
    _load_script("counting_qfi_scaling").main(
        _fake(tmp_path, "scaling", _StrictCfg(SCALING_CFG), chunks=paths[:2])
    )
    _load_script("counting_qfi_efficiency").main(
        _fake(tmp_path, "efficiency", _StrictCfg(EFFICIENCY_CFG), chunks=paths)
    )
    scaling = store.read(tmp_path / "scaling.nc")
    assert scaling.sizes["n_atoms"] == 20
    assert float(scaling.average_qfi.sel(efficiency=1.0, n_atoms=7)) == counting.average_qfi(7)
    # attrs the notebook and the claims read
    assert scaling.attrs["inset_n_atoms"] == 10 and scaling.attrs["claim_window"] == "4-20"
    eff = store.read(tmp_path / "efficiency.nc")
    assert eff.attrs["count_n_atoms"] == 30
    assert set(eff.efficiency.values) == {0.5, 1.0}
    np.testing.assert_allclose(eff.count_probability.sum("count").values, 1.0, atol=1e-12)

    csv = tmp_path / "tables" / "fits.csv"
    _load_script("counting_fits_table").main(
        _fake(
            tmp_path,
            "fits",
            {},
            output=types.SimpleNamespace(csv=str(csv)),
            qfi_scaling=str(tmp_path / "scaling.nc"),
            qfi_efficiency=str(tmp_path / "efficiency.nc"),
        )
    )
    table = pd.read_csv(csv)
    expected = counting_datasets.fits_table(scaling, eff)
    assert list(table.columns) == list(counting_datasets.FITS_TABLE_COLUMNS)
    assert len(table) == len(expected)
    # the CSV keeps 6 significant figures
    np.testing.assert_allclose(table.exponent, expected.exponent, rtol=1e-5)

"""Datasets of the multimode stage (Katz 2022 Figs. 1(d), 7, Sec. VII.B): shapes, units, limits.

The two-mode curves of the datasets must equal :mod:`spinbridge.twomode` (Eq. 28) at vacuum
occupations; the multimode curves lie below them (the diffusion modes only add loss); parameters
are a small cell the paper never used, with few modes, so every test runs in well under a second.
"""

import math

import numpy as np
import pytest
import xarray as xr

from spinbridge import twomode
from spinbridge.multimode_datasets import (
    diffusion_modes_dataset,
    multimode_fock_dataset,
    occupations,
)
from spinbridge.multimode_variance_datasets import (
    merge_convergence,
    multimode_convergence_dataset,
    multimode_squeezed_dataset,
)
from spinbridge.store import var_attrs

BOUNDS = {"alkali_boundary": "dirichlet", "noble_boundary": "neumann"}
VACUUM = {"alkali": 0.0, "noble": 0.0}


def _cell(D_alkali=0.3, D_noble=0.2, p_alkali=1.0, p_noble=1.0, J=400.0, radius=1.0):
    gamma_alkali = 10.0
    gamma = gamma_alkali + D_alkali * math.pi**2 / radius**2
    data = {
        "J": J,
        "gamma": gamma,
        "gamma_alkali": gamma_alkali,
        "Delta_c": -2.0e5,
    }
    return xr.Dataset(
        {k: ((), v, var_attrs("s-1", k)) for k, v in data.items()},
        attrs={
            "cell": "test",
            "radius_cm": radius,
            "D_alkali_cm2_s": D_alkali,
            "D_noble_cm2_s": D_noble,
            "p_alkali": p_alkali,
            "p_noble": p_noble,
        },
    )


def _fig7_kwargs(n_modes=6, stated=VACUUM):
    return dict(
        n_modes=n_modes,
        stated_occupations=stated,
        t_max_over_transfer_time=2.0,
        n_times=9,
        storage_field_over_resonance=2.0,
        **BOUNDS,
    )


def _check_attrs(ds):
    for name in list(ds.data_vars) + list(ds.coords):
        assert {"units", "long_name"} <= set(ds[name].attrs), name


def test_diffusion_modes_rates_profiles_and_counts():
    ds = diffusion_modes_dataset(
        {"a": _cell(), "b": _cell(D_noble=2.0)},
        n_modes=8,
        profile_modes=2,
        profile_points=11,
        **BOUNDS,
    )
    _check_attrs(ds)
    a = ds.sel(cell="a")
    # gamma = gamma_A + D_A pi^2 / R^2 is the lowest Dirichlet rate (Sec. V); B_0 does not decay
    assert float(a.alkali_lowest_rate_over_gamma) == pytest.approx(1.0, rel=1e-9)
    assert float(a.noble_rate.isel(mode_noble=0)) == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.diff(a.noble_rate) > 0) and np.all(np.diff(a.alkali_rate) > 0)
    # counts beyond the kept modes: J = 400 s^-1, D_B = 0.2 cm^2/s, R = 1 cm -> k R < 44.7
    n_noble = int(a.n_noble_modes_slower_than_J)
    assert n_noble > 8 and abs(n_noble - 44.7 / math.pi) < 2
    assert int(ds.sel(cell="b").n_noble_modes_slower_than_J) < n_noble
    assert ds.alkali_profile.shape == (2, 2, 11)
    assert 0.0 < float(a.uniform_weight_kept) < 1.0


@pytest.mark.parametrize("m", [1, 2])
def test_two_mode_fock_curve_is_eq28(m):
    cell = _cell()
    ds = multimode_fock_dataset({"c": cell}, m, **_fig7_kwargs())
    _check_attrs(ds)
    c = ds.sel(cell="c")
    expected = twomode.fock_transfer_probability(400.0, float(cell.gamma), m, c.t.values)
    for case in ds.occupation.values:  # p = 1: both cases are vacuum
        got = c.two_mode_fock_probability.sel(occupation=case).values
        np.testing.assert_allclose(got, expected, atol=1e-10)
    assert np.all(c.fidelity_ratio.values < 1.0)
    early = c.sel(t_over_T_pi=slice(0.0, 1.0))  # up to T_pi the diffusion modes only add loss
    assert np.all(early.fock_probability.values <= early.two_mode_fock_probability.values + 1e-12)


def test_two_mode_squeezing_curve_is_eq28():
    cell = _cell()
    ds = multimode_squeezed_dataset({"c": cell}, 7.0, **_fig7_kwargs())
    _check_attrs(ds)
    c = ds.sel(cell="c", occupation="stated")
    cov = twomode.evolve_covariance(
        c.t.values, 400.0, float(cell.gamma), twomode.squeezed_covariance(7.0)
    )
    np.testing.assert_allclose(c.two_mode_variance_P_B.values, cov[:, 3, 3] / 2, rtol=1e-8)
    assert float(c.initial_variance_X_A_db) < 0.0
    assert float(c.squeezing_difference_db) < 0.0


def test_occupations_stated_and_from_polarization():
    occ = occupations(_cell(p_alkali=0.95, p_noble=0.75), {"alkali": 0.05, "noble": 0.17})
    assert occ["stated"] == (0.05, 0.17)
    assert occ["polarization"] == pytest.approx((0.05 / 1.9, 0.25 / 1.5))


def test_convergence_merge_relative_to_the_largest_count():
    kw = dict(excitations=2, squeezing_db=7.0, stated_occupations=VACUUM, **BOUNDS)
    parts = [multimode_convergence_dataset(_cell(), n, **kw) for n in (8, 2, 4)]
    ds = merge_convergence(parts, 4)
    _check_attrs(ds)
    assert list(ds.n_modes.values) == [2, 4, 8] and ds.attrs["reference_n_modes"] == 8
    assert np.all(ds.relative_change_fidelity.sel(n_modes=8).values == 0.0)
    np.testing.assert_array_equal(
        ds.figure_relative_change_variance, ds.relative_change_variance.sel(n_modes=4)
    )
    with pytest.raises(ValueError, match="figure_n_modes"):
        merge_convergence(parts, 8)
    with pytest.raises(ValueError, match="repeat"):
        merge_convergence([parts[0], parts[0]], 8)
    with pytest.raises(TypeError, match="parts"):
        merge_convergence([], 8)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"cells": {"c": "not a cell"}}, TypeError, "xarray.Dataset"),
        ({"cells": {}}, ValueError, "cells"),
        ({"alkali_boundary": "robin"}, ValueError, "alkali_boundary"),
        ({"n_modes": 0}, ValueError, "n_modes"),
        ({"t_max_over_transfer_time": 0.5}, ValueError, "t_max_over_transfer_time"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, match):
    args = {"cells": {"c": _cell()}, **_fig7_kwargs()}
    args.update(kwargs)
    cells = args.pop("cells")
    with pytest.raises(error, match=match):
        multimode_fock_dataset(cells, 2, **args)


def test_cell_without_the_model_numbers_is_rejected():
    with pytest.raises(ValueError, match="radius_cm"):
        diffusion_modes_dataset(
            {"c": xr.Dataset(_cell().data_vars)},
            n_modes=4,
            profile_modes=1,
            profile_points=3,
            **BOUNDS,
        )

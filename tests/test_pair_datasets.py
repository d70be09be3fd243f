"""Tests of spinbridge.pair_datasets (Sundar et al. 2023, Fig. 1(d), Eqs. (3)-(6)).

Atom numbers, phases and grids differ from the paper's (N = 60, 400, 2000; the paper: 1e2..1e5).
"""

import math

import numpy as np
import pytest
import xarray as xr

from spinbridge import pair_datasets, pairs
from spinbridge.store import var_attrs

GRID = np.linspace(0.0, 8.0, 401)  # spacing 0.02


@pytest.fixture(scope="module")
def exact400():
    return pair_datasets.exact_dataset(400, GRID, departure_rel_dev=0.05, early_nchi_t=1.0)


# ---------------------------------------------------------------------------- phase variance
@pytest.mark.parametrize("N, pumps", [(60, "fock"), (36, "coherent")])
def test_phase_variance_from_squeezing_is_the_ramsey_protocol(N, pumps):
    """(Delta phi)^2 = xi^2/(N (1 - 2 nbar/N)^2) against the full protocol at phi = 0 (Eq. 5)."""
    times = np.array([0.0, 0.7, 1.9, 3.1, 5.0])
    moments = pairs.chain_moments(N, times, pumps)
    squeezing = pairs.exact_squeezing(N, times, pumps)
    from_xi2 = pair_datasets.phase_variance_from_squeezing(
        squeezing.xi2.values, squeezing.nbar.values, N
    )
    for protocol in pairs.PROTOCOLS:
        protocol_value = pairs.ramsey_signal(moments, 0.0, protocol).phase_variance[:, 0]
        # an identity of the chain (Var S_{2,+} = Var S_{1,-}, <S_{3,-}> = N/2 - nbar): rounding
        np.testing.assert_allclose(from_xi2, protocol_value, rtol=1e-9)


def test_phase_variance_limits():
    assert pair_datasets.phase_variance_from_squeezing(1.0, 0.0, 250) == pytest.approx(1 / 250)
    assert math.isinf(pair_datasets.phase_variance_from_squeezing(0.3, 125.0, 250))
    with pytest.raises(ValueError, match="nbar"):
        pair_datasets.phase_variance_from_squeezing(0.3, 251.0, 250)


# ---------------------------------------------------------------------------- UPA
def test_upa_dataset_closed_forms():
    atoms, phases = [50, 3000], [-0.2, 0.0, 0.4]
    ds = pair_datasets.upa_dataset(atoms, GRID, phases)
    tau = ds.nchi_t.values
    np.testing.assert_allclose(ds.nbar, 2 * np.sinh(tau / 2) ** 2, rtol=1e-12)
    np.testing.assert_allclose(ds.xi2, np.exp(-tau), rtol=1e-12)
    for n in atoms:
        at0 = ds.eq5_dphi2.sel(N=n, phi=0.0)
        for form in pair_datasets.TAN_FORM_NAMES:  # the tan^2 term vanishes at phi = 0
            np.testing.assert_allclose(at0.sel(tan_form=form), np.exp(-tau) / n, rtol=1e-12)
        # the tan^2 coefficients are 1/4, 1, 4: the excess over phi = 0 scales 1 : 4 : 16
        excess = ds.eq5_dphi2.sel(N=n, phi=0.4) - at0
        ratio = excess.sel(tan_form="depleted") / excess.sel(tan_form="paper")
        # the excess is a difference of nearly equal numbers at small N chi t: cancellation
        # leaves ~1e-8 relative at N = 3000
        np.testing.assert_allclose(ratio[1:], 16.0, rtol=1e-6)
        assert np.isnan(ds.eq6_dphi2.sel(N=n, nchi_t=0.0)).all()  # nbar = 0: outside Eq. (6)


@pytest.mark.parametrize("N", [50, 3000, 17000])
def test_numerical_minimum_of_eq6_is_the_closed_form(N):
    """Eq. (6)'s minimum found numerically is 2/(3^{3/4} N^{3/2}) at nbar = sqrt(N)/3^{1/4}."""
    ds = pair_datasets.upa_dataset([N], GRID[:3], [0.0])
    # Brent search to 1e-10 in ln(nbar): the value is flat there, the location good to ~1e-8
    assert float(ds.eq6_opt_N32_dphi2[0]) == pytest.approx(2 / 3**0.75, rel=1e-12)
    assert float(ds.eq6_opt_nbar_over_sqrtN[0]) == pytest.approx(3**-0.25, rel=1e-7)
    assert float(ds.eq6_closed_N32_dphi2[0]) == pytest.approx(2 / 3**0.75, rel=1e-12)


# ---------------------------------------------------------------------------- exact chain
def test_exact_minimum_on_the_grid_matches_brent(exact400):
    best = pairs.exact_squeezing_minimum(400)
    # grid spacing h = 0.02: the grid minimum is within h^2/8 x (curvature of ln xi^2 ~ 1) = 5e-5
    assert float(exact400.xi2_min) == pytest.approx(best.xi2, rel=1e-4)
    assert float(exact400.xi2_min) >= best.xi2 * (1 - 1e-12)
    assert float(exact400.nchi_t_at_min) == pytest.approx(best.nchi_t, abs=0.011)  # h/2 + 1e-3
    assert float(exact400.xi2_min_sqrtN) == pytest.approx(best.xi2 * 20.0, rel=1e-4)
    best_opt = pairs.exact_squeezing_minimum(400, quadrature="optimal")
    assert float(exact400.xi2_opt_min_sqrtN) == pytest.approx(best_opt.xi2 * 20.0, rel=1e-4)
    assert int(exact400.min_at_edge) == 0


def test_exact_departure_matches_the_library(exact400):
    dep = pairs.upa_departure(400, 0.05)
    # linear interpolation of |xi^2 e^t - 1| on a 0.02 grid: error ~ h^2 x (second derivative
    # ~ 0.3 here) = 1e-4 in N chi t
    assert float(exact400.departure_nchi_t) == pytest.approx(dep.nchi_t, abs=1e-3)
    assert float(exact400.departure_nbar_over_sqrtN) == pytest.approx(dep.nbar / 20.0, rel=2e-3)


def test_exact_dataset_limits_and_upa(exact400):
    assert float(exact400.xi2[0]) == pytest.approx(1.0, abs=1e-12)  # separable initial state
    assert float(exact400.dphi2[0]) == pytest.approx(1 / 400, rel=1e-12)  # the SQL
    assert float(exact400.early_nchi_t) == pytest.approx(1.0, abs=1e-12)
    # the UPA is the N -> infinity limit at fixed N chi t: deviation O(1/N) (about 7.6/N here)
    dev400 = abs(float(exact400.nbar_over_upa_early) - 1)
    dev100 = abs(float(pair_datasets.exact_dataset(100, GRID).nbar_over_upa_early) - 1)
    assert dev400 < 10 / 400
    assert dev100 / dev400 == pytest.approx(4.0, rel=0.05)  # 1/N: a tenth of N^-2 corrections
    # N^(3/2) (Delta phi)^2 >= its value at phi -> 0 from xi2_min (the contrast only lowers it)
    assert float(exact400.dphi2_min_N32) <= float(exact400.xi2_min_sqrtN) / (
        1 - 2 * float(exact400.nbar_at_min) / 400
    ) ** 2 * (1 + 1e-12)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="nchi_t"):
        pair_datasets.exact_dataset(40, [0.0, 2.0, 1.0])
    with pytest.raises(ValueError, match="early_nchi_t"):
        pair_datasets.exact_dataset(40, GRID, early_nchi_t=9.0)
    with pytest.raises(ValueError, match="departure_rel_dev"):
        pair_datasets.exact_dataset(40, GRID, departure_rel_dev=1.0)
    with pytest.raises(ValueError, match="n_atoms"):
        pair_datasets.upa_dataset([100, 100], GRID, [0.0])
    with pytest.raises(ValueError, match="phases_rad"):
        pair_datasets.upa_dataset([100], GRID, [math.pi / 2])


# ---------------------------------------------------------------------------- TWA
@pytest.fixture(scope="module")
def twa2000():
    return pair_datasets.twa_dataset(2000, GRID, n_traj=1000, seed=11, step=0.02)


def test_twa_follows_the_exact_chain(twa2000):
    exact = pair_datasets.exact_dataset(2000, GRID)
    early = twa2000.nchi_t <= 2.5
    diff = np.abs(twa2000.xi2 - exact.xi2).where(early, drop=True)
    # before the minimum: k = 4 standard errors plus the TWA's O(1/N) truncation error (1e-3 is
    # twice 1/N at N = 2000; the control variates make the statistical error tiny there)
    assert (diff <= 4 * twa2000.xi2_err.where(early, drop=True) + 1e-3).all()
    # at the minimum: k = 3 standard errors plus the truncation error of the TWA, which lowers
    # xi2_min by a few % at N ~ 1e3 (4000 trajectories: 7 % at N = 100, 3 % at 1000, 2 % at 1e4)
    err = float(twa2000.xi2_min_sqrtN_err)
    assert float(twa2000.xi2_min_sqrtN) == pytest.approx(
        float(exact.xi2_min_sqrtN), abs=3 * err + 0.05 * float(exact.xi2_min_sqrtN)
    )
    assert float(twa2000.dphi2[0]) == pytest.approx(1 / 2000, rel=1e-9)  # exact at t = 0


def test_levels_dataset_shares_the_quartet_draws():
    times = GRID[:201]
    ds = pair_datasets.levels_dataset(600, times, n_traj=60, seed=5, step=0.05)
    assert list(ds.levels.values) == [4, 20]
    assert float(np.abs(ds.n_other.sel(levels=4)).max()) == 0.0  # no other levels
    assert float(ds.n_other.sel(levels=20).isel(nchi_t=-1)) > 0  # perp photons populate them
    alone = pair_datasets.twa_dataset(600, times, n_traj=60, seed=5, step=0.05)
    np.testing.assert_array_equal(ds.xi2.sel(levels=4).values, alone.xi2.values)
    ratio = ds.xi2_min.sel(levels=20) / ds.xi2_min.sel(levels=4) - 1
    assert float(ds.xi2_min_rel_change) == pytest.approx(float(ratio), rel=1e-12)


# ---------------------------------------------------------------------------- merge
def _part(n, xi2_min):
    ds = xr.Dataset(
        {
            "xi2_min": ((), xi2_min, var_attrs("1", "min")),
            "curve": ("nchi_t", np.arange(3.0) * n, var_attrs("1", "curve")),
        },
        coords={"nchi_t": ("nchi_t", np.arange(3.0), var_attrs("1", "N chi t"))},
    )
    return ds.assign_attrs(N=n, title="t", pumps="fock", seed=3, content_sha256="x")


def test_merge_atoms_sorts_fits_and_reports_the_largest():
    atoms = [1000, 30, 500, 7]
    parts = [_part(n, 0.9 * n**-0.5) for n in atoms]
    ds = pair_datasets.merge_atoms(parts, ["xi2_min"])
    assert list(ds.N.values) == sorted(atoms)
    assert float(ds.xi2_min_largest) == pytest.approx(0.9 / 1000**0.5)
    assert int(ds.N_largest) == 1000
    # an exact power law: the log-log fit returns it to rounding
    assert float(ds.xi2_min_exponent) == pytest.approx(-0.5, abs=1e-12)
    assert float(ds.xi2_min_prefactor) == pytest.approx(0.9, rel=1e-12)
    assert ds.attrs["n_atoms"] == "7, 30, 500, 1000"
    assert "content_sha256" not in ds.attrs and ds.attrs["seed"] == 3
    np.testing.assert_array_equal(ds.curve.sel(N=30), np.arange(3.0) * 30)


def test_merge_atoms_refuses_duplicates_and_unknown_names():
    with pytest.raises(ValueError, match="distinct N"):
        pair_datasets.merge_atoms([_part(10, 0.3), _part(10, 0.3)])
    with pytest.raises(ValueError, match="largest"):
        pair_datasets.merge_atoms([_part(10, 0.3)], ["nope"])
    with pytest.raises(ValueError, match="parts"):
        pair_datasets.merge_atoms([_part(10, 0.3).drop_attrs()])

"""Tests of spinbridge.pair_sensitivity_datasets (Sundar et al. 2023, Figs. 2-3, Eqs. (4)-(7)).

The Ramsey protocols are checked against a brute-force evolution of two collective spins with
scipy.linalg.expm (nothing of spinbridge.pairs inside); atom numbers, cooperativities and
cavity parameters are not the paper's.
"""

import math

import numpy as np
import pytest
import scipy.linalg

from spinbridge import pair_datasets, pair_decoherence_estimates, pair_decoherence_scans
from spinbridge import pair_sensitivity_datasets as psd


# ---------------------------------------------------------------------------- brute force
def _spin(j):
    m = np.arange(j, -j - 1, -1.0)
    plus = np.diag(np.sqrt(j * (j + 1) - m[1:] * (m[1:] + 1)), 1)
    return (plus + plus.T) / 2, (plus - plus.T) / 2j, np.diag(m), plus


def _brute_force_ramsey(n_atoms, nchi_t, phi, protocol):
    """<O> and Var O of Fig. 2's protocols on exp(-i H t)|g..g>_A |e..e>_B, Eq. (1)."""
    j = n_atoms / 4
    sx, sy, sz, sp = _spin(j)
    one = np.eye(sx.shape[0])
    a = {k: np.kron(m, one) for k, m in zip("xyz+", (sx, sy, sz, sp), strict=True)}
    b = {k: np.kron(one, m) for k, m in zip("xyz+", (sx, sy, sz, sp), strict=True)}
    s_plus = a["+"] + b["+"]
    chi, delta = 1.0 / n_atoms, 0.5  # units of N chi; delta = N chi / 2
    h = chi * s_plus @ s_plus.conj().T + delta * (b["z"] - a["z"])
    psi0 = np.zeros(sx.shape[0] ** 2, complex)
    psi0[(sx.shape[0] - 1) * sx.shape[0]] = 1.0  # A at m = -j (all g), B at m = +j (all e)
    psi = scipy.linalg.expm(-1j * h * nchi_t) @ psi0
    s1p, s1m = b["x"] + a["y"], b["x"] - a["y"]
    s2p, s2m = b["y"] + a["x"], b["y"] - a["x"]
    s3p, s3m = a["z"] + b["z"], b["z"] - a["z"]
    first, phase, last, read = {
        "differential": (s2p, s3m, s1p, s3m),
        "sum": (s2m, s3p, s1m, s3p),
    }[protocol]
    u = (
        scipy.linalg.expm(-1j * math.pi / 2 * last)
        @ scipy.linalg.expm(-1j * phi * phase)
        @ scipy.linalg.expm(-1j * math.pi / 2 * first)
    )
    out = u @ psi
    mean = np.vdot(out, read @ out).real
    return mean, np.vdot(out, read @ read @ out).real - mean**2


@pytest.fixture(scope="module")
def ramsey12():
    return psd.ramsey_dataset(12, [0.0, 0.8, 2.1], [-1.1, -0.3, 0.4, 1.2])


@pytest.mark.parametrize("protocol", ["differential", "sum"])
def test_ramsey_signals_match_brute_force(ramsey12, protocol):
    for t in ramsey12.nchi_t.values:
        for phi in ramsey12.phi.values:
            mean, var = _brute_force_ramsey(12, t, phi, protocol)
            r = ramsey12.sel(protocol=protocol, nchi_t=t, phi=phi)
            # two exact calculations: rounding of 12-dimensional matrix exponentials
            assert float(r.signal) == pytest.approx(mean, abs=1e-9)
            assert float(r.signal_var) == pytest.approx(var, abs=1e-9)


def test_eq4_and_the_sql_at_the_start(ramsey12):
    r0 = ramsey12.sel(nchi_t=0.0)
    eq4 = 6.0 * np.sin(r0.phi.values)  # (N/2) sin(phi), N = 12
    np.testing.assert_allclose(r0.signal.transpose("protocol", "phi"), [eq4, eq4], atol=1e-12)
    np.testing.assert_allclose(r0.amplitude_over_half_N, 1.0, rtol=1e-12)
    np.testing.assert_allclose(r0.N_dphi2_at_phi0, 1.0, rtol=1e-12)
    assert np.isnan(r0.phi_sql).all()  # no gain over the SQL at t = 0
    later = ramsey12.sel(nchi_t=0.8)  # the contrast shrinks as 1 - 2 nbar/N (Eq. 4 at t > 0)
    np.testing.assert_allclose(
        later.amplitude_over_half_N, 1 - 2 * float(later.nbar) / 12, rtol=1e-10
    )


def test_dynamic_range_follows_the_depleted_coefficient():
    """The SQL crossing of the exact protocol against Eq. (5) with each tan^2 coefficient."""
    ds = psd.ramsey_dataset(2000, [1.0, 2.0], np.linspace(-1.2, 1.2, 5))
    reach = ds.eq5_dynamic_range
    # tan(phi_sql) scales as c^(-1/2) for the coefficients 1/4, 1, 4 (exactly, from Eq. (5))
    np.testing.assert_allclose(reach.sel(tan_form="paper") / reach.sel(tan_form="upa"), 2, 1e-9)
    np.testing.assert_allclose(reach.sel(tan_form="upa") / reach.sel(tan_form="depleted"), 2, 1e-9)
    # the exact chain follows the depleted coefficient up to depletion corrections O(nbar/N)
    # (nbar/N = 1.4e-3 at N chi t = 2): 0.5 %
    sim = ds.dynamic_range.sel(protocol="differential")
    np.testing.assert_allclose(sim, reach.sel(tan_form="depleted"), rtol=5e-3)
    # at the crossing the protocol is at the SQL (Brent to 1e-12 rad)
    moments = pair_datasets.pairs.chain_moments(2000, [2.0])
    phi_c = psd.sql_crossing_phase(moments, "sum")
    value = pair_datasets.pairs.ramsey_signal(moments, phi_c[0], "sum").phase_variance
    assert 2000 * float(value[0, 0]) == pytest.approx(1.0, abs=1e-8)


# ---------------------------------------------------------------------------- Fig. 3, Eq. (7)
def test_log_vertex_recovers_a_parabola():
    x = np.geomspace(0.1, 3.0, 9)
    y = np.exp(0.7 * (np.log(x) - np.log(0.55)) ** 2 + np.log(1.8))
    x0, y0, _, edge = psd._log_vertex(x, y)
    assert (x0, y0, edge) == (pytest.approx(0.55, rel=1e-12), pytest.approx(1.8, rel=1e-12), False)
    assert psd._log_vertex(x, y[::-1] * 0 + x)[3]  # monotonic: the minimum is an end


@pytest.fixture(scope="module")
def scans():
    x = np.geomspace(0.08, 2.0, 7)
    return [psd.scan_dataset(n, 4.0, x, n_traj=128, seed=2) for n in (400, 1600, 6400)]


def test_scan_optimum_against_eq7_and_the_ideal_limit(scans):
    s = scans[1]
    assert float(s.opt_N34_ratio_to_eq7) == pytest.approx(
        float(s.opt_N34_dphi) / float(s.eq7_N34_dphi), rel=1e-12
    )
    x7 = pair_decoherence_estimates.eq7_optimal_detuning(1600, 4.0) / 40.0
    assert float(s.eq7_delta_over_sqrtN_kappa) == pytest.approx(x7, rel=1e-12)
    assert int(s.opt_at_edge) == 0
    # decoherence only adds noise: the best N^{3/4} Delta phi is above the ideal optimum over time
    # (exact chain), up to k = 3 standard errors
    ideal = pair_datasets.exact_dataset(1600, np.linspace(0.0, 8.0, 401))
    bound = math.sqrt(float(ideal.dphi2_min_N32))
    assert float(s.opt_N34_dphi) > bound - 3 * float(s.opt_N34_dphi_err)
    assert float(s.opt_N34_dphi) == pytest.approx(float(s.N34_dphi.min()), rel=0.05)


def test_decoherence_dataset_merges_and_fits_the_n_scaling(scans):
    runs = [
        pair_decoherence_scans.decoherence_sensitivity(1600, 4.0, [x], n_traj=128, seed=2)
        for x in (0.6, 0.15)
    ]
    exp = psd.experiment_dataset(2.0e5, [1.0e3, 5.0e4], kappa_hz=2.0e5, g_hz=2.0, gamma_hz=4e-3)
    ds = psd.decoherence_dataset(runs, scans[::-1], exp)
    assert list(ds.delta_over_sqrtN_kappa.values) == [0.15, 0.6]
    assert list(ds.N.values) == [400, 1600, 6400]
    np.testing.assert_array_equal(
        ds.sqrtN_dphi.sel(delta_over_sqrtN_kappa=0.6),
        runs[0].sqrtN_dphi.isel(delta_over_sqrtN_kappa=0),
    )
    n = ds.N.values.astype(float)
    b, _ = np.polyfit(np.log(n), np.log(ds.opt_N34_dphi.values**2 / n**1.5), 1)
    assert float(ds.best_dphi2_exponent) == pytest.approx(-b, rel=1e-10)  # the same fit
    assert ds.attrs["fig3b_n_atoms"] == "400, 1600, 6400" and int(ds.fig3a_N) == 1600


def test_experiment_dataset_closed_forms():
    ds = psd.experiment_dataset(2.0e5, [1.0e3, 5.0e4], kappa_hz=2.0e5, g_hz=2.0, gamma_hz=4e-3)
    c = 4 * 2.0**2 / (2.0e5 * 4e-3)  # C = 4 g^2/(kappa gamma)
    assert float(ds.C_from_parameters) == pytest.approx(c, rel=1e-12)
    assert float(ds.NC_from_parameters) == pytest.approx(2.0e5 * c, rel=1e-12)
    for nc in (1.0e3, 5.0e4):
        eq7 = pair_decoherence_estimates.eq7_sensitivity(2.0e5, nc / 2.0e5)
        assert float(ds.experiment_eq7_dphi2.sel(NC=nc)) == pytest.approx(eq7, rel=1e-12)
    with pytest.raises(ValueError, match="collective_cooperativities"):
        psd.experiment_dataset(1e3, [0.4], kappa_hz=1.0, g_hz=1.0, gamma_hz=1.0)

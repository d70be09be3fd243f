"""Tests of spinbridge.pairs: UPA (Eq. (3)), Eqs. (5)-(6) and their optimum, the Ramsey
protocols of Fig. 2 / Eq. (4), and the exact dynamics against the UPA (Sundar et al. 2023).

Closed forms against a standard solver (QuTiP 5 ``sesolve`` of Eq. (3)), the Ramsey read-out
against the pulse sequences simulated in the full Fock space (tests/pair_dense_reference.py),
invariants (Heisenberg bound), and Eqs. (5)-(6) against the exact chain where they apply.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from spinbridge import pairs
from tests import pair_dense_reference as ref

EXACT = 1e-10  # chain vs full-space simulation: both exact up to rounding (measured ~1e-13)


# ----------------------------------------------------------------------------- UPA, Eq. (3)
def test_upa_moments_against_qutip_two_mode_squeezer():
    qutip = pytest.importorskip("qutip")
    cut = 40  # tanh(r)^(2 cut) < 1e-14 at r = 0.8: truncation far below the tolerance
    a = qutip.tensor(qutip.destroy(cut), qutip.qeye(cut))  # a_{e,A}
    b = qutip.tensor(qutip.qeye(cut), qutip.destroy(cut))  # a_{g,B}
    h = 0.5 * (a.dag() * b.dag() + a * b)  # Eq. (3) in units of N hbar chi: time = N chi t
    x_a, x_b = (a + a.dag()) / math.sqrt(2), (b + b.dag()) / math.sqrt(2)
    p_a, p_b = (a - a.dag()) / (1j * math.sqrt(2)), (b - b.dag()) / (1j * math.sqrt(2))
    quads = {  # S_{1,-} = sqrt(N/2) X_-, S_{2,+} = sqrt(N/2) Y_+ (text after Eq. (3))
        "var_x_minus": (x_b + p_a) / math.sqrt(2),
        "var_x_plus": (x_b - p_a) / math.sqrt(2),
        "var_y_plus": (p_b + x_a) / math.sqrt(2),
        "var_y_minus": (p_b - x_a) / math.sqrt(2),
    }
    t = np.linspace(0, 1.6, 5)
    psi0 = qutip.tensor(qutip.basis(cut, 0), qutip.basis(cut, 0))
    opts = {"atol": 1e-12, "rtol": 1e-10}
    states = qutip.sesolve(h, psi0, t, options=opts).states
    ds = pairs.upa_moments(t)
    n_op = a.dag() * a + b.dag() * b
    for i, psi in enumerate(states):
        assert qutip.expect(n_op, psi) == pytest.approx(float(ds["nbar"][i]), abs=1e-7)
        for key, op in quads.items():
            var = qutip.expect(op * op, psi) - qutip.expect(op, psi) ** 2
            assert var == pytest.approx(float(ds[key][i]), abs=1e-7), key  # solver tolerance


def test_upa_moments_are_minimum_uncertainty_and_give_xi2():
    t = np.linspace(0, 9, 19)
    ds = pairs.upa_moments(t)
    np.testing.assert_allclose(ds["var_x_plus"] * ds["var_y_plus"], 0.25, rtol=1e-12)
    np.testing.assert_allclose(ds["xi2"], 2 * ds["var_x_minus"], rtol=1e-12)  # (4/N)(N/2) X_-^2
    np.testing.assert_allclose(ds["xi2"] * ds["xi2_anti"], 1.0, rtol=1e-12)
    # nbar = 2 sinh^2 r and e^{2r} = 1 + nbar + sqrt(nbar(nbar + 2)): squeezing from nbar alone
    nbar = ds["nbar"].values
    np.testing.assert_allclose(ds["xi2_anti"], 1 + nbar + np.sqrt(nbar * (nbar + 2)), rtol=1e-12)


# ----------------------------------------------------------------------------- Eqs. (5), (6)
@pytest.mark.parametrize("n_atoms", [50, 3000])
def test_eq5_at_zero_phase_is_the_upa_squeezing_over_n(n_atoms):
    t = np.linspace(0, 6, 7)
    np.testing.assert_allclose(
        pairs.upa_phase_variance(n_atoms, t), pairs.upa_moments(t)["xi2"] / n_atoms, rtol=1e-13
    )


def test_tan2_forms_differ_by_their_coefficients():
    base = pairs.upa_phase_variance(100, 2.0, 0.0)
    terms = {f: pairs.upa_phase_variance(100, 2.0, 0.7, f) - base for f in pairs.TAN_FORMS}
    assert terms["upa"] == pytest.approx(4 * terms["paper"], rel=1e-12)
    assert terms["depleted"] == pytest.approx(16 * terms["paper"], rel=1e-12)


@pytest.mark.parametrize("n_atoms", [10, 1e3, 1e4])
def test_eq6_optimum_is_its_minimum_and_the_paper_closed_form(n_atoms):
    n_atoms = int(n_atoms)
    opt = pairs.beyond_upa_optimum(n_atoms)
    numeric = minimize_scalar(
        lambda nb: pairs.beyond_upa_phase_variance(n_atoms, nb),
        bounds=(1e-3, n_atoms),
        method="bounded",
        options={"xatol": 1e-10 * n_atoms},
    )
    assert opt.nbar == pytest.approx(numeric.x, rel=1e-5)  # Brent's xatol on a flat minimum
    assert opt.phase_variance == pytest.approx(numeric.fun, rel=1e-10)
    # the paper's statement after Eq. (6)
    assert opt.phase_variance == pytest.approx(2 / (3**0.75 * n_atoms**1.5), rel=1e-12)
    assert opt.nbar == pytest.approx(math.sqrt(n_atoms) / 3**0.25, rel=1e-12)


# ----------------------------------------------------------------------------- Ramsey, Eq. (4)
@pytest.mark.parametrize("protocol", pairs.PROTOCOLS)
@pytest.mark.parametrize("phi", [0.0, 0.37, -1.2, 2.5])
def test_readout_is_cos_phi_s2plus_plus_sin_phi_s3minus(protocol, phi):
    c, dc = pairs._readout_vectors(protocol, phi)
    s2p, s3m = pairs._S["2+"], pairs._S["3-"]
    np.testing.assert_allclose(c, math.cos(phi) * s2p + math.sin(phi) * s3m, atol=1e-15)
    np.testing.assert_allclose(dc, -math.sin(phi) * s2p + math.cos(phi) * s3m, atol=1e-15)


@pytest.mark.parametrize("protocol", pairs.PROTOCOLS)
@pytest.mark.parametrize("nchi_t", [0.0, 1.7, 4.0])
def test_ramsey_signal_equals_the_pulse_sequence_in_the_full_space(protocol, nchi_t):
    n_atoms, phis = 8, np.array([-0.9, 0.0, 0.4, 2.0])
    signal, var = ref.ramsey(n_atoms, nchi_t, phis, protocol)
    got = pairs.ramsey_signal(pairs.chain_moments(n_atoms, nchi_t), phis, protocol)
    np.testing.assert_allclose(got["signal"].values[0], signal, atol=EXACT)
    np.testing.assert_allclose(got["signal_var"].values[0], var, atol=EXACT)
    # slope against a centred difference of the simulated signal: error h^2 |O'''|/6 <= 1e-9
    h = 1e-4
    up, _ = ref.ramsey(n_atoms, nchi_t, phis + h, protocol)
    down, _ = ref.ramsey(n_atoms, nchi_t, phis - h, protocol)
    np.testing.assert_allclose(got["slope"].values[0], (up - down) / (2 * h), atol=1e-7)


@pytest.mark.parametrize("pumps", ["fock", "coherent"])
def test_eq4_and_the_sql_at_time_zero(pumps):
    n_atoms, phis = 60, np.array([-1.0, 0.0, 0.5])
    got = pairs.ramsey_signal(pairs.chain_moments(n_atoms, 0.0, pumps), phis, "sum")
    np.testing.assert_allclose(got["signal"].values[0], n_atoms / 2 * np.sin(phis), atol=1e-9)
    # Fock pumps: (Delta phi)^2 = 1/N at every phi; coherent pumps add the Poisson number noise
    # of S_{3,-} = (N_A + N_B)/2: (1 + tan^2 phi)/N (the paper's number fluctuations, item iii)
    extra = 0.0 if pumps == "fock" else np.tan(phis) ** 2
    np.testing.assert_allclose(got["phase_variance"].values[0], (1 + extra) / n_atoms, rtol=1e-9)


@pytest.mark.parametrize("protocol", pairs.PROTOCOLS)
def test_early_time_sensitivity_is_eq5_with_pump_depletion(protocol):
    # N = 400, nbar <= 1.35 << sqrt(N): the exact chain agrees with Eq. (5) when the tan^2 term
    # carries 4 nbar(nbar + 2)/N^2 within the UPA's 2 %; the printed coefficient is far off
    n_atoms, t, phi = 400, np.array([0.3, 0.8, 1.5]), 1.0
    got = pairs.ramsey_signal(pairs.chain_moments(n_atoms, t), phi, protocol)
    exact = got["phase_variance"].values[:, 0]
    np.testing.assert_allclose(
        exact, pairs.upa_phase_variance(n_atoms, t, phi, "depleted"), rtol=0.02
    )
    assert exact[-1] / pairs.upa_phase_variance(n_atoms, t[-1], phi, "paper") > 1.3


def test_eq6_holds_in_its_window_and_fails_at_its_optimum():
    # 1 << nbar << sqrt(N): Eq. (6) keeps the first order in 1/nbar (e^{-N chi t} =
    # 1/(2 nbar + 2) + ...) and in nbar/sqrt(N); allow 1/nbar plus 5 % for the next order.
    # Last point: Eq. (6)'s optimum nbar = sqrt(N)/3^(1/4), where the exact chain is well above
    n_atoms = 10_000
    opt = pairs.beyond_upa_optimum(n_atoms)
    nbar_upa = np.array([10.0, 15.0, 25.0, opt.nbar])
    t = 2 * np.arcsinh(np.sqrt(nbar_upa / 2))
    exact = pairs.ramsey_signal(pairs.chain_moments(n_atoms, t), 0.0)["phase_variance"].values
    ratio = exact[:, 0] / pairs.beyond_upa_phase_variance(n_atoms, nbar_upa)
    assert np.all(np.abs(ratio[:3] - 1) <= 1 / nbar_upa[:3] + 0.05)
    assert exact[3, 0] > 1.5 * opt.phase_variance


def test_phase_variance_respects_the_heisenberg_bound():
    # (Delta phi)^2 = Var(S_{2,+})/<S_{3,-}>^2 >= 1/(4 Var(S_{1,+})) >= 1/(N (N + 2))
    # (Fock pumps: N atoms exactly), at every time and phase
    for n_atoms in (6, 40):
        t = np.linspace(0, math.log(4 * n_atoms), 60)
        got = pairs.ramsey_signal(pairs.chain_moments(n_atoms, t), [0.0, 0.8, -2.0])
        assert np.all(got["phase_variance"].values >= 1 / (n_atoms * (n_atoms + 2)) - 1e-15)


def test_ramsey_variables_carry_units_and_names():
    got = pairs.ramsey_signal(pairs.chain_moments(8, [0.0, 1.0]), [0.1, 0.2], "sum")
    for name in (*got.data_vars, *got.coords):
        assert {"units", "long_name"} <= set(got[name].attrs), name
    assert got.attrs["protocol"] == "sum" and got.attrs["N"] == 8


def test_ramsey_refuses_other_datasets():
    with pytest.raises(TypeError, match="moments"):
        pairs.ramsey_signal({"spin_mean": 1}, 0.1)
    with pytest.raises(ValueError, match="moments"):
        pairs.ramsey_signal(pairs.upa_moments([0.0, 1.0]), 0.1)


# ----------------------------------------------------------------------------- exact vs UPA
def test_upa_departure_is_where_the_exact_squeezing_leaves_e_minus_t():
    dev = pairs.upa_departure(1000, 0.1)
    at = pairs.exact_squeezing(1000, [dev.nchi_t])
    assert float(at["xi2"][0]) * math.exp(dev.nchi_t) == pytest.approx(1.1, abs=1e-8)
    assert float(at["nbar"][0]) == pytest.approx(dev.nbar, rel=1e-12)
    assert dev.nbar_upa == pytest.approx(2 * math.sinh(dev.nchi_t / 2) ** 2, rel=1e-12)
    # a larger tolerance is reached later, and the optimal quadrature stays closer for longer
    later = pairs.upa_departure(1000, 0.3)
    assert later.nbar > dev.nbar
    assert pairs.upa_departure(1000, 0.1, quadrature="optimal").nbar > dev.nbar

"""Tests of spinbridge.twomode: the exact two-mode solver of Katz 2022 Eq. (28).

Exactness against closed forms (gamma = 0; Delta = 0 via Eq. (F1)), first-order agreement with
Eqs. (34), (38), (F6) with a derived bound, a peer check against QuTiP's master equation,
invariants (hypothesis) and limits, at parameters the paper never used.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinbridge import twomode as tm
from spinbridge import twomode_closed_forms as cf

OMEGA = np.kron(np.eye(2), np.array([[0.0, 1.0], [-1.0, 0.0]]))
PARAMS = [(1.3, 0.037), (0.71, 0.0123)]  # (J, gamma) [s^-1]: not the paper's J = 55 gamma


def _columns(t, J, g, **kw):
    """Propagator columns: (S_aa, S_ba) from a0 = 1 and (S_ab, S_bb) from b0 = 1."""
    s_aa, s_ba = tm.evolve_means(t, J, g, 1.0, 0.0, **kw)
    s_ab, s_bb = tm.evolve_means(t, J, g, 0.0, 1.0, **kw)
    return s_aa, s_ba, s_ab, s_bb


def _symplectic_eigenvalues(V):
    return np.sort(np.abs(np.linalg.eigvals(1j * OMEGA @ V)))[::2]


# ----------------------------------------------------------------------------- exactness
@pytest.mark.parametrize("J", [0.7, 2.9])
def test_lossless_means_are_the_beam_splitter(J):
    t = np.linspace(0, 7.0, 41)
    a, b = tm.evolve_means(t, J, 0.0, 0.3 + 0.4j, -0.2j)
    c, s = np.cos(J * t), np.sin(J * t)
    np.testing.assert_allclose(a, c * (0.3 + 0.4j) - 1j * s * (-0.2j), atol=1e-12)
    np.testing.assert_allclose(b, c * (-0.2j) - 1j * s * (0.3 + 0.4j), atol=1e-12)


@pytest.mark.parametrize("db, n_a, n_b", [(5.0, 0.0, 0.0), (11.0, 0.3, 0.7)])
def test_lossless_swap_at_t_pi_exchanges_x_a_into_p_b(db, n_a, n_b):
    J = 1.7
    v0 = tm.squeezed_covariance(db, n_a, n_b)
    V = tm.evolve_covariance(math.pi / (2 * J), J, 0.0, v0)[0]
    # b(T_pi) = -i a(0): X_B = P_A(0), P_B = -X_A(0); a(T_pi) = -i b(0)
    expect = np.diag([v0[3, 3], v0[2, 2], v0[1, 1], v0[0, 0]])
    np.testing.assert_allclose(V, expect, atol=1e-12)


@pytest.mark.parametrize("J, g", [*PARAMS, (1.0, 0.9), (1.0, 3.0)])
def test_means_equal_eq_f1_at_zero_detuning(J, g):
    t = np.linspace(0, 9.0, 37)
    s_aa, s_ba, s_ab, s_bb = _columns(t, J, g)
    f_aa, f_ba, f_bb = cf._survival_amplitudes(J, g, t)
    for got, want in ((s_aa, f_aa), (s_ba, f_ba), (s_ab, f_ba), (s_bb, f_bb)):
        np.testing.assert_allclose(got, want, atol=1e-12)


@pytest.mark.parametrize("J, g", PARAMS)
@pytest.mark.parametrize("db", [3.0, 7.0, 20.0])
def test_p_b_variance_at_t_pi_is_exact_and_matches_eq38_to_first_order(J, g, db):
    T = math.pi / (2 * J)
    v0 = tm.squeezed_covariance(db)
    V = tm.evolve_covariance(T, J, g, v0)[0]
    _, s_ba, _, s_bb = _columns(T, J, g)
    eta, kb = abs(s_ba[0]) ** 2, abs(s_bb[0]) ** 2
    exact = eta * v0[0, 0] + kb * 0.5 + (1 - eta - kb) * 0.5
    assert V[3, 3] == pytest.approx(exact, abs=1e-12)
    # |exact - Eq. (38)| = |V_XA/V_vac - 1| |eta - (1 - pi g/2J)|, and
    # |eta - (1 - x)| <= x^2/2 + (J/J~)^2 - 1 <= (pi^2/8 + 1/2)(g/J)^2 for g/J <= 0.1
    bound = (math.pi**2 / 8 + 1) * (g / J) ** 2
    assert abs(V[3, 3] / 0.5 - cf.transferred_variance_ratio(db, J / g)) <= bound


@pytest.mark.parametrize("J, g", [*PARAMS, (1.0, 0.1)])
def test_noise_excitation_from_the_solver_is_exact_and_matches_f6(J, g):
    T, n_b = math.pi / (2 * J), 3.0
    V = tm.evolve_covariance(T, J, g, np.diag([0.5, 0.5, n_b + 0.5, n_b + 0.5]))[0]
    _, s_ba, _, s_bb = _columns(T, J, g)
    noise = 2 * V[3, 3] - 2 * abs(s_bb[0]) ** 2 * (n_b + 0.5) - abs(s_ba[0]) ** 2
    assert noise == pytest.approx(cf.noise_excitation(J, g, T), abs=1e-12)
    # F6 = first order of 1 - e^{-x} (J/J~)^2 sin^2 - |S_bb|^2: bound (pi^2/8 + 1)(g/J)^2
    assert abs(noise - cf.noise_excitation_at_transfer(J, g)) <= (math.pi**2 / 8 + 1) * (g / J) ** 2


@pytest.mark.parametrize("m", [1, 2])
@pytest.mark.parametrize("J, g", [*PARAMS, (1.0, 0.1)])
def test_fock_transfer_is_one_minus_m_pi_gamma_over_2j_to_first_order(J, g, m):
    p = tm.fock_transfer_probability(J, g, m, math.pi / (2 * J))
    _, s_ba, _, _ = _columns(math.pi / (2 * J), J, g)
    assert p == pytest.approx(abs(s_ba[0]) ** (2 * m), abs=1e-13)
    # e^{-mx} - (1 - mx) <= (mx)^2/2, (J/J~)^{2m} - 1 <= m (g/J)^2/2 for g/J <= 0.1
    bound = (m**2 * math.pi**2 / 8 + m / 2) * (g / J) ** 2
    assert abs(p - cf.fock_transfer_first_order(J, g, m)) <= bound


def test_fock_distribution_is_binomial_with_norm_one():
    rng = np.random.default_rng(3)
    for _ in range(40):
        J, g, d = rng.uniform(0.1, 3), rng.uniform(0, 2), rng.uniform(-3, 3)
        m = int(rng.integers(0, 60))
        t = np.sort(rng.uniform(0, 10, 5))
        p = tm.fock_distribution(J, g, m, t, delta_s=d)
        np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-12)
        assert p.min() >= 0
    p = tm.fock_distribution(1.0, 0.1, 3, 0.4, n_max=6)
    assert p.shape == (7,) and np.all(p[4:] == 0)
    assert tm.fock_distribution(1.0, 0.1, 3, math.pi / 2)[3] == pytest.approx(
        tm.fock_transfer_probability(1.0, 0.1, 3, math.pi / 2), abs=1e-15
    )


def test_switch_stores_the_excitation():
    J, g = 1.0, 0.02
    T = math.pi / (2 * J)
    t = np.linspace(0, 4 * T, 201)
    p = tm.fock_transfer_probability(J, g, 2, t, switch_time_s=T, delta_after_s=1e4 * J)
    after = p[t >= T]
    # after the step the noble gas decays at gamma J^2/Delta^2 ~ 2e-10: stored
    assert after.max() - after.min() < 1e-5
    assert after[0] == pytest.approx(tm.fock_transfer_probability(J, g, 2, T), abs=1e-12)


# ----------------------------------------------------------------------------- limits
def test_large_detuning_decouples():
    J, g, d = 0.5, 0.2, 500.0
    t = np.linspace(0, 20, 401)
    a, b = tm.evolve_means(t, J, g, 1.0, delta_s=d)
    assert np.max(np.abs(b) ** 2) <= 4 * J**2 / d**2  # Rabi bound of the off-resonant exchange
    np.testing.assert_allclose(np.abs(a), np.exp(-g * t), rtol=1e-4)


def test_strong_damping_is_overdamped_with_slow_rate_j2_over_gamma():
    J, g = 0.3, 30.0
    t = np.linspace(0, 200, 101)
    _, b = tm.evolve_means(t, J, g, 0.0, 1.0)
    assert np.all(np.diff(b.real) < 0) and np.all(b.real > 0)  # no oscillation
    # slow eigenvalue -g/2 + sqrt(g^2/4 - J^2) = -J^2/g (1 + J^2/g^2 + ...)
    rate = g / 2 - math.sqrt(g**2 / 4 - J**2)
    np.testing.assert_allclose(np.abs(b[-1]), np.exp(-rate * t[-1]), rtol=1e-3)
    assert rate == pytest.approx(J**2 / g, rel=2 * (J / g) ** 2)


def test_critical_damping_is_continuous():
    v0 = tm.squeezed_covariance(4.0, 0.1, 0.2)
    t = np.linspace(0, 6, 13)
    at = tm.evolve_covariance(t, 1.0, 2.0, v0, n_thermal_A=0.1)
    near = tm.evolve_covariance(t, 1.0, 2.0 + 1e-9, v0, n_thermal_A=0.1)
    np.testing.assert_allclose(at, near, atol=1e-8)


def test_thermal_noise_relaxes_to_the_bath():
    V = tm.evolve_covariance(
        [400.0], 1.0, 0.5, tm.vacuum_covariance(), n_thermal_A=0.4, gamma_B_s=0.1, n_thermal_B=0.4
    )[0]
    np.testing.assert_allclose(V, 0.9 * np.eye(4), atol=1e-10)


# ----------------------------------------------------------------------------- invariants
rates = st.floats(0.05, 5.0)


@settings(max_examples=40, deadline=None)
@given(J=rates, d=st.floats(-5, 5), db=st.floats(0, 15), n=st.floats(0, 2))
def test_lossless_dynamics_conserves_number_and_symplectic_spectrum(J, d, db, n):
    v0 = tm.squeezed_covariance(db, n, 0.3)
    t = np.linspace(0, 10, 11)
    V = tm.evolve_covariance(t, J, 0.0, v0, delta_s=d, switch_time_s=2.0, delta_after_s=-d / 2)
    np.testing.assert_allclose(np.trace(V, axis1=1, axis2=2), np.trace(v0), rtol=1e-10)
    nu0 = _symplectic_eigenvalues(v0)
    for v in V:
        np.testing.assert_allclose(_symplectic_eigenvalues(v), nu0, rtol=1e-8)
    a, b = tm.evolve_means(t, J, 0.0, 0.6 - 0.1j, 0.2j, delta_s=d)
    np.testing.assert_allclose(np.abs(a) ** 2 + np.abs(b) ** 2, 0.41, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    J=rates,
    g=st.floats(0, 8),
    gb=st.floats(0, 1),
    d=st.floats(-8, 8),
    db=st.floats(0, 20),
    na=st.floats(0, 1),
    nb=st.floats(0, 1),
    sw=st.floats(0, 5),
)
def test_covariance_stays_physical(J, g, gb, d, db, na, nb, sw):
    v0 = tm.squeezed_covariance(db, na, nb)
    t = np.linspace(0, 12, 25)
    V = tm.evolve_covariance(
        t,
        J,
        g,
        v0,
        delta_s=d,
        switch_time_s=sw,
        delta_after_s=3 * d,
        gamma_B_s=gb,
        n_thermal_A=na,
        n_thermal_B=nb,
    )
    scale = max(1.0, np.abs(V).max())
    for v in V:
        np.testing.assert_allclose(v, v.T, atol=1e-14 * scale)
        assert np.linalg.eigvalsh(v).min() > -1e-10 * scale
        assert np.linalg.eigvalsh(v + 0.5j * OMEGA).min() > -1e-10 * scale


# ----------------------------------------------------------------------------- QuTiP peer check
def _qutip_model(qt, N, J, g, d, na, gb=0.0, nb=0.0):
    a = qt.tensor(qt.destroy(N), qt.qeye(N))
    b = qt.tensor(qt.qeye(N), qt.destroy(N))
    H = J * (a.dag() * b + b.dag() * a) - d * a.dag() * a
    c_ops = [math.sqrt(2 * g * (na + 1)) * a, math.sqrt(2 * g * na) * a.dag()]
    c_ops += [math.sqrt(2 * gb * (nb + 1)) * b, math.sqrt(2 * gb * nb) * b.dag()]
    return a, b, H, [c for c in c_ops if c.norm() > 0]


@pytest.mark.parametrize("J, g, d", [(1.3, 0.37, 0.0), (0.8, 0.11, 0.45)])
def test_fock_statistics_match_qutip_mesolve(J, g, d):
    qt = pytest.importorskip("qutip")
    m, N = 2, 3  # vacuum noise conserves n <= m: truncation at m is exact
    _, _, H, c_ops = _qutip_model(qt, N, J, g, d, 0.0)
    t = np.array([0.0, 0.4, math.pi / (2 * J), 3.1])
    rho0 = qt.ket2dm(qt.tensor(qt.basis(N, m), qt.basis(N, 0)))
    e_ops = [qt.tensor(qt.qeye(N), qt.fock_dm(N, k)) for k in range(m + 1)]
    e_ops.append(qt.tensor(qt.fock_dm(N, 0), qt.fock_dm(N, m)))
    opts = {"atol": 1e-12, "rtol": 1e-10, "nsteps": 100000}
    res = qt.mesolve(H, rho0, t, c_ops, e_ops=e_ops, options=opts)
    ref = np.array(res.expect).real
    dist = tm.fock_distribution(J, g, m, t, delta_s=d)
    np.testing.assert_allclose(dist.T, ref[: m + 1], atol=1e-6)
    p = tm.fock_transfer_probability(J, g, m, t, delta_s=d)
    np.testing.assert_allclose(p, ref[m + 1], atol=1e-6)


@pytest.mark.parametrize(
    "J, g, d, db, na, nb, gb",
    [(1.1, 0.23, 0.0, 1.5, 0.0, 0.0, 0.0), (0.9, 0.3, -0.35, 1.2, 0.04, 0.06, 0.05)],
)
def test_squeezed_covariance_matches_qutip_mesolve(J, g, d, db, na, nb, gb):
    qt = pytest.importorskip("qutip")
    N = 14
    a, b, H, c_ops = _qutip_model(qt, N, J, g, d, na, gb, nb)
    r = db * math.log(10) / 20  # X_A variance x 10^(-dB/10) = e^{-2r}
    sq = qt.tensor(qt.squeeze(N, r), qt.qeye(N))
    rho0 = sq * qt.tensor(qt.thermal_dm(N, na), qt.thermal_dm(N, nb)) * sq.dag()
    quads = [(a + a.dag()) / math.sqrt(2), -1j * (a - a.dag()) / math.sqrt(2)]
    quads += [(b + b.dag()) / math.sqrt(2), -1j * (b - b.dag()) / math.sqrt(2)]
    pairs = [(i, j) for i in range(4) for j in range(i, 4)]
    e_ops = [(quads[i] * quads[j] + quads[j] * quads[i]) / 2 for i, j in pairs]
    t = np.array([0.0, 0.7, math.pi / (2 * J), 2.6])
    opts = {"atol": 1e-12, "rtol": 1e-10, "nsteps": 100000}
    ref = np.array(qt.mesolve(H, rho0, t, c_ops, e_ops=e_ops, options=opts).expect).real
    V = tm.evolve_covariance(
        t,
        J,
        g,
        tm.squeezed_covariance(db, na, nb),
        delta_s=d,
        gamma_B_s=gb,
        n_thermal_A=na,
        n_thermal_B=nb,
    )
    for k, (i, j) in enumerate(pairs):
        np.testing.assert_allclose(V[:, i, j], ref[k], atol=1e-6)


# ----------------------------------------------------------------------------- arguments
def test_noise_occupation_is_one_minus_p_over_2p():
    assert tm.noise_occupation(0.95) == pytest.approx(0.05 / 1.9)
    assert tm.noise_occupation(0.75) == pytest.approx(1 / 6)
    assert 2 * tm.squeezed_covariance(0.0, tm.noise_occupation(0.75))[0, 0] == pytest.approx(
        1 / 0.75
    )


@pytest.mark.parametrize(
    "cov, msg",
    [
        (np.eye(4) * 0.1, "uncertainty"),
        (np.diag([0.5, 0.5, 0.5, -0.1]), "positive"),
        (np.eye(4) / 2 + np.triu(np.ones((4, 4)), 1) * 0.01, "symmetric"),
        (np.eye(3), "shape"),
        (np.full((4, 4), np.nan), "finite"),
    ],
)
def test_bad_covariance_is_refused(cov, msg):
    with pytest.raises(ValueError, match=msg):
        tm.evolve_covariance([0.0, 1.0], 1.0, 0.1, cov)


def test_bad_schedules_and_times_are_refused():
    with pytest.raises(ValueError, match="t_s"):
        tm.evolve_means([1.0, 0.5], 1.0, 0.1, 1.0)
    with pytest.raises(ValueError, match="switch_time_s"):
        tm.evolve_means([1.0], 1.0, 0.1, 1.0, switch_time_s=0.3)
    with pytest.raises(TypeError, match="a0"):
        tm.evolve_means([1.0], 1.0, 0.1, "1")
    with pytest.raises(ValueError, match="m"):
        tm.fock_distribution(1.0, 0.1, -1, 1.0)

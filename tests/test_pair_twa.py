"""Tests of spinbridge.pair_twa: truncated Wigner dynamics of Sundar et al. (2023), Eqs. (1)-(3).

Three references: the exact quantum dynamics of Eq. (1) (a private pair-chain solver, checked
against a dense spin solver and QuTiP's ``sesolve``), the undepleted-pump closed forms of Eq. (3)
(n = 2 sinh^2(N chi t / 2), xi^2 = e^{-N chi t}), and derived properties of the TWA itself (its
initial rates, the Weyl corrections, conservation laws, the reduction of the 20-level model).
Atom numbers and times are mostly not the paper's (N = 4 ... 1000, N chi t <= 3).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.linalg import eigh_tridiagonal
from scipy.stats import poisson

from spinbridge import pair_twa as pt

K_SEM = 4  # statistical tolerance: 4 standard errors (two-sided p ~ 6e-5 per comparison)


# ----------------------------------------------------------------------------- exact references
def _chain_moments(n_a: int, n_b: int, N: int, times) -> np.ndarray:
    """Exact moments of Eq. (1) with n_a atoms in the A pump and n_b in the B pump.

    H = chi S^+ S^- + delta (S_B^z - S_A^z), chi = 1/N, delta = 1/2 (tau = N chi t). H conserves
    N_A, N_B and S^z_tot, so the state stays in the chain |k> = (k pairs), k <= min(n_a, n_b);
    S_{1,-}, S_{2,-} map it onto the neighbouring bands n_{e,A} - n_{g,B} = +-1, whose norms give
    the second moments. Rows: <S1^2>, <S2^2>, <{S1, S2}>/2, <n_pair> (<S1> = <S2> = 0).
    """
    kmax = min(n_a, n_b)
    k = np.arange(kmax + 1.0)
    diag = (k * (n_a - k + 1) + (n_b - k) * (k + 1)) / N + 0.5 * (n_a + n_b - 4 * k) / 2
    off = (k[:-1] + 1) * np.sqrt((n_a - k[:-1]) * (n_b - k[:-1])) / N
    w, v = eigh_tridiagonal(diag, off) if kmax else (diag, np.ones((1, 1)))
    j = np.arange(1, kmax + 2.0)
    c_a = np.sqrt(np.maximum(j * (n_a - j + 1), 0.0))
    c_b = np.sqrt(np.maximum(j * (n_b - j + 1), 0.0))
    out = []
    for t in np.atleast_1d(times):
        psi = np.append(v @ (np.exp(-1j * w * t) * v[0]), 0.0)
        up, lo = psi[1:], psi[:-1]  # psi_j and psi_{j-1}, j = 1 .. kmax + 1
        s1 = (0.5 * c_b * up + 0.5j * c_a * lo, 0.5 * c_b * lo - 0.5j * c_a * up)
        s2 = (-0.5j * c_b * up - 0.5 * c_a * lo, 0.5j * c_b * lo - 0.5 * c_a * up)
        q11 = sum(np.vdot(x, x).real for x in s1)
        q22 = sum(np.vdot(x, x).real for x in s2)
        q12 = sum(np.vdot(x, y).real for x, y in zip(s1, s2))
        out.append((q11, q22, q12, np.sum(2 * k * np.abs(psi[:-1]) ** 2)))
    return np.array(out)


def _exact(N: int, times, pumps: str = "fock") -> dict[str, np.ndarray]:
    """xi2, xi2_opt, nbar of Eq. (1): Fock pumps, or the Poisson mixture of coherent pumps."""
    if pumps == "fock":
        q11, q22, q12, nbar = _chain_moments(N // 2, N // 2, N, times).T
    else:  # observables conserve N_A, N_B: coherent pumps = Poisson mixture of sectors
        n_max = int(poisson.isf(1e-12, N / 2)) + 1
        p = poisson.pmf(np.arange(n_max + 1), N / 2)
        q11, q22, q12, nbar = sum(
            p[i] * p[k] * _chain_moments(i, k, N, times)
            for i in range(n_max + 1)
            for k in range(n_max + 1)
        ).T
    lam = (q11 + q22) / 2 - np.sqrt(((q11 - q22) / 2) ** 2 + q12**2)
    return {"xi2": 4 / N * q11, "xi2_opt": 4 / N * lam, "nbar": nbar}


def _spin_operators(n_a: int, n_b: int):
    """Dense collective spins (S_A, S_B) of n_a and n_b atoms, the paper's S_B sign absorbed."""

    def spin(j):
        m = np.arange(-j, j + 1)
        return np.diag(np.sqrt(j * (j + 1) - m[:-1] * (m[:-1] + 1)), -1), np.diag(m)

    (pa, za), (pb, zb) = spin(n_a / 2), spin(n_b / 2)
    ia, ib = np.eye(len(za)), np.eye(len(zb))
    return np.kron(pa, ib), np.kron(za, ib), np.kron(ia, pb), np.kron(ia, zb)


# ----------------------------------------------------------------------------- the references
def test_pair_chain_equals_a_dense_spin_solver():
    times = np.linspace(0, 2.0, 5)
    for n_a, n_b, N in [(2, 2, 4), (6, 6, 12), (5, 3, 8), (0, 4, 8)]:
        sap, saz, sbp, sbz = _spin_operators(n_a, n_b)
        sp = sap + sbp
        H = sp @ sp.T / N + 0.5 * (sbz - saz)
        s1 = (sbp + sbp.T) / 2 - (sap - sap.T) / 2j
        s2 = (sbp - sbp.T) / 2j - (sap + sap.T) / 2
        npair = saz + sbz.max() * np.eye(len(H)) - sbz - saz.min() * np.eye(len(H))
        psi0 = np.zeros(len(H))
        psi0[n_b] = 1.0  # m_A = -n_a/2 (first A state), m_B = +n_b/2 (last of n_b + 1 B states)
        w, v = np.linalg.eigh(H)
        dense = []
        for t in times:
            psi = v @ (np.exp(-1j * w * t) * (v.T @ psi0))
            ev = [np.vdot(psi, op @ psi).real for op in (s1 @ s1, s2 @ s2, (s1 @ s2 + s2 @ s1) / 2)]
            dense.append([*ev, np.vdot(psi, npair @ psi).real])
        np.testing.assert_allclose(_chain_moments(n_a, n_b, N, times), dense, atol=1e-12)


def test_dense_reference_agrees_with_qutip_sesolve():
    qutip = pytest.importorskip("qutip")
    N, j = 6, 1.5
    sa, sb = qutip.jmat(j, "+"), qutip.jmat(j, "+")
    eye = qutip.qeye(int(2 * j + 1))
    sap, sbp = qutip.tensor(sa, eye), qutip.tensor(eye, sb)
    saz, sbz = qutip.tensor(qutip.jmat(j, "z"), eye), qutip.tensor(eye, qutip.jmat(j, "z"))
    sp = sap + sbp
    H = sp * sp.dag() / N + 0.5 * (sbz - saz)
    s1 = (sbp + sbp.dag()) / 2 - (sap - sap.dag()) / 2j
    psi0 = qutip.tensor(qutip.basis(4, 3), qutip.basis(4, 0))  # qutip: index 0 is m = +j
    times = np.linspace(0, 2.0, 5)
    res = qutip.sesolve(H, psi0, times, e_ops=[s1 * s1], options={"atol": 1e-12, "rtol": 1e-10})
    np.testing.assert_allclose(_chain_moments(3, 3, N, times)[:, 0], res.expect[0], atol=1e-8)


@pytest.mark.parametrize("N", [4, 12, 100])
def test_exact_initial_rates_are_those_of_eq3(N):
    # |<1_eA 1_gB|H|0>| = chi sqrt(N_A N_B) = N chi / 2 for any N: n'' = 1, d xi^2/d tau = -1
    tau = np.array([0.0, 1e-3, 2e-3])
    ex = _exact(N, tau)
    slope = (4 * ex["xi2"][1] - ex["xi2"][2] - 3 * ex["xi2"][0]) / 2e-3
    assert slope == pytest.approx(-1.0, abs=1e-5)  # O(tau^2) of the one-sided difference
    assert ex["nbar"][2] / (2e-3**2 / 2) == pytest.approx(1.0, abs=1e-5)  # O(tau^2)


# ----------------------------------------------------------------------------- TWA structure
def _weyl_hamiltonian(model, a: np.ndarray, N: int) -> np.ndarray:
    """H_W = chi sum_p |d_p|^2 + alpha^dag (chi K + Z) alpha per trajectory (tau units)."""
    h = sum(np.abs(np.einsum("it,ij,jt->t", a.conj(), c, a)) ** 2 for c in model.couplings) / N
    one_body = np.diag(model.zeeman) + model.weyl_one_body() / N
    return h + np.einsum("it,ij,jt->t", a.conj(), one_body, a).real


MODELS = {"quartet": pt._quartet_model, "87Sr": pt._strontium_model}


@pytest.mark.parametrize("name", MODELS)
def test_weyl_corrections_are_the_derived_constants(name):
    # Var S_{1,-}: -tr(c_1^2)/4 = -1/4 (each of S_B^x, S_A^y contributes 1/8), no cross term;
    # n: -1/2 per mode (2 pair modes, 16 further modes at 20 levels)
    model = MODELS[name]()
    cov, counts = pt._weyl_shifts(model)
    np.testing.assert_allclose(cov, -np.eye(2) / 4, atol=1e-15)
    np.testing.assert_allclose(counts, [-1.0, -(model.n_modes - 4) / 2], atol=1e-15)


@pytest.mark.parametrize("pumps", pt.PUMPS)
@pytest.mark.parametrize("N", [4, 10])
def test_initial_values_are_exact_and_need_the_weyl_correction(N, pumps, monkeypatch):
    ds = pt.twa_squeezing(N, [0.0], n_traj=20000, seed=1, pumps=pumps)
    for var, want in (("xi2", 1.0), ("xi2_opt", 1.0), ("nbar", 0.0)):
        assert ds[var].item() == pytest.approx(want, abs=1e-12)  # exact: tau = 0 is the control
    plain = pt.twa_squeezing(N, [0.0], 20000, 1, 4, pumps, control_variates=False)
    err = plain.xi2_err.item()
    assert abs(plain.xi2.item() - 1.0) <= K_SEM * err
    assert abs(plain.xi2.item() - (1.0 + 1.0 / N)) > K_SEM * err  # the data tell 1/N apart
    monkeypatch.setattr(pt, "_weyl_shifts", lambda m: (np.zeros((2, 2)), np.zeros(2)))
    uncorrected = pt.twa_squeezing(N, [0.0], n_traj=20000, seed=1, pumps=pumps)
    assert uncorrected.xi2.item() == pytest.approx(1.0 + 1.0 / N, abs=1e-12)


@pytest.mark.parametrize("name", MODELS)
def test_equations_of_motion_are_the_gradient_of_the_weyl_hamiltonian(name):
    model, N = MODELS[name](), 50
    rng = np.random.default_rng(4)
    a = rng.normal(size=(model.n_modes, 3)) + 1j * rng.normal(size=(model.n_modes, 3))
    rhs = pt._rhs(pt._operator_stack(model, 1 / N), a, len(model.couplings), 1 / N)
    eps = 1e-6
    for k in range(model.n_modes):  # i d alpha_k/d tau = dH/d alpha_k* = (dH/dx + i dH/dy)/2
        e = np.zeros((model.n_modes, 1))
        e[k] = eps
        d_re = (_weyl_hamiltonian(model, a + e, N) - _weyl_hamiltonian(model, a - e, N)) / (2 * eps)
        d_im = _weyl_hamiltonian(model, a + 1j * e, N) - _weyl_hamiltonian(model, a - 1j * e, N)
        grad = (d_re + 1j * d_im / (2 * eps)) / 2
        np.testing.assert_allclose(1j * rhs[k], grad, rtol=1e-6, atol=1e-7)  # central differences


@pytest.mark.parametrize("name", MODELS)
def test_numba_kernel_equals_the_numpy_reference(name):
    model, N = MODELS[name](), 300
    a0 = pt._initial_amplitudes(model, N, 37, "coherent", np.random.default_rng(2))
    kernel = list(pt._evolve(model, a0, np.array([0.7, 1.5]), N, 0.02))[-1]
    ref = pt._rk4(pt._operator_stack(model, 1 / N), a0, len(model.couplings), 1 / N, 0.02, 75)
    np.testing.assert_allclose(kernel, ref, rtol=0, atol=1e-11 * np.abs(a0).max())  # rounding


@pytest.mark.parametrize("name", MODELS)
def test_trajectories_conserve_energy_and_atom_numbers(name):
    model, N = MODELS[name](), 1000
    a0 = pt._initial_amplitudes(model, N, 50, "coherent", np.random.default_rng(3))
    a1 = list(pt._evolve(model, a0, np.array([5.0]), N, 0.02))[-1]
    n_g = model.n_modes // 2 if model.n_modes > 4 else None

    def invariants(a):
        pop = np.abs(a) ** 2
        out = [_weyl_hamiltonian(model, a, N), pop.sum(0)]
        if n_g is None:  # quartet: N_A, N_B and the excited number n_eA + n_eB
            out += [pop[0] + pop[1], pop[2] + pop[3], pop[1] + pop[3]]
        else:  # 20 levels: the excited number (J^+ J^- and the Zeeman term conserve it)
            out.append(pop[n_g:].sum(0))
        return np.array(out)

    # RK4 at step 0.02: amplitude error ~1e-9 of sqrt(N/2) (benchmarks/bench_pair_twa.py)
    np.testing.assert_allclose(invariants(a1), invariants(a0), rtol=1e-8)


def test_same_seed_same_numbers_and_another_seed_differs():
    t = [0.5, 2.0]
    a, b = (pt.twa_squeezing(200, t, n_traj=300, seed=7, pumps="fock") for _ in range(2))
    assert a.identical(b)
    c = pt.twa_squeezing(200, t, n_traj=300, seed=8, pumps="fock")
    assert not np.allclose(a.xi2.values, c.xi2.values, rtol=1e-6)


def test_results_do_not_depend_on_the_step():
    t = np.array([1.0, 3.0, 5.0])
    coarse = pt.twa_squeezing(10**4, t, n_traj=500, seed=1, levels=20)  # default step 0.05
    fine = pt.twa_squeezing(10**4, t, n_traj=500, seed=1, levels=20, step=0.01)
    for var in ("xi2", "xi2_opt", "nbar"):  # RK4 error ~4e-8 of the amplitudes: far below SEM
        assert np.all(np.abs(coarse[var] - fine[var]) <= 1e-3 * coarse[f"{var}_err"])


def test_control_variates_agree_with_plain_means_and_shrink_the_errors():
    t = np.array([0.5, 2.0, 3.0])
    cv = pt.twa_squeezing(100, t, n_traj=4000, seed=3, pumps="coherent")
    plain = pt.twa_squeezing(100, t, 4000, 3, 4, "coherent", control_variates=False)
    for var in ("xi2", "xi2_opt", "nbar"):
        err = np.hypot(cv[f"{var}_err"], plain[f"{var}_err"])  # same samples: conservative
        assert np.all(np.abs(cv[var] - plain[var]) <= K_SEM * err)
        assert np.all(cv[f"{var}_err"] < plain[f"{var}_err"])


def test_error_bars_match_the_scatter_between_seeds():
    t = np.array([1.0, 2.5])
    runs = [pt.twa_squeezing(100, t, n_traj=300, seed=s, pumps="fock") for s in range(30)]
    for var in ("xi2", "xi2_opt", "nbar"):
        scatter = np.std([r[var].values for r in runs], axis=0, ddof=1)
        quoted = np.sqrt(np.mean([r[f"{var}_err"].values ** 2 for r in runs], axis=0))
        # 30 seeds: the sample standard deviation scatters by 1/sqrt(58) = 13 %; 3 sigma
        np.testing.assert_allclose(scatter / quoted, 1.0, atol=0.4)


# ----------------------------------------------------------------------------- against references
@pytest.mark.parametrize("pumps", pt.PUMPS)
@pytest.mark.parametrize("N", [4, 12, 100])
def test_initial_rates_of_the_twa_are_one_plus_one_over_N(N, pumps):
    """TWA at tau -> 0: d<S1^2>/dt = -chi p (p - 1/2) and n'' = 4 chi^2 p (p - 1/2) with the
    Wigner pump radius p = <|alpha|^2> = N/2 + 1/2, i.e. xi^2' = -(1 + 1/N), n'' = 1 + 1/N, against
    -1 and 1 exactly (test_exact_initial_rates_are_those_of_eq3): the TWA's O(1/N) error."""
    tau = np.array([0.0, 1e-3, 2e-3])
    ds = pt.twa_squeezing(N, tau, n_traj=4000, seed=3, pumps=pumps, step=1e-3)
    x, ex = ds.xi2.values, ds.xi2_err.values
    slope = (4 * x[1] - x[2] - 3 * x[0]) / 2e-3
    slope_err = math.hypot(4 * ex[1], ex[2]) / 2e-3
    assert abs(slope + 1 + 1 / N) <= K_SEM * slope_err + 1e-3  # O(tau^2) of the difference
    curv = ds.nbar.values[2] / (2e-3**2 / 2)
    curv_err = ds.nbar_err.values[2] / (2e-3**2 / 2)
    assert abs(curv - 1 - 1 / N) <= K_SEM * curv_err + 4e-3 * (1 + 1 / N)  # next order: O(tau)


@pytest.mark.parametrize("pumps", pt.PUMPS)
@pytest.mark.parametrize("N", [4, 8, 12])
def test_twa_minus_exact_is_its_one_over_N_rate_error_at_early_times(N, pumps):
    """At N <= 12 the TWA differs from the exact dynamics by its O(1/N) rate error: with the rates
    (1 + 1/N) of the test above, xi^2 - xi^2_exact = -tau e^{-tau}/N and n/n_exact = 1 + 1/N."""
    tau = np.array([0.25, 0.5])
    ds = pt.twa_squeezing(N, tau, n_traj=20000, seed=5, pumps=pumps)
    ex = _exact(N, tau, pumps)
    for var, bias in (("xi2", -tau * np.exp(-tau) / N), ("nbar", ex["nbar"] / N)):
        diff = ds[var].values - ex[var]
        # the derived bias is the tau -> 0 limit; its higher orders in tau and 1/N shift it by
        # up to 20 % at tau <= 0.5 (N = 4 ... 12): 25 % of the bias plus 4 SEM
        assert np.all(np.abs(diff - bias) <= 0.25 * np.abs(bias) + K_SEM * ds[f"{var}_err"].values)


def _compare_with_the_chain(N, tau_max, n_traj):
    tau = np.arange(0.0, tau_max + 1e-9, 0.1)
    ds = pt.twa_squeezing(N, tau, n_traj=n_traj, seed=6, pumps="fock")
    ex = _exact(N, tau)
    for var in ("xi2", "xi2_opt"):
        # the TWA's error is O(1/N): -tau e^{-tau}/N early, about -1.4/N at the minimum
        # (N = 100, 1000 with 2e4 trajectories); 2/N bounds it
        assert np.all(np.abs(ds[var].values - ex[var]) <= 2 / N + K_SEM * ds[f"{var}_err"].values)
    # n/n_exact = 1 + 1/N early (derived), 1 + 1.2/N at tau = 4 (N = 100)
    rel = np.abs(ds.nbar.values[1:] / ex["nbar"][1:] - 1)
    assert np.all(rel <= 2 / N + K_SEM * ds.nbar_err.values[1:] / ex["nbar"][1:])
    s = math.sqrt(N)
    assert ds.xi2.values.min() * s == pytest.approx(ex["xi2"].min() * s, abs=2 / s + 0.05)


def test_twa_follows_the_exact_quartet_through_the_squeezing_minimum_at_N_100():
    _compare_with_the_chain(100, 4.0, 4000)


def test_twa_follows_the_exact_quartet_through_the_squeezing_minimum_at_N_1000():
    _compare_with_the_chain(1000, 5.0, 20000)


@pytest.mark.parametrize("pumps, tau_max", [("fock", 3.0), ("coherent", 2.0)])
def test_twa_agrees_with_the_undepleted_pump_approximation_at_small_n(pumps, tau_max):
    """N = 1e4, n <= 9 << sqrt(N) = 100: Eq. (3) closed forms to 2 % (beyond-UPA terms ~ n/N).
    Coherent pumps only to n = 2.8: their Poissonian numbers detune the pair resonance by
    ~ chi sqrt(N), which adds ~ n^2/N to xi^2/e^{-tau} (2.5 % at n = 9; Fock pumps have none)."""
    tau = np.linspace(0.5, tau_max, 6)
    ds = pt.twa_squeezing(10**4, tau, n_traj=4000, seed=2, pumps=pumps)
    for var, upa in (("xi2", np.exp(-tau)), ("nbar", 2 * np.sinh(tau / 2) ** 2)):
        assert np.all(K_SEM * ds[f"{var}_err"].values <= 0.02 * upa)  # the 2 % is resolved
        np.testing.assert_allclose(ds[var].values, upa, rtol=0.02)


def test_optimal_quadrature_turns_away_from_s1_only_at_order_one_over_N():
    # chi S^z_tot turns both spins by tau/N; the Kerr detuning chi n per pair beyond the UPA by
    # about n/N: |theta_opt| <= 3 (tau + n)/N, and xi2_opt <= xi2 by construction
    tau = np.array([1.0, 3.0, 5.0])
    ds = pt.twa_squeezing(10**4, tau, n_traj=2000, seed=1, pumps="fock")
    assert np.all(np.abs(ds.theta_opt.values) <= 3 * (tau + ds.nbar.values) / 1e4)
    assert np.all(ds.xi2_opt.values <= ds.xi2.values + 1e-15)


# ----------------------------------------------------------------------------- 20 levels
def test_pi_only_87sr_model_is_the_quartet_without_noise_in_the_other_sublevels():
    # with pi light alone every n_{g,m} + n_{e,m} is conserved: empty sublevels stay empty and the
    # stretched states obey the quartet's equations exactly
    quartet, sr = pt._quartet_model(), pt._strontium_model(polarizations=("pi",))
    N = 500
    a4 = pt._initial_amplitudes(quartet, N, 20, "coherent", np.random.default_rng(9))
    a20 = np.zeros((sr.n_modes, 20), dtype=complex)
    a20[list(sr.quartet)] = a4
    t = np.array([1.0, 4.0])
    for b4, b20 in zip(pt._evolve(quartet, a4, t, N, 0.02), pt._evolve(sr, a20, t, N, 0.02)):
        np.testing.assert_allclose(b20[list(sr.quartet)], b4, atol=1e-10)  # rounding of RK4
        assert np.abs(np.delete(b20, list(sr.quartet), axis=0)).max() == 0.0


def test_pi_only_87sr_model_with_vacuum_noise_matches_the_quartet():
    """Same seed: the quartet's draws are shared. The empty sublevels' vacuum noise reaches the
    quartet only through d_pi (an O(1/N) TWA artefact: the exact model keeps them empty) and
    leaves every n_{g,m} + n_{e,m} unchanged (n_other = 0 exactly). It adds noise that the
    control variates cannot remove, so each run's own error enters the comparison."""
    N, tau, n_traj = 1000, np.array([1.0, 2.5, 3.5]), 2000
    sr = pt._strontium_model(polarizations=("pi",))
    a0 = pt._initial_amplitudes(sr, N, n_traj, "fock", np.random.default_rng(4))
    pi_only = pt._run(sr, a0, tau, N, 0.05, True, "fock", 4)  # the default step
    quartet = pt.twa_squeezing(N, tau, n_traj=n_traj, seed=4, pumps="fock")
    for var in ("xi2", "nbar"):
        err = np.hypot(pi_only[f"{var}_err"], quartet[f"{var}_err"])
        assert np.all(np.abs(pi_only[var] - quartet[var]) <= K_SEM * err)
    np.testing.assert_allclose(pi_only.n_other, 0.0, atol=1e-9)


@pytest.mark.parametrize("N", [10**4, 10**5])
def test_87sr_model_agrees_with_the_quartet_at_early_times(N):
    tau = np.array([1.0, 2.0, 3.0])
    sr = pt.twa_squeezing(N, tau, n_traj=2000, seed=3, levels=20, pumps="fock")
    quartet = pt.twa_squeezing(N, tau, n_traj=2000, seed=3, levels=4, pumps="fock")
    for var in ("xi2", "xi2_opt", "nbar"):
        err = np.hypot(sr[f"{var}_err"], quartet[f"{var}_err"])
        assert np.all(np.abs(sr[var] - quartet[var]) <= K_SEM * err)


def test_leakage_out_of_the_quartet_is_the_detuned_perp_pair_channel():
    """The perp photon makes pairs (e,-7/2) + (g,7/2) from the pumps with coupling N chi/18 and
    mean-field N chi/18 per mode; their Zeeman energy -(16/9) delta = -(8/9) N chi: the sum
    detuning -(7/9) N chi exceeds twice the coupling, so each mode holds
    (1/48) sin^2(sqrt(48) tau / 18) (undepleted pumps)."""
    tau = np.array([0.5, 1.0, 2.0, 3.0, 4.0])
    ds = pt.twa_squeezing(10**4, tau, n_traj=4000, seed=1, levels=20, pumps="fock")
    want = 2 / 48 * np.sin(math.sqrt(48) * tau / 18) ** 2
    assert np.all(np.abs(ds.n_other.values - want) <= K_SEM * ds.n_other_err.values)
    assert ds.n_other.values.max() < 0.01 * ds.nbar.values.max()  # "dominantly the quartet"


def test_quartet_has_no_other_sublevels():
    ds = pt.twa_squeezing(100, [1.0], n_traj=100)
    assert ds.n_other.item() == 0.0 and ds.n_other_err.item() == 0.0


# ----------------------------------------------------------------------------- arguments
@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"N": 11}, "N must be even"),
        ({"nchi_t": [1.0, 0.5]}, "sorted"),
        ({"nchi_t": []}, "nchi_t"),
        ({"levels": 6}, "levels must be one of"),
        ({"pumps": "thermal"}, "pumps must be one of"),
        ({"n_traj": 10}, "n_traj"),
        ({"n_traj": 10**6, "nchi_t": [150.0], "levels": 20}, "MAX_WORK"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs, match):
    args = {"N": 100, "nchi_t": [1.0], **kwargs}
    with pytest.raises(ValueError, match=match):
        pt.twa_squeezing(**args)


def test_dataset_carries_units_and_provenance():
    ds = pt.twa_squeezing(100, [0.0, 1.0], n_traj=100, seed=3, levels=20, pumps="fock")
    for name in [*ds.data_vars, *ds.coords]:
        assert {"units", "long_name"} <= set(ds[name].attrs)
    assert ds.nchi_t.attrs["long_name"] == "N chi t"
    assert (ds.attrs["N"], ds.attrs["levels"], ds.attrs["pumps"], ds.attrs["seed"]) == (
        100,
        20,
        "fock",
        3,
    )
    assert "truncated Wigner" in ds.attrs["method"]

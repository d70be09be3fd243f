"""Tests of spinbridge.multimode and spinbridge.multimode_fock: Katz 2022 Eq. (27), Fig. 7.

The 1 + 1-mode reduction against the two-mode solver, invariants of the lossless exchange
(hypothesis), a peer check against QuTiP's master equation, a spherical-cell diffusion model
(convergence in the number of kept modes), and argument validation.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from spinbridge import multimode as mm
from spinbridge import twomode as tm
from spinbridge.multimode_fock import fock_distribution_multimode

J, G, GB = 1.3, 0.037, 0.011  # [s^-1]: not the paper's J = 55 gamma
T = np.linspace(0.0, 5.0, 41)
SCHEDULES = [{}, {"delta_s": 0.3}, {"delta_s": 0.3, "switch_time_s": 1.0, "delta_after_s": -40.0}]


def _omega(n: int) -> np.ndarray:
    return np.kron(np.eye(n), np.array([[0.0, 1.0], [-1.0, 0.0]]))


def _random_system(seed: int, n_a: int, n_b: int, lossless: bool = False):
    rng = np.random.default_rng(seed)
    K = rng.normal(0.0, 1.0, (n_a, n_b))
    g_a = np.zeros(n_a) if lossless else rng.uniform(0.0, 0.5, n_a)
    g_b = np.zeros(n_b) if lossless else rng.uniform(0.0, 0.2, n_b)
    return K, g_a, g_b


def sphere_modes(n_a: int, n_b: int, R=2.54, D_A=0.054, D_B=0.023, gamma=17.5, J_s=1000.0):
    """Spherically symmetric diffusion modes of a sphere (Sec. VII.A parameters, cm and s).

    Alkali: Dirichlet ``sin(m pi r/R)/r``; noble gas: Neumann ``sin(k r)/r`` with
    ``tan(kR) = kR`` and the uniform mode. Returns ``(J c, gamma_A, gamma_B, w)``, ``w`` the
    weights of the alkali uniform mode (``sum w^2 = 6/pi^2 sum 1/m^2``).
    """
    a = np.arange(1, n_a + 1) * math.pi / R
    k = np.zeros(n_b)
    for n in range(1, n_b):
        k[n] = (
            brentq(lambda x: math.sin(x) - x * math.cos(x), n * math.pi + 1e-9, (n + 0.5) * math.pi)
            / R
        )
    na = 1 / math.sqrt(2 * math.pi * R)
    nb = np.empty(n_b)
    nb[0] = math.sqrt(3 / (4 * math.pi * R**3))
    nb[1:] = 1 / np.sqrt(4 * math.pi * (R / 2 - np.sin(2 * k[1:] * R) / (4 * k[1:])))
    c = np.empty((n_a, n_b))
    c[:, 0] = 4 * math.pi * na * nb[0] * R * (-1.0) ** (np.arange(1, n_a + 1) + 1) / a
    A, Kk = a[:, None], k[None, 1:]
    c[:, 1:] = (
        4
        * math.pi
        * na
        * nb[1:]
        * (np.sin((A - Kk) * R) / (2 * (A - Kk)) - np.sin((A + Kk) * R) / (2 * (A + Kk)))
    )
    return J_s * c, gamma + D_A * a**2, D_B * k**2, c[:, 0].copy()


# ----------------------------------------------------------------------------- 1 + 1 reduction
@pytest.mark.parametrize("kw", SCHEDULES)
def test_one_plus_one_modes_is_the_two_mode_model(kw):
    a, b = tm.evolve_means(T, J, G, 0.3 + 0.1j, -0.2j, gamma_B_s=GB, **kw)
    A, B = mm.evolve_means_multimode(T, [[J]], [G], [GB], [0.3 + 0.1j], [-0.2j], **kw)
    # both are closed forms of the same 2x2 exponential: rounding only
    np.testing.assert_allclose(A[:, 0], a, atol=1e-9)
    np.testing.assert_allclose(B[:, 0], b, atol=1e-9)
    v0 = tm.squeezed_covariance(7.0, 0.03, 0.2)
    noise = {"n_thermal_A": 0.03, "n_thermal_B": 0.2}
    V = tm.evolve_covariance(T, J, G, v0, gamma_B_s=GB, **noise, **kw)
    W = mm.evolve_covariance_multimode(T, [[J]], [G], [GB], v0, **noise, **kw)
    np.testing.assert_allclose(W, V, atol=1e-9)  # same exact solution, two routes: rounding


@pytest.mark.parametrize("eps", [0.0, 1e-9, 1e-7, 1e-5, 1e-3])
def test_one_plus_one_near_the_exceptional_point(eps):
    """gamma - gamma_B = 2J: defective drift; the rounding guard switches to expm."""
    v0 = tm.squeezed_covariance(5.0, 0.03, 0.0)
    V = tm.evolve_covariance(T, 1.0, 2.0 + eps, v0, n_thermal_A=0.03)
    W = mm.evolve_covariance_multimode(T, [[1.0]], [2.0 + eps], [0.0], v0, n_thermal_A=0.03)
    np.testing.assert_allclose(W, V, atol=1e-9)  # exact both; 1e-9: eigen rounding ~eps cond^2


@pytest.mark.parametrize("m", [0, 1, 3])
@pytest.mark.parametrize("delta", [0.0, 0.4])
def test_one_plus_one_fock_distribution_is_the_two_mode_binomial(m, delta):
    p = fock_distribution_multimode(
        T, [[J]], [G], [0.0], m, source_weights=[1.0], target_weights=[1.0], n_max=m, delta_s=delta
    )
    np.testing.assert_allclose(p, tm.fock_distribution(J, G, m, T, delta_s=delta), atol=1e-9)


def test_fock_is_reexported_by_the_solver_module():
    assert mm.fock_distribution_multimode is fock_distribution_multimode


# ----------------------------------------------------------------------------- invariants
@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    n_a=st.integers(1, 3),
    n_b=st.integers(1, 3),
    delta=st.floats(-2.0, 2.0),
)
def test_lossless_exchange_conserves_number_and_symplectic_form(seed, n_a, n_b, delta):
    K, g_a, g_b = _random_system(seed, n_a, n_b, lossless=True)
    n = n_a + n_b
    t = np.linspace(0.0, 3.0, 7)
    cols = [
        np.hstack(mm.evolve_means_multimode(t, K, g_a, g_b, e[:n_a], e[n_a:], delta_s=delta))
        for e in np.eye(n)
    ]
    S = np.stack(cols, axis=-1)  # (n_t, n, n)
    # unitary S <=> real propagator R symplectic and orthogonal; 1e-10: rounding of exp and eig
    np.testing.assert_allclose(
        S @ np.conj(np.swapaxes(S, 1, 2)), np.eye(n)[None] * np.ones((7, 1, 1)), atol=1e-10
    )
    R = np.zeros((7, 2 * n, 2 * n))
    R[:, 0::2, 0::2], R[:, 0::2, 1::2] = S.real, -S.imag
    R[:, 1::2, 0::2], R[:, 1::2, 1::2] = S.imag, S.real
    om = _omega(n)
    np.testing.assert_allclose(
        R @ om @ np.swapaxes(R, 1, 2), om[None] * np.ones((7, 1, 1)), atol=1e-10
    )
    v0 = mm.initial_covariance_multimode(
        n_a, n_b, n_thermal_A=0.1, n_thermal_B=0.3, squeezing_db=6.0
    )
    modes = [("alkali", i) for i in range(n_a)] + [("noble", i) for i in range(n_b)]
    V = mm.evolve_covariance_multimode(t, K, g_a, g_b, v0, delta_s=delta, output_modes=modes)
    number = np.trace(V, axis1=1, axis2=2) / 2 - n / 2  # sum <a^dag a> = sum (V_X + V_P)/2 - 1/2
    np.testing.assert_allclose(number, number[0], atol=1e-10)  # rounding


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n_a=st.integers(1, 3), n_b=st.integers(1, 3))
def test_covariance_is_physical_at_every_time(seed, n_a, n_b):
    K, g_a, g_b = _random_system(seed, n_a, n_b, lossless=seed % 3 == 0)
    n = n_a + n_b
    v0 = mm.initial_covariance_multimode(
        n_a, n_b, n_thermal_A=0.05, n_thermal_B=0.17, squeezing_db=7.0
    )
    modes = [("alkali", i) for i in range(n_a)] + [("noble", i) for i in range(n_b)]
    V = mm.evolve_covariance_multimode(
        np.linspace(0.0, 4.0, 9),
        K,
        g_a,
        g_b,
        v0,
        n_thermal_A=0.03,
        n_thermal_B=0.2,
        delta_s=0.2,
        switch_time_s=1.5,
        delta_after_s=-3.0,
        output_modes=modes,
    )
    for v in V:
        # 1e-10: rounding of the closed forms (entries O(10))
        assert np.linalg.eigvalsh(v).min() > -1e-10
        assert np.linalg.eigvalsh(v + 0.5j * _omega(n)).min() > -1e-10


def test_covariance_of_all_modes_matches_a_reference_ode():
    """Full 3 + 2-mode covariance against dV/dt = A V + V A^T + D by solve_ivp (1e-8: its rtol)."""
    from scipy.integrate import solve_ivp

    K, g_a, g_b = _random_system(7, 3, 2)
    n = 5
    v0 = mm.initial_covariance_multimode(3, 2, n_thermal_A=0.05, n_thermal_B=0.17, squeezing_db=5.0)
    M = mm.multimode_drift(K, g_a, g_b, 0.3)
    A = np.zeros((2 * n, 2 * n))
    A[0::2, 0::2], A[0::2, 1::2], A[1::2, 0::2], A[1::2, 1::2] = M.real, -M.imag, M.imag, M.real
    d = np.repeat(np.concatenate([g_a * 1.1, g_b * 1.4]), 2)
    sol = solve_ivp(
        lambda _, y: (A @ y.reshape(2 * n, -1) + y.reshape(2 * n, -1) @ A.T + np.diag(d)).ravel(),
        (0, 3.0),
        v0.ravel(),
        t_eval=T[T <= 3.0],
        rtol=1e-11,
        atol=1e-13,
        method="DOP853",
    )
    modes = [("alkali", i) for i in range(3)] + [("noble", i) for i in range(2)]
    V = mm.evolve_covariance_multimode(
        T[T <= 3.0],
        K,
        g_a,
        g_b,
        v0,
        delta_s=0.3,
        n_thermal_A=0.05,
        n_thermal_B=0.2,
        output_modes=modes,
    )
    np.testing.assert_allclose(V, sol.y.T.reshape(-1, 2 * n, 2 * n), atol=1e-8)


def test_superposition_output_equals_the_rotated_basis():
    """A noble-gas basis rotation O (equal rates): mode (O^T)_0 of the system equals mode 0 of
    the system with coupling K O^T."""
    K, g_a, _ = _random_system(3, 2, 3)
    g_b = np.full(3, 0.07)
    O, _ = np.linalg.qr(np.random.default_rng(1).normal(size=(3, 3)))
    v0 = mm.initial_covariance_multimode(2, 3, n_thermal_A=0.05, n_thermal_B=0.17, squeezing_db=4.0)
    kw = {"n_thermal_A": 0.03, "n_thermal_B": 0.2, "delta_s": 0.1}
    V1 = mm.evolve_covariance_multimode(T, K, g_a, g_b, v0, output_modes=[("noble", O[0])], **kw)
    V2 = mm.evolve_covariance_multimode(T, K @ O.T, g_a, g_b, v0, output_modes=[("noble", 0)], **kw)
    np.testing.assert_allclose(V1, V2, atol=1e-10)  # v0 is isotropic on the noble modes; rounding
    p1 = fock_distribution_multimode(
        T,
        K,
        g_a,
        g_b,
        2,
        source_weights=[0.6, 0.8],
        target_weights=O[0],
        n_thermal_A=0.03,
        n_thermal_B=0.2,
    )
    p2 = fock_distribution_multimode(
        T,
        K @ O.T,
        g_a,
        g_b,
        2,
        source_weights=[0.6, 0.8],
        target_weights=("noble", 0),
        n_thermal_A=0.03,
        n_thermal_B=0.2,
    )
    np.testing.assert_allclose(p1, p2, atol=1e-10)


# ----------------------------------------------------------------------------- initial states
def test_initial_covariance_of_a_superposition_mode():
    w = np.array([0.6, 0.0, 0.8])
    v0 = mm.initial_covariance_multimode(
        3, 2, n_thermal_A=0.05, n_thermal_B=0.17, squeezing_db=7.0, alkali_uniform_projection=w
    )
    V = mm.evolve_covariance_multimode(
        0.0,
        np.ones((3, 2)),
        np.ones(3),
        np.ones(2),
        v0,
        output_modes=[("alkali", w), ("alkali", [0.8, 0.0, -0.6]), ("noble", 1)],
    )[0]
    g = 10**0.7
    np.testing.assert_allclose(np.diag(V), [0.55 / g, 0.55 * g, 0.55, 0.55, 0.67, 0.67], atol=1e-12)
    assert np.abs(V - np.diag(np.diag(V))).max() < 1e-12  # orthogonal modes are uncorrelated


def test_initial_covariance_default_is_twomode_squeezed():
    v = mm.initial_covariance_multimode(1, 1, n_thermal_A=0.03, n_thermal_B=0.2, squeezing_db=7.0)
    np.testing.assert_allclose(v, tm.squeezed_covariance(7.0, 0.03, 0.2), atol=1e-14)


# ----------------------------------------------------------------------------- Fock distribution
@pytest.mark.parametrize("m", [0, 2, 5])
def test_fock_distribution_is_normalised(m):
    K, g_a, g_b = _random_system(5, 3, 2)
    p = fock_distribution_multimode(
        T,
        K,
        g_a,
        g_b,
        m,
        source_weights=[0.6, 0.0, 0.7],
        target_weights=[0.8, 0.6],
        n_thermal_A=0.05,
        n_thermal_B=0.4,
        initial_occupation_A=0.1,
        initial_occupation_B=0.2,
        delta_s=0.2,
        switch_time_s=2.0,
        delta_after_s=30.0,
    )
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-12)  # default n_max: tail < 1e-16


def _qutip_fock(K, g_a, g_b, m, w_src, delta, n_a_th, n_b_th, t, dim):
    qt = pytest.importorskip("qutip")
    ops = [
        qt.tensor(*[qt.destroy(dim) if i == j else qt.qeye(dim) for i in range(4)])
        for j in range(4)
    ]
    a, b = ops[:2], ops[2:]
    H = -delta * sum(x.dag() * x for x in a)
    H += sum(K[i, j] * (a[i].dag() * b[j] + b[j].dag() * a[i]) for i in range(2) for j in range(2))
    c_ops = []
    for ops_, rates, n in ((a, g_a, n_a_th), (b, g_b, n_b_th)):
        for x, g in zip(ops_, rates, strict=True):
            c_ops.append(math.sqrt(2 * g * (n + 1)) * x)
            if n > 0:
                c_ops.append(math.sqrt(2 * g * n) * x.dag())
    vac = qt.tensor(*[qt.basis(dim, 0)] * 4)
    u_dag = (w_src[0] * a[0] + w_src[1] * a[1]).dag()
    psi = (u_dag**m * vac).unit()
    res = qt.mesolve(H, psi * psi.dag(), t, c_ops, options={"atol": 1e-12, "rtol": 1e-10})
    projectors = [
        qt.tensor(qt.qeye(dim), qt.qeye(dim), qt.fock_dm(dim, k), qt.qeye(dim)) for k in range(dim)
    ]
    return np.array([[qt.expect(p, rho) for p in projectors] for rho in res.states])


@pytest.mark.parametrize(
    "m, n_a_th, n_b_th, dim",
    [(2, 0.0, 0.0, 3), (1, 0.005, 0.005, 4)],  # vacuum: exact at dim m+1; thermal: small n
)
def test_fock_distribution_against_qutip(m, n_a_th, n_b_th, dim):
    K = np.array([[1.0, 0.4], [-0.3, 0.7]])
    g_a, g_b = np.array([0.2, 0.5]), np.array([0.0, 0.3])
    w = np.array([0.8, 0.6])
    t = np.linspace(0.0, 2.5, 6)
    ref = _qutip_fock(K, g_a, g_b, m, w, 0.3, n_a_th, n_b_th, t, dim)
    p = fock_distribution_multimode(
        t,
        K,
        g_a,
        g_b,
        m,
        source_weights=w,
        target_weights=("noble", 0),
        n_max=dim - 1,
        n_thermal_A=n_a_th,
        n_thermal_B=n_b_th,
        initial_occupation_A=0.0,
        initial_occupation_B=0.0,
        delta_s=0.3,
    )
    # 1e-6: mesolve tolerances (1e-10) and, thermal, the Fock cut at dim (populations ~ n^(dim-1))
    np.testing.assert_allclose(p, ref, atol=1e-6)


# ----------------------------------------------------------------------------- truncation
@pytest.mark.slow
def test_uniform_modes_converge_in_the_number_of_kept_modes():
    """Fig. 7 cell: the transferred noble-gas variance converges as kept modes double (truncated
    modes neglected, App. E: their couplings are O(J/pi^2 gamma_r0))."""
    out = {}
    t = np.linspace(0.0, 3 * math.pi / 2000, 13)
    for n in (50, 100, 200):
        K, g_a, g_b, w = sphere_modes(n, n)
        v0 = mm.initial_covariance_multimode(
            n, n, n_thermal_A=0.05, n_thermal_B=0.17, squeezing_db=7.0, alkali_uniform_projection=w
        )
        V = mm.evolve_covariance_multimode(
            t,
            K,
            g_a,
            g_b,
            v0,
            n_thermal_A=0.0263,
            n_thermal_B=0.1667,
            output_modes=[("alkali", w), ("noble", 0)],
        )
        out[n] = V[:, 3, 3]
    far, near = np.abs(out[50] - out[200]).max(), np.abs(out[100] - out[200]).max()
    assert near < far / 3  # converging (measured: 400 modes differ from 200 by 1.6e-4)
    assert near < 2e-3  # 1.5 % of the transferred variance 0.128 at T_pi


def test_truncated_uniform_mode_weights_follow_the_sphere_series():
    _, _, _, w = sphere_modes(50, 3)
    assert w @ w == pytest.approx(6 / math.pi**2 * sum(1 / k**2 for k in range(1, 51)), rel=1e-12)


# ----------------------------------------------------------------------------- validation
SYSTEM = {"coupling_s": [[1.0, 0.5]], "alkali_rates_s": [0.1], "noble_rates_s": [0.0, 0.2]}


@pytest.mark.parametrize(
    "override, name",
    [
        ({"coupling_s": [1.0, 0.5]}, "coupling_s"),
        ({"coupling_s": [[1.0, np.nan]]}, "coupling_s"),
        ({"coupling_s": [["a", "b"]]}, "coupling_s"),
        ({"coupling_s": np.zeros((0, 2))}, "coupling_s"),
        ({"coupling_s": np.zeros((1, 2000))}, "coupling_s"),
        ({"alkali_rates_s": [-0.1]}, "alkali_rates_s"),
        ({"alkali_rates_s": 0.1}, "alkali_rates_s"),
        ({"noble_rates_s": [0.1]}, "noble_rates_s"),
        ({"noble_rates_s": [0.1, np.inf]}, "noble_rates_s"),
        ({"delta_s": np.nan}, "delta_s"),
    ],
)
def test_drift_refuses_bad_arguments(override, name):
    with pytest.raises((ValueError, TypeError), match=name):
        mm.multimode_drift(**{**SYSTEM, "delta_s": 0.0, **override})


@pytest.mark.parametrize(
    "override, name",
    [
        ({"a0": [1.0, 0.0]}, "a0"),
        ({"b0": [1.0, np.nan]}, "b0"),
        ({"b0": ["x", "y"]}, "b0"),
        ({"t_s": [1.0, 0.5]}, "t_s"),
        ({"t_s": [-1.0]}, "t_s"),
        ({"switch_time_s": 1.0}, "delta_after_s"),
        ({"switch_time_s": -1.0, "delta_after_s": 1.0}, "switch_time_s"),
    ],
)
def test_means_refuse_bad_arguments(override, name):
    kw = {"t_s": [0.0, 1.0], "a0": [1.0], "b0": [0.0, 0.0], **SYSTEM, **override}
    with pytest.raises((ValueError, TypeError), match=name):
        mm.evolve_means_multimode(**kw)


@pytest.mark.parametrize(
    "override, name",
    [
        ({"cov0": np.eye(4)}, "cov0"),
        ({"cov0": np.eye(6) * 0.1}, "cov0"),
        ({"cov0": np.eye(6) + np.triu(np.ones((6, 6)), 1) * 0.01}, "cov0"),
        ({"cov0": np.full((6, 6), np.nan)}, "cov0"),
        ({"n_thermal_A": -0.1}, "n_thermal_A"),
        ({"n_thermal_B": np.inf}, "n_thermal_B"),
        ({"output_modes": ()}, "output_modes"),
        ({"output_modes": [("helium", 0)]}, "output_modes"),
        ({"output_modes": [("noble", 2)]}, "output_modes"),
        ({"output_modes": [("alkali", [2.0])]}, "output_modes"),
        ({"output_modes": [("noble", [0.5])]}, "output_modes"),
        ({"output_modes": "alkali"}, "output_modes"),
    ],
)
def test_covariance_refuses_bad_arguments(override, name):
    kw = {"t_s": [0.0, 1.0], "cov0": np.eye(6) / 2, **SYSTEM, **override}
    with pytest.raises((ValueError, TypeError), match=name):
        mm.evolve_covariance_multimode(**kw)


@pytest.mark.parametrize(
    "override, name",
    [
        ({"n_A": 0}, "n_A"),
        ({"n_B": 2000}, "n_B"),
        ({"squeezing_db": -1.0}, "squeezing_db"),
        ({"squeezed_mode": ("noble", 5)}, "squeezed_mode"),
        ({"alkali_uniform_projection": [0.5]}, "alkali_uniform_projection"),
        ({"alkali_uniform_projection": [0.5, 0.5], "squeezed_mode": ("noble", 0)}, "squeezed_mode"),
    ],
)
def test_initial_covariance_refuses_bad_arguments(override, name):
    kw = {"n_A": 2, "n_B": 2, "n_thermal_A": 0.05, "n_thermal_B": 0.17, **override}
    with pytest.raises((ValueError, TypeError), match=name):
        mm.initial_covariance_multimode(**kw)


@pytest.mark.parametrize(
    "override, name",
    [
        ({"m": -1}, "m"),
        ({"m": 2.5}, "m"),
        ({"n_max": 10**7}, "n_max"),
        ({"n_max": 10**5, "m": 10**5}, "n_max"),
        ({"source_weights": [0.5, 0.5]}, "source_weights"),
        ({"target_weights": [2.0, 0.0]}, "target_weights"),
        ({"initial_occupation_A": -1.0}, "initial_occupation_A"),
        ({"n_thermal_B": np.nan}, "n_thermal_B"),
    ],
)
def test_fock_refuses_bad_arguments(override, name):
    kw = {
        "t_s": [0.0, 1.0],
        "m": 2,
        "source_weights": [1.0],
        "target_weights": [0.6, 0.8],
        **SYSTEM,
        **override,
    }
    with pytest.raises((ValueError, TypeError), match=name):
        fock_distribution_multimode(**kw)

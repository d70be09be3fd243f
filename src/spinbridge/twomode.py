"""Two-mode exchange of Katz et al. (2022): alkali mode ``a`` coupled to noble-gas mode ``b``.

The linear Heisenberg-Langevin model of Eq. (28), with the optional noble-gas decay of App. G,

    d<a>/dt = (i Delta(t) - gamma) a - i J b + F_A,        d<b>/dt = -i J a - gamma_B b + F_B,

solved exactly: means by the matrix exponential ``S(t) = exp(M t)`` of the drift matrix ``M``,
the symmetrised covariance by ``V(t) = S V0 S^T + int_0^t S D S^T`` piece by piece (a
piecewise-constant detuning: the field step that "stores" the excitation at ``t = pi/2J``,
Figs. 3(c), 4). Fock-state statistics follow from ``S`` in closed form. Times in s, rates in
s^-1 (angular), the paper's closed forms are in :mod:`spinbridge.twomode_closed_forms`, the
magnetometer of Sec. VI.C in :mod:`spinbridge.magnetometer`.

Conventions and derivations
---------------------------
* Quadratures ``X = (a + a^dag)/sqrt2``, ``P = (a - a^dag)/(i sqrt2)``, ``[X, P] = i``, vacuum
  variance 1/2, ordered ``(X_A, P_A, X_B, P_B)``. The paper (Sec. VI.B, after Ref. [50]) uses
  ``X = (a + a^dag)/2`` with vacuum variance 1/4: every variance here is twice the paper's;
  ratios (dB) are the same.
* Noise. Vacuum noise of amplitude decay rate gamma: ``<F(t) F^dag(t')> = 2 gamma delta(t-t')``
  (App. C, Eq. (C7)); thermal noise of occupation n: ``<F F^dag> = 2 gamma (n+1) delta``,
  ``<F^dag F> = 2 gamma n delta`` - the Lindblad operators ``sqrt(2 gamma (n+1)) a`` and
  ``sqrt(2 gamma n) a^dag``. The quadrature diffusion matrix is
  ``D = diag(gamma (2 n_A + 1) [1, 1], gamma_B (2 n_B + 1) [1, 1])``, so a lone mode relaxes to
  the thermal variance ``n + 1/2``.
* Occupations from polarisation (:func:`noise_occupation`). Eqs. (C8)-(C9) give
  ``<F^dag F> / [F, F^dag] = delta_p / 2 / 1`` (``delta_p = 1 - p``), i.e. ``n = (1 - p)/2``
  to first order; the spin-exchange noise of App. C (unnumbered, before (C6)) gives
  ``n = (2 - p_A - p_B) / (2 (p_A + p_B))``, exactly ``(1 - p)/(2p)`` for ``p_A = p_B = p``;
  the initial variance ``1/(4p)`` of Sec. VI.B is the thermal variance of the same
  ``n = (1 - p)/(2p)``. We use ``n = (1 - p)/(2p)``: 0.0263 for ``p_A = 0.95``, 0.1667 for
  ``p_B = 0.75``. Deviation: Sec. VII states ``<a^dag a> = 0.05`` for ``p_A = 0.95`` (that is
  ``1 - p_A``, 1.9 x its own ``(1 - p)/2p`` = 0.0263), while ``<b^dag b> = 0.17`` for
  ``p_B = 0.75`` agrees with ``(1 - p)/2p``. Also the Fig. 4(b) caption's "-1.25 dB" initial
  noble variance is ``10 log10(1/p_B) = +1.25 dB`` (above vacuum: ``1/3 > 1/4``).
* Covariance propagation per constant piece. The dynamics is passive (no ``a a`` terms), so in
  the complex basis ``xi = (a, b, a^dag, b^dag)`` the normal block ``C_ij = <{a_i, a_j^dag}>/2``
  obeys ``C -> S C S^dag + Q(t)`` with ``Q(t) = int_0^t S(s) diag(gamma(2n_A+1),
  gamma_B(2n_B+1)) S(s)^dag ds`` and the anomalous block ``K_ij = <a_i a_j>`` obeys
  ``K -> S K S^T`` (phase-insensitive noise). ``Q`` is evaluated in closed form from the
  eigen-decomposition ``M = P L P^-1``: ``Q = P [(exp((l_i + l_j*) t) - 1)/(l_i + l_j*) o
  (P^-1 D P^-dag)] P^dag`` (the ratio -> t as ``l_i + l_j* -> 0``: undamped modes are exact);
  near the exceptional point (critical damping ``gamma - gamma_B = 2J``, ``Delta = 0``, where
  ``P`` is singular) by the Lyapunov solution ``Q = Q_inf - S Q_inf S^dag`` with
  ``M Q_inf + Q_inf M^dag + D = 0`` (solvable there: both eigenvalues have real part
  ``-(gamma + gamma_B)/2 != 0``).

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Sec. V, Eq. (28); Sec. VI.A-B,
Eqs. (29)-(38); Appendix C, Eqs. (C7)-(C9); Appendix F, Eqs. (F1)-(F12).
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import scipy.linalg
from scipy.stats import binom

from spinbridge.species import _check_count, _check_real

__all__ = [
    "MAX_FOCK",
    "MAX_TIMES",
    "drift_matrix",
    "evolve_covariance",
    "evolve_means",
    "fock_distribution",
    "fock_transfer_probability",
    "noise_occupation",
    "squeezed_covariance",
    "vacuum_covariance",
]

MAX_TIMES = 10_000_000
"""Size guard: most output times of one call."""
MAX_FOCK = 1_000_000
"""Size guard: largest Fock number ``m`` / ``n_max``."""
MAX_SQUEEZING_DB = 100.0
"""Largest accepted squeezing (dB): beyond, 10^(dB/10) leaves the float range of interest."""

_OMEGA = np.kron(np.eye(2), np.array([[0.0, 1.0], [-1.0, 0.0]]))
_COND_MAX = 100.0  # eigenvector condition (error ~ eps cond^2) above which Lyapunov / expm is used


# ----------------------------------------------------------------------------- checks
def _check_rates(J_s, gamma_s, gamma_B_s=0.0) -> None:
    _check_real("J_s", J_s, 0.0, lo_open=True)
    _check_real("gamma_s", gamma_s, 0.0)
    _check_real("gamma_B_s", gamma_B_s, 0.0)


def _check_times(name: str, t) -> tuple[np.ndarray, bool]:
    """``t`` as a 1-D float array (>= 0, non-decreasing) and whether it was a scalar."""
    if isinstance(t, numbers.Real) and not isinstance(t, bool | np.bool_):
        _check_real(name, t, 0.0)
        return np.array([float(t)]), True
    arr = np.asarray(t)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a number or a 1-D array of times, got shape {arr.shape}")
    if arr.size > MAX_TIMES:
        raise ValueError(f"{name} has {arr.size} times, more than MAX_TIMES = {MAX_TIMES}")
    _check_real(name, arr, 0.0)
    arr = arr.astype(float)
    if np.any(np.diff(arr) < 0):
        raise ValueError(f"{name} must be sorted (non-decreasing)")
    return arr, False


def _check_amplitude(name: str, z) -> complex:
    if isinstance(z, bool | np.bool_) or not isinstance(z, numbers.Complex):
        raise TypeError(f"{name} must be a complex number, got {type(z).__name__} {z!r}")
    z = complex(z)
    if not (math.isfinite(z.real) and math.isfinite(z.imag)):
        raise ValueError(f"{name} must be finite, got {z!r}")
    return z


def _check_schedule(delta_s, switch_time_s, delta_after_s) -> None:
    _check_real("delta_s", delta_s)
    if (switch_time_s is None) != (delta_after_s is None):
        raise ValueError(
            f"give both switch_time_s and delta_after_s or neither, got switch_time_s="
            f"{switch_time_s!r}, delta_after_s={delta_after_s!r}"
        )
    if switch_time_s is not None:
        _check_real("switch_time_s", switch_time_s, 0.0)
        _check_real("delta_after_s", delta_after_s)


def _check_covariance(cov0) -> np.ndarray:
    """A real symmetric 4x4 matrix with ``V + i Omega/2 >= 0`` (hence PSD)."""
    v = np.asarray(cov0)
    if v.dtype.kind not in "iuf":
        raise TypeError(f"cov0 must be a real 4x4 array, got dtype {v.dtype}")
    if v.shape != (4, 4):
        raise ValueError(f"cov0 must have shape (4, 4), got {v.shape}")
    v = v.astype(float)
    if not np.all(np.isfinite(v)):
        raise ValueError("cov0 must be finite")
    scale = max(1.0, float(np.abs(v).max()))
    if np.abs(v - v.T).max() > 1e-12 * scale:
        raise ValueError("cov0 must be symmetric")
    v = (v + v.T) / 2
    if np.linalg.eigvalsh(v).min() < -1e-12 * scale:
        raise ValueError("cov0 must be positive semi-definite")
    if np.linalg.eigvalsh(v + 0.5j * _OMEGA).min() < -1e-10 * scale:
        raise ValueError("cov0 violates the uncertainty relation V + i Omega/2 >= 0")
    return v


# ----------------------------------------------------------------------------- drift, propagators
def drift_matrix(J_s: float, gamma_s: float, delta_s: float, gamma_B_s: float = 0.0) -> np.ndarray:
    """Drift matrix ``M`` of Eq. (28) (with App. G's ``gamma_B``): ``d/dt (a, b) = M (a, b)``.

    ``M = [[i Delta - gamma, -i J], [-i J, -gamma_B]]`` in the rotating frame of the noble gas.

    Parameters
    ----------
    J_s : float
        Exchange rate J [s^-1], > 0.
    gamma_s : float
        Alkali amplitude decay rate gamma [s^-1], >= 0.
    delta_s : float
        Detuning Delta = omega_B - omega_A [s^-1] (any sign).
    gamma_B_s : float, optional
        Noble-gas amplitude decay rate [s^-1], >= 0 (0 in the paper's Eq. (28b)).

    Returns
    -------
    numpy.ndarray
        Complex 2x2 ``M``.
    """
    _check_rates(J_s, gamma_s, gamma_B_s)
    _check_real("delta_s", delta_s)
    return np.array([[1j * delta_s - gamma_s, -1j * J_s], [-1j * J_s, -gamma_B_s]], dtype=complex)


def _mul(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Products of (stacks of) 2x2 matrices by broadcasting (faster than batched matmul)."""
    return A[..., :, 0:1] * B[..., 0:1, :] + A[..., :, 1:2] * B[..., 1:2, :]


def _dag(A: np.ndarray) -> np.ndarray:
    return np.conj(np.swapaxes(A, -1, -2))


def _expm1_over_real(x: float, tau: np.ndarray) -> np.ndarray:
    """``expm1(x tau)/x`` for real x (``tau`` at ``x = 0``)."""
    return tau.copy() if x == 0 else np.expm1(x * tau) / x


def _expm1_over_complex(z: complex, tau: np.ndarray) -> np.ndarray:
    """``expm1(z tau)/z`` for complex z, from real functions (numpy's complex expm1 is slow).

    ``expm1(x + iy) = expm1(x) cos y - 2 sin^2(y/2) + i e^x sin y``: no cancellation at small
    ``|z tau|``.
    """
    if z == 0:
        return tau + 0j
    x, y = z.real * tau, z.imag * tau
    em1 = np.expm1(x)
    real = em1 * np.cos(y) - 2.0 * np.sin(y / 2) ** 2
    return (real + 1j * (em1 + 1.0) * np.sin(y)) / z


def _noise_kernel(lam: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """``G_jl(tau) = (exp((l_j + l_l*) tau) - 1)/(l_j + l_l*)`` (-> tau at 0), shape (n, 2, 2).

    ``G_lj = G_jl*``: two real diagonal kernels and one complex off-diagonal one.
    """
    G = np.empty((*tau.shape, 2, 2), dtype=complex)
    G[:, 0, 0] = _expm1_over_real(2 * lam[0].real, tau)
    G[:, 1, 1] = _expm1_over_real(2 * lam[1].real, tau)
    G[:, 0, 1] = _expm1_over_complex(lam[0] + np.conj(lam[1]), tau)
    G[:, 1, 0] = np.conj(G[:, 0, 1])
    return G


def _piece(M: np.ndarray, diffusion: np.ndarray | None, tau: np.ndarray):
    """``S(tau) = exp(M tau)`` and ``Q(tau)`` (None without noise) for one constant piece."""
    lam, P = np.linalg.eig(M)
    if np.linalg.cond(P) <= _COND_MAX:
        P_inv = np.linalg.inv(P)
        e = np.exp(lam[None, :] * tau[:, None])  # (n, 2)
        S = sum(e[:, j, None, None] * np.outer(P[:, j], P_inv[j])[None] for j in range(2))
        if diffusion is None:
            return S, None
        Dt = P_inv @ diffusion @ _dag(P_inv)
        G = _noise_kernel(lam, tau) * Dt[None]
        Q = sum(
            G[:, j, k, None, None] * np.outer(P[:, j], np.conj(P[:, k]))[None]
            for j in range(2)
            for k in range(2)
        )
        return S, (Q + _dag(Q)) / 2
    # exceptional point: exp by Pade (scaling and squaring), Q by the Lyapunov solution
    S = scipy.linalg.expm(M[None] * tau[:, None, None])
    if diffusion is None:
        return S, None
    q_inf = scipy.linalg.solve_continuous_lyapunov(M, -diffusion)
    Q = q_inf[None] - _mul(_mul(S, q_inf[None]), _dag(S))
    return S, (Q + _dag(Q)) / 2


def _propagate(t, J_s, gamma_s, delta_s, switch_time_s, delta_after_s, gamma_B_s, diffusion):
    """``S(t)`` (n, 2, 2) and ``Q(t)`` (n, 2, 2 or None) over the piecewise-constant schedule."""
    M1 = drift_matrix(J_s, gamma_s, delta_s, gamma_B_s)
    if switch_time_s is None or t.size == 0 or t[-1] <= switch_time_s:
        return _piece(M1, diffusion, t)
    M2 = drift_matrix(J_s, gamma_s, delta_after_s, gamma_B_s)
    before = t <= switch_time_s
    S1, Q1 = _piece(M1, diffusion, np.concatenate([t[before], [switch_time_s]]))
    S2, Q2 = _piece(M2, diffusion, t[~before] - switch_time_s)
    S = np.concatenate([S1[:-1], _mul(S2, S1[-1][None])])
    if diffusion is None:
        return S, None
    after = _mul(_mul(S2, Q1[-1][None]), _dag(S2)) + Q2
    return S, np.concatenate([Q1[:-1], after])


def _complex_blocks(V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normal ``C_ij = <{a_i, a_j^dag}>/2`` and anomalous ``K_ij = <a_i a_j>`` blocks of ``V``.

    With ``a = (X + iP)/sqrt2``: ``C = (V_XX + V_PP)/2 + i (V_PX - V_XP)/2``,
    ``K = (V_XX - V_PP)/2 + i (V_XP + V_PX)/2`` (blocks over modes i, j).
    """
    xx, pp = V[..., 0::2, 0::2], V[..., 1::2, 1::2]
    xp, px = V[..., 0::2, 1::2], V[..., 1::2, 0::2]
    return (xx + pp) / 2 + 0.5j * (px - xp), (xx - pp) / 2 + 0.5j * (xp + px)


def _quadrature_covariance(C: np.ndarray, K: np.ndarray) -> np.ndarray:
    """Inverse of :func:`_complex_blocks`: ``V_XX = Re(C + K)``, ``V_PP = Re(C - K)``,
    ``V_XP = Im(K - C)``, ``V_PX = Im(K + C)``, in ``(X_A, P_A, X_B, P_B)`` order."""
    V = np.empty((*C.shape[:-2], 4, 4))
    V[..., 0::2, 0::2] = (C + K).real
    V[..., 1::2, 1::2] = (C - K).real
    V[..., 0::2, 1::2] = (K - C).imag
    V[..., 1::2, 0::2] = (K + C).imag
    return V


# ----------------------------------------------------------------------------- public solvers
def evolve_means(
    t_s,
    J_s: float,
    gamma_s: float,
    a0: complex,
    b0: complex = 0j,
    *,
    delta_s: float = 0.0,
    switch_time_s: float | None = None,
    delta_after_s: float | None = None,
    gamma_B_s: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean amplitudes ``<a>(t)``, ``<b>(t)`` of Eq. (28) (noise has zero mean), exactly.

    ``(a, b)(t) = exp(M t) (a0, b0)``, with ``M`` of :func:`drift_matrix`; with a switch,
    ``exp(M2 (t - t_sw)) exp(M1 t_sw)`` after ``t_sw`` (Figs. 3(c), 4: a field step at
    ``t = pi/2J`` to ``|Delta| >> J`` stores the excitation in the noble gas).

    Parameters
    ----------
    t_s : float or array_like
        Output times [s], >= 0, non-decreasing (a scalar gives length-1 arrays).
    J_s, gamma_s : float
        Exchange rate J > 0 and alkali decay rate gamma >= 0 [s^-1].
    a0, b0 : complex
        Initial amplitudes (coherent-state parameters; ``<a^dag a> = |a0|^2`` + noise).
    delta_s : float, optional
        Detuning Delta [s^-1] until ``switch_time_s`` (for all t without a switch).
    switch_time_s, delta_after_s : float, optional
        Time [s] of the field step and the detuning after it [s^-1]; both or neither.
    gamma_B_s : float, optional
        Noble-gas decay rate [s^-1] (App. G), default 0 as in Eq. (28b).

    Returns
    -------
    tuple of numpy.ndarray
        Complex ``<a>(t)`` and ``<b>(t)``, each of shape ``(len(t),)``.
    """
    t, _ = _check_times("t_s", t_s)
    _check_rates(J_s, gamma_s, gamma_B_s)
    _check_schedule(delta_s, switch_time_s, delta_after_s)
    v0 = np.array([_check_amplitude("a0", a0), _check_amplitude("b0", b0)])
    S, _ = _propagate(t, J_s, gamma_s, delta_s, switch_time_s, delta_after_s, gamma_B_s, None)
    ab = S @ v0
    return ab[:, 0], ab[:, 1]


def evolve_covariance(
    t_s,
    J_s: float,
    gamma_s: float,
    cov0,
    *,
    delta_s: float = 0.0,
    switch_time_s: float | None = None,
    delta_after_s: float | None = None,
    gamma_B_s: float = 0.0,
    n_thermal_A: float = 0.0,
    n_thermal_B: float = 0.0,
) -> np.ndarray:
    """Symmetrised quadrature covariance ``V(t)`` of Eq. (28) with Langevin noise, exactly.

    ``V(t) = R(t) V0 R(t)^T + N(t)``, ``R`` the real form of ``S = exp(M t)``, ``N`` the noise
    integral ``int_0^t S D S^dag`` in closed form (module docstring); no time stepping, so
    any output grid costs the same per point. Means do not enter (see :func:`evolve_means`).

    Parameters
    ----------
    t_s : float or array_like
        Output times [s], >= 0, non-decreasing.
    J_s, gamma_s : float
        Exchange rate J > 0 and alkali decay rate gamma >= 0 [s^-1].
    cov0 : array_like
        Initial 4x4 covariance of ``(X_A, P_A, X_B, P_B)`` (vacuum ``I/2``): real, symmetric,
        ``V + i Omega/2 >= 0``.
    delta_s, switch_time_s, delta_after_s, gamma_B_s
        As in :func:`evolve_means`.
    n_thermal_A, n_thermal_B : float, optional
        Occupations >= 0 of the alkali / noble noise baths (0: vacuum noise, App. C Eq. (C7);
        partial polarisation: :func:`noise_occupation`, Eqs. (C8)-(C9)).

    Returns
    -------
    numpy.ndarray
        Shape ``(len(t), 4, 4)``, real symmetric.
    """
    t, _ = _check_times("t_s", t_s)
    _check_rates(J_s, gamma_s, gamma_B_s)
    _check_schedule(delta_s, switch_time_s, delta_after_s)
    v0 = _check_covariance(cov0)
    _check_real("n_thermal_A", n_thermal_A, 0.0)
    _check_real("n_thermal_B", n_thermal_B, 0.0)
    diffusion = np.diag([gamma_s * (2 * n_thermal_A + 1), gamma_B_s * (2 * n_thermal_B + 1)])
    diffusion = diffusion.astype(complex) if np.any(diffusion) else None
    S, Q = _propagate(t, J_s, gamma_s, delta_s, switch_time_s, delta_after_s, gamma_B_s, diffusion)
    C, K = _complex_blocks(v0)
    C = _mul(_mul(S, C[None]), _dag(S))
    if Q is not None:
        C = C + Q
    V = _quadrature_covariance(C, _mul(_mul(S, K[None]), np.swapaxes(S, -1, -2)))
    return (V + np.swapaxes(V, 1, 2)) / 2


# ----------------------------------------------------------------------------- initial states
def noise_occupation(polarization: float) -> float:
    """Thermal occupation ``n = (1 - p)/(2p)`` of a mode of polarisation p (Sec. VI.B, App. C).

    Equals the spin-exchange noise ratio ``<F^dag F>/[F, F^dag]`` of App. C for
    ``p_A = p_B = p`` and the initial variance ``(2n + 1)/2 = 1/(2p)`` (paper: ``1/4p``);
    Eqs. (C8)-(C9) are its first order ``(1 - p)/2``. The paper's Sec. VII uses 0.05 for
    ``p_A = 0.95`` (module docstring); this function returns 0.0263.

    Parameters
    ----------
    polarization : float
        Spin polarisation p in (0, 1].

    Returns
    -------
    float
        n >= 0.
    """
    _check_real("polarization", polarization, 0.0, 1.0, lo_open=True)
    return (1.0 - polarization) / (2.0 * polarization)


def vacuum_covariance() -> np.ndarray:
    """The two-mode vacuum covariance ``I/2`` of ``(X_A, P_A, X_B, P_B)``."""
    return np.eye(4) / 2


def squeezed_covariance(
    squeezing_db: float, n_thermal_A: float = 0.0, n_thermal_B: float = 0.0
) -> np.ndarray:
    """Initial covariance of Eq. (36): alkali ``X_A`` squeezed, noble gas thermal (vacuum).

    Alkali: a squeezed thermal state, ``V_XA = (n_A + 1/2) 10^(-dB/10)``,
    ``V_PA = (n_A + 1/2) 10^(+dB/10)`` (``xi = ln(10) dB/20`` real > 0 in Eq. (36)); noble gas:
    ``V_XB = V_PB = n_B + 1/2``. Fig. 4(b): 7 dB, ``n_A = n_B = 0`` gives the paper's
    ``<dX_A^2> = 0.05`` (``0.0998`` here, vacuum 1/2); ``n = (1-p)/2p`` with ``p_A = 0.95``,
    ``p_B = 0.75`` gives its 0.053 and 1/3 (0.105 and 2/3 here).

    Parameters
    ----------
    squeezing_db : float
        Squeezing of ``X_A`` relative to the alkali's thermal variance [dB], in [0, 100].
    n_thermal_A, n_thermal_B : float, optional
        Thermal occupations >= 0 of the alkali and noble-gas modes.

    Returns
    -------
    numpy.ndarray
        4x4 covariance of ``(X_A, P_A, X_B, P_B)``.
    """
    _check_real("squeezing_db", squeezing_db, 0.0, MAX_SQUEEZING_DB)
    _check_real("n_thermal_A", n_thermal_A, 0.0)
    _check_real("n_thermal_B", n_thermal_B, 0.0)
    g = 10.0 ** (squeezing_db / 10.0)
    va, vb = n_thermal_A + 0.5, n_thermal_B + 0.5
    return np.diag([va / g, va * g, vb, vb])


# ----------------------------------------------------------------------------- Fock states
def _transfer_amplitude(t_s, J_s, gamma_s, delta_s, switch_time_s, delta_after_s):
    t, scalar = _check_times("t_s", t_s)
    _check_rates(J_s, gamma_s)
    _check_schedule(delta_s, switch_time_s, delta_after_s)
    S, _ = _propagate(t, J_s, gamma_s, delta_s, switch_time_s, delta_after_s, 0.0, None)
    return S[:, 1, 0], S[:, 0, 0], scalar


def fock_transfer_probability(
    J_s: float,
    gamma_s: float,
    m: int,
    t_s,
    *,
    delta_s: float = 0.0,
    switch_time_s: float | None = None,
    delta_after_s: float | None = None,
) -> float | np.ndarray:
    """Probability of ``|0>_A |m>_B`` at t from ``|m>_A |0>_B`` (Eq. (29)), vacuum noise, exact.

    A passive linear map with vacuum noise routes each excitation independently: into b with
    amplitude ``S_ba(t)`` (``S = exp(M t)``), into a with ``S_aa``, lost otherwise; the
    counts are multinomial and ``P(0_A, m_B) = |S_ba|^(2m)``. At ``Delta = 0``
    ``S_ba = -i (J/J~) e^(-gamma t/2) sin(J~ t)``, ``J~ = sqrt(J^2 - gamma^2/4)`` (Eq. (F1)), so
    ``P(T_pi) = 1 - m pi gamma/2J + O((gamma/J)^2)`` (Eq. (34) text; the plotted
    ``|alpha(t)|^2`` of Fig. 4(a)). A detuning schedule (keyword-only, default ``Delta = 0``)
    gives the stored curve of Fig. 4(a).

    Parameters
    ----------
    J_s, gamma_s : float
        J > 0 and gamma >= 0 [s^-1].
    m : int
        Initial alkali Fock number, ``0 <= m <= MAX_FOCK``.
    t_s : float or array_like
        Time(s) [s], >= 0, non-decreasing.
    delta_s, switch_time_s, delta_after_s : float, optional
        Detuning schedule as in :func:`evolve_means`.

    Returns
    -------
    float or numpy.ndarray
        P, a float for a scalar ``t_s``.
    """
    m = _check_count("m", m, 0, MAX_FOCK)
    s_ba, _, scalar = _transfer_amplitude(t_s, J_s, gamma_s, delta_s, switch_time_s, delta_after_s)
    p = np.abs(s_ba) ** (2 * m)
    return float(p[0]) if scalar else p


def fock_distribution(
    J_s: float,
    gamma_s: float,
    m: int,
    t_s,
    n_max: int | None = None,
    *,
    delta_s: float = 0.0,
) -> np.ndarray:
    """Noble-gas number distribution ``P(n_B = k)`` from ``|m>_A |0>_B``, alkali traced out.

    Each of the m excitations ends in b with probability ``eta = |S_ba(t)|^2`` independently
    (vacuum noise: the loss channel and the alkali mode are just other output ports), so
    ``P(n_B = k) = C(m, k) eta^k (1 - eta)^(m - k)``; the sum over ``k <= m`` is 1 (to rounding).

    Parameters
    ----------
    J_s, gamma_s : float
        J > 0 and gamma >= 0 [s^-1].
    m : int
        Initial alkali Fock number, ``0 <= m <= MAX_FOCK``.
    t_s : float or array_like
        Time(s) [s], >= 0, non-decreasing.
    n_max : int, optional
        Largest k, ``0 <= n_max <= MAX_FOCK`` (default m; entries above m are 0).
    delta_s : float, optional
        Constant detuning Delta [s^-1].

    Returns
    -------
    numpy.ndarray
        Shape ``(n_max + 1,)`` for a scalar ``t_s``, ``(len(t), n_max + 1)`` otherwise.
    """
    m = _check_count("m", m, 0, MAX_FOCK)
    n_max = m if n_max is None else _check_count("n_max", n_max, 0, MAX_FOCK)
    s_ba, _, scalar = _transfer_amplitude(t_s, J_s, gamma_s, delta_s, None, None)
    eta = np.clip(np.abs(s_ba) ** 2, 0.0, 1.0)
    k = np.arange(n_max + 1)
    p = binom.pmf(k[None, :], m, eta[:, None])
    return p[0] if scalar else p

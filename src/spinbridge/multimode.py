"""Multimode exchange of Katz et al. (2022), Eq. (27): n_A alkali and n_B noble-gas spatial modes.

The coupled-mode Heisenberg-Langevin equations of Eq. (27) (App. E), in the rotating frame of the
noble gas, for alkali diffusion modes ``a_m`` and noble-gas modes ``b_n``:

    da_m/dt = (i Delta(t) - gamma_A,m) a_m - i sum_n K_mn b_n + F_A,m,
    db_n/dt = -gamma_B,n b_n - i sum_m K_mn a_m + F_B,n,            K_mn = J c_mn (real),

solved exactly per piece of constant detuning from the eigen-decomposition of the drift matrix
(:func:`multimode_drift`); the two-mode model of Eq. (28) (:mod:`spinbridge.twomode`) is the case
``n_A = n_B = 1``, ``c = 1``. Times in s, rates in s^-1 (amplitude rates); mode rates
``gamma_m = gamma + D k_m^2`` and overlaps ``c_mn`` come from the caller (a diffusion model).
Fock-state statistics are in :mod:`spinbridge.multimode_fock`.

Conventions and derivations
---------------------------
* Quadratures as in :mod:`spinbridge.twomode`: ``X = (a + a^dag)/sqrt2``, vacuum variance 1/2,
  ordered ``(X_1, P_1, X_2, P_2, ...)`` with the n_A alkali modes first, then the n_B noble modes.
* Eq. (27) writes ``c_mn`` in the alkali and ``c_mn^*`` in the noble equation (Hermitian
  exchange); the overlaps of real diffusion eigenfunctions are real, so the coupling matrix is
  real and the drift ``M = i Delta P_A - Gamma - i [[0, K], [K^T, 0]]`` is complex symmetric.
  Eq. (27) calls ``c`` unitary: that holds for complete bases only, a truncated ``c`` is not.
* Noise. Each mode has its own Langevin force of Eq. (C7) type with occupation n (per species,
  Eqs. (C8)-(C9); :func:`spinbridge.twomode.noise_occupation`): in the normal block
  ``C_ij = <{a_i, a_j^dag}>/2`` the diffusion matrix is ``D = diag(gamma_i (2 n_i + 1))``, so that
  an uncoupled mode relaxes to ``n + 1/2``. The diffusion part of a mode's decay carries the same
  occupation (a partially polarised gas holds n incoherent excitations in every mode, Sec. VII.B).
* Covariance. ``C -> S C S^dag + Q(t)``, ``<a_i a_j> = K -> S K S^T`` with ``S = exp(M t) = P
  e^(L t) P^-1`` and ``Q(t) = P [G(t) o (P^-1 D P^-dag)] P^dag``, ``G_jl = expm1(s_jl t)/s_jl``,
  ``s_jl = l_j + l_l^*``. Only the requested output modes (rows ``W``) are formed:
  ``W C W^dag = Y (C0 + Q') Y^dag - W Q' W^dag`` with ``Y = W S(t) = (W P) e^(L t) P^-1``,
  ``Q' = P (D~ / s) P^dag`` (``D~ = P^-1 D P^-dag``): O(n_t k N^2) work for k output modes,
  never the full N x N covariance per time. Pairs with ``|s_jl| t_max < 1e-4`` (undamped,
  e.g. the dissipation-free modes at gamma = 0) use the Taylor series ``t + s t^2/2 + s^2 t^3/6``
  instead (no 0/0). At a field step the full ``C``, ``K`` are formed once.
* Near degeneracy the eigenvector matrix is ill-conditioned and the rounding grows like
  ``eps cond^2`` (the exceptional point ``gamma_A - gamma_B = 2J`` of the two-mode model). The
  rounding is estimated from the magnitudes of the sums (``|P| |P^-1|`` and
  ``|P| |G o D~| |P|^T``); above 1e-10 (large smooth diffusion systems: ~ 5e-12 at 400 + 400
  modes, 1-norm condition 5e3) the propagator is ``scipy.linalg.expm`` per output time and
  the noise ``Q = Q_inf - S Q_inf S^dag`` from the Lyapunov equation ``M Q_inf + Q_inf M^dag
  + D = 0`` (Van Loan's block exponential if some mode is undamped):
  O(n_t N^3), meant for small N.
* Truncated modes (App. E). Modes beyond the kept set relax at rates >> J and are treated as a
  thermal reservoir at the bath occupation: a mode given by weights ``w`` over the kept modes
  with ``|w|^2 < 1`` (the alkali *uniform* mode, whose Dirichlet expansion is infinite) gets the
  remainder ``(1 - |w|^2)(n + 1/2)`` of its variance from the reservoir, and its initial state
  is the reduced state of the kept modes (:func:`initial_covariance_multimode`). The couplings
  ``epsilon`` of Eq. (E2) between kept modes through reservoir modes are O(J/pi^2 gamma_r0)
  (App. E bound) and are neglected; the convergence in the number of kept modes is tested.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Sec. IV.D, Eq. (27); Sec. VII.B,
Fig. 7; Appendix C, Eqs. (C7)-(C9); Appendix E, Eqs. (E1)-(E2).
"""

from __future__ import annotations

import numbers

import numpy as np
import scipy.linalg

from spinbridge.species import _check_count, _check_real
from spinbridge.twomode import MAX_SQUEEZING_DB, _check_schedule, _check_times

__all__ = [
    "MAX_MODES",
    "evolve_covariance_multimode",
    "evolve_means_multimode",
    "fock_distribution_multimode",
    "initial_covariance_multimode",
    "multimode_drift",
]

MAX_MODES = 2000
"""Size guard: most modes ``n_A + n_B`` of one call (an eigen-decomposition is O(N^3))."""
MAX_OUTPUT_ELEMENTS = 50_000_000
"""Size guard: most complex numbers of one output (times x modes x modes)."""
_EPS = float(np.finfo(float).eps)
_EIGEN_TOL = 1e-10  # largest rounding estimate of the eigen-decomposition route (else expm)
_TAYLOR = 1e-4  # |s| t_max below which the noise kernel is its Taylor series
_CHUNK = 2_000_000  # complex elements of the per-time propagator rows held at once
SPECIES_NAMES = ("alkali", "noble")


# ----------------------------------------------------------------------------- checks
def _check_rates(name: str, rates, n: int | None = None) -> np.ndarray:
    """A 1-D array of finite rates >= 0 (length n if given)."""
    if isinstance(rates, numbers.Real) and not isinstance(rates, bool | np.bool_):
        raise TypeError(f"{name} must be a 1-D array of rates [s^-1], got the number {rates!r}")
    _check_real(name, rates, 0.0)
    r = np.asarray(rates, dtype=float)
    if r.ndim != 1 or r.size == 0 or (n is not None and r.size != n):
        want = "a non-empty 1-D array" if n is None else f"a 1-D array of length {n}"
        raise ValueError(f"{name} must be {want}, got shape {r.shape}")
    return r


def _check_system(coupling_s, alkali_rates_s, noble_rates_s):
    """``(K, gamma_A, gamma_B)`` validated: K real (n_A, n_B), n_A + n_B <= MAX_MODES."""
    if isinstance(coupling_s, numbers.Number) or np.ndim(coupling_s) != 2:
        raise ValueError(
            f"coupling_s must be a 2-D (n_A, n_B) array J c_mn [s^-1], got {np.shape(coupling_s)}"
        )
    shape = np.shape(coupling_s)
    if min(shape) < 1 or sum(shape) > MAX_MODES:
        raise ValueError(
            f"coupling_s must have n_A, n_B >= 1 and n_A + n_B <= MAX_MODES = {MAX_MODES}, "
            f"got shape {shape}"
        )
    _check_real("coupling_s", coupling_s)
    K = np.asarray(coupling_s, dtype=float)
    g_a = _check_rates("alkali_rates_s", alkali_rates_s, K.shape[0])
    g_b = _check_rates("noble_rates_s", noble_rates_s, K.shape[1])
    return K, g_a, g_b


def _check_amplitudes(name: str, z, n: int) -> np.ndarray:
    arr = np.asarray(z)
    if arr.dtype.kind not in "iufc":
        raise TypeError(f"{name} must be a numeric 1-D array of {n} amplitudes, got {arr.dtype}")
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {arr.shape}")
    arr = arr.astype(complex)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    return arr


def _mode_vector(name: str, spec, n_a: int, n_b: int) -> np.ndarray:
    """Real weights (length n_A + n_B) of ``(species, index)`` or ``(species, weights)``.

    Weights over the kept modes of one species must satisfy ``0 < |w|^2 <= 1`` (the rest of the
    norm lies in truncated modes).
    """
    if not isinstance(spec, tuple | list) or len(spec) != 2:
        raise TypeError(f"{name} must be a pair (species, index or weights), got {spec!r}")
    species, which = spec
    if species not in SPECIES_NAMES:
        raise ValueError(f"{name}: species must be one of {SPECIES_NAMES}, got {species!r}")
    n, offset = (n_a, 0) if species == "alkali" else (n_b, n_a)
    w = np.zeros(n_a + n_b)
    if isinstance(which, numbers.Integral) and not isinstance(which, bool | np.bool_):
        _check_count(f"{name} index", which, 0, n - 1)
        w[offset + int(which)] = 1.0
        return w
    _check_real(f"{name} weights", which)
    arr = np.asarray(which, dtype=float)
    if arr.shape != (n,):
        raise ValueError(f"{name}: weights over the {species} modes must have shape ({n},)")
    norm2 = float(arr @ arr)
    if not 0.0 < norm2 <= 1.0 + 1e-9:
        raise ValueError(f"{name}: weights must have 0 < |w|^2 <= 1, got |w|^2 = {norm2!r}")
    w[offset : offset + n] = arr
    return w


def _check_covariance(cov0, n: int) -> np.ndarray:
    """Real symmetric (2n, 2n) with ``V + i Omega/2 >= 0`` (Cholesky test, hence PSD)."""
    v = np.asarray(cov0)
    if v.dtype.kind not in "iuf":
        raise TypeError(f"cov0 must be a real ({2 * n}, {2 * n}) array, got dtype {v.dtype}")
    if v.shape != (2 * n, 2 * n):
        raise ValueError(f"cov0 must have shape ({2 * n}, {2 * n}), got {v.shape}")
    v = v.astype(float)
    if not np.all(np.isfinite(v)):
        raise ValueError("cov0 must be finite")
    scale = max(1.0, float(np.abs(v).max()))
    if np.abs(v - v.T).max() > 1e-12 * scale:
        raise ValueError("cov0 must be symmetric")
    v = (v + v.T) / 2
    omega = np.kron(np.eye(n), np.array([[0.0, 0.5j], [-0.5j, 0.0]]))
    try:
        np.linalg.cholesky(v + omega + 1e-10 * scale * np.eye(2 * n))
    except np.linalg.LinAlgError:
        raise ValueError(
            "cov0 violates the uncertainty relation V + i Omega/2 >= 0 (or is not PSD)"
        ) from None
    return v


def _complex_blocks(V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normal ``C = <{a_i, a_j^dag}>/2`` and anomalous ``K = <a_i a_j>`` blocks of ``V``."""
    xx, pp = V[..., 0::2, 0::2], V[..., 1::2, 1::2]
    xp, px = V[..., 0::2, 1::2], V[..., 1::2, 0::2]
    return (xx + pp) / 2 + 0.5j * (px - xp), (xx - pp) / 2 + 0.5j * (xp + px)


def _quadrature_covariance(C: np.ndarray, K: np.ndarray) -> np.ndarray:
    """Inverse of :func:`_complex_blocks`, symmetrised."""
    n = C.shape[-1]
    V = np.empty((*C.shape[:-2], 2 * n, 2 * n))
    V[..., 0::2, 0::2] = (C + K).real
    V[..., 1::2, 1::2] = (C - K).real
    V[..., 0::2, 1::2] = (K - C).imag
    V[..., 1::2, 0::2] = (K + C).imag
    return (V + np.swapaxes(V, -1, -2)) / 2


def _dag(A: np.ndarray) -> np.ndarray:
    return np.conj(np.swapaxes(A, -1, -2))


# ----------------------------------------------------------------------------- drift
def multimode_drift(coupling_s, alkali_rates_s, noble_rates_s, delta_s: float) -> np.ndarray:
    """Drift matrix ``M`` of Eq. (27): ``d/dt (a_1..a_nA, b_1..b_nB) = M (a, b)`` (+ noise).

    ``M = [[i Delta - diag(gamma_A), -i K], [-i K^T, -diag(gamma_B)]]`` with ``K = J c`` (rotating
    frame of the noble gas, ``Delta = omega_B - omega_A``). Complex symmetric.

    Parameters
    ----------
    coupling_s : array_like
        Real (n_A, n_B) matrix ``J c_mn`` [s^-1] (any sign), n_A, n_B >= 1,
        ``n_A + n_B <= MAX_MODES``.
    alkali_rates_s, noble_rates_s : array_like
        Mode amplitude decay rates ``gamma_A,m`` (length n_A) and ``gamma_B,n`` (length n_B)
        [s^-1], >= 0 (relaxation plus diffusion, ``gamma + D k^2``).
    delta_s : float
        Detuning Delta [s^-1] (any sign).

    Returns
    -------
    numpy.ndarray
        Complex (N, N), ``N = n_A + n_B``.
    """
    K, g_a, g_b = _check_system(coupling_s, alkali_rates_s, noble_rates_s)
    _check_real("delta_s", delta_s)
    return _drift(K, g_a, g_b, delta_s)


def _drift(K: np.ndarray, g_a: np.ndarray, g_b: np.ndarray, delta: float) -> np.ndarray:
    n_a = K.shape[0]
    M = np.zeros((n_a + K.shape[1],) * 2, dtype=complex)
    M[:n_a, n_a:], M[n_a:, :n_a] = -1j * K, -1j * K.T
    M[np.diag_indices_from(M)] = np.concatenate([1j * delta - g_a, -g_b])
    return M


def _expm1_over(s: np.ndarray, t: float) -> np.ndarray:
    """``expm1(s t)/s`` elementwise for complex s (``t`` where s = 0), without cancellation."""
    x, y = s.real * t, s.imag * t
    em1 = np.expm1(x)
    num = em1 * np.cos(y) - 2.0 * np.sin(y / 2) ** 2 + 1j * (em1 + 1.0) * np.sin(y)
    zero = s == 0
    return np.where(zero, t, num / np.where(zero, 1.0, s))


class _Piece:
    """Exact propagation under one constant drift ``M`` with noise ``D = diag(d)`` up to t_max."""

    def __init__(self, M: np.ndarray, d: np.ndarray | None, t_max: float):
        self.M, self.d = M, d
        self.lam, self.P = np.linalg.eig(M)
        try:
            self.P_inv = np.linalg.inv(self.P)
        except np.linalg.LinAlgError:
            self.eigen = False
            return
        abs_p = np.abs(self.P)
        magnitude = float((abs_p @ np.abs(self.P_inv)).max())  # rounding of S ~ eps * this
        if d is not None:
            self.s = self.lam[:, None] + np.conj(self.lam)[None, :]
            self.Dt = (self.P_inv * d[None, :]) @ _dag(self.P_inv)
            self.small = np.abs(self.s) * t_max < _TAYLOR
            # |G_jl| <= min(t, 2/|s_jl|): rounding of the noise sum ~ eps * (|P| |G D~| |P|^T)
            bound = np.minimum(t_max, 2.0 / np.maximum(np.abs(self.s), 1e-300)) * np.abs(self.Dt)
            magnitude = max(magnitude, float(((abs_p @ bound) * abs_p).sum(axis=1).max()))
        self.eigen = bool(np.isfinite(magnitude) and magnitude * _EPS <= _EIGEN_TOL)

    def _Q_full(self, t: float) -> np.ndarray:
        """Full noise integral ``Q(t)`` (N, N)."""
        if self.eigen:
            Q = self.P @ (_expm1_over(self.s, t) * self.Dt) @ _dag(self.P)
        elif np.all(self.lam.real < -1e-12 * max(1.0, np.abs(self.lam).max())):
            q_inf = scipy.linalg.solve_continuous_lyapunov(self.M, -np.diag(self.d))
            S = scipy.linalg.expm(self.M * t)
            Q = q_inf - S @ q_inf @ _dag(S)
        else:  # Van Loan: expm([[-M, D], [0, M^dag]] t) = [[., F12], [0, F22]], Q = F22^dag F12
            n = self.M.shape[0]
            block = np.zeros((2 * n, 2 * n), dtype=complex)
            block[:n, :n], block[:n, n:], block[n:, n:] = -self.M, np.diag(self.d), _dag(self.M)
            F = scipy.linalg.expm(block * t)
            Q = _dag(F[n:, n:]) @ F[:n, n:]
        return (Q + _dag(Q)) / 2

    def _S(self, t: float) -> np.ndarray:
        if self.eigen:
            return (self.P * np.exp(self.lam * t)[None, :]) @ self.P_inv
        return scipy.linalg.expm(self.M * t)

    def means(self, v0: np.ndarray, tau: np.ndarray) -> np.ndarray:
        """``S(tau) v0``, shape (n_t, N)."""
        if self.eigen:
            w = self.P_inv @ v0
            return (np.exp(np.outer(tau, self.lam)) * w[None, :]) @ self.P.T
        return np.array([self._S(t) @ v0 for t in tau]).reshape(tau.size, v0.size)

    def state(self, C0: np.ndarray, K0: np.ndarray, t: float):
        """Full ``(C, K)`` at one time t."""
        S = self._S(t)
        C = S @ C0 @ _dag(S)
        if self.d is not None:
            C = C + self._Q_full(t)
        return (C + _dag(C)) / 2, S @ K0 @ S.T

    def output(self, W: np.ndarray, C0, K0, tau: np.ndarray):
        """``(W C W^dag, W K W^T)`` at the times tau, shapes (n_t, k, k).

        With ``Y = W S(t)`` and ``Q' = P (D~/s) P^dag`` (over the damped pairs):
        ``W C W^dag = Y (C0 + Q') Y^dag - W Q' W^dag`` plus the Taylor series of the undamped
        pairs, ``U (D~ o s^p) U^dag t^(p+1)/(p+1)!``.
        """
        if not self.eigen:
            return self._output_expm(W, C0, K0, tau)
        U = W @ self.P
        H, base = C0, np.zeros((1, len(W), len(W)), dtype=complex)
        if self.d is not None:
            R = np.where(self.small, 0.0, self.Dt / np.where(self.small, 1.0, self.s))
            q = self.P @ R @ _dag(self.P)
            H = C0 + q
            Ds = np.where(self.small, self.Dt, 0.0)
            tp = tau[:, None, None]
            base = tp * (U @ Ds @ _dag(U)) - (W @ q @ _dag(W))[None]
            if np.any(self.small):
                base = base + tp**2 / 2 * (U @ (Ds * self.s) @ _dag(U))
                base = base + tp**3 / 6 * (U @ (Ds * self.s**2) @ _dag(U))
        k, n = U.shape
        C_out = np.empty((tau.size, k, k), dtype=complex)
        K_out = np.zeros_like(C_out)
        step = max(1, _CHUNK // (k * n))
        for i in range(0, tau.size, step):
            Y = (
                U[None, :, :] * np.exp(np.outer(tau[i : i + step], self.lam))[:, None, :]
            ) @ self.P_inv
            C_out[i : i + step] = (Y @ H) @ _dag(Y)
            if K0 is not None:
                K_out[i : i + step] = (Y @ K0) @ np.swapaxes(Y, -1, -2)
        return C_out + base, K_out

    def _output_expm(self, W, C0, K0, tau):
        C_out, K_out = [], []
        for t in tau:
            Y = W @ self._S(t)
            C = Y @ C0 @ _dag(Y)
            if self.d is not None:
                C = C + W @ self._Q_full(t) @ _dag(W)
            C_out.append(C)
            K_out.append(np.zeros_like(C) if K0 is None else Y @ K0 @ Y.T)
        k = W.shape[0]
        shape = (tau.size, k, k)
        return np.reshape(C_out, shape).astype(complex), np.reshape(K_out, shape).astype(complex)


def _schedule(t, K, g_a, g_b, delta_s, switch_time_s, delta_after_s, d):
    """The pieces before and after the field step (None without a step inside ``t``)."""
    t_max = float(t[-1]) if t.size else 0.0
    if switch_time_s is None or t_max <= switch_time_s:
        return _Piece(_drift(K, g_a, g_b, delta_s), d, t_max), None
    first = _Piece(_drift(K, g_a, g_b, delta_s), d, switch_time_s)
    return first, _Piece(_drift(K, g_a, g_b, delta_after_s), d, t_max - switch_time_s)


# ----------------------------------------------------------------------------- public solvers
def evolve_means_multimode(
    t_s,
    coupling_s,
    alkali_rates_s,
    noble_rates_s,
    a0,
    b0,
    *,
    delta_s: float = 0.0,
    switch_time_s: float | None = None,
    delta_after_s: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean mode amplitudes ``<a_m>(t)``, ``<b_n>(t)`` of Eq. (27), exactly (noise has mean 0).

    ``(a, b)(t) = P e^(L t) P^-1 (a0, b0)`` with ``M = P L P^-1`` (:func:`multimode_drift`); after
    the field step ``switch_time_s`` the second piece starts from the state there.

    Parameters
    ----------
    t_s : float or array_like
        Output times [s], >= 0, non-decreasing.
    coupling_s, alkali_rates_s, noble_rates_s
        As in :func:`multimode_drift`.
    a0, b0 : array_like
        Complex initial amplitudes, shapes (n_A,) and (n_B,).
    delta_s : float, optional
        Detuning [s^-1] until ``switch_time_s`` (for all t without a switch).
    switch_time_s, delta_after_s : float, optional
        Time [s] of the field step and the detuning after it [s^-1]; both or neither.

    Returns
    -------
    tuple of numpy.ndarray
        ``a`` of shape (n_t, n_A) and ``b`` of shape (n_t, n_B), complex.
    """
    t, _ = _check_times("t_s", t_s)
    K, g_a, g_b = _check_system(coupling_s, alkali_rates_s, noble_rates_s)
    _check_schedule(delta_s, switch_time_s, delta_after_s)
    n_a, n_b = K.shape
    v0 = np.concatenate([_check_amplitudes("a0", a0, n_a), _check_amplitudes("b0", b0, n_b)])
    if t.size * (n_a + n_b) > MAX_OUTPUT_ELEMENTS:
        raise ValueError(f"t_s: {t.size} times x {n_a + n_b} modes exceed MAX_OUTPUT_ELEMENTS")
    first, second = _schedule(t, K, g_a, g_b, delta_s, switch_time_s, delta_after_s, None)
    if second is None:
        v = first.means(v0, t)
    else:
        before = t <= switch_time_s
        v_sw = first.means(v0, np.array([float(switch_time_s)]))[0]
        v = np.concatenate(
            [first.means(v0, t[before]), second.means(v_sw, t[~before] - switch_time_s)]
        )
    return v[:, :n_a], v[:, n_a:]


def _noise_diagonal(g_a, g_b, n_thermal_A, n_thermal_B) -> np.ndarray | None:
    d = np.concatenate([g_a * (2 * n_thermal_A + 1), g_b * (2 * n_thermal_B + 1)])
    return d if np.any(d) else None


def _output_blocks(t, K, g_a, g_b, C0, K0, W, d, delta_s, switch_time_s, delta_after_s):
    """``(W C W^dag, W K W^T)`` (n_t, k, k) over the detuning schedule; ``K0`` may be None."""
    first, second = _schedule(t, K, g_a, g_b, delta_s, switch_time_s, delta_after_s, d)
    if second is None:
        return first.output(W, C0, K0, t)
    before = t <= switch_time_s
    n = K.shape[0] + K.shape[1]
    K_start = np.zeros((n, n), dtype=complex) if K0 is None else K0
    C_sw, K_sw = first.state(C0, K_start, switch_time_s)
    C1, K1 = first.output(W, C0, K0, t[before])
    C2, K2 = second.output(W, C_sw, K_sw, t[~before] - switch_time_s)
    return np.concatenate([C1, C2]), np.concatenate([K1, K2])


def _check_output_modes(output_modes, n_a: int, n_b: int) -> np.ndarray:
    if not isinstance(output_modes, tuple | list) or len(output_modes) == 0:
        raise TypeError(
            f"output_modes must be a non-empty sequence of (species, index or weights), "
            f"got {output_modes!r}"
        )
    if len(output_modes) > n_a + n_b:
        raise ValueError(f"output_modes: at most n_A + n_B = {n_a + n_b} modes")
    return np.array([_mode_vector("output_modes", s, n_a, n_b) for s in output_modes])


def evolve_covariance_multimode(
    t_s,
    coupling_s,
    alkali_rates_s,
    noble_rates_s,
    cov0,
    *,
    delta_s: float = 0.0,
    switch_time_s: float | None = None,
    delta_after_s: float | None = None,
    n_thermal_A: float = 0.0,
    n_thermal_B: float = 0.0,
    output_modes=(("alkali", 0), ("noble", 0)),
) -> np.ndarray:
    """Quadrature covariance of chosen modes under Eq. (27) with Langevin noise, exactly.

    ``V_out(t)`` is the covariance of the k output modes ``u_i = sum_j W_ij (a, b)_j``, from the
    closed-form propagator and noise integral (module docstring); the full covariance is never
    formed per time (a 1600 x 1600 matrix at 2000 times would take 41 GB). An output mode given by
    weights with ``|w|^2 < 1`` takes the rest of its variance, ``(1 - |w|^2)(n + 1/2)``, from the
    truncated (reservoir) modes of its species.

    Parameters
    ----------
    t_s : float or array_like
        Output times [s], >= 0, non-decreasing.
    coupling_s, alkali_rates_s, noble_rates_s
        As in :func:`multimode_drift`.
    cov0 : array_like
        Initial (2N, 2N) quadrature covariance of ``(X_1, P_1, ..., X_N, P_N)``, alkali modes
        first (vacuum ``I/2``): real, symmetric, ``V + i Omega/2 >= 0``; see
        :func:`initial_covariance_multimode`.
    delta_s, switch_time_s, delta_after_s
        Detuning schedule as in :func:`evolve_means_multimode`.
    n_thermal_A, n_thermal_B : float, optional
        Occupations >= 0 of the alkali / noble-gas noise baths (0: vacuum noise, Eq. (C7);
        partial polarisation: :func:`spinbridge.twomode.noise_occupation`, Eqs. (C8)-(C9)).
    output_modes : sequence of (str, int or array_like), optional
        The k modes to return, each ``("alkali" | "noble", index)`` for an eigenmode or
        ``("alkali" | "noble", weights)`` for a superposition (real weights over that species'
        modes, ``0 < |w|^2 <= 1``; e.g. the alkali uniform mode). Default: the first eigenmode of
        each species.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_t, 2k, 2k)``, ordered ``(X_u1, P_u1, X_u2, P_u2, ...)``.
    """
    t, _ = _check_times("t_s", t_s)
    K, g_a, g_b = _check_system(coupling_s, alkali_rates_s, noble_rates_s)
    _check_schedule(delta_s, switch_time_s, delta_after_s)
    n_a, n_b = K.shape
    _check_real("n_thermal_A", n_thermal_A, 0.0)
    _check_real("n_thermal_B", n_thermal_B, 0.0)
    W = _check_output_modes(output_modes, n_a, n_b)
    if t.size * len(W) ** 2 > MAX_OUTPUT_ELEMENTS:
        raise ValueError(f"t_s: {t.size} times x {len(W)}^2 outputs exceed MAX_OUTPUT_ELEMENTS")
    v0 = _check_covariance(cov0, n_a + n_b)
    C0, K0 = _complex_blocks(v0)
    K0 = K0 if np.any(K0) else None
    d = _noise_diagonal(g_a, g_b, n_thermal_A, n_thermal_B)
    C, Kout = _output_blocks(t, K, g_a, g_b, C0, K0, W, d, delta_s, switch_time_s, delta_after_s)
    C = C + np.diag(_reservoir_variance(W, n_a, n_thermal_A, n_thermal_B))[None]
    return _quadrature_covariance(C, Kout)


def _reservoir_variance(W: np.ndarray, n_a: int, n_thermal_A: float, n_thermal_B: float):
    """``(1 - |w|^2)(n + 1/2)`` per output mode (truncated modes as a thermal reservoir)."""
    alkali = np.any(W[:, :n_a] != 0, axis=1)
    missing = np.clip(1.0 - np.sum(W**2, axis=1), 0.0, None)
    return missing * np.where(alkali, n_thermal_A, n_thermal_B) + missing / 2


# ----------------------------------------------------------------------------- initial states
def initial_covariance_multimode(
    n_A: int,
    n_B: int,
    *,
    n_thermal_A: float,
    n_thermal_B: float,
    squeezing_db: float = 0.0,
    squeezed_mode=("alkali", 0),
    alkali_uniform_projection=None,
) -> np.ndarray:
    """Initial (2N, 2N) covariance: thermal modes, one of them (possibly a superposition) squeezed.

    Every mode holds ``n_thermal`` incoherent excitations (Sec. VII.B: ``<a_m^dag a_m> = 0.05``,
    ``<b_n^dag b_n> = 0.17`` for ``p_A = 0.95``, ``p_B = 0.75``; compare
    :func:`spinbridge.twomode.noise_occupation`: 0.0263 and 0.1667); the squeezed mode ``u`` has
    ``V_X = (n + 1/2) 10^(-dB/10)``, ``V_P = (n + 1/2) 10^(dB/10)`` as in Eq. (36). For ``u =
    sum_m w_m a_m`` (the alkali uniform mode, not a Dirichlet eigenmode, with weights
    ``w = alkali_uniform_projection``) the kept modes hold the reduced state
    ``C = (n + 1/2) I + w w^T (C_u - n - 1/2)``, ``K = w w^T K_u``: exact also for
    ``|w|^2 < 1``, the rest of u lying in truncated modes.

    Parameters
    ----------
    n_A, n_B : int
        Numbers of alkali and noble-gas modes, >= 1, ``n_A + n_B <= MAX_MODES``.
    n_thermal_A, n_thermal_B : float
        Initial occupation per mode, >= 0.
    squeezing_db : float, optional
        Squeezing of ``X_u`` [dB] relative to the thermal variance, in [0, 100].
    squeezed_mode : (str, int or array_like), optional
        ``("alkali" | "noble", index or weights)``, as ``output_modes`` of
        :func:`evolve_covariance_multimode`.
    alkali_uniform_projection : array_like, optional
        Weights (n_A,) of the alkali uniform mode over the alkali eigenmodes
        (``0 < |w|^2 <= 1``); if given, the uniform mode is squeezed and ``squeezed_mode`` must
        be left at its default.

    Returns
    -------
    numpy.ndarray
        Real (2N, 2N) quadrature covariance, alkali modes first.
    """
    n_a = _check_count("n_A", n_A, 1, MAX_MODES - 1)
    n_b = _check_count("n_B", n_B, 1, MAX_MODES - n_a)
    _check_real("n_thermal_A", n_thermal_A, 0.0)
    _check_real("n_thermal_B", n_thermal_B, 0.0)
    _check_real("squeezing_db", squeezing_db, 0.0, MAX_SQUEEZING_DB)
    if alkali_uniform_projection is not None:
        if tuple(squeezed_mode) != ("alkali", 0):
            raise ValueError(
                "give squeezed_mode or alkali_uniform_projection, not both "
                f"(squeezed_mode={squeezed_mode!r})"
            )
        squeezed_mode = ("alkali", alkali_uniform_projection)
        name = "alkali_uniform_projection"
    else:
        name = "squeezed_mode"
    w = _mode_vector(name, squeezed_mode, n_a, n_b)
    v_th = np.concatenate([np.full(n_a, n_thermal_A + 0.5), np.full(n_b, n_thermal_B + 0.5)])
    v = v_th[np.argmax(w != 0)]
    g = 10.0 ** (squeezing_db / 10.0)
    c_u, k_u = v * (1 / g + g) / 2, v * (1 / g - g) / 2
    ww = np.outer(w, w)
    return _quadrature_covariance(np.diag(v_th) + ww * (c_u - v) + 0j, ww * k_u + 0j)


# the Fock-state statistics live in their own module (one idea per module); re-exported here
from spinbridge.multimode_fock import fock_distribution_multimode  # noqa: E402

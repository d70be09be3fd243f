"""Cavity emission of the collective spin-1 (anti-)Tavis-Cummings model, master equation (2).

Masson & Parkins, arXiv (Dec 2021), Eqs. (2), (3), (6): with lambda_+ = 0 and omega = omega_0 = 0
the Hamiltonian is the TC model H = lambda_- (a S_+ + a^dag S_-); with lambda_- = 0 it is the
anti-TC model H = lambda_+ (a S_- + a^dag S_+). Under cavity loss kappa, |S, 0>|0> decays by TC to
|S, -S>|0> emitting S photons, and |S, -S>|0> by anti-TC to |S, +S>|0> emitting 2S photons.
Both are integrated exactly in the Dicke basis |S, M>|n> restricted to the states reachable from
the initial one. Times are in units of 1/kappa, couplings in units of kappa.
"""

from __future__ import annotations

import math

import numpy as np

from spinbridge.dicke import (
    check_count,
    check_finite_array,
    check_n_atoms,
    check_positive,
    check_unit_interval,
)

__all__ = [
    "anti_tc_emission",
    "cascade_time_rate_equation",
    "pulse_time_estimate",
    "tc_emission",
]

_MAX_SPIN = 8
"""Largest S of the dense master equation: (S + 1)(S + 2)/2 = 45 states, a 45^2 = 2025-dim rho."""

MAX_RATE_SPIN = 10**7
"""Largest S of :func:`cascade_time_rate_equation` (an array of S floats)."""

MAX_T_KAPPA = 1e6
"""Latest output time kappa t of the master equation (the cascades end within ~10^3 / kappa)."""

MAX_TIME_POINTS = 10**6
"""Most output times of the master equation (each stores a density matrix)."""

TRACE_TOLERANCE = 1e-6
"""Largest |Tr rho - 1| accepted along a master-equation solution (observed: < 1e-11)."""


def _cascade_operators(
    spin: int, initial_m: int, anti: bool
) -> tuple[np.ndarray, np.ndarray, list]:
    """H / lambda, a and the basis |M, n> reachable from |S, initial_m>|0>.

    TC conserves M + n and photon loss lowers it, so the reachable states have M + n <= initial_m;
    anti-TC conserves M - n and loss raises it, so they have M - n >= initial_m.
    """
    if anti:
        basis = [(m, n) for m in range(initial_m, spin + 1) for n in range(0, m - initial_m + 1)]
    else:
        basis = [(m, n) for m in range(-spin, initial_m + 1) for n in range(0, initial_m - m + 1)]
    index = {b: i for i, b in enumerate(basis)}
    dim = len(basis)
    a = np.zeros((dim, dim))
    h = np.zeros((dim, dim))
    for i, (m, n) in enumerate(basis):
        if n > 0:
            a[index[(m, n - 1)], i] = math.sqrt(n)
            if anti:
                # a S_- |M, n> = sqrt(n) sqrt(S(S+1) - M(M-1)) |M-1, n-1>  (M - n conserved)
                h[index[(m - 1, n - 1)], i] = math.sqrt(n) * math.sqrt(
                    spin * (spin + 1) - m * (m - 1)
                )
            else:
                # a S_+ |M, n> = sqrt(n) sqrt(S(S+1) - M(M+1)) |M+1, n-1>  (M + n conserved)
                h[index[(m + 1, n - 1)], i] = math.sqrt(n) * math.sqrt(
                    spin * (spin + 1) - m * (m + 1)
                )
    h = h + h.T  # a S_+- + a^dag S_-+  (real matrices)
    return h, a, basis


def cascade_time_rate_equation(spin: int, lam_over_kappa: float) -> float:
    """Mean time to reach |S, -S> in the bad-cavity limit, in units of 1/kappa.

    Adiabatic elimination of the cavity (a ~ -i lambda S_- / kappa) turns Eq. (2) into
    collective decay with rate Gamma = 2 lambda^2 / kappa and jump S_-, so the cascade
    |S, M> -> |S, M - 1> has rates Gamma (S + M)(S - M + 1), and the mean time is
    sum_{M=-S+1}^{0} 1 / (Gamma (S + M)(S - M + 1)) = (kappa / 2 lambda^2) H_{2S} / (2S + 1).

    Parameters
    ----------
    spin : int
        Spin length S >= 1.
    lam_over_kappa : float
        lambda_- / kappa > 0.

    Returns
    -------
    float
        kappa * T.

    Raises
    ------
    TypeError, ValueError
        If ``spin`` is not an integer in [1, 10^7] or ``lam_over_kappa`` is not a finite number
        > 0, or if the time comes out non-finite (a coupling so small that Gamma underflows).
    """
    spin = check_count(spin, "spin", 1, MAX_RATE_SPIN)
    lam_over_kappa = check_positive(lam_over_kappa, "lam_over_kappa")
    gamma = 2.0 * lam_over_kappa**2
    m = np.arange(-spin + 1, 1)
    with np.errstate(divide="ignore", over="ignore"):
        out = float(np.sum(1.0 / (gamma * (spin + m) * (spin - m + 1))))
    if not math.isfinite(out):
        raise ValueError(
            f"cascade time is not finite for spin = {spin}, lam_over_kappa = {lam_over_kappa!r}"
        )
    return out


def _check_cascade_args(
    spin: int, lam_over_kappa: float, t_kappa, rtol: float
) -> tuple[int, np.ndarray]:
    """Validate the master-equation arguments (spin sets the dimension ~ S^2 of the basis)."""
    spin = check_count(spin, "spin", 1, _MAX_SPIN)
    check_positive(lam_over_kappa, "lam_over_kappa")
    check_unit_interval(rtol, "rtol", include_one=False)
    t_kappa = check_finite_array(t_kappa, "t_kappa")
    if t_kappa.ndim != 1 or t_kappa[0] != 0 or np.any(np.diff(t_kappa) <= 0):
        raise ValueError("t_kappa must be 1-d, start at 0 and increase strictly")
    if t_kappa[-1] > MAX_T_KAPPA or t_kappa.size > MAX_TIME_POINTS:
        raise ValueError(
            f"t_kappa must end by kappa t = {MAX_T_KAPPA:g} with at most {MAX_TIME_POINTS} "
            f"points, got {t_kappa[-1]:g} and {t_kappa.size}"
        )
    return spin, t_kappa


def _integrate_cascade(
    spin: int, lam_over_kappa: float, t_kappa: np.ndarray, rtol: float, *, anti: bool
) -> dict[str, np.ndarray | float]:
    """Integrate Eq. (2) from |S, 0>|0> (TC) or |S, -S>|0> (anti-TC); see :func:`tc_emission`."""
    from scipy.integrate import solve_ivp

    initial_m, final_m = (-spin, spin) if anti else (0, -spin)
    h, a, basis = _cascade_operators(spin, initial_m, anti)
    h = lam_over_kappa * h
    dim = len(basis)
    ada = a.T @ a
    i_final = basis.index((final_m, 0))
    i_start = basis.index((initial_m, 0))
    sz_diag = np.array([m for m, _ in basis], dtype=float)
    heff = h - 1j * ada  # -i H rho - kappa a^dag a rho = -i (H - i kappa a^dag a) rho

    def rhs(_t, y):
        rho = y[: dim * dim].reshape(dim, dim)
        drho = -1j * (heff @ rho - rho @ heff.conj().T) + 2.0 * a @ rho @ a.T
        out = np.empty_like(y)
        out[: dim * dim] = drho.ravel()
        out[-2] = 2.0 * np.trace(ada @ rho).real
        out[-1] = 1.0 - rho[i_final, i_final].real
        return out

    y0 = np.zeros(dim * dim + 2, dtype=complex)
    y0[i_start * dim + i_start] = 1.0
    sol = solve_ivp(rhs, (0.0, t_kappa[-1]), y0, t_eval=t_kappa, rtol=rtol, atol=1e-11)
    if not sol.success:
        raise RuntimeError(f"master equation integration failed: {sol.message}")
    rhos = sol.y[: dim * dim].T.reshape(-1, dim, dim)
    diag = np.einsum("tii->ti", rhos).real
    drift = float(np.max(np.abs(diag.sum(axis=1) - 1.0)))
    if not drift <= TRACE_TOLERANCE:
        raise ValueError(
            f"master equation trace drifted by {drift:.3g} > {TRACE_TOLERANCE:g} "
            f"(spin = {spin}, lam_over_kappa = {lam_over_kappa!r}, rtol = {rtol!r}, "
            f"kappa t up to {t_kappa[-1]:g})"
        )
    cavity = diag @ np.array([n for _, n in basis], dtype=float)
    final = diag[:, i_final]
    # remaining tail: 1 - P_final decays at the slowest rate of the last step
    slow = min(4.0 * lam_over_kappa**2 * spin, 1.0)
    tail = (1.0 - final[-1]) / slow
    return {
        "emitted": sol.y[-2].real,
        "cavity": cavity,
        "sz": diag @ sz_diag,
        "final_population": final,
        "cascade_time": float(sol.y[-1, -1].real + tail),
        "emitted_total": float(sol.y[-2, -1].real),
    }


def tc_emission(
    spin: int, lam_over_kappa: float, t_kappa: np.ndarray, *, rtol: float = 1e-8
) -> dict[str, np.ndarray | float]:
    """Integrate master equation (2) with the TC Hamiltonian (lambda_+ = 0, omega = omega_0 = 0).

    H = lambda (a S_+ + a^dag S_-), d rho/dt = -i[H, rho] + kappa (2 a rho a^dag - {a^dag a, rho}),
    from |S, 0>|0>, in the Dicke basis |S, M>|n> restricted to M + n <= 0 (the excitation number
    M + n is conserved by H and lowered by photon loss, so nothing else is reachable; exact).
    Time is in units of 1/kappa.

    Parameters
    ----------
    spin : int
        Spin length, 1 <= S <= 8.
    lam_over_kappa : float
        lambda_- / kappa > 0.
    t_kappa : numpy.ndarray
        Increasing output times kappa t starting at 0.
    rtol : float
        Relative tolerance of the integrator.

    Returns
    -------
    dict
        ``emitted`` (photons that left the cavity, 2 kappa int <a^dag a>), ``cavity`` (<a^dag a>),
        ``sz`` (<S_z>), ``final_population`` (population of |S, -S>|0>) on t_kappa, and
        ``cascade_time`` = kappa int_0^inf (1 - P_final) dt (the pulse duration; the tail beyond
        t_kappa[-1] is added from the slowest rate), ``emitted_total`` (emitted at t_kappa[-1]).

    Raises
    ------
    TypeError, ValueError
        If ``spin`` is not an integer in [1, 8], ``lam_over_kappa`` not finite and > 0, ``rtol``
        not in (0, 1), ``t_kappa`` not a finite, strictly increasing grid from 0 up to at most
        :data:`MAX_T_KAPPA`, or if Tr rho drifts from 1 by more than :data:`TRACE_TOLERANCE`.
    RuntimeError
        If the integrator fails.
    """
    spin, t_kappa = _check_cascade_args(spin, lam_over_kappa, t_kappa, rtol)
    return _integrate_cascade(spin, lam_over_kappa, t_kappa, rtol, anti=False)


def anti_tc_emission(
    spin: int, lam_over_kappa: float, t_kappa: np.ndarray, *, rtol: float = 1e-8
) -> dict[str, np.ndarray | float]:
    """Integrate master equation (2) with the anti-TC Hamiltonian (lambda_- = 0) from |S, -S>|0>.

    H = lambda_+ (a S_- + a^dag S_+): the second pulse of a sequence (text before Eq. (14)), which
    takes |S, -S> to |S, +S>. The basis is |S, M>|n> with M - n >= -S (M - n is conserved by H and
    raised by photon loss; exact). Time is in units of 1/kappa.

    Parameters
    ----------
    spin : int
        Spin length, 1 <= S <= 8.
    lam_over_kappa : float
        lambda_+ / kappa > 0.
    t_kappa : numpy.ndarray
        Increasing output times kappa t starting at 0.
    rtol : float
        Relative tolerance of the integrator.

    Returns
    -------
    dict
        As :func:`tc_emission`, with ``final_population`` that of |S, +S>|0>.

    Raises
    ------
    TypeError, ValueError, RuntimeError
        As :func:`tc_emission`.
    """
    spin, t_kappa = _check_cascade_args(spin, lam_over_kappa, t_kappa, rtol)
    return _integrate_cascade(spin, lam_over_kappa, t_kappa, rtol, anti=True)


def pulse_time_estimate(
    g_MHz: float, kappa_MHz: float, omega_over_delta: float, n_atoms: int, spin: float | None = None
) -> dict[str, float]:
    """t_pulse ~ (S lambda_-^2 / kappa)^-1 with lambda_- = g Omega_- / (12 sqrt(2) Delta), Eq. (6).

    Frequencies are given as f = omega / 2 pi in MHz (the paper's {g, kappa, gamma}/2pi) and
    converted to angular frequencies before use.

    Parameters
    ----------
    g_MHz, kappa_MHz : float
        g / 2 pi and kappa / 2 pi [MHz], > 0.
    omega_over_delta : float
        Omega_- / Delta > 0.
    n_atoms : int
        Number of atoms N.
    spin : float, optional
        Spin length S; default sqrt(N) (the most probable one).

    Returns
    -------
    dict
        lambda_rad_s, spin, t_pulse_s = kappa / (S lambda^2), cascade_time_s (bad-cavity rate
        equation, :func:`cascade_time_rate_equation` with S rounded), and
        coupling_ratio = sqrt(S) lambda / (kappa / 2) (< 1: the weak-coupling formula applies).

    Raises
    ------
    TypeError, ValueError
        If ``g_MHz``, ``kappa_MHz`` or ``omega_over_delta`` is not a finite number > 0,
        ``n_atoms`` not an integer in [1, 10^7], ``spin`` not in (0, N], or if a time comes out
        non-finite.
    """
    check_positive(g_MHz, "g_MHz")
    check_positive(kappa_MHz, "kappa_MHz")
    check_positive(omega_over_delta, "omega_over_delta")
    n = check_n_atoms(n_atoms)
    s = math.sqrt(n) if spin is None else check_positive(spin, "spin", n)
    lam = 2 * math.pi * g_MHz * 1e6 * omega_over_delta / (12 * math.sqrt(2))
    kappa = 2 * math.pi * kappa_MHz * 1e6
    s_int = max(1, round(s))
    out = {
        "lambda_rad_s": lam,
        "kappa_rad_s": kappa,
        "spin": s,
        "t_pulse_s": kappa / (s * lam**2),
        "cascade_time_s": cascade_time_rate_equation(s_int, lam / kappa) / kappa,
        "coupling_ratio": math.sqrt(s) * lam / (kappa / 2),
    }
    if not all(math.isfinite(v) and v > 0 for v in out.values()):
        raise ValueError(
            f"pulse_time_estimate(g_MHz={g_MHz!r}, kappa_MHz={kappa_MHz!r}, omega_over_delta="
            f"{omega_over_delta!r}, n_atoms={n}) gave a non-finite or non-positive value: {out}"
        )
    return out

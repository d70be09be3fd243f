"""Projection-noise sensitivity of the hybrid alkali-noble-gas magnetometer (Katz 2022 Sec. VI.C).

Appendix G: in the detuned regime ``|Delta| >> J >~ gamma_A >> gamma_B`` the noble-gas mode
decays at the dressed rate ``gamma~_B = gamma_B + J^2 gamma_A / Delta^2`` (Eq. (G10)), the alkali
follows it adiabatically (``a ~ (J/Delta) b``) and the lock-in output ``M(T)`` of Eq. (40) has
the mean (G14) and the two noise terms (G16), (G17). With ``y = gamma~_B T`` the sensitivities
``dB = B_perp sqrt(<dM^2>)/|<M>|`` (after (G17)) are

    dB_init = 4 gamma~_B (1 - e^-y) sqrt(V) / (g_B sqrt(N_B p_B) (1 + rho) (y + e^-y - 1)),
    dB_F    = 2 gamma~_B sqrt(2y - 3 + 4e^-y - e^-2y) / (g_B sqrt(N_B p_B) (1 + rho)(y + e^-y - 1)),

with ``V = <dP_B^2> + (J/Delta)^2 <dP_A^2>`` in the paper's units (vacuum 1/4) and
``dB_tot = sqrt(dB_init^2 + dB_F^2)`` (Eq. (41)).

Derivation check and deviation
------------------------------
Rederived from the adiabatic model: a vacuum Langevin force of rate ``2 gamma~_B`` on the
dressed noble mode gives ``Var int_0^T P_B = (2y - 3 + 4e^-y - e^-2y)/(16 gamma~_B^2)``
(paper units), which reproduces (G17) exactly; the initial variance decaying as ``e^-y``
reproduces (G16); the co-rotating half ``B_perp/2`` of ``B_perp cos wt`` reproduces (G14).
Limits: ``y -> 0``: ``dB_init -> (8/(g_B T)) sqrt(V/(N_B p_B))`` = Eq. (42) (confirmed);
``y -> inf``: ``dB_F -> (2 sqrt2 / g_B) sqrt(gamma~_B/(T N_B p_B))``. Eq. (43) prints
``1/(8 g_B)`` for the prefactor: 16 sqrt2 = 22.6 times smaller than its own (G14)/(G17) (the
``8`` belongs under the square root in the numerator, ``sqrt8 = 2 sqrt2``). Both are returned.
At short times ``dB_F -> 4 sqrt(2/3) sqrt(gamma~_B/T) / (g_B sqrt(N_B p_B))``; with vacuum
variances the two terms cross at ``gamma~_B T = 3/2`` (for ``J/Delta -> 0``).

Normalised units (Fig. 6): with the defaults ``gamma~_B = g_B = N_B p_B = 1`` time is in units
of ``1/gamma~_B`` and field in units of ``gamma~_B / (g_B sqrt(N_B p_B))``.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Sec. VI.C, Eqs. (40)-(43);
Appendix G, Eqs. (G1)-(G17).
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from spinbridge.species import _check_real
from spinbridge.store import var_attrs

__all__ = ["dressed_noble_decay_rate", "magnetometer_sensitivity"]

_N_SERIES = 30  # Taylor terms below y = 1 (the 2^k y^k / k! tail is < 1e-22 there)


def dressed_noble_decay_rate(
    gamma_B_s: float, gamma_A_s: float, J_s: float, delta_s: float
) -> float:
    """Dressed noble-gas decay rate ``gamma~_B = gamma_B + J^2 gamma_A / Delta^2``, Eq. (G10).

    Parameters
    ----------
    gamma_B_s, gamma_A_s : float
        Noble-gas and alkali decay rates [s^-1], >= 0.
    J_s : float
        Exchange rate J [s^-1], > 0.
    delta_s : float
        Detuning Delta [s^-1], nonzero, ``|Delta| > J`` (detuned regime of App. G).

    Returns
    -------
    float
        gamma~_B [s^-1].
    """
    _check_real("gamma_B_s", gamma_B_s, 0.0)
    _check_real("gamma_A_s", gamma_A_s, 0.0)
    _check_real("J_s", J_s, 0.0, lo_open=True)
    _check_real("delta_s", delta_s)
    if not abs(delta_s) > J_s:
        raise ValueError(f"delta_s must satisfy |delta_s| > J_s = {J_s} (detuned), got {delta_s}")
    return gamma_B_s + J_s**2 * gamma_A_s / delta_s**2


def _taylor(y: np.ndarray, coef) -> np.ndarray:
    """``sum_k coef(k) y^k`` for k = 2 .. _N_SERIES (Horner from the top)."""
    out = np.zeros_like(y)
    for k in range(_N_SERIES, 1, -1):
        out = out * y + coef(k)
    return out * y * y


def _ramp(y: np.ndarray) -> np.ndarray:
    """``y + e^-y - 1`` without cancellation."""
    small = _taylor(y, lambda k: (-1.0) ** k / math.factorial(k))
    return np.where(y < 1.0, small, y + np.exp(-y) - 1.0)


def _noise_ramp(y: np.ndarray) -> np.ndarray:
    """``2y - 3 + 4e^-y - e^-2y`` (G17) without cancellation (series ``(2/3) y^3 - ...``)."""
    small = _taylor(y, lambda k: (-1.0) ** k * (4.0 - 2.0**k) / math.factorial(k))
    return np.where(y < 1.0, small, 2 * y - 3 + 4 * np.exp(-y) - np.exp(-2 * y))


def _check_inputs(T, gamma_B_eff, variance_P_B, variance_P_A, J_over_delta, g_B, spins, rho):
    _check_real("T", T, 0.0, lo_open=True)
    _check_real("gamma_B_eff", gamma_B_eff, 0.0, lo_open=True)
    _check_real("variance_P_B", variance_P_B, 0.0)
    _check_real("variance_P_A", variance_P_A, 0.0)
    _check_real("J_over_delta", J_over_delta, -1.0, 1.0, lo_open=True, hi_open=True)
    _check_real("g_B", g_B, 0.0, lo_open=True)
    _check_real("polarized_spins_B", spins, 0.0, lo_open=True)
    _check_real("rho", rho, -1.0, lo_open=True)
    if np.ndim(T) > 1:
        raise ValueError(f"T must be a number or a 1-D array, got shape {np.shape(T)}")


def magnetometer_sensitivity(
    T,
    *,
    gamma_B_eff: float = 1.0,
    variance_P_B: float = 1.0,
    variance_P_A: float = 1.0,
    J_over_delta: float = 0.1,
    g_B: float = 1.0,
    polarized_spins_B: float = 1.0,
    rho: float = 0.0,
) -> xr.Dataset:
    """Projection-noise limits ``dB_init``, ``dB_F``, ``dB_tot`` of the magnetometer (Fig. 6).

    Eqs. (G14), (G16), (G17) and (41) (module docstring), with the asymptotes Eq. (42), Eq. (43)
    as printed and Eq. (43) corrected.

    Parameters
    ----------
    T : float or array_like
        Integration time(s) T > 0 (units of ``1/gamma_B_eff``'s time).
    gamma_B_eff : float, optional
        Dressed noble decay rate ``gamma~_B`` > 0 (:func:`dressed_noble_decay_rate`).
    variance_P_B, variance_P_A : float, optional
        Initial ``<dP_B^2>``, ``<dP_A^2>`` in units of the vacuum variance (1: vacuum; a
        squeezed noble gas < 1), >= 0.
    J_over_delta : float, optional
        ``J/Delta`` in (-1, 1) (detuned regime); enters only through ``V``.
    g_B : float, optional
        Noble-gas gyromagnetic ratio > 0.
    polarized_spins_B : float, optional
        ``N_B p_B`` > 0.
    rho : float, optional
        Relative alkali response ``varrho`` of Eq. (G15), > -1 (0: noble gas dominates).

    Returns
    -------
    xarray.Dataset
        Variables ``dB_init``, ``dB_F``, ``dB_tot``, ``dB_init_eq42``, ``dB_F_eq43_printed``,
        ``dB_F_eq43_corrected`` on the coordinate ``T``.
    """
    _check_inputs(
        T, gamma_B_eff, variance_P_B, variance_P_A, J_over_delta, g_B, polarized_spins_B, rho
    )
    t = np.atleast_1d(np.asarray(T, dtype=float))
    y = gamma_B_eff * t
    scale = g_B * math.sqrt(polarized_spins_B) * (1.0 + rho)
    var_q = (variance_P_B + J_over_delta**2 * variance_P_A) / 4.0  # the paper's units
    ramp = _ramp(y)
    d_init = 4 * gamma_B_eff * (-np.expm1(-y)) * math.sqrt(var_q) / (scale * ramp)
    d_f = 2 * gamma_B_eff * np.sqrt(np.maximum(_noise_ramp(y), 0.0)) / (scale * ramp)
    root = np.sqrt(gamma_B_eff / (t * polarized_spins_B))
    unit = "1"
    data = {
        "dB_init": (
            "T",
            d_init,
            var_attrs(unit, "initial-variance noise limit, Eqs. (G14), (G16)"),
        ),
        "dB_F": ("T", d_f, var_attrs(unit, "Langevin noise limit, Eqs. (G14), (G17)")),
        "dB_tot": ("T", np.hypot(d_init, d_f), var_attrs(unit, "total sensitivity, Eq. (41)")),
        "dB_init_eq42": (
            "T",
            8 / (g_B * t) * math.sqrt(var_q / polarized_spins_B) / (1 + rho),
            var_attrs(unit, "short-time limit of dB_init, Eq. (42)"),
        ),
        "dB_F_eq43_printed": (
            "T",
            root / (8 * g_B) / (1 + rho),
            var_attrs(unit, "long-time limit of dB_F as printed, Eq. (43)"),
        ),
        "dB_F_eq43_corrected": (
            "T",
            2 * math.sqrt(2) * root / g_B / (1 + rho),
            var_attrs(unit, "long-time limit of dB_F from (G14), (G17): Eq. (43) x 16 sqrt2"),
        ),
    }
    coords = {"T": ("T", t, var_attrs(unit, "integration time (units of 1/gamma_B_eff's time)"))}
    return xr.Dataset(
        data,
        coords=coords,
        attrs={
            "gamma_B_eff": gamma_B_eff,
            "variance_P_B": variance_P_B,
            "J_over_delta": J_over_delta,
        },
    )

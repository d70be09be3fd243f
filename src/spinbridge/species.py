"""Atomic species of the vapor cells and their single-atom quantities.

Nuclear spins and moments, the Larmor slowing-down factor q(I, p) of an alkali spin-temperature
distribution (Katz et al., PRX Quantum 3, 010305 (2022), Eq. (18)) and the mean-field rate
coefficient from the Fermi-contact enhancement kappa0 (Katz App. D; Jiang et al., PNAS (2025),
Eq. (1)). Re-exported by :mod:`spinbridge.cells`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from spinbridge.constants import GAMMA_E_RAD_S_G, HBAR_ERG_S, MU_N_ERG_G

__all__ = ["SPECIES", "Species", "sigma_v_phi_from_kappa0", "slowing_down_factor"]


@dataclass(frozen=True)
class Species:
    """An atomic species: nuclear spin and magnetic moment.

    Attributes
    ----------
    name : str
        Key used in ``config.yaml`` (e.g. ``"K39"``).
    kind : {"alkali", "noble"}
    nuclear_spin : float
        Nuclear spin I (half-integers as floats).
    mu_nuclear : float
        Nuclear magnetic moment in units of the nuclear magneton (signed).
    """

    name: str
    kind: str
    nuclear_spin: float
    mu_nuclear: float

    @property
    def gamma_nuclear_rad_s_G(self) -> float:
        """Nuclear gyromagnetic ratio mu / (I hbar) [rad s^-1 G^-1] (signed)."""
        return self.mu_nuclear * MU_N_ERG_G / (self.nuclear_spin * HBAR_ERG_S)

    @property
    def magnetic_moment_erg_G(self) -> float:
        """|mu| [erg/G]."""
        return abs(self.mu_nuclear) * MU_N_ERG_G


# Nuclear spins and moments: N. J. Stone, At. Data Nucl. Data Tables 90, 75 (2005).
SPECIES: dict[str, Species] = {
    s.name: s
    for s in (
        Species("K39", "alkali", 1.5, 0.39147),
        Species("Rb85", "alkali", 2.5, 1.35302),
        Species("Rb87", "alkali", 1.5, 2.75131),
        Species("Cs133", "alkali", 3.5, 2.58202),
        Species("He3", "noble", 0.5, -2.12750),
        Species("Xe129", "noble", 0.5, -0.77798),
        Species("Ne21", "noble", 1.5, -0.66180),
    )
}


def _species(name: str, kind: str) -> Species:
    try:
        sp = SPECIES[name]
    except KeyError:
        known = sorted(k for k, v in SPECIES.items() if v.kind == kind)
        raise ValueError(f"unknown {kind} species {name!r}; known: {', '.join(known)}") from None
    if sp.kind != kind:
        raise ValueError(f"{name!r} is a {sp.kind} species, not {kind}")
    return sp


def slowing_down_factor(I: float, p: float | np.ndarray) -> float | np.ndarray:
    """Larmor slowing-down factor q(I, p) of an alkali spin-temperature distribution.

    Katz et al. (2022), Eq. (18):

    .. math:: q = \\frac{2I+1}{p}\\frac{(1+p)^{2I+1} + (1-p)^{2I+1}}{(1+p)^{2I+1} - (1-p)^{2I+1}}
              - \\frac{1}{p^2} + 1 .

    Eq. (18) as printed cancels two terms of order 1/p^2 and loses all digits as p -> 0. With
    n = 2I + 1 (an integer) both binomials are polynomials, and the 1/p^2 poles cancel exactly,
    leaving the ratio of two polynomials with positive coefficients,

    .. math:: q = 1 + \\frac{\\sum_{k\\,\\mathrm{even}\\ge 2} [n\\binom{n}{k}
              - \\binom{n}{k+1}]\\, p^{k-2}}{\\sum_{k\\,\\mathrm{even}\\ge 0} \\binom{n}{k+1} p^k},

    which is evaluated here: no cancellation anywhere in 0 <= p <= 1. Limits: q(I, 0) =
    4I^2/3 + 4I/3 + 1 and q(I, 1) = 2I + 1; e.g. I = 3/2 gives q = 2 + 4/(1 + p^2).

    Parameters
    ----------
    I : float
        Nuclear spin of the alkali atom (0, 1/2, 1, 3/2, ...).
    p : float or ndarray
        Electron-spin polarization, 0 <= p <= 1.

    Returns
    -------
    float or ndarray
        q, dimensionless (same shape as ``p``).
    """
    n2 = 2.0 * I
    if not (n2 >= 0 and abs(n2 - round(n2)) < 1e-9):
        raise ValueError(f"nuclear spin I must be a non-negative multiple of 1/2, got {I}")
    p_arr = np.asarray(p, dtype=float)
    if np.any(~np.isfinite(p_arr)) or np.any(p_arr < 0) or np.any(p_arr > 1):
        raise ValueError(f"polarization p must satisfy 0 <= p <= 1, got {p}")
    n = round(n2) + 1
    num = np.zeros_like(p_arr)
    den = np.zeros_like(p_arr)
    x = p_arr * p_arr
    # Horner-free direct sums: n <= 8 for every alkali, so at most 5 terms each.
    for k in range(0, n + 1, 2):
        den = den + math.comb(n, k + 1) * x ** (k // 2)
        if k >= 2:
            num = num + (n * math.comb(n, k) - math.comb(n, k + 1)) * x ** ((k - 2) // 2)
    q = 1.0 + num / den
    return float(q) if np.ndim(q) == 0 else q


def sigma_v_phi_from_kappa0(kappa0: float, noble: str) -> float:
    """Mean-field rate coefficient <sigma v phi> = q zeta from the Fermi-contact enhancement kappa0.

    The noble-gas magnetization M = n_B p_B |mu_B| acts on the alkali electron spin as the field
    lambda M with lambda = 8 pi kappa0 / 3 (Jiang et al. 2025, text after Eq. 1). Equating the
    resulting alkali shift |gamma_e| lambda M / q with Katz's zeta p_B n_B / 2 (Eq. 25, zeta =
    <sigma v phi>/q) gives <sigma v phi> = (8 pi / 3) kappa0 hbar |gamma_e| |gamma_B| for a spin-1/2
    noble gas (|mu_B| = hbar |gamma_B| / 2). For K-3He (kappa0 ~ 6) this is 1.9e-14 cm^3/s, the
    value quoted in Katz Sec. VII.A.

    Parameters
    ----------
    kappa0 : float
        Fermi-contact enhancement factor (> 0).
    noble : str
        Noble-gas species key (spin 1/2).

    Returns
    -------
    float
        <sigma v phi> [cm^3/s].
    """
    if not kappa0 > 0:
        raise ValueError(f"kappa0 must be > 0, got {kappa0}")
    sp = _species(noble, "noble")
    return (
        8.0 * math.pi / 3.0 * kappa0 * HBAR_ERG_S * GAMMA_E_RAD_S_G * abs(sp.gamma_nuclear_rad_s_G)
    )

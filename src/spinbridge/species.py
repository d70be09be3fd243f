"""Atomic species of the vapor cells and their single-atom quantities.

Nuclear spins and moments, the Larmor slowing-down factor q(I, p) of an alkali spin-temperature
distribution (Katz et al., PRX Quantum 3, 010305 (2022), Eq. (18)) and the mean-field rate
coefficient from the Fermi-contact enhancement kappa0 (Katz App. D; Jiang et al., PNAS (2025),
Eq. (1)). Re-exported by :mod:`spinbridge.cells`.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from spinbridge.constants import GAMMA_E_RAD_S_G, HBAR_ERG_S, MU_N_ERG_G

__all__ = ["SPECIES", "Species", "sigma_v_phi_from_kappa0", "slowing_down_factor"]

MAX_NUCLEAR_SPIN = 10.0
"""Largest nuclear spin I accepted by :func:`slowing_down_factor` (known ground states: I <= 9)."""


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
    larmor_hz_per_G: float | None = None

    @property
    def gamma_nuclear_rad_s_G(self) -> float:
        """Nuclear gyromagnetic ratio mu / (I hbar) [rad s^-1 G^-1] (signed), bare nucleus."""
        return self.mu_nuclear * MU_N_ERG_G / (self.nuclear_spin * HBAR_ERG_S)

    @property
    def gamma_atom_rad_s_G(self) -> float:
        """Gyromagnetic ratio of the free atom [rad s^-1 G^-1] (signed): its Larmor frequency.

        The electrons of a closed-shell atom shield the nucleus, so a free noble-gas atom precesses
        at gamma (1 - sigma) B; for 129Xe sigma ~ 0.7 %. Where the free-atom frequency per field
        was measured (``larmor_hz_per_G``) it is used; otherwise the bare nuclear value.
        """
        if self.larmor_hz_per_G is None:
            return self.gamma_nuclear_rad_s_G
        return 2.0 * math.pi * self.larmor_hz_per_G

    @property
    def magnetic_moment_erg_G(self) -> float:
        """|mu| [erg/G]."""
        return abs(self.mu_nuclear) * MU_N_ERG_G


# Nuclear spins and moments: N. J. Stone, At. Data Nucl. Data Tables 90, 75 (2005). Free-atom Larmor
# frequencies per field (shielded, signed): 3He from CODATA 2018's shielded helion gyromagnetic
# ratio gamma'_h/2pi = 32.43409942 MHz/T; 129Xe from it and the measured ratio
# gamma_He/gamma_Xe = 2.75408159 (Sachdeva et al., PRL 123, 143003 (2019)): 11.776 75 MHz/T, 0.7 %
# below the bare nucleus's 11.860 MHz/T.
SPECIES: dict[str, Species] = {
    s.name: s
    for s in (
        Species("K39", "alkali", 1.5, 0.39147),
        Species("Rb85", "alkali", 2.5, 1.35302),
        Species("Rb87", "alkali", 1.5, 2.75131),
        Species("Cs133", "alkali", 3.5, 2.58202),
        Species("He3", "noble", 0.5, -2.12750, -3243.409942),
        Species("Xe129", "noble", 0.5, -0.77798, -3243.409942 / 2.75408159),
        Species("Ne21", "noble", 1.5, -0.66180),
    )
}


# ----------------------------------------------------------------------------- argument checks
# Shared by cells, species and the collision modules: a bad argument raises ValueError (TypeError
# for a wrong type) naming the argument and its allowed range, before any work is done.
def _interval(lo: float, hi: float, lo_open: bool, hi_open: bool) -> str:
    """Human-readable range, e.g. ``'> 0'``, ``'in (0, 1]'``, ``'finite'``."""
    if lo == -math.inf and hi == math.inf:
        return "finite"
    if hi == math.inf:
        return f"{'>' if lo_open else '>='} {lo:g}"
    if lo == -math.inf:
        return f"{'<' if hi_open else '<='} {hi:g}"
    return f"in {'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"


def _check_real(
    name: str,
    value,
    lo: float = -math.inf,
    hi: float = math.inf,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
):
    """Return ``value`` unchanged if it (every element, for an array) is a finite real in the range.

    Raises
    ------
    TypeError
        ``value`` is not a real number or a numeric array (e.g. a string or a bool).
    ValueError
        NaN, +-inf or outside ``[lo, hi]`` (open ends with ``lo_open``, ``hi_open``); the message
        names ``name`` and the allowed range.
    """
    allowed = _interval(lo, hi, lo_open, hi_open)
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be a real number ({allowed}), got the bool {value!r}")
    if isinstance(value, numbers.Real):
        v = float(value)
        ok = (
            math.isfinite(v)
            and (v > lo if lo_open else v >= lo)
            and (v < hi if hi_open else v <= hi)
        )
        if not ok:
            raise ValueError(f"{name} must be a finite number {allowed}, got {value!r}")
        return value
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must be a real number or a numeric array ({allowed}), "
            f"got {type(value).__name__}"
        )
    if arr.size:
        finite = bool(np.all(np.isfinite(arr)))
        a_min, a_max = (float(arr.min()), float(arr.max())) if finite else (math.nan, math.nan)
        ok = finite and (a_min > lo if lo_open else a_min >= lo)
        ok = ok and (a_max < hi if hi_open else a_max <= hi)
        if not ok:
            shown = np.array2string(arr.ravel(), threshold=6, precision=4)
            raise ValueError(f"{name} must be finite and {allowed} everywhere, got {shown}")
    return value


def _check_count(name: str, value, lo: int = 1, hi: int | None = None) -> int:
    """``value`` as an ``int`` if it is an integer (an integral float is accepted) in ``[lo, hi]``.

    Raises
    ------
    TypeError
        Not a real number (or a bool).
    ValueError
        NaN, +-inf, a fraction, or outside ``[lo, hi]``; the message names ``name``.
    """
    allowed = f"an integer >= {lo}" if hi is None else f"an integer in [{lo}, {hi}]"
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {allowed}, got {type(value).__name__} {value!r}")
    if isinstance(value, numbers.Integral):
        n = int(value)
    elif math.isfinite(float(value)) and float(value).is_integer():
        n = int(float(value))
    else:
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    if n < lo or (hi is not None and n > hi):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return n


def _check_time_grid(name: str, value, max_times: int, upper: float = math.inf) -> np.ndarray:
    """A number or a non-empty, non-decreasing 1-D array of times in [0, upper], as float array.

    Shared by the pair-production modules (times in N chi t); at most ``max_times`` entries.
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_):
        _check_real(name, value, 0.0, upper)
        return np.array([float(value)])
    arr = np.asarray(value)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a number or a non-empty 1-D array, got shape {arr.shape}")
    if arr.size > max_times:
        raise ValueError(f"{name} has {arr.size} times, more than MAX_TIMES = {max_times}")
    _check_real(name, arr, 0.0, upper)
    arr = arr.astype(float)
    if np.any(np.diff(arr) < 0):
        raise ValueError(f"{name} must be sorted (non-decreasing)")
    return arr


def _check_name(name: str, value, known) -> str:
    """``value`` if it is one of ``known`` (strings); TypeError / ValueError naming ``name``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {tuple(known)}, got {value!r}")
    if value not in known:
        raise ValueError(f"{name} must be one of {tuple(known)}, got {value!r}")
    return value


def _species(name: str, kind: str) -> Species:
    if not isinstance(name, str):
        raise TypeError(f"the {kind} species must be a string key of SPECIES, got {name!r}")
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
        Nuclear spin of the alkali atom (0, 1/2, 1, 3/2, ..., at most :data:`MAX_NUCLEAR_SPIN`).
    p : float or ndarray
        Electron-spin polarization, 0 <= p <= 1.

    Returns
    -------
    float or ndarray
        q, dimensionless (same shape as ``p``).

    Raises
    ------
    ValueError
        ``I`` not a multiple of 1/2 in [0, MAX_NUCLEAR_SPIN] (NaN and inf included), or ``p``
        (any element) NaN, infinite or outside [0, 1].
    TypeError
        ``I`` or ``p`` not numeric.
    """
    _check_real("nuclear spin I", I, 0.0, MAX_NUCLEAR_SPIN)
    n2 = 2.0 * I
    if not abs(n2 - round(n2)) < 1e-9:
        raise ValueError(f"nuclear spin I must be a non-negative multiple of 1/2, got {I}")
    _check_real("polarization p", p, 0.0, 1.0)
    p_arr = np.asarray(p, dtype=float)
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

    Raises
    ------
    ValueError
        ``kappa0`` not a finite number > 0, or ``noble`` not a noble-gas key of :data:`SPECIES`.
    TypeError
        ``kappa0`` not a number or ``noble`` not a string.
    """
    _check_real("kappa0", kappa0, 0.0, lo_open=True)
    sp = _species(noble, "noble")
    return (
        8.0 * math.pi / 3.0 * kappa0 * HBAR_ERG_S * GAMMA_E_RAD_S_G * abs(sp.gamma_nuclear_rad_s_G)
    )

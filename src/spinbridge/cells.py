"""Cell parameters of a hybrid alkali-metal / noble-gas vapor cell.

Everything downstream of ``config.yaml`` starts here: species data, the Larmor slowing-down factor,
the collective exchange rate J, the alkali relaxation budget, the collisional shift and the magnetic
field at which the two spin ensembles are resonant.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Eqs. (1)-(3), (18), (25)-(26), (28) and
Secs. V, VII.A. Jiang et al., PNAS (2025), Eq. (1) and text around it (Fermi-contact coupling).

Units are the papers' Gaussian-cgs ones: densities in cm^-3, rate coefficients in cm^3/s, rates in
s^-1 (angular, rad/s, unless a name ends in ``_Hz``), fields in G or mG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import xarray as xr

from spinbridge.constants import GAMMA_E_RAD_S_G, HBAR_ERG_S, MU_N_ERG_G, TWO_PI

__all__ = [
    "SPECIES",
    "Species",
    "cell_parameters",
    "collisional_shift",
    "exchange_rate",
    "resonance_field",
    "sigma_v_phi_from_kappa0",
    "slowing_down_factor",
]


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


def exchange_rate(
    zeta_cm3_s: float, q: float, p_alkali: float, p_noble: float, n_alkali_cm3, n_noble_cm3
):
    """Collective coherent exchange rate J, Katz et al. (2022) Eq. (26).

    J = zeta sqrt(q p_A p_B n_A n_B) / 2.

    Returns
    -------
    float or ndarray
        J [s^-1] (broadcast over array densities).
    """
    return 0.5 * zeta_cm3_s * np.sqrt(q * p_alkali * p_noble * n_alkali_cm3 * n_noble_cm3)


def collisional_shift(zeta_cm3_s, q, p_alkali, p_noble, n_alkali_cm3, n_noble_cm3):
    """Mean collisional shift Delta_c = zeta (p_A n_A q - p_B n_B) / 2, Katz Sec. V [rad/s].

    It is the difference of the two shifts in Eq. (25): omega_A = omega~_A - zeta p_B n_B / 2 and
    omega_B = omega~_B - zeta p_A n_A q / 2.
    """
    return 0.5 * zeta_cm3_s * (p_alkali * n_alkali_cm3 * q - p_noble * n_noble_cm3)


def resonance_field(delta_c_rad_s, g_alkali_rad_s_G: float, g_noble_rad_s_G: float):
    """Field B at which Delta = (g_A - g_B) B + Delta_c = 0 (Katz Sec. V, Eq. 28) [G]."""
    return -delta_c_rad_s / (g_alkali_rad_s_G - g_noble_rad_s_G)


def _scalar(value: float, units: str, long_name: str, **attrs) -> xr.DataArray:
    return xr.DataArray(float(value), attrs={"units": units, "long_name": long_name, **attrs})


def cell_parameters(
    *,
    alkali: str,
    noble: str,
    n_alkali_cm3: float,
    n_noble_cm3: float,
    p_alkali: float,
    p_noble: float,
    radius_cm: float,
    D_alkali_cm2_s: float,
    D_noble_cm2_s: float | None = None,
    sigma_v_phi_cm3_s: float | None = None,
    kappa0: float | None = None,
    phi_mean_rad: float | None = None,
    phi_std_rad: float = 0.0,
    k_SE_cm3_s: float | None = None,
    gamma_alkali_s: float | None = None,
    sigma_SR_v_cm3_s: float | None = None,
    sigma_SD_v_alkali_cm3_s: float | None = None,
    gamma_noble_s: float | None = None,
    T2_noble_s: float | None = None,
    sweep_decades: tuple[float, float] = (-1.5, 1.0),
    sweep_points: int = 61,
    **info: object,
) -> xr.Dataset:
    """Derived parameters of one alkali/noble-gas cell.

    The interaction is given either as ``sigma_v_phi_cm3_s`` (<sigma v phi> = q zeta, Katz Eq. 1) or
    as the Fermi-contact enhancement ``kappa0`` (see :func:`sigma_v_phi_from_kappa0`). The binary
    spin-exchange rate coefficient k_SE = <v sigma phi^2>/4 (Eq. 1) is given directly or follows
    from the mean collision angle: k_SE = (<sigma v phi>/<phi>) (<phi>^2 + std(phi)^2) / 4. The
    alkali relaxation rate gamma_A is given (``gamma_alkali_s``, e.g. a measured linewidth) or
    built from the budget of Eq. (2): gamma_A = n_B (k_SE + sigma_SR v) + n_A sigma_SD v_A / 2.

    Returned quantities (Katz 2022 unless stated): q (Eq. 18), zeta, k_SE, J (Eq. 26), gamma_A
    (Eq. 2 or given), the diffusion rate D_A pi^2 / R^2 and gamma = gamma_A + D_A pi^2/R^2 (Sec. V),
    gamma_B (Eq. 3 or given), both collisional shifts and Delta_c (Eq. 25, Sec. V), the resonance
    field B with Delta(B) = 0, the bare Larmor frequencies g_A B / 2 pi and g_B B / 2 pi there
    (g_A = |gamma_e| / q for the slowed-down alkali spin), J / gamma, and a sweep of J, gamma and B
    over the alkali density (``n_alkali_sweep``, ``sweep_decades`` decades around the nominal).

    Parameters
    ----------
    alkali, noble : str
        Species keys of :data:`SPECIES` (the noble gas must be spin 1/2, as in Katz's model).
    n_alkali_cm3, n_noble_cm3 : float
        Number densities [cm^-3], > 0.
    p_alkali, p_noble : float
        Spin polarizations, 0 < p <= 1.
    radius_cm : float
        Cell radius R [cm] (a sphere of the cell's volume for other shapes).
    D_alkali_cm2_s, D_noble_cm2_s : float
        Diffusion coefficients in the buffer gas [cm^2/s]; D_noble is carried for later stages.
    sigma_v_phi_cm3_s, kappa0 : float, optional
        Exactly one of them: the interaction strength.
    phi_mean_rad, phi_std_rad, k_SE_cm3_s : float, optional
        Collision angle statistics, or k_SE directly (one of phi_mean_rad, k_SE_cm3_s; if neither is
        given k_SE is NaN and gamma_alkali_s is required).
    gamma_alkali_s : float, optional
        Given gamma_A [s^-1]; otherwise ``sigma_SR_v_cm3_s`` and ``sigma_SD_v_alkali_cm3_s`` are
        required.
    gamma_noble_s, T2_noble_s : float, optional
        Given gamma_B [s^-1], or the alkali-free coherence time T_B [s] for Eq. (3).
    sweep_decades : (float, float)
        Range of the density sweep, log10 of n_A / n_A(nominal).
    sweep_points : int
        Number of points in the sweep.
    **info
        Descriptive, non-physical entries (e.g. ``description``, ``temperature_C``) stored as attrs.

    Returns
    -------
    xarray.Dataset
        Scalars listed above plus the density sweep; every variable has ``units`` and ``long_name``.
    """
    sp_a = _species(alkali, "alkali")
    sp_b = _species(noble, "noble")
    if sp_b.nuclear_spin != 0.5:
        raise ValueError(
            f"noble gas {noble!r} has I = {sp_b.nuclear_spin}; the collective model"
            " (Katz Eqs. 24-26) assumes a spin-1/2 noble gas"
        )
    for name, value in {
        "n_alkali_cm3": n_alkali_cm3,
        "n_noble_cm3": n_noble_cm3,
        "radius_cm": radius_cm,
        "D_alkali_cm2_s": D_alkali_cm2_s,
    }.items():
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    for name, value in {"p_alkali": p_alkali, "p_noble": p_noble}.items():
        if not 0 < value <= 1:
            raise ValueError(f"{name} must satisfy 0 < {name} <= 1, got {value!r}")
    if (sigma_v_phi_cm3_s is None) == (kappa0 is None):
        raise ValueError("give exactly one of sigma_v_phi_cm3_s and kappa0")
    if phi_mean_rad is not None and k_SE_cm3_s is not None:
        raise ValueError("give at most one of phi_mean_rad and k_SE_cm3_s")

    q = slowing_down_factor(sp_a.nuclear_spin, p_alkali)
    svp = (
        sigma_v_phi_cm3_s
        if sigma_v_phi_cm3_s is not None
        else sigma_v_phi_from_kappa0(kappa0, noble)
    )
    zeta = svp / q
    if k_SE_cm3_s is not None:
        k_se = float(k_SE_cm3_s)
    elif phi_mean_rad is not None:
        if not phi_mean_rad > 0:
            raise ValueError(f"phi_mean_rad must be > 0, got {phi_mean_rad}")
        k_se = 0.25 * (svp / phi_mean_rad) * (phi_mean_rad**2 + phi_std_rad**2)
    else:
        k_se = math.nan

    n_sweep = n_alkali_cm3 * np.logspace(sweep_decades[0], sweep_decades[1], sweep_points)

    def gamma_a_of(n_a):
        if gamma_alkali_s is not None:
            return np.full_like(np.asarray(n_a, dtype=float), float(gamma_alkali_s))
        if sigma_SR_v_cm3_s is None or sigma_SD_v_alkali_cm3_s is None or not math.isfinite(k_se):
            raise ValueError(
                "without gamma_alkali_s the relaxation budget (Katz Eq. 2) needs sigma_SR_v_cm3_s,"
                " sigma_SD_v_alkali_cm3_s and k_SE (phi_mean_rad or k_SE_cm3_s)"
            )
        return n_noble_cm3 * (k_se + sigma_SR_v_cm3_s) + 0.5 * n_a * sigma_SD_v_alkali_cm3_s

    gamma_diff = D_alkali_cm2_s * math.pi**2 / radius_cm**2
    g_a = GAMMA_E_RAD_S_G / q
    g_b = abs(sp_b.gamma_nuclear_rad_s_G)
    J = exchange_rate(zeta, q, p_alkali, p_noble, n_alkali_cm3, n_noble_cm3)
    gamma_a = float(gamma_a_of(n_alkali_cm3))
    gamma = gamma_a + gamma_diff
    shift_a = 0.5 * zeta * p_noble * n_noble_cm3
    shift_b = 0.5 * zeta * q * p_alkali * n_alkali_cm3
    delta_c = collisional_shift(zeta, q, p_alkali, p_noble, n_alkali_cm3, n_noble_cm3)
    b_res = resonance_field(delta_c, g_a, g_b)
    if gamma_noble_s is not None:
        gamma_b = float(gamma_noble_s)
    else:
        gamma_b = k_se * n_alkali_cm3 + (1.0 / T2_noble_s if T2_noble_s else 0.0)

    J_sweep = exchange_rate(zeta, q, p_alkali, p_noble, n_sweep, n_noble_cm3)
    gamma_sweep = gamma_a_of(n_sweep) + gamma_diff
    b_sweep = resonance_field(
        collisional_shift(zeta, q, p_alkali, p_noble, n_sweep, n_noble_cm3), g_a, g_b
    )

    ds = xr.Dataset(
        {
            "q": _scalar(q, "1", "Larmor slowing-down factor q(I, p_A) (Katz Eq. 18)"),
            "sigma_v_phi": _scalar(svp, "cm3 s-1", "<sigma v phi> = q zeta"),
            "zeta": _scalar(zeta, "cm3 s-1", "mean-field interaction strength zeta (Katz Eq. 1)"),
            "k_SE": _scalar(k_se, "cm3 s-1", "spin-exchange rate coefficient <v sigma phi^2>/4"),
            "J": _scalar(J, "s-1", "collective exchange rate J (Katz Eq. 26)"),
            "gamma_alkali": _scalar(
                gamma_a,
                "s-1",
                "alkali relaxation rate gamma_A (Katz Eq. 2)",
                source="given" if gamma_alkali_s is not None else "Eq. 2 budget",
            ),
            "gamma_diffusion": _scalar(
                gamma_diff, "s-1", "alkali diffusion rate D_A pi^2 / R^2 (Katz Sec. V)"
            ),
            "gamma": _scalar(gamma, "s-1", "alkali decay gamma = gamma_A + D_A pi^2/R^2"),
            "gamma_noble": _scalar(
                gamma_b,
                "s-1",
                "noble-gas relaxation rate gamma_B (Katz Eq. 3)",
                source="given" if gamma_noble_s is not None else "Eq. 3",
            ),
            "shift_alkali": _scalar(
                shift_a, "rad s-1", "collisional shift of the alkali zeta p_B n_B / 2 (Eq. 25)"
            ),
            "shift_noble": _scalar(
                shift_b, "rad s-1", "collisional shift of the noble gas zeta q p_A n_A / 2 (Eq. 25)"
            ),
            "Delta_c": _scalar(delta_c, "rad s-1", "collisional detuning Delta_c (Katz Sec. V)"),
            "B_resonance": _scalar(
                1e3 * b_res, "mG", "magnetic field at resonance Delta(B) = 0 (Katz Sec. V)"
            ),
            "larmor_alkali": _scalar(
                g_a * b_res / TWO_PI, "Hz", "bare alkali Larmor frequency g_A B / 2 pi at resonance"
            ),
            "larmor_noble": _scalar(
                g_b * b_res / TWO_PI, "Hz", "noble-gas Larmor frequency g_B B / 2 pi at resonance"
            ),
            "J_over_gamma": _scalar(J / gamma, "1", "coupling strength J / gamma"),
            "J_sweep": (
                "n_alkali_sweep",
                J_sweep,
                {"units": "s-1", "long_name": "J vs alkali density (Katz Eq. 26)"},
            ),
            "gamma_sweep": (
                "n_alkali_sweep",
                gamma_sweep,
                {"units": "s-1", "long_name": "gamma vs alkali density"},
            ),
            "B_resonance_sweep": (
                "n_alkali_sweep",
                1e3 * b_sweep,
                {"units": "mG", "long_name": "resonance field vs alkali density"},
            ),
        },
        coords={
            "n_alkali_sweep": (
                "n_alkali_sweep",
                n_sweep,
                {"units": "cm-3", "long_name": "alkali number density n_A"},
            )
        },
        attrs={
            "title": f"Cell parameters: {alkali}-{noble}",
            "alkali": alkali,
            "noble": noble,
            "alkali_nuclear_spin": sp_a.nuclear_spin,
            "n_alkali_cm3": n_alkali_cm3,
            "n_noble_cm3": n_noble_cm3,
            "p_alkali": p_alkali,
            "p_noble": p_noble,
            "radius_cm": radius_cm,
            "D_alkali_cm2_s": D_alkali_cm2_s,
            **({"D_noble_cm2_s": D_noble_cm2_s} if D_noble_cm2_s is not None else {}),
            **{k: v for k, v in info.items() if isinstance(v, (str, int, float))},
        },
    )
    return ds

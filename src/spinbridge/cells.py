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
from collections.abc import Mapping

import numpy as np
import pandas as pd
import xarray as xr

from spinbridge.constants import GAMMA_E_RAD_S_G, TWO_PI
from spinbridge.species import (
    SPECIES,
    Species,
    _species,
    sigma_v_phi_from_kappa0,
    slowing_down_factor,
)
from spinbridge.store import var_attrs

__all__ = [
    "SPECIES",
    "Species",
    "alkali_relaxation_rate",
    "cell_parameters",
    "collisional_shift",
    "density_sweep",
    "diffusion_rate",
    "exchange_rate",
    "interaction_strength",
    "noble_relaxation_rate",
    "parameter_table",
    "resonance_field",
    "sigma_v_phi_from_kappa0",
    "slowing_down_factor",
    "spin_exchange_coefficient",
]


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


def interaction_strength(
    alkali: str,
    noble: str,
    p_alkali: float,
    sigma_v_phi_cm3_s: float | None = None,
    kappa0: float | None = None,
) -> tuple[float, float, float]:
    """Slowing-down factor q, <sigma v phi> and zeta = <sigma v phi>/q of one cell.

    Katz et al. (2022) Eq. (18) for q and Eq. (1) for zeta; the interaction is given either as
    ``sigma_v_phi_cm3_s`` or through the Fermi-contact enhancement ``kappa0``
    (:func:`sigma_v_phi_from_kappa0`, Katz App. D).

    Parameters
    ----------
    alkali, noble : str
        Species keys of :data:`SPECIES`; the noble gas must be spin 1/2 (Katz Eqs. 24-26).
    p_alkali : float
        Alkali electron-spin polarization p_A, 0 < p_A <= 1.
    sigma_v_phi_cm3_s, kappa0 : float, optional
        Exactly one of them: <sigma v phi> [cm^3/s] or kappa0 (dimensionless).

    Returns
    -------
    (float, float, float)
        q (dimensionless), <sigma v phi> [cm^3/s], zeta [cm^3/s].
    """
    sp_a = _species(alkali, "alkali")
    sp_b = _species(noble, "noble")
    if sp_b.nuclear_spin != 0.5:
        raise ValueError(
            f"noble gas {noble!r} has I = {sp_b.nuclear_spin}; the collective model"
            " (Katz Eqs. 24-26) assumes a spin-1/2 noble gas"
        )
    if (sigma_v_phi_cm3_s is None) == (kappa0 is None):
        raise ValueError("give exactly one of sigma_v_phi_cm3_s and kappa0")
    q = slowing_down_factor(sp_a.nuclear_spin, p_alkali)
    svp = (
        sigma_v_phi_cm3_s
        if sigma_v_phi_cm3_s is not None
        else sigma_v_phi_from_kappa0(kappa0, noble)
    )
    return q, svp, svp / q


def spin_exchange_coefficient(
    sigma_v_phi_cm3_s: float,
    phi_mean_rad: float | None = None,
    phi_std_rad: float = 0.0,
    k_SE_cm3_s: float | None = None,
) -> float:
    """Binary spin-exchange rate coefficient k_SE = <v sigma phi^2>/4 (Katz Eq. 1, App. D).

    Given directly (``k_SE_cm3_s``) or from the collision-angle statistics,
    k_SE = (<sigma v phi>/<phi>) (<phi>^2 + std(phi)^2) / 4. NaN when neither is given (then the
    cell must give gamma_A and gamma_B directly).

    Parameters
    ----------
    sigma_v_phi_cm3_s : float
        <sigma v phi> [cm^3/s].
    phi_mean_rad, phi_std_rad : float
        Mean <phi> > 0 and standard deviation of the collision angle [rad].
    k_SE_cm3_s : float, optional
        k_SE [cm^3/s]; at most one of ``phi_mean_rad`` and ``k_SE_cm3_s``.

    Returns
    -------
    float
        k_SE [cm^3/s] (NaN if undetermined).
    """
    if phi_mean_rad is not None and k_SE_cm3_s is not None:
        raise ValueError("give at most one of phi_mean_rad and k_SE_cm3_s")
    if k_SE_cm3_s is not None:
        return float(k_SE_cm3_s)
    if phi_mean_rad is not None:
        if not phi_mean_rad > 0:
            raise ValueError(f"phi_mean_rad must be > 0, got {phi_mean_rad}")
        return 0.25 * (sigma_v_phi_cm3_s / phi_mean_rad) * (phi_mean_rad**2 + phi_std_rad**2)
    return math.nan


def alkali_relaxation_rate(
    n_alkali_cm3: float | np.ndarray,
    n_noble_cm3: float,
    k_SE_cm3_s: float,
    gamma_alkali_s: float | None = None,
    sigma_SR_v_cm3_s: float | None = None,
    sigma_SD_v_alkali_cm3_s: float | None = None,
) -> np.ndarray:
    """Alkali relaxation rate gamma_A, given or from the budget of Katz Eq. (2).

    gamma_A = n_B (k_SE + sigma_SR v) + n_A sigma_SD v_A / 2.

    Parameters
    ----------
    n_alkali_cm3 : float or ndarray
        Alkali density n_A [cm^-3] (an array for the density sweep).
    n_noble_cm3 : float
        Noble-gas density n_B [cm^-3].
    k_SE_cm3_s : float
        k_SE [cm^3/s] (:func:`spin_exchange_coefficient`).
    gamma_alkali_s : float, optional
        Given gamma_A [s^-1] (e.g. a measured linewidth); the budget is not used then.
    sigma_SR_v_cm3_s, sigma_SD_v_alkali_cm3_s : float, optional
        Spin-rotation and alkali-alkali spin-destruction rate coefficients [cm^3/s].

    Returns
    -------
    ndarray
        gamma_A [s^-1], shape of ``n_alkali_cm3``.
    """
    if gamma_alkali_s is not None:
        return np.full_like(np.asarray(n_alkali_cm3, dtype=float), float(gamma_alkali_s))
    if sigma_SR_v_cm3_s is None or sigma_SD_v_alkali_cm3_s is None or not math.isfinite(k_SE_cm3_s):
        raise ValueError(
            "without gamma_alkali_s the relaxation budget (Katz Eq. 2) needs sigma_SR_v_cm3_s,"
            " sigma_SD_v_alkali_cm3_s and k_SE (phi_mean_rad or k_SE_cm3_s)"
        )
    return (
        n_noble_cm3 * (k_SE_cm3_s + sigma_SR_v_cm3_s) + 0.5 * n_alkali_cm3 * sigma_SD_v_alkali_cm3_s
    )


def noble_relaxation_rate(
    k_SE_cm3_s: float,
    n_alkali_cm3: float,
    gamma_noble_s: float | None = None,
    T2_noble_s: float | None = None,
) -> float:
    """Noble-gas relaxation rate gamma_B, given or from Katz Eq. (3): k_SE n_A + 1/T_B.

    Parameters
    ----------
    k_SE_cm3_s : float
        k_SE [cm^3/s].
    n_alkali_cm3 : float
        Alkali density n_A [cm^-3].
    gamma_noble_s : float, optional
        Given gamma_B [s^-1].
    T2_noble_s : float, optional
        Alkali-free coherence time T_B [s] (omitted: no 1/T_B term).

    Returns
    -------
    float
        gamma_B [s^-1].
    """
    if gamma_noble_s is not None:
        return float(gamma_noble_s)
    if not math.isfinite(k_SE_cm3_s):
        raise ValueError(
            "gamma_noble (Katz Eq. 3) needs k_SE: give phi_mean_rad or k_SE_cm3_s, or gamma_noble_s"
        )
    return k_SE_cm3_s * n_alkali_cm3 + (1.0 / T2_noble_s if T2_noble_s else 0.0)


def diffusion_rate(D_alkali_cm2_s: float, radius_cm: float) -> float:
    """Decay rate of the lowest diffusion mode D_A pi^2 / R^2 (Katz Sec. V, Eq. 28) [s^-1].

    Parameters
    ----------
    D_alkali_cm2_s : float
        Alkali diffusion coefficient [cm^2/s].
    radius_cm : float
        Cell radius R [cm].

    Returns
    -------
    float
        D_A pi^2 / R^2 [s^-1].
    """
    return D_alkali_cm2_s * math.pi**2 / radius_cm**2


def density_sweep(
    n_alkali_cm3: float, sweep_decades: tuple[float, float], sweep_points: int
) -> np.ndarray:
    """Alkali densities n_A 10^x for x on ``sweep_points`` log-spaced steps of ``sweep_decades``.

    Parameters
    ----------
    n_alkali_cm3 : float
        Nominal alkali density [cm^-3].
    sweep_decades : (float, float)
        log10 of the first and last n / n_A.
    sweep_points : int
        Number of points.

    Returns
    -------
    ndarray
        Densities [cm^-3].
    """
    return n_alkali_cm3 * np.logspace(sweep_decades[0], sweep_decades[1], sweep_points)


def _check_cell_inputs(
    n_alkali_cm3: float,
    n_noble_cm3: float,
    p_alkali: float,
    p_noble: float,
    radius_cm: float,
    D_alkali_cm2_s: float,
) -> None:
    """Reject non-positive or non-finite densities, radius, diffusion and out-of-range p."""
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


_CELL_VARS = {  # name -> (units, long_name)
    "q": ("1", "Larmor slowing-down factor q(I, p_A) (Katz Eq. 18)"),
    "sigma_v_phi": ("cm3 s-1", "<sigma v phi> = q zeta"),
    "zeta": ("cm3 s-1", "mean-field interaction strength zeta (Katz Eq. 1)"),
    "k_SE": ("cm3 s-1", "spin-exchange rate coefficient <v sigma phi^2>/4"),
    "J": ("s-1", "collective exchange rate J (Katz Eq. 26)"),
    "gamma_alkali": ("s-1", "alkali relaxation rate gamma_A (Katz Eq. 2)"),
    "gamma_diffusion": ("s-1", "alkali diffusion rate D_A pi^2 / R^2 (Katz Sec. V)"),
    "gamma": ("s-1", "alkali decay gamma = gamma_A + D_A pi^2/R^2"),
    "gamma_noble": ("s-1", "noble-gas relaxation rate gamma_B (Katz Eq. 3)"),
    "shift_alkali": ("rad s-1", "collisional shift of the alkali zeta p_B n_B / 2 (Eq. 25)"),
    "shift_noble": ("rad s-1", "collisional shift of the noble gas zeta q p_A n_A / 2 (Eq. 25)"),
    "Delta_c": ("rad s-1", "collisional detuning Delta_c (Katz Sec. V)"),
    "B_resonance": ("mG", "magnetic field at resonance Delta(B) = 0 (Katz Sec. V)"),
    "larmor_alkali": ("Hz", "bare alkali Larmor frequency g_A B / 2 pi at resonance"),
    "larmor_noble": ("Hz", "noble-gas Larmor frequency g_B B / 2 pi at resonance"),
    "J_over_gamma": ("1", "coupling strength J / gamma"),
    "gyromagnetic_ratio": ("1", "g_A / g_B, g_A = |gamma_e|/q (Katz Sec. V: 100- to 1000-fold)"),
    "strong_coupling_angle_bound": (
        "rad",
        "sqrt(q p_A p_B) sqrt(n_A/n_B), the bound on <phi> for J >> gamma (Katz Sec. V)",
    ),
}
_SWEEP_VARS = {
    "J_sweep": ("s-1", "J vs alkali density (Katz Eq. 26)"),
    "gamma_sweep": ("s-1", "gamma vs alkali density"),
    "B_resonance_sweep": ("mG", "resonance field vs alkali density"),
}


def _check_finite(values: Mapping[str, float], inputs: Mapping[str, object]) -> None:
    """ValueError naming the derived quantity and the inputs if any value is NaN or infinite."""
    bad = [k for k, v in values.items() if not np.all(np.isfinite(v))]
    if bad:
        given = ", ".join(f"{k}={v!r}" for k, v in inputs.items() if v is not None)
        raise ValueError(f"derived {', '.join(bad)} not finite for the inputs {given}")


def _cell_dataset(
    scalars: Mapping[str, float],
    sweeps: Mapping[str, np.ndarray],
    n_sweep: np.ndarray,
    sources: Mapping[str, str],
    attrs: Mapping[str, object],
) -> xr.Dataset:
    """Assemble the cell dataset: 0-d variables, the density sweep and the attrs."""
    data = {
        k: xr.DataArray(
            float(v),
            attrs=var_attrs(*_CELL_VARS[k], **({"source": sources[k]} if k in sources else {})),
        )
        for k, v in scalars.items()
    }
    data.update({k: ("n_alkali_sweep", v, var_attrs(*_SWEEP_VARS[k])) for k, v in sweeps.items()})
    coords = {
        "n_alkali_sweep": (
            "n_alkali_sweep",
            n_sweep,
            var_attrs("cm-3", "alkali number density n_A"),
        )
    }
    return xr.Dataset(data, coords=coords, attrs=dict(attrs))


def _cell_attrs(*, alkali: str, noble: str, **values: object) -> dict[str, object]:
    """Dataset attrs: title, species, the nuclear spin and every given (not None) input."""
    attrs = {
        "title": f"Cell parameters: {alkali}-{noble}",
        "alkali": alkali,
        "noble": noble,
        "alkali_nuclear_spin": _species(alkali, "alkali").nuclear_spin,
        **values,
    }
    return {k: v for k, v in attrs.items() if v is not None}


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
    description: str | None = None,
    temperature_C: float | None = None,
    volume_cm3: float | None = None,
) -> xr.Dataset:
    """Derived parameters of one alkali/noble-gas cell (Katz 2022 Eqs. 1-3, 18, 25-26, Sec. V).

    The steps: :func:`interaction_strength` (q, <sigma v phi>, zeta),
    :func:`spin_exchange_coefficient` (k_SE), :func:`alkali_relaxation_rate` (gamma_A, Eq. 2 or
    given), :func:`diffusion_rate`,
    :func:`noble_relaxation_rate` (gamma_B, Eq. 3 or given), :func:`exchange_rate` (J, Eq. 26), the
    shifts of Eq. (25) and :func:`collisional_shift` (Delta_c), :func:`resonance_field` (B with
    Delta(B) = 0, g_A = |gamma_e|/q for the slowed-down alkali spin) and the density sweep
    (:func:`density_sweep`). Every keyword is explicit: a misspelled one raises ``TypeError``.
    (The function is long only by its 23 explicit keywords and this docstring; its body, ~55
    lines, just calls the steps.)

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
        Exactly one of them: the interaction strength [cm^3/s] or the Fermi-contact enhancement.
    phi_mean_rad, phi_std_rad, k_SE_cm3_s : float, optional
        Collision angle statistics [rad], or k_SE [cm^3/s] directly (at most one of phi_mean_rad,
        k_SE_cm3_s; if neither is given k_SE is NaN and gamma_alkali_s, gamma_noble_s are needed).
    gamma_alkali_s : float, optional
        Given gamma_A [s^-1]; otherwise ``sigma_SR_v_cm3_s`` and ``sigma_SD_v_alkali_cm3_s``
        [cm^3/s] are required (Eq. 2).
    gamma_noble_s, T2_noble_s : float, optional
        Given gamma_B [s^-1], or the alkali-free coherence time T_B [s] for Eq. (3).
    sweep_decades : (float, float)
        Range of the density sweep, log10 of n_A / n_A(nominal).
    sweep_points : int
        Number of points in the sweep.
    description : str, optional
        Free text (where the numbers come from), stored as an attr.
    temperature_C, volume_cm3 : float, optional
        Cell temperature [deg C] and volume [cm^3], recorded as attrs (not used in the physics).

    Length: the signature names every config key of a cell explicitly (a misspelled key must
    fail), and the body assembles ~30 documented variables; the physics is in the steps above.

    Returns
    -------
    xarray.Dataset
        0-d variables q, sigma_v_phi, zeta, k_SE, J, gamma_alkali, gamma_diffusion, gamma,
        gamma_noble, shift_alkali, shift_noble, Delta_c, B_resonance [mG], larmor_alkali,
        larmor_noble [Hz], J_over_gamma, gyromagnetic_ratio, strong_coupling_angle_bound, and the
        sweep J_sweep, gamma_sweep, B_resonance_sweep over ``n_alkali_sweep``; every variable has
        ``units`` and ``long_name``. Only k_SE may be NaN (not determined by the inputs).
    """
    _check_cell_inputs(n_alkali_cm3, n_noble_cm3, p_alkali, p_noble, radius_cm, D_alkali_cm2_s)
    q, svp, zeta = interaction_strength(alkali, noble, p_alkali, sigma_v_phi_cm3_s, kappa0)
    k_se = spin_exchange_coefficient(svp, phi_mean_rad, phi_std_rad, k_SE_cm3_s)
    budget = dict(
        n_noble_cm3=n_noble_cm3,
        k_SE_cm3_s=k_se,
        gamma_alkali_s=gamma_alkali_s,
        sigma_SR_v_cm3_s=sigma_SR_v_cm3_s,
        sigma_SD_v_alkali_cm3_s=sigma_SD_v_alkali_cm3_s,
    )
    n_sweep = density_sweep(n_alkali_cm3, sweep_decades, sweep_points)
    gamma_diff = diffusion_rate(D_alkali_cm2_s, radius_cm)
    g_a = GAMMA_E_RAD_S_G / q
    g_b = abs(_species(noble, "noble").gamma_nuclear_rad_s_G)
    J = exchange_rate(zeta, q, p_alkali, p_noble, n_alkali_cm3, n_noble_cm3)
    gamma_a = float(alkali_relaxation_rate(n_alkali_cm3, **budget))
    gamma = gamma_a + gamma_diff
    delta_c = collisional_shift(zeta, q, p_alkali, p_noble, n_alkali_cm3, n_noble_cm3)
    b_res = resonance_field(delta_c, g_a, g_b)
    scalars = {
        "q": q,
        "sigma_v_phi": svp,
        "zeta": zeta,
        "k_SE": k_se,
        "J": J,
        "gamma_alkali": gamma_a,
        "gamma_diffusion": gamma_diff,
        "gamma": gamma,
        "gamma_noble": noble_relaxation_rate(k_se, n_alkali_cm3, gamma_noble_s, T2_noble_s),
        "shift_alkali": 0.5 * zeta * p_noble * n_noble_cm3,
        "shift_noble": 0.5 * zeta * q * p_alkali * n_alkali_cm3,
        "Delta_c": delta_c,
        "B_resonance": 1e3 * b_res,
        "larmor_alkali": g_a * b_res / TWO_PI,
        "larmor_noble": g_b * b_res / TWO_PI,
        "J_over_gamma": J / gamma,
        "gyromagnetic_ratio": g_a / g_b,
        "strong_coupling_angle_bound": math.sqrt(q * p_alkali * p_noble)
        * math.sqrt(n_alkali_cm3 / n_noble_cm3),
    }
    sweeps = {
        "J_sweep": exchange_rate(zeta, q, p_alkali, p_noble, n_sweep, n_noble_cm3),
        "gamma_sweep": alkali_relaxation_rate(n_sweep, **budget) + gamma_diff,
        "B_resonance_sweep": 1e3
        * resonance_field(
            collisional_shift(zeta, q, p_alkali, p_noble, n_sweep, n_noble_cm3), g_a, g_b
        ),
    }
    inputs = dict(
        n_alkali_cm3=n_alkali_cm3,
        n_noble_cm3=n_noble_cm3,
        sigma_v_phi_cm3_s=sigma_v_phi_cm3_s,
        kappa0=kappa0,
        gamma_alkali_s=gamma_alkali_s,
        gamma_noble_s=gamma_noble_s,
    )
    _check_finite({k: v for k, v in {**scalars, **sweeps}.items() if k != "k_SE"}, inputs)
    sources = {
        "gamma_alkali": "given" if gamma_alkali_s is not None else "Eq. 2 budget",
        "gamma_noble": "given" if gamma_noble_s is not None else "Eq. 3",
    }
    attrs = _cell_attrs(
        alkali=alkali,
        noble=noble,
        n_alkali_cm3=n_alkali_cm3,
        n_noble_cm3=n_noble_cm3,
        p_alkali=p_alkali,
        p_noble=p_noble,
        radius_cm=radius_cm,
        D_alkali_cm2_s=D_alkali_cm2_s,
        D_noble_cm2_s=D_noble_cm2_s,
        description=description,
        temperature_C=temperature_C,
        volume_cm3=volume_cm3,
    )
    return _cell_dataset(scalars, sweeps, n_sweep, sources, attrs)


# (attr, symbol, units) of the table's numeric input rows, read from the dataset attrs
_TABLE_INPUT_ROWS = {
    "n_alkali_cm3": ("n_A", "cm-3"),
    "n_noble_cm3": ("n_B", "cm-3"),
    "p_alkali": ("p_A", ""),
    "p_noble": ("p_B", ""),
    "radius_cm": ("R", "cm"),
    "D_alkali_cm2_s": ("D_A", "cm2 s-1"),
}
# (variable, symbol) of the derived rows
_TABLE_DERIVED_ROWS = {
    "q": "q",
    "sigma_v_phi": "<sigma v phi>",
    "zeta": "zeta",
    "k_SE": "k_SE",
    "J": "J",
    "gamma_alkali": "gamma_A",
    "gamma_diffusion": "D_A pi^2/R^2",
    "gamma": "gamma",
    "gamma_noble": "gamma_B",
    "Delta_c": "Delta_c",
    "B_resonance": "B (Delta = 0)",
    "larmor_alkali": "g_A B / 2 pi",
    "larmor_noble": "g_B B / 2 pi",
    "J_over_gamma": "J / gamma",
    "gyromagnetic_ratio": "g_A / g_B",
}


def parameter_table(cells: Mapping[str, xr.Dataset]) -> pd.DataFrame:
    """Table of the cells' inputs and derived quantities (Katz Sec. VII.A), one column per cell.

    Rows: the numeric inputs (n_A, n_B, p_A, p_B, R, D_A) and the derived q (Eq. 18),
    <sigma v phi>, zeta, k_SE (Eq. 1), J (Eq. 26), gamma_A (Eq. 2), D_A pi^2/R^2, gamma, gamma_B
    (Eq. 3), Delta_c, B at Delta(B) = 0, the Larmor frequencies there (Sec. V), J/gamma and g_A/g_B.
    The species are in the datasets' attrs (``alkali``, ``noble``), not in the numeric table.

    Parameters
    ----------
    cells : Mapping[str, xarray.Dataset]
        Cell name -> dataset of :func:`cell_parameters` (the column order is the mapping's).

    Returns
    -------
    pandas.DataFrame
        Columns ``quantity`` (symbol), ``units`` ("" for dimensionless) and one float column per
        cell (NaN where undetermined, e.g. k_SE without angle statistics).
    """
    if not cells:
        raise ValueError("parameter_table needs at least one cell")
    rows = []
    for attr, (symbol, units) in _TABLE_INPUT_ROWS.items():
        values = {n: float(ds.attrs[attr]) for n, ds in cells.items()}
        rows.append({"quantity": symbol, "units": units, **values})
    first = next(iter(cells.values()))
    for var, symbol in _TABLE_DERIVED_ROWS.items():
        units = first[var].attrs["units"]
        values = {n: float(ds[var]) for n, ds in cells.items()}
        rows.append({"quantity": symbol, "units": "" if units == "1" else units, **values})
    return pd.DataFrame(rows)

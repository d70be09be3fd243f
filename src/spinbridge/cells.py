"""Cell parameters of a hybrid alkali-metal / noble-gas vapor cell.

Everything downstream of ``config.yaml`` starts here: species data, the Larmor slowing-down factor,
the collective exchange rate J, the alkali relaxation budget, the collisional shift and the magnetic
field at which the two spin ensembles are resonant, the noble-gas lifetimes, and two cross-checks
of a cell's stated inputs (k_SE from the collision angles; diffusion coefficients scaled from
reference values). The per-step rate functions live in :mod:`spinbridge.cell_rates` and are
re-exported here; this module assembles them into the cell dataset (:func:`cell_parameters`) and
the parameter table (:func:`parameter_table`).

A cell may state the alkali decay as gamma_A (Eq. 2) or as the total gamma = gamma_A +
D_A pi^2/R^2 of Eq. (28) (``gamma_total_s``): Katz Sec. VII.A's "gamma = 17.5 s^-1" is the latter,
the symbol Eq. (28) defines and the one of J/gamma.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Eqs. (1)-(3), (18), (25)-(26), (28),
Secs. V, VII.A-B, App. C, D. Jiang et al., PNAS (2025), Eq. (1) and text around it (Fermi-contact
coupling).

Units are the papers' Gaussian-cgs ones: densities in cm^-3, rate coefficients in cm^3/s, rates in
s^-1 (angular, rad/s, unless a name ends in ``_Hz``), fields in G or mG, lifetimes in h.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import xarray as xr

from spinbridge.cell_rates import (
    MAX_SWEEP_POINTS as MAX_SWEEP_POINTS,
)
from spinbridge.cell_rates import (
    MAX_TEMPERATURE_EXPONENT,
    _check_optional,
    _check_polarizations,
    _check_positive,
    _check_sweep,
    _resonance_field,
    alkali_rate_from_total,
    alkali_relaxation_rate,
    collisional_shift,
    density_sweep,
    diffusion_rate,
    exchange_rate,
    interaction_strength,
    noble_relaxation_rate,
    resonance_field,
    scaled_diffusion_coefficient,
    spin_exchange_coefficient,
)
from spinbridge.constants import GAMMA_E_RAD_S_G, TWO_PI
from spinbridge.species import (
    SPECIES,
    Species,
    _check_real,
    _species,
    sigma_v_phi_from_kappa0,
    slowing_down_factor,
)
from spinbridge.store import var_attrs

__all__ = [
    "SPECIES",
    "Species",
    "alkali_rate_from_total",
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
    "scaled_diffusion_coefficient",
    "sigma_v_phi_from_kappa0",
    "slowing_down_factor",
    "spin_exchange_coefficient",
]


def _check_cell_inputs(**inputs) -> None:
    """Every numeric keyword of :func:`cell_parameters` in its range, before any arithmetic.

    Densities, radius, diffusion coefficients, rate coefficients, given rates, T_B, the volume and
    the reference diffusion coefficients finite and > 0 (D_noble, volume and the optional ones only
    when given); polarizations in (0, 1]; <phi> in (0, 1), std(phi) >= 0; the budget's
    sigma_SR v, sigma_SD v >= 0; the temperature >= -273.15 C; the reference temperature > 0 K and
    the temperature exponent in [0, 3]; the sweep as in :func:`density_sweep`.
    """
    _check_positive(**{k: inputs[k] for k in ("n_alkali_cm3", "n_noble_cm3")})
    _check_polarizations(p_alkali=inputs["p_alkali"], p_noble=inputs["p_noble"])
    _check_positive(radius_cm=inputs["radius_cm"], D_alkali_cm2_s=inputs["D_alkali_cm2_s"])
    optional = ("D_noble_cm2_s", "sigma_v_phi_cm3_s", "kappa0", "k_SE_cm3_s", "gamma_alkali_s")
    optional += ("gamma_total_s", "gamma_noble_s", "T2_noble_s", "volume_cm3")
    optional += ("D0_alkali_cm2_s", "D0_noble_cm2_s", "D0_temperature_K")
    _check_optional(**{k: inputs[k] for k in optional})
    _check_optional(
        0.0, False, **{k: inputs[k] for k in ("sigma_SR_v_cm3_s", "sigma_SD_v_alkali_cm3_s")}
    )
    if inputs["phi_mean_rad"] is not None:
        _check_real("phi_mean_rad", inputs["phi_mean_rad"], 0.0, 1.0, lo_open=True, hi_open=True)
    _check_real("phi_std_rad", inputs["phi_std_rad"], 0.0)
    _check_real(
        "D0_temperature_exponent", inputs["D0_temperature_exponent"], 0.0, MAX_TEMPERATURE_EXPONENT
    )
    _check_optional(-273.15, False, temperature_C=inputs["temperature_C"])
    _check_sweep(inputs["n_alkali_cm3"], inputs["sweep_decades"], inputs["sweep_points"])
    if inputs["gamma_alkali_s"] is not None and inputs["gamma_total_s"] is not None:
        raise ValueError("give at most one of gamma_alkali_s (gamma_A) and gamma_total_s (gamma)")
    references = [k for k in ("D0_alkali_cm2_s", "D0_noble_cm2_s") if inputs[k] is not None]
    if references and inputs["temperature_C"] is None:
        raise ValueError(
            f"{' and '.join(references)} (reference diffusion coefficients) need temperature_C"
            " to be scaled to the cell"
        )
    if inputs["temperature_C"] is not None and inputs["temperature_C"] <= -273.15 and references:
        raise ValueError("temperature_C must be above -273.15 C to scale a diffusion coefficient")


_CELL_VARS = {  # name -> (units, long_name)
    "q": ("1", "Larmor slowing-down factor q(I, p_A) (Katz Eq. 18)"),
    "sigma_v_phi": ("cm3 s-1", "<sigma v phi> = q zeta"),
    "zeta": ("cm3 s-1", "mean-field interaction strength zeta (Katz Eq. 1)"),
    "k_SE": ("cm3 s-1", "spin-exchange rate coefficient <v sigma phi^2>/4"),
    "J": ("s-1", "collective exchange rate J (Katz Eq. 26)"),
    "gamma_alkali": ("s-1", "alkali relaxation rate gamma_A (Katz Eq. 2)"),
    "gamma_diffusion": ("s-1", "alkali diffusion rate D_A pi^2 / R^2 (Katz Sec. V)"),
    "gamma": ("s-1", "alkali decay gamma = gamma_A + D_A pi^2/R^2 (Katz Eq. 28)"),
    "gamma_noble": ("s-1", "noble-gas relaxation rate gamma_B (Katz Eq. 3)"),
    "noble_spin_exchange_time": (
        "h",
        "noble-gas spin-exchange lifetime (n_A k_SE)^-1 (Katz App. C); NaN if k_SE is undetermined",
    ),
    "noble_coherence_time": ("h", "noble-gas coherence time 1/gamma_B (Katz Eq. 3)"),
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
    # present only when their inputs are given (phi_mean_rad; D0_alkali_cm2_s, D0_noble_cm2_s)
    "k_SE_from_angles": (
        "cm3 s-1",
        "k_SE from the collision angles, <sigma v phi> (<phi>^2 + std(phi)^2) / (4 <phi>)"
        " (Katz Eq. 1, App. D)",
    ),
    "D_alkali_estimate": (
        "cm2 s-1",
        "alkali diffusion coefficient scaled from D0_alkali_cm2_s to the cell's T and n_B",
    ),
    "D_noble_estimate": (
        "cm2 s-1",
        "noble-gas self-diffusion coefficient scaled from D0_noble_cm2_s to the cell's T and n_B",
    ),
}
_SECONDS_PER_HOUR = 3600.0

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
    gamma_total_s: float | None = None,
    sigma_SR_v_cm3_s: float | None = None,
    sigma_SD_v_alkali_cm3_s: float | None = None,
    gamma_noble_s: float | None = None,
    T2_noble_s: float | None = None,
    D0_alkali_cm2_s: float | None = None,
    D0_noble_cm2_s: float | None = None,
    D0_temperature_K: float | None = None,
    D0_temperature_exponent: float = 1.5,
    sweep_decades: tuple[float, float] = (-1.5, 1.0),
    sweep_points: int = 61,
    description: str | None = None,
    temperature_C: float | None = None,
    volume_cm3: float | None = None,
) -> xr.Dataset:
    """Derived parameters of one alkali/noble-gas cell (Katz 2022 Eqs. 1-3, 18, 25-26, Sec. V).

    The steps: :func:`interaction_strength` (q, <sigma v phi>, zeta),
    :func:`spin_exchange_coefficient` (k_SE), :func:`alkali_relaxation_rate` (gamma_A, Eq. 2 or
    given) or :func:`alkali_rate_from_total` (gamma_A from a given total gamma, Eq. 28),
    :func:`diffusion_rate`, :func:`noble_relaxation_rate` (gamma_B, Eq. 3 or given),
    :func:`exchange_rate` (J, Eq. 26), the shifts of Eq. (25) and :func:`collisional_shift`
    (Delta_c), :func:`resonance_field` (B with Delta(B) = 0, g_A = |gamma_e|/q for the slowed-down
    alkali spin), the density sweep (:func:`density_sweep`) and two cross-checks that the physics
    does not use: k_SE from the collision angles when k_SE is also given, and the diffusion
    coefficients scaled from reference values (:func:`scaled_diffusion_coefficient`). Every
    keyword is explicit: a misspelled one raises ``TypeError``.

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
        Collision angle statistics [rad] and/or k_SE [cm^3/s]. A given ``k_SE_cm3_s`` is k_SE;
        otherwise k_SE = <sigma v phi> (<phi>^2 + std^2) / (4 <phi>). With both, the angle route is
        stored as ``k_SE_from_angles`` (a consistency check of the inputs, Katz App. D). With
        neither, k_SE is NaN and gamma_alkali_s (or gamma_total_s) and gamma_noble_s are needed.
    gamma_alkali_s, gamma_total_s : float, optional
        At most one: the given gamma_A [s^-1], or the given total alkali decay gamma = gamma_A +
        D_A pi^2/R^2 of Eq. (28) [s^-1] (then gamma_A = gamma - D_A pi^2/R^2 must be > 0). With
        neither, ``sigma_SR_v_cm3_s`` and ``sigma_SD_v_alkali_cm3_s`` [cm^3/s] are required (Eq. 2).
    gamma_noble_s, T2_noble_s : float, optional
        Given gamma_B [s^-1], or the alkali-free coherence time T_B [s] for Eq. (3).
    D0_alkali_cm2_s, D0_noble_cm2_s : float, optional
        Reference diffusion coefficients [cm^2/s] of the alkali in the noble gas and of the noble
        gas in itself at ``D0_temperature_K`` and 1 amagat; scaled to ``temperature_C`` and the
        buffer density n_noble_cm3 (other buffer gases neglected) as ``D_alkali_estimate``,
        ``D_noble_estimate`` (not used by the physics; need ``temperature_C``).
    D0_temperature_K, D0_temperature_exponent : float
        Temperature of the reference values [K] (omitted: 273.15 K) and the exponent a of
        D ~ T^a (0 <= a <= 3).
    sweep_decades : (float, float)
        Range of the density sweep, log10 of n_A / n_A(nominal).
    sweep_points : int
        Number of points in the sweep.
    description : str, optional
        Free text (where the numbers come from), stored as an attr.
    temperature_C, volume_cm3 : float, optional
        Cell temperature [deg C] and volume [cm^3], recorded as attrs (the temperature is used
        only to scale the reference diffusion coefficients).

    Length: the signature names every config key of a cell explicitly (a misspelled key must
    fail), and the body assembles ~30 documented variables; the physics is in the steps above.

    Raises
    ------
    ValueError
        A numeric keyword NaN, infinite or outside its range (see ``_check_cell_inputs``: the
        schema's ranges), an inconsistent combination of keywords, or a derived quantity (other
        than k_SE) that is not finite; the message names the keyword.
    TypeError
        A misspelled keyword, or a keyword of the wrong type.

    Returns
    -------
    xarray.Dataset
        0-d variables q, sigma_v_phi, zeta, k_SE, J, gamma_alkali, gamma_diffusion, gamma,
        gamma_noble, noble_spin_exchange_time [h], noble_coherence_time [h], shift_alkali,
        shift_noble, Delta_c, B_resonance [mG], larmor_alkali, larmor_noble [Hz], J_over_gamma,
        gyromagnetic_ratio, strong_coupling_angle_bound; k_SE_from_angles (whenever phi_mean_rad
        is given: k_SE itself unless k_SE_cm3_s is given too), D_alkali_estimate,
        D_noble_estimate (with their reference keys); and the sweep J_sweep, gamma_sweep,
        B_resonance_sweep over ``n_alkali_sweep``; every variable has ``units`` and
        ``long_name``. Only k_SE and noble_spin_exchange_time may be NaN (k_SE not determined by
        the inputs).
    """
    _check_cell_inputs(**{k: v for k, v in locals().items() if k not in ("alkali", "noble")})
    inputs = dict(
        n_alkali_cm3=n_alkali_cm3,
        n_noble_cm3=n_noble_cm3,
        sigma_v_phi_cm3_s=sigma_v_phi_cm3_s,
        kappa0=kappa0,
        gamma_alkali_s=gamma_alkali_s,
        gamma_total_s=gamma_total_s,
        gamma_noble_s=gamma_noble_s,
    )
    q, svp, zeta = interaction_strength(alkali, noble, p_alkali, sigma_v_phi_cm3_s, kappa0)
    _check_finite({"sigma_v_phi": svp, "zeta": zeta}, inputs)
    # a given k_SE wins; the angles then only feed the App. D cross-check k_SE_from_angles
    angles_for_k_se = phi_mean_rad if k_SE_cm3_s is None else None
    k_se = spin_exchange_coefficient(svp, angles_for_k_se, phi_std_rad, k_SE_cm3_s)
    k_se_known = None if math.isnan(k_se) else k_se  # None: undetermined (only k_SE may be NaN)
    _check_finite({"k_SE": k_se_known or 0.0}, inputs)
    gamma_diff = diffusion_rate(D_alkali_cm2_s, radius_cm)
    gamma_a_given = gamma_alkali_s
    if gamma_total_s is not None:
        gamma_a_given = alkali_rate_from_total(gamma_total_s, D_alkali_cm2_s, radius_cm)
    budget = dict(
        n_noble_cm3=n_noble_cm3,
        k_SE_cm3_s=k_se_known,
        gamma_alkali_s=gamma_a_given,
        sigma_SR_v_cm3_s=sigma_SR_v_cm3_s,
        sigma_SD_v_alkali_cm3_s=sigma_SD_v_alkali_cm3_s,
    )
    n_sweep = density_sweep(n_alkali_cm3, sweep_decades, sweep_points)
    g_a = GAMMA_E_RAD_S_G / q
    g_b = abs(_species(noble, "noble").gamma_atom_rad_s_G)
    J = exchange_rate(zeta, q, p_alkali, p_noble, n_alkali_cm3, n_noble_cm3)
    gamma_a = float(alkali_relaxation_rate(n_alkali_cm3, **budget))
    gamma = gamma_total_s if gamma_total_s is not None else gamma_a + gamma_diff
    gamma_b = noble_relaxation_rate(k_se_known, n_alkali_cm3, gamma_noble_s, T2_noble_s)
    delta_c = collisional_shift(zeta, q, p_alkali, p_noble, n_alkali_cm3, n_noble_cm3)
    b_res = _resonance_field(delta_c, g_a, g_b)
    scalars = {
        "q": q,
        "sigma_v_phi": svp,
        "zeta": zeta,
        "k_SE": k_se,
        "J": J,
        "gamma_alkali": gamma_a,
        "gamma_diffusion": gamma_diff,
        "gamma": gamma,
        "gamma_noble": gamma_b,
        "noble_spin_exchange_time": 1.0 / (k_se * n_alkali_cm3) / _SECONDS_PER_HOUR,
        "noble_coherence_time": 1.0 / gamma_b / _SECONDS_PER_HOUR,
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
    if phi_mean_rad is not None:
        scalars["k_SE_from_angles"] = spin_exchange_coefficient(svp, phi_mean_rad, phi_std_rad)
    reference = dict(
        reference_temperature_K=273.15 if D0_temperature_K is None else D0_temperature_K,
        temperature_exponent=D0_temperature_exponent,
    )
    for species, d0 in (("alkali", D0_alkali_cm2_s), ("noble", D0_noble_cm2_s)):
        if d0 is not None:
            scalars[f"D_{species}_estimate"] = scaled_diffusion_coefficient(
                d0, temperature_C + 273.15, n_noble_cm3, **reference
            )
    sweeps = {
        "J_sweep": exchange_rate(zeta, q, p_alkali, p_noble, n_sweep, n_noble_cm3),
        "gamma_sweep": alkali_relaxation_rate(n_sweep, **budget) + gamma_diff,
        "B_resonance_sweep": 1e3
        * _resonance_field(
            collisional_shift(zeta, q, p_alkali, p_noble, n_sweep, n_noble_cm3), g_a, g_b
        ),
    }
    may_be_nan = ("k_SE", "noble_spin_exchange_time")
    _check_finite({k: v for k, v in {**scalars, **sweeps}.items() if k not in may_be_nan}, inputs)
    sources = {
        "gamma_alkali": (
            "given"
            if gamma_alkali_s is not None
            else "gamma_total_s - D_A pi^2/R^2"
            if gamma_total_s is not None
            else "Eq. 2 budget"
        ),
        "gamma": "given (gamma_total_s)" if gamma_total_s is not None else "gamma_A + D_A pi^2/R^2",
        "gamma_noble": "given" if gamma_noble_s is not None else "Eq. 3",
        "k_SE": (
            "given"
            if k_SE_cm3_s is not None
            else "collision angles"
            if phi_mean_rad is not None
            else "undetermined"
        ),
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
        T2_noble_s=T2_noble_s,
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
    "noble_spin_exchange_time": "(n_A k_SE)^-1",
    "noble_coherence_time": "1/gamma_B",
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
    <sigma v phi>, zeta, k_SE (Eq. 1), J (Eq. 26), gamma_A (Eq. 2), D_A pi^2/R^2, gamma (Eq. 28),
    gamma_B (Eq. 3), (n_A k_SE)^-1 and 1/gamma_B [h], Delta_c, B at Delta(B) = 0, the Larmor
    frequencies there (Sec. V), J/gamma and g_A/g_B.
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

    Raises
    ------
    TypeError
        ``cells`` not a mapping of datasets.
    ValueError
        ``cells`` empty, or a dataset without the inputs and variables of :func:`cell_parameters`.
    """
    if not isinstance(cells, Mapping):
        raise TypeError(f"cells must be a mapping name -> dataset, got {type(cells).__name__}")
    if not cells:
        raise ValueError("parameter_table needs at least one cell")
    for name, ds in cells.items():
        if not isinstance(ds, xr.Dataset):
            raise TypeError(f"cells[{name!r}] must be an xarray.Dataset, got {type(ds).__name__}")
        missing = [k for k in _TABLE_INPUT_ROWS if k not in ds.attrs]
        missing += [k for k in _TABLE_DERIVED_ROWS if k not in ds]
        if missing:
            raise ValueError(f"cells[{name!r}] is not a cell_parameters dataset: no {missing}")
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

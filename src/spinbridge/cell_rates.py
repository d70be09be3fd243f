"""Per-step rates of a hybrid alkali-metal / noble-gas cell.

The pieces :func:`spinbridge.cells.cell_parameters` assembles, each a function of a few inputs:
the interaction strength (q, <sigma v phi> and zeta = <sigma v phi>/q, Katz Eqs. (1), (18)), the
binary spin-exchange coefficient k_SE = <v sigma phi^2>/4 (Eq. (1), App. D), the relaxation rates
gamma_A (Eq. (2), or from a given total gamma of Eq. (28)) and gamma_B (Eq. (3)), the diffusion rate
D_A pi^2 / R^2, the collective exchange rate J = zeta sqrt(q p_A p_B n_A n_B)/2 (Eq. (26)), the
collisional shifts of Eq. (25) and their difference Delta_c, the field of resonance Delta(B) = 0
(Sec. V, Eq. (28)), the density sweep, and a diffusion coefficient scaled from a reference value
to the cell's temperature and buffer-gas density (the physical estimate the paper's D_A, D_B of
Sec. VII.B are compared with).

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Eqs. (1)-(3), (18), (25)-(26), (28),
Sec. V and App. D.

Units are the papers' Gaussian-cgs ones: densities in cm^-3, rate coefficients in cm^3/s, rates in
s^-1 (angular, rad/s, unless a name ends in ``_Hz``), fields in G.
"""

from __future__ import annotations

import math

import numpy as np

from spinbridge.species import (
    _check_count,
    _check_real,
    _species,
    sigma_v_phi_from_kappa0,
    slowing_down_factor,
)

__all__ = [
    "AMAGAT_CM3",
    "alkali_rate_from_total",
    "alkali_relaxation_rate",
    "collisional_shift",
    "density_sweep",
    "diffusion_rate",
    "exchange_rate",
    "interaction_strength",
    "noble_relaxation_rate",
    "resonance_field",
    "scaled_diffusion_coefficient",
    "spin_exchange_coefficient",
]

MAX_SWEEP_POINTS = 100_000
"""Most points of a density sweep (:func:`density_sweep`); the config's sweeps have ~60."""

AMAGAT_CM3 = 2.686780111e19
"""Loschmidt constant: one amagat, the ideal-gas density at 273.15 K and 101.325 kPa [cm^-3]
(CODATA 2018)."""

MAX_TEMPERATURE_EXPONENT = 3.0
"""Largest exponent a of D ~ T^a / n accepted (hard spheres: 1.5; measured gases: 1.5-2)."""


def _check_positive(**values) -> None:
    """Every value (scalar or array) a finite number > 0; ValueError naming the first bad one."""
    for name, value in values.items():
        _check_real(name, value, 0.0, lo_open=True)


def _check_polarizations(**values) -> None:
    """Every value a polarization in (0, 1]."""
    for name, value in values.items():
        _check_real(name, value, 0.0, 1.0, lo_open=True)


def _check_optional(lo: float = 0.0, lo_open: bool = True, **values) -> None:
    """Every value that is not None a finite number above ``lo`` (``>= lo`` if not ``lo_open``)."""
    for name, value in values.items():
        if value is not None:
            _check_real(name, value, lo, lo_open=lo_open)


def _check_exchange_inputs(zeta_cm3_s, q, p_alkali, p_noble, n_alkali_cm3, n_noble_cm3) -> None:
    """Arguments of Eqs. (25)-(26): zeta > 0, q >= 1, 0 < p <= 1, densities > 0."""
    _check_positive(zeta_cm3_s=zeta_cm3_s)
    _check_real("q", q, 1.0)
    _check_polarizations(p_alkali=p_alkali, p_noble=p_noble)
    _check_positive(n_alkali_cm3=n_alkali_cm3, n_noble_cm3=n_noble_cm3)


def exchange_rate(
    zeta_cm3_s: float, q: float, p_alkali: float, p_noble: float, n_alkali_cm3, n_noble_cm3
):
    """Collective coherent exchange rate J, Katz et al. (2022) Eq. (26).

    J = zeta sqrt(q p_A p_B n_A n_B) / 2.

    Parameters
    ----------
    zeta_cm3_s : float
        zeta [cm^3/s], > 0.
    q : float
        Slowing-down factor, >= 1.
    p_alkali, p_noble : float
        Polarizations, 0 < p <= 1.
    n_alkali_cm3, n_noble_cm3 : float or ndarray
        Densities [cm^-3], > 0.

    Returns
    -------
    float or ndarray
        J [s^-1] (broadcast over array densities).

    Raises
    ------
    ValueError
        An argument NaN, infinite or out of the ranges above (named in the message).
    """
    _check_exchange_inputs(zeta_cm3_s, q, p_alkali, p_noble, n_alkali_cm3, n_noble_cm3)
    return 0.5 * zeta_cm3_s * np.sqrt(q * p_alkali * p_noble * n_alkali_cm3 * n_noble_cm3)


def collisional_shift(zeta_cm3_s, q, p_alkali, p_noble, n_alkali_cm3, n_noble_cm3):
    """Mean collisional shift Delta_c = zeta (p_A n_A q - p_B n_B) / 2, Katz Sec. V [rad/s].

    It is the difference of the two shifts in Eq. (25): omega_A = omega~_A - zeta p_B n_B / 2 and
    omega_B = omega~_B - zeta p_A n_A q / 2. Arguments and ranges as in :func:`exchange_rate`.

    Raises
    ------
    ValueError
        An argument NaN, infinite or out of range (named in the message).
    """
    _check_exchange_inputs(zeta_cm3_s, q, p_alkali, p_noble, n_alkali_cm3, n_noble_cm3)
    return 0.5 * zeta_cm3_s * (p_alkali * n_alkali_cm3 * q - p_noble * n_noble_cm3)


def resonance_field(delta_c_rad_s, g_alkali_rad_s_G: float, g_noble_rad_s_G: float):
    """Field B at which Delta = (g_A - g_B) B + Delta_c = 0 (Katz Sec. V, Eq. 28) [G].

    Parameters
    ----------
    delta_c_rad_s : float or ndarray
        Collisional shift Delta_c [rad/s] (any sign).
    g_alkali_rad_s_G, g_noble_rad_s_G : float
        Magnitudes of the gyromagnetic ratios [rad s^-1 G^-1], > 0 and different.

    Raises
    ------
    ValueError
        An argument NaN or infinite, a ratio <= 0, or equal ratios (no resonance).
    """
    _check_real("delta_c_rad_s", delta_c_rad_s)
    _check_positive(g_alkali_rad_s_G=g_alkali_rad_s_G, g_noble_rad_s_G=g_noble_rad_s_G)
    if g_alkali_rad_s_G == g_noble_rad_s_G:
        raise ValueError(
            f"g_alkali_rad_s_G and g_noble_rad_s_G are equal ({g_alkali_rad_s_G!r}): no resonance"
        )
    return _resonance_field(delta_c_rad_s, g_alkali_rad_s_G, g_noble_rad_s_G)


def _resonance_field(delta_c_rad_s, g_alkali_rad_s_G, g_noble_rad_s_G):
    """:func:`resonance_field` unchecked: a non-finite Delta_c of :func:`cell_parameters` is
    reported there with the inputs that produced it."""
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

    Raises
    ------
    ValueError
        Unknown species, a noble gas of spin != 1/2, not exactly one of the interaction
        arguments, ``p_alkali`` outside (0, 1], or ``sigma_v_phi_cm3_s`` / ``kappa0`` not a finite
        number > 0.
    """
    _check_polarizations(p_alkali=p_alkali)
    _check_optional(sigma_v_phi_cm3_s=sigma_v_phi_cm3_s, kappa0=kappa0)
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
        Mean 0 < <phi> < 1 and standard deviation >= 0 of the collision angle [rad].
    k_SE_cm3_s : float, optional
        k_SE [cm^3/s]; at most one of ``phi_mean_rad`` and ``k_SE_cm3_s``.

    Returns
    -------
    float
        k_SE [cm^3/s] (NaN if undetermined).

    Raises
    ------
    ValueError
        Both ``phi_mean_rad`` and ``k_SE_cm3_s`` given, ``sigma_v_phi_cm3_s`` or ``k_SE_cm3_s`` not
        a finite number > 0, ``phi_mean_rad`` outside (0, 1) or ``phi_std_rad`` < 0 (or NaN, inf).
    """
    _check_positive(sigma_v_phi_cm3_s=sigma_v_phi_cm3_s)
    if phi_mean_rad is not None:
        _check_real("phi_mean_rad", phi_mean_rad, 0.0, 1.0, lo_open=True, hi_open=True)
    _check_real("phi_std_rad", phi_std_rad, 0.0)
    _check_optional(k_SE_cm3_s=k_SE_cm3_s)
    if phi_mean_rad is not None and k_SE_cm3_s is not None:
        raise ValueError("give at most one of phi_mean_rad and k_SE_cm3_s")
    if k_SE_cm3_s is not None:
        return float(k_SE_cm3_s)
    if phi_mean_rad is not None:
        return 0.25 * (sigma_v_phi_cm3_s / phi_mean_rad) * (phi_mean_rad**2 + phi_std_rad**2)
    return math.nan


def alkali_relaxation_rate(
    n_alkali_cm3: float | np.ndarray,
    n_noble_cm3: float,
    k_SE_cm3_s: float | None,
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
    k_SE_cm3_s : float or None
        k_SE [cm^3/s] (:func:`spin_exchange_coefficient`), > 0; None if undetermined (then
        ``gamma_alkali_s`` is required).
    gamma_alkali_s : float, optional
        Given gamma_A [s^-1] (e.g. a measured linewidth); the budget is not used then.
    sigma_SR_v_cm3_s, sigma_SD_v_alkali_cm3_s : float, optional
        Spin-rotation and alkali-alkali spin-destruction rate coefficients [cm^3/s].

    Returns
    -------
    ndarray
        gamma_A [s^-1], shape of ``n_alkali_cm3``.

    Raises
    ------
    ValueError
        A density, ``k_SE_cm3_s`` or ``gamma_alkali_s`` not a finite number > 0, a rate
        coefficient ``sigma_*`` < 0 (or NaN, inf), or the budget incomplete without
        ``gamma_alkali_s``.
    """
    _check_positive(n_alkali_cm3=n_alkali_cm3, n_noble_cm3=n_noble_cm3)
    _check_optional(k_SE_cm3_s=k_SE_cm3_s, gamma_alkali_s=gamma_alkali_s)
    _check_optional(
        0.0,
        False,
        sigma_SR_v_cm3_s=sigma_SR_v_cm3_s,
        sigma_SD_v_alkali_cm3_s=sigma_SD_v_alkali_cm3_s,
    )
    if gamma_alkali_s is not None:
        return np.full_like(np.asarray(n_alkali_cm3, dtype=float), float(gamma_alkali_s))
    if sigma_SR_v_cm3_s is None or sigma_SD_v_alkali_cm3_s is None or k_SE_cm3_s is None:
        raise ValueError(
            "without gamma_alkali_s the relaxation budget (Katz Eq. 2) needs sigma_SR_v_cm3_s,"
            " sigma_SD_v_alkali_cm3_s and k_SE (phi_mean_rad or k_SE_cm3_s)"
        )
    return (
        n_noble_cm3 * (k_SE_cm3_s + sigma_SR_v_cm3_s) + 0.5 * n_alkali_cm3 * sigma_SD_v_alkali_cm3_s
    )


def noble_relaxation_rate(
    k_SE_cm3_s: float | None,
    n_alkali_cm3: float,
    gamma_noble_s: float | None = None,
    T2_noble_s: float | None = None,
) -> float:
    """Noble-gas relaxation rate gamma_B, given or from Katz Eq. (3): k_SE n_A + 1/T_B.

    Parameters
    ----------
    k_SE_cm3_s : float or None
        k_SE [cm^3/s], > 0; None if undetermined (then ``gamma_noble_s`` is required).
    n_alkali_cm3 : float
        Alkali density n_A [cm^-3], > 0.
    gamma_noble_s : float, optional
        Given gamma_B [s^-1], > 0.
    T2_noble_s : float, optional
        Alkali-free coherence time T_B [s], > 0 (omitted: no 1/T_B term).

    Returns
    -------
    float
        gamma_B [s^-1].

    Raises
    ------
    ValueError
        An argument given but not a finite number > 0, or neither k_SE nor ``gamma_noble_s``.
    """
    _check_positive(n_alkali_cm3=n_alkali_cm3)
    _check_optional(k_SE_cm3_s=k_SE_cm3_s, gamma_noble_s=gamma_noble_s, T2_noble_s=T2_noble_s)
    if gamma_noble_s is not None:
        return float(gamma_noble_s)
    if k_SE_cm3_s is None:
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

    Raises
    ------
    ValueError
        An argument not a finite number > 0.
    """
    _check_positive(D_alkali_cm2_s=D_alkali_cm2_s, radius_cm=radius_cm)
    return D_alkali_cm2_s * math.pi**2 / radius_cm**2


def alkali_rate_from_total(gamma_total_s: float, D_alkali_cm2_s: float, radius_cm: float) -> float:
    """gamma_A from a given total alkali decay rate gamma = gamma_A + D_A pi^2 / R^2 (Katz Eq. 28).

    Katz Sec. VII.A quotes the alkali decay of the K-3He cell as "gamma = 17.5 s^-1" with the
    symbol that Eq. (28) defines as the total, gamma = gamma_A + D_A pi^2/R^2; this function
    returns the gamma_A that goes with it (the base rate of the alkali diffusion modes).

    Parameters
    ----------
    gamma_total_s : float
        Total alkali decay rate gamma [s^-1], > D_A pi^2 / R^2.
    D_alkali_cm2_s : float
        Alkali diffusion coefficient D_A [cm^2/s], > 0.
    radius_cm : float
        Cell radius R [cm], > 0.

    Returns
    -------
    float
        gamma_A = gamma - D_A pi^2 / R^2 [s^-1], > 0.

    Raises
    ------
    ValueError
        An argument not a finite number > 0, or ``gamma_total_s`` not above the diffusion rate
        (gamma_A would be <= 0).
    """
    _check_positive(gamma_total_s=gamma_total_s)
    gamma_diff = diffusion_rate(D_alkali_cm2_s, radius_cm)
    gamma_a = gamma_total_s - gamma_diff
    if not gamma_a > 0.0:
        raise ValueError(
            f"gamma_total_s = {gamma_total_s!r} s^-1 must exceed the diffusion rate D_A pi^2/R^2"
            f" = {gamma_diff:.6g} s^-1 (D_alkali_cm2_s = {D_alkali_cm2_s!r}, radius_cm ="
            f" {radius_cm!r}): gamma_A = gamma - D_A pi^2/R^2 would be <= 0"
        )
    return gamma_a


def scaled_diffusion_coefficient(
    D0_cm2_s: float,
    temperature_K: float,
    buffer_density_cm3: float,
    reference_temperature_K: float = 273.15,
    temperature_exponent: float = 1.5,
) -> float:
    """Diffusion coefficient scaled from a reference value: D = D0 (T/T0)^a (1 amagat / n).

    Gas-kinetic scaling of a binary (or self-) diffusion coefficient measured at the temperature
    T0 and the buffer-gas density of one amagat (:data:`AMAGAT_CM3`) to another temperature and
    density: D ~ 1/n at fixed T, and D ~ T^a at fixed n (a = 3/2 for hard spheres, Chapman-Enskog
    first order; real gases 1.5-2). This is the estimate that Katz Sec. VII.B's D_A, D_B are
    compared with in the claims scorecard; it is not used by the physics of :func:`cell_parameters`.

    Parameters
    ----------
    D0_cm2_s : float
        Reference diffusion coefficient at ``reference_temperature_K`` and 1 amagat [cm^2/s], > 0.
    temperature_K : float
        Cell temperature T [K], > 0.
    buffer_density_cm3 : float
        Density of the gas the species diffuses in [cm^-3], > 0.
    reference_temperature_K : float
        T0 of ``D0_cm2_s`` [K], > 0.
    temperature_exponent : float
        a, in [0, :data:`MAX_TEMPERATURE_EXPONENT`].

    Returns
    -------
    float
        D [cm^2/s].

    Raises
    ------
    ValueError
        An argument NaN, infinite or outside its range (named in the message).
    """
    _check_positive(
        D0_cm2_s=D0_cm2_s,
        temperature_K=temperature_K,
        buffer_density_cm3=buffer_density_cm3,
        reference_temperature_K=reference_temperature_K,
    )
    _check_real("temperature_exponent", temperature_exponent, 0.0, MAX_TEMPERATURE_EXPONENT)
    return (
        D0_cm2_s
        * (temperature_K / reference_temperature_K) ** temperature_exponent
        * (AMAGAT_CM3 / buffer_density_cm3)
    )


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
        Number of points, 1 <= sweep_points <= :data:`MAX_SWEEP_POINTS`.

    Returns
    -------
    ndarray
        Densities [cm^-3].

    Raises
    ------
    ValueError
        ``n_alkali_cm3`` not a finite number > 0, ``sweep_decades`` not two finite numbers, or
        ``sweep_points`` not an integer in [1, MAX_SWEEP_POINTS].
    TypeError
        ``sweep_decades`` not a pair of numbers.
    """
    _check_sweep(n_alkali_cm3, sweep_decades, sweep_points)
    return n_alkali_cm3 * np.logspace(sweep_decades[0], sweep_decades[1], sweep_points)


def _check_sweep(n_alkali_cm3, sweep_decades, sweep_points) -> None:
    """Arguments of :func:`density_sweep`."""
    _check_positive(n_alkali_cm3=n_alkali_cm3)
    if isinstance(sweep_decades, str) or np.shape(sweep_decades) != (2,):
        raise TypeError(
            f"sweep_decades must be a pair (first, last) of numbers, got {sweep_decades!r}"
        )
    _check_real("sweep_decades", np.asarray(sweep_decades))
    _check_count("sweep_points", sweep_points, 1, MAX_SWEEP_POINTS)

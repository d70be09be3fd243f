"""Dressed Larmor frequencies and decoherence rates of coupled alkali and noble-gas spins.

Jiang, Qin, Wang, Huang, Peng, Budker, PNAS (2025), Eqs. (3)-(5), Fig. 3A and the text after them
(the SI is not available; what it would hold is derived here).

Eq. (4) (the SI's "Interacting spin gases")
--------------------------------------------
The eigenvalues of Eq. (1)'s matrix ``[[w_a + i G_a, -J], [-J, w_b + i G_b]]`` are
``w~ + i G~ = w_0 + i chi +- sqrt(J^2 + (delta + i beta)^2)`` with ``w_0 = (w_a + w_b)/2``,
``chi = (G_a + G_b)/2``, ``delta = (w_a - w_b)/2``, ``beta = (G_a - G_b)/2``. The alkali-like
mode takes ``+`` and the noble-gas-like mode ``-`` **on the branch of the root continuous with
delta + i beta** (the root that tends to delta + i beta as J -> 0): the principal root has
Re >= 0, so for delta < 0 it is -(delta + i beta) + O(J^2) and swaps the two modes' rates
(``branch="principal"`` keeps that pitfall for display). The continuous root is the principal one
times the sign of ``Re[sqrt(...) conj(delta + i beta)]``. Expanding for J << |delta + i beta|,
``G~_b = G_b + J^2 beta / [2 (delta^2 + beta^2)]``: largest at delta = 0, ``G_b + J^2 / 2 beta``
(the paper's weak-coupling maximum), at the field (Eq. 1 with w_a = w_b)
``B_z = lambda (gamma_b M_z^a - gamma_a M_z^b) / (gamma_a - gamma_b) ~ -lambda M_z^b``.

Eq. (5) (delta = 0)
-------------------
``sqrt(J^2 + (i beta)^2) = beta sqrt((J/beta)^2 - 1)``: for J < beta the root is
``i beta sqrt(1 - (J/beta)^2)`` and ``G~_b = chi - beta sqrt(1 - (J/beta)^2)``, rising from G_b to
chi at J = beta; for J > beta the root is real, both modes decay at chi = (G_a + G_b)/2 ~ G_a/2 and
split in frequency by 2 sqrt(J^2 - beta^2). Eq. (5) as printed, ``chi - beta Im[(J/beta)^2 -
1]^{1/2}``, is this with the principal root.

Field gradient (the SI's "Noble-gas spin decoherence model")
------------------------------------------------------------
A relative inhomogeneity eta of the bias field, read as the difference of B_z across the cell
diameter (|grad B_z| = eta |B_z| / 2R), dephases the noble gas. In a sphere of radius R with
diffusion coefficient D, in the motional-narrowing regime (gamma |grad B| R^3 / D << 1) and at
gamma B_z R^2 / D >> 1, the added transverse rate is ``8 R^4 gamma^2 |grad B_z|^2 / (175 D)``
(Cates, Schaefer, Happer, Phys. Rev. A 37, 2877 (1988); McGregor, Phys. Rev. A 41, 2631 (1990)),
i.e. ``2 R^2 gamma^2 eta^2 B_z^2 / (175 D)``: quadratic in B_z, it turns the decoupling gain of
G~_b at large |B_z| (Fig. 3A) into a minimum. Both conditions hold for the Rb-129Xe cell
(R = 0.49 cm, D = 0.6 cm^2/s) up to |B_z| ~ 1 G. Chosen because the SI model is unavailable and
diffusion in a buffer-gas cell is in this regime; the alternative reading of eta over the radius
quadruples the rate.

Eq. (3) and the strong-coupling amplification
---------------------------------------------
``q = gamma_b lambda M_z^b / 2 G~_b`` is the Fano parameter of a linear test field read on a
quasi-static alkali (see :mod:`spinbridge.response`); signed for the paper's frequency axis
(nu > 0), ``q = -sign(w~_b) gamma_b lambda M_z^b / 2 G~_b`` (positive for B_z < 0, Fig. 2;
negative for B_z > 0, Fig. 3C); a circular drive doubles it. The paper's strong-coupling estimate
``|q| ~ (|gamma_b lambda M_z^b| + sqrt(J^2 - beta^2)) / G~_b`` at delta = 0 (J > beta) is
evaluated by :func:`strong_coupling_fano_parameter`.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import j0

from spinbridge.species import _check_name, _check_real

__all__ = [
    "BRANCHES",
    "ac_modulation_factor",
    "coupling_strength",
    "dressed_modes",
    "eq3_fano_parameter",
    "gradient_relaxation_rate",
    "noble_rate_at_resonance",
    "resonance_field",
    "strong_coupling_fano_parameter",
    "weak_coupling_max_rate",
]

BRANCHES: tuple[str, ...] = ("continuous", "principal")
"""Square-root branches of :func:`dressed_modes`."""

_MG = 1e-3  # G per mG


def _arr(name: str, value, lo=-math.inf, hi=math.inf, **open_ends) -> np.ndarray:
    return np.asarray(_check_real(name, value, lo, hi, **open_ends), dtype=float)


def dressed_modes(
    omega_a_s, omega_b_s, Gamma_a_s, Gamma_b_s, J_s, *, branch: str = "continuous"
) -> tuple[np.ndarray, np.ndarray]:
    """Eq. (4): dressed alkali and noble-gas modes ``w~ + i G~`` of Eq. (1)'s matrix.

    Parameters
    ----------
    omega_a_s, omega_b_s : array_like
        Larmor frequencies w_a, w_b [rad s^-1] (signed, finite).
    Gamma_a_s, Gamma_b_s : array_like
        Decoherence rates [s^-1], >= 0.
    J_s : array_like
        Coupling J [s^-1], >= 0.
    branch : {"continuous", "principal"}
        Root of ``J^2 + (delta + i beta)^2`` continuous with delta + i beta (the modes keep their
        identity on both sides of delta = 0), or numpy's principal root (swaps them for
        delta < 0; kept to show the pitfall).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Complex ``w~_a + i G~_a`` and ``w~_b + i G~_b``, broadcast over the arguments.

    Raises
    ------
    TypeError, ValueError
        A non-finite or negative rate, an unknown branch (named).
    """
    wa, wb = _arr("omega_a_s", omega_a_s), _arr("omega_b_s", omega_b_s)
    Ga, Gb = _arr("Gamma_a_s", Gamma_a_s, 0.0), _arr("Gamma_b_s", Gamma_b_s, 0.0)
    J = _arr("J_s", J_s, 0.0)
    _check_name("branch", branch, BRANCHES)
    centre = 0.5 * (wa + wb) + 0.5j * (Ga + Gb)
    gamma = 0.5 * (wa - wb) + 0.5j * (Ga - Gb)  # delta + i beta
    root = np.sqrt(J**2 + gamma**2 + 0j)
    if branch == "continuous":
        root = np.where(np.real(root * np.conj(gamma)) < 0, -root, root)
    return centre + root, centre - root


def coupling_strength(
    *, gyro_alkali_rad_s_G, gyro_noble_rad_s_G, lambda_Mb_mG, lambda_Ma_mG
) -> np.ndarray:
    """J = lambda sqrt(gamma_a gamma_b M_z^a M_z^b) = sqrt(gamma_a lambda M^b gamma_b lambda M^a).

    Eq. (1) (text after it). Arguments as :func:`spinbridge.response.larmor_frequencies`.

    Returns
    -------
    numpy.ndarray
        J [s^-1].

    Raises
    ------
    ValueError
        A non-finite argument, or signs that make J^2 < 0 (named).
    """
    ga = _arr("gyro_alkali_rad_s_G", gyro_alkali_rad_s_G)
    gb = _arr("gyro_noble_rad_s_G", gyro_noble_rad_s_G)
    lmb, lma = _arr("lambda_Mb_mG", lambda_Mb_mG), _arr("lambda_Ma_mG", lambda_Ma_mG)
    j2 = ga * lmb * gb * lma * _MG**2
    if np.any(j2 < 0):
        raise ValueError(
            "lambda_Ma_mG must have the sign of gyro_alkali_rad_s_G * gyro_noble_rad_s_G * "
            "lambda_Mb_mG (J^2 >= 0)"
        )
    return np.sqrt(j2)


def resonance_field(
    *, gyro_alkali_rad_s_G, gyro_noble_rad_s_G, lambda_Mb_mG, lambda_Ma_mG
) -> np.ndarray:
    """Bias field of delta = 0, ``lambda (gamma_b M_z^a - gamma_a M_z^b) / (gamma_a - gamma_b)``.

    Jiang, text after Eq. (4); ~ -lambda M_z^b when |gamma_a| >> |gamma_b|.

    Returns
    -------
    numpy.ndarray
        B_z [mG].

    Raises
    ------
    ValueError
        Non-finite arguments, equal gyromagnetic ratios (no resonance) or signs that make J^2 < 0
        (named).
    """
    ga = _arr("gyro_alkali_rad_s_G", gyro_alkali_rad_s_G)
    gb = _arr("gyro_noble_rad_s_G", gyro_noble_rad_s_G)
    lmb, lma = _arr("lambda_Mb_mG", lambda_Mb_mG), _arr("lambda_Ma_mG", lambda_Ma_mG)
    if np.any(ga == gb):
        raise ValueError("gyro_alkali_rad_s_G must differ from gyro_noble_rad_s_G")
    coupling_strength(  # the signs of the pair must give J^2 >= 0
        gyro_alkali_rad_s_G=ga, gyro_noble_rad_s_G=gb, lambda_Mb_mG=lmb, lambda_Ma_mG=lma
    )
    return (gb * lma - ga * lmb) / (ga - gb)


def noble_rate_at_resonance(J_over_beta, *, Gamma_a_s, Gamma_b_s) -> np.ndarray:
    """Eq. (5): G~_b = chi - beta Im[(J/beta)^2 - 1]^{1/2} at delta = 0 [s^-1].

    Parameters
    ----------
    J_over_beta : array_like
        J / beta >= 0.
    Gamma_a_s, Gamma_b_s : array_like
        Decoherence rates [s^-1] with Gamma_a > Gamma_b >= 0 (beta > 0).

    Returns
    -------
    numpy.ndarray
        G~_b, from G_b (J = 0) to chi = (G_a + G_b)/2 at J >= beta.
    """
    x = _arr("J_over_beta", J_over_beta, 0.0)
    Ga, Gb = _arr("Gamma_a_s", Gamma_a_s, 0.0, lo_open=True), _arr("Gamma_b_s", Gamma_b_s, 0.0)
    if np.any(Gb >= Ga):
        raise ValueError("Gamma_b_s must be < Gamma_a_s (beta = (Gamma_a - Gamma_b)/2 > 0)")
    beta, chi = 0.5 * (Ga - Gb), 0.5 * (Ga + Gb)
    return chi - beta * np.imag(np.sqrt(x**2 - 1.0 + 0j))


def weak_coupling_max_rate(J_s, *, Gamma_a_s, Gamma_b_s) -> np.ndarray:
    """The paper's weak-coupling maximum ``G~_b ~ G_b + J^2 / 2 beta`` at delta = 0 [s^-1].

    Arguments as :func:`noble_rate_at_resonance` with ``J_s`` [s^-1] (>= 0).
    """
    J = _arr("J_s", J_s, 0.0)
    Ga, Gb = _arr("Gamma_a_s", Gamma_a_s, 0.0, lo_open=True), _arr("Gamma_b_s", Gamma_b_s, 0.0)
    if np.any(Gb >= Ga):
        raise ValueError("Gamma_b_s must be < Gamma_a_s (beta = (Gamma_a - Gamma_b)/2 > 0)")
    return Gb + J**2 / (Ga - Gb)


def gradient_relaxation_rate(
    bias_field_mG, *, gyro_noble_rad_s_G, inhomogeneity, radius_cm, D_noble_cm2_s
) -> np.ndarray:
    """Motional-narrowing gradient rate ``2 R^2 gamma_b^2 eta^2 B_z^2 / (175 D)`` [s^-1].

    Cates, Schaefer, Happer (1988) for a sphere, with |grad B_z| = eta |B_z| / 2R (module
    docstring): the solid line of Fig. 3A minus the dashed one.

    Parameters
    ----------
    bias_field_mG : array_like
        B_z [mG].
    gyro_noble_rad_s_G : float
        gamma_b [rad s^-1 G^-1] (its sign does not matter), nonzero.
    inhomogeneity : float
        eta, relative difference of B_z across the cell diameter, in [0, 1).
    radius_cm, D_noble_cm2_s : float
        Cell radius [cm] and noble-gas diffusion coefficient [cm^2 s^-1], > 0.

    Returns
    -------
    numpy.ndarray
        The added decoherence rate [s^-1], the shape of ``bias_field_mG``.
    """
    bz = _arr("bias_field_mG", bias_field_mG)
    gb = float(_check_real("gyro_noble_rad_s_G", gyro_noble_rad_s_G))
    if gb == 0:
        raise ValueError("gyro_noble_rad_s_G must be nonzero")
    eta = float(_check_real("inhomogeneity", inhomogeneity, 0.0, 1.0, hi_open=True))
    R = float(_check_real("radius_cm", radius_cm, 0.0, lo_open=True))
    D = float(_check_real("D_noble_cm2_s", D_noble_cm2_s, 0.0, lo_open=True))
    return 2.0 * R**2 * gb**2 * eta**2 * (bz * _MG) ** 2 / (175.0 * D)


def ac_modulation_factor(ac_amplitude_mG, ac_frequency_hz, *, gyro_noble_rad_s_G) -> np.ndarray:
    """Carrier factor J0(gamma_b B_ac / w_ac) of an AC z field; Eq. (3) uses its square.

    The text after Eq. (3): ``lambda M_z^b' = lambda M_z^b J0^2(gamma_b B_ac / w_ac)``.

    Parameters
    ----------
    ac_amplitude_mG : array_like
        B_ac [mG], >= 0.
    ac_frequency_hz : float
        w_ac / 2 pi [Hz], > 0.
    gyro_noble_rad_s_G : float
        gamma_b [rad s^-1 G^-1].

    Returns
    -------
    numpy.ndarray
        J0 (may be negative beyond the first zero, 2.405).
    """
    b = _arr("ac_amplitude_mG", ac_amplitude_mG, 0.0)
    f = float(_check_real("ac_frequency_hz", ac_frequency_hz, 0.0, lo_open=True))
    gb = float(_check_real("gyro_noble_rad_s_G", gyro_noble_rad_s_G))
    return j0(gb * b * _MG / (2.0 * math.pi * f))


def eq3_fano_parameter(
    *,
    gyro_noble_rad_s_G,
    lambda_Mb_mG,
    noble_rate_s,
    noble_frequency_s,
    drive: str = "linear",
    ac_factor=1.0,
) -> np.ndarray:
    """Eq. (3), signed: ``q = -sign(w~_b) gamma_b lambda M_z^b J0^2 / 2 G~_b`` (linear drive).

    Parameters
    ----------
    gyro_noble_rad_s_G, lambda_Mb_mG : array_like
        gamma_b [rad s^-1 G^-1] and lambda M_z^b [mG].
    noble_rate_s : array_like
        G~_b [s^-1], > 0.
    noble_frequency_s : array_like
        w~_b [rad s^-1] (its sign: that of the bias field's noble-gas precession).
    drive : {"linear", "circular"}
        A linear test field (Eq. 3) or one co-rotating with the noble gas (twice Eq. 3).
    ac_factor : array_like
        J0(gamma_b B_ac / w_ac) (1 without AC field), in [-1, 1].

    Returns
    -------
    numpy.ndarray
        q (dimensionless).
    """
    gb, lmb = _arr("gyro_noble_rad_s_G", gyro_noble_rad_s_G), _arr("lambda_Mb_mG", lambda_Mb_mG)
    rate = _arr("noble_rate_s", noble_rate_s, 0.0, lo_open=True)
    sign = np.where(_arr("noble_frequency_s", noble_frequency_s) >= 0, 1.0, -1.0)
    _check_name("drive", drive, ("linear", "circular"))
    c = _arr("ac_factor", ac_factor, -1.0, 1.0)
    half = 0.5 if drive == "linear" else 1.0
    return -sign * gb * lmb * _MG * c**2 * half / rate


def strong_coupling_fano_parameter(
    J_s, *, gyro_noble_rad_s_G, lambda_Mb_mG, Gamma_a_s, Gamma_b_s
) -> np.ndarray:
    """The paper's ``|q| ~ (|gamma_b lambda M_z^b| + sqrt(J^2 - beta^2)) / G~_b`` at delta = 0.

    Text before Fig. 4 (the SI's "Signal amplification"), with G~_b from Eq. (5) (= chi for
    J >= beta). The expression is stated for J > beta; NaN where J < beta.

    Parameters
    ----------
    J_s : array_like
        J [s^-1], >= 0.
    gyro_noble_rad_s_G, lambda_Mb_mG : array_like
        gamma_b [rad s^-1 G^-1], lambda M_z^b [mG].
    Gamma_a_s, Gamma_b_s : array_like
        Decoherence rates [s^-1], Gamma_a > Gamma_b >= 0.

    Returns
    -------
    numpy.ndarray
        |q| (NaN for J < beta).
    """
    J = _arr("J_s", J_s, 0.0)
    gb, lmb = _arr("gyro_noble_rad_s_G", gyro_noble_rad_s_G), _arr("lambda_Mb_mG", lambda_Mb_mG)
    Ga, Gb = _arr("Gamma_a_s", Gamma_a_s, 0.0, lo_open=True), _arr("Gamma_b_s", Gamma_b_s, 0.0)
    if np.any(Gb >= Ga):
        raise ValueError("Gamma_b_s must be < Gamma_a_s (beta = (Gamma_a - Gamma_b)/2 > 0)")
    beta = 0.5 * (Ga - Gb)
    rate = noble_rate_at_resonance(J / beta, Gamma_a_s=Ga, Gamma_b_s=Gb)
    split = np.sqrt(np.where(J >= beta, J**2 - beta**2, np.nan))
    return (np.abs(gb * lmb * _MG) + split) / rate

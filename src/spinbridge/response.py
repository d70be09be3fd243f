"""Steady-state response of coupled alkali and noble-gas spins to an oscillating field.

Jiang, Qin, Wang, Huang, Peng, Budker, PNAS (2025), Eq. (1) and the text around it (the SI is not
available; what it would hold is derived here). The dressed modes, Eq. (4)-(5), the field-gradient
rate and the paper's closed forms for q are in :mod:`spinbridge.dressed_rates`.

Model (the SI's "Interacting spin gases")
------------------------------------------
Each gas is a magnetization ``M^a`` (alkali electron spins), ``M^b`` (noble-gas nuclei) obeying
``dM/dt = gamma M x B_eff`` with SIGNED gyromagnetic ratios, where the alkali sees
``B + lambda M^b`` and the noble gas ``B + lambda M^a`` (Fermi contact, lambda = 8 pi kappa0 / 3).
Linearised about ``M_z`` (weak transverse excitation) with the complex tilts
``x = (M_x + i M_y) / M_z`` and ``B_+ = B_x + i B_y``::

    dx_a/dt = -(i w_a + G_a) x_a + i W_ab x_b + i gamma_a s_a B_+
    dx_b/dt = -(i w_b + G_b) x_b + i W_ba x_a + i gamma_b s_b B_+

with ``w_a = gamma_a (B_z + lambda M_z^b)``, ``w_b = gamma_b (B_z + lambda M_z^a)`` (Eq. 1's
Larmor frequencies), ``W_ab = gamma_a lambda M_z^b``, ``W_ba = gamma_b lambda M_z^a`` and
``W_ab W_ba = J^2 = lambda^2 gamma_a gamma_b M_z^a M_z^b``. The Holstein-Primakoff amplitudes of
Eq. (1) are ``a ~ conj(x_a) sqrt(M_z^a / 2 gamma_a)``: the matrix of Eq. (1) (symmetric, -J) has
the eigenvalues of this one (they depend on ``J^2`` only), and its sources ``h_a, h_b`` are the
``i gamma s B_+`` terms: proportional to each gyromagnetic ratio for a normal field
(``s_a = s_b = 1``), to one of them for a pseudo-magnetic field acting on one species.

Signs (fixed by the paper's numbers): 129Xe's gamma_b < 0 makes w_b / 2 pi = +10.1 Hz at
B_z = -8.59 mG; delta = 0 at B_z ~ -lambda M_z^b = -3 mG makes lambda M_z^b > 0. The alkali's
effective ratio is the electron's, gamma_a = -|gamma_e| / q (negative, as for 129Xe: the two gases
precess in the same sense); ``J^2 > 0`` then fixes ``sign(lambda M_z^a) = sign(gamma_a gamma_b)``.
The transverse tilt measured by a probe along x is ``Re x_a`` (Faraday rotation).

Drive and lock-in
-----------------
A field ``B_1 cos(w t)`` along x or y is two counter-rotating components,
``B_+ = B_1 e^{i theta} (e^{iwt} + e^{-iwt}) / 2`` (theta = 0 or pi/2); a circular drive is the
component rotating with the noble gas only. Each component ``e^{i sigma w t}`` has the steady state
``X_sigma = (i sigma w - L)^{-1} S_sigma`` of the 2x2 system above; in closed form (``D_aa = i
sigma w + i w_a + G_a``, ``D_bb`` likewise, ``D~_bb = D_bb + J^2 / D_aa``)::

    X_a = S_a / D_aa + c^2 i W_ab (S_b + i W_ba S_a / D_aa) / (D_aa D~_bb),
    X_b = c (S_b + i W_ba S_a / D_aa) / D~_bb,

broadcast over frequencies and parameters (no loop, no matrix solve). With ``c = 1`` this is the
exact inverse; the first term is the alkali's own response, the second the noble-gas pole. A
lock-in referenced to ``cos w t`` reads the complex amplitude ``Z_x = X_+ + conj(X_-)`` (probe
along x) or ``Z_y = -i (X_+ - conj(X_-))`` (probe along y). The response is normalised by the
alkali alone (no noble-gas transverse dynamics, same w_a) under a normal field along the same
axis: the calibrated field response the paper divides by (its Fig. 2A takes the response at 80 Hz,
where the noble gas is off resonance; there the normalised response is 1 + O(gamma_b lambda
M_z^b / w)).

AC z field (the SI's "Fano parameter modification")
---------------------------------------------------
``B_ac cos(w_ac t)`` along z adds the phase ``phi(t) = (gamma_b B_ac / w_ac) sin(w_ac t)`` to the
noble-gas precession. In the noble gas's modulated frame the test field's carrier is reduced by
``c = J0(gamma_b B_ac / w_ac)`` and the noble gas's field seen by the alkali at the test frequency
by ``c`` again (sidebands at ``w +- n w_ac`` lie outside the line when ``w_ac`` exceeds the scan).
The alkali is broadband (G_a >> w_ac), so the field it returns carries the same phase and the
dressing ``J^2 / D_aa`` is unchanged: only the pole's weight scales, ``lambda M_z^b ->
lambda M_z^b J0^2`` in Eq. (3). Assumed here, as in the paper's text: the AC field leaves the
alkali's own response unchanged.

Fano form (the SI's "Fano resonance")
-------------------------------------
Near the noble-gas pole ``Omega_p = |w~_b| + i G~_b`` (the dressed mode, Eq. 4) the normalised
lock-in amplitude is one pole on a slowly varying complex background, ``Z = B + P / (w -
Omega_p)``. With ``eps = (w - |w~_b|) / G~_b`` and ``kappa = P / (B G~_b)``,
``|Z|^2 = |B|^2 [(eps + Re kappa)^2 + (Im kappa - 1)^2] / (1 + eps^2)``: the Lorentzian-background
Fano profile ``A [(q + eps)^2 + b^2] / (1 + eps^2)`` with ``q = Re kappa``, ``b^2 = (Im kappa -
1)^2``, ``A = |B|^2`` (:func:`fano_decomposition`). For a weakly coupled, quasi-static alkali
(``w << G_a``) and a circular drive, ``q = -sign(w~_b) gamma_b lambda M_z^b / G~_b``; for any
linear drive the counter-rotating component, which the noble gas does not amplify, halves it,
``q = -sign(w~_b) gamma_b lambda M_z^b / 2 G~_b``: Eq. (3), with the sign that puts the
deamplification eps = -q below resonance for B_z < 0 and above it for B_z > 0 (Fig. 3C). The
background b^2 depends on the drive axis relative to the probe: the alkali reads
``w_a B_x - G_a B_y`` (probe along x), so at |w_a| >> G_a a y drive is seen almost only through the
rotating noble-gas field (b >> q: a symmetric line, Fig. 3B) while an x drive keeps b ~ 1 (deep
deamplification, Fig. 3C). The noble gas's off-resonant response to the counter-rotating
component, of relative size ``gamma_b lambda M_z^b / 2 w_b``, corrects q beyond Eq. (3).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from spinbridge.constants import GAMMA_E_RAD_S_G
from spinbridge.species import _check_name, _check_real, _species

__all__ = [
    "DRIVES",
    "FIELDS",
    "PROBES",
    "SPECIES_RESPONDING",
    "fano_decomposition",
    "larmor_frequencies",
    "normalized_response",
    "spin_pair_from_cell",
    "transverse_response",
]

DRIVES: tuple[str, ...] = ("x", "y", "circular")
"""Test-field geometries: linear along x or y, or circular co-rotating with the noble gas."""

PROBES: tuple[str, ...] = ("x", "y")
"""Transverse tilt component read by the probe beam."""

FIELDS: tuple[str, ...] = ("normal", "noble", "alkali")
"""A normal magnetic field (acts on both gases) or a pseudo-field acting on one species only."""

SPECIES_RESPONDING: tuple[str, ...] = ("alkali", "noble")
"""Whose tilt :func:`transverse_response` returns."""

_SOURCES = {"normal": (1.0, 1.0), "noble": (0.0, 1.0), "alkali": (1.0, 0.0)}
_MG = 1e-3  # G per mG
MAX_GYRO = 1e9
"""Largest |gyromagnetic ratio| accepted [rad s^-1 G^-1] (the electron's is 1.76e7)."""


class _Pair(NamedTuple):
    """Broadcast model parameters in rad/s: gammas, Larmor frequencies, couplings, rates."""

    ga: np.ndarray
    gb: np.ndarray
    wa: np.ndarray
    wb: np.ndarray
    wab: np.ndarray
    wba: np.ndarray
    Ga: np.ndarray
    Gb: np.ndarray


def _as_array(name: str, value, lo=-math.inf, hi=math.inf, **open_ends) -> np.ndarray:
    return np.asarray(_check_real(name, value, lo, hi, **open_ends), dtype=float)


def _pair(
    bias_field_mG,
    gyro_alkali_rad_s_G,
    gyro_noble_rad_s_G,
    lambda_Mb_mG,
    lambda_Ma_mG,
    Gamma_a_s,
    Gamma_b_s,
) -> _Pair:
    """Validate the model parameters (finite; gammas nonzero; rates > 0) and convert to rad/s."""
    bz = _as_array("bias_field_mG", bias_field_mG)
    ga = _as_array("gyro_alkali_rad_s_G", gyro_alkali_rad_s_G, -MAX_GYRO, MAX_GYRO)
    gb = _as_array("gyro_noble_rad_s_G", gyro_noble_rad_s_G, -MAX_GYRO, MAX_GYRO)
    for name, g in (("gyro_alkali_rad_s_G", ga), ("gyro_noble_rad_s_G", gb)):
        if np.any(g == 0):
            raise ValueError(f"{name} must be nonzero (a signed gyromagnetic ratio), got 0")
    lmb = _as_array("lambda_Mb_mG", lambda_Mb_mG)
    lma = _as_array("lambda_Ma_mG", lambda_Ma_mG)
    Ga = _as_array("Gamma_a_s", Gamma_a_s, 0.0, lo_open=True)
    Gb = _as_array("Gamma_b_s", Gamma_b_s, 0.0, lo_open=True)
    wab, wba = ga * lmb * _MG, gb * lma * _MG
    if np.any(wab * wba < 0):
        raise ValueError(
            "lambda_Ma_mG must have the sign of gyro_alkali_rad_s_G * gyro_noble_rad_s_G * "
            "lambda_Mb_mG: J^2 = gamma_a lambda M_z^b gamma_b lambda M_z^a must be >= 0"
        )
    return _Pair(ga, gb, ga * (bz + lmb) * _MG, gb * (bz + lma) * _MG, wab, wba, Ga, Gb)


def spin_pair_from_cell(
    *,
    slowing_down_factor: float,
    noble: str,
    shift_alkali_s: float,
    shift_noble_s: float,
) -> dict[str, float]:
    """Signed gyromagnetic ratios and effective fields of a cell (the conventions above).

    gamma_a = -|gamma_e| / q (electron sign), gamma_b the noble gas's signed nuclear ratio,
    lambda M_z^b = shift_alkali / |gamma_a| > 0 (Jiang: delta = 0 at B_z ~ -lambda M_z^b < 0) and
    lambda M_z^a = sign(gamma_a gamma_b) shift_noble / |gamma_b| (J^2 > 0). The shifts are the
    cells stage's collisional shifts ``zeta p_B n_B / 2`` and ``zeta q p_A n_A / 2`` (Katz
    Eq. 25), i.e. |gamma_a| lambda M_z^b and |gamma_b| lambda M_z^a, so J^2 = shift_alkali
    shift_noble (Katz Eq. 26 = Jiang's J = lambda sqrt(gamma_a gamma_b M_z^a M_z^b)).

    Parameters
    ----------
    slowing_down_factor : float
        q(I, p_A) >= 1 (Katz Eq. 18), from the cell file.
    noble : str
        Noble-gas species key of :data:`spinbridge.species.SPECIES`.
    shift_alkali_s, shift_noble_s : float
        Collisional shifts of the alkali and of the noble gas [rad s^-1], >= 0.

    Returns
    -------
    dict
        ``gyro_alkali_rad_s_G``, ``gyro_noble_rad_s_G`` [rad s^-1 G^-1], ``lambda_Mb_mG``,
        ``lambda_Ma_mG`` [mG]: keywords of the functions of this module.

    Raises
    ------
    TypeError, ValueError
        An argument of the wrong type or out of range (named), an unknown or alkali species.
    """
    q = float(_check_real("slowing_down_factor", slowing_down_factor, 1.0))
    sp = _species(noble, "noble")
    sa = float(_check_real("shift_alkali_s", shift_alkali_s, 0.0))
    sb = float(_check_real("shift_noble_s", shift_noble_s, 0.0))
    ga = -GAMMA_E_RAD_S_G / q
    gb = sp.gamma_atom_rad_s_G
    return {
        "gyro_alkali_rad_s_G": ga,
        "gyro_noble_rad_s_G": gb,
        "lambda_Mb_mG": sa / abs(ga) / _MG,
        "lambda_Ma_mG": math.copysign(1.0, ga * gb) * sb / abs(gb) / _MG,
    }


def larmor_frequencies(
    bias_field_mG,
    *,
    gyro_alkali_rad_s_G,
    gyro_noble_rad_s_G,
    lambda_Mb_mG,
    lambda_Ma_mG,
) -> tuple[np.ndarray, np.ndarray]:
    """Eq. (1): w_a = gamma_a (B_z + lambda M_z^b), w_b = gamma_b (B_z + lambda M_z^a) [rad s^-1].

    Parameters
    ----------
    bias_field_mG : array_like
        Bias field B_z [mG] (signed).
    gyro_alkali_rad_s_G, gyro_noble_rad_s_G : array_like
        Signed gyromagnetic ratios [rad s^-1 G^-1] (nonzero, |gamma| <= 1e9).
    lambda_Mb_mG, lambda_Ma_mG : array_like
        Effective fields lambda M_z^b (on the alkali) and lambda M_z^a (on the noble gas) [mG].

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        w_a and w_b, broadcast over the arguments.
    """
    p = _pair(
        bias_field_mG, gyro_alkali_rad_s_G, gyro_noble_rad_s_G, lambda_Mb_mG, lambda_Ma_mG, 1.0, 1.0
    )
    return p.wa, p.wb


def _weights(drive: str, sigma: int, wb: np.ndarray) -> np.ndarray:
    """Complex amplitude of the e^{i sigma w t} component of B_+ per unit drive amplitude."""
    if drive == "x":
        return np.full(wb.shape, 0.5 + 0j)
    if drive == "y":
        return np.full(wb.shape, 0.5j)
    corotating = np.where(wb >= 0, -1, 1)  # free noble-gas precession ~ e^{-i w_b t}
    return np.where(corotating == sigma, 1.0 + 0j, 0.0j)


def _component(omega, p: _Pair, sigma: int, drive: str, field: str, c):
    """(X_a, X_b, X_a alone, X_b alone) of the e^{i sigma w t} component (module docstring)."""
    s_a, s_b = _SOURCES[field]
    w = _weights(drive, sigma, p.wb)
    Sa, Sb = 1j * p.ga * s_a * w, 1j * p.gb * s_b * w
    Daa = 1j * (sigma * omega + p.wa) + p.Ga
    Dbb = 1j * (sigma * omega + p.wb) + p.Gb
    xi = (Sb + 1j * p.wba * Sa / Daa) / (Dbb + p.wab * p.wba / Daa)
    Xa = Sa / Daa + c * c * 1j * p.wab * xi / Daa
    return Xa, c * xi, 1j * p.ga * w / Daa, 1j * p.gb * w / Dbb


def _lockin(plus, minus, probe: str):
    """Complex lock-in amplitude of Re x (probe x) or Im x (probe y), reference cos(w t)."""
    if probe == "x":
        return plus + np.conj(minus)
    return -1j * (plus - np.conj(minus))


def _check_options(drive, probe, field, species=None) -> None:
    _check_name("drive", drive, DRIVES)
    _check_name("probe", probe, PROBES)
    _check_name("field", field, FIELDS)
    if species is not None:
        _check_name("species", species, SPECIES_RESPONDING)


def _omega(frequency_hz) -> np.ndarray:
    return 2.0 * np.pi * _as_array("frequency_hz", frequency_hz, 0.0, lo_open=True)


def transverse_response(
    frequency_hz,
    *,
    bias_field_mG,
    gyro_alkali_rad_s_G,
    gyro_noble_rad_s_G,
    lambda_Mb_mG,
    lambda_Ma_mG,
    Gamma_a_s,
    Gamma_b_s,
    drive: str = "y",
    probe: str = "x",
    field: str = "normal",
    species: str = "alkali",
    coupled: bool = True,
    ac_factor=1.0,
) -> np.ndarray:
    """Lock-in amplitude of one gas's transverse tilt per unit test field (Eq. 1, steady state).

    Parameters
    ----------
    frequency_hz : array_like
        Test-field frequency nu = w / 2 pi [Hz], > 0; broadcast with every parameter below.
    bias_field_mG, gyro_alkali_rad_s_G, gyro_noble_rad_s_G, lambda_Mb_mG, lambda_Ma_mG
        As :func:`larmor_frequencies`.
    Gamma_a_s, Gamma_b_s : array_like
        Decoherence rates Gamma_a, Gamma_b [s^-1] (> 0).
    drive : {"x", "y", "circular"}
        Linear test field ``cos(w t)`` along x or y, or circular co-rotating with the noble gas.
    probe : {"x", "y"}
        Tilt component read: ``M_x / M_z`` or ``M_y / M_z``.
    field : {"normal", "noble", "alkali"}
        A magnetic field, or a pseudo-field acting on the noble gas or the alkali only (in units
        of the magnetic field that would tilt that species alike).
    species : {"alkali", "noble"}
        Whose tilt is returned.
    coupled : bool
        False: that species alone (no transverse coupling, same Larmor frequency).
    ac_factor : array_like
        J0(gamma_b B_ac / w_ac) of an AC z field (1 without), in [-1, 1].

    Returns
    -------
    numpy.ndarray
        Complex amplitude Z (signal ``Re[Z e^{i w t}]``) [rad G^-1], the broadcast shape.

    Raises
    ------
    TypeError, ValueError
        A non-finite, out-of-range or wrongly typed argument, an unknown option (all named), or
        lambda_Ma_mG with the sign that makes J^2 < 0.
    """
    _check_options(drive, probe, field, species)
    if not isinstance(coupled, bool | np.bool_):
        raise TypeError(f"coupled must be a bool, got {coupled!r}")
    omega = _omega(frequency_hz)
    c = _as_array("ac_factor", ac_factor, -1.0, 1.0)
    p = _pair(
        bias_field_mG,
        gyro_alkali_rad_s_G,
        gyro_noble_rad_s_G,
        lambda_Mb_mG,
        lambda_Ma_mG,
        Gamma_a_s,
        Gamma_b_s,
    )
    k = (0 if species == "alkali" else 1) + (0 if coupled else 2)
    if not coupled:
        field = "normal"  # the species alone responds to the field as a magnetic one
    plus = _component(omega, p, +1, drive, field, c)[k]
    minus = _component(omega, p, -1, drive, field, c)[k]
    return _lockin(plus, minus, probe)


def normalized_response(
    frequency_hz,
    *,
    bias_field_mG,
    gyro_alkali_rad_s_G,
    gyro_noble_rad_s_G,
    lambda_Mb_mG,
    lambda_Ma_mG,
    Gamma_a_s,
    Gamma_b_s,
    drive: str = "y",
    probe: str = "x",
    field: str = "normal",
    ac_factor=1.0,
) -> np.ndarray:
    """Coupled alkali response / alkali-alone response to a normal field along the same axis.

    The calibrated response of Figs. 1D, 2 and 4: its modulus is the amplification (> 1) or
    deamplification (< 1) of a normal field, or the equivalent field of a pseudo-field
    (``field="noble"``: the paper's pseudo-magnetic field on the noble-gas spins, Fig. 4B).
    Arguments as :func:`transverse_response`.

    Returns
    -------
    numpy.ndarray
        Complex ratio (dimensionless), the broadcast shape.
    """
    _check_options(drive, probe, field)
    omega = _omega(frequency_hz)
    c = _as_array("ac_factor", ac_factor, -1.0, 1.0)
    p = _pair(
        bias_field_mG,
        gyro_alkali_rad_s_G,
        gyro_noble_rad_s_G,
        lambda_Mb_mG,
        lambda_Ma_mG,
        Gamma_a_s,
        Gamma_b_s,
    )
    plus = _component(omega, p, +1, drive, field, c)
    minus = _component(omega, p, -1, drive, field, c)
    return _lockin(plus[0], minus[0], probe) / _lockin(plus[2], minus[2], probe)


def fano_decomposition(
    *,
    bias_field_mG,
    gyro_alkali_rad_s_G,
    gyro_noble_rad_s_G,
    lambda_Mb_mG,
    lambda_Ma_mG,
    Gamma_a_s,
    Gamma_b_s,
    drive: str = "y",
    probe: str = "x",
    field: str = "normal",
    ac_factor=1.0,
) -> dict[str, np.ndarray]:
    """Exact Fano parameters of :func:`normalized_response` at the noble-gas pole (Eq. 2).

    The pole ``Omega_p = |w~_b| + i G~_b`` of the dressed noble-gas mode (Eq. 4, continuous
    branch) and its residue ``P`` split the normalised amplitude into ``B + P / (w - Omega_p)``
    with the background ``B`` taken at the line centre (module docstring): the Lorentzian-
    background profile ``A [(q + eps)^2 + b^2] / (1 + eps^2)`` that the response follows while B
    varies little over the line. Arguments as :func:`normalized_response`.

    Returns
    -------
    dict
        ``q``, ``b2`` (b^2), ``A``, ``nu_b_hz`` (|w~_b| / 2 pi) and ``gamma_b_s`` (G~_b), each an
        array of the broadcast parameter shape.
    """
    from spinbridge.dressed_rates import dressed_modes

    _check_options(drive, probe, field)
    c = _as_array("ac_factor", ac_factor, -1.0, 1.0)
    p = _pair(
        bias_field_mG,
        gyro_alkali_rad_s_G,
        gyro_noble_rad_s_G,
        lambda_Mb_mG,
        lambda_Ma_mG,
        Gamma_a_s,
        Gamma_b_s,
    )
    J = np.sqrt(p.wab * p.wba)
    mode_b = dressed_modes(p.wa, p.wb, p.Ga, p.Gb, J)[1]  # w~_b + i G~_b
    wt, Gt = np.real(mode_b), np.imag(mode_b)
    sigma = np.where(wt >= 0, -1, 1)  # the component that resonates with the noble gas
    pole = -sigma * wt + 1j * sigma * Gt  # of X_sigma: i sigma w = -i w~_b - G~_b
    residue = np.zeros(np.broadcast(pole, c).shape, dtype=complex)
    for s in (-1, 1):
        s_a, s_b = _SOURCES[field]
        w = _weights(drive, s, p.wb)
        Sa, Sb = 1j * p.ga * s_a * w, 1j * p.gb * s_b * w
        Daa = 1j * (s * pole + p.wa) + p.Ga
        slope = 1j * s * (1.0 - J**2 / Daa**2)  # d D~_bb / dw
        res = c * c * 1j * p.wab * (Sb + 1j * p.wba * Sa / Daa) / (Daa * slope)
        # Z_x = X_+ + conj(X_-), Z_y = -i (X_+ - conj(X_-)): the pole of conj(X_-) at conj(pole)
        if probe == "x":
            part = res if s == 1 else np.conj(res)
        else:
            part = -1j * res if s == 1 else 1j * np.conj(res)
        residue = residue + np.where(sigma == s, part, 0.0)
    centre = np.abs(wt)
    plus = _component(centre, p, +1, drive, field, c)
    minus = _component(centre, p, -1, drive, field, c)
    norm = _lockin(plus[2], minus[2], probe)
    background = (_lockin(plus[0], minus[0], probe) - 1j * residue / Gt) / norm
    kappa = residue / norm / (background * Gt)
    return {
        "q": np.real(kappa),
        "b2": (np.imag(kappa) - 1.0) ** 2,
        "A": np.abs(background) ** 2,
        "nu_b_hz": centre / (2.0 * np.pi),
        "gamma_b_s": Gt,
    }

"""Closed forms of the two-mode exchange (Katz 2022 Sec. VI.A-B, Appendix F), with corrections.

The paper's first-order results for the exchange of Fock and squeezed states, next to the exact
two-mode expressions they approximate (derived from Eq. (F1) at ``Delta = 0``,
``gamma_B = 0``; :mod:`spinbridge.twomode` solves the same model numerically):

    S_aa(t) = e^(-gamma t/2) (cos J~t - gamma/(2J~) sin J~t),   J~ = sqrt(J^2 - gamma^2/4),
    S_ba(t) = S_ab(t) = -i (J/J~) e^(-gamma t/2) sin J~t,
    S_bb(t) = e^(-gamma t/2) (cos J~t + gamma/(2J~) sin J~t).

Deviations from the printed equations (derived, then compared)
--------------------------------------------------------------
* Eq. (35): ``|alpha(T_pi/2)|^2 = 1 - pi gamma/4J`` comes from the strong-coupling form (F3),
  which drops the first-order term ``-gamma/(2J~) sin J~t`` of ``S_aa``. Exactly, an alkali
  excitation survives with ``|S_aa|^2 + |S_ba|^2 = e^(-gamma t) (1 - (gamma/2J) sin 2Jt) +
  O((gamma/J)^2)``; the correction vanishes at ``T_pi`` (so Eq. (34)'s
  ``1 - m pi gamma/2J`` holds) but at ``T_pi/2`` it gives
  ``1 - (pi/4 + 1/2) gamma/J`` per excitation: for ``J = 55 gamma`` 0.97663 (exact 0.97694)
  instead of the printed 0.98572. The printed
  relative phase ``+i`` in (35) is ``-i`` with (F3) (``S_ba = -i sin Jt``).
* Eq. (F2): the kernel of ``w_B`` must be ``(J/J~) sin(J~ s)`` (printed ``sin(J s)``).
* Eq. (F7): the cross term carries a spurious square; it reads
  ``+ i sin(2Jt) (xi* a b + xi a^dag b^dag)`` (linear, sign for (F3)'s convention); at
  ``T_pi`` both give Eq. (37).
* Eq. (38) and (F6) are confirmed to first order in ``gamma/J``; the exact values are
  ``eta e^(-2 xi) + 1 - eta`` (vacuum units) with ``eta = |S_ba(T_pi)|^2`` and
  ``1 - |S_ba|^2 - |S_bb|^2``; ``|exact - first order| <= (pi^2/8 + 1)(gamma/J)^2`` for
  ``gamma/J <= 0.1``.
* Sec. VI.B's validity condition ``|xi| << log(pi gamma/2J)`` (negative) means
  ``|xi| << ln(2J/(pi gamma))/2``: squeezing until ``e^(-2 xi)`` reaches ``pi gamma/2J``.

Variances here are in units of the vacuum variance (the paper's 1/4, :mod:`spinbridge.twomode`'s
1/2), so the paper's ``e^(-2 xi)/4`` reads ``e^(-2 xi)``.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Eqs. (31)-(38), (F1)-(F12).
"""

from __future__ import annotations

import math

import numpy as np

from spinbridge.species import _check_count, _check_name, _check_real

__all__ = [
    "FIDELITY_FORMS",
    "coherent_fidelity_half_transfer",
    "fock_transfer_first_order",
    "noise_excitation",
    "noise_excitation_at_transfer",
    "transferred_squeezing_db",
    "transferred_variance_ratio",
]

FIDELITY_FORMS = ("paper", "first_order", "exact")
"""Forms of :func:`coherent_fidelity_half_transfer`: Eq. (35), its corrected first order, exact."""
_MAX_M = 1_000_000
_MAX_DB = 100.0


def _check_j_gamma(J_s, gamma_s) -> None:
    _check_real("J_s", J_s, 0.0, lo_open=True)
    _check_real("gamma_s", gamma_s, 0.0)


def _survival_amplitudes(J_s: float, gamma_s: float, t):
    """``S_aa, S_ba, S_bb`` of Eq. (F1) at ``Delta = 0`` (complex J~ in the overdamped regime)."""
    jt = np.sqrt(complex(J_s**2 - gamma_s**2 / 4))
    t = np.asarray(t, dtype=float)
    damp = np.exp(-gamma_s * t / 2)
    if abs(jt) < 1e-12 * J_s:  # critical damping: sin(J~t)/J~ -> t
        sinc_t, cos_t = t + 0j, np.ones_like(t) + 0j
    else:
        sinc_t, cos_t = np.sin(jt * t) / jt, np.cos(jt * t)
    s_aa = damp * (cos_t - gamma_s / 2 * sinc_t)
    s_ba = -1j * J_s * damp * sinc_t
    s_bb = damp * (cos_t + gamma_s / 2 * sinc_t)
    return s_aa, s_ba, s_bb


def _scalar_or_array(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


def fock_transfer_first_order(J_s: float, gamma_s: float, m: int) -> float:
    """Transfer fidelity ``|alpha(T_pi)|^2 = 1 - m pi gamma/2J`` of a Fock state (Eqs. (31)-(34)).

    First order in ``gamma/J`` of ``|S_ba(T_pi)|^(2m)`` (the exact value is
    :func:`spinbridge.twomode.fock_transfer_probability`; their difference is at most
    ``(m^2 pi^2/8 + m/2)(gamma/J)^2`` for ``gamma/J <= 0.1``).

    Parameters
    ----------
    J_s, gamma_s : float
        J > 0, gamma >= 0 [s^-1].
    m : int
        Fock number, ``0 <= m <= 10^6``.

    Returns
    -------
    float
        ``1 - m pi gamma / 2J`` (may be negative outside its range of validity).
    """
    _check_j_gamma(J_s, gamma_s)
    m = _check_count("m", m, 0, _MAX_M)
    return 1.0 - m * math.pi * gamma_s / (2.0 * J_s)


def coherent_fidelity_half_transfer(
    J_s: float, gamma_s: float, m: int = 1, form: str = "paper"
) -> float:
    """Weight ``|alpha(T_pi/2)|^2`` of the symmetric (entangled) state at ``T_pi/2``, Eq. (35).

    The probability that none of the m excitations has been lost at ``t = pi/4J``, from (F3):
    ``"paper"``: ``1 - m pi gamma/4J`` (Eq. (35), first order of ``e^(-m gamma t)``);
    ``"first_order"``: ``1 - m (pi/4 + 1/2) gamma/J``, the first order of the exact two-mode
    solution (F1) (see the module docstring: (F3) drops a first-order term); ``"exact"``:
    ``(|S_aa|^2 + |S_ba|^2)^m`` from (F1).

    Parameters
    ----------
    J_s, gamma_s : float
        J > 0, gamma >= 0 [s^-1].
    m : int, optional
        Fock number, ``0 <= m <= 10^6`` (Eq. (35): m = 1).
    form : {"paper", "first_order", "exact"}, optional

    Returns
    -------
    float
    """
    _check_j_gamma(J_s, gamma_s)
    m = _check_count("m", m, 0, _MAX_M)
    _check_name("form", form, FIDELITY_FORMS)
    x = gamma_s / J_s
    if form == "paper":
        return 1.0 - m * math.pi * x / 4.0
    if form == "first_order":
        return 1.0 - m * (math.pi / 4.0 + 0.5) * x
    s_aa, s_ba, _ = _survival_amplitudes(J_s, gamma_s, math.pi / (4.0 * J_s))
    return float((abs(s_aa) ** 2 + abs(s_ba) ** 2) ** m)


def transferred_variance_ratio(squeezing_db, J_over_gamma: float):
    """Noble-gas ``<dP_B^2(T_pi)>`` over the vacuum variance, Eq. (38).

    ``e^(-2 xi) + (pi gamma/2J)(1 - e^(-2 xi))`` with ``e^(-2 xi) = 10^(-dB/10)`` (the paper's
    Eq. (38) times 4). First order in ``gamma/J``: from (F12) at ``T_pi``,
    ``e^(-pi gamma/2J) e^(-2 xi) + (1 - e^(-pi gamma/2J))``.

    Parameters
    ----------
    squeezing_db : float or array_like
        Initial alkali ``X_A`` squeezing [dB], in [0, 100].
    J_over_gamma : float
        ``J/gamma`` > 0.

    Returns
    -------
    float or numpy.ndarray
    """
    _check_real("squeezing_db", squeezing_db, 0.0, _MAX_DB)
    _check_real("J_over_gamma", J_over_gamma, 0.0, lo_open=True)
    s = 10.0 ** (-np.asarray(squeezing_db, dtype=float) / 10.0)
    return _scalar_or_array(s + math.pi / (2.0 * J_over_gamma) * (1.0 - s))


def transferred_squeezing_db(squeezing_db, J_over_gamma: float):
    """Squeezing of the noble-gas ``P_B`` after the exchange [dB], Eq. (38) (Fig. 5).

    ``-10 log10`` of :func:`transferred_variance_ratio`: positive when ``P_B`` ends below the
    vacuum variance, which Eq. (38) gives for every input squeezing when ``J/gamma > pi/2``;
    saturates at ``-10 log10(pi gamma/2J)`` for large input squeezing.

    Parameters
    ----------
    squeezing_db : float or array_like
        Initial alkali ``X_A`` squeezing [dB], in [0, 100].
    J_over_gamma : float
        ``J/gamma`` > 0.

    Returns
    -------
    float or numpy.ndarray
        Transferred squeezing [dB].
    """
    ratio = transferred_variance_ratio(squeezing_db, J_over_gamma)
    return _scalar_or_array(-10.0 * np.log10(ratio))


def noise_excitation_at_transfer(J_s: float, gamma_s: float) -> float:
    """Noise ``<w_B w_B^dag>(T_pi) = pi gamma/2J`` injected into the noble gas, Eq. (F6).

    First order of ``1 - e^(-pi gamma/2J)``, :func:`noise_excitation` at ``T_pi``.

    Parameters
    ----------
    J_s, gamma_s : float
        J > 0, gamma >= 0 [s^-1].

    Returns
    -------
    float
    """
    _check_j_gamma(J_s, gamma_s)
    return math.pi * gamma_s / (2.0 * J_s)


def noise_excitation(J_s: float, gamma_s: float, t_s, first_order: bool = False):
    """Noise ``<w_B(t) w_B^dag(t)>`` of the noble gas from vacuum noise, Eq. (F5).

    Exact: ``1 - |S_ba(t)|^2 - |S_bb(t)|^2`` (commutator preservation, Eq. (F1)); with
    ``first_order=True`` Eq. (F5): ``1 - e^(-gamma t) (1 + (gamma/2J) sin 2Jt)``.

    Parameters
    ----------
    J_s, gamma_s : float
        J > 0, gamma >= 0 [s^-1].
    t_s : float or array_like
        Time(s) [s], >= 0.
    first_order : bool, optional

    Returns
    -------
    float or numpy.ndarray
    """
    _check_j_gamma(J_s, gamma_s)
    _check_real("t_s", t_s, 0.0)
    if not isinstance(first_order, bool):
        raise TypeError(f"first_order must be a bool, got {first_order!r}")
    t = np.asarray(t_s, dtype=float)
    if first_order:
        out = 1.0 - np.exp(-gamma_s * t) * (1.0 + gamma_s / (2 * J_s) * np.sin(2 * J_s * t))
    else:
        _, s_ba, s_bb = _survival_amplitudes(J_s, gamma_s, t)
        out = 1.0 - np.abs(s_ba) ** 2 - np.abs(s_bb) ** 2
    return _scalar_or_array(out)

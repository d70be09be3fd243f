"""Cavity rates, cooperativity and the closed forms of Sundar et al. (2023), Eq. (7).

The far-detuned cavity (|Delta| >> g_F sqrt(N), kappa) mediates the exchange
``chi ~ -g_F^2 / Delta`` and, through photon loss, the collective decay ``Gamma ~ g_F^2 kappa /
Delta^2``; spontaneous emission into free space has the rate ``gamma``, and
``C = 4 g_F^2 / (kappa gamma)`` is the single-atom cooperativity (paper, text before and after
Eq. (7)). The sign of chi follows the sign of -Delta and changes nothing but the squeezed
quadrature (the paper takes chi > 0 without loss of generality); everything here uses |Delta|.

Parametrisation. Time is tau = N chi t (``nchi_t``) and the detuning is
``x = |Delta| / (sqrt(N) kappa)`` (the abscissa of Fig. 3(b)). In these units

    Gamma / (N chi) = kappa / (N |Delta|) = 1 / (N^{3/2} x),
    gamma / (N chi) = 4 |Delta| / (N kappa C) = 4 x / (sqrt(N) C),

so the dynamics in tau depends on N, C and x only: g_F and kappa drop out (derivation: divide the
two rates by N chi = N g_F^2 / |Delta| and use gamma = 4 g_F^2 / (kappa C)). Physical times
need g_F and kappa, as in :func:`experiment_estimates`.

Eq. (7). The best sensitivity ``(Delta phi)^2 = sqrt(2 ln(2 N C)) / (N^{3/2} sqrt(C))`` at
``Delta = kappa sqrt(N C) / (2 sqrt(ln(2 N C)))``, i.e. ``x = sqrt(C) / (2 sqrt(ln(2 N C)))``
and ``N^{3/4} Delta phi = (2 ln(2 N C) / C)^{1/4}``; both need 2 N C > 1 (a positive
logarithm). :mod:`spinbridge.pair_decoherence` computes the same optimum from the master
equation (dissipative truncated Wigner approximation), without these formulas.

Frequencies are given as ordinary frequencies (omega / 2 pi, Hz, as the paper quotes
"kappa / 2 pi ~ 150 kHz"); C and every ratio are the same for angular frequencies. The paper's
couplings: ``2 g_0`` is the single-photon Rabi frequency and ``g_F = g_0 sqrt(F / (F + 1))``
(:func:`adjusted_coupling`); which of the two "g / 2 pi ~ 4 Hz" denotes, the text does not say.

References
----------
B. Sundar et al., PRL 130, 113202 (2023), Eq. (1) (chi), the Decoherence section (Gamma, gamma,
C, Eq. (7) and the experimental numbers of Refs. [43, 55]).
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from spinbridge.species import _check_real
from spinbridge.store import var_attrs

__all__ = [
    "MAX_ATOMS",
    "adjusted_coupling",
    "cavity_rates",
    "cooperativity",
    "eq7_optimal_detuning",
    "eq7_sensitivity",
    "experiment_estimates",
]

MAX_ATOMS = 1e12
"""Largest atom number accepted by the closed forms (far beyond any optical lattice)."""
_MAX_RATIO = 1e12  # largest C, x or frequency ratio accepted (keeps every power finite)


def _check_n(N) -> float:
    _check_real("N", N, 1.0, MAX_ATOMS)
    return float(N)


def _check_log_argument(N: float, C: float) -> float:
    """ln(2 N C), which Eq. (7) needs positive."""
    if 2.0 * N * C <= 1.0:
        raise ValueError(f"Eq. (7) needs 2 N C > 1 (a positive ln(2 N C)), got N = {N}, C = {C}")
    return math.log(2.0 * N * C)


def cavity_rates(N: float, C: float, delta_over_sqrtN_kappa):
    """Collective and single-atom decay rates in units of N chi (module docstring).

    Sundar et al. (2023): ``Gamma ~ g_F^2 kappa / Delta^2``, ``chi ~ -g_F^2 / Delta``,
    ``C = 4 g_F^2 / (kappa gamma)`` (text around Eq. (7)), hence
    ``Gamma / (N chi) = 1 / (N^{3/2} x)`` and ``gamma / (N chi) = 4 x / (sqrt(N) C)``.

    Parameters
    ----------
    N : float
        Number of atoms (1 <= N <= MAX_ATOMS).
    C : float
        Single-atom cooperativity, > 0 (<= 1e12).
    delta_over_sqrtN_kappa : float or array_like
        Detuning x = |Delta| / (sqrt(N) kappa), > 0 (<= 1e12).

    Returns
    -------
    tuple
        ``(Gamma / (N chi), gamma / (N chi))``, floats or arrays shaped like x.
    """
    n = _check_n(N)
    _check_real("C", C, 0.0, _MAX_RATIO, lo_open=True)
    _check_real("delta_over_sqrtN_kappa", delta_over_sqrtN_kappa, 0.0, _MAX_RATIO, lo_open=True)
    x = np.asarray(delta_over_sqrtN_kappa, dtype=float)
    collective = 1.0 / (n**1.5 * x)
    emission = 4.0 * x / (math.sqrt(n) * C)
    if x.ndim == 0:
        return float(collective), float(emission)
    return collective, emission


def cooperativity(g_hz: float, kappa_hz: float, gamma_hz: float) -> float:
    """Single-atom cooperativity ``C = 4 g^2 / (kappa gamma)`` (Sundar et al., after Eq. (7)).

    Parameters
    ----------
    g_hz, kappa_hz, gamma_hz : float
        Coupling g (g_F in the paper's formula), cavity power decay rate kappa and spontaneous
        emission rate gamma, as frequencies [Hz] (all divided by 2 pi alike), each > 0.

    Returns
    -------
    float
        C (dimensionless).
    """
    for name, value in (("g_hz", g_hz), ("kappa_hz", kappa_hz), ("gamma_hz", gamma_hz)):
        _check_real(name, value, 0.0, _MAX_RATIO, lo_open=True)
    return 4.0 * g_hz**2 / (kappa_hz * gamma_hz)


def adjusted_coupling(g0_hz: float, F: float) -> float:
    """``g_F = g_0 sqrt(F / (F + 1))`` (Sundar et al., after Eq. (1); Clebsch-Gordan factor).

    Parameters
    ----------
    g0_hz : float
        Single-photon coupling g_0 (half the single-photon Rabi frequency) [Hz], > 0.
    F : float
        Hyperfine quantum number of the ground and excited manifolds (9/2 for 87Sr), > 0,
        an integer or half-integer.

    Returns
    -------
    float
        g_F [Hz].
    """
    _check_real("g0_hz", g0_hz, 0.0, _MAX_RATIO, lo_open=True)
    _check_real("F", F, 0.0, 1e6, lo_open=True)
    if not float(2 * F).is_integer():
        raise ValueError(f"F must be an integer or half-integer, got {F!r}")
    return g0_hz * math.sqrt(F / (F + 1.0))


def eq7_sensitivity(N: float, C: float) -> float:
    """Eq. (7): best phase variance ``sqrt(2 ln(2NC)) / (N^{3/2} sqrt(C))`` with decoherence.

    Parameters
    ----------
    N : float
        Number of atoms (1 <= N <= MAX_ATOMS).
    C : float
        Single-atom cooperativity, > 0, with 2 N C > 1.

    Returns
    -------
    float
        (Delta phi)^2 [rad^2].
    """
    n = _check_n(N)
    _check_real("C", C, 0.0, _MAX_RATIO, lo_open=True)
    log = _check_log_argument(n, C)
    return math.sqrt(2.0 * log) / (n**1.5 * math.sqrt(C))


def eq7_optimal_detuning(N: float, C: float) -> float:
    """The detuning of Eq. (7), ``|Delta| / kappa = sqrt(N C) / (2 sqrt(ln(2 N C)))``.

    Divide by sqrt(N) for the abscissa x = |Delta| / (sqrt(N) kappa) of Fig. 3(b).

    Parameters
    ----------
    N : float
        Number of atoms (1 <= N <= MAX_ATOMS).
    C : float
        Single-atom cooperativity, > 0, with 2 N C > 1.

    Returns
    -------
    float
        |Delta| / kappa.
    """
    n = _check_n(N)
    _check_real("C", C, 0.0, _MAX_RATIO, lo_open=True)
    log = _check_log_argument(n, C)
    return math.sqrt(n * C) / (2.0 * math.sqrt(log))


def experiment_estimates(N: float, C: float, kappa_hz: float, g_hz: float) -> xr.Dataset:
    """What Eq. (7) implies for a cavity with given N, C, kappa and g (paper, after Eq. (7)).

    The paper quotes kappa / 2 pi ~ 150 kHz, g / 2 pi ~ 4 Hz, "N C = 4 x 10^5 with N = 10^6"
    and "N C = 10^7 is within reach"; this evaluates, from such inputs, the emission rate that
    the cooperativity implies, the Eq. (7) optimum (detuning, phase variance, gain over the
    standard quantum limit 1/N) and the scales of the protocol at that detuning: chi, N chi (the
    time unit of tau = N chi t), Gamma and gamma, and the far-detuning ratios
    |Delta| / (g sqrt(N)) and |Delta| / kappa that the adiabatic elimination needs >> 1.

    Parameters
    ----------
    N : float
        Number of atoms (1 <= N <= MAX_ATOMS).
    C : float
        Single-atom cooperativity, > 0, with 2 N C > 1.
    kappa_hz : float
        Cavity power decay rate kappa / 2 pi [Hz], > 0.
    g_hz : float
        Coupling g_F / 2 pi [Hz], > 0 (see :func:`adjusted_coupling` for g_0 -> g_F).

    Returns
    -------
    xarray.Dataset
        0-d variables: ``NC``, ``gamma_hz``, ``eq7_dphi2``, ``eq7_N34_dphi``, ``eq7_gain_db``,
        ``delta_over_kappa``, ``delta_over_sqrtN_kappa``, ``delta_hz``,
        ``delta_over_g_sqrtN``, ``chi_hz``, ``nchi_hz``, ``unit_time_s`` (1 / (2 pi N chi)),
        ``Gamma_over_nchi``, ``gamma_over_nchi``. Attrs: N, C, kappa_hz, g_hz.
    """
    n = _check_n(N)
    _check_real("C", C, 0.0, _MAX_RATIO, lo_open=True)
    _check_real("kappa_hz", kappa_hz, 0.0, _MAX_RATIO, lo_open=True)
    _check_real("g_hz", g_hz, 0.0, _MAX_RATIO, lo_open=True)
    _check_log_argument(n, C)
    dphi2 = eq7_sensitivity(n, C)
    delta_over_kappa = eq7_optimal_detuning(n, C)
    x = delta_over_kappa / math.sqrt(n)
    delta_hz = delta_over_kappa * kappa_hz
    chi_hz = g_hz**2 / delta_hz
    collective, emission = cavity_rates(n, C, x)
    values = {
        "NC": (n * C, "1", "collective cooperativity N C"),
        "gamma_hz": (4.0 * g_hz**2 / (kappa_hz * C), "Hz", "emission rate gamma/2pi implied by C"),
        "eq7_dphi2": (dphi2, "rad2", "(Delta phi)^2 of Eq. (7)"),
        "eq7_N34_dphi": (n**0.75 * math.sqrt(dphi2), "rad", "N^{3/4} Delta phi of Eq. (7)"),
        "eq7_gain_db": (
            10.0 * math.log10(1.0 / (n * dphi2)),
            "dB",
            "gain of Eq. (7) over the standard quantum limit (Delta phi)^2 = 1/N",
        ),
        "delta_over_kappa": (delta_over_kappa, "1", "|Delta|/kappa of Eq. (7)"),
        "delta_over_sqrtN_kappa": (x, "1", "|Delta|/(sqrt(N) kappa) of Eq. (7)"),
        "delta_hz": (delta_hz, "Hz", "|Delta|/2pi of Eq. (7)"),
        "delta_over_g_sqrtN": (
            delta_hz / (g_hz * math.sqrt(n)),
            "1",
            "far-detuning ratio |Delta|/(g sqrt(N)) at the Eq. (7) detuning",
        ),
        "chi_hz": (chi_hz, "Hz", "|chi|/2pi = (g/2pi)^2/(|Delta|/2pi) at the Eq. (7) detuning"),
        "nchi_hz": (n * chi_hz, "Hz", "N |chi|/2pi at the Eq. (7) detuning"),
        "unit_time_s": (
            1.0 / (2.0 * math.pi * n * chi_hz),
            "s",
            "1/(N |chi|): the physical time of N chi t = 1",
        ),
        "Gamma_over_nchi": (collective, "1", "Gamma/(N chi) at the Eq. (7) detuning"),
        "gamma_over_nchi": (emission, "1", "gamma/(N chi) at the Eq. (7) detuning"),
    }
    data = {k: ((), v, var_attrs(u, name)) for k, (v, u, name) in values.items()}
    return xr.Dataset(
        data,
        attrs={
            "title": "Sundar Eq. (7) at given cavity parameters",
            "N": n,
            "C": float(C),
            "kappa_hz": float(kappa_hz),
            "g_hz": float(g_hz),
        },
    )

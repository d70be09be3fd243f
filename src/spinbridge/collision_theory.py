"""Closed forms of the stochastic collision model (Katz 2022 Sec. III, Eqs. (4)-(9), (28)).

Rates, resonance, decoherence factor, the two-mode beam splitter and the pair operators that
:mod:`spinbridge.collisions` simulates; the derivations are in that module's docstring. Times are
in collision steps ``tau``, rates in ``1/tau``, angles in rad.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Sec. III, Eqs. (4)-(9), (28);
arXiv version, Supplementary Information 1.
"""

from __future__ import annotations

import math

import numpy as np

from spinbridge.species import _check_count, _check_name, _check_real

__all__ = [
    "RESONANCES",
    "alpha_derived",
    "bunching_times",
    "collision_block",
    "decay_rate_alkali",
    "decay_rate_noble",
    "eq5_scattering_matrix",
    "eq5_unitarity_defect",
    "exchange_rate",
    "hom_populations",
    "pair_unitary",
    "residual_detuning",
    "stochastic_population",
    "two_mode_populations",
    "zeeman_phase",
]

RESONANCES = ("paper", "exact")
"""Zeeman compensations: the paper's ``theta = <phi>/2`` and the exact ``(1 - N_A/N_B)<phi>/2``."""


# ----------------------------------------------------------------------------- checks
# Every public function checks its arguments first (ValueError / TypeError naming the argument).
# The closed forms accept any number of spins (Fig. 2 uses 10^4, a cell 10^20); the simulation
# adds its own memory and time guard (spinbridge.collisions).
def _check_sizes(n_alkali: int, n_noble: int) -> tuple[int, int]:
    """``(N_A, N_B)`` as ints: ``1 <= N_A <= N_B`` (every alkali needs a distinct partner)."""
    n_alkali = _check_count("n_alkali", n_alkali, 1)
    n_noble = _check_count("n_noble", n_noble, 1)
    if n_noble < n_alkali:
        raise ValueError(
            f"n_noble must be an integer >= n_alkali = {n_alkali} (every alkali needs a distinct "
            f"partner per step), got {n_noble}"
        )
    return n_alkali, n_noble


def _check_optional_sizes(n_alkali: int | None, n_noble: int | None) -> None:
    """Both omitted, or both valid sizes (:func:`_check_sizes`)."""
    if (n_alkali is None) != (n_noble is None):
        raise ValueError(
            f"give both n_alkali and n_noble or neither, got n_alkali={n_alkali!r}, "
            f"n_noble={n_noble!r}"
        )
    if n_alkali is not None:
        _check_sizes(n_alkali, n_noble)


def _check_phi_mean(phi_mean: float) -> None:
    _check_real("phi_mean", phi_mean, 0.0, 1.0)


def _check_phi(phi_mean: float, phi_std: float) -> None:
    """Weak collisions: ``<phi>`` and ``dphi`` in [0, 1] rad."""
    _check_phi_mean(phi_mean)
    _check_real("phi_std", phi_std, 0.0, 1.0)


def _check_resonance(resonance: str) -> None:
    _check_name("resonance", resonance, RESONANCES)


# ----------------------------------------------------------------------------- closed forms
def exchange_rate(n_alkali: int, n_noble: int, phi_mean: float) -> float:
    """Collective exchange rate J, Eq. (8): ``2J = sqrt(N_A/N_B) <phi>/tau``.

    Parameters
    ----------
    n_alkali, n_noble : int
        Numbers of alkali and noble-gas spins, ``1 <= N_A <= N_B``.
    phi_mean : float
        Mean collision angle ``<phi>`` [rad].

    Returns
    -------
    float
        J [1/tau].

    Raises
    ------
    ValueError
        Sizes not integers with ``1 <= N_A <= N_B``, or ``phi_mean`` outside [0, 1] (NaN, inf).
    """
    _check_sizes(n_alkali, n_noble)
    _check_phi_mean(phi_mean)
    return 0.5 * phi_mean * math.sqrt(n_alkali / n_noble)


def residual_detuning(
    n_alkali: int, n_noble: int, phi_mean: float, resonance: str = "paper"
) -> float:
    """Detuning ``Delta = omega_B - omega_A`` of Eq. (28a) left by the Zeeman compensation.

    ``"paper"`` (``theta = <phi>/2``, Sec. III.B): ``Delta = (N_A/N_B) <phi>/2``, the noble gas's
    own collisional shift, so ``Delta/J = sqrt(N_A/N_B)``. ``"exact"``: 0 (first order in phi).

    Parameters
    ----------
    n_alkali, n_noble : int
        ``N_A <= N_B``.
    phi_mean : float
        ``<phi>`` [rad].
    resonance : {"paper", "exact"}
        The Zeeman compensation.

    Returns
    -------
    float
        Delta [rad/tau].

    Raises
    ------
    ValueError
        Bad sizes or ``phi_mean`` (as in :func:`exchange_rate`), or an unknown ``resonance``.
    """
    _check_sizes(n_alkali, n_noble)
    _check_phi_mean(phi_mean)
    _check_resonance(resonance)
    return 0.5 * phi_mean * n_alkali / n_noble if resonance == "paper" else 0.0


def zeeman_phase(
    n_alkali: int,
    n_noble: int,
    phi_mean: float,
    resonance: str = "paper",
    detuning: float = 0.0,
) -> float:
    """Alkali Zeeman phase per step ``theta = g_A B tau`` (Sec. III.B).

    Parameters
    ----------
    n_alkali, n_noble : int
        ``N_A <= N_B``.
    phi_mean : float
        ``<phi>`` [rad].
    resonance : {"paper", "exact"}
        ``"paper"``: ``<phi>/2``; ``"exact"``: ``(1 - N_A/N_B) <phi>/2``.
    detuning : float
        Added to theta [rad/tau] (any finite value).

    Returns
    -------
    float
        theta [rad per step].

    Raises
    ------
    ValueError
        Bad sizes or ``phi_mean`` (as in :func:`exchange_rate`), an unknown ``resonance`` or a
        non-finite ``detuning``.
    """
    _check_resonance(resonance)
    _check_real("detuning", detuning)
    shift_noble = residual_detuning(n_alkali, n_noble, phi_mean, "paper")
    return 0.5 * phi_mean - (0.0 if resonance == "paper" else shift_noble) + detuning


def alpha_derived(
    phi_mean: float, phi_std: float, n_alkali: int | None = None, n_noble: int | None = None
) -> float:
    """Decoherence factor ``alpha`` of ``gamma_A = alpha <phi^2>/4tau`` (Sec. III.C) for this model.

    With the noble-gas coupling detuned away, per step the symmetric alkali amplitude loses
    population ``(<phi^2> - p<phi>^2)/4`` to non-symmetric noble-gas states (each alkali hands
    ``-i sin(phi/2) c_a`` to a *different* random noble-gas spin; only the fraction
    ``p = N_A/N_B`` of the mean part lands in ``|1_B>``, and that part is coherent and detuned) and
    dephases by the spread of ``phi`` against the fixed Zeeman compensation (``dphi^2/4``):
    ``alpha = (<phi^2> + dphi^2 - p <phi>^2) / (2 <phi^2>)``, ``<phi^2> = <phi>^2 + dphi^2``;
    1/2 for ``dphi << <phi>``, -> 1 for ``dphi >> <phi>``, 3/4 at the paper's ``dphi = <phi>``.

    Parameters
    ----------
    phi_mean, phi_std : float
        ``<phi>`` and ``dphi`` [rad], not both 0.
    n_alkali, n_noble : int, optional
        ``N_A``, ``N_B``; omitted: ``p -> 0``.

    Returns
    -------
    float
        alpha (dimensionless).

    Raises
    ------
    ValueError
        ``phi_mean``, ``phi_std`` outside [0, 1] (NaN, inf) or both 0; only one of the sizes given,
        or sizes not integers with ``1 <= N_A <= N_B``.
    """
    _check_phi(phi_mean, phi_std)
    _check_optional_sizes(n_alkali, n_noble)
    p = 0.0 if n_alkali is None or n_noble is None else n_alkali / n_noble
    phi2 = phi_mean**2 + phi_std**2
    if phi2 == 0.0:
        raise ValueError("phi_mean and phi_std are both 0: no collisions, alpha undefined")
    return (phi2 + phi_std**2 - p * phi_mean**2) / (2.0 * phi2)


def decay_rate_alkali(
    phi_mean: float, phi_std: float, n_alkali: int | None = None, n_noble: int | None = None
) -> float:
    """Amplitude decay rate ``gamma_A = alpha <phi^2> / 4tau`` of ``<1_A|psi>`` (Sec. III.C).

    Parameters
    ----------
    phi_mean, phi_std : float
        ``<phi>``, ``dphi`` [rad].
    n_alkali, n_noble : int, optional
        ``N_A``, ``N_B`` (see :func:`alpha_derived`).

    Returns
    -------
    float
        gamma_A [1/tau] (populations decay at ``2 gamma_A``).

    Raises
    ------
    ValueError
        As :func:`alpha_derived`.
    """
    return alpha_derived(phi_mean, phi_std, n_alkali, n_noble) * (phi_mean**2 + phi_std**2) / 4.0


def decay_rate_noble(n_alkali: int, n_noble: int, phi_mean: float, phi_std: float) -> float:
    """Amplitude decay rate of ``<1_B|psi>``: ``gamma_B = (N_A/N_B) gamma_A`` (Sec. III.C).

    A noble-gas spin collides with probability ``p = N_A/N_B`` per step. Its phase
    ``kappa phi/2`` (``kappa`` Bernoulli(p)) has variance ``(p<phi^2> - p^2<phi>^2)/4`` per step:
    dephasing even at fixed angle, from the random pairing alone; the spread of ``phi`` hands
    ``p dphi^2/4`` of population incoherently to the alkali (the mean part is the coherent,
    detuned exchange). Amplitude rate ``(p<phi^2> + p dphi^2 - p^2<phi>^2)/8 = p gamma_A``.

    Parameters
    ----------
    n_alkali, n_noble : int
        ``N_A <= N_B``.
    phi_mean, phi_std : float
        ``<phi>``, ``dphi`` [rad].

    Returns
    -------
    float
        gamma_B [1/tau].

    Raises
    ------
    ValueError
        As :func:`alpha_derived` (the sizes are required here).
    """
    _check_sizes(n_alkali, n_noble)
    return n_alkali / n_noble * decay_rate_alkali(phi_mean, phi_std, n_alkali, n_noble)


def stochastic_population(phi_mean: float, phi_std: float, t: float | np.ndarray) -> np.ndarray:
    """Stochastic population of Eq. (9): ``eps^2 = <phi^2> t / 2tau`` (uncorrelated collisions).

    Parameters
    ----------
    phi_mean, phi_std : float
        ``<phi>``, ``dphi`` [rad].
    t : float or ndarray
        Time [tau], >= 0.

    Returns
    -------
    ndarray
        eps^2 (dimensionless), shape of ``t``.

    Raises
    ------
    ValueError
        ``phi_mean``, ``phi_std`` outside [0, 1], or ``t`` negative, NaN or infinite.
    """
    _check_phi(phi_mean, phi_std)
    _check_real("t", t, 0.0)
    return (phi_mean**2 + phi_std**2) * np.asarray(t, dtype=float) / 2.0


def two_mode_populations(
    t: float | np.ndarray, j: float, delta: float
) -> tuple[np.ndarray, np.ndarray]:
    """``(F10, F01)`` of ``|1_A 0_B>`` under the detuned beam splitter of Eq. (28) (no decay).

    ``H = J (a^dag b + b^dag a) + Delta b^dag b`` in the one-excitation basis; the transfer is
    ``F01 = (J/Omega)^2 sin^2(Omega t)``, ``Omega = sqrt(J^2 + Delta^2/4)``, ``F10 = 1 - F01``.
    At ``Delta = 0`` it is the exchange of Eq. (8): ``F10 = cos^2(Jt)``, ``F01 = sin^2(Jt)``.

    Parameters
    ----------
    t : float or ndarray
        Time [tau] (any unit, with ``j`` and ``delta`` in its inverse), >= 0.
    j : float
        Exchange rate J [1/tau], > 0.
    delta : float
        Detuning Delta [rad/tau] (any finite value).

    Returns
    -------
    (ndarray, ndarray)
        F10 and F01 (dimensionless), shape of ``t``.

    Raises
    ------
    ValueError
        ``t`` negative, ``j`` <= 0, or any argument NaN or infinite.
    """
    _check_real("t", t, 0.0)
    _check_real("j", j, 0.0, lo_open=True)
    _check_real("delta", delta)
    om = math.sqrt(j**2 + delta**2 / 4)
    f01 = (j / om) ** 2 * np.sin(om * np.asarray(t, dtype=float)) ** 2
    return 1 - f01, f01


def bunching_times(j: float, t_max: float) -> np.ndarray:
    """Times ``t = (2m+1) pi / 4J <= t_max`` at which ``|1_A 1_B>`` bunches (Fig. 2(e)).

    The beam splitter of Eq. (8) sends ``|1,1>`` to ``(|2,0> + |0,2>)/sqrt2`` (up to phases) when
    ``J t`` is an odd multiple of ``pi/4`` (bosonic limit of :func:`hom_populations`; the hard core
    delays it by ``1/sqrt(1 - (1/N_A + 1/N_B)/2)``). The text's ``t = pi m / 2J`` are the times of
    ``P11 = 1`` instead.

    Parameters
    ----------
    j : float
        Exchange rate J of Eq. (8), > 0, in inverse units of ``t_max``.
    t_max : float
        Last time, >= 0.

    Returns
    -------
    ndarray
        Bunching times in ascending order (empty if ``t_max < pi/4J``).

    Raises
    ------
    ValueError
        ``j`` not positive, ``t_max`` negative, or either NaN or infinite.
    """
    _check_real("j", j, 0.0, lo_open=True)
    _check_real("t_max", t_max, 0.0)
    quarter = math.pi / (4.0 * j)
    n = int(t_max // quarter)  # number of quarter periods that fit
    return quarter * np.arange(1, n + 1, 2, dtype=float)


def hom_populations(
    jt: float | np.ndarray, n_alkali: int, n_noble: int, delta_over_j: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(P20, P11, P02)`` of ``|1_A 1_B>`` under the collective exchange, hard-core (spin) version.

    In the Dicke basis ``|2,0>, |1,1>, |0,2>`` the exchange ``g(F^+K^- + h.c.)`` with
    ``J = g sqrt(N_A N_B)`` couples ``|1,1>`` to ``|2,0>`` with ``sqrt2 J sqrt(1 - 1/N_A)`` and to
    ``|0,2>`` with ``sqrt2 J sqrt(1 - 1/N_B)``. At resonance ``P11 = cos^2(Omega t)``,
    ``Omega = 2J sqrt(1 - (1/N_A + 1/N_B)/2)``, and the bunched weight ``sin^2(Omega t)`` splits
    in the ratio ``P20 : P02 = (1 - 1/N_A) : (1 - 1/N_B)``: bunching is complete at
    ``J t = (pi/4) / sqrt(1 - (1/N_A + 1/N_B)/2)`` (Fig. 2(e)), and ``1 - P20 - P02 = O(1/N^2)`` at
    ``J t = pi/4``. Bosons (``N -> inf``): bunching at ``Jt = pi/4``, ``P20 = P02``.

    Parameters
    ----------
    jt : float or ndarray
        ``J t`` (dimensionless), J of Eq. (8), >= 0.
    n_alkali, n_noble : int
        ``N_A``, ``N_B`` (positive integers, either may be the larger).
    delta_over_j : float
        Noble-gas detuning ``Delta/J`` (energies ``0, Delta, 2 Delta``), solved numerically; any
        finite value.

    Returns
    -------
    (ndarray, ndarray, ndarray)
        P20, P11, P02 (dimensionless), shape of ``jt``.

    Raises
    ------
    ValueError
        ``jt`` negative, sizes not positive integers, or an argument NaN or infinite.
    """
    _check_real("jt", jt, 0.0)
    _check_count("n_alkali", n_alkali, 1)
    _check_count("n_noble", n_noble, 1)
    _check_real("delta_over_j", delta_over_j)
    jt = np.asarray(jt, dtype=float)
    wa, wb = 1.0 - 1.0 / n_alkali, 1.0 - 1.0 / n_noble
    if delta_over_j == 0.0:
        omega_t = 2.0 * jt * math.sqrt((wa + wb) / 2.0)
        p11 = np.cos(omega_t) ** 2
        bunched = 1.0 - p11
        return bunched * wa / (wa + wb), p11, bunched * wb / (wa + wb)
    ga, gb = math.sqrt(2 * wa), math.sqrt(2 * wb)
    h = np.array([[0.0, ga, 0.0], [ga, delta_over_j, gb], [0.0, gb, 2 * delta_over_j]])
    w, v = np.linalg.eigh(h)
    amps = (v * v[1]) @ np.exp(-1j * np.multiply.outer(w, jt))
    p = np.abs(amps) ** 2
    return p[0], p[1], p[2]


# ----------------------------------------------------------------------------- pair operators
def pair_unitary(phi: float) -> np.ndarray:
    """Exact collision propagator ``exp(-i phi s.k)`` of Eq. (4) for one pair of spin-1/2.

    Uses ``s.k = SWAP/2 - 1/4``: ``exp(-i phi s.k) = e^{i phi/4}[cos(phi/2) - i sin(phi/2) SWAP]``.

    Parameters
    ----------
    phi : float
        Collision angle [rad].

    Returns
    -------
    ndarray
        4x4 unitary in the basis (uu, ud, du, dd), alkali first.

    Raises
    ------
    ValueError
        ``phi`` NaN or infinite.
    """
    _check_real("phi", phi)
    swap = np.eye(4)[[0, 2, 1, 3]]
    return np.exp(0.25j * phi) * (math.cos(phi / 2) * np.eye(4) - 1j * math.sin(phi / 2) * swap)


def eq5_scattering_matrix(phi: float) -> np.ndarray:
    """The scattering matrix as printed in Eq. (5) (one colliding pair).

    ``1 + e^{i phi/2}[i sin(phi/2)(|du><ud| + |ud><du|) - 2 sin^2(phi/4)(|ud><ud| + |du><du|)]``.
    Kept to show that it is not unitary (:func:`eq5_unitarity_defect`); the simulation does not
    use it.

    Parameters
    ----------
    phi : float
        Collision angle [rad].

    Returns
    -------
    ndarray
        4x4 matrix in the basis (uu, ud, du, dd), alkali first.

    Raises
    ------
    ValueError
        ``phi`` NaN or infinite.
    """
    _check_real("phi", phi)
    x = np.zeros((4, 4), complex)
    x[1, 2] = x[2, 1] = 1.0
    d = np.zeros((4, 4), complex)
    d[1, 1] = d[2, 2] = 1.0
    return np.eye(4) + np.exp(0.5j * phi) * (
        1j * math.sin(phi / 2) * x - 2 * math.sin(phi / 4) ** 2 * d
    )


def eq5_unitarity_defect(phi: float) -> float:
    """Largest entry of ``|U^dag U - 1|`` for the printed Eq. (5); 0 for a unitary matrix.

    The defect is ``O(phi^2)`` (about ``phi^2/2`` for small ``phi``), far above rounding.

    Parameters
    ----------
    phi : float
        Collision angle [rad].

    Returns
    -------
    float
        max_ij |(U^dag U - 1)_ij| (dimensionless).

    Raises
    ------
    ValueError
        ``phi`` NaN or infinite.
    """
    _check_real("phi", phi)
    u = eq5_scattering_matrix(phi)
    return float(np.abs(u.conj().T @ u - np.eye(4)).max())


def collision_block(phi: float | np.ndarray, theta: float) -> tuple[np.ndarray, ...]:
    """Merged collision + Zeeman block on the amplitudes ``(c_a, c_b)``, relative to the vacuum.

    ``[[z e^{ih} cos h, -i z e^{ih} sin h], [-i e^{ih} sin h, e^{ih} cos h]]``, ``h = phi/2``,
    ``z = e^{-i theta}``: ``exp(-i phi s.k)`` of Eq. (4) on ``(|ud>, |du>)`` divided by its ``|dd>``
    phase, then the alkali Zeeman phase (Sec. III.B).

    Parameters
    ----------
    phi : float or ndarray
        Collision angle(s) [rad].
    theta : float
        Alkali Zeeman phase per step [rad].

    Returns
    -------
    tuple of ndarray
        ``(m11, m12, m21, m22)`` (arrays if ``phi`` is an array).

    Raises
    ------
    ValueError
        ``phi`` (any element) or ``theta`` NaN or infinite.
    """
    _check_real("phi", phi)
    _check_real("theta", theta)
    h = 0.5 * np.asarray(phi, dtype=float)
    sh, ch = np.sin(h), np.cos(h)
    m22 = ch * ch + 1j * sh * ch
    m21 = sh * sh - 1j * sh * ch
    z = complex(math.cos(theta), -math.sin(theta))
    return z * m22, z * m21, m21, m22

"""Stochastic many-body simulation of weak spin-exchange collisions (Katz 2022, Sec. III, Fig. 2).

Random, weak collisions between ``N_A`` alkali spins and ``N_B`` noble-gas spins (all spin-1/2,
nearly all pointing down) add up to a deterministic beam-splitter coupling between the collective
spins. This module evolves the exact many-body wave function in the one- and two-excitation
subspaces.

Model (derived, not copied from Eq. (5))
----------------------------------------
Per time step ``tau`` every alkali ``a`` collides with a distinct, uniformly random noble-gas spin
``b`` (a partial Fisher-Yates draw of ``N_A`` out of ``N_B``) with the exact pair unitary

    exp(-i phi s_a.k_b) = e^{i phi/4} [cos(phi/2) - i sin(phi/2) SWAP],   s.k = SWAP/2 - 1/4,

``phi ~ Normal(<phi>, dphi)`` drawn per collision (``dphi = 0``: fixed angle). On ``|dd>`` and
``|uu>`` it is the phase ``e^{-i phi/4}``; on ``(|ud>, |du>)`` it is
``e^{i phi/4} [[cos, -i sin], [-i sin, cos]](phi/2)``. Relative to the vacuum (every
non-colliding pair ``|dd>`` gets the same ``e^{-i phi/4}``, a global phase) the one-excitation
block therefore carries ``e^{i phi/2}``: the first-order collisional shift of *both* spins. The
doubly excited pair ``|uu>`` is left alone (hard core). After the collisions every alkali-up state
gets the Zeeman phase ``e^{-i theta}``, ``theta = g_A B tau``; ``theta`` is merged into the
alkali's collision block because every alkali collides exactly once per step.

Resonance. The paper's choice ``theta = <phi>/2`` (Sec. III.B) cancels the alkali's collisional
shift ``<phi>/2`` per step, but the noble gas is shifted too, by ``(N_A/N_B) <phi>/2`` per step
(it collides with probability ``N_A/N_B``). In the noble-gas frame Eq. (28a) then has
``Delta = omega_B - omega_A = (N_A/N_B) <phi> / 2tau`` and with ``J = sqrt(N_A/N_B) <phi>/2tau``
(Eq. (8)) ``Delta / J = sqrt(N_A/N_B)`` (0.1 in Fig. 2(a)-(d), 0.32 in Fig. 2(e)). The population
exchange then oscillates at ``sqrt(4J^2 + Delta^2)`` and transfers at most
``1 / (1 + Delta^2/4J^2)`` (99.75 % in (a)-(d), 97.6 % in (e)). ``resonance="exact"`` uses
``theta = (1 - N_A/N_B) <phi>/2`` (``Delta = 0`` to first order in ``phi``). ``detuning`` [rad per
tau] is added to ``theta``.

Why not Eq. (5). The printed scattering matrix is not unitary: its ``(|ud>,|du>)`` block is
``1 + e^{i phi/2}[i sin(phi/2) X - 2 sin^2(phi/4)]`` whose ``U^dag U - 1`` is ``O(phi^2)`` (see
:func:`eq5_scattering_matrix` and the tests), and it has no first-order diagonal phase, i.e. it
already compensates the collisional shift collision by collision; adding ``theta = <phi>/2`` on top
double-counts the compensation. A per-collision compensation also removes the dephasing by the
spread ``dphi`` of the angles, so it predicts ``alpha = 1/2`` for every ``dphi``, while the exact
unitary with a fixed field gives (see :func:`alpha_derived`, ``p = N_A/N_B``)

    gamma_A = alpha <phi^2> / 4tau,   alpha = (<phi^2> + dphi^2 - p<phi>^2) / (2 <phi^2>),

i.e. 1/2 for ``dphi << <phi>`` and -> 1 for ``dphi >> <phi>`` as Sec. III.C states (3/4 at the
paper's ``dphi = <phi>``).

Decay convention. ``gamma_A`` is the *amplitude* decay rate of ``<1_A|psi>`` (the ``gamma`` of
Eq. (28a)); populations decay at ``2 gamma``: ``F_10 ~ e^{-2 gamma_A t}`` with the noble gas
detuned away. The stochastic population ``eps^2`` of Eq. (9) grows at the same ``2 gamma_A``,
``eps^2 = alpha <phi^2> t / 2tau`` (Eq. (9) is the uncorrelated-collision limit ``alpha = 1``).
The noble-gas collective amplitude decays at ``gamma_B = (N_A/N_B) gamma_A`` (Sec. III.C) for every
``dphi``: the random pairing dephases it even at a fixed angle (:func:`decay_rate_noble`).
Decay rates are measured with the other species detuned far away (``detuning ~ 1 rad/tau >> J``):
at a detuning of only tens of ``J`` the detuned coherent response still adds ~10 % to ``gamma_B``;
the shared excitation of the resonant exchange decays at about ``(gamma_A + gamma_B)/2``.

Two excitations. ``|1_A 1_B>`` under a beam splitter goes to
``cos(2Jt)|1,1> + i sin(2Jt)(|2,0> + |0,2>)/sqrt2``: bunching at ``t = (2m+1) pi/4J`` (the text
says ``pi m/2J``, at which the pair is anti-bunched again). For spins the collective ladder matrix
elements carry ``sqrt(1 - 1/N)`` (Dicke states), see :func:`hom_populations`.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Sec. III, Eqs. (4)-(9), (28);
arXiv version, Supplementary Information 1.
"""

from __future__ import annotations

import logging
import math

import numpy as np
import xarray as xr
from scipy.optimize import curve_fit

from spinbridge import _collision_kernels as _k
from spinbridge.runtime import progress

__all__ = [
    "INITIAL_STATES",
    "alpha_derived",
    "collision_block",
    "decay_rate_alkali",
    "decay_rate_noble",
    "draw_stream",
    "eq5_scattering_matrix",
    "evolve_kernel",
    "evolve_reference",
    "exchange_rate",
    "fit_decay",
    "fit_exchange",
    "hom_populations",
    "initial_state",
    "packed_to_matrix",
    "pair_unitary",
    "panel_summary",
    "rates_member",
    "rates_summary",
    "residual_detuning",
    "simulate",
    "simulate_reference",
    "stochastic_population",
    "zeeman_phase",
]

log = logging.getLogger(__name__)

INITIAL_STATES = ("symmetric", "localized", "noble", "pair")
"""|1_A 0_B>, |up down..down>_A |0_B>, |0_A 1_B>, |1_A 1_B> (the last in the 2-excitation space)."""

RESONANCES = ("paper", "exact")

_UP, _DOWN = 0, 1  # single-spin basis order (up, down); pair basis = (uu, ud, du, dd), alkali first


# ----------------------------------------------------------------------------- checks
def _check_sizes(n_alkali: int, n_noble: int) -> None:
    if int(n_alkali) != n_alkali or n_alkali < 1:
        raise ValueError(f"n_alkali must be a positive integer, got {n_alkali}")
    if int(n_noble) != n_noble or n_noble < n_alkali:
        raise ValueError(
            f"n_noble must be an integer >= n_alkali = {n_alkali} (every alkali needs a distinct "
            f"partner per step), got {n_noble}"
        )


def _check_phi(phi_mean: float, phi_std: float) -> None:
    if not (0.0 <= phi_mean <= 1.0):
        raise ValueError(f"phi_mean must be in [0, 1] rad (weak collisions), got {phi_mean}")
    if not (0.0 <= phi_std <= 1.0):
        raise ValueError(f"phi_std must be in [0, 1] rad, got {phi_std}")


# ----------------------------------------------------------------------------- closed forms
def exchange_rate(n_alkali: int, n_noble: int, phi_mean: float) -> float:
    """Collective exchange rate J [1/tau], Eq. (8): ``2J = sqrt(N_A/N_B) <phi> / tau``."""
    _check_sizes(n_alkali, n_noble)
    return 0.5 * phi_mean * math.sqrt(n_alkali / n_noble)


def residual_detuning(
    n_alkali: int, n_noble: int, phi_mean: float, resonance: str = "paper"
) -> float:
    """Detuning ``Delta = omega_B - omega_A`` [rad/tau] left by the Zeeman compensation.

    ``"paper"`` (``theta = <phi>/2``): ``Delta = (N_A/N_B) <phi>/2``, the noble gas's own
    collisional shift, so ``Delta/J = sqrt(N_A/N_B)``. ``"exact"``: 0 (first order in ``phi``).
    """
    _check_sizes(n_alkali, n_noble)
    if resonance not in RESONANCES:
        raise ValueError(f"resonance must be one of {RESONANCES}, got {resonance!r}")
    return 0.5 * phi_mean * n_alkali / n_noble if resonance == "paper" else 0.0


def zeeman_phase(
    n_alkali: int,
    n_noble: int,
    phi_mean: float,
    resonance: str = "paper",
    detuning: float = 0.0,
) -> float:
    """Alkali Zeeman phase per step ``theta = g_A B tau`` [rad] (Sec. III.B).

    ``"paper"``: ``<phi>/2``; ``"exact"``: ``(1 - N_A/N_B) <phi>/2``; plus ``detuning``.
    """
    if resonance not in RESONANCES:
        raise ValueError(f"resonance must be one of {RESONANCES}, got {resonance!r}")
    shift_noble = residual_detuning(n_alkali, n_noble, phi_mean, "paper")
    return 0.5 * phi_mean - (0.0 if resonance == "paper" else shift_noble) + detuning


def alpha_derived(
    phi_mean: float, phi_std: float, n_alkali: int | None = None, n_noble: int | None = None
) -> float:
    """Decoherence factor ``alpha`` of ``gamma_A = alpha <phi^2>/4tau`` for this model.

    With the noble-gas coupling detuned away, per step the symmetric alkali amplitude loses
    population ``(<phi^2> - p<phi>^2)/4`` to non-symmetric noble-gas states (each alkali hands
    ``-i sin(phi/2) c_a`` to a *different* random noble-gas spin; only the fraction
    ``p = N_A/N_B`` of the mean part lands in ``|1_B>``, and that part is coherent and detuned) and
    dephases by the spread of ``phi`` against the fixed Zeeman compensation (``dphi^2/4``):

        gamma_A = (<phi^2> + dphi^2 - p <phi>^2) / 8,
        alpha   = (<phi^2> + dphi^2 - p <phi>^2) / (2 <phi^2>),   <phi^2> = <phi>^2 + dphi^2,

    i.e. 1/2 for ``dphi << <phi>`` and -> 1 for ``dphi >> <phi>`` (Sec. III.C), 3/4 at the paper's
    ``dphi = <phi>``. ``n_alkali, n_noble`` omitted: ``p -> 0``.
    """
    _check_phi(phi_mean, phi_std)
    p = 0.0 if n_alkali is None or n_noble is None else n_alkali / n_noble
    phi2 = phi_mean**2 + phi_std**2
    if phi2 == 0.0:
        raise ValueError("phi_mean and phi_std are both 0: no collisions, alpha undefined")
    return (phi2 + phi_std**2 - p * phi_mean**2) / (2.0 * phi2)


def decay_rate_alkali(
    phi_mean: float, phi_std: float, n_alkali: int | None = None, n_noble: int | None = None
) -> float:
    """Amplitude decay rate ``gamma_A = alpha <phi^2> / 4tau`` [1/tau] (Sec. III.C)."""
    return alpha_derived(phi_mean, phi_std, n_alkali, n_noble) * (phi_mean**2 + phi_std**2) / 4.0


def decay_rate_noble(n_alkali: int, n_noble: int, phi_mean: float, phi_std: float) -> float:
    """Amplitude decay rate of ``<1_B|psi>``: ``gamma_B = (N_A/N_B) gamma_A`` [1/tau].

    A noble-gas spin collides with probability ``p = N_A/N_B`` per step. Its phase
    ``kappa phi/2`` (``kappa`` Bernoulli(p)) has variance ``(p<phi^2> - p^2<phi>^2)/4`` per step:
    dephasing even at fixed angle, from the random pairing alone; the spread of ``phi`` hands
    ``p dphi^2/4`` of population incoherently to the alkali (the mean part is the coherent,
    detuned exchange). Amplitude rate ``(p<phi^2> + p dphi^2 - p^2<phi>^2)/8 = p gamma_A``.
    """
    _check_sizes(n_alkali, n_noble)
    return n_alkali / n_noble * decay_rate_alkali(phi_mean, phi_std, n_alkali, n_noble)


def stochastic_population(phi_mean: float, phi_std: float, t: float | np.ndarray) -> np.ndarray:
    """Eq. (9): ``eps^2 = <phi^2> t / 2tau`` (the paper's uncorrelated-collision estimate)."""
    return (phi_mean**2 + phi_std**2) * np.asarray(t, dtype=float) / 2.0


def hom_populations(
    jt: float | np.ndarray, n_alkali: int, n_noble: int, delta_over_j: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(P20, P11, P02)`` of ``|1_A 1_B>`` under the collective exchange, hard-core (spin) version.

    In the Dicke basis ``|2,0>, |1,1>, |0,2>`` the exchange ``g(F^+K^- + h.c.)`` with
    ``J = g sqrt(N_A N_B)`` couples ``|1,1>`` to ``|2,0>`` with ``sqrt2 J sqrt(1 - 1/N_A)`` and to
    ``|0,2>`` with ``sqrt2 J sqrt(1 - 1/N_B)``. At resonance ``P11 = cos^2(Omega t)``,
    ``Omega = 2J sqrt(1 - (1/N_A + 1/N_B)/2)``, and the bunched weight ``sin^2(Omega t)`` splits
    in the ratio ``(1 - 1/N_A) : (1 - 1/N_B)``: bunching is still complete, at
    ``J t = (pi/4) / sqrt(1 - (1/N_A + 1/N_B)/2)``, and ``1 - P20 - P02 = O(1/N^2)`` at
    ``J t = pi/4``. Bosons (``N -> inf``): bunching at ``Jt = pi/4``. ``delta_over_j``: noble-gas
    detuning ``Delta/J`` (energies ``0, Delta, 2 Delta``), solved numerically.
    """
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
    """Exact ``exp(-i phi s.k)`` for two spin-1/2 in the basis (uu, ud, du, dd), alkali first.

    Uses ``s.k = SWAP/2 - 1/4``: ``exp(-i phi s.k) = e^{i phi/4}[cos(phi/2) - i sin(phi/2) SWAP]``.
    """
    swap = np.eye(4)[[0, 2, 1, 3]]
    return np.exp(0.25j * phi) * (math.cos(phi / 2) * np.eye(4) - 1j * math.sin(phi / 2) * swap)


def eq5_scattering_matrix(phi: float) -> np.ndarray:
    """The scattering matrix as printed in Eq. (5) (one colliding pair), basis (uu, ud, du, dd).

    ``1 + e^{i phi/2}[i sin(phi/2)(|du><ud| + |ud><du|) - 2 sin^2(phi/4)(|ud><ud| + |du><du|)]``.
    Kept to show that it is not unitary; the simulation does not use it.
    """
    x = np.zeros((4, 4), complex)
    x[1, 2] = x[2, 1] = 1.0
    d = np.zeros((4, 4), complex)
    d[1, 1] = d[2, 2] = 1.0
    return np.eye(4) + np.exp(0.5j * phi) * (
        1j * math.sin(phi / 2) * x - 2 * math.sin(phi / 4) ** 2 * d
    )


def collision_block(phi: float | np.ndarray, theta: float) -> tuple[np.ndarray, ...]:
    """Merged collision + Zeeman block on ``(c_a, c_b)`` relative to the vacuum.

    ``[[z e^{ih} cos h, -i z e^{ih} sin h], [-i e^{ih} sin h, e^{ih} cos h]]``, ``h = phi/2``,
    ``z = e^{-i theta}``. Returns ``(m11, m12, m21, m22)`` (arrays if ``phi`` is an array).
    """
    h = 0.5 * np.asarray(phi, dtype=float)
    sh, ch = np.sin(h), np.cos(h)
    m22 = ch * ch + 1j * sh * ch
    m21 = sh * sh - 1j * sh * ch
    z = complex(math.cos(theta), -math.sin(theta))
    return z * m22, z * m21, m21, m22


# ----------------------------------------------------------------------------- states
def _n_pairs(dim: int) -> int:
    return dim * (dim - 1) // 2


def initial_state(n_alkali: int, n_noble: int, initial: str = "symmetric") -> np.ndarray:
    """Initial amplitudes: length ``N_A+N_B`` (one excitation) or packed pairs (``"pair"``)."""
    _check_sizes(n_alkali, n_noble)
    if initial not in INITIAL_STATES:
        raise ValueError(f"initial must be one of {INITIAL_STATES}, got {initial!r}")
    dim = n_alkali + n_noble
    if initial == "pair":
        rb = _k.row_base(dim)
        c = np.zeros(_n_pairs(dim), complex)
        for a in range(n_alkali):
            c[rb[a] + n_alkali : rb[a] + dim] = 1.0 / math.sqrt(n_alkali * n_noble)
        return c
    c = np.zeros(dim, complex)
    if initial == "symmetric":
        c[:n_alkali] = 1.0 / math.sqrt(n_alkali)
    elif initial == "localized":
        c[0] = 1.0
    else:  # noble
        c[n_alkali:] = 1.0 / math.sqrt(n_noble)
    return c


def packed_to_matrix(c: np.ndarray, dim: int) -> np.ndarray:
    """Symmetric ``dim x dim`` amplitude matrix (zero diagonal) from packed pair amplitudes."""
    m = np.zeros((dim, dim), complex)
    iu = np.triu_indices(dim, 1)
    m[iu] = c
    return m + m.T


def _observe_one(c: np.ndarray, n_alkali: int) -> tuple[float, float, float]:
    sa, sb = c[:n_alkali].sum(), c[n_alkali:].sum()
    return (
        abs(sa) ** 2 / n_alkali,
        abs(sb) ** 2 / (c.size - n_alkali),
        float(np.sum(c.real**2 + c.imag**2)),
    )


def _observe_two(m: np.ndarray, n_alkali: int) -> tuple[float, float, float, float]:
    n_noble = m.shape[0] - n_alkali
    s20 = np.triu(m[:n_alkali, :n_alkali], 1).sum()
    s02 = np.triu(m[n_alkali:, n_alkali:], 1).sum()
    s11 = m[:n_alkali, n_alkali:].sum()
    n20, n02 = n_alkali * (n_alkali - 1) / 2, n_noble * (n_noble - 1) / 2
    return (
        abs(s20) ** 2 / n20 if n20 else 0.0,
        abs(s11) ** 2 / (n_alkali * n_noble),
        abs(s02) ** 2 / n02 if n02 else 0.0,
        float(np.sum(m.real**2 + m.imag**2) / 2),
    )


# ----------------------------------------------------------------------------- random stream
def _rng_state(seed: int) -> np.ndarray:
    if int(seed) != seed or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    state = np.random.SeedSequence(int(seed)).generate_state(4, np.uint64)
    if not state.any():  # xoshiro's one forbidden state
        state[0] = 1
    return state


def draw_stream(
    n_alkali: int, n_noble: int, phi_mean: float, phi_std: float, n_steps: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The partners and angles :func:`simulate` draws for ``seed``.

    Returns ``partners`` (``n_steps x N_A``, noble-gas index ``0..N_B-1``, distinct per step) and
    ``phis`` (``n_steps x N_A`` [rad]), produced by the production RNG consuming its stream exactly
    as the kernel does, so the numpy reference can replay the same collisions.
    """
    _check_sizes(n_alkali, n_noble)
    _check_phi(phi_mean, phi_std)
    perm = np.arange(n_noble, dtype=np.int64)
    return _k.draw_stream(
        _rng_state(seed), np.zeros(2), perm, n_alkali, phi_mean, phi_std, int(n_steps)
    )


# ----------------------------------------------------------------------------- numpy reference
def evolve_reference(
    c0: np.ndarray,
    n_alkali: int,
    partners: np.ndarray,
    phis: np.ndarray,
    theta: float,
    record_every: int = 1,
    dim: int | None = None,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Pure-numpy reference: replay the collisions ``partners``/``phis`` on ``c0``.

    ``dim`` is the number of spins (``N_A + N_B``, plus any spectator that never collides). One
    excitation if ``c0`` has length ``dim``, two excitations if ``c0`` holds packed pair amplitudes
    (length ``dim(dim-1)/2``, ``i < j`` row-major). The two-excitation step is ``C -> G C G^T`` on
    the symmetric amplitude matrix, ``G`` the one-excitation step, with the hard-core fix
    ``C'_ab = e^{-i theta} C_ab`` on colliding pairs (an independent algorithm from the kernel's
    pair-by-pair update of packed amplitudes).

    Returns the records (``F10, F01, norm`` or ``P20, P11, P02, norm``) at steps
    ``0, record_every, ...`` and the final amplitudes (vector, or the full matrix for two).
    """
    n_steps = partners.shape[0]
    if dim is None:
        raise ValueError("dim (number of spins N_A + N_B, spectators included) is required")
    two = c0.size != dim
    if two and c0.size != _n_pairs(dim):
        raise ValueError(f"c0 has length {c0.size}: neither dim={dim} nor dim(dim-1)/2")
    ia = np.arange(n_alkali)
    z = complex(math.cos(theta), -math.sin(theta))
    if two:
        c = packed_to_matrix(c0, dim)
        obs, names = [_observe_two(c, n_alkali)], ("P20", "P11", "P02", "norm")
    else:
        c = c0.astype(complex).copy()
        obs, names = [_observe_one(c, n_alkali)], ("F10", "F01", "norm")
    for n in range(n_steps):
        ib = n_alkali + partners[n]
        m11, m12, m21, m22 = collision_block(phis[n], theta)
        if two:
            x = c.copy()
            x[ia, :] = m11[:, None] * c[ia, :] + m12[:, None] * c[ib, :]
            x[ib, :] = m21[:, None] * c[ia, :] + m22[:, None] * c[ib, :]
            y = x.copy()
            y[:, ia] = x[:, ia] * m11[None, :] + x[:, ib] * m12[None, :]
            y[:, ib] = x[:, ia] * m21[None, :] + x[:, ib] * m22[None, :]
            y[ia, ib] = y[ib, ia] = z * c[ia, ib]  # hard core: |up_a up_b> does not exchange
            np.fill_diagonal(y, 0.0)
            c = y
        else:
            ca, cb = c[ia], c[ib]
            c[ia] = m11 * ca + m12 * cb
            c[ib] = m21 * ca + m22 * cb
        if (n + 1) % record_every == 0:
            obs.append(_observe_two(c, n_alkali) if two else _observe_one(c, n_alkali))
    arr = np.array(obs)
    return {k: arr[:, i] for i, k in enumerate(names)}, c


def evolve_kernel(
    c0: np.ndarray,
    n_alkali: int,
    partners: np.ndarray,
    phis: np.ndarray,
    theta: float,
    record_every: int = 1,
    dim: int | None = None,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Numba kernel replaying the same collisions as :func:`evolve_reference` (same signature).

    The final two-excitation state is returned as the full symmetric matrix, like the reference.
    """
    if dim is None:
        raise ValueError("dim (number of spins N_A + N_B, spectators included) is required")
    n_rec = partners.shape[0] // record_every + 1
    partners = np.ascontiguousarray(partners, dtype=np.int64)
    phis = np.ascontiguousarray(phis, dtype=np.float64)
    c = c0.astype(complex).copy()
    if c.size == dim:
        out = [np.zeros(n_rec) for _ in range(3)]
        _k.run_one_stream(c, partners, phis, float(theta), int(record_every), *out)
        return dict(zip(("F10", "F01", "norm"), out)), c
    out = [np.zeros(n_rec) for _ in range(4)]
    rb = _k.row_base(dim)
    _k.run_two_stream(c, rb, dim, partners, phis, float(theta), int(record_every), *out)
    return dict(zip(("P20", "P11", "P02", "norm"), out)), packed_to_matrix(c, dim)


# ----------------------------------------------------------------------------- dataset
_ATTRS = {
    "t": ("tau", "time in collision steps (tau = mean time between collisions of an alkali atom)"),
    "F10": ("1", "exchange fidelity F_10 = |<1_A 0_B|psi>|^2"),
    "F01": ("1", "exchange fidelity F_01 = |<0_A 1_B|psi>|^2"),
    "P20": ("1", "collective Fock population |<2_A 0_B|psi>|^2 (Dicke states)"),
    "P11": ("1", "collective Fock population |<1_A 1_B|psi>|^2"),
    "P02": ("1", "collective Fock population |<0_A 2_B|psi>|^2 (Dicke states)"),
    "norm": ("1", "norm <psi|psi> of the simulated wave function"),
}


def _dataset(t: np.ndarray, records: dict[str, np.ndarray], attrs: dict) -> xr.Dataset:
    ds = xr.Dataset(
        {
            k: ("t", v, {"units": _ATTRS[k][0], "long_name": _ATTRS[k][1]})
            for k, v in records.items()
        },
        coords={"t": ("t", t, {"units": _ATTRS["t"][0], "long_name": _ATTRS["t"][1]})},
        attrs=attrs,
    )
    return ds


def _validate(n_alkali, n_noble, phi_mean, phi_std, n_steps, initial, record_every, resonance):
    _check_sizes(n_alkali, n_noble)
    _check_phi(phi_mean, phi_std)
    if initial not in INITIAL_STATES:
        raise ValueError(f"initial must be one of {INITIAL_STATES}, got {initial!r}")
    if resonance not in RESONANCES:
        raise ValueError(f"resonance must be one of {RESONANCES}, got {resonance!r}")
    if int(record_every) != record_every or record_every < 1:
        raise ValueError(f"record_every must be a positive integer, got {record_every}")
    if int(n_steps) != n_steps or n_steps < record_every or n_steps % record_every:
        raise ValueError(
            f"n_steps must be a positive multiple of record_every={record_every}, got {n_steps}"
        )
    if n_noble >= 2**32:
        raise ValueError(f"n_noble must be < 2**32, got {n_noble}")


def simulate(
    n_alkali: int,
    n_noble: int,
    phi_mean: float,
    phi_std: float,
    n_steps: int,
    *,
    initial: str = "symmetric",
    record_every: int = 1,
    detuning: float = 0.0,
    resonance: str = "paper",
    seed: int = 0,
) -> xr.Dataset:
    """Stochastic collision simulation of Katz 2022 Sec. III.B (Fig. 2), numba kernels.

    Parameters
    ----------
    n_alkali, n_noble : int
        ``N_A`` alkali and ``N_B >= N_A`` noble-gas spins.
    phi_mean, phi_std : float
        Mean ``<phi>`` and spread ``dphi`` [rad] of the collision angle, Eq. (4); ``phi_std = 0``
        fixes the angle.
    n_steps : int
        Number of time steps ``tau`` (a multiple of ``record_every``).
    initial : {"symmetric", "localized", "noble", "pair"}
        ``|1_A 0_B>``, ``|up down..down>_A|0_B>``, ``|0_A 1_B>`` (one-excitation subspace) or
        ``|1_A 1_B>`` (two-excitation subspace).
    record_every : int
        Record the observables every this many steps (and at ``t = 0``).
    detuning : float
        Added to the Zeeman phase per step [rad/tau].
    resonance : {"paper", "exact"}
        ``theta = <phi>/2`` (paper, leaves ``Delta/J = sqrt(N_A/N_B)``) or
        ``theta = (1 - N_A/N_B)<phi>/2`` (``Delta = 0``).
    seed : int
        Seed of the xoshiro256** stream; same seed, same trajectory.

    Returns
    -------
    xarray.Dataset
        Coordinate ``t`` [tau]; ``F10, F01, norm`` or (``initial="pair"``) ``P20, P11, P02, norm``;
        attrs with the parameters, ``theta``, ``J`` (Eq. (8)) and the residual ``Delta``.
    """
    _validate(n_alkali, n_noble, phi_mean, phi_std, n_steps, initial, record_every, resonance)
    n_alkali, n_noble, n_steps, record_every = map(int, (n_alkali, n_noble, n_steps, record_every))
    theta = zeeman_phase(n_alkali, n_noble, phi_mean, resonance, detuning)
    n_rec = n_steps // record_every
    dim = n_alkali + n_noble
    c = initial_state(n_alkali, n_noble, initial)
    state, cache = _rng_state(seed), np.zeros(2)
    perm = np.arange(n_noble, dtype=np.int64)
    two = initial == "pair"
    names = ("P20", "P11", "P02", "norm") if two else ("F10", "F01", "norm")
    out = [np.zeros(n_rec + 1) for _ in names]
    if two:
        rb = _k.row_base(dim)
        first = _observe_two(packed_to_matrix(c, dim), n_alkali)
    else:
        first = _observe_one(c, n_alkali)
    for arr, v in zip(out, first):
        arr[0] = v
    log.info(
        "simulate %s: N_A=%d N_B=%d <phi>=%g dphi=%g steps=%d theta=%.6g (resonance %s) seed=%d",
        initial,
        n_alkali,
        n_noble,
        phi_mean,
        phi_std,
        n_steps,
        theta,
        resonance,
        seed,
    )
    n_chunks = min(n_rec, 200)
    bounds = np.linspace(0, n_rec, n_chunks + 1).astype(int)
    desc = f"collisions {initial} N_A={n_alkali} N_B={n_noble}"
    for i in progress(range(n_chunks), total=n_chunks, desc=desc):
        r0, k = bounds[i], bounds[i + 1] - bounds[i]
        if two:
            _k.run_two(
                c,
                rb,
                state,
                cache,
                perm,
                n_alkali,
                float(phi_mean),
                float(phi_std),
                theta,
                k,
                record_every,
                *out,
                r0,
            )
        else:
            _k.run_one(
                c,
                state,
                cache,
                perm,
                n_alkali,
                float(phi_mean),
                float(phi_std),
                theta,
                k,
                record_every,
                *out,
                r0,
            )
    attrs = dict(
        title=f"Stochastic collision simulation, initial state {initial}",
        model="exact pair unitary exp(-i phi s.k), fixed Zeeman phase (Katz 2022 Sec. III.B)",
        n_alkali=n_alkali,
        n_noble=n_noble,
        phi_mean_rad=float(phi_mean),
        phi_std_rad=float(phi_std),
        n_steps=n_steps,
        record_every=record_every,
        initial=initial,
        resonance=resonance,
        detuning_rad=float(detuning),
        theta_rad=theta,
        J_eq8_per_tau=exchange_rate(n_alkali, n_noble, phi_mean),
        Delta_residual_per_tau=residual_detuning(n_alkali, n_noble, phi_mean, resonance),
        seed=int(seed),
        rng="xoshiro256** (SeedSequence), Lemire bounded ints, 256-layer ziggurat normals",
    )
    t = np.arange(n_rec + 1, dtype=float) * record_every
    return _dataset(t, dict(zip(names, out)), attrs)


def simulate_reference(
    n_alkali: int,
    n_noble: int,
    phi_mean: float,
    phi_std: float,
    n_steps: int,
    *,
    initial: str = "symmetric",
    record_every: int = 1,
    detuning: float = 0.0,
    resonance: str = "paper",
    seed: int = 0,
) -> xr.Dataset:
    """Pure-numpy version of :func:`simulate` with numpy's own ``Generator`` (for benchmarks).

    Same model and outputs, a different random stream (``rng.choice`` without replacement and
    ``rng.normal`` per step); use :func:`draw_stream` + :func:`evolve_reference` to replay the
    kernel's stream exactly.
    """
    _validate(n_alkali, n_noble, phi_mean, phi_std, n_steps, initial, record_every, resonance)
    theta = zeeman_phase(n_alkali, n_noble, phi_mean, resonance, detuning)
    rng = np.random.default_rng(seed)
    dim = n_alkali + n_noble
    c = initial_state(n_alkali, n_noble, initial)
    recs = []
    for _ in range(n_steps // record_every):
        partners = np.array(
            [rng.choice(n_noble, n_alkali, replace=False) for _ in range(record_every)]
        )
        phis = phi_mean + phi_std * rng.standard_normal((record_every, n_alkali))
        rec, c = evolve_reference(c, n_alkali, partners, phis, theta, record_every, dim=dim)
        if initial == "pair":
            c = c[np.triu_indices(dim, 1)]
        recs.append(rec if not recs else {k: v[1:] for k, v in rec.items()})
    records = {k: np.concatenate([r[k] for r in recs]) for k in recs[0]}
    t = np.arange(n_steps // record_every + 1, dtype=float) * record_every
    return _dataset(t, records, {"title": "numpy reference", "seed": int(seed)})


# ----------------------------------------------------------------------------- analysis
def _fft_frequency(t: np.ndarray, y: np.ndarray) -> float:
    """Angular frequency of the FFT peak of ``y - mean`` (zero padded), a fit's initial guess."""
    dt = t[1] - t[0]
    yy = (y - y.mean()) * np.hanning(y.size)
    n = 16 * y.size
    spec = np.abs(np.fft.rfft(yy, n))
    spec[0] = 0.0
    return 2 * math.pi * np.fft.rfftfreq(n, dt)[int(np.argmax(spec))]


def _exchange_model(t, a, gamma, omega, phase, b, c):
    return a * np.exp(-gamma * t) * np.cos(omega * t + phase) + b * np.exp(-c * t)


def fit_exchange(t: np.ndarray, f10: np.ndarray) -> dict[str, float]:
    """Fit ``F10(t) = A e^{-G t} cos(w t + p) + B e^{-C t}``; ``w`` is the population frequency.

    For a resonant beam splitter ``F10 = cos^2(Jt) = (1 + cos 2Jt)/2``, so ``w = 2J``. Initial
    guesses come from the data only (FFT peak, half range, mean). Returns ``omega``, its standard
    error ``omega_err`` (from the covariance), ``gamma`` and the other parameters.
    """
    t = np.asarray(t, float)
    y = np.asarray(f10, float)
    w0 = _fft_frequency(t, y)
    p0 = [0.5 * (y.max() - y.min()), 0.0, w0, 0.0, y.mean(), 0.0]
    popt, pcov = curve_fit(_exchange_model, t, y, p0=p0, maxfev=20000)
    err = np.sqrt(np.diag(pcov))
    a, gamma, omega, phase, b, c = popt
    if a < 0:
        a, phase = -a, phase + math.pi
    return dict(
        omega=abs(omega),
        omega_err=err[2],
        gamma=gamma,
        amplitude=a,
        phase=phase,
        offset=b,
        offset_rate=c,
        omega_guess=w0,
    )


def _decay_model(t, a, rate, b):
    return a * np.exp(-rate * t) + b


def fit_decay(t: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Fit ``y = A e^{-R t} + B``; ``R`` is the population decay rate (``2 gamma``).

    Initial guess of ``R`` from the first crossing of the mid level between ``y[0]`` and ``y[-1]``.
    """
    t = np.asarray(t, float)
    y = np.asarray(y, float)
    mid = 0.5 * (y[0] + y[-1])
    below = np.nonzero(y < mid)[0]
    t_half = t[below[0]] if below.size else t[-1]
    r0 = math.log(2.0) / max(t_half, t[1])
    popt, pcov = curve_fit(_decay_model, t, y, p0=[y[0] - y[-1], r0, y[-1]], maxfev=20000)
    return dict(
        rate=popt[1],
        rate_err=float(np.sqrt(pcov[1, 1])),
        amplitude=popt[0],
        offset=popt[2],
        rate_guess=r0,
    )


def panel_summary(ds: xr.Dataset) -> xr.Dataset:
    """Scalar figures of merit of one Fig. 2 panel, as 0-d variables (for the claims registry).

    One excitation: ``contrast_F01`` (peak-to-peak of ``F01`` over the run) and
    ``contrast_times_n_alkali``. Two excitations: ``bunching_max`` (max of ``P20 + P02`` for
    ``Jt <= pi/2``, ``J`` of Eq. (8)), ``bunching_time_jt`` (its ``Jt``) and ``bunching_at_pi4``
    (``P20 + P02`` at the record nearest ``Jt = pi/4``), ``bunching_collective_at_pi4`` (the same
    from :func:`hom_populations` with the panel's residual detuning).
    """
    j = float(ds.attrs["J_eq8_per_tau"])
    n_alkali = int(ds.attrs["n_alkali"])
    out = {}
    if "P20" in ds:
        jt = ds.t.values * j
        bunched = (ds.P20 + ds.P02).values
        win = jt <= math.pi / 2
        i = int(np.argmax(np.where(win, bunched, -1.0)))
        k = int(np.argmin(np.abs(jt - math.pi / 4)))
        out["bunching_max"] = (bunched[i], "1", "max of P20 + P02 for J t <= pi/2")
        out["bunching_time_jt"] = (jt[i], "1", "J t of the bunching maximum (J of Eq. (8))")
        out["bunching_at_pi4"] = (bunched[k], "1", "P20 + P02 at the record nearest J t = pi/4")
        delta = float(ds.attrs["Delta_residual_per_tau"]) + float(ds.attrs["detuning_rad"])
        p20, _, p02 = hom_populations(jt[k], n_alkali, int(ds.attrs["n_noble"]), delta / j)
        out["bunching_collective_at_pi4"] = (
            float(p20 + p02),
            "1",
            "P20 + P02 of the collective 3-level model (Dicke, residual Delta) at that record",
        )
        out["norm_deviation"] = (
            float(np.abs(ds.norm.values - 1).max()),
            "1",
            "max |norm - 1| over the run",
        )
    else:
        contrast = float(ds.F01.max() - ds.F01.min())
        out["contrast_F01"] = (contrast, "1", "peak-to-peak of F01 over the run")
        out["contrast_times_n_alkali"] = (
            contrast * n_alkali,
            "1",
            "N_A x peak-to-peak of F01 (1 for a collective 1/N_A law)",
        )
        out["norm_deviation"] = (
            float(np.abs(ds.norm.values - 1).max()),
            "1",
            "max |norm - 1| over the run",
        )
    res = ds.copy()
    for k, (v, u, ln) in out.items():
        res[k] = xr.DataArray(float(v), attrs={"units": u, "long_name": ln})
    return res


# ----------------------------------------------------------------------------- rates stage
RATE_KINDS = ("exchange", "decay")


def rates_member(
    kind: str,
    n_alkali: int,
    n_noble: int,
    phi_mean: float,
    phi_std: float,
    n_steps: int,
    record_every: int,
    *,
    resonance: str = "exact",
    detuning: float = 0.0,
    n_steps_noble: int | None = None,
    record_every_noble: int | None = None,
    seed: int = 0,
) -> xr.Dataset:
    """One ensemble member (one seed) of the ``rates`` stage.

    ``kind="exchange"``: ``|1_A 0_B>`` at ``resonance`` -> ``F10, F01, norm`` on ``t``.
    ``kind="decay"``: both species' decay with the other detuned away by ``detuning`` [rad/tau]:
    ``|1_A 0_B>`` -> ``F10, F01, norm`` on ``t`` and ``|0_A 1_B>`` -> ``F01_noble`` on
    ``t_noble`` (``n_steps_noble``, ``record_every_noble``), same seed.
    """
    if kind not in RATE_KINDS:
        raise ValueError(f"kind must be one of {RATE_KINDS}, got {kind!r}")
    common = dict(detuning=detuning, resonance=resonance, seed=seed)
    ds = simulate(
        n_alkali,
        n_noble,
        phi_mean,
        phi_std,
        n_steps,
        initial="symmetric",
        record_every=record_every,
        **common,
    )
    if kind == "decay":
        if n_steps_noble is None or record_every_noble is None:
            raise ValueError("kind='decay' needs n_steps_noble and record_every_noble")
        nb = simulate(
            n_alkali,
            n_noble,
            phi_mean,
            phi_std,
            n_steps_noble,
            initial="noble",
            record_every=record_every_noble,
            **common,
        )
        ds["F01_noble"] = (
            "t_noble",
            nb.F01.values,
            {"units": "1", "long_name": "F_01 of the run started in |0_A 1_B> (noble-gas decay)"},
        )
        ds = ds.assign_coords(
            t_noble=("t_noble", nb.t.values, {"units": "tau", "long_name": "time of the noble run"})
        )
    ds.attrs.update(kind=kind, title=f"stochastic rates member ({kind}), seed {seed}")
    return ds


def _early_slope(t: np.ndarray, y: np.ndarray, fraction: float = 0.1) -> float:
    """Initial slope dy/dt from a quadratic fit over the first ``fraction`` of the records."""
    k = max(5, int(fraction * t.size))
    return float(np.polyfit(t[:k], y[:k], 2)[1])


def _mean_sem(x: list[float]) -> tuple[float, float]:
    x = np.asarray(x, float)
    sem = x.std(ddof=1) / math.sqrt(x.size) if x.size > 1 else float("nan")
    return float(x.mean()), float(sem)


_RATE_VARS = {
    "n_alkali": ("1", "number of alkali spins N_A"),
    "n_noble": ("1", "number of noble-gas spins N_B"),
    "phi_mean": ("rad", "mean collision angle <phi>"),
    "phi_std": ("rad", "spread of the collision angle dphi"),
    "n_seeds": ("1", "number of ensemble members (seeds)"),
    "two_J_fit": ("tau-1", "fitted population exchange frequency 2J (mean over seeds)"),
    "two_J_fit_err": ("tau-1", "standard error of two_J_fit over seeds"),
    "two_J_eq8": ("tau-1", "Eq. (8): 2J = sqrt(N_A/N_B) <phi>/tau"),
    "exchange_ratio": ("1", "fitted 2J / Eq. (8)"),
    "exchange_ratio_err": ("1", "standard error of exchange_ratio over seeds"),
    "gamma_A_fit": ("tau-1", "fitted amplitude decay rate gamma_A of <1_A|psi> (noble detuned)"),
    "gamma_A_fit_err": ("tau-1", "standard error of gamma_A_fit over seeds"),
    "alpha_fit": ("1", "fitted alpha = 4 gamma_A tau / <phi^2> (Sec. III.C)"),
    "alpha_fit_err": ("1", "standard error of alpha_fit over seeds"),
    "alpha_derived": ("1", "derived alpha = (<phi^2> + dphi^2 - (N_A/N_B)<phi>^2)/(2<phi^2>)"),
    "eps_ratio": ("1", "initial growth rate of 1 - F10 - F01 / (<phi^2>/2tau), Eq. (9) -> 1"),
    "eps_ratio_err": ("1", "standard error of eps_ratio over seeds"),
    "gamma_B_fit": ("tau-1", "fitted amplitude decay rate gamma_B of <1_B|psi> (alkali detuned)"),
    "gamma_B_fit_err": ("tau-1", "standard error of gamma_B_fit over seeds"),
    "gamma_B_ratio": ("1", "gamma_B / ((N_A/N_B) gamma_A), both fitted, per seed"),
    "gamma_B_ratio_err": ("1", "standard error of gamma_B_ratio over seeds"),
}


def rates_summary(members: dict[str, list[xr.Dataset]]) -> xr.Dataset:
    """Fit every ensemble member and summarise per case (coordinate ``case``).

    Exchange cases: ``F10`` of each seed is fitted with :func:`fit_exchange` (initial guesses from
    the data: FFT peak); ``2J`` is the population frequency. Decay cases: ``F10`` and
    ``F01_noble`` of each seed are fitted with :func:`fit_decay`; population rates are ``2 gamma``.
    ``eps_ratio`` is the initial slope of ``1 - F10 - F01`` (quadratic fit over the first 10 % of
    the run) in units of Eq. (9)'s ``<phi^2>/2``. Error bars: standard error over seeds.
    """
    cases = list(members)
    rows: dict[str, list[float]] = {k: [] for k in _RATE_VARS}
    kinds = []
    for case in cases:
        runs = members[case]
        a = runs[0].attrs
        na, nb = int(a["n_alkali"]), int(a["n_noble"])
        mu, sd = float(a["phi_mean_rad"]), float(a["phi_std_rad"])
        phi2 = mu**2 + sd**2
        kind = a["kind"]
        kinds.append(kind)
        row = dict.fromkeys(_RATE_VARS, float("nan"))
        row.update(n_alkali=na, n_noble=nb, phi_mean=mu, phi_std=sd, n_seeds=len(runs))
        row["two_J_eq8"] = 2 * exchange_rate(na, nb, mu)
        row["alpha_derived"] = alpha_derived(mu, sd, na, nb)
        if kind == "exchange":
            w = [fit_exchange(r.t.values, r.F10.values)["omega"] for r in runs]
            row["two_J_fit"], row["two_J_fit_err"] = _mean_sem(w)
            ratio = np.asarray(w) / row["two_J_eq8"]
            row["exchange_ratio"], row["exchange_ratio_err"] = _mean_sem(ratio)
        else:
            ga = [fit_decay(r.t.values, r.F10.values)["rate"] / 2 for r in runs]
            gb = [fit_decay(r.t_noble.values, r.F01_noble.values)["rate"] / 2 for r in runs]
            eps = [
                _early_slope(r.t.values, 1 - r.F10.values - r.F01.values) / (phi2 / 2) for r in runs
            ]
            row["gamma_A_fit"], row["gamma_A_fit_err"] = _mean_sem(ga)
            row["alpha_fit"], row["alpha_fit_err"] = _mean_sem(4 * np.asarray(ga) / phi2)
            row["eps_ratio"], row["eps_ratio_err"] = _mean_sem(eps)
            row["gamma_B_fit"], row["gamma_B_fit_err"] = _mean_sem(gb)
            row["gamma_B_ratio"], row["gamma_B_ratio_err"] = _mean_sem(
                np.asarray(gb) / (na / nb * np.asarray(ga))
            )
        for k in _RATE_VARS:
            rows[k].append(row[k])
    ds = xr.Dataset(
        {
            k: (
                "case",
                np.asarray(v, float),
                {"units": _RATE_VARS[k][0], "long_name": _RATE_VARS[k][1]},
            )
            for k, v in rows.items()
        },
        coords={"case": ("case", cases, {"units": "1", "long_name": "parameter set (config key)"})},
    )
    ds["kind"] = (
        "case",
        np.asarray(kinds, dtype=str),
        {"units": "1", "long_name": "exchange or decay"},
    )
    ds.attrs["title"] = "Stochastic collision simulation: fitted exchange and decay rates"
    return ds

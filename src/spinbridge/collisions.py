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

Layout: the closed forms (rates, resonance, alpha, the beam splitter, the pair operators) live in
:mod:`spinbridge.collision_theory` and are re-exported here; the fits and per-panel/per-case
summaries in :mod:`spinbridge.collision_fits`; the numba kernels in ``_collision_kernels``.

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

from spinbridge import _collision_kernels as _k
from spinbridge.collision_theory import (
    RESONANCES,
    _check_phi,
    _check_sizes,
    alpha_derived,
    collision_block,
    decay_rate_alkali,
    decay_rate_noble,
    eq5_scattering_matrix,
    eq5_unitarity_defect,
    exchange_rate,
    hom_populations,
    pair_unitary,
    residual_detuning,
    stochastic_population,
    two_mode_populations,
    zeeman_phase,
)
from spinbridge.runtime import progress
from spinbridge.store import var_attrs

__all__ = [
    "INITIAL_STATES",
    "RESONANCES",
    "alpha_derived",
    "collision_block",
    "decay_rate_alkali",
    "decay_rate_noble",
    "draw_stream",
    "eq5_scattering_matrix",
    "eq5_unitarity_defect",
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
    "record_steps",
    "residual_detuning",
    "simulate",
    "simulate_reference",
    "stochastic_population",
    "two_mode_populations",
    "zeeman_phase",
]

log = logging.getLogger(__name__)

INITIAL_STATES = ("symmetric", "localized", "noble", "pair")
"""|1_A 0_B>, |up down..down>_A |0_B>, |0_A 1_B>, |1_A 1_B> (the last in the 2-excitation space)."""

_ONE = ("F10", "F01", "norm", "P_A")  # one-excitation records
_TWO = ("P20", "P11", "P02", "norm")  # two-excitation records


# ----------------------------------------------------------------------------- states
def _n_pairs(dim: int) -> int:
    return dim * (dim - 1) // 2


def initial_state(n_alkali: int, n_noble: int, initial: str = "symmetric") -> np.ndarray:
    """Initial amplitudes of the Fig. 2 states (Sec. III.C).

    Parameters
    ----------
    n_alkali, n_noble : int
        ``N_A <= N_B``.
    initial : {"symmetric", "localized", "noble", "pair"}
        ``|1_A 0_B>``, ``|up down..down>_A |0_B>``, ``|0_A 1_B>`` or ``|1_A 1_B>``.

    Returns
    -------
    ndarray
        Complex amplitudes: length ``N_A + N_B`` (one excitation, alkali first) or the packed
        pair amplitudes ``c_ij``, ``i < j`` row-major, length ``D(D-1)/2`` (``"pair"``).
    """
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
    """Symmetric amplitude matrix of two excitations from its packed upper triangle.

    Parameters
    ----------
    c : ndarray
        Packed pair amplitudes (``i < j``, row-major), length ``dim(dim-1)/2``.
    dim : int
        Number of spins.

    Returns
    -------
    ndarray
        ``dim x dim`` complex matrix, zero diagonal.
    """
    m = np.zeros((dim, dim), complex)
    iu = np.triu_indices(dim, 1)
    m[iu] = c
    return m + m.T


def _observe_one(c: np.ndarray, n_alkali: int) -> tuple[float, float, float, float]:
    sa, sb = c[:n_alkali].sum(), c[n_alkali:].sum()
    return (
        abs(sa) ** 2 / n_alkali,
        abs(sb) ** 2 / (c.size - n_alkali),
        float(np.sum(c.real**2 + c.imag**2)),
        float(np.sum(c[:n_alkali].real ** 2 + c[:n_alkali].imag ** 2)),
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


def record_steps(n_steps: int, record_every: int) -> np.ndarray:
    """Steps at which the simulation records: 0, every ``record_every``, and the last one.

    Parameters
    ----------
    n_steps : int
        Number of collision steps, >= 1.
    record_every : int
        Record interval [steps], >= 1.

    Returns
    -------
    ndarray
        Step numbers (float, in units of tau): ``0, r, 2r, ..., n_steps``; ``n_steps`` is included
        once, whether or not it is a multiple of ``r``.
    """
    n_full = n_steps // record_every
    steps = np.arange(n_full + 1, dtype=float) * record_every
    if n_steps % record_every:
        steps = np.append(steps, float(n_steps))
    return steps


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
    """The partners and angles :func:`simulate` draws for ``seed`` (Eqs. (4)-(6), pairing).

    Produced by the production RNG consuming its stream exactly as the kernel does, so the numpy
    reference can replay the same collisions.

    Parameters
    ----------
    n_alkali, n_noble : int
        ``N_A <= N_B``.
    phi_mean, phi_std : float
        ``<phi>``, ``dphi`` [rad] of the Gaussian collision angle.
    n_steps : int
        Number of steps.
    seed : int
        Seed of the xoshiro256** stream.

    Returns
    -------
    (ndarray, ndarray)
        ``partners`` (``n_steps x N_A``, noble-gas index ``0..N_B-1``, distinct within a step) and
        ``phis`` (``n_steps x N_A``) [rad].
    """
    _check_sizes(n_alkali, n_noble)
    _check_phi(phi_mean, phi_std)
    perm = np.arange(n_noble, dtype=np.int64)
    return _k.draw_stream(
        _rng_state(seed), np.zeros(2), perm, n_alkali, phi_mean, phi_std, int(n_steps)
    )


# ----------------------------------------------------------------------------- numpy reference
def _reference_step_two(c, ia, ib, blocks, z):
    """``C -> G C G^T`` on the symmetric pair matrix, hard core on the colliding pairs."""
    m11, m12, m21, m22 = blocks
    x = c.copy()
    x[ia, :] = m11[:, None] * c[ia, :] + m12[:, None] * c[ib, :]
    x[ib, :] = m21[:, None] * c[ia, :] + m22[:, None] * c[ib, :]
    y = x.copy()
    y[:, ia] = x[:, ia] * m11[None, :] + x[:, ib] * m12[None, :]
    y[:, ib] = x[:, ia] * m21[None, :] + x[:, ib] * m22[None, :]
    y[ia, ib] = y[ib, ia] = z * c[ia, ib]  # hard core: |up_a up_b> does not exchange
    np.fill_diagonal(y, 0.0)
    return y


def evolve_reference(
    c0: np.ndarray,
    n_alkali: int,
    partners: np.ndarray,
    phis: np.ndarray,
    theta: float,
    record_every: int = 1,
    dim: int | None = None,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Pure-numpy reference of Eq. (6): replay the collisions ``partners``/``phis`` on ``c0``.

    The two-excitation step is ``C -> G C G^T`` on the symmetric amplitude matrix, ``G`` the
    one-excitation step, with the hard-core fix ``C'_ab = e^{-i theta} C_ab`` on colliding pairs
    (an independent algorithm from the kernel's pair-by-pair update of packed amplitudes).

    Parameters
    ----------
    c0 : ndarray
        Initial amplitudes: length ``dim`` (one excitation) or packed pairs, length
        ``dim(dim-1)/2`` (two excitations, ``i < j`` row-major).
    n_alkali : int
        ``N_A`` (spins ``0..N_A-1`` are the alkali).
    partners, phis : ndarray
        ``n_steps x N_A`` noble-gas partner indices and angles [rad] (:func:`draw_stream`).
    theta : float
        Alkali Zeeman phase per step [rad] (:func:`zeeman_phase`).
    record_every : int
        Record interval [steps]; the last step is always recorded.
    dim : int
        Number of spins ``N_A + N_B`` plus any spectator that never collides (required).

    Returns
    -------
    (dict, ndarray)
        Records at :func:`record_steps` (``F10, F01, norm, P_A`` or ``P20, P11, P02, norm``) and
        the final amplitudes (vector, or the full symmetric matrix for two excitations).
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
        obs, names = [_observe_two(c, n_alkali)], _TWO
    else:
        c = c0.astype(complex).copy()
        obs, names = [_observe_one(c, n_alkali)], _ONE
    for n in range(n_steps):
        ib = n_alkali + partners[n]
        blocks = collision_block(phis[n], theta)
        if two:
            c = _reference_step_two(c, ia, ib, blocks, z)
        else:
            m11, m12, m21, m22 = blocks
            ca, cb = c[ia], c[ib]
            c[ia] = m11 * ca + m12 * cb
            c[ib] = m21 * ca + m22 * cb
        if (n + 1) % record_every == 0 or n + 1 == n_steps:
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
    """Numba kernel replaying the same collisions as :func:`evolve_reference` (Eq. (6)).

    Parameters
    ----------
    c0, n_alkali, partners, phis, theta, record_every, dim
        As in :func:`evolve_reference`.

    Returns
    -------
    (dict, ndarray)
        As :func:`evolve_reference`; the final two-excitation state as the full symmetric matrix.
    """
    if dim is None:
        raise ValueError("dim (number of spins N_A + N_B, spectators included) is required")
    n_rec = record_steps(partners.shape[0], record_every).size
    partners = np.ascontiguousarray(partners, dtype=np.int64)
    phis = np.ascontiguousarray(phis, dtype=np.float64)
    c = c0.astype(complex).copy()
    if c.size == dim:
        out = [np.zeros(n_rec) for _ in _ONE]
        _k.run_one_stream(c, partners, phis, float(theta), int(record_every), *out)
        return dict(zip(_ONE, out)), c
    out = [np.zeros(n_rec) for _ in _TWO]
    rb = _k.row_base(dim)
    _k.run_two_stream(c, rb, dim, partners, phis, float(theta), int(record_every), *out)
    return dict(zip(_TWO, out)), packed_to_matrix(c, dim)


# ----------------------------------------------------------------------------- dataset
_ATTRS = {
    "t": ("tau", "time in collision steps (tau = mean time between collisions of an alkali atom)"),
    "F10": ("1", "exchange fidelity F_10 = |<1_A 0_B|psi>|^2"),
    "F01": ("1", "exchange fidelity F_01 = |<0_A 1_B|psi>|^2"),
    "P_A": ("1", "total alkali population sum_a |c_a|^2 (collective and non-collective)"),
    "P20": ("1", "collective Fock population |<2_A 0_B|psi>|^2 (Dicke states)"),
    "P11": ("1", "collective Fock population |<1_A 1_B|psi>|^2"),
    "P02": ("1", "collective Fock population |<0_A 2_B|psi>|^2 (Dicke states)"),
    "norm": ("1", "norm <psi|psi> of the simulated wave function"),
}


def _dataset(t: np.ndarray, records: dict[str, np.ndarray], attrs: dict) -> xr.Dataset:
    ds = xr.Dataset(
        {k: ("t", v, var_attrs(*_ATTRS[k])) for k, v in records.items()},
        coords={"t": ("t", t, var_attrs(*_ATTRS["t"]))},
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
    if int(n_steps) != n_steps or n_steps < 1:
        raise ValueError(f"n_steps must be a positive integer, got {n_steps}")
    if n_noble >= 2**32:
        raise ValueError(f"n_noble must be < 2**32, got {n_noble}")


def _run_kernel(two, c, rb, state, cache, perm, args, n_records, record_every, out, r0):
    """One call of the production kernel: ``n_records`` records of ``record_every`` steps."""
    n_alkali, phi_mean, phi_std, theta = args
    if two:
        _k.run_two(
            c, rb, state, cache, perm, n_alkali, phi_mean, phi_std, theta,
            n_records, record_every, *out, r0,
        )  # fmt: skip
    else:
        _k.run_one(
            c, state, cache, perm, n_alkali, phi_mean, phi_std, theta,
            n_records, record_every, *out, r0,
        )  # fmt: skip


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
    """Stochastic collision simulation of Katz 2022 Sec. III.B, Eqs. (4)-(6) (Fig. 2), numba.

    Every step each alkali collides with a distinct random noble-gas spin through the exact
    ``exp(-i phi s.k)`` (Eq. (4), not the printed Eq. (5)), ``phi ~ Normal(<phi>, dphi)``, then
    the alkali Zeeman phase ``theta`` (:func:`zeeman_phase`) acts. (Long by its docstring; the
    body is ~50 lines.)

    Parameters
    ----------
    n_alkali, n_noble : int
        ``N_A`` alkali and ``N_B >= N_A`` noble-gas spins.
    phi_mean, phi_std : float
        Mean ``<phi>`` and spread ``dphi`` [rad] of the collision angle (Eq. (4));
        ``phi_std = 0`` fixes the angle.
    n_steps : int
        Number of time steps ``tau``, >= 1 (any value).
    initial : {"symmetric", "localized", "noble", "pair"}
        ``|1_A 0_B>``, ``|up down..down>_A|0_B>``, ``|0_A 1_B>`` (one-excitation subspace) or
        ``|1_A 1_B>`` (two-excitation subspace).
    record_every : int
        Record interval [steps]: records at t = 0, every multiple of ``record_every`` and at
        ``t = n_steps`` (:func:`record_steps`).
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
        Coordinate ``t`` [tau]; ``F10, F01, norm, P_A`` or (``initial="pair"``)
        ``P20, P11, P02, norm`` (dimensionless); attrs with the parameters, ``theta_rad``,
        ``J_eq8_per_tau`` (Eq. (8)) and the residual ``Delta_residual_per_tau`` (Eq. (28a)).
    """
    _validate(n_alkali, n_noble, phi_mean, phi_std, n_steps, initial, record_every, resonance)
    n_alkali, n_noble, n_steps, record_every = map(int, (n_alkali, n_noble, n_steps, record_every))
    theta = zeeman_phase(n_alkali, n_noble, phi_mean, resonance, detuning)
    n_rec, tail = divmod(n_steps, record_every)
    dim = n_alkali + n_noble
    c = initial_state(n_alkali, n_noble, initial)
    state, cache = _rng_state(seed), np.zeros(2)
    perm = np.arange(n_noble, dtype=np.int64)
    two = initial == "pair"
    names = _TWO if two else _ONE
    out = [np.zeros(n_rec + 1 + (tail > 0)) for _ in names]
    rb = _k.row_base(dim) if two else None
    first = _observe_two(packed_to_matrix(c, dim), n_alkali) if two else _observe_one(c, n_alkali)
    for arr, v in zip(out, first):
        arr[0] = v
    log.info(
        "simulate %s: N_A=%d N_B=%d <phi>=%g dphi=%g steps=%d theta=%.6g (resonance %s) seed=%d",
        initial, n_alkali, n_noble, phi_mean, phi_std, n_steps, theta, resonance, seed,
    )  # fmt: skip
    args = (n_alkali, float(phi_mean), float(phi_std), theta)
    n_chunks = min(n_rec, 200)
    bounds = np.linspace(0, n_rec, n_chunks + 1).astype(int)
    desc = f"collisions {initial} N_A={n_alkali} N_B={n_noble}"
    for i in progress(range(n_chunks), total=n_chunks, desc=desc):
        r0, k = bounds[i], bounds[i + 1] - bounds[i]
        _run_kernel(two, c, rb, state, cache, perm, args, k, record_every, out, r0)
    if tail:  # the last, shorter record interval
        _run_kernel(two, c, rb, state, cache, perm, args, 1, tail, out, n_rec)
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
    return _dataset(record_steps(n_steps, record_every), dict(zip(names, out)), attrs)


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

    Same model (Eqs. (4)-(6)) and outputs, a different random stream (``rng.choice`` without
    replacement and ``rng.normal`` per record interval); use :func:`draw_stream` +
    :func:`evolve_reference` to replay the kernel's stream exactly.

    Parameters
    ----------
    n_alkali, n_noble, phi_mean, phi_std, n_steps, initial, record_every, detuning, resonance
        As in :func:`simulate` (any ``n_steps >= 1``).
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    xarray.Dataset
        The records of :func:`simulate` on the same ``t`` (:func:`record_steps`).
    """
    _validate(n_alkali, n_noble, phi_mean, phi_std, n_steps, initial, record_every, resonance)
    theta = zeeman_phase(n_alkali, n_noble, phi_mean, resonance, detuning)
    rng = np.random.default_rng(seed)
    dim = n_alkali + n_noble
    c = initial_state(n_alkali, n_noble, initial)
    n_rec, tail = divmod(n_steps, record_every)
    recs = []
    for length in [record_every] * n_rec + ([tail] if tail else []):
        partners = np.array([rng.choice(n_noble, n_alkali, replace=False) for _ in range(length)])
        phis = phi_mean + phi_std * rng.standard_normal((length, n_alkali))
        rec, c = evolve_reference(c, n_alkali, partners, phis, theta, length, dim=dim)
        if initial == "pair":
            c = c[np.triu_indices(dim, 1)]
        recs.append(rec if not recs else {k: v[1:] for k, v in rec.items()})
    records = {k: np.concatenate([r[k] for r in recs]) for k in recs[0]}
    return _dataset(
        record_steps(n_steps, record_every),
        records,
        {"title": "numpy reference", "seed": int(seed)},
    )


_FITS = ("fit_decay", "fit_exchange", "panel_summary", "rates_member", "rates_summary")


def __getattr__(name: str):
    """The fits of simulated series live in :mod:`spinbridge.collision_fits` (which imports this
    module); their names stay importable from here."""
    if name in _FITS:
        from spinbridge import collision_fits

        return getattr(collision_fits, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


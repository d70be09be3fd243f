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
:mod:`spinbridge.collision_theory`, the initial states, the random stream and the replays of a
given stream in :mod:`spinbridge.collision_replay`, both re-exported here; the fits in
:mod:`spinbridge.collision_fits`, the per-panel/per-case summaries in
:mod:`spinbridge.collision_summaries`; the numba kernels in ``_collision_kernels``. This module
runs the simulation (:func:`simulate`, :func:`simulate_reference`) and guards its cost.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Sec. III, Eqs. (4)-(9), (28);
arXiv version, Supplementary Information 1.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from spinbridge import _collision_kernels as _k
from spinbridge.collision_fits import fit_decay, fit_exchange
from spinbridge.collision_replay import (
    _ONE,
    _TWO,
    INITIAL_STATES,
    _check_invariants,
    _check_memory,
    _check_seed,
    _norm,
    _observe_one,
    _observe_two,
    _replay_reference,
    _rng_state,
    draw_stream,
    evolve_kernel,
    evolve_reference,
    initial_state,
    packed_to_matrix,
    record_steps,
)
from spinbridge.collision_replay import MAX_SEED as MAX_SEED
from spinbridge.collision_replay import NORM_TOLERANCE as NORM_TOLERANCE
from spinbridge.collision_theory import (
    RESONANCES,
    _check_phi,
    _check_resonance,
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
from spinbridge.resources import stochastic_run_cost
from spinbridge.runtime import progress
from spinbridge.species import _check_count, _check_name, _check_real
from spinbridge.store import var_attrs

if TYPE_CHECKING:  # re-exported lazily by __getattr__ (collision_summaries imports this module)
    from spinbridge.collision_summaries import panel_summary, rates_member, rates_summary

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


MAX_RUN_SECONDS = 7 * 86400.0
"""Longest run :func:`simulate` starts: estimated kernel time (resources.stochastic_run_cost)."""


def _check_run_cost(
    what: str,
    n_alkali: int,
    n_noble: int,
    n_steps: int,
    record_every: int,
    initial: str,
    names: tuple[str, str] = ("n_steps", "record_every"),
) -> None:
    """Refuse a run whose estimated memory exceeds the RAM or time :data:`MAX_RUN_SECONDS`.

    ``names`` are the caller's names of ``n_steps`` and ``record_every`` (for the message).
    """
    cost = stochastic_run_cost(n_alkali, n_noble, n_steps, record_every, initial)
    sizes = {"n_alkali": n_alkali, "n_noble": n_noble, names[0]: n_steps, names[1]: record_every}
    _check_memory(what, cost.memory_mb * 2**20, **sizes)
    if cost.seconds > MAX_RUN_SECONDS:
        given = ", ".join(f"{k}={v}" for k, v in sizes.items())
        raise ValueError(
            f"{what}({given}) would run ~{cost.describe()}, longer than MAX_RUN_SECONDS = "
            f"{MAX_RUN_SECONDS:g} s: lower {names[0]}, n_alkali or n_noble"
        )


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


def _validate(
    what, n_alkali, n_noble, phi_mean, phi_std, n_steps, initial, record_every, resonance,
    detuning, seed,
):  # fmt: skip
    """Check the arguments of :func:`simulate` / :func:`simulate_reference`, cheapest first, and
    the run's estimated memory and time; returns ``(n_alkali, n_noble, n_steps, record_every)``."""
    n_alkali, n_noble = _check_sizes(n_alkali, n_noble)
    _check_phi(phi_mean, phi_std)
    _check_name("initial", initial, INITIAL_STATES)
    _check_resonance(resonance)
    n_steps = _check_count("n_steps", n_steps, 1)
    record_every = _check_count("record_every", record_every, 1, n_steps)
    _check_real("detuning", detuning)
    _check_seed(seed)
    if n_noble >= 2**32:
        raise ValueError(f"n_noble must be < 2**32, got {n_noble}")
    _check_run_cost(what, n_alkali, n_noble, n_steps, record_every, initial)
    return n_alkali, n_noble, n_steps, record_every


def _context(what, n_alkali, n_noble, phi_mean, phi_std, initial, detuning, seed) -> str:
    return (
        f"{what}(n_alkali={n_alkali}, n_noble={n_noble}, phi_mean={phi_mean!r}, "
        f"phi_std={phi_std!r}, initial={initial!r}, detuning={detuning!r}, seed={seed})"
    )


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
        Seed of the xoshiro256** stream, in [0, 2**63 - 1]; same seed, same trajectory.

    Returns
    -------
    xarray.Dataset
        Coordinate ``t`` [tau]; ``F10, F01, norm, P_A`` or (``initial="pair"``)
        ``P20, P11, P02, norm`` (dimensionless); attrs with the parameters, ``theta_rad``,
        ``J_eq8_per_tau`` (Eq. (8)) and the residual ``Delta_residual_per_tau`` (Eq. (28a)).

    Raises
    ------
    ValueError
        Before any work: sizes not integers with ``1 <= N_A <= N_B < 2**32``; angles outside
        [0, 1] rad; ``n_steps`` not a positive integer; ``record_every`` not in [1, n_steps];
        ``detuning`` NaN or infinite; ``seed`` not an integer in [0, 2**63 - 1]; an unknown
        ``initial`` or ``resonance``; or an estimated memory
        (:func:`spinbridge.resources.stochastic_run_cost`) above the machine's RAM or time above
        :data:`MAX_RUN_SECONDS`. The message names the argument.
    TypeError
        An argument of the wrong type (e.g. a string for a number).
    FloatingPointError
        While running: a record NaN/inf or the norm drifting by more than :data:`NORM_TOLERANCE`
        (checked after every chunk of records, and on the final state); the message names
        ``n_alkali``, ``n_noble``, ``phi_mean``, ``phi_std``, the step reached and the drift.
    """
    n_alkali, n_noble, n_steps, record_every = _validate(
        "simulate", n_alkali, n_noble, phi_mean, phi_std, n_steps, initial, record_every,
        resonance, detuning, seed,
    )  # fmt: skip
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
    steps = record_steps(n_steps, record_every)
    context = _context("simulate", n_alkali, n_noble, phi_mean, phi_std, initial, detuning, seed)
    norm0 = out[names.index("norm")][0]
    _check_invariants(out, names, 0, 1, steps, norm0, context)
    for i in progress(range(n_chunks), total=n_chunks, desc=desc):
        r0, k = bounds[i], bounds[i + 1] - bounds[i]
        _run_kernel(two, c, rb, state, cache, perm, args, k, record_every, out, r0)
        _check_invariants(out, names, r0 + 1, r0 + 1 + k, steps, norm0, context)
    if tail:  # the last, shorter record interval
        _run_kernel(two, c, rb, state, cache, perm, args, 1, tail, out, n_rec)
        _check_invariants(out, names, n_rec + 1, n_rec + 2, steps, norm0, context)
    if not np.all(np.isfinite(c)):
        raise FloatingPointError(f"{context}: the final state is not finite (step {n_steps})")
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
        Seed of ``numpy.random.default_rng``, in [0, 2**63 - 1].

    Returns
    -------
    xarray.Dataset
        The records of :func:`simulate` on the same ``t`` (:func:`record_steps`).

    Raises
    ------
    ValueError, TypeError, FloatingPointError
        As :func:`simulate` (the reference's dense pair matrix is counted in the memory guard);
        the invariants are checked at every record.
    """
    n_alkali, n_noble, n_steps, record_every = _validate(
        "simulate_reference", n_alkali, n_noble, phi_mean, phi_std, n_steps, initial,
        record_every, resonance, detuning, seed,
    )  # fmt: skip
    dim = n_alkali + n_noble
    if initial == "pair":  # C -> G C G^T on the full matrix: three dense copies
        _check_memory("simulate_reference", 48.0 * dim * dim, n_alkali=n_alkali, n_noble=n_noble)
    theta = zeeman_phase(n_alkali, n_noble, phi_mean, resonance, detuning)
    rng = np.random.default_rng(seed)
    c = initial_state(n_alkali, n_noble, initial)
    n_rec, tail = divmod(n_steps, record_every)
    recs = []
    context = _context(
        "simulate_reference", n_alkali, n_noble, phi_mean, phi_std, initial, detuning, seed
    )
    norm0 = _norm(c, initial == "pair")
    for length in [record_every] * n_rec + ([tail] if tail else []):
        partners = np.array([rng.choice(n_noble, n_alkali, replace=False) for _ in range(length)])
        phis = phi_mean + phi_std * rng.standard_normal((length, n_alkali))
        rec, c = _replay_reference(c, n_alkali, partners, phis, theta, length, dim, context, norm0)
        if initial == "pair":
            c = c[np.triu_indices(dim, 1)]
        recs.append(rec if not recs else {k: v[1:] for k, v in rec.items()})
    records = {k: np.concatenate([r[k] for r in recs]) for k in recs[0]}
    return _dataset(
        record_steps(n_steps, record_every),
        records,
        {"title": "numpy reference", "seed": int(seed)},
    )


_SUMMARIES = ("panel_summary", "rates_member", "rates_summary")


def __getattr__(name: str):
    """The summaries of simulated panels and seed ensembles live in
    :mod:`spinbridge.collision_summaries` (which imports this module); their names stay
    importable from here."""
    if name in _SUMMARIES:
        from spinbridge import collision_summaries

        return getattr(collision_summaries, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

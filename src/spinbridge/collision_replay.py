"""Replay of weak spin-exchange collisions on the many-body wave function (Katz 2022, Sec. III).

The building blocks of :func:`spinbridge.collisions.simulate`: the initial Fig. 2 states
(:func:`initial_state`, Sec. III.C) in the one-excitation subspace (``N_A + N_B`` amplitudes) or
the two-excitation subspace (packed pair amplitudes ``c_ij``, ``i < j``, :func:`packed_to_matrix`),
the record grid (:func:`record_steps`), the production random stream of partners and Gaussian
collision angles ``phi ~ Normal(<phi>, dphi)`` (:func:`draw_stream`, Eqs. (4)-(6)), and two
independent replays of a given stream of collisions, Eq. (6) with the exact pair unitary
``exp(-i phi s_a.k_b)`` of Eq. (4) and the alkali Zeeman phase ``theta``: a pure-numpy reference
(:func:`evolve_reference`, ``C -> G C G^T`` on the symmetric pair matrix) and the numba kernel
(:func:`evolve_kernel`). Every run checks its records: finite, the norm conserved within
:data:`NORM_TOLERANCE`; every allocation sized by arguments is checked against the machine's RAM.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Sec. III, Eqs. (4)-(6), Fig. 2.
"""

from __future__ import annotations

import math
import os

import numpy as np

from spinbridge import _collision_kernels as _k
from spinbridge.collision_theory import _check_phi, _check_sizes, collision_block
from spinbridge.species import _check_count, _check_name, _check_real

__all__ = [
    "INITIAL_STATES",
    "draw_stream",
    "evolve_kernel",
    "evolve_reference",
    "initial_state",
    "packed_to_matrix",
    "record_steps",
]

INITIAL_STATES = ("symmetric", "localized", "noble", "pair")
"""|1_A 0_B>, |up down..down>_A |0_B>, |0_A 1_B>, |1_A 1_B> (the last in the 2-excitation space)."""

_ONE = ("F10", "F01", "norm", "P_A")  # one-excitation records
_TWO = ("P20", "P11", "P02", "norm")  # two-excitation records

MAX_SEED = 2**63 - 1
"""Largest seed: seeds are stored as int64 attrs of the output files."""

NORM_TOLERANCE = 1e-6
"""Largest relative drift of the norm a run may show before it is stopped as broken. The kernels
are exactly unitary: rounding drifts by ~1e-12 over the paper's 1.4e9 collisions."""


# ----------------------------------------------------------------------------- argument checks
def _ram_bytes() -> int:
    """Physical memory of this machine [bytes]: the guard of every allocation sized by arguments."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def _check_memory(what: str, n_bytes: float, **sizes: int) -> None:
    """ValueError naming ``sizes`` if ``n_bytes`` exceeds the machine's RAM."""
    ram = _ram_bytes()
    if n_bytes > ram:
        given = ", ".join(f"{k}={v}" for k, v in sizes.items())
        raise ValueError(
            f"{what}({given}) needs ~{n_bytes / 2**20:.4g} MB, more than this machine's "
            f"{ram / 2**20:.0f} MB of RAM: lower {', '.join(sizes)}"
        )


def _check_seed(seed: int) -> int:
    return _check_count("seed", seed, 0, MAX_SEED)


def _check_amplitudes(name: str, c: np.ndarray, dim: int) -> tuple[np.ndarray, bool]:
    """``c`` as an array and whether it holds pair amplitudes (length ``dim(dim-1)/2``)."""
    arr = np.asarray(c)
    if arr.dtype.kind not in "iufc" or arr.ndim != 1:
        raise TypeError(f"{name} must be a 1-d numeric array, got {type(c).__name__} {arr.shape}")
    if arr.size not in (dim, _n_pairs(dim)):
        raise ValueError(
            f"{name} has length {arr.size}: neither dim={dim} nor dim(dim-1)/2 = {_n_pairs(dim)}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite everywhere")
    return arr, arr.size != dim


def _check_replay(c0, n_alkali, partners, phis, theta, record_every, dim):
    """Arguments of :func:`evolve_reference` / :func:`evolve_kernel`; returns the checked values."""
    if dim is None:
        raise ValueError("dim (number of spins N_A + N_B, spectators included) is required")
    dim = _check_count("dim", dim, 2)
    n_alkali = _check_count("n_alkali", n_alkali, 1, dim - 1)
    c0, two = _check_amplitudes("c0", c0, dim)
    partners, phis = np.asarray(partners), np.asarray(phis)
    if partners.dtype.kind not in "iu" or partners.ndim != 2 or partners.shape[1] != n_alkali:
        raise ValueError(
            f"partners must be an integer array of shape (n_steps, n_alkali={n_alkali}), got "
            f"{partners.dtype} {partners.shape}"
        )
    if partners.shape[0] < 1:
        raise ValueError("partners must hold at least one step")
    if partners.min() < 0 or partners.max() >= dim - n_alkali:
        raise ValueError(f"partners must lie in [0, dim - n_alkali = {dim - n_alkali})")
    if n_alkali > 1 and np.any(np.diff(np.sort(partners, axis=1), axis=1) == 0):
        raise ValueError("partners must be distinct within a step (each noble spin collides once)")
    if phis.shape != partners.shape:
        raise ValueError(f"phis must have the shape of partners {partners.shape}, got {phis.shape}")
    _check_real("phis", phis)
    _check_real("theta", theta)
    record_every = _check_count("record_every", record_every, 1, partners.shape[0])
    return c0, n_alkali, partners, phis, record_every, dim, two


# ----------------------------------------------------------------------------- invariants
def _check_invariants(out, names, lo, hi, steps, norm0, context) -> None:
    """FloatingPointError if a record in ``[lo, hi)`` is NaN/inf or the norm drifted.

    ``out`` are the record arrays (in the order of ``names``), ``steps`` the step of every record,
    ``norm0`` the initial norm, ``context`` the parameters named in the message.
    """
    block = np.array([np.asarray(o[lo:hi], dtype=float) for o in out])
    finite = np.all(np.isfinite(block), axis=0)
    norm = block[names.index("norm")]
    drift = np.abs(norm - norm0) / norm0 if norm0 > 0 else np.zeros_like(norm)
    bad = ~finite | ~(drift <= NORM_TOLERANCE)
    if bad.any():
        i = int(np.argmax(bad))
        what = "records are not finite" if not finite[i] else "norm drifted"
        raise FloatingPointError(
            f"{context}: at step {steps[lo + i]:.0f} the {what}: norm {float(norm[i])!r} "
            f"(initially {float(norm0)!r}), drift {drift[i]:.3g} > NORM_TOLERANCE = "
            f"{NORM_TOLERANCE:g}"
        )


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

    Raises
    ------
    ValueError
        Sizes not integers with ``1 <= N_A <= N_B``, a state larger than the machine's RAM, or an
        unknown ``initial``.
    """
    n_alkali, n_noble = _check_sizes(n_alkali, n_noble)
    _check_name("initial", initial, INITIAL_STATES)
    dim = n_alkali + n_noble
    n_amp = _n_pairs(dim) + dim if initial == "pair" else dim  # amplitudes and row_base
    _check_memory("initial_state", 16.0 * n_amp, n_alkali=n_alkali, n_noble=n_noble)
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

    Raises
    ------
    ValueError
        ``dim`` not a positive integer, ``c`` not of length ``dim(dim-1)/2`` or not finite.
    TypeError
        ``c`` not a 1-d numeric array.
    """
    dim = _check_count("dim", dim, 1)
    arr = np.asarray(c)
    if arr.dtype.kind not in "iufc" or arr.ndim != 1:
        raise TypeError(f"c must be a 1-d numeric array, got {type(c).__name__} {arr.shape}")
    if arr.size != _n_pairs(dim):
        raise ValueError(f"c has length {arr.size}, not dim(dim-1)/2 = {_n_pairs(dim)} (dim={dim})")
    _check_real("c", np.abs(arr))
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
        Record interval [steps], 1 <= record_every <= n_steps.

    Returns
    -------
    ndarray
        Step numbers (float, in units of tau): ``0, r, 2r, ..., n_steps``; ``n_steps`` is included
        once, whether or not it is a multiple of ``r``.

    Raises
    ------
    ValueError
        ``n_steps`` not a positive integer, ``record_every`` not an integer in [1, n_steps], or
        more records than the machine's RAM holds.
    """
    n_steps = _check_count("n_steps", n_steps, 1)
    record_every = _check_count("record_every", record_every, 1, n_steps)
    _check_memory(
        "record_steps",
        8.0 * (n_steps / record_every + 2),
        n_steps=n_steps,
        record_every=record_every,
    )
    n_full = n_steps // record_every
    steps = np.arange(n_full + 1, dtype=float) * record_every
    if n_steps % record_every:
        steps = np.append(steps, float(n_steps))
    return steps


# ----------------------------------------------------------------------------- random stream
def _rng_state(seed: int) -> np.ndarray:
    seed = _check_seed(seed)
    state = np.random.SeedSequence(seed).generate_state(4, np.uint64)
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

    Raises
    ------
    ValueError
        Sizes not integers with ``1 <= N_A <= N_B < 2**32``, angles outside [0, 1] rad, ``n_steps``
        not a positive integer, draws larger than the machine's RAM, or ``seed`` not an integer
        in [0, 2**63 - 1] (NaN and inf included).
    """
    n_alkali, n_noble = _check_sizes(n_alkali, n_noble)
    _check_phi(phi_mean, phi_std)
    n_steps = _check_count("n_steps", n_steps, 1)
    _check_seed(seed)
    if n_noble >= 2**32:
        raise ValueError(f"n_noble must be < 2**32, got {n_noble}")
    _check_memory(
        "draw_stream",
        16.0 * n_steps * n_alkali + 8.0 * n_noble,
        n_steps=n_steps,
        n_alkali=n_alkali,
        n_noble=n_noble,
    )
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

    Raises
    ------
    ValueError
        ``dim`` missing or < 2, ``n_alkali`` not in [1, dim - 1], ``c0`` of the wrong length or
        not finite, ``partners`` not integers of shape ``(n_steps >= 1, N_A)`` in
        ``[0, dim - N_A)`` distinct within a step, ``phis`` not finite or of another shape,
        ``theta`` not finite, or ``record_every`` not in [1, n_steps].
    FloatingPointError
        A record not finite or the norm drifting by more than :data:`NORM_TOLERANCE` (relative):
        the message names the step, the drift, ``n_alkali``, ``dim`` and ``theta``.
    """
    c0, n_alkali, partners, phis, record_every, dim, two = _check_replay(
        c0, n_alkali, partners, phis, theta, record_every, dim
    )
    norm0 = _norm(c0, two)
    context = f"evolve_reference(n_alkali={n_alkali}, dim={dim}, theta={theta!r})"
    return _replay_reference(c0, n_alkali, partners, phis, theta, record_every, dim, context, norm0)


def _norm(c: np.ndarray, two: bool) -> float:
    """<psi|psi> of packed (or one-excitation) amplitudes."""
    return float(np.sum(np.abs(np.asarray(c, dtype=complex)) ** 2))


def _replay_reference(c0, n_alkali, partners, phis, theta, record_every, dim, context, norm0):
    """:func:`evolve_reference` on checked arguments; invariants checked at every record."""
    n_steps = partners.shape[0]
    two = c0.size != dim
    ia = np.arange(n_alkali)
    z = complex(math.cos(theta), -math.sin(theta))
    if two:
        c = packed_to_matrix(c0, dim)
        obs, names = [_observe_two(c, n_alkali)], _TWO
    else:
        c = c0.astype(complex).copy()
        obs, names = [_observe_one(c, n_alkali)], _ONE
    steps = record_steps(n_steps, record_every)
    _check_invariants(np.array(obs).T, names, 0, 1, steps, norm0, context)
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
            r = len(obs) - 1
            _check_invariants(np.array(obs[-1:]).T, names, 0, 1, steps[r:], norm0, context)
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

    Raises
    ------
    ValueError, FloatingPointError
        As :func:`evolve_reference` (the invariants are checked on the records after the run).
    """
    c0, n_alkali, partners, phis, record_every, dim, two = _check_replay(
        c0, n_alkali, partners, phis, theta, record_every, dim
    )
    steps = record_steps(partners.shape[0], record_every)
    n_rec = steps.size
    partners = np.ascontiguousarray(partners, dtype=np.int64)
    phis = np.ascontiguousarray(phis, dtype=np.float64)
    c = c0.astype(complex).copy()
    context = f"evolve_kernel(n_alkali={n_alkali}, dim={dim}, theta={theta!r})"
    norm0 = _norm(c, two)
    if not two:
        out = [np.zeros(n_rec) for _ in _ONE]
        _k.run_one_stream(c, partners, phis, float(theta), int(record_every), *out)
        _check_invariants(out, _ONE, 0, n_rec, steps, norm0, context)
        return dict(zip(_ONE, out)), c
    out = [np.zeros(n_rec) for _ in _TWO]
    rb = _k.row_base(dim)
    _k.run_two_stream(c, rb, dim, partners, phis, float(theta), int(record_every), *out)
    _check_invariants(out, _TWO, 0, n_rec, steps, norm0, context)
    return dict(zip(_TWO, out)), packed_to_matrix(c, dim)

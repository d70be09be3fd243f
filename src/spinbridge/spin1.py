"""Symmetric states of N spin-1 atoms in the three-mode Fock basis and their QFI.

The permutation-symmetric subspace of N spin-1 atoms is spanned by the Fock states
|n_{+1}, n_0, n_{-1}> of three bosonic modes b_{+1}, b_0, b_{-1} with n_{+1} + n_0 + n_{-1} = N.
In it the collective spin is S_+ = sqrt(2) (b_{+1}^dag b_0 + b_0^dag b_{-1}), S_z = n_{+1} - n_{-1},
and the nematic generator of Masson & Parkins, arXiv:2112 (2021), is
G = Q_xx - Q_yy = 2 (b_{+1}^dag b_{-1} + b_{-1}^dag b_{+1}).

The symmetric subspace contains every total spin S = N, N - 2, ... exactly once. Its lowest-weight
state |S, -S> is (A^dag)^k (b_{-1}^dag)^S |vac> with k = (N - S)/2 and the spin-singlet pair
creator A^dag = b_0^dag{}^2 - 2 b_{+1}^dag b_{-1}^dag (it commutes with S_+ and S_-). Expanding
the binomial gives |S, -S> = sum_j a_j |j, N - S - 2j, S + j>, j = 0..k, with

    a_j  proportional to  (-2)^j C(k, j) sqrt(j! (2k - 2j)! (S + j)!),

which is what :func:`lowest_weight_amplitudes` evaluates (in logarithms, so N = 10^5 is fine).
"""

from __future__ import annotations

import itertools
import logging
import math

import numpy as np
import scipy.sparse as sp
from scipy.special import logsumexp

from spinbridge.dicke import (
    MAX_N_ATOMS,
    check_count,
    check_finite_array,
    check_memory,
    check_n_atoms,
    check_norm,
    check_positive,
)

logger = logging.getLogger(__name__)

__all__ = [
    "allowed_spin_lengths",
    "check_spin_length",
    "collective_operators",
    "fock_basis",
    "lowest_weight_amplitudes",
    "lowest_weight_coupling",
    "lowest_weight_mixture_qfi",
    "lowest_weight_qfi",
    "lowest_weight_state",
    "qfi_mixed",
    "qfi_pure",
]


MAX_DENSE_N_ATOMS = 400
"""Largest N of the Fock-basis constructions (dimension (N + 1)(N + 2)/2 ~ N^2 / 2 = 80601)."""

QFI_TOLERANCE = 1e-9
"""Relative rounding accepted below zero for a QFI (sums of O(N^2) terms of both signs)."""

_WEIGHT_ARRAYS = 6
"""Float64 arrays of shape (len(S), k_max + 1) alive at once in :func:`_log_weights` and its
callers (weights, ratios, logarithms, masks and the QFI/coupling terms)."""


def _check_n_atoms(n_atoms: int, maximum: int | None = None) -> int:
    return check_n_atoms(n_atoms, maximum=MAX_N_ATOMS if maximum is None else maximum)


def _check_spin_grid(n_atoms: int, spin) -> np.ndarray:
    """Validate spin lengths for N atoms (default: all allowed) and the memory of their weights."""
    if spin is None:
        spin = allowed_spin_lengths(n_atoms)
    else:
        spin = check_finite_array(np.atleast_1d(spin), "spin", integer=True)
        if spin.ndim != 1 or np.any(spin > n_atoms) or np.any((n_atoms - spin) % 2):
            raise ValueError(
                f"spin must be a 1-d array of S with 0 <= S <= N and S = N (mod 2); got "
                f"{spin!r} for N={n_atoms}"
            )
    k_max = (n_atoms - int(spin.min())) // 2
    memory_mb = _WEIGHT_ARRAYS * 8 * len(spin) * (k_max + 1) / 2**20
    check_memory(memory_mb, "n_atoms", n_atoms, f"the |S,-S> weights of {len(spin)} spin lengths")
    return spin


def _check_qfi(value, what: str, scale=None):
    """Raise ValueError if a QFI is NaN or below zero beyond the rounding QFI_TOLERANCE * scale."""
    value = np.asarray(value)
    scale = np.abs(value) if scale is None else np.asarray(scale)
    if not np.all(np.isfinite(value)) or np.any(value < -QFI_TOLERANCE * (scale + 1.0)):
        raise ValueError(f"{what} gave a NaN or negative QFI: {value!r}")


def allowed_spin_lengths(n_atoms: int) -> np.ndarray:
    """Spin lengths S present in the symmetric subspace of N spin-1 atoms: S = N mod 2, ..., N.

    Parameters
    ----------
    n_atoms : int
        Number of spin-1 atoms N >= 1.

    Returns
    -------
    numpy.ndarray
        Increasing integer array of S with S = N (mod 2).

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7].
    """
    n = _check_n_atoms(n_atoms)
    return np.arange(n % 2, n + 1, 2)


def fock_basis(n_atoms: int) -> np.ndarray:
    """Fock basis (n_{+1}, n_0, n_{-1}) of the symmetric subspace of N spin-1 atoms.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N (1 <= N <= 400 for the dense/sparse operator builders).

    Returns
    -------
    numpy.ndarray
        Integer array of shape ((N + 1)(N + 2)/2, 3); row i is the occupation of basis state i.

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 400].
    """
    n = _check_n_atoms(n_atoms, MAX_DENSE_N_ATOMS)
    rows = [(p, n - p - m, m) for p in range(n + 1) for m in range(n + 1 - p)]
    return np.array(rows, dtype=np.int64)


def collective_operators(n_atoms: int) -> dict[str, sp.csr_matrix]:
    """Collective spin and nematic operators on the symmetric subspace (sparse, Fock basis).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N (1 <= N <= 400).

    Returns
    -------
    dict of str to scipy.sparse.csr_matrix
        ``"Sz"``, ``"Sp"`` (S_+), ``"Sm"`` (S_-), ``"S2"`` (total spin squared) and ``"G"``
        = Q_xx - Q_yy = 2 (b_{+1}^dag b_{-1} + h.c.) (Masson & Parkins, text after Eq. (1)).

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 400].
    """
    basis = fock_basis(n_atoms)
    index = {tuple(r): i for i, r in enumerate(basis)}
    dim = len(basis)

    def hop(src: int, dst: int) -> sp.csr_matrix:
        # b_dst^dag b_src on the Fock basis (modes ordered +1, 0, -1)
        rows, cols, vals = [], [], []
        for i, occ in enumerate(basis):
            if occ[src] == 0 or src == dst:
                continue
            new = occ.copy()
            amp = math.sqrt(new[src])
            new[src] -= 1
            amp *= math.sqrt(new[dst] + 1)
            new[dst] += 1
            rows.append(index[tuple(new)])
            cols.append(i)
            vals.append(amp)
        return sp.csr_matrix((vals, (rows, cols)), shape=(dim, dim))

    plus, zero, minus = 0, 1, 2
    sp_op = math.sqrt(2.0) * (hop(zero, plus) + hop(minus, zero))
    sm_op = sp_op.T.tocsr()
    sz = sp.diags((basis[:, plus] - basis[:, minus]).astype(float)).tocsr()
    s2 = (sm_op @ sp_op + sz @ sz + sz).tocsr()
    g = 2.0 * (hop(minus, plus) + hop(plus, minus))
    return {"Sz": sz, "Sp": sp_op, "Sm": sm_op, "S2": s2, "G": g.tocsr()}


def _log_weights(n_atoms: int, spin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normalised log |a_j|^2 for each S in ``spin``; shape (len(spin), k_max + 1), -inf padded."""
    spin = np.asarray(spin, dtype=np.int64)
    k = (n_atoms - spin) // 2
    j = np.arange(int(k.max()) + 1 if k.size else 1)[None, :]
    kk = k[:, None]
    ss = spin[:, None]
    valid = j <= kk
    # log w_j by cumulating the ratios w_{j+1}/w_j = 2 (k - j)(S + j + 1) / ((j + 1)(2k - 2j - 1))
    # (O(1) terms, so no cancellation between factorials of size N log N)
    jr = j[:, :-1]
    step_ok = jr < kk
    ratio = np.where(
        step_ok,
        2.0 * (kk - jr) * (ss + jr + 1) / ((jr + 1) * np.maximum(2 * (kk - jr) - 1, 1)),
        1.0,
    )
    logw = np.concatenate([np.zeros((len(spin), 1)), np.cumsum(np.log(ratio), axis=1)], axis=1)
    logw = np.where(valid, logw, -np.inf)
    logw -= logsumexp(logw, axis=1, keepdims=True)
    return logw, j[0]


def check_spin_length(n_atoms: int, spin: int, name: str = "spin") -> int:
    """Raise ValueError unless 0 <= S <= N and S = N (mod 2), the spin lengths present for N atoms.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    spin : int
        Spin length S.
    name : str
        Argument name of the spin length used in the error message.

    Returns
    -------
    int
        ``spin``.

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7], or ``spin`` is not an integer S with
        0 <= S <= N and S = N (mod 2).
    """
    n_atoms = _check_n_atoms(n_atoms)
    spin = check_count(spin, name, 0, n_atoms)
    if (n_atoms - spin) % 2:
        raise ValueError(
            f"{name} must satisfy 0 <= S <= N and S = N (mod 2); got S={spin} for N={n_atoms}"
        )
    return spin


def lowest_weight_amplitudes(n_atoms: int, spin: int) -> np.ndarray:
    """Amplitudes a_j of |S, -S> on the Fock states |j, N - S - 2j, S + j>, j = 0..(N - S)/2.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N >= 1.
    spin : int
        Spin length S, 0 <= S <= N with S = N (mod 2).

    Returns
    -------
    numpy.ndarray
        Real, normalised amplitudes with sign (-1)^j (phase convention a_0 > 0).

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7] or ``spin`` is not allowed for it.
    """
    n = _check_n_atoms(n_atoms)
    spin = check_spin_length(n, spin)
    logw, j = _log_weights(n, np.array([spin]))
    k = (n - spin) // 2
    return ((-1.0) ** j[: k + 1]) * np.exp(0.5 * logw[0, : k + 1])


def lowest_weight_state(n_atoms: int, spin: int) -> np.ndarray:
    """|S, -S> as a vector on :func:`fock_basis` (N <= 400).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    spin : int
        Spin length S (0 <= S <= N, S = N mod 2).

    Returns
    -------
    numpy.ndarray
        Normalised real state vector of length (N + 1)(N + 2)/2.

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 400] or ``spin`` is not allowed for it.
    """
    n_atoms = _check_n_atoms(n_atoms, MAX_DENSE_N_ATOMS)
    spin = check_spin_length(n_atoms, spin)
    basis = fock_basis(n_atoms)
    index = {tuple(r): i for i, r in enumerate(basis)}
    amps = lowest_weight_amplitudes(n_atoms, spin)
    psi = np.zeros(len(basis))
    for j, a in enumerate(amps):
        psi[index[(j, n_atoms - spin - 2 * j, spin + j)]] = a
    return psi


def qfi_pure(state: np.ndarray, generator) -> float:
    """QFI of a pure state, F = 4 Var(G) (Masson & Parkins, text before Eq. (1)).

    Parameters
    ----------
    state : numpy.ndarray
        Normalised state vector.
    generator : array_like or sparse matrix
        Hermitian generator G.

    Returns
    -------
    float
        4 (<G^2> - <G>^2).

    Raises
    ------
    ValueError
        If ``state`` has NaN or infinite entries or a norm differing from 1 by more than
        :data:`spinbridge.dicke.NORM_TOLERANCE`, if ``generator`` does not match its dimension, or
        if the variance comes out NaN or negative.
    """
    psi = np.asarray(state)
    if psi.ndim != 1 or psi.size == 0 or not np.all(np.isfinite(psi)):
        raise ValueError("state must be a non-empty vector of finite amplitudes")
    if getattr(generator, "shape", None) != (psi.size, psi.size):
        raise ValueError(f"generator must have shape ({psi.size}, {psi.size}) to match state")
    check_norm(float(np.vdot(psi, psi).real), "qfi_pure: the squared norm of state")
    g_psi = generator @ psi
    mean = np.vdot(psi, g_psi).real
    second = np.vdot(g_psi, g_psi).real
    out = float(4.0 * (second - mean**2))
    _check_qfi(out, "qfi_pure(state, generator)", 4.0 * second)
    return out


def qfi_mixed(rho: np.ndarray, generator, *, cutoff: float = 1e-12) -> float:
    """QFI of a density matrix from its eigen-decomposition, Masson & Parkins Eq. (1).

    F = 2 sum_{i,j} (xi_i - xi_j)^2 / (xi_i + xi_j) |<e_i|G|e_j>|^2, the sum running over pairs
    with xi_i + xi_j > ``cutoff`` (this includes the kernel of rho, paired with its support).

    Parameters
    ----------
    rho : numpy.ndarray
        Hermitian, positive, unit-trace matrix.
    generator : array_like or sparse matrix
        Hermitian generator G of the same dimension.
    cutoff : float
        Pairs whose eigenvalue sum is below this are dropped (numerical zero).

    Returns
    -------
    float
        The quantum Fisher information.

    Raises
    ------
    TypeError, ValueError
        If ``rho`` is not a square matrix of finite entries with unit trace (within
        :data:`spinbridge.dicke.NORM_TOLERANCE`), ``generator`` does not match it, ``cutoff`` is
        not in (0, 1], or the result is NaN or negative.
    """
    cutoff = check_positive(cutoff, "cutoff", 1.0)
    rho = np.asarray(rho)
    if rho.ndim != 2 or rho.shape[0] != rho.shape[1]:
        raise ValueError(f"rho must be a square matrix, got shape {rho.shape}")
    if not np.all(np.isfinite(rho)):
        raise ValueError("rho must have finite entries")
    if getattr(generator, "shape", None) != rho.shape:
        raise ValueError(f"generator must have the shape {rho.shape} of rho")
    check_norm(float(np.trace(rho).real), "qfi_mixed: the trace of rho")
    xi, vecs = np.linalg.eigh(rho)
    xi = np.clip(xi, 0.0, None)
    g = generator @ vecs
    g_eig = np.abs(vecs.conj().T @ g) ** 2
    s = xi[:, None] + xi[None, :]
    d = (xi[:, None] - xi[None, :]) ** 2
    mask = s > cutoff
    out = float(2.0 * np.sum(d[mask] / s[mask] * g_eig[mask]))
    _check_qfi(out, f"qfi_mixed(cutoff={cutoff})")
    return out


def lowest_weight_qfi(n_atoms: int, spin=None) -> np.ndarray:
    """QFI of |S, -S> on G = Q_xx - Q_yy for all (or the given) spin lengths S.

    With the expansion of the module docstring, G|S,-S> has components only in the M = -S + 2
    and M = -S - 2 sectors, <G> = 0, and

        F(|S,-S>) = 4 <G^2> = 16 sum_j |a_j|^2 [(j + 1)(S + j) + j (S + j + 1)].

    Parameters
    ----------
    n_atoms : int
        Number of atoms N >= 1 (any size; cost O(len(S) (N - S_min)/2)).
    spin : array_like of int, optional
        Spin lengths (S = N mod 2); default :func:`allowed_spin_lengths`.

    Returns
    -------
    numpy.ndarray
        F(|S, -S>) for each S.

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7], a spin length is not allowed for it, the
        weights would not fit into this machine's RAM (naming ``n_atoms``), or a QFI comes out
        NaN or negative.
    """
    n = _check_n_atoms(n_atoms)
    spin = _check_spin_grid(n, spin)
    logw, j = _log_weights(n, spin)
    w = np.exp(logw)
    ss = spin[:, None].astype(float)
    jj = j[None, :].astype(float)
    out = 16.0 * np.sum(w * ((jj + 1) * (ss + jj) + jj * (ss + jj + 1)), axis=1)
    _check_qfi(out, f"lowest_weight_qfi(n_atoms={n})")
    return out


def lowest_weight_coupling(n_atoms: int, spin=None) -> np.ndarray:
    """|<S - 2, -(S - 2)| G |S, -S>| for all (or the given) S; zero where S < 2.

    Only b_{+1}^dag b_{-1} connects the two states: it maps |j, n_0, S + j> of |S, -S> onto
    |j + 1, n_0, S + j - 1>, the (j + 1)-th component of |S - 2, -(S - 2)>, so the matrix element
    is 2 sum_j a'_{j+1} a_j sqrt((j + 1)(S + j)) (Eq. (1) coupling term).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N >= 1.
    spin : array_like of int, optional
        Spin lengths S (S = N mod 2); default :func:`allowed_spin_lengths`.

    Returns
    -------
    numpy.ndarray
        Absolute matrix elements, one per S.

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7], a spin length is not allowed for it, the
        weights would not fit into this machine's RAM (naming ``n_atoms``), or an element comes
        out NaN.
    """
    n = _check_n_atoms(n_atoms)
    spin = _check_spin_grid(n, spin)
    out = np.zeros(len(spin))
    has = spin >= 2
    if not np.any(has):
        return out
    s_hi = spin[has]
    lw_hi, j = _log_weights(n, s_hi)
    lw_lo, _ = _log_weights(n, s_hi - 2)
    # a_j of |S,-S> (k+1 entries) against a'_{j+1} of |S-2,...> (k+2 entries)
    width = lw_hi.shape[1]
    lo_shift = lw_lo[:, 1 : width + 1]
    if lo_shift.shape[1] < width:
        pad = np.full((lo_shift.shape[0], width - lo_shift.shape[1]), -np.inf)
        lo_shift = np.concatenate([lo_shift, pad], axis=1)
    jj = j[None, :].astype(float)
    ss = s_hi[:, None].astype(float)
    with np.errstate(divide="ignore"):
        log_term = 0.5 * (lw_hi + lo_shift + np.log((jj + 1) * (ss + jj)))
    out[has] = 2.0 * np.sum(np.exp(log_term), axis=1)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"lowest_weight_coupling(n_atoms={n}) gave NaN matrix elements")
    return out


def lowest_weight_mixture_qfi(
    probabilities: np.ndarray, qfi: np.ndarray, coupling: np.ndarray
) -> np.ndarray:
    """QFI of rho = sum_S p_S |S, +-S><S, +-S| (Masson & Parkins Eqs. (1), (10), (14)).

    The |S, -S> are orthogonal eigenvectors of rho with eigenvalues p_S; the rest of the space
    is its kernel. Splitting Eq. (1) into support-support and support-kernel pairs and using
    sum_l |<e_i|G|e_l>|^2 = <G^2>_i = F_i / 4 gives

        F(rho) = sum_S p_S F_S - 16 sum_S p_S p_{S-2} / (p_S + p_{S-2}) |G_{S-2,S}|^2,

    since G couples |S, -S> only to |S +- 2, -(S +- 2)> within the support. The same holds for
    the |S, +S> states after an anti-TC pulse (G is symmetric under b_{+1} <-> b_{-1}).

    Parameters
    ----------
    probabilities : numpy.ndarray
        p_S on the grid of allowed S (spacing 2), last axis; leading axes are batch axes.
    qfi : numpy.ndarray
        F(|S, -S>) on the same grid (:func:`lowest_weight_qfi`).
    coupling : numpy.ndarray
        |<S - 2| G |S>| on the same grid (:func:`lowest_weight_coupling`).

    Returns
    -------
    numpy.ndarray
        F(rho) for each batch entry.

    Raises
    ------
    TypeError, ValueError
        If an array has NaN or infinite entries, ``probabilities`` has negative entries or rows
        not summing to 1 within :data:`spinbridge.dicke.NORM_TOLERANCE`, the grids differ in
        length, or a QFI comes out NaN or negative.
    """
    p = check_finite_array(probabilities, "probabilities")
    qfi = check_finite_array(qfi, "qfi")
    coupling = check_finite_array(coupling, "coupling")
    if qfi.shape != p.shape[-1:] or coupling.shape != p.shape[-1:]:
        raise ValueError(
            f"qfi and coupling must have the length {p.shape[-1]} of the probabilities' last "
            f"axis, got {qfi.shape}, {coupling.shape}"
        )
    if np.any(p < 0):
        raise ValueError("probabilities must be >= 0")
    total = p.sum(axis=-1)
    worst = float(total.flat[np.argmax(np.abs(total - 1.0))])
    check_norm(worst, "lowest_weight_mixture_qfi: a row of probabilities")
    hi, lo = p[..., 1:], p[..., :-1]
    tot = hi + lo
    with np.errstate(invalid="ignore", divide="ignore"):
        harm = np.where(tot > 0, hi * lo / np.where(tot > 0, tot, 1.0), 0.0)
    mean = np.sum(p * qfi, axis=-1)
    out = mean - 16.0 * np.sum(harm * np.asarray(coupling)[1:] ** 2, axis=-1)
    _check_qfi(out, "lowest_weight_mixture_qfi", mean)
    return out


def symmetric_embedding(n_atoms: int) -> np.ndarray:
    """Isometry from :func:`fock_basis` into the 3^N product space (N <= 6), columns normalised.

    Single-atom basis order (m = +1, 0, -1). Column i is the normalised symmetrisation of
    |+1>^{n_+} |0>^{n_0} |-1>^{n_-}. Used by tests (brute force against tensor products).

    Parameters
    ----------
    n_atoms : int
        Number of atoms, 1 <= N <= 6.

    Returns
    -------
    numpy.ndarray
        Matrix of shape (3^N, (N + 1)(N + 2)/2).
    """
    n = _check_n_atoms(n_atoms, 6)
    basis = fock_basis(n)
    out = np.zeros((3**n, len(basis)))
    for col, occ in enumerate(basis):
        labels = [0] * occ[0] + [1] * occ[1] + [2] * occ[2]
        for perm in set(itertools.permutations(labels)):
            idx = 0
            for lab in perm:
                idx = 3 * idx + lab
            out[idx, col] = 1.0
        out[:, col] /= np.linalg.norm(out[:, col])
    return out

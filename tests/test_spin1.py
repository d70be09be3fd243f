"""Tests of spinbridge.spin1: symmetric spin-1 states, the nematic generator and the QFI.

Brute force = explicit tensor products of N single-atom spin-1 matrices (N <= 4), in the style of
permutation-symmetric spin codes.
"""

import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinbridge import spin1

# single spin-1, basis (m = +1, 0, -1)
SZ1 = np.diag([1.0, 0.0, -1.0])
SP1 = np.sqrt(2.0) * np.array([[0, 1, 0], [0, 0, 1], [0, 0, 0]], dtype=float)
SM1 = SP1.T
SX1 = (SP1 + SM1) / 2
SY1 = (SP1 - SM1) / 2j


def _collective(single: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((3**n, 3**n), dtype=single.dtype)
    for k in range(n):
        mats = [np.eye(3)] * n
        mats[k] = single
        out = out + functools.reduce(np.kron, mats)
    return out


def _nematic_single() -> np.ndarray:
    """Q_xx - Q_yy of one atom from the paper's definition Q_ij = S_i S_j + S_j S_i - 4/3 d_ij."""
    q_xx = 2 * SX1 @ SX1 - 4 / 3 * np.eye(3)
    q_yy = 2 * SY1 @ SY1 - 4 / 3 * np.eye(3)
    return (q_xx - q_yy).real


@functools.cache
def _brute(n: int) -> dict:
    sz = _collective(SZ1, n)
    sp = _collective(SP1, n)
    s2 = sp.T @ sp + sz @ sz + sz
    g = _collective(_nematic_single(), n)
    emb = spin1.symmetric_embedding(n)
    return {"Sz": sz, "Sp": sp, "S2": s2, "G": g, "emb": emb}


def _brute_lowest_weight(n: int, spin: int) -> np.ndarray:
    """|S, -S> in the 3^N product space: S_z = -S, S^2 = S(S+1) inside the symmetric subspace."""
    b = _brute(n)
    emb = b["emb"]
    sz_sym = emb.T @ b["Sz"] @ emb
    s2_sym = emb.T @ b["S2"] @ emb
    # diagonalise S^2 + pi * S_z (non-degenerate on the symmetric subspace: each (S, M) once)
    vals, vecs = np.linalg.eigh(s2_sym + math.pi * sz_sym)
    target = spin * (spin + 1) - math.pi * spin
    i = int(np.argmin(np.abs(vals - target)))
    assert abs(vals[i] - target) < 1e-9
    return emb @ vecs[:, i]


def test_single_atom_generator_is_two_b_plus_dag_b_minus_plus_hc():
    """Text after Eq. (1): Q_xx - Q_yy = 2 (b_{+1}^dag b_{-1} + h.c.) for one atom.

    The library's G on the N = 1 Fock basis |1,0,0>, |0,1,0>, |0,0,1> (= m = +1, 0, -1) must equal
    the paper's definition Q_ij = S_i S_j + S_j S_i - 4/3 delta_ij built from spin-1 matrices.
    """
    basis = spin1.fock_basis(1)
    order = [int(np.flatnonzero(basis[:, k] == 1)[0]) for k in range(3)]  # m = +1, 0, -1
    g = spin1.collective_operators(1)["G"].toarray()[np.ix_(order, order)]
    np.testing.assert_allclose(g, _nematic_single(), atol=1e-12)
    expected = np.zeros((3, 3))
    expected[0, 2] = expected[2, 0] = 2.0
    np.testing.assert_allclose(g, expected, atol=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_fock_operators_match_tensor_products(n):
    """Collective S_z, S_+, S^2, G on the symmetric subspace = tensor-product operators there."""
    b = _brute(n)
    ops = spin1.collective_operators(n)
    emb = b["emb"]
    np.testing.assert_allclose(emb.T @ emb, np.eye(emb.shape[1]), atol=1e-12)
    for key, full in [("Sz", b["Sz"]), ("Sp", b["Sp"]), ("S2", b["S2"]), ("G", b["G"])]:
        # the symmetric subspace is invariant: full @ emb = emb @ fock
        np.testing.assert_allclose(full @ emb, emb @ ops[key].toarray(), atol=1e-12, err_msg=key)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7])
def test_symmetric_subspace_contains_each_spin_once(n):
    """S^2 spectrum on the symmetric subspace: S = N, N-2, ..., each with 2S + 1 states."""
    s2 = spin1.collective_operators(n)["S2"].toarray()
    vals = np.round(np.linalg.eigvalsh(s2), 8)
    expected = sorted(
        float(s * (s + 1)) for s in spin1.allowed_spin_lengths(n) for _ in range(2 * s + 1)
    )
    np.testing.assert_allclose(np.sort(vals), expected, atol=1e-8)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 8, 13])
def test_lowest_weight_state_eigenvalues_and_ladder(n):
    """|S,-S>: S^2 = S(S+1), S_z = -S, S_-|S,-S> = 0, ||S_+^k|S,-S>||^2 = prod ladder coeffs."""
    ops = spin1.collective_operators(n)
    for s in spin1.allowed_spin_lengths(n):
        psi = spin1.lowest_weight_state(n, s)
        assert np.linalg.norm(psi) == pytest.approx(1.0, abs=1e-12)
        np.testing.assert_allclose(ops["S2"] @ psi, s * (s + 1) * psi, atol=1e-9)
        np.testing.assert_allclose(ops["Sz"] @ psi, -s * psi, atol=1e-12)
        assert np.linalg.norm(ops["Sm"] @ psi) < 1e-9
        vec = psi
        for m in range(-s, s):
            vec = ops["Sp"] @ vec
            # S_+|S,m> = sqrt(S(S+1) - m(m+1)) |S,m+1>; normalise step by step
            coeff = math.sqrt(s * (s + 1) - m * (m + 1))
            assert np.linalg.norm(vec) == pytest.approx(coeff, rel=1e-10)
            vec = vec / coeff
            np.testing.assert_allclose(ops["Sz"] @ vec, (m + 1) * vec, atol=1e-9)
        assert np.linalg.norm(ops["Sp"] @ vec) < 1e-9  # |S,+S> is the top of the ladder


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_qfi_of_lowest_weight_states_matches_brute_force(n):
    """F(|S,-S>) = 4 Var(G) (pure-state QFI) from explicit tensor products, all S, N <= 4."""
    b = _brute(n)
    fast = spin1.lowest_weight_qfi(n)
    for i, s in enumerate(spin1.allowed_spin_lengths(n)):
        psi = _brute_lowest_weight(n, s)
        assert spin1.qfi_pure(psi, b["G"]) == pytest.approx(fast[i], rel=1e-10)
        # and the same state, up to a phase, as the Fock-basis construction
        overlap = abs(psi @ (b["emb"] @ spin1.lowest_weight_state(n, s)))
        assert overlap == pytest.approx(1.0, abs=1e-10)


def test_qfi_closed_form_small_cases():
    """Hand-computed: N=1, S=1 is |m=-1>: G|-1> = 2|+1>, F = 4*4 = 16. N=2, S=0: singlet."""
    assert spin1.lowest_weight_qfi(1)[0] == pytest.approx(16.0)
    # N = 2, S = 0: (b0^2 - 2 b+ b-)|0>/norm = (sqrt2|0,2,0> - 2|1,0,1>)/sqrt6; G maps |1,0,1>
    # to 2 sqrt2 (|2,0,0> + |0,0,2>), so ||G psi||^2 = (4/6) * 8 * 2 = 32/3, F = 128/3
    assert spin1.lowest_weight_qfi(2, [0])[0] == pytest.approx(128 / 3)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_coupling_matches_brute_force(n):
    """|<S-2,-(S-2)|G|S,-S>| from tensor products, all S >= 2 (Eq. (1) coupling term)."""
    b = _brute(n)
    fast = spin1.lowest_weight_coupling(n)
    for i, s in enumerate(spin1.allowed_spin_lengths(n)):
        if s < 2:
            assert fast[i] == 0.0
            continue
        hi = _brute_lowest_weight(n, s)
        lo = _brute_lowest_weight(n, s - 2)
        assert abs(lo @ b["G"] @ hi) == pytest.approx(fast[i], rel=1e-10)


@pytest.mark.parametrize("n", [3, 4])
def test_mixture_qfi_matches_eq1_in_product_space(n):
    """F(sum_S p_S |S,-S><S,-S|) from Eq. (1) on the 3^N-dim density matrix (kernel included)."""
    b = _brute(n)
    spins = spin1.allowed_spin_lengths(n)
    rng = np.random.default_rng(7)
    p = rng.random(len(spins))
    p /= p.sum()
    rho = sum(pk * np.outer(v, v) for pk, v in zip(p, [_brute_lowest_weight(n, s) for s in spins]))
    brute = spin1.qfi_mixed(rho, b["G"])
    fast = spin1.lowest_weight_mixture_qfi(
        p, spin1.lowest_weight_qfi(n), spin1.lowest_weight_coupling(n)
    )
    assert fast == pytest.approx(brute, rel=1e-9)


def test_mixture_qfi_matches_eq1_in_fock_space_large_n():
    """Same check at N = 14 (beyond brute force) on the dense symmetric-subspace matrices."""
    n = 14
    ops = spin1.collective_operators(n)
    spins = spin1.allowed_spin_lengths(n)
    p = np.exp(-((spins - 4.0) ** 2) / 6.0)
    p /= p.sum()
    states = [spin1.lowest_weight_state(n, s) for s in spins]
    rho = sum(pk * np.outer(v, v) for pk, v in zip(p, states))
    brute = spin1.qfi_mixed(rho, ops["G"].toarray())
    fast = spin1.lowest_weight_mixture_qfi(
        p, spin1.lowest_weight_qfi(n), spin1.lowest_weight_coupling(n)
    )
    assert fast == pytest.approx(brute, rel=1e-9)


def test_qfi_mixed_of_pure_state_is_four_variance():
    """Eq. (1) reduces to 4 Var(G) for a pure state (support-kernel terms only)."""
    rng = np.random.default_rng(3)
    g = rng.normal(size=(6, 6))
    g = g + g.T
    psi = rng.normal(size=6) + 1j * rng.normal(size=6)
    psi /= np.linalg.norm(psi)
    assert spin1.qfi_mixed(np.outer(psi, psi.conj()), g) == pytest.approx(
        spin1.qfi_pure(psi, g), rel=1e-10
    )


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=60),
    weights=st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=31, max_size=31),
)
def test_mixture_qfi_is_convex(n, weights):
    """F(sum p_S rho_S) <= sum p_S F(rho_S) (convexity of the QFI), and F >= 0."""
    spins = spin1.allowed_spin_lengths(n)
    p = np.asarray(weights[: len(spins)], dtype=float)
    if p.sum() == 0:
        p[0] = 1.0
    p /= p.sum()
    qfi = spin1.lowest_weight_qfi(n)
    mix = float(spin1.lowest_weight_mixture_qfi(p, qfi, spin1.lowest_weight_coupling(n)))
    # rounding of sums of O(N^2) terms: 1e-9 relative
    assert mix <= float(p @ qfi) * (1 + 1e-9) + 1e-9
    assert mix >= -1e-9 * float(p @ qfi)


def test_amplitudes_stable_for_large_n():
    """Log-space amplitudes: normalised and finite at N = 10^5 (no overflow of factorials)."""
    a = spin1.lowest_weight_amplitudes(100_000, 316)
    assert np.all(np.isfinite(a))
    assert np.sum(a**2) == pytest.approx(1.0, abs=1e-12)


def test_qfi_of_s_equal_n_is_product_state_value():
    """|N,-N> = |m=-1>^N is a product state: F = 4 N Var_1(G_1) = 16 N (shot-noise scaling)."""
    for n in [1, 5, 40]:
        assert spin1.lowest_weight_qfi(n, [n])[0] == pytest.approx(16.0 * n)


@pytest.mark.parametrize(
    "bad", [dict(n_atoms=0, spin=0), dict(n_atoms=4, spin=3), dict(n_atoms=4, spin=6)]
)
def test_bad_arguments_are_named(bad):
    with pytest.raises(ValueError, match="n_atoms|spin"):
        spin1.lowest_weight_amplitudes(**bad)


# --------------------------------------------------------------------------- guards, invariants
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: spin1.lowest_weight_mixture_qfi([0.5, 0.6], [1.0, 2.0], [0.0, 1.0]), "sums to"),
        (lambda: spin1.lowest_weight_mixture_qfi([1.5, -0.5], [1.0, 2.0], [0.0, 1.0]), ">= 0"),
        (lambda: spin1.lowest_weight_mixture_qfi([0.5, 0.5], [1.0, math.nan], [0.0, 1.0]), "qfi"),
        (lambda: spin1.lowest_weight_mixture_qfi([0.5, 0.5], [1.0], [0.0, 1.0]), "length"),
        (lambda: spin1.qfi_pure(np.array([1.0, 1.0]), np.eye(2)), "norm of state"),
        (lambda: spin1.qfi_mixed(np.eye(2), np.eye(2)), "trace of rho"),
        (lambda: spin1.qfi_mixed(np.eye(2) / 2, np.eye(3)), "generator"),
        (lambda: spin1.lowest_weight_qfi(6, [2.5]), "spin"),
        (lambda: spin1.lowest_weight_coupling(6, [3]), "spin"),
        (lambda: spin1.fock_basis(401), "n_atoms"),
        (lambda: spin1.allowed_spin_lengths(10**12), "n_atoms"),
    ],
)
def test_bad_arrays_and_sizes_are_refused(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_negative_mixture_qfi_is_refused():
    """A coupling too large for the given F_S would make F(rho) < 0: stop instead."""
    with pytest.raises(ValueError, match="negative QFI"):
        spin1.lowest_weight_mixture_qfi([0.5, 0.5], [1.0, 1.0], [0.0, 10.0])


def test_weight_memory_guard(monkeypatch):
    from spinbridge import dicke

    monkeypatch.setattr(dicke, "machine_memory_mb", lambda: 1000.0)
    with pytest.raises(ValueError, match="n_atoms = 20000 is too large"):
        spin1.lowest_weight_qfi(20000)
    assert spin1.lowest_weight_qfi(20000, [20000])[0] == pytest.approx(16.0 * 20000)

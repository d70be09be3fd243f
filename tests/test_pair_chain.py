"""Tests of spinbridge.pair_chain: the exact pair chain of Sundar et al. (2023), Eqs. (1)-(2).

The chain against a full four-mode Fock-space simulation (tests/pair_dense_reference.py: scipy
``expm`` / ``eigh``, no chain structure assumed) to 1e-10 for both pump states, invariants
(hypothesis), early-time agreement with the UPA, and the convergence of ``xi^2_min sqrt(N)``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import poisson

from spinbridge import pair_chain as pc
from tests import pair_dense_reference as ref

TIMES = np.array([0.0, 0.4, 1.3, 2.9, 5.0, 8.0])  # N chi t: before, at and after the minimum
EXACT = 1e-10  # both sides are exact up to rounding (measured 1e-14); 1e-10 leaves a wide margin


def _assert_close(got, want, keys=("xi2", "xi2_opt", "nbar")):
    for key in keys:
        np.testing.assert_allclose(got[key].values, want[key], rtol=0, atol=EXACT, err_msg=key)


# ----------------------------------------------------------------------------- the chain itself
@pytest.mark.parametrize("n_a, n_b, d", [(3, 5, 0.7), (4, 4, 4.0), (6, 2, -1.3)])
def test_chain_hamiltonian_is_eq1_restricted_to_the_pair_states(n_a, n_b, d):
    block = ref.Block.sector(n_a, n_b)
    h = block.hamiltonian(d)
    idx = [block.index[(n_a - k, k, k, n_b - k)] for k in range(min(n_a, n_b) + 1)]
    diag, off = pc.chain_hamiltonian(n_a, n_b, d)
    np.testing.assert_allclose(np.diag(h)[idx], diag, atol=1e-12)
    np.testing.assert_allclose(h[idx[1:], idx[:-1]], off, atol=1e-12)
    # the pair states are closed under H: nothing leaves the chain
    rest = np.setdiff1d(np.arange(block.dim), idx)
    assert np.abs(h[np.ix_(rest, idx)]).max() == 0.0


@pytest.mark.parametrize("n_atoms", [10, 64, 1000])
def test_resonance_leaves_only_the_minus_2k2_nonlinearity(n_atoms):
    # delta = N chi / 2 with N/2 atoms per ensemble: H_kk = const - 2 k^2 (Eq. (3)'s resonance)
    diag, off = pc.chain_hamiltonian(n_atoms // 2, n_atoms // 2, n_atoms / 2)
    k = np.arange(diag.size)
    np.testing.assert_allclose(diag - diag[0], -2.0 * k**2, atol=1e-9 * n_atoms**2)
    # near k = 0 the coupling is Eq. (3)'s (N/2) sqrt(k+1) sqrt(k+1)
    assert off[0] == pytest.approx(n_atoms / 2)


@pytest.mark.parametrize("n_atoms", [2, 6, 12])
@pytest.mark.parametrize("d", [0.5, -0.3])  # the paper's delta = N chi/2, and one it never used
def test_fock_chain_equals_the_full_four_mode_simulation(n_atoms, d):
    want = ref.fock_squeezing(n_atoms, TIMES, delta_over_nchi=d)
    _assert_close(pc.exact_squeezing(n_atoms, TIMES, delta_over_nchi=d), want)


@pytest.mark.parametrize("n_a, n_b", [(3, 5), (5, 3), (0, 4), (6, 2), (1, 1)])
def test_every_spin_moment_of_a_pump_sector_equals_the_full_space(n_a, n_b):
    means, seconds = ref.sector_moments(n_a, n_b, TIMES, n_atoms=8, delta_over_nchi=0.37)
    chain = pc._Chain(n_a, n_b, 0.37 * 8)
    mean, second = pc._spin_moments(n_a, n_b, *chain.raw_moments(TIMES / 8))
    np.testing.assert_allclose(mean, means, atol=EXACT)
    np.testing.assert_allclose(second, seconds, atol=EXACT)


@pytest.mark.parametrize("n_atoms, cutoff", [(2, 16), (4, 21)])
def test_coherent_pumps_equal_the_full_space_poisson_mixture(n_atoms, cutoff):
    # occupations above the cutoff are dropped: their weight (2 tails) times the size of the
    # moments they carry (<= cutoff^2) must stay well below the 1e-10 compared
    assert 2 * poisson.sf(cutoff, n_atoms / 2) * cutoff**2 < EXACT / 10
    got = pc.exact_squeezing(n_atoms, TIMES, "coherent", pump_nodes=64)
    assert "exact Poisson sum" in got.attrs["method"]
    _assert_close(got, ref.mixture_squeezing(n_atoms, TIMES, cutoff))


@pytest.mark.slow
@pytest.mark.parametrize("n_atoms, cutoff", [(8, 27), (12, 33)])
def test_coherent_pumps_equal_the_full_space_mixture_up_to_twelve_atoms(n_atoms, cutoff):
    # as above (the same tail bound), at the larger N: ~10^3 sectors of up to 10^3 states
    assert 2 * poisson.sf(cutoff, n_atoms / 2) * cutoff**2 < EXACT / 10
    got = pc.exact_squeezing(n_atoms, TIMES, "coherent", pump_nodes=64)
    assert "exact Poisson sum" in got.attrs["method"]
    _assert_close(got, ref.mixture_squeezing(n_atoms, TIMES, cutoff))


@pytest.mark.slow
def test_coherent_pumps_equal_a_coherent_state_in_the_full_fock_space():
    # the Poisson mixture is what the coherent state itself gives: blocks of fixed total number
    # up to 20 atoms (Poisson(2) tail 5e-15, times moments <= 400)
    got = pc.exact_squeezing(2, TIMES, "coherent", pump_nodes=64)
    _assert_close(got, ref.coherent_squeezing(2, TIMES, max_total=20))


def test_the_pump_rule_converges_to_the_exact_poisson_sum():
    exact = pc.exact_squeezing(30, TIMES[:5], "coherent", pump_nodes=64)
    assert "exact Poisson sum" in exact.attrs["method"]
    errors = []
    for nodes in (4, 10):
        rule = pc.exact_squeezing(30, TIMES[:5], "coherent", pump_nodes=nodes)
        assert "interpolatory rule" in rule.attrs["method"]
        errors.append(np.max(np.abs(rule["xi2_opt"] / exact["xi2_opt"] - 1)))
    # measured 1.8e-3 (4 nodes) and 4.5e-7 (10 nodes): the rule converges geometrically; the
    # bounds leave a factor ~20 for platform rounding of the Hermite nodes
    assert errors[1] < 1e-5 < errors[0] < 4e-2


def test_a_one_node_rule_is_the_fock_chain_at_the_mean():
    # one node at the Poisson mean: the Fock pump state with N/2 atoms per ensemble
    coh = pc.exact_squeezing(40, TIMES, "coherent", pump_nodes=1)
    _assert_close(coh, {k: v.values for k, v in pc.exact_squeezing(40, TIMES).items()})


# ----------------------------------------------------------------------------- invariants
@settings(max_examples=25, deadline=None)
@given(
    half=st.integers(1, 40),
    d=st.floats(-1.0, 1.0),
    t=st.lists(st.floats(0.0, 12.0), min_size=1, max_size=6),
)
def test_invariants_of_the_fock_chain(half, d, t):
    n_atoms, times = 2 * half, np.sort(np.array(t))
    chain = pc._Chain(half, half, d * n_atoms)
    psi = chain.amplitudes(times / n_atoms)
    np.testing.assert_allclose(np.sum(np.abs(psi) ** 2, axis=0), 1.0, atol=1e-12)  # unitarity
    ds = pc.chain_moments(n_atoms, times, delta_over_nchi=d)
    mean, g = ds["spin_mean"].values, ds["spin_moment"].values
    # conserved: N_A = N_B = N/2 (so S_{3,+} = S_A^z + S_B^z = 0) and <S^x> = <S^y> = 0
    np.testing.assert_allclose(mean[:, 2] + mean[:, 5], 0.0, atol=1e-9 * n_atoms)
    np.testing.assert_allclose(mean[:, [0, 1, 3, 4]], 0.0, atol=0)
    sq = pc._squeezing(mean, g, n_atoms)
    s3 = mean[:, 5] - mean[:, 2]
    s3_sq = g[:, 5, 5] + g[:, 2, 2] - 2 * g[:, 2, 5]
    tol = 1e-9 * n_atoms**2  # rounding of moments of size N^2
    assert np.all(sq["xi2_opt"] > 0)
    assert np.all(sq["xi2_opt"] <= sq["xi2"] * (1 + 1e-9))
    # Robertson for the Bloch sphere (S_{1,-}, S_{2,-}, S_{3,-}): V_min V_max >= <S_{3,-}>^2/4
    v_min, v_max = sq["xi2_opt"] * n_atoms / 4, (sq["xi2"] + sq["xi2_anti"] - sq["xi2_opt"])
    assert np.all(v_min * v_max * n_atoms / 4 >= s3**2 / 4 - tol)
    # total spin <= N/2: V_1 + V_2 <= (N/2)(N/2 + 1) - <S_{3,-}^2>, so with Robertson
    # xi^2 >= <S3>^2 / (N [(N/2)(N/2 + 1) - <S3^2>])  (the Heisenberg-type floor)
    room = n_atoms / 2 * (n_atoms / 2 + 1) - s3_sq
    v_sum = (sq["xi2"] + sq["xi2_anti"]) * n_atoms / 4
    assert np.all(v_sum <= room + tol)
    floor = s3**2 / (n_atoms * np.maximum(room, 1e-300))
    assert np.all(sq["xi2_opt"] >= floor * (1 - 1e-9) - 1e-12)
    # nbar = 2<k> in [0, N]
    assert np.all((ds["nbar"].values >= -1e-12) & (ds["nbar"].values <= n_atoms + 1e-9))


def test_the_squeezed_variances_of_both_bloch_spheres_are_equal():
    # (Delta S_{1,-})^2 = (Delta S_{2,+})^2 and (Delta S_{2,-})^2 = (Delta S_{1,+})^2 (text
    # after Eq. (3)), also for coherent pumps
    for pumps in ("fock", "coherent"):
        ds = pc.chain_moments(20, TIMES, pumps)
        mean, g = ds["spin_mean"].values, ds["spin_moment"].values
        cov = g - mean[:, :, None] * mean[:, None, :]

        def var(c, cov=cov):
            return np.einsum("i,tij,j->t", np.array(c, float), cov, np.array(c, float))

        np.testing.assert_allclose(var([0, -1, 0, 1, 0, 0]), var([1, 0, 0, 0, 1, 0]), atol=1e-10)
        np.testing.assert_allclose(var([-1, 0, 0, 0, 1, 0]), var([0, 1, 0, 1, 0, 0]), atol=1e-10)


def test_the_eigen_propagator_equals_expm_on_the_chain():
    diag, off = pc.chain_hamiltonian(60, 60, 60.0)
    h = np.diag(diag) + np.diag(off, 1) + np.diag(off, -1)
    chain = pc._Chain(60, 60, 60.0)
    for chi_t in (0.003, 0.05):
        want = scipy.linalg.expm(-1j * (h - diag[0] * np.eye(diag.size)) * chi_t)[:, 0]
        np.testing.assert_allclose(chain.amplitudes(np.array([chi_t]))[:, 0], want, atol=1e-11)


@pytest.mark.parametrize("n_a, n_b, d", [(600, 600, 0.5), (500, 450, 0.5), (600, 600, -0.3)])
def test_the_energy_window_keeps_every_eigenpair_the_pump_state_needs(monkeypatch, n_a, n_b, d):
    # long chains are diagonalised only near H_00; force that path on a 600-state chain and
    # compare with the complete diagonalisation over the whole UPA range of times
    diag, off = pc.chain_hamiltonian(n_a, n_b, d * (n_a + n_b))
    diag = diag - diag[0]
    chi_t = np.linspace(0, math.log(4 * (n_a + n_b)), 30) / (n_a + n_b)

    def amplitudes(energies, vectors):
        return vectors @ (np.exp(-1j * np.outer(energies, chi_t)) * vectors[0][:, None])

    full = amplitudes(*scipy.linalg.eigh_tridiagonal(diag, off))
    monkeypatch.setattr(pc, "_FULL_BELOW", 16)
    energies, vectors = pc._eigenpairs(diag, off)
    assert energies.size < diag.size / 3  # the window is a small part of the spectrum
    # both are exact up to rounding of amplitudes propagated over ~1e5 rad (measured 1e-13)
    np.testing.assert_allclose(amplitudes(energies, vectors), full, atol=1e-11)


# ----------------------------------------------------------------------------- UPA, Fig. 1(d)
@pytest.mark.parametrize(
    "n_atoms, pumps, window",
    [
        # nbar <= 0.1 sqrt(N): Eq. (6)'s beyond-UPA term is (nbar^2/N)^2 <= 1e-4 of the
        # squeezing and the pump depletion of the rate O(nbar/N)
        (4000, "fock", 0.1),
        # coherent pumps: the Poisson spread of N_A + N_B (std sqrt(N)) detunes pair production
        # by chi (N_A + N_B - N) and leaks antisqueezing ~ nbar^2/N, so a shorter window
        (400, "coherent", 0.03),
    ],
)
def test_early_times_agree_with_the_upa(n_atoms, pumps, window):
    # 2 %: the agreement asked of the UPA for nbar << sqrt(N)
    t_max = 2 * math.asinh(math.sqrt(window * math.sqrt(n_atoms) / 2))
    t = np.linspace(0.05, t_max, 12)
    ds = pc.exact_squeezing(n_atoms, t, pumps)
    np.testing.assert_allclose(ds["xi2"].values, np.exp(-t), rtol=0.02)
    np.testing.assert_allclose(ds["nbar"].values, 2 * np.sinh(t / 2) ** 2, rtol=0.02)
    np.testing.assert_allclose(ds["xi2_anti"].values, np.exp(t), rtol=0.02)


def test_squeezing_minimum_times_sqrt_n_converges():
    # Fig. 1(d) inset: xi^2_min sqrt(N) at N = 100, 400, 1600, 6400 (factor-4 steps). A
    # 1/sqrt(N) finite-size correction halves each step's change; we assert the changes shrink
    # by at least 0.6 per step (measured 0.545, 0.522) and that the limit, bounded by the
    # geometric tail d r/(1 - r), lies within 0.05 of the N = 6400 value
    values = [pc.exact_squeezing_minimum(n).xi2 * math.sqrt(n) for n in (100, 400, 1600, 6400)]
    steps = np.diff(values)
    assert np.all(steps > 0)  # finite N squeezes better
    ratios = steps[1:] / steps[:-1]
    assert np.all(ratios < 0.6)
    tail = steps[-1] * ratios[-1] / (1 - ratios[-1])
    assert tail < 0.05


def test_the_minimum_is_the_smallest_value_on_a_fine_grid():
    best = pc.exact_squeezing_minimum(300, quadrature="optimal")
    t = np.linspace(0, math.log(4 * 300), 3000)
    ds = pc.exact_squeezing(300, t)
    assert best.xi2 <= ds["xi2_opt"].values.min() + 1e-12
    assert best.xi2 == pytest.approx(ds["xi2_opt"].values.min(), rel=1e-4)  # grid step 2e-3
    at = pc.exact_squeezing(300, best.nchi_t)
    assert best.nbar == pytest.approx(float(at["nbar"][0]), rel=1e-12)


def test_datasets_carry_units_and_names():
    for ds in (pc.exact_squeezing(8, TIMES), pc.chain_moments(8, TIMES, "coherent")):
        for name in (*ds.data_vars, *ds.coords):
            assert {"units", "long_name"} <= set(ds[name].attrs), name
        assert {"N", "pumps", "method", "delta_over_nchi"} <= set(ds.attrs)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"N": 7}, "even"),
        ({"nchi_t": [1.0, 0.5]}, "sorted"),
        ({"nchi_t": np.zeros((2, 2))}, "1-D"),
        ({"pumps": "thermal"}, "pumps"),
        ({"N": 40_002}, "N must be"),
    ],
)
def test_bad_arguments_are_refused(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        pc.exact_squeezing(**{"N": 8, "nchi_t": TIMES, **kwargs})

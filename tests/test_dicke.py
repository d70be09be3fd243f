"""Tests of spinbridge.dicke: populations |c_S|^2 of |m_F=0>^N (Masson & Parkins Eqs. (7)-(8))."""

import math
from fractions import Fraction

import numpy as np
import pytest

from spinbridge import dicke, spin1


def _closed_form_fraction(n: int) -> list[Fraction]:
    """|c_S|^2 = (2S+1) N! sqrt(pi) / (2^{N+1} k! Gamma(m + 1/2)), m = (N+S+2)/2, k = (N-S)/2.

    Gamma(m + 1/2) = (2m)! sqrt(pi) / (4^m m!) makes it rational.
    """
    out = [Fraction(0)] * (n + 1)
    for s in range(n % 2, n + 1, 2):
        k, m = (n - s) // 2, (n + s + 2) // 2
        gamma_over_sqrt_pi = Fraction(math.factorial(2 * m), 4**m * math.factorial(m))
        out[s] = Fraction((2 * s + 1) * math.factorial(n), 2 ** (n + 1) * math.factorial(k))
        out[s] /= gamma_over_sqrt_pi
    return out


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7, 12, 25, 40])
def test_closed_form_equals_probability_recursion_exactly(n):
    """Eq. (8) iterated as a probability recursion = the closed form, in exact rationals."""
    exact = dicke.dicke_populations_exact(n)
    assert exact == _closed_form_fraction(n)
    assert sum(exact) == 1


def test_small_n_hand_values():
    """N = 2: |1,0>|1,0> = sqrt(2/3)|2,0> - sqrt(1/3)|0,0>; N = 3: P(1) = 2/3 2/5 + 1/3 = 3/5."""
    assert dicke.dicke_populations_exact(2) == [Fraction(1, 3), 0, Fraction(2, 3)]
    assert dicke.dicke_populations_exact(3) == [0, Fraction(3, 5), 0, Fraction(2, 5)]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6, 9, 12])
def test_populations_match_diagonalisation_in_m0_sector(n):
    """Diagonalise S^2 on the M = 0 Fock states and project |0, N, 0> = |m_F=0>^N onto it."""
    basis = spin1.fock_basis(n)
    s2 = spin1.collective_operators(n)["S2"].toarray()
    m0 = np.flatnonzero(basis[:, 0] == basis[:, 2])
    vals, vecs = np.linalg.eigh(s2[np.ix_(m0, m0)])
    start = np.zeros(len(m0))
    start[np.flatnonzero(basis[m0, 1] == n)[0]] = 1.0
    weights = (vecs.T @ start) ** 2
    spins = np.round((-1 + np.sqrt(1 + 4 * vals)) / 2).astype(int)
    direct = np.bincount(spins, weights=weights, minlength=n + 1)
    # eigh on a few-dozen-dim matrix: rounding ~1e-14
    np.testing.assert_allclose(direct, dicke.dicke_populations(n), atol=1e-12)


def test_literal_amplitude_reading_of_eq8_breaks_the_norm():
    """Adding Eq. (8)'s amplitudes of orthogonal coupling paths: sum != 1 from N = 3 on."""
    lit = dicke.literal_amplitude_recursion(3)
    # |1,0> amplitude: sqrt(2/3) (-sqrt(2/5)) - sqrt(1/3) -> squared 4/15 + 1/3 + 2 sqrt(4/45)
    assert lit[1] == pytest.approx((math.sqrt(4 / 15) + math.sqrt(1 / 3)) ** 2, rel=1e-12)
    assert lit.sum() > 1.5
    assert dicke.literal_amplitude_recursion(2).sum() == pytest.approx(1.0)


@pytest.mark.parametrize("n", [1, 2, 1000, 100_000, 1_000_000])
def test_populations_normalised_without_underflow(n):
    """sum_S |c_S|^2 = 1 to 1e-12 up to N = 10^6 and the bulk (S ~ sqrt N) is not underflowed."""
    p = dicke.dicke_populations(n)
    assert abs(p.sum() - 1.0) < 1e-12
    assert np.all(p[(np.arange(n + 1) - n) % 2 == 1] == 0)  # parity, text after Eq. (7)
    assert p.max() > 1e-4


@pytest.mark.parametrize("n", [10, 100, 500, 2000])
def test_ratio_form_matches_recursion_and_log_gamma(n):
    """Production (cumulated ratios) vs pure-numpy recursion vs log-gamma closed form."""
    p = dicke.dicke_populations(n)
    # O(N) float additions in the recursion: 1e-13 absolute
    np.testing.assert_allclose(dicke.dicke_populations_recursion(n), p, atol=1e-13)
    mask = p > 1e-250
    np.testing.assert_allclose(dicke.dicke_populations_closed_form(n)[mask], p[mask], rtol=1e-9)


def test_fig2_tail_matches_caption():
    """Fig. 2 caption: sum_{S>200} |c_S|^2 = 1.34e-9 at N = 1000."""
    # the paper quotes 3 significant figures
    assert dicke.tail_population(1000, 200) == pytest.approx(1.34e-9, rel=5e-3)


@pytest.mark.parametrize("n, cut", [(12, 6), (25, 11), (40, 20)])
def test_tail_population_is_exact_tail_sum(n, cut):
    """The log-space tail equals the exact rational sum of Eq. (8)'s probabilities above the cut."""
    exact = float(sum(dicke.dicke_populations_exact(n)[cut + 1 :]))
    # logsumexp of O(N) terms: a few ulp per term
    assert dicke.tail_population(n, cut) == pytest.approx(exact, rel=1e-12)


@pytest.mark.parametrize("n", [100, 999, 1000, 10_000, 100_000, 1_000_001])
def test_peak_is_first_allowed_spin_past_the_ratio_root(n):
    """|c_{S+2}|^2/|c_S|^2 = (2S+5)(N-S)/((2S+1)(N+S+3)) > 1 exactly for S^2 + 3S < N - 3/4.

    So the populations grow up to the root S* of S^2 + 3S = N - 3/4 and the peak is the smallest
    S = N (mod 2) with S >= S* (S* ~ sqrt(N) - 3/2; e.g. S* = 30.1 and peak 32 at N = 1000).
    """
    s_star = (-3 + math.sqrt(9 + 4 * (n - 0.75))) / 2
    first = math.ceil(s_star)
    first += (first - n) % 2
    assert dicke.peak_spin_length(n) == first


@pytest.mark.parametrize("n", [1, 2, 3, 8, 13, 40])
def test_parity_rule_after_eq7(n):
    """c_S = 0 unless S = N (mod 2), in the exact recursion of Eq. (8) and in the closed form."""
    assert dicke.wrong_parity_population(dicke.dicke_populations_exact(n), n) == 0.0
    assert dicke.wrong_parity_population(dicke.dicke_populations(n), n) == 0.0
    # and the helper does see populations of the wrong parity
    bad = np.zeros(n + 1)
    bad[(n + 1) % 2] = 0.25
    assert dicke.wrong_parity_population(bad, n) == 0.25


@pytest.mark.parametrize("n", [1, 2, 5, 20, 60, 300])
def test_top_population_is_two_to_n_over_central_binomial(n):
    """|c_N|^2 = 2^N / C(2N, N) (closed form at S = N, k = 0) ~ sqrt(pi N) 2^-N."""
    expected = n - math.log2(math.comb(2 * n, n))
    # cumulated log ratios over N/2 terms: ~N ulp
    assert dicke.log2_top_population(n) == pytest.approx(expected, rel=1e-12, abs=1e-12)
    if n >= 20:  # Stirling: C(2N,N) = 4^N / sqrt(pi N) (1 - 1/(8N) + ...)
        stirling = -n + 0.5 * math.log2(math.pi * n)
        assert dicke.log2_top_population(n) == pytest.approx(stirling, abs=1 / (4 * n))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: dicke.dicke_populations(0), "n_atoms"),
        (lambda: dicke.dicke_populations(2.5), "n_atoms"),
        (lambda: dicke.tail_population(10, 11), "spin_cut"),
        (lambda: dicke.dicke_populations_exact(201), "n_atoms"),
        (lambda: dicke.wrong_parity_population([1.0, 0.0], 3), "N \\+ 1"),
    ],
)
def test_bad_arguments_are_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------------- argument checks
@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: dicke.dicke_populations(math.nan), ValueError, "n_atoms"),
        (lambda: dicke.dicke_populations(math.inf), ValueError, "n_atoms"),
        (lambda: dicke.dicke_populations("20"), TypeError, "n_atoms"),
        (lambda: dicke.dicke_populations(True), TypeError, "n_atoms"),
        (lambda: dicke.dicke_populations(10**8), ValueError, "n_atoms"),
        (lambda: dicke.tail_population(10, 2.5), ValueError, "spin_cut"),
        (lambda: dicke.population_support(10, 1.0), ValueError, "rel_cut"),
        (lambda: dicke.population_support(10, math.nan), ValueError, "rel_cut"),
        (lambda: dicke.wrong_parity_population([0.5, math.nan], 1), ValueError, "populations"),
        (lambda: dicke.wrong_parity_population([0.5, -0.5], 1), ValueError, "populations"),
        (lambda: dicke.check_seed(-1), ValueError, "seed"),
        (lambda: dicke.check_seed(2**63), ValueError, "seed"),
        (lambda: dicke.check_seed(1.5), ValueError, "seed"),
    ],
)
def test_bad_arguments_are_refused_by_type_and_range(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_integral_floats_and_numpy_integers_are_counts():
    assert dicke.check_n_atoms(20.0) == 20 and dicke.check_n_atoms(np.int64(20)) == 20
    assert dicke.check_seed(2**63 - 1) == 2**63 - 1


def test_population_norm_is_checked(monkeypatch):
    """A population vector that does not sum to 1 stops the computation, naming N."""
    monkeypatch.setattr(dicke, "log_dicke_populations", lambda n: np.log(np.full(n + 1, 0.5)))
    with pytest.raises(ValueError, match=r"n_atoms=4\) sums to"):
        dicke.dicke_populations(4)


def test_memory_guard_names_the_argument(monkeypatch):
    monkeypatch.setattr(dicke, "machine_memory_mb", lambda: 100.0)
    with pytest.raises(ValueError, match="n_atoms = 7 is too large"):
        dicke.check_memory(200.0, "n_atoms", 7, "a test array")
    dicke.check_memory(50.0, "n_atoms", 7, "a test array")

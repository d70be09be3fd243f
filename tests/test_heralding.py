"""Tests of spinbridge.heralding: photon-counting likelihoods, posteriors and the average QFI.

Masson & Parkins, arXiv (Dec 2021), Eqs. (9)-(15).
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinbridge import dicke, heralding, sequence_datasets, spin1


@pytest.mark.parametrize("n", [5, 12, 31])
@pytest.mark.parametrize("eta", [0.0, 0.3, 0.8, 1.0])
def test_average_qfi_matches_loop_over_counts(n, eta):
    """Vectorised Eq. (12) = explicit sum_n p(n) F(rho_n) with Eq. (11) posteriors."""
    assert heralding.average_qfi(n, eta) == pytest.approx(
        heralding.average_qfi_reference(n, eta), rel=1e-10
    )


def test_average_qfi_matches_product_space_brute_force():
    """N = 4, eta = 0.6: build every rho_n in the 3^4-dim space and apply Eq. (1) to it."""
    from tests.test_spin1 import _brute, _brute_lowest_weight

    n, eta = 4, 0.6
    g = _brute(n)["G"]
    spins = spin1.allowed_spin_lengths(n)
    states = {s: _brute_lowest_weight(n, s) for s in spins}
    pop = dicke.dicke_populations(n)
    total = 0.0
    for count in range(n + 1):
        joint = {
            s: pop[s] * math.comb(s, count) * eta**count * (1 - eta) ** (s - count)
            for s in spins
            if s >= count
        }
        p_n = sum(joint.values())
        rho = sum(w / p_n * np.outer(states[s], states[s]) for s, w in joint.items())
        total += p_n * spin1.qfi_mixed(rho, g)
    assert heralding.average_qfi(n, eta) == pytest.approx(total, rel=1e-9)


def test_ideal_detector_is_eq9():
    """eta = 1: sum_S |c_S|^2 F(|S,-S>)."""
    n = 40
    s = spin1.allowed_spin_lengths(n)
    expected = dicke.dicke_populations(n)[s] @ spin1.lowest_weight_qfi(n)
    assert heralding.average_qfi(n) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("n", [8, 21])
def test_average_qfi_increases_with_efficiency(n):
    """Counts at lower eta are a binomial thinning of counts at higher eta; QFI is convex."""
    values = [heralding.average_qfi(n, e) for e in np.linspace(0, 1, 11)]
    assert np.all(np.diff(values) > 0)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(min_value=1, max_value=80), eta=st.floats(min_value=0.0, max_value=1.0))
def test_count_distribution_is_normalised_with_mean_eta_s(n, eta):
    """Eq. (13): sum_n p(n) = 1 and <n> = eta <S>."""
    counts, prob = heralding.photon_count_distribution(n, eta)
    pop = dicke.dicke_populations(n)
    assert prob.sum() == pytest.approx(1.0, abs=1e-12)
    assert prob @ counts == pytest.approx(eta * (pop @ np.arange(n + 1)), rel=1e-9, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=80),
    eta=st.floats(min_value=0.05, max_value=1.0),
    frac=st.floats(min_value=0.0, max_value=1.0),
)
def test_posterior_is_a_distribution_above_n(n, eta, frac):
    """Eq. (11): sum_S p(S|n) = 1 and p(S|n) = 0 for S < n; eta = 1 gives a projection."""
    spin, _ = dicke.population_support(n, 1e-30)
    count = int(frac * spin.max())
    if heralding.photon_count_distribution(n, eta)[1][count] < 1e-200:
        return  # an (essentially) impossible count has no posterior
    spin, post = heralding.spin_length_posterior(n, count, eta)
    assert post.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(post[spin < count] == 0)


def test_posterior_ideal_detector_projects():
    spin, post = heralding.spin_length_posterior(20, 6, 1.0)
    np.testing.assert_allclose(post, (spin == 6).astype(float))


# --------------------------------------------------------------------------- Eqs. (14)-(15)
@pytest.mark.parametrize("m", [1, 2])
def test_pulse_likelihood_is_normalised_over_counts(m):
    """A pulse of mS photons: sum_n C(mS, n) eta^n (1-eta)^(mS-n) = 1."""
    for s in [0, 1, 7, 30]:
        counts = np.arange(m * s + 1)
        like = heralding.pulse_likelihood(counts, s, 0.7, photons_per_spin=m)
        assert like.sum() == pytest.approx(1.0, abs=1e-12)


def test_printed_exponent_biases_the_posterior_by_one_minus_eta_power():
    """Printed/corrected posterior ratio = (1 - eta)^(-S (pulses - 1)) up to normalisation."""
    n, eta, counts = 100, 0.7, np.array([8, 15, 13, 16])
    spin, post = heralding.sequence_posterior(n, counts, eta)
    _, printed = heralding.sequence_posterior(n, counts, eta, printed_exponent=True)
    keep = post[-1] > 1e-12
    last = printed[-1][keep] / post[-1][keep]
    expected = (1 - eta) ** (-spin * 3.0)[keep]
    np.testing.assert_allclose(last / last[0], expected / expected[0], rtol=1e-8)
    assert printed[-1] @ spin > post[-1] @ spin  # pulled towards larger S


def test_first_pulse_of_sequence_is_eq11():
    _spin, post = heralding.sequence_posterior(50, [5], 0.6)
    _spin2, post2 = heralding.spin_length_posterior(50, 5, 0.6)
    np.testing.assert_allclose(post[0], post2, atol=1e-14)


def test_sequence_concentrates_on_true_spin():
    """Fig. 5 / text: after enough pulses the posterior projects onto the true S."""
    ds = sequence_datasets.simulate_pulse_sequence(400, 20, 0.7, 40, seed=5)
    assert float(ds.posterior.sel(pulse=40, spin=20)) > 0.99
    assert np.all(np.diff(ds.posterior_std.values[[0, 9, 39]]) < 0)
    std = ds.posterior_std.values
    assert float(ds.posterior_std_max_change) == np.max(np.diff(std))
    assert float(ds.posterior_std_ratio) == std[-1] / std[0]


def test_pulse_counts_are_binomial_with_s_then_2s_photons():
    """First pulse: S photons, later pulses 2S (text before Eq. (14)); counts ~ Binom(mS, eta)."""
    rng = np.random.default_rng(12)
    s, eta, n = 10, 0.7, 20_000
    counts = heralding.draw_pulse_counts(rng, np.full(n, s), eta, 3)
    assert counts.shape == (n, 3)
    assert counts[:, 0].max() <= s and counts[:, 1:].max() <= 2 * s
    for k, m in [(0, 1), (1, 2), (2, 2)]:
        sem = math.sqrt(m * s * eta * (1 - eta) / n)
        # 4 standard errors of the sample mean
        assert abs(counts[:, k].mean() - eta * m * s) < 4 * sem


def test_sampler_is_reproducible_and_ideal_detector_gives_pure_states():
    a = heralding.sample_sequence_qfi(16, 50, 0.7, 5, seed=3)
    b = heralding.sample_sequence_qfi(16, 50, 0.7, 5, seed=3)
    np.testing.assert_array_equal(a, b)
    ideal = heralding.sample_sequence_qfi(16, 200, 1.0, 2, seed=3)
    allowed = spin1.lowest_weight_qfi(16)
    assert np.all(np.min(np.abs(ideal[:, :, None] - allowed[None, None, :]), axis=-1) < 1e-6)


def test_sampled_mean_converges_to_ideal_average():
    """Fig. 6: sample mean after many pulses -> Eq. (9) within 4 standard errors."""
    q = heralding.sample_sequence_qfi(16, 2000, 0.8, 25, seed=11)
    mean, sem = q[:, -1].mean(), q[:, -1].std(ddof=1) / math.sqrt(len(q))
    assert abs(mean - heralding.ideal_average_qfi(16)) < 4 * sem


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: heralding.average_qfi(10, 1.5), "efficiency"),
        (lambda: heralding.average_qfi(0, 0.5), "n_atoms"),
        (lambda: heralding.pulse_likelihood(1, 2, 0.5, photons_per_spin=3), "photons_per_spin"),
        (lambda: heralding.spin_length_posterior(10, 11, 0.5), "n_counts"),
        (lambda: heralding.sequence_posterior(10, [2], 0.0), "efficiency"),
        (lambda: heralding.sample_sequence_qfi(10, 0, 0.5, 2, seed=1), "n_states"),
    ],
)
def test_bad_arguments_are_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------------- guards, invariants
def test_impossible_count_has_no_posterior():
    """eta = 1 and a count of the wrong parity: p(n) = 0, so p(S | n) would be 0/0 = NaN."""
    with pytest.raises(ValueError, match="n_counts = 3 is impossible"):
        heralding.spin_length_posterior(10, 3, 1.0)


def test_zero_efficiency_is_the_unheralded_mixture_but_has_no_posterior():
    unheralded = heralding.average_qfi(12, 0.0)
    pop, qfi = dicke.dicke_populations(12)[::2], spin1.lowest_weight_qfi(12)
    coupling = spin1.lowest_weight_coupling(12)
    assert unheralded == pytest.approx(float(spin1.lowest_weight_mixture_qfi(pop, qfi, coupling)))
    for call in (
        lambda: heralding.spin_length_posterior(10, 0, 0.0),
        lambda: heralding.sample_sequence_qfi(8, 2, 0.0, 2, seed=1),
    ):
        with pytest.raises(ValueError, match="efficiency"):
            call()


def test_average_qfi_memory_guard(monkeypatch):
    """N whose estimated memory (resources.average_qfi_chunk_cost) exceeds the RAM is refused."""
    monkeypatch.setattr(dicke, "machine_memory_mb", lambda: 310.0)
    with pytest.raises(ValueError, match="n_atoms = 2000 is too large"):
        heralding.average_qfi(2000, 0.5)
    with pytest.raises(ValueError, match="n_atoms = 2000 is too large"):
        heralding.ideal_average_qfi(2000)
    assert heralding.average_qfi(20, 0.5) > 0


def test_nan_or_negative_average_qfi_is_refused(monkeypatch):
    monkeypatch.setattr(spin1, "lowest_weight_coupling", lambda n, s: np.full(len(s), 1e6))
    with pytest.raises(ValueError, match=r"average_qfi\(n_atoms=20, efficiency=0.5"):
        heralding.average_qfi(20, 0.5)


def test_count_distribution_norm_is_checked(monkeypatch):
    monkeypatch.setattr(
        heralding, "_log_binom_pmf", lambda n, t, e: np.zeros(np.broadcast(n, t).shape)
    )
    with pytest.raises(ValueError, match=r"photon_count_distribution\(n_atoms=20"):
        heralding.photon_count_distribution(20, 0.5)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: heralding.sample_sequence_qfi(8, 10**9, 0.5, 2, seed=1), "n_states"),
        (lambda: heralding.sample_sequence_qfi(8, 10**7, 0.5, 20, seed=1), "posterior entries"),
        (lambda: heralding.sample_sequence_qfi(8, 5, 0.5, 2, seed=-1), "seed"),
        (lambda: heralding.sample_sequence_qfi(8, 5, 0.5, 2, seed=2**63), "seed"),
        (lambda: heralding.draw_pulse_counts(1, [2], 0.5, 2), "rng"),
        (lambda: heralding.draw_pulse_counts(np.random.default_rng(), [2], 0.5, 10**5), "n_pulses"),
        (lambda: heralding.sequence_posterior(10, [2.5], 0.5), "counts"),
        (lambda: heralding.sequence_posterior(10, [math.nan], 0.5), "counts"),
        (lambda: heralding.pulse_likelihood([-1], [2], 0.5), "n_counts"),
        (lambda: heralding.average_qfi(100001, 0.5), "n_atoms"),
    ],
)
def test_sizes_seeds_and_arrays_are_checked(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()

"""Tests of spinbridge.counting (Masson & Parkins, arXiv:2112, 2021) and its Snakemake scripts."""

import importlib.util
import math
import types
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinbridge import counting, spin1, store
from tests.conftest import REPO


# --------------------------------------------------------------------------- Eqs. (7)-(8)
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
    exact = counting.dicke_populations_exact(n)
    assert exact == _closed_form_fraction(n)
    assert sum(exact) == 1


def test_small_n_hand_values():
    """N = 2: |1,0>|1,0> = sqrt(2/3)|2,0> - sqrt(1/3)|0,0>; N = 3: P(1) = 2/3 2/5 + 1/3 = 3/5."""
    assert counting.dicke_populations_exact(2) == [Fraction(1, 3), 0, Fraction(2, 3)]
    assert counting.dicke_populations_exact(3) == [0, Fraction(3, 5), 0, Fraction(2, 5)]


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
    np.testing.assert_allclose(direct, counting.dicke_populations(n), atol=1e-12)


def test_literal_amplitude_reading_of_eq8_breaks_the_norm():
    """Adding Eq. (8)'s amplitudes of orthogonal coupling paths: sum != 1 from N = 3 on."""
    lit = counting.literal_amplitude_recursion(3)
    # |1,0> amplitude: sqrt(2/3) (-sqrt(2/5)) - sqrt(1/3) -> squared 4/15 + 1/3 + 2 sqrt(4/45)
    assert lit[1] == pytest.approx((math.sqrt(4 / 15) + math.sqrt(1 / 3)) ** 2, rel=1e-12)
    assert lit.sum() > 1.5
    assert counting.literal_amplitude_recursion(2).sum() == pytest.approx(1.0)


@pytest.mark.parametrize("n", [1, 2, 1000, 100_000, 1_000_000])
def test_populations_normalised_without_underflow(n):
    """sum_S |c_S|^2 = 1 to 1e-12 up to N = 10^6 and the bulk (S ~ sqrt N) is not underflowed."""
    p = counting.dicke_populations(n)
    assert abs(p.sum() - 1.0) < 1e-12
    assert np.all(p[(np.arange(n + 1) - n) % 2 == 1] == 0)  # parity, text after Eq. (7)
    assert p.max() > 1e-4


@pytest.mark.parametrize("n", [10, 100, 500, 2000])
def test_ratio_form_matches_recursion_and_log_gamma(n):
    """Production (cumulated ratios) vs pure-numpy recursion vs log-gamma closed form."""
    p = counting.dicke_populations(n)
    # O(N) float additions in the recursion: 1e-13 absolute
    np.testing.assert_allclose(counting.dicke_populations_recursion(n), p, atol=1e-13)
    mask = p > 1e-250
    np.testing.assert_allclose(counting.dicke_populations_closed_form(n)[mask], p[mask], rtol=1e-9)


def test_fig2_tail_and_peak():
    """Fig. 2 caption: sum_{S>200} |c_S|^2 = 1.34e-9 at N = 1000; peak at S ~ sqrt(N)."""
    # the paper quotes 3 significant figures
    assert counting.tail_population(1000, 200) == pytest.approx(1.34e-9, rel=5e-3)
    assert counting.peak_spin_length(1000) == 32


@pytest.mark.parametrize("n", [100, 999, 10_000, 100_000, 1_000_001])
def test_peak_follows_ratio_condition(n):
    """|c_{S+2}|^2/|c_S|^2 = 1 at S^2 + 3S = N - 3/4: the peak is within 2 of sqrt(N) - 3/2."""
    s_star = (-3 + math.sqrt(9 + 4 * (n - 0.75))) / 2
    assert abs(counting.peak_spin_length(n) - s_star) <= 2


# --------------------------------------------------------------------------- Eqs. (9)-(13)
@pytest.mark.parametrize("n", [5, 12, 31])
@pytest.mark.parametrize("eta", [0.0, 0.3, 0.8, 1.0])
def test_average_qfi_matches_loop_over_counts(n, eta):
    """Vectorised Eq. (12) = explicit sum_n p(n) F(rho_n) with Eq. (11) posteriors."""
    assert counting.average_qfi(n, eta) == pytest.approx(
        counting.average_qfi_reference(n, eta), rel=1e-10
    )


def test_average_qfi_matches_product_space_brute_force():
    """N = 4, eta = 0.6: build every rho_n in the 3^4-dim space and apply Eq. (1) to it."""
    from tests.test_spin1 import _brute, _brute_lowest_weight

    n, eta = 4, 0.6
    g = _brute(n)["G"]
    spins = spin1.allowed_spin_lengths(n)
    states = {s: _brute_lowest_weight(n, s) for s in spins}
    pop = counting.dicke_populations(n)
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
    assert counting.average_qfi(n, eta) == pytest.approx(total, rel=1e-9)


def test_ideal_detector_is_eq9():
    """eta = 1: sum_S |c_S|^2 F(|S,-S>)."""
    n = 40
    s = spin1.allowed_spin_lengths(n)
    expected = counting.dicke_populations(n)[s] @ spin1.lowest_weight_qfi(n)
    assert counting.average_qfi(n) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("n", [8, 21])
def test_average_qfi_increases_with_efficiency(n):
    """Counts at lower eta are a binomial thinning of counts at higher eta; QFI is convex."""
    values = [counting.average_qfi(n, e) for e in np.linspace(0, 1, 11)]
    assert np.all(np.diff(values) > 0)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(min_value=1, max_value=80), eta=st.floats(min_value=0.0, max_value=1.0))
def test_count_distribution_is_normalised_with_mean_eta_s(n, eta):
    """Eq. (13): sum_n p(n) = 1 and <n> = eta <S>."""
    counts, prob = counting.photon_count_distribution(n, eta)
    pop = counting.dicke_populations(n)
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
    spin, _ = counting.spin_length_posterior(n, 0, eta)
    count = int(frac * spin.max())
    if counting.photon_count_distribution(n, eta)[1][count] < 1e-200:
        return  # an (essentially) impossible count has no posterior
    spin, post = counting.spin_length_posterior(n, count, eta)
    assert post.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(post[spin < count] == 0)


def test_posterior_ideal_detector_projects():
    spin, post = counting.spin_length_posterior(20, 6, 1.0)
    np.testing.assert_allclose(post, (spin == 6).astype(float))


# --------------------------------------------------------------------------- Eqs. (14)-(15)
@pytest.mark.parametrize("m", [1, 2])
def test_pulse_likelihood_is_normalised_over_counts(m):
    """A pulse of mS photons: sum_n C(mS, n) eta^n (1-eta)^(mS-n) = 1."""
    for s in [0, 1, 7, 30]:
        counts = np.arange(m * s + 1)
        like = counting.pulse_likelihood(counts, s, 0.7, photons_per_spin=m)
        assert like.sum() == pytest.approx(1.0, abs=1e-12)


def test_printed_eq15_exponent_is_not_a_distribution():
    """Eq. (15) as printed, C(2S,n) eta^n (1-eta)^(S-n), sums over n to (1-eta)^(-S) != 1."""
    s, eta = 10, 0.7
    n = np.arange(2 * s + 1)
    printed = np.array([math.comb(2 * s, k) * eta**k * (1 - eta) ** (s - k) for k in n])
    assert printed.sum() == pytest.approx((1 - eta) ** (-s), rel=1e-12)


def test_printed_exponent_biases_the_posterior_by_one_minus_eta_power():
    """Printed/corrected posterior ratio = (1 - eta)^(-S (pulses - 1)) up to normalisation."""
    n, eta, counts = 100, 0.7, np.array([8, 15, 13, 16])
    spin, post = counting.sequence_posterior(n, counts, eta)
    _, printed = counting.sequence_posterior(n, counts, eta, printed_exponent=True)
    keep = post[-1] > 1e-12
    last = printed[-1][keep] / post[-1][keep]
    expected = (1 - eta) ** (-spin * 3.0)[keep]
    np.testing.assert_allclose(last / last[0], expected / expected[0], rtol=1e-8)
    assert printed[-1] @ spin > post[-1] @ spin  # pulled towards larger S


def test_first_pulse_of_sequence_is_eq11():
    _spin, post = counting.sequence_posterior(50, [5], 0.6)
    _spin2, post2 = counting.spin_length_posterior(50, 5, 0.6)
    np.testing.assert_allclose(post[0], post2, atol=1e-14)


def test_sequence_concentrates_on_true_spin():
    """Fig. 5 / text: after enough pulses the posterior projects onto the true S."""
    ds = counting.simulate_pulse_sequence(400, 20, 0.7, 40, seed=5)
    assert float(ds.posterior.sel(pulse=40, spin=20)) > 0.99
    assert np.all(np.diff(ds.posterior_std.values[[0, 9, 39]]) < 0)


def test_sampler_is_reproducible_and_ideal_detector_gives_pure_states():
    a = counting.sample_sequence_qfi(16, 50, 0.7, 5, seed=3)
    b = counting.sample_sequence_qfi(16, 50, 0.7, 5, seed=3)
    np.testing.assert_array_equal(a, b)
    ideal = counting.sample_sequence_qfi(16, 200, 1.0, 2, seed=3)
    allowed = spin1.lowest_weight_qfi(16)
    assert np.all(np.min(np.abs(ideal[:, :, None] - allowed[None, None, :]), axis=-1) < 1e-6)


def test_sampled_mean_converges_to_ideal_average():
    """Fig. 6: sample mean after many pulses -> Eq. (9) within 4 standard errors."""
    q = counting.sample_sequence_qfi(16, 2000, 0.8, 25, seed=11)
    mean, sem = q[:, -1].mean(), q[:, -1].std(ddof=1) / math.sqrt(len(q))
    assert abs(mean - counting.ideal_average_qfi(16)) < 4 * sem


# --------------------------------------------------------------------------- fits
def test_power_law_fit_recovers_exact_law_and_reports_errors():
    n = np.arange(2, 300)
    fit = counting.fit_power_law(n, 6.5 * n**2.02)
    assert fit["prefactor"] == pytest.approx(6.5, rel=1e-10)
    assert fit["exponent"] == pytest.approx(2.02, rel=1e-12)
    noisy = 6.5 * n**2.02 * np.exp(np.random.default_rng(1).normal(0, 0.05, n.size))
    fit = counting.fit_power_law(n, noisy, window=(10, 200))
    assert fit["n_min"] == 10 and fit["n_max"] == 200
    # 5 % log-noise on 191 points: sigma_b ~ 0.05 / (std(log N) sqrt(191)) ~ 5e-3
    assert 1e-3 < fit["exponent_sigma"] < 2e-2
    assert abs(fit["exponent"] - 2.02) < 4 * fit["exponent_sigma"]
    with pytest.raises(ValueError, match="window"):
        counting.fit_power_law(n, noisy, window=(200, 10))


# --------------------------------------------------------------------------- Eq. (2)
@pytest.mark.parametrize("spin", [1, 2, 3])
def test_tc_emission_emits_s_photons_and_ends_in_lowest_state(spin):
    lam = 0.4 / math.sqrt(spin)
    t_end = 15 * counting.cascade_time_rate_equation(spin, lam) + 40
    res = counting.tc_emission(spin, lam, np.linspace(0, t_end, 60))
    assert res["emitted_total"] == pytest.approx(spin, rel=1e-5)  # integrator rtol 1e-8
    assert res["sz"][-1] == pytest.approx(-spin, abs=1e-5)
    assert res["final_population"][-1] == pytest.approx(1.0, abs=1e-5)
    assert np.all(np.diff(res["emitted"]) > -1e-9)


@pytest.mark.parametrize("spin", [1, 2, 4])
def test_weak_coupling_duration_is_bad_cavity_rate_equation(spin):
    """sqrt(S) lambda << kappa: T = (kappa / 2 lambda^2) H_{2S}/(2S+1) ~ (S lambda^2/kappa)^-1."""
    lam = 0.1 / math.sqrt(spin)
    t_rate = counting.cascade_time_rate_equation(spin, lam)
    harmonic = sum(1.0 / j for j in range(1, 2 * spin + 1))
    assert t_rate == pytest.approx(harmonic / (2 * spin + 1) / (2 * lam**2), rel=1e-12)
    res = counting.tc_emission(spin, lam, np.linspace(0, 12 * t_rate + 30, 50))
    # corrections O((sqrt(S) lambda/kappa)^2) and the 1/kappa cavity delay: 5 % at 0.1
    assert res["cascade_time"] == pytest.approx(t_rate, rel=0.05)
    assert 0.2 < res["cascade_time"] * spin * lam**2 < 1.0  # t_pulse ~ (S lambda^2/kappa)^-1


def test_strong_coupling_duration_is_a_few_over_kappa():
    for spin in [1, 4]:
        lam = 3.0 / math.sqrt(spin)
        res = counting.tc_emission(spin, lam, np.linspace(0, 60, 100))
        assert 0.5 < res["cascade_time"] < 5.0


def test_pulse_time_estimate_paper_parameters():
    """{g, kappa}/2pi = {10, 0.2} MHz, Omega/Delta = 0.01, N = 10^4: angular units throughout."""
    est = counting.pulse_time_estimate(10.0, 0.2, 0.01, 10_000)
    lam = 2 * math.pi * 10e6 * 0.01 / (12 * math.sqrt(2))
    assert est["lambda_rad_s"] == pytest.approx(lam)
    assert est["t_pulse_s"] == pytest.approx(2 * math.pi * 0.2e6 / (100 * lam**2))
    assert est["coupling_ratio"] < 1  # weak-coupling regime, as the paper assumes
    with pytest.raises(ValueError, match="g_MHz"):
        counting.pulse_time_estimate(-1.0, 0.2, 0.01, 100)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: counting.dicke_populations(0), "n_atoms"),
        (lambda: counting.average_qfi(10, 1.5), "efficiency"),
        (lambda: counting.tc_emission(9, 0.1, np.linspace(0, 1, 3)), "spin"),
        (lambda: counting.tail_population(10, 11), "spin_cut"),
    ],
)
def test_bad_arguments_are_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------------- scripts
def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake(tmp_path, name, cfg, **inputs):
    return types.SimpleNamespace(
        params=types.SimpleNamespace(cfg=cfg),
        output=[str(tmp_path / f"{name}.nc")],
        log=[str(tmp_path / f"{name}.log")],
        input=types.SimpleNamespace(**inputs),
        wildcards=types.SimpleNamespace(),
    )


SMOKE_QFI = {
    "fit_windows": [[2, 12], [4, 20]],
    "claim_window": [4, 20],
    "inset_n_atoms": 10,
    "count_n_atoms": 30,
    "count_efficiencies": [1.0, 0.5],
}


def test_scripts_write_conventional_netcdf(tmp_path):
    jobs = [
        (
            "masson2021_populations",
            {"n_atoms": 100, "tail_spin_cut": 20, "scan_n_atoms": [10, 100], "check_n_atoms": 5},
        ),
        (
            "masson2021_pulse_sequence",
            {"n_atoms": 100, "spin_true": 10, "efficiency": 0.7, "n_pulses": 3, "seed": 1},
        ),
        (
            "masson2021_sampled_qfi",
            {"n_atoms": 8, "n_states": 20, "efficiencies": [0.9, 0.5], "n_pulses": 3, "seed": 2},
        ),
        (
            "masson2021_emission",
            {
                "spins": [1, 2],
                "couplings": [0.5, 2.0],
                "trace_couplings": [1.0],
                "trace_t_max_kappa": 10.0,
                "trace_points": 20,
                "g_MHz": 10.0,
                "kappa_MHz": 0.2,
                "gamma_MHz": 6.0,
                "omega_over_delta": 0.01,
                "n_atoms": 10000,
            },
        ),
    ]
    for name, cfg in jobs:
        _load_script(name).main(_fake(tmp_path, name, cfg))
        ds = store.read(tmp_path / f"{name}.nc")
        assert ds.attrs["paper"] == store.PAPERS["masson2021"]
    chunk = _load_script("masson2021_qfi_chunk")
    paths = []
    for eta in [1.0, 0.5]:
        for lo, hi in [(1, 10), (11, 20)]:
            name = f"chunk_{eta:g}_{lo}"
            chunk.main(_fake(tmp_path, name, {"efficiency": eta, "n_min": lo, "n_max": hi}))
            paths.append(str(tmp_path / f"{name}.nc"))
    _load_script("masson2021_qfi_scaling").main(
        _fake(tmp_path, "scaling", SMOKE_QFI, chunks=paths[:2])
    )
    _load_script("masson2021_qfi_efficiency").main(
        _fake(tmp_path, "efficiency", SMOKE_QFI, chunks=paths)
    )
    scaling = store.read(tmp_path / "scaling.nc")
    assert scaling.sizes["n_atoms"] == 20
    assert float(scaling.average_qfi.sel(efficiency=1.0, n_atoms=7)) == pytest.approx(
        counting.average_qfi(7)
    )
    # attrs the notebook reads
    assert scaling.attrs["inset_n_atoms"] == 10 and scaling.attrs["claim_window"] == "4-20"
    assert "units" in scaling.average_qfi.attrs
    eff = store.read(tmp_path / "efficiency.nc")
    assert eff.attrs["count_n_atoms"] == 30
    assert set(eff.efficiency.values) == {0.5, 1.0}
    assert eff.count_probability.sum("count").values == pytest.approx([1.0, 1.0])
    assert np.isfinite(float(eff.claim_exponent.sel(efficiency=0.5, parity="all")))

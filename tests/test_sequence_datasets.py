"""Tests of spinbridge.sequence_datasets: Figs. 5-6 datasets and the emission check."""

import math

import numpy as np
import pytest

from spinbridge import heralding, sequence_datasets, tavis_cummings

PAPER_TIMESCALE = dict(g_MHz=10.0, kappa_MHz=0.2, gamma_MHz=6.0, omega_over_delta=0.01)


@pytest.fixture(scope="module")
def emission():
    return sequence_datasets.emission_dataset(
        [1, 2],
        [0.25, 0.5, 3.0],
        [1.0],
        15.0,
        30,
        anti_tc_spins=[1, 2],
        n_atoms=10_000,
        **PAPER_TIMESCALE,
    )


def test_emission_photon_numbers(emission):
    """TC: S photons, anti-TC: 2S photons (text after Eq. (8) and before Eq. (14))."""
    # integration to 12 T + 30 / kappa (24 T for anti-TC): unfinished part < e^-12
    np.testing.assert_allclose(emission.tc_photons_per_spin.values, 1.0, rtol=1e-5)
    np.testing.assert_allclose(emission.anti_tc_photons_per_spin.values, 1.0, rtol=1e-5)
    worst = float(emission.tc_photons_per_spin_worst)
    assert abs(worst - 1) == np.max(np.abs(emission.tc_photons_per_spin.values - 1))


def test_emission_regimes(emission):
    """Weak: T S lambda^2/kappa from the weakest coupling, largest S; strong: longest kappa T."""
    assert float(emission.weak_regime_coupling) == 0.25
    assert float(emission.weak_regime_scaled_time) == float(
        emission.cascade_time_scaled.sel(spin=2, coupling=0.25)
    )
    # bad-cavity value S H_2S / (2 (2S + 1)) = 25/60 at S = 2, plus the cavity delay of each of
    # the S photons (at most 1/kappa each; exactly 1/kappa for S = 1, see test_tavis_cummings)
    s, lam2 = 2, 0.25**2 / 2
    assert 25 / 60 < float(emission.weak_regime_scaled_time) < 25 / 60 + s * s * lam2
    assert float(emission.strong_regime_time_kappa) == float(
        emission.cascade_time_kappa.sel(coupling=3.0).max()
    )
    # S = 1 closed form kappa T = 1 + 1/(4 x^2) bounds the S = 1 entry at x = 3
    assert float(emission.cascade_time_kappa.sel(spin=1, coupling=3.0)) == pytest.approx(
        1 + 1 / 36, rel=1e-6
    )


def test_emission_timescale_estimate(emission):
    est = tavis_cummings.pulse_time_estimate(10.0, 0.2, 0.01, 10_000)
    assert float(emission.t_pulse_us) == est["t_pulse_s"] * 1e6
    # bad-cavity cascade at S = 100: t_pulse x S H_200 / (2 * 201)
    h200 = sum(1 / j for j in range(1, 201))
    assert float(emission.cascade_time_us) == pytest.approx(
        float(emission.t_pulse_us) * 100 * h200 / 402, rel=1e-12
    )


def test_sampled_qfi_dataset_consistency():
    ds = sequence_datasets.sampled_qfi_dataset(8, 40, [0.9, 0.5], 3, seed=4)
    q = heralding.sample_sequence_qfi(8, 40, 0.5, 3, seed=4)
    assert ds.sample_mean_qfi.sel(efficiency=0.5).values == pytest.approx(q.mean(axis=0), rel=0)
    sem = q[:, -1].std(ddof=1) / math.sqrt(40)
    assert float(ds.final_ratio_sem.sel(efficiency=0.5)) == sem / heralding.ideal_average_qfi(8)
    assert ds.average_qfi_one_pulse.values == pytest.approx(
        [heralding.average_qfi(8, 0.9), heralding.average_qfi(8, 0.5)]
    )


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: sequence_datasets.simulate_pulse_sequence(16, 5, 0.7, 2, seed=1), "spin_true"),
        (lambda: sequence_datasets.simulate_pulse_sequence(16, 4, 0.7, 2, seed=2**63), "seed"),
        (lambda: sequence_datasets.simulate_pulse_sequence(16, 4, 0.0, 2, seed=1), "efficiency"),
        (
            lambda: sequence_datasets.sampled_qfi_dataset(8, 5, [0.5, 0.0], 2, seed=1),
            "efficiencies",
        ),
        (
            lambda: sequence_datasets.emission_dataset(
                [1, 9],
                [1.0],
                [1.0],
                5.0,
                5,
                anti_tc_spins=[1],
                g_MHz=10.0,
                kappa_MHz=0.2,
                gamma_MHz=6.0,
                omega_over_delta=0.01,
                n_atoms=100,
            ),
            "spins",
        ),
        (
            lambda: sequence_datasets.emission_dataset(
                [1],
                [1.0, -1.0],
                [1.0],
                5.0,
                5,
                anti_tc_spins=[1],
                g_MHz=10.0,
                kappa_MHz=0.2,
                gamma_MHz=6.0,
                omega_over_delta=0.01,
                n_atoms=100,
            ),
            "couplings",
        ),
    ],
)
def test_sequence_arguments_are_checked_before_work(call, match):
    with pytest.raises(ValueError, match=match):
        call()

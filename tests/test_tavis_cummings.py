"""Tests of spinbridge.tavis_cummings: master equation (2), emitted pulses and t_pulse."""

import math

import numpy as np
import pytest

from spinbridge import tavis_cummings


@pytest.mark.parametrize("spin", [1, 2, 3])
def test_tc_emission_emits_s_photons_and_ends_in_lowest_state(spin):
    lam = 0.4 / math.sqrt(spin)
    t_end = 15 * tavis_cummings.cascade_time_rate_equation(spin, lam) + 40
    res = tavis_cummings.tc_emission(spin, lam, np.linspace(0, t_end, 60))
    assert res["emitted_total"] == pytest.approx(spin, rel=1e-5)  # integrator rtol 1e-8
    assert res["sz"][-1] == pytest.approx(-spin, abs=1e-5)
    assert res["final_population"][-1] == pytest.approx(1.0, abs=1e-5)
    assert np.all(np.diff(res["emitted"]) > -1e-9)


@pytest.mark.parametrize("spin", [1, 2, 4])
def test_weak_coupling_duration_is_bad_cavity_rate_equation(spin):
    """sqrt(S) lambda << kappa: T = (kappa / 2 lambda^2) H_{2S}/(2S+1) ~ (S lambda^2/kappa)^-1."""
    lam = 0.1 / math.sqrt(spin)
    t_rate = tavis_cummings.cascade_time_rate_equation(spin, lam)
    harmonic = sum(1.0 / j for j in range(1, 2 * spin + 1))
    assert t_rate == pytest.approx(harmonic / (2 * spin + 1) / (2 * lam**2), rel=1e-12)
    res = tavis_cummings.tc_emission(spin, lam, np.linspace(0, 12 * t_rate + 30, 50))
    # corrections O((sqrt(S) lambda/kappa)^2) and the 1/kappa cavity delay: 5 % at 0.1
    assert res["cascade_time"] == pytest.approx(t_rate, rel=0.05)


@pytest.mark.parametrize("x", [0.1, 0.5, 2.0, 6.0])
def test_single_excitation_cascade_time_closed_form(x):
    """S = 1: kappa T = 1 + kappa^2 / (4 lambda^2) at every coupling, weak and strong.

    |1, 0>|0> couples to |1, -1>|1> with Omega = sqrt(2) lambda; with x = |c_1|^2, y = |c_2|^2,
    w = i(c_1 c_2^* - c.c.): x' = Omega w, y' = -Omega w - 2 kappa y,
    w' = 2 Omega (y - x) - kappa w.
    Integrating from x(0) = 1 to 0 gives int y = 1/(2 kappa), int x = int y + kappa/(2 Omega^2), and
    T = int (x + y) dt. Weak coupling: T ~ (S lambda^2/kappa)^-1 / 4; strong: T -> 1/kappa.
    """
    t_end = 12 * tavis_cummings.cascade_time_rate_equation(1, x) + 30
    res = tavis_cummings.tc_emission(1, x, np.linspace(0, t_end, 50))
    # integrator rtol 1e-8; the tail beyond t_end is < e^-12 of T
    assert res["cascade_time"] == pytest.approx(1 + 1 / (4 * x**2), rel=1e-6)


def test_strong_coupling_duration_saturates_at_a_few_over_kappa():
    """sqrt(S) lambda >> kappa/2: T is set by kappa alone, so doubling lambda barely changes it."""
    for spin in [2, 4]:
        times = []
        for x in [3.0, 6.0]:
            lam = x / math.sqrt(spin)
            res = tavis_cummings.tc_emission(spin, lam, np.linspace(0, 60, 100))
            times.append(res["cascade_time"])
        # the S = 1 closed form has a 1/(4 x^2) correction: < 3 % at x = 3
        assert times[1] == pytest.approx(times[0], rel=0.03)
        assert 1.0 < times[0] < 3.0  # S photons leave one by one at ~1/kappa each; S <= 4


@pytest.mark.parametrize("spin", [1, 2, 3])
def test_anti_tc_pulse_emits_2s_photons_and_ends_in_highest_state(spin):
    """Anti-TC from |S, -S>: |S, -S> -> |S, +S> with 2S photons (text before Eq. (14))."""
    lam = 0.8 / math.sqrt(spin)
    t_end = 24 * tavis_cummings.cascade_time_rate_equation(spin, lam) + 30
    res = tavis_cummings.anti_tc_emission(spin, lam, np.linspace(0, t_end, 60))
    assert res["emitted_total"] == pytest.approx(2 * spin, rel=1e-5)  # integrator rtol 1e-8
    assert res["sz"][0] == -spin
    assert res["sz"][-1] == pytest.approx(spin, abs=1e-5)
    assert res["final_population"][-1] == pytest.approx(1.0, abs=1e-5)


def test_anti_tc_cascade_is_twice_the_tc_cascade_in_the_bad_cavity_limit():
    """Bad cavity: anti-TC climbs M = -S..S at rates Gamma (S - M)(S + M + 1), twice the TC sum."""
    spin, lam = 2, 0.05
    t_rate = tavis_cummings.cascade_time_rate_equation(spin, lam)
    res = tavis_cummings.anti_tc_emission(spin, lam, np.linspace(0, 24 * t_rate + 30, 50))
    # corrections O((sqrt(S) lambda/kappa)^2) and the 1/kappa cavity delay: 2 % at 0.07
    assert res["cascade_time"] == pytest.approx(2 * t_rate, rel=0.02)


def test_pulse_time_estimate_paper_parameters():
    """{g, kappa}/2pi = {10, 0.2} MHz, Omega/Delta = 0.01, N = 10^4: angular units throughout."""
    est = tavis_cummings.pulse_time_estimate(10.0, 0.2, 0.01, 10_000)
    lam = 2 * math.pi * 10e6 * 0.01 / (12 * math.sqrt(2))
    assert est["lambda_rad_s"] == pytest.approx(lam)
    assert est["t_pulse_s"] == pytest.approx(2 * math.pi * 0.2e6 / (100 * lam**2))
    assert est["coupling_ratio"] < 1  # weak-coupling regime, as the paper assumes
    with pytest.raises(ValueError, match="g_MHz"):
        tavis_cummings.pulse_time_estimate(-1.0, 0.2, 0.01, 100)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: tavis_cummings.tc_emission(9, 0.1, np.linspace(0, 1, 3)), "spin"),
        (lambda: tavis_cummings.anti_tc_emission(2, -0.1, np.linspace(0, 1, 3)), "lam"),
        (lambda: tavis_cummings.tc_emission(2, 0.1, np.array([1.0, 2.0])), "t_kappa"),
        (lambda: tavis_cummings.cascade_time_rate_equation(0, 0.1), "spin"),
    ],
)
def test_bad_arguments_are_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------------- guards, invariants
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: tavis_cummings.tc_emission(2, 0.1, [0.0, math.nan]), "t_kappa"),
        (lambda: tavis_cummings.tc_emission(2, 0.1, [0.0, 1e7]), "t_kappa"),
        (lambda: tavis_cummings.tc_emission(2, 0.1, [0.0, 1.0], rtol=0.0), "rtol"),
        (lambda: tavis_cummings.tc_emission(2, math.inf, [0.0, 1.0]), "lam_over_kappa"),
        (lambda: tavis_cummings.cascade_time_rate_equation(10**8, 0.1), "spin"),
        (lambda: tavis_cummings.cascade_time_rate_equation(3, 1e-200), "lam_over_kappa"),
        (lambda: tavis_cummings.pulse_time_estimate(10.0, 0.2, 0.01, 100, spin=101.0), "spin"),
        (lambda: tavis_cummings.pulse_time_estimate(10.0, math.nan, 0.01, 100), "kappa_MHz"),
    ],
)
def test_more_bad_arguments_are_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_trace_drift_stops_the_integration(monkeypatch):
    """Tr rho must stay 1 (observed drift < 1e-11); beyond TRACE_TOLERANCE the run is refused."""
    tavis_cummings.tc_emission(2, 0.5, np.linspace(0.0, 5.0, 5))
    monkeypatch.setattr(tavis_cummings, "TRACE_TOLERANCE", -1.0)
    with pytest.raises(ValueError, match="trace drifted.*spin = 2, lam_over_kappa = 0.5"):
        tavis_cummings.tc_emission(2, 0.5, np.linspace(0.0, 5.0, 5))

"""Tests of spinbridge.magnetometer: Katz 2022 Sec. VI.C, Eqs. (41)-(43), (G10), (G14)-(G17)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from spinbridge import magnetometer as mg


def test_limits_are_eq42_and_corrected_eq43():
    ds = mg.magnetometer_sensitivity(
        np.logspace(-6, 6, 25),
        gamma_B_eff=0.7,
        J_over_delta=0.05,
        variance_P_B=0.3,
        g_B=2.0,
        polarized_spins_B=9.0,
    )
    short, long = ds.isel(T=0), ds.isel(T=-1)
    assert float(short.dB_init) == pytest.approx(float(short.dB_init_eq42), rel=1e-5)
    assert float(long.dB_F) == pytest.approx(float(long.dB_F_eq43_corrected), rel=2e-3)
    ratio = ds.dB_F_eq43_corrected / ds.dB_F_eq43_printed
    np.testing.assert_allclose(ratio, 16 * math.sqrt(2))
    np.testing.assert_allclose(ds.dB_tot, np.hypot(ds.dB_init, ds.dB_F))
    for name in ds.data_vars:
        assert {"units", "long_name"} <= set(ds[name].attrs)


def test_short_time_noise_term_and_crossover():
    # dB_F -> 4 sqrt(2/3) sqrt(g/T) at short T (series branch); vacuum terms cross at g T = 3/2
    ds = mg.magnetometer_sensitivity([1e-7, 0.5, 0.999, 1.001], J_over_delta=0.0)
    assert float(ds.dB_F[0]) == pytest.approx(4 * math.sqrt(2 / 3) * math.sqrt(1e7), rel=1e-6)
    np.testing.assert_allclose(ds.dB_F[2], ds.dB_F[3], rtol=5e-3)  # continuous across y = 1
    ds = mg.magnetometer_sensitivity(np.linspace(1.0, 2.0, 1001), J_over_delta=0.0)
    y = ds.T.values[np.argmin(np.abs(ds.dB_init - ds.dB_F).values)]
    assert 0.5 < y < 2.0


def test_squeezing_helps_only_at_short_times():
    T = np.array([1e-6, 1e6])
    vac = mg.magnetometer_sensitivity(T)
    sq = mg.magnetometer_sensitivity(T, variance_P_B=0.2)
    assert float(sq.dB_tot[0] / vac.dB_tot[0]) == pytest.approx(
        math.sqrt((0.2 + 0.01) / 1.01), rel=1e-3
    )
    assert float(sq.dB_tot[1] / vac.dB_tot[1]) == pytest.approx(1.0, rel=1e-3)


def test_dressed_rate_eq_g10():
    assert mg.dressed_noble_decay_rate(1e-4, 100.0, 10.0, -1000.0) == pytest.approx(1e-4 + 1e-2)
    with pytest.raises(ValueError, match="delta_s"):
        mg.dressed_noble_decay_rate(1e-4, 100.0, 10.0, 5.0)

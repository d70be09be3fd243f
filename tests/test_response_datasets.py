"""Datasets of the coupled-response stage (Jiang et al., PNAS 2025, Figs. 1-4, Eq. 5).

A synthetic Rb-129Xe-like cell that is not the paper's (other q, shifts, rates, radius) on small
grids: every variable carries units and long_name and survives store.write/read; the datasets
agree with the closed forms they summarise (Eq. 4's maximum, the gradient minimum, Eq. 2's
dip shift for b = 0, Eq. 5, the strong-coupling peak).
"""

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from spinbridge import amplification_datasets as ad
from spinbridge import response_datasets as rd
from spinbridge import store
from spinbridge import strong_coupling_datasets as sd
from spinbridge.response import spin_pair_from_cell

CELL = {
    "slowing_down_factor": 4.5,
    "noble": "Xe129",
    "shift_alkali_s": 2.0e4,
    "shift_noble_s": 0.05,
    "Gamma_a_s": 8000.0,
    "Gamma_b_s": 0.01,
    "radius_cm": 0.8,
    "D_noble_cm2_s": 0.3,
}
ETA = 5e-4


def _roundtrip(ds, tmp_path):
    path = tmp_path / "results" / "jiang2025" / "x.nc"
    store.write(ds, path, paper=store.PAPERS["jiang2025"], figure="test", params={})
    back = store.read(path)
    for name in [*back.data_vars, *back.coords]:
        assert back[name].attrs["units"] is not None and back[name].attrs["long_name"]
    return back


@pytest.fixture(scope="module")
def rates():
    return rd.dressed_rates_dataset(
        CELL, inhomogeneity=ETA, field_min_mG=-400.0, field_max_mG=400.0, n_fields=801
    )


def test_dressed_rates_maximum_is_the_weak_coupling_closed_form(rates, tmp_path):
    _roundtrip(rates, tmp_path)
    assert float(rates.max_rate_field) == pytest.approx(float(rates.resonance_field), abs=0.01)
    # Gamma_b + J^2/2 beta omits beta (J/beta)^4 / 8 = 2e-6 s^-1 and the gradient rate at the
    # resonance field, ~9e-6 s^-1: 1e-4 of 0.135 s^-1
    assert float(rates.max_rate) == pytest.approx(float(rates.weak_coupling_max_rate), rel=1e-4)
    assert float(rates.J) == pytest.approx(math.sqrt(2.0e4 * 0.05), rel=1e-12)


def test_gradient_minimum_where_dressing_and_gradient_balance(rates):
    """Eq. (4) + gradient against the weak-coupling closed form of Gamma~_b plus c B^2."""
    pair = spin_pair_from_cell(
        slowing_down_factor=4.5, noble="Xe129", shift_alkali_s=2.0e4, shift_noble_s=0.05
    )
    ga, gb = pair["gyro_alkali_rad_s_G"], pair["gyro_noble_rad_s_G"]
    J2, beta = 2.0e4 * 0.05, float(rates.beta)
    c = 2 * 0.8**2 * gb**2 * ETA**2 * 1e-6 / (175 * 0.3)  # gradient rate / B^2 [s^-1 mG^-2]

    def closed(b):  # Gamma_b + J^2 beta / 2 (delta^2 + beta^2) + c B^2, delta from Eq. (1)
        delta = 0.5e-3 * (ga * (b + pair["lambda_Mb_mG"]) - gb * (b + pair["lambda_Ma_mG"]))
        return CELL["Gamma_b_s"] + J2 * beta / (2 * (delta**2 + beta**2)) + c * b**2

    for side, bounds in ((0, (-400.0, -10.0)), (1, (10.0, 400.0))):
        ref = minimize_scalar(closed, bounds=bounds, method="bounded", options={"xatol": 1e-6})
        # the closed form is Eq. (4) to O((J/beta)^2) = 6e-5: the flat minimum moves by ~1e-4
        assert float(rates.min_rate_field[side]) == pytest.approx(ref.x, rel=1e-3)
        assert float(rates.min_rate[side]) == pytest.approx(ref.fun, rel=1e-4)


def test_principal_branch_swaps_the_modes_on_one_side_only(rates):
    below = rates.bias_field < rates.resonance_field - 5.0
    above = rates.bias_field > rates.resonance_field + 5.0
    swapped = np.abs(rates.noble_rate_principal - rates.noble_rate) > 0.5 * CELL["Gamma_a_s"]
    assert bool(swapped[below].all()) != bool(swapped[above].all())
    assert not bool(swapped[below].any() and swapped[above].any())


@pytest.fixture(scope="module")
def spectra():
    return rd.spectra_dataset(
        CELL,
        bias_field_mG=-20.0,
        drive="y",
        probe="x",
        inhomogeneity=ETA,
        frequency_min_hz=0.1,
        frequency_max_hz=2.0e4,
        n_log_frequencies=121,
        line_halfwidth_hz=0.05,
        n_line_frequencies=101,
        profile_bias_fields_mG=[-150.0, 150.0],
        profile_halfwidth_hz=3.0,
        n_profile_frequencies=121,
    )


def test_spectra_are_consistent_and_reverse_with_the_field(spectra, tmp_path):
    _roundtrip(spectra, tmp_path)
    ratio = spectra.coupled_amplitude / spectra.alkali_alone_amplitude
    np.testing.assert_allclose(spectra.normalized_amplitude, ratio, rtol=1e-12)
    far = spectra.normalized_amplitude.sel(frequency=slice(5e3, None))
    # far above the line the noble gas no longer follows: 1 + O(gamma_b lambda M^b / w), 1e-3
    # at 5 kHz
    np.testing.assert_allclose(far, 1.0, atol=3e-3)
    q = spectra.profile_q.sel(drive="x")
    assert float(q.sel(bias_field=-150.0)) > 0 > float(q.sel(bias_field=150.0))
    # far from resonance: the x drive deamplifies, the y drive shows a symmetric line
    assert float(spectra.profile_deamplification.sel(drive="x", bias_field=150.0)) > 10
    amp = spectra.profile_amplitude.sel(bias_field=150.0)
    det = spectra.detuning.values
    i, j = np.argmin(np.abs(det + 1.0)), np.argmin(np.abs(det - 1.0))  # +-1 Hz from the line
    y_ratio = float(amp.sel(drive="y")[i] / amp.sel(drive="y")[j])
    x_ratio = float(amp.sel(drive="x")[i] / amp.sel(drive="x")[j])
    assert y_ratio == pytest.approx(1.0, abs=0.05)  # symmetric to the Xe counter-rotating tail
    assert x_ratio > 1.5  # the x profile: dip on one side only (a factor 2 here)


@pytest.fixture(scope="module")
def profiles():
    return ad.fano_profiles_dataset(
        CELL,
        bias_field_mG=-150.0,
        drives=["x", "circular"],
        probe="x",
        inhomogeneity=ETA,
        frequency_min_hz=166.0,
        frequency_max_hz=184.0,
        n_frequencies=721,
        line_halfwidth_hz=0.05,
        n_line_frequencies=201,
        ac_frequency_hz=400.0,
        ac_amplitudes_mG=[0.0, 150.0, 300.0],
        background="lorentzian",
    )


def test_fitted_profiles_recover_the_exact_fano_parameters(profiles, tmp_path):
    _roundtrip(profiles, tmp_path)
    # the background varies over the 18 Hz span by ~ w_span / G_a and the noble gas's tails: 2 %
    np.testing.assert_allclose(profiles.q_fit, profiles.q_exact, rtol=0.02)
    np.testing.assert_allclose(profiles.gamma_b_fit, float(profiles.noble_rate), rtol=0.01)
    # Eq. (3) scales with J0^2 of the AC field
    per_j0 = (profiles.q_eq3 / profiles.coupling_factor).values
    np.testing.assert_allclose(per_j0, per_j0[:, :1] * np.ones_like(per_j0), rtol=1e-12)


def test_circular_dip_shift_is_gamma_over_two_pi_per_unit_q(profiles):
    """Eq. (2) with b = 0: the dip at eps = -q, Delta nu = -q Gamma~_b / 2 pi (Fig. 2C)."""
    circ = profiles.sel(drive="circular")
    # dips located on a grid of 25 mHz spacing against shifts of 4-6 Hz: < 1 %
    assert float(circ.shift_per_q_over_linewidth) == pytest.approx(1.0, rel=0.02)
    assert np.all(circ.deamplification > 10)


def test_sensitivity_is_the_floor_over_the_response(tmp_path):
    ds = ad.sensitivity_dataset(
        CELL,
        bias_field_mG=-150.0,
        drives=["x"],
        probe="x",
        inhomogeneity=ETA,
        noise_floor_fT=700.0,
        frequency_min_hz=172.0,
        frequency_max_hz=182.0,
        n_frequencies=101,
        line_halfwidth_hz=0.05,
        n_line_frequencies=51,
    )
    _roundtrip(ds, tmp_path)
    np.testing.assert_allclose(ds.sensitivity * ds.response, 700.0, rtol=1e-12)
    normal = ds.sel(field="normal", drive="x")
    # at eps = -q the x drive (b ~ 1) is deamplified by ~q, the pseudo-field is not
    assert float(normal.response_at_deamplification) < 0.1
    pseudo = ds.sel(field="pseudo", drive="x")
    assert float(pseudo.response_at_deamplification) == pytest.approx(1.0, rel=0.2)


def test_strong_coupling_closed_forms(tmp_path):
    ds = sd.strong_coupling_dataset(
        {"cell": CELL}, J_over_beta_min=1e-3, J_over_beta_max=30.0, n_points=41, n_frequencies=801
    )
    _roundtrip(ds, tmp_path)
    s = ds.sel(system="cell")
    np.testing.assert_allclose(s.noble_rate, s.noble_rate_eigen, rtol=1e-9)  # Eq. 5 = Eq. 4
    assert float(s.noble_rate_over_chi_at_unity) == pytest.approx(1.0, rel=1e-12)
    g = float(s.q_eq3[0]) * 2 * float(s.noble_rate[0])  # |gamma_b lambda M_z^b|
    weak = s.J_over_beta < 1e-2
    # weak coupling: the peak of a co-rotating drive is |g| / Gamma~_b (twice Eq. 3); the grid of
    # 801 points over +-3 linewidths resolves the peak to ~1e-5
    np.testing.assert_allclose(s.amplification[weak], 2 * s.q_eq3[weak], rtol=2e-3)
    strong = s.J_over_beta > 5
    beta, chi = float(s.beta), float(s.chi)
    root = np.sqrt(s.J_over_beta[strong] ** 2 - 1) * beta
    # strong coupling: (|g| + sqrt(J^2 - beta^2)) / 2 chi, up to O(chi / J) corrections (< 10 %)
    np.testing.assert_allclose(s.amplification[strong], (g + root) / (2 * chi), rtol=0.1)
    np.testing.assert_allclose(s.q_strong[strong], (g + root) / chi, rtol=1e-12)

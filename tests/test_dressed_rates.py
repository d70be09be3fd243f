"""Dressed modes, Eq. (5), the gradient rate and Eq. (3) (Jiang et al., PNAS 2025, Eqs. 3-5).

Checked three ways: against numpy's eigenvalues of Eq. (1)'s matrix, against the paper's closed
forms and limits, and at parameters the paper never used (strong coupling, other gases).
"""

import math

import numpy as np
import pytest
from scipy.integrate import quad, solve_bvp

from spinbridge import dressed_rates as dr

# parameters not in the paper: a fast cell, both signs of delta, weak to strong coupling
RATES = [(400.0, 2.0), (50.0, 0.5), (10.0, 3.0)]  # (Gamma_a, Gamma_b) [s^-1]


def _matrix_eigenvalues(wa, wb, Ga, Gb, J):
    return np.linalg.eigvals(np.array([[wa + 1j * Ga, -J], [-J, wb + 1j * Gb]]))


@pytest.mark.parametrize("Ga, Gb", RATES)
@pytest.mark.parametrize("J", [0.3, 7.0, 60.0, 900.0])
@pytest.mark.parametrize("delta", [-300.0, -4.0, -1e-3, 1e-3, 4.0, 300.0])
def test_eq4_equals_numpy_eigenvalues_on_both_sides_of_resonance(Ga, Gb, J, delta):
    wa, wb = 50.0 + delta, 50.0 - delta
    ours = np.array(dr.dressed_modes(wa, wb, Ga, Gb, J))
    ref = _matrix_eigenvalues(wa, wb, Ga, Gb, J)
    # each of ours is one of numpy's (2x2 eigenvalues to ~1e-13 relative; 1e-10 stated tolerance)
    for value in ours:
        assert np.min(np.abs(ref - value)) <= 1e-10 * max(1.0, abs(value))


@pytest.mark.parametrize("delta", [-30.0, -2.0, 2.0, 30.0])
def test_continuous_branch_keeps_the_modes_identity_as_J_vanishes(delta):
    Ga, Gb = 40.0, 0.2
    wa, wb = 10.0 + delta, 10.0 - delta
    mode_a, mode_b = dr.dressed_modes(wa, wb, Ga, Gb, 1e-6)
    # J^2 / |delta + i beta| ~ 1e-12 / 20: the bare modes to 1e-12
    assert mode_a == pytest.approx(wa + 1j * Ga, abs=1e-12)
    assert mode_b == pytest.approx(wb + 1j * Gb, abs=1e-12)
    principal_b = dr.dressed_modes(wa, wb, Ga, Gb, 1e-6, branch="principal")[1]
    # the pitfall: numpy's principal root gives the noble gas the alkali's rate for delta < 0
    expected = (wa + 1j * Ga) if delta < 0 else (wb + 1j * Gb)
    assert principal_b == pytest.approx(expected, abs=1e-12)


def test_noble_rate_is_continuous_across_resonance_and_peaks_there():
    Ga, Gb, J = 300.0, 0.1, 12.0
    delta = np.linspace(-200.0, 200.0, 4001)
    rate = np.imag(dr.dressed_modes(delta, -delta, Ga, Gb, J)[1])
    # largest step between neighbours ~ slope x spacing << the peak: no jump at delta = 0
    assert np.max(np.abs(np.diff(rate))) < 1e-3 * rate.max()
    assert delta[np.argmax(rate)] == pytest.approx(0.0, abs=0.1)  # grid spacing 0.1
    beta = 0.5 * (Ga - Gb)
    # weak coupling: Gamma_b + J^2 beta / 2(delta^2 + beta^2), error O((J/beta)^4) relative
    closed = Gb + J**2 * beta / (2.0 * (delta**2 + beta**2))
    np.testing.assert_allclose(rate, closed, rtol=(J / beta) ** 2)


@pytest.mark.parametrize("Ga, Gb", RATES)
def test_eq5_limits_and_agreement_with_eq4(Ga, Gb):
    beta, chi = 0.5 * (Ga - Gb), 0.5 * (Ga + Gb)
    x = np.array([0.0, 1e-4, 0.3, 0.99, 1.0, 1.5, 40.0])
    eq5 = dr.noble_rate_at_resonance(x, Gamma_a_s=Ga, Gamma_b_s=Gb)
    eq4 = np.imag(dr.dressed_modes(5.0, 5.0, Ga, Gb, x * beta)[1])
    np.testing.assert_allclose(eq5, eq4, rtol=1e-12, atol=1e-12 * chi)  # same root, rounding
    assert eq5[0] == pytest.approx(Gb, rel=1e-12)  # J = 0: the bare rate
    np.testing.assert_allclose(eq5[4:], chi, rtol=1e-12)  # J >= beta: chi, exactly
    assert np.all(np.diff(eq5) >= 0)  # rises monotonically
    # weak coupling: Gamma_b + J^2 / 2 beta to O((J/beta)^4 beta)
    weak = dr.weak_coupling_max_rate(1e-2 * beta, Gamma_a_s=Ga, Gamma_b_s=Gb)
    small = dr.noble_rate_at_resonance(1e-2, Gamma_a_s=Ga, Gamma_b_s=Gb)
    assert small == pytest.approx(weak, abs=1e-7 * beta)  # (1e-2)^4 / 8 beta ~ 1.3e-9 beta


def test_resonance_field_makes_the_larmor_frequencies_equal():
    pair = dict(
        gyro_alkali_rad_s_G=-2.1e6, gyro_noble_rad_s_G=2.0e4, lambda_Mb_mG=-7.0, lambda_Ma_mG=0.4
    )
    b = float(dr.resonance_field(**pair))
    wa = pair["gyro_alkali_rad_s_G"] * (b + pair["lambda_Mb_mG"]) * 1e-3
    wb = pair["gyro_noble_rad_s_G"] * (b + pair["lambda_Ma_mG"]) * 1e-3
    assert wa == pytest.approx(wb, rel=1e-12)
    # ~ -lambda M_z^b when |gamma_a| >> |gamma_b| (correction gamma_b/gamma_a ~ 1 %)
    assert b == pytest.approx(-pair["lambda_Mb_mG"], rel=0.02)


def test_coupling_strength_is_lambda_sqrt_gamma_gamma_M_M_and_refuses_the_wrong_sign():
    J = dr.coupling_strength(
        gyro_alkali_rad_s_G=-3e6, gyro_noble_rad_s_G=-7e3, lambda_Mb_mG=2.0, lambda_Ma_mG=0.01
    )
    assert J == pytest.approx(math.sqrt(3e6 * 2e-3 * 7e3 * 1e-5), rel=1e-14)
    with pytest.raises(ValueError, match="lambda_Ma_mG must have the sign"):
        dr.coupling_strength(
            gyro_alkali_rad_s_G=-3e6, gyro_noble_rad_s_G=7e3, lambda_Mb_mG=2.0, lambda_Ma_mG=0.01
        )


def test_gradient_coefficient_8_over_175_from_the_diffusion_equation():
    """Motional narrowing: rate = (gamma G)^2 <z f> / D with lap f = -z (Neumann), a sphere."""
    R = 1.3
    # f = r h(r) cos(theta): r h'' + 4 h' = -r, regular at 0 (h'(0) = 0), Neumann d(r h)/dr = 0 at R
    r = np.linspace(0.0, R, 50)
    sol = solve_bvp(
        lambda x, y: np.vstack([y[1], -np.ones_like(x)]),
        lambda a, b: np.array([a[1], b[0] + R * b[1]]),
        r,
        np.zeros((2, r.size)),
        S=np.array([[0.0, 0.0], [0.0, -4.0]]),
        tol=1e-10,
    )
    assert sol.success
    # <z f> over the sphere = (1/V) (4 pi / 3) int r^2 (r g) dr with g = r h
    corr = quad(lambda x: x**4 * sol.sol(x)[0], 0.0, R)[0] / R**3
    assert corr == pytest.approx(8.0 * R**4 / 175.0, rel=1e-6)  # solve_bvp tol 1e-10
    gamma, eta, bz, D = 7.5e3, 3e-4, 120.0, 0.4
    rate = dr.gradient_relaxation_rate(
        bz, gyro_noble_rad_s_G=-gamma, inhomogeneity=eta, radius_cm=R, D_noble_cm2_s=D
    )
    grad = eta * bz * 1e-3 / (2.0 * R)  # eta across the diameter
    assert rate == pytest.approx((gamma * grad) ** 2 * corr / D, rel=1e-6)


def test_ac_factor_is_the_bessel_carrier():
    gamma = -7.45e3
    f = 50.0
    # B_ac such that gamma B_ac / w_ac = 2.404825557695773 (first zero of J0)
    b = 2.404825557695773 * 2.0 * math.pi * f / abs(gamma) * 1e3
    assert dr.ac_modulation_factor(b, f, gyro_noble_rad_s_G=gamma) == pytest.approx(0.0, abs=1e-12)
    assert dr.ac_modulation_factor(0.0, f, gyro_noble_rad_s_G=gamma) == 1.0


def test_eq3_sign_follows_the_noble_gas_precession_and_circular_doubles_it():
    kw = dict(gyro_noble_rad_s_G=-7.45e3, lambda_Mb_mG=3.0, noble_rate_s=0.03)
    below = dr.eq3_fano_parameter(**kw, noble_frequency_s=60.0)
    above = dr.eq3_fano_parameter(**kw, noble_frequency_s=-60.0)
    assert below == pytest.approx(7.45e3 * 3e-3 / 0.06, rel=1e-14) and above == -below
    circular = dr.eq3_fano_parameter(**kw, noble_frequency_s=60.0, drive="circular")
    assert circular == pytest.approx(2.0 * below, rel=1e-14)
    half = dr.eq3_fano_parameter(**kw, noble_frequency_s=60.0, ac_factor=math.sqrt(0.5))
    assert half == pytest.approx(0.5 * below, rel=1e-12)  # lambda M_z^b J0^2


def test_strong_coupling_estimate_limits():
    Ga, Gb, g = 20.0, 0.0, -2.0e4
    beta = 0.5 * (Ga - Gb)
    q = dr.strong_coupling_fano_parameter(
        np.array([0.5, 1.0, 100.0]) * beta,
        gyro_noble_rad_s_G=g,
        lambda_Mb_mG=50.0,
        Gamma_a_s=Ga,
        Gamma_b_s=Gb,
    )
    assert math.isnan(q[0])  # stated for J > beta only
    assert q[1] == pytest.approx(abs(g) * 0.05 / (0.5 * Ga), rel=1e-12)  # sqrt(0) at J = beta
    expected = (abs(g) * 0.05 + beta * math.sqrt(100.0**2 - 1.0)) / (0.5 * Ga)
    assert q[2] == pytest.approx(expected, rel=1e-12)

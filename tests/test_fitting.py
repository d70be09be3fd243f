"""Tests of spinbridge.fitting: power-law fits and the local exponent."""

import math

import numpy as np
import pytest

from spinbridge import fitting


def test_power_law_fit_recovers_exact_law():
    """Noise-free F = a N^b: a and b to rounding, zero residual."""
    n = np.arange(2, 300)
    fit = fitting.fit_power_law(n, 6.5 * n**2.02)
    assert fit["prefactor"] == pytest.approx(6.5, rel=1e-10)
    assert fit["exponent"] == pytest.approx(2.02, rel=1e-12)
    assert fit["rms_log_residual"] < 1e-12
    assert fit["n_points"] == n.size


def test_power_law_fit_error_matches_least_squares_formula():
    """Log-normal noise sigma: the reported sigma_b estimates sigma / sqrt(sum (ln N - mean)^2)."""
    n = np.arange(2, 300)
    sigma = 0.05
    noisy = 6.5 * n**2.02 * np.exp(np.random.default_rng(1).normal(0, sigma, n.size))
    fit = fitting.fit_power_law(n, noisy, window=(10, 200))
    assert fit["n_min"] == 10 and fit["n_max"] == 200 and fit["n_points"] == 191
    lx = np.log(np.arange(10, 201))
    expected = sigma / math.sqrt(np.sum((lx - lx.mean()) ** 2))
    # sigma_b is estimated from 191 residuals: relative scatter 1/sqrt(2 * 189) = 5 %; allow 4 x
    assert fit["exponent_sigma"] == pytest.approx(expected, rel=0.2)
    # the fitted b is unbiased: within 4 of its standard errors of the true 2.02
    assert abs(fit["exponent"] - 2.02) < 4 * expected
    with pytest.raises(ValueError, match="window"):
        fitting.fit_power_law(n, noisy, window=(200, 10))
    with pytest.raises(ValueError, match="3 points"):
        fitting.fit_power_law(n, noisy, window=(10, 11))


def test_local_exponent_of_pure_power_law_is_its_exponent():
    n = np.arange(1, 60)
    b = fitting.local_exponent(n, 3.0 * n**1.7)
    assert np.all(np.isnan(b[:2]))
    np.testing.assert_allclose(b[2:], 1.7, rtol=1e-12)


def test_local_exponent_tends_to_two_for_quadratic_with_linear_term():
    """F = N^2 + c N: b_loc(N) = ln((N^2 + cN)/((N-2)^2 + c(N-2))) / ln(N/(N-2)) -> 2 as N grows."""
    n = np.arange(1, 2001)
    c = 5.0
    b = fitting.local_exponent(n, n**2 + c * n)
    expected = np.log((n[2:] ** 2 + c * n[2:]) / ((n[:-2]) ** 2 + c * n[:-2])) / np.log(
        n[2:] / n[:-2]
    )
    np.testing.assert_allclose(b[2:], expected, rtol=1e-12)
    # d ln F / d ln N = 2 - c / (N + c): the two-point slope agrees to O(1/N^2)
    assert b[-1] == pytest.approx(2 - c / (2000 + c), abs=1e-5)
    assert np.all(np.diff(b[10:]) > 0)


def test_local_exponent_rejects_gaps():
    with pytest.raises(ValueError, match="consecutive"):
        fitting.local_exponent([1, 2, 4], [1.0, 4.0, 16.0])


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: fitting.fit_power_law([1, 2, 3, 4], [1.0, math.nan, 9.0, 16.0]), "values"),
        (lambda: fitting.fit_power_law([1, 2, 3, 4], [1.0, -4.0, 9.0, 16.0]), "values"),
        (lambda: fitting.fit_power_law([1, 2, math.inf, 4], [1.0, 4.0, 9.0, 16.0]), "n_atoms"),
        (
            lambda: fitting.fit_power_law([1, 2, 3, 4], [1.0, 4.0, 9.0, 16.0], (1, math.nan)),
            "window",
        ),
        (lambda: fitting.local_exponent([1, 2, 3], [1.0, 4.0, 9.0], step=3), "step"),
        (lambda: fitting.local_exponent([1, 2, 3], [1.0, 4.0, 9.0], step=1.5), "step"),
    ],
)
def test_non_finite_data_and_bad_steps_are_refused(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_power_law_evaluates_what_the_fit_returns():
    n = np.arange(10.0, 200.0)
    f = fitting.fit_power_law(n, 3.1 * n**1.93)
    np.testing.assert_allclose(
        fitting.power_law(n, f["prefactor"], f["exponent"]), 3.1 * n**1.93, rtol=1e-12
    )  # exact data: the fit recovers a, b to rounding
    with pytest.raises(ValueError, match="prefactor"):
        fitting.power_law(n, -1.0, 2.0)

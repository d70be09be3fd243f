"""Fano profile of Jiang et al., PNAS (2025), Eq. (2) and its fit (spinbridge.fano).

Three ways: the closed forms the paper states (peak near eps = 1/q with F = A (1 + q^2) + B, the
dip F = B at eps = -q, the amplification |q|, wings A + B); invariants (the mirror q -> -q, the
equivalence of the two backgrounds, one pole on a complex background); and fits of synthetic
spectra at parameters the paper never used (it reports nu_b ~ 10.11 Hz, Gamma_b ~ 1/40 s^-1,
|q| ~ 524), checked against SciPy's curve_fit. Starting values come from the data only.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import curve_fit

from spinbridge import fano

# Parameters not in the paper (Jiang 2025 reports nu_b ~ 10.11 Hz, Gamma_b ~ 0.025 s^-1).
NU_B_HZ = 7.3
GAMMA_B_S = 0.061  # 1/Gamma_b = 16.4 s, Gamma_b / 2 pi = 9.7 mHz
A_POWER = 0.8
DIP_OVER_WING = 0.05  # F at eps = -q over A: B = 0.05 A (constant), b^2 = 0.05 (1 + q^2) (lorentz.)
RELATIVE_NOISE = 0.01  # 1 % of the local amplitude, the quoted noise of the coverage tests
Q_VALUES = [3.0, -3.0, 30.0, -30.0, 1000.0, -1000.0]
CONFIGS = [(q, bg) for bg in fano.BACKGROUNDS for q in Q_VALUES]
ONE_SIGMA = math.erf(1 / math.sqrt(2))  # 0.6827: Gaussian probability within 1 sigma


def _background(q: float, background: str) -> float:
    return DIP_OVER_WING * A_POWER if background == "constant" else DIP_OVER_WING * (1 + q * q)


def _truth(q: float, background: str) -> dict:
    return dict(
        q=q,
        nu_b_hz=NU_B_HZ,
        gamma_b_s=GAMMA_B_S,
        A=A_POWER,
        B=_background(q, background),
        background=background,
    )


def _frequencies(q: float, rng: np.random.Generator) -> np.ndarray:
    """81 points within +-8 widths of the line and 61 over +-3 |q| widths (the dip included).

    The line sits at a random offset from the grid (never on a sampled point).
    """
    width = GAMMA_B_S / (2 * math.pi)
    shift = rng.uniform(-0.5, 0.5) * width
    core = np.linspace(-8.0, 8.0, 81)
    wide = max(abs(q), 3.0) * np.linspace(-3.0, 3.0, 61)
    return NU_B_HZ + shift + width * np.unique(np.round(np.concatenate([core, wide]), 9))


def _spectrum(q, background, rng, relative_noise=RELATIVE_NOISE):
    nu = _frequencies(q, rng)
    amplitude = fano.fano_amplitude(nu, **_truth(q, background))
    err = relative_noise * amplitude
    return nu, amplitude + err * rng.standard_normal(nu.size), err


# ------------------------------------------------------------------ closed forms of Eq. (2)
@pytest.mark.parametrize("q", [2.5, -7.0, 140.0])
def test_constant_background_peak_dip_and_wings_follow_eq2(q):
    A, B = 1.7, 0.3
    kw = dict(q=q, nu_b_hz=4.0, gamma_b_s=0.2, A=A, B=B)
    width = 0.2 / (2 * math.pi)
    eps = np.linspace(-3 * abs(q), 3 * abs(q), 400_001)
    F = fano.fano_power(4.0 + width * eps, **kw)
    # the maximum of (q + eps)^2 / (1 + eps^2) is at eps = 1/q, value 1 + q^2 (Eq. 2)
    assert eps[np.argmax(F)] == pytest.approx(1 / q, abs=2 * (eps[1] - eps[0]))  # grid step
    peak = fano.fano_power(4.0 + width / q, **kw)
    assert peak == pytest.approx(A * (1 + q * q) + B, rel=1e-12)  # rounding
    dip = fano.fano_power(4.0 - width * q, **kw)
    assert dip == pytest.approx(B, rel=1e-9)  # (q + eps) = 0 up to rounding of nu
    assert F.min() >= B * (1 - 1e-12)  # F >= B everywhere (A > 0): rounding
    wing = fano.fano_power(4.0 + width * 1e12, **kw)
    # F = A + B + 2 A q / eps + O(eps^-2): relative deviation below 2 |q| / eps at eps = 1e12
    assert wing == pytest.approx(A + B, rel=2 * abs(q) * 1e-12 + 1e-14)


@pytest.mark.parametrize("q", [3.0, -524.5 * 0.37])  # |q| = 194: not the paper's q
def test_amplification_is_abs_q_without_background(q):
    """Jiang text after Eq. (2): the amplitude at eps = 0 is |q| A^(1/2) (B = 0)."""
    amp = fano.fano_amplitude(5.0, q=q, nu_b_hz=5.0, gamma_b_s=0.03, A=2.0)
    assert amp == pytest.approx(abs(q) * math.sqrt(2.0), rel=1e-12)  # rounding


def test_lorentzian_background_closed_forms():
    q, A, b2 = -12.0, 0.6, 4.0
    kw = dict(q=q, nu_b_hz=9.0, gamma_b_s=0.05, A=A, B=b2, background="lorentzian")
    width = 0.05 / (2 * math.pi)
    assert fano.fano_power(9.0, **kw) == pytest.approx(A * (q * q + b2), rel=1e-12)  # eps = 0
    dip = fano.fano_power(9.0 - q * width, **kw)
    assert dip == pytest.approx(A * b2 / (1 + q * q), rel=1e-9)  # eps = -q; rounding of nu
    wing = fano.fano_power(9.0 + 1e12 * width, **kw)
    assert wing == pytest.approx(A, rel=2 * 12 * 1e-12 + 1e-14)  # 2 |q| / eps at eps = 1e12


def test_fitted_dip_frequency_is_nu_b_minus_q_gamma_over_2pi():
    """Fig. 2(C) and text: the deamplification point is eps = -q, nu - nu_b = -q Gamma_b / 2 pi."""
    fit = fano.FanoFit(
        -40.0, 0.1, 6.0, 1e-5, 0.08, 1e-4, 1.0, 0.01, 0.02, 0.001, 1.0, 50, "constant"
    )
    assert fit.dip_hz == pytest.approx(6.0 + 40.0 * 0.08 / (2 * math.pi), rel=1e-15)  # rounding
    nu = np.linspace(6.0, 7.0, 100_001)
    F = fano.fano_power(nu, q=-40.0, nu_b_hz=6.0, gamma_b_s=0.08, A=1.0, B=0.02)
    assert nu[np.argmin(F)] == pytest.approx(fit.dip_hz, abs=2e-5)  # two grid steps
    assert fit.linewidth_hz == pytest.approx(0.08 / (2 * math.pi), rel=1e-15)  # rounding
    assert fit.decoherence_time_s == pytest.approx(12.5, rel=1e-15)  # rounding
    assert fit.decoherence_time_s_err == pytest.approx(1e-4 / 0.08**2, rel=1e-12)  # rounding


# ------------------------------------------------------------------------------- invariants
_finite = dict(allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    q=st.floats(-1e3, 1e3, **_finite),
    offset=st.floats(-50.0, 50.0, **_finite),
    A=st.floats(1e-3, 1e3, **_finite),
    B=st.floats(0.0, 1e3, **_finite),
    background=st.sampled_from(fano.BACKGROUNDS),
)
def test_mirror_symmetry_q_to_minus_q(q, offset, A, B, background):
    """(q, eps) -> (-q, -eps) leaves Eq. (2) unchanged: the profile reverses with the sign of q."""
    kw = dict(nu_b_hz=3.0, gamma_b_s=0.5, A=A, B=B, background=background)
    width = 0.5 / (2 * math.pi)
    left = fano.fano_power(3.0 + offset * width, q=q, **kw)
    right = fano.fano_power(3.0 - offset * width, q=-q, **kw)
    assert left == pytest.approx(right, rel=1e-9, abs=1e-12 * (A + B))  # rounding of nu


@settings(max_examples=60, deadline=None)
@given(
    q=st.floats(-1e3, 1e3, **_finite),
    A=st.floats(1e-3, 1e3, **_finite),
    B=st.floats(0.0, 1e3, **_finite),
)
def test_constant_background_is_a_lorentzian_background_profile(q, A, B):
    """Module docstring: A (q+e)^2/(1+e^2) + B = A' [(q'+e)^2 + b^2]/(1+e^2) with A' = A + B,
    q' = A q / (A + B), b^2 = (A q^2 + B)/(A + B) - q'^2 (both are (a0 + a1 e + a2 e^2)/(1+e^2))."""
    a_l = A + B
    q_l = A * q / a_l
    b2 = max((A * q * q + B) / a_l - q_l * q_l, 0.0)
    nu = np.linspace(1.0, 2.0, 41)
    kw = dict(nu_b_hz=1.4, gamma_b_s=0.3)
    const = fano.fano_power(nu, q=q, A=A, B=B, **kw)
    lor = fano.fano_power(nu, q=q_l, A=a_l, B=b2, background="lorentzian", **kw)
    # cancellation in b^2: ~1e-12 relative to the largest power; subnormal B rounds to 0
    np.testing.assert_allclose(lor, const, rtol=1e-9, atol=1e-12 * np.max(const))


@settings(max_examples=60, deadline=None)
@given(
    c=st.complex_numbers(min_magnitude=1e-2, max_magnitude=1e2, **_finite),
    d=st.complex_numbers(max_magnitude=1e3, **_finite),
)
def test_one_pole_on_a_complex_background_is_the_lorentzian_form(c, d):
    """|c + d/(eps + i)|^2 = A [(q + eps)^2 + b^2] / (1 + eps^2) with A = |c|^2,
    q = Re(conj(c)(ic + d))/|c|^2 and b = Im(conj(c)(ic + d))/|c|^2 (module docstring)."""
    z = np.conj(c) * (1j * c + d)
    A = abs(c) ** 2
    q, b = z.real / A, z.imag / A
    eps = np.linspace(-30.0, 30.0, 121)
    exact = np.abs(c + d / (eps + 1j)) ** 2
    F = fano.fano_power(
        eps, q=q, nu_b_hz=0.0, gamma_b_s=2 * math.pi, A=A, B=b * b, background="lorentzian"
    )  # eps = nu here
    np.testing.assert_allclose(F, exact, rtol=1e-9, atol=1e-12 * np.max(exact))  # rounding


def test_amplitude_is_the_square_root_of_the_power():
    nu = np.linspace(0.5, 1.5, 33)
    kw = dict(q=-4.0, nu_b_hz=1.0, gamma_b_s=0.4, A=3.0, B=0.5, background="lorentzian")
    np.testing.assert_array_equal(fano.fano_amplitude(nu, **kw), np.sqrt(fano.fano_power(nu, **kw)))


# ------------------------------------------------------------------------------------ fits
@pytest.mark.parametrize("q, background", CONFIGS)
def test_fit_recovers_q_and_gamma_within_2_percent(q, background):
    rng = np.random.default_rng([int(abs(q)), int(q > 0), len(background)])
    nu, y, err = _spectrum(q, background, rng)
    fit = fano.fit_fano(nu, y, err, background=background)
    truth = _truth(q, background)
    # 2 %: the reported 1-sigma of q and Gamma_b is ~0.4 % here, so 2 % is a 5-sigma bound
    assert fit.q == pytest.approx(q, rel=0.02)
    assert fit.gamma_b_s == pytest.approx(GAMMA_B_S, rel=0.02)
    for name in ("q", "nu_b_hz", "gamma_b_s", "A", "B"):
        pull = (getattr(fit, name) - truth[name]) / getattr(fit, f"{name}_err")
        assert abs(pull) < 4.5, f"{name}: pull {pull:.2f}"  # 4.5 sigma: p = 7e-6 per parameter
    assert 0.5 < fit.redchi < 1.5  # chi^2/dof, 115-137 dof: SD <= 0.13, so +-3.8 SD at least
    assert fit.n_points == nu.size and fit.background == background


def _coverage(configs, n_realisations, seed):
    """Per config: fractions of realisations whose truth lies within the reported 1 sigma."""
    rng = np.random.default_rng(seed)
    out = {}
    for q, background in configs:
        hits = np.zeros(2)
        for _ in range(n_realisations):
            nu, y, err = _spectrum(q, background, rng)
            fit = fano.fit_fano(nu, y, err, background=background)
            # 2 %: five times the ~0.4 % reported 1-sigma of q and Gamma_b at 1 % noise
            assert abs(fit.q / q - 1) < 0.02 and abs(fit.gamma_b_s / GAMMA_B_S - 1) < 0.02
            hits += [
                abs(fit.q - q) <= fit.q_err,
                abs(fit.gamma_b_s - GAMMA_B_S) <= fit.gamma_b_s_err,
            ]
        out[(q, background)] = hits / n_realisations
    return out


def _sem_band(n: int, k: float = 3.0) -> tuple[float, float]:
    sem = math.sqrt(ONE_SIGMA * (1 - ONE_SIGMA) / n)
    return ONE_SIGMA - k * sem, ONE_SIGMA + k * sem


def test_reported_errors_cover_the_truth_68_percent_per_case():
    """200 noise realisations per case (2400 fits, about 10 s): the truth lies within the
    reported 1 sigma for 60-75 % of them (68.27 % -2.5/+2.0 binomial SEM of 3.3 %), for q and
    Gamma_b, |q| from 3 to 1000, both signs, both backgrounds; every fit within 2 %."""
    cover = _coverage(CONFIGS, 200, seed=4242)
    for case, (c_q, c_gamma) in cover.items():
        assert 0.60 <= c_q <= 0.75, f"{case}: q coverage {c_q:.3f}"
        assert 0.60 <= c_gamma <= 0.75, f"{case}: Gamma_b coverage {c_gamma:.3f}"
    lo, hi = _sem_band(200 * len(CONFIGS))  # k = 3 on the pooled 2400 fits: 65.4-71.1 %
    pooled = np.mean(list(cover.values()), axis=0)
    assert np.all((lo <= pooled) & (pooled <= hi)), pooled


def test_unweighted_errors_are_scaled_by_the_reduced_chi2():
    """No errors given, homoscedastic noise sigma = 0.1 % of the peak: errors scaled by redchi
    cover the truth 68 % of the time (100 fits: within 3 SEM, 54.3-82.2 %)."""
    rng = np.random.default_rng(99)
    q, hits = -30.0, np.zeros(2)
    for _ in range(100):
        nu = _frequencies(q, rng)
        amplitude = fano.fano_amplitude(nu, **_truth(q, "constant"))
        sigma = 0.001 * amplitude.max()  # the dip (0.2) stays 7 sigma above zero
        fit = fano.fit_fano(nu, amplitude + sigma * rng.standard_normal(nu.size))
        assert fit.redchi == pytest.approx(sigma**2, rel=0.5)  # chi^2/137 dof: SD 12 %, 4 SD
        hits += [abs(fit.q - q) <= fit.q_err, abs(fit.gamma_b_s - GAMMA_B_S) <= fit.gamma_b_s_err]
    lo, hi = _sem_band(100)
    assert np.all((lo <= hits / 100) & (hits / 100 <= hi)), hits / 100


@pytest.mark.parametrize("weighted", [True, False])
@pytest.mark.parametrize("background", fano.BACKGROUNDS)
def test_minimum_and_errors_agree_with_scipy_curve_fit(weighted, background):
    """SciPy's curve_fit, started at our answer, stays there and reports the same covariance
    (absolute_sigma for given errors; scaled by the residual variance otherwise)."""
    rng = np.random.default_rng(5)
    nu, y, err = _spectrum(-75.0, background, rng)
    fit = fano.fit_fano(nu, y, err if weighted else None, background=background)
    p = [fit.q, fit.nu_b_hz, fit.gamma_b_s, fit.A, fit.B]

    def model(x, q, nu_b, gamma, A, B):
        return fano.fano_amplitude(
            x, q=q, nu_b_hz=nu_b, gamma_b_s=gamma, A=A, B=B, background=background
        )

    popt, pcov = curve_fit(
        model,
        nu,
        y,
        p0=p,
        sigma=err if weighted else None,
        absolute_sigma=weighted,
        method="trf",
        jac="3-point",
        x_scale="jac",
        ftol=1e-14,
        xtol=1e-14,
        gtol=1e-14,
    )
    errors = [fit.q_err, fit.nu_b_hz_err, fit.gamma_b_s_err, fit.A_err, fit.B_err]
    for name, ours, theirs, e in zip(("q", "nu_b", "Gamma_b", "A", "B"), p, popt, errors):
        assert abs(ours - theirs) < 1e-3 * e, name  # the same minimum, to 1e-3 of its error
    # analytic vs finite-difference Jacobian: 1e-4 relative on the errors
    np.testing.assert_allclose(errors, np.sqrt(np.diag(pcov)), rtol=1e-4)


@pytest.mark.parametrize("weighted", [True, False])
def test_fit_is_invariant_under_units_of_response_and_frequency_offsets(weighted):
    """Response in other units (x c): q, nu_b, Gamma_b and their errors stay, A and B scale as
    c^2; frequencies shifted by 1e4 Hz: the same fit, nu_b shifted."""
    rng = np.random.default_rng(21)
    nu, y, err = _spectrum(-30.0, "constant", rng)
    ref = fano.fit_fano(nu, y, err if weighted else None)
    for c in (1e-6, 1e6):
        fit = fano.fit_fano(nu, c * y, c * err if weighted else None)
        for name in ("q", "gamma_b_s", "q_err", "gamma_b_s_err", "nu_b_hz"):
            # 1e-6 of the value: the optimizer's tolerance, well below the 0.4 % errors
            assert getattr(fit, name) == pytest.approx(getattr(ref, name), rel=1e-6), name
        assert fit.A / c**2 == pytest.approx(ref.A, rel=1e-6)  # optimizer tolerance
        assert fit.B / c**2 == pytest.approx(ref.B, rel=1e-6)  # optimizer tolerance
    shifted = fano.fit_fano(nu + 1e4, y, err if weighted else None)
    # a tenth of its 1-sigma error: the shift only rounds the frequencies (~1e-12 Hz)
    assert shifted.nu_b_hz - 1e4 == pytest.approx(ref.nu_b_hz, abs=0.1 * ref.nu_b_hz_err)
    assert shifted.q == pytest.approx(ref.q, rel=1e-6)


def test_one_start_suffices_on_clean_data_and_more_starts_never_do_worse():
    rng = np.random.default_rng(17)
    nu, y, err = _spectrum(250.0, "constant", rng)
    one = fano.fit_fano(nu, y, err, n_starts=1)
    many = fano.fit_fano(nu, y, err, n_starts=8)
    assert many.redchi <= one.redchi * (1 + 1e-9)  # the best of 8 includes the first start
    assert one.q == pytest.approx(many.q, rel=1e-6)  # the same minimum (optimizer tolerance)


def test_dip_outside_the_data_warns_or_says_to_widen_the_span():
    """|q| = 1000 seen within +-10 widths only: the dip is 100 times further out than the data."""
    rng = np.random.default_rng(8)
    width = GAMMA_B_S / (2 * math.pi)
    nu = NU_B_HZ + width * np.linspace(-10, 10, 81)
    amplitude = fano.fano_amplitude(nu, **_truth(1000.0, "constant"))
    y = amplitude * (1 + RELATIVE_NOISE * rng.standard_normal(nu.size))
    try:
        with pytest.warns(UserWarning, match="include the dip in the frequency span"):
            fano.fit_fano(nu, y, RELATIVE_NOISE * amplitude)
    except ValueError as exc:
        assert "fit did not converge" in str(exc) and "widen the frequency span" in str(exc)


def test_fit_result_is_finite_and_round_trips_through_as_dict():
    rng = np.random.default_rng(3)
    nu, y, err = _spectrum(12.0, "lorentzian", rng)
    fit = fano.fit_fano(nu, y, err, background="lorentzian")
    d = fit.as_dict()
    assert list(d) == [f.name for f in dataclasses.fields(fano.FanoFit)]
    assert fano.FanoFit(**d) == fit
    assert all(math.isfinite(v) for v in d.values() if isinstance(v, float))
    np.testing.assert_array_equal(
        fit.amplitude(nu),
        fano.fano_amplitude(
            nu,
            q=fit.q,
            nu_b_hz=fit.nu_b_hz,
            gamma_b_s=fit.gamma_b_s,
            A=fit.A,
            B=fit.B,
            background="lorentzian",
        ),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        fit.q = 1.0


# ----------------------------------------------------------------------------- bad arguments
_NU = np.linspace(6.0, 7.0, 20)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(frequency_hz=[1.0, np.nan]), "frequency_hz"),
        (dict(gamma_b_s=0.0), "gamma_b_s"),
        (dict(A=-1.0), "A"),
        (dict(B=-0.1), "B"),
        (dict(q=math.inf), "q"),
        (dict(background="quadratic"), "background"),
    ],
)
def test_fano_power_refuses_bad_arguments_by_name(kwargs, name):
    args = dict(frequency_hz=_NU, q=2.0, nu_b_hz=6.5, gamma_b_s=0.1, A=1.0, B=0.0)
    with pytest.raises(ValueError, match=name):
        fano.fano_power(**{**args, **kwargs})


def test_fano_power_refuses_wrong_types():
    with pytest.raises(TypeError, match="frequency_hz"):
        fano.fano_power("7 Hz", q=2.0, nu_b_hz=6.5, gamma_b_s=0.1, A=1.0)
    with pytest.raises(TypeError, match="background"):
        fano.fano_power(_NU, q=2.0, nu_b_hz=6.5, gamma_b_s=0.1, A=1.0, background=1)


@pytest.mark.parametrize(
    "change, match",
    [
        (lambda nu, y, e: (nu[::-1], y, e), "strictly increasing"),
        (lambda nu, y, e: (np.r_[nu[:1], nu[:-1]], y, e), "strictly increasing"),
        (lambda nu, y, e: (nu, np.r_[y[:-1], np.nan], e), "response"),
        (lambda nu, y, e: (nu, -y, e), "response"),
        (lambda nu, y, e: (nu, 0 * y, e), "response must not be zero"),
        (lambda nu, y, e: (nu, y[:-1], e), "same length"),
        (lambda nu, y, e: (nu[:7], y[:7], e[:7]), ">= 8 points"),
        (lambda nu, y, e: (nu, y, 0 * e), "response_err"),
        (lambda nu, y, e: (nu, y, e[:-1]), "response_err"),
    ],
)
def test_fit_fano_refuses_bad_data_by_name(change, match):
    nu = np.linspace(6.0, 7.0, 30)
    y = fano.fano_amplitude(nu, q=5.0, nu_b_hz=6.5, gamma_b_s=0.5, A=1.0, B=0.1)
    with pytest.raises(ValueError, match=match):
        fano.fit_fano(*change(nu, y, 0.01 * y))


def test_fit_fano_refuses_bad_options():
    nu = np.linspace(6.0, 7.0, 30)
    y = fano.fano_amplitude(nu, q=5.0, nu_b_hz=6.5, gamma_b_s=0.5, A=1.0, B=0.1)
    with pytest.raises(ValueError, match="background"):
        fano.fit_fano(nu, y, background="flat")
    with pytest.raises(ValueError, match="n_starts"):
        fano.fit_fano(nu, y, n_starts=0)
    with pytest.raises(TypeError, match="n_starts"):
        fano.fit_fano(nu, y, n_starts="3")

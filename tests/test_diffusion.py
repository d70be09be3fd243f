"""spinbridge.diffusion: spherically symmetric diffusion modes (Katz Sec. IV.D, App. E, Fig. 1(d)).

Reference values: the roots of tan x = x, the Dirichlet k_m = m pi / R, Robin roots from an
independent root finder (scipy's spherical_jn derivative, a fine sign scan and brentq), the
limits h -> 0 and h -> inf, orthonormality and completeness by quadrature, and the projection of
the uniform excitation on the Dirichlet modes, 6/(m^2 pi^2). Radii, diffusion coefficients and
h are not the paper's unless a test says so.
"""

import functools
import itertools
import math

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize
from scipy.special import spherical_jn

from spinbridge import diffusion

R = 1.7  # cm, not the paper's 2.54
D = 0.31  # cm^2/s


@functools.cache
def _legendre(n):
    return np.polynomial.legendre.leggauss(n)


def _gauss_legendre(radius, n=600):
    """Nodes and weights of int_0^R f(r) 4 pi r^2 dr (exact for polynomials of degree < 2n - 2)."""
    x, w = _legendre(n)
    r = 0.5 * radius * (x + 1.0)
    return r, 0.5 * radius * w * 4.0 * np.pi * r**2


def _robin_roots_reference(beta, n_roots):
    """First roots x of x j0'(x) + beta j0(x) = 0 (x > 0): a sign scan at step pi/4000 of the
    condition written with scipy's spherical_jn(derivative=True), then scipy's brentq."""
    x = np.linspace(1e-9, (n_roots + 1) * np.pi, (n_roots + 1) * 4000)

    def g(z):
        return z * spherical_jn(0, z, derivative=True) + beta * spherical_jn(0, z)

    values = g(x)
    brackets = np.flatnonzero(np.sign(values[:-1]) != np.sign(values[1:]))[:n_roots]
    return np.array(
        [optimize.brentq(g, x[i], x[i + 1], xtol=1e-300, rtol=8.9e-16) for i in brackets]
    )


# ----------------------------------------------------------------------------- roots
def test_neumann_roots_satisfy_tan_x_equals_x():
    modes = diffusion.sphere_modes(R, D, 60, "neumann")
    x = modes["k"].values * R
    assert x[0] == 0.0  # the uniform mode first
    # reference values of the first nonzero roots of tan x = x (Abramowitz & Stegun 4.3.3)
    np.testing.assert_allclose(x[1:4], [4.493409457909064, 7.725251836937707, 10.90412165942890])
    np.testing.assert_allclose(np.tan(x[1:]) / x[1:], 1.0, rtol=1e-11)
    m = np.arange(1, 60)
    assert np.all((x[1:] > m * np.pi) & (x[1:] < (m + 0.5) * np.pi))  # x_m in (m pi, m pi + pi/2)
    # asymptotically x_m = q - 1/q with q = (m + 1/2) pi
    q = (m[-1] + 0.5) * np.pi
    assert x[-1] == pytest.approx(q - 1 / q - 2 / (3 * q**3), rel=1e-9)


def test_dirichlet_wavenumbers_are_m_pi_over_r():
    modes = diffusion.sphere_modes(R, D, 40, "dirichlet", base_rate_s=12.5)
    m = np.arange(1, 41)  # the paper's m = 1, 2, ... is mode index m - 1
    np.testing.assert_allclose(modes["k"].values, m * np.pi / R, rtol=1e-15)
    np.testing.assert_allclose(modes["rate"].values, 12.5 + D * (m * np.pi / R) ** 2, rtol=1e-15)
    np.testing.assert_array_equal(modes["mode"].values, np.arange(40))
    assert modes.attrs == {
        "title": "Spherically symmetric diffusion modes (dirichlet walls)",
        "radius_cm": R,
        "diffusion_cm2_s": D,
        "boundary": "dirichlet",
        "base_rate_s": 12.5,
    }


@pytest.mark.parametrize("beta", [1e-3, 0.37, 1.0, 2.9, 45.0, 3e4])
def test_robin_roots_match_an_independent_root_finder(beta):
    modes = diffusion.sphere_modes(R, D, 25, "robin", robin_h_per_cm=beta / R)
    x = modes["k"].values * R
    np.testing.assert_allclose(x, _robin_roots_reference(beta, 25), rtol=2e-14)
    # and the wall condition du/dr + h u = 0 itself, with u = j0(k r): R (k j0'(kR) + h j0(kR))
    # = x j0'(x) + beta j0(x) = g(x); the Newton step g/g' from each root is a few ulp of x
    g = x * spherical_jn(0, x, derivative=True) + beta * spherical_jn(0, x)
    # g' = (beta - 1) j0' - x j0, from x j0'' = -2 j0' - x j0 (the spherical Bessel equation)
    dg = (beta - 1) * spherical_jn(0, x, derivative=True) - x * spherical_jn(0, x)
    assert np.all(np.abs(g / dg) <= 8 * np.finfo(float).eps * x)


def test_robin_roots_agree_with_fsolve_started_elsewhere():
    # fsolve on x cos x + (hR - 1) sin x = 0 (the condition multiplied out), started a quarter
    # period above each root's bracket start, converges to the same roots
    beta = 3.3
    x = diffusion.sphere_modes(R, D, 12, "robin", robin_h_per_cm=beta / R)["k"].values * R
    start = (np.arange(12) + 0.75) * np.pi
    found = optimize.fsolve(lambda z: z * np.cos(z) + (beta - 1) * np.sin(z), start, xtol=1e-14)
    np.testing.assert_allclose(found, x, rtol=1e-12)


def test_robin_limit_h_to_zero_is_neumann():
    h = 1e-8 / R  # beta = hR = 1e-8
    robin = diffusion.sphere_modes(R, D, 30, "robin", robin_h_per_cm=h)
    neumann = diffusion.sphere_modes(R, D, 30, "neumann")
    np.testing.assert_allclose(robin["k"][1:], neumann["k"][1:], rtol=1e-8)
    # the lowest mode: x^2 = 3 beta (1 + beta/5 + ...), i.e. the wall-relaxation rate 3 D h / R
    assert float(robin["rate"][0]) == pytest.approx(3 * D * h / R, rel=1e-7)
    np.testing.assert_allclose(robin["norm"], neumann["norm"], rtol=1e-8)
    np.testing.assert_allclose(
        diffusion.uniform_projection(robin), diffusion.uniform_projection(neumann), atol=1e-8
    )


def test_robin_limit_h_to_infinity_is_dirichlet():
    robin = diffusion.sphere_modes(R, D, 30, "robin", robin_h_per_cm=1e12 / R)
    dirichlet = diffusion.sphere_modes(R, D, 30, "dirichlet")
    # x_m = (m + 1) pi (1 - 1/beta + ...): 1e-12 relative at beta = 1e12
    np.testing.assert_allclose(robin["k"], dirichlet["k"], rtol=3e-12)
    np.testing.assert_allclose(robin["norm"], dirichlet["norm"], rtol=1e-10)


@settings(max_examples=60, deadline=None)
@given(
    beta=st.floats(1e-6, 1e6),
    radius=st.floats(0.05, 20.0),
    n=st.integers(1, 40),
)
def test_robin_roots_interlace_between_neumann_and_dirichlet(beta, radius, n):
    x_n = diffusion.sphere_modes(radius, D, n, "neumann")["k"].values * radius
    x_r = diffusion.sphere_modes(radius, D, n, "robin", robin_h_per_cm=beta / radius)["k"].values
    x_r = x_r * radius
    x_d = diffusion.sphere_modes(radius, D, n, "dirichlet")["k"].values * radius
    assert np.all(x_n < x_r) and np.all(x_r <= x_d * (1 + 1e-15))
    assert np.all(np.diff(x_r) > 0)
    # beta j0(x) = x j1(x) to rounding
    resid = beta * spherical_jn(0, x_r) - x_r * spherical_jn(1, x_r)
    assert np.all(np.abs(resid) <= 1e-12 * (1 + beta))


# ----------------------------------------------------------------------------- profiles, norms
@pytest.mark.parametrize(
    "boundary, h", [("dirichlet", None), ("neumann", None), ("robin", 0.4), ("robin", 1e-9)]
)
def test_profiles_are_orthonormal_by_quadrature(boundary, h):
    modes = diffusion.sphere_modes(R, D, 30, boundary, robin_h_per_cm=h)
    r, w = _gauss_legendre(R)
    u = diffusion.radial_profiles(modes, r).values
    gram = (u * w) @ u.T
    np.testing.assert_allclose(gram, np.eye(30), atol=1e-12)


def test_uniform_neumann_mode_is_one_over_sqrt_volume():
    volume = 4 * np.pi * R**3 / 3
    modes = diffusion.sphere_modes(R, D, 3, "neumann", base_rate_s=0.25)
    assert float(modes["norm"][0]) == pytest.approx(volume**-0.5, rel=1e-15)
    assert float(modes["rate"][0]) == 0.25
    profile = diffusion.radial_profiles(modes, np.array([0.0, 0.3, R]))
    np.testing.assert_allclose(profile.sel(mode=0), volume**-0.5, rtol=1e-15)
    assert profile.dims == ("mode", "r") and profile.attrs["units"] == "cm-3/2"
    # normalisation of a mode with k > 0: N^-2 = 2 pi R / k^2 (1 - sin(2kR)/(2kR))
    k = float(modes["k"][2])
    expected = (2 * np.pi * R / k**2 * (1 - np.sin(2 * k * R) / (2 * k * R))) ** -0.5
    assert float(modes["norm"][2]) == pytest.approx(expected, rel=1e-14)


def test_profiles_are_sin_kr_over_kr_and_vanish_at_a_dirichlet_wall():
    modes = diffusion.sphere_modes(R, D, 5, "dirichlet")
    r = np.linspace(0, R, 7)
    u = diffusion.radial_profiles(modes, r)
    k, norm = modes["k"].values[:, None], modes["norm"].values[:, None]
    np.testing.assert_allclose(u.values, norm * spherical_jn(0, k * r[None, :]), atol=1e-15)
    np.testing.assert_allclose(u.values[:, -1], 0.0, atol=1e-14)
    assert diffusion.radial_profiles(modes, 0.5).shape == (5, 1)  # a number is one radius


# ----------------------------------------------------------------------------- overlaps
def _overlap_quad(a, b, radius):
    """int A B d^3r of N_a sin(k_a r)/(k_a r) and N_b sin(k_b r)/(k_b r) by Gauss-Legendre."""
    r, w = _gauss_legendre(radius)
    profile_a = a[1] * np.sinc(a[0] * r / np.pi)
    return np.sum(w * profile_a * b[1] * np.sinc(b[0] * r / np.pi))


@pytest.mark.parametrize(
    "alkali, noble",
    [
        (("dirichlet", None), ("neumann", None)),  # the paper's pair: Lommel and sinc branches
        (("robin", 1e-7), ("neumann", None)),  # small arguments: the series branch
        (("robin", 0.2), ("robin", 0.21)),  # near-equal arguments
        (("robin", 50.0), ("dirichlet", None)),
    ],
)
def test_overlaps_match_quadrature(alkali, noble):
    a = diffusion.sphere_modes(R, 0.05, 12, alkali[0], robin_h_per_cm=alkali[1])
    b = diffusion.sphere_modes(R, 0.6, 14, noble[0], robin_h_per_cm=noble[1])
    c = diffusion.overlaps(a, b)
    assert c.dims == ("mode_alkali", "mode_noble") and c.shape == (12, 14)
    ref = np.array(
        [
            [
                _overlap_quad((ka, na), (kb, nb), R)
                for kb, nb in zip(b["k"].values, b["norm"].values)
            ]
            for ka, na in zip(a["k"].values, a["norm"].values)
        ]
    )
    np.testing.assert_allclose(c.values, ref, atol=2e-13)


@pytest.mark.parametrize("boundary, h", [("dirichlet", None), ("neumann", None), ("robin", 2.0)])
def test_overlaps_of_one_mode_set_with_itself_are_the_identity(boundary, h):
    modes = diffusion.sphere_modes(R, D, 80, boundary, robin_h_per_cm=h)
    np.testing.assert_allclose(diffusion.overlaps(modes, modes), np.eye(80), atol=1e-13)


def test_overlap_rows_are_complete_as_the_noble_truncation_grows():
    # sum_n |c_mn|^2 -> 1 (the Neumann modes are complete); the deficit falls with the truncation
    alkali = diffusion.sphere_modes(R, 0.05, 20, "dirichlet", base_rate_s=3.0)
    deficits = []
    for n_noble in (25, 50, 100, 400, 1600):
        noble = diffusion.sphere_modes(R, 0.6, n_noble, "neumann")
        weight = (diffusion.overlaps(alkali, noble) ** 2).sum("mode_noble").values
        assert np.all(weight <= 1 + 1e-12)
        deficits.append(float(np.max(1 - weight)))
    assert all(later < earlier for earlier, later in itertools.pairwise(deficits))
    assert deficits[-1] < 1e-5
    # a Robin alkali (u(R) != 0) in a Dirichlet basis (u(R) = 0): complete too, but the
    # coefficients fall only as 1/n, so the deficit falls as 1/N (4x from N = 400 to 1600)
    robin = diffusion.sphere_modes(R, 0.05, 10, "robin", robin_h_per_cm=0.7)
    deficit = {}
    for n_basis in (400, 1600):
        basis = diffusion.sphere_modes(R, 0.6, n_basis, "dirichlet")
        deficit[n_basis] = 1 - (diffusion.overlaps(robin, basis) ** 2).sum("mode_noble").values
    np.testing.assert_allclose(deficit[400] / deficit[1600], 4.0, rtol=0.02)
    assert np.all(deficit[1600] < 3e-4)


def test_overlap_closed_form_is_continuous_across_its_branches():
    # the three forms of int_0^1 j0(p s) j0(q s) s^2 ds agree where they meet
    def integrand(s, p, q):
        return np.sinc(p * s / np.pi) * np.sinc(q * s / np.pi) * s**2

    for p, q in [(0.5, 1.5), (0.49999999, 1.49999), (0.5, 1.50000001), (2.0, 3.0), (1e-6, 1.2)]:
        exact = integrate.quad(integrand, 0, 1, args=(p, q), epsabs=1e-16)[0]
        assert diffusion._overlap_integral(np.array(p), np.array(q)) == pytest.approx(
            exact, abs=2e-16
        )
        assert diffusion._overlap_integral(np.array(q), np.array(p)) == pytest.approx(
            exact, abs=2e-16
        )


# ----------------------------------------------------------------------------- uniform projection
def test_uniform_projection_on_dirichlet_modes_is_six_over_m2_pi2():
    # <1/sqrt(V)|u_m> = (4 pi N_m / sqrt V) int_0^R sin(k r)/(k r) r^2 dr with k = m pi / R,
    # N_m = m pi / sqrt(2 pi R^3): the integral is R^3 j1(m pi)/(m pi) = R^3 (-1)^(m+1)/(m pi)^2,
    # so the projection is (-1)^(m+1) 4 pi R^3 / (m pi sqrt(2 pi R^3) sqrt(4 pi R^3/3))
    # = (-1)^(m+1) sqrt(6)/(m pi), squared 6/(m^2 pi^2); sum_m 6/(m^2 pi^2) = 1 (Basel).
    modes = diffusion.sphere_modes(R, D, 5000, "dirichlet")
    proj = diffusion.uniform_projection(modes).values
    m = np.arange(1, 5001)
    np.testing.assert_allclose(proj**2, 6 / (m**2 * np.pi**2), rtol=1e-13)
    np.testing.assert_allclose(proj, (-1.0) ** (m + 1) * np.sqrt(6) / (m * np.pi), rtol=1e-13)
    # the tail beyond M is sum_{m > M} 6/(m^2 pi^2) ~ 6/(pi^2 M)
    assert 1 - np.sum(proj**2) == pytest.approx(6 / (np.pi**2 * 5000), rel=1e-3)


def test_uniform_projection_on_neumann_modes_is_the_first_unit_vector():
    proj = diffusion.uniform_projection(diffusion.sphere_modes(R, D, 50, "neumann")).values
    assert proj[0] == pytest.approx(1.0, rel=1e-15)
    np.testing.assert_allclose(proj[1:], 0.0, atol=1e-14)


def test_uniform_projection_on_robin_modes_matches_quadrature():
    modes = diffusion.sphere_modes(R, D, 10, "robin", robin_h_per_cm=1.3)
    proj = diffusion.uniform_projection(modes).values
    r, w = _gauss_legendre(R)
    u = diffusion.radial_profiles(modes, r).values
    volume = 4 * np.pi * R**3 / 3
    np.testing.assert_allclose(proj, (u * w).sum(axis=1) / math.sqrt(volume), atol=1e-13)


# ----------------------------------------------------------------------------- rates vs J
def test_modes_slower_than_counts_rates_below_the_reference():
    # Dirichlet: gamma + D (m pi/R)^2 < J  <=>  m < (R/pi) sqrt((J - gamma)/D)
    gamma, J = 7.0, 900.0
    alkali = diffusion.sphere_modes(R, 0.08, 400, "dirichlet", base_rate_s=gamma)
    expected = math.ceil(R / math.pi * math.sqrt((J - gamma) / 0.08)) - 1
    assert diffusion.modes_slower_than(alkali, J) == expected
    assert diffusion.modes_slower_than(alkali, gamma) == 0
    noble = diffusion.sphere_modes(R, 0.4, 400, "neumann")
    count = diffusion.modes_slower_than(noble, J)
    rates = noble["rate"].values
    assert rates[count - 1] < J <= rates[count]
    ratio = diffusion.rates_over(noble, J)
    assert ratio.sel(mode=199).item() == pytest.approx(rates[199] / J, rel=1e-15)
    assert ratio.dims == ("mode",) and ratio.attrs["units"] == "1"


# ----------------------------------------------------------------------------- validation
GOOD = dict(radius_cm=R, diffusion_cm2_s=D, n_modes=5, boundary="neumann")


@pytest.mark.parametrize(
    "change, error, match",
    [
        ({"radius_cm": 0.0}, ValueError, "radius_cm must be a finite number > 0"),
        ({"radius_cm": math.nan}, ValueError, "radius_cm"),
        ({"diffusion_cm2_s": -0.1}, ValueError, "diffusion_cm2_s must be a finite number > 0"),
        ({"diffusion_cm2_s": math.inf}, ValueError, "diffusion_cm2_s"),
        ({"n_modes": 0}, ValueError, r"n_modes must be an integer in \[1, 100000\]"),
        ({"n_modes": 10**12}, ValueError, "n_modes"),
        ({"n_modes": 2.5}, ValueError, "n_modes"),
        ({"n_modes": "5"}, TypeError, "n_modes"),
        ({"boundary": "periodic"}, ValueError, "boundary must be one of"),
        ({"boundary": None}, TypeError, "boundary"),
        ({"base_rate_s": -1.0}, ValueError, "base_rate_s must be a finite number >= 0"),
        ({"base_rate_s": math.nan}, ValueError, "base_rate_s"),
        ({"boundary": "robin"}, ValueError, "robin_h_per_cm .* is required"),
        ({"boundary": "robin", "robin_h_per_cm": 0.0}, ValueError, "robin_h_per_cm must be"),
        ({"boundary": "robin", "robin_h_per_cm": math.inf}, ValueError, "robin_h_per_cm"),
        ({"robin_h_per_cm": 1.0}, ValueError, "robin_h_per_cm is only for boundary='robin'"),
        (
            {"radius_cm": 1e200, "boundary": "robin", "robin_h_per_cm": 1e200},
            ValueError,
            "overflow",
        ),
    ],
)
def test_sphere_modes_refuses_bad_arguments_naming_them(change, error, match):
    with pytest.raises(error, match=match):
        diffusion.sphere_modes(**{**GOOD, **change})


def test_dataset_arguments_are_checked():
    modes = diffusion.sphere_modes(**GOOD)
    other = diffusion.sphere_modes(**{**GOOD, "radius_cm": 2 * R})
    with pytest.raises(TypeError, match="modes must be an xarray.Dataset"):
        diffusion.uniform_projection(modes["k"])
    with pytest.raises(ValueError, match="not a sphere_modes dataset"):
        diffusion.uniform_projection(modes.drop_vars("norm"))
    with pytest.raises(ValueError, match="not a sphere_modes dataset"):
        diffusion.modes_slower_than(xr.Dataset(attrs=modes.attrs), 1.0)
    with pytest.raises(ValueError, match="modes of one sphere"):
        diffusion.overlaps(modes, other)
    with pytest.raises(TypeError, match="noble_modes"):
        diffusion.overlaps(modes, {"k": [0.0]})
    with pytest.raises(ValueError, match=r"alkali_modes.k must be finite and >= 0"):
        diffusion.overlaps(modes.assign(k=-modes["k"] - 1), modes)
    with pytest.raises(ValueError, match="has no modes"):
        diffusion.rates_over(modes.isel(mode=slice(0, 0)), 1.0)


@pytest.mark.parametrize(
    "r_cm, error, match",
    [
        (R * 1.01, ValueError, "r_cm must be finite and in"),
        (np.array([0.1, -0.2]), ValueError, "r_cm"),
        (np.array([0.1, np.nan]), ValueError, "r_cm"),
        (np.zeros((2, 2)), ValueError, "1-d"),
        (np.array([]), ValueError, "non-empty"),
        ("0.5", TypeError, "r_cm"),
        (True, TypeError, "r_cm"),
        (np.array(["a"]), TypeError, "r_cm"),
    ],
)
def test_radial_profiles_refuse_bad_radii(r_cm, error, match):
    with pytest.raises(error, match=match):
        diffusion.radial_profiles(diffusion.sphere_modes(**GOOD), r_cm)


def test_size_guards_refuse_before_allocating(monkeypatch):
    monkeypatch.setattr(diffusion, "MAX_MATRIX_ELEMENTS", 100)
    modes = diffusion.sphere_modes(**{**GOOD, "n_modes": 20})
    with pytest.raises(ValueError, match="exceed MAX_MATRIX_ELEMENTS"):
        diffusion.overlaps(modes, modes)
    with pytest.raises(ValueError, match="exceed MAX_MATRIX_ELEMENTS"):
        diffusion.radial_profiles(modes, np.linspace(0, R, 6))


@pytest.mark.parametrize("rate", [0.0, -1.0, math.nan, math.inf])
def test_reference_rates_must_be_positive_and_finite(rate):
    modes = diffusion.sphere_modes(**GOOD)
    with pytest.raises(ValueError, match="rate_s"):
        diffusion.modes_slower_than(modes, rate)
    with pytest.raises(ValueError, match="rate_s"):
        diffusion.rates_over(modes, rate)


def test_every_variable_has_units_and_long_name():
    modes = diffusion.sphere_modes(**{**GOOD, "boundary": "robin", "robin_h_per_cm": 0.5})
    for name in [*modes.data_vars, *modes.coords]:
        assert {"units", "long_name"} <= set(modes[name].attrs), name
    assert modes.attrs["robin_h_per_cm"] == 0.5
    for arr in (
        diffusion.radial_profiles(modes, [0.0, 1.0]),
        diffusion.overlaps(modes, modes),
        diffusion.uniform_projection(modes),
        diffusion.rates_over(modes, 3.0),
    ):
        assert {"units", "long_name"} <= set(arr.attrs)


def test_a_hundred_thousand_modes_take_well_under_a_second():
    import time

    start = time.perf_counter()
    modes = diffusion.sphere_modes(R, D, diffusion.MAX_MODES, "robin", robin_h_per_cm=0.3)
    assert time.perf_counter() - start < 5.0  # typically 0.4 s; generous for slow CI machines
    x = modes["k"].values * R
    assert np.all(np.diff(x) > 0) and x[-1] < diffusion.MAX_MODES * np.pi

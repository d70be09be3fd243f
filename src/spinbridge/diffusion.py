"""Spherically symmetric diffusion-relaxation modes of a spherical cell.

Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Sec. IV.D, App. E and Fig. 1(d): the
spin of each species obeys d/dt = D nabla^2 - gamma inside a sphere of radius R, with a wall
condition set by how the wall relaxes the spin. Its spherically symmetric eigenmodes are

    u_m(r) = N_m sin(k_m r) / (k_m r) = N_m j0(k_m r),    rate_m = gamma + D k_m^2,

normalised to int |u_m|^2 d^3r = 1 (the uniform mode k = 0 of a non-relaxing wall is 1/sqrt(V)).
The wall condition du/dr + h u = 0 at r = R (Robin; h = 0 Neumann, h -> inf Dirichlet) with
x = k R and beta = h R reads

    beta j0(x) - x j1(x) = 0,     i.e.  x cot x = 1 - beta,

since d j0(x)/dx = -j1(x). Neumann (no wall relaxation, the noble gas): j1(x) = 0, tan x = x,
x = 0, 4.4934..., 7.7253...; Dirichlet (fully depolarising walls, the alkali): sin x = 0,
x = pi, 2 pi, ... For every beta > 0 the m-th root (m = 0, 1, ...) lies in [m pi, (m + 1) pi]
(x cot x falls monotonically from +inf to -inf on each such interval, from 1 on the first), so
the roots are bracketed exactly and refined by bisection to the last bit (vectorised over the
modes: 10^5 modes take milliseconds). The index m is the same for all three conditions, so the
Robin roots move continuously from the Neumann ones (beta -> 0; the lowest as x^2 ~ 3 beta) to
the Dirichlet ones (beta -> inf).

The overlaps c_mn = int A_m B_n d^3r of two mode sets in the same sphere (Eq. 27) and the
projections of the uniform excitation are closed forms (Lommel's integral; near-equal or small
arguments by series), accurate to a few 1e-16 absolute.

Units: radius in cm, D in cm^2/s, h in cm^-1, rates in s^-1, k in cm^-1, profiles in cm^-3/2.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from spinbridge.species import _check_count, _check_name, _check_real
from spinbridge.store import var_attrs

__all__ = [
    "BOUNDARIES",
    "MAX_MATRIX_ELEMENTS",
    "MAX_MODES",
    "modes_slower_than",
    "overlaps",
    "radial_profiles",
    "rates_over",
    "sphere_modes",
    "uniform_projection",
]

BOUNDARIES = ("dirichlet", "neumann", "robin")
"""Wall conditions: fully depolarising (u = 0), non-relaxing (du/dr = 0), partial (du/dr + h u = 0).
"""

MAX_MODES = 100_000
"""Most modes of one :func:`sphere_modes` call (the paper uses 200 per species)."""

MAX_MATRIX_ELEMENTS = 20_000_000
"""Most elements of an overlap matrix or a profile table (160 MB of float64, ~1 GB while built)."""

_SERIES_TERMS = 14  # Taylor terms of the small-argument series (x <= 1.5: last term < 1e-19)
_SMALL = 0.5  # below this argument the cancelling closed forms give way to series


# ----------------------------------------------------------------------------- special functions
def _series(x, coefficients) -> np.ndarray:
    """sum_n coefficients[n] x^(2n), by Horner in x^2."""
    x2 = np.asarray(x, float) ** 2
    out = np.zeros_like(x2)
    for c in coefficients[::-1]:
        out = out * x2 + c
    return out


# x j1(x) = sum_{n>=1} (-1)^(n+1) 2n x^(2n) / (2n+1)!  ->  (x j1(x)) / x^2 coefficients
_XJ1_OVER_X2 = [(-1) ** n * 2 * (n + 1) / math.factorial(2 * n + 3) for n in range(_SERIES_TERMS)]
# (1 - sin y / y) / y^2 = sum_{n>=0} (-1)^n y^(2n) / (2n+3)!
_ONE_MINUS_SINC_OVER_Y2 = [(-1) ** n / math.factorial(2 * n + 3) for n in range(_SERIES_TERMS)]
# j0(x) = sum_n (-1)^n x^(2n) / (2n+1)!
_J0 = [(-1) ** n / math.factorial(2 * n + 1) for n in range(_SERIES_TERMS)]


def _sinc(x) -> np.ndarray:
    """j0(x) = sin(x)/x, 1 at x = 0."""
    x = np.asarray(x, float)
    small = np.abs(x) < _SMALL
    safe = np.where(small, 1.0, x)
    return np.where(small, _series(x, _J0), np.sin(safe) / safe)


def _x_j1(x) -> np.ndarray:
    """x j1(x) = sin(x)/x - cos(x), without cancellation at small x."""
    x = np.asarray(x, float)
    small = np.abs(x) < _SMALL
    safe = np.where(small, 1.0, x)
    return np.where(small, x * x * _series(x, _XJ1_OVER_X2), np.sin(safe) / safe - np.cos(safe))


def _j1_over_x(x) -> np.ndarray:
    """j1(x)/x = int_0^1 j0(x s) s^2 ds, 1/3 at x = 0."""
    x = np.asarray(x, float)
    small = np.abs(x) < _SMALL
    safe = np.where(small, 1.0, x)
    return np.where(small, _series(x, _XJ1_OVER_X2), _x_j1(safe) / safe**2)


def _one_minus_sinc_over_y2(y) -> np.ndarray:
    """(1 - sin(y)/y) / y^2, 1/6 at y = 0."""
    y = np.asarray(y, float)
    small = np.abs(y) < _SMALL
    safe = np.where(small, 1.0, y)
    return np.where(
        small, _series(y, _ONE_MINUS_SINC_OVER_Y2), (1.0 - np.sin(safe) / safe) / safe**2
    )


def _wall_function(x: np.ndarray, beta: float) -> np.ndarray:
    """beta j0(x) - x j1(x): zero where du/dr + h u = 0 at the wall (x = k R, beta = h R)."""
    return beta * _sinc(x) - _x_j1(x)


# ----------------------------------------------------------------------------- roots
def _robin_roots(beta: float, n_modes: int) -> np.ndarray:
    """x_m (m = 0..n_modes-1) of beta j0(x) = x j1(x), beta >= 0, by bracketed bisection.

    The m-th root lies in [m pi, (m + 1) pi], where the wall function has the signs (-1)^m and
    (-1)^(m+1) (at x = 0: beta > 0). For beta = 0 (Neumann) the m = 0 root is x = 0 and is
    returned as such. Bisection to adjacent floating-point numbers (at most ~1100 halvings for a
    root near the smallest normal number, ~55 for x ~ 1).
    """
    m = np.arange(n_modes, dtype=float)
    lo, hi = m * math.pi, (m + 1.0) * math.pi
    sign_lo = np.where(m % 2 == 0, 1.0, -1.0)  # sign of the wall function at m pi (beta > 0 at 0)
    active = np.ones(n_modes, bool)
    if beta == 0.0:
        active[0] = False  # the uniform mode, x = 0 exactly
        hi[0] = 0.0
    for _ in range(1100):
        if not active.any():
            break
        idx = np.flatnonzero(active)
        a, b = lo[idx], hi[idx]
        mid = 0.5 * (a + b)
        done = (mid <= a) | (mid >= b)
        f = _wall_function(mid, beta)
        same = np.sign(f) == sign_lo[idx]
        lo[idx] = np.where(~done & same, mid, a)
        hi[idx] = np.where(~done & ~same, mid, b)
        exact = f == 0.0
        lo[idx[exact]] = hi[idx[exact]] = mid[exact]
        active[idx[done | exact]] = False
    else:  # pragma: no cover - the bracket halves every step; 1100 halvings exhaust float64
        raise RuntimeError("bisection of the wall condition did not converge")
    # the end of the bracket nearer to a zero of the wall function
    f_lo = np.abs(_wall_function(lo, beta))
    f_hi = np.abs(_wall_function(hi, beta))
    return np.where(f_lo <= f_hi, lo, hi)


def _normalisation(k: np.ndarray, radius_cm: float) -> np.ndarray:
    """N with 4 pi N^2 int_0^R j0(k r)^2 r^2 dr = 1.

    N^-2 = 8 pi R^3 g(2 k R), g(y) = (1 - sinc y)/y^2; at k = 0, g = 1/6 and N^-2 = 4 pi R^3/3 = V.
    """
    return 1.0 / np.sqrt(
        8.0 * math.pi * radius_cm**3 * _one_minus_sinc_over_y2(2.0 * k * radius_cm)
    )


# ----------------------------------------------------------------------------- arguments
def _check_modes(name: str, modes) -> xr.Dataset:
    """TypeError unless a Dataset; ValueError unless it has sphere_modes' variables and attrs."""
    if not isinstance(modes, xr.Dataset):
        raise TypeError(
            f"{name} must be an xarray.Dataset of sphere_modes, got {type(modes).__name__}"
        )
    missing = [v for v in ("k", "rate", "norm") if v not in modes]
    missing += [
        f"attr {a}" for a in ("radius_cm", "diffusion_cm2_s", "boundary") if a not in modes.attrs
    ]
    if missing or "mode" not in modes.dims or modes["k"].dims != ("mode",):
        raise ValueError(f"{name} is not a sphere_modes dataset (lacks {missing or 'dim mode'})")
    if modes.sizes["mode"] < 1:
        raise ValueError(f"{name} has no modes")
    _check_real(f"{name}.attrs['radius_cm']", float(modes.attrs["radius_cm"]), 0.0, lo_open=True)
    _check_real(f"{name}.k", modes["k"].values, 0.0)
    _check_real(f"{name}.norm", modes["norm"].values, 0.0, lo_open=True)
    return modes


def _check_rate(name: str, value) -> float:
    _check_real(name, value, 0.0, lo_open=True)
    return float(value)


# ----------------------------------------------------------------------------- public
def sphere_modes(
    radius_cm: float,
    diffusion_cm2_s: float,
    n_modes: int,
    boundary: str,
    *,
    base_rate_s: float = 0.0,
    robin_h_per_cm: float | None = None,
) -> xr.Dataset:
    """Lowest spherically symmetric eigenmodes of D nabla^2 - gamma in a sphere (Katz Sec. IV.D).

    u_m(r) = norm_m sin(k_m r)/(k_m r), rate_m = base_rate_s + D k_m^2, m = 0..n_modes-1, with the
    wall condition of ``boundary`` at r = R:

    - ``"dirichlet"``: u(R) = 0 (fully depolarising walls, the alkali of Sec. VII.B):
      k_m = (m + 1) pi / R, i.e. the paper's k_m = m pi / R counted from m = 1;
    - ``"neumann"``: du/dr(R) = 0 (no wall relaxation, the noble gas, Sec. IV.D): tan(kR) = kR,
      the uniform mode k_0 = 0 first (u_0 = 1/sqrt(V)), then k_1 R = 4.4934..., 7.7253..., ...;
    - ``"robin"``: du/dr + h u = 0 with h = ``robin_h_per_cm`` > 0 (partially relaxing walls):
      x cot x = 1 - hR, x = kR in [m pi, (m + 1) pi]; h -> 0 gives the Neumann modes (the lowest
      with rate ~ 3 D h / R), h -> inf the Dirichlet ones.

    Parameters
    ----------
    radius_cm : float
        Sphere radius R [cm], > 0.
    diffusion_cm2_s : float
        Diffusion coefficient D [cm^2/s], > 0.
    n_modes : int
        Number of modes, 1 <= n_modes <= :data:`MAX_MODES`.
    boundary : {"dirichlet", "neumann", "robin"}
        Wall condition.
    base_rate_s : float, optional
        Spatially uniform relaxation gamma [s^-1] added to every mode, >= 0 (e.g. gamma_A).
    robin_h_per_cm : float, optional
        h [cm^-1], > 0: required for ``"robin"``, refused otherwise.

    Returns
    -------
    xarray.Dataset
        Dimension ``mode`` (coordinate 0..n_modes-1); variables ``k`` [cm^-1], ``rate`` [s^-1] and
        ``norm`` [cm^-3/2]; attrs ``radius_cm``, ``diffusion_cm2_s``, ``boundary``,
        ``base_rate_s`` (and ``robin_h_per_cm`` for Robin walls).

    Raises
    ------
    ValueError
        ``radius_cm``, ``diffusion_cm2_s`` not finite and > 0, ``n_modes`` not an integer in
        [1, MAX_MODES], ``base_rate_s`` not finite and >= 0, an unknown ``boundary``, or
        ``robin_h_per_cm`` missing for Robin walls, given for others, or not finite and > 0.
    TypeError
        An argument of the wrong type.
    """
    _check_real("radius_cm", radius_cm, 0.0, lo_open=True)
    _check_real("diffusion_cm2_s", diffusion_cm2_s, 0.0, lo_open=True)
    n = _check_count("n_modes", n_modes, 1, MAX_MODES)
    _check_name("boundary", boundary, BOUNDARIES)
    _check_real("base_rate_s", base_rate_s, 0.0)
    if boundary == "robin":
        if robin_h_per_cm is None:
            raise ValueError(
                "robin_h_per_cm (h > 0 of du/dr + h u = 0) is required for boundary='robin'"
            )
        _check_real("robin_h_per_cm", robin_h_per_cm, 0.0, lo_open=True)
    elif robin_h_per_cm is not None:
        raise ValueError(f"robin_h_per_cm is only for boundary='robin', not {boundary!r}")
    radius, diff = float(radius_cm), float(diffusion_cm2_s)
    if boundary == "dirichlet":
        x = (np.arange(n, dtype=float) + 1.0) * math.pi
    else:
        beta = 0.0 if boundary == "neumann" else float(robin_h_per_cm) * radius
        if not math.isfinite(beta):
            raise ValueError(
                f"robin_h_per_cm * radius_cm overflows ({robin_h_per_cm!r} x {radius_cm!r})"
            )
        x = _robin_roots(beta, n)
    k = x / radius
    rate = float(base_rate_s) + diff * k**2
    if not np.all(np.isfinite(rate)):
        raise ValueError(
            f"rates not finite for radius_cm={radius_cm!r}, diffusion_cm2_s={diffusion_cm2_s!r},"
            f" base_rate_s={base_rate_s!r}"
        )
    attrs = {
        "title": f"Spherically symmetric diffusion modes ({boundary} walls)",
        "radius_cm": radius,
        "diffusion_cm2_s": diff,
        "boundary": str(boundary),
        "base_rate_s": float(base_rate_s),
    }
    if boundary == "robin":
        attrs["robin_h_per_cm"] = float(robin_h_per_cm)
    wall = {
        "dirichlet": "k R = (m + 1) pi",
        "neumann": "tan(k R) = k R, k_0 = 0",
        "robin": "k R cot(k R) = 1 - h R",
    }[boundary]
    return xr.Dataset(
        {
            "k": ("mode", k, var_attrs("cm-1", f"radial wavenumber k_m ({wall})")),
            "rate": ("mode", rate, var_attrs("s-1", "decay rate gamma + D k_m^2 of mode m")),
            "norm": (
                "mode",
                _normalisation(k, radius),
                var_attrs("cm-3/2", "N_m of u_m = N_m sin(k_m r)/(k_m r), int |u_m|^2 d^3r = 1"),
            ),
        },
        coords={"mode": ("mode", np.arange(n), var_attrs("1", "radial mode index m"))},
        attrs=attrs,
    )


def radial_profiles(modes: xr.Dataset, r_cm) -> xr.DataArray:
    """Mode profiles u_m(r) = norm_m sin(k_m r)/(k_m r) at the radii ``r_cm`` (Katz Fig. 1(d)).

    Parameters
    ----------
    modes : xarray.Dataset
        Output of :func:`sphere_modes`.
    r_cm : float or array_like
        Radii [cm], 0 <= r <= R (a 1-d array or a number).

    Returns
    -------
    xarray.DataArray
        Dims (mode, r), units cm^-3/2; coordinate ``r`` [cm].

    Raises
    ------
    TypeError
        ``modes`` not a Dataset, ``r_cm`` not numeric.
    ValueError
        ``modes`` not a :func:`sphere_modes` dataset, ``r_cm`` not 1-d, empty, non-finite or
        outside [0, R], or the table larger than :data:`MAX_MATRIX_ELEMENTS`.
    """
    _check_modes("modes", modes)
    radius = float(modes.attrs["radius_cm"])
    if isinstance(r_cm, bool | str | bytes | np.bool_):
        raise TypeError(f"r_cm must be a number or a 1-d array of radii in cm, got {r_cm!r}")
    r = np.atleast_1d(np.asarray(r_cm))
    if r.ndim != 1 or r.size == 0:
        raise ValueError(
            f"r_cm must be a number or a non-empty 1-d array, got shape {np.shape(r_cm)}"
        )
    _check_real("r_cm", r, 0.0, radius * (1.0 + 1e-12))
    r = np.minimum(r.astype(float), radius)
    size = modes.sizes["mode"] * r.size
    if size > MAX_MATRIX_ELEMENTS:
        raise ValueError(
            f"modes x r_cm = {modes.sizes['mode']} x {r.size} = {size} values exceed"
            f" MAX_MATRIX_ELEMENTS = {MAX_MATRIX_ELEMENTS}"
        )
    k = modes["k"].values[:, None]
    values = modes["norm"].values[:, None] * _sinc(k * r[None, :])
    return xr.DataArray(
        values,
        dims=("mode", "r"),
        coords={
            "mode": modes["mode"].values,
            "r": ("r", r, var_attrs("cm", "distance from the cell centre")),
        },
        name="profile",
        attrs=var_attrs("cm-3/2", "mode profile u_m(r) = N_m sin(k_m r)/(k_m r)"),
    )


def _overlap_integral(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """int_0^1 j0(p s) j0(q s) s^2 ds for arrays p, q >= 0 (broadcast), to ~1e-16 absolute.

    |p - q| > 1: Lommel, [p j1(p) j0(q) - q j1(q) j0(p)] / (p^2 - q^2) (from (r^2 u')' =
    -k^2 r^2 u);
    |p - q| <= 1, both >= 1/2: [sinc(p - q) - sinc(p + q)] / (2 p q);
    otherwise (both < 3/2): the double Taylor series sum c_n c_m p^2n q^2m / (2n + 2m + 3).
    """
    p, q = np.broadcast_arrays(np.asarray(p, float), np.asarray(q, float))
    out = np.empty(p.shape)
    far = np.abs(p - q) > 1.0
    near_big = ~far & (np.minimum(p, q) >= _SMALL)
    near_small = ~far & ~near_big
    if far.any():
        a, b = p[far], q[far]
        out[far] = (_x_j1(a) * _sinc(b) - _x_j1(b) * _sinc(a)) / ((a - b) * (a + b))
    if near_big.any():
        a, b = p[near_big], q[near_big]
        out[near_big] = (_sinc(a - b) - _sinc(a + b)) / (2.0 * a * b)
    if near_small.any():
        a2, b2 = p[near_small] ** 2, q[near_small] ** 2
        total = np.zeros(a2.shape)
        pa = np.ones(a2.shape)
        for i in range(_SERIES_TERMS):
            pb = np.ones(b2.shape)
            for j in range(_SERIES_TERMS):
                total += _J0[i] * _J0[j] * pa * pb / (2 * i + 2 * j + 3)
                pb = pb * b2
            pa = pa * a2
        out[near_small] = total
    return out


def overlaps(alkali_modes: xr.Dataset, noble_modes: xr.Dataset) -> xr.DataArray:
    """Overlap matrix c_mn = int A_m(r) B_n(r) d^3r of two mode sets in one sphere (Katz Eq. 27).

    c_mn = 4 pi N_m N_n R^3 I(k_m R, k_n R), I(p, q) = int_0^1 j0(p s) j0(q s) s^2 ds in closed
    form (see ``_overlap_integral``). Two sets of the same wall condition give the identity;
    for a complete ``noble_modes`` set, sum_n |c_mn|^2 = 1 for every m.

    Parameters
    ----------
    alkali_modes, noble_modes : xarray.Dataset
        Outputs of :func:`sphere_modes` with the same ``radius_cm``.

    Returns
    -------
    xarray.DataArray
        Dims (mode_alkali, mode_noble), dimensionless.

    Raises
    ------
    TypeError
        An argument not a Dataset.
    ValueError
        Not :func:`sphere_modes` datasets, different radii, or more than
        :data:`MAX_MATRIX_ELEMENTS` elements.
    """
    _check_modes("alkali_modes", alkali_modes)
    _check_modes("noble_modes", noble_modes)
    radius = float(alkali_modes.attrs["radius_cm"])
    other = float(noble_modes.attrs["radius_cm"])
    if not math.isclose(radius, other, rel_tol=1e-12):
        raise ValueError(
            f"alkali_modes and noble_modes must be modes of one sphere: radius_cm {radius!r} vs"
            f" {other!r}"
        )
    n_a, n_b = alkali_modes.sizes["mode"], noble_modes.sizes["mode"]
    if n_a * n_b > MAX_MATRIX_ELEMENTS:
        raise ValueError(
            f"alkali_modes x noble_modes = {n_a} x {n_b} = {n_a * n_b} elements exceed"
            f" MAX_MATRIX_ELEMENTS = {MAX_MATRIX_ELEMENTS}"
        )
    p = alkali_modes["k"].values[:, None] * radius
    q = noble_modes["k"].values[None, :] * radius
    norms = alkali_modes["norm"].values[:, None] * noble_modes["norm"].values[None, :]
    c = 4.0 * math.pi * radius**3 * norms * _overlap_integral(p, q)
    return xr.DataArray(
        c,
        dims=("mode_alkali", "mode_noble"),
        coords={
            "mode_alkali": (
                "mode_alkali",
                alkali_modes["mode"].values,
                var_attrs("1", "alkali mode m"),
            ),
            "mode_noble": (
                "mode_noble",
                noble_modes["mode"].values,
                var_attrs("1", "noble-gas mode n"),
            ),
        },
        name="overlap",
        attrs=var_attrs("1", "overlap c_mn = int A_m B_n d^3r (Katz Eq. 27)"),
    )


def uniform_projection(modes: xr.Dataset) -> xr.DataArray:
    """<uniform|mode m> = int u_m(r) / sqrt(V) d^3r: the uniform excitation in the mode basis.

    = 4 pi N_m R^3 j1(k_m R)/(k_m R) / sqrt(V); 1 for the uniform Neumann mode (0 for the others),
    and for Dirichlet walls (-1)^m sqrt(6)/((m + 1) pi), i.e. squared 6/(m'^2 pi^2), m' = m + 1,
    which sum to 1 (Katz Sec. VII.B: "the uniform mode of the alkali is not an eigenmode").

    Parameters
    ----------
    modes : xarray.Dataset
        Output of :func:`sphere_modes`.

    Returns
    -------
    xarray.DataArray
        Dim ``mode``, dimensionless.

    Raises
    ------
    TypeError, ValueError
        ``modes`` not a :func:`sphere_modes` dataset.
    """
    _check_modes("modes", modes)
    radius = float(modes.attrs["radius_cm"])
    volume = 4.0 * math.pi * radius**3 / 3.0
    x = modes["k"].values * radius
    values = 4.0 * math.pi * modes["norm"].values * radius**3 * _j1_over_x(x) / math.sqrt(volume)
    return xr.DataArray(
        values,
        dims=("mode",),
        coords={"mode": modes["mode"].values},
        name="uniform_projection",
        attrs=var_attrs("1", "projection of the uniform profile 1/sqrt(V) on mode m"),
    )


def modes_slower_than(modes: xr.Dataset, rate_s: float) -> int:
    """Number of modes that decay slower than ``rate_s`` (rate_m < rate_s), e.g. rate_s = J.

    Katz Sec. VII.B: "there are tens of stable modes that coherently participate"; App. E's
    stable set S has gamma_m << J, so this count is an upper bound on |S|. The count is only
    meaningful if the last mode of ``modes`` is not slower (compare it with ``modes.sizes``).

    Parameters
    ----------
    modes : xarray.Dataset
        Output of :func:`sphere_modes`.
    rate_s : float
        Reference rate [s^-1], > 0.

    Returns
    -------
    int

    Raises
    ------
    TypeError, ValueError
        ``modes`` not a :func:`sphere_modes` dataset, ``rate_s`` not finite and > 0.
    """
    _check_modes("modes", modes)
    rate = _check_rate("rate_s", rate_s)
    return int(np.count_nonzero(modes["rate"].values < rate))


def rates_over(modes: xr.Dataset, rate_s: float) -> xr.DataArray:
    """Mode rates in units of ``rate_s``: rate_m / rate_s (e.g. the 200th mode's rate over J).

    Parameters
    ----------
    modes : xarray.Dataset
        Output of :func:`sphere_modes`.
    rate_s : float
        Reference rate [s^-1], > 0.

    Returns
    -------
    xarray.DataArray
        Dim ``mode``, dimensionless (``.sel(mode=199)`` is the 200th mode).

    Raises
    ------
    TypeError, ValueError
        ``modes`` not a :func:`sphere_modes` dataset, ``rate_s`` not finite and > 0.
    """
    _check_modes("modes", modes)
    rate = _check_rate("rate_s", rate_s)
    return xr.DataArray(
        modes["rate"].values / rate,
        dims=("mode",),
        coords={"mode": modes["mode"].values},
        name="rate_over",
        attrs=var_attrs("1", f"mode decay rate / {rate:.6g} s^-1", reference_rate_s=rate),
    )

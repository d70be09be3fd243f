"""Fano profile of the coupled alkali-noble-gas response and its fit to measured spectra.

Jiang, Qin, Wang, Huang, Peng, Budker, PNAS (2025), Eq. (2): near the noble-gas resonance the
power of the alkali response to an oscillating field is

    F(eps) = A (q + eps)^2 / (1 + eps^2) + B,     eps = 2 pi (nu - nu_b) / Gamma_b,

with nu_b the dressed noble-gas Larmor frequency (Hz) and Gamma_b its dressed decoherence rate
(an angular rate, s^-1; the power's half width at half maximum is Gamma_b / 2 pi in Hz). The lock-in
measures the amplitude sqrt(F) (Fig. 2): its peak lies near eps = 1/q (F_max = A (1 + q^2) + B,
the amplification |q|) and its dip at eps = -q, a frequency ``nu_b - q Gamma_b / 2 pi`` (the
deamplification, Fig. 2(C)). Two backgrounds are offered:

* ``"constant"`` (Fano's original and the default): ``F = A (q + eps)^2 / (1 + eps^2) + B``, the
  paper's Eq. (2) with the slowly varying A(eps), B(eps) taken constant over the line;
* ``"lorentzian"``: ``F = A [(q + eps)^2 + B] / (1 + eps^2)`` with ``B = b^2 >= 0``: exact for one
  pole on a constant complex background, ``|c + d/(eps + i)|^2``, the form the coupled Bloch
  response follows near the noble-gas line.

Both are ``F = (a0 + a1 eps + a2 eps^2) / (1 + eps^2)``, linear in (a0, a1, a2) once nu_b and
Gamma_b are fixed: constant: ``a0 = A q^2 + B, a1 = 2 A q, a2 = A + B``; lorentzian:
``a0 = A (q^2 + B), a1 = 2 A q, a2 = A``. Every constant-background profile is also a
Lorentzian-background one (with another q), not conversely. :func:`fit_fano` uses this for its
global stage: over a grid of (nu_b, Gamma_b) around the data's peak and dip, the three linear
coefficients are solved exactly (variable projection, in power), and the best grid points, mapped
to (q, A, B), start local least-squares fits of the amplitude sqrt(F) (SciPy's ``least_squares``
with an analytic Jacobian: Levenberg-Marquardt, or the bounded trust-region reflective method when
LM leaves A > 0, B >= 0). The fit with the lowest chi^2 wins; 1-sigma errors come from its
covariance ``(J^T J)^-1``, scaled by the reduced chi^2 when no measurement errors are given.
benchmarks/bench_fano.py compares this with one ``curve_fit`` from a start read off the data (8x
faster, but a wrong minimum for about a quarter of varied spectra, most of them silently) and
with lmfit (7x the time of one local fit here, for the same minimum).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.optimize import least_squares

from spinbridge.species import _check_count, _check_name, _check_real

__all__ = ["BACKGROUNDS", "MIN_POINTS", "FanoFit", "fano_amplitude", "fano_power", "fit_fano"]

BACKGROUNDS: tuple[str, ...] = ("constant", "lorentzian")
"""Background forms of :func:`fano_power` (see the module docstring)."""

MIN_POINTS = 8
"""Fewest spectrum points :func:`fit_fano` accepts: five parameters and three degrees of freedom."""

MAX_STARTS = 50
"""Most local fits :func:`fit_fano` starts (``n_starts``)."""

_PARAMS = ("q", "nu_b_hz", "gamma_b_s", "A", "B")
_GRID_OFFSETS = np.linspace(-2.0, 2.0, 9)  # grid of nu_b around a feature, in estimated widths
_GRID_WIDTHS = np.geomspace(1.0 / 4.0, 4.0, 9)  # grid of widths, in units of the estimated one
_GRID_POINTS = 2000  # most spectrum points of each kind the grid stage uses (memory: M x N x 3)


def _check_frequency(frequency_hz, name: str = "frequency_hz") -> np.ndarray:
    """A finite, real 1-d (or scalar) frequency array [Hz]."""
    _check_real(name, frequency_hz)
    return np.asarray(frequency_hz, dtype=float)


def _check_profile(q, nu_b_hz, gamma_b_s, A, B, background) -> None:
    _check_real("q", q)
    _check_real("nu_b_hz", nu_b_hz)
    _check_real("gamma_b_s", gamma_b_s, 0.0, lo_open=True)
    _check_real("A", A, 0.0, lo_open=True)
    _check_real("B", B, 0.0)
    _check_name("background", background, BACKGROUNDS)


def _power(nu, q, nu_b, gamma, A, B, background) -> np.ndarray:
    eps = 2.0 * np.pi * (nu - nu_b) / gamma
    if background == "constant":
        return A * (q + eps) ** 2 / (1.0 + eps**2) + B
    return A * ((q + eps) ** 2 + B) / (1.0 + eps**2)


def fano_power(
    frequency_hz,
    *,
    q: float,
    nu_b_hz: float,
    gamma_b_s: float,
    A: float,
    B: float = 0.0,
    background: str = "constant",
) -> np.ndarray:
    """Fano power profile F(eps) of the alkali response, Jiang et al. (2025) Eq. (2).

    Parameters
    ----------
    frequency_hz : array_like
        Frequency nu of the oscillating field [Hz] (finite).
    q : float
        Fano parameter (either sign; |q| is the amplification of the amplitude, Eq. (3)).
    nu_b_hz : float
        Dressed noble-gas Larmor frequency nu_b [Hz].
    gamma_b_s : float
        Dressed noble-gas decoherence rate Gamma_b [s^-1] (> 0, angular: eps = 2 pi (nu - nu_b) /
        Gamma_b, so Gamma_b / 2 pi is the half width of the power peak in Hz).
    A : float
        Alkali response power A (> 0, in the data's units squared).
    B : float
        Background (>= 0): the additive power B of the ``"constant"`` form, or b^2 of the
        ``"lorentzian"`` form (dimensionless, in units of A).
    background : {"constant", "lorentzian"}
        ``A (q + eps)^2 / (1 + eps^2) + B`` or ``A [(q + eps)^2 + B] / (1 + eps^2)``.

    Returns
    -------
    numpy.ndarray
        F at each frequency, the shape of ``frequency_hz`` (>= 0).

    Raises
    ------
    TypeError, ValueError
        A non-numeric or non-finite argument, ``gamma_b_s <= 0``, ``A <= 0``, ``B < 0``, or an
        unknown ``background``; the message names the argument.
    """
    nu = _check_frequency(frequency_hz)
    _check_profile(q, nu_b_hz, gamma_b_s, A, B, background)
    return _power(nu, float(q), float(nu_b_hz), float(gamma_b_s), float(A), float(B), background)


def fano_amplitude(
    frequency_hz,
    *,
    q: float,
    nu_b_hz: float,
    gamma_b_s: float,
    A: float,
    B: float = 0.0,
    background: str = "constant",
) -> np.ndarray:
    """Response amplitude sqrt(F) of Eq. (2) (Jiang et al. 2025): what a lock-in measures (Fig. 2).

    Parameters and errors as :func:`fano_power`.

    Returns
    -------
    numpy.ndarray
        sqrt(F) at each frequency, the shape of ``frequency_hz``.
    """
    return np.sqrt(
        fano_power(
            frequency_hz, q=q, nu_b_hz=nu_b_hz, gamma_b_s=gamma_b_s, A=A, B=B, background=background
        )
    )


@dataclass(frozen=True)
class FanoFit:
    """Fitted Eq. (2) parameters with their 1-sigma errors (:func:`fit_fano`).

    Attributes
    ----------
    q, q_err : float
        Fano parameter and its error.
    nu_b_hz, nu_b_hz_err : float
        Dressed noble-gas Larmor frequency [Hz].
    gamma_b_s, gamma_b_s_err : float
        Dressed decoherence rate Gamma_b [s^-1] (angular).
    A, A_err, B, B_err : float
        Response power and background (see :func:`fano_power`).
    redchi : float
        Reduced chi^2 of the amplitude residuals (in units of the given errors, or of the data's
        units squared when none were given).
    n_points : int
        Number of spectrum points.
    background : str
        ``"constant"`` or ``"lorentzian"``.
    """

    q: float
    q_err: float
    nu_b_hz: float
    nu_b_hz_err: float
    gamma_b_s: float
    gamma_b_s_err: float
    A: float
    A_err: float
    B: float
    B_err: float
    redchi: float
    n_points: int
    background: str

    @property
    def decoherence_time_s(self) -> float:
        """1 / Gamma_b [s]."""
        return 1.0 / self.gamma_b_s

    @property
    def decoherence_time_s_err(self) -> float:
        """1-sigma error of 1 / Gamma_b [s] (first-order propagation)."""
        return self.gamma_b_s_err / self.gamma_b_s**2

    @property
    def linewidth_hz(self) -> float:
        """Gamma_b / 2 pi [Hz]: half width of the power peak."""
        return self.gamma_b_s / (2.0 * math.pi)

    @property
    def linewidth_hz_err(self) -> float:
        """1-sigma error of Gamma_b / 2 pi [Hz]."""
        return self.gamma_b_s_err / (2.0 * math.pi)

    @property
    def dip_hz(self) -> float:
        """Frequency of eps = -q, ``nu_b - q Gamma_b / 2 pi`` [Hz] (the deamplification point)."""
        return self.nu_b_hz - self.q * self.linewidth_hz

    def amplitude(self, frequency_hz) -> np.ndarray:
        """The fitted amplitude sqrt(F) at ``frequency_hz`` [Hz] (see :func:`fano_amplitude`)."""
        return fano_amplitude(
            frequency_hz,
            q=self.q,
            nu_b_hz=self.nu_b_hz,
            gamma_b_s=self.gamma_b_s,
            A=self.A,
            B=self.B,
            background=self.background,
        )

    def as_dict(self) -> dict[str, Any]:
        """Every field as a plain ``dict`` (floats, an int and a str)."""
        return asdict(self)


# ------------------------------------------------------------------------------- global stage
def _half_width(nu: np.ndarray, power: np.ndarray, i: int, level: float) -> float:
    """Distance from nu[i] to where ``power`` first crosses ``level`` (linear interpolation).

    The mean of the two sides that cross; NaN if neither does.
    """
    sides = []
    for step in (-1, 1):
        j = i
        while 0 <= j + step < nu.size and (power[j + step] - level) * (power[i] - level) > 0:
            j += step
        if 0 <= j + step < nu.size:
            k = j + step
            step_power = power[j] - power[k]
            frac = (power[j] - level) / step_power if step_power != 0 else 0.0
            sides.append(abs(nu[j] + frac * (nu[k] - nu[j]) - nu[i]))
    return float(np.mean(sides)) if sides else math.nan


def _features(nu: np.ndarray, y: np.ndarray) -> tuple[list[float], float]:
    """Grid centres (the peak, and the dip when it lies inside the data) and a width [Hz].

    The width is the half width of the power peak at half its height above the lowest decile of
    the power (the dip or the wings); it falls back to the dip's half width, then to a tenth of
    the span. It sets the scale of the grid only.
    """
    power = y**2
    floor = float(np.quantile(power, 0.1))
    i_peak, i_dip = int(np.argmax(power)), int(np.argmin(power))
    width = _half_width(nu, power, i_peak, 0.5 * (power[i_peak] + floor))
    if not (math.isfinite(width) and width > 0):
        width = _half_width(nu, power, i_dip, 0.5 * (power[i_dip] + float(np.median(power))))
    span = float(nu[-1] - nu[0])
    if not (math.isfinite(width) and width > 0):
        width = 0.1 * span
    spacing = float(np.min(np.diff(nu)))
    width = min(max(width, 0.5 * spacing), span)
    centres = [float(nu[i_peak])]
    if 0 < i_dip < nu.size - 1 and abs(nu[i_dip] - nu[i_peak]) > width:
        centres.append(float(nu[i_dip]))
    return centres, width


def _coefficients(nu, y, sigma, floor, centres, width):
    """Variable projection on the grid: the linear (a0, a1, a2) and chi^2 of each (nu_b, w).

    The power ``y^2`` is fitted with weights ``1 / (2 max(y, floor) sigma)`` (the amplitude's
    errors carried to the power). Returns ``nu_b, w, a`` (M x 3) and ``chi2`` (M), w in Hz.
    """
    nu_b = (np.asarray(centres)[:, None] + width * _GRID_OFFSETS[None, :]).ravel()
    if nu.size > 2 * _GRID_POINTS:  # long spectra: points near the line and a sample of the rest
        near = np.flatnonzero(np.min(np.abs(nu[:, None] - nu_b[None, :]), axis=1) < 20 * width)
        keep = np.union1d(
            near[np.linspace(0, near.size - 1, min(near.size, _GRID_POINTS)).astype(int)],
            np.linspace(0, nu.size - 1, _GRID_POINTS).astype(int),
        )
        nu, y, sigma, floor = nu[keep], y[keep], sigma[keep], np.broadcast_to(floor, y.shape)[keep]
    w = width * _GRID_WIDTHS
    nu_b, w = (g.ravel() for g in np.meshgrid(nu_b, w, indexing="ij"))
    eps = (nu[None, :] - nu_b[:, None]) / w[:, None]
    lor = 1.0 / (1.0 + eps**2)
    basis = np.stack([lor, eps * lor, eps**2 * lor], axis=-1)  # M x N x 3
    weight = 1.0 / (2.0 * np.maximum(y, floor) * sigma)
    wb = basis * weight[None, :, None]
    wt = y**2 * weight
    gram = np.matmul(wb.transpose(0, 2, 1), wb)  # M x 3 x 3
    gram += 1e-12 * np.trace(gram, axis1=1, axis2=2)[:, None, None] * np.eye(3)
    a = np.linalg.solve(gram, np.matmul(wt, wb)[..., None])[..., 0]
    chi2 = np.sum((wt[None, :] - np.matmul(wb, a[..., None])[..., 0]) ** 2, axis=1)
    return nu_b, w, a, chi2


def _physical(a0: float, a1: float, a2: float, background: str, scale: float):
    """(q, A, B) of the power coefficients, clipped into A > 0, B >= 0 (a starting point)."""
    tiny = 1e-9 * scale
    if background == "lorentzian":
        A = max(a2, tiny)
        q = a1 / (2.0 * A)
        return q, A, max(a0 / A - q * q, 0.0)
    if abs(a1) < tiny:  # symmetric: a dip (q = 0) or a Lorentzian peak (|q| large)
        if a0 < a2:
            return 0.0, max(a2 - a0, tiny), max(a0, 0.0)
        A = max((a0 - a2) / (1e6 - 1.0), tiny)
        return 1e3, A, max(a2 - A, 0.0)
    r = (a0 - a2) / a1  # q solves q^2 - 2 r q - 1 = 0; the root with A = a1 / 2q > 0
    big = r + math.copysign(math.hypot(r, 1.0), r if r != 0 else a1)
    q = big if big * a1 > 0 else -1.0 / big
    A = a1 / (2.0 * q)
    return q, A, max(a2 - A, 0.0)


def _starts(nu, y, sigma, unweighted: bool, background: str, n_starts: int) -> list[np.ndarray]:
    """Starting points (q, nu_b, Gamma_b, A, B) from the ``n_starts`` best distinct grid points."""
    centres, width = _features(nu, y)
    floor = 1e-3 * float(np.max(y)) if unweighted else sigma
    nu_b, w, a, chi2 = _coefficients(nu, y, sigma, floor, centres, width)
    scale = float(np.max(y) ** 2)
    chosen: list[int] = []
    for m in np.argsort(chi2):
        distinct = all(
            abs(nu_b[m] - nu_b[c]) > 0.5 * min(w[m], w[c]) or abs(math.log(w[m] / w[c])) > 0.3
            for c in chosen
        )
        if distinct and np.all(np.isfinite(a[m])):
            chosen.append(int(m))
        if len(chosen) == n_starts:
            break
    starts = []
    for m in chosen:
        q, A, B = _physical(*(float(v) for v in a[m]), background, scale)
        starts.append(np.array([q, nu_b[m], 2.0 * math.pi * w[m], A, B]))
    return starts


# -------------------------------------------------------------------------------- local stage
def _model_and_jacobian(p, nu, background):
    """sqrt(F) and d sqrt(F) / d(q, nu_b, Gamma_b, A, B) at ``nu``."""
    q, nu_b, gamma, A, B = p
    eps = 2.0 * np.pi * (nu - nu_b) / gamma
    den = 1.0 + eps**2
    s = q + eps
    if background == "constant":
        g = s * s / den
        F = A * g + B
        dF = [
            A * 2.0 * s / den,
            A * 2.0 * s * (1.0 - q * eps) / den**2,
            g,
            np.ones_like(eps),
        ]
    else:
        h = (s * s + B) / den
        F = A * h
        dF = [
            A * 2.0 * s / den,
            A * (2.0 * s * den - (s * s + B) * 2.0 * eps) / den**2,
            h,
            A / den,
        ]
    root = np.sqrt(np.maximum(F, 1e-300))
    half = 0.5 / np.maximum(root, 1e-150)  # d sqrt(F) = dF / (2 sqrt(F))
    # d eps / d nu_b = -2 pi / Gamma_b,  d eps / d Gamma_b = -eps / Gamma_b
    d_nu_b = dF[1] * (-2.0 * np.pi / gamma)
    d_gamma = dF[1] * (-eps / gamma)
    jac = np.stack([dF[0], d_nu_b, d_gamma, dF[2], dF[3]], axis=-1) * half[:, None]
    return root, jac


_LOWER = np.array([-np.inf, -np.inf, 0.0, 0.0, 0.0])  # q, nu_b free; Gamma_b, A, B >= 0
_TOLERANCES = {"ftol": 1e-12, "xtol": 1e-12, "gtol": 1e-12, "x_scale": "jac", "max_nfev": 400}


def _local_fit(start: np.ndarray, nu, y, sigma, background: str):
    """Least squares of the amplitude from ``start``: (q, nu_b, Gamma_b, A, B) and Jacobian.

    Levenberg-Marquardt (MINPACK) first: it is three times faster than the bounded trust-region
    reflective method, which takes over when LM fails or leaves the physical domain (A <= 0 or
    B < 0). Gamma_b < 0 with -q is the same profile (eps -> -eps): the signs are flipped.
    """
    cache: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}

    def model(p):
        key = p.tobytes()
        if key not in cache:  # least_squares asks for the residuals and the Jacobian at one p
            cache.clear()
            cache[key] = _model_and_jacobian(p, nu, background)
        return cache[key]

    def residuals(p):
        return (model(p)[0] - y) / sigma

    def jacobian(p):
        return model(p)[1] / sigma[:, None]

    with np.errstate(all="ignore"):
        res = least_squares(residuals, start, jac=jacobian, method="lm", **_TOLERANCES)
    if res.x[2] < 0:
        flip = np.array([-1.0, 1.0, -1.0, 1.0, 1.0])
        res.x, res.jac = res.x * flip, res.jac * flip
    if res.status > 0 and np.all(np.isfinite(res.x)) and np.all(res.x[2:] >= 0) and res.x[3] > 0:
        return res
    x0 = np.maximum(start, _LOWER + np.array([0.0, 0.0, 1e-300, 1e-300, 0.0]))
    bounds = (_LOWER, np.full(5, np.inf))
    return least_squares(residuals, x0, jac=jacobian, bounds=bounds, method="trf", **_TOLERANCES)


def _covariance(jac: np.ndarray) -> np.ndarray:
    """(J^T J)^-1 via the SVD of the column-normalised J; ValueError if J is rank deficient."""
    norm = np.linalg.norm(jac, axis=0)
    if not np.all(np.isfinite(jac)) or np.any(norm == 0):
        raise ValueError(
            "fit did not converge: a parameter does not change the model (zero or non-finite "
            "Jacobian column)"
        )
    _, sv, vt = np.linalg.svd(jac / norm, full_matrices=False)
    if sv[-1] < 1e-10 * sv[0]:
        raise ValueError(
            "fit did not converge: the data do not determine all five parameters (singular "
            f"covariance, condition number {sv[0] / sv[-1]:.1e}); widen the frequency span"
        )
    inv = (vt.T / sv**2) @ vt
    return inv / np.outer(norm, norm)


def _span_hint(nu: np.ndarray, starts) -> str:
    """What to check when a fit fails: how far the data reach from the line, in widths."""
    if not starts or not np.all(np.isfinite(starts[0])):
        return "check that the spectrum shows the noble-gas line"
    _, nu_b, gamma = starts[0][:3]
    reach = float(np.max(np.abs(2.0 * np.pi * (nu - nu_b) / gamma)))
    return (
        f"the data reach |eps| <= {reach:.3g} around the line at {nu_b:.6g} Hz, so a dip "
        f"eps = -q with |q| > {reach:.3g} lies outside them and leaves q undetermined: widen "
        "the frequency span to include the dip"
    )


def _warn_without_dip(nu: np.ndarray, q: float, nu_b: float, gamma: float) -> None:
    """Warn when the data stop short of half-way to the dip eps = -q (q then rests on little)."""
    toward_dip = -math.copysign(1.0, q) * 2.0 * np.pi * (nu - nu_b) / gamma
    reach = float(np.max(toward_dip))
    if abs(q) > 1.0 and reach < 0.5 * abs(q):
        warnings.warn(
            f"the data reach |eps| = {reach:.3g} toward the dip at eps = -q = {-q:.4g} "
            f"({nu_b - q * gamma / (2.0 * np.pi):.6g} Hz): q and B rest on the line's asymmetry "
            "alone and their errors may be unreliable; include the dip in the frequency span",
            UserWarning,
            stacklevel=3,
        )


def _check_data(frequency_hz, response, response_err):
    nu = np.asarray(_check_real("frequency_hz", frequency_hz), dtype=float)
    y = np.asarray(_check_real("response", response, 0.0), dtype=float)
    if nu.ndim != 1 or y.shape != nu.shape:
        raise ValueError(
            f"frequency_hz and response must be 1-d of the same length, got shapes {nu.shape}, "
            f"{y.shape}"
        )
    if nu.size < MIN_POINTS:
        raise ValueError(
            f"frequency_hz and response need >= {MIN_POINTS} points (5 parameters), got {nu.size}"
        )
    if np.any(np.diff(nu) <= 0):
        raise ValueError("frequency_hz must be strictly increasing (sorted, no repeats)")
    if not np.max(y) > 0:
        raise ValueError("response must not be zero everywhere")
    if response_err is None:
        return nu, y, np.ones_like(y), True
    err = np.asarray(_check_real("response_err", response_err, 0.0, lo_open=True), dtype=float)
    if err.shape != nu.shape:
        raise ValueError(f"response_err must have the shape of response {y.shape}, got {err.shape}")
    return nu, y, err, False


def fit_fano(
    frequency_hz,
    response,
    response_err=None,
    *,
    background: str = "constant",
    n_starts: int = 3,
) -> FanoFit:
    """Fit the Fano amplitude sqrt(F) of Jiang et al. (2025) Eq. (2) to a measured spectrum.

    Starting values come from the data alone: a grid of (nu_b, Gamma_b) around the spectrum's
    peak and dip (scaled by the peak's measured width) is scanned with the three linear power
    coefficients solved exactly at each point (module docstring); the ``n_starts`` best distinct
    grid points start bounded least-squares fits of the amplitude (Gamma_b, A > 0, B >= 0) and
    the lowest chi^2 wins. Large |q| puts the dip ``-q Gamma_b / 2 pi`` from nu_b, far outside the
    peak: q is then determined by the dip and the wings, so the frequency span should include
    the dip (or reach |eps| ~ |q|); otherwise q's error is large.

    Parameters
    ----------
    frequency_hz : array_like
        Strictly increasing frequencies [Hz], at least :data:`MIN_POINTS`.
    response : array_like
        Measured amplitude sqrt(F) (>= 0, not all zero), same length.
    response_err : array_like, optional
        1-sigma errors of ``response`` (> 0). Without them every point has the same weight and the
        parameter errors are scaled by the reduced chi^2.
    background : {"constant", "lorentzian"}
        Background form (see :func:`fano_power`).
    n_starts : int
        Number of local fits started from the best grid points (1 to :data:`MAX_STARTS`).

    Returns
    -------
    FanoFit
        Parameters, 1-sigma errors from the covariance, the reduced chi^2 and the number of
        points; every number finite.

    Raises
    ------
    TypeError, ValueError
        Bad arguments (named), or ``"fit did not converge: ..."`` when no local fit converges or
        the data leave a parameter undetermined (singular covariance).

    Warns
    -----
    UserWarning
        When the data stop short of half-way to the dip (|q| > 1): q and B then rest on the
        line's asymmetry alone and the linearised errors may not describe them.
    """
    nu, y, sigma, unweighted = _check_data(frequency_hz, response, response_err)
    _check_name("background", background, BACKGROUNDS)
    n_starts = _check_count("n_starts", n_starts, 1, MAX_STARTS)
    starts = _starts(nu, y, sigma, unweighted, background, n_starts)
    best = None
    for start in starts:
        res = _local_fit(start, nu, y, sigma, background)
        if res.status > 0 and np.all(np.isfinite(res.x)) and (best is None or res.cost < best.cost):
            best = res
    if best is None:
        raise ValueError(
            f"fit did not converge: none of {len(starts)} local fits from the data's peak and dip "
            f"reached a minimum; {_span_hint(nu, starts)}"
        )
    redchi = 2.0 * float(best.cost) / (nu.size - len(_PARAMS))
    try:
        cov = _covariance(best.jac)
    except ValueError as exc:
        raise ValueError(f"{exc}; {_span_hint(nu, [best.x])}") from None
    if unweighted:
        cov = cov * redchi
    err = np.sqrt(np.diag(cov))
    values = dict(zip(_PARAMS, (float(v) for v in best.x), strict=True))
    errors = {f"{k}_err": float(e) for k, e in zip(_PARAMS, err, strict=True)}
    if not all(math.isfinite(v) for v in (*values.values(), *errors.values(), redchi)):
        raise ValueError(f"fit did not converge: non-finite result {values}, {errors}")
    _warn_without_dip(nu, values["q"], values["nu_b_hz"], values["gamma_b_s"])
    return FanoFit(**values, **errors, redchi=redchi, n_points=int(nu.size), background=background)

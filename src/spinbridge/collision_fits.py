"""Fits and summaries of the stochastic collision simulation (Katz 2022 Sec. III.C, Fig. 2).

Frequencies and decay rates fitted to the time series of :func:`spinbridge.collisions.simulate`
(:func:`fit_exchange`, :func:`fit_decay`, :func:`collective_decay_rate`, :func:`exchange_residual`).
The figures of merit of every Fig. 2 panel (:func:`panel_summary`) and the seed ensembles of the
``rates`` stage (:func:`rates_member`, :func:`rates_summary`, :func:`rates_table`) live in
:mod:`spinbridge.collision_summaries` and stay importable from here. Times in collision steps
``tau``, rates in ``1/tau``.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Sec. III, Eqs. (5), (8), (9), Fig. 2.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr
from scipy.optimize import OptimizeWarning, curve_fit

from spinbridge.species import _check_count, _check_real

if TYPE_CHECKING:  # re-exported lazily by __getattr__ (collision_summaries imports this module)
    from spinbridge.collision_summaries import (
        panel_summary,
        rates_member,
        rates_summary,
        rates_table,
    )

__all__ = [
    "RATE_KINDS",
    "collective_decay_rate",
    "exchange_residual",
    "fit_decay",
    "fit_exchange",
    "panel_summary",
    "rates_member",
    "rates_summary",
    "rates_table",
]

RATE_KINDS = ("exchange", "decay")


# ----------------------------------------------------------------------------- checks
def _check_series(t, **series) -> tuple[np.ndarray, ...]:
    """``t`` and the ``series`` as float arrays: 1-d, same length >= 3, finite, ``t`` increasing.

    Raises
    ------
    TypeError
        Not numeric.
    ValueError
        Another shape or length, NaN or inf anywhere (named), or ``t`` not strictly increasing.
    """
    arrays = []
    for name, value in {"t": t, **series}.items():
        _check_real(name, value)
        arr = np.asarray(value, float)
        if arr.ndim != 1 or arr.size < 3:
            raise ValueError(f"{name} must be a 1-d array of >= 3 values, got shape {arr.shape}")
        if arrays and arr.size != arrays[0].size:
            raise ValueError(f"{name} has {arr.size} values but t has {arrays[0].size}")
        arrays.append(arr)
    if np.any(np.diff(arrays[0]) <= 0):
        raise ValueError("t must be strictly increasing")
    return tuple(arrays)


def _fit(what: str, model, t: np.ndarray, y: np.ndarray, p0: list[float]):
    """``curve_fit`` whose failure (no convergence, non-finite parameters or covariance) raises
    ``RuntimeError`` naming the fit, instead of returning NaN or inf that would reach a claim."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", OptimizeWarning)
        try:
            popt, pcov = curve_fit(model, t, y, p0=p0, maxfev=20000)
        except (RuntimeError, OptimizeWarning, ValueError) as exc:
            raise RuntimeError(
                f"{what} failed on {t.size} points, t in [{t[0]:g}, {t[-1]:g}], initial guess "
                f"{np.round(p0, 6).tolist()}: {exc}"
            ) from exc
    if not (np.all(np.isfinite(popt)) and np.all(np.isfinite(np.diag(pcov)))):
        raise RuntimeError(
            f"{what} failed on {t.size} points, t in [{t[0]:g}, {t[-1]:g}]: parameters "
            f"{popt.tolist()} or their variances {np.diag(pcov).tolist()} are not finite"
        )
    return popt, pcov


def _check_dataset(name: str, ds, variables: Sequence[str], attrs: Sequence[str] = ()) -> None:
    """TypeError unless ``ds`` is a Dataset; ValueError naming what it lacks."""
    if not isinstance(ds, xr.Dataset):
        raise TypeError(f"{name} must be an xarray.Dataset, got {type(ds).__name__}")
    missing = [v for v in variables if v not in ds.variables]
    missing += [f"attr {a}" for a in attrs if a not in ds.attrs]
    if missing:
        raise ValueError(f"{name} lacks {', '.join(missing)}")


# ----------------------------------------------------------------------------- fits
def _fft_frequency(t: np.ndarray, y: np.ndarray) -> float:
    """Angular frequency of the FFT peak of ``y - mean`` (zero padded), a fit's initial guess."""
    dt = t[1] - t[0]
    yy = (y - y.mean()) * np.hanning(y.size)
    n = 16 * y.size
    spec = np.abs(np.fft.rfft(yy, n))
    spec[0] = 0.0
    return 2 * math.pi * np.fft.rfftfreq(n, dt)[int(np.argmax(spec))]


def _exchange_model(t, a, gamma, omega, phase, b, c):
    return a * np.exp(-gamma * t) * np.cos(omega * t + phase) + b * np.exp(-c * t)


def fit_exchange(t: np.ndarray, f10: np.ndarray) -> dict[str, float]:
    """Fit ``F10(t) = A e^{-G t} cos(w t + p) + B e^{-C t}``; ``w`` is the population frequency.

    For a resonant beam splitter ``F10 = cos^2(Jt) = (1 + cos 2Jt)/2`` (Eq. (8)), so ``w = 2J``.
    Initial guesses come from the data only (FFT peak, half range, mean).

    Parameters
    ----------
    t : ndarray
        Equally spaced times [tau].
    f10 : ndarray
        ``F10`` at ``t`` (dimensionless).

    Returns
    -------
    dict
        ``omega`` [rad/tau] and its standard error ``omega_err`` (from the covariance),
        ``gamma``, ``offset_rate`` [1/tau], ``amplitude``, ``phase``, ``offset`` and the FFT
        guess ``omega_guess``.

    Raises
    ------
    ValueError
        ``t``, ``f10`` not 1-d of one length >= 7, NaN or inf in them, or ``t`` not increasing.
    TypeError
        Not numeric.
    RuntimeError
        The fit did not converge or gave non-finite parameters or errors.
    """
    t, y = _check_series(t, f10=f10)
    if t.size < 7:
        raise ValueError(f"f10 needs >= 7 points for the 6-parameter fit, got {t.size}")
    w0 = _fft_frequency(t, y)
    p0 = [0.5 * (y.max() - y.min()), 0.0, w0, 0.0, y.mean(), 0.0]
    popt, pcov = _fit("fit_exchange", _exchange_model, t, y, p0)
    err = np.sqrt(np.diag(pcov))
    a, gamma, omega, phase, b, c = popt
    if a < 0:
        a, phase = -a, phase + math.pi
    return dict(
        omega=abs(omega),
        omega_err=err[2],
        gamma=gamma,
        amplitude=a,
        phase=phase,
        offset=b,
        offset_rate=c,
        omega_guess=w0,
    )


def _decay_model(t, a, rate, b):
    return a * np.exp(-rate * t) + b


def fit_decay(t: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Fit ``y = A e^{-R t} + B``; ``R`` is a population decay rate (``2 gamma``, Sec. III.C).

    The initial guess of ``R`` is from the first crossing of the mid level between ``y[0]`` and
    ``y[-1]``.

    Parameters
    ----------
    t : ndarray
        Times [tau].
    y : ndarray
        Population at ``t`` (dimensionless).

    Returns
    -------
    dict
        ``rate`` [1/tau] and its standard error ``rate_err``, ``amplitude``, ``offset`` and the
        initial guess ``rate_guess``.

    Raises
    ------
    ValueError
        ``t``, ``y`` not 1-d of one length >= 4, NaN or inf in them, or ``t`` not increasing.
    TypeError
        Not numeric.
    RuntimeError
        The fit did not converge or gave non-finite parameters or errors.
    """
    t, y = _check_series(t, y=y)
    if t.size < 4:
        raise ValueError(f"y needs >= 4 points for the 3-parameter fit, got {t.size}")
    mid = 0.5 * (y[0] + y[-1])
    below = np.nonzero(y < mid)[0]
    t_half = t[below[0]] if below.size else t[-1]
    r0 = math.log(2.0) / max(t_half, t[1])
    popt, pcov = _fit("fit_decay", _decay_model, t, y, [y[0] - y[-1], r0, y[-1]])
    return dict(
        rate=popt[1],
        rate_err=float(np.sqrt(pcov[1, 1])),
        amplitude=popt[0],
        offset=popt[2],
        rate_guess=r0,
    )


def collective_decay_rate(t: np.ndarray, f10: np.ndarray, f01: np.ndarray) -> float:
    """Decay rate of the collective population ``F10 + F01`` (least squares on its logarithm).

    At resonance the excitation is shared by the two collective modes, whose amplitudes decay at
    ``gamma_A`` and ``gamma_B = (N_A/N_B) gamma_A`` (Sec. III.C); for ``J >> gamma`` the
    population ``F10 + F01`` then decays as ``exp(-(gamma_A + gamma_B) t)``.

    Parameters
    ----------
    t : ndarray
        Times [tau].
    f10, f01 : ndarray
        Collective populations at ``t`` (> 0).

    Returns
    -------
    float
        The population decay rate ``gamma_A + gamma_B`` [1/tau].

    Raises
    ------
    ValueError
        Arrays not 1-d of one length >= 3, NaN or inf, ``t`` not increasing, or
        ``f10 + f01 <= 0`` somewhere (no logarithm).
    """
    t, f10, f01 = _check_series(t, f10=f10, f01=f01)
    y = f10 + f01
    if np.any(y <= 0):
        raise ValueError("f10 + f01 must be > 0 everywhere (its logarithm is fitted)")
    return float(-np.polyfit(t, np.log(y), 1)[0])


def exchange_residual(
    t: np.ndarray, f01: np.ndarray, half_window: int = 50
) -> tuple[np.ndarray, np.ndarray]:
    """Stochastic jitter of one trajectory: ``F01`` minus its quadratic trend near the first peak.

    The window holds ``2 half_window`` records around the maximum of ``F01`` in the first third
    of the run (Fig. 2(a) inset: "the stochasticity of the process").

    Parameters
    ----------
    t : ndarray
        Times [tau].
    f01 : ndarray
        ``F01`` at ``t``.
    half_window : int
        Records on either side of the maximum.

    Returns
    -------
    (ndarray, ndarray)
        The window's times [tau] and residuals ``F01 - quadratic fit`` (dimensionless).

    Raises
    ------
    ValueError
        Arrays not 1-d of one length >= 3, NaN or inf, ``t`` not increasing, or ``half_window``
        not an integer in [2, len(t)] (the window needs 3 points for the quadratic).
    """
    t, f01 = _check_series(t, f01=f01)
    _check_count("half_window", half_window, 2, t.size)
    k = int(np.argmax(f01[: t.size // 3]))
    win = slice(max(k - half_window, 0), k + half_window)
    tw, fw = t[win], f01[win]
    return tw, fw - np.polyval(np.polyfit(tw, fw, 2), tw)


_SUMMARIES = ("panel_summary", "rates_member", "rates_summary", "rates_table")


def __getattr__(name: str):
    """The summaries of simulated panels and seed ensembles live in
    :mod:`spinbridge.collision_summaries` (which imports this module); their names stay importable
    from here."""
    if name in _SUMMARIES:
        from spinbridge import collision_summaries

        return getattr(collision_summaries, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

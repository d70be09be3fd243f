"""Dataset and figure of a Fano fit to a measured spectrum (Jiang et al., PNAS (2025), Eq. (2)).

:func:`fit_dataset` holds the data, the fitted amplitude sqrt(F) at the data and on a fine grid
that resolves the line, the residuals, and every fitted parameter with its 1-sigma error (units in
attrs); :func:`fit_figure` draws the data with error bars, the fitted curve (with a zoom on the
line when the span is many widths) and a residuals panel. Both take what
:func:`spinbridge.spectra.read_spectrum` and :func:`spinbridge.fano.fit_fano` return.
"""

from __future__ import annotations

import math

import matplotlib.figure
import numpy as np
import xarray as xr

from spinbridge.fano import FanoFit
from spinbridge.plotting import STYLE
from spinbridge.species import _check_real
from spinbridge.store import var_attrs

__all__ = ["fit_dataset", "fit_figure"]

_ZOOM_WIDTHS = 8.0  # half width of the zoom on the line, in Gamma_b / 2 pi
_RESPONSE_UNITS = "1"  # the input file's units: the fit does not know them
_PARAMETERS = (  # FanoFit field, units, long name
    ("q", "1", "Fano parameter q (Eq. 2)"),
    ("nu_b_hz", "Hz", "dressed noble-gas Larmor frequency nu_b"),
    ("gamma_b_s", "s-1", "dressed noble-gas decoherence rate Gamma_b (angular)"),
    ("A", "1", "alkali response power A (Eq. 2; squared units of the response)"),
    ("B", "1", "background B (Eq. 2; constant: squared units of the response; lorentzian: b^2)"),
    ("decoherence_time_s", "s", "decoherence time 1 / Gamma_b"),
    ("linewidth_hz", "Hz", "half width of the power line Gamma_b / 2 pi"),
)


def _check_inputs(frequency_hz, response, response_err, fit):
    if not isinstance(fit, FanoFit):
        raise TypeError(f"fit must be a FanoFit (from fano.fit_fano), got {type(fit).__name__}")
    nu = np.asarray(_check_real("frequency_hz", frequency_hz), dtype=float)
    y = np.asarray(_check_real("response", response, 0.0), dtype=float)
    if nu.ndim != 1 or y.shape != nu.shape or nu.size != fit.n_points:
        raise ValueError(
            f"frequency_hz and response must be 1-d with fit.n_points = {fit.n_points} entries, "
            f"got shapes {nu.shape}, {y.shape}"
        )
    err = None
    if response_err is not None:
        err = np.asarray(_check_real("response_err", response_err, 0.0, lo_open=True), dtype=float)
        if err.shape != nu.shape:
            raise ValueError(f"response_err must have shape {nu.shape}, got {err.shape}")
    return nu, y, err


def _curve_frequencies(nu: np.ndarray, fit: FanoFit) -> np.ndarray:
    """A fine grid over the data's span that also resolves the line (+-12 widths, 241 points)."""
    line = fit.nu_b_hz + fit.linewidth_hz * np.linspace(-12.0, 12.0, 241)
    line = line[(line > nu[0]) & (line < nu[-1])]
    return np.unique(np.concatenate([np.linspace(nu[0], nu[-1], 1500), line, nu]))


def fit_dataset(
    frequency_hz, response, response_err, fit: FanoFit, *, name: str = "spectrum", source: str = ""
) -> xr.Dataset:
    """The data, the fitted Eq. (2) amplitude, residuals and parameters of one spectrum.

    Parameters
    ----------
    frequency_hz, response, response_err : array_like
        The spectrum as :func:`spinbridge.spectra.read_spectrum` returns it (``response_err`` may
        be None).
    fit : FanoFit
        Its fit by :func:`spinbridge.fano.fit_fano`.
    name, source : str
        Name of the data set and the file it came from (stored as attrs).

    Returns
    -------
    xarray.Dataset
        ``response`` [, ``response_err``], ``fit``, ``residual`` [, ``normalized_residual``] on
        ``frequency``; ``fit_curve`` on ``frequency_curve``; scalars ``q``, ``nu_b_hz``,
        ``gamma_b_s``, ``A``, ``B``, ``decoherence_time_s``, ``linewidth_hz`` each with
        ``<name>_err``, and ``dip_hz``, ``redchi``, ``n_points``; attrs ``background``, ``name``,
        ``source``. The response is in the input file's units (``units = "1"``).

    Raises
    ------
    TypeError, ValueError
        Arrays that are not finite, of different lengths or not of ``fit.n_points``; a ``fit``
        that is not a FanoFit; ``name`` or ``source`` not a str.
    """
    nu, y, err = _check_inputs(frequency_hz, response, response_err, fit)
    for arg, value in (("name", name), ("source", source)):
        if not isinstance(value, str):
            raise TypeError(f"{arg} must be a str, got {type(value).__name__}")
    model = fit.amplitude(nu)
    fine = _curve_frequencies(nu, fit)
    data = {
        "response": ("frequency", y, var_attrs(_RESPONSE_UNITS, "measured amplitude sqrt(F)")),
        "fit": ("frequency", model, var_attrs(_RESPONSE_UNITS, "fitted amplitude sqrt(F), Eq. 2")),
        "residual": ("frequency", y - model, var_attrs(_RESPONSE_UNITS, "response - fit")),
        "fit_curve": (
            "frequency_curve",
            fit.amplitude(fine),
            var_attrs(_RESPONSE_UNITS, "fitted amplitude sqrt(F) on a fine grid, Eq. 2"),
        ),
    }
    if err is not None:
        data["response_err"] = ("frequency", err, var_attrs(_RESPONSE_UNITS, "1-sigma error"))
        data["normalized_residual"] = (
            "frequency",
            (y - model) / err,
            var_attrs("1", "(response - fit) / response_err"),
        )
    for field, units, long_name in _PARAMETERS:
        data[field] = ((), getattr(fit, field), var_attrs(units, long_name))
        data[f"{field}_err"] = ((), getattr(fit, f"{field}_err"), var_attrs(units, "1-sigma error"))
    data["dip_hz"] = ((), fit.dip_hz, var_attrs("Hz", "deamplification point eps = -q"))
    data["redchi"] = ((), fit.redchi, var_attrs("1", "reduced chi^2 of the amplitude residuals"))
    data["n_points"] = ((), fit.n_points, var_attrs("1", "number of spectrum points"))
    coords = {
        "frequency": ("frequency", nu, var_attrs("Hz", "oscillating-field frequency nu")),
        "frequency_curve": ("frequency_curve", fine, var_attrs("Hz", "frequency of fit_curve")),
    }
    attrs = {
        "title": f"Fano fit (Jiang 2025 Eq. 2) of the spectrum {name}",
        "name": name,
        "source": source,
        "background": fit.background,
        "weighted": "response_err" if err is not None else "unweighted, errors scaled by redchi",
    }
    return xr.Dataset(data, coords=coords, attrs=attrs)


def _format(value: float, err: float) -> str:
    digits = max(0, 1 - math.floor(math.log10(err))) if err > 0 else 4
    return f"{value:.{min(digits, 12)}f} +/- {err:.{min(digits, 12)}f}"


def fit_figure(
    frequency_hz, response, response_err, fit: FanoFit, *, title: str = ""
) -> matplotlib.figure.Figure:
    """Data with error bars, the fitted Eq. (2) amplitude and the residuals of one spectrum.

    Left: the whole span (log amplitude axis when the data span more than a factor 30); right,
    when the span exceeds 40 widths Gamma_b / 2 pi: a zoom on the line (+-8 widths, linear axes).
    Below each: the residuals, normalised by the errors when there are errors, else in the data's
    units.

    Parameters
    ----------
    frequency_hz, response, response_err, fit
        As :func:`fit_dataset`.
    title : str
        Title of the figure.

    Returns
    -------
    matplotlib.figure.Figure
        Save it with :func:`spinbridge.plotting.save_figure`.

    Raises
    ------
    TypeError, ValueError
        As :func:`fit_dataset`.
    """
    import matplotlib.pyplot as plt

    nu, y, err = _check_inputs(frequency_hz, response, response_err, fit)
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    fine = _curve_frequencies(nu, fit)
    zoom = nu[-1] - nu[0] > 5 * _ZOOM_WIDTHS * fit.linewidth_hz
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(
            2,
            2 if zoom else 1,
            figsize=(6.8 if zoom else 3.4, 3.6),
            sharex="col",
            squeeze=False,
            gridspec_kw={"height_ratios": [3, 1]},
            layout="constrained",
        )
        lo = fit.nu_b_hz - _ZOOM_WIDTHS * fit.linewidth_hz
        hi = fit.nu_b_hz + _ZOOM_WIDTHS * fit.linewidth_hz
        windows = [(nu[0], nu[-1]), (lo, hi)] if zoom else [(nu[0], nu[-1])]
        for col, (a, b) in enumerate(windows):
            sel, sel_fine = (nu >= a) & (nu <= b), (fine >= a) & (fine <= b)
            _panels(axes[:, col], nu[sel], y[sel], None if err is None else err[sel], fit)
            axes[0, col].plot(fine[sel_fine], fit.amplitude(fine[sel_fine]), color="C1", zorder=2)
            axes[1, col].set_xlim(a, b)
        positive = y[y > 0]
        if positive.size and y.max() / positive.min() > 30:
            axes[0, 0].set_yscale("log")
        axes[0, 0].set_ylabel("amplitude $\\sqrt{F}$ [data units]")
        axes[1, 0].set_ylabel(
            "residual [$\\sigma$]" if err is not None else "residual [data units]"
        )
        (data,) = axes[0, 0].get_legend_handles_labels()[0][:1]
        (line,) = axes[0, 0].get_lines()[-1:]
        label = f"Eq. (2), {fit.background} background, q = {_format(fit.q, fit.q_err)}"
        fig.legend([data, line], ["data", label], loc="outside lower center", ncols=2)
        if zoom:
            axes[0, 1].set_title(f"the line, +-{_ZOOM_WIDTHS:g} widths", fontsize=8)
        if title:
            fig.suptitle(title, fontsize=9)
        fig.align_ylabels(axes[:, 0])
    return fig


def _panels(axes, nu, y, err, fit: FanoFit) -> None:
    """Data with error bars (upper axes) and residuals (lower axes) of one frequency window."""
    top, bottom = axes
    top.errorbar(nu, y, yerr=err, fmt="o", ms=2.0, lw=0.7, label="data", zorder=1)
    residual = y - fit.amplitude(nu)
    if err is not None:
        bottom.errorbar(nu, residual / err, yerr=1.0, fmt="o", ms=1.5, lw=0.5)
    else:
        bottom.plot(nu, residual, "o", ms=1.5)
    bottom.axhline(0.0, color="0.4", lw=0.8)
    bottom.set_xlabel("frequency $\\nu$ [Hz]")
    bottom.ticklabel_format(axis="x", useOffset=False)

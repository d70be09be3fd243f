"""Datasets of amplification and deamplification: Jiang et al. (2025) Figs. 2 and 4.

Jiang, Qin, Wang, Huang, Peng, Budker, PNAS (2025), Eqs. (2)-(3), Figs. 2A-C and 4A-B. The
normalised response of :mod:`spinbridge.response` at the operating bias field, for several Fano
parameters set by an AC z field (Eq. 3 with lambda M_z^b J0^2), each profile fitted from the data
alone with :func:`spinbridge.fano.fit_fano`; and the sensitivity to a normal and to a
pseudo-magnetic field (acting on the noble gas only): the probe's noise floor divided by the
normalised response. The shared functions (cell inputs, grids) are in
:mod:`spinbridge.response_datasets`.

Definitions used for the paper's statements:

* amplification: the largest normalised amplitude of a profile (Eq. 2: ~ |q| at eps ~ 0);
* deamplification frequency: the minimum of the simulated profile on the side of the line where
  the fitted q puts eps = -q (below for q > 0), when it lies inside the span and below 1 (else
  NaN: the profile has no dip); the deamplification is 1 / the amplitude there; the suppression
  is 1 / the smallest amplitude anywhere in the span (finite even without a dip);
* Fig. 2C: the shift Delta nu = nu_dip - nu~_b against the fitted q, a straight-line fit over
  the profiles that have a dip (NaN with fewer than three);
  Eq. (2) predicts the shift per unit q, -d(Delta nu)/dq = Gamma~_b / 2 pi;
* Fig. 4: the amplification point eps = 0 (nu~_b) and the deamplification point eps = -q, with the
  exact Fano q of the normal-field response (:func:`spinbridge.response.fano_decomposition`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import xarray as xr

from spinbridge import dressed_rates as dr
from spinbridge import fano
from spinbridge import response as rs
from spinbridge.response_datasets import (
    _check_options,
    _dressed,
    check_grid,
    frequency_grid,
    model_parameters,
)
from spinbridge.species import _check_name, _check_real
from spinbridge.store import var_attrs

__all__ = ["fano_profiles_dataset", "sensitivity_dataset"]

_TWO_PI = 2.0 * math.pi
_FIT_FIELDS = {  # FanoFit attribute -> (variable, units, long_name)
    "q": ("q_fit", "1", "fitted Fano parameter q (Eq. 2)"),
    "q_err": ("q_fit_err", "1", "1-sigma error of the fitted q"),
    "nu_b_hz": ("nu_b_fit", "Hz", "fitted dressed noble-gas line nu~_b"),
    "nu_b_hz_err": ("nu_b_fit_err", "Hz", "1-sigma error of the fitted nu~_b"),
    "gamma_b_s": ("gamma_b_fit", "s-1", "fitted dressed rate Gamma~_b"),
    "gamma_b_s_err": ("gamma_b_fit_err", "s-1", "1-sigma error of the fitted Gamma~_b"),
    "A": ("A_fit", "1", "fitted response power A"),
    "B": ("B_fit", "1", "fitted background (b^2 of the Lorentzian form, or B)"),
    "redchi": ("redchi", "1", "reduced chi^2 of the fit (unweighted, amplitude units^2)"),
}


def _names(values, name: str, allowed: Sequence[str]) -> list[str]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence) or not len(values):
        raise ValueError(f"{name} must be a non-empty list, each one of {tuple(allowed)}")
    out = [_check_name(f"{name}[{i}]", v, allowed) for i, v in enumerate(values)]
    if len(set(out)) != len(out):
        raise ValueError(f"{name} must not repeat an entry, got {list(values)}")
    return out


def _ac_axis(values) -> np.ndarray:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence) or not len(values):
        raise ValueError(f"ac_amplitudes_mG must be a non-empty list [mG], got {values!r}")
    arr = np.asarray(_check_real("ac_amplitudes_mG", list(values), 0.0), dtype=float)
    if np.any(np.diff(arr) <= 0):
        raise ValueError(f"ac_amplitudes_mG must be increasing, got {list(values)}")
    return arr


def _dip(nu: np.ndarray, amp: np.ndarray, fit: fano.FanoFit) -> tuple[float, float]:
    """(frequency, amplitude) of the profile's minimum on the side of eps = -q; NaN if none."""
    side = nu < fit.nu_b_hz if fit.q > 0 else nu > fit.nu_b_hz
    idx = np.flatnonzero(side)
    if idx.size < 3:
        return math.nan, math.nan
    i = int(idx[np.argmin(amp[idx])])
    if i in (idx[0], idx[-1]) or not amp[i] < 1.0:  # at the span's end, or no suppression
        return math.nan, math.nan
    return float(nu[i]), float(amp[i])


def _fit_profile(nu, amp, background, where: str) -> fano.FanoFit:
    try:
        return fano.fit_fano(nu, amp, background=background)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from exc


def _shift_per_q(q: np.ndarray, shift: np.ndarray) -> tuple[float, float]:
    """Straight-line fit shift = a + b q over the finite points: (-b, a); NaN with < 3 points."""
    ok = np.isfinite(q) & np.isfinite(shift)
    if ok.sum() < 3 or np.ptp(q[ok]) == 0:
        return math.nan, math.nan
    slope, intercept = np.polyfit(q[ok], shift[ok], 1)
    return float(-slope), float(intercept)


def fano_profiles_dataset(
    cell: Mapping,
    *,
    bias_field_mG: float,
    drives: Sequence[str],
    probe: str,
    inhomogeneity: float,
    frequency_min_hz: float,
    frequency_max_hz: float,
    n_frequencies: int,
    line_halfwidth_hz: float,
    n_line_frequencies: int,
    ac_frequency_hz: float,
    ac_amplitudes_mG: Sequence[float],
    background: str,
) -> xr.Dataset:
    """Fig. 2 A-C: profiles for several q (AC z field), each fitted with Eq. (2) from the data.

    Parameters
    ----------
    cell : mapping
        :func:`spinbridge.response_datasets.cell_inputs`.
    bias_field_mG : float
        Operating bias field B_z [mG].
    drives : sequence of str
        Test-field geometries (:data:`spinbridge.response.DRIVES`), no repeats.
    probe : str
        Probe axis ("x" or "y").
    inhomogeneity : float
        Relative bias-field difference across the cell, in [0, 1).
    frequency_min_hz, frequency_max_hz, n_frequencies : float, float, int
        The scanned span [Hz] (linear); the dense line grid is added.
    line_halfwidth_hz, n_line_frequencies : float, int
        Dense grid around the dressed line.
    ac_frequency_hz : float
        AC z-field frequency [Hz], > 0.
    ac_amplitudes_mG : sequence of float
        AC amplitudes B_ac [mG] (>= 0, increasing): one profile each.
    background : {"constant", "lorentzian"}
        Background form of the fits.

    Returns
    -------
    xarray.Dataset
        Over (``drive``, ``ac_amplitude``, ``frequency``): the normalised amplitude, its phase and
        the fitted curve; over (drive, ac_amplitude): the fit (q, nu~_b, Gamma~_b, A, B, errors,
        reduced chi^2), the exact q and b^2, Eq. (3)'s q and the ratios, amplification,
        deamplification (frequency, factor, shift) and the fitted profile's eps = -q point; over
        ``drive``: the shift per unit q of Fig. 2C and its ratio to Gamma~_b / 2 pi; 0-d: the
        model's nu~_b and Gamma~_b.

    Length: the loop over drives and AC amplitudes fits each profile and records a dozen
    per-profile numbers; the assembly is in ``_profiles_dataset``.
    """
    _check_name("probe", probe, rs.PROBES)
    drive_list = _names(drives, "drives", rs.DRIVES)
    _check_name("background", background, fano.BACKGROUNDS)
    check_grid(
        frequency_min_hz=frequency_min_hz,
        frequency_max_hz=frequency_max_hz,
        n_frequencies=n_frequencies,
        line_halfwidth_hz=line_halfwidth_hz,
        n_line_frequencies=n_line_frequencies,
        ac_frequency_hz=ac_frequency_hz,
    )
    ac = _ac_axis(ac_amplitudes_mG)
    kw = model_parameters(cell, bias_field_mG, inhomogeneity=inhomogeneity)
    mode_b = _dressed(kw)[1]
    nu_b, rate = abs(float(np.real(mode_b))) / _TWO_PI, float(np.imag(mode_b))
    nu = frequency_grid(
        frequency_min_hz=frequency_min_hz,
        frequency_max_hz=frequency_max_hz,
        n_frequencies=n_frequencies,
        line_hz=nu_b,
        line_halfwidth_hz=line_halfwidth_hz,
        n_line_frequencies=n_line_frequencies,
    )
    c = dr.ac_modulation_factor(ac, ac_frequency_hz, gyro_noble_rad_s_G=kw["gyro_noble_rad_s_G"])
    shape = (len(drive_list), ac.size)
    out = {
        k: np.full(shape, math.nan)
        for k in (
            *(v[0] for v in _FIT_FIELDS.values()),
            "q_exact",
            "b2_exact",
            "q_eq3",
            "amplification",
            "amplification_frequency",
            "deamplification_frequency",
            "deamplification",
            "suppression",
            "fano_dip_frequency",
            "response_at_fano_dip",
        )
    }
    curves = {k: np.empty((*shape, nu.size)) for k in ("response", "response_phase", "fitted")}
    for i, d in enumerate(drive_list):
        z = rs.normalized_response(nu[None, :], **kw, drive=d, probe=probe, ac_factor=c[:, None])
        amp = np.abs(z)
        curves["response"][i], curves["response_phase"][i] = amp, np.angle(z)
        exact = rs.fano_decomposition(**kw, drive=d, probe=probe, ac_factor=c)
        out["q_exact"][i], out["b2_exact"][i] = exact["q"], exact["b2"]
        out["q_eq3"][i] = dr.eq3_fano_parameter(
            gyro_noble_rad_s_G=kw["gyro_noble_rad_s_G"],
            lambda_Mb_mG=kw["lambda_Mb_mG"],
            noble_rate_s=rate,
            noble_frequency_s=float(np.real(mode_b)),
            drive="circular" if d == "circular" else "linear",
            ac_factor=c,
        )
        for j in range(ac.size):
            fit = _fit_profile(nu, amp[j], background, f"drive {d}, B_ac = {ac[j]:g} mG")
            for attr, (var, _, _) in _FIT_FIELDS.items():
                out[var][i, j] = getattr(fit, attr)
            curves["fitted"][i, j] = fit.amplitude(nu)
            k = int(np.argmax(amp[j]))
            out["amplification"][i, j], out["amplification_frequency"][i, j] = amp[j, k], nu[k]
            out["suppression"][i, j] = 1.0 / amp[j].min()
            dip_nu, dip_amp = _dip(nu, amp[j], fit)
            out["deamplification_frequency"][i, j], out["deamplification"][i, j] = (
                dip_nu,
                1.0 / dip_amp,
            )
            out["fano_dip_frequency"][i, j] = fit.dip_hz
            if fit.dip_hz > 0:
                at = rs.normalized_response(fit.dip_hz, **kw, drive=d, probe=probe, ac_factor=c[j])
                out["response_at_fano_dip"][i, j] = abs(complex(at))
    ds = _profiles_dataset(drive_list, ac, nu, c, curves, out, nu_b, rate)
    return ds.assign_attrs(
        bias_field_mG=float(bias_field_mG),
        probe=probe,
        frequency_min_hz=float(frequency_min_hz),
        frequency_max_hz=float(frequency_max_hz),
        ac_frequency_hz=float(ac_frequency_hz),
        background=background,
    )


def _profiles_dataset(drive_list, ac, nu, c, curves, out, nu_b, rate) -> xr.Dataset:
    """Assemble the Fig. 2 dataset (see :func:`fano_profiles_dataset`).

    Length: one entry per stored variable, each with its units and long name.
    """
    shift = out["deamplification_frequency"] - out["nu_b_fit"]
    per_q = [_shift_per_q(out["q_fit"][i], shift[i]) for i in range(len(drive_list))]
    per_q_hz = np.array([p[0] for p in per_q])
    dims2, dims3 = ("drive", "ac_amplitude"), ("drive", "ac_amplitude", "frequency")
    data = {
        "response": (dims3, curves["response"], var_attrs("1", "normalised response, Fig. 2A")),
        "response_phase": (dims3, curves["response_phase"], var_attrs("rad", "its phase")),
        "fitted_response": (
            dims3,
            curves["fitted"],
            var_attrs("1", "fitted Fano amplitude sqrt(F) (Eq. 2), Fig. 2A lines"),
        ),
        "ac_factor": ("ac_amplitude", c, var_attrs("1", "J0(gamma_b B_ac / w_ac)")),
        "coupling_factor": ("ac_amplitude", c**2, var_attrs("1", "lambda M_z^b' / lambda M_z^b")),
    }
    for var, units, long_name in _FIT_FIELDS.values():
        data[var] = (dims2, out[var], var_attrs(units, long_name))
    extra = {
        "q_exact": ("1", "exact Fano q of the model at the pole (Lorentzian background)"),
        "b2_exact": ("1", "exact Lorentzian background b^2 of the model"),
        "q_eq3": ("1", "Eq. (3) q = -sign(w~_b) gamma_b lambda M_z^b J0^2 / 2 Gamma~_b"),
        "amplification": ("1", "largest normalised amplitude (amplification), Fig. 2B"),
        "amplification_frequency": ("Hz", "frequency of the largest amplitude"),
        "deamplification_frequency": ("Hz", "frequency of the profile's dip (NaN: no dip)"),
        "deamplification": ("1", "1 / normalised amplitude at the dip (deamplification)"),
        "suppression": ("1", "1 / smallest normalised amplitude in the span"),
        "fano_dip_frequency": ("Hz", "eps = -q of the fitted profile, nu~_b - q Gamma~_b / 2 pi"),
        "response_at_fano_dip": ("1", "normalised amplitude at the fitted eps = -q"),
    }
    for var, (units, long_name) in extra.items():
        data[var] = (dims2, out[var], var_attrs(units, long_name))
    data["eq3_ratio"] = (dims2, out["q_fit"] / out["q_eq3"], var_attrs("1", "fitted q / Eq. 3"))
    data["exact_over_eq3"] = (
        dims2,
        out["q_exact"] / out["q_eq3"],
        var_attrs("1", "exact q / Eq. (3) q: the accuracy of Eq. (3)"),
    )
    data["deamplification_shift"] = (
        dims2,
        shift,
        var_attrs("Hz", "Delta nu = dip frequency - fitted nu~_b, Fig. 2C"),
    )
    data["shift_fit_line"] = (
        dims2,
        np.array([p[1] for p in per_q])[:, None] - per_q_hz[:, None] * out["q_fit"],
        var_attrs("Hz", "the straight-line fit of Delta nu vs q at the fitted q, Fig. 2C"),
    )
    data["shift_eq2"] = (
        dims2,
        -out["q_fit"] * rate / _TWO_PI,
        var_attrs("Hz", "Eq. (2) with b = 0: Delta nu = -q Gamma~_b / 2 pi (model's Gamma~_b)"),
    )
    data["shift_per_q"] = (
        "drive",
        per_q_hz,
        var_attrs("Hz", "-d(Delta nu)/dq of a straight-line fit over the AC amplitudes, Fig. 2C"),
    )
    data["shift_intercept"] = (
        "drive",
        [p[1] for p in per_q],
        var_attrs("Hz", "intercept of that straight-line fit"),
    )
    data["shift_per_q_over_linewidth"] = (
        "drive",
        per_q_hz / (rate / _TWO_PI),
        var_attrs("1", "shift per unit q / (Gamma~_b / 2 pi) (Eq. 2 with b = 0: 1)"),
    )
    data["shift_time"] = (
        "drive",
        1.0 / (_TWO_PI * per_q_hz),
        var_attrs("s", "1 / Gamma~_b inferred from the shift per unit q (the paper's route)"),
    )
    data["noble_frequency"] = ((), nu_b, var_attrs("Hz", "model's dressed line nu~_b (Eq. 4)"))
    data["noble_rate"] = ((), rate, var_attrs("s-1", "model's Gamma~_b (Eq. 4, with gradient)"))
    data["noble_time"] = ((), 1.0 / rate, var_attrs("s", "model's 1 / Gamma~_b"))
    coords = {
        "drive": ("drive", drive_list, var_attrs("1", "test-field geometry")),
        "ac_amplitude": ("ac_amplitude", ac, var_attrs("mG", "AC z-field amplitude B_ac")),
        "frequency": ("frequency", nu, var_attrs("Hz", "test-field frequency nu")),
    }
    title = "Fano profiles, fits and deamplification (Jiang 2025 Fig. 2)"
    return xr.Dataset(data, coords=coords, attrs={"title": title})


def sensitivity_dataset(
    cell: Mapping,
    *,
    bias_field_mG: float,
    drives: Sequence[str],
    probe: str,
    inhomogeneity: float,
    noise_floor_fT: float,
    frequency_min_hz: float,
    frequency_max_hz: float,
    n_frequencies: int,
    line_halfwidth_hz: float,
    n_line_frequencies: int,
) -> xr.Dataset:
    """Fig. 4 A-B: sensitivity to a normal and to a pseudo-magnetic field on the noble gas.

    sensitivity = noise floor / |normalised response|: the alkali magnetometer's floor (a field
    equivalent) divided by the amplification of the signal. The pseudo-field acts on the noble
    gas only and is expressed as the magnetic field that would tilt it alike.

    Parameters
    ----------
    cell, bias_field_mG, drives, probe, inhomogeneity
        As :func:`fano_profiles_dataset`.
    noise_floor_fT : float
        Alkali-limited field noise [fT Hz^-1/2], > 0.
    frequency_min_hz, frequency_max_hz, n_frequencies, line_halfwidth_hz, n_line_frequencies
        Frequency grid (a linear span plus a dense grid around the line).

    Returns
    -------
    xarray.Dataset
        Over (``field``, ``drive``, ``frequency``): normalised amplitude and sensitivity; over
        ``drive``: the amplification (eps = 0) and deamplification (eps = -q) frequencies; over
        (field, drive): the normalised amplitude and the sensitivity there; 0-d: the floor.

    Length: the grid settings are checked by name first, and each stored variable carries its
    units and long name.
    """
    _check_options("x", probe)
    drive_list = _names(drives, "drives", rs.DRIVES)
    floor = float(_check_real("noise_floor_fT", noise_floor_fT, 0.0, lo_open=True))
    check_grid(
        frequency_min_hz=frequency_min_hz,
        frequency_max_hz=frequency_max_hz,
        n_frequencies=n_frequencies,
        line_halfwidth_hz=line_halfwidth_hz,
        n_line_frequencies=n_line_frequencies,
    )
    kw = model_parameters(cell, bias_field_mG, inhomogeneity=inhomogeneity)
    mode_b = _dressed(kw)[1]
    nu_b, rate = abs(float(np.real(mode_b))) / _TWO_PI, float(np.imag(mode_b))
    nu = frequency_grid(
        frequency_min_hz=frequency_min_hz,
        frequency_max_hz=frequency_max_hz,
        n_frequencies=n_frequencies,
        line_hz=nu_b,
        line_halfwidth_hz=line_halfwidth_hz,
        n_line_frequencies=n_line_frequencies,
    )
    fields = {"normal": "normal", "pseudo": "noble"}
    amp = np.empty((len(fields), len(drive_list), nu.size))
    points = np.empty((len(drive_list), 2))
    at = np.empty((len(fields), len(drive_list), 2))
    for j, d in enumerate(drive_list):
        q = float(rs.fano_decomposition(**kw, drive=d, probe=probe)["q"])
        points[j] = nu_b, nu_b - q * rate / _TWO_PI
        for i, f in enumerate(fields.values()):
            amp[i, j] = np.abs(rs.normalized_response(nu, **kw, drive=d, probe=probe, field=f))
            good = points[j] > 0
            at[i, j] = math.nan
            at[i, j, good] = np.abs(
                rs.normalized_response(points[j, good], **kw, drive=d, probe=probe, field=f)
            )
    dims = ("field", "drive", "frequency")
    data = {
        "response": (dims, amp, var_attrs("1", "normalised amplitude |response|")),
        "sensitivity": (dims, floor / amp, var_attrs("fT Hz-1/2", "field sensitivity, Fig. 4")),
        "amplification_frequency": ("drive", points[:, 0], var_attrs("Hz", "eps = 0: nu~_b")),
        "deamplification_frequency": (
            "drive",
            points[:, 1],
            var_attrs("Hz", "eps = -q (exact q of the normal-field response)"),
        ),
        "response_at_amplification": (
            ("field", "drive"),
            at[:, :, 0],
            var_attrs("1", "normalised amplitude at eps = 0"),
        ),
        "response_at_deamplification": (
            ("field", "drive"),
            at[:, :, 1],
            var_attrs("1", "normalised amplitude at eps = -q"),
        ),
        "sensitivity_at_amplification": (
            ("field", "drive"),
            floor / at[:, :, 0],
            var_attrs("fT Hz-1/2", "sensitivity at the amplification point, Fig. 4"),
        ),
        "sensitivity_at_deamplification": (
            ("field", "drive"),
            floor / at[:, :, 1],
            var_attrs("fT Hz-1/2", "sensitivity at the deamplification point, Fig. 4"),
        ),
        "noise_floor": ((), floor, var_attrs("fT Hz-1/2", "alkali-limited noise floor")),
    }
    coords = {
        "field": ("field", list(fields), var_attrs("1", "normal field or pseudo-field on 129Xe")),
        "drive": ("drive", drive_list, var_attrs("1", "test-field geometry")),
        "frequency": ("frequency", nu, var_attrs("Hz", "test-field frequency nu")),
    }
    title = "Normal and pseudo-magnetic field sensitivity (Jiang 2025 Fig. 4)"
    attrs = {"title": title, "bias_field_mG": float(bias_field_mG), "probe": probe}
    return xr.Dataset(data, coords=coords, attrs=attrs)

"""Datasets of the coupled-response stage: Jiang et al. (2025) Figs. 1, 3 and Eq. (5).

Jiang, Qin, Wang, Huang, Peng, Budker, PNAS (2025). Each function assembles the physics of
:mod:`spinbridge.response` (Eq. 1 steady state, Fano decomposition) and
:mod:`spinbridge.dressed_rates` (Eqs. 3-5, field gradient) into one ``xarray.Dataset`` (one rule's
output) with ``units`` and ``long_name`` on every variable. The cell enters through
:func:`cell_inputs` (its slowing-down factor, collisional shifts and rates, from the cells stage);
the noble-gas rate at a bias field is the cell's Gamma_b plus the gradient rate of
:func:`spinbridge.dressed_rates.gradient_relaxation_rate`. Complex responses are stored as
amplitude and phase. Figs. 2 and 4 are in :mod:`spinbridge.amplification_datasets`, the
strong-coupling sweep (Eq. 5) in :mod:`spinbridge.strong_coupling_datasets`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import xarray as xr
from scipy.optimize import minimize_scalar

from spinbridge import dressed_rates as dr
from spinbridge import response as rs
from spinbridge.species import _check_count, _check_name, _check_real
from spinbridge.store import var_attrs

__all__ = [
    "CELL_KEYS",
    "cell_inputs",
    "check_grid",
    "dressed_rates_dataset",
    "frequency_grid",
    "model_parameters",
    "spectra_dataset",
]

CELL_KEYS: tuple[str, ...] = (
    "slowing_down_factor",
    "noble",
    "shift_alkali_s",
    "shift_noble_s",
    "Gamma_a_s",
    "Gamma_b_s",
    "radius_cm",
    "D_noble_cm2_s",
)
"""Keys of a cell mapping (:func:`cell_inputs`)."""

MAX_POINTS = 200_000
"""Most points of one grid axis."""

_TWO_PI = 2.0 * math.pi


def cell_inputs(cell: xr.Dataset) -> dict[str, float | str]:
    """The numbers of a cells-stage dataset that the response model needs.

    q (slowing-down factor), the collisional shifts (Katz Eq. 25: |gamma_a| lambda M_z^b and
    |gamma_b| lambda M_z^a), Gamma_a = the cell's gamma_alkali (Jiang's measured 2 pi x 1.6 kHz
    for Rb-129Xe), Gamma_b = gamma_noble, the radius and the noble-gas diffusion coefficient.

    Parameters
    ----------
    cell : xarray.Dataset
        Output of :func:`spinbridge.cells.cell_parameters` (as written by the cells stage).

    Returns
    -------
    dict
        The keys of :data:`CELL_KEYS`.

    Raises
    ------
    TypeError
        ``cell`` is not a dataset.
    ValueError
        A variable or attr is missing (named).
    """
    if not isinstance(cell, xr.Dataset):
        raise TypeError(f"cell must be an xarray.Dataset of the cells stage, got {type(cell)}")
    names = ("q", "shift_alkali", "shift_noble", "gamma_alkali", "gamma_noble")
    missing = [v for v in names if v not in cell] + [
        a for a in ("noble", "radius_cm", "D_noble_cm2_s") if a not in cell.attrs
    ]
    if missing:
        raise ValueError(f"cell lacks {missing}: not a cells-stage dataset")
    return {
        "slowing_down_factor": float(cell["q"]),
        "noble": str(cell.attrs["noble"]),
        "shift_alkali_s": float(cell["shift_alkali"]),
        "shift_noble_s": float(cell["shift_noble"]),
        "Gamma_a_s": float(cell["gamma_alkali"]),
        "Gamma_b_s": float(cell["gamma_noble"]),
        "radius_cm": float(cell.attrs["radius_cm"]),
        "D_noble_cm2_s": float(cell.attrs["D_noble_cm2_s"]),
    }


def _check_cell(cell) -> dict:
    if not isinstance(cell, Mapping):
        raise TypeError(f"cell must be a mapping with keys {CELL_KEYS}, got {type(cell).__name__}")
    missing = [k for k in CELL_KEYS if k not in cell]
    if missing:
        raise ValueError(f"cell lacks the keys {missing} (see cell_inputs)")
    for key in ("shift_alkali_s", "shift_noble_s"):
        _check_real(f"cell[{key!r}]", cell[key], 0.0)
    for key in ("Gamma_a_s", "Gamma_b_s", "radius_cm", "D_noble_cm2_s"):
        _check_real(f"cell[{key!r}]", cell[key], 0.0, lo_open=True)
    return dict(cell)


def model_parameters(cell: Mapping, bias_field_mG, *, inhomogeneity: float) -> dict:
    """Keywords of :func:`spinbridge.response.normalized_response` for a cell at a bias field.

    Gamma_b is the cell's plus the gradient rate at ``bias_field_mG`` (Fig. 3A's solid line).

    Parameters
    ----------
    cell : mapping
        :func:`cell_inputs` of the cell.
    bias_field_mG : array_like
        B_z [mG].
    inhomogeneity : float
        Relative bias-field difference across the cell diameter, in [0, 1).

    Returns
    -------
    dict
        bias_field_mG, gyro_alkali_rad_s_G, gyro_noble_rad_s_G, lambda_Mb_mG, lambda_Ma_mG,
        Gamma_a_s, Gamma_b_s.
    """
    c = _check_cell(cell)
    bz = np.asarray(_check_real("bias_field_mG", bias_field_mG), dtype=float)
    pair = rs.spin_pair_from_cell(
        slowing_down_factor=c["slowing_down_factor"],
        noble=c["noble"],
        shift_alkali_s=c["shift_alkali_s"],
        shift_noble_s=c["shift_noble_s"],
    )
    grad = dr.gradient_relaxation_rate(
        bz,
        gyro_noble_rad_s_G=pair["gyro_noble_rad_s_G"],
        inhomogeneity=inhomogeneity,
        radius_cm=c["radius_cm"],
        D_noble_cm2_s=c["D_noble_cm2_s"],
    )
    return {
        "bias_field_mG": bz,
        **pair,
        "Gamma_a_s": c["Gamma_a_s"],
        "Gamma_b_s": c["Gamma_b_s"] + grad,
    }


def _dressed(kw: Mapping) -> tuple[np.ndarray, np.ndarray]:
    """(alkali-like, noble-like) dressed modes w~ + i G~ of a model (continuous branch)."""
    pair = {k: kw[k] for k in ("gyro_alkali_rad_s_G", "gyro_noble_rad_s_G")}
    pair.update(lambda_Mb_mG=kw["lambda_Mb_mG"], lambda_Ma_mG=kw["lambda_Ma_mG"])
    wa, wb = rs.larmor_frequencies(kw["bias_field_mG"], **pair)
    J = dr.coupling_strength(**pair)
    return dr.dressed_modes(wa, wb, kw["Gamma_a_s"], kw["Gamma_b_s"], J)


def frequency_grid(
    *,
    frequency_min_hz: float,
    frequency_max_hz: float,
    n_frequencies: int,
    line_hz: float,
    line_halfwidth_hz: float,
    n_line_frequencies: int,
    log: bool = False,
) -> np.ndarray:
    """Sorted, unique, positive union of a span and a dense grid around a line [Hz].

    The span ``[frequency_min_hz, frequency_max_hz]`` has ``n_frequencies`` points (linear or,
    with ``log``, logarithmic); the line ``line_hz +- line_halfwidth_hz`` has
    ``n_line_frequencies`` linear points (those <= 0 dropped): a noble-gas line of mHz width is
    resolved in a span of Hz to kHz.
    """
    lo = float(_check_real("frequency_min_hz", frequency_min_hz, 0.0, lo_open=True))
    hi = float(_check_real("frequency_max_hz", frequency_max_hz, lo, lo_open=True))
    n = _check_count("n_frequencies", n_frequencies, 2, MAX_POINTS)
    m = _check_count("n_line_frequencies", n_line_frequencies, 2, MAX_POINTS)
    centre = float(_check_real("line_hz", line_hz, 0.0, lo_open=True))
    half = float(_check_real("line_halfwidth_hz", line_halfwidth_hz, 0.0, lo_open=True))
    span = np.geomspace(lo, hi, n) if log else np.linspace(lo, hi, n)
    line = np.linspace(centre - half, centre + half, m)
    return np.unique(np.concatenate([span, line[line > 0]]))


def check_grid(**settings) -> None:
    """Check grid settings by name before any work: ``n_*`` counts in [2, 200000], ``*_hz``
    frequencies finite and > 0, ``frequency_min_hz < frequency_max_hz`` when both are given.

    Raises
    ------
    TypeError, ValueError
        A setting of the wrong type or out of range; the message names it.
    """
    for name, value in settings.items():
        if name.startswith("n_"):
            _check_count(name, value, 2, MAX_POINTS)
        else:
            _check_real(name, value, 0.0, lo_open=True)
    if "frequency_min_hz" in settings and "frequency_max_hz" in settings:
        lo = float(settings["frequency_min_hz"])
        _check_real("frequency_max_hz", settings["frequency_max_hz"], lo, lo_open=True)


def _amp_phase(z: np.ndarray):
    return np.abs(z), np.angle(z)


def _check_options(drive: str, probe: str) -> None:
    _check_name("drive", drive, rs.DRIVES)
    _check_name("probe", probe, rs.PROBES)


def _profile_fields(fields, name: str) -> np.ndarray:
    if isinstance(fields, str | bytes) or not isinstance(fields, Sequence) or not len(fields):
        raise ValueError(f"{name} must be a non-empty list of bias fields [mG], got {fields!r}")
    values = np.asarray(_check_real(name, list(fields)), dtype=float)
    if np.any(np.diff(values) <= 0) or np.any(values == 0):
        raise ValueError(f"{name} must be increasing and nonzero, got {list(fields)}")
    return values


def spectra_dataset(
    cell: Mapping,
    *,
    bias_field_mG: float,
    drive: str,
    probe: str,
    inhomogeneity: float,
    frequency_min_hz: float,
    frequency_max_hz: float,
    n_log_frequencies: int,
    line_halfwidth_hz: float,
    n_line_frequencies: int,
    profile_bias_fields_mG: Sequence[float],
    profile_halfwidth_hz: float,
    n_profile_frequencies: int,
) -> xr.Dataset:
    """Fig. 1 B-D (alkali alone, noble gas alone, coupled) and Fig. 3 B-C (x, y drives vs B_z).

    Parameters
    ----------
    cell : mapping
        :func:`cell_inputs`.
    bias_field_mG, drive, probe : float, str, str
        Fig. 1's bias field [mG], test-field axis and probe axis.
    inhomogeneity : float
        Relative bias-field difference across the cell, in [0, 1).
    frequency_min_hz, frequency_max_hz, n_log_frequencies : float, float, int
        Fig. 1's logarithmic span [Hz].
    line_halfwidth_hz, n_line_frequencies : float, int
        Dense linear grid around the dressed noble-gas line (Figs. 1 and 3).
    profile_bias_fields_mG : sequence of float
        Fig. 3 B-C bias fields [mG], increasing, nonzero.
    profile_halfwidth_hz, n_profile_frequencies : float, int
        Fig. 3 B-C detuning span +- half width [Hz] around each field's line, and its points
        (the dense line grid is added).

    Returns
    -------
    xarray.Dataset
        Over ``frequency``: amplitude and phase of the alkali alone, the noble gas alone, the
        coupled alkali and the normalised response; over (``drive``, ``bias_field``,
        ``detuning``): the normalised x and y responses; per (drive, bias_field): the exact Fano
        q and b^2, the largest and smallest normalised amplitude; per bias field the dressed line.

    Length: every grid setting is checked by name before any work, and four spectra with
    amplitude and phase are stored, each with its units and long name.
    """
    _check_options(drive, probe)
    check_grid(
        frequency_min_hz=frequency_min_hz,
        frequency_max_hz=frequency_max_hz,
        n_log_frequencies=n_log_frequencies,
        line_halfwidth_hz=line_halfwidth_hz,
        n_line_frequencies=n_line_frequencies,
        profile_halfwidth_hz=profile_halfwidth_hz,
        n_profile_frequencies=n_profile_frequencies,
    )
    _profile_fields(profile_bias_fields_mG, "profile_bias_fields_mG")
    kw = model_parameters(cell, bias_field_mG, inhomogeneity=inhomogeneity)
    mode_b = _dressed(kw)[1]
    nu_b = abs(float(np.real(mode_b))) / _TWO_PI
    nu = frequency_grid(
        frequency_min_hz=frequency_min_hz,
        frequency_max_hz=frequency_max_hz,
        n_frequencies=n_log_frequencies,
        line_hz=nu_b,
        line_halfwidth_hz=line_halfwidth_hz,
        n_line_frequencies=n_line_frequencies,
        log=True,
    )
    opts = dict(drive=drive, probe=probe)
    curves = {
        "alkali_alone": rs.transverse_response(nu, **kw, **opts, coupled=False),
        "noble_alone": rs.transverse_response(nu, **kw, **opts, species="noble", coupled=False),
        "coupled": rs.transverse_response(nu, **kw, **opts),
        "normalized": rs.normalized_response(nu, **kw, **opts),
    }
    names = {
        "alkali_alone": "alkali alone (no noble-gas dynamics), Fig. 1B",
        "noble_alone": "noble gas alone (no alkali dynamics), Fig. 1C",
        "coupled": "coupled alkali, Fig. 1D",
        "normalized": "coupled alkali / alkali alone (calibrated response), Fig. 1D",
    }
    data = {}
    for key, z in curves.items():
        amp, phase = _amp_phase(z)
        unit = "1" if key == "normalized" else "G-1"
        what = "tilt per unit field" if unit != "1" else "response"
        data[f"{key}_amplitude"] = ("frequency", amp, var_attrs(unit, f"{what}: {names[key]}"))
        data[f"{key}_phase"] = ("frequency", phase, var_attrs("rad", f"phase: {names[key]}"))
    data["dressed_noble_frequency"] = ((), nu_b, var_attrs("Hz", "dressed noble-gas line nu~_b"))
    data["dressed_noble_rate"] = (
        (),
        float(np.imag(mode_b)),
        var_attrs("s-1", "dressed noble-gas rate Gamma~_b (Eq. 4, with gradient)"),
    )
    wa = rs.larmor_frequencies(bias_field_mG, **_pair_keys(kw))[0]
    data["alkali_larmor_frequency"] = (
        (),
        abs(float(wa)) / _TWO_PI,
        var_attrs("Hz", "alkali Larmor frequency |w_a| / 2 pi (Eq. 1)"),
    )
    profiles = _profiles(
        cell,
        inhomogeneity,
        probe,
        profile_bias_fields_mG,
        profile_halfwidth_hz,
        n_profile_frequencies,
        line_halfwidth_hz,
        n_line_frequencies,
    )
    ds = xr.Dataset(
        data,
        coords={"frequency": ("frequency", nu, var_attrs("Hz", "test-field frequency nu"))},
        attrs={
            "title": "Coupled Rb-Xe response spectra (Jiang 2025 Figs. 1B-D, 3B-C)",
            "bias_field_mG": float(bias_field_mG),
            "drive": drive,
            "probe": probe,
        },
    )
    return xr.merge([ds, profiles], combine_attrs="override")


def _pair_keys(kw: Mapping) -> dict:
    keys = ("gyro_alkali_rad_s_G", "gyro_noble_rad_s_G", "lambda_Mb_mG", "lambda_Ma_mG")
    return {k: kw[k] for k in keys}


def _profiles(cell, inhomogeneity, probe, fields, halfwidth, n, line_half, n_line) -> xr.Dataset:
    """Fig. 3 B-C: x and y drives on a detuning axis around each bias field's dressed line."""
    b = _profile_fields(fields, "profile_bias_fields_mG")
    half = float(_check_real("profile_halfwidth_hz", halfwidth, 0.0, lo_open=True))
    kw = model_parameters(cell, b, inhomogeneity=inhomogeneity)
    mode_b = _dressed(kw)[1]
    centre = np.abs(np.real(mode_b)) / _TWO_PI
    if np.any(centre <= half):
        raise ValueError(
            f"profile_halfwidth_hz = {half} must be below every line frequency "
            f"({np.round(centre, 4).tolist()} Hz): choose larger |profile_bias_fields_mG|"
        )
    det = frequency_grid(
        frequency_min_hz=1.0,  # a shifted copy of the detuning axis: -half .. +half
        frequency_max_hz=1.0 + 2.0 * half,
        n_frequencies=n,
        line_hz=1.0 + half,
        line_halfwidth_hz=min(line_half, half),
        n_line_frequencies=n_line,
    ) - (1.0 + half)
    drives = ["x", "y"]
    shape = (len(drives), b.size, det.size)
    amp, phase = np.empty(shape), np.empty(shape)
    q, b2 = np.empty(shape[:2]), np.empty(shape[:2])
    for i, d in enumerate(drives):
        z = rs.normalized_response(
            centre[:, None] + det[None, :],
            **{k: _col(v) for k, v in kw.items()},
            drive=d,
            probe=probe,
        )
        amp[i], phase[i] = _amp_phase(z)
        fano = rs.fano_decomposition(**kw, drive=d, probe=probe)
        q[i], b2[i] = fano["q"], fano["b2"]
    dims3, dims2 = ("drive", "bias_field", "detuning"), ("drive", "bias_field")
    return xr.Dataset(
        {
            "profile_amplitude": (dims3, amp, var_attrs("1", "normalised response, Fig. 3B-C")),
            "profile_phase": (dims3, phase, var_attrs("rad", "phase of the response, Fig. 3B-C")),
            "profile_center": (
                "bias_field",
                centre,
                var_attrs("Hz", "dressed noble-gas line nu~_b at each bias field (Eq. 4)"),
            ),
            "profile_q": (dims2, q, var_attrs("1", "exact Fano parameter q of the profile")),
            "profile_b2": (dims2, b2, var_attrs("1", "exact Lorentzian background b^2")),
            "profile_amplification": (
                dims2,
                amp.max(axis=2),
                var_attrs("1", "largest normalised amplitude in the span (amplification)"),
            ),
            "profile_deamplification": (
                dims2,
                1.0 / amp.min(axis=2),
                var_attrs("1", "1 / smallest normalised amplitude in the span (deamplification)"),
            ),
        },
        coords={
            "drive": ("drive", drives, var_attrs("1", "test-field axis")),
            "bias_field": ("bias_field", b, var_attrs("mG", "bias field B_z")),
            "detuning": ("detuning", det, var_attrs("Hz", "nu - nu~_b")),
        },
    )


def _col(value):
    """A per-bias-field array as a column (broadcast against the detuning axis)."""
    arr = np.asarray(value)
    return arr[:, None] if arr.ndim == 1 else arr


def _extremum(fun, grid: np.ndarray, values: np.ndarray, index: int, sign: float):
    """Refine a grid extremum with a bounded Brent search between the neighbouring points."""
    lo, hi = grid[max(index - 1, 0)], grid[min(index + 1, grid.size - 1)]
    if index in (0, grid.size - 1):
        return float(grid[index]), float(values[index])
    res = minimize_scalar(
        lambda x: sign * fun(x),
        bounds=(lo, hi),
        method="bounded",
        options={"xatol": 1e-9 * max(1.0, abs(hi))},
    )
    return float(res.x), float(sign * res.fun)


def _field_axis(field_min_mG, field_max_mG, n_fields) -> np.ndarray:
    lo = float(_check_real("field_min_mG", field_min_mG))
    hi = float(_check_real("field_max_mG", field_max_mG, lo, lo_open=True))
    return np.linspace(lo, hi, _check_count("n_fields", n_fields, 5, MAX_POINTS))


def dressed_rates_dataset(
    cell: Mapping,
    *,
    inhomogeneity: float,
    field_min_mG: float,
    field_max_mG: float,
    n_fields: int,
) -> xr.Dataset:
    """Fig. 3A: dressed noble-gas rate vs bias field, with and without the field gradient.

    Eq. (4) on the continuous branch (and, for display, numpy's principal branch), with Gamma_b the
    cell's (dashed line: gradient removed) or the cell's plus the gradient rate (solid line).
    The maximum and the minimum on each side of the resonance are refined between grid points.

    Parameters
    ----------
    cell : mapping
        :func:`cell_inputs`.
    inhomogeneity : float
        Relative bias-field difference across the cell diameter, in [0, 1).
    field_min_mG, field_max_mG, n_fields : float, float, int
        Bias-field axis [mG] (5..200000 points).

    Returns
    -------
    xarray.Dataset
        Over ``bias_field``: dressed frequencies and rates of both modes, the gradient rate, the
        solid and dashed noble-gas rates and coherence times; 0-d: the resonance field, the
        maximum (value, field, time, linewidth), the weak-coupling maximum Gamma_b + J^2/2 beta,
        J, beta, chi, J/beta; over ``side``: the minima below and above the resonance.

    Length: one entry per stored variable (about twenty), each with its units and long name.
    """
    b = _field_axis(field_min_mG, field_max_mG, n_fields)
    eta = float(_check_real("inhomogeneity", inhomogeneity, 0.0, 1.0, hi_open=True))
    bare = model_parameters(cell, b, inhomogeneity=0.0)
    solid_kw = model_parameters(cell, b, inhomogeneity=eta)
    pair = _pair_keys(bare)
    wa, wb = rs.larmor_frequencies(b, **pair)
    J = float(dr.coupling_strength(**pair))
    Ga, Gb = float(cell["Gamma_a_s"]), float(cell["Gamma_b_s"])
    mode_a, mode_b = dr.dressed_modes(wa, wb, Ga, Gb, J)
    principal_b = dr.dressed_modes(wa, wb, Ga, Gb, J, branch="principal")[1]
    solid_b = _dressed(solid_kw)[1]

    def solid_rate(x: float) -> float:
        return float(np.imag(_dressed(model_parameters(cell, x, inhomogeneity=eta))[1]))

    b_res = float(dr.resonance_field(**pair))
    rate = np.imag(solid_b)
    i_max = int(np.argmax(rate))
    max_field, max_rate = _extremum(solid_rate, b, rate, i_max, -1.0)
    minima = []
    for side in (b < b_res, b > b_res):
        idx = np.flatnonzero(side)
        if idx.size == 0:
            raise ValueError(
                f"the bias-field axis [{field_min_mG}, {field_max_mG}] mG must extend to both "
                f"sides of the resonance {b_res:.4g} mG"
            )
        i = int(idx[np.argmin(rate[idx])])
        minima.append(_extremum(solid_rate, b, rate, i, 1.0))
    beta, chi = 0.5 * (Ga - Gb), 0.5 * (Ga + Gb)
    f = ("bias_field",)
    data = {
        "alkali_frequency": (f, np.real(mode_a) / _TWO_PI, var_attrs("Hz", "w~_a / 2 pi (Eq. 4)")),
        "alkali_rate": (f, np.imag(mode_a), var_attrs("s-1", "dressed alkali rate Gamma~_a")),
        "noble_frequency": (f, np.real(mode_b) / _TWO_PI, var_attrs("Hz", "w~_b / 2 pi (Eq. 4)")),
        "noble_rate": (
            f,
            np.imag(mode_b),
            var_attrs("s-1", "Gamma~_b, Eq. (4), gradient removed (Fig. 3A dashed)"),
        ),
        "noble_rate_principal": (
            f,
            np.imag(principal_b),
            var_attrs("s-1", "Gamma~_b with numpy's principal root (modes swapped at delta < 0)"),
        ),
        "gradient_rate": (
            f,
            solid_kw["Gamma_b_s"] - Gb,
            var_attrs("s-1", "motional-narrowing gradient rate 2 R^2 g_b^2 eta^2 B^2 / 175 D"),
        ),
        "noble_rate_gradient": (
            f,
            rate,
            var_attrs("s-1", "Gamma~_b with the field gradient (Fig. 3A solid)"),
        ),
        "noble_time": (f, 1.0 / rate, var_attrs("s", "coherence time 1/Gamma~_b (Fig. 3A solid)")),
        "noble_time_corrected": (
            f,
            1.0 / np.imag(mode_b),
            var_attrs("s", "coherence time, gradient removed (Fig. 3A dashed)"),
        ),
        "resonance_field": ((), b_res, var_attrs("mG", "bias field of delta = 0")),
        "max_rate": ((), max_rate, var_attrs("s-1", "largest Gamma~_b (with gradient)")),
        "max_rate_field": ((), max_field, var_attrs("mG", "bias field of the largest Gamma~_b")),
        "max_time": ((), 1.0 / max_rate, var_attrs("s", "1 / largest Gamma~_b")),
        "max_linewidth": (
            (),
            1e3 * max_rate / _TWO_PI,
            var_attrs("mHz", "largest Gamma~_b / 2 pi (the amplifier's bandwidth)"),
        ),
        "weak_coupling_max_rate": (
            (),
            float(dr.weak_coupling_max_rate(J, Gamma_a_s=Ga, Gamma_b_s=Gb)),
            var_attrs("s-1", "weak-coupling maximum Gamma_b + J^2 / 2 beta"),
        ),
        "weak_coupling_max_time": (
            (),
            1.0 / float(dr.weak_coupling_max_rate(J, Gamma_a_s=Ga, Gamma_b_s=Gb)),
            var_attrs("s", "1 / (Gamma_b + J^2 / 2 beta)"),
        ),
        "min_rate": (("side",), [m[1] for m in minima], var_attrs("s-1", "smallest Gamma~_b")),
        "min_rate_field": (("side",), [m[0] for m in minima], var_attrs("mG", "its bias field")),
        "min_time": (("side",), [1.0 / m[1] for m in minima], var_attrs("s", "1 / smallest")),
        "J": ((), J, var_attrs("s-1", "coupling J (Eq. 1)")),
        "beta": ((), beta, var_attrs("s-1", "beta = (Gamma_a - Gamma_b) / 2")),
        "chi": ((), chi, var_attrs("s-1", "chi = (Gamma_a + Gamma_b) / 2")),
        "J_over_beta": ((), J / beta, var_attrs("1", "J / beta")),
    }
    coords = {
        "bias_field": ("bias_field", b, var_attrs("mG", "bias field B_z")),
        "side": ("side", ["negative", "positive"], var_attrs("1", "below / above resonance")),
    }
    attrs = {"title": "Dressed 129Xe decoherence vs bias field (Jiang 2025 Fig. 3A)"}
    attrs.update(inhomogeneity=eta, field_min_mG=float(b[0]), field_max_mG=float(b[-1]))
    return xr.Dataset(data, coords=coords, attrs=attrs)

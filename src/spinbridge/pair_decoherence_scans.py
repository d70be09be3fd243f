"""Fig. 3 of Sundar et al. (2023): Ramsey sensitivity against time and cavity detuning.

Fig. 3(a): sqrt(N) Delta phi versus N chi t for several detunings x = |Delta| / (sqrt(N) kappa)
at fixed cooperativity C (:func:`decoherence_sensitivity`). Fig. 3(b): the best sensitivity over
time, scaled as N^{3/4} Delta phi, versus x (:func:`best_sensitivity_scan`), and its minimum over
x (:func:`best_detuning`), to set against Eq. (7) (:mod:`spinbridge.pair_decoherence_estimates`).
The physics - the master equation, the dissipative truncated Wigner approximation, the
estimators - is in :mod:`spinbridge.pair_decoherence`; every detuning of one call shares the
same trajectories and noise (common random numbers), so curves versus x are smooth and their
differences are physics, not sampling.

"Best over time" is the smallest value on an output grid of spacing 0.05 in N chi t (near the
optimum ln (Delta phi)^2 has a curvature of O(1) per (N chi t)^2, so the grid costs < 1e-3
relative). It is taken separately for the paper's quadrature (S_{2,+}, fixed pulses) and for the
least-noisy quadrature (the pulse phase chosen at the optimum), ``*_opt``.

References
----------
B. Sundar et al., PRL 130, 113202 (2023), Fig. 3, Eq. (7).
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from spinbridge.pair_decoherence import (
    _METHOD,
    _NCHI_T_ATTRS,
    MAX_ATOMS,
    MAX_RATE,
    MAX_TRAJECTORIES,
    _check_run,
    _check_times,
    _check_work,
    _simulate,
    _variables,
)
from spinbridge.pair_decoherence_estimates import (
    cavity_rates,
    eq7_optimal_detuning,
    eq7_sensitivity,
)
from spinbridge.species import _check_count, _check_real
from spinbridge.store import var_attrs

__all__ = [
    "MAX_DETUNINGS",
    "best_detuning",
    "best_sensitivity_scan",
    "decoherence_sensitivity",
    "default_times",
]

MAX_DETUNINGS = 64
"""Size guard: most detunings of one call."""
_MAX_C = 1e12
_MAX_X = 1e6
_GRID = (0.02, 2.0, 11)  # first grid of best_detuning: x / sqrt(C) from 0.02 to 2, 11 points
_SCAN_SPACING = 0.05  # output spacing in N chi t of the searches for the best time
_FINE = 9  # points of the refining grid between the neighbours of the first minimum


def _check_detunings(values) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(values))
    if arr.ndim != 1 or arr.size == 0 or arr.size > MAX_DETUNINGS:
        raise ValueError(
            f"delta_over_sqrtN_kappa must be a number or a 1-D array of 1..{MAX_DETUNINGS} "
            f"detunings, got shape {np.shape(values)}"
        )
    _check_real("delta_over_sqrtN_kappa", arr, 0.0, _MAX_X, lo_open=True)
    return arr.astype(float)


def default_times(N: int) -> np.ndarray:
    """261 output times N chi t from 0 to max(2, ln(4N)), the default of Fig. 3(a).

    ln(4N) = 2 ln(2 sqrt(N)) is twice the time at which the undepleted pumps reach
    nbar ~ sqrt(N), beyond every optimum of Fig. 3.

    Parameters
    ----------
    N : int
        Number of atoms (2 <= N <= MAX_ATOMS).

    Returns
    -------
    numpy.ndarray
        The times.
    """
    n_atoms = _check_count("N", N, 2, MAX_ATOMS)
    return np.linspace(0.0, max(2.0, math.log(4.0 * n_atoms)), 261)


def _run_detunings(n_atoms, C, x, times, n, seed, pumps, step) -> dict:
    """The simulation of every detuning x at cooperativity C (arguments checked)."""
    if n * x.size > MAX_TRAJECTORIES:
        raise ValueError(
            f"n_traj x detunings = {n * x.size} exceeds MAX_TRAJECTORIES = {MAX_TRAJECTORIES}"
        )
    collective, emission = cavity_rates(n_atoms, C, x)
    for name, r in (("Gamma_over_nchi", collective), ("gamma_over_nchi", emission)):
        if np.max(r) > MAX_RATE:
            raise ValueError(
                f"delta_over_sqrtN_kappa gives {name} up to {np.max(r):.3g} > MAX_RATE = "
                f"{MAX_RATE:g}; choose detunings nearer the optimum"
            )
    rates = (collective, emission, np.zeros_like(x))
    _check_work(rates, n_atoms, n * x.size, times, step)
    return _simulate(n_atoms, times, rates, n, seed, pumps, step)


def decoherence_sensitivity(
    N: int,
    C: float,
    delta_over_sqrtN_kappa,
    nchi_t=None,
    *,
    n_traj: int = 2048,
    seed: int = 0,
    pumps: str = "fock",
    step: float = 0.1,
) -> xr.Dataset:
    """Fig. 3(a): sqrt(N) Delta phi versus N chi t for several cavity detunings at cooperativity C.

    Sundar et al. (2023), Fig. 3(a) (C = 10, N = 1e5 in the paper): for each detuning
    x = |Delta| / (sqrt(N) kappa) the rates are ``Gamma / (N chi) = 1 / (N^{3/2} x)`` and
    ``gamma / (N chi) = 4 x / (sqrt(N) C)``
    (:func:`spinbridge.pair_decoherence_estimates.cavity_rates`).

    Parameters
    ----------
    N : int
        Number of atoms (even, 2 <= N <= MAX_ATOMS).
    C : float
        Single-atom cooperativity 4 g_F^2 / (kappa gamma), > 0 (<= 1e12).
    delta_over_sqrtN_kappa : float or array_like
        Detunings x > 0 (at most MAX_DETUNINGS, each <= 1e6), with rates <= MAX_RATE.
    nchi_t : array_like, optional
        Output times tau = N chi t (sorted, in [0, MAX_NCHI_T]); default :func:`default_times`.
    n_traj, seed, pumps, step
        As in :func:`spinbridge.pair_decoherence.decoherence_dynamics` (n_traj per detuning).

    Returns
    -------
    xarray.Dataset
        Dimensions ``delta_over_sqrtN_kappa`` x ``nchi_t``; the variables of
        :func:`spinbridge.pair_decoherence.decoherence_dynamics`, and ``Gamma_over_nchi``,
        ``gamma_over_nchi`` per detuning. Attrs: N, C, pumps, method, n_traj, seed, step.
    """
    n_atoms, n, seed = _check_run(N, n_traj, seed, pumps, step)
    _check_real("C", C, 0.0, _MAX_C, lo_open=True)
    x = _check_detunings(delta_over_sqrtN_kappa)
    times = default_times(n_atoms) if nchi_t is None else _check_times(nchi_t)
    result = _run_detunings(n_atoms, C, x, times, n, seed, pumps, step)
    collective, emission = cavity_rates(n_atoms, C, x)
    dims = ("delta_over_sqrtN_kappa", "nchi_t")
    data = _variables(result, dims, n_atoms)
    data["Gamma_over_nchi"] = (dims[:1], collective, var_attrs("1", "Gamma/(N chi)"))
    data["gamma_over_nchi"] = (dims[:1], emission, var_attrs("1", "gamma/(N chi)"))
    return xr.Dataset(
        data,
        coords={
            dims[0]: (dims[0], x, var_attrs("1", "|Delta|/(sqrt(N) kappa)")),
            "nchi_t": ("nchi_t", times, _NCHI_T_ATTRS),
        },
        attrs={
            "title": "Sundar Fig. 3(a): Ramsey sensitivity with cavity decay and emission",
            "N": n_atoms,
            "C": float(C),
            "pumps": pumps,
            "method": _METHOD,
            "n_traj": n,
            "seed": seed,
            "step": float(step),
        },
    )


def _scan_times(n_atoms: int, nchi_t_max) -> np.ndarray:
    """Times from 0 to nchi_t_max (default max(2, ln 4N)) spaced by at most _SCAN_SPACING."""
    t_max = max(2.0, math.log(4.0 * n_atoms)) if nchi_t_max is None else float(nchi_t_max)
    return np.linspace(0.0, t_max, math.ceil(t_max / _SCAN_SPACING - 1e-9) + 1)


def _best_over_time(result: dict, times: np.ndarray, n_atoms: int) -> dict:
    """For each detuning and quadrature: the minimum over the time grid of (Delta phi)^2."""
    out = {}
    for suffix in ("", "_opt"):
        value, err = result[f"dphi2{suffix}"]
        safe = np.where(np.isfinite(value), value, np.inf)
        i = np.argmin(safe, axis=1)
        rows = np.arange(value.shape[0])
        best, best_err = value[rows, i], err[rows, i]
        scaled = n_atoms**0.75 * np.sqrt(best)
        out[f"N34_dphi{suffix}"] = (scaled, 0.5 * scaled * best_err / best)
        out[f"nchi_t{suffix}"] = times[i]
        out[f"nbar{suffix}"] = result["nbar"][0][rows, i]
        out[f"at_edge{suffix}"] = i == times.size - 1
    return out


def best_sensitivity_scan(
    N: int,
    C: float,
    delta_over_sqrtN_kappa,
    *,
    nchi_t_max: float | None = None,
    n_traj: int = 2048,
    seed: int = 0,
    pumps: str = "fock",
    step: float = 0.1,
) -> xr.Dataset:
    """Fig. 3(b): the best N^{3/4} Delta phi over time, for each cavity detuning.

    Sundar et al. (2023), Fig. 3(b), with Eq. (7)'s optimum beside it for comparison.

    Parameters
    ----------
    N : int
        Number of atoms (even, 2 <= N <= MAX_ATOMS).
    C : float
        Single-atom cooperativity, > 0 (<= 1e12), with 2 N C > 1 (Eq. (7)).
    delta_over_sqrtN_kappa : float or array_like
        Detunings x > 0 (at most MAX_DETUNINGS, each <= 1e6), with rates <= MAX_RATE.
    nchi_t_max : float, optional
        Last time searched (0 < nchi_t_max <= 200); default max(2, ln(4N)).
    n_traj, seed, pumps, step
        As in :func:`decoherence_sensitivity`; the time grid has spacing 0.05.

    Returns
    -------
    xarray.Dataset
        Dimension ``delta_over_sqrtN_kappa``: ``N34_dphi`` (fixed quadrature S_{2,+}) and
        ``N34_dphi_opt`` (least-noisy quadrature) with ``*_err``, the time ``nchi_t[_opt]``
        and pair number ``nbar[_opt]`` of the optimum, ``at_edge[_opt]`` (1 where the optimum is
        the last time: extend nchi_t_max); 0-d ``eq7_N34_dphi`` and
        ``eq7_delta_over_sqrtN_kappa``. Attrs: N, C, pumps, method, n_traj, seed, step.
    """
    n_atoms, n, seed = _check_run(N, n_traj, seed, pumps, step)
    _check_real("C", C, 0.0, _MAX_C, lo_open=True)
    x = _check_detunings(delta_over_sqrtN_kappa)
    if nchi_t_max is not None:
        _check_real("nchi_t_max", nchi_t_max, 0.0, 200.0, lo_open=True)
    eq7 = eq7_sensitivity(n_atoms, C)  # checks 2 N C > 1
    times = _scan_times(n_atoms, nchi_t_max)
    best = _best_over_time(
        _run_detunings(n_atoms, C, x, times, n, seed, pumps, step), times, n_atoms
    )
    dim = ("delta_over_sqrtN_kappa",)
    data = {}
    for suffix, what in (("", "S_{2,+} (the paper's pulses)"), ("_opt", "least-noisy quadrature")):
        value, err = best[f"N34_dphi{suffix}"]
        data[f"N34_dphi{suffix}"] = (
            dim,
            value,
            var_attrs("rad", f"best N^(3/4) Delta phi, {what}"),
        )
        data[f"N34_dphi{suffix}_err"] = (
            dim,
            err,
            var_attrs("rad", f"standard error of N34_dphi{suffix}"),
        )
        data[f"nchi_t{suffix}"] = (
            dim,
            best[f"nchi_t{suffix}"],
            var_attrs("1", f"N chi t of the best sensitivity, {what}"),
        )
        data[f"nbar{suffix}"] = (
            dim,
            best[f"nbar{suffix}"],
            var_attrs("1", f"pair number at the best time, {what}"),
        )
        data[f"at_edge{suffix}"] = (
            dim,
            best[f"at_edge{suffix}"].astype(np.int8),
            var_attrs("1", "1 where the best time is the last time searched"),
        )
    data["eq7_N34_dphi"] = ((), n_atoms**0.75 * math.sqrt(eq7), var_attrs("rad", "Eq. (7)"))
    data["eq7_delta_over_sqrtN_kappa"] = (
        (),
        eq7_optimal_detuning(n_atoms, C) / math.sqrt(n_atoms),
        var_attrs("1", "optimal |Delta|/(sqrt(N) kappa) of Eq. (7)"),
    )
    return xr.Dataset(
        data,
        coords={dim[0]: (dim[0], x, var_attrs("1", "|Delta|/(sqrt(N) kappa)"))},
        attrs={
            "title": "Sundar Fig. 3(b): best sensitivity versus cavity detuning",
            "N": n_atoms,
            "C": float(C),
            "pumps": pumps,
            "method": _METHOD,
            "n_traj": n,
            "seed": seed,
            "step": float(step),
        },
    )


def _vertex(x: np.ndarray, f: np.ndarray, j: int) -> float:
    """Minimum of the parabola through (ln x, ln f) at j - 1, j, j + 1, kept in that bracket."""
    u, v = np.log(x[j - 1 : j + 2]), np.log(f[j - 1 : j + 2])
    a, b, _ = np.polyfit(u, v, 2)
    if a <= 0:
        return float(x[j])
    return float(np.exp(np.clip(-b / (2.0 * a), u[0], u[2])))


def _first_grid(run, sqrt_c: float) -> tuple[np.ndarray, dict]:
    """The coarse grid x / sqrt(C) in [0.02, 2] (shifted up to twice if a minimum is at an end)."""
    lo, hi, k = _GRID
    x = sqrt_c * np.geomspace(lo, hi, k)
    for _ in range(3):
        best = run(x)
        ends = [int(np.argmin(best[f"N34_dphi{s}"][0])) for s in ("", "_opt")]
        if all(0 < i < k - 1 for i in ends):
            return x, best
        x = x * (hi / lo) ** (0.5 if max(ends) == k - 1 else -0.5)
    raise RuntimeError(
        f"best_detuning: no interior minimum over x = {x[0]:.3g} .. {x[-1]:.3g}; "
        "use best_sensitivity_scan over a wider range"
    )


def best_detuning(
    N: int,
    C: float,
    *,
    n_traj: int = 2048,
    seed: int = 0,
    pumps: str = "fock",
    step: float = 0.1,
) -> xr.Dataset:
    """The optimum of Fig. 3(b) over the detuning, against Eq. (7).

    Sundar et al. (2023), Eq. (7): ``(Delta phi)^2 = sqrt(2 ln(2NC)) / (N^{3/2} sqrt(C))`` at
    ``|Delta| = kappa sqrt(NC) / (2 sqrt(ln(2NC)))``. Here the optimum comes from the master
    equation: best over time (:func:`best_sensitivity_scan`) on a coarse grid x / sqrt(C) in
    [0.02, 2] (11 points; the sqrt(C) scale is the balance of Gamma ~ 1/x against
    gamma ~ x/C, not Eq. (7)), then on 9 points between the neighbours of its minimum; the
    detuning of the minimum is the vertex of a parabola in (ln x, ln N^{3/4} Delta phi) through
    the smallest fine-grid value and its two neighbours, the value that smallest value (the
    parabola's correction, O(grid spacing^2), is below the statistical error).

    Parameters
    ----------
    N : int
        Number of atoms (even, 2 <= N <= MAX_ATOMS).
    C : float
        Single-atom cooperativity, > 0 (<= 1e12), with 2 N C > 1.
    n_traj, seed, pumps, step
        As in :func:`decoherence_sensitivity`.

    Returns
    -------
    xarray.Dataset
        0-d variables for the paper's quadrature and (``*_opt``) the least-noisy one:
        ``delta_over_sqrtN_kappa``, ``N34_dphi`` (+ ``_err``), ``nchi_t``, ``nbar``,
        ``ratio_to_eq7`` (N^{3/4} Delta phi over Eq. (7)'s), ``delta_ratio_to_eq7``; and
        ``eq7_N34_dphi``, ``eq7_delta_over_sqrtN_kappa``. Attrs: N, C, pumps, method, n_traj,
        seed, step.

    Raises
    ------
    RuntimeError
        If the minimum over x stays at an end of the grid.
    """
    n_atoms, n, seed = _check_run(N, n_traj, seed, pumps, step)
    _check_real("C", C, 0.0, _MAX_C, lo_open=True)
    eq7 = n_atoms**0.75 * math.sqrt(eq7_sensitivity(n_atoms, C))
    eq7_x = eq7_optimal_detuning(n_atoms, C) / math.sqrt(n_atoms)
    times = _scan_times(n_atoms, None)

    def run(x):
        result = _run_detunings(n_atoms, C, x, times, n, seed, pumps, step)
        return _best_over_time(result, times, n_atoms)

    coarse, first = _first_grid(run, math.sqrt(C))
    fine = []
    for suffix in ("", "_opt"):
        i = int(np.argmin(first[f"N34_dphi{suffix}"][0]))
        fine.append(np.geomspace(coarse[i - 1], coarse[i + 1], _FINE))
    best = run(np.concatenate(fine))
    data = {}
    for q, suffix in enumerate(("", "_opt")):
        part = slice(q * _FINE, (q + 1) * _FINE)
        value, err = (a[part] for a in best[f"N34_dphi{suffix}"])
        k = int(np.argmin(value))
        x_best = _vertex(fine[q], value, k) if 0 < k < _FINE - 1 else float(fine[q][k])
        for name, v, units, long_name in (
            ("delta_over_sqrtN_kappa", x_best, "1", "|Delta|/(sqrt(N) kappa) of the optimum"),
            ("N34_dphi", value[k], "rad", "best N^(3/4) Delta phi over time and detuning"),
            ("N34_dphi_err", err[k], "rad", "standard error of N34_dphi"),
            ("nchi_t", best[f"nchi_t{suffix}"][part][k], "1", "N chi t of the optimum"),
            ("nbar", best[f"nbar{suffix}"][part][k], "1", "pair number at the optimum"),
            ("ratio_to_eq7", value[k] / eq7, "1", "N34_dphi / (N^(3/4) Delta phi of Eq. (7))"),
            ("delta_ratio_to_eq7", x_best / eq7_x, "1", "optimal detuning / Eq. (7)'s"),
        ):
            key = name.replace("_err", f"{suffix}_err") if name.endswith("_err") else name + suffix
            quad = " (least-noisy quadrature)" if suffix else ""
            data[key] = ((), v, var_attrs(units, long_name + quad))
    data["eq7_N34_dphi"] = ((), eq7, var_attrs("rad", "N^(3/4) Delta phi of Eq. (7)"))
    data["eq7_delta_over_sqrtN_kappa"] = ((), eq7_x, var_attrs("1", "detuning x of Eq. (7)"))
    return xr.Dataset(
        data,
        attrs={
            "title": "Sundar Eq. (7): optimal cavity detuning and sensitivity",
            "N": n_atoms,
            "C": float(C),
            "pumps": pumps,
            "method": _METHOD,
            "n_traj": n,
            "seed": seed,
            "step": float(step),
        },
    )

"""Datasets of the two-mode stage's variances: Katz et al. (2022) Figs. 4(b), 5, 6, Sec. VI.B-C.

Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022). The exchange of a squeezed alkali state
(Eqs. (36)-(38), (F12)) from the exact covariance of :mod:`spinbridge.twomode` and the closed forms
of :mod:`spinbridge.twomode_closed_forms`; the magnetometer limits of Sec. VI.C (Eqs. (41)-(43),
App. G) from :mod:`spinbridge.magnetometer`. Variances are in the paper's convention (vacuum
1/4); a variance in dB is 10 log10(V / (1/4)), a squeezing in dB its negative (Fig. 5).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import xarray as xr

from spinbridge import magnetometer, twomode
from spinbridge import twomode_closed_forms as closed
from spinbridge.dicke import check_count, check_positive, check_real, check_unit_interval
from spinbridge.store import var_attrs
from spinbridge.twomode_datasets import (
    PAPER_VACUUM_VARIANCE,
    check_names,
    check_times,
    transfer_time,
)

__all__ = [
    "magnetometer_dataset",
    "squeezing_exchange_dataset",
    "squeezing_transfer_dataset",
]

_LIBRARY_TO_PAPER = PAPER_VACUUM_VARIANCE / 0.5  # twomode's quadratures have vacuum variance 1/2
_QUAD = {"X_A": 0, "P_A": 1, "X_B": 2, "P_B": 3}
_MAX_TIMES = 200_000


def _check_squeezing(value, name: str = "squeezing_db") -> float:
    """An initial squeezing [dB] in [0, 100] (:data:`spinbridge.twomode.MAX_SQUEEZING_DB`)."""
    db = check_real(value, name)
    if not 0.0 <= db <= twomode.MAX_SQUEEZING_DB:
        raise ValueError(f"{name} must lie in [0, {twomode.MAX_SQUEEZING_DB:g}], got {value!r}")
    return db


def _paper_variances(cov: np.ndarray, name: str) -> np.ndarray:
    """Variance of one quadrature in the paper's convention (vacuum 1/4) from twomode's cov."""
    i = _QUAD[name]
    return cov[..., i, i] * _LIBRARY_TO_PAPER


def _variance_db(v) -> np.ndarray:
    """10 log10(V / (1/4)): a variance in dB relative to vacuum (negative when squeezed)."""
    return 10.0 * np.log10(np.asarray(v) / PAPER_VACUUM_VARIANCE)


def _exchange_case(t, gamma_s, J_s, squeezing_db, p_alkali, p_noble, storage_delta_s):
    n_a = twomode.noise_occupation(check_unit_interval(p_alkali, "p_alkali"))
    n_b = twomode.noise_occupation(check_unit_interval(p_noble, "p_noble"))
    cov0 = twomode.squeezed_covariance(squeezing_db, n_a, n_b)
    t_pi = transfer_time(J_s)
    kw = {"n_thermal_A": n_a, "n_thermal_B": n_b}
    free = twomode.evolve_covariance(t, J_s, gamma_s, cov0, **kw)
    stored = twomode.evolve_covariance(
        t, J_s, gamma_s, cov0, switch_time_s=t_pi, delta_after_s=storage_delta_s, **kw
    )
    at_pi = twomode.evolve_covariance([t_pi], J_s, gamma_s, cov0, **kw)[0]
    out = {"J": J_s, "T_pi": t_pi, "n_A": n_a, "n_B": n_b}
    for q in ("X_A", "P_B"):
        out[q] = _paper_variances(free, q)
        out[q + "_stored"] = _paper_variances(stored, q)
        out[q + "_0"] = float(_paper_variances(cov0, q))
        out[q + "_T_pi"] = float(_paper_variances(at_pi, q))
    return out


def squeezing_exchange_dataset(
    gamma_s: float,
    J_over_gamma: float,
    squeezing_db: float,
    polarizations: Mapping[str, Mapping[str, float]],
    *,
    t_max_over_transfer_time: float,
    n_times: int,
    storage_delta_s: float,
) -> xr.Dataset:
    """Fig. 4(b): variances of X_A and P_B during the exchange of a squeezed alkali state.

    Each polarization case starts from Eq. (36) with X_A squeezed by ``squeezing_db`` relative
    to the alkali's thermal variance 1/4p_A and the noble gas at 1/4p_B (Sec. VI.B), both with
    n = (1 - p)/2p incoherent excitations, which also set the alkali noise (Eqs. (C8)-(C9)).
    J = J_over_gamma gamma sqrt(p_A p_B): the paper's J = 55 gamma is "for the perfectly
    polarized case" and J scales with sqrt(p_A p_B) (Sec. VI.B). The field step to
    ``storage_delta_s`` at each case's T_pi = pi/2J gives the stored curves.

    Parameters
    ----------
    gamma_s : float
        Alkali decay rate gamma [s^-1].
    J_over_gamma : float
        J / gamma at p_A = p_B = 1 (paper: 55).
    squeezing_db : float
        Initial squeezing of X_A [dB] (paper: 7), 0..100.
    polarizations : mapping
        Case name -> {p_alkali, p_noble}, each in (0, 1].
    t_max_over_transfer_time : float
        Time span in units of T_pi of the fully polarized J.
    n_times : int
        Time points (2..200000).
    storage_delta_s : float
        Detuning after the field step [rad s^-1].

    Returns
    -------
    xarray.Dataset
        (case, t) variances (paper convention) and their dB values, with and without storage;
        per case p's, n's, J, T_pi, the initial variances and those at T_pi.

    Raises
    ------
    TypeError, ValueError
        If a number is not finite or out of range, or ``polarizations`` is empty.
    """
    gamma = check_positive(gamma_s, "gamma_s")
    J0 = check_positive(J_over_gamma, "J_over_gamma") * gamma
    db = _check_squeezing(squeezing_db)
    names = check_names(polarizations, "polarizations")
    storage = check_real(storage_delta_s, "storage_delta_s")
    span = check_positive(t_max_over_transfer_time, "t_max_over_transfer_time")
    t = check_times(n_times, span * transfer_time(J0))
    cases, ps = [], []
    for name in names:
        pa, pb = polarizations[name]["p_alkali"], polarizations[name]["p_noble"]
        J = J0 * math.sqrt(check_unit_interval(pa, "p_alkali") * check_unit_interval(pb, "p_noble"))
        cases.append(_exchange_case(t, gamma, J, db, pa, pb, storage))
        ps.append((pa, pb))
    data = {}
    for q, label in (("X_A", "alkali <dX_A^2>"), ("P_B", "noble-gas <dP_B^2>")):
        for suffix, what in (("", ""), ("_stored", " with the field step at pi/2J")):
            v = np.array([c[q + suffix] for c in cases])
            data[f"variance_{q}{suffix}"] = (("case", "t"), v, var_attrs("1", label + what))
            data[f"variance_{q}{suffix}_db"] = (
                ("case", "t"),
                _variance_db(v),
                var_attrs("dB", f"{label}{what}, 10 log10(V / (1/4))"),
            )
        for key, when in (("_0", "at t = 0"), ("_T_pi", "at T_pi")):
            v = np.array([c[q + key] for c in cases])
            tag = "initial" if key == "_0" else "transfer"
            data[f"{tag}_variance_{q}"] = ("case", v, var_attrs("1", f"{label} {when}"))
            data[f"{tag}_variance_{q}_db"] = (
                "case",
                _variance_db(v),
                var_attrs("dB", f"{label} {when}, 10 log10(V / (1/4))"),
            )
    per_case = {
        "p_alkali": ("1", "alkali polarization p_A", [p[0] for p in ps]),
        "p_noble": ("1", "noble-gas polarization p_B", [p[1] for p in ps]),
        "n_thermal_A": ("1", "alkali incoherent excitations (1 - p_A)/2p_A", "n_A"),
        "n_thermal_B": ("1", "noble-gas incoherent excitations (1 - p_B)/2p_B", "n_B"),
        "J": ("s-1", "exchange rate J = J_0 sqrt(p_A p_B)", "J"),
        "T_pi": ("s", "transfer time pi/2J", "T_pi"),
    }
    for name, (units, long_name, src) in per_case.items():
        values = src if isinstance(src, list) else [c[src] for c in cases]
        data[name] = ("case", np.array(values, float), var_attrs(units, long_name))
    data["gamma"] = ((), gamma, var_attrs("s-1", "alkali decay rate gamma"))
    data["squeezing_db"] = ((), db, var_attrs("dB", "initial squeezing of X_A"))
    data["J_over_gamma"] = ((), J0 / gamma, var_attrs("1", "J / gamma at p_A = p_B = 1"))
    return xr.Dataset(
        data,
        coords={
            "case": ("case", names, var_attrs("1", "polarization case")),
            "t": ("t", t, var_attrs("s", "time")),
        },
        attrs={"title": "Katz Fig. 4(b): squeezed-state exchange"},
    )


def _transfer_variance(gamma_s: float, J_s: float, squeezing_db: float) -> np.ndarray:
    """Paper-convention variances (X_A, P_A, X_B, P_B) at T_pi from a squeezed alkali (Eq. 36)."""
    cov0 = twomode.squeezed_covariance(squeezing_db)
    cov = twomode.evolve_covariance([transfer_time(J_s)], J_s, gamma_s, cov0)[0]
    return np.array([_paper_variances(cov, q) for q in _QUAD])


def _transfer_variables(gamma, ratios, grid, pts, lim) -> dict:
    """Fig. 5 variables: exact and Eq. (38) squeezing, the limit and the ideal exchange."""
    solved = np.array([[_transfer_variance(gamma, r * gamma, x)[3] for x in pts] for r in ratios])
    eq38 = np.array([closed.transferred_squeezing_db(pts, r) for r in ratios])
    eq38_var = PAPER_VACUUM_VARIANCE * 10.0 ** (-eq38 / 10.0)
    limit = np.array([_transfer_variance(gamma, r * gamma, lim)[3] for r in ratios])
    ideal = np.array([_transfer_variance(0.0, gamma, x) for x in pts])  # gamma = 0, any J
    initial = PAPER_VACUUM_VARIANCE * 10.0 ** (np.array([-pts, pts]) / 10.0)  # X_A, P_A
    jd, sd = ("J_over_gamma", "squeezing_db")
    return {
        "transferred_squeezing_db_eq38": (
            (jd, "squeezing_grid_db"),
            np.array([closed.transferred_squeezing_db(grid, r) for r in ratios]),
            var_attrs("dB", "squeezing of P_B at T_pi, -10 log10(4 V), Eq. (38)"),
        ),
        "transferred_squeezing_db": (
            (jd, sd),
            -_variance_db(solved),
            var_attrs("dB", "squeezing of P_B at T_pi, exact solution of Eq. (28)"),
        ),
        "transferred_variance": ((jd, sd), solved, var_attrs("1", "<dP_B^2>(T_pi), exact")),
        "eq38_over_exact_variance": (
            (jd, sd),
            eq38_var / solved,
            var_attrs("1", "<dP_B^2>(T_pi) of Eq. (38) / exact"),
        ),
        "max_transferred_variance": (
            (),
            float(solved[:, pts > 0].max()) if np.any(pts > 0) else math.nan,
            var_attrs("1", "largest exact <dP_B^2>(T_pi) over the squeezed points and J/gamma"),
        ),
        "limit_variance_over_eq38_limit": (
            jd,
            limit / (PAPER_VACUUM_VARIANCE * math.pi / (2.0 * ratios)),
            var_attrs("1", "exact <dP_B^2>(T_pi) at the limit squeezing / (pi gamma/2J x 1/4)"),
        ),
        "ideal_P_B_over_initial_X_A": (
            sd,
            ideal[:, 3] / initial[0],
            var_attrs("1", "gamma = 0: <dP_B^2>(T_pi) / <dX_A^2>(0) (Eq. 37)"),
        ),
        "ideal_X_B_over_initial_P_A": (
            sd,
            ideal[:, 2] / initial[1],
            var_attrs("1", "gamma = 0: <dX_B^2>(T_pi) / <dP_A^2>(0) (Eq. 37)"),
        ),
        "ideal_alkali_variance": (
            (sd, "alkali_quadrature"),
            ideal[:, :2],
            var_attrs("1", "gamma = 0: alkali variances at T_pi (vacuum 1/4)"),
        ),
    }


def squeezing_transfer_dataset(
    gamma_s: float,
    J_over_gamma: Sequence[float],
    *,
    max_squeezing_db: float,
    n_squeezing: int,
    solver_squeezing_db: Sequence[float],
    limit_squeezing_db: float,
) -> xr.Dataset:
    """Fig. 5: squeezing of P_B at T_pi vs initial squeezing of X_A, Eq. (38) and the solver.

    The exact covariance of Eq. (28) at T_pi = pi/2J (vacuum noise) at ``solver_squeezing_db``
    beside the closed form Eq. (38) on a dense grid; the ideal exchange (gamma = 0, Eq. (37));
    the large-squeezing limit (Sec. VI.B: "a fraction pi gamma/2J of the vacuum noise") at
    ``limit_squeezing_db``; the largest transferred variance (below 1/4 for any squeezing).

    Parameters
    ----------
    gamma_s : float
        Alkali decay rate gamma [s^-1] (sets only the time scale).
    J_over_gamma : sequence of float
        Coupling strengths J / gamma, each > pi/2.
    max_squeezing_db, n_squeezing : float, int
        Dense grid 0..max_squeezing_db (<= 100) of Eq. (38) with n_squeezing (2..100000) points.
    solver_squeezing_db : sequence of float
        Initial squeezings [dB] (0..100) solved exactly.
    limit_squeezing_db : float
        Squeezing [dB] (0..100) standing for the large-squeezing limit.

    Returns
    -------
    xarray.Dataset

    Raises
    ------
    TypeError, ValueError
        If a number is not finite or out of range, or a list is empty.
    """
    gamma = check_positive(gamma_s, "gamma_s")
    if not J_over_gamma or not solver_squeezing_db:
        raise ValueError("J_over_gamma and solver_squeezing_db must be non-empty")
    ratios = np.array([check_positive(r, "J_over_gamma") for r in J_over_gamma])
    if np.any(ratios <= math.pi / 2):
        raise ValueError(f"J_over_gamma must exceed pi/2 (Eq. 38 squeezes below), got {ratios}")
    grid = np.linspace(
        0.0,
        check_positive(max_squeezing_db, "max_squeezing_db", 100.0),
        check_count(n_squeezing, "n_squeezing", 2, 100_000),
    )
    pts = np.array([check_real(x, "solver_squeezing_db") for x in solver_squeezing_db])
    lim = check_positive(limit_squeezing_db, "limit_squeezing_db", 100.0)
    data = _transfer_variables(gamma, ratios, grid, pts, lim)
    jd, sd = ("J_over_gamma", "squeezing_db")
    data.update(
        {
            "gamma": ((), gamma, var_attrs("s-1", "alkali decay rate gamma")),
            "limit_squeezing_db": ((), lim, var_attrs("dB", "initial squeezing of the limit")),
        }
    )
    return xr.Dataset(
        data,
        coords={
            jd: (jd, ratios, var_attrs("1", "J / gamma")),
            sd: (sd, pts, var_attrs("dB", "initial squeezing of X_A (solver points)")),
            "squeezing_grid_db": ("squeezing_grid_db", grid, var_attrs("dB", "initial squeezing")),
            "alkali_quadrature": (
                "alkali_quadrature",
                ["X_A", "P_A"],
                var_attrs("1", "quadrature"),
            ),
        },
        attrs={"title": "Katz Fig. 5: efficiency of squeezing transfer"},
    )


def _crossing(x: np.ndarray, y1: np.ndarray, y2: np.ndarray) -> float:
    """First x where y1 - y2 changes sign, interpolated in log-log; NaN if it never does."""
    d = np.log(y1) - np.log(y2)
    idx = np.nonzero(np.sign(d[:-1]) != np.sign(d[1:]))[0]
    if idx.size == 0:
        return math.nan
    i = int(idx[0])
    lx = np.log(x[i]) + (np.log(x[i + 1]) - np.log(x[i])) * d[i] / (d[i] - d[i + 1])
    return float(np.exp(lx))


def _end_slopes(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Local log-log slopes d ln y / d ln x at the first and last grid points."""
    g = np.gradient(np.log(y), np.log(x))
    return float(g[0]), float(g[-1])


def magnetometer_dataset(
    *, T_min: float, T_max: float, n_times: int, J_over_Delta: float, squeezing_db: float
) -> xr.Dataset:
    """Fig. 6: projection-noise limits dB_init, dB_F, dB_tot vs T, normalized units (Sec. VI.C).

    Normalized units of :func:`spinbridge.magnetometer.magnetometer_sensitivity`: T in units of
    1/gamma~_B, fields in gamma~_B / (g_B sqrt(N_B p_B)). Two initial noble-gas states: vacuum
    and P_B squeezed by ``squeezing_db`` (alkali in vacuum). Also the crossing of dB_init and
    dB_F (vacuum), the ratios to Eqs. (42) and (43) at the ends of the grid and the local
    log-log slopes of dB_tot there (1/T and 1/sqrt(T) averaging).

    Parameters
    ----------
    T_min, T_max : float
        Range of gamma~_B T, 0 < T_min < T_max <= 1e12.
    n_times : int
        Log-spaced points (3..200000).
    J_over_Delta : float
        J / Delta in (-1, 1) (detuned regime).
    squeezing_db : float
        Squeezing of the initial noble-gas P_B [dB], 0..100.

    Returns
    -------
    xarray.Dataset

    Raises
    ------
    TypeError, ValueError
        If a number is not finite or out of range.
    """
    lo = check_positive(T_min, "T_min", 1e12)
    hi = check_positive(T_max, "T_max", 1e12)
    if not lo < hi:
        raise ValueError(f"need T_min < T_max, got {T_min}, {T_max}")
    db = _check_squeezing(squeezing_db)
    j_over_delta = check_real(J_over_Delta, "J_over_Delta")
    if not -1.0 < j_over_delta < 1.0:
        raise ValueError(f"J_over_Delta must lie in (-1, 1), got {J_over_Delta!r}")
    T = np.geomspace(lo, hi, check_count(n_times, "n_times", 3, _MAX_TIMES))
    states = {"vacuum": 1.0, "squeezed": 10.0 ** (-db / 10.0)}
    runs = {
        k: magnetometer.magnetometer_sensitivity(T, variance_P_B=v, J_over_delta=j_over_delta)
        for k, v in states.items()
    }
    vac = runs["vacuum"]

    def both(name):
        return np.array([runs[k][name].values for k in states])

    short, long_ = _end_slopes(T, vac["dB_tot"].values)
    sd = ("initial_state", "T")
    data = {
        "dB_init": (sd, both("dB_init"), var_attrs("1", "initial-variance limit (G14), (G16)")),
        "dB_F": ("T", vac["dB_F"].values, var_attrs("1", "Langevin-noise limit (G14), (G17)")),
        "dB_tot": (sd, both("dB_tot"), var_attrs("1", "total sensitivity, Eq. (41)")),
        "dB_init_eq42": (sd, both("dB_init_eq42"), var_attrs("1", "Eq. (42)")),
        "dB_F_eq43_printed": ("T", vac["dB_F_eq43_printed"].values, var_attrs("1", "Eq. (43)")),
        "dB_F_eq43_corrected": (
            "T",
            vac["dB_F_eq43_corrected"].values,
            var_attrs("1", "long-time limit of (G14)/(G17)"),
        ),
        "crossover_time": (
            (),
            _crossing(T, vac["dB_init"].values, vac["dB_F"].values),
            var_attrs("1", "gamma~_B T where dB_init = dB_F (vacuum initial state)"),
        ),
        "eq42_ratio_short": (
            (),
            float(vac["dB_init"][0] / vac["dB_init_eq42"][0]),
            var_attrs("1", "dB_init / Eq. (42) at T_min"),
        ),
        "eq43_ratio_long": (
            (),
            float(vac["dB_F"][-1] / vac["dB_F_eq43_printed"][-1]),
            var_attrs("1", "dB_F from (G14)/(G17) / Eq. (43) as printed, at T_max"),
        ),
        "slope_short": ((), short, var_attrs("1", "d ln dB_tot / d ln T at T_min (vacuum)")),
        "slope_long": ((), long_, var_attrs("1", "d ln dB_tot / d ln T at T_max (vacuum)")),
        "variance_P_B": (
            "initial_state",
            np.array(list(states.values())),
            var_attrs("1", "initial <dP_B^2> in units of the vacuum variance"),
        ),
    }
    return xr.Dataset(
        data,
        coords={
            "T": ("T", T, var_attrs("1", "integration time gamma~_B T")),
            "initial_state": ("initial_state", list(states), var_attrs("1", "noble-gas state")),
        },
        attrs={
            "title": "Katz Fig. 6: magnetometer sensitivity (normalized units)",
            "T_min": lo,
            "T_max": hi,
            "J_over_Delta": float(J_over_Delta),
            "squeezing_db": db,
        },
    )

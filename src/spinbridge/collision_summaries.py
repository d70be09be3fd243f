"""Summaries of the stochastic collision simulation (Katz 2022 Sec. III.C, Fig. 2, Eqs. (8), (9)).

The figures of merit of every Fig. 2 panel (:func:`panel_summary`: the exchange frequency against
2J of Eq. (8), the collective decay and alpha of gamma_A = alpha <phi^2>/4tau, the 1/N_A contrast,
the Hong-Ou-Mandel bunching of two excitations, the unitarity defect of the printed Eq. (5)), and
the seed ensembles of the ``rates`` stage at parameter sets the paper never used
(:func:`rates_member`, :func:`rates_summary`, :func:`rates_table`: fitted 2J, gamma_A, gamma_B,
alpha and the growth of Eq. (9)'s eps^2). The fits themselves are in
:mod:`spinbridge.collision_fits`. Times in collision steps ``tau``, rates in ``1/tau``.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Sec. III, Eqs. (5), (8), (9), Fig. 2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import xarray as xr

from spinbridge.collision_fits import (
    RATE_KINDS,
    _check_dataset,
    collective_decay_rate,
    exchange_residual,
    fit_decay,
    fit_exchange,
)
from spinbridge.collision_theory import (
    alpha_derived,
    eq5_unitarity_defect,
    exchange_rate,
    hom_populations,
    two_mode_populations,
)
from spinbridge.collisions import _check_run_cost, _validate, simulate
from spinbridge.species import _check_count, _check_name, _check_real
from spinbridge.store import var_attrs

__all__ = ["panel_summary", "rates_member", "rates_summary", "rates_table"]


# ----------------------------------------------------------------------------- Fig. 2 panels
def _summary_pair(ds: xr.Dataset) -> dict[str, tuple]:
    """Figures of merit of a two-excitation panel (Fig. 2(e), Hong-Ou-Mandel bunching)."""
    j = float(ds.attrs["J_eq8_per_tau"])
    n_alkali, n_noble = int(ds.attrs["n_alkali"]), int(ds.attrs["n_noble"])
    jt = ds.t.values * j
    bunched = (ds.P20 + ds.P02).values
    win = jt <= math.pi / 2
    i = int(np.argmax(np.where(win, bunched, -1.0)))
    k = int(np.argmin(np.abs(jt - math.pi / 4)))
    delta = float(ds.attrs["Delta_residual_per_tau"]) + float(ds.attrs["detuning_rad"])
    p20, _, p02 = hom_populations(jt[k], n_alkali, n_noble, delta / j)
    return {
        "bunching_max": (bunched[i], "1", "max of P20 + P02 for J t <= pi/2"),
        "bunching_time_jt": (jt[i], "1", "J t of the bunching maximum (J of Eq. (8))"),
        "bunching_at_pi4": (bunched[k], "1", "P20 + P02 at the record nearest J t = pi/4"),
        "bunching_collective_at_pi4": (
            float(p20 + p02),
            "1",
            "P20 + P02 of the collective 3-level model (Dicke, residual Delta) at that record",
        ),
        "bunching_balance": (
            float(ds.P20.values[k] / ds.P02.values[k]),
            "1",
            "P20 / P02 at the record nearest J t = pi/4 (1 for a boson beam splitter)",
        ),
        "bunching_balance_dicke": (
            (1.0 - 1.0 / n_alkali) / (1.0 - 1.0 / n_noble),
            "1",
            "(1 - 1/N_A) / (1 - 1/N_B): P20 / P02 of the Dicke (hard-core) exchange",
        ),
    }


def _summary_symmetric(ds: xr.Dataset) -> dict[str, tuple]:
    """Exchange frequency and collective decay of a |1_A 0_B> panel (Fig. 2(a), (c))."""
    j = float(ds.attrs["J_eq8_per_tau"])
    delta = float(ds.attrs["Delta_residual_per_tau"]) + float(ds.attrs["detuning_rad"])
    n_alkali, n_noble = int(ds.attrs["n_alkali"]), int(ds.attrs["n_noble"])
    mu, sd = float(ds.attrs["phi_mean_rad"]), float(ds.attrs["phi_std_rad"])
    fit = fit_exchange(ds.t.values, ds.F10.values)
    rate = collective_decay_rate(ds.t.values, ds.F10.values, ds.F01.values)
    p = n_alkali / n_noble
    return {
        "exchange_ratio": (
            fit["omega"] / (2 * j),
            "1",
            "fitted population frequency of F10 / 2J of Eq. (8)",
        ),
        "exchange_ratio_err": (fit["omega_err"] / (2 * j), "1", "fit standard error of it"),
        "exchange_ratio_two_mode": (
            math.sqrt(1 + delta**2 / (4 * j**2)),
            "1",
            "sqrt(1 + Delta^2/4J^2): the same ratio for the detuned beam splitter (Eq. (28))",
        ),
        "collective_decay_rate": (
            rate,
            "tau-1",
            "decay rate gamma_A + gamma_B of F10 + F01 (log-linear least squares)",
        ),
        "alpha_collective": (
            4 * rate / ((1 + p) * (mu**2 + sd**2)),
            "1",
            "alpha of gamma_A = alpha <phi^2>/4tau from that rate, gamma_B = (N_A/N_B) gamma_A",
        ),
        "alpha_derived": (alpha_derived(mu, sd, n_alkali, n_noble), "1", "derived alpha"),
    }


def _summary_one(ds: xr.Dataset) -> tuple[dict[str, tuple], dict[str, tuple]]:
    """Scalars and time series of a one-excitation panel (Fig. 2(a)-(d))."""
    n_alkali = int(ds.attrs["n_alkali"])
    contrast = float(ds.F01.max() - ds.F01.min())
    scalars = {
        "contrast_F01": (contrast, "1", "peak-to-peak of F01 over the run"),
        "contrast_times_n_alkali": (
            contrast * n_alkali,
            "1",
            "N_A x peak-to-peak of F01 (1 for a collective 1/N_A law)",
        ),
        "collective_population_final": (
            float(ds.F10.values[-1] + ds.F01.values[-1]),
            "1",
            "F10 + F01 at the end of the run",
        ),
    }
    j = float(ds.attrs["J_eq8_per_tau"])
    delta = float(ds.attrs["Delta_residual_per_tau"]) + float(ds.attrs["detuning_rad"])
    f10, f01 = two_mode_populations(ds.t.values, j, delta)
    series = {
        "F10_two_mode": (
            f10,
            "1",
            "F10 of the detuned beam splitter, J of Eq. (8), residual Delta",
        ),
        "F01_two_mode": (
            f01,
            "1",
            "F01 of the detuned beam splitter, J of Eq. (8), residual Delta",
        ),
    }
    if "P_A" in ds:
        outside = (ds.norm - ds.P_A - ds.F01).values
        series["P_B_incoherent"] = (
            outside,
            "1",
            "noble-gas population outside its collective mode, sum_b |c_b|^2 - F01",
        )
        scalars["noble_incoherent_final"] = (outside[-1], "1", "P_B_incoherent at the end")
    if ds.attrs["initial"] == "symmetric":
        scalars.update(_summary_symmetric(ds))
    return scalars, series


def panel_summary(ds: xr.Dataset) -> xr.Dataset:
    """The panel's time series plus its figures of merit (Fig. 2, Sec. III.C, Eqs. (5), (8)).

    Every panel: ``norm_deviation`` (max ``|norm - 1|``) and ``eq5_unitarity_defect`` (of the
    printed Eq. (5) at the panel's ``<phi>``, see
    :func:`~spinbridge.collision_theory.eq5_unitarity_defect`).
    One excitation: ``contrast_F01``, ``contrast_times_n_alkali``, ``collective_population_final``,
    ``noble_incoherent_final`` and the series ``F10_two_mode``, ``F01_two_mode``
    (:func:`~spinbridge.collision_theory.two_mode_populations` with J of Eq. (8) and the residual
    Delta) and ``P_B_incoherent``; the symmetric state adds ``exchange_ratio`` (+ ``_err``,
    ``_two_mode``), ``collective_decay_rate``, ``alpha_collective``, ``alpha_derived`` and the
    inset series ``F01_inset_residual`` on ``t_inset`` (:func:`exchange_residual`). Two
    excitations: ``bunching_max``, ``bunching_time_jt``, ``bunching_at_pi4``,
    ``bunching_collective_at_pi4``, ``bunching_balance`` and ``bunching_balance_dicke``.

    Parameters
    ----------
    ds : xarray.Dataset
        Output of :func:`spinbridge.collisions.simulate`.

    Returns
    -------
    xarray.Dataset
        ``ds`` with the variables above added (0-d scalars, or series on ``t`` / ``t_inset``).

    Raises
    ------
    TypeError
        ``ds`` not a Dataset.
    ValueError
        ``ds`` without the records and attrs of :func:`~spinbridge.collisions.simulate`, or with
        NaN or inf in its records.
    RuntimeError
        A fit of a symmetric panel failed (:func:`fit_exchange`).
    """
    attrs = ("n_alkali", "n_noble", "phi_mean_rad", "phi_std_rad", "initial", "J_eq8_per_tau")
    attrs += ("Delta_residual_per_tau", "detuning_rad")
    _check_dataset("ds", ds, ["t", "norm"], attrs)
    for name in ds.data_vars:
        _check_real(f"ds.{name}", ds[name].values)
    res = ds.copy()
    if "P20" in ds:
        scalars, series = _summary_pair(ds), {}
    else:
        scalars, series = _summary_one(ds)
        if ds.attrs["initial"] == "symmetric":
            tw, resid = exchange_residual(ds.t.values, ds.F01.values)
            res = res.assign_coords(t_inset=("t_inset", tw, var_attrs("tau", "time of the inset")))
            res["F01_inset_residual"] = (
                "t_inset",
                resid,
                var_attrs("1", "F01 minus its quadratic trend near the first peak (inset)"),
            )
    scalars["norm_deviation"] = (
        float(np.abs(ds.norm.values - 1).max()),
        "1",
        "max |norm - 1| over the run",
    )
    scalars["eq5_unitarity_defect"] = (
        eq5_unitarity_defect(float(ds.attrs["phi_mean_rad"])),
        "1",
        "max |U^dag U - 1| of the printed Eq. (5) at phi = <phi>",
    )
    for k, (v, u, ln) in scalars.items():
        res[k] = xr.DataArray(float(v), attrs=var_attrs(u, ln))
    for k, (v, u, ln) in series.items():
        res[k] = ("t", np.asarray(v, float), var_attrs(u, ln))
    return res


# ----------------------------------------------------------------------------- rates stage
def rates_member(
    kind: str,
    n_alkali: int,
    n_noble: int,
    phi_mean: float,
    phi_std: float,
    n_steps: int,
    record_every: int,
    *,
    resonance: str = "exact",
    detuning: float = 0.0,
    n_steps_noble: int | None = None,
    record_every_noble: int | None = None,
    seed: int = 0,
) -> xr.Dataset:
    """One ensemble member (one seed) of the ``rates`` stage (Sec. III.C, Eqs. (8), (9)).

    Parameters
    ----------
    kind : {"exchange", "decay"}
        ``"exchange"``: ``|1_A 0_B>`` at ``resonance`` -> ``F10, F01, norm, P_A`` on ``t``.
        ``"decay"``: also ``|0_A 1_B>`` -> ``F01_noble`` on ``t_noble`` (same seed); both with the
        other species detuned away by ``detuning``.
    n_alkali, n_noble, phi_mean, phi_std, n_steps, record_every
        As in :func:`spinbridge.collisions.simulate` (angles [rad], steps [tau]).
    resonance : {"paper", "exact"}
        Zeeman compensation (:func:`spinbridge.collision_theory.zeeman_phase`).
    detuning : float
        Extra alkali Zeeman phase per step [rad/tau].
    n_steps_noble, record_every_noble : int, optional
        Steps and record interval of the ``|0_A 1_B>`` run (required for ``"decay"``).
    seed : int
        Seed of both runs.

    Returns
    -------
    xarray.Dataset
        The run's records; attrs ``kind`` and the simulation parameters.

    Raises
    ------
    ValueError, TypeError
        An unknown ``kind``, ``"decay"`` without ``n_steps_noble`` and ``record_every_noble``, or
        any argument refused by :func:`spinbridge.collisions.simulate` (both runs are checked
        before the first starts).
    FloatingPointError
        As :func:`spinbridge.collisions.simulate`.
    """
    _check_name("kind", kind, RATE_KINDS)
    run = (n_alkali, n_noble, phi_mean, phi_std)
    _validate("rates_member", *run, n_steps, "symmetric", record_every, resonance, detuning, seed)
    if kind == "decay" and (n_steps_noble is None or record_every_noble is None):
        raise ValueError("kind='decay' needs n_steps_noble and record_every_noble")
    if n_steps_noble is not None or record_every_noble is not None:
        n_noble_steps = _check_count("n_steps_noble", n_steps_noble, 1)
        _check_count("record_every_noble", record_every_noble, 1, n_noble_steps)
        _check_run_cost(
            "rates_member", n_alkali, n_noble, n_noble_steps, record_every_noble, "noble",
            names=("n_steps_noble", "record_every_noble"),
        )  # fmt: skip
    common = dict(detuning=detuning, resonance=resonance, seed=seed)
    ds = simulate(
        n_alkali,
        n_noble,
        phi_mean,
        phi_std,
        n_steps,
        initial="symmetric",
        record_every=record_every,
        **common,
    )
    if kind == "decay":
        nb = simulate(
            n_alkali,
            n_noble,
            phi_mean,
            phi_std,
            n_steps_noble,
            initial="noble",
            record_every=record_every_noble,
            **common,
        )
        ds["F01_noble"] = (
            "t_noble",
            nb.F01.values,
            var_attrs("1", "F_01 of the run started in |0_A 1_B> (noble-gas decay)"),
        )
        ds = ds.assign_coords(
            t_noble=("t_noble", nb.t.values, var_attrs("tau", "time of the noble run"))
        )
    ds.attrs.update(kind=kind, title=f"stochastic rates member ({kind}), seed {seed}")
    return ds


def _early_slope(t: np.ndarray, y: np.ndarray, fraction: float = 0.1) -> float:
    """Initial slope dy/dt from a quadratic fit over the first ``fraction`` of the records."""
    k = max(5, int(fraction * t.size))
    return float(np.polyfit(t[:k], y[:k], 2)[1])


def _mean_sem(x: list[float]) -> tuple[float, float]:
    x = np.asarray(x, float)
    sem = x.std(ddof=1) / math.sqrt(x.size) if x.size > 1 else float("nan")
    return float(x.mean()), float(sem)


_RATE_VARS = {
    "n_alkali": ("1", "number of alkali spins N_A"),
    "n_noble": ("1", "number of noble-gas spins N_B"),
    "phi_mean": ("rad", "mean collision angle <phi>"),
    "phi_std": ("rad", "spread of the collision angle dphi"),
    "n_seeds": ("1", "number of ensemble members (seeds)"),
    "two_J_fit": ("tau-1", "fitted population exchange frequency 2J (mean over seeds)"),
    "two_J_fit_err": ("tau-1", "standard error of two_J_fit over seeds"),
    "two_J_eq8": ("tau-1", "Eq. (8): 2J = sqrt(N_A/N_B) <phi>/tau"),
    "exchange_ratio": ("1", "fitted 2J / Eq. (8)"),
    "exchange_ratio_err": ("1", "standard error of exchange_ratio over seeds"),
    "gamma_A_fit": ("tau-1", "fitted amplitude decay rate gamma_A of <1_A|psi> (noble detuned)"),
    "gamma_A_fit_err": ("tau-1", "standard error of gamma_A_fit over seeds"),
    "alpha_fit": ("1", "fitted alpha = 4 gamma_A tau / <phi^2> (Sec. III.C)"),
    "alpha_fit_err": ("1", "standard error of alpha_fit over seeds"),
    "alpha_derived": ("1", "derived alpha = (<phi^2> + dphi^2 - (N_A/N_B)<phi>^2)/(2<phi^2>)"),
    "eps_ratio": ("1", "initial growth rate of 1 - F10 - F01 / (<phi^2>/2tau), Eq. (9) -> 1"),
    "eps_ratio_err": ("1", "standard error of eps_ratio over seeds"),
    "gamma_B_fit": ("tau-1", "fitted amplitude decay rate gamma_B of <1_B|psi> (alkali detuned)"),
    "gamma_B_fit_err": ("tau-1", "standard error of gamma_B_fit over seeds"),
    "gamma_B_ratio": ("1", "gamma_B / ((N_A/N_B) gamma_A), both fitted, per seed"),
    "gamma_B_ratio_err": ("1", "standard error of gamma_B_ratio over seeds"),
}


def _rates_row(runs: Sequence[xr.Dataset]) -> tuple[str, dict[str, float]]:
    """Kind and fitted row of one case (see :func:`rates_summary`)."""
    a = runs[0].attrs
    na, nb = int(a["n_alkali"]), int(a["n_noble"])
    mu, sd = float(a["phi_mean_rad"]), float(a["phi_std_rad"])
    phi2 = mu**2 + sd**2
    kind = a["kind"]
    row = dict.fromkeys(_RATE_VARS, float("nan"))
    row.update(n_alkali=na, n_noble=nb, phi_mean=mu, phi_std=sd, n_seeds=len(runs))
    row["two_J_eq8"] = 2 * exchange_rate(na, nb, mu)
    row["alpha_derived"] = alpha_derived(mu, sd, na, nb)
    if kind == "exchange":
        w = [fit_exchange(r.t.values, r.F10.values)["omega"] for r in runs]
        row["two_J_fit"], row["two_J_fit_err"] = _mean_sem(w)
        ratio = np.asarray(w) / row["two_J_eq8"]
        row["exchange_ratio"], row["exchange_ratio_err"] = _mean_sem(ratio)
    else:
        ga = [fit_decay(r.t.values, r.F10.values)["rate"] / 2 for r in runs]
        gb = [fit_decay(r.t_noble.values, r.F01_noble.values)["rate"] / 2 for r in runs]
        eps = [_early_slope(r.t.values, 1 - r.F10.values - r.F01.values) / (phi2 / 2) for r in runs]
        row["gamma_A_fit"], row["gamma_A_fit_err"] = _mean_sem(ga)
        row["alpha_fit"], row["alpha_fit_err"] = _mean_sem(4 * np.asarray(ga) / phi2)
        row["eps_ratio"], row["eps_ratio_err"] = _mean_sem(eps)
        row["gamma_B_fit"], row["gamma_B_fit_err"] = _mean_sem(gb)
        row["gamma_B_ratio"], row["gamma_B_ratio_err"] = _mean_sem(
            np.asarray(gb) / (na / nb * np.asarray(ga))
        )
    return kind, row


def _check_members(members) -> None:
    """Arguments of :func:`rates_summary`: case -> non-empty sequence of rates_member outputs."""
    if not isinstance(members, Mapping):
        raise TypeError(f"members must be a mapping case -> datasets, got {type(members).__name__}")
    if not members:
        raise ValueError("members must hold at least one case")
    params = ("kind", "n_alkali", "n_noble", "phi_mean_rad", "phi_std_rad")
    for case, runs in members.items():
        if isinstance(runs, xr.Dataset | str) or not isinstance(runs, Sequence) or not runs:
            raise ValueError(f"members[{case!r}] must be a non-empty sequence of datasets")
        for i, ds in enumerate(runs):
            kind = ds.attrs.get("kind") if isinstance(ds, xr.Dataset) else None
            need = ["t", "F10", "F01"] + (["t_noble", "F01_noble"] if kind == "decay" else [])
            _check_dataset(f"members[{case!r}][{i}]", ds, need, params)
            if any(ds.attrs[p] != runs[0].attrs[p] for p in params):
                raise ValueError(
                    f"members[{case!r}][{i}] has other parameters ({params}) than the first member"
                )


def rates_summary(members: Mapping[str, Sequence[xr.Dataset]]) -> xr.Dataset:
    """Fit every ensemble member and summarise per case (Eqs. (8), (9), Sec. III.C).

    Exchange cases: ``F10`` of each seed is fitted with :func:`fit_exchange`; ``2J`` is the
    population frequency, compared with Eq. (8). Decay cases: ``F10`` and ``F01_noble`` of each
    seed are fitted with :func:`fit_decay` (population rates ``2 gamma``); ``alpha =
    4 gamma_A tau/<phi^2>``; ``eps_ratio`` is the initial slope of ``1 - F10 - F01`` (quadratic fit
    over the first 10 % of the run) in units of Eq. (9)'s ``<phi^2>/2tau``.

    Parameters
    ----------
    members : Mapping[str, Sequence[xarray.Dataset]]
        Case name -> the seeds' outputs of :func:`rates_member` (case order is kept).

    Returns
    -------
    xarray.Dataset
        Variables of ``_RATE_VARS`` and ``kind`` on the coordinate ``case``; ``*_err`` are
        standard errors over seeds; NaN where a quantity does not apply to the case's kind.

    Raises
    ------
    TypeError
        ``members`` not a mapping of sequences of datasets.
    ValueError
        No case, a case without members, members of one case with different parameters or
        kinds, or a member without the records and attrs of :func:`rates_member`.
    RuntimeError
        A fit failed; the message names the case.
    """
    _check_members(members)
    cases = list(members)
    rows: dict[str, list[float]] = {k: [] for k in _RATE_VARS}
    kinds = []
    for case in cases:
        try:
            kind, row = _rates_row(members[case])
        except RuntimeError as exc:
            raise RuntimeError(f"rates_summary: case {case!r}: {exc}") from exc
        kinds.append(kind)
        for k in _RATE_VARS:
            rows[k].append(row[k])
    ds = xr.Dataset(
        {k: ("case", np.asarray(v, float), var_attrs(*_RATE_VARS[k])) for k, v in rows.items()},
        coords={"case": ("case", cases, var_attrs("1", "parameter set (config key)"))},
    )
    ds["kind"] = ("case", np.asarray(kinds, dtype=str), var_attrs("1", "exchange or decay"))
    ds.attrs["title"] = "Stochastic collision simulation: fitted exchange and decay rates"
    return ds


def rates_table(ds: xr.Dataset) -> pd.DataFrame:
    """The rates stage as a table: one row per case, values and standard errors in separate columns.

    Parameters
    ----------
    ds : xarray.Dataset
        Output of :func:`rates_summary`.

    Returns
    -------
    pandas.DataFrame
        Columns ``case``, ``kind``, then every numeric variable of ``ds`` (``n_alkali``,
        ``n_noble``, ``n_seeds`` as integers; ``two_J_fit``, ``two_J_fit_err``, ``two_J_eq8``,
        ``exchange_ratio``, ``exchange_ratio_err``, ``alpha_fit``, ``alpha_fit_err``,
        ``alpha_derived``, ``eps_ratio``, ...; NaN where not applicable). Rates in 1/tau, angles in
        rad.

    Raises
    ------
    TypeError
        ``ds`` not a Dataset.
    ValueError
        ``ds`` without the variables of :func:`rates_summary`.
    """
    _check_dataset("ds", ds, ["case", "kind", *_RATE_VARS])
    df = pd.DataFrame({"case": [str(c) for c in ds.case.values]})
    df["kind"] = [str(k) for k in ds["kind"].values]
    for name in _RATE_VARS:
        values = ds[name].values
        df[name] = values.astype(int) if name in ("n_alkali", "n_noble", "n_seeds") else values
    return df

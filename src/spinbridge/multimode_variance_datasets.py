"""Datasets of the multimode variances and truncation: Katz et al. (2022) Fig. 7(b), Sec. VII.B.

Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Eq. (27) with the spherically symmetric
diffusion modes of a cell (:mod:`spinbridge.multimode_datasets` has the modes, the Fock exchange
of Fig. 7(a) and the conventions). Fig. 7(b): the alkali's uniform mode squeezed by 7 dB relative
to its thermal variance, every other mode thermal; the variances of P_B of the noble-gas uniform
mode and of X_A of the alkali's uniform mode (its weight beyond the kept modes thermal), in the
paper's convention (vacuum 1/4), in dB 10 log10(V / (1/4)). The truncation check (Sec. VII.B "we
have verified the convergence") repeats the Fig. 7 numbers at T_pi for one mode count per job;
:func:`merge_convergence` joins them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import xarray as xr

from spinbridge import multimode
from spinbridge.dicke import check_count, check_real
from spinbridge.multimode_datasets import (
    MAX_MODES,
    OCCUPATION_CASES,
    _attrs,
    _check_cell,
    _check_cells,
    _figure7_common,
    _figure7_config,
    _figure7_rows,
    _fock_series,
    _grid,
    _stack_cases,
    _system,
    occupations,
)
from spinbridge.store import var_attrs
from spinbridge.twomode_datasets import PAPER_VACUUM_VARIANCE, transfer_time

__all__ = [
    "merge_convergence",
    "multimode_convergence_dataset",
    "multimode_squeezed_dataset",
]

_LIBRARY_TO_PAPER = PAPER_VACUUM_VARIANCE / 0.5  # the solvers' quadratures have vacuum 1/2


def _check_squeezing(value) -> float:
    """The initial squeezing [dB] in [0, 100] (:data:`spinbridge.multimode.MAX_SQUEEZING_DB`)."""
    db = check_real(value, "squeezing_db")
    if not 0.0 <= db <= multimode.MAX_SQUEEZING_DB:
        raise ValueError(
            f"squeezing_db must lie in [0, {multimode.MAX_SQUEEZING_DB:g}], got {value!r}"
        )
    return db


def _squeezed_series(t, s, db, n_a, n_b, schedule) -> tuple[np.ndarray, np.ndarray]:
    """Paper-convention <dX_A^2>, <dP_B^2> of the alkali and noble-gas uniform modes (Fig. 7b)."""
    n_alkali, n_noble = s["coupling"].shape
    cov0 = multimode.initial_covariance_multimode(
        n_alkali,
        n_noble,
        n_thermal_A=n_a,
        n_thermal_B=n_b,
        squeezing_db=db,
        alkali_uniform_projection=s["source"],
    )
    cov = multimode.evolve_covariance_multimode(
        t,
        s["coupling"],
        s["alkali_rates"],
        s["noble_rates"],
        cov0,
        n_thermal_A=n_a,
        n_thermal_B=n_b,
        output_modes=(("alkali", s["source"]), ("noble", s["target"])),
        **(schedule or {}),
    )
    cov = np.asarray(cov) * _LIBRARY_TO_PAPER
    return cov[:, 0, 0], cov[:, 3, 3]


def _variance_db(v) -> np.ndarray:
    """10 log10(V / (1/4)): a variance in dB relative to vacuum (negative when squeezed)."""
    return 10.0 * np.log10(np.asarray(v) / PAPER_VACUUM_VARIANCE)


def multimode_squeezed_dataset(
    cells: Mapping[str, xr.Dataset],
    squeezing_db: float,
    *,
    n_modes: int,
    alkali_boundary: str,
    noble_boundary: str,
    stated_occupations: Mapping[str, float],
    t_max_over_transfer_time: float,
    n_times: int,
    storage_field_over_resonance: float,
) -> xr.Dataset:
    """Fig. 7(b): exchange of a squeezed alkali uniform mode with the noble gas, Eq. (27).

    The alkali's uniform mode starts with X squeezed by ``squeezing_db`` relative to its thermal
    variance (n + 1/2, Eq. (36) with the Sec. VII.B occupations), every other mode thermal; Delta
    = 0, and the field step at T_pi for the stored curves. The two-mode approximation (Eq. 28) at
    the same J, gamma and occupations is computed alongside.

    Parameters
    ----------
    cells : mapping
        Cell name -> :mod:`spinbridge.cells` dataset (J, gamma, gamma_A, Delta_c, R, D_A, D_B, p).
    squeezing_db : float
        Initial squeezing [dB] (paper: 7), 0..100.
    n_modes : int
        Modes per species (paper: 200), 1..1000.
    alkali_boundary, noble_boundary : {"dirichlet", "neumann"}
        Wall conditions (paper: depolarizing alkali walls, none for the noble gas).
    stated_occupations : mapping
        {alkali, noble}: occupations per mode at t = 0 as Sec. VII.B states them.
    t_max_over_transfer_time : float
        Time span in units of T_pi = pi/2J, >= 1.
    n_times : int
        Time points (2..200000; T_pi is added).
    storage_field_over_resonance : float
        Field after the step at T_pi over the resonance field (Fig. 7: 180 mG).

    Returns
    -------
    xarray.Dataset
        (cell, occupation, t_over_T_pi) variances of both models and their dB, free and stored;
        per cell and case the squeezing of P_B at T_pi (-dB), its two-mode value and their
        difference.

    Raises
    ------
    TypeError, ValueError
        If a cell is not a cell dataset or a number is out of range.
    """
    names = _check_cells(cells)
    db = _check_squeezing(squeezing_db)
    bounds = {"alkali_boundary": alkali_boundary, "noble_boundary": noble_boundary}
    config = _figure7_config(
        n_modes,
        bounds,
        stated_occupations,
        t_max_over_transfer_time,
        n_times,
        storage_field_over_resonance,
    )

    def series(t, s, n_a, n_b, sched):
        x_a, p_b = _squeezed_series(t, s, db, n_a, n_b, sched)
        return {"X_A": x_a, "P_B": p_b}

    rows = _figure7_rows(cells, names, config, series)
    grid, i1 = _grid(n_times, t_max_over_transfer_time)
    data, coords = _figure7_common(rows, names, grid)
    dims = ("cell", "occupation", "t_over_T_pi")
    what = {
        "X_A": "<dX_A^2> of the alkali uniform mode",
        "P_B": "<dP_B^2> of the noble uniform mode",
    }
    for model, label in (("multimode", "Eq. (27)"), ("two_mode", "two-mode Eq. (28)")):
        prefix = "" if model == "multimode" else "two_mode_"
        for q, text in what.items():
            for tag, extra in (("", ", Delta = 0"), ("_stored", ", field step at T_pi")):
                v = _stack_cases(rows, f"{model}_{q}{tag}")
                name = f"{prefix}variance_{q}{tag}"
                data[name] = (dims, v, var_attrs("1", f"{text}, {label}{extra}"))
                data[name + "_db"] = (
                    dims,
                    _variance_db(v),
                    var_attrs("dB", f"{text}, {label}{extra}, 10 log10(V / (1/4))"),
                )
        stored = data[f"{prefix}variance_P_B_stored_db"][1]
        data[f"{prefix}transferred_squeezing_db"] = (
            ("cell", "occupation"),
            -stored[..., i1],
            var_attrs("dB", f"squeezing -10 log10(4 <dP_B^2>) at T_pi, {label}"),
        )
        data[f"{prefix}stored_squeezing_db"] = (
            ("cell", "occupation"),
            -stored[..., -1],
            var_attrs("dB", f"squeezing of P_B at the end, field step at T_pi, {label}"),
        )
    data["initial_variance_X_A_db"] = (
        ("cell", "occupation"),
        data["variance_X_A_db"][1][..., 0],
        var_attrs("dB", "<dX_A^2> of the alkali uniform mode at t = 0"),
    )
    data["squeezing_difference_db"] = (
        ("cell", "occupation"),
        data["transferred_squeezing_db"][1] - data["two_mode_transferred_squeezing_db"][1],
        var_attrs("dB", "multimode - two-mode squeezing of P_B at T_pi"),
    )
    data["squeezing_db"] = ((), db, var_attrs("dB", "initial squeezing of the alkali uniform mode"))
    return xr.Dataset(
        data,
        coords=coords,
        attrs={"title": "Katz Fig. 7(b): multimode squeezing exchange", **_attrs(config)},
    )


def multimode_convergence_dataset(
    cell: xr.Dataset,
    n_modes: int,
    *,
    excitations: int,
    squeezing_db: float,
    alkali_boundary: str,
    noble_boundary: str,
    stated_occupations: Mapping[str, float],
) -> xr.Dataset:
    """The Fig. 7 numbers at T_pi for one mode count: the truncation check of Sec. VII.B.

    The fidelity of Fig. 7(a) (m excitations in the noble-gas uniform mode) and the squeezing of
    P_B of Fig. 7(b) at T_pi = pi/2J (Delta = 0 until then), with ``n_modes`` modes per species.

    Parameters
    ----------
    cell : xarray.Dataset
        A :mod:`spinbridge.cells` dataset.
    n_modes : int
        Modes per species, 1..1000.
    excitations : int
        Fock number m (paper: 2), 1..20.
    squeezing_db : float
        Initial squeezing of the alkali uniform mode [dB], 0..100.
    alkali_boundary, noble_boundary : {"dirichlet", "neumann"}
        Wall conditions.
    stated_occupations : mapping
        {alkali, noble}: occupations per mode at t = 0 as Sec. VII.B states them.

    Returns
    -------
    xarray.Dataset
        (n_modes, occupation) fidelity_at_T_pi and transferred_squeezing_db (and the variance).

    Raises
    ------
    TypeError, ValueError
        If ``cell`` is not a cell dataset or a number is out of range.
    """
    c = _check_cell(cell)
    n = check_count(n_modes, "n_modes", 1, MAX_MODES)
    m = check_count(excitations, "excitations", 1, 20)
    db = _check_squeezing(squeezing_db)
    bounds = _figure7_config(
        n,
        {"alkali_boundary": alkali_boundary, "noble_boundary": noble_boundary},
        stated_occupations,
        1.0,
        2,
        0.0,
    )["boundaries"]
    system = _system(cell, n, bounds)["multimode"]
    t = np.array([transfer_time(c["J"])])
    fid, var = [], []
    for case in OCCUPATION_CASES:
        n_a, n_b = occupations(cell, stated_occupations)[case]
        fid.append(float(_fock_series(t, system, m, n_a, n_b, None)[0]))
        var.append(float(_squeezed_series(t, system, db, n_a, n_b, None)[1][0]))
    dims = ("n_modes", "occupation")
    var = np.array([var])
    return xr.Dataset(
        {
            "fidelity_at_T_pi": (
                dims,
                np.array([fid]),
                var_attrs("1", f"P({m} excitations in the noble-gas uniform mode) at T_pi"),
            ),
            "transfer_variance_P_B": (dims, var, var_attrs("1", "<dP_B^2> at T_pi")),
            "transferred_squeezing_db": (
                dims,
                -_variance_db(var),
                var_attrs("dB", "squeezing -10 log10(4 <dP_B^2>) at T_pi"),
            ),
            "J": ((), c["J"], var_attrs("s-1", "exchange rate J (Eq. 26)")),
        },
        coords={
            "n_modes": ("n_modes", [n], var_attrs("1", "modes per species")),
            "occupation": (
                "occupation",
                list(OCCUPATION_CASES),
                var_attrs("1", "initial occupations"),
            ),
        },
        attrs={"title": "Katz Sec. VII.B: truncation check", "m": m, **bounds},
    )


def merge_convergence(parts: Sequence[xr.Dataset], figure_n_modes: int) -> xr.Dataset:
    """Join :func:`multimode_convergence_dataset` results; changes relative to the largest count.

    ``relative_change_*`` = |x(N) - x(N_max)| / |x(N_max)| for the fidelity and the variance of
    P_B at T_pi; ``figure_relative_change_*`` are their values at ``figure_n_modes`` (the Fig. 7
    count, which must be computed and below the largest count), the numbers the claims compare.

    Raises
    ------
    TypeError, ValueError
        If ``parts`` is empty, not datasets, or repeats a mode count, or ``figure_n_modes`` is not
        a computed count below the largest.
    """
    if not parts or not all(isinstance(p, xr.Dataset) for p in parts):
        raise TypeError("parts must be a non-empty sequence of convergence datasets")
    counts = sorted(int(c) for p in parts for c in p["n_modes"].values)
    if len(set(counts)) != len(counts):
        raise ValueError(f"parts repeat a mode count: {counts}")
    n_fig = check_count(figure_n_modes, "figure_n_modes", 1, MAX_MODES)
    if n_fig not in counts[:-1]:
        raise ValueError(
            f"figure_n_modes = {n_fig} must be one of the computed counts below the largest, "
            f"{counts[:-1]}"
        )
    ds = xr.concat(
        list(parts),
        dim="n_modes",
        data_vars="minimal",
        coords="minimal",
        compat="override",
        join="exact",
    ).sortby("n_modes")
    ref = ds.isel(n_modes=-1)
    for name, var in (("fidelity", "fidelity_at_T_pi"), ("variance", "transfer_variance_P_B")):
        change = abs(ds[var] - ref[var]) / abs(ref[var])
        what = f"|x(N) - x(N_max)| / |x(N_max)| of {var}, N_max = {counts[-1]}"
        ds[f"relative_change_{name}"] = change.assign_attrs(var_attrs("1", what))
        ds[f"figure_relative_change_{name}"] = (
            change.sel(n_modes=n_fig)
            .drop_vars("n_modes")
            .assign_attrs(var_attrs("1", f"{what}, at N = {n_fig} (Fig. 7)"))
        )
    ds.attrs.update(
        reference_n_modes=counts[-1],
        figure_n_modes=n_fig,
        title="Katz Sec. VII.B: truncation check over mode counts",
    )
    return ds

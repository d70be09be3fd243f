"""Datasets of the multimode stage: Katz et al. (2022) Figs. 1(d), 7, Sec. IV.D, VII.B, App. E.

Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Eq. (27): the spherically symmetric
diffusion modes A_m (alkali, rates gamma_A + D_A k_m^2) and B_n (noble gas, D_B k_n^2) of a
spherical cell of radius R, coupled by J c_mn, c_mn = int A_m B_n d^3r. The cell (R, D_A, D_B,
gamma_A, J, Delta_c, p_A, p_B) is a dataset of :mod:`spinbridge.cells`; the modes and overlaps
come from :mod:`spinbridge.diffusion`, the dynamics from :mod:`spinbridge.multimode`. Each
function here assembles one rule's ``xarray.Dataset`` with ``units`` and ``long_name`` on every
variable; the numbers the claims compare are 0-d or selectable variables.

The alkali starts in its spatially uniform mode (the projections u_m = int A_m / sqrt(V) of the
kept modes, not renormalized: the weight beyond the truncation is lost within ~1/(D_A k^2), as it
would be), the noble-gas target is its uniform mode B_0 (Neumann walls). Each figure is computed
for two initial occupations per mode: as Sec. VII.B states them (``stated``) and n = (1 - p)/2p of
the cell's polarizations (``polarization``, App. C); the noise of each mode follows the same
occupation (Eqs. (C8)-(C9)). The two-mode approximation (Eq. 28) is the same computation with one
mode per species, c_00 = 1 and gamma = gamma_A + D_A pi^2/R^2 (the cell's gamma).

Fig. 7(b) and the truncation check are in :mod:`spinbridge.multimode_variance_datasets`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import xarray as xr

from spinbridge import diffusion, multimode_fock
from spinbridge.dicke import check_count, check_positive, check_real
from spinbridge.store import var_attrs
from spinbridge.twomode import noise_occupation
from spinbridge.twomode_datasets import (
    check_names,
    check_times,
    detuning_at_field,
    transfer_time,
)

__all__ = [
    "BOUNDARIES",
    "OCCUPATION_CASES",
    "cell_modes",
    "diffusion_modes_dataset",
    "multimode_fock_dataset",
    "occupations",
]

BOUNDARIES = ("dirichlet", "neumann")
"""Wall conditions of the spin modes: completely depolarizing (dirichlet), none (neumann)."""

OCCUPATION_CASES = ("stated", "polarization")
"""Initial occupations per mode: as Sec. VII.B states them, and (1 - p)/2p of the cell's p."""

MAX_MODES = 1000
_CELL_VARIABLES = ("J", "gamma", "gamma_alkali", "Delta_c")
_CELL_ATTRS = ("radius_cm", "D_alkali_cm2_s", "D_noble_cm2_s", "p_alkali", "p_noble")


# ----------------------------------------------------------------------------- inputs
def _check_cell(cell, name: str = "cell") -> dict:
    """The numbers of a :mod:`spinbridge.cells` dataset that the multimode model uses."""
    if not isinstance(cell, xr.Dataset):
        raise TypeError(f"{name} must be an xarray.Dataset of a cell, got {type(cell).__name__}")
    missing = [v for v in _CELL_VARIABLES if v not in cell] + [
        a for a in _CELL_ATTRS if a not in cell.attrs
    ]
    if missing:
        raise ValueError(f"{name} lacks {missing}: not a spinbridge.cells dataset")
    out = {v: float(cell[v]) for v in _CELL_VARIABLES}
    out.update({a: float(cell.attrs[a]) for a in _CELL_ATTRS})
    for key in ("J", "gamma", "radius_cm", "D_alkali_cm2_s", "D_noble_cm2_s"):
        check_positive(out[key], f"{name}.{key}")
    check_real(out["gamma_alkali"], f"{name}.gamma_alkali")
    return out


def _check_cells(cells) -> list[str]:
    names = check_names(cells, "cells")
    for n in names:
        _check_cell(cells[n], f"cells[{n!r}]")
    return names


def _check_boundary(value, name: str) -> str:
    if value not in BOUNDARIES:
        raise ValueError(f"{name} must be one of {BOUNDARIES}, got {value!r}")
    return str(value)


def occupations(cell: xr.Dataset, stated: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    """Initial (and noise) occupations per mode of each case of :data:`OCCUPATION_CASES`.

    ``stated`` is Sec. VII.B's {alkali, noble} (0.05, 0.17); ``polarization`` is
    n = (1 - p)/2p (App. C, :func:`spinbridge.twomode.noise_occupation`) of the cell's p_A, p_B.

    Raises
    ------
    TypeError, ValueError
        If ``cell`` is not a cell dataset or an occupation is not a number >= 0.
    """
    c = _check_cell(cell)
    if not isinstance(stated, Mapping) or set(stated) != {"alkali", "noble"}:
        raise ValueError(f"stated must map exactly alkali and noble to occupations, got {stated!r}")
    given = tuple(check_real(stated[k], f"stated[{k!r}]") for k in ("alkali", "noble"))
    if min(given) < 0.0:
        raise ValueError(f"stated occupations must be >= 0, got {stated!r}")
    return {
        "stated": given,
        "polarization": (noise_occupation(c["p_alkali"]), noise_occupation(c["p_noble"])),
    }


def cell_modes(
    cell: xr.Dataset, n_modes: int, *, alkali_boundary: str, noble_boundary: str
) -> tuple[xr.Dataset, xr.Dataset]:
    """The lowest ``n_modes`` spherically symmetric modes of each species of a cell (Eq. 27).

    Alkali rates gamma_A + D_A k_m^2 (gamma_A the cell's ``gamma_alkali``), noble-gas rates
    D_B k_n^2 (its decay is omitted, Sec. V).

    Raises
    ------
    TypeError, ValueError
        If ``cell`` is not a cell dataset, ``n_modes`` not in 1..100000 or a boundary unknown.
    """
    c = _check_cell(cell)
    n = check_count(n_modes, "n_modes", 1, diffusion.MAX_MODES)
    alkali = diffusion.sphere_modes(
        c["radius_cm"],
        c["D_alkali_cm2_s"],
        n,
        _check_boundary(alkali_boundary, "alkali_boundary"),
        base_rate_s=c["gamma_alkali"],
    )
    noble = diffusion.sphere_modes(
        c["radius_cm"], c["D_noble_cm2_s"], n, _check_boundary(noble_boundary, "noble_boundary")
    )
    return alkali, noble


def _count_slower(cell, rate_s, species, boundaries, n_modes) -> int:
    """Modes of one species decaying slower than ``rate_s`` (doubling the set until one is not)."""
    n = n_modes
    while True:
        alkali, noble = cell_modes(cell, n, **boundaries)
        count = int(diffusion.modes_slower_than(alkali if species == "alkali" else noble, rate_s))
        if count < n or n >= diffusion.MAX_MODES:
            return count
        n = min(2 * n, diffusion.MAX_MODES)


# ----------------------------------------------------------------------------- Fig. 1(d)
def _modes_row(cell, n_modes, profile_modes, r_frac, boundaries) -> dict:
    c = _check_cell(cell)
    alkali_all, noble_all = cell_modes(cell, n_modes + 1, **boundaries)
    kept = {"mode": slice(0, n_modes)}
    alkali, noble = alkali_all.isel(kept), noble_all.isel(kept)
    r_cm = r_frac * c["radius_cm"]
    low = {"mode": slice(0, profile_modes)}
    row = {
        "alkali_k": alkali["k"].values,
        "noble_k": noble["k"].values,
        "alkali_rate": alkali["rate"].values,
        "noble_rate": noble["rate"].values,
        "alkali_profile": diffusion.radial_profiles(alkali.isel(low), r_cm).values,
        "noble_profile": diffusion.radial_profiles(noble.isel(low), r_cm).values,
        "overlap": np.asarray(diffusion.overlaps(alkali, noble).values, float),
        "alkali_uniform": diffusion.uniform_projection(alkali).values,
        "noble_uniform": diffusion.uniform_projection(noble).values,
        "J": c["J"],
        "gamma": c["gamma"],
        "radius": c["radius_cm"],
        "D_alkali": c["D_alkali_cm2_s"],
        "D_noble": c["D_noble_cm2_s"],
    }
    for species in ("alkali", "noble"):
        row[f"n_{species}_slower"] = _count_slower(cell, c["J"], species, boundaries, n_modes)
    row["noble_last_over_J"] = row["noble_rate"][-1] / c["J"]
    row["alkali_last_over_J"] = row["alkali_rate"][-1] / c["J"]
    # App. E: |eps| < J / (pi^2 gamma_r0), gamma_r0 the diffusion rate of the first omitted mode
    row["eps_bound_A"] = c["J"] / (math.pi**2 * float(noble_all["rate"][-1]))
    d_alkali = float(alkali_all["rate"][-1]) - c["gamma_alkali"]
    row["eps_bound_B"] = c["J"] / (math.pi**2 * d_alkali)
    row["uniform_weight"] = float(np.sum(row["alkali_uniform"] ** 2))
    row["lowest_over_gamma"] = row["alkali_rate"][0] / c["gamma"]
    row["overlap_norm"] = float(np.sum(row["overlap"][0] ** 2))
    return row


def _modes_variables(rows: list[dict]) -> dict:
    def stack(key):
        return np.array([r[key] for r in rows])

    ma, mb, pr = ("cell", "mode_alkali"), ("cell", "mode_noble"), ("profile_mode", "r")
    spec = {
        "alkali_k": (ma, "cm-1", "radial wave number k_m of the alkali modes"),
        "noble_k": (mb, "cm-1", "radial wave number k_n of the noble-gas modes"),
        "alkali_rate": (ma, "s-1", "alkali mode decay rate gamma_A + D_A k_m^2 (Eq. 27)"),
        "noble_rate": (mb, "s-1", "noble-gas mode decay rate D_B k_n^2 (Eq. 27)"),
        "alkali_profile": (("cell", *pr), "cm-3/2", "radial profile A_m(r) of the lowest modes"),
        "noble_profile": (("cell", *pr), "cm-3/2", "radial profile B_n(r) of the lowest modes"),
        "overlap": (
            ("cell", "mode_alkali", "mode_noble"),
            "1",
            "overlap c_mn = int A_m B_n d^3r (Eq. 27)",
        ),
        "alkali_uniform_projection": (ma, "1", "projection int A_m d^3r / sqrt(V)"),
        "noble_uniform_projection": (mb, "1", "projection int B_n d^3r / sqrt(V)"),
        "uniform_weight_kept": ("cell", "1", "sum_m u_m^2 of the kept alkali modes"),
        "n_alkali_modes_slower_than_J": ("cell", "1", "alkali modes with gamma_Am < J"),
        "n_noble_modes_slower_than_J": ("cell", "1", "noble-gas modes with gamma_Bn < J"),
        "alkali_last_rate_over_J": ("cell", "1", "rate of the last kept alkali mode / J"),
        "noble_last_rate_over_J": ("cell", "1", "rate of the last kept noble-gas mode / J"),
        "eps_bound_A": ("cell", "1", "App. E bound J / (pi^2 gamma_B,r0), first omitted mode"),
        "eps_bound_B": ("cell", "1", "App. E bound J / (pi^2 D_A k_r0^2), first omitted mode"),
        "alkali_lowest_rate_over_gamma": (
            "cell",
            "1",
            "rate of the lowest alkali mode / (gamma_A + D_A pi^2/R^2)",
        ),
        "overlap_norm_lowest_alkali": (
            "cell",
            "1",
            "sum_n c_0n^2 over the kept noble-gas modes (1 for a unitary c)",
        ),
        "J": ("cell", "s-1", "exchange rate J (Eq. 26)"),
        "gamma": ("cell", "s-1", "two-mode alkali decay rate gamma_A + D_A pi^2/R^2"),
        "radius": ("cell", "cm", "cell radius R"),
        "D_alkali": ("cell", "cm2 s-1", "alkali diffusion coefficient D_A"),
        "D_noble": ("cell", "cm2 s-1", "noble-gas diffusion coefficient D_B"),
    }
    source = {
        "alkali_uniform_projection": "alkali_uniform",
        "noble_uniform_projection": "noble_uniform",
        "uniform_weight_kept": "uniform_weight",
        "n_alkali_modes_slower_than_J": "n_alkali_slower",
        "n_noble_modes_slower_than_J": "n_noble_slower",
        "alkali_last_rate_over_J": "alkali_last_over_J",
        "noble_last_rate_over_J": "noble_last_over_J",
        "alkali_lowest_rate_over_gamma": "lowest_over_gamma",
        "overlap_norm_lowest_alkali": "overlap_norm",
    }
    return {
        name: (dims, stack(source.get(name, name)), var_attrs(units, long_name))
        for name, (dims, units, long_name) in spec.items()
    }


def diffusion_modes_dataset(
    cells: Mapping[str, xr.Dataset],
    *,
    n_modes: int,
    alkali_boundary: str,
    noble_boundary: str,
    profile_modes: int,
    profile_points: int,
) -> xr.Dataset:
    """Fig. 1(d), Sec. VII.B, App. E: the diffusion modes of each cell and their overlaps (Eq. 27).

    Parameters
    ----------
    cells : mapping
        Cell name -> :mod:`spinbridge.cells` dataset (R, D_A, D_B, gamma_A, J).
    n_modes : int
        Modes per species (paper: 200), 1..1000.
    alkali_boundary, noble_boundary : {"dirichlet", "neumann"}
        Wall conditions (paper: depolarizing alkali walls, none for the noble gas).
    profile_modes : int
        Lowest modes whose radial profiles are stored (1..n_modes).
    profile_points : int
        Radial grid points 0..R (2..100000), as r / R.

    Returns
    -------
    xarray.Dataset
        Per cell: k, rates, profiles, overlaps c_mn, uniform projections, the numbers of modes
        slower than J (counted beyond ``n_modes`` when needed), the last kept rates over J and
        the App. E bounds J/(pi^2 gamma_r0) at the first omitted mode.

    Raises
    ------
    TypeError, ValueError
        If a cell is not a cell dataset, a count is out of range or a boundary unknown.
    """
    names = _check_cells(cells)
    n = check_count(n_modes, "n_modes", 1, MAX_MODES)
    n_prof = check_count(profile_modes, "profile_modes", 1, n)
    r_frac = np.linspace(0.0, 1.0, check_count(profile_points, "profile_points", 2, 100_000))
    bounds = {
        "alkali_boundary": _check_boundary(alkali_boundary, "alkali_boundary"),
        "noble_boundary": _check_boundary(noble_boundary, "noble_boundary"),
    }
    rows = [_modes_row(cells[k], n, n_prof, r_frac, bounds) for k in names]
    return xr.Dataset(
        _modes_variables(rows),
        coords={
            "cell": ("cell", names, var_attrs("1", "cell name")),
            "mode_alkali": ("mode_alkali", np.arange(n), var_attrs("1", "alkali mode index m")),
            "mode_noble": ("mode_noble", np.arange(n), var_attrs("1", "noble-gas mode index n")),
            "profile_mode": ("profile_mode", np.arange(n_prof), var_attrs("1", "mode index")),
            "r": ("r", r_frac, var_attrs("1", "radius r / R")),
        },
        attrs={
            "title": "Katz Fig. 1(d): diffusion modes of a spherical cell",
            "n_modes": n,
            **bounds,
        },
    )


# ----------------------------------------------------------------------------- Fig. 7 systems
def _weights(projection) -> np.ndarray:
    """Uniform-mode weights over the kept modes, |w|^2 <= 1 (a rounding excess divided out)."""
    w = np.asarray(projection, float)
    return w / max(1.0, float(np.sqrt(w @ w)))


def _system(cell, n_modes, boundaries) -> dict:
    """Eq. (27) of a cell: couplings J c_mn, rates, uniform projections; and its two-mode limit."""
    c = _check_cell(cell)
    alkali, noble = cell_modes(cell, n_modes, **boundaries)
    multi = {
        "coupling": c["J"] * np.asarray(diffusion.overlaps(alkali, noble).values, float),
        "alkali_rates": np.asarray(alkali["rate"].values, float),
        "noble_rates": np.asarray(noble["rate"].values, float),
        "source": _weights(diffusion.uniform_projection(alkali).values),
        "target": _weights(diffusion.uniform_projection(noble).values),
    }
    two = {  # Eq. (28): c_00 = 1, gamma = gamma_A + D_A pi^2/R^2, the noble gas without decay
        "coupling": np.array([[c["J"]]]),
        "alkali_rates": np.array([c["gamma"]]),
        "noble_rates": np.array([0.0]),
        "source": np.array([1.0]),
        "target": np.array([1.0]),
    }
    return {"cell": c, "multimode": multi, "two_mode": two}


def _grid(n_times: int, t_max_over_transfer_time: float) -> tuple[np.ndarray, int]:
    """Times in units of T_pi (0..t_max) with 1 (the switch) inserted; its index."""
    span = check_real(t_max_over_transfer_time, "t_max_over_transfer_time")
    if span < 1.0:
        raise ValueError(f"t_max_over_transfer_time must be >= 1, got {t_max_over_transfer_time}")
    base = check_times(n_times, span)
    grid = np.union1d(base, [1.0])
    return grid, int(np.searchsorted(grid, 1.0))


def _schedule(c: dict, storage_field_over_resonance: float) -> dict:
    """Resonance from t = 0, the field step at T_pi = pi/2J to the storage detuning (Fig. 7)."""
    return {
        "delta_s": 0.0,
        "switch_time_s": transfer_time(c["J"]),
        "delta_after_s": detuning_at_field(c["Delta_c"], storage_field_over_resonance),
    }


def _fock_series(t, s: dict, m: int, n_a: float, n_b: float, schedule: dict | None) -> np.ndarray:
    """P(exactly m excitations in the noble-gas uniform mode) from |m> in the alkali's (Fig. 7a)."""
    p = multimode_fock.fock_distribution_multimode(
        t,
        s["coupling"],
        s["alkali_rates"],
        s["noble_rates"],
        m,
        source_weights=s["source"],
        target_weights=s["target"],
        n_max=m,
        n_thermal_A=n_a,
        n_thermal_B=n_b,
        **(schedule or {}),
    )
    return np.asarray(p)[:, m]


def _figure7_rows(cells, names, config: dict, series) -> list[dict]:
    """Per cell and occupation case: the series of both models, free and with the field step."""
    grid, _ = _grid(config["n_times"], config["t_max_over_transfer_time"])
    rows = []
    for name in names:
        system = _system(cells[name], config["n_modes"], config["boundaries"])
        c = system["cell"]
        t = grid * transfer_time(c["J"])
        schedule = _schedule(c, config["storage_field_over_resonance"])
        row = {"cell": c, "T_pi": transfer_time(c["J"]), "delta_after": schedule["delta_after_s"]}
        row["cases"] = {}
        for case, (n_a, n_b) in occupations(cells[name], config["stated_occupations"]).items():
            out = {"n_A": n_a, "n_B": n_b}
            for model in ("multimode", "two_mode"):
                for tag, sched in (("", None), ("_stored", schedule)):
                    for key, v in series(t, system[model], n_a, n_b, sched).items():
                        out[f"{model}_{key}{tag}"] = v
            row["cases"][case] = out
        rows.append(row)
    return rows


def _stack_cases(rows, key) -> np.ndarray:
    return np.array([[r["cases"][case][key] for case in OCCUPATION_CASES] for r in rows])


def _figure7_common(rows, names, grid) -> tuple[dict, dict]:
    """Variables and coordinates shared by Figs. 7(a) and 7(b)."""
    per_cell = {
        "J": ("s-1", "exchange rate J (Eq. 26)", [r["cell"]["J"] for r in rows]),
        "gamma": ("s-1", "two-mode alkali decay rate gamma_A + D_A pi^2/R^2", None),
        "T_pi": ("s", "transfer time T_pi = pi/2J (field step)", [r["T_pi"] for r in rows]),
        "storage_delta": ("rad s-1", "detuning after the field step", None),
    }
    values = {"gamma": [r["cell"]["gamma"] for r in rows]}
    values["storage_delta"] = [r["delta_after"] for r in rows]
    data = {
        k: ("cell", np.array(v if v is not None else values[k], float), var_attrs(u, ln))
        for k, (u, ln, v) in per_cell.items()
    }
    occ = ("cell", "occupation")
    data["n_thermal_A"] = (occ, _stack_cases(rows, "n_A"), var_attrs("1", "alkali <a_m^dag a_m>"))
    data["n_thermal_B"] = (occ, _stack_cases(rows, "n_B"), var_attrs("1", "noble <b_n^dag b_n>"))
    t = np.array([grid * r["T_pi"] for r in rows])
    data["t"] = (("cell", "t_over_T_pi"), t, var_attrs("s", "time"))
    coords = {
        "cell": ("cell", names, var_attrs("1", "cell name")),
        "occupation": (
            "occupation",
            list(OCCUPATION_CASES),
            var_attrs("1", "initial occupations: stated in Sec. VII.B, or (1 - p)/2p"),
        ),
        "t_over_T_pi": ("t_over_T_pi", grid, var_attrs("1", "time in units of T_pi = pi/2J")),
    }
    return data, coords


def _figure7_config(
    n_modes, boundaries, stated, t_max_over_transfer_time, n_times, storage_ratio
) -> dict:
    _grid(n_times, t_max_over_transfer_time)  # refuse a bad time grid before any work
    return {
        "n_modes": check_count(n_modes, "n_modes", 1, MAX_MODES),
        "boundaries": {k: _check_boundary(v, k) for k, v in boundaries.items()},
        "stated_occupations": stated,
        "t_max_over_transfer_time": t_max_over_transfer_time,
        "n_times": n_times,
        "storage_field_over_resonance": check_real(storage_ratio, "storage_field_over_resonance"),
    }


def multimode_fock_dataset(
    cells: Mapping[str, xr.Dataset],
    excitations: int,
    *,
    n_modes: int,
    alkali_boundary: str,
    noble_boundary: str,
    stated_occupations: Mapping[str, float],
    t_max_over_transfer_time: float,
    n_times: int,
    storage_field_over_resonance: float,
) -> xr.Dataset:
    """Fig. 7(a): P(exactly m excitations in the noble-gas uniform mode), Eq. (27).

    From m excitations in the alkali's uniform mode (no condition on the alkali at the end), at
    Delta = 0 and with the field step at T_pi; with the two-mode approximation (Eq. 28) at the
    same J, gamma and occupations.

    Parameters
    ----------
    cells : mapping
        Cell name -> :mod:`spinbridge.cells` dataset (J, gamma, gamma_A, Delta_c, R, D_A, D_B, p).
    excitations : int
        Fock number m (paper: 2), 1..20.
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
        (cell, occupation, t_over_T_pi) probabilities of both models, free and stored; per cell
        and case the fidelity at T_pi, its two-mode value and their ratio, the stored value at the
        end.

    Raises
    ------
    TypeError, ValueError
        If a cell is not a cell dataset or a number is out of range.
    """
    names = _check_cells(cells)
    m = check_count(excitations, "excitations", 1, 20)
    bounds = {"alkali_boundary": alkali_boundary, "noble_boundary": noble_boundary}
    config = _figure7_config(
        n_modes,
        bounds,
        stated_occupations,
        t_max_over_transfer_time,
        n_times,
        storage_field_over_resonance,
    )
    rows = _figure7_rows(
        cells,
        names,
        config,
        lambda t, s, n_a, n_b, sched: {"fock": _fock_series(t, s, m, n_a, n_b, sched)},
    )
    grid, i1 = _grid(n_times, t_max_over_transfer_time)
    data, coords = _figure7_common(rows, names, grid)
    series = ("cell", "occupation", "t_over_T_pi")
    what = f"P({m} excitations in the noble-gas uniform mode)"
    for model, label in (("multimode", "Eq. (27)"), ("two_mode", "two-mode Eq. (28)")):
        prefix = "" if model == "multimode" else "two_mode_"
        for tag, extra in (("", ", Delta = 0"), ("_stored", ", field step at T_pi")):
            v = _stack_cases(rows, f"{model}_fock{tag}")
            data[f"{prefix}fock_probability{tag}"] = (
                series,
                v,
                var_attrs("1", f"{what}, {label}{extra}"),
            )
        v = data[f"{prefix}fock_probability_stored"][1]
        data[f"{prefix}fidelity_at_T_pi"] = (
            ("cell", "occupation"),
            v[..., i1],
            var_attrs("1", f"{what} at T_pi, {label}"),
        )
        data[f"{prefix}fidelity_end"] = (
            ("cell", "occupation"),
            v[..., -1],
            var_attrs("1", f"{what} at the end, field step at T_pi, {label}"),
        )
    data["fidelity_ratio"] = (
        ("cell", "occupation"),
        data["fidelity_at_T_pi"][1] / data["two_mode_fidelity_at_T_pi"][1],
        var_attrs("1", "multimode / two-mode fidelity at T_pi"),
    )
    return xr.Dataset(
        data,
        coords=coords,
        attrs={"title": "Katz Fig. 7(a): multimode Fock-state exchange", "m": m, **_attrs(config)},
    )


def _attrs(config: dict) -> dict:
    return {"n_modes": config["n_modes"], **config["boundaries"]}

"""Phase-sensitivity datasets of the pairs stage: Sundar et al. (2023), Figs. 2-3, Eqs. (4)-(7).

Sundar, Barberena, Pineiro Orioli, Chu, Thompson, Rey, Lewis-Swan, PRL 130, 113202 (2023). The
Ramsey protocols of Fig. 2 on the exact state of Eq. (1) (:mod:`spinbridge.pairs`) against the
closed forms Eqs. (4)-(6), and the sensitivity with cavity decay and spontaneous emission of Fig. 3
(:mod:`spinbridge.pair_decoherence_scans`) against Eq. (7), with the experimental estimates that
follow Eq. (7) (:mod:`spinbridge.pair_decoherence_estimates`). Each function returns one
``xarray.Dataset`` with ``units`` and ``long_name`` on every variable.

The optimum of Fig. 3(b) over the detuning ``x = |Delta|/(sqrt(N) kappa)`` is the vertex of the
parabola through ``(ln x, ln N^{3/4} Delta phi)`` at the smallest scan point and its neighbours
(the scan's own minimum where it lies at an end, flagged by ``opt_at_edge``); every detuning of a
scan shares its trajectories (common random numbers), so the parabola follows the physics, not
the sampling noise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import xarray as xr
from scipy.optimize import brentq

from spinbridge import pair_decoherence_estimates as estimates
from spinbridge import pair_decoherence_scans as scans
from spinbridge import pairs
from spinbridge.fitting import fit_power_law
from spinbridge.pair_datasets import _MAX_NCHI_T, TAN_FORM_NAMES, _check_datasets, _check_grid
from spinbridge.species import _check_count, _check_name, _check_real
from spinbridge.store import var_attrs

__all__ = [
    "decoherence_dataset",
    "experiment_dataset",
    "ramsey_dataset",
    "scan_dataset",
    "sql_crossing_phase",
]


# ----------------------------------------------------------------------------- Ramsey, Fig. 2
_PHI_EDGE = 1e-9  # the slope vanishes at pi/2: the SQL search stops short of it


def _crossing(excess) -> float:
    """Smallest phi in (0, pi/2) with excess(phi) = 0, NaN if excess(0) >= 0 (no gain)."""
    if excess(0.0) >= 0:
        return math.nan
    hi = math.pi / 2 - _PHI_EDGE
    return float(brentq(excess, 0.0, hi, xtol=1e-12)) if excess(hi) > 0 else math.nan


def sql_crossing_phase(moments: xr.Dataset, protocol: str = "differential") -> np.ndarray:
    """Phase at which the Ramsey sensitivity falls back to the SQL, ``N (Delta phi)^2 = 1``.

    Sundar et al. (2023), text after Eq. (5): the advantage over the SQL holds for
    ``|tan phi| < 2 sqrt(N)/nbar``. Here the boundary comes from the full protocol
    (:func:`spinbridge.pairs.ramsey_signal` on exact moments), the smallest ``phi > 0`` with
    ``N (Delta phi)^2 = 1`` (Brent, to 1e-12 rad), at each time of ``moments``.

    Parameters
    ----------
    moments : xarray.Dataset
        From :func:`spinbridge.pairs.chain_moments` (attr ``N``).
    protocol : {"differential", "sum"}
        Fig. 2(a) or 2(b).

    Returns
    -------
    numpy.ndarray
        ``phi_c`` [rad] per time; NaN where ``N (Delta phi)^2 >= 1`` already at ``phi = 0``.
    """
    if not isinstance(moments, xr.Dataset):
        raise TypeError(f"moments must be an xarray.Dataset, got {type(moments).__name__}")
    if "N" not in moments.attrs or "nchi_t" not in moments.dims:
        raise ValueError("moments must come from spinbridge.pairs.chain_moments (attr N, nchi_t)")
    _check_name("protocol", protocol, pairs.PROTOCOLS)
    n = int(moments.attrs["N"])
    out = []
    for i in range(moments.sizes["nchi_t"]):
        one = moments.isel(nchi_t=[i])
        out.append(
            _crossing(
                lambda p, one=one: (
                    n * float(pairs.ramsey_signal(one, p, protocol).phase_variance[0, 0]) - 1
                )
            )
        )
    return np.array(out)


def ramsey_dataset(N: int, nchi_t, phi, pumps: str = "fock") -> xr.Dataset:
    """Ramsey signals and sensitivities of Fig. 2 from exact moments, against Eqs. (4)-(6).

    Sundar et al. (2023), Fig. 2, Eqs. (4)-(6). Both protocols on the exact state of Eq. (1)
    (:func:`spinbridge.pairs.ramsey_signal`); the amplitude of ``<O> = A sin(phi)`` (least
    squares over the phases) in units of N/2 (Eq. (4): 1); ``N (Delta phi)^2`` at ``phi = 0``
    (the SQL: 1 at t = 0); the dynamic range ``nbar |tan phi_c| / sqrt(N)`` at the SQL crossing
    (:func:`sql_crossing_phase`; the paper's ``|tan phi| < 2 sqrt(N)/nbar``), from the simulation
    and from Eq. (5) for each ``tan^2`` coefficient; and Eqs. (5)-(6) over ``(nchi_t, phi)``.

    Parameters
    ----------
    N : int
        Number of atoms (even for Fock pumps), ``2 <= N <= spinbridge.pairs.MAX_ATOMS``.
    nchi_t : array_like
        Increasing times ``N chi t`` in [0, 200] (1..MAX_GRID values).
    phi : array_like
        Increasing phases [rad], ``|phi| < pi/2`` (2..MAX_GRID values).
    pumps : {"fock", "coherent"}
        Pump states.

    Returns
    -------
    xarray.Dataset
        Over ``(protocol, nchi_t, phi)``: ``signal``, ``slope``, ``signal_var``,
        ``phase_variance``; over ``(protocol, nchi_t)``: ``amplitude_over_half_N``,
        ``N_dphi2_at_phi0``, ``phi_sql``, ``dynamic_range``; over ``nchi_t``: ``nbar`` (exact),
        ``nbar_upa``; over ``(tan_form, nchi_t[, phi])``: ``eq5_dphi2``, ``eq6_dphi2``,
        ``eq5_dynamic_range``.
    """
    n = _check_count("N", N, 2, pairs.MAX_ATOMS)
    times = _check_grid("nchi_t", nchi_t, 0.0, _MAX_NCHI_T, min_size=1)
    phis = _check_grid("phi", phi, -math.pi / 2, math.pi / 2)
    if np.any(np.abs(phis) >= math.pi / 2):
        raise ValueError("phi must lie strictly inside (-pi/2, pi/2)")
    _check_name("pumps", pumps, pairs.PUMPS)
    moments = pairs.chain_moments(n, times, pumps)
    nbar = moments.nbar.values
    sin = np.sin(phis)
    runs, extra = [], {k: [] for k in ("amp", "sql", "phi_c")}
    for protocol in pairs.PROTOCOLS:
        r = pairs.ramsey_signal(moments, phis, protocol).drop_attrs(deep=False)
        runs.append(r.expand_dims(protocol=[protocol]))
        extra["amp"].append(r.signal.values @ sin / (sin @ sin) / (n / 2))
        at0 = pairs.ramsey_signal(moments, 0.0, protocol).phase_variance.values[:, 0]
        extra["sql"].append(n * at0)
        extra["phi_c"].append(sql_crossing_phase(moments, protocol))
    out = xr.concat(runs, dim="protocol", data_vars="all", coords="minimal")
    phi_c = np.array(extra["phi_c"])
    dims = ("protocol", "nchi_t")
    out = out.assign(
        amplitude_over_half_N=(
            dims,
            np.array(extra["amp"]),
            var_attrs("1", "A / (N/2), <O> = A sin phi (Eq. 4)"),
        ),
        N_dphi2_at_phi0=(
            dims,
            np.array(extra["sql"]),
            var_attrs("1", "N (Delta phi)^2 at phi = 0 (SQL: 1)"),
        ),
        phi_sql=(dims, phi_c, var_attrs("rad", "phi > 0 where N (Delta phi)^2 returns to 1")),
        dynamic_range=(
            dims,
            nbar * np.tan(phi_c) / math.sqrt(n),
            var_attrs("1", "nbar |tan phi_sql| / sqrt(N)"),
        ),
        nbar=("nchi_t", nbar, var_attrs("1", "exact pair number <n_eA + n_gB>")),
    )
    return (
        out.assign(_closed_forms(n, times, phis))
        .assign_coords(
            protocol=(
                "protocol",
                list(pairs.PROTOCOLS),
                var_attrs("1", "Ramsey protocol (Fig. 2)"),
            ),
            tan_form=("tan_form", list(TAN_FORM_NAMES), var_attrs("1", "tan^2 coefficient")),
        )
        .assign_attrs(
            title=f"Sundar Fig. 2, Eqs. (4)-(6): Ramsey protocols on the exact state, N = {n}",
            N=n,
            pumps=pumps,
            method=moments.attrs["method"],
        )
    )


def _closed_forms(n: int, times: np.ndarray, phis: np.ndarray) -> dict:
    """Eqs. (5)-(6) over (tan_form, nchi_t, phi) and Eq. (5)'s dynamic range."""
    nbar_upa = pairs.upa_moments(times).nbar.values
    pos = nbar_upa > 0
    shape = (len(TAN_FORM_NAMES), times.size, phis.size)
    eq5, eq6 = np.empty(shape), np.full(shape, np.nan)
    reach = np.empty(shape[:2])
    for f, form in enumerate(TAN_FORM_NAMES):
        eq5[f] = pairs.upa_phase_variance(n, times[:, None], phis[None, :], form)
        if pos.any():
            eq6[f, pos] = pairs.beyond_upa_phase_variance(
                n, nbar_upa[pos, None], phis[None, :], form
            )
        for k, t in enumerate(times):
            phi_c = _crossing(
                lambda p, t=t, form=form: n * pairs.upa_phase_variance(n, t, p, form) - 1
            )
            reach[f, k] = nbar_upa[k] * math.tan(phi_c) / math.sqrt(n)
    dims = ("tan_form", "nchi_t", "phi")
    return {
        "nbar_upa": ("nchi_t", nbar_upa, var_attrs("1", "UPA pair number 2 sinh^2(N chi t/2)")),
        "eq5_dphi2": (dims, eq5, var_attrs("rad2", "(Delta phi)^2 of Eq. (5)")),
        "eq6_dphi2": (dims, eq6, var_attrs("rad2", "(Delta phi)^2 of Eq. (6), UPA nbar")),
        "eq5_dynamic_range": (
            dims[:2],
            reach,
            var_attrs("1", "nbar |tan phi_sql| / sqrt(N) of Eq. (5)"),
        ),
    }


# ----------------------------------------------------------------------------- Fig. 3, Eq. (7)
def _log_vertex(x: np.ndarray, y: np.ndarray) -> tuple[float, float, int, bool]:
    """Vertex (x, y) of the parabola in (ln x, ln y) through the minimum and its neighbours."""
    k = int(np.argmin(y))
    if k == 0 or k == y.size - 1:
        return float(x[k]), float(y[k]), k, True
    u, v = np.log(x[k - 1 : k + 2]), np.log(y[k - 1 : k + 2])
    a, b, c = np.polyfit(u, v, 2)
    if a <= 0:
        return float(x[k]), float(y[k]), k, False
    u0 = float(np.clip(-b / (2 * a), u[0], u[2]))
    return math.exp(u0), math.exp(a * u0 * u0 + b * u0 + c), k, False


def scan_dataset(
    N: int,
    C: float,
    delta_over_sqrtN_kappa,
    *,
    n_traj: int,
    seed: int,
    pumps: str = "fock",
    step: float = 0.1,
) -> xr.Dataset:
    """Fig. 3(b) for one N: the best sensitivity over time versus detuning, its optimum, Eq. (7).

    Sundar et al. (2023), Fig. 3(b), Eq. (7):
    :func:`spinbridge.pair_decoherence_scans.best_sensitivity_scan` (the paper's pulses, read-out
    of ``S_{2,+}``) and the optimum over the detuning (module docstring), set against Eq. (7)'s
    ``N^{3/4} Delta phi = (2 ln(2NC)/C)^{1/4}`` at ``x = sqrt(C)/(2 sqrt(ln 2NC))``.

    Parameters
    ----------
    N, C, delta_over_sqrtN_kappa, n_traj, seed, pumps, step
        As in :func:`spinbridge.pair_decoherence_scans.best_sensitivity_scan` (at least 3
        increasing detunings).

    Returns
    -------
    xarray.Dataset
        The scan over ``delta_over_sqrtN_kappa`` and 0-d ``opt_delta_over_sqrtN_kappa``,
        ``opt_N34_dphi`` (+ ``_err``: the error of the scan point nearest the vertex),
        ``opt_at_edge``, ``opt_N34_ratio_to_eq7``, ``opt_delta_ratio_to_eq7``. Attrs: N, C, ...
    """
    x = _check_grid("delta_over_sqrtN_kappa", delta_over_sqrtN_kappa, 0.0, 1e6, min_size=3)
    if x[0] <= 0:
        raise ValueError("delta_over_sqrtN_kappa must be > 0")
    ds = scans.best_sensitivity_scan(N, C, x, n_traj=n_traj, seed=seed, pumps=pumps, step=step)
    x_opt, y_opt, k, edge = _log_vertex(x, ds.N34_dphi.values)
    eq7_y, eq7_x = float(ds.eq7_N34_dphi), float(ds.eq7_delta_over_sqrtN_kappa)
    values = {
        "opt_delta_over_sqrtN_kappa": (
            x_opt,
            "1",
            "|Delta|/(sqrt(N) kappa) of the best sensitivity",
        ),
        "opt_N34_dphi": (y_opt, "rad", "best N^(3/4) Delta phi over time and detuning"),
        "opt_N34_dphi_err": (float(ds.N34_dphi_err[k]), "rad", "standard error of opt_N34_dphi"),
        "opt_at_edge": (np.int8(edge), "1", "1 where the best detuning is an end of the scan"),
        "opt_N34_ratio_to_eq7": (y_opt / eq7_y, "1", "opt_N34_dphi / N^(3/4) Delta phi of Eq. (7)"),
        "opt_delta_ratio_to_eq7": (x_opt / eq7_x, "1", "best detuning / Eq. (7)'s"),
    }
    return ds.assign({k: ((), v, var_attrs(u, n)) for k, (v, u, n) in values.items()})


def experiment_dataset(
    n_atoms: float,
    collective_cooperativities: Sequence[float],
    *,
    kappa_hz: float,
    g_hz: float,
    gamma_hz: float,
) -> xr.Dataset:
    """The experimental estimates after Eq. (7): Eq. (7) at given N C, and N C from kappa, g, gamma.

    Sundar et al. (2023), text after Eq. (7): "kappa/2pi ~ 150 kHz and g/2pi ~ 4 Hz ... N C =
    4 x 10^5 with N = 10^6 atoms, and N C = 10^7 is within reach".
    :func:`spinbridge.pair_decoherence_estimates.experiment_estimates` for each collective
    cooperativity (C = NC/N), and the collective cooperativity that kappa, g and an emission
    rate gamma give, ``N C = 4 N g^2/(kappa gamma)``
    (:func:`spinbridge.pair_decoherence_estimates.cooperativity`).

    Parameters
    ----------
    n_atoms : float
        Number of atoms N, 1 <= N <= 1e12.
    collective_cooperativities : list of float
        Increasing values of N C, each > 1/2 (Eq. (7) needs 2 N C > 1), at most 64.
    kappa_hz, g_hz, gamma_hz : float
        kappa/2pi, g/2pi (taken as g_F) and gamma/2pi [Hz], each > 0.

    Returns
    -------
    xarray.Dataset
        Over ``NC``: every variable of ``experiment_estimates`` (prefixed ``experiment_``);
        0-d ``C_from_parameters`` and ``NC_from_parameters``.
    """
    _check_real("n_atoms", n_atoms, 1.0, 1e12)
    nc = _check_grid("collective_cooperativities", collective_cooperativities, 0.5, 1e18, 1)
    if nc.size > 64 or nc[0] <= 0.5:
        raise ValueError("collective_cooperativities must hold 1..64 values N C > 1/2")
    c = estimates.cooperativity(g_hz, kappa_hz, gamma_hz)  # checks the three rates
    parts = [
        estimates.experiment_estimates(n_atoms, v / n_atoms, kappa_hz, g_hz).drop_vars("NC")
        for v in nc
    ]
    out = xr.concat(parts, dim="NC", data_vars="all").drop_attrs(deep=False)
    out = out.rename({k: f"experiment_{k}" for k in out.data_vars})
    return (
        out.assign(
            C_from_parameters=((), c, var_attrs("1", "C = 4 g^2/(kappa gamma)")),
            NC_from_parameters=((), n_atoms * c, var_attrs("1", "N C from kappa, g and gamma")),
        )
        .assign_coords(NC=("NC", nc, var_attrs("1", "collective cooperativity N C")))
        .assign_attrs(
            N=float(n_atoms), kappa_hz=float(kappa_hz), g_hz=float(g_hz), gamma_hz=float(gamma_hz)
        )
    )


_FIG3A = ("sqrtN_dphi", "sqrtN_dphi_err", "sqrtN_dphi_opt", "xi2", "nbar", "Gamma_over_nchi",
          "gamma_over_nchi")  # fmt: skip
_SCAN = {
    "N34_dphi": "scan_N34_dphi",
    "N34_dphi_err": "scan_N34_dphi_err",
    "N34_dphi_opt": "scan_N34_dphi_opt",
    "nchi_t": "scan_best_nchi_t",
    "nbar": "scan_best_nbar",
    "at_edge": "scan_at_edge",
}


_EXPERIMENT_ATTRS = ("N", "kappa_hz", "g_hz", "gamma_hz")


def decoherence_dataset(
    detunings: Sequence[xr.Dataset], scans_by_n: Sequence[xr.Dataset], experiment: xr.Dataset
) -> xr.Dataset:
    """Fig. 3(a), Fig. 3(b) for several N, Eq. (7) and the experimental estimates in one dataset.

    Sundar et al. (2023), Fig. 3, Eq. (7). Fig. 3(a): the
    :func:`spinbridge.pair_decoherence_scans.decoherence_sensitivity` runs of one N and C, one
    detuning each, stacked along ``delta_over_sqrtN_kappa``. Fig. 3(b): the :func:`scan_dataset`
    of each N stacked along ``N`` (their detunings along ``scan_delta_over_sqrtN_kappa``), with
    the N-scaling of the best phase variance, ``(Delta phi)^2_best = a N^{-b}`` fitted on
    log-log axes (:func:`spinbridge.fitting.fit_power_law`, 3 or more N; Eq. (7): b = 3/2 up to
    ``sqrt(ln 2NC)``).

    Parameters
    ----------
    detunings : list of xarray.Dataset
        Fig. 3(a) runs with one detuning each, the same N, C and times.
    scans_by_n : list of xarray.Dataset
        :func:`scan_dataset` results, distinct N, the same detunings and C.
    experiment : xarray.Dataset
        From :func:`experiment_dataset`.

    Returns
    -------
    xarray.Dataset
        The variables of the three parts (Fig. 3(a) ones with their own names, the scans'
        prefixed ``scan_``), ``fig3a_N``, ``fig3a_C``, ``best_dphi2_exponent`` (+ ``_err``);
        attrs C, fig3b_n_atoms (text) and the experiment's N, kappa_hz, g_hz, gamma_hz
        (prefixed ``experiment_``).
    """
    runs = _check_datasets("detunings", detunings)
    by_n = _check_datasets("scans_by_n", scans_by_n)
    if not isinstance(experiment, xr.Dataset):
        raise TypeError(f"experiment must be an xarray.Dataset, got {type(experiment).__name__}")
    if any(k not in experiment.attrs for k in _EXPERIMENT_ATTRS):
        raise ValueError(
            f"experiment must carry the attrs {_EXPERIMENT_ATTRS} (experiment_dataset)"
        )
    if len({(r.attrs.get("N"), r.attrs.get("C"), r.sizes.get("nchi_t")) for r in runs}) != 1:
        raise ValueError("detunings must share N, C and the time grid (one Fig. 3(a))")
    fig3a = xr.concat([r[list(_FIG3A)] for r in runs], dim="delta_over_sqrtN_kappa").sortby(
        "delta_over_sqrtN_kappa"
    )
    atoms = [int(s.attrs["N"]) for s in by_n]
    if len(set(atoms)) != len(atoms):
        raise ValueError(f"scans_by_n must have distinct N, got {atoms}")
    stacked = [
        s.drop_attrs(deep=False)
        .rename(_SCAN)
        .rename(delta_over_sqrtN_kappa="scan_delta_over_sqrtN_kappa")
        .expand_dims(N=[n])
        for s, n in zip(by_n, atoms, strict=True)
    ]
    scan = xr.concat(stacked, dim="N", data_vars="all").sortby("N")
    scan = scan.assign_coords(N=("N", scan.N.values, var_attrs("1", "number of atoms N")))
    out = xr.merge([fig3a.drop_attrs(deep=False), scan, experiment.drop_attrs(deep=False)])
    out = out.assign(_n_scaling(scan))
    out["fig3a_N"] = ((), int(runs[0].attrs["N"]), var_attrs("1", "N of Fig. 3(a)"))
    out["fig3a_C"] = ((), float(runs[0].attrs["C"]), var_attrs("1", "cooperativity C of Fig. 3"))
    return out.assign_attrs(
        title="Sundar Fig. 3, Eq. (7): sensitivity with cavity decay and spontaneous emission",
        pumps=runs[0].attrs["pumps"],
        method=runs[0].attrs["method"],
        n_traj=int(runs[0].attrs["n_traj"]),
        seed=int(runs[0].attrs["seed"]),
        C=float(runs[0].attrs["C"]),
        fig3b_n_atoms=", ".join(str(n) for n in scan.N.values),
        **{f"experiment_{k}": float(experiment.attrs[k]) for k in _EXPERIMENT_ATTRS},
    )


def _n_scaling(scan: xr.Dataset) -> dict:
    """b of (Delta phi)^2_best = a N^-b over the scans' N (NaN with fewer than 3)."""
    b = b_err = math.nan
    if scan.sizes["N"] >= 3:
        n = scan.N.values.astype(float)
        fit = fit_power_law(n, scan.opt_N34_dphi.values**2 / n**1.5)
        b, b_err = -fit["exponent"], fit["exponent_sigma"]
    return {
        "best_dphi2_exponent": (
            (),
            b,
            var_attrs("1", "b of (Delta phi)^2_best = a N^-b (Eq. 7: 3/2)"),
        ),
        "best_dphi2_exponent_err": (
            (),
            b_err,
            var_attrs("1", "1-sigma error of b (fit residuals)"),
        ),
    }

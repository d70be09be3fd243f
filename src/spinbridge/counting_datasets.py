"""Datasets of the photon-counting stage: Figs. 2-4, the power-law fits and the fits table.

Masson & Parkins, arXiv (Dec 2021). Each function assembles the physics of :mod:`spinbridge.dicke`,
:mod:`spinbridge.heralding` and :mod:`spinbridge.fitting` into one ``xarray.Dataset`` (one rule's
output) with ``units`` and ``long_name`` on every variable; no physics is computed here that is
not a call into those modules. Figs. 5-6 and the emission check are in
:mod:`spinbridge.sequence_datasets`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import xarray as xr

from spinbridge import spin1
from spinbridge.dicke import (
    check_count,
    check_finite_array,
    check_real,
    dicke_populations,
    dicke_populations_recursion,
    literal_amplitude_recursion,
    log2_top_population,
    peak_spin_length,
    tail_population,
    wrong_parity_population,
)
from spinbridge.dicke import check_n_atoms as valid_n_atoms
from spinbridge.fitting import fit_power_law, local_exponent
from spinbridge.heralding import (
    average_qfi,
    check_efficiency,
    check_qfi_n_atoms,
    photon_count_distribution,
)
from spinbridge.store import var_attrs

__all__ = [
    "SEPARABLE_QFI_PER_ATOM",
    "average_qfi_dataset",
    "combine_sweep_chunks",
    "count_distribution_dataset",
    "fits_table",
    "inset_dataset",
    "population_dataset",
    "power_law_fits",
]

SEPARABLE_QFI_PER_ATOM = 16.0
"""Largest QFI per atom of a separable state on G = Q_xx - Q_yy: (g_max - g_min)^2 = 4^2, since the
single-atom generator 2 (|+1><-1| + h.c.) has eigenvalues -2, 0, 2. F > 16 N witnesses entanglement;
|N, -N> = |m_F=-1>^N reaches it exactly."""

_PARITIES = ("even", "odd")


def _max_wrong_parity(n_atoms: int, scan, n_check: np.ndarray) -> np.ndarray:
    """Largest wrong-parity population per parity of N, over the figure N, the scan and N_check.

    N_check uses Eq. (8) iterated as the paper describes (:func:`dicke_populations_recursion`),
    the others the closed form; NaN for a parity with no N.
    """
    values = {p: [] for p in _PARITIES}
    for x in [n_atoms, *scan]:
        values[_PARITIES[x % 2]].append(wrong_parity_population(dicke_populations(x), x))
    for x in n_check:
        x = int(x)
        values[_PARITIES[x % 2]].append(wrong_parity_population(dicke_populations_recursion(x), x))
    return np.array([max(values[p]) if values[p] else np.nan for p in _PARITIES])


def population_dataset(n_atoms: int, spin_cut: int, scan_n_atoms, check_n_atoms: int) -> xr.Dataset:
    """Fig. 2: |c_S|^2 at one N, the tail beyond spin_cut, the peak, and a peak-vs-N scan.

    Also the parity rule after Eq. (7) (largest population on the wrong parity of S) and
    log2 |c_N|^2 / N (text after Eq. (11): |c_N|^2 ~ 2^-N). A little over 80 lines because most
    of it is the flat declaration of the dataset's variables.

    Parameters
    ----------
    n_atoms : int
        N of the figure (paper: 1000).
    spin_cut : int
        Tail sum over S > spin_cut (paper: 200).
    scan_n_atoms : sequence of int
        N values of the peak/normalisation scan (up to 10^7).
    check_n_atoms : int
        Eq. (8) read as an amplitude recursion, and as the probability recursion for the parity
        check, is evaluated for N = 1..check_n_atoms (<= 2000).

    Returns
    -------
    xarray.Dataset

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` or an entry of ``scan_n_atoms`` is not an integer in [1, 10^7],
        ``spin_cut`` not an integer in [0, n_atoms], or ``check_n_atoms`` not one in [1, 2000]
        (all checked before any population is computed); ValueError also if a population vector
        does not sum to 1 (:func:`spinbridge.dicke.dicke_populations`).
    """
    n = valid_n_atoms(n_atoms)
    check_count(spin_cut, "spin_cut", 0, n)
    for x in scan_n_atoms:
        valid_n_atoms(x, "scan_n_atoms")
    valid_n_atoms(check_n_atoms, "check_n_atoms", 2000)
    pop = dicke_populations(n)
    spin = np.arange(n + 1)
    scan = np.asarray(sorted(int(x) for x in scan_n_atoms))
    peaks = np.array([peak_spin_length(int(x)) for x in scan])
    norms = np.array([dicke_populations(int(x)).sum() - 1.0 for x in scan])
    means = np.array([dicke_populations(int(x)) @ np.arange(x + 1) for x in scan])
    n_check = np.arange(1, valid_n_atoms(check_n_atoms, "check_n_atoms", 2000) + 1)
    literal = np.array([literal_amplitude_recursion(int(x)).sum() for x in n_check])
    peak = peak_spin_length(n)
    return xr.Dataset(
        {
            "population": ("spin", pop, var_attrs("1", "population |c_S|^2 of |S,0>, Eq. (7)")),
            "tail_population": (
                (),
                tail_population(n, spin_cut),
                var_attrs("1", f"sum of |c_S|^2 over S > {spin_cut}"),
            ),
            "norm_error": ((), float(pop.sum() - 1.0), var_attrs("1", "sum_S |c_S|^2 - 1")),
            "peak_spin": ((), peak, var_attrs("1", "most probable spin length")),
            "peak_over_sqrt_n": ((), peak / math.sqrt(n), var_attrs("1", "peak S / sqrt(N)")),
            "top_population_log2_per_atom": (
                (),
                log2_top_population(n) / n,
                var_attrs("1", "log2 |c_N|^2 / N (|c_N|^2 ~ 2^-N)"),
            ),
            "max_wrong_parity_population": (
                "parity",
                _max_wrong_parity(n, scan, n_check),
                var_attrs("1", "largest sum of |c_S|^2 over S != N (mod 2), text after Eq. (7)"),
            ),
            "scan_peak_spin": (
                "n_atoms_scan",
                peaks,
                var_attrs("1", "most probable spin length"),
            ),
            "scan_peak_over_sqrt_n": (
                "n_atoms_scan",
                peaks / np.sqrt(scan),
                var_attrs("1", "peak S / sqrt(N)"),
            ),
            "scan_mean_spin": ("n_atoms_scan", means, var_attrs("1", "mean spin length")),
            "scan_norm_error": ("n_atoms_scan", norms, var_attrs("1", "sum_S |c_S|^2 - 1")),
            "literal_recursion_norm": (
                "n_atoms_check",
                literal,
                var_attrs("1", "sum of squared amplitudes of Eq. (8) iterated literally"),
            ),
        },
        coords={
            "spin": ("spin", spin, var_attrs("1", "spin length S")),
            "n_atoms_scan": ("n_atoms_scan", scan, var_attrs("1", "number of atoms N")),
            "n_atoms_check": ("n_atoms_check", n_check, var_attrs("1", "number of atoms N")),
            "parity": ("parity", list(_PARITIES), var_attrs("1", "parity of N")),
        },
        attrs={
            "title": "Masson Fig. 2: populations of |m_F=0>^N",
            "n_atoms": n,
            "spin_cut": int(spin_cut),
        },
    )


def average_qfi_dataset(n_atoms, efficiencies) -> xr.Dataset:
    """Average QFI (Eqs. (9), (12)) on a grid of N and detection efficiencies (one sweep chunk).

    Parameters
    ----------
    n_atoms : sequence of int
        Atom numbers (1..10^5).
    efficiencies : sequence of float
        Detection efficiencies in [0, 1].

    Returns
    -------
    xarray.Dataset
        ``average_qfi`` (efficiency, n_atoms).

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is empty or has an entry that is not an integer in [1, 10^5] or needs
        more memory than this machine has, or ``efficiencies`` is empty or has an entry outside
        [0, 1] (all checked before the sweep); ValueError also if an average QFI comes out NaN or
        negative (:func:`spinbridge.heralding.average_qfi`).
    """
    for x in check_finite_array(n_atoms, "n_atoms").ravel():
        check_qfi_n_atoms(x)
    for e in check_finite_array(efficiencies, "efficiencies"):
        check_efficiency(e, "efficiencies", allow_zero=True)
    ns = np.asarray(n_atoms, dtype=int)
    etas = np.asarray(efficiencies, dtype=float)
    vals = np.array([[average_qfi(int(x), float(e)) for x in ns] for e in etas])
    return xr.Dataset(
        {
            "average_qfi": (
                ("efficiency", "n_atoms"),
                vals,
                var_attrs("1", "average QFI on Q_xx - Q_yy, Eqs. (9)/(12)"),
            )
        },
        coords={
            "efficiency": ("efficiency", etas, var_attrs("1", "photon detection efficiency eta")),
            "n_atoms": ("n_atoms", ns, var_attrs("1", "number of atoms N")),
        },
        attrs={"title": "Masson average QFI sweep chunk"},
    )


def combine_sweep_chunks(chunks) -> xr.Dataset:
    """Combine :func:`average_qfi_dataset` chunks on their (efficiency, n_atoms) coordinates.

    Parameters
    ----------
    chunks : sequence of xarray.Dataset
        Chunks with an ``average_qfi`` variable; together they must tile a grid.

    Returns
    -------
    xarray.Dataset
        ``average_qfi`` (efficiency, n_atoms), dataset attrs dropped.

    Raises
    ------
    TypeError, ValueError
        If ``chunks`` is empty, holds something other than datasets with an ``average_qfi``
        variable, or the chunks leave holes (NaN) in the combined grid.
    """
    for c in chunks:
        if not isinstance(c, xr.Dataset) or "average_qfi" not in c:
            raise TypeError(f"chunks must be datasets with an average_qfi variable, got {c!r}")
    parts = [c[["average_qfi"]] for c in chunks]
    if not parts:
        raise ValueError("chunks must not be empty")
    ds = xr.combine_by_coords(parts, join="outer", combine_attrs="override")
    ds.attrs = {}
    holes = int(ds["average_qfi"].isnull().sum())
    if holes:
        raise ValueError(
            f"chunks do not tile the (efficiency, n_atoms) grid: {holes} NaN entries after "
            "combining (a chunk is missing or has NaN values)"
        )
    return ds


_FIT_KEYS = ("prefactor", "prefactor_sigma", "exponent", "exponent_sigma", "n_min", "n_max")
_FIT_LONG = {
    "prefactor": ("1", "fitted prefactor a of F = a N^b"),
    "prefactor_sigma": ("1", "1-sigma error of the prefactor"),
    "exponent": ("1", "fitted exponent b of F = a N^b"),
    "exponent_sigma": ("1", "1-sigma error of the exponent"),
    "n_min": ("1", "smallest N in the fit"),
    "n_max": ("1", "largest N in the fit"),
}
_FIT_PARITIES = ("even", "odd", "all")


def _parity_masks(ns: np.ndarray) -> dict[str, np.ndarray]:
    return {"even": ns % 2 == 0, "odd": ns % 2 == 1, "all": ns > 0}


def _fit_grid(average: xr.DataArray, all_windows) -> dict[str, np.ndarray]:
    """fit_power_law for every (efficiency, parity, window); NaN where a window has < 3 points."""
    ns = average["n_atoms"].values
    parities = _parity_masks(ns)
    out = {
        k: np.full((average.sizes["efficiency"], 3, len(all_windows)), np.nan) for k in _FIT_KEYS
    }
    for ie in range(average.sizes["efficiency"]):
        y = average.isel(efficiency=ie).values
        for ip, mask in enumerate(parities.values()):
            for iw, w in enumerate(all_windows):
                inside = (ns[mask] >= w[0]) & (ns[mask] <= w[1])
                if inside.sum() < 3:
                    continue
                fit = fit_power_law(ns[mask], y[mask], w)
                for k in _FIT_KEYS:
                    out[k][ie, ip, iw] = fit[k]
    return out


def _large_n_exponents(average: xr.DataArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Local exponent (step 2) on the N grid, and at the largest N of each parity (and overall)."""
    ns = average["n_atoms"].values
    local = np.array(
        [local_exponent(ns, average.isel(efficiency=ie).values) for ie in range(len(average))]
    )
    n_top = np.array([ns[mask].max() for mask in _parity_masks(ns).values()])
    at_top = local[:, np.searchsorted(ns, n_top)]
    return local, at_top, n_top


def _check_window(window, name: str, n_lo: float, n_hi: float) -> tuple[float, float]:
    """A window (N_min, N_max) of finite numbers with n_lo <= N_min < N_max <= n_hi."""
    if isinstance(window, str) or len(window) != 2:
        raise ValueError(f"{name} must be a pair (N_min, N_max), got {window!r}")
    lo, hi = (check_real(w, name) for w in window)
    if not n_lo <= lo < hi <= n_hi:
        raise ValueError(
            f"{name} = {list(window)} must satisfy {n_lo:g} <= N_min < N_max <= {n_hi:g} (the "
            "N of the sweep)"
        )
    return lo, hi


def _check_average(average) -> None:
    """``average`` must be a finite, positive (efficiency, n_atoms) DataArray on consecutive N."""
    if not isinstance(average, xr.DataArray) or average.dims != ("efficiency", "n_atoms"):
        raise TypeError(
            f"average must be an xarray.DataArray with dims (efficiency, n_atoms), got "
            f"{type(average).__name__} {getattr(average, 'dims', '')}"
        )
    check_finite_array(average.values, "average", positive=True)
    ns = check_finite_array(average["n_atoms"].values, "average n_atoms", positive=True)
    if np.any(np.diff(ns) != 1):
        raise ValueError("average must be given on consecutive integers n_atoms")


def power_law_fits(average: xr.DataArray, windows, claim_window) -> xr.Dataset:
    """Log-log fits a N^b of average QFI curves for each parity of N and N window.

    Also the local exponent d ln F / d ln N between N - 2 and N, and its value at the largest N
    of each parity (text after Eq. (9): the exponent should return to 2 at large N).

    Parameters
    ----------
    average : xarray.DataArray
        ``average_qfi`` with dims (efficiency, n_atoms), n_atoms consecutive integers.
    windows : sequence of (float, float)
        Inclusive N windows.
    claim_window : (float, float)
        The window of the ``claim_*`` variables (the one compared with the paper).

    Returns
    -------
    xarray.Dataset
        ``fit_<key>`` (efficiency, parity, window) and ``claim_<key>`` (efficiency, parity), keys
        prefactor(_sigma), exponent(_sigma), n_min, n_max; parity in {even, odd, all};
        ``local_exponent`` (efficiency, n_atoms), ``large_n_exponent`` (efficiency, parity).

    Raises
    ------
    TypeError, ValueError
        If ``average`` is not a finite, positive DataArray on consecutive N, a window is not a
        pair N_min < N_max inside the N of the sweep (``windows[i]``, ``claim_window``), or the
        claim window has fewer than 3 points of a parity (its fits would be NaN).
    """
    _check_average(average)
    n_lo, n_hi = (float(f(average["n_atoms"].values)) for f in (np.min, np.max))
    for i, w in enumerate(windows):
        _check_window(w, f"windows[{i}]", n_lo, n_hi)
    _check_window(claim_window, "claim_window", n_lo, n_hi)
    labels = [f"{int(lo)}-{int(hi)}" for lo, hi in windows]
    out = _fit_grid(average, [*windows, tuple(claim_window)])
    if np.any(np.isnan(out["exponent"][..., -1])):
        raise ValueError(
            f"claim_window = {list(claim_window)} holds fewer than 3 N of some parity: its fits "
            "would be NaN"
        )
    data = {}
    for k in _FIT_KEYS:
        data[f"fit_{k}"] = (
            ("efficiency", "parity", "window"),
            out[k][..., :-1],
            var_attrs(*_FIT_LONG[k]),
        )
        data[f"claim_{k}"] = (
            ("efficiency", "parity"),
            out[k][..., -1],
            var_attrs(*_FIT_LONG[k]),
        )
    local, at_top, n_top = _large_n_exponents(average)
    data["local_exponent"] = (
        ("efficiency", "n_atoms"),
        local,
        var_attrs("1", "local exponent ln(F(N)/F(N-2)) / ln(N/(N-2))"),
    )
    data["large_n_exponent"] = (
        ("efficiency", "parity"),
        at_top,
        var_attrs("1", "local exponent at the largest N of the parity"),
    )
    data["large_n_exponent_n_atoms"] = (
        "parity",
        n_top,
        var_attrs("1", "N at which large_n_exponent is evaluated"),
    )
    ds = xr.Dataset(
        data,
        coords={
            "efficiency": average["efficiency"],
            "n_atoms": average["n_atoms"],
            "parity": (
                "parity",
                list(_FIT_PARITIES),
                var_attrs("1", "parity of N used in the fit"),
            ),
            "window": ("window", labels, var_attrs("1", "N window of the fit, N_min-N_max")),
            "window_lo": ("window", [float(w[0]) for w in windows], var_attrs("1", "N_min")),
            "window_hi": ("window", [float(w[1]) for w in windows], var_attrs("1", "N_max")),
        },
    )
    ds.attrs["claim_window"] = f"{int(claim_window[0])}-{int(claim_window[1])}"
    return ds


def inset_dataset(n_atoms: int) -> xr.Dataset:
    """Fig. 3 inset: |c_S|^2 and F(|S, -S>) of the individual states for one N.

    Also the peak of |c_S|^2, the population-weighted QFI (Eq. (9) at this N), and the smallest
    F(|S, -S>) / (16 N) over S < N (> 1: every state of definite S < N is entangled).

    Parameters
    ----------
    n_atoms : int
        Number of atoms (paper: 40), 2 <= N <= 10^5.

    Returns
    -------
    xarray.Dataset

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^5], its weights for every S need more memory
        than this machine has, or a QFI comes out NaN or negative.
    """
    n = valid_n_atoms(n_atoms, maximum=100000)
    spin = spin1.allowed_spin_lengths(n)
    pop = dicke_populations(n)[spin]
    qfi = spin1.lowest_weight_qfi(n, spin)
    over_bound = qfi / (SEPARABLE_QFI_PER_ATOM * n)
    peak = int(spin[np.argmax(pop)])
    return xr.Dataset(
        {
            "inset_population": (
                "inset_spin",
                pop,
                var_attrs("1", f"population |c_S|^2 at N = {n}"),
            ),
            "inset_qfi": ("inset_spin", qfi, var_attrs("1", f"QFI of |S,-S> at N = {n}")),
            "inset_qfi_over_separable": (
                "inset_spin",
                over_bound,
                var_attrs("1", "F(|S,-S>) / 16 N (separable states have <= 1)"),
            ),
            "inset_peak_spin": ((), peak, var_attrs("1", "most probable spin length")),
            "inset_peak_over_sqrt_n": ((), peak / math.sqrt(n), var_attrs("1", "peak S / sqrt(N)")),
            "inset_average_qfi": (
                (),
                float(pop @ qfi),
                var_attrs("1", "sum_S |c_S|^2 F(|S,-S>), Eq. (9)"),
            ),
            "inset_min_qfi_over_separable": (
                (),
                float(over_bound[spin < n].min()) if n > 1 else np.nan,
                var_attrs("1", "min over S < N of F(|S,-S>) / 16 N"),
            ),
        },
        coords={"inset_spin": ("inset_spin", spin, var_attrs("1", "spin length S"))},
        attrs={"inset_n_atoms": n},
    )


def count_distribution_dataset(n_atoms: int, efficiencies) -> xr.Dataset:
    """p(n) of Eq. (13) for several efficiencies at one N.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N (<= 10^5).
    efficiencies : sequence of float
        Detection efficiencies in [0, 1].

    Returns
    -------
    xarray.Dataset
        ``count_probability`` (count_efficiency, count).

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^5] or ``efficiencies`` is empty or has an
        entry outside [0, 1]; ValueError also if a p(n) does not sum to 1.
    """
    n = valid_n_atoms(n_atoms, maximum=100000)
    for e in check_finite_array(efficiencies, "efficiencies"):
        check_efficiency(e, "efficiencies", allow_zero=True)
    etas = np.asarray(efficiencies, dtype=float)
    counts, _ = photon_count_distribution(n, 1.0)
    probs = np.array([photon_count_distribution(n, float(e))[1] for e in etas])
    mean = probs @ counts
    return xr.Dataset(
        {
            "count_probability": (
                ("count_efficiency", "count"),
                probs,
                var_attrs("1", f"probability p(n) to register n photons, Eq. (13), N = {n}"),
            ),
            "count_mean": (
                "count_efficiency",
                mean,
                var_attrs("1", "mean registered photon number"),
            ),
        },
        coords={
            "count_efficiency": (
                "count_efficiency",
                etas,
                var_attrs("1", "photon detection efficiency eta"),
            ),
            "count": ("count", counts, var_attrs("1", "registered photon number n")),
        },
        attrs={"count_n_atoms": n},
    )


FITS_TABLE_COLUMNS = (
    "efficiency",
    "parity",
    "window_lo",
    "window_hi",
    "n_min",
    "n_max",
    "prefactor",
    "prefactor_sigma",
    "exponent",
    "exponent_sigma",
    "claim_window",
)


def _fit_rows(ds: xr.Dataset, efficiencies) -> list[dict]:
    claim_lo, claim_hi = (float(x) for x in ds.attrs["claim_window"].split("-"))
    rows = []
    for eta in efficiencies:
        for parity in ds.parity.values:
            f = ds.sel(efficiency=eta, parity=parity)
            windows = [
                (float(f.window_lo[i]), float(f.window_hi[i]), "fit_", {"window": i}, False)
                for i in range(f.sizes["window"])
            ]
            windows.append((claim_lo, claim_hi, "claim_", {}, True))
            for lo, hi, prefix, sel, is_claim in windows:
                g = f.isel(**sel)
                row = {"efficiency": float(eta), "parity": str(parity)}
                row.update(window_lo=lo, window_hi=hi, claim_window=is_claim)
                for k in _FIT_KEYS:
                    row[k] = float(g[prefix + k])
                rows.append(row)
    return rows


def fits_table(scaling: xr.Dataset, efficiency: xr.Dataset) -> pd.DataFrame:
    """Table of every power-law fit F = a N^b of Figs. 3 and 4 (text after Eqs. (9) and (13)).

    One row per (efficiency, parity, N window): the ideal detector (efficiency 1) from
    ``scaling``, every efficiency < 1 from ``efficiency``; windows without enough points are
    dropped. The ``claim_window`` rows are the fits compared with the paper's numbers.

    Parameters
    ----------
    scaling, efficiency : xarray.Dataset
        :func:`power_law_fits` outputs (the qfi_scaling and qfi_efficiency files), with the
        ``claim_window`` attr.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FITS_TABLE_COLUMNS`: the efficiency, the parity of N (even, odd, all), the
        configured window [window_lo, window_hi], the N actually used [n_min, n_max], a and b with
        their 1-sigma errors in separate columns, and ``claim_window`` (bool).

    Raises
    ------
    TypeError, ValueError
        If ``scaling`` or ``efficiency`` is not a :func:`power_law_fits` dataset (with the
        ``claim_window`` attr), or ``scaling`` has no efficiency 1.
    """
    for name, ds in (("scaling", scaling), ("efficiency", efficiency)):
        if not isinstance(ds, xr.Dataset) or "claim_window" not in ds.attrs:
            raise TypeError(f"{name} must be a power_law_fits dataset, got {type(ds).__name__}")
    if 1.0 not in scaling.efficiency.values:
        raise ValueError("scaling must hold the ideal-detector fits (efficiency 1)")
    etas = [e for e in efficiency.efficiency.values if e != 1.0]
    rows = _fit_rows(scaling, [1.0]) + _fit_rows(efficiency, etas)
    table = pd.DataFrame(rows, columns=list(FITS_TABLE_COLUMNS))
    return table.dropna(subset=["exponent"]).reset_index(drop=True)

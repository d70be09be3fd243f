"""Tests of spinbridge.counting_datasets: the Fig. 2-4 datasets and the fits table."""

import math

import numpy as np
import pandas as pd
import pytest

from spinbridge import counting_datasets, dicke, fitting, heralding, spin1


def test_population_dataset_scalars():
    ds = counting_datasets.population_dataset(60, 20, [9, 16, 100], 7)
    assert float(ds.tail_population) == dicke.tail_population(60, 20)
    assert int(ds.peak_spin) == dicke.peak_spin_length(60)
    # |c_N|^2 = 2^N / C(2N, N), independent of the cumulated-ratio evaluation
    expected = (60 - math.log2(math.comb(120, 60))) / 60
    assert float(ds.top_population_log2_per_atom) == pytest.approx(expected, rel=1e-12)
    # parity rule after Eq. (7), both parities present among N = 1..7, 9, 16, 60, 100
    assert ds.max_wrong_parity_population.sel(parity="even").item() == 0.0
    assert ds.max_wrong_parity_population.sel(parity="odd").item() == 0.0
    # Eq. (8) iterated as amplitudes: norm 1 for N <= 2, broken from N = 3
    np.testing.assert_allclose(ds.literal_recursion_norm.values[:2], 1.0, rtol=1e-12)
    assert np.all(ds.literal_recursion_norm.values[2:] > 1.1)


def test_inset_dataset_matches_eq9_and_separable_bound():
    n = 24
    ds = counting_datasets.inset_dataset(n)
    # Eq. (9) from the inset's own populations and QFIs vs the sweep's ideal_average_qfi
    assert float(ds.inset_average_qfi) == pytest.approx(heralding.ideal_average_qfi(n), rel=1e-12)
    # |N,-N> = |m_F=-1>^N is a product state and saturates the separable bound 16 N exactly
    assert float(ds.inset_qfi_over_separable.sel(inset_spin=n)) == pytest.approx(1.0, rel=1e-12)
    below = ds.inset_qfi_over_separable.where(ds.inset_spin < n, drop=True)
    assert float(ds.inset_min_qfi_over_separable) == float(below.min()) > 1.0
    assert int(ds.inset_peak_spin) == dicke.peak_spin_length(n)


def test_separable_bound_is_single_atom_spectral_width_squared():
    """16 = (g_max - g_min)^2 for the single-atom G = 2 (|+1><-1| + h.c.)."""
    g = spin1.collective_operators(1)["G"].toarray()
    vals = np.linalg.eigvalsh(g)
    assert counting_datasets.SEPARABLE_QFI_PER_ATOM == pytest.approx((vals[-1] - vals[0]) ** 2)


@pytest.fixture(scope="module")
def fit_datasets():
    avg = counting_datasets.average_qfi_dataset(range(1, 41), [1.0, 0.6])
    windows = [[2, 20], [10, 40], [30, 31]]  # the last has < 3 points of one parity
    fits = counting_datasets.power_law_fits(avg["average_qfi"], windows, [10, 40])
    return avg, fits


def test_power_law_fits_match_direct_fits(fit_datasets):
    avg, fits = fit_datasets
    n = avg.n_atoms.values
    y = avg.average_qfi.sel(efficiency=0.6).values
    even = n % 2 == 0
    direct = fitting.fit_power_law(n[even], y[even], (10, 40))
    f = fits.sel(efficiency=0.6, parity="even")
    assert float(f.claim_exponent) == direct["exponent"]
    assert float(f.fit_prefactor.sel(window="2-20")) == pytest.approx(
        fitting.fit_power_law(n[even], y[even], (2, 20))["prefactor"], rel=0
    )
    assert np.isnan(float(f.fit_exponent.sel(window="30-31")))
    # local exponent at the largest even N from the two largest even N
    expected = math.log(y[-1] / y[-3]) / math.log(40 / 38)
    assert float(f.large_n_exponent) == pytest.approx(expected, rel=1e-12)
    assert int(fits.large_n_exponent_n_atoms.sel(parity="odd")) == 39


def test_fits_table_rows_and_columns(fit_datasets):
    _, fits = fit_datasets
    scaling = fits.sel(efficiency=[1.0])
    scaling.attrs = fits.attrs
    table = counting_datasets.fits_table(scaling, fits)
    assert list(table.columns) == list(counting_datasets.FITS_TABLE_COLUMNS)
    numeric = table.drop(columns=["parity", "claim_window"])
    assert all(pd.api.types.is_float_dtype(t) for t in numeric.dtypes)
    # 2 efficiencies x 3 parities x (3 windows + claim window), minus the 3 empty 30-31 fits
    assert len(table) == 2 * 3 * 4 - 2 * 3
    claim = table[table.claim_window & (table.parity == "odd") & (table.efficiency == 1.0)]
    assert len(claim) == 1
    assert claim.exponent.item() == float(fits.claim_exponent.sel(efficiency=1.0, parity="odd"))
    assert claim.exponent_sigma.item() == float(
        fits.claim_exponent_sigma.sel(efficiency=1.0, parity="odd")
    )
    assert (claim.window_lo.item(), claim.window_hi.item()) == (10.0, 40.0)


def test_count_distribution_mean_is_eta_times_mean_spin():
    """Eq. (13): <n> = eta <S> for every efficiency."""
    ds = counting_datasets.count_distribution_dataset(50, [1.0, 0.4])
    mean_s = dicke.dicke_populations(50) @ np.arange(51)
    np.testing.assert_allclose(ds.count_mean.values, [mean_s, 0.4 * mean_s], rtol=1e-12)


def test_combine_sweep_chunks_needs_chunks():
    with pytest.raises(ValueError, match="empty"):
        counting_datasets.combine_sweep_chunks([])


# --------------------------------------------------------------------------- guards, invariants
@pytest.mark.parametrize(
    "windows, claim, match",
    [
        ([[2, 20]], [40, 10], "claim_window"),  # reversed
        ([[2, 20]], [10, 400], "claim_window"),  # beyond the sweep (N <= 40)
        ([[2, 20]], [0, 40], "claim_window"),  # below the sweep (N >= 1)
        ([[2, 20]], [30, 33], "claim_window"),  # only 30, 32 even: the even fit would be NaN
        ([[20, 2]], [10, 40], r"windows\[0\]"),
        ([[2, 20], [10, 50]], [10, 40], r"windows\[1\]"),
        ([[2, math.nan]], [10, 40], r"windows\[0\]"),
    ],
)
def test_fit_windows_are_checked(fit_datasets, windows, claim, match):
    avg, _ = fit_datasets
    with pytest.raises(ValueError, match=match):
        counting_datasets.power_law_fits(avg["average_qfi"], windows, claim)


def test_power_law_fits_refuse_bad_averages(fit_datasets):
    avg, _ = fit_datasets
    bad = avg["average_qfi"].copy()
    bad[0, 3] = np.nan
    with pytest.raises(ValueError, match="average"):
        counting_datasets.power_law_fits(bad, [[2, 20]], [10, 40])
    with pytest.raises(TypeError, match="average"):
        counting_datasets.power_law_fits(avg, [[2, 20]], [10, 40])


def test_combine_refuses_holes_and_non_datasets(fit_datasets):
    avg, _ = fit_datasets
    parts = [avg.isel(n_atoms=slice(0, 10)), avg.isel(n_atoms=slice(20, None), efficiency=[0])]
    with pytest.raises(ValueError, match="chunks do not tile"):
        counting_datasets.combine_sweep_chunks(parts)
    with pytest.raises(TypeError, match="chunks"):
        counting_datasets.combine_sweep_chunks([avg["average_qfi"]])


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: counting_datasets.average_qfi_dataset([1, 2.5], [1.0]), "n_atoms"),
        (lambda: counting_datasets.average_qfi_dataset([1, 2], [1.5]), "efficiencies"),
        (lambda: counting_datasets.average_qfi_dataset([1, 2], []), "efficiencies"),
        (lambda: counting_datasets.count_distribution_dataset(10, [math.nan]), "efficiencies"),
        (lambda: counting_datasets.population_dataset(20, 5, [10, 0], 4), "scan_n_atoms"),
        (lambda: counting_datasets.population_dataset(20, 21, [10], 4), "spin_cut"),
        (lambda: counting_datasets.fits_table(None, None), "scaling"),
    ],
)
def test_dataset_arguments_are_checked_before_work(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_inset_memory_guard(monkeypatch):
    """F(|S,-S>) for every S needs len(S) x N/2 weights: too many for the RAM is refused."""
    monkeypatch.setattr(dicke, "machine_memory_mb", lambda: 1000.0)
    with pytest.raises(ValueError, match="n_atoms = 20000 is too large"):
        counting_datasets.inset_dataset(20000)

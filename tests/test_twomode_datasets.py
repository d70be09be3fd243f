"""Tests of spinbridge.twomode_datasets and .twomode_variance_datasets (Katz Figs. 3-6)."""

import math

import numpy as np
import pytest

from spinbridge import twomode, twomode_closed_forms, twomode_datasets, twomode_variance_datasets
from spinbridge.twomode_datasets import PAPER_VACUUM_VARIANCE

GAMMA = 3.0  # s^-1, not the paper's
PANELS = {
    "decoupled": {"J_over_gamma": 40.0, "Delta_over_J": 20.0, "t_max_gamma": 1.5, "storage": False},
    "strong": {"J_over_gamma": 30.0, "Delta_over_J": 0.0, "t_max_gamma": 0.5, "storage": True},
}


@pytest.fixture(scope="module")
def regimes():
    return twomode_datasets.regimes_dataset(
        GAMMA, PANELS, n_excitations=50.0, n_times=401, storage_delta_s=1e5
    )


def test_regimes_populations_start_coherent_and_decay(regimes):
    assert regimes.alkali_population.isel(step=0).values == pytest.approx([50.0, 50.0])
    assert regimes.noble_population.isel(step=0).values == pytest.approx([0.0, 0.0])
    # Eq. (28a): the amplitude decays at gamma, the excitation number at 2 gamma (1 - J^2/Delta^2)
    rate = float(regimes.alkali_decay_rate.sel(regime="decoupled"))
    assert rate == pytest.approx(2.0 * (1 - 1 / 20.0**2), rel=2e-3)
    assert math.isnan(float(regimes.alkali_decay_rate.sel(regime="strong")))
    # strong coupling: the total excitation decays at gamma (F3: shared relaxation)
    assert float(regimes.excitation_decay_rate.sel(regime="strong")) == pytest.approx(1.0, rel=0.02)


def test_regimes_storage_freezes_the_noble_population(regimes):
    s = regimes.sel(regime="strong")
    after = s.t > float(s.switch_time)
    stored = s.noble_population_stored.where(after, drop=True).values
    # |S_ba(T_pi)|^2 = exp(-pi gamma/2J) to first order, then frozen by |Delta| >> J
    assert stored[0] / 50.0 == pytest.approx(math.exp(-math.pi / 60.0), rel=2e-3)
    assert np.ptp(stored) / stored[0] < 1e-3
    assert np.isnan(regimes.noble_population_stored.sel(regime="decoupled")).all()


@pytest.fixture(scope="module")
def fock():
    return twomode_datasets.fock_exchange_dataset(
        GAMMA, 80.0, 3, [1, 3], t_max_over_transfer_time=2.0, n_times=201, storage_delta_s=1e5
    )


def test_fock_transfer_matches_library_and_first_order(fock):
    J = 80.0 * GAMMA
    t_pi = math.pi / (2 * J)
    for m in (1, 3):
        exact = twomode.fock_transfer_probability(J, GAMMA, m, t_pi)
        assert float(fock.fock_transfer_at_T_pi.sel(excitations=m)) == pytest.approx(exact)
        # Eq. (34): 1 - m pi gamma/2J to first order in gamma/J
        ratio = float(fock.fock_transfer_ratio.sel(excitations=m))
        assert abs(ratio - 1.0) < (m * math.pi / 160.0) ** 2
    assert float(fock.fock_transfer.isel(t=0)) == pytest.approx(0.0, abs=1e-12)
    assert fock.attrs["m"] == 3


def test_printed_formulas_show_their_slips(fock):
    # Eq. (31) without 1/sqrt(m!): m! times the fidelity; Eq. (33) as a product: m(m+1) excitations
    assert float(fock.eq31_printed_norm_ratio.sel(excitations=3)) == pytest.approx(6.0, rel=0.01)
    assert int(fock.eq33_printed_excitations.sel(excitations=3)) == 12
    # (F3) drops (gamma/2J) sin Jt: an error of order gamma/2J, so about 1/2 in units of gamma/J
    assert float(fock.f3_error_over_gamma_over_J) == pytest.approx(0.5, abs=0.03)
    # Eq. (35) misses -gamma/2J at T_pi/2 (twomode_closed_forms "first_order")
    first = twomode_closed_forms.coherent_fidelity_half_transfer(
        80 * GAMMA, GAMMA, 1, "first_order"
    )
    assert float(fock.half_transfer_weight_exact) == pytest.approx(first, abs=(1 / 80.0) ** 2)


def test_noise_at_transfer_is_F6_to_first_order(fock):
    exact = twomode_closed_forms.noise_excitation(80 * GAMMA, GAMMA, math.pi / 160 / GAMMA)
    assert float(fock.noise_excitation_exact) == pytest.approx(exact, rel=1e-9)
    assert abs(float(fock.noise_excitation_ratio) - 1.0) < 2.0 / 80.0


def test_storage_detuning_and_transfer_time():
    assert twomode_datasets.detuning_at_field(-3.0e5, 2.0) == pytest.approx(3.0e5)
    assert twomode_datasets.detuning_at_field(-3.0e5, 1.0) == 0.0
    assert twomode_datasets.transfer_time(10.0) == pytest.approx(math.pi / 20.0)


@pytest.fixture(scope="module")
def exchange():
    return twomode_variance_datasets.squeezing_exchange_dataset(
        GAMMA,
        70.0,
        5.0,
        {"pure": {"p_alkali": 1.0, "p_noble": 1.0}, "mixed": {"p_alkali": 0.9, "p_noble": 0.6}},
        t_max_over_transfer_time=2.0,
        n_times=101,
        storage_delta_s=1e5,
    )


def test_squeezing_exchange_initial_variances(exchange):
    pure, mixed = exchange.sel(case="pure"), exchange.sel(case="mixed")
    assert float(pure.initial_variance_X_A) == pytest.approx(10**-0.5 / 4)
    assert float(pure.initial_variance_P_B_db) == pytest.approx(0.0, abs=1e-12)
    # Sec. VI.B: 1/4p_A squeezed by the dB value, 1/4p_B = +10 log10(1/p_B) dB above vacuum
    assert float(mixed.initial_variance_X_A) == pytest.approx(10**-0.5 / (4 * 0.9))
    assert float(mixed.initial_variance_P_B) == pytest.approx(1 / (4 * 0.6))
    assert float(mixed.initial_variance_P_B_db) == pytest.approx(10 * math.log10(1 / 0.6))
    assert float(mixed.n_thermal_A) == pytest.approx(0.1 / 1.8)
    assert float(mixed.J) == pytest.approx(70.0 * GAMMA * math.sqrt(0.54))


def test_squeezing_exchange_transfers_to_P_B(exchange):
    pure = exchange.sel(case="pure")
    expected = PAPER_VACUUM_VARIANCE * twomode_closed_forms.transferred_variance_ratio(5.0, 70.0)
    assert float(pure.transfer_variance_P_B) == pytest.approx(expected, rel=5e-3)
    # after storage the P_B variance stays put
    late = pure.variance_P_B_stored.where(exchange.t > float(pure.T_pi), drop=True).values
    assert np.ptp(late) / late[0] < 1e-3


def test_squeezing_transfer_eq38_and_ideal_exchange():
    ds = twomode_variance_datasets.squeezing_transfer_dataset(
        GAMMA,
        [8.0, 120.0],
        max_squeezing_db=20.0,
        n_squeezing=11,
        solver_squeezing_db=[0.0, 4.0, 12.0],
        limit_squeezing_db=50.0,
    )
    eq38 = twomode_closed_forms.transferred_squeezing_db(12.0, 120.0)
    assert float(ds.transferred_squeezing_db.sel(J_over_gamma=120.0, squeezing_db=12.0)) == (
        pytest.approx(eq38, abs=0.05)
    )
    assert float(ds.transferred_squeezing_db.sel(J_over_gamma=8.0, squeezing_db=0.0)) == (
        pytest.approx(0.0, abs=1e-9)
    )
    assert float(ds.max_transferred_variance) < PAPER_VACUUM_VARIANCE
    lim = float(ds.limit_variance_over_eq38_limit.sel(J_over_gamma=120.0))
    assert lim == pytest.approx(1.0, abs=math.pi / 240.0)
    np.testing.assert_allclose(ds.ideal_P_B_over_initial_X_A, 1.0, rtol=1e-9)
    np.testing.assert_allclose(ds.ideal_X_B_over_initial_P_A, 1.0, rtol=1e-9)
    np.testing.assert_allclose(ds.ideal_alkali_variance, PAPER_VACUUM_VARIANCE, rtol=1e-9)


def test_magnetometer_limits_and_crossover():
    ds = twomode_variance_datasets.magnetometer_dataset(
        T_min=1e-4, T_max=1e4, n_times=161, J_over_Delta=0.0, squeezing_db=10.0
    )
    # vacuum: (1 - e^-y)^2 = 2y - 3 + 4e^-y - e^-2y at y = 1.16 (App. G)
    y = float(ds.crossover_time)
    assert (1 - math.exp(-y)) ** 2 == pytest.approx(
        2 * y - 3 + 4 * math.exp(-y) - math.exp(-2 * y), abs=2e-3
    )
    assert float(ds.eq42_ratio_short) == pytest.approx(1.0, abs=1e-4)
    assert float(ds.eq43_ratio_long) == pytest.approx(16 * math.sqrt(2), rel=1e-3)
    assert float(ds.slope_short) == pytest.approx(-1.0, abs=1e-3)
    assert float(ds.slope_long) == pytest.approx(-0.5, abs=1e-3)
    sq = ds.dB_init.sel(initial_state="squeezed") / ds.dB_init.sel(initial_state="vacuum")
    np.testing.assert_allclose(sq, 10 ** (-10.0 / 20), rtol=1e-12)


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"gamma_s": -1.0}, ValueError),
        ({"gamma_s": float("nan")}, ValueError),
        ({"n_times": 1}, ValueError),
        ({"n_times": 2.5}, ValueError),
        ({"n_excitations": "many"}, TypeError),
        ({"panels": {}}, ValueError),
        ({"storage_delta_s": float("inf")}, ValueError),
    ],
)
def test_regimes_dataset_rejects_bad_arguments(kwargs, error):
    args = {
        "gamma_s": GAMMA,
        "panels": PANELS,
        "n_excitations": 10.0,
        "n_times": 11,
        "storage_delta_s": 1e5,
    }
    args.update(kwargs)
    gamma, panels = args.pop("gamma_s"), args.pop("panels")
    with pytest.raises(error):
        twomode_datasets.regimes_dataset(gamma, panels, **args)


def test_other_datasets_reject_bad_arguments():
    with pytest.raises(ValueError, match="excitations"):
        twomode_datasets.fock_exchange_dataset(
            GAMMA, 50.0, 0, [1], t_max_over_transfer_time=1.0, n_times=5, storage_delta_s=1.0
        )
    with pytest.raises(ValueError, match="claim_excitations"):
        twomode_datasets.fock_exchange_dataset(
            GAMMA, 50.0, 1, [], t_max_over_transfer_time=1.0, n_times=5, storage_delta_s=1.0
        )
    with pytest.raises(ValueError, match="p_noble"):
        twomode_variance_datasets.squeezing_exchange_dataset(
            GAMMA,
            50.0,
            7.0,
            {"x": {"p_alkali": 1.0, "p_noble": 1.5}},
            t_max_over_transfer_time=1.0,
            n_times=5,
            storage_delta_s=1.0,
        )
    with pytest.raises(ValueError, match="pi/2"):
        twomode_variance_datasets.squeezing_transfer_dataset(
            GAMMA,
            [1.0],
            max_squeezing_db=10.0,
            n_squeezing=5,
            solver_squeezing_db=[1.0],
            limit_squeezing_db=20.0,
        )
    with pytest.raises(ValueError, match="T_min < T_max"):
        twomode_variance_datasets.magnetometer_dataset(
            T_min=10.0, T_max=1.0, n_times=5, J_over_Delta=0.1, squeezing_db=3.0
        )
    with pytest.raises(ValueError, match="squeezing_db"):
        twomode_variance_datasets.magnetometer_dataset(
            T_min=1.0, T_max=10.0, n_times=5, J_over_Delta=0.1, squeezing_db=-3.0
        )

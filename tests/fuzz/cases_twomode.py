"""Valid example calls of the two-mode modules: twomode, twomode_closed_forms, magnetometer and
the two-mode datasets (twomode_datasets, twomode_variance_datasets).

One fast call per public function (Katz 2022 Sec. V-VI, App. F, G; Figs. 3-6 with few time
points). Detunings may be negative; decay rates, times, squeezing, occupations and Fock numbers
may be zero.
"""

import numpy as np

from tests.fuzz.cases import case

_T = np.linspace(0.0, 2.0, 5)
_V0 = np.diag([0.2, 1.25, 0.6, 0.6])
_RATES = dict(J_s=1.3, gamma_s=0.05)
_ZERO_OK = ("gamma_s", "gamma_B_s", "n_thermal_A", "n_thermal_B", "squeezing_db")
_GAMMA = 3.0  # s^-1, a fast small cell (as tests/test_twomode_datasets.py)
_PANELS = {
    "decoupled": {"J_over_gamma": 40.0, "Delta_over_J": 20.0, "t_max_gamma": 1.5, "storage": False},
    "strong": {"J_over_gamma": 30.0, "Delta_over_J": 0.0, "t_max_gamma": 0.5, "storage": True},
}
_POLARIZATIONS = {
    "ideal": {"p_alkali": 1.0, "p_noble": 1.0},
    "warm": {"p_alkali": 0.9, "p_noble": 0.7},
}

CASES = [
    case(
        "twomode",
        "drift_matrix",
        may_be_negative=("delta_s",),
        may_be_zero=_ZERO_OK,
        delta_s=0.4,
        gamma_B_s=0.01,
        **_RATES,
    ),
    case(
        "twomode",
        "evolve_means",
        may_be_negative=("delta_s", "delta_after_s", "a0"),
        may_be_zero=(*_ZERO_OK, "switch_time_s"),
        t_s=_T,
        a0=1.0,
        delta_s=0.3,
        switch_time_s=1.0,
        delta_after_s=-40.0,
        gamma_B_s=0.01,
        **_RATES,
    ),
    case(
        "twomode",
        "evolve_covariance",
        may_be_negative=("delta_s", "delta_after_s"),
        may_be_zero=(*_ZERO_OK, "switch_time_s"),
        t_s=_T,
        cov0=_V0,
        delta_s=0.3,
        switch_time_s=1.0,
        delta_after_s=40.0,
        gamma_B_s=0.01,
        n_thermal_A=0.03,
        n_thermal_B=0.2,
        **_RATES,
    ),
    case(
        "twomode",
        "squeezed_covariance",
        may_be_zero=_ZERO_OK,
        squeezing_db=7.0,
        n_thermal_A=0.03,
        n_thermal_B=0.2,
    ),
    case("twomode", "noise_occupation", polarization=0.95),
    case("twomode", "vacuum_covariance"),
    case(
        "twomode",
        "fock_transfer_probability",
        may_be_negative=("delta_s", "delta_after_s"),
        may_be_zero=("gamma_s", "m", "t_s", "switch_time_s"),
        m=2,
        t_s=1.2,
        delta_s=0.1,
        switch_time_s=0.6,
        delta_after_s=50.0,
        **_RATES,
    ),
    case(
        "twomode",
        "fock_distribution",
        may_be_negative=("delta_s",),
        may_be_zero=("gamma_s", "m", "t_s", "n_max"),
        m=3,
        t_s=0.9,
        n_max=4,
        delta_s=0.2,
        **_RATES,
    ),
    case(
        "twomode_closed_forms",
        "fock_transfer_first_order",
        may_be_zero=("gamma_s", "m"),
        m=2,
        **_RATES,
    ),
    case(
        "twomode_closed_forms",
        "coherent_fidelity_half_transfer",
        may_be_zero=("gamma_s", "m"),
        m=1,
        form="exact",
        **_RATES,
    ),
    case(
        "twomode_closed_forms",
        "transferred_variance_ratio",
        may_be_zero=("squeezing_db",),
        squeezing_db=7.0,
        J_over_gamma=55.0,
    ),
    case(
        "twomode_closed_forms",
        "transferred_squeezing_db",
        may_be_zero=("squeezing_db",),
        squeezing_db=7.0,
        J_over_gamma=55.0,
    ),
    case(
        "twomode_closed_forms", "noise_excitation_at_transfer", may_be_zero=("gamma_s",), **_RATES
    ),
    case(
        "twomode_closed_forms",
        "noise_excitation",
        may_be_zero=("gamma_s", "t_s"),
        t_s=1.0,
        **_RATES,
    ),
    case(
        "magnetometer",
        "dressed_noble_decay_rate",
        may_be_negative=("delta_s",),
        may_be_zero=("gamma_B_s", "gamma_A_s"),
        gamma_B_s=1e-4,
        gamma_A_s=50.0,
        J_s=10.0,
        delta_s=-300.0,
    ),
    case(
        "magnetometer",
        "magnetometer_sensitivity",
        may_be_negative=("J_over_delta", "rho"),
        may_be_zero=("variance_P_B", "variance_P_A"),
        T=0.5,
        gamma_B_eff=1.0,
        variance_P_B=0.2,
        variance_P_A=1.0,
        J_over_delta=0.1,
        g_B=1.0,
        polarized_spins_B=1.0,
        rho=0.01,
    ),
    # twomode_datasets (Figs. 3, 4(a), Sec. VI.A)
    case("twomode_datasets", "check_times", n_times=5, t_max_s=2.0),
    case("twomode_datasets", "check_names", mapping={"a": 1}, name="panels"),
    case("twomode_datasets", "transfer_time", J_s=400.0),
    case(
        "twomode_datasets",
        "detuning_at_field",
        may_be_negative=("delta_c_rad_s", "field_over_resonance"),
        delta_c_rad_s=-2.0e5,
        field_over_resonance=2.0,
    ),
    case(
        "twomode_datasets",
        "regimes_dataset",
        may_be_negative=("storage_delta_s",),
        gamma_s=_GAMMA,
        panels=_PANELS,
        n_excitations=50.0,
        n_times=11,
        storage_delta_s=1e5,
    ),
    case(
        "twomode_datasets",
        "fock_exchange_dataset",
        may_be_negative=("storage_delta_s",),
        gamma_s=_GAMMA,
        J_over_gamma=50.0,
        excitations=2,
        claim_excitations=[1, 2],
        t_max_over_transfer_time=2.0,
        n_times=9,
        storage_delta_s=1e3,
    ),
    # twomode_variance_datasets (Figs. 4(b), 5, 6)
    case(
        "twomode_variance_datasets",
        "squeezing_exchange_dataset",
        may_be_negative=("storage_delta_s",),
        may_be_zero=("squeezing_db",),
        gamma_s=_GAMMA,
        J_over_gamma=50.0,
        squeezing_db=7.0,
        polarizations=_POLARIZATIONS,
        t_max_over_transfer_time=2.0,
        n_times=9,
        storage_delta_s=1e3,
    ),
    case(
        "twomode_variance_datasets",
        "squeezing_transfer_dataset",
        gamma_s=_GAMMA,
        J_over_gamma=[20.0, 55.0],
        max_squeezing_db=10.0,
        n_squeezing=5,
        solver_squeezing_db=[0.0, 7.0],
        limit_squeezing_db=20.0,
    ),
    case(
        "twomode_variance_datasets",
        "magnetometer_dataset",
        may_be_negative=("J_over_Delta",),
        may_be_zero=("squeezing_db",),
        T_min=0.1,
        T_max=100.0,
        n_times=7,
        J_over_Delta=0.1,
        squeezing_db=3.0,
    ),
]

"""Valid example calls of the two-mode modules: twomode, twomode_closed_forms, magnetometer.

One fast call per public function (Katz 2022 Sec. V-VI, App. F, G). Detunings may be negative;
decay rates, times, squeezing, occupations and Fock numbers may be zero.
"""

import numpy as np

from tests.fuzz.cases import case

_T = np.linspace(0.0, 2.0, 5)
_V0 = np.diag([0.2, 1.25, 0.6, 0.6])
_RATES = dict(J_s=1.3, gamma_s=0.05)
_ZERO_OK = ("gamma_s", "gamma_B_s", "n_thermal_A", "n_thermal_B", "squeezing_db")

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
]

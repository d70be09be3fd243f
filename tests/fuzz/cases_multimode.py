"""Valid example calls of the multimode modules: multimode (Katz 2022 Eq. (27), Fig. 7).

One fast call per public function on a 2 + 2-mode system. Detunings may be negative; decay rates,
times, squeezing, occupations and Fock numbers may be zero.
"""

import numpy as np

from tests.fuzz.cases import case

_T = np.linspace(0.0, 2.0, 5)
_SYSTEM = dict(
    coupling_s=np.array([[1.0, 0.4], [-0.3, 0.7]]),
    alkali_rates_s=np.array([0.2, 0.5]),
    noble_rates_s=np.array([0.0, 0.3]),
)
_SCHEDULE = dict(delta_s=0.3, switch_time_s=1.0, delta_after_s=-40.0)
_ZERO_OK = ("n_thermal_A", "n_thermal_B", "squeezing_db", "switch_time_s")

CASES = [
    case("multimode", "multimode_drift", may_be_negative=("delta_s",), delta_s=0.4, **_SYSTEM),
    case(
        "multimode",
        "evolve_means_multimode",
        may_be_negative=("delta_s", "delta_after_s"),
        may_be_zero=_ZERO_OK,
        t_s=_T,
        a0=np.array([1.0, 0.5j]),
        b0=np.zeros(2),
        **_SCHEDULE,
        **_SYSTEM,
    ),
    case(
        "multimode",
        "evolve_covariance_multimode",
        may_be_negative=("delta_s", "delta_after_s"),
        may_be_zero=_ZERO_OK,
        t_s=_T,
        cov0=np.eye(8) / 2,
        n_thermal_A=0.03,
        n_thermal_B=0.2,
        output_modes=(("alkali", np.array([0.6, 0.8])), ("noble", 0)),
        **_SCHEDULE,
        **_SYSTEM,
    ),
    case(
        "multimode",
        "initial_covariance_multimode",
        may_be_zero=_ZERO_OK,
        n_A=2,
        n_B=3,
        n_thermal_A=0.05,
        n_thermal_B=0.17,
        squeezing_db=7.0,
        alkali_uniform_projection=np.array([0.6, 0.7]),
    ),
    case(
        "multimode",
        "fock_distribution_multimode",
        may_be_negative=("delta_s", "delta_after_s"),
        may_be_zero=(*_ZERO_OK, "m", "n_max", "initial_occupation_A", "initial_occupation_B"),
        t_s=_T,
        m=2,
        source_weights=np.array([0.6, 0.8]),
        target_weights=np.array([1.0, 0.0]),
        n_max=4,
        n_thermal_A=0.03,
        n_thermal_B=0.2,
        initial_occupation_A=0.05,
        initial_occupation_B=0.17,
        **_SCHEDULE,
        **_SYSTEM,
    ),
]

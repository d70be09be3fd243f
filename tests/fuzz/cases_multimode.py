"""Valid example calls of the multimode modules: multimode (Katz 2022 Eq. (27), Fig. 7) and the
multimode datasets (multimode_datasets, multimode_variance_datasets).

One fast call per public function on a 2 + 2-mode system; the datasets on the K-3He cell of
config/smoke.yaml with 2-4 modes and few time points. Detunings may be negative; decay rates,
times, squeezing, occupations and Fock numbers may be zero.
"""

from pathlib import Path

import numpy as np
import yaml

from spinbridge.cells import cell_parameters
from spinbridge.multimode_variance_datasets import multimode_convergence_dataset
from tests.fuzz.cases import case

_CONFIG = Path(__file__).resolve().parents[2] / "config" / "smoke.yaml"
_CELL = cell_parameters(**yaml.safe_load(_CONFIG.read_text())["cells"]["K-3He"]).assign_attrs(
    cell="K-3He"
)
_CELLS = {"K-3He": _CELL}
_BOUNDS = dict(alkali_boundary="dirichlet", noble_boundary="neumann")
_STATED = {"alkali": 0.05, "noble": 0.17}
_FIG7 = dict(
    n_modes=2,
    stated_occupations=_STATED,
    t_max_over_transfer_time=1.5,
    n_times=3,
    storage_field_over_resonance=2.0,
    **_BOUNDS,
)
_FIG7_NEGATIVE_OK = ("storage_field_over_resonance",)
_CONVERGENCE = dict(excitations=1, squeezing_db=7.0, stated_occupations=_STATED, **_BOUNDS)
_PARTS = [multimode_convergence_dataset(_CELL, n, **_CONVERGENCE) for n in (2, 3)]

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
    # multimode_datasets (Figs. 1(d), 7(a))
    case("multimode_datasets", "occupations", cell=_CELL, stated=_STATED),
    case("multimode_datasets", "cell_modes", cell=_CELL, n_modes=3, **_BOUNDS),
    case(
        "multimode_datasets",
        "diffusion_modes_dataset",
        cells=_CELLS,
        n_modes=4,
        profile_modes=2,
        profile_points=5,
        **_BOUNDS,
    ),
    case(
        "multimode_datasets",
        "multimode_fock_dataset",
        may_be_negative=_FIG7_NEGATIVE_OK,
        cells=_CELLS,
        excitations=1,
        **_FIG7,
    ),
    # multimode_variance_datasets (Fig. 7(b), Sec. VII.B truncation check)
    case(
        "multimode_variance_datasets",
        "multimode_squeezed_dataset",
        may_be_negative=_FIG7_NEGATIVE_OK,
        may_be_zero=("squeezing_db",),
        cells=_CELLS,
        squeezing_db=7.0,
        **_FIG7,
    ),
    case(
        "multimode_variance_datasets",
        "multimode_convergence_dataset",
        may_be_zero=("squeezing_db",),
        cell=_CELL,
        n_modes=2,
        **_CONVERGENCE,
    ),
    case("multimode_variance_datasets", "merge_convergence", parts=_PARTS, figure_n_modes=2),
]

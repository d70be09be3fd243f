"""Valid example calls of the pairs stage's dataset and cost modules: pair_datasets (Fig. 1(d),
Eqs. (3)-(6)), pair_sensitivity_datasets (Figs. 2-3, Eqs. (4)-(7)) and pair_costs (Sundar et al.
2023).

One fast call per public function: few atoms, short grids, the fewest trajectories. Times and
seeds may be zero; seeds have no upper bound.
"""

import numpy as np

from spinbridge import pair_chain, pair_decoherence_scans, pair_sensitivity_datasets
from tests.fuzz.cases import case

_T = np.linspace(0.0, 3.0, 7)
_X = [0.2, 0.4, 0.8]
_MOMENTS = pair_chain.chain_moments(8, [0.0, 1.0])
_SCAN = pair_sensitivity_datasets.scan_dataset(400, 10.0, _X, n_traj=128, seed=0)
_RUN = pair_decoherence_scans.decoherence_sensitivity(400, 10.0, [0.3], _T, n_traj=128, seed=0)
_EXPERIMENT = pair_sensitivity_datasets.experiment_dataset(
    1e4, [1e3], kappa_hz=1e5, g_hz=3.0, gamma_hz=2e-3
)
_TWA = dict(n_traj=20, seed=1, pumps="fock", step=0.05)

CASES = [
    case(
        "pair_datasets",
        "phase_variance_from_squeezing",
        may_be_zero=("xi2", "nbar"),
        xi2=0.4,
        nbar=3.0,
        N=100,
    ),
    case("pair_datasets", "upa_dataset", n_atoms=[20, 40], nchi_t=_T, phases_rad=[0.0, 0.2]),
    case(
        "pair_datasets",
        "exact_dataset",
        may_be_zero=("early_nchi_t",),
        N=20,
        nchi_t=_T,
        pumps="fock",
        departure_rel_dev=0.1,
        early_nchi_t=1.0,
    ),
    case(
        "pair_datasets",
        "twa_dataset",
        may_be_zero=("early_nchi_t", "seed"),
        unbounded=("seed",),
        N=20,
        nchi_t=_T,
        departure_rel_dev=0.1,
        early_nchi_t=1.0,
        **_TWA,
    ),
    case(
        "pair_datasets",
        "levels_dataset",
        may_be_zero=("seed",),
        unbounded=("seed",),
        N=20,
        nchi_t=_T,
        **_TWA,
    ),
    case(
        "pair_datasets",
        "merge_atoms",
        parts=[_SCAN.assign_attrs(N=400), _SCAN.assign_attrs(N=800)],
        largest=["opt_N34_dphi"],
    ),
    case(
        "pair_sensitivity_datasets",
        "ramsey_dataset",
        N=10,
        nchi_t=[0.0, 1.0],
        phi=[-0.5, 0.5],
        pumps="fock",
    ),
    case("pair_sensitivity_datasets", "sql_crossing_phase", moments=_MOMENTS, protocol="sum"),
    case(
        "pair_sensitivity_datasets",
        "scan_dataset",
        may_be_zero=("seed",),
        unbounded=("seed",),
        N=400,
        C=10.0,
        delta_over_sqrtN_kappa=_X,
        n_traj=128,
        seed=0,
        pumps="fock",
        step=0.1,
    ),
    case(
        "pair_sensitivity_datasets",
        "experiment_dataset",
        n_atoms=1e4,
        collective_cooperativities=[1e3],
        kappa_hz=1e5,
        g_hz=3.0,
        gamma_hz=2e-3,
    ),
    case(
        "pair_sensitivity_datasets",
        "decoherence_dataset",
        detunings=[_RUN],
        scans_by_n=[_SCAN],
        experiment=_EXPERIMENT,
    ),
    case("pair_costs", "exact_cost", N=1000),
    case("pair_costs", "twa_cost", n_traj=100, levels=4, nchi_t_max=8.0, step=0.02),
    case("pair_costs", "decoherence_cost", n_traj=128, n_detunings=3, N=1000),
]

"""Valid example calls of the decoherence stage of Sundar et al. (2023): pair_decoherence,
pair_decoherence_scans and pair_decoherence_estimates.

One fast call per public function (Fig. 3, Eq. (7)) at parameters the paper never used, with few
trajectories and short times. Decay rates may be zero, the Zeeman splitting any real; the seed
has no upper bound (any non-negative integer seeds numpy's generator).
"""

from tests.fuzz.cases import case

_RUN = dict(n_traj=128, seed=3, step=0.1)

CASES = [
    case(
        "pair_decoherence",
        "decoherence_dynamics",
        may_be_negative=("delta_over_nchi",),
        may_be_zero=(
            "Gamma_over_nchi",
            "gamma_over_nchi",
            "dephasing_over_nchi",
            "delta_over_nchi",
            "seed",
        ),
        unbounded=("seed",),
        N=12,
        nchi_t=[0.0, 0.4, 0.8],
        Gamma_over_nchi=0.03,
        gamma_over_nchi=0.05,
        dephasing_over_nchi=0.02,
        delta_over_nchi=0.45,
        **_RUN,
    ),
    case(
        "pair_decoherence_scans",
        "decoherence_sensitivity",
        may_be_zero=("seed",),
        unbounded=("seed",),
        N=200,
        C=3.0,
        delta_over_sqrtN_kappa=0.4,
        nchi_t=[0.0, 0.5, 1.0],
        **_RUN,
    ),
    case(
        "pair_decoherence_scans",
        "best_sensitivity_scan",
        may_be_zero=("seed",),
        unbounded=("seed",),
        N=200,
        C=3.0,
        delta_over_sqrtN_kappa=0.4,
        nchi_t_max=2.0,
        **_RUN,
    ),
    case(
        "pair_decoherence_scans",
        "best_detuning",
        may_be_zero=("seed",),
        unbounded=("seed",),
        N=10_000,
        C=2.0,
        **_RUN,
    ),
    case("pair_decoherence_scans", "default_times", N=300),
    case("pair_decoherence_estimates", "cavity_rates", N=2e4, C=1.5, delta_over_sqrtN_kappa=0.3),
    case("pair_decoherence_estimates", "cooperativity", g_hz=3.0, kappa_hz=9e4, gamma_hz=2e-3),
    case("pair_decoherence_estimates", "adjusted_coupling", g0_hz=3.0, F=3.5),
    case("pair_decoherence_estimates", "eq7_sensitivity", N=2e5, C=1.5),
    case("pair_decoherence_estimates", "eq7_optimal_detuning", N=2e5, C=1.5),
    case(
        "pair_decoherence_estimates",
        "experiment_estimates",
        N=2e5,
        C=1.5,
        kappa_hz=9e4,
        g_hz=3.0,
    ),
]

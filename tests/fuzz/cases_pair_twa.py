"""Valid example calls of the pair-production TWA modules: pair_twa and strontium_levels.

One fast call per public function (Sundar 2023, Eq. (1) and the 87Sr F = 9/2 -> F' = 9/2
manifold). Sublevels m and photon components q may be negative; the output time, the seed and q
may be zero; the seed has no size guard.
"""

from tests.fuzz.cases import case

CASES = [
    case(
        "pair_twa",
        "twa_squeezing",
        may_be_zero=("nchi_t", "seed"),
        unbounded=("seed",),
        N=100,
        nchi_t=0.5,
        n_traj=50,
        seed=0,
        levels=4,
        pumps="fock",
        step=0.05,
    ),
    case(
        "strontium_levels",
        "clebsch_gordan",
        may_be_negative=("m", "q"),
        m=-3.5,
        q=1,
        F=4.5,
        F_prime=4.5,
    ),
    case("strontium_levels", "sublevels", F=4.5),
    case("strontium_levels", "transition_matrix", may_be_negative=("q",), q=1, F=4.5, F_prime=3.5),
    case("strontium_levels", "mode_index", may_be_negative=("m",), state="e", m=3.5, F=4.5),
    case("strontium_levels", "coupling_matrices", F=4.5),
]

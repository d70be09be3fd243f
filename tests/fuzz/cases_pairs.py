"""Valid example calls of the pair-production modules: pair_chain (exact chain of Sundar et al.
2023, Eqs. (1)-(2)) and pairs (UPA, Eqs. (3)-(6), Ramsey protocols of Fig. 2).

One fast call per public function, with few atoms. Zeeman splittings and phases may be negative
or zero; times may be zero; pump occupations of a chain may be zero.
"""

from spinbridge import pair_chain
from tests.fuzz.cases import case

_MOMENTS = pair_chain.chain_moments(8, [0.0, 1.0, 2.0])

CASES = [
    case(
        "pair_chain",
        "chain_hamiltonian",
        may_be_negative=("delta_over_chi",),
        may_be_zero=("n_a", "n_b", "delta_over_chi"),
        n_a=3,
        n_b=5,
        delta_over_chi=4.0,
    ),
    case(
        "pair_chain",
        "chain_moments",
        may_be_negative=("delta_over_nchi",),
        may_be_zero=("nchi_t", "delta_over_nchi"),
        N=8,
        nchi_t=1.5,
        pumps="coherent",
        delta_over_nchi=0.5,
        pump_nodes=4,
    ),
    case(
        "pair_chain",
        "exact_squeezing",
        may_be_negative=("delta_over_nchi",),
        may_be_zero=("nchi_t", "delta_over_nchi"),
        N=10,
        nchi_t=2.0,
        pumps="fock",
        delta_over_nchi=0.5,
        pump_nodes=6,
    ),
    case(
        "pair_chain",
        "exact_squeezing_minimum",
        may_be_negative=("delta_over_nchi",),
        may_be_zero=("delta_over_nchi",),
        N=20,
        pumps="fock",
        quadrature="optimal",
        delta_over_nchi=0.5,
        pump_nodes=6,
    ),
    case("pairs", "upa_moments", may_be_zero=("nchi_t",), nchi_t=2.0),
    case(
        "pairs",
        "upa_phase_variance",
        may_be_negative=("phi",),
        may_be_zero=("nchi_t", "phi"),
        N=100,
        nchi_t=2.0,
        phi=0.3,
        form="depleted",
    ),
    case(
        "pairs",
        "beyond_upa_phase_variance",
        may_be_negative=("phi",),
        may_be_zero=("phi",),
        N=100,
        nbar=5.0,
        phi=0.3,
        form="paper",
    ),
    case("pairs", "beyond_upa_optimum", N=100),
    case(
        "pairs",
        "ramsey_signal",
        may_be_negative=("phi",),
        may_be_zero=("phi",),
        moments=_MOMENTS,
        phi=0.3,
        protocol="sum",
    ),
    case(
        "pairs",
        "upa_departure",
        N=100,
        rel_dev=0.1,
        pumps="fock",
        quadrature="fixed",
        delta_over_nchi=0.5,
        may_be_negative=("delta_over_nchi",),
        pump_nodes=6,
    ),
]

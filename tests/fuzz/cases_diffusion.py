"""Valid example calls of spinbridge.diffusion (Katz 2022 Sec. IV.D, App. E, Fig. 1(d)).

One fast call per public function (two for sphere_modes: the Robin wall has its own argument).
Radii, diffusion coefficients, h and reference rates must be > 0; the base rate and a radius of
a profile (the centre) may be zero. Mode sets are built once, at import; datasets are not fuzzed.
"""

from spinbridge import diffusion
from tests.fuzz.cases import case

_ALKALI = diffusion.sphere_modes(1.0, 0.05, 6, "dirichlet", base_rate_s=10.0)
_NOBLE = diffusion.sphere_modes(1.0, 0.6, 8, "neumann")

CASES = [
    case(
        "diffusion",
        "sphere_modes",
        may_be_zero=("base_rate_s",),
        radius_cm=1.0,
        diffusion_cm2_s=0.05,
        n_modes=6,
        boundary="dirichlet",
        base_rate_s=10.0,
    ),
    case(
        "diffusion",
        "sphere_modes",
        may_be_zero=("base_rate_s",),
        radius_cm=2.0,
        diffusion_cm2_s=0.6,
        n_modes=5,
        boundary="robin",
        base_rate_s=0.0,
        robin_h_per_cm=0.3,
    ),
    case("diffusion", "radial_profiles", may_be_zero=("r_cm",), modes=_ALKALI, r_cm=0.5),
    case("diffusion", "overlaps", alkali_modes=_ALKALI, noble_modes=_NOBLE),
    case("diffusion", "uniform_projection", modes=_ALKALI),
    case("diffusion", "modes_slower_than", modes=_NOBLE, rate_s=100.0),
    case("diffusion", "rates_over", modes=_NOBLE, rate_s=100.0),
]

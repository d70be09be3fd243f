"""Valid example calls of the Katz modules: species, cells, collisions, collision_fits and the rest.

One call (two where a function has two paths) per public function, small enough to run in
milliseconds. Arrays and datasets are built here once, at import; only the numeric keywords are
fuzzed (tests/test_library_fuzz.py).
"""

import numpy as np

from spinbridge import cells, collision_fits, collisions
from tests.fuzz.cases import case

# ----------------------------------------------------------------------------- shared inputs
_CELL = dict(
    alkali="Cs133",
    noble="Xe129",
    n_alkali_cm3=2.0e13,
    n_noble_cm3=3.0e18,
    p_alkali=0.6,
    p_noble=0.1,
    radius_cm=1.0,
    D_alkali_cm2_s=0.3,
)
_CELL_DS = cells.cell_parameters(
    **_CELL, kappa0=700.0, phi_mean_rad=1e-3, sigma_SR_v_cm3_s=1e-16, sigma_SD_v_alkali_cm3_s=1e-13
)

_C0 = collisions.initial_state(2, 6, "symmetric")
_PARTNERS, _PHIS = collisions.draw_stream(2, 6, 0.05, 0.05, 4, seed=0)
_PAIRS = np.full(6, 1 / np.sqrt(6), complex)  # packed amplitudes of 4 spins

_T = np.linspace(0.0, 100.0, 101)
_F10 = 0.5 + 0.45 * np.exp(-2e-3 * _T) * np.cos(0.2 * _T)
_DECAY = 0.8 * np.exp(-0.03 * _T) + 0.1
_F01 = 0.7 * np.exp(-2e-3 * _T) * np.sin(0.05 * _T) ** 2

_SIM = dict(n_alkali=3, n_noble=12, phi_mean=0.05, phi_std=0.05, n_steps=20, record_every=5)
_SIM_FREE = dict(may_be_negative=("detuning",), may_be_zero=("phi_mean", "phi_std", "seed"))
_PANEL = collisions.simulate(4, 16, 0.1, 0.1, 400, record_every=2, seed=1)
_MEMBERS = {
    "X": [collision_fits.rates_member("exchange", 4, 16, 0.1, 0.1, 400, 2, seed=s) for s in (0, 1)]
}
_RATES = collision_fits.rates_summary(_MEMBERS)

_PHI = dict(may_be_zero=("phi_mean", "phi_std"), unbounded=("n_noble",))  # closed forms

CASES = [
    # species
    case("species", "slowing_down_factor", may_be_zero=("I", "p"), I=1.5, p=0.5),
    case("species", "sigma_v_phi_from_kappa0", kappa0=6.0, noble="He3"),
    # cells, cell_rates
    case(
        "cells",
        "cell_parameters",
        may_be_zero=("phi_std_rad", "sigma_SR_v_cm3_s", "sigma_SD_v_alkali_cm3_s"),
        may_be_negative=("temperature_C",),
        **_CELL,
        kappa0=700.0,
        phi_mean_rad=1e-3,
        phi_std_rad=5e-4,
        sigma_SR_v_cm3_s=1e-16,
        sigma_SD_v_alkali_cm3_s=1e-13,
        D_noble_cm2_s=0.6,
        T2_noble_s=1000.0,
        temperature_C=150.0,
        volume_cm3=4.0,
        sweep_points=5,
    ),
    case(
        "cells",
        "cell_parameters",
        **_CELL,
        sigma_v_phi_cm3_s=2e-14,
        k_SE_cm3_s=1e-19,
        gamma_alkali_s=17.5,
        gamma_noble_s=1e-2,
    ),
    case(  # k_SE given and the angle cross-check, gamma of Eq. (28), diffusion estimates
        "cells",
        "cell_parameters",
        may_be_zero=("D0_temperature_exponent",),
        may_be_negative=("temperature_C",),
        **_CELL,
        sigma_v_phi_cm3_s=2e-14,
        k_SE_cm3_s=1e-19,
        phi_mean_rad=1e-5,
        gamma_total_s=17.5,
        T2_noble_s=3.6e5,
        temperature_C=215.0,
        D0_alkali_cm2_s=0.35,
        D0_noble_cm2_s=1.8,
        D0_temperature_K=273.15,
        D0_temperature_exponent=1.5,
    ),
    case(
        "cell_rates",
        "exchange_rate",
        zeta_cm3_s=3e-15,
        q=3.0,
        p_alkali=0.5,
        p_noble=0.2,
        n_alkali_cm3=1e14,
        n_noble_cm3=1e19,
    ),
    case(
        "cell_rates",
        "collisional_shift",
        zeta_cm3_s=3e-15,
        q=3.0,
        p_alkali=0.5,
        p_noble=0.2,
        n_alkali_cm3=1e14,
        n_noble_cm3=1e19,
    ),
    case(
        "cell_rates",
        "resonance_field",
        may_be_negative=("delta_c_rad_s",),
        delta_c_rad_s=100.0,
        g_alkali_rad_s_G=4e6,
        g_noble_rad_s_G=2e4,
    ),
    case(
        "cell_rates",
        "interaction_strength",
        alkali="K39",
        noble="He3",
        p_alkali=0.9,
        sigma_v_phi_cm3_s=2e-14,
    ),
    case(
        "cell_rates",
        "interaction_strength",
        alkali="Rb87",
        noble="Xe129",
        p_alkali=0.5,
        kappa0=540.0,
    ),
    case(
        "cell_rates",
        "spin_exchange_coefficient",
        may_be_zero=("phi_std_rad",),
        sigma_v_phi_cm3_s=2e-14,
        phi_mean_rad=1e-5,
        phi_std_rad=1e-5,
    ),
    case("cell_rates", "spin_exchange_coefficient", sigma_v_phi_cm3_s=2e-14, k_SE_cm3_s=1e-19),
    case(
        "cell_rates",
        "alkali_relaxation_rate",
        may_be_zero=("sigma_SR_v_cm3_s", "sigma_SD_v_alkali_cm3_s"),
        n_alkali_cm3=1e14,
        n_noble_cm3=1e19,
        k_SE_cm3_s=1e-19,
        sigma_SR_v_cm3_s=1e-18,
        sigma_SD_v_alkali_cm3_s=1e-13,
    ),
    case(
        "cell_rates",
        "alkali_relaxation_rate",
        n_alkali_cm3=1e14,
        n_noble_cm3=1e19,
        k_SE_cm3_s=None,
        gamma_alkali_s=17.5,
    ),
    case(
        "cell_rates",
        "noble_relaxation_rate",
        k_SE_cm3_s=1e-19,
        n_alkali_cm3=1e14,
        T2_noble_s=100.0,
    ),
    case(
        "cell_rates",
        "noble_relaxation_rate",
        k_SE_cm3_s=None,
        n_alkali_cm3=1e14,
        gamma_noble_s=1e-2,
    ),
    case("cell_rates", "diffusion_rate", D_alkali_cm2_s=0.1, radius_cm=1.0),
    case(
        "cell_rates",
        "alkali_rate_from_total",
        gamma_total_s=17.5,
        D_alkali_cm2_s=0.054,
        radius_cm=2.54,
    ),
    case(
        "cell_rates",
        "scaled_diffusion_coefficient",
        may_be_zero=("temperature_exponent",),
        D0_cm2_s=1.8,
        temperature_K=488.15,
        buffer_density_cm3=2e20,
        reference_temperature_K=273.15,
        temperature_exponent=1.5,
    ),
    case(
        "cell_rates", "density_sweep", n_alkali_cm3=1e14, sweep_decades=(-1.0, 1.0), sweep_points=7
    ),
    case("cells", "parameter_table", cells={"Cs-Xe": _CELL_DS}),
    # collision_theory (closed forms: any number of noble-gas spins)
    case("collision_theory", "bunching_times", j=0.01, t_max=500.0, may_be_zero=("t_max",)),
    case("collision_theory", "exchange_rate", **_PHI, n_alkali=4, n_noble=40, phi_mean=0.01),
    case(
        "collision_theory",
        "residual_detuning",
        **_PHI,
        n_alkali=4,
        n_noble=40,
        phi_mean=0.01,
        resonance="paper",
    ),
    case(
        "collision_theory",
        "zeeman_phase",
        may_be_zero=("phi_mean",),
        may_be_negative=("detuning",),
        unbounded=("n_noble",),
        n_alkali=4,
        n_noble=40,
        phi_mean=0.01,
        resonance="exact",
        detuning=0.1,
    ),
    case(
        "collision_theory",
        "alpha_derived",
        **_PHI,
        phi_mean=0.01,
        phi_std=0.01,
        n_alkali=4,
        n_noble=40,
    ),
    case(
        "collision_theory",
        "decay_rate_alkali",
        **_PHI,
        phi_mean=0.01,
        phi_std=0.02,
        n_alkali=4,
        n_noble=40,
    ),
    case(
        "collision_theory",
        "decay_rate_noble",
        **_PHI,
        n_alkali=4,
        n_noble=40,
        phi_mean=0.01,
        phi_std=0.01,
    ),
    case(
        "collision_theory",
        "stochastic_population",
        may_be_zero=("phi_mean", "phi_std", "t"),
        phi_mean=0.01,
        phi_std=0.01,
        t=100.0,
    ),
    case(
        "collision_theory",
        "two_mode_populations",
        may_be_zero=("t",),
        may_be_negative=("delta",),
        t=10.0,
        j=0.1,
        delta=0.05,
    ),
    case(
        "collision_theory",
        "hom_populations",
        may_be_zero=("jt",),
        may_be_negative=("delta_over_j",),
        unbounded=("n_alkali", "n_noble"),
        jt=0.5,
        n_alkali=30,
        n_noble=300,
        delta_over_j=0.3,
    ),
    case("collision_theory", "pair_unitary", may_be_negative=("phi",), phi=0.1),
    case("collision_theory", "eq5_scattering_matrix", may_be_negative=("phi",), phi=0.1),
    case("collision_theory", "eq5_unitarity_defect", may_be_negative=("phi",), phi=0.1),
    case(
        "collision_theory",
        "collision_block",
        may_be_negative=("phi", "theta"),
        phi=0.1,
        theta=0.05,
    ),
    # collision_replay, collisions (sizes guarded by the machine's memory)
    case("collision_replay", "initial_state", n_alkali=3, n_noble=10, initial="pair"),
    case("collision_replay", "packed_to_matrix", c=_PAIRS, dim=4),
    case("collision_replay", "record_steps", n_steps=10, record_every=2),
    case(
        "collision_replay",
        "draw_stream",
        may_be_zero=("phi_mean", "phi_std", "seed"),
        unbounded=("seed",),
        n_alkali=3,
        n_noble=10,
        phi_mean=0.05,
        phi_std=0.05,
        n_steps=5,
        seed=1,
    ),
    case(
        "collision_replay",
        "evolve_reference",
        may_be_negative=("theta",),
        c0=_C0,
        n_alkali=2,
        partners=_PARTNERS,
        phis=_PHIS,
        theta=0.01,
        record_every=2,
        dim=8,
    ),
    case(
        "collision_replay",
        "evolve_kernel",
        may_be_negative=("theta",),
        c0=_C0,
        n_alkali=2,
        partners=_PARTNERS,
        phis=_PHIS,
        theta=0.01,
        record_every=2,
        dim=8,
    ),
    case(
        "collisions",
        "simulate",
        **_SIM_FREE,
        unbounded=("seed",),
        **_SIM,
        initial="symmetric",
        detuning=0.01,
        resonance="paper",
        seed=3,
    ),
    case(
        "collisions",
        "simulate",
        **_SIM_FREE,
        unbounded=("seed",),
        **_SIM,
        initial="pair",
        detuning=0.01,
        resonance="exact",
        seed=4,
    ),
    case(
        "collisions",
        "simulate_reference",
        **_SIM_FREE,
        unbounded=("seed",),
        **_SIM,
        initial="localized",
        detuning=0.01,
        resonance="paper",
        seed=5,
    ),
    # collision_fits, collision_summaries
    case("collision_fits", "fit_exchange", t=_T, f10=_F10),
    case("collision_fits", "fit_decay", t=_T, y=_DECAY),
    case("collision_fits", "collective_decay_rate", t=_T, f10=_F10, f01=_F01),
    case("collision_fits", "exchange_residual", t=_T, f01=_F01, half_window=10),
    case("collision_summaries", "panel_summary", ds=_PANEL),
    case(
        "collision_summaries",
        "rates_member",
        **_SIM_FREE,
        unbounded=("seed",),
        kind="decay",
        **_SIM,
        resonance="exact",
        detuning=1.0,
        n_steps_noble=30,
        record_every_noble=10,
        seed=1,
    ),
    case("collision_summaries", "rates_summary", members=_MEMBERS),
    case("collision_summaries", "rates_table", ds=_RATES),
]

"""Valid example calls of dicke, heralding, tavis_cummings, fitting, spin1 and the datasets.

Small sizes throughout (N <= 20, S <= 2, a few pulses): each call takes milliseconds, and the fuzz
makes several hundred of them. Arrays and datasets are not fuzzed; they are built once here.
"""

import numpy as np

from spinbridge import counting_datasets, dicke, spin1
from tests.fuzz.cases import case

_N_SWEEP = range(1, 13)
_AVG_IDEAL = counting_datasets.average_qfi_dataset(_N_SWEEP, [1.0])
_AVG_HALF = counting_datasets.average_qfi_dataset(_N_SWEEP, [0.5])
_SCALING = counting_datasets.power_law_fits(_AVG_IDEAL["average_qfi"], [[2, 8]], [2, 12])
_EFFICIENCY = counting_datasets.power_law_fits(_AVG_HALF["average_qfi"], [[2, 8]], [2, 12])
_N_SMALL = np.arange(1, 7)
_SPINS_6 = np.array([2, 4])
_MIX_P = np.array([0.25, 0.25, 0.5])  # S = 2, 4, 6 at N = 6 (allowed spins without S = 0)
_G3 = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])

_SEED = {"may_be_zero": ("seed",), "unbounded": ("seed",)}
_ETA0 = {"may_be_zero": ("efficiency",)}  # eta = 0: the unheralded mixture (not a posterior)

CASES = [
    # ---------------------------------------------------------------- dicke
    case("dicke", "check_n_atoms", n_atoms=20),
    case("dicke", "dicke_populations", n_atoms=20),
    case("dicke", "log_dicke_populations", n_atoms=20),
    case("dicke", "dicke_populations_closed_form", n_atoms=20),
    case("dicke", "dicke_populations_recursion", n_atoms=20),
    case("dicke", "dicke_populations_exact", n_atoms=12),
    case("dicke", "literal_amplitude_recursion", n_atoms=20),
    case("dicke", "tail_population", may_be_zero=("spin_cut",), n_atoms=20, spin_cut=5),
    case("dicke", "peak_spin_length", n_atoms=20),
    case("dicke", "population_support", n_atoms=20, rel_cut=1e-10),
    case(
        "dicke",
        "wrong_parity_population",
        populations=dicke.dicke_populations(20),
        n_atoms=20,
    ),
    case("dicke", "log2_top_population", n_atoms=20),
    # ---------------------------------------------------------------- heralding
    case("heralding", "check_efficiency", efficiency=0.5),
    case("heralding", "ideal_average_qfi", n_atoms=20, rel_cut=1e-30),
    case("heralding", "average_qfi", **_ETA0, n_atoms=20, efficiency=0.5, rel_cut=1e-30),
    case("heralding", "average_qfi_reference", **_ETA0, n_atoms=10, efficiency=0.5),
    case("heralding", "photon_count_distribution", **_ETA0, n_atoms=20, efficiency=0.5),
    case(
        "heralding",
        "pulse_likelihood",
        **_ETA0,
        n_counts=[0, 1, 2],
        spin=[2],
        efficiency=0.5,
        photons_per_spin=1,
    ),
    case(
        "heralding",
        "spin_length_posterior",
        may_be_zero=("n_counts",),
        n_atoms=20,
        n_counts=2,
        efficiency=0.5,
        rel_cut=1e-30,
    ),
    case("heralding", "sequence_posterior", n_atoms=20, counts=[2, 4], efficiency=0.5),
    case(
        "heralding",
        "draw_pulse_counts",
        **_ETA0,
        rng=np.random.default_rng(0),
        spin_true=[2, 4],
        efficiency=0.5,
        n_pulses=3,
    ),
    case(
        "heralding",
        "sample_sequence_qfi",
        **_SEED,
        n_atoms=8,
        n_states=5,
        efficiency=0.5,
        n_pulses=2,
        seed=1,
    ),
    # ---------------------------------------------------------------- tavis_cummings
    case("tavis_cummings", "cascade_time_rate_equation", spin=3, lam_over_kappa=0.2),
    case(
        "tavis_cummings",
        "tc_emission",
        spin=1,
        lam_over_kappa=1.0,
        t_kappa=np.linspace(0.0, 5.0, 5),
        rtol=1e-6,
    ),
    case(
        "tavis_cummings",
        "anti_tc_emission",
        spin=1,
        lam_over_kappa=1.0,
        t_kappa=np.linspace(0.0, 5.0, 5),
        rtol=1e-6,
    ),
    case(
        "tavis_cummings",
        "pulse_time_estimate",
        g_MHz=10.0,
        kappa_MHz=0.2,
        omega_over_delta=0.01,
        n_atoms=100,
        spin=5.0,
    ),
    # ---------------------------------------------------------------- fitting
    case("fitting", "fit_power_law", n_atoms=_N_SMALL, values=6.5 * _N_SMALL**2.0, window=(1, 6)),
    case(
        "fitting",
        "power_law",
        n_atoms=_N_SMALL,
        prefactor=6.5,
        exponent=2.0,
        may_be_negative=("exponent",),
        may_be_zero=("exponent",),
    ),
    case("fitting", "local_exponent", n_atoms=_N_SMALL, values=3.0 * _N_SMALL**1.7, step=2),
    # ---------------------------------------------------------------- counting_datasets
    case(
        "counting_datasets",
        "population_dataset",
        may_be_zero=("spin_cut",),
        n_atoms=20,
        spin_cut=5,
        scan_n_atoms=[10, 30],
        check_n_atoms=4,
    ),
    case("counting_datasets", "average_qfi_dataset", n_atoms=[4, 5, 6], efficiencies=[1.0, 0.5]),
    case(
        "counting_datasets",
        "combine_sweep_chunks",
        chunks=[_AVG_IDEAL.isel(n_atoms=slice(0, 6)), _AVG_IDEAL.isel(n_atoms=slice(6, None))],
    ),
    case(
        "counting_datasets",
        "power_law_fits",
        average=_AVG_IDEAL["average_qfi"],
        windows=[[2, 8]],
        claim_window=[2, 12],
    ),
    case("counting_datasets", "fits_table", scaling=_SCALING, efficiency=_EFFICIENCY),
    case("counting_datasets", "inset_dataset", n_atoms=10),
    case("counting_datasets", "count_distribution_dataset", n_atoms=10, efficiencies=[1.0, 0.5]),
    # ---------------------------------------------------------------- sequence_datasets
    case(
        "sequence_datasets",
        "simulate_pulse_sequence",
        may_be_zero=("spin_true", "seed"),
        unbounded=("seed",),
        n_atoms=16,
        spin_true=4,
        efficiency=0.7,
        n_pulses=2,
        seed=5,
    ),
    case(
        "sequence_datasets",
        "sampled_qfi_dataset",
        **_SEED,
        n_atoms=8,
        n_states=5,
        efficiencies=[0.5],
        n_pulses=2,
        seed=3,
    ),
    case(
        "sequence_datasets",
        "emission_dataset",
        spins=[1],
        couplings=[2.0],
        trace_couplings=[2.0],
        trace_t_max_kappa=5.0,
        trace_points=5,
        anti_tc_spins=[1],
        g_MHz=10.0,
        kappa_MHz=0.2,
        gamma_MHz=6.0,
        omega_over_delta=0.01,
        n_atoms=100,
    ),
    # ---------------------------------------------------------------- spin1
    case("spin1", "allowed_spin_lengths", n_atoms=6),
    case("spin1", "check_spin_length", may_be_zero=("spin",), n_atoms=6, spin=2),
    case("spin1", "fock_basis", n_atoms=3),
    case("spin1", "collective_operators", n_atoms=3),
    case("spin1", "lowest_weight_amplitudes", may_be_zero=("spin",), n_atoms=6, spin=2),
    case("spin1", "lowest_weight_state", may_be_zero=("spin",), n_atoms=4, spin=2),
    case("spin1", "lowest_weight_qfi", n_atoms=6, spin=_SPINS_6),
    case("spin1", "lowest_weight_coupling", n_atoms=6, spin=_SPINS_6),
    case(
        "spin1",
        "lowest_weight_mixture_qfi",
        probabilities=_MIX_P,
        qfi=spin1.lowest_weight_qfi(6, [2, 4, 6]),
        coupling=spin1.lowest_weight_coupling(6, [2, 4, 6]),
    ),
    case("spin1", "qfi_pure", state=np.array([1.0, 0.0, 0.0]), generator=_G3),
    case("spin1", "qfi_mixed", rho=np.diag([0.5, 0.5, 0.0]), generator=_G3, cutoff=1e-12),
]

"""Photon-counting heralding of entangled spin-1 states (Masson & Parkins, arXiv, Dec 2021).

N spin-1 atoms start in |m_F = 0>^N = sum_S c_S |S, 0> (Eq. (7)); a Tavis-Cummings (TC) pulse
takes each |S, 0> to |S, -S> emitting exactly S photons, so counting them heralds the spin length.

This module gathers the public names of the stage in one namespace; the code lives in

* :mod:`spinbridge.dicke` - populations |c_S|^2 (Eqs. (7)-(8)), tail, peak;
* :mod:`spinbridge.heralding` - photon-counting likelihoods, posteriors, average QFI
  (Eqs. (9)-(15)), pulse sequences and their sampling;
* :mod:`spinbridge.tavis_cummings` - master equation (2), emitted pulses, cascade time, t_pulse;
* :mod:`spinbridge.fitting` - power-law fits and the local exponent;
* :mod:`spinbridge.counting_datasets` and :mod:`spinbridge.sequence_datasets` - the datasets
  the pipeline's rules write, and the fits table.
"""

from __future__ import annotations

from spinbridge.counting_datasets import (
    average_qfi_dataset,
    combine_sweep_chunks,
    count_distribution_dataset,
    fits_table,
    inset_dataset,
    population_dataset,
    power_law_fits,
)
from spinbridge.dicke import (
    dicke_populations,
    dicke_populations_closed_form,
    dicke_populations_exact,
    dicke_populations_recursion,
    literal_amplitude_recursion,
    log2_top_population,
    log_dicke_populations,
    peak_spin_length,
    tail_population,
    wrong_parity_population,
)
from spinbridge.fitting import fit_power_law, local_exponent
from spinbridge.heralding import (
    average_qfi,
    average_qfi_reference,
    ideal_average_qfi,
    photon_count_distribution,
    pulse_likelihood,
    sample_sequence_qfi,
    sequence_posterior,
    spin_length_posterior,
)
from spinbridge.sequence_datasets import (
    emission_dataset,
    sampled_qfi_dataset,
    simulate_pulse_sequence,
)
from spinbridge.tavis_cummings import (
    anti_tc_emission,
    cascade_time_rate_equation,
    pulse_time_estimate,
    tc_emission,
)

__all__ = [
    "anti_tc_emission",
    "average_qfi",
    "average_qfi_dataset",
    "average_qfi_reference",
    "cascade_time_rate_equation",
    "combine_sweep_chunks",
    "count_distribution_dataset",
    "dicke_populations",
    "dicke_populations_closed_form",
    "dicke_populations_exact",
    "dicke_populations_recursion",
    "emission_dataset",
    "fit_power_law",
    "fits_table",
    "ideal_average_qfi",
    "inset_dataset",
    "literal_amplitude_recursion",
    "local_exponent",
    "log2_top_population",
    "log_dicke_populations",
    "peak_spin_length",
    "photon_count_distribution",
    "population_dataset",
    "power_law_fits",
    "pulse_likelihood",
    "pulse_time_estimate",
    "sample_sequence_qfi",
    "sampled_qfi_dataset",
    "sequence_posterior",
    "simulate_pulse_sequence",
    "spin_length_posterior",
    "tail_population",
    "tc_emission",
    "wrong_parity_population",
]

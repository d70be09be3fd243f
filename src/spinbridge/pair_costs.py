"""Run time and peak memory of the pairs stage's jobs (Sundar et al. 2023), from measured costs.

The per-N and per-detuning jobs of the pairs stage ask their cluster resources from these models
(``workflow/rules/pairs.smk``), like the models of :mod:`spinbridge.resources` for the other
stages. Constants were measured on the 2-core x86_64 machine of :mod:`spinbridge.resources`
(``results/benchmarks/pairs/`` of a paper-scale run); :class:`spinbridge.resources.Cost` adds its
safety factor. Each model is the cost of the job's dominant step plus the start-up of a job
(Python, numpy, numba, xarray: :data:`START_SECONDS`).

* Exact pair chain (:func:`spinbridge.pairs.exact_squeezing`): one tridiagonal eigenproblem of
  size N/2 + 1 with eigenvectors, at most ~N^2 in time and memory, plus one matrix product per
  output time with the retained eigenvectors (:func:`exact_cost`).
* Truncated Wigner (:func:`spinbridge.pair_twa.twa_squeezing`): one RK4 step of one trajectory of
  ``levels`` modes; the cost is independent of N (:func:`twa_cost`).
* Dissipative TWA (:mod:`spinbridge.pair_decoherence`): one step of one trajectory at one
  detuning, output grid spacing 0.05 in N chi t (:func:`decoherence_cost`).
"""

from __future__ import annotations

import math

from spinbridge.resources import BASE_MB, Cost
from spinbridge.species import _check_count, _check_real

__all__ = [
    "EXACT_MB_AT_10000",
    "EXACT_SECONDS_AT_10000",
    "START_SECONDS",
    "decoherence_cost",
    "exact_cost",
    "twa_cost",
]

START_SECONDS = 3.0
"""Start-up of one job: interpreter, imports and writing the NetCDF file [s]."""
EXACT_SECONDS_AT_10000 = 1.0
"""Eigenpairs of the N = 10^4 chain and its moments at 401 times [s] (measured 0.5 s); taken to
grow as N^2, the cost of all eigenvectors (the windowed eigensolver grows more slowly)."""
EXACT_MB_AT_10000 = 100.0
"""Peak memory of the N = 10^4 chain above :data:`BASE_MB` [MB] (measured ~50 MB); as N^2."""
TWA_NS_PER_STEP = 800.0
"""One RK4 step of one trajectory, per level: the 20-level kernel (the quartet costs ~1/5) [ns]."""
DECOHERENCE_NS_PER_STEP = 1500.0
"""One step of one trajectory at one detuning of the dissipative TWA [ns]."""
_OUTPUT_SPACING = 0.05  # N chi t between outputs of the Fig. 3 runs (pair_decoherence_scans)


def exact_cost(N: int) -> Cost:
    """Cost of one exact-chain job (:func:`spinbridge.pair_datasets.exact_dataset`).

    Parameters
    ----------
    N : int
        Number of atoms, 2 <= N <= 10^6.

    Returns
    -------
    spinbridge.resources.Cost
        Estimated seconds and peak memory [MB].
    """
    n = _check_count("N", N, 2, 10**6)
    scale = (n / 1e4) ** 2
    return Cost(START_SECONDS + EXACT_SECONDS_AT_10000 * scale, BASE_MB + EXACT_MB_AT_10000 * scale)


def twa_cost(n_traj: int, levels: int, nchi_t_max: float, step: float) -> Cost:
    """Cost of one truncated Wigner run (:func:`spinbridge.pair_twa.twa_squeezing`).

    Parameters
    ----------
    n_traj : int
        Trajectories, 1..10^9.
    levels : int
        Levels per atom (modes per trajectory), 1..100.
    nchi_t_max : float
        Last output time N chi t, 0 < nchi_t_max <= 1e4.
    step : float
        RK4 step in N chi t, 0 < step <= 1.

    Returns
    -------
    spinbridge.resources.Cost
        Estimated seconds and peak memory [MB] (the trajectories: 16 bytes per mode, a few
        copies).
    """
    n = _check_count("n_traj", n_traj, 1, 10**9)
    modes = _check_count("levels", levels, 1, 100)
    _check_real("nchi_t_max", nchi_t_max, 0.0, 1e4, lo_open=True)
    _check_real("step", step, 0.0, 1.0, lo_open=True)
    steps = math.ceil(nchi_t_max / step)
    seconds = START_SECONDS + TWA_NS_PER_STEP * 1e-9 * n * modes * steps
    return Cost(seconds, BASE_MB + 8 * 16 * n * modes / 2**20)


def decoherence_cost(n_traj: int, n_detunings: int, N: int) -> Cost:
    """Cost of one Fig. 3 run (:mod:`spinbridge.pair_decoherence_scans`) to N chi t = ln(4N).

    Parameters
    ----------
    n_traj : int
        Trajectories per detuning, 1..10^9.
    n_detunings : int
        Detunings of the run, 1..1000.
    N : int
        Number of atoms, 2..10^9 (sets the last time, max(2, ln 4N)).

    Returns
    -------
    spinbridge.resources.Cost
        Estimated seconds and peak memory [MB] (6 spin components, ~20 work copies).
    """
    n = _check_count("n_traj", n_traj, 1, 10**9)
    k = _check_count("n_detunings", n_detunings, 1, 1000)
    n_atoms = _check_count("N", N, 2, 10**9)
    steps = math.ceil(max(2.0, math.log(4.0 * n_atoms)) / _OUTPUT_SPACING)
    seconds = START_SECONDS + DECOHERENCE_NS_PER_STEP * 1e-9 * n * k * steps
    return Cost(seconds, BASE_MB + 20 * 6 * 8 * n * k / 2**20)

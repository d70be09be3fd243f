"""Benchmark of the dissipative TWA of Sundar et al. (2023) Fig. 3(a) (spinbridge.pair_decoherence).

    python benchmarks/bench_pair_decoherence.py [--repeats N] [--n-traj N]

Fig. 3(a) at the paper's N = 1e5, C = 10: eight cavity detunings x = |Delta|/(sqrt(N) kappa),
261 output times from 0 to ln(4N), 2048 trajectories per detuning. The library integrates all
detunings as one array in a numba kernel
(:func:`spinbridge.pair_decoherence_scans.decoherence_sensitivity`). The references are the
numpy implementation of the same Strang steps (``pair_decoherence._simulate(engine="numpy")``),
once with all detunings as one array and once one detuning at a time (the plain, unvectorised
form). All draw the same initial samples and noise (common random numbers) and take the same
steps, so their results agree to rounding. Everything runs in this process; each figure is the
best thread CPU time of several repeats (the machine is shared). Prints the times, the largest
relative difference of (Delta phi)^2 and the speed-up ratios.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from spinbridge import pair_decoherence, pair_decoherence_scans
from spinbridge.pair_decoherence_estimates import cavity_rates

N = 100_000
C = 10.0
DETUNINGS = np.array([0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 4.0])  # x = |Delta|/(sqrt(N) kappa)
SEED = 0


def best_time(fn, repeats: int) -> float:
    """Best thread CPU time of ``repeats`` calls of ``fn`` after a warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.thread_time()
        fn()
        times.append(time.thread_time() - t0)
    return min(times)


def library(n_traj: int) -> np.ndarray:
    ds = pair_decoherence_scans.decoherence_sensitivity(N, C, DETUNINGS, n_traj=n_traj, seed=SEED)
    return ds.dphi2.values


def numpy_reference(n_traj: int, one_at_a_time: bool) -> np.ndarray:
    times = pair_decoherence_scans.default_times(N)
    collective, emission = cavity_rates(N, C, DETUNINGS)
    sets = [(collective, emission)]
    if one_at_a_time:
        sets = [(collective[i : i + 1], emission[i : i + 1]) for i in range(DETUNINGS.size)]
    rows = []
    for big, small in sets:
        rates = (big, small, np.zeros_like(big))
        out = pair_decoherence._simulate(N, times, rates, n_traj, SEED, engine="numpy")
        rows.append(out["dphi2"][0])
    return np.concatenate(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--n-traj", type=int, default=2048)
    args = parser.parse_args()
    n = args.n_traj
    print(
        f"Fig. 3(a): N = {N:g}, C = {C:g}, {DETUNINGS.size} detunings, "
        f"{n} trajectories each, 261 times to ln(4N)"
    )
    want = library(n)
    t_lib = best_time(lambda: library(n), args.repeats)
    print(f"  numba kernel, all detunings at once: {t_lib:7.2f} s")
    for label, single in (("numpy, all detunings at once", False), ("numpy, one at a time", True)):
        diff = np.nanmax(np.abs(numpy_reference(n, single) / want - 1))
        t_ref = best_time(lambda s=single: numpy_reference(n, s), 1)
        print(
            f"  {label:35s}: {t_ref:7.2f} s, max rel diff {diff:.1e}, ratio {t_ref / t_lib:5.1f}x"
        )


if __name__ == "__main__":
    main()

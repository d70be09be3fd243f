"""Benchmark of the photon-counting stage: python benchmarks/bench_counting.py [--quick].

Times the production code paths (spinbridge.dicke, .heralding, .sequence_datasets,
.tavis_cummings) and their pure-numpy references in one process, prints a table (per-operation
time, reference/production ratio) and writes results/benchmarks/bench_counting.csv.
Time targets, chosen so that the paper-scale pipeline runs in minutes on one core: |c_S|^2 at
N = 10^5 < 1 s; average QFI for all N <= 200 and eta in {1, 0.9, 0.5} < 60 s; Fig. 6 sampling
(N = 16, 1000 states) < 10 s.
"""

from __future__ import annotations

import argparse
import csv
import math
import time
from pathlib import Path

import numpy as np

from spinbridge import dicke, heralding, sequence_datasets, spin1, tavis_cummings


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _all_average_qfi(n_max: int, etas, fn) -> None:
    for eta in etas:
        for n in range(1, n_max + 1):
            fn(n, eta)


def _sampling_reference(n_atoms: int, n_states: int, eta: float, n_pulses: int, seed: int):
    """Per-state loop: draw S, counts, posterior and mixture QFI one state at a time."""
    rng = np.random.default_rng(seed)
    spin = spin1.allowed_spin_lengths(n_atoms)
    pop = dicke.dicke_populations(n_atoms)[spin]
    qfi = spin1.lowest_weight_qfi(n_atoms, spin)
    coupling = spin1.lowest_weight_coupling(n_atoms, spin)
    out = np.zeros((n_states, n_pulses))
    for i in range(n_states):
        s = rng.choice(spin, p=pop / pop.sum())
        counts = [rng.binomial(s if k == 0 else 2 * s, eta) for k in range(n_pulses)]
        _, post = heralding.sequence_posterior(n_atoms, counts, eta)
        out[i] = spin1.lowest_weight_mixture_qfi(post, qfi, coupling)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one repeat")
    parser.add_argument("--out", default="results/benchmarks/bench_counting.csv")
    args = parser.parse_args()
    quick = args.quick
    repeat = 1 if quick else 3
    rows = []

    def record(operation, size, production, reference, target_s=None):
        ratio = reference / production if (reference and production) else math.nan
        rows.append(
            {
                "operation": operation,
                "size": size,
                "production_s": production,
                "reference_s": reference if reference is not None else math.nan,
                "reference_over_production": ratio,
                "target_s": target_s if target_s is not None else math.nan,
            }
        )

    # populations: cumulated ratios (production) vs O(N^2) probability recursion (reference)
    for n in [2000] if quick else [2000, 10_000]:
        record(
            "dicke_populations",
            f"N={n}",
            _best(lambda n=n: dicke.dicke_populations(n), repeat),
            _best(lambda n=n: dicke.dicke_populations_recursion(n), 1),
        )
    record(
        "dicke_populations",
        "N=100000",
        _best(lambda: dicke.dicke_populations(100_000), repeat),
        None,  # O(N^2) reference: ~100x the N = 10^4 time, not run
        1.0,
    )

    # average QFI for all N <= n_max and eta in {1, 0.9, 0.5}
    n_max = 60 if quick else 200
    etas = (1.0, 0.9, 0.5)
    record(
        "average_qfi all N<=n_max",
        f"n_max={n_max}, eta={etas}",
        _best(lambda: _all_average_qfi(n_max, etas, heralding.average_qfi), 1),
        _best(lambda: _all_average_qfi(n_max, etas, heralding.average_qfi_reference), 1),
        60.0,
    )

    # Fig. 6 sampling
    n_states = 200 if quick else 1000
    sample_etas = (0.9, 0.7, 0.5, 0.3)
    record(
        "sampled_qfi (Fig. 6)",
        f"N=16, {n_states} states, 20 pulses, eta={sample_etas}",
        _best(
            lambda: sequence_datasets.sampled_qfi_dataset(16, n_states, sample_etas, 20, seed=1), 1
        ),
        _best(
            lambda: [_sampling_reference(16, n_states, e, 20, 1) for e in sample_etas],
            1,
        ),
        10.0,
    )

    # master equation, one run at the largest spin
    spin = 4 if quick else 8
    lam = 0.5 / math.sqrt(spin)
    t_end = 12 * tavis_cummings.cascade_time_rate_equation(spin, lam) + 30
    record(
        "tc_emission (master equation)",
        f"S={spin}, sqrt(S) lambda/kappa=0.5",
        _best(lambda: tavis_cummings.tc_emission(spin, lam, np.linspace(0, t_end, 50)), 1),
        None,
    )

    print(
        f"{'operation':32s} {'size':44s} {'prod [s]':>10s} {'ref [s]':>10s} "
        f"{'ref/prod':>9s} {'target':>7s}"
    )
    for r in rows:
        print(
            f"{r['operation']:32s} {r['size']:44s} {r['production_s']:10.4f} "
            f"{r['reference_s']:10.4f} {r['reference_over_production']:9.1f} {r['target_s']:7.1f}"
        )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

"""Benchmark of the truncated Wigner simulation of pair production (Sundar 2023, Fig. 1(d)).

    python benchmarks/bench_pair_twa.py [--n-traj 10000] [--subset 20] [--repeats 2]

One Fig. 1(d) curve - the quartet of Eq. (1) with Fock pumps, N = 1e4, delta = N chi / 2,
201 output times over 0 <= N chi t <= 10 (the squeezing optimum of N <= 1e5 lies below
N chi t = 6.5) - from :func:`spinbridge.pair_twa.twa_squeezing` (all trajectories at once, numba
RK4 with its default fixed step 0.05 in N chi t, estimates and errors included), against a plain
loop that solves each trajectory's classical equations with ``scipy.integrate.solve_ivp`` (RK45,
rtol = 1e-8, atol = 1e-8 relative to the pump amplitude) and the same output times. The loop is
timed on a subset of trajectories and scaled to the full number; both run in this process and the
figure is the best thread CPU time (the machine is shared). Both are compared on the subset with a
tight DOP853 solution (rtol = 1e-12): the fixed-step RK4 is the more accurate of the two, so the
ratio is conservative. Prints the times, the ratio, both errors, and the 20-level cost.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.integrate import solve_ivp

from spinbridge import pair_twa as pt

N_ATOMS = 10_000
TIMES = np.linspace(0.0, 10.0, 201)


def best_time(fn, repeats: int) -> float:
    """Best thread CPU time of ``repeats`` calls of ``fn`` after a warm-up call (numba compile)."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.thread_time()
        fn()
        times.append(time.thread_time() - t0)
    return min(times)


def reference_loop(model, a0: np.ndarray, rtol: float = 1e-8, method: str = "RK45") -> np.ndarray:
    """solve_ivp of each trajectory's i d alpha/d tau = dH_W/d alpha*, one trajectory at a time."""
    inv_n = 1.0 / N_ATOMS
    stack = pt._operator_stack(model, inv_n)
    n_pol = len(model.couplings)
    scale = np.abs(a0).max()
    out = np.empty((TIMES.size, *a0.shape), dtype=complex)
    for j in range(a0.shape[1]):

        def rhs(_, y):
            return pt._rhs(stack, y[:, None], n_pol, inv_n)[:, 0]

        sol = solve_ivp(
            rhs, (0.0, TIMES[-1]), a0[:, j], method, TIMES, rtol=rtol, atol=rtol * scale
        )
        out[:, :, j] = sol.y.T
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-traj", type=int, default=10_000)
    parser.add_argument("--subset", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    print(
        f"Fig. 1(d) curve: quartet, Fock pumps, N = {N_ATOMS}, {TIMES.size} times over "
        f"0 <= N chi t <= {TIMES[-1]:g}, {args.n_traj} trajectories"
    )

    def run(levels=4, n_atoms=N_ATOMS):
        return pt.twa_squeezing(n_atoms, TIMES, args.n_traj, 0, levels, "fock")

    t_twa = best_time(run, args.repeats)
    model = pt._quartet_model()
    a0 = pt._initial_amplitudes(model, N_ATOMS, args.subset, "fock", np.random.default_rng(0))
    t0 = time.thread_time()
    ref = reference_loop(model, a0)
    t_ref = (time.thread_time() - t0) * args.n_traj / args.subset
    kernel = np.array(list(pt._evolve(model, a0, TIMES, N_ATOMS, 0.05)))
    tight = reference_loop(model, a0, rtol=1e-12, method="DOP853")
    scale = np.abs(a0).max()
    err_kernel = np.abs(kernel - tight).max() / scale
    err_ref = np.abs(ref - tight).max() / scale
    print(
        f"  twa_squeezing (numba RK4, all trajectories): {t_twa:8.2f} s, "
        f"max error / sqrt(N/2) {err_kernel:.1e}"
    )
    print(
        f"  solve_ivp loop (RK45, {args.subset} trajectories scaled): {t_ref:8.1f} s, "
        f"max error / sqrt(N/2) {err_ref:.1e}"
    )
    print(f"  ratio {t_ref / t_twa:7.0f}x")
    for n_atoms in (100, 100_000):
        t_n = best_time(lambda n=n_atoms: run(4, n), 1)
        print(f"  quartet at N = {n_atoms:>6}: {t_n:6.2f} s (cost independent of N)")
    t_20 = best_time(lambda: run(20), 1)
    print(f"  20 levels (87Sr F = 9/2 manifold), same settings: {t_20:6.2f} s")


if __name__ == "__main__":
    main()

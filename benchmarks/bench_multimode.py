"""Benchmark of the exact multimode solver (spinbridge.multimode, Katz 2022 Eq. (27), Fig. 7).

    python benchmarks/bench_multimode.py [--modes N] [--repeats R] [--reference-fraction F]

A Fig. 7 time trace with N + N spherically symmetric diffusion modes of the Sec. VII.A cell
(2-in. sphere, D_A = 0.054, D_B = 0.023 cm^2/s, gamma = 17.5 s^-1, J = 1000 s^-1; Dirichlet
alkali, Neumann noble-gas modes, overlaps in closed form), 2000 output times over 3 T_pi with
the field step to Delta = 2 pi x 58.5 kHz (B = 180 mG) at T_pi: the mean amplitudes of all modes
and the covariance of the alkali and noble-gas uniform modes, alkali uniform mode squeezed by
7 dB, occupations 0.05 / 0.17 per mode, baths (1 - p)/2p.

Reference: ``scipy.integrate.solve_ivp`` (DOP853, rtol 1e-10, atol 1e-12) of the same moment
equations - means ``dv/dt = M v`` and the full normal and anomalous covariance blocks
``dC/dt = M C + C M^dag + D``, ``dK/dt = M K + K M^T`` (2 N^2 + N complex unknowns). It is timed
on the first fraction F of the resonant piece only and scaled by 1/F to the full span (at fixed
rates the number of steps grows linearly with the span; the stored piece, Delta ~ 370 J, would
need far more steps, so the scaled figure is a lower bound). The accuracy is the largest
difference of the two uniform-mode covariances on that shorter span. Memory: peak RSS of the
same trace at 2N modes, measured by ``resource.getrusage`` in a subprocess. Wall times (BLAS
threads), best of R repeats; the machine is shared.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from spinbridge import multimode as mm

R_CM, D_A, D_B, GAMMA, J = 2.54, 0.054, 0.023, 17.5, 1000.0  # cm, cm^2/s, s^-1, s^-1
DELTA_STORED = 2 * math.pi * 58.5e3  # s^-1: (g_A - g_B) x 86 mG above resonance (39K, q = 4.1)
N_T = 2000
N_A_TH, N_B_TH = 0.05, 0.17  # initial occupations per mode (Sec. VII.B)
BATH_A, BATH_B = (1 - 0.95) / (2 * 0.95), (1 - 0.75) / (2 * 0.75)  # noise_occupation(p)


def sphere_system(n: int):
    """``(J c, gamma_A, gamma_B, w)`` for n + n radial modes; w: alkali uniform-mode weights."""
    a = np.arange(1, n + 1) * math.pi / R_CM
    k = np.zeros(n)
    for i in range(1, n):
        k[i] = brentq(
            lambda x: math.sin(x) - x * math.cos(x), i * math.pi + 1e-9, (i + 0.5) * math.pi
        )
    k /= R_CM
    na = 1 / math.sqrt(2 * math.pi * R_CM)
    nb = np.empty(n)
    nb[0] = math.sqrt(3 / (4 * math.pi * R_CM**3))
    nb[1:] = 1 / np.sqrt(4 * math.pi * (R_CM / 2 - np.sin(2 * k[1:] * R_CM) / (4 * k[1:])))
    c = np.empty((n, n))
    c[:, 0] = 4 * math.pi * na * nb[0] * R_CM * (-1.0) ** (np.arange(1, n + 1) + 1) / a
    A, K = a[:, None], k[None, 1:]
    c[:, 1:] = (
        4
        * math.pi
        * na
        * nb[1:]
        * (np.sin((A - K) * R_CM) / (2 * (A - K)) - np.sin((A + K) * R_CM) / (2 * (A + K)))
    )
    return J * c, GAMMA + D_A * a**2, D_B * k**2, c[:, 0].copy()


def exact_trace(n: int, t: np.ndarray, schedule: dict):
    K, g_a, g_b, w = sphere_system(n)
    v0 = mm.initial_covariance_multimode(
        n,
        n,
        n_thermal_A=N_A_TH,
        n_thermal_B=N_B_TH,
        squeezing_db=7.0,
        alkali_uniform_projection=w,
    )
    a, b = mm.evolve_means_multimode(t, K, g_a, g_b, w + 0j, np.zeros(n), **schedule)
    V = mm.evolve_covariance_multimode(
        t,
        K,
        g_a,
        g_b,
        v0,
        n_thermal_A=BATH_A,
        n_thermal_B=BATH_B,
        output_modes=(("alkali", w), ("noble", 0)),
        **schedule,
    )
    return a, b, V


def reference_trace(n: int, t: np.ndarray):
    """solve_ivp of the means and the full covariance at Delta = 0; the uniform modes' block."""
    K, g_a, g_b, w = sphere_system(n)
    M = mm.multimode_drift(K, g_a, g_b, 0.0)
    D = np.diag(np.concatenate([g_a * (2 * BATH_A + 1), g_b * (2 * BATH_B + 1)]))
    v0 = mm.initial_covariance_multimode(
        n,
        n,
        n_thermal_A=N_A_TH,
        n_thermal_B=N_B_TH,
        squeezing_db=7.0,
        alkali_uniform_projection=w,
    )
    C0, K0 = mm._complex_blocks(v0)
    N = 2 * n

    def rhs(_, y):
        C, Kb = y[N : N + N * N].reshape(N, N), y[N + N * N :].reshape(N, N)
        dC = M @ C + C @ M.conj().T + D
        return np.concatenate([M @ y[:N], dC.ravel(), (M @ Kb + Kb @ M.T).ravel()])

    y0 = np.concatenate([np.concatenate([w, np.zeros(n)]) + 0j, C0.ravel(), K0.ravel()])
    sol = solve_ivp(rhs, (t[0], t[-1]), y0, t_eval=t, method="DOP853", rtol=1e-10, atol=1e-12)
    W = np.zeros((2, N))
    W[0, :n], W[1, n] = w, 1.0
    C = np.einsum("ij,tjk,lk->til", W, sol.y[N : N + N * N].T.reshape(-1, N, N), W)
    Kb = np.einsum("ij,tjk,lk->til", W, sol.y[N + N * N :].T.reshape(-1, N, N), W)
    C = C + np.diag(mm._reservoir_variance(W, n, BATH_A, BATH_B))[None]
    return mm._quadrature_covariance(C, Kb)


def best_wall(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def peak_memory_gb(n: int) -> float:
    code = (
        f"import resource, sys, numpy as np; sys.path.insert(0, {sys.path[0]!r});"
        "import bench_multimode as b;"
        "t = np.linspace(0, 3 * np.pi / (2 * b.J), b.N_T);"
        f"b.exact_trace({n}, t, b.schedule());"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1]) / 1024**2  # ru_maxrss in KiB on Linux


def schedule() -> dict:
    return {"delta_s": 0.0, "switch_time_s": math.pi / (2 * J), "delta_after_s": DELTA_STORED}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reference-fraction", type=float, default=0.02)
    args = parser.parse_args()
    n, frac = args.modes, args.reference_fraction
    t = np.linspace(0.0, 3 * math.pi / (2 * J), N_T)
    t_exact = best_wall(lambda: exact_trace(n, t, schedule()), args.repeats)
    print(f"Fig. 7 trace, {n} + {n} modes, {N_T} times over 3 T_pi, field step at T_pi")
    print(f"  exact (means of all modes + uniform-mode covariances): {t_exact:7.3f} s")
    t_short = t[t <= frac * math.pi / (2 * J)]
    t0 = time.perf_counter()
    ref = reference_trace(n, t_short)
    t_ref = time.perf_counter() - t0
    _, _, V = exact_trace(n, t_short, {})
    scale = (t[-1] - t[0]) / (t_short[-1] - t_short[0])
    print(
        f"  solve_ivp DOP853 on {len(t_short)} times, {frac:g} T_pi: {t_ref:8.2f} s, "
        f"max |diff| {np.abs(ref - V).max():.1e}; scaled x{scale:.0f} to 3 T_pi: "
        f"{t_ref * scale:9.1f} s (lower bound)"
    )
    print(f"  ratio >= {t_ref * scale / t_exact:8.0f}x")
    print(f"  peak RSS at {2 * n} + {2 * n} modes: {peak_memory_gb(2 * n):.2f} GB")


if __name__ == "__main__":
    main()

"""Benchmark of the exact two-mode covariance solver (spinbridge.twomode, Katz 2022 Fig. 4(b)).

    python benchmarks/bench_twomode.py [--repeats N]

One full Fig. 4(b) time trace - 2000 output times over [0, 3 T_pi], J = 55 gamma, alkali X_A
squeezed by 7 dB, partially polarised (p_A = 0.95, p_B = 0.75: thermal noise and initial
occupations (1 - p)/2p) - from :func:`spinbridge.twomode.evolve_covariance` (closed-form
propagator and noise integral) and from ``scipy.integrate.solve_ivp`` (DOP853) of the same
moment equations ``dV/dt = A V + V A^T + D`` at rtol = 1e-10, atol = 1e-12. Both run in this
process; the figure is the best thread CPU time of several repeats (the machine is shared).
Prints the times, the largest difference of the two traces and the speed-up ratio.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
from scipy.integrate import solve_ivp

from spinbridge import twomode as tm

GAMMA = 1.0  # s^-1
J = 55.0 * GAMMA
N_T = 2000


def best_time(fn, repeats: int) -> float:
    """Best thread CPU time of ``repeats`` calls of ``fn`` after a warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.thread_time()
        fn()
        times.append(time.thread_time() - t0)
    return min(times)


def setup():
    n_a, n_b = tm.noise_occupation(0.95), tm.noise_occupation(0.75)
    v0 = tm.squeezed_covariance(7.0, n_a, n_b)
    t = np.linspace(0.0, 3 * math.pi / (2 * J), N_T)
    return t, v0, n_a, n_b


def exact(t, v0, n_a, n_b, delta_after=None):
    switch = None if delta_after is None else math.pi / (2 * J)
    return tm.evolve_covariance(
        t,
        J,
        GAMMA,
        v0,
        n_thermal_A=n_a,
        n_thermal_B=n_b,
        switch_time_s=switch,
        delta_after_s=delta_after,
    )


def drift(delta: float) -> np.ndarray:
    """Quadrature drift of Eq. (28): d/dt (X_A, P_A, X_B, P_B) = A (X_A, P_A, X_B, P_B)."""
    return np.array(
        [[-GAMMA, -delta, 0, J], [delta, -GAMMA, -J, 0], [0, J, 0, 0], [-J, 0, 0, 0]],
        dtype=float,
    )


def reference_ode(t, v0, n_a, n_b, delta_after=None):
    """solve_ivp of ``dV/dt = A V + V A^T + D``, restarted at the field step."""
    D = np.diag([GAMMA * (2 * n_a + 1)] * 2 + [0.0, 0.0])

    def run(A, t_span, y0, t_eval):
        def rhs(_, y):
            V = y.reshape(4, 4)
            return (A @ V + V @ A.T + D).ravel()

        sol = solve_ivp(rhs, t_span, y0, t_eval=t_eval, method="DOP853", rtol=1e-10, atol=1e-12)
        return sol.y.T.reshape(-1, 4, 4)

    if delta_after is None:
        return run(drift(0.0), (t[0], t[-1]), v0.ravel(), t)
    t_sw = math.pi / (2 * J)
    before = t <= t_sw
    first = run(drift(0.0), (t[0], t_sw), v0.ravel(), np.append(t[before], t_sw))
    second = run(drift(delta_after), (t_sw, t[-1]), first[-1].ravel(), t[~before])
    return np.concatenate([first[:-1], second])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    t, v0, n_a, n_b = setup()
    print(
        f"Fig. 4(b) trace, {N_T} times over 3 T_pi, J = {J / GAMMA:g} gamma, 7 dB, "
        "p_A = 0.95, p_B = 0.75"
    )
    total_exact = total_ode = 0.0
    for label, d_after in (("resonant (solid)", None), ("stored, Delta = 300 J", 300 * J)):
        diff = np.abs(exact(t, v0, n_a, n_b, d_after) - reference_ode(t, v0, n_a, n_b, d_after))
        t_exact = best_time(lambda d=d_after: exact(t, v0, n_a, n_b, d), args.repeats)
        t_ode = best_time(lambda d=d_after: reference_ode(t, v0, n_a, n_b, d), 1)
        total_exact, total_ode = total_exact + t_exact, total_ode + t_ode
        print(
            f"  {label:22s}: exact {t_exact * 1e3:8.3f} ms, solve_ivp DOP853 "
            f"{t_ode * 1e3:9.3f} ms, max |diff| {diff.max():.1e}, ratio {t_ode / t_exact:7.1f}x"
        )
    print(f"  full figure (both lines): ratio {total_ode / total_exact:7.1f}x")


if __name__ == "__main__":
    main()

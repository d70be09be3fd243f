"""Benchmark of the coupled steady-state response (spinbridge.response, Jiang et al. 2025 Eq. 1).

    python benchmarks/bench_response.py [--repeats N]

A sweep of 200 test-field frequencies x 1000 parameter sets (bias fields from -200 to 200 mG,
y drive read on x, the Rb-129Xe-like pair of the paper's cell): the normalised response from
:func:`spinbridge.response.normalized_response` (closed-form 2x2 inverse, broadcast over
frequencies and parameters) against a plain reference, ``numpy.linalg.solve`` of the 2x2 system
for each rotating component at each point, in a Python loop. Both run in this process; the figure
is the best thread CPU time of the repeats (the machine is shared). Prints both times, the
largest relative difference and the speed-up ratio; the target is < 1 s and >= 20x.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from spinbridge import response as rs

N_FREQ, N_PARAM = 200, 1000
PAIR = dict(
    gyro_alkali_rad_s_G=-3.386e6,
    gyro_noble_rad_s_G=-7.452e3,
    lambda_Mb_mG=3.046,
    lambda_Ma_mG=0.01176,
)
RATES = dict(Gamma_a_s=1.0053e4, Gamma_b_s=7.54e-3)


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
    nu = np.linspace(5.0, 15.0, N_FREQ)
    bias = np.linspace(-200.0, 200.0, N_PARAM)
    return nu, bias


def vectorised(nu, bias):
    return rs.normalized_response(
        nu[None, :], bias_field_mG=bias[:, None], **PAIR, **RATES, drive="y", probe="x"
    )


def reference(nu, bias):
    """Per point: (i sigma w - L) X = S solved with numpy.linalg.solve, both components."""
    ga, gb = PAIR["gyro_alkali_rad_s_G"], PAIR["gyro_noble_rad_s_G"]
    wab, wba = ga * PAIR["lambda_Mb_mG"] * 1e-3, gb * PAIR["lambda_Ma_mG"] * 1e-3
    out = np.empty((bias.size, nu.size), dtype=complex)
    for i, b in enumerate(bias):
        wa = ga * (b + PAIR["lambda_Mb_mG"]) * 1e-3
        wb = gb * (b + PAIR["lambda_Ma_mG"]) * 1e-3
        L = np.array(
            [
                [-(1j * wa + RATES["Gamma_a_s"]), 1j * wab],
                [1j * wba, -(1j * wb + RATES["Gamma_b_s"])],
            ]
        )
        S = 0.5j * 1j * np.array([ga, gb])  # y drive: w = i/2 for both components
        for j, f in enumerate(nu):
            w = 2 * math.pi * f
            plus = np.linalg.solve(1j * w * np.eye(2) - L, S)
            minus = np.linalg.solve(-1j * w * np.eye(2) - L, S)
            alone_p = S[0] / (1j * w + 1j * wa + RATES["Gamma_a_s"])
            alone_m = S[0] / (-1j * w + 1j * wa + RATES["Gamma_a_s"])
            out[i, j] = (plus[0] + np.conj(minus[0])) / (alone_p + np.conj(alone_m))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    nu, bias = setup()
    diff = np.max(np.abs(vectorised(nu, bias) / reference(nu, bias) - 1.0))
    t_vec = best_time(lambda: vectorised(nu, bias), args.repeats)
    t_ref = best_time(lambda: reference(nu, bias), 1)
    print(
        f"normalised response, {N_FREQ} frequencies x {N_PARAM} parameter sets (y drive, x probe)"
    )
    print(f"  vectorised closed form : {t_vec * 1e3:9.2f} ms  (target < 1000 ms)")
    print(f"  per-point linalg.solve : {t_ref * 1e3:9.2f} ms")
    print(f"  max relative difference: {diff:.1e}")
    print(f"  ratio                  : {t_ref / t_vec:9.1f}x  (target >= 20x)")


if __name__ == "__main__":
    main()

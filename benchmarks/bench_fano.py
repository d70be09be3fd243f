"""Benchmark of the Fano fit (spinbridge.fano.fit_fano, Jiang et al. 2025 Eq. (2)): speed and
robustness against a plain single-start SciPy ``curve_fit``.

    python benchmarks/bench_fano.py [--repeats N] [--problems M]

Speed: one fit of a 131-point spectrum (q = -150, constant background, 1 % noise, the dip
included) by :func:`fit_fano` (grid of (nu_b, Gamma_b) with the linear power coefficients solved
exactly, then ``n_starts`` = 3 Levenberg-Marquardt fits with an analytic Jacobian) and by
``scipy.optimize.curve_fit`` from one start read off the data (peak position, half width, |q| from
peak over wings, the sign of q from the side of the dip); and, for the choice of engine, one local
fit from the same start by SciPy ``least_squares`` (LM, analytic Jacobian) and by ``lmfit``
(``minimize``, bounded ``least_squares``). Best thread CPU time of several repeats, in this
process (the machine is shared).

Robustness: M random spectra (|q| from 3 to 1000 log-uniform, either sign, both backgrounds,
B/A from 1e-3 to 3, noise 1-10 %, 30-3000 points: coarse uniform scans across peak and dip,
dense scans of the line alone, or a dense core plus a wide sweep). A fit counts as right when its
chi^2 is at most that of a fit started from the true parameters (used only to classify, never
to start a method). Prints the fraction each method gets wrong, and its time per fit.
"""

from __future__ import annotations

import argparse
import math
import time
import warnings

import numpy as np
from scipy.optimize import curve_fit, least_squares

from spinbridge import fano

TRUTH = {"q": -150.0, "nu_b_hz": 6.2, "gamma_b_s": 0.05, "A": 0.96, "B": 0.04}


def best_time(fn, repeats: int) -> float:
    """Best thread CPU time of ``repeats`` calls of ``fn`` after a warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.thread_time()
        fn()
        times.append(time.thread_time() - t0)
    return min(times)


def example_spectrum(rng):
    width = TRUTH["gamma_b_s"] / (2 * math.pi)
    core = TRUTH["nu_b_hz"] + width * np.linspace(-8.0, 8.0, 61)
    nu = np.unique(np.round(np.concatenate([core, np.linspace(4.5, 9.0, 70)]), 6))
    amplitude = fano.fano_amplitude(nu, **TRUTH)
    return nu, amplitude * (1 + 0.01 * rng.standard_normal(nu.size)), 0.01 * amplitude


def feature_start(nu, y):
    """One start from the data: peak, half width, |q| from peak/wings, sign from the dip's side."""
    power = y**2
    i, j = int(np.argmax(power)), int(np.argmin(power))
    wing = float(np.median(np.concatenate([power[:5], power[-5:]])))
    level = 0.5 * (power[i] + wing)
    above = np.flatnonzero(power > level)
    half = 0.5 * (nu[above[-1]] - nu[above[0]]) if above.size > 1 else (nu[-1] - nu[0]) / 20
    half = max(half, 0.5 * float(np.min(np.diff(nu))))
    sign = 1.0 if nu[j] < nu[i] else -1.0  # the dip eps = -q lies below the line for q > 0
    return [sign * math.sqrt(max(power[i] / wing - 1, 1.0)), nu[i], 2 * math.pi * half, wing, 0.0]


def plain_curve_fit(nu, y, err, background, start):
    def model(x, q, nu_b, gamma, A, B):
        eps = 2 * np.pi * (x - nu_b) / gamma
        if background == "constant":
            F = A * (q + eps) ** 2 / (1 + eps**2) + B
        else:
            F = A * ((q + eps) ** 2 + B) / (1 + eps**2)
        return np.sqrt(np.abs(F))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p, _ = curve_fit(model, nu, y, p0=start, sigma=err, absolute_sigma=True, maxfev=4000)
    return p


def lmfit_local(nu, y, err, start):
    import lmfit

    params = lmfit.Parameters()
    for name, value in zip(("q", "nu_b", "gamma", "A", "B"), start, strict=True):
        params.add(name, value=value, min=0.0 if name in ("gamma", "A", "B") else -np.inf)

    def residual(p):
        v = p.valuesdict()
        eps = 2 * np.pi * (nu - v["nu_b"]) / v["gamma"]
        F = v["A"] * (v["q"] + eps) ** 2 / (1 + eps**2) + v["B"]
        return (np.sqrt(np.maximum(F, 0.0)) - y) / err

    return lmfit.minimize(residual, params, method="least_squares")


def scipy_local(nu, y, err, start):
    def residual(p):
        return (fano._model_and_jacobian(p, nu, "constant")[0] - y) / err

    def jacobian(p):
        return fano._model_and_jacobian(p, nu, "constant")[1] / err[:, None]

    return least_squares(residual, start, jac=jacobian, method="lm", x_scale="jac")


def random_problem(rng):
    q = rng.choice([-1.0, 1.0]) * 10 ** rng.uniform(math.log10(3), 3)
    background = str(rng.choice(fano.BACKGROUNDS))
    nu_b, gamma, A = rng.uniform(2, 40), 10 ** rng.uniform(-2.5, -0.5), 10 ** rng.uniform(-3, 3)
    width = gamma / (2 * math.pi)
    ratio = 10 ** rng.uniform(-3, 0.5)
    B = ratio * A if background == "constant" else ratio * (1 + q * q)
    kind = int(rng.integers(3))
    if kind == 0:  # coarse uniform scan over dip and line: 1-3 points across the line
        lo, hi = sorted([nu_b - 2.5 * q * width, nu_b + 1.5 * q * width])
        nu = np.linspace(lo, hi, int(min(3000, max(30, (hi - lo) / (width * rng.uniform(0.7, 2))))))
    elif kind == 1:  # the line alone (no dip)
        half = rng.uniform(5, 30)
        nu = nu_b + width * np.linspace(-half, half, int(rng.integers(20, 80)))
    else:  # a dense core and a wide sweep
        core = np.linspace(-8, 8, int(rng.integers(15, 40)))
        wide = abs(q) * np.linspace(-3, 3, int(rng.integers(10, 40)))
        nu = nu_b + width * np.unique(np.round(np.concatenate([core, wide]), 9))
    nu = nu + rng.uniform(-0.5, 0.5) * width
    truth = [q, nu_b, gamma, A, B]
    amplitude = fano.fano_amplitude(
        nu, q=q, nu_b_hz=nu_b, gamma_b_s=gamma, A=A, B=B, background=background
    )
    noise = float(rng.choice([0.01, 0.03, 0.1]))
    y = np.abs(amplitude * (1 + noise * rng.standard_normal(nu.size)))
    return nu, y, noise * amplitude, background, truth


def chi2(p, nu, y, err, background):
    q, nu_b, gamma, A, B = p
    F = fano._power(nu, q, nu_b, abs(gamma), A, B, background)
    return float(np.sum(((np.sqrt(np.abs(F)) - y) / err) ** 2))


def robustness(n_problems: int) -> None:
    rng = np.random.default_rng(2025)
    problems = [random_problem(rng) for _ in range(n_problems)]
    methods = {
        "fit_fano (grid + 3 starts)": lambda nu, y, e, bg: (
            lambda f: [f.q, f.nu_b_hz, f.gamma_b_s, f.A, f.B]
        )(fano.fit_fano(nu, y, e, background=bg)),
        "fit_fano, n_starts = 1": lambda nu, y, e, bg: (
            lambda f: [f.q, f.nu_b_hz, f.gamma_b_s, f.A, f.B]
        )(fano.fit_fano(nu, y, e, background=bg, n_starts=1)),
        "curve_fit, start from features": lambda nu, y, e, bg: plain_curve_fit(
            nu, y, e, bg, feature_start(nu, y)
        ),
        "curve_fit, start with q > 0": lambda nu, y, e, bg: plain_curve_fit(
            nu, y, e, bg, [abs(feature_start(nu, y)[0]), *feature_start(nu, y)[1:]]
        ),
    }
    reference = []
    for nu, y, err, bg, truth in problems:  # classification only: the best chi^2 we know of
        res = fano._local_fit(np.array(truth), nu, y, err, bg)
        reference.append(min(2 * res.cost, chi2(truth, nu, y, err, bg)))
    print(f"robustness on {n_problems} random spectra (wrong = chi^2 above the truth-started fit)")
    for name, method in methods.items():
        wrong, failed = 0, 0
        t0 = time.thread_time()
        for (nu, y, err, bg, _), best in zip(problems, reference, strict=True):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    p = method(nu, y, err, bg)
                wrong += chi2(p, nu, y, err, bg) > best * (1 + 1e-6) + 1e-9
            except (ValueError, RuntimeError):
                wrong, failed = wrong + 1, failed + 1
        per_fit = (time.thread_time() - t0) / n_problems
        print(
            f"  {name:32s}: wrong {wrong / n_problems:6.1%} ({failed} raised), "
            f"{per_fit * 1e3:6.1f} ms per fit"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--problems", type=int, default=300)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    nu, y, err = example_spectrum(rng)
    start = feature_start(nu, y)
    t_fit = best_time(lambda: fano.fit_fano(nu, y, err), args.repeats)
    t_plain = best_time(lambda: plain_curve_fit(nu, y, err, "constant", start), args.repeats)
    t_lm = best_time(lambda: scipy_local(nu, y, err, np.array(start)), args.repeats)
    t_lmfit = best_time(lambda: lmfit_local(nu, y, err, start), args.repeats)
    fit = fano.fit_fano(nu, y, err)
    print(f"one fit, {nu.size} points, q = {TRUTH['q']:g} (fitted {fit.q:.2f} +/- {fit.q_err:.2f})")
    print(f"  fit_fano                         : {t_fit * 1e3:8.2f} ms (limit 500 ms)")
    print(
        f"  curve_fit, one start             : {t_plain * 1e3:8.2f} ms, "
        f"ratio fit_fano / curve_fit {t_fit / t_plain:6.1f}x"
    )
    print(
        f"  one local fit, same start        : least_squares LM + analytic Jacobian "
        f"{t_lm * 1e3:.2f} ms, lmfit.minimize {t_lmfit * 1e3:.2f} ms "
        f"(ratio {t_lmfit / t_lm:.1f}x)"
    )
    robustness(args.problems)


if __name__ == "__main__":
    main()

"""Datasets of the photon-counting stage: pulse sequences (Figs. 5, 6) and the emission check.

Masson & Parkins, arXiv (Dec 2021), Eqs. (2) and (14)-(15). Each function assembles the physics of
:mod:`spinbridge.heralding` and :mod:`spinbridge.tavis_cummings` into one ``xarray.Dataset`` (one
rule's output) with ``units`` and ``long_name`` on every variable.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from spinbridge import spin1
from spinbridge.dicke import (
    check_count,
    check_finite_array,
    check_positive,
    check_seed,
    dicke_populations,
)
from spinbridge.dicke import check_n_atoms as valid_n_atoms
from spinbridge.heralding import (
    MAX_N_PULSES,
    MAX_SEQUENCE_ENTRIES,
    average_qfi,
    check_efficiency,
    check_qfi_n_atoms,
    draw_pulse_counts,
    ideal_average_qfi,
    sample_sequence_qfi,
    sequence_posterior,
)
from spinbridge.store import var_attrs
from spinbridge.tavis_cummings import (
    MAX_T_KAPPA,
    MAX_TIME_POINTS,
    anti_tc_emission,
    cascade_time_rate_equation,
    pulse_time_estimate,
    tc_emission,
)

__all__ = ["emission_dataset", "sampled_qfi_dataset", "simulate_pulse_sequence"]


def simulate_pulse_sequence(
    n_atoms: int, spin_true: int, efficiency: float, n_pulses: int, *, seed: int
) -> xr.Dataset:
    """One heralding run for Fig. 5: binomial counts from a known S, posterior after each pulse.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N (sets the prior |c_S|^2).
    spin_true : int
        Actual spin length (S = N mod 2).
    efficiency : float
        Detection efficiency eta in (0, 1].
    n_pulses : int
        Number of output pulses (>= 1).
    seed : int
        Seed of numpy.random.default_rng.

    Returns
    -------
    xarray.Dataset
        ``posterior`` (pulse, spin), ``counts`` (pulse), ``posterior_std`` (pulse), and
        ``posterior_std_max_change`` (< 0: every pulse narrows the distribution in S, text
        after Eq. (15)).

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^5], ``spin_true`` not an allowed spin length
        for it (0 <= S <= N, S = N mod 2), ``efficiency`` not in (0, 1], ``n_pulses`` not an
        integer in [1, 10^4], ``seed`` not an integer in [0, 2^63 - 1], or a posterior comes out
        NaN.
    """
    n = valid_n_atoms(n_atoms, maximum=100000)
    spin1.check_spin_length(n, spin_true, "spin_true")
    check_efficiency(efficiency)
    check_count(n_pulses, "n_pulses", 1, MAX_N_PULSES)
    check_seed(seed)
    rng = np.random.default_rng(seed)
    counts = draw_pulse_counts(rng, spin_true, efficiency, n_pulses)
    spin, post = sequence_posterior(n, counts, efficiency)
    _, post_printed = sequence_posterior(n, counts, efficiency, printed_exponent=True)
    mean = post @ spin
    std = np.sqrt(np.clip(post @ spin**2 - mean**2, 0, None))
    pulse = np.arange(1, n_pulses + 1)
    ds = xr.Dataset(
        {
            "posterior": (
                ("pulse", "spin"),
                post,
                var_attrs("1", "posterior p(S | counts), Eq. (15)"),
            ),
            "posterior_printed_exponent": (
                ("pulse", "spin"),
                post_printed,
                var_attrs("1", "posterior with Eq. (15) as printed, (1-eta)^(S-n_i)"),
            ),
            "counts": ("pulse", counts, var_attrs("1", "registered photon number of the pulse")),
            "posterior_mean": ("pulse", mean, var_attrs("1", "posterior mean spin length")),
            "posterior_std": ("pulse", std, var_attrs("1", "posterior standard deviation of S")),
            "posterior_std_max_change": (
                (),
                float(np.max(np.diff(std))) if n_pulses > 1 else np.nan,
                var_attrs("1", "largest change of posterior_std from one pulse to the next"),
            ),
            "posterior_std_ratio": (
                (),
                float(std[-1] / std[0]),
                var_attrs("1", "posterior_std after the last pulse / after the first"),
            ),
            "prior": ("spin", dicke_populations(n)[spin], var_attrs("1", "prior |c_S|^2, Eq. (7)")),
        },
        coords={
            "pulse": ("pulse", pulse, var_attrs("1", "number of output pulses registered")),
            "spin": ("spin", spin, var_attrs("1", "spin length S")),
        },
        attrs={"n_atoms": n, "spin_true": int(spin_true), "efficiency": float(efficiency)},
    )
    return ds


def sampled_qfi_dataset(
    n_atoms: int, n_states: int, efficiencies, n_pulses: int, *, seed: int
) -> xr.Dataset:
    """Fig. 6: sample-mean QFI after 1..n_pulses pulses for several efficiencies.

    The same seed is used for every efficiency (common random numbers: the same drawn S).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N (paper: 16).
    n_states : int
        Number of sampled states (paper: 1000).
    efficiencies : sequence of float
        Detection efficiencies in (0, 1].
    n_pulses : int
        Number of pulses.
    seed : int
        Seed of the generator.

    Returns
    -------
    xarray.Dataset

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^5], ``n_states`` or ``n_pulses`` not a positive
        integer (their product with the S grid at most 10^8), ``efficiencies`` empty or with an
        entry outside (0, 1], ``seed`` not an integer in [0, 2^63 - 1] (all checked before any
        sampling), or a QFI comes out NaN or negative.
    """
    n = check_qfi_n_atoms(n_atoms)
    check_count(n_states, "n_states", 1, MAX_SEQUENCE_ENTRIES)
    check_count(n_pulses, "n_pulses", 1, MAX_N_PULSES)
    check_seed(seed)
    for e in check_finite_array(efficiencies, "efficiencies"):
        check_efficiency(e, "efficiencies")
    etas = np.asarray(efficiencies, dtype=float)
    samples = np.array(
        [sample_sequence_qfi(n, n_states, float(e), n_pulses, seed=seed) for e in etas]
    )
    mean = samples.mean(axis=1)
    sem = samples.std(axis=1, ddof=1) / math.sqrt(n_states) if n_states > 1 else 0 * mean
    ideal = ideal_average_qfi(n)
    pulse = np.arange(1, n_pulses + 1)
    return xr.Dataset(
        {
            "sample_mean_qfi": (
                ("efficiency", "pulse"),
                mean,
                var_attrs("1", "sample mean QFI of the heralded states"),
            ),
            "sample_sem_qfi": (
                ("efficiency", "pulse"),
                sem,
                var_attrs("1", "standard error of the sample mean QFI"),
            ),
            "ideal_average_qfi": ((), ideal, var_attrs("1", "ideal-detector average QFI, Eq. (9)")),
            "final_ratio": (
                "efficiency",
                mean[:, -1] / ideal,
                var_attrs("1", "sample mean QFI after the last pulse / ideal-detector average QFI"),
            ),
            "final_ratio_sem": (
                "efficiency",
                sem[:, -1] / ideal,
                var_attrs("1", "standard error of final_ratio"),
            ),
            "average_qfi_one_pulse": (
                "efficiency",
                [average_qfi(n, float(e)) for e in etas],
                var_attrs("1", "exact single-pulse average QFI, Eq. (12)"),
            ),
        },
        coords={
            "efficiency": ("efficiency", etas, var_attrs("1", "photon detection efficiency eta")),
            "pulse": ("pulse", pulse, var_attrs("1", "number of output pulses")),
        },
        attrs={"title": "Masson Fig. 6: sampled QFI", "n_atoms": n, "n_states": int(n_states)},
    )


def _duration_scan(spins: np.ndarray, xs: np.ndarray):
    """kappa T from Eq. (2) and from the rate equation, and emitted photons, on (spin, coupling)."""
    shape = (len(spins), len(xs))
    t_me, t_re, emitted = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for i, s in enumerate(spins):
        for j, x in enumerate(xs):
            lam = x / math.sqrt(s)
            t_re[i, j] = cascade_time_rate_equation(int(s), lam)
            t_end = 12.0 * t_re[i, j] + 30.0
            res = tc_emission(int(s), lam, np.linspace(0.0, t_end, 50))
            t_me[i, j] = res["cascade_time"]
            emitted[i, j] = res["emitted_total"]
    return t_me, t_re, emitted


def _emission_traces(spins: np.ndarray, tx: np.ndarray, t_grid: np.ndarray):
    """Emitted photons and photon flux of the TC pulse on (trace_coupling, spin, time)."""
    traces = np.zeros((len(tx), len(spins), len(t_grid)))
    flux = np.zeros_like(traces)
    for a, x in enumerate(tx):
        for i, s in enumerate(spins):
            res = tc_emission(int(s), x / math.sqrt(s), t_grid)
            traces[a, i] = res["emitted"]
            flux[a, i] = 2.0 * res["cavity"]
    return traces, flux


def _anti_tc_photons(anti_spins: np.ndarray, tx: np.ndarray) -> np.ndarray:
    """Photons emitted by the anti-TC pulse |S, -S> -> |S, +S> on (trace_coupling, anti_tc_spin).

    Integrated to 24 T + 30 / kappa, T the TC rate-equation time (the anti-TC cascade has twice
    as many steps, so twice the mean time in the bad-cavity limit).
    """
    out = np.zeros((len(tx), len(anti_spins)))
    for a, x in enumerate(tx):
        for i, s in enumerate(anti_spins):
            lam = x / math.sqrt(s)
            t_end = 24.0 * cascade_time_rate_equation(int(s), lam) + 30.0
            out[a, i] = anti_tc_emission(int(s), lam, np.linspace(0.0, t_end, 50))["emitted_total"]
    return out


def _worst(ratio: np.ndarray) -> float:
    """The entry of ``ratio`` farthest from 1."""
    flat = np.asarray(ratio, dtype=float).ravel()
    return float(flat[np.argmax(np.abs(flat - 1.0))]) if flat.size else math.nan


def _regime_variables(spins, xs, t_me, scaled) -> dict:
    """The two pulse-duration regimes of the text after Eq. (8), from the duration scan.

    Weak coupling (sqrt(S) lambda <= kappa / 2): T S lambda^2 / kappa at the weakest coupling and
    the largest S. Strong coupling: the longest kappa T over S at the strongest coupling.
    """
    i_weak = int(np.argmin(xs))
    i_strong = int(np.argmax(xs))
    weak = float(scaled[int(np.argmax(spins)), i_weak]) if xs[i_weak] <= 0.5 else math.nan
    strong = float(t_me[:, i_strong].max()) if xs[i_strong] > 0.5 else math.nan
    return {
        "weak_regime_scaled_time": (
            (),
            weak,
            var_attrs(
                "1",
                "T S lambda^2 / kappa, weakest coupling (sqrt(S) lambda <= kappa/2), largest S",
            ),
        ),
        "weak_regime_coupling": (
            (),
            float(xs[i_weak]),
            var_attrs("1", "sqrt(S) lambda_- / kappa of weak_regime_scaled_time"),
        ),
        "strong_regime_time_kappa": (
            (),
            strong,
            var_attrs("1", "largest kappa T over S at the strongest coupling (> kappa/2)"),
        ),
        "strong_regime_coupling": (
            (),
            float(xs[i_strong]),
            var_attrs("1", "sqrt(S) lambda_- / kappa of strong_regime_time_kappa"),
        ),
    }


def _estimate_variables(est: dict) -> dict:
    """Scalars of the timescale estimate of the last paragraph (Eq. (6), S = sqrt(N))."""
    return {
        "lambda_minus_rad_s": (
            (),
            est["lambda_rad_s"],
            var_attrs("rad/s", "lambda_- = g Omega_- / (12 sqrt2 Delta), Eq. (6)"),
        ),
        "t_pulse_us": (
            (),
            est["t_pulse_s"] * 1e6,
            var_attrs("us", "t_pulse = (S lambda_-^2 / kappa)^-1 at S = sqrt(N)"),
        ),
        "cascade_time_us": (
            (),
            est["cascade_time_s"] * 1e6,
            var_attrs("us", "mean cascade time (bad-cavity rate equation) at S = sqrt(N)"),
        ),
        "coupling_ratio": (
            (),
            est["coupling_ratio"],
            var_attrs("1", "sqrt(S) lambda_- / (kappa / 2) (weak-coupling formula valid if < 1)"),
        ),
    }


def emission_dataset(
    spins,
    couplings,
    trace_couplings,
    trace_t_max_kappa: float,
    trace_points: int,
    *,
    anti_tc_spins,
    g_MHz: float,
    kappa_MHz: float,
    gamma_MHz: float,
    omega_over_delta: float,
    n_atoms: int,
) -> xr.Dataset:
    """Master-equation check of the (anti-)TC emission (Eq. (2)) and the t_pulse estimate.

    Length: longer than 80 lines because it is one flat declaration of the dataset's variables; the
    computations are in the helpers above.

    Parameters
    ----------
    spins : sequence of int
        Spin lengths (1..8).
    couplings : sequence of float
        sqrt(S) lambda_- / kappa values of the duration scan.
    trace_couplings : sequence of float
        sqrt(S) lambda_- / kappa values of the stored time traces (and of the anti-TC runs).
    trace_t_max_kappa : float
        End of the trace time grid, kappa t.
    trace_points : int
        Number of trace time points.
    anti_tc_spins : sequence of int
        Spin lengths (1..8) of the anti-TC pulse |S, -S> -> |S, +S> (2S photons).
    g_MHz, kappa_MHz, gamma_MHz : float
        {g, kappa, gamma} / 2 pi in MHz (gamma only recorded: it does not enter t_pulse).
    omega_over_delta : float
        Omega_- / Delta.
    n_atoms : int
        N of the estimate (S = sqrt(N)).

    Returns
    -------
    xarray.Dataset

    Raises
    ------
    TypeError, ValueError
        Before any integration: if ``spins`` or ``anti_tc_spins`` has an entry that is not an
        integer in [1, 8] (the dense master equation), ``couplings`` or ``trace_couplings`` an
        entry that is not finite and > 0, ``trace_t_max_kappa`` is not in (0, 10^6],
        ``trace_points`` not an integer in [2, 10^6], ``g_MHz``, ``kappa_MHz``, ``gamma_MHz`` or
        ``omega_over_delta`` not finite and > 0, or ``n_atoms`` not an integer in [1, 10^7].
        While integrating: if Tr rho drifts (:func:`spinbridge.tavis_cummings.tc_emission`).
    """
    for name, values in (("spins", spins), ("anti_tc_spins", anti_tc_spins)):
        for x in check_finite_array(values, name):
            check_count(x, name, 1, 8)
    check_finite_array(couplings, "couplings", positive=True)
    check_finite_array(trace_couplings, "trace_couplings", positive=True)
    check_positive(trace_t_max_kappa, "trace_t_max_kappa", MAX_T_KAPPA)
    check_count(trace_points, "trace_points", 2, MAX_TIME_POINTS)
    for name, value in (
        ("g_MHz", g_MHz),
        ("kappa_MHz", kappa_MHz),
        ("gamma_MHz", gamma_MHz),
        ("omega_over_delta", omega_over_delta),
    ):
        check_positive(value, name)
    valid_n_atoms(n_atoms)
    spins = np.asarray(spins, dtype=int)
    xs = np.asarray(couplings, dtype=float)
    tx = np.asarray(trace_couplings, dtype=float)
    anti_spins = np.asarray(anti_tc_spins, dtype=int)
    t_grid = np.linspace(0.0, float(trace_t_max_kappa), int(trace_points))
    t_me, t_re, emitted = _duration_scan(spins, xs)
    traces, flux = _emission_traces(spins, tx, t_grid)
    anti = _anti_tc_photons(anti_spins, tx)
    lam_k = xs[None, :] / np.sqrt(spins[:, None])
    est = pulse_time_estimate(g_MHz, kappa_MHz, omega_over_delta, n_atoms)
    scaled = t_me * spins[:, None] * lam_k**2
    tc_ratio = emitted / spins[:, None]
    anti_ratio = anti / (2.0 * anti_spins[None, :])
    sc = ("spin", "coupling")
    return xr.Dataset(
        {
            "cascade_time_kappa": (
                sc,
                t_me,
                var_attrs("1", "kappa x mean time to reach |S,-S>|0> (master equation)"),
            ),
            "cascade_time_rate_kappa": (
                sc,
                t_re,
                var_attrs("1", "kappa x mean cascade time, bad-cavity rate equation"),
            ),
            "cascade_time_scaled": (
                sc,
                scaled,
                var_attrs("1", "mean cascade time x S lambda^2 / kappa"),
            ),
            "emitted_photons": (
                sc,
                emitted,
                var_attrs("1", "photons emitted at the end of the integration"),
            ),
            "tc_photons_per_spin": (sc, tc_ratio, var_attrs("1", "emitted photons / S, TC")),
            "tc_photons_per_spin_worst": (
                (),
                _worst(tc_ratio),
                var_attrs("1", "tc_photons_per_spin farthest from 1"),
            ),
            "anti_tc_emitted_photons": (
                ("trace_coupling", "anti_tc_spin"),
                anti,
                var_attrs("1", "photons emitted by the anti-TC pulse |S,-S> -> |S,+S>"),
            ),
            "anti_tc_photons_per_spin": (
                ("trace_coupling", "anti_tc_spin"),
                anti_ratio,
                var_attrs("1", "emitted photons / 2S, anti-TC"),
            ),
            "anti_tc_photons_per_spin_worst": (
                (),
                _worst(anti_ratio),
                var_attrs("1", "anti_tc_photons_per_spin farthest from 1"),
            ),
            "trace_emitted": (
                ("trace_coupling", "spin", "time_kappa"),
                traces,
                var_attrs("1", "photons emitted up to time t"),
            ),
            "trace_flux": (
                ("trace_coupling", "spin", "time_kappa"),
                flux,
                var_attrs("1", "photon flux 2 kappa <a^dag a> / kappa"),
            ),
            **_regime_variables(spins, xs, t_me, scaled),
            **_estimate_variables(est),
        },
        coords={
            "spin": ("spin", spins, var_attrs("1", "spin length S")),
            "coupling": ("coupling", xs, var_attrs("1", "sqrt(S) lambda_- / kappa")),
            "trace_coupling": (
                "trace_coupling",
                tx,
                var_attrs("1", "sqrt(S) lambda / kappa (lambda_- for TC, lambda_+ for anti-TC)"),
            ),
            "anti_tc_spin": ("anti_tc_spin", anti_spins, var_attrs("1", "spin length S")),
            "time_kappa": ("time_kappa", t_grid, var_attrs("1", "time kappa t")),
        },
        attrs={
            "title": "Masson TC emission and t_pulse",
            "g_MHz": g_MHz,
            "kappa_MHz": kappa_MHz,
            "gamma_MHz": gamma_MHz,
            "omega_over_delta": omega_over_delta,
            "estimate_n_atoms": int(n_atoms),
        },
    )

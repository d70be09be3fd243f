"""Photon-counting heralding of entangled spin-1 states (Masson & Parkins, arXiv:2112, 2021).

N spin-1 atoms start in |m_F = 0>^N = sum_S c_S |S, 0> (Eq. (7)); a Tavis-Cummings (TC) pulse
takes each |S, 0> to |S, -S> emitting exactly S photons, so counting them heralds the spin length.

Populations |c_S|^2 (Eqs. (7)-(8))
----------------------------------
Coupling one spin-1 at a time, |S, 0> (x) |1, 0> splits into |S + 1, 0> and |S - 1, 0> with
squared Clebsch-Gordan coefficients (S + 1)/(2S + 1) and S/(2S + 1) (Eq. (8); <S 0; 1 0|S 0> = 0
because S + 1 + S is odd). Each split creates a new, orthogonal coupling path, so what the
iteration propagates is the *probability* of S (a Markov chain), not one amplitude: adding
the amplitudes that Eq. (8) gives for the same S along different paths double counts and
breaks the norm already at N = 3 (:func:`literal_amplitude_recursion`). The chain has the
closed form (derived from the Legendre expansion of z^N = cos^N(theta) r^N and the Fischer
norm of r^{2k} Y_S, checked against the recursion in exact rationals)

    |c_S|^2 = (2S + 1) N! sqrt(pi) / (2^{N+1} k! Gamma((N + S + 3)/2)),  k = (N - S)/2,

for S = N (mod 2), which :func:`dicke_populations` evaluates with log-gamma functions.
"""

from __future__ import annotations

import logging
import math
from fractions import Fraction

import numpy as np
import xarray as xr
from scipy.special import gammaln, logsumexp

from spinbridge import spin1

logger = logging.getLogger(__name__)

__all__ = [
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
    "ideal_average_qfi",
    "inset_dataset",
    "literal_amplitude_recursion",
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
]

_MAX_N = 10**7


def _check_n(n_atoms, name: str = "n_atoms", maximum: int = _MAX_N) -> int:
    if int(n_atoms) != n_atoms or not 1 <= n_atoms <= maximum:
        raise ValueError(f"{name} must be an integer in [1, {maximum}], got {n_atoms!r}")
    return int(n_atoms)


def _check_efficiency(efficiency: float) -> float:
    if not 0.0 <= efficiency <= 1.0:
        raise ValueError(f"efficiency must lie in [0, 1], got {efficiency!r}")
    return float(efficiency)


# --------------------------------------------------------------------------- populations
def log_dicke_populations(n_atoms: int) -> np.ndarray:
    """log |c_S|^2 for S = 0..N of |m_F = 0>^N (Eqs. (7)-(8)); -inf where S != N (mod 2).

    Parameters
    ----------
    n_atoms : int
        Number of spin-1 atoms, 1 <= N <= 10^7.

    Returns
    -------
    numpy.ndarray
        Length N + 1; entry S is ln |c_S|^2 (closed form of the module docstring).
    """
    n = _check_n(n_atoms)
    s = np.arange(n % 2, n + 1, 2)
    # cumulate the O(1) ratios |c_{S+2}|^2 / |c_S|^2 = (2S + 5)(N - S) / ((2S + 1)(N + S + 3))
    # of the closed form instead of differencing log-gamma values of size N log N
    lo = s[:-1].astype(float)
    log_ratio = np.log((2 * lo + 5) * (n - lo)) - np.log((2 * lo + 1) * (n + lo + 3))
    vals = np.concatenate([[0.0], np.cumsum(log_ratio)])
    vals -= logsumexp(vals)
    out = np.full(n + 1, -np.inf)
    out[s] = vals
    return out


def dicke_populations(n_atoms: int) -> np.ndarray:
    """|c_S|^2, S = 0..N, of |m_F = 0>^N in the Dicke states |S, 0> (Eqs. (7)-(8)).

    Closed form of the Clebsch-Gordan probability recursion (module docstring), evaluated in
    logarithms: no underflow of the bulk for N up to 10^7; entries below ~1e-308 are 0.

    Parameters
    ----------
    n_atoms : int
        Number of spin-1 atoms, 1 <= N <= 10^7.

    Returns
    -------
    numpy.ndarray
        Length N + 1, sums to 1; zero for S != N (mod 2).
    """
    return np.exp(log_dicke_populations(n_atoms))


def dicke_populations_closed_form(n_atoms: int) -> np.ndarray:
    """|c_S|^2 from the log-gamma closed form of the module docstring (used to cross-check).

    Parameters
    ----------
    n_atoms : int
        Number of spin-1 atoms, 1 <= N <= 10^7.

    Returns
    -------
    numpy.ndarray
        Length N + 1 (unnormalised closed form; sums to 1 up to rounding of lgamma ~ N eps).
    """
    n = _check_n(n_atoms)
    s = np.arange(n % 2, n + 1, 2)
    k = (n - s) // 2
    vals = (
        np.log(2 * s + 1)
        + gammaln(n + 1)
        + 0.5 * math.log(math.pi)
        - (n + 1) * math.log(2.0)
        - gammaln(k + 1)
        - gammaln((n + s + 3) / 2)
    )
    out = np.zeros(n + 1)
    out[s] = np.exp(vals)
    return out


def dicke_populations_recursion(n_atoms: int) -> np.ndarray:
    """Reference: iterate Eq. (8) N - 1 times as a probability (Markov) recursion, pure numpy.

    P_{n+1}(S + 1) += P_n(S) (S + 1)/(2S + 1),  P_{n+1}(S - 1) += P_n(S) S/(2S + 1).
    The transition probabilities sum to one, so the recursion is norm preserving; cost O(N^2).

    Parameters
    ----------
    n_atoms : int
        Number of spin-1 atoms, 1 <= N <= 20000.

    Returns
    -------
    numpy.ndarray
        Length N + 1.
    """
    n = _check_n(n_atoms, maximum=20000)
    p = np.zeros(n + 2)
    p[1] = 1.0
    s = np.arange(n + 2, dtype=float)
    up = (s + 1) / (2 * s + 1)
    down = s / (2 * s + 1)
    for m in range(1, n):
        new = np.zeros_like(p)
        new[1 : m + 2] += p[: m + 1] * up[: m + 1]
        new[:m] += p[1 : m + 1] * down[1 : m + 1]
        p = new
    return p[: n + 1]


def dicke_populations_exact(n_atoms: int) -> list[Fraction]:
    """Exact rational |c_S|^2 from the probability recursion of Eq. (8) (N <= 200).

    Parameters
    ----------
    n_atoms : int
        Number of spin-1 atoms, 1 <= N <= 200.

    Returns
    -------
    list of fractions.Fraction
        Length N + 1.
    """
    n = _check_n(n_atoms, maximum=200)
    p = [Fraction(0)] * (n + 2)
    p[1] = Fraction(1)
    for m in range(1, n):
        new = [Fraction(0)] * (n + 2)
        for s in range(m + 1):
            if p[s]:
                new[s + 1] += p[s] * Fraction(s + 1, 2 * s + 1)
                if s > 0:
                    new[s - 1] += p[s] * Fraction(s, 2 * s + 1)
        p = new
    return p[: n + 1]


def literal_amplitude_recursion(n_atoms: int) -> np.ndarray:
    """Eq. (8) read literally as one amplitude per S (documents why it is wrong; N <= 2000).

    Returns the squared amplitudes; their sum differs from 1 for N >= 3 because amplitudes of
    orthogonal coupling paths are added.

    Parameters
    ----------
    n_atoms : int
        Number of spin-1 atoms, 1 <= N <= 2000.

    Returns
    -------
    numpy.ndarray
        Length N + 1 (not normalised).
    """
    n = _check_n(n_atoms, maximum=2000)
    c = np.zeros(n + 2)
    c[1] = 1.0
    s = np.arange(n + 2, dtype=float)
    up = np.sqrt((s + 1) / (2 * s + 1))
    down = np.sqrt(s / (2 * s + 1))
    for m in range(1, n):
        new = np.zeros_like(c)
        new[1 : m + 2] += c[: m + 1] * up[: m + 1]
        new[:m] -= c[1 : m + 1] * down[1 : m + 1]
        c = new
    return c[: n + 1] ** 2


def tail_population(n_atoms: int, spin_cut: int) -> float:
    """sum_{S > spin_cut} |c_S|^2 (Fig. 2 caption), summed in logarithms.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    spin_cut : int
        0 <= spin_cut <= N.

    Returns
    -------
    float
        Tail population.
    """
    n = _check_n(n_atoms)
    if not 0 <= spin_cut <= n:
        raise ValueError(f"spin_cut must lie in [0, {n}], got {spin_cut}")
    logp = log_dicke_populations(n)[spin_cut + 1 :]
    return float(np.exp(logsumexp(logp))) if np.isfinite(logp).any() else 0.0


def peak_spin_length(n_atoms: int) -> int:
    """Most probable spin length argmax_S |c_S|^2 (text after Eq. (8): S ~ sqrt(N)).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.

    Returns
    -------
    int
        S of the largest population.
    """
    return int(np.argmax(log_dicke_populations(n_atoms)))


# --------------------------------------------------------------------------- averages
def _support(n_atoms: int, rel_cut: float) -> tuple[np.ndarray, np.ndarray]:
    """Allowed S with |c_S|^2 > rel_cut * max, and their populations (same parity as N)."""
    logp = log_dicke_populations(n_atoms)
    spin = np.arange(n_atoms % 2, n_atoms + 1, 2)
    lp = logp[spin]
    keep = lp > lp.max() + math.log(rel_cut)
    s_max = int(spin[keep].max())
    spin = spin[spin <= s_max]
    return spin, np.exp(logp[spin])


def ideal_average_qfi(n_atoms: int, *, rel_cut: float = 1e-30) -> float:
    """Average QFI for an ideal detector, Eq. (9): sum_S |c_S|^2 F(|S, -S>).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    rel_cut : float
        Spin lengths whose population is below rel_cut times the peak are dropped
        (their contribution is < rel_cut N^2 relative).

    Returns
    -------
    float
        Mean QFI on G = Q_xx - Q_yy.
    """
    n = _check_n(n_atoms, maximum=100000)
    spin, pop = _support(n, rel_cut)
    return float(np.sum(pop * spin1.lowest_weight_qfi(n, spin)))


def _log_binom_pmf(n_counts: np.ndarray, trials: np.ndarray, efficiency: float) -> np.ndarray:
    """log C(trials, n) eta^n (1 - eta)^(trials - n), -inf where n > trials (broadcasting)."""
    n_counts = np.asarray(n_counts, dtype=float)
    trials = np.asarray(trials, dtype=float)
    ok = n_counts <= trials
    nn = np.where(ok, n_counts, 0.0)
    tt = np.where(ok, trials, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_eta = math.log(efficiency) if efficiency > 0 else -np.inf
        log_miss = math.log1p(-efficiency) if efficiency < 1 else -np.inf
        term_hit = np.where(nn > 0, nn * log_eta, 0.0)
        term_miss = np.where(tt - nn > 0, (tt - nn) * log_miss, 0.0)
        out = gammaln(tt + 1) - gammaln(nn + 1) - gammaln(tt - nn + 1) + term_hit + term_miss
    return np.where(ok, out, -np.inf)


def pulse_likelihood(n_counts, spin, efficiency: float, *, photons_per_spin: int = 1) -> np.ndarray:
    """Probability to register n photons from a pulse of photons_per_spin * S photons.

    Each emitted photon is detected independently with probability eta, so the count is
    binomial: C(mS, n) eta^n (1 - eta)^(mS - n). m = 1 for the first (TC) pulse (Eq. (11)),
    m = 2 for every later pulse (|S, -+S> -> |S, +-S>, Eq. (15); the paper prints the exponent
    S - n_i, but 2S - n_i photons are missed).

    Parameters
    ----------
    n_counts, spin : array_like of int
        Registered photon numbers and spin lengths (broadcast together).
    efficiency : float
        Detection efficiency eta in [0, 1].
    photons_per_spin : int
        1 (TC pulse from |S, 0>) or 2 (pulse between |S, -S> and |S, +S>).

    Returns
    -------
    numpy.ndarray
        Probabilities (0 where n > mS).
    """
    eta = _check_efficiency(efficiency)
    if photons_per_spin not in (1, 2):
        raise ValueError(f"photons_per_spin must be 1 or 2, got {photons_per_spin!r}")
    return np.exp(_log_binom_pmf(n_counts, photons_per_spin * np.asarray(spin), eta))


def _joint_log(n_atoms: int, efficiency: float, rel_cut: float):
    spin, pop = _support(n_atoms, rel_cut)
    counts = np.arange(int(spin.max()) + 1)
    logj = np.log(pop)[None, :] + _log_binom_pmf(counts[:, None], spin[None, :], efficiency)
    return spin, pop, counts, logj


def photon_count_distribution(
    n_atoms: int, efficiency: float, *, rel_cut: float = 1e-30
) -> tuple[np.ndarray, np.ndarray]:
    """Distribution p(n) of registered photon numbers, Eq. (13).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    efficiency : float
        Detection efficiency eta in [0, 1].
    rel_cut : float
        Population cut of the S grid (see :func:`ideal_average_qfi`).

    Returns
    -------
    counts, probability : numpy.ndarray
        n = 0..S_max and p(n).
    """
    eta = _check_efficiency(efficiency)
    _, _, counts, logj = _joint_log(_check_n(n_atoms, maximum=100000), eta, rel_cut)
    return counts, np.exp(logsumexp(logj, axis=1))


def spin_length_posterior(
    n_atoms: int, n_counts: int, efficiency: float, *, rel_cut: float = 1e-30
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior p(S | n) of the heralded mixture rho_n, Eqs. (10)-(11).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    n_counts : int
        Registered photon number n >= 0.
    efficiency : float
        Detection efficiency eta in (0, 1].
    rel_cut : float
        Population cut of the S grid.

    Returns
    -------
    spin, probability : numpy.ndarray
        Allowed S and p(S | n) (zero for S < n).
    """
    eta = _check_efficiency(efficiency)
    spin, pop = _support(_check_n(n_atoms, maximum=100000), rel_cut)
    if n_counts < 0 or n_counts > spin.max():
        raise ValueError(f"n_counts must lie in [0, {spin.max()}], got {n_counts}")
    logj = np.log(pop) + _log_binom_pmf(n_counts, spin, eta)
    return spin, np.exp(logj - logsumexp(logj))


def average_qfi(n_atoms: int, efficiency: float = 1.0, *, rel_cut: float = 1e-30) -> float:
    """Average QFI of the heralded states for detection efficiency eta, Eqs. (9)-(13).

    F_bar = sum_n p(n) F(rho_n) with F(rho_n) from :func:`spin1.lowest_weight_mixture_qfi`.
    Because p(n) p(S|n) = J(n, S) = |c_S|^2 Binom(n; S, eta), this is

        F_bar = sum_S |c_S|^2 F_S - 16 sum_{n,S} J_S J_{S-2} / (J_S + J_{S-2}) |G_{S-2,S}|^2,

    which reduces to Eq. (9) at eta = 1.

    Parameters
    ----------
    n_atoms : int
        Number of atoms, 1 <= N <= 10^5.
    efficiency : float
        Detection efficiency eta in [0, 1].
    rel_cut : float
        Population cut of the S grid.

    Returns
    -------
    float
        Mean QFI on G = Q_xx - Q_yy.
    """
    eta = _check_efficiency(efficiency)
    n = _check_n(n_atoms, maximum=100000)
    if eta == 1.0:
        return ideal_average_qfi(n, rel_cut=rel_cut)
    spin, pop, _, logj = _joint_log(n, eta, rel_cut)
    qfi = spin1.lowest_weight_qfi(n, spin)
    coupling = spin1.lowest_weight_coupling(n, spin)
    hi, lo = logj[:, 1:], logj[:, :-1]
    with np.errstate(invalid="ignore"):
        log_harm = hi + lo - np.logaddexp(hi, lo)
    log_harm = np.where(np.isfinite(hi) & np.isfinite(lo), log_harm, -np.inf)
    loss = 16.0 * np.sum(np.exp(log_harm).sum(axis=0) * coupling[1:] ** 2)
    return float(np.sum(pop * qfi) - loss)


def average_qfi_reference(n_atoms: int, efficiency: float) -> float:
    """Reference for :func:`average_qfi`: loop over n, build p(S|n) and apply Eq. (1) directly.

    Parameters
    ----------
    n_atoms : int
        Number of atoms, 1 <= N <= 2000.
    efficiency : float
        Detection efficiency eta in [0, 1].

    Returns
    -------
    float
        sum_n p(n) F(rho_n), Eq. (12).
    """
    eta = _check_efficiency(efficiency)
    n = _check_n(n_atoms, maximum=2000)
    spin = spin1.allowed_spin_lengths(n)
    pop = dicke_populations(n)[spin]
    qfi = spin1.lowest_weight_qfi(n, spin)
    coupling = spin1.lowest_weight_coupling(n, spin)
    total = 0.0
    for count in range(n + 1):
        like = pulse_likelihood(count, spin, eta) if eta < 1 else (spin == count).astype(float)
        joint = pop * like
        p_n = joint.sum()
        if p_n <= 0:
            continue
        total += p_n * float(spin1.lowest_weight_mixture_qfi(joint / p_n, qfi, coupling))
    return total


# --------------------------------------------------------------------------- pulse sequences
def sequence_posterior(
    n_atoms: int,
    counts,
    efficiency: float,
    *,
    printed_exponent: bool = False,
    rel_cut: float = 1e-30,
) -> tuple[np.ndarray, np.ndarray]:
    """Posteriors p(S | n, n_1, ..., n_i) after each pulse of a TC/anti-TC sequence, Eqs. (14)-(15).

    The first (TC) pulse carries S photons, every later one 2S (|S, -+S> -> |S, +-S>), each
    photon registered with probability eta. Bayes' rule gives

        p(S | {n}, n_i) ∝ p(S | {n}) C(2S, n_i) eta^{n_i} (1 - eta)^{2S - n_i},

    i.e. Eq. (15) with the exponent of (1 - eta) corrected from S - n_i to 2S - n_i (and the
    denominator summed over k). Counts may be a batch: shape (..., n_pulses).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    counts : array_like of int
        Registered photon numbers, last axis = pulse index (first entry = TC pulse).
    efficiency : float
        Detection efficiency eta in (0, 1].
    printed_exponent : bool
        Use Eq. (15) as printed, (1 - eta)^(S - n_i) for the 2S-photon pulses (for comparison
        only; it is not a probability distribution over n_i).
    rel_cut : float
        Population cut of the S grid.

    Returns
    -------
    spin : numpy.ndarray
        Allowed S grid.
    posterior : numpy.ndarray
        Shape (..., n_pulses, len(spin)); row i is the posterior after pulses 0..i.
    """
    eta = _check_efficiency(efficiency)
    if eta == 0.0:
        raise ValueError("efficiency must be > 0 for a posterior conditioned on counts")
    spin, pop = _support(_check_n(n_atoms, maximum=100000), rel_cut)
    counts = np.asarray(counts)
    if counts.ndim == 0 or counts.shape[-1] < 1 or np.any(counts < 0):
        raise ValueError("counts must be a non-empty array of non-negative integers")
    per_spin = np.ones(counts.shape[-1], dtype=int) * 2
    per_spin[0] = 1
    loglik = _log_binom_pmf(
        counts[..., None], per_spin[:, None] * spin[None, :], eta
    )  # (..., pulses, S)
    if printed_exponent and counts.shape[-1] > 1:
        # replace (1 - eta)^(2S - n_i) by the printed (1 - eta)^(S - n_i) for pulses i >= 1
        loglik[..., 1:, :] -= spin[None, :] * math.log1p(-eta) if eta < 1 else 0.0
    logpost = np.log(pop) + np.cumsum(loglik, axis=-2)
    norm = logsumexp(logpost, axis=-1, keepdims=True)
    if not np.all(np.isfinite(norm)):
        raise ValueError("counts are impossible for every S on the grid (check n_atoms, counts)")
    return spin, np.exp(logpost - norm)


def _draw_counts(rng: np.random.Generator, spin_true, efficiency: float, n_pulses: int):
    spin_true = np.asarray(spin_true)
    trials = np.repeat(2 * spin_true[..., None], n_pulses, axis=-1)
    trials[..., 0] = spin_true
    return rng.binomial(trials, efficiency)


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
        ``posterior`` (pulse, spin), ``counts`` (pulse), ``posterior_std`` (pulse).
    """
    n = _check_n(n_atoms, maximum=100000)
    spin1._check_spin(n, spin_true)
    if n_pulses < 1:
        raise ValueError(f"n_pulses must be >= 1, got {n_pulses}")
    rng = np.random.default_rng(seed)
    counts = _draw_counts(rng, spin_true, efficiency, n_pulses)
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
                _attrs("1", "posterior p(S | counts), Eq. (15)"),
            ),
            "posterior_printed_exponent": (
                ("pulse", "spin"),
                post_printed,
                _attrs("1", "posterior with Eq. (15) as printed, (1-eta)^(S-n_i)"),
            ),
            "counts": ("pulse", counts, _attrs("1", "registered photon number of the pulse")),
            "posterior_mean": ("pulse", mean, _attrs("1", "posterior mean spin length")),
            "posterior_std": ("pulse", std, _attrs("1", "posterior standard deviation of S")),
            "prior": ("spin", dicke_populations(n)[spin], _attrs("1", "prior |c_S|^2, Eq. (7)")),
        },
        coords={
            "pulse": ("pulse", pulse, _attrs("1", "number of output pulses registered")),
            "spin": ("spin", spin, _attrs("1", "spin length S")),
        },
        attrs={"n_atoms": n, "spin_true": int(spin_true), "efficiency": float(efficiency)},
    )
    return ds


def sample_sequence_qfi(
    n_atoms: int, n_states: int, efficiency: float, n_pulses: int, *, seed: int
) -> np.ndarray:
    """Monte Carlo for Fig. 6: QFI of the heralded mixtures after 1..n_pulses pulses.

    S is drawn from |c_S|^2, the counts binomially (S photons in the first pulse, 2S after),
    the posterior from :func:`sequence_posterior`, the QFI of the mixture from
    :func:`spin1.lowest_weight_mixture_qfi` (Eq. (1)).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    n_states : int
        Number of sampled states (>= 1).
    efficiency : float
        Detection efficiency eta in (0, 1].
    n_pulses : int
        Number of pulses (>= 1).
    seed : int
        Seed of numpy.random.default_rng.

    Returns
    -------
    numpy.ndarray
        Shape (n_states, n_pulses).
    """
    n = _check_n(n_atoms, maximum=100000)
    if n_states < 1 or n_pulses < 1:
        raise ValueError(f"n_states and n_pulses must be >= 1, got {n_states}, {n_pulses}")
    rng = np.random.default_rng(seed)
    spin, pop = _support(n, 1e-30)
    s_draw = rng.choice(spin, size=n_states, p=pop / pop.sum())
    counts = _draw_counts(rng, s_draw, efficiency, n_pulses)
    _, post = sequence_posterior(n, counts, efficiency)
    qfi = spin1.lowest_weight_qfi(n, spin)
    coupling = spin1.lowest_weight_coupling(n, spin)
    return spin1.lowest_weight_mixture_qfi(post, qfi, coupling)


# --------------------------------------------------------------------------- fits
def fit_power_law(n_atoms, values, window=None) -> dict[str, float]:
    """Least-squares fit F = a N^b on log-log axes (the fits quoted after Eqs. (9) and (13)).

    Parameters
    ----------
    n_atoms, values : array_like
        N and F (> 0).
    window : tuple of float, optional
        Inclusive (N_min, N_max) of the points used.

    Returns
    -------
    dict
        prefactor, exponent, their 1-sigma errors (from the covariance scaled by the residual
        variance), n_points, n_min, n_max, and rms_log_residual.
    """
    x = np.asarray(n_atoms, dtype=float)
    y = np.asarray(values, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"n_atoms and values must have the same shape, got {x.shape}, {y.shape}")
    sel = (x > 0) & (y > 0)
    if window is not None:
        lo, hi = window
        if not lo < hi:
            raise ValueError(f"window must be (N_min, N_max) with N_min < N_max, got {window}")
        sel &= (x >= lo) & (x <= hi)
    if sel.sum() < 3:
        raise ValueError(f"need >= 3 points with N in window {window}, got {int(sel.sum())}")
    lx, ly = np.log(x[sel]), np.log(y[sel])
    coef, cov = np.polyfit(lx, ly, 1, cov=True)
    b, log_a = coef
    a = math.exp(log_a)
    resid = ly - (log_a + b * lx)
    return {
        "prefactor": a,
        "prefactor_sigma": a * math.sqrt(cov[1, 1]),
        "exponent": float(b),
        "exponent_sigma": math.sqrt(cov[0, 0]),
        "n_points": int(sel.sum()),
        "n_min": float(x[sel].min()),
        "n_max": float(x[sel].max()),
        "rms_log_residual": float(np.sqrt(np.mean(resid**2))),
    }


def _attrs(units: str, long_name: str) -> dict[str, str]:
    return {"units": units, "long_name": long_name}


# --------------------------------------------------------------------------- emission
def _tc_operators(spin: int) -> tuple[np.ndarray, np.ndarray, list]:
    """H / lambda, a and the basis |M, n> (M + n <= 0) reachable from |S, 0>|0>."""
    basis = [(m, n) for m in range(-spin, 1) for n in range(0, -m + 1)]
    index = {b: i for i, b in enumerate(basis)}
    dim = len(basis)
    a = np.zeros((dim, dim))
    h = np.zeros((dim, dim))
    for i, (m, n) in enumerate(basis):
        if n > 0:
            a[index[(m, n - 1)], i] = math.sqrt(n)
            # a S_+ |M, n> = sqrt(n) sqrt(S(S+1) - M(M+1)) |M+1, n-1>  (M + n conserved)
            h[index[(m + 1, n - 1)], i] = math.sqrt(n) * math.sqrt(spin * (spin + 1) - m * (m + 1))
    h = h + h.T  # a S_+ + a^dag S_-  (real matrices)
    return h, a, basis


def cascade_time_rate_equation(spin: int, lam_over_kappa: float) -> float:
    """Mean time to reach |S, -S> in the bad-cavity limit, in units of 1/kappa.

    Adiabatic elimination of the cavity (a ~ -i lambda S_- / kappa) turns Eq. (2) into
    collective decay with rate Gamma = 2 lambda^2 / kappa and jump S_-, so the cascade
    |S, M> -> |S, M - 1> has rates Gamma (S + M)(S - M + 1), and the mean time is
    sum_{M=-S+1}^{0} 1 / (Gamma (S + M)(S - M + 1)) = (kappa / 2 lambda^2) H_{2S} / (2S + 1).

    Parameters
    ----------
    spin : int
        Spin length S >= 1.
    lam_over_kappa : float
        lambda_- / kappa > 0.

    Returns
    -------
    float
        kappa * T.
    """
    if spin < 1:
        raise ValueError(f"spin must be >= 1, got {spin}")
    if lam_over_kappa <= 0:
        raise ValueError(f"lam_over_kappa must be > 0, got {lam_over_kappa}")
    gamma = 2.0 * lam_over_kappa**2
    m = np.arange(-spin + 1, 1)
    return float(np.sum(1.0 / (gamma * (spin + m) * (spin - m + 1))))


def tc_emission(
    spin: int, lam_over_kappa: float, t_kappa: np.ndarray, *, rtol: float = 1e-8
) -> dict[str, np.ndarray | float]:
    """Integrate master equation (2) with the TC Hamiltonian (lambda_+ = 0, omega = omega_0 = 0).

    H = lambda (a S_+ + a^dag S_-), d rho/dt = -i[H, rho] + kappa (2 a rho a^dag - {a^dag a, rho}),
    from |S, 0>|0>, in the Dicke basis |S, M>|n> restricted to M + n <= 0 (the excitation number
    M + n is conserved by H and lowered by photon loss, so nothing else is reachable; exact).
    Time is in units of 1/kappa.

    Parameters
    ----------
    spin : int
        Spin length, 1 <= S <= 8.
    lam_over_kappa : float
        lambda_- / kappa > 0.
    t_kappa : numpy.ndarray
        Increasing output times kappa t starting at 0.
    rtol : float
        Relative tolerance of the integrator.

    Returns
    -------
    dict
        ``emitted`` (photons that left the cavity, 2 kappa int <a^dag a>), ``cavity`` (<a^dag a>),
        ``sz`` (<S_z>), ``final_population`` (population of |S, -S>|0>) on t_kappa, and
        ``cascade_time`` = kappa int_0^inf (1 - P_final) dt (the pulse duration; the tail beyond
        t_kappa[-1] is added from the slowest rate), ``emitted_total`` (emitted at t_kappa[-1]).
    """
    from scipy.integrate import solve_ivp

    if not 1 <= spin <= 8:
        raise ValueError(f"spin must lie in [1, 8] for the dense master equation, got {spin}")
    if lam_over_kappa <= 0:
        raise ValueError(f"lam_over_kappa must be > 0, got {lam_over_kappa}")
    t_kappa = np.asarray(t_kappa, dtype=float)
    if t_kappa[0] != 0 or np.any(np.diff(t_kappa) <= 0):
        raise ValueError("t_kappa must start at 0 and increase strictly")
    h, a, basis = _tc_operators(spin)
    h = lam_over_kappa * h
    dim = len(basis)
    ada = a.T @ a
    i_final = basis.index((-spin, 0))
    i_start = basis.index((0, 0))
    sz_diag = np.array([m for m, _ in basis], dtype=float)
    heff = h - 1j * ada  # -i H rho - kappa a^dag a rho = -i (H - i kappa a^dag a) rho

    def rhs(_t, y):
        rho = y[: dim * dim].reshape(dim, dim)
        drho = -1j * (heff @ rho - rho @ heff.conj().T) + 2.0 * a @ rho @ a.T
        out = np.empty_like(y)
        out[: dim * dim] = drho.ravel()
        out[-2] = 2.0 * np.trace(ada @ rho).real
        out[-1] = 1.0 - rho[i_final, i_final].real
        return out

    y0 = np.zeros(dim * dim + 2, dtype=complex)
    y0[i_start * dim + i_start] = 1.0
    sol = solve_ivp(rhs, (0.0, t_kappa[-1]), y0, t_eval=t_kappa, rtol=rtol, atol=1e-11)
    if not sol.success:
        raise RuntimeError(f"master equation integration failed: {sol.message}")
    rhos = sol.y[: dim * dim].T.reshape(-1, dim, dim)
    diag = np.einsum("tii->ti", rhos).real
    cavity = diag @ np.array([n for _, n in basis], dtype=float)
    final = diag[:, i_final]
    # remaining tail: 1 - P_final decays at the slowest rate of the last step
    slow = min(4.0 * lam_over_kappa**2 * spin, 1.0)
    tail = (1.0 - final[-1]) / slow
    return {
        "emitted": sol.y[-2].real,
        "cavity": cavity,
        "sz": diag @ sz_diag,
        "final_population": final,
        "cascade_time": float(sol.y[-1, -1].real + tail),
        "emitted_total": float(sol.y[-2, -1].real),
    }


def pulse_time_estimate(
    g_MHz: float, kappa_MHz: float, omega_over_delta: float, n_atoms: int, spin: float | None = None
) -> dict[str, float]:
    """t_pulse ~ (S lambda_-^2 / kappa)^-1 with lambda_- = g Omega_- / (12 sqrt(2) Delta), Eq. (6).

    Frequencies are given as f = omega / 2 pi in MHz (the paper's {g, kappa, gamma}/2pi) and
    converted to angular frequencies before use.

    Parameters
    ----------
    g_MHz, kappa_MHz : float
        g / 2 pi and kappa / 2 pi [MHz], > 0.
    omega_over_delta : float
        Omega_- / Delta > 0.
    n_atoms : int
        Number of atoms N.
    spin : float, optional
        Spin length S; default sqrt(N) (the most probable one).

    Returns
    -------
    dict
        lambda_rad_s, spin, t_pulse_s = kappa / (S lambda^2), cascade_time_s (bad-cavity rate
        equation, :func:`cascade_time_rate_equation` with S rounded), and
        coupling_ratio = sqrt(S) lambda / (kappa / 2) (< 1: the weak-coupling formula applies).
    """
    if g_MHz <= 0 or kappa_MHz <= 0 or omega_over_delta <= 0:
        raise ValueError(
            f"g_MHz, kappa_MHz and omega_over_delta must be > 0, got "
            f"{g_MHz}, {kappa_MHz}, {omega_over_delta}"
        )
    n = _check_n(n_atoms)
    s = math.sqrt(n) if spin is None else float(spin)
    lam = 2 * math.pi * g_MHz * 1e6 * omega_over_delta / (12 * math.sqrt(2))
    kappa = 2 * math.pi * kappa_MHz * 1e6
    s_int = max(1, round(s))
    return {
        "lambda_rad_s": lam,
        "kappa_rad_s": kappa,
        "spin": s,
        "t_pulse_s": kappa / (s * lam**2),
        "cascade_time_s": cascade_time_rate_equation(s_int, lam / kappa) / kappa,
        "coupling_ratio": math.sqrt(s) * lam / (kappa / 2),
    }


# --------------------------------------------------------------------------- datasets
def population_dataset(
    n_atoms: int, spin_cut: int, scan_n_atoms, check_n_atoms: int = 20
) -> xr.Dataset:
    """Fig. 2: |c_S|^2 at one N, the tail beyond spin_cut, the peak, and a peak-vs-N scan.

    Parameters
    ----------
    n_atoms : int
        N of the figure (paper: 1000).
    spin_cut : int
        Tail sum over S > spin_cut (paper: 200).
    scan_n_atoms : sequence of int
        N values of the peak/normalisation scan (up to 10^7).
    check_n_atoms : int
        Eq. (8) read as an amplitude recursion is evaluated for N = 1..check_n_atoms (<= 2000).

    Returns
    -------
    xarray.Dataset
    """
    n = _check_n(n_atoms)
    pop = dicke_populations(n)
    spin = np.arange(n + 1)
    scan = np.asarray(sorted(int(x) for x in scan_n_atoms))
    peaks = np.array([peak_spin_length(int(x)) for x in scan])
    norms = np.array([dicke_populations(int(x)).sum() - 1.0 for x in scan])
    means = np.array([dicke_populations(int(x)) @ np.arange(x + 1) for x in scan])
    n_check = np.arange(1, _check_n(check_n_atoms, "check_n_atoms", 2000) + 1)
    literal = np.array([literal_amplitude_recursion(int(x)).sum() for x in n_check])
    peak = peak_spin_length(n)
    return xr.Dataset(
        {
            "population": ("spin", pop, _attrs("1", "population |c_S|^2 of |S,0>, Eq. (7)")),
            "tail_population": (
                (),
                tail_population(n, spin_cut),
                _attrs("1", f"sum of |c_S|^2 over S > {spin_cut}"),
            ),
            "norm_error": ((), float(pop.sum() - 1.0), _attrs("1", "sum_S |c_S|^2 - 1")),
            "peak_spin": ((), peak, _attrs("1", "most probable spin length")),
            "peak_over_sqrt_n": ((), peak / math.sqrt(n), _attrs("1", "peak S / sqrt(N)")),
            "scan_peak_spin": ("n_atoms_scan", peaks, _attrs("1", "most probable spin length")),
            "scan_peak_over_sqrt_n": (
                "n_atoms_scan",
                peaks / np.sqrt(scan),
                _attrs("1", "peak S / sqrt(N)"),
            ),
            "scan_mean_spin": ("n_atoms_scan", means, _attrs("1", "mean spin length")),
            "scan_norm_error": ("n_atoms_scan", norms, _attrs("1", "sum_S |c_S|^2 - 1")),
            "literal_recursion_norm": (
                "n_atoms_check",
                literal,
                _attrs("1", "sum of squared amplitudes of Eq. (8) iterated literally"),
            ),
        },
        coords={
            "spin": ("spin", spin, _attrs("1", "spin length S")),
            "n_atoms_scan": ("n_atoms_scan", scan, _attrs("1", "number of atoms N")),
            "n_atoms_check": ("n_atoms_check", n_check, _attrs("1", "number of atoms N")),
        },
        attrs={
            "title": "Masson Fig. 2: populations of |m_F=0>^N",
            "n_atoms": n,
            "spin_cut": int(spin_cut),
        },
    )


def average_qfi_dataset(n_atoms, efficiencies) -> xr.Dataset:
    """Average QFI (Eqs. (9), (12)) on a grid of N and detection efficiencies (one sweep chunk).

    Parameters
    ----------
    n_atoms : sequence of int
        Atom numbers (1..10^5).
    efficiencies : sequence of float
        Detection efficiencies in [0, 1].

    Returns
    -------
    xarray.Dataset
        ``average_qfi`` (efficiency, n_atoms).
    """
    ns = np.asarray(n_atoms, dtype=int)
    etas = np.asarray(efficiencies, dtype=float)
    vals = np.array([[average_qfi(int(x), float(e)) for x in ns] for e in etas])
    return xr.Dataset(
        {
            "average_qfi": (
                ("efficiency", "n_atoms"),
                vals,
                _attrs("1", "average QFI on Q_xx - Q_yy, Eqs. (9)/(12)"),
            )
        },
        coords={
            "efficiency": ("efficiency", etas, _attrs("1", "photon detection efficiency eta")),
            "n_atoms": ("n_atoms", ns, _attrs("1", "number of atoms N")),
        },
        attrs={"title": "Masson average QFI sweep chunk"},
    )


_FIT_KEYS = ("prefactor", "prefactor_sigma", "exponent", "exponent_sigma", "n_min", "n_max")
_FIT_LONG = {
    "prefactor": ("1", "fitted prefactor a of F = a N^b"),
    "prefactor_sigma": ("1", "1-sigma error of the prefactor"),
    "exponent": ("1", "fitted exponent b of F = a N^b"),
    "exponent_sigma": ("1", "1-sigma error of the exponent"),
    "n_min": ("1", "smallest N in the fit"),
    "n_max": ("1", "largest N in the fit"),
}


def power_law_fits(average: xr.DataArray, windows, claim_window) -> xr.Dataset:
    """Log-log fits a N^b of average QFI curves for each parity of N and N window.

    Parameters
    ----------
    average : xarray.DataArray
        ``average_qfi`` with dims (efficiency, n_atoms).
    windows : sequence of (float, float)
        Inclusive N windows.
    claim_window : (float, float)
        The window of the ``claim_*`` variables (the one compared with the paper).

    Returns
    -------
    xarray.Dataset
        ``fit_<key>`` (efficiency, parity, window) and ``claim_<key>`` (efficiency, parity), keys
        prefactor(_sigma), exponent(_sigma), n_min, n_max; parity in {even, odd, all}.
    """
    ns = average["n_atoms"].values
    parities = {"even": ns % 2 == 0, "odd": ns % 2 == 1, "all": ns > 0}
    labels = [f"{int(lo)}-{int(hi)}" for lo, hi in windows]
    all_windows = [*windows, tuple(claim_window)]
    out = {
        k: np.full((average.sizes["efficiency"], 3, len(all_windows)), np.nan) for k in _FIT_KEYS
    }
    for ie in range(average.sizes["efficiency"]):
        y = average.isel(efficiency=ie).values
        for ip, mask in enumerate(parities.values()):
            for iw, w in enumerate(all_windows):
                try:
                    fit = fit_power_law(ns[mask], y[mask], w)
                except ValueError:
                    continue
                for k in _FIT_KEYS:
                    out[k][ie, ip, iw] = fit[k]
    data = {}
    for k in _FIT_KEYS:
        data[f"fit_{k}"] = (
            ("efficiency", "parity", "window"),
            out[k][..., :-1],
            _attrs(*_FIT_LONG[k]),
        )
        data[f"claim_{k}"] = (("efficiency", "parity"), out[k][..., -1], _attrs(*_FIT_LONG[k]))
    ds = xr.Dataset(
        data,
        coords={
            "efficiency": average["efficiency"],
            "parity": ("parity", list(parities), _attrs("1", "parity of N used in the fit")),
            "window": ("window", labels, _attrs("1", "N window of the fit, N_min-N_max")),
            "window_lo": ("window", [float(w[0]) for w in windows], _attrs("1", "N_min")),
            "window_hi": ("window", [float(w[1]) for w in windows], _attrs("1", "N_max")),
        },
    )
    ds.attrs["claim_window"] = f"{int(claim_window[0])}-{int(claim_window[1])}"
    return ds


def inset_dataset(n_atoms: int) -> xr.Dataset:
    """Fig. 3 inset: |c_S|^2 and F(|S, -S>) of the individual states for one N.

    Parameters
    ----------
    n_atoms : int
        Number of atoms (paper: 40), <= 10^5.

    Returns
    -------
    xarray.Dataset
    """
    n = _check_n(n_atoms, maximum=100000)
    spin = spin1.allowed_spin_lengths(n)
    return xr.Dataset(
        {
            "inset_population": (
                "inset_spin",
                dicke_populations(n)[spin],
                _attrs("1", f"population |c_S|^2 at N = {n}"),
            ),
            "inset_qfi": (
                "inset_spin",
                spin1.lowest_weight_qfi(n, spin),
                _attrs("1", f"QFI of |S,-S> at N = {n}"),
            ),
        },
        coords={"inset_spin": ("inset_spin", spin, _attrs("1", "spin length S"))},
        attrs={"inset_n_atoms": n},
    )


def count_distribution_dataset(n_atoms: int, efficiencies) -> xr.Dataset:
    """p(n) of Eq. (13) for several efficiencies at one N.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N (<= 10^5).
    efficiencies : sequence of float
        Detection efficiencies in [0, 1].

    Returns
    -------
    xarray.Dataset
        ``count_probability`` (count_efficiency, count).
    """
    n = _check_n(n_atoms, maximum=100000)
    etas = np.asarray(efficiencies, dtype=float)
    counts, _ = photon_count_distribution(n, 1.0)
    probs = np.array([photon_count_distribution(n, float(e))[1] for e in etas])
    mean = probs @ counts
    return xr.Dataset(
        {
            "count_probability": (
                ("count_efficiency", "count"),
                probs,
                _attrs("1", f"probability p(n) to register n photons, Eq. (13), N = {n}"),
            ),
            "count_mean": ("count_efficiency", mean, _attrs("1", "mean registered photon number")),
        },
        coords={
            "count_efficiency": (
                "count_efficiency",
                etas,
                _attrs("1", "photon detection efficiency eta"),
            ),
            "count": ("count", counts, _attrs("1", "registered photon number n")),
        },
        attrs={"count_n_atoms": n},
    )


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
    """
    n = _check_n(n_atoms, maximum=100000)
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
                _attrs("1", "sample mean QFI of the heralded states"),
            ),
            "sample_sem_qfi": (
                ("efficiency", "pulse"),
                sem,
                _attrs("1", "standard error of the sample mean QFI"),
            ),
            "ideal_average_qfi": ((), ideal, _attrs("1", "ideal-detector average QFI, Eq. (9)")),
            "final_ratio": (
                "efficiency",
                mean[:, -1] / ideal,
                _attrs("1", "sample mean QFI after the last pulse / ideal-detector average QFI"),
            ),
            "final_ratio_sem": (
                "efficiency",
                sem[:, -1] / ideal,
                _attrs("1", "standard error of final_ratio"),
            ),
            "average_qfi_one_pulse": (
                "efficiency",
                [average_qfi(n, float(e)) for e in etas],
                _attrs("1", "exact single-pulse average QFI, Eq. (12)"),
            ),
        },
        coords={
            "efficiency": ("efficiency", etas, _attrs("1", "photon detection efficiency eta")),
            "pulse": ("pulse", pulse, _attrs("1", "number of output pulses")),
        },
        attrs={"title": "Masson Fig. 6: sampled QFI", "n_atoms": n, "n_states": int(n_states)},
    )


def emission_dataset(
    spins,
    couplings,
    trace_couplings,
    trace_t_max_kappa: float,
    trace_points: int,
    *,
    g_MHz: float,
    kappa_MHz: float,
    gamma_MHz: float,
    omega_over_delta: float,
    n_atoms: int,
) -> xr.Dataset:
    """Master-equation check of the TC emission (Eq. (2)) and the t_pulse estimate.

    Parameters
    ----------
    spins : sequence of int
        Spin lengths (1..8).
    couplings : sequence of float
        sqrt(S) lambda_- / kappa values of the duration scan.
    trace_couplings : sequence of float
        sqrt(S) lambda_- / kappa values of the stored time traces.
    trace_t_max_kappa : float
        End of the trace time grid, kappa t.
    trace_points : int
        Number of trace time points.
    g_MHz, kappa_MHz, gamma_MHz : float
        {g, kappa, gamma} / 2 pi in MHz (gamma only recorded: it does not enter t_pulse).
    omega_over_delta : float
        Omega_- / Delta.
    n_atoms : int
        N of the estimate (S = sqrt(N)).

    Returns
    -------
    xarray.Dataset
    """
    spins = np.asarray(spins, dtype=int)
    xs = np.asarray(couplings, dtype=float)
    tx = np.asarray(trace_couplings, dtype=float)
    t_grid = np.linspace(0.0, float(trace_t_max_kappa), int(trace_points))
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
    traces = np.zeros((len(tx), len(spins), len(t_grid)))
    flux = np.zeros_like(traces)
    for a, x in enumerate(tx):
        for i, s in enumerate(spins):
            res = tc_emission(int(s), x / math.sqrt(s), t_grid)
            traces[a, i] = res["emitted"]
            flux[a, i] = 2.0 * res["cavity"]
    lam_k = xs[None, :] / np.sqrt(spins[:, None])
    est = pulse_time_estimate(g_MHz, kappa_MHz, omega_over_delta, n_atoms)
    return xr.Dataset(
        {
            "cascade_time_kappa": (
                ("spin", "coupling"),
                t_me,
                _attrs("1", "kappa x mean time to reach |S,-S>|0> (master equation)"),
            ),
            "cascade_time_rate_kappa": (
                ("spin", "coupling"),
                t_re,
                _attrs("1", "kappa x mean cascade time, bad-cavity rate equation"),
            ),
            "cascade_time_scaled": (
                ("spin", "coupling"),
                t_me * spins[:, None] * lam_k**2,
                _attrs("1", "mean cascade time x S lambda^2 / kappa"),
            ),
            "emitted_photons": (
                ("spin", "coupling"),
                emitted,
                _attrs("1", "photons emitted at the end of the integration"),
            ),
            "trace_emitted": (
                ("trace_coupling", "spin", "time_kappa"),
                traces,
                _attrs("1", "photons emitted up to time t"),
            ),
            "trace_flux": (
                ("trace_coupling", "spin", "time_kappa"),
                flux,
                _attrs("1", "photon flux 2 kappa <a^dag a> / kappa"),
            ),
            "lambda_minus_rad_s": (
                (),
                est["lambda_rad_s"],
                _attrs("rad/s", "lambda_- = g Omega_- / (12 sqrt2 Delta), Eq. (6)"),
            ),
            "t_pulse_us": (
                (),
                est["t_pulse_s"] * 1e6,
                _attrs("us", "t_pulse = (S lambda_-^2 / kappa)^-1 at S = sqrt(N)"),
            ),
            "cascade_time_us": (
                (),
                est["cascade_time_s"] * 1e6,
                _attrs("us", "mean cascade time (bad-cavity rate equation) at S = sqrt(N)"),
            ),
            "coupling_ratio": (
                (),
                est["coupling_ratio"],
                _attrs("1", "sqrt(S) lambda_- / (kappa / 2) (weak-coupling formula valid if < 1)"),
            ),
        },
        coords={
            "spin": ("spin", spins, _attrs("1", "spin length S")),
            "coupling": ("coupling", xs, _attrs("1", "sqrt(S) lambda_- / kappa")),
            "trace_coupling": ("trace_coupling", tx, _attrs("1", "sqrt(S) lambda_- / kappa")),
            "time_kappa": ("time_kappa", t_grid, _attrs("1", "time kappa t")),
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


def combine_sweep_chunks(chunks) -> xr.Dataset:
    """Combine :func:`average_qfi_dataset` chunks on their (efficiency, n_atoms) coordinates.

    Parameters
    ----------
    chunks : sequence of xarray.Dataset
        Chunks with an ``average_qfi`` variable; together they must tile a grid.

    Returns
    -------
    xarray.Dataset
        ``average_qfi`` (efficiency, n_atoms), dataset attrs dropped.
    """
    parts = [c[["average_qfi"]] for c in chunks]
    if not parts:
        raise ValueError("chunks must not be empty")
    ds = xr.combine_by_coords(parts, combine_attrs="override")
    ds.attrs = {}
    return ds

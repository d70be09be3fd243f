"""Heralding a spin length by photon counting: likelihoods, posteriors, average QFI, sequences.

Masson & Parkins, arXiv (Dec 2021), Eqs. (9)-(15). A Tavis-Cummings pulse takes |S, 0> to |S, -S>
emitting S photons; every later (anti-)TC pulse of a sequence moves |S, -+S> to |S, +-S> and emits
2S. Each photon is registered with probability eta, so counts are binomial and Bayes' rule turns
the prior |c_S|^2 of :mod:`spinbridge.dicke` into the posterior p(S | n, n_1, ...). The QFI of the
heralded mixture on G = Q_xx - Q_yy comes from :func:`spinbridge.spin1.lowest_weight_mixture_qfi`.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln, logsumexp

from spinbridge import spin1
from spinbridge.dicke import (
    check_count,
    check_finite_array,
    check_memory,
    check_n_atoms,
    check_norm,
    check_real,
    check_seed,
    check_unit_interval,
    dicke_populations,
    population_support,
)
from spinbridge.resources import average_qfi_chunk_cost

__all__ = [
    "average_qfi",
    "average_qfi_reference",
    "check_efficiency",
    "draw_pulse_counts",
    "ideal_average_qfi",
    "photon_count_distribution",
    "pulse_likelihood",
    "sample_sequence_qfi",
    "sequence_posterior",
    "spin_length_posterior",
]


MAX_QFI_N_ATOMS = 100000
"""Largest N of the average QFI and the posteriors (6.4 GB at N = 10^5, resources cost model)."""

MAX_N_PULSES = 10000
"""Largest number of pulses of a sequence (the paper's Fig. 6 shows 20)."""

MAX_SEQUENCE_ENTRIES = 10**8
"""Largest n_states x n_pulses x len(S grid) of the posteriors of :func:`sample_sequence_qfi`
(float64: 800 MB per array)."""


def check_efficiency(
    efficiency: float, name: str = "efficiency", *, allow_zero: bool = False
) -> float:
    """Validate a photon detection efficiency eta in (0, 1] (or [0, 1]); return it as float.

    eta = 0 registers no photon at all: a posterior conditioned on counts is then undefined for
    any count > 0, so it is refused by default. The unconditioned quantities (p(n), the average
    QFI, whose eta = 0 value is the QFI of the unheralded mixture) accept it (``allow_zero``).

    Parameters
    ----------
    efficiency : float
        The value to check.
    name : str
        Argument name used in the error message.
    allow_zero : bool
        Accept eta = 0.

    Returns
    -------
    float
        ``efficiency``.

    Raises
    ------
    TypeError
        If ``efficiency`` is not a real number.
    ValueError
        If ``efficiency`` is NaN or outside (0, 1] ([0, 1] with ``allow_zero``).
    """
    if allow_zero and check_real(efficiency, name) == 0.0:
        return 0.0
    return check_unit_interval(efficiency, name)


def check_qfi_n_atoms(n_atoms, name: str = "n_atoms") -> int:
    """Validate N in [1, 10^5] whose average-QFI arrays fit this machine's RAM; return it as int.

    The memory is the estimate of :func:`spinbridge.resources.average_qfi_chunk_cost` (6.4 GB
    at N = 10^5).

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^5] or its estimated memory exceeds the RAM.
    """
    n = check_n_atoms(n_atoms, name, MAX_QFI_N_ATOMS)
    cost = average_qfi_chunk_cost(n, n)
    check_memory(cost.memory_mb, name, n_atoms, "the average QFI")
    return n


def _check_average_qfi(value: float, scale: float, what: str) -> float:
    """Raise ValueError if an average QFI is NaN or negative beyond rounding (scale: sum p F)."""
    if not (math.isfinite(value) and value >= -spin1.QFI_TOLERANCE * (abs(scale) + 1.0)):
        raise ValueError(f"{what} gave a NaN or negative average QFI: {value!r}")
    return value


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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^5] or needs more memory than this machine has,
        ``rel_cut`` is not in (0, 1), or the result is NaN or negative.
    """
    n = check_qfi_n_atoms(n_atoms)
    spin, pop = population_support(n, rel_cut)
    out = float(np.sum(pop * spin1.lowest_weight_qfi(n, spin)))
    return _check_average_qfi(out, out, f"ideal_average_qfi(n_atoms={n}, rel_cut={rel_cut})")


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

    Raises
    ------
    TypeError, ValueError
        If ``n_counts`` or ``spin`` has entries that are not non-negative integers, ``efficiency``
        is not in [0, 1], or ``photons_per_spin`` is not 1 or 2.
    """
    check_finite_array(n_counts, "n_counts", integer=True)
    check_finite_array(spin, "spin", integer=True)
    eta = check_efficiency(efficiency, allow_zero=True)
    if isinstance(photons_per_spin, bool) or photons_per_spin not in (1, 2):
        raise ValueError(f"photons_per_spin must be 1 or 2, got {photons_per_spin!r}")
    return np.exp(_log_binom_pmf(n_counts, photons_per_spin * np.asarray(spin), eta))


def _joint_log(n_atoms: int, efficiency: float, rel_cut: float):
    spin, pop = population_support(n_atoms, rel_cut)
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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^5], ``efficiency`` is not in [0, 1],
        ``rel_cut`` is not in (0, 1), or p(n) does not sum to 1 within
        :data:`spinbridge.dicke.NORM_TOLERANCE` + the population dropped by ``rel_cut``.
    """
    eta = check_efficiency(efficiency, allow_zero=True)
    n = check_n_atoms(n_atoms, maximum=MAX_QFI_N_ATOMS)
    _, pop, counts, logj = _joint_log(n, eta, rel_cut)
    prob = np.exp(logsumexp(logj, axis=1))
    check_norm(
        float(prob.sum()) + (1.0 - float(pop.sum())),
        f"photon_count_distribution(n_atoms={n}, efficiency={eta}, rel_cut={rel_cut})",
    )
    return counts, prob


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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^5], ``efficiency`` is not in (0, 1],
        ``rel_cut`` is not in (0, 1), ``n_counts`` is not an integer in [0, S_max], or the count
        is impossible for every S (p(n) = 0, e.g. the wrong parity at eta = 1), which would make
        the posterior NaN.
    """
    eta = check_efficiency(efficiency)
    n = check_n_atoms(n_atoms, maximum=MAX_QFI_N_ATOMS)
    n_counts = check_count(n_counts, "n_counts", 0, n)
    spin, pop = population_support(n, rel_cut)
    if n_counts > spin.max():
        raise ValueError(f"n_counts must lie in [0, {spin.max()}], got {n_counts}")
    logj = np.log(pop) + _log_binom_pmf(n_counts, spin, eta)
    norm = logsumexp(logj)
    if not np.isfinite(norm):
        raise ValueError(
            f"n_counts = {n_counts} is impossible for every S at n_atoms = {n}, efficiency = "
            f"{eta}: the posterior is undefined"
        )
    return spin, np.exp(logj - norm)


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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^5] or needs more memory than this machine has
        (estimate of :func:`spinbridge.resources.average_qfi_chunk_cost`), ``efficiency`` is not
        in [0, 1], ``rel_cut`` is not in (0, 1), or the result is NaN or negative.
    """
    eta = check_efficiency(efficiency, allow_zero=True)
    n = check_qfi_n_atoms(n_atoms)
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
    mean = np.sum(pop * qfi)
    out = float(mean - loss)
    return _check_average_qfi(
        out, float(mean), f"average_qfi(n_atoms={n}, efficiency={eta}, rel_cut={rel_cut})"
    )


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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 2000], ``efficiency`` is not in [0, 1], the
        p(n) do not sum to 1 within :data:`spinbridge.dicke.NORM_TOLERANCE`, or the result is
        NaN or negative.
    """
    eta = check_efficiency(efficiency, allow_zero=True)
    n = check_n_atoms(n_atoms, maximum=2000)
    spin = spin1.allowed_spin_lengths(n)
    pop = dicke_populations(n)[spin]
    qfi = spin1.lowest_weight_qfi(n, spin)
    coupling = spin1.lowest_weight_coupling(n, spin)
    total = 0.0
    p_total = 0.0
    for count in range(n + 1):
        like = pulse_likelihood(count, spin, eta) if eta < 1 else (spin == count).astype(float)
        joint = pop * like
        p_n = joint.sum()
        if p_n <= 0:
            continue
        p_total += p_n
        total += p_n * float(spin1.lowest_weight_mixture_qfi(joint / p_n, qfi, coupling))
    what = f"average_qfi_reference(n_atoms={n}, efficiency={eta})"
    check_norm(p_total, f"p(n) of {what}")
    return _check_average_qfi(total, total, what)


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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^5], ``efficiency`` is not in (0, 1],
        ``rel_cut`` is not in (0, 1), ``counts`` is not a non-empty array of non-negative
        integers, the counts are impossible for every S, or a posterior comes out NaN.
    """
    eta = check_efficiency(efficiency)
    spin, pop = population_support(check_n_atoms(n_atoms, maximum=MAX_QFI_N_ATOMS), rel_cut)
    check_finite_array(counts, "counts", integer=True)
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
    post = np.exp(logpost - norm)
    if not np.all(np.isfinite(post)):
        raise ValueError(
            f"sequence_posterior(n_atoms={n_atoms}, efficiency={eta}) gave a NaN posterior"
        )
    return spin, post


def draw_pulse_counts(
    rng: np.random.Generator, spin_true, efficiency: float, n_pulses: int
) -> np.ndarray:
    """Binomial registered counts of a TC/anti-TC pulse sequence from known spin lengths.

    The first pulse carries S photons, every later one 2S (text before Eq. (14)); each photon is
    registered with probability eta. One ``rng.binomial`` call for the whole batch.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    spin_true : array_like of int
        Actual spin lengths (any shape).
    efficiency : float
        Detection efficiency eta in [0, 1].
    n_pulses : int
        Number of pulses.

    Returns
    -------
    numpy.ndarray
        Counts of shape spin_true.shape + (n_pulses,).

    Raises
    ------
    TypeError, ValueError
        If ``rng`` is not a numpy Generator, ``spin_true`` has entries that are not non-negative
        integers, ``efficiency`` is not in [0, 1], ``n_pulses`` is not an integer in
        [1, :data:`MAX_N_PULSES`], or the counts would exceed :data:`MAX_SEQUENCE_ENTRIES`.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    size = check_finite_array(np.atleast_1d(spin_true), "spin_true", integer=True).size
    efficiency = check_efficiency(efficiency, allow_zero=True)
    n_pulses = check_count(n_pulses, "n_pulses", 1, MAX_N_PULSES)
    if size * n_pulses > MAX_SEQUENCE_ENTRIES:
        raise ValueError(
            f"spin_true ({size} entries) x n_pulses = {n_pulses} exceeds {MAX_SEQUENCE_ENTRIES}"
        )
    spin_true = np.asarray(spin_true)
    trials = np.repeat(2 * spin_true[..., None], n_pulses, axis=-1)
    trials[..., 0] = spin_true
    return rng.binomial(trials, efficiency)


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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^5], ``n_states`` or ``n_pulses`` not a positive
        integer, ``efficiency`` not in (0, 1], ``seed`` not an integer in [0, 2^63 - 1], if
        n_states x n_pulses x len(S grid) exceeds :data:`MAX_SEQUENCE_ENTRIES`, or if a QFI comes
        out NaN or negative.
    """
    n = check_qfi_n_atoms(n_atoms)
    n_states = check_count(n_states, "n_states", 1, MAX_SEQUENCE_ENTRIES)
    n_pulses = check_count(n_pulses, "n_pulses", 1, MAX_N_PULSES)
    efficiency = check_efficiency(efficiency)
    seed = check_seed(seed)
    spin, pop = population_support(n, 1e-30)
    if n_states * n_pulses * len(spin) > MAX_SEQUENCE_ENTRIES:
        raise ValueError(
            f"n_states = {n_states} x n_pulses = {n_pulses} x {len(spin)} spin lengths exceeds "
            f"{MAX_SEQUENCE_ENTRIES} posterior entries"
        )
    rng = np.random.default_rng(seed)
    s_draw = rng.choice(spin, size=n_states, p=pop / pop.sum())
    counts = draw_pulse_counts(rng, s_draw, efficiency, n_pulses)
    _, post = sequence_posterior(n, counts, efficiency)
    qfi = spin1.lowest_weight_qfi(n, spin)
    coupling = spin1.lowest_weight_coupling(n, spin)
    return spin1.lowest_weight_mixture_qfi(post, qfi, coupling)

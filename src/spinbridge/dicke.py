"""Populations |c_S|^2 of the spin-1 product state |m_F = 0>^N in the Dicke states |S, 0>.

Masson & Parkins, arXiv (Dec 2021), Eqs. (7)-(8). Coupling one spin-1 at a time, |S, 0> (x) |1, 0>
splits into |S + 1, 0> and |S - 1, 0> with squared Clebsch-Gordan coefficients (S + 1)/(2S + 1) and
S/(2S + 1) (Eq. (8); <S 0; 1 0|S 0> = 0 because S + 1 + S is odd). Each split creates a new,
orthogonal coupling path, so what the iteration propagates is the *probability* of S (a Markov
chain), not one amplitude: adding the amplitudes that Eq. (8) gives for the same S along different
paths double counts and breaks the norm already at N = 3 (:func:`literal_amplitude_recursion`).
The chain has the closed form (derived from the Legendre expansion of z^N = cos^N(theta) r^N and the
Fischer norm of r^{2k} Y_S, checked against the recursion in exact rationals)

    |c_S|^2 = (2S + 1) N! sqrt(pi) / (2^{N+1} k! Gamma((N + S + 3)/2)),  k = (N - S)/2,

for S = N (mod 2), and zero otherwise (the parity rule stated after Eq. (7)). At S = N it gives
|c_N|^2 = 2^N / C(2N, N) ~ sqrt(pi N) 2^{-N}. :func:`dicke_populations` evaluates it in logarithms.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from scipy.special import gammaln, logsumexp

__all__ = [
    "MAX_N_ATOMS",
    "check_n_atoms",
    "dicke_populations",
    "dicke_populations_closed_form",
    "dicke_populations_exact",
    "dicke_populations_recursion",
    "literal_amplitude_recursion",
    "log2_top_population",
    "log_dicke_populations",
    "peak_spin_length",
    "population_support",
    "tail_population",
    "wrong_parity_population",
]

MAX_N_ATOMS = 10**7
"""Largest N the log-space populations accept."""


def check_n_atoms(n_atoms, name: str = "n_atoms", maximum: int = MAX_N_ATOMS) -> int:
    """Validate an atom number: an integer in [1, maximum]; return it as int.

    Parameters
    ----------
    n_atoms : int
        The value to check.
    name : str
        Argument name used in the error message.
    maximum : int
        Largest accepted value.

    Returns
    -------
    int
        ``n_atoms``.
    """
    if int(n_atoms) != n_atoms or not 1 <= n_atoms <= maximum:
        raise ValueError(f"{name} must be an integer in [1, {maximum}], got {n_atoms!r}")
    return int(n_atoms)


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
    n = check_n_atoms(n_atoms)
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
    n = check_n_atoms(n_atoms)
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
    n = check_n_atoms(n_atoms, maximum=20000)
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
    n = check_n_atoms(n_atoms, maximum=200)
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
    n = check_n_atoms(n_atoms, maximum=2000)
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
    n = check_n_atoms(n_atoms)
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


def population_support(n_atoms: int, rel_cut: float) -> tuple[np.ndarray, np.ndarray]:
    """Allowed S (same parity as N) up to the last one with |c_S|^2 > rel_cut * max, and |c_S|^2.

    The grid on which the heralding sums of Eqs. (9)-(15) run: dropped spin lengths carry less
    than rel_cut of the peak population each.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    rel_cut : float
        Relative population cut, 0 < rel_cut < 1.

    Returns
    -------
    spin, population : numpy.ndarray
        Spin lengths S and |c_S|^2 on them.
    """
    logp = log_dicke_populations(n_atoms)
    spin = np.arange(n_atoms % 2, n_atoms + 1, 2)
    lp = logp[spin]
    keep = lp > lp.max() + math.log(rel_cut)
    s_max = int(spin[keep].max())
    spin = spin[spin <= s_max]
    return spin, np.exp(logp[spin])


def wrong_parity_population(populations, n_atoms: int) -> float:
    """sum of |c_S|^2 over the spin lengths S of the other parity than N (text after Eq. (7)).

    The paper states c_S = 0 for odd S at even N and for even S at odd N, so this is zero for
    any population vector built from Eq. (8).

    Parameters
    ----------
    populations : sequence of float or fractions.Fraction
        |c_S|^2 for S = 0..N (e.g. :func:`dicke_populations` or :func:`dicke_populations_exact`).
    n_atoms : int
        Number of atoms N (sets which parity is the wrong one).

    Returns
    -------
    float
        The population on S with S != N (mod 2).
    """
    n = check_n_atoms(n_atoms)
    if len(populations) != n + 1:
        raise ValueError(f"populations must have N + 1 = {n + 1} entries, got {len(populations)}")
    return float(sum(populations[s] for s in range(1 - n % 2, n + 1, 2)))


def log2_top_population(n_atoms: int) -> float:
    """log2 |c_N|^2, the population of the only non-entangled state |N, 0> (text after Eq. (11)).

    Exactly |c_N|^2 = 2^N / C(2N, N) ~ sqrt(pi N) 2^{-N} (module docstring), so
    log2 |c_N|^2 / N -> -1 for large N: the paper's |c_N|^2 ~ 2^{-N}.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.

    Returns
    -------
    float
        log2 |c_N|^2.
    """
    n = check_n_atoms(n_atoms)
    return float(log_dicke_populations(n)[n] / math.log(2.0))

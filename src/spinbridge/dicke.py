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
import numbers
import os
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
"""Largest N the log-space populations accept (arrays of N + 1 floats, 80 MB)."""

MAX_SEED = 2**63 - 1
"""Largest seed accepted for numpy.random.default_rng (seeds are integers in [0, 2^63 - 1])."""

NORM_TOLERANCE = 1e-9
"""Largest |sum_S |c_S|^2 - 1| (and |sum p - 1| of the heralding distributions) accepted; the
rounding of the log-space sums is ~N eps, far below it up to N = 10^7."""


# --------------------------------------------------------------------------- argument checks
# Shared by dicke, heralding, tavis_cummings, fitting, spin1 and the dataset modules: each raises
# TypeError for a value of the wrong type and ValueError for one out of range, naming the argument.


def check_real(value, name: str) -> float:
    """Validate a finite real number (not a bool); return it as float.

    Parameters
    ----------
    value : float
        The value to check.
    name : str
        Argument name used in the error message.

    Returns
    -------
    float
        ``value``.

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If ``value`` is NaN or infinite.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def check_positive(value, name: str, maximum: float = math.inf) -> float:
    """Validate a finite real number in (0, maximum]; return it as float.

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If ``value`` is NaN, infinite, <= 0 or > ``maximum``.
    """
    x = check_real(value, name)
    if not 0.0 < x <= maximum:
        upper = "inf)" if maximum == math.inf else f"{maximum:g}]"
        raise ValueError(f"{name} must lie in (0, {upper}, got {value!r}")
    return x


def check_unit_interval(value, name: str, *, include_one: bool = True) -> float:
    """Validate a number in (0, 1] (or (0, 1) with ``include_one=False``); return it as float.

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If ``value`` is NaN or outside the interval.
    """
    x = check_real(value, name)
    if not (0.0 < x < 1.0 or (include_one and x == 1.0)):
        raise ValueError(f"{name} must lie in (0, {'1]' if include_one else '1)'}, got {value!r}")
    return x


def check_count(value, name: str, minimum: int = 0, maximum: int = MAX_N_ATOMS) -> int:
    """Validate an integer count in [minimum, maximum] (integral floats accepted); return an int.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (or is a bool).
    ValueError
        If ``value`` is NaN, infinite, fractional or outside [minimum, maximum].
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and value == int(value) and minimum <= value <= maximum):
        raise ValueError(f"{name} must be an integer in [{minimum}, {maximum}], got {value!r}")
    return int(value)


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

    Raises
    ------
    TypeError
        If ``n_atoms`` is not a number.
    ValueError
        If ``n_atoms`` is NaN, infinite, fractional, < 1 or > ``maximum``.
    """
    return check_count(n_atoms, name, 1, maximum)


def check_seed(seed, name: str = "seed") -> int:
    """Validate a random seed: an integer in [0, 2^63 - 1]; return it as int.

    Raises
    ------
    TypeError
        If ``seed`` is not a number.
    ValueError
        If ``seed`` is NaN, infinite, fractional or outside [0, 2^63 - 1].
    """
    return check_count(seed, name, 0, MAX_SEED)


def check_finite_array(values, name: str, *, positive: bool = False, integer: bool = False):
    """Validate a non-empty array of finite numbers (optionally > 0, or non-negative integers).

    Returns
    -------
    numpy.ndarray
        ``values`` as a float array, or as int64 with ``integer=True``.

    Raises
    ------
    TypeError
        If ``values`` is not numeric.
    ValueError
        If it is empty or has NaN, infinite, non-positive (``positive``), negative or fractional
        (``integer``) entries.
    """
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of numbers, got {values!r}") from exc
    if arr.size == 0 or not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be a non-empty array of finite numbers, got {values!r}")
    if positive and np.any(arr <= 0):
        raise ValueError(f"{name} must be > 0 everywhere, got {values!r}")
    if integer:
        if np.any(arr < 0) or np.any(arr != np.round(arr)) or np.any(arr > MAX_SEED):
            raise ValueError(f"{name} must hold non-negative integers, got {values!r}")
        return arr.astype(np.int64)
    return arr


def machine_memory_mb() -> float:
    """Physical memory of this machine [MB] (page size x number of pages)."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20


def check_memory(memory_mb: float, name: str, value, what: str) -> None:
    """Refuse a computation whose estimated peak memory exceeds this machine's RAM.

    Raises
    ------
    ValueError
        Naming ``name`` = ``value``, the estimate and the RAM.
    """
    ram = machine_memory_mb()
    if memory_mb > ram:
        raise ValueError(
            f"{name} = {value!r} is too large: {what} needs ~{memory_mb / 1024:.1f} GB, more than "
            f"this machine's {ram / 1024:.1f} GB of RAM"
        )


def check_norm(total: float, what: str, tolerance: float = NORM_TOLERANCE) -> None:
    """Raise ValueError unless ``total`` (a sum of probabilities) is 1 within ``tolerance``.

    ``what`` names the distribution and the parameters that produced it.
    """
    if not abs(total - 1.0) <= tolerance:
        raise ValueError(f"{what} sums to {total!r}, not 1 within {tolerance:g}")


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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7].
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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7]; ValueError also if the populations do not
        sum to 1 within :data:`NORM_TOLERANCE`.
    """
    n = check_n_atoms(n_atoms)
    pop = np.exp(log_dicke_populations(n))
    check_norm(float(pop.sum()), f"dicke_populations(n_atoms={n})")
    return pop


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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7]; ValueError also if the sum differs from 1
        by more than :data:`NORM_TOLERANCE` + 1e-14 N (the lgamma rounding).
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
    check_norm(
        float(out.sum()),
        f"dicke_populations_closed_form(n_atoms={n})",
        NORM_TOLERANCE + 1e-14 * n,
    )
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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 20000]; ValueError also if the result does not
        sum to 1 within :data:`NORM_TOLERANCE`.
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
    check_norm(float(p.sum()), f"dicke_populations_recursion(n_atoms={n})")
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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 200]; ValueError also if the sum is not exactly 1.
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
    check_norm(float(sum(p)), f"dicke_populations_exact(n_atoms={n})", 0.0)
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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 2000].
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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7] or ``spin_cut`` not an integer in [0, N].
    """
    n = check_n_atoms(n_atoms)
    spin_cut = check_count(spin_cut, "spin_cut", 0, n)
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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7].
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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7] or ``rel_cut`` is not in (0, 1).
    """
    n_atoms = check_n_atoms(n_atoms)
    rel_cut = check_unit_interval(rel_cut, "rel_cut", include_one=False)
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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7], or ``populations`` does not have N + 1
        finite, non-negative entries.
    """
    n = check_n_atoms(n_atoms)
    if len(populations) != n + 1:
        raise ValueError(f"populations must have N + 1 = {n + 1} entries, got {len(populations)}")
    if np.any(check_finite_array(populations, "populations") < 0):
        raise ValueError("populations must be >= 0")
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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` is not an integer in [1, 10^7].
    """
    n = check_n_atoms(n_atoms)
    return float(log_dicke_populations(n)[n] / math.log(2.0))

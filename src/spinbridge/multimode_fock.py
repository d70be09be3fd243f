"""Fock-state exchange between spatial modes of Katz et al. (2022), Eq. (27) and Fig. 7(a).

The number distribution of one output mode (the uniform noble-gas mode) at time t when a source
mode (the alkali *uniform* mode, a superposition of Dirichlet eigenmodes) starts with m
excitations and every other mode, and the Langevin baths, are thermal - no condition on the
other modes (Fig. 7(a)). Built on the exact multimode solver :mod:`spinbridge.multimode`.

Derivation
----------
The dynamics is linear and passive, so the target mode at t is ``b_T(t) = T(t) u(0) + E(t)``:
``T = w_T^T S(t) w_S`` (``S = exp(M t)`` of Eq. (27), ``w`` the weights of the two modes) and
``E`` a combination of the other initial modes and of the Langevin forces, all in thermal
(Gaussian, phase-invariant) states independent of ``u``; hence E is thermal with
``<E^dag E> = N(t)``, read off the covariance evolved with ``u`` in vacuum:
``N = <{b_T, b_T^dag}>/2 - 1/2``. In the Glauber P representation ``b_T`` is the source scaled
by ``sqrt(eta)``, ``eta = |T|^2``, plus a Gaussian of occupation N, and the normally ordered
generating function is

    G(z) = sum_k P(k) z^k = [(1 - eta + N) + (eta - N) z]^m / [(1 + N)^(m+1) (1 - q z)^(m+1)],

``q = N/(1 + N)`` (its coefficients are Laguerre polynomials with alternating terms). The same
G is the pure loss ``eta' = eta/(1 + N)`` followed by the quantum-limited amplifier of gain
``1 + N``, which gives a sum of positive terms, used here:

    P(k) = sum_j Binom(j; m, eta') NegBin(k - j; j + 1, 1/(1 + N)),  j <= min(k, m).

At N = 0 (vacuum noise, vacuum elsewhere) it is the binomial of
:func:`spinbridge.twomode.fock_distribution`.

References
----------
Katz, Shaham, Firstenberg, PRX Quantum 3, 010305 (2022), Sec. VII.B, Fig. 7(a); Eq. (29).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binom, nbinom

from spinbridge.species import _check_count, _check_real
from spinbridge.twomode import MAX_FOCK, _check_schedule, _check_times

__all__ = ["fock_distribution_multimode"]

MAX_FOCK_ELEMENTS = 50_000_000
"""Size guard: most terms ``n_t (m + 1) (n_max + 1)`` of one distribution."""
_TAIL = 1e-16  # default n_max: neglected tail probability


def _solver():
    """:mod:`spinbridge.multimode`, imported late: it re-exports this module's function."""
    from spinbridge import multimode

    return multimode


def _weights(name: str, spec, species: str, n_a: int, n_b: int) -> np.ndarray:
    """A mode spec or a plain weight array (over ``species``) as weights over all modes."""
    mm = _solver()
    if isinstance(spec, tuple | list) and len(spec) == 2 and isinstance(spec[0], str):
        return mm._mode_vector(name, spec, n_a, n_b)
    return mm._mode_vector(name, (species, spec), n_a, n_b)


def fock_distribution_multimode(
    t_s,
    coupling_s,
    alkali_rates_s,
    noble_rates_s,
    m: int,
    *,
    source_weights,
    target_weights,
    n_max: int | None = None,
    n_thermal_A: float = 0.0,
    n_thermal_B: float = 0.0,
    delta_s: float = 0.0,
    switch_time_s: float | None = None,
    delta_after_s: float | None = None,
    initial_occupation_A: float | None = None,
    initial_occupation_B: float | None = None,
) -> np.ndarray:
    """``P(n_T = k)`` of a target mode from m excitations in a source mode, rest traced out.

    Fig. 7(a): source = the alkali uniform mode, target = the uniform noble-gas mode; closed form
    of the module docstring (binomial loss then negative-binomial thermal noise). Truncated modes
    are a thermal reservoir (:mod:`spinbridge.multimode`): a source with ``|w|^2 < 1`` loses that
    part of each excitation, a target takes ``(1 - |w|^2)`` of its noise from the reservoir.

    Parameters
    ----------
    t_s : float or array_like
        Output times [s], >= 0, non-decreasing.
    coupling_s, alkali_rates_s, noble_rates_s
        As in :func:`spinbridge.multimode.multimode_drift`.
    m : int
        Excitations in the source mode at t = 0, ``0 <= m <= MAX_FOCK``.
    source_weights, target_weights : array_like or (str, int or array_like)
        The source mode (weights over the alkali modes, e.g. ``diffusion.uniform_projection``) and
        the target mode (weights over the noble-gas modes); or a mode spec
        ``("alkali" | "noble", index or weights)``. Real, ``0 < |w|^2 <= 1``.
    n_max : int, optional
        Largest k returned, ``0 <= n_max <= MAX_FOCK``. Default: large enough that the tail
        beyond it is below 1e-16 (the returned row sums to 1 to rounding).
    n_thermal_A, n_thermal_B : float, optional
        Occupations >= 0 of the noise baths (Eqs. (C7)-(C9)).
    delta_s, switch_time_s, delta_after_s
        Detuning schedule as in :func:`spinbridge.multimode.evolve_means_multimode`.
    initial_occupation_A, initial_occupation_B : float, optional
        Initial occupation >= 0 of every other mode (Sec. VII.B: 0.05 and 0.17); default the
        bath occupations.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_t, n_max + 1)``.
    """
    mm = _solver()
    t, _ = _check_times("t_s", t_s)
    K, g_a, g_b = mm._check_system(coupling_s, alkali_rates_s, noble_rates_s)
    m = _check_count("m", m, 0, MAX_FOCK)
    if n_max is not None:
        n_max = _check_count("n_max", n_max, 0, MAX_FOCK)
    _check_real("n_thermal_A", n_thermal_A, 0.0)
    _check_real("n_thermal_B", n_thermal_B, 0.0)
    _check_schedule(delta_s, switch_time_s, delta_after_s)
    n0_a = n_thermal_A if initial_occupation_A is None else initial_occupation_A
    n0_b = n_thermal_B if initial_occupation_B is None else initial_occupation_B
    _check_real("initial_occupation_A", n0_a, 0.0)
    _check_real("initial_occupation_B", n0_b, 0.0)
    n_a, n_b = K.shape
    w_s = _weights("source_weights", source_weights, "alkali", n_a, n_b)
    w_t = _weights("target_weights", target_weights, "noble", n_a, n_b)
    if n_max is not None and t.size * (m + 1) * (n_max + 1) > MAX_FOCK_ELEMENTS:
        raise ValueError(
            f"n_max: {t.size} times x (m + 1) x (n_max + 1) terms exceed MAX_FOCK_ELEMENTS"
        )
    schedule = (delta_s, switch_time_s, delta_after_s)
    eta, noise = _transmission_and_noise(
        t, K, g_a, g_b, w_s, w_t, (n_thermal_A, n_thermal_B), (n0_a, n0_b), schedule
    )
    return _distribution(m, n_max, eta, noise)


def _transmission_and_noise(t, K, g_a, g_b, w_s, w_t, n_bath, n_init, schedule):
    """``eta(t) = |w_t^T S(t) w_s|^2`` and the thermal noise occupation ``N(t)`` of the target."""
    mm = _solver()
    n_a = K.shape[0]
    delta_s, switch_time_s, delta_after_s = schedule
    first, second = mm._schedule(t, K, g_a, g_b, delta_s, switch_time_s, delta_after_s, None)
    v0 = w_s.astype(complex)
    if second is None:
        v = first.means(v0, t)
    else:
        before = t <= switch_time_s
        v_sw = first.means(v0, np.array([float(switch_time_s)]))[0]
        v = np.concatenate(
            [first.means(v0, t[before]), second.means(v_sw, t[~before] - switch_time_s)]
        )
    eta = np.abs(v @ w_t) ** 2
    # covariance with the source mode in vacuum, the rest thermal
    v_th = np.concatenate([np.full(n_a, n_init[0] + 0.5), np.full(K.shape[1], n_init[1] + 0.5)])
    C0 = np.diag(v_th) - np.outer(w_s, w_s) * (n_init[0]) + 0j
    d = mm._noise_diagonal(g_a, g_b, *n_bath)
    C, _ = mm._output_blocks(t, K, g_a, g_b, C0, None, w_t[None, :], d, *schedule)
    C = C[:, 0, 0].real + mm._reservoir_variance(w_t[None, :], n_a, *n_bath)[0]
    return np.clip(eta, 0.0, 1.0), np.clip(C - 0.5, 0.0, None)


def _distribution(m: int, n_max: int | None, eta: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """``sum_j Binom(j; m, eta/(1+N)) NegBin(k - j; j + 1, 1/(1+N))`` for k <= n_max."""
    p = 1.0 / (1.0 + noise)
    if n_max is None:
        tail = nbinom.isf(_TAIL, m + 1, p.min()) if eta.size and p.min() < 1 else 0.0
        n_max = int(m + tail + 1)
        if eta.size * (m + 1) * (n_max + 1) > MAX_FOCK_ELEMENTS:
            raise ValueError(
                f"m: the default n_max = {n_max} exceeds MAX_FOCK_ELEMENTS; give n_max"
            )
    j = np.arange(m + 1)
    k = np.arange(n_max + 1)
    b = binom.pmf(j[None, :], m, (eta * p)[:, None])
    nb = nbinom.pmf(k[None, None, :] - j[None, :, None], j[None, :, None] + 1, p[:, None, None])
    return np.einsum("tj,tjk->tk", b, nb)

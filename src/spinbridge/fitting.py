"""Power-law fits F = a N^b on log-log axes and the local exponent d ln F / d ln N.

Masson & Parkins, arXiv (Dec 2021), the fits quoted after Eqs. (9) and (13) (e.g. F = 6.52 N^2.02
for even N and an ideal detector) and the statement that the exponent returns to 2 at large N.
"""

from __future__ import annotations

import math

import numpy as np

from spinbridge.dicke import check_count, check_finite_array, check_real

__all__ = ["fit_power_law", "local_exponent", "power_law"]


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

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` or ``values`` has NaN, infinite or non-positive entries or their shapes
        differ, if ``window`` is not a pair of finite numbers with N_min < N_max, if fewer than
        3 points lie in it, or if the fit comes out NaN.
    """
    x = check_finite_array(n_atoms, "n_atoms", positive=True)
    y = check_finite_array(values, "values", positive=True)
    if x.shape != y.shape:
        raise ValueError(f"n_atoms and values must have the same shape, got {x.shape}, {y.shape}")
    sel = (x > 0) & (y > 0)
    if window is not None:
        if len(window) != 2:
            raise ValueError(f"window must be a pair (N_min, N_max), got {window!r}")
        lo, hi = (check_real(w, "window") for w in window)
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
    if not np.all(np.isfinite(cov)) or not math.isfinite(a):
        raise ValueError(
            f"the fit in window {window} is degenerate (NaN or infinite covariance: the "
            f"{int(sel.sum())} points do not determine a N^b)"
        )
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


def local_exponent(n_atoms, values, step: int = 2) -> np.ndarray:
    """Local exponent d ln F / d ln N from neighbours N - step and N (same parity for step = 2).

    b_loc(N) = ln(F(N) / F(N - step)) / ln(N / (N - step)): the exponent a power law through the
    two points would have. It tends to 2 at large N if F = a N^2 (1 + O(1/N)) (text after Eq. (9)).

    Parameters
    ----------
    n_atoms, values : array_like
        Increasing, consecutive N = N_0, N_0 + 1, ... and F(N) > 0.
    step : int
        Distance of the neighbour (2 keeps the parity of N).

    Returns
    -------
    numpy.ndarray
        b_loc(N) for each N; NaN for the first ``step`` entries.

    Raises
    ------
    TypeError, ValueError
        If ``n_atoms`` or ``values`` has NaN, infinite or non-positive entries, they are not 1-d
        of the same shape, ``n_atoms`` is not consecutive, or ``step`` is not an integer in
        [1, len(n_atoms) - 1].
    """
    x = check_finite_array(n_atoms, "n_atoms", positive=True)
    y = check_finite_array(values, "values", positive=True)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(
            f"n_atoms and values must be 1-d of the same shape, got {x.shape}, {y.shape}"
        )
    if np.any(np.diff(x) != 1):
        raise ValueError("n_atoms must be consecutive integers")
    step = check_count(step, "step", 1, max(1, x.size - 1))
    out = np.full(x.shape, np.nan)
    out[step:] = np.log(y[step:] / y[:-step]) / np.log(x[step:] / x[:-step])
    return out


def power_law(n_atoms, prefactor: float, exponent: float) -> np.ndarray:
    """The fitted law ``F = a N^b`` of :func:`fit_power_law`, evaluated at ``n_atoms``.

    Parameters
    ----------
    n_atoms : array_like
        N (> 0).
    prefactor, exponent : float
        a (> 0) and b (finite) as :func:`fit_power_law` returns them.

    Returns
    -------
    numpy.ndarray
        a N^b, the shape of ``n_atoms``.

    Raises
    ------
    TypeError, ValueError
        Non-finite or non-positive ``n_atoms`` or ``prefactor``, or a non-finite ``exponent``.
    """
    x = check_finite_array(n_atoms, "n_atoms", positive=True)
    a = check_real(prefactor, "prefactor")
    if not a > 0:
        raise ValueError(f"prefactor must be > 0, got {prefactor!r}")
    b = check_real(exponent, "exponent")
    return a * x**b

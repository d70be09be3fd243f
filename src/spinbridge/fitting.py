"""Power-law fits F = a N^b on log-log axes and the local exponent d ln F / d ln N.

Masson & Parkins, arXiv (Dec 2021), the fits quoted after Eqs. (9) and (13) (e.g. F = 6.52 N^2.02
for even N and an ideal detector) and the statement that the exponent returns to 2 at large N.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["fit_power_law", "local_exponent"]


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
    """
    x = np.asarray(n_atoms, dtype=float)
    y = np.asarray(values, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(
            f"n_atoms and values must be 1-d of the same shape, got {x.shape}, {y.shape}"
        )
    if np.any(np.diff(x) != 1):
        raise ValueError("n_atoms must be consecutive integers")
    if step < 1:
        raise ValueError(f"step must be >= 1, got {step}")
    out = np.full(x.shape, np.nan)
    out[step:] = np.log(y[step:] / y[:-step]) / np.log(x[step:] / x[:-step])
    return out

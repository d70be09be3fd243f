"""Numba kernel of the truncated Wigner equations of :mod:`spinbridge.pair_twa`.

Private module: the physics, the public API and the pure-numpy reference (``_rk4``) live in
:mod:`spinbridge.pair_twa`. Classical RK4 steps of

    i d alpha / d tau = chi sum_p [d_p* C_p alpha + d_p C_p^T alpha] + M alpha,
    d_p = sum_{mu nu} C_p[mu, nu] alpha_mu* alpha_nu,

with the real coupling matrices ``C_p`` and the real one-body matrix ``M`` (Zeeman energies plus
chi times the Weyl one-body term) given as triplets (row, column, value; for ``C`` also the
polarisation index), so that the 20-level run costs its 28 nonzero couplings, not 2 x 400.

Layout: real and imaginary parts in separate arrays of shape (modes, trajectories); trajectories
are advanced in blocks of ``_BLOCK`` (all steps of a block while it sits in the L1 cache), and
every inner loop runs over the trajectories of a block, which LLVM vectorises.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_BLOCK = 128
# No fast-math flags: with reassociation LLVM's vectorised loops peel a data-dependent number of
# iterations to reach aligned memory, so the last bits of a result depended on where numpy put the
# arrays and two runs of the same job differed (pipelines compare results bitwise).
_FASTMATH = False


@njit(cache=True, fastmath=_FASTMATH)
def _derivative(xr, xi, kr, ki, dr, di, nb, c_row, c_col, c_val, c_pol, m_row, m_col, m_val, chi):
    """(kr + i ki) = -i [chi sum_p (d_p* C_p + d_p C_p^T) x + M x] for the first ``nb`` columns."""
    dr[:, :nb] = 0.0
    di[:, :nb] = 0.0
    for k in range(c_val.size):
        r, c, p, v = c_row[k], c_col[k], c_pol[k], c_val[k]
        for t in range(nb):  # d += v conj(x_r) x_c
            dr[p, t] += v * (xr[r, t] * xr[c, t] + xi[r, t] * xi[c, t])
            di[p, t] += v * (xr[r, t] * xi[c, t] - xi[r, t] * xr[c, t])
    kr[:, :nb] = 0.0
    ki[:, :nb] = 0.0
    for k in range(m_val.size):  # -i (v x): re -> +v x_i, im -> -v x_r
        r, c, v = m_row[k], m_col[k], m_val[k]
        for t in range(nb):
            kr[r, t] += v * xi[c, t]
            ki[r, t] -= v * xr[c, t]
    for k in range(c_val.size):
        r, c, p = c_row[k], c_col[k], c_pol[k]
        v = chi * c_val[k]
        for t in range(nb):
            # row r: conj(d) x_c = (dr xr + di xi) + i (dr xi - di xr)
            kr[r, t] += v * (dr[p, t] * xi[c, t] - di[p, t] * xr[c, t])
            ki[r, t] -= v * (dr[p, t] * xr[c, t] + di[p, t] * xi[c, t])
            # column c: d x_r = (dr xr - di xi) + i (dr xi + di xr)
            kr[c, t] += v * (dr[p, t] * xi[r, t] + di[p, t] * xr[r, t])
            ki[c, t] -= v * (dr[p, t] * xr[r, t] - di[p, t] * xi[r, t])


@njit(cache=True, fastmath=_FASTMATH)
def advance(re, im, n_steps, h, c_row, c_col, c_val, c_pol, n_pol, m_row, m_col, m_val, chi):
    """Advance every column of ``re + i im`` (modes x trajectories) by ``n_steps`` RK4 steps of
    length ``h``, in place."""
    n, n_traj = re.shape
    yr, yi = np.empty((n, _BLOCK)), np.empty((n, _BLOCK))
    xr, xi = np.empty((n, _BLOCK)), np.empty((n, _BLOCK))
    kr, ki = np.empty((n, _BLOCK)), np.empty((n, _BLOCK))
    sr, si = np.empty((n, _BLOCK)), np.empty((n, _BLOCK))
    dr, di = np.empty((n_pol, _BLOCK)), np.empty((n_pol, _BLOCK))
    coup = (c_row, c_col, c_val, c_pol, m_row, m_col, m_val, chi)
    for start in range(0, n_traj, _BLOCK):
        nb = min(_BLOCK, n_traj - start)
        yr[:, :nb] = re[:, start : start + nb]
        yi[:, :nb] = im[:, start : start + nb]
        for _ in range(n_steps):
            _derivative(yr, yi, kr, ki, dr, di, nb, *coup)  # k1
            for i in range(n):
                for t in range(nb):
                    sr[i, t] = kr[i, t]
                    si[i, t] = ki[i, t]
                    xr[i, t] = yr[i, t] + 0.5 * h * kr[i, t]
                    xi[i, t] = yi[i, t] + 0.5 * h * ki[i, t]
            _derivative(xr, xi, kr, ki, dr, di, nb, *coup)  # k2
            for i in range(n):
                for t in range(nb):
                    sr[i, t] += 2.0 * kr[i, t]
                    si[i, t] += 2.0 * ki[i, t]
                    xr[i, t] = yr[i, t] + 0.5 * h * kr[i, t]
                    xi[i, t] = yi[i, t] + 0.5 * h * ki[i, t]
            _derivative(xr, xi, kr, ki, dr, di, nb, *coup)  # k3
            for i in range(n):
                for t in range(nb):
                    sr[i, t] += 2.0 * kr[i, t]
                    si[i, t] += 2.0 * ki[i, t]
                    xr[i, t] = yr[i, t] + h * kr[i, t]
                    xi[i, t] = yi[i, t] + h * ki[i, t]
            _derivative(xr, xi, kr, ki, dr, di, nb, *coup)  # k4
            for i in range(n):
                for t in range(nb):
                    yr[i, t] += (h / 6.0) * (sr[i, t] + kr[i, t])
                    yi[i, t] += (h / 6.0) * (si[i, t] + ki[i, t])
        re[:, start : start + nb] = yr[:, :nb]
        im[:, start : start + nb] = yi[:, :nb]

"""Numba kernel of the dissipative truncated Wigner equations of :mod:`spinbridge.pair_decoherence`.

Private module: the physics, the public API and the pure-numpy reference (``_drift``,
``_noise``, ``_advance_numpy``) live in :mod:`spinbridge.pair_decoherence`. One call advances
every trajectory (``s``: 6 rows x rate sets x trajectories) by ``w.shape[0]`` Strang steps of
length ``h``: RK4 of the drift over h/2, the Euler-Maruyama noise from the given Wiener
increments ``w[step]`` (12 rows, shared by every rate set), RK4 over h/2 - the arithmetic of the
numpy reference, in scalars per trajectory (no temporary arrays).
"""

from __future__ import annotations

import math

from numba import njit


@njit(inline="always")
def _spin_drift(x, y, z, big_x, big_y, wx, wy, wz, gc, ge, relax, m_atoms):
    """Drift of one ensemble's spin (x, y, z) (module docstring of pair_decoherence)."""
    dx = wy * z - wz * y + gc * (z * big_x - 0.5 * x) - relax * x
    dy = wz * x - wx * z + gc * (z * big_y - 0.5 * y) - relax * y
    dz = wx * y - wy * x - gc * (big_x * x + big_y * y + z - 0.25) - ge * (z + 0.5 * m_atoms)
    return dx, dy, dz


@njit(inline="always")
def _drift(v, chi, delta, gc, ge, gd, m_atoms):
    big_x = v[0] + v[3]
    big_y = v[1] + v[4]
    wx = 2.0 * chi * big_x
    wy = 2.0 * chi * big_y
    relax = 0.5 * ge + gd
    a = _spin_drift(v[0], v[1], v[2], big_x, big_y, wx, wy, chi - delta, gc, ge, relax, m_atoms)
    b = _spin_drift(v[3], v[4], v[5], big_x, big_y, wx, wy, chi + delta, gc, ge, relax, m_atoms)
    return (a[0], a[1], a[2], b[0], b[1], b[2])


@njit(inline="always")
def _rk4(v, h, chi, delta, gc, ge, gd, m_atoms):
    k1 = _drift(v, chi, delta, gc, ge, gd, m_atoms)
    t = (
        v[0] + 0.5 * h * k1[0],
        v[1] + 0.5 * h * k1[1],
        v[2] + 0.5 * h * k1[2],
        v[3] + 0.5 * h * k1[3],
        v[4] + 0.5 * h * k1[4],
        v[5] + 0.5 * h * k1[5],
    )
    k2 = _drift(t, chi, delta, gc, ge, gd, m_atoms)
    t = (
        v[0] + 0.5 * h * k2[0],
        v[1] + 0.5 * h * k2[1],
        v[2] + 0.5 * h * k2[2],
        v[3] + 0.5 * h * k2[3],
        v[4] + 0.5 * h * k2[4],
        v[5] + 0.5 * h * k2[5],
    )
    k3 = _drift(t, chi, delta, gc, ge, gd, m_atoms)
    t = (
        v[0] + h * k3[0],
        v[1] + h * k3[1],
        v[2] + h * k3[2],
        v[3] + h * k3[3],
        v[4] + h * k3[4],
        v[5] + h * k3[5],
    )
    k4 = _drift(t, chi, delta, gc, ge, gd, m_atoms)
    c = h / 6.0
    return (
        v[0] + c * (k1[0] + 2.0 * k2[0] + 2.0 * k3[0] + k4[0]),
        v[1] + c * (k1[1] + 2.0 * k2[1] + 2.0 * k3[1] + k4[1]),
        v[2] + c * (k1[2] + 2.0 * k2[2] + 2.0 * k3[2] + k4[2]),
        v[3] + c * (k1[3] + 2.0 * k2[3] + 2.0 * k3[3] + k4[3]),
        v[4] + c * (k1[4] + 2.0 * k2[4] + 2.0 * k3[4] + k4[4]),
        v[5] + c * (k1[5] + 2.0 * k2[5] + 2.0 * k3[5] + k4[5]),
    )


@njit(inline="always")
def _spin_noise(x, y, z, w0, w1, we0, we1, we2, wd0, wd1, amp_c, amp_e, amp_d, r, half):
    """One ensemble's spin after the Euler-Maruyama noise increment."""
    rest = math.sqrt(max(r + z - (x * x + y * y) / (2.0 * r), 0.0))
    nx = amp_c * z * w0 + amp_e * half * we0 + amp_d * wd0
    ny = amp_c * z * w1 + amp_e * half * we1 + amp_d * wd1
    nz = -amp_c * (x * w0 + y * w1) + amp_e * ((x * we0 + y * we1) / (2.0 * half) + rest * we2)
    return x + nx, y + ny, z + nz


@njit(cache=True)
def advance(s, w, h, chi, delta, collective, emission, dephasing, m_atoms):
    """Advance ``s`` (6, K, n) in place by ``w.shape[0]`` Strang steps of length h."""
    r = 0.5 * m_atoms + 0.25
    half = math.sqrt(0.5 * r)
    for k in range(s.shape[1]):
        gc, ge, gd = collective[k], emission[k], dephasing[k]
        amp_c, amp_e, amp_d = math.sqrt(gc), math.sqrt(ge), math.sqrt(gd * r)
        for i in range(s.shape[2]):
            v = (s[0, k, i], s[1, k, i], s[2, k, i], s[3, k, i], s[4, k, i], s[5, k, i])
            for step in range(w.shape[0]):
                v = _rk4(v, 0.5 * h, chi, delta, gc, ge, gd, m_atoms)
                ww = w[step]
                a = _spin_noise(
                    v[0], v[1], v[2], ww[0, i], ww[1, i], ww[2, i], ww[3, i], ww[4, i],
                    ww[8, i], ww[9, i], amp_c, amp_e, amp_d, r, half,
                )  # fmt: skip
                b = _spin_noise(
                    v[3], v[4], v[5], ww[0, i], ww[1, i], ww[5, i], ww[6, i], ww[7, i],
                    ww[10, i], ww[11, i], amp_c, amp_e, amp_d, r, half,
                )  # fmt: skip
                v = _rk4(
                    (a[0], a[1], a[2], b[0], b[1], b[2]), 0.5 * h, chi, delta, gc, ge, gd, m_atoms
                )
            for j in range(6):
                s[j, k, i] = v[j]

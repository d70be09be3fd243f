"""Numba kernels of the stochastic spin-exchange collision simulation (Katz 2022, Sec. III.B).

Private module: the public API and the physics documentation live in
:mod:`spinbridge.collisions`, which also holds the pure-numpy reference implementation.

Conventions shared by every kernel
----------------------------------
* Spin labels: alkali ``a = 0 .. N_A-1``, noble gas ``b = N_A .. N_A+N_B-1``.
* One step = every alkali ``a`` collides with a distinct noble-gas spin ``b`` (partial
  Fisher-Yates over a persistent permutation of the noble-gas labels), then the alkali Zeeman
  phase ``exp(-i theta)`` acts on every alkali-up state. Relative to the untouched vacuum the
  collision acts on the one-excitation pair block ``(c_a, c_b)`` as
  ``e^{i phi/2} [[cos(phi/2), -i sin(phi/2)], [-i sin(phi/2), cos(phi/2)]]`` (the exact
  ``exp(-i phi s.k)``, global phase ``e^{-i phi/4}`` per collision dropped); the Zeeman phase
  is merged into the alkali row of that block, since every alkali collides once per step.
* Random stream: xoshiro256** (Blackman & Vigna) seeded from ``numpy.random.SeedSequence``;
  bounded integers by Lemire's multiply-shift with rejection (unbiased); normals by the
  Marsaglia polar method. Per collision the kernel draws the partner first, then (if
  ``phi_std > 0``) one normal. :func:`draw_stream` consumes the stream identically and returns
  the draws, so the numpy reference can replay exactly what production used.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_MASK32 = np.uint64(0xFFFFFFFF)

# LLVM fast-math flags of the step kernels: FMA contraction and reassociation let the pair updates
# vectorise (~30 % faster two-excitation step); no approximate libm ("afn"), so the random stream
# of draw_stream (compiled with the same flags) and of the kernels is bit-identical.
FASTMATH = {"contract", "reassoc", "nsz", "arcp", "nnan", "ninf"}


# --------------------------------------------------------------------------- RNG
@njit(inline="always")
def _rotl(x, k):
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@njit(inline="always")
def _next_u64(s):
    result = _rotl(s[1] * np.uint64(5), 7) * np.uint64(9)
    t = s[1] << np.uint64(17)
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = _rotl(s[3], 45)
    return result


@njit(inline="always")
def _uniform(s):
    """Uniform double in [0, 1) with 53 random bits."""
    return float(_next_u64(s) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(inline="always")
def _bounded(s, n):
    """Unbiased integer in [0, n), n < 2**32 (Lemire 2019, 32-bit variant)."""
    nn = np.uint64(n)
    m = (_next_u64(s) >> np.uint64(32)) * nn
    low = m & _MASK32
    if low < nn:
        threshold = ((_MASK32 + np.uint64(1)) - nn) % nn
        while low < threshold:
            m = (_next_u64(s) >> np.uint64(32)) * nn
            low = m & _MASK32
    return np.int64(m >> np.uint64(32))


def _ziggurat_tables(n_layers: int = 256) -> tuple[np.ndarray, np.ndarray, float]:
    """Layer edges x[0..N] and f(x) = exp(-x^2/2) for the ziggurat (Marsaglia & Tsang 2000).

    x[0] = v/f(r) is the width of the base strip (which holds the tail), x[1] = r, x[N] = 0;
    every layer has area v.
    """
    r = 3.6541528853610088
    v = 0.00492867323399
    f = lambda x: math.exp(-0.5 * x * x)  # noqa: E731
    x = np.empty(n_layers + 1)
    x[0] = v / f(r)
    x[1] = r
    for i in range(1, n_layers - 1):
        x[i + 1] = math.sqrt(-2.0 * math.log(v / x[i] + f(x[i])))
    x[n_layers] = 0.0
    return x, np.exp(-0.5 * x * x), r


_ZIG_X, _ZIG_F, _ZIG_R = _ziggurat_tables()


@njit(inline="always")
def _normal(s, cache):
    """Standard normal by the 256-layer ziggurat; ``cache`` is unused (kept for the signature).

    One 64-bit draw gives the layer (low 8 bits) and a signed uniform (top 53 bits); 98.8 % of
    the draws return after one comparison.
    """
    while True:
        bits = _next_u64(s)
        i = np.int64(bits & np.uint64(0xFF))
        u = 2.0 * (float(bits >> np.uint64(11)) * (1.0 / 9007199254740992.0)) - 1.0
        xi = _ZIG_X[i]
        z = u * xi
        if abs(z) < _ZIG_X[i + 1]:
            return z
        if i == 0:
            # tail beyond r (Marsaglia 1964)
            while True:
                xt = -math.log(1.0 - _uniform(s)) / _ZIG_R
                yt = -math.log(1.0 - _uniform(s))
                if 2.0 * yt > xt * xt:
                    break
            return _ZIG_R + xt if u > 0.0 else -(_ZIG_R + xt)
        f1 = _ZIG_F[i + 1]
        if f1 + _uniform(s) * (_ZIG_F[i] - f1) < math.exp(-0.5 * z * z):
            return z


@njit(inline="always")
def _sincos(h):
    """(sin h, cos h); Taylor polynomials for |h| <= 0.25 (error < 1e-17), libm otherwise."""
    if abs(h) <= 0.25:
        x2 = h * h
        sn = h * (
            1.0
            + x2
            * (
                -1.0 / 6.0
                + x2
                * (
                    1.0 / 120.0
                    + x2 * (-1.0 / 5040.0 + x2 * (1.0 / 362880.0 + x2 * (-1.0 / 39916800.0)))
                )
            )
        )
        cs = 1.0 + x2 * (
            -0.5
            + x2
            * (
                1.0 / 24.0
                + x2
                * (
                    -1.0 / 720.0
                    + x2 * (1.0 / 40320.0 + x2 * (-1.0 / 3628800.0 + x2 * (1.0 / 479001600.0)))
                )
            )
        )
        return sn, cs
    return math.sin(h), math.cos(h)


@njit(inline="always")
def _block(phi, zr, zi):
    """Entries of the merged collision+Zeeman block for angle ``phi``.

    Returns (m11, m12, m21, m22) with rows (alkali, noble):
    m11 = z e^{ih} cos h, m12 = -i z e^{ih} sin h, m21 = -i e^{ih} sin h, m22 = e^{ih} cos h,
    h = phi/2, z = exp(-i theta) = zr + i zi.
    """
    sh, ch = _sincos(0.5 * phi)
    # e^{ih} cos h and -i e^{ih} sin h
    dr = ch * ch
    di = sh * ch
    orr = sh * sh  # -i e^{ih} sin h = sh*sh - i sh*ch
    oi = -sh * ch
    m22 = complex(dr, di)
    m21 = complex(orr, oi)
    z = complex(zr, zi)
    return z * m22, z * m21, m21, m22


# --------------------------------------------------------------------------- streams
@njit(inline="always")
def _draw_collision(state, cache, perm, a, fixed, phi_mean, phi_std, zr, zi, f11, f12, f21, f22):
    """Noble partner of alkali ``a`` and the collision block, in the production stream order.

    The partner is step ``a`` of a partial Fisher-Yates shuffle of ``perm`` (distinct partners
    within a step); the angle is Normal(phi_mean, phi_std), or the fixed block ``f`` when
    phi_std <= 0.
    """
    n_noble = perm.shape[0]
    j = a + _bounded(state, n_noble - a)
    pb = perm[j]
    perm[j] = perm[a]
    perm[a] = pb
    if fixed:
        return pb, f11, f12, f21, f22
    phi = phi_mean + phi_std * _normal(state, cache)
    m11, m12, m21, m22 = _block(phi, zr, zi)
    return pb, m11, m12, m21, m22


@njit(cache=True, fastmath=FASTMATH)
def draw_stream(state, cache, perm, n_alkali, phi_mean, phi_std, n_steps):
    """Draw the partners (noble-gas index 0..N_B-1) and angles production would use."""
    n_noble = perm.shape[0]
    partners = np.empty((n_steps, n_alkali), dtype=np.int64)
    phis = np.empty((n_steps, n_alkali), dtype=np.float64)
    for n in range(n_steps):
        for a in range(n_alkali):
            j = a + _bounded(state, n_noble - a)
            tmp = perm[a]
            perm[a] = perm[j]
            perm[j] = tmp
            partners[n, a] = perm[a]
            if phi_std > 0.0:
                phis[n, a] = phi_mean + phi_std * _normal(state, cache)
            else:
                phis[n, a] = phi_mean
    return partners, phis


# --------------------------------------------------------------------------- one excitation
@njit(inline="always")
def _observe_one(c, n_alkali, out_f10, out_f01, out_norm, out_pa, r):
    sa = 0j
    sb = 0j
    nrm = 0.0
    for i in range(n_alkali):
        sa += c[i]
        nrm += c[i].real * c[i].real + c[i].imag * c[i].imag
    for i in range(n_alkali, c.shape[0]):
        sb += c[i]
        nrm += c[i].real * c[i].real + c[i].imag * c[i].imag
    n_noble = c.shape[0] - n_alkali
    out_f10[r] = (sa.real * sa.real + sa.imag * sa.imag) / n_alkali
    out_f01[r] = (sb.real * sb.real + sb.imag * sb.imag) / n_noble
    out_norm[r] = nrm
    # total alkali population, in a loop of its own so the sums above keep their order
    pa = 0.0
    for i in range(n_alkali):
        pa += c[i].real * c[i].real + c[i].imag * c[i].imag
    out_pa[r] = pa


@njit(inline="always")
def _collide_one(c, a, b, m11, m12, m21, m22):
    ca = c[a]
    cb = c[b]
    c[a] = m11 * ca + m12 * cb
    c[b] = m21 * ca + m22 * cb


@njit(cache=True, fastmath=FASTMATH)
def run_one(
    c,
    state,
    cache,
    perm,
    n_alkali,
    phi_mean,
    phi_std,
    theta,
    n_records,
    record_every,
    out_f10,
    out_f01,
    out_norm,
    out_pa,
    r0,
):
    """Advance the one-excitation state ``n_records * record_every`` steps, drawing inside.

    Records the observables after every ``record_every`` steps into ``out_*[r0 + 1 + k]``:
    F10, F01, the norm and the total alkali population P_A.
    """
    zr = math.cos(theta)
    zi = -math.sin(theta)
    fixed = phi_std <= 0.0
    f11, f12, f21, f22 = _block(phi_mean, zr, zi)
    for k in range(n_records):
        for _ in range(record_every):
            for a in range(n_alkali):
                pb, m11, m12, m21, m22 = _draw_collision(
                    state, cache, perm, a, fixed, phi_mean, phi_std, zr, zi, f11, f12, f21, f22
                )
                _collide_one(c, a, n_alkali + pb, m11, m12, m21, m22)
        _observe_one(c, n_alkali, out_f10, out_f01, out_norm, out_pa, r0 + 1 + k)


@njit(cache=True, fastmath=FASTMATH)
def run_one_stream(c, partners, phis, theta, record_every, out_f10, out_f01, out_norm, out_pa):
    """Same step as :func:`run_one` but replaying pre-drawn partners and angles.

    Records at step 0, every ``record_every`` steps and after the last step if it is not one.
    """
    n_steps, n_alkali = partners.shape
    zr = math.cos(theta)
    zi = -math.sin(theta)
    _observe_one(c, n_alkali, out_f10, out_f01, out_norm, out_pa, 0)
    r = 0
    for n in range(n_steps):
        for a in range(n_alkali):
            m11, m12, m21, m22 = _block(phis[n, a], zr, zi)
            _collide_one(c, a, n_alkali + partners[n, a], m11, m12, m21, m22)
        if (n + 1) % record_every == 0 or n + 1 == n_steps:
            r += 1
            _observe_one(c, n_alkali, out_f10, out_f01, out_norm, out_pa, r)


# --------------------------------------------------------------------------- two excitations
# Packed upper-triangular storage: amplitude of excitations on spins i < j lives at
# row_base[i] + j with row_base[i] = i*(2D - i - 1)/2 - i - 1, D = N_A + N_B.


def row_base(dim: int) -> np.ndarray:
    """Offsets of the packed pair index: ``index(i, j) = row_base[i] + j`` for ``i < j``."""
    i = np.arange(dim, dtype=np.int64)
    return i * (2 * dim - i - 1) // 2 - i - 1


@njit(inline="always")
def _collide_two(c, rb, dim, a, b, m11, m12, m21, m22, z):
    """Apply the (a, b) block (a < b) to every amplitude with an excitation on a or b.

    The doubly excited pair |up_a up_b> only gets the Zeeman phase z (a collision leaves
    |up up> like |down down>: hard core).
    """
    rba = rb[a]
    rbb = rb[b]
    for k in range(a):
        ia = rb[k] + a
        ib = rb[k] + b
        x = c[ia]
        y = c[ib]
        c[ia] = m11 * x + m12 * y
        c[ib] = m21 * x + m22 * y
    for k in range(a + 1, b):
        ia = rba + k
        ib = rb[k] + b
        x = c[ia]
        y = c[ib]
        c[ia] = m11 * x + m12 * y
        c[ib] = m21 * x + m22 * y
    for k in range(b + 1, dim):
        ia = rba + k
        ib = rbb + k
        x = c[ia]
        y = c[ib]
        c[ia] = m11 * x + m12 * y
        c[ib] = m21 * x + m22 * y
    c[rba + b] *= z


@njit(inline="always")
def _observe_two(c, rb, n_alkali, dim, out_p20, out_p11, out_p02, out_norm, r):
    s20 = 0j
    s11 = 0j
    s02 = 0j
    for i in range(dim - 1):
        base = rb[i]
        if i < n_alkali:
            for j in range(i + 1, n_alkali):
                s20 += c[base + j]
            for j in range(max(i + 1, n_alkali), dim):
                s11 += c[base + j]
        else:
            for j in range(i + 1, dim):
                s02 += c[base + j]
    nrm = 0.0
    for i in range(c.shape[0]):
        nrm += c[i].real * c[i].real + c[i].imag * c[i].imag
    n_noble = dim - n_alkali
    n20 = n_alkali * (n_alkali - 1) / 2
    n02 = n_noble * (n_noble - 1) / 2
    out_p20[r] = (s20.real**2 + s20.imag**2) / n20 if n20 > 0 else 0.0
    out_p11[r] = (s11.real**2 + s11.imag**2) / (n_alkali * n_noble)
    out_p02[r] = (s02.real**2 + s02.imag**2) / n02 if n02 > 0 else 0.0
    out_norm[r] = nrm


@njit(cache=True, fastmath=FASTMATH)
def run_two(
    c,
    rb,
    state,
    cache,
    perm,
    n_alkali,
    phi_mean,
    phi_std,
    theta,
    n_records,
    record_every,
    out_p20,
    out_p11,
    out_p02,
    out_norm,
    r0,
):
    """Two-excitation analogue of :func:`run_one` (packed pair amplitudes ``c``)."""
    n_noble = perm.shape[0]
    dim = n_alkali + n_noble
    zr = math.cos(theta)
    zi = -math.sin(theta)
    z = complex(zr, zi)
    fixed = phi_std <= 0.0
    f11, f12, f21, f22 = _block(phi_mean, zr, zi)
    for k in range(n_records):
        for _ in range(record_every):
            for a in range(n_alkali):
                pb, m11, m12, m21, m22 = _draw_collision(
                    state, cache, perm, a, fixed, phi_mean, phi_std, zr, zi, f11, f12, f21, f22
                )
                _collide_two(c, rb, dim, a, n_alkali + pb, m11, m12, m21, m22, z)
        _observe_two(c, rb, n_alkali, dim, out_p20, out_p11, out_p02, out_norm, r0 + 1 + k)


@njit(cache=True, fastmath=FASTMATH)
def run_two_stream(
    c, rb, dim, partners, phis, theta, record_every, out_p20, out_p11, out_p02, out_norm
):
    """Same step as :func:`run_two` replaying pre-drawn partners (noble index) and angles.

    ``dim`` may exceed ``N_A + N_B`` of the stream: extra spins never collide (spectators).
    Records at step 0, every ``record_every`` steps and after the last step if it is not one.
    """
    n_steps, n_alkali = partners.shape
    zr = math.cos(theta)
    zi = -math.sin(theta)
    z = complex(zr, zi)
    _observe_two(c, rb, n_alkali, dim, out_p20, out_p11, out_p02, out_norm, 0)
    r = 0
    for n in range(n_steps):
        for a in range(n_alkali):
            m11, m12, m21, m22 = _block(phis[n, a], zr, zi)
            _collide_two(c, rb, dim, a, n_alkali + partners[n, a], m11, m12, m21, m22, z)
        if (n + 1) % record_every == 0 or n + 1 == n_steps:
            r += 1
            _observe_two(c, rb, n_alkali, dim, out_p20, out_p11, out_p02, out_norm, r)

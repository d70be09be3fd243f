"""Clebsch-Gordan structure of the 87Sr clock transition 1S0 (F = 9/2) -> 3P0 (F' = 9/2).

Sundar et al., PRL 130, 113202 (2023): the atoms are 87Sr with ground (g, 1S0) and excited
(e, 3P0) manifolds of F = F' = I = 9/2, 2F + 1 = 10 Zeeman sublevels each (20 levels, "4F + 2"),
coupled to one cavity mode. The quantization axis (magnetic field, z) is perpendicular to the
cavity axis, so a cavity photon is either polarised along z (pi, Delta m = 0) or along the other
transverse direction y, which in the spherical basis is ``e_y = i (e_{+1} + e_{-1}) / sqrt 2``
(sigma+ and sigma- together). By the Wigner-Eckart theorem the raising part of ``e . d`` is

    D_pi^+   = sum_m <F m; 1 0 | F' m> e_m^dag g_m,
    D_perp^+ = (1/sqrt 2) sum_{m, q = +-1} <F m; 1 q | F' m+q> e_{m+q}^dag g_m

(the overall factor i of D_perp is dropped: only D^+ D^- enters the cavity-mediated Hamiltonian).
Coefficients are exact (square roots of rationals, ``sympy.physics.wigner.clebsch_gordan``, cached);
:func:`coupling_matrices` turns them into floats, normalised so that the stretched pi
coefficients ``<F +-F; 1 0 | F +-F> = +-F / sqrt(F (F + 1))`` become +-1. That is the paper's
convention: chi ~ -g_F^2 / Delta with g_F = g_0 sqrt(F / (F + 1)) (text after Eq. (1)), the
F/(F + 1) = 9/11 being the squared stretched pi coefficient; the opposite signs at m = -F and
m = +F are the sign absorbed in the paper's S_B^+ = -sum |e, B><g, B|.

Mode order of the 2 (2F + 1) Schwinger bosons: ``g_{-F}, ..., g_{+F}, e_{-F}, ..., e_{+F}``
(:func:`mode_index`). The pumped sublevels of the paper are g, m = -9/2 (the A ensemble's ground
state) and e, m = +9/2 (the B ensemble's excited state); A = the m = -9/2 manifold, B = m = +9/2.

References
----------
Sundar et al., PRL 130, 113202 (2023), text before and after Eq. (1), Fig. 1(b), and the TWA
paragraph after Eq. (3) ("all possible exchange processes ... including those mediated by photons
with polarization perpendicular to the quantization axis"); A. Pineiro Orioli, J. K. Thompson,
A. M. Rey, PRX 12, 011054 (2022) (their Ref. [64]).
"""

from __future__ import annotations

import functools
import math
import numbers

import numpy as np
import sympy
from sympy.physics.wigner import clebsch_gordan as _sympy_cg

from spinbridge.species import _check_name, _check_real

__all__ = [
    "F_CLOCK",
    "MAX_F",
    "POLARIZATIONS",
    "clebsch_gordan",
    "coupling_matrices",
    "mode_index",
    "sublevels",
    "transition_matrix",
]

F_CLOCK = 4.5
"""Total angular momentum F = F' = I = 9/2 of the 87Sr clock states 1S0 and 3P0."""
MAX_F = 10.0
"""Size guard: largest F accepted (2 (2F + 1) = 42 modes)."""
POLARIZATIONS = ("pi", "perp")
"""Cavity polarisations: along the quantization axis (pi) and perpendicular to it and the cavity."""


def _half_integer(name: str, value, lo: float, hi: float) -> sympy.Rational:
    """``value`` (a multiple of 1/2 in [lo, hi]) as an exact sympy Rational."""
    _check_real(name, value, lo, hi)
    twice = 2.0 * float(value)
    if abs(twice - round(twice)) > 1e-9:
        raise ValueError(f"{name} must be a multiple of 1/2 in [{lo:g}, {hi:g}], got {value!r}")
    return sympy.Rational(round(twice), 2)


def _check_f(F, F_prime):
    f = _half_integer("F", F, 0.5, MAX_F)
    fp = f if F_prime is None else _half_integer("F_prime", F_prime, 0.5, MAX_F)
    if abs(fp - f) > 1 or not (fp - f).is_integer:
        raise ValueError(
            f"F_prime must be F - 1, F or F + 1 (a dipole transition), got {F_prime!r}"
        )
    return f, fp


def _check_q(q) -> int:
    if isinstance(q, bool | np.bool_) or not isinstance(q, numbers.Real):
        raise TypeError(f"q must be -1, 0 or 1, got {type(q).__name__} {q!r}")
    if not (math.isfinite(float(q)) and float(q) in (-1.0, 0.0, 1.0)):
        raise ValueError(f"q must be -1, 0 or 1 (spherical component of the photon), got {q!r}")
    return int(q)


@functools.lru_cache(maxsize=4096)
def _cg_exact(f: sympy.Rational, m: sympy.Rational, q: int, fp: sympy.Rational) -> sympy.Expr:
    if abs(m + q) > fp:
        return sympy.Integer(0)
    return _sympy_cg(f, 1, fp, m, q, m + q)


def clebsch_gordan(m: float, q: int, F: float = F_CLOCK, F_prime: float | None = None):
    """Exact Clebsch-Gordan coefficient <F m; 1 q | F' m+q> of a dipole transition g_m -> e_{m+q}.

    Condon-Shortley phases (``sympy.physics.wigner.clebsch_gordan``), cached. For F' = F
    (the 87Sr clock transition) ``<F m; 1 0 | F m> = m / sqrt(F (F + 1))`` and
    ``<F m; 1 +-1 | F m+-1> = -+ sqrt((F -+ m)(F +- m + 1) / (2 F (F + 1)))``.

    Parameters
    ----------
    m : float
        Ground sublevel, a multiple of 1/2 with |m| <= F (F + m an integer).
    q : int
        Spherical component of the photon: 0 (pi), +1 (sigma+), -1 (sigma-).
    F : float, optional
        Ground-state F (a multiple of 1/2 in [1/2, MAX_F]); default 9/2.
    F_prime : float, optional
        Excited-state F' (|F' - F| <= 1); default F.

    Returns
    -------
    sympy.Expr
        The exact coefficient (0 where m + q is not a sublevel of F').
    """
    f, fp = _check_f(F, F_prime)
    mm = _half_integer("m", m, -float(f), float(f))
    if not (f + mm).is_integer:
        raise ValueError(f"m must differ from -F = {-f} by an integer, got {m!r}")
    return _cg_exact(f, mm, _check_q(q), fp)


def sublevels(F: float = F_CLOCK) -> np.ndarray:
    """Zeeman sublevels m = -F, ..., +F (2F + 1 floats) of one manifold."""
    f, _ = _check_f(F, None)
    return -float(f) + np.arange(int(2 * f) + 1, dtype=float)


def transition_matrix(q: int, F: float = F_CLOCK, F_prime: float | None = None) -> sympy.Matrix:
    """Exact (2F' + 1) x (2F + 1) matrix ``T[m' + F', m + F] = <F m; 1 q | F' m'>``.

    Nonzero only where m' = m + q; rows are excited sublevels, columns ground sublevels.

    Parameters
    ----------
    q : int
        Photon component: -1, 0, 1.
    F, F_prime : float, optional
        Ground and excited F (default 9/2 and F).
    """
    f, fp = _check_f(F, F_prime)
    qq = _check_q(q)
    rows, cols = int(2 * fp) + 1, int(2 * f) + 1
    out = sympy.zeros(rows, cols)
    for j in range(cols):
        m = -f + j
        if abs(m + qq) <= fp:
            out[int(m + qq + fp), j] = _cg_exact(f, m, qq, fp)
    return out


def mode_index(state: str, m: float, F: float = F_CLOCK) -> int:
    """Index of the Schwinger boson of sublevel ``(state, m)`` (order of :func:`coupling_matrices`).

    Parameters
    ----------
    state : {"g", "e"}
        Ground (1S0) or excited (3P0) manifold.
    m : float
        Sublevel, a multiple of 1/2 with |m| <= F.
    F : float, optional
        F of both manifolds (default 9/2).
    """
    _check_name("state", state, ("g", "e"))
    f, _ = _check_f(F, None)
    mm = _half_integer("m", m, -float(f), float(f))
    if not (f + mm).is_integer:
        raise ValueError(f"m must differ from -F = {-f} by an integer, got {m!r}")
    return int(mm + f) + (0 if state == "g" else int(2 * f) + 1)


@functools.lru_cache(maxsize=16)
def _coupling_matrices(f: sympy.Rational) -> tuple[np.ndarray, np.ndarray]:
    n = int(2 * f) + 1
    norm = sympy.sqrt((f + 1) / f)  # stretched pi coefficient -> +-1 (chi of the paper)
    out = []
    for parts in ((0,), (1, -1)):
        c = np.zeros((2 * n, 2 * n))
        for q in parts:
            t = transition_matrix(q, float(f))
            scale = norm if q == 0 else norm / sympy.sqrt(2)
            for i in range(n):
                for j in range(n):
                    if t[i, j] != 0:
                        c[n + i, j] += float(scale * t[i, j])
        c.setflags(write=False)
        out.append(c)
    return out[0], out[1]


def coupling_matrices(F: float = F_CLOCK) -> dict[str, np.ndarray]:
    """Raising matrices ``C_p`` of the pi and perpendicular cavity polarisations (floats).

    ``D_p^+ = sum_{mu nu} C_p[mu, nu] a_mu^dag a_nu`` over the 2 (2F + 1) Schwinger bosons in the
    order of :func:`mode_index`; entries map a ground column to an excited row. Normalised by
    sqrt((F + 1)/F) so that the stretched pi entries are -1 (m = -F) and +1 (m = +F): the cavity
    Hamiltonian is ``hbar chi sum_p D_p^+ D_p^-`` with the paper's chi (Eq. (1)).

    Parameters
    ----------
    F : float, optional
        F = F' of the transition (default 9/2; a multiple of 1/2 in [1/2, MAX_F]).

    Returns
    -------
    dict
        ``{"pi": C_pi, "perp": C_perp}``, read-only square arrays of side 2 (2F + 1).
    """
    f, _ = _check_f(F, None)
    c_pi, c_perp = _coupling_matrices(f)
    return {"pi": c_pi, "perp": c_perp}

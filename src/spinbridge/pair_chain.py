"""Exact pair production of Sundar et al. (2023) on the chain of pair states.

Model
-----
Two ensembles A, B of two-level atoms (g, e) with Schwinger bosons ``S_a^+ = a_{e,a}^dag
a_{g,a}`` (the sign of B's Clebsch-Gordan coefficient is absorbed in ``a_{e,B}``, as in the
paper after Eq. (1)), ``S_a^z = (n_{e,a} - n_{g,a})/2``, and the Hamiltonian of Eq. (1),

    H / hbar = chi (S_A^+ + S_B^+)(S_A^- + S_B^-) + delta (S_B^z - S_A^z).

Its four-wave-mixing form, Eq. (2), has the first factor ``S_A^+ + S_B^+ = a_{e,A}^dag a_{g,A}
+ a_{e,B}^dag a_{g,B}`` (printed there as ``a_{g,A}^dag a_{g,A} + ...``). Expanding,

    H/(hbar chi) = S_A^+ S_A^- + S_B^+ S_B^- + P + P^dag + (delta/chi)(S_B^z - S_A^z),
    P = S_A^+ S_B^- = a_{e,A}^dag a_{g,B}^dag a_{g,A} a_{e,B},

where ``P`` turns one pump atom of each ensemble (``|g,A>``, ``|e,B>``) into a pair
(``|e,A>``, ``|g,B>``) and the self-interaction ``S^+ S^- = n_e (n_g + 1)`` is diagonal in Fock
states. Hence ``N_A = n_{g,A} + n_{e,A}``, ``N_B = n_{g,B} + n_{e,B}`` and ``n_{e,A} - n_{g,B}``
are conserved; from the pump state ``|n_{g,A} = a, n_{e,B} = b>`` (others empty) the state stays
on the chain ``|k> = |n_{g,A} = a-k, n_{e,A} = k, n_{g,B} = k, n_{e,B} = b-k>``,
``k = 0..min(a, b)``, with the tridiagonal Hamiltonian (units of ``hbar chi``)

    H_kk      = k (a - k + 1) + (b - k)(k + 1) + (delta/chi) ((a + b)/2 - 2k),
    H_{k+1,k} = <k+1| P |k> = (k + 1) sqrt((a - k)(b - k)).

For ``a = b = N/2`` and ``delta = N chi/2`` the terms linear in ``k`` cancel
(``H_kk = const - 2 k^2``): pair production is resonant, the paper's choice before Eq. (3); the
``-2 k^2`` left over is the beyond-UPA nonlinearity of Eq. (6). Near ``k = 0``,
``H_{k+1,k} ~ (N/2)(k+1)`` is Eq. (3)'s ``(N chi/2) a_{e,A}^dag a_{g,B}^dag``.

Moments on the chain
--------------------
Every single-ensemble spin component either keeps ``k`` (``S^z``) or changes
``n_{e,A} - n_{g,B}`` by one, so on the chain ``<S^x> = <S^y> = 0`` and, with
``m1 = <k>``, ``m2 = <k^2>`` and ``p = <P> = sum_k (k+1) sqrt((a-k)(b-k)) psi_{k+1}^* psi_k``
(the only ``|k - k'| = 1`` matrix element needed), the symmetrised second moments
``G_ij = <{S_i, S_j}>/2`` of ``(S_A^x, S_A^y, S_A^z, S_B^x, S_B^y, S_B^z)`` are

    <S_A^z> = m1 - a/2,   <S_B^z> = b/2 - m1,
    <(S_A^x)^2> = <(S_A^y)^2> = (s_A (s_A + 1) - <(S_A^z)^2>)/2   (s_A = a/2, likewise B),
    <S_A^x S_B^x> = <S_A^y S_B^y> = Re p/2,
    <S_A^x S_B^y> = -Im p/2,  <S_A^y S_B^x> = +Im p/2,

all others zero (``S^+ S^+`` and ``S^z S^x`` change the conserved numbers). So
``(Delta S_{1,-})^2 = (Delta S_{2,+})^2 = <(S^x)^2>_A + <(S^x)^2>_B - Im p`` and
``(Delta S_{2,-})^2 = (Delta S_{1,+})^2 = ... + Im p``, ``<{S_{1,-}, S_{2,-}}>/2 = -Re p``.

Pumps
-----
``"fock"``: exactly ``N/2`` atoms per ensemble (the physical preparation), one chain.
``"coherent"``: coherent pump modes with mean ``N/2`` each, what a coherent-state truncated
Wigner calculation samples. ``H`` and every spin observable conserve ``N_A`` and ``N_B``, so
expectation values are the Poisson mixture ``sum_{a,b} Pois(a; N/2) Pois(b; N/2) <.>_{a,b}``
over chains, with ``delta = N chi/2`` fixed by the mean ``N``. Each sector ``(a, b)`` and its
mirror ``(b, a)`` (exchange ``g,A <-> e,B`` and ``e,A <-> g,B``) share ``m1, m2, p``: their
Hamiltonians differ by the constant ``a - b``. The mixture is summed exactly over the Poisson
support (tail mass below 1e-16 per pump dropped) when it has at most ``pump_nodes`` occupations;
otherwise by an interpolatory product rule on ``pump_nodes`` integer occupations near the
Gauss-Hermite points of the Poisson mean and width, exact for polynomials of degree
``< pump_nodes`` in each occupation under the exact Poisson weights.

Numerics: one ``scipy.linalg.eigh_tridiagonal`` per chain, for the eigenpairs in the energy
window that carries the pump state (all of them for chains up to 2048 states; see
``_eigenpairs``); amplitudes at all times are one real matrix product ``V (c e^{-i E chi t})``,
keeping eigenvectors whose overlap with ``|0>`` exceeds 1e-17 of the largest (the dropped part
has norm below ``1e-17 sqrt(N)``).

References
----------
Sundar, Barberena, Pineiro Orioli, Chu, Thompson, Rey, Lewis-Swan, PRL 130, 113202 (2023),
Eqs. (1)-(3), Fig. 1(d).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import scipy.linalg
import xarray as xr
from numpy.polynomial import hermite_e
from scipy.optimize import minimize_scalar
from scipy.stats import poisson

from spinbridge.species import _check_count, _check_name, _check_real, _check_time_grid
from spinbridge.store import var_attrs

__all__ = [
    "MAX_ATOMS",
    "MAX_PUMP_NODES",
    "MAX_TIMES",
    "PUMPS",
    "QUADRATURES",
    "SPIN_COMPONENTS",
    "SqueezingMinimum",
    "chain_hamiltonian",
    "chain_moments",
    "exact_squeezing",
    "exact_squeezing_minimum",
]

MAX_ATOMS = 20_000
"""Size guard: most atoms ``N`` (the eigenvector matrix has ``(N/2 + 1)^2`` entries)."""
MAX_TIMES = 100_000
"""Size guard: most output times of one call."""
MAX_PUMP_NODES = 64
"""Size guard: most pump occupations per ensemble in the coherent-pump mixture (enough for the
exact Poisson sum up to N ~ 30; rules on more than ~30 nodes lose accuracy to conditioning)."""
PUMPS = ("fock", "coherent")
"""Pump states: exactly N/2 atoms per ensemble, or coherent states of mean N/2."""
QUADRATURES = ("fixed", "optimal")
"""Quadratures of :func:`exact_squeezing_minimum`: ``S_{1,-}`` (``xi2``), or the best one."""
SPIN_COMPONENTS = ("Ax", "Ay", "Az", "Bx", "By", "Bz")
"""Order of the single-ensemble spin components in :func:`chain_moments`."""

_KEEP = 1e-17  # eigenvectors with |<0|v>| below this fraction of the largest are dropped
_EDGE = 1e-15  # an energy window is wide enough when |<0|v>| at both its edges is below this
_FULL_BELOW = 2048  # chains up to this length are diagonalised completely (faster there)
_TAIL = 1e-16  # Poisson tail mass dropped on each side of a coherent pump's support
_SCAN_POINTS = 400  # coarse grid of the minimum search, refined by a bounded Brent search
_TIME_BLOCK = 256  # output times per matrix product (bounds memory at N = MAX_ATOMS)
# S_{1,-} = S_B^x - S_A^y, S_{2,-} = S_B^y - S_A^x over SPIN_COMPONENTS (paper, after Eq. (3))
_S1_MINUS = np.array([0.0, -1.0, 0.0, 1.0, 0.0, 0.0])
_S2_MINUS = np.array([-1.0, 0.0, 0.0, 0.0, 1.0, 0.0])


# ----------------------------------------------------------------------------- checks
def _check_atoms(N, pumps: str) -> int:
    n = _check_count("N", N, 2, MAX_ATOMS)
    if pumps == "fock" and n % 2:
        raise ValueError(f"N must be even for Fock pumps (N/2 atoms per ensemble), got {N!r}")
    return n


def _check_times(nchi_t) -> np.ndarray:
    """``nchi_t`` as a sorted 1-D float array (:func:`spinbridge.species._check_time_grid`)."""
    return _check_time_grid("nchi_t", nchi_t, MAX_TIMES)


def _check_options(N, pumps, delta_over_nchi, pump_nodes) -> int:
    _check_name("pumps", pumps, PUMPS)
    n = _check_atoms(N, pumps)
    _check_real("delta_over_nchi", delta_over_nchi)
    _check_count("pump_nodes", pump_nodes, 1, MAX_PUMP_NODES)
    return n


# ----------------------------------------------------------------------------- one chain
def _chain_elements(n_a: int, n_b: int, delta_over_chi: float) -> tuple[np.ndarray, np.ndarray]:
    k = np.arange(min(n_a, n_b) + 1, dtype=float)
    diag = k * (n_a - k + 1) + (n_b - k) * (k + 1) + delta_over_chi * ((n_a + n_b) / 2 - 2 * k)
    off = (k[:-1] + 1) * np.sqrt((n_a - k[:-1]) * (n_b - k[:-1]))
    return diag, off


def chain_hamiltonian(n_a: int, n_b: int, delta_over_chi: float) -> tuple[np.ndarray, np.ndarray]:
    """Tridiagonal Hamiltonian of Eq. (1) on the pair chain ``|k>``, in units of ``hbar chi``.

    ``|k> = |n_{g,A} = n_a - k, n_{e,A} = k, n_{g,B} = k, n_{e,B} = n_b - k>``; derivation in the
    module docstring (Sundar et al. 2023, Eqs. (1)-(2)).

    Parameters
    ----------
    n_a, n_b : int
        Atoms in ensembles A and B (the pump occupations of ``|g,A>`` and ``|e,B>`` at t = 0),
        ``0 <= n <= MAX_ATOMS``.
    delta_over_chi : float
        Zeeman splitting ``delta / chi`` (any sign; the paper's ``N/2`` at ``N = n_a + n_b``).

    Returns
    -------
    diag : numpy.ndarray
        ``H_kk = k (n_a - k + 1) + (n_b - k)(k + 1) + (delta/chi)((n_a + n_b)/2 - 2k)``,
        ``k = 0..min(n_a, n_b)``.
    off : numpy.ndarray
        ``H_{k+1,k} = (k + 1) sqrt((n_a - k)(n_b - k))``, real and positive.
    """
    n_a = _check_count("n_a", n_a, 0, MAX_ATOMS)
    n_b = _check_count("n_b", n_b, 0, MAX_ATOMS)
    _check_real("delta_over_chi", delta_over_chi)
    return _chain_elements(n_a, n_b, float(delta_over_chi))


def _eigenpairs(diag: np.ndarray, off: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenpairs of the chain that carry the pump state ``|0>`` (energies near ``diag[0]``).

    Short chains are diagonalised completely. Longer ones only in an energy window around
    ``H_00`` of half-width ``32 sigma`` (``sigma = H_01``, the energy spread of ``|0>``), doubled
    until the overlaps ``|<0|v>|`` of the window's outermost eigenvectors are below ``1e-15`` of
    the largest: the local density of states of the chain's end decays into its tails, so the
    part left out is below rounding (at N = 10^4 about 150 of 5001 eigenvectors are needed).
    """
    if diag.size == 1:
        return np.zeros(1), np.ones((1, 1))
    if diag.size <= _FULL_BELOW:
        return scipy.linalg.eigh_tridiagonal(diag, off)
    radius = np.abs(np.concatenate([[0.0], off])) + np.abs(np.concatenate([off, [0.0]]))
    bottom, top = float(np.min(diag - radius)), float(np.max(diag + radius))  # Gershgorin
    width = 32.0 * off[0]
    while diag[0] - width > bottom or diag[0] + width < top:
        window = (diag[0] - width, diag[0] + width)
        energies, vectors = scipy.linalg.eigh_tridiagonal(
            diag, off, select="v", select_range=window
        )
        overlap = np.abs(vectors[0])
        edge = _EDGE * overlap.max()
        low_ok = window[0] <= bottom or overlap[:3].max() <= edge
        high_ok = window[1] >= top or overlap[-3:].max() <= edge
        if energies.size > 6 and low_ok and high_ok:
            return energies, vectors
        width *= 2.0
    return scipy.linalg.eigh_tridiagonal(diag, off)


class _Chain:
    """One sector's chain, diagonalised once: raw moments ``<k>, <k^2>, <P>`` at any ``chi t``."""

    def __init__(self, n_a: int, n_b: int, delta_over_chi: float):
        diag, self.off = _chain_elements(n_a, n_b, delta_over_chi)
        diag = diag - diag[0]  # a global phase
        self.k = np.arange(diag.size, dtype=float)
        energies, vectors = _eigenpairs(diag, self.off)
        overlap = vectors[0]
        keep = np.abs(overlap) > _KEEP * np.abs(overlap).max()
        self.energies, self.vectors, self.overlap = energies[keep], vectors[:, keep], overlap[keep]

    def amplitudes(self, chi_t: np.ndarray) -> np.ndarray:
        """``psi_k(t) = sum_j V_kj <j|0> e^{-i E_j chi t}``, shape ``(chain, time)``."""
        phase = np.exp(-1j * np.outer(self.energies, chi_t)) * self.overlap[:, None]
        both = self.vectors @ np.hstack([phase.real, phase.imag])
        return both[:, : chi_t.size] + 1j * both[:, chi_t.size :]

    def raw_moments(self, chi_t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``<k>``, ``<k^2>`` and ``<P> = <S_A^+ S_B^->`` at the times ``chi_t``."""
        m1, m2, p = (np.empty(chi_t.size), np.empty(chi_t.size), np.empty(chi_t.size, complex))
        for lo in range(0, chi_t.size, _TIME_BLOCK):
            sl = slice(lo, lo + _TIME_BLOCK)
            psi = self.amplitudes(chi_t[sl])
            prob = psi.real**2 + psi.imag**2
            m1[sl], m2[sl] = self.k @ prob, (self.k**2) @ prob
            p[sl] = self.off @ (np.conj(psi[1:]) * psi[:-1])
        return m1, m2, p


def _spin_moments(n_a: float, n_b: float, m1, m2, p) -> tuple[np.ndarray, np.ndarray]:
    """Means (t, 6) and symmetrised second moments (t, 6, 6) of one sector (module docstring)."""
    nt = m1.size
    mean = np.zeros((nt, 6))
    mean[:, 2], mean[:, 5] = m1 - n_a / 2, n_b / 2 - m1
    g = np.zeros((nt, 6, 6))
    za2 = m2 - n_a * m1 + n_a**2 / 4
    zb2 = m2 - n_b * m1 + n_b**2 / 4
    xa2 = (n_a / 2 * (n_a / 2 + 1) - za2) / 2
    xb2 = (n_b / 2 * (n_b / 2 + 1) - zb2) / 2
    g[:, 0, 0] = g[:, 1, 1] = xa2
    g[:, 3, 3] = g[:, 4, 4] = xb2
    g[:, 2, 2], g[:, 5, 5] = za2, zb2
    g[:, 2, 5] = g[:, 5, 2] = -m2 + (n_a + n_b) / 2 * m1 - n_a * n_b / 4
    g[:, 0, 3] = g[:, 3, 0] = g[:, 1, 4] = g[:, 4, 1] = p.real / 2
    g[:, 0, 4] = g[:, 4, 0] = -p.imag / 2
    g[:, 1, 3] = g[:, 3, 1] = p.imag / 2
    return mean, g


# ----------------------------------------------------------------------------- pump mixtures
def _poisson_support(mean: float) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = int(poisson.ppf(_TAIL, mean)), int(poisson.isf(_TAIL, mean)) + 1
    occ = np.arange(lo, hi + 1)
    w = poisson.pmf(occ, mean)
    return occ, w / w.sum()


def _pump_rule(mean: float, nodes: int) -> tuple[np.ndarray, np.ndarray, bool]:
    """Occupations and weights of one coherent pump; ``True`` when the sum is exact."""
    occ, w = _poisson_support(mean)
    if occ.size <= nodes:
        return occ, w, True
    width = math.sqrt(mean)
    u_gauss, _ = hermite_e.hermegauss(nodes)
    picks = np.unique(np.clip(np.rint(mean + width * u_gauss), occ[0], occ[-1]).astype(int))
    # interpolatory weights: sum_i w_i He_m(u_i) = sum_a Pois(a) He_m(u_a), m < len(picks)
    lhs = hermite_e.hermevander((picks - mean) / width, picks.size - 1).T
    rhs = hermite_e.hermevander((occ - mean) / width, picks.size - 1).T @ w
    return picks, np.linalg.solve(lhs, rhs), False


def _sectors(n_atoms: int, pumps: str, nodes: int):
    """``[(n_a, n_b, weight, weight of the mirror (n_b, n_a) or 0)]`` and the method's name."""
    if pumps == "fock":
        return [(n_atoms // 2, n_atoms // 2, 1.0, 0.0)], "exact pair chain, Fock pumps"
    occ, w, exact = _pump_rule(n_atoms / 2, nodes)
    rows = [
        (int(occ[i]), int(occ[j]), w[i] * w[j], w[j] * w[i] if j > i else 0.0)
        for i in range(occ.size)
        for j in range(i, occ.size)
    ]
    how = "exact Poisson sum" if exact else f"{occ.size}x{occ.size} interpolatory rule"
    return rows, f"exact pair chains, coherent pumps ({how} over pump occupations)"


class _Mixture:
    """The pump state's chains, each diagonalised once, and their weights."""

    def __init__(self, n_atoms: int, pumps: str, delta_over_nchi: float, nodes: int):
        self.n_atoms = n_atoms
        rows, self.method = _sectors(n_atoms, pumps, nodes)
        self.rows = [(_Chain(a, b, delta_over_nchi * n_atoms), a, b, w, wm) for a, b, w, wm in rows]

    def moments(self, nchi_t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Mixed ``<S_i>`` (t, 6), ``<{S_i, S_j}>/2`` (t, 6, 6) and ``nbar`` (t) at ``nchi_t``."""
        chi_t = nchi_t / self.n_atoms
        mean, second = np.zeros((nchi_t.size, 6)), np.zeros((nchi_t.size, 6, 6))
        pairs = np.zeros(nchi_t.size)
        for chain, n_a, n_b, w, w_mirror in self.rows:
            raw = chain.raw_moments(chi_t)
            for (x, y), weight in (((n_a, n_b), w), ((n_b, n_a), w_mirror)):
                if weight != 0.0:
                    mu, g = _spin_moments(x, y, *raw)
                    mean += weight * mu
                    second += weight * g
                    pairs += weight * 2 * raw[0]
        return mean, second, pairs


def _squeezing(mean: np.ndarray, second: np.ndarray, n_atoms: int) -> dict[str, np.ndarray]:
    """``(4/N)`` variances of ``S_{1,-}``, ``S_{2,-}``, their best combination and its angle."""
    cov = second - mean[:, :, None] * mean[:, None, :]
    v11 = np.einsum("i,tij,j->t", _S1_MINUS, cov, _S1_MINUS)
    v22 = np.einsum("i,tij,j->t", _S2_MINUS, cov, _S2_MINUS)
    c12 = np.einsum("i,tij,j->t", _S1_MINUS, cov, _S2_MINUS)
    half_sum, radius = (v11 + v22) / 2, np.hypot((v11 - v22) / 2, c12)
    # smallest eigenvalue of [[v11, c12], [c12, v22]] without cancellation
    v_min = (v11 * v22 - c12**2) / (half_sum + radius)
    angle = 0.5 * np.arctan2(-2 * c12, v22 - v11)
    angle[radius <= 1e-12 * half_sum] = 0.0  # isotropic noise: every angle is optimal
    scale = 4.0 / n_atoms
    return {
        "xi2": scale * v11,
        "xi2_anti": scale * v22,
        "xi2_opt": scale * v_min,
        "quadrature_angle": angle,
    }


# ----------------------------------------------------------------------------- public API
def chain_moments(
    N: int,
    nchi_t,
    pumps: str = "fock",
    *,
    delta_over_nchi: float = 0.5,
    pump_nodes: int = 12,
) -> xr.Dataset:
    """Exact first and second moments of the single-ensemble spins under Eq. (1).

    Evolution of the pump state on the pair chain (module docstring); every moment the paper's
    observables need (``S_{1,+-}``, ``S_{2,+-}``, ``S_{3,+-}``, the Ramsey signals of Eq. (4))
    is a linear combination of these. Sundar et al. (2023), Eqs. (1)-(2), Fig. 1(d).

    Parameters
    ----------
    N : int
        Total number of atoms (mean, for coherent pumps), ``2 <= N <= MAX_ATOMS``; even for Fock
        pumps.
    nchi_t : float or array_like
        Times ``N chi t`` (>= 0, non-decreasing, at most ``MAX_TIMES``).
    pumps : {"fock", "coherent"}
        Exactly ``N/2`` atoms per ensemble, or coherent pump modes of mean ``N/2`` (a Poisson
        mixture of chains).
    delta_over_nchi : float, optional
        Zeeman splitting ``delta / (N chi)``; 0.5 is the paper's resonance condition.
    pump_nodes : int, optional
        Coherent pumps: most pump occupations per ensemble (``1..MAX_PUMP_NODES``); the mixture
        is exact when the Poisson support (tail below 1e-16) is no larger, an interpolatory rule
        otherwise (module docstring; 12 nodes: relative error ~1e-6 at N = 30, ~1e-10 from
        N = 400 on). Ignored for Fock pumps.

    Returns
    -------
    xarray.Dataset
        ``spin_mean`` (nchi_t, component) = ``<S_i>``, ``spin_moment`` (nchi_t, component,
        component_b) = ``<{S_i, S_j}>/2`` over :data:`SPIN_COMPONENTS`, and ``nbar`` =
        ``<n_{e,A} + n_{g,B}>``; attrs ``N``, ``pumps``, ``method``, ``delta_over_nchi``.
    """
    n_atoms = _check_options(N, pumps, delta_over_nchi, pump_nodes)
    times = _check_times(nchi_t)
    mixture = _Mixture(n_atoms, pumps, float(delta_over_nchi), int(pump_nodes))
    mean, second, pairs = mixture.moments(times)
    comp = list(SPIN_COMPONENTS)
    return xr.Dataset(
        {
            "spin_mean": (("nchi_t", "component"), mean, var_attrs("1", "<S_i> (hbar = 1)")),
            "spin_moment": (
                ("nchi_t", "component", "component_b"),
                second,
                var_attrs("1", "symmetrised second moment <{S_i, S_j}>/2"),
            ),
            "nbar": ("nchi_t", pairs, var_attrs("1", "pair population <n_eA + n_gB>")),
        },
        coords={
            "nchi_t": ("nchi_t", times, var_attrs("1", "N chi t")),
            "component": ("component", comp, var_attrs("1", "spin component S_i")),
            "component_b": ("component_b", comp, var_attrs("1", "spin component S_j")),
        },
        attrs={
            "N": n_atoms,
            "pumps": pumps,
            "method": mixture.method,
            "delta_over_nchi": float(delta_over_nchi),
        },
    )


def exact_squeezing(
    N: int,
    nchi_t,
    pumps: str = "fock",
    *,
    delta_over_nchi: float = 0.5,
    pump_nodes: int = 12,
) -> xr.Dataset:
    """Exact squeezing ``xi^2 = (4/N)(Delta S_{1,-})^2`` of Eq. (1) from the pump state.

    Sundar et al. (2023), Fig. 1(d): ``xi^2 = (4/N)(Delta S_{1,-})^2 = (4/N)(Delta S_{2,+})^2``
    (equal on the chain), compared there with the UPA's ``e^{-N chi t}``. Beyond the UPA the
    ``-2 k^2`` nonlinearity (module docstring) rotates the noise ellipse in the Bloch sphere
    ``(S_{1,-}, S_{2,-}, S_{3,-})``; ``xi2_opt`` is the smallest ``(4/N)`` variance of
    ``cos(theta) S_{1,-} + sin(theta) S_{2,-}`` (the two-mode quadrature angle optimised), at
    ``theta = quadrature_angle`` (0 where the noise is isotropic, as at t = 0). Both Bloch
    spheres give the same numbers (``S_{2,+}, S_{1,+}`` in place of ``S_{1,-}, S_{2,-}``).

    Parameters
    ----------
    N, nchi_t, pumps, delta_over_nchi, pump_nodes
        As in :func:`chain_moments`.

    Returns
    -------
    xarray.Dataset
        Over ``nchi_t``: ``xi2``, ``xi2_opt``, ``xi2_anti`` (``(4/N)(Delta S_{2,-})^2``),
        ``quadrature_angle`` [rad], ``nbar``; attrs ``N``, ``pumps``, ``method``,
        ``delta_over_nchi``.
    """
    n_atoms = _check_options(N, pumps, delta_over_nchi, pump_nodes)
    times = _check_times(nchi_t)
    mixture = _Mixture(n_atoms, pumps, float(delta_over_nchi), int(pump_nodes))
    mean, second, pairs = mixture.moments(times)
    sq = _squeezing(mean, second, n_atoms)
    names = {
        "xi2": ("1", "squeezing (4/N)(Delta S_{1,-})^2 (Fig. 1(d))"),
        "xi2_opt": ("1", "squeezing at the optimal quadrature angle"),
        "xi2_anti": ("1", "antisqueezing (4/N)(Delta S_{2,-})^2"),
        "quadrature_angle": ("rad", "optimal angle theta from S_{1,-} towards S_{2,-}"),
    }
    data = {key: ("nchi_t", sq[key], var_attrs(*names[key])) for key in names}
    data["nbar"] = ("nchi_t", pairs, var_attrs("1", "pair population <n_eA + n_gB>"))
    return xr.Dataset(
        data,
        coords={"nchi_t": ("nchi_t", times, var_attrs("1", "N chi t"))},
        attrs={
            "N": n_atoms,
            "pumps": pumps,
            "method": mixture.method,
            "delta_over_nchi": float(delta_over_nchi),
        },
    )


class SqueezingMinimum(NamedTuple):
    """Best squeezing of :func:`exact_squeezing_minimum` and where it occurs."""

    xi2: float
    """Smallest ``xi^2`` (of the chosen quadrature)."""
    nbar: float
    """Pair population ``<n_eA + n_gB>`` at that time."""
    nchi_t: float
    """The time ``N chi t``."""


def _scan_limit(n_atoms: int) -> float:
    """``ln(4N)``: where the UPA's ``nbar = 2 sinh^2(N chi t/2)`` reaches about ``2N``."""
    return math.log(4.0 * n_atoms)


def exact_squeezing_minimum(
    N: int,
    pumps: str = "fock",
    *,
    quadrature: str = "fixed",
    delta_over_nchi: float = 0.5,
    pump_nodes: int = 12,
) -> SqueezingMinimum:
    """Smallest exact ``xi^2`` over ``0 <= N chi t <= ln(4N)``, the paper's ``xi^2_min``.

    Sundar et al. (2023), Fig. 1(d) inset (``xi^2_min sqrt(N)``) and Eq. (6)'s optimum. The
    window ends where the UPA would have turned about ``2N`` atoms into pairs, well past the
    optimum (``nbar ~ sqrt(N)``). Found on a grid of
    400 times and refined by a bounded Brent search between the grid neighbours of the best
    point (to ``1e-9`` in ``N chi t``).

    Parameters
    ----------
    N, pumps, delta_over_nchi, pump_nodes
        As in :func:`chain_moments`.
    quadrature : {"fixed", "optimal"}
        Minimise ``xi2`` (``S_{1,-}``, the paper's) or ``xi2_opt`` (best quadrature angle).

    Returns
    -------
    SqueezingMinimum
        ``(xi2, nbar, nchi_t)`` at the minimum.
    """
    n_atoms = _check_options(N, pumps, delta_over_nchi, pump_nodes)
    _check_name("quadrature", quadrature, QUADRATURES)
    key = "xi2" if quadrature == "fixed" else "xi2_opt"
    mixture = _Mixture(n_atoms, pumps, float(delta_over_nchi), int(pump_nodes))

    def xi2(times: np.ndarray) -> np.ndarray:
        mean, second, _ = mixture.moments(times)
        return _squeezing(mean, second, n_atoms)[key]

    grid = np.linspace(0.0, _scan_limit(n_atoms), _SCAN_POINTS)
    i = int(np.argmin(xi2(grid)))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    best = minimize_scalar(
        lambda t: float(xi2(np.array([t]))[0]),
        bounds=(lo, hi),
        method="bounded",
        options={"xatol": 1e-9},
    )
    t_best = float(best.x)
    _, _, pairs = mixture.moments(np.array([t_best]))
    return SqueezingMinimum(float(best.fun), float(pairs[0]), t_best)

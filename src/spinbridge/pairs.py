"""Pair production and two-mode squeezing of Sundar et al. (2023): closed forms and Ramsey readout.

The undepleted-pump approximation (UPA) of Eq. (3), the phase sensitivities of Eqs. (5)-(6) and
their optimum, the Ramsey protocols of Fig. 2 / Eq. (4) evaluated from exact moments, and the
comparison of the exact dynamics with the UPA. The exact pair chain lives in
:mod:`spinbridge.pair_chain` and is re-exported here.

Conventions and derivations
---------------------------
* UPA (Eq. (3)): ``H_TMS = (N hbar chi/2)(a_{e,A}^dag a_{g,B}^dag + h.c.)`` is a two-mode
  squeezer with ``r = N chi t/2``: ``nbar = 2 sinh^2 r``; quadratures with vacuum variance 1/2,
  ``(Delta X_+-)^2 = e^{+-N chi t}/2``, ``(Delta Y_+-)^2 = e^{-+N chi t}/2``; ``S_{1,-} =
  sqrt(N/2) X_-`` so ``xi^2 = (4/N)(Delta S_{1,-})^2 = e^{-N chi t}``.
* Ramsey protocols (Fig. 2). Differential: ``exp[-i (pi/2) S_{2,+}]``, the phase
  ``exp[-i phi S_{3,-}]``, ``exp[-i (pi/2) S_{1,+}]``, read ``S_{3,-} = S_B^z - S_A^z``. Sum:
  ``exp[-i (pi/2) S_{2,-}]``, ``exp[-i phi S_{3,+}]``, then ``exp[-i (pi/2) S_{1,-}]`` (the
  paper names only the first pulse of this sequence; this last one brings ``S_{2,+}`` onto
  ``S_{3,+}`` as in the differential case), read ``S_{3,+} = S_A^z + S_B^z``. Each pulse
  ``exp(-i theta (n_A.S_A + n_B.S_B))`` maps ``S_a -> R(n_a, theta) S_a`` (Heisenberg picture,
  ``R`` the SO(3) rotation by ``theta`` about ``n_a``), so the read-out operator is a linear
  combination ``c(phi).S`` of the six single-ensemble components of the state before the
  pulses; both protocols give ``c.S = cos(phi) S_{2,+} + sin(phi) S_{3,-}`` and
  ``<O> = <S_{3,-}> sin(phi) = (N/2 - nbar) sin(phi)``, Eq. (4) at t = 0.
  ``(Delta phi)^2 = (Delta O)^2 / (d<O>/dphi)^2``.
* Deviation (Eqs. (5), (6)): the ``tan^2(phi)`` term is ``Var(S_{3,-}) / (N/2)^2``. With
  undepleted pumps ``S_{3,-} = N/2 - k`` (k pairs, thermal: ``Var k = nbar(nbar + 2)/4``), so
  the UPA gives ``nbar(nbar + 2) tan^2(phi) / N^2``; with atom-number conservation each pair
  also removes one pump atom per ensemble, ``S_{3,-} = N/2 - 2k`` and the term is
  ``4 nbar(nbar + 2) tan^2(phi) / N^2``, which the exact chain reproduces at early times. The
  printed ``nbar(nbar + 2)/(4 N^2)`` is 1/4 of the former and 1/16 of the latter (the first
  term, ``e^{-N chi t}/N``, is confirmed). :data:`TAN_FORMS` selects ``"paper"`` (as printed),
  ``"upa"`` or ``"depleted"``.
* Eq. (6)'s optimum: ``d/dnbar [1/(2 N nbar) + nbar^3/(2 N^3)] = 0`` gives
  ``nbar^4 = N^2/3``, i.e. ``nbar = sqrt(N)/3^{1/4}`` and ``(Delta phi)^2 = 2/(3^{3/4} N^{3/2})``
  (the ``tan^2`` term vanishes at ``phi = 0``).

References
----------
Sundar, Barberena, Pineiro Orioli, Chu, Thompson, Rey, Lewis-Swan, PRL 130, 113202 (2023),
Eqs. (1)-(6), Figs. 1(d), 2.
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np
import xarray as xr
from scipy.optimize import brentq

from spinbridge.pair_chain import (
    MAX_ATOMS,
    MAX_PUMP_NODES,
    MAX_TIMES,
    PUMPS,
    QUADRATURES,
    SPIN_COMPONENTS,
    SqueezingMinimum,
    _check_options,
    _check_times,
    _Mixture,
    _scan_limit,
    _squeezing,
    chain_hamiltonian,
    chain_moments,
    exact_squeezing,
    exact_squeezing_minimum,
)
from spinbridge.pair_twa import twa_squeezing  # re-exported: the truncated Wigner of Eq. (1)
from spinbridge.species import _check_count, _check_name, _check_real
from spinbridge.store import var_attrs

__all__ = [
    "MAX_ATOMS",
    "MAX_PUMP_NODES",
    "MAX_TIMES",
    "PROTOCOLS",
    "PUMPS",
    "QUADRATURES",
    "SPIN_COMPONENTS",
    "TAN_FORMS",
    "PhaseOptimum",
    "SqueezingMinimum",
    "UpaDeparture",
    "beyond_upa_optimum",
    "beyond_upa_phase_variance",
    "chain_hamiltonian",
    "chain_moments",
    "exact_squeezing",
    "exact_squeezing_minimum",
    "ramsey_signal",
    "twa_squeezing",
    "upa_departure",
    "upa_moments",
    "upa_phase_variance",
]

PROTOCOLS = ("differential", "sum")
"""Ramsey protocols of Fig. 2: (a) the differential phase (about S_{3,-}), (b) the sum phase."""
TAN_FORMS = {"paper": 0.25, "upa": 1.0, "depleted": 4.0}
"""Coefficient of ``nbar (nbar + 2) tan^2(phi) / N^2`` in Eqs. (5)-(6): as printed, the UPA's
own, and with pump depletion (module docstring)."""
_MAX_NCHI_T = 350.0  # nbar^2 ~ e^{2 N chi t}/4 overflows a float beyond ~354
_MAX_PHIS = 100_000


class PhaseOptimum(NamedTuple):
    """Optimum of Eq. (6) at ``phi = 0``."""

    phase_variance: float
    """Smallest ``(Delta phi)^2``."""
    nbar: float
    """The pair population where it occurs."""


class UpaDeparture(NamedTuple):
    """Where the exact squeezing first leaves the UPA's ``e^{-N chi t}`` by ``rel_dev``."""

    nbar: float
    """Exact pair population ``<n_eA + n_gB>`` there."""
    nchi_t: float
    """The time ``N chi t``."""
    nbar_upa: float
    """The UPA's ``2 sinh^2(N chi t/2)`` at that time."""


# ----------------------------------------------------------------------------- checks
def _check_phi(phi) -> np.ndarray:
    if isinstance(phi, numbers.Real) and not isinstance(phi, bool | np.bool_):
        _check_real("phi", phi)
        return np.array([float(phi)])
    arr = np.asarray(phi)
    if arr.ndim != 1 or arr.size == 0 or arr.size > _MAX_PHIS:
        raise ValueError(
            f"phi must be a number or a 1-D array of 1..{_MAX_PHIS} phases, got shape {arr.shape}"
        )
    _check_real("phi", arr)
    return arr.astype(float)


def _check_upa_times(nchi_t) -> np.ndarray:
    times = _check_times(nchi_t)
    _check_real("nchi_t", times, 0.0, _MAX_NCHI_T)
    return times


def _check_phase_args(N, phi, form) -> tuple[float, np.ndarray]:
    N = _check_count("N", N, 1, MAX_ATOMS)
    _check_name("form", form, tuple(TAN_FORMS))
    phi = np.asarray(_check_real("phi", phi), dtype=float)
    if np.any(np.abs(np.cos(phi)) < 1e-12):
        raise ValueError("phi must avoid +-pi/2 (mod pi), where the Ramsey slope vanishes")
    return float(N), phi


def _scalar_or_array(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


# ----------------------------------------------------------------------------- UPA, Eqs. (3)-(6)
def upa_moments(nchi_t) -> xr.Dataset:
    """Undepleted-pump moments of the two-mode squeezer, Eq. (3).

    Sundar et al. (2023), text after Eq. (3): ``nbar = 2 sinh^2(N chi t/2)``,
    ``(Delta X_+-)^2 = e^{+-N chi t}/2``, ``(Delta Y_+-)^2 = e^{-+N chi t}/2`` and
    ``xi^2 = (4/N)(Delta S_{1,-})^2 = e^{-N chi t}`` (independent of N).

    Parameters
    ----------
    nchi_t : float or array_like
        Times ``N chi t``, ``0 <= N chi t <= 350`` (non-decreasing).

    Returns
    -------
    xarray.Dataset
        Over ``nchi_t``: ``nbar``, ``var_x_plus``, ``var_x_minus``, ``var_y_plus``,
        ``var_y_minus`` (vacuum 1/2), ``xi2`` and ``xi2_anti`` (``e^{+N chi t}``).
    """
    tau = _check_upa_times(nchi_t)
    grow, shrink = np.exp(tau), np.exp(-tau)
    data = {
        "nbar": (2 * np.sinh(tau / 2) ** 2, "1", "UPA pair population 2 sinh^2(N chi t/2)"),
        "var_x_plus": (grow / 2, "1", "UPA (Delta X_+)^2"),
        "var_x_minus": (shrink / 2, "1", "UPA (Delta X_-)^2"),
        "var_y_plus": (shrink / 2, "1", "UPA (Delta Y_+)^2"),
        "var_y_minus": (grow / 2, "1", "UPA (Delta Y_-)^2"),
        "xi2": (shrink, "1", "UPA squeezing (4/N)(Delta S_{1,-})^2 = e^{-N chi t}"),
        "xi2_anti": (grow, "1", "UPA antisqueezing (4/N)(Delta S_{2,-})^2 = e^{N chi t}"),
    }
    return xr.Dataset(
        {k: ("nchi_t", v, var_attrs(u, name)) for k, (v, u, name) in data.items()},
        coords={"nchi_t": ("nchi_t", tau, var_attrs("1", "N chi t"))},
        attrs={"method": "undepleted-pump approximation (Eq. (3))"},
    )


def upa_phase_variance(N: int, nchi_t, phi=0.0, form: str = "paper"):
    """Phase sensitivity of both Ramsey protocols in the UPA, Eq. (5).

    ``(Delta phi)^2 = e^{-N chi t}/N + c nbar (nbar + 2) tan^2(phi) / N^2`` with
    ``nbar = 2 sinh^2(N chi t/2)`` and ``c = TAN_FORMS[form]`` (Sundar et al. 2023, Eq. (5); the
    printed ``c = 1/4`` is discussed in the module docstring).

    Parameters
    ----------
    N : int
        Number of atoms, ``1 <= N <= MAX_ATOMS``.
    nchi_t : float or array_like
        Times ``N chi t`` in ``[0, 350]``.
    phi : float or array_like, optional
        Phase [rad], not at ``+-pi/2`` (mod pi); broadcast against ``nchi_t``.
    form : {"paper", "upa", "depleted"}
        Coefficient of the ``tan^2`` term.

    Returns
    -------
    float or numpy.ndarray
        ``(Delta phi)^2`` [rad^2].
    """
    n_atoms, phi = _check_phase_args(N, phi, form)
    tau = np.asarray(_check_real("nchi_t", nchi_t, 0.0, _MAX_NCHI_T), dtype=float)
    nbar = 2 * np.sinh(tau / 2) ** 2
    tan2 = np.tan(phi) ** 2
    return _scalar_or_array(
        np.exp(-tau) / n_atoms + TAN_FORMS[form] * nbar * (nbar + 2) * tan2 / n_atoms**2
    )


def beyond_upa_phase_variance(N: int, nbar, phi=0.0, form: str = "paper"):
    """Beyond-UPA phase sensitivity with pump depletion, Eq. (6), for ``1 << nbar << N``.

    ``(Delta phi)^2 = 1/(2 N nbar) + nbar^3/(2 N^3) + c nbar (nbar + 2) tan^2(phi)/N^2``,
    ``c = TAN_FORMS[form]`` (Sundar et al. 2023, Eq. (6)).

    Parameters
    ----------
    N : int
        Number of atoms, ``1 <= N <= MAX_ATOMS``.
    nbar : float or array_like
        Pair population (the paper inserts the UPA's ``2 sinh^2(N chi t/2)``), ``> 0``.
    phi : float or array_like, optional
        Phase [rad], not at ``+-pi/2`` (mod pi).
    form : {"paper", "upa", "depleted"}
        Coefficient of the ``tan^2`` term.

    Returns
    -------
    float or numpy.ndarray
        ``(Delta phi)^2`` [rad^2].
    """
    n_atoms, phi = _check_phase_args(N, phi, form)
    nbar = np.asarray(_check_real("nbar", nbar, 0.0, lo_open=True), dtype=float)
    tan2 = np.tan(phi) ** 2
    value = (
        1 / (2 * n_atoms * nbar)
        + nbar**3 / (2 * n_atoms**3)
        + TAN_FORMS[form] * nbar * (nbar + 2) * tan2 / n_atoms**2
    )
    return _scalar_or_array(value)


def beyond_upa_optimum(N: int) -> PhaseOptimum:
    """Optimum of Eq. (6) over ``nbar`` at ``phi = 0`` (Sundar et al. 2023, after Eq. (6)).

    Setting ``d/dnbar`` of Eq. (6) to zero gives ``nbar^4 = N^2/3`` (module docstring); the
    value is Eq. (6) evaluated there.

    Parameters
    ----------
    N : int
        Number of atoms, ``1 <= N <= MAX_ATOMS``.

    Returns
    -------
    PhaseOptimum
        ``(phase_variance, nbar)``.
    """
    N = _check_count("N", N, 1, MAX_ATOMS)
    nbar = (float(N) ** 2 / 3.0) ** 0.25
    return PhaseOptimum(float(beyond_upa_phase_variance(N, nbar)), nbar)


# ----------------------------------------------------------------------------- Ramsey, Eq. (4)
# generators over SPIN_COMPONENTS (Ax, Ay, Az, Bx, By, Bz); paper, text after Eq. (3)
_S = {
    "1-": np.array([0, -1, 0, 1, 0, 0.0]),
    "1+": np.array([0, 1, 0, 1, 0, 0.0]),
    "2-": np.array([-1, 0, 0, 0, 1, 0.0]),
    "2+": np.array([1, 0, 0, 0, 1, 0.0]),
    "3-": np.array([0, 0, -1, 0, 0, 1.0]),
    "3+": np.array([0, 0, 1, 0, 0, 1.0]),
}
# (first pulse, phase generator, last pulse, read-out); pulses are pi/2 rotations
_PROTOCOL = {
    "differential": ("2+", "3-", "1+", "3-"),
    "sum": ("2-", "3+", "1-", "3+"),
}


def _cross(n: np.ndarray) -> np.ndarray:
    return np.array([[0, -n[2], n[1]], [n[2], 0, -n[0]], [-n[1], n[0], 0]])


def _heisenberg(generator: np.ndarray, theta: float, derivative: bool = False) -> np.ndarray:
    """6x6 map ``S -> R S`` of ``exp(-i theta g.S)`` (Rodrigues per ensemble), or ``dR/dtheta``."""
    out = np.zeros((6, 6))
    for sl in (slice(0, 3), slice(3, 6)):
        k = _cross(generator[sl])
        rot = np.eye(3) + math.sin(theta) * k + (1 - math.cos(theta)) * (k @ k)
        out[sl, sl] = k @ rot if derivative else rot
    return out


def _readout_vectors(protocol: str, phi: float) -> tuple[np.ndarray, np.ndarray]:
    """``c(phi)`` and ``dc/dphi`` with ``U^dag O U = c.S`` (module docstring)."""
    first, phase, last, read = (_S[k] for k in _PROTOCOL[protocol])
    r1, r2 = _heisenberg(first, math.pi / 2), _heisenberg(last, math.pi / 2)
    tail = r2.T @ read
    c = r1.T @ _heisenberg(phase, phi).T @ tail
    dc = r1.T @ _heisenberg(phase, phi, derivative=True).T @ tail
    return c, dc


def _check_moments(moments) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(moments, xr.Dataset):
        raise TypeError(f"moments must be an xarray.Dataset, got {type(moments).__name__}")
    for name in ("spin_mean", "spin_moment"):
        if name not in moments:
            raise ValueError(f"moments lacks {name!r}: pass the result of chain_moments")
    mean = moments["spin_mean"].transpose("nchi_t", "component").values
    second = moments["spin_moment"].transpose("nchi_t", "component", "component_b").values
    if list(moments["component"].values) != list(SPIN_COMPONENTS):
        raise ValueError(f"moments must have components {SPIN_COMPONENTS}")
    return mean, second


def ramsey_signal(moments: xr.Dataset, phi, protocol: str = "differential") -> xr.Dataset:
    """Ramsey read-out of Fig. 2 from exact moments, with ``(Delta phi)^2`` by error propagation.

    Sundar et al. (2023), Eq. (4) (``<S_B^z - S_A^z> = (N/2) sin(phi)`` at t = 0) and Eq. (5)'s
    definition ``(Delta phi)^2 = (Delta O)^2/(d<O>/dphi)^2``; pulses in the module docstring.

    Parameters
    ----------
    moments : xarray.Dataset
        From :func:`chain_moments` (``spin_mean``, ``spin_moment`` over ``nchi_t``).
    phi : float or array_like
        Imprinted phase(s) [rad], any sign.
    protocol : {"differential", "sum"}
        Fig. 2(a) (phase about ``S_{3,-}``, read ``S_B^z - S_A^z``) or Fig. 2(b) (about
        ``S_{3,+}``, read ``S_A^z + S_B^z``).

    Returns
    -------
    xarray.Dataset
        Over ``(nchi_t, phi)``: ``signal`` ``<O>``, ``slope`` ``d<O>/dphi``, ``signal_var``
        ``(Delta O)^2`` and ``phase_variance`` ``(Delta phi)^2`` (inf where the slope is 0).
    """
    mean, second = _check_moments(moments)
    phis = _check_phi(phi)
    _check_name("protocol", protocol, PROTOCOLS)
    cov = second - mean[:, :, None] * mean[:, None, :]
    vecs = [_readout_vectors(protocol, p) for p in phis]
    c = np.array([v[0] for v in vecs])  # (phi, 6)
    dc = np.array([v[1] for v in vecs])
    signal, slope = mean @ c.T, mean @ dc.T  # (t, phi)
    var = np.einsum("pi,tij,pj->tp", c, cov, c)
    with np.errstate(divide="ignore"):
        dphi2 = np.where(slope != 0, var / np.where(slope != 0, slope, 1.0) ** 2, np.inf)
    dims = ("nchi_t", "phi")
    return xr.Dataset(
        {
            "signal": (dims, signal, var_attrs("1", "read-out <O> (Eq. 4)")),
            "slope": (dims, slope, var_attrs("rad-1", "d<O>/dphi")),
            "signal_var": (dims, var, var_attrs("1", "(Delta O)^2")),
            "phase_variance": (dims, dphi2, var_attrs("rad2", "(Delta phi)^2 (Eq. 5)")),
        },
        coords={
            "nchi_t": ("nchi_t", moments["nchi_t"].values, var_attrs("1", "N chi t")),
            "phi": ("phi", phis, var_attrs("rad", "imprinted phase phi")),
        },
        attrs={**moments.attrs, "protocol": protocol},
    )


# ----------------------------------------------------------------------------- exact vs UPA
def upa_departure(
    N: int,
    rel_dev: float = 0.1,
    pumps: str = "fock",
    *,
    quadrature: str = "fixed",
    delta_over_nchi: float = 0.5,
    pump_nodes: int = 12,
) -> UpaDeparture:
    """First time the exact ``xi^2`` differs from the UPA's ``e^{-N chi t}`` by ``rel_dev``.

    The paper's Fig. 1(d) statement that the UPA agrees "up to ``nbar ~ 0.76 sqrt(N)``" made
    definite: the smallest ``N chi t`` in ``[0, ln(4N)]`` with
    ``|xi^2_exact / e^{-N chi t} - 1| = rel_dev``, found on a 400-point grid and refined by
    Brent's method (to ``1e-10`` in ``N chi t``).

    Parameters
    ----------
    N, pumps, delta_over_nchi, pump_nodes
        As in :func:`spinbridge.pair_chain.chain_moments`.
    rel_dev : float
        Relative departure, ``0 < rel_dev < 1``.
    quadrature : {"fixed", "optimal"}
        Compare ``xi2`` (``S_{1,-}``) or ``xi2_opt``.

    Returns
    -------
    UpaDeparture
        ``(nbar, nchi_t, nbar_upa)`` at the departure.
    """
    n_atoms = _check_options(N, pumps, delta_over_nchi, pump_nodes)
    _check_real("rel_dev", rel_dev, 0.0, 1.0, lo_open=True, hi_open=True)
    _check_name("quadrature", quadrature, QUADRATURES)
    key = "xi2" if quadrature == "fixed" else "xi2_opt"
    mixture = _Mixture(n_atoms, pumps, float(delta_over_nchi), int(pump_nodes))

    def excess(times: np.ndarray) -> np.ndarray:
        mean, second, _ = mixture.moments(times)
        return np.abs(_squeezing(mean, second, n_atoms)[key] * np.exp(times) - 1) - rel_dev

    grid = np.linspace(0.0, _scan_limit(n_atoms), 400)
    above = np.nonzero(excess(grid) > 0)[0]
    if above.size == 0:
        raise ValueError(
            f"rel_dev = {rel_dev!r} is never reached for N chi t <= ln(4N) at N = {n_atoms}"
        )
    i = int(above[0])
    t_dev = brentq(lambda t: float(excess(np.array([t]))[0]), grid[i - 1], grid[i], xtol=1e-10)
    _, _, pairs = mixture.moments(np.array([t_dev]))
    return UpaDeparture(float(pairs[0]), t_dev, float(2 * math.sinh(t_dev / 2) ** 2))

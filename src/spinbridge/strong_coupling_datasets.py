"""Strong coupling: the noble-gas rate and the amplification vs J/beta (Jiang et al. 2025 Eq. 5).

Jiang, Qin, Wang, Huang, Peng, Budker, PNAS (2025), Eq. (5) and the Summary and Outlook: at
delta = 0 the dressed noble-gas rate rises from Gamma_b to chi = (Gamma_a + Gamma_b)/2 at
J = beta and stays there; the paper estimates the amplification beyond as
``|q| ~ (|gamma_b lambda M_z^b| + sqrt(J^2 - beta^2)) / Gamma~_b``. Here J/beta is swept for each
cell with the model of :mod:`spinbridge.response`, and the exact peak of the normalised response
is compared with that estimate.

For a drive co-rotating with the noble gas at delta = 0 (w_a = w_b = w_0, detuning
``D = w - w_0``), the steady state of :mod:`spinbridge.response` divided by the alkali alone is
``R = D_a (D_b + i g) / (D_a D_b + J^2)`` with ``D_a = G_a - i D``, ``D_b = G_b - i D`` and
``g = gamma_b lambda M_z^b``. For J > beta the denominator vanishes at ``D = +-sqrt(J^2 - beta^2)
- i chi``: the two dressed modes, each half alkali and half noble gas, of width chi. On either
peak ``|D_a D_b + J^2| = 2 chi |D| + O(chi^2)`` and ``|D_a (D_b + i g)| = |D| |D - g|`` to
leading order, so the larger peak is ``(sqrt(J^2 - beta^2) + |g|) / 2 chi``: half the paper's
estimate (whose Gamma~_b = chi). In weak coupling the peak is ``|g| / Gamma~_b``, twice Eq. (3)
(the circular drive's factor, :mod:`spinbridge.response`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import xarray as xr

from spinbridge import dressed_rates as dr
from spinbridge import response as rs
from spinbridge.response_datasets import MAX_POINTS, _check_cell, _col, _dressed
from spinbridge.species import _check_count, _check_real
from spinbridge.store import var_attrs

__all__ = ["strong_coupling_dataset"]

_TWO_PI = 2.0 * math.pi


def _sweep_point(c: Mapping, x: np.ndarray) -> dict:
    """Model keywords at delta = 0 with J = x beta, J raised through lambda M_z^a (alkali field)."""
    pair = rs.spin_pair_from_cell(
        slowing_down_factor=c["slowing_down_factor"],
        noble=c["noble"],
        shift_alkali_s=c["shift_alkali_s"],
        shift_noble_s=c["shift_noble_s"],
    )
    beta = 0.5 * (c["Gamma_a_s"] - c["Gamma_b_s"])
    ga, gb, lmb = pair["gyro_alkali_rad_s_G"], pair["gyro_noble_rad_s_G"], pair["lambda_Mb_mG"]
    pair["lambda_Ma_mG"] = (x * beta) ** 2 / (ga * gb * lmb * 1e-3) * 1e3
    bias = dr.resonance_field(**pair)
    return {"bias_field_mG": bias, **pair, "Gamma_a_s": c["Gamma_a_s"], "Gamma_b_s": c["Gamma_b_s"]}


def _peak_response(kw: Mapping, n_frequencies: int) -> np.ndarray:
    """Largest normalised amplitude (circular drive) within +- 3 widths of either dressed mode.

    Both modes are scanned: in strong coupling each is half alkali, half noble gas.
    """
    u = np.linspace(0.0, 1.0, n_frequencies)
    grids = []
    for mode in _dressed(kw):
        centre, width = np.abs(np.real(mode)), np.imag(mode)
        lo = np.maximum(centre - 3.0 * width, 1e-6 * (centre + width))
        grids.append(lo[:, None] + (centre + 3.0 * width - lo)[:, None] * u[None, :])
    nu = np.concatenate(grids, axis=1) / _TWO_PI
    z = rs.normalized_response(nu, **{k: _col(v) for k, v in kw.items()}, drive="circular")
    return np.abs(z).max(axis=1)


def strong_coupling_dataset(
    cells: Mapping[str, Mapping],
    *,
    J_over_beta_min: float,
    J_over_beta_max: float,
    n_points: int,
    n_frequencies: int,
) -> xr.Dataset:
    """Eq. (5) and the strong-coupling amplification, J/beta swept at delta = 0, per cell.

    For each cell, J = x beta is set through lambda M_z^a (the alkali's field on the noble gas:
    its density and polarisation) at the cell's lambda M_z^b, and B_z keeps delta = 0. Evaluated:
    Gamma~_b from Eq. (5) and from Eq. (4); Eq. (3)'s |q| for a linear drive; the paper's
    strong-coupling |q| (J > beta); the exact model's peak normalised amplitude for a drive
    co-rotating with the noble gas (Eq. 1's single rotating component; a linear drive's depends
    on the probe geometry). The cell's own J gives the 0-d values (the K-3He estimate).

    Parameters
    ----------
    cells : mapping
        Cell name -> :func:`cell_inputs` (Gamma_a > Gamma_b).
    J_over_beta_min, J_over_beta_max, n_points : float, float, int
        Logarithmic J/beta axis (> 0), 2..200000 points.
    n_frequencies : int
        Frequencies scanned for each peak amplitude (10..200000).

    Returns
    -------
    xarray.Dataset
        Over (``system``, ``J_over_beta``) and, 0-d per system, the values at the cell's J.
    """
    if not isinstance(cells, Mapping) or not cells:
        raise ValueError(f"cells must be a non-empty mapping name -> cell, got {cells!r}")
    lo = float(_check_real("J_over_beta_min", J_over_beta_min, 0.0, lo_open=True))
    hi = float(_check_real("J_over_beta_max", J_over_beta_max, lo, lo_open=True))
    x = np.geomspace(lo, hi, _check_count("n_points", n_points, 2, MAX_POINTS))
    n_f = _check_count("n_frequencies", n_frequencies, 10, MAX_POINTS)
    rows = {}
    for name, cell in cells.items():
        c = _check_cell(cell)
        Ga, Gb = c["Gamma_a_s"], c["Gamma_b_s"]
        if not Gb < Ga:
            raise ValueError(f"cells[{name!r}]: Gamma_b_s must be < Gamma_a_s (beta > 0)")
        beta, chi = 0.5 * (Ga - Gb), 0.5 * (Ga + Gb)
        J_cell = math.sqrt(c["shift_alkali_s"] * c["shift_noble_s"])
        xs = np.append(x, [J_cell / beta, 1.0])  # the sweep, the cell's J, J = beta
        kw = _sweep_point(c, xs)
        gbl = abs(kw["gyro_noble_rad_s_G"] * kw["lambda_Mb_mG"] * 1e-3)
        eq5 = dr.noble_rate_at_resonance(xs, Gamma_a_s=Ga, Gamma_b_s=Gb)
        strong = dr.strong_coupling_fano_parameter(
            xs * beta, gyro_noble_rad_s_G=gbl, lambda_Mb_mG=1e3, Gamma_a_s=Ga, Gamma_b_s=Gb
        )
        rows[name] = {
            "noble_rate": eq5,
            "noble_rate_eigen": np.imag(_dressed(kw)[1]),
            "noble_rate_over_chi": eq5 / chi,
            "q_eq3": gbl / (2.0 * eq5),
            "q_strong": strong,
            "amplification": _peak_response(kw, n_f),
            "lambda_Mb": kw["lambda_Mb_mG"],
            "beta": beta,
            "chi": chi,
            "chi_over_half_alkali_rate": chi / (0.5 * Ga),
            "J_over_beta": J_cell / beta,
        }
    return _strong_dataset(rows, x)


_STRONG_VARS = {  # name -> (units, long_name)
    "noble_rate": ("s-1", "Gamma~_b at delta = 0, Eq. (5)"),
    "noble_rate_eigen": ("s-1", "Gamma~_b at delta = 0 from the eigenvalues, Eq. (4)"),
    "noble_rate_over_chi": ("1", "Gamma~_b / chi (Eq. 5)"),
    "q_eq3": ("1", "Eq. (3) |q| = |gamma_b lambda M_z^b| / 2 Gamma~_b (linear drive)"),
    "q_strong": ("1", "(|gamma_b lambda M_z^b| + sqrt(J^2 - beta^2)) / Gamma~_b (J > beta)"),
    "amplification": ("1", "exact peak normalised amplitude, circular drive (Eq. 1)"),
}


def _strong_dataset(rows: Mapping[str, Mapping], x: np.ndarray) -> xr.Dataset:
    names = list(rows)
    data = {}
    for var, (units, long_name) in _STRONG_VARS.items():
        table = np.array([rows[n][var] for n in names])
        data[var] = (("system", "J_over_beta"), table[:, :-2], var_attrs(units, long_name))
        data[f"cell_{var}"] = ("system", table[:, -2], var_attrs(units, f"{long_name}, cell's J"))
    data["cell_J_over_beta"] = (
        "system",
        [float(rows[n]["J_over_beta"]) for n in names],
        var_attrs("1", "J / beta of the cell"),
    )
    data["noble_rate_over_chi_at_unity"] = (
        "system",
        [float(rows[n]["noble_rate_over_chi"][-1]) for n in names],
        var_attrs("1", "Gamma~_b / chi at J = beta (Eq. 5: 1)"),
    )
    data["cell_noble_linewidth"] = (
        "system",
        [float(rows[n]["noble_rate"][-2]) / _TWO_PI for n in names],
        var_attrs("Hz", "Gamma~_b / 2 pi at the cell's J, delta = 0"),
    )
    for var, (units, long_name) in {
        "lambda_Mb": ("mG", "lambda M_z^b, the noble gas's field on the alkali"),
        "beta": ("s-1", "beta = (Gamma_a - Gamma_b) / 2"),
        "chi": ("s-1", "chi = (Gamma_a + Gamma_b) / 2"),
        "chi_over_half_alkali_rate": ("1", "chi / (Gamma_a / 2)"),
    }.items():
        data[var] = ("system", [float(rows[n][var]) for n in names], var_attrs(units, long_name))
    coords = {
        "system": ("system", names, var_attrs("1", "cell")),
        "J_over_beta": ("J_over_beta", x, var_attrs("1", "coupling J / beta at delta = 0")),
    }
    title = "Strong-coupling noble-gas rate and amplification (Jiang 2025 Eq. 5)"
    return xr.Dataset(data, coords=coords, attrs={"title": title})

"""spinbridge.cells against Katz et al. (2022) Eqs. (2), (18), (25), (26), Sec. V, and limits."""

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinbridge import cells
from spinbridge.constants import GAMMA_E_RAD_S_G, HBAR_ERG_S, MU_B_ERG_G, TWO_PI

ROOT = Path(__file__).resolve().parents[1]
SPINS = [0.0, 0.5, 1.0, 1.5, 2.5, 3.5]


def eq18_literal(I, p):
    """Katz Eq. (18) exactly as printed (accurate only away from p = 0)."""
    n = 2 * I + 1
    return n / p * ((1 + p) ** n + (1 - p) ** n) / ((1 + p) ** n - (1 - p) ** n) - 1 / p**2 + 1


@pytest.mark.parametrize("I", SPINS)
def test_q_limits_unpolarized_and_fully_polarized(I):
    # Limits quoted in Katz Sec. II: q(p->0) = 4I^2/3 + 4I/3 + 1, q(p->1) = 2I + 1. The rational
    # form has no cancellation, so these hold to rounding (1e-14) even at p = 1e-9.
    assert cells.slowing_down_factor(I, 0.0) == pytest.approx(
        4 * I**2 / 3 + 4 * I / 3 + 1, rel=1e-14
    )
    assert cells.slowing_down_factor(I, 1e-9) == pytest.approx(
        4 * I**2 / 3 + 4 * I / 3 + 1, rel=1e-14
    )
    assert cells.slowing_down_factor(I, 1.0) == pytest.approx(2 * I + 1, rel=1e-14)
    assert cells.slowing_down_factor(I, 1 - 1e-12) == pytest.approx(2 * I + 1, rel=1e-10)


def test_q_of_potassium_at_095_is_sec_7a_value():
    # Sec. VII.A: q = 4.1 for 39K at p_A = 0.95. Closed form for I = 3/2: q = 2 + 4/(1 + p^2)
    # = 4.1025; the paper's 4.1 is that value to two significant figures.
    q = cells.slowing_down_factor(1.5, 0.95)
    assert q == pytest.approx(2 + 4 / (1 + 0.95**2), rel=1e-15)
    assert round(q, 1) == 4.1


@pytest.mark.parametrize(
    "I, closed_form",
    [
        (1.5, lambda p: 2 + 4 / (1 + p**2)),  # 39K, 87Rb
        (2.5, lambda p: (38 + 52 * p**2 + 6 * p**4) / (3 + 10 * p**2 + 3 * p**4)),  # 85Rb
        (3.5, lambda p: (22 + 70 * p**2 + 34 * p**4 + 2 * p**6) / (1 + 7 * p**2 + 7 * p**4 + p**6)),
    ],
)
def test_q_matches_known_closed_forms(I, closed_form):
    # Textbook rational forms of q for the alkali isotopes (e.g. Seltzer, PhD thesis 2008).
    p = np.linspace(0, 1, 101)
    np.testing.assert_allclose(cells.slowing_down_factor(I, p), closed_form(p), rtol=1e-13)


@pytest.mark.parametrize("I", [1.5, 2.5, 3.5])
def test_q_matches_printed_eq18_where_it_is_stable(I):
    # Eq. (18) cancels terms ~1/p^2: relative round-off ~1e-16/p^2, below 1e-12 for p >= 0.1.
    p = np.linspace(0.1, 0.999, 50)
    np.testing.assert_allclose(cells.slowing_down_factor(I, p), eq18_literal(I, p), rtol=1e-12)


def test_printed_eq18_loses_digits_near_zero_but_ours_does_not():
    p = 1e-7
    exact = 2 + 4 / (1 + p**2)  # closed form for I = 3/2, evaluated without cancellation
    assert abs(cells.slowing_down_factor(1.5, p) - exact) < 1e-14
    assert abs(eq18_literal(1.5, p) - exact) > 1e-6  # the printed form is off by ~1e-16/p^2


@given(
    I=st.sampled_from(SPINS),
    p1=st.floats(0, 1, allow_nan=False),
    p2=st.floats(0, 1, allow_nan=False),
)
def test_q_is_monotone_and_bounded(I, p1, p2):
    lo, hi = sorted((p1, p2))
    q_lo, q_hi = cells.slowing_down_factor(I, lo), cells.slowing_down_factor(I, hi)
    assert q_hi <= q_lo + 1e-12  # polarizing slows the precession less
    assert 2 * I + 1 - 1e-12 <= q_hi <= 4 * I**2 / 3 + 4 * I / 3 + 1 + 1e-12


@pytest.mark.parametrize(
    "I, p", [(0.7, 0.5), (-0.5, 0.5), (1.5, 1.5), (1.5, -0.1), (1.5, math.nan)]
)
def test_q_rejects_unphysical_arguments(I, p):
    with pytest.raises(ValueError, match="nuclear spin|polarization"):
        cells.slowing_down_factor(I, p)


# A cell the papers never used: 133Cs with 129Xe, interaction given through kappa0.
CS_XE = dict(
    alkali="Cs133",
    noble="Xe129",
    n_alkali_cm3=2.0e13,
    n_noble_cm3=3.0e18,
    p_alkali=0.6,
    p_noble=0.1,
    radius_cm=1.0,
    D_alkali_cm2_s=0.3,
    kappa0=700.0,
    phi_mean_rad=1e-3,
    sigma_SR_v_cm3_s=1e-16,
    sigma_SD_v_alkali_cm3_s=1e-13,
)


def test_eq26_equals_jiang_magnetization_form_at_new_parameters():
    # Jiang Eq. (1): J = lambda sqrt(gamma_a gamma_b M_a M_b), lambda = 8 pi kappa0 / 3, with
    # gamma_a = |gamma_e| / q, M_a = n_A p_A mu_B g_s / 2, M_b = n_B p_B |mu_B|. An independent
    # route to Katz Eq. (26); the two agree to rounding.
    ds = cells.cell_parameters(**CS_XE)
    q = cells.slowing_down_factor(3.5, CS_XE["p_alkali"])
    xe = cells.SPECIES["Xe129"]
    lam = 8 * math.pi * CS_XE["kappa0"] / 3
    m_a = CS_XE["n_alkali_cm3"] * CS_XE["p_alkali"] * HBAR_ERG_S * GAMMA_E_RAD_S_G / 2
    m_b = CS_XE["n_noble_cm3"] * CS_XE["p_noble"] * xe.magnetic_moment_erg_G
    j_jiang = lam * math.sqrt(GAMMA_E_RAD_S_G / q * abs(xe.gamma_nuclear_rad_s_G) * m_a * m_b)
    assert float(ds.J) == pytest.approx(j_jiang, rel=1e-12)
    assert m_a == pytest.approx(
        CS_XE["n_alkali_cm3"] * CS_XE["p_alkali"] * 1.00116 * MU_B_ERG_G, rel=1e-5
    )


def test_kappa0_of_k3he_gives_the_papers_sigma_v_phi():
    # kappa0(K-3He) ~ 6 (Romalis & Cates 1998) must give Katz's v sigma <phi> = 2e-14 cm^3/s to the
    # one significant figure the paper quotes (so within 10 %).
    assert cells.sigma_v_phi_from_kappa0(6.0, "He3") == pytest.approx(2e-14, rel=0.1)


def test_resonance_equalizes_the_shifted_larmor_frequencies():
    # Delta = omega_A - omega_B = 0 at B_res with omega_A = g_A B - zeta p_B n_B / 2 and
    # omega_B = g_B B - zeta q p_A n_A / 2 (Katz Eq. 25).
    ds = cells.cell_parameters(**CS_XE)
    b = float(ds.B_resonance) / 1e3
    g_a = GAMMA_E_RAD_S_G / float(ds.q)
    g_b = abs(cells.SPECIES["Xe129"].gamma_atom_rad_s_G)
    omega_a = g_a * b - float(ds.shift_alkali)
    omega_b = g_b * b - float(ds.shift_noble)
    assert omega_a == pytest.approx(omega_b, rel=1e-12)
    assert float(ds.larmor_noble) == pytest.approx(g_b * b / TWO_PI, rel=1e-12)


def test_collisional_shift_vanishes_when_the_magnetizations_balance():
    # Delta_c = zeta (p_A n_A q - p_B n_B) / 2 = 0 when q p_A n_A = p_B n_B (Katz Sec. V).
    q = cells.slowing_down_factor(1.5, 0.5)
    assert cells.collisional_shift(1e-14, q, 0.5, 0.2, 1e14, q * 0.5 * 1e14 / 0.2) == pytest.approx(
        0.0, abs=1e-9
    )


def test_relaxation_budget_eq2_and_diffusion():
    ds = cells.cell_parameters(**CS_XE)
    c = CS_XE
    k_se = 0.25 * float(ds.sigma_v_phi) / c["phi_mean_rad"] * c["phi_mean_rad"] ** 2
    gamma_a = (
        c["n_noble_cm3"] * (k_se + c["sigma_SR_v_cm3_s"])
        + 0.5 * c["n_alkali_cm3"] * c["sigma_SD_v_alkali_cm3_s"]
    )
    assert float(ds.k_SE) == pytest.approx(k_se, rel=1e-12)
    assert float(ds.gamma_alkali) == pytest.approx(gamma_a, rel=1e-12)
    assert float(ds.gamma) == pytest.approx(gamma_a + c["D_alkali_cm2_s"] * math.pi**2, rel=1e-12)
    # Eq. (3) without T_B: gamma_B = k_SE n_A
    assert float(ds.gamma_noble) == pytest.approx(k_se * c["n_alkali_cm3"], rel=1e-12)
    # gamma grows with n_A through the spin-destruction term
    assert np.all(np.diff(ds.gamma_sweep.values) > 0)


def test_exchange_rate_scales_as_sqrt_density():
    ds = cells.cell_parameters(**CS_XE)
    ratio = ds.J_sweep / np.sqrt(ds.n_alkali_sweep)
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-12)


def test_every_variable_has_units_and_long_name():
    ds = cells.cell_parameters(**CS_XE)
    for name in [*ds.data_vars, *ds.coords]:
        assert {"units", "long_name"} <= set(ds[name].attrs), name


@pytest.mark.parametrize(
    "change, match",
    [
        ({"noble": "Ne21"}, "spin-1/2"),
        ({"alkali": "Na23"}, "unknown alkali"),
        ({"sigma_v_phi_cm3_s": 1e-14}, "exactly one"),
        ({"p_alkali": 0.0}, "p_alkali"),
        ({"n_noble_cm3": -1.0}, "n_noble_cm3"),
        ({"sigma_SR_v_cm3_s": None}, "relaxation budget"),
        ({"phi_mean_rad": None, "gamma_alkali_s": 10.0}, "gamma_noble"),  # Eq. (3) needs k_SE
    ],
)
def test_bad_cells_are_rejected_with_the_key(change, match):
    with pytest.raises(ValueError, match=match):
        cells.cell_parameters(**{**CS_XE, **change})


def test_misspelled_keyword_raises_type_error_naming_it():
    with pytest.raises(TypeError, match="gama_noble_s"):
        cells.cell_parameters(**CS_XE, gama_noble_s=1.0)


def test_descriptive_keys_are_attrs_not_physics():
    ds = cells.cell_parameters(
        **CS_XE, description="a test cell", temperature_C=150, volume_cm3=4.0
    )
    assert ds.attrs["description"] == "a test cell"
    assert ds.attrs["temperature_C"] == 150 and ds.attrs["volume_cm3"] == 4.0
    ref = cells.cell_parameters(**CS_XE)
    for name in ref.data_vars:
        np.testing.assert_array_equal(ds[name].values, ref[name].values)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the overflow is the point
def test_non_finite_derived_quantity_names_the_inputs():
    # T_B -> 0 would be caught by the schema; an infinite density slips past a float check only
    # through arithmetic, e.g. n_B so large that J overflows
    with pytest.raises(ValueError, match="not finite.*n_noble_cm3"):
        cells.cell_parameters(**{**CS_XE, "n_noble_cm3": 1e308, "kappa0": 1e300})


def test_library_default_of_phi_std_equals_the_schema_default():
    import inspect

    import yaml

    schema = yaml.safe_load((ROOT / "workflow/schemas/cell.schema.yaml").read_text())
    default = inspect.signature(cells.cell_parameters).parameters["phi_std_rad"].default
    assert default == schema["properties"]["phi_std_rad"]["default"]
    # every schema key is a keyword of cell_parameters: the script passes the dict straight on
    keywords = set(inspect.signature(cells.cell_parameters).parameters)
    assert set(schema["properties"]) <= keywords


def test_sec_v_ratios_from_the_dataset():
    # g_A/g_B is the ratio of the two Larmor frequencies at any field (Sec. V); the strong-coupling
    # bound on <phi> is sqrt(q p_A p_B) sqrt(n_A/n_B) (Sec. V).
    ds = cells.cell_parameters(**CS_XE)
    assert float(ds.gyromagnetic_ratio) == pytest.approx(
        float(ds.larmor_alkali) / float(ds.larmor_noble), rel=1e-12
    )
    c = CS_XE
    bound = math.sqrt(
        float(ds.q) * c["p_alkali"] * c["p_noble"] * c["n_alkali_cm3"] / c["n_noble_cm3"]
    )
    assert float(ds.strong_coupling_angle_bound) == pytest.approx(bound, rel=1e-14)
    # at resonance g_B B = g_A B + Delta_c (Sec. VII.A), in Hz
    assert float(ds.larmor_noble) == pytest.approx(
        float(ds.larmor_alkali) + float(ds.Delta_c) / TWO_PI, rel=1e-9
    )


def test_parameter_table_is_numeric_and_matches_the_datasets():
    ds1 = cells.cell_parameters(**CS_XE)
    ds2 = cells.cell_parameters(**{**CS_XE, "p_alkali": 0.9})
    table = cells.parameter_table({"one": ds1, "two": ds2})
    assert list(table.columns) == ["quantity", "units", "one", "two"]
    assert table["one"].dtype == float and table["two"].dtype == float
    row = table.set_index("quantity")
    assert row.loc["J", "one"] == float(ds1.J) and row.loc["J", "two"] == float(ds2.J)
    assert row.loc["J", "units"] == "s-1" and row.loc["q", "units"] == ""
    assert row.loc["n_A", "one"] == CS_XE["n_alkali_cm3"]
    with pytest.raises(ValueError, match="at least one cell"):
        cells.parameter_table({})


def test_cells_table_script_writes_csv_and_tex(tmp_path):
    import importlib.util
    import types

    import pandas as pd

    from spinbridge import store

    paths = {}
    for name, change in (("A", {}), ("B", {"p_noble": 0.2})):
        paths[f"cell_{name}"] = store.write(
            cells.cell_parameters(**{**CS_XE, **change}).assign_attrs(cell=name),
            tmp_path / f"{name}.nc",
            paper=store.PAPERS["katz2022"],
            figure="test",
            params={},
        )
    spec = importlib.util.spec_from_file_location("cells_table", ROOT / "scripts/cells_table.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    csv, tex = tmp_path / "t.csv", tmp_path / "t.tex"
    fake = types.SimpleNamespace(
        input=types.SimpleNamespace(items=lambda: {k: str(v) for k, v in paths.items()}.items()),
        output=types.SimpleNamespace(csv=str(csv), tex=str(tex)),
        log=[str(tmp_path / "t.log")],
    )
    mod.main(fake)
    table = pd.read_csv(csv)
    assert list(table.columns[2:]) == ["A", "B"]
    assert table["A"].dtype == float
    assert r"\begin{tabular}" in tex.read_text()


@pytest.mark.parametrize(
    "change, match",
    [
        ({"kappa0": None, "sigma_v_phi_cm3_s": -2e-14}, "sigma_v_phi_cm3_s must be a finite"),
        ({"phi_std_rad": -1e-4}, "phi_std_rad must be a finite number >= 0"),
        ({"phi_mean_rad": math.nan}, r"phi_mean_rad must be a finite number in \(0, 1\)"),
        ({"kappa0": math.inf}, "kappa0"),
        ({"p_noble": 1.5}, r"p_noble must be a finite number in \(0, 1\]"),
        ({"sigma_SD_v_alkali_cm3_s": -1e-13}, "sigma_SD_v_alkali_cm3_s"),
        ({"T2_noble_s": 0.0}, "T2_noble_s must be a finite number > 0"),
        ({"temperature_C": -300.0}, "temperature_C"),
        ({"sweep_points": 10**12}, r"sweep_points must be an integer in \[1, 100000\]"),
        ({"sweep_points": 2.5}, "sweep_points"),
        ({"sweep_decades": (0.0, math.nan)}, "sweep_decades"),
        ({"n_alkali_cm3": "1e13"}, "n_alkali_cm3"),
    ],
)
def test_bad_numbers_are_refused_naming_the_keyword(change, match):
    """NaN, inf, negative rates and cross sections, a fraction for a count: ValueError or
    TypeError naming the keyword (sigma < 0 used to give J < 0)."""
    with pytest.raises((ValueError, TypeError), match=match):
        cells.cell_parameters(**{**CS_XE, **change})


def test_step_functions_refuse_bad_arguments():
    with pytest.raises(ValueError, match="k_SE_cm3_s"):
        cells.alkali_relaxation_rate(1e14, 1e19, math.nan, gamma_alkali_s=17.5)
    assert cells.alkali_relaxation_rate(1e14, 1e19, None, gamma_alkali_s=17.5) == 17.5
    with pytest.raises(ValueError, match="relaxation budget"):
        cells.alkali_relaxation_rate(
            1e14, 1e19, None, sigma_SR_v_cm3_s=0.0, sigma_SD_v_alkali_cm3_s=0.0
        )
    with pytest.raises(ValueError, match="n_alkali_cm3 must be finite and > 0 everywhere"):
        cells.exchange_rate(1e-15, 3.0, 0.5, 0.5, np.array([1e14, -1.0]), 1e19)
    with pytest.raises(ValueError, match="q must be a finite number >= 1"):
        cells.collisional_shift(1e-15, 0.5, 0.5, 0.5, 1e14, 1e19)
    with pytest.raises(ValueError, match="no resonance"):
        cells.resonance_field(1.0, 2e4, 2e4)
    with pytest.raises(TypeError, match="cells"):
        cells.parameter_table([cells.cell_parameters(**CS_XE)])
    with pytest.raises(ValueError, match="not a cell_parameters dataset"):
        cells.parameter_table({"x": cells.cell_parameters(**CS_XE).drop_vars("J")})
    with pytest.raises(TypeError, match="noble"):
        cells.sigma_v_phi_from_kappa0(6.0, ["He3"])
    with pytest.raises(ValueError, match=r"nuclear spin I must be a finite number in \[0, 10\]"):
        cells.slowing_down_factor(math.inf, 0.5)


# ----------------------------------------------------------------------------- Eq. (28) gamma,
# k_SE cross-check, noble-gas lifetimes, diffusion estimates (a cell the papers never used: CS_XE)
def test_given_total_gamma_fixes_gamma_and_leaves_gamma_a_minus_diffusion():
    # Eq. (28): gamma = gamma_A + D_A pi^2/R^2; with gamma given, gamma_A is what is left
    cell = {**CS_XE, "gamma_total_s": 40.0, "sigma_SR_v_cm3_s": None}
    ds = cells.cell_parameters(**{**cell, "sigma_SD_v_alkali_cm3_s": None})
    diff = CS_XE["D_alkali_cm2_s"] * math.pi**2 / CS_XE["radius_cm"] ** 2
    assert float(ds.gamma) == 40.0
    assert float(ds.gamma_alkali) == pytest.approx(40.0 - diff, rel=1e-14)
    assert float(ds.gamma_diffusion) == pytest.approx(diff, rel=1e-14)
    assert float(ds.J_over_gamma) == pytest.approx(float(ds.J) / 40.0, rel=1e-14)
    np.testing.assert_allclose(ds.gamma_sweep, 40.0, rtol=1e-14)  # gamma_A given: flat
    assert ds.gamma.attrs["source"] == "given (gamma_total_s)"
    assert cells.alkali_rate_from_total(40.0, 0.3, 1.0) == pytest.approx(40.0 - diff, rel=1e-14)


@pytest.mark.parametrize(
    "change, match",
    [
        ({"gamma_total_s": 2.0}, r"gamma_total_s = 2.0 s\^-1 must exceed the diffusion rate"),
        ({"gamma_total_s": 40.0, "gamma_alkali_s": 30.0}, "at most one of gamma_alkali_s"),
        ({"gamma_total_s": -1.0}, "gamma_total_s must be a finite number > 0"),
        ({"D0_noble_cm2_s": 1.8}, "D0_noble_cm2_s .* need temperature_C"),
        ({"D0_alkali_cm2_s": 0.3, "temperature_C": -273.15}, "temperature_C must be above"),
        ({"D0_temperature_exponent": 4.0}, r"D0_temperature_exponent must be a finite number in"),
        ({"D0_temperature_K": 0.0}, "D0_temperature_K must be a finite number > 0"),
    ],
)
def test_bad_gamma_total_and_diffusion_references_are_refused_naming_the_key(change, match):
    with pytest.raises(ValueError, match=match):
        cells.cell_parameters(**{**CS_XE, **change})


def test_given_k_se_wins_and_the_angles_become_a_cross_check():
    # k_SE_cm3_s given: k_SE, gamma_A (Eq. 2) and gamma_B (Eq. 3) follow it; the angle route
    # <sigma v phi> (<phi>^2 + std^2) / (4 <phi>) is stored as k_SE_from_angles (App. D)
    ds = cells.cell_parameters(**{**CS_XE, "k_SE_cm3_s": 3e-17, "phi_std_rad": 2e-3})
    svp = float(ds.sigma_v_phi)
    assert float(ds.k_SE) == 3e-17
    assert float(ds.k_SE_from_angles) == pytest.approx(
        0.25 * svp / 1e-3 * (1e-3**2 + 2e-3**2), rel=1e-14
    )
    assert float(ds.gamma_noble) == pytest.approx(3e-17 * CS_XE["n_alkali_cm3"], rel=1e-14)
    assert ds.k_SE.attrs["source"] == "given"
    # without k_SE_cm3_s the two coincide; without angles there is no cross-check variable
    alone = cells.cell_parameters(**CS_XE)
    assert float(alone.k_SE_from_angles) == float(alone.k_SE)
    no_angles = {**CS_XE, "phi_mean_rad": None, "k_SE_cm3_s": 3e-17}
    assert "k_SE_from_angles" not in cells.cell_parameters(**no_angles)


def test_noble_gas_lifetimes_in_hours_follow_eq3():
    # (n_A k_SE)^-1 and 1/gamma_B = 1/(k_SE n_A + 1/T_B), in hours
    ds = cells.cell_parameters(**{**CS_XE, "k_SE_cm3_s": 1e-18, "T2_noble_s": 7200.0})
    rate_se = 1e-18 * CS_XE["n_alkali_cm3"]
    assert float(ds.noble_spin_exchange_time) == pytest.approx(1 / rate_se / 3600, rel=1e-14)
    assert float(ds.noble_coherence_time) == pytest.approx(
        1 / (rate_se + 1 / 7200.0) / 3600, rel=1e-14
    )
    assert ds.noble_coherence_time.attrs["units"] == "h"
    assert ds.attrs["T2_noble_s"] == 7200.0
    # k_SE undetermined: the spin-exchange lifetime is NaN, the coherence time is gamma_B's
    given = {**CS_XE, "phi_mean_rad": None, "gamma_alkali_s": 5.0, "gamma_noble_s": 1e-4}
    ds = cells.cell_parameters(**given)
    assert math.isnan(float(ds.noble_spin_exchange_time))
    assert float(ds.noble_coherence_time) == pytest.approx(1e4 / 3600, rel=1e-14)


def test_scaled_diffusion_coefficient_follows_the_gas_kinetic_scaling():
    from spinbridge.cell_rates import AMAGAT_CM3 as amg

    d = cells.scaled_diffusion_coefficient
    # one amagat: the ideal gas at 273.15 K and 101325 Pa, p / (k_B T) in cm^-3 (SI k_B exact)
    assert amg == pytest.approx(101325.0 / (1.380649e-23 * 273.15) * 1e-6, rel=1e-9)
    # the reference point returns D0; D ~ 1/n at fixed T; D ~ T^a at fixed n
    assert d(0.4, 273.15, amg) == pytest.approx(0.4, rel=1e-15)
    assert d(0.4, 300.0, 3 * amg) == pytest.approx(d(0.4, 300.0, amg) / 3, rel=1e-14)
    assert d(0.4, 600.0, amg, 300.0, 1.75) == pytest.approx(0.4 * 2**1.75, rel=1e-14)
    assert d(0.4, 600.0, amg, temperature_exponent=0.0) == pytest.approx(0.4, rel=1e-15)
    with pytest.raises(ValueError, match="temperature_exponent"):
        d(0.4, 300.0, amg, temperature_exponent=-0.5)
    with pytest.raises(ValueError, match="buffer_density_cm3"):
        d(0.4, 300.0, 0.0)


def test_cell_diffusion_estimates_scale_the_references_to_the_cell():
    cell = {**CS_XE, "temperature_C": 150.0, "D0_alkali_cm2_s": 0.2, "D0_noble_cm2_s": 0.06}
    ds = cells.cell_parameters(**cell, D0_temperature_K=300.0, D0_temperature_exponent=1.7)
    n_amg = CS_XE["n_noble_cm3"] / 2.686780111e19
    scale = (423.15 / 300.0) ** 1.7 / n_amg
    assert float(ds.D_alkali_estimate) == pytest.approx(0.2 * scale, rel=1e-13)
    assert float(ds.D_noble_estimate) == pytest.approx(0.06 * scale, rel=1e-13)
    # the estimates are cross-checks: the physics keeps the given D_A
    ref = cells.cell_parameters(**CS_XE)
    assert float(ds.gamma) == float(ref.gamma)
    assert "D_alkali_estimate" not in ref and "D_noble_estimate" not in ref


@pytest.mark.parametrize("name", ["config.yaml", "config/smoke.yaml"])
def test_estimated_diffusion_cell_is_the_k3he_cell_with_its_own_estimates(name):
    # The alternative cell differs from K-3He only in D_A, D_B (and the description), and those
    # are the K-3He cell's computed estimates, typed to three significant figures.
    import yaml

    config = yaml.safe_load((ROOT / name).read_text())["cells"]
    paper, estimated = config["K-3He"], config["K-3He-estimated-diffusion"]
    differ = {k for k in paper.keys() | estimated.keys() if paper.get(k) != estimated.get(k)}
    assert differ == {"description", "D_alkali_cm2_s", "D_noble_cm2_s"}
    ds = cells.cell_parameters(**paper)
    assert estimated["D_alkali_cm2_s"] == pytest.approx(float(ds.D_alkali_estimate), rel=5e-3)
    assert estimated["D_noble_cm2_s"] == pytest.approx(float(ds.D_noble_estimate), rel=5e-3)
    # gamma (Eq. 28) is the stated total in both; gamma_A absorbs the larger diffusion rate
    other = cells.cell_parameters(**estimated)
    assert float(other.gamma) == float(ds.gamma)
    assert float(other.gamma_alkali) < float(ds.gamma_alkali)


def test_free_atom_gyromagnetic_ratios_are_the_shielded_ones():
    # The free 129Xe atom precesses 0.7 % slower than its bare nucleus (electronic shielding); the
    # value follows from CODATA's shielded helion ratio and gamma_He/gamma_Xe = 2.75408159, both
    # known to < 1e-7, so 1e-6 is a rounding margin. 3He's shielding is 60 ppm.
    xe, he = cells.SPECIES["Xe129"], cells.SPECIES["He3"]
    assert xe.gamma_atom_rad_s_G / TWO_PI == pytest.approx(-1177.675, rel=1e-6)
    assert he.gamma_atom_rad_s_G / he.gamma_nuclear_rad_s_G == pytest.approx(1 - 1.1e-6, abs=1e-6)
    assert xe.gamma_atom_rad_s_G / xe.gamma_nuclear_rad_s_G == pytest.approx(0.99295, abs=1e-4)
    ne = cells.SPECIES["Ne21"]  # no measured free-atom value: the bare nucleus
    assert ne.gamma_atom_rad_s_G == ne.gamma_nuclear_rad_s_G

"""Tests of spinbridge.strontium_levels: the 87Sr F = 9/2 -> F' = 9/2 Clebsch-Gordan structure.

Exact (sympy) identities: closed forms of <F m; 1 q | F m+q>, orthogonality and completeness of the
coupled basis, sum rules, agreement of two sympy implementations; then the float coupling matrices
of the cavity polarisations used by spinbridge.pair_twa, at F = 9/2 and at F the paper never used.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy.physics.quantum.cg import CG

from spinbridge import strontium_levels as sl

HALF = sympy.Rational(1, 2)


def _ms(F):
    return [-F + k for k in range(int(2 * F) + 1)]


@pytest.mark.parametrize("F", [HALF, 3 * HALF, 9 * HALF])
def test_closed_forms_of_the_f_to_f_coefficients(F):
    for m in _ms(F):
        pi = sl.clebsch_gordan(float(m), 0, float(F))
        assert sympy.simplify(pi - m / sympy.sqrt(F * (F + 1))) == 0
        for q in (1, -1):
            want = -q * sympy.sqrt((F - q * m) * (F + q * m + 1) / (2 * F * (F + 1)))
            assert sympy.simplify(sl.clebsch_gordan(float(m), q, float(F)) - want) == 0


def test_stretched_pi_coefficients_give_the_papers_g_F():
    # g_F = g_0 sqrt(F / (F + 1)) (text after Eq. (1)): squared stretched pi coefficient 9/11
    for m in (-4.5, 4.5):
        assert sl.clebsch_gordan(m, 0) ** 2 == sympy.Rational(9, 11)
    assert sl.clebsch_gordan(-4.5, 0) == -sl.clebsch_gordan(4.5, 0)  # the sign absorbed in S_B


@pytest.mark.parametrize("F", [3 * HALF, 9 * HALF])
def test_coupled_states_are_orthonormal_exactly(F):
    """sum_{m, q} <F m; 1 q | F' m'> <F m; 1 q | F'' m''> = delta_{F' F''} delta_{m' m''}."""
    targets = [(fp, mp) for fp in (F - 1, F, F + 1) for mp in _ms(fp)]
    for fp, mp in targets[:: max(1, len(targets) // 12)]:
        for fpp, mpp in targets:
            total = sum(
                sl.clebsch_gordan(float(m), q, float(F), float(fp))
                * sl.clebsch_gordan(float(m), q, float(F), float(fpp))
                for m in _ms(F)
                for q in (-1, 0, 1)
                if m + q == mp and m + q == mpp
            )
            assert sympy.nsimplify(sympy.expand(total)) == int((fp, mp) == (fpp, mpp))


def test_uncoupled_states_are_complete_exactly():
    """sum_{F', m'} <F m; 1 q | F' m'> <F m2; 1 q2 | F' m'> = delta_{m m2} delta_{q q2}."""
    F = 9 * HALF
    pairs = [(m, q) for m in _ms(F) for q in (-1, 0, 1)]
    for m, q in pairs[::5]:
        for m2, q2 in pairs:
            if m + q != m2 + q2:
                continue  # different m': no common coupled state
            total = sum(
                sl.clebsch_gordan(float(m), q, float(F), float(fp))
                * sl.clebsch_gordan(float(m2), q2, float(F), float(fp))
                for fp in (F - 1, F, F + 1)
            )
            assert sympy.nsimplify(sympy.expand(total)) == int((m, q) == (m2, q2))


def test_line_strength_sum_rule_is_exact():
    # sum_m <F m; 1 q | F' m+q>^2 = (2F' + 1)/3 for each q: 10/3 at F = F' = 9/2
    for q in (-1, 0, 1):
        t = sl.transition_matrix(q)
        assert sum(x**2 for x in t) == sympy.Rational(10, 3)


def test_two_sympy_implementations_agree():
    for m in _ms(9 * HALF):
        for q in (-1, 0, 1):
            if abs(m + q) <= 9 * HALF:
                other = CG(9 * HALF, m, 1, q, 9 * HALF, m + q).doit()
                assert sympy.simplify(sl.clebsch_gordan(float(m), q) - other) == 0


def test_transition_matrix_connects_m_to_m_plus_q_only():
    for q in (-1, 0, 1):
        t = np.array(sl.transition_matrix(q), dtype=float)
        rows, cols = np.nonzero(t)
        np.testing.assert_array_equal(rows - cols, q)
        assert rows.size == 10 - abs(q)


def test_coupling_matrices_of_the_two_cavity_polarisations():
    c = sl.coupling_matrices()
    g, e = (lambda m: sl.mode_index("g", m)), (lambda m: sl.mode_index("e", m))
    assert c["pi"][e(-4.5), g(-4.5)] == pytest.approx(-1.0, abs=1e-15)
    assert c["pi"][e(4.5), g(4.5)] == pytest.approx(1.0, abs=1e-15)
    assert np.count_nonzero(c["pi"]) == 10 and np.count_nonzero(c["perp"]) == 18
    # the perp pair channel from the pumps, (e,-7/2) + (g,7/2): coupling (1/2)(2/11)(11/9) = 1/9
    assert c["perp"][e(-3.5), g(-4.5)] * c["perp"][e(4.5), g(3.5)] == pytest.approx(1 / 9)
    for mat in c.values():  # raising only: ground columns -> excited rows
        assert not mat[:10].any() and not mat[:, 10:].any()
        assert not mat.flags.writeable
    # total strength (F + 1)/F x (2F + 1)/3 = 110/27 for each polarisation (sum rule above)
    for mat in c.values():
        assert np.sum(mat**2) == pytest.approx(110 / 27, rel=1e-14)


@pytest.mark.parametrize("F", [0.5, 1.5, 2.5])
def test_coupling_matrices_at_other_F_are_normalised_to_the_stretched_states(F):
    c = sl.coupling_matrices(F)
    n = int(2 * F + 1)
    assert c["pi"].shape == (2 * n, 2 * n)
    assert c["pi"][n, 0] == pytest.approx(-1.0) and c["pi"][2 * n - 1, n - 1] == pytest.approx(1.0)
    assert np.sum(c["perp"] ** 2) == pytest.approx((F + 1) / F * (2 * F + 1) / 3, rel=1e-14)


def test_mode_order_and_sublevels():
    np.testing.assert_array_equal(sl.sublevels(), np.arange(-4.5, 5.0))
    assert sl.mode_index("g", -4.5) == 0 and sl.mode_index("g", 4.5) == 9
    assert sl.mode_index("e", -4.5) == 10 and sl.mode_index("e", 4.5) == 19


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: sl.clebsch_gordan(0.25, 0), "multiple of 1/2"),
        (lambda: sl.clebsch_gordan(5.5, 0), "m must be"),
        (lambda: sl.clebsch_gordan(0.5, 2), "q must be"),
        (lambda: sl.clebsch_gordan(0.5, 0, 4.5, 6.5), "F_prime"),
        (lambda: sl.clebsch_gordan(1.0, 0, 4.5), "differ from -F"),
        (lambda: sl.mode_index("x", 0.5), "state"),
        (lambda: sl.sublevels(11.0), "F must be"),
    ],
)
def test_bad_arguments_are_refused_by_name(call, match):
    with pytest.raises(ValueError, match=match):
        call()

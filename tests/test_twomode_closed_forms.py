"""Tests of spinbridge.twomode_closed_forms: Katz 2022 Eqs. (31)-(38), (F1)-(F6) and corrections."""

from __future__ import annotations

import math

import numpy as np
import pytest

from spinbridge import twomode as tm
from spinbridge import twomode_closed_forms as cf


@pytest.mark.parametrize("J, g", [(1.3, 0.013), (0.4, 0.002)])
def test_half_transfer_weight_first_order_is_corrected_not_eq35(J, g):
    t = math.pi / (4 * J)
    s_aa, s_ba = tm.evolve_means(t, J, g, 1.0)
    exact = abs(s_aa[0]) ** 2 + abs(s_ba[0]) ** 2
    assert cf.coherent_fidelity_half_transfer(J, g, form="exact") == pytest.approx(exact, abs=1e-13)
    x = g / J
    # the corrected first order is good to O(x^2); Eq. (35) misses -x/2 at first order
    assert abs(exact - cf.coherent_fidelity_half_transfer(J, g, form="first_order")) < x**2
    assert cf.coherent_fidelity_half_transfer(J, g) - exact == pytest.approx(x / 2, rel=0.05)


def test_paper_values_at_j_55_gamma():
    assert cf.fock_transfer_first_order(55.0, 1.0, 2) == pytest.approx(1 - math.pi / 55)
    assert cf.coherent_fidelity_half_transfer(55.0, 1.0) == pytest.approx(1 - math.pi / 220)
    assert cf.noise_excitation_at_transfer(55.0, 1.0) == pytest.approx(math.pi / 110)


def test_eq38_limits():
    # no squeezing in, none out; large squeezing saturates at -10 log10(pi gamma / 2J)
    assert cf.transferred_squeezing_db(0.0, 40.0) == pytest.approx(0.0, abs=1e-14)
    assert cf.transferred_squeezing_db(100.0, 40.0) == pytest.approx(
        -10 * math.log10(math.pi / 80), rel=1e-8
    )
    db = np.linspace(0, 30, 31)
    out = cf.transferred_squeezing_db(db, 100.0)
    assert out.shape == db.shape and np.all(np.diff(out) > 0) and np.all(out <= db + 1e-12)


@pytest.mark.parametrize("J, g", [(1.0, 0.02), (2.3, 0.01)])
def test_f5_is_the_first_order_of_the_exact_noise(J, g):
    t = np.linspace(0, 3 / g, 50)
    exact = cf.noise_excitation(J, g, t)
    np.testing.assert_allclose(
        exact, cf.noise_excitation(J, g, t, first_order=True), atol=2 * (g / J) ** 2
    )
    assert exact[0] == 0.0 and np.all(exact >= -1e-15) and np.all(exact <= 1)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="form"):
        cf.coherent_fidelity_half_transfer(1.0, 0.1, form="other")
    with pytest.raises(ValueError, match="J_over_gamma"):
        cf.transferred_squeezing_db(3.0, 0.0)
    with pytest.raises(TypeError, match="first_order"):
        cf.noise_excitation(1.0, 0.1, 1.0, first_order=1)

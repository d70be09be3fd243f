"""Tests of spinbridge.pair_costs: the cost models of the pairs stage's jobs."""

import pytest

from spinbridge import pair_costs
from spinbridge.resources import BASE_MB, SAFETY


def test_exact_cost_grows_as_n_squared():
    small, large = pair_costs.exact_cost(1000), pair_costs.exact_cost(10000)
    start = pair_costs.START_SECONDS
    assert (large.seconds - start) / (small.seconds - start) == pytest.approx(100.0)
    assert large.memory_mb - BASE_MB == pytest.approx(pair_costs.EXACT_MB_AT_10000)
    assert large.mem_mb == pytest.approx(SAFETY * large.memory_mb, abs=1)


def test_trajectory_costs_are_linear_in_the_work():
    one = pair_costs.twa_cost(1000, 4, 8.0, 0.02)
    five = pair_costs.twa_cost(1000, 20, 8.0, 0.02)
    start = pair_costs.START_SECONDS
    assert (five.seconds - start) / (one.seconds - start) == pytest.approx(5.0)
    a = pair_costs.decoherence_cost(1024, 13, 10**5)
    b = pair_costs.decoherence_cost(2048, 13, 10**5)
    assert (b.seconds - start) / (a.seconds - start) == pytest.approx(2.0)
    # a longer run for larger N: the last time is ln(4N)
    assert pair_costs.decoherence_cost(1024, 13, 10**6).seconds > a.seconds
    assert a.runtime_minutes >= 1 and a.mem_mb >= 500  # what a job asks for at least


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: pair_costs.exact_cost(10**7), "N"),
        (lambda: pair_costs.twa_cost(100, 4, 0.0, 0.02), "nchi_t_max"),
        (lambda: pair_costs.decoherence_cost(128, 0, 1000), "n_detunings"),
    ],
)
def test_bad_sizes_are_named(call, name):
    with pytest.raises(ValueError, match=name):
        call()

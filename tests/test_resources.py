"""Cost models of the jobs: consistent with the measurements they come from, and monotone."""

import pytest

from spinbridge import resources as r


def test_one_excitation_cost_is_the_measured_per_collision_time():
    # panel (c) of Fig. 2: N_A = 100, 1.4e7 steps -> 100 * 1.4e7 collisions at 11.3 ns
    cost = r.stochastic_run_cost(100, 10_000, 14_000_000, 2000, "symmetric")
    assert cost.seconds == pytest.approx(100 * 14_000_000 * 11.3e-9)
    assert cost.runtime_minutes >= 1 and cost.mem_mb >= 500


def test_pair_cost_scales_with_the_pair_matrix():
    small = r.stochastic_run_cost(30, 300, 1000, 10, "pair")
    assert small.seconds == pytest.approx(1000 * 22e-6, rel=0.02)  # benchmark: 22 us/step
    big = r.stochastic_run_cost(30, 3000, 1000, 10, "pair")
    n1, n2 = 330, 3030
    assert (big.memory_mb - r.BASE_MB) / (small.memory_mb - r.BASE_MB) == pytest.approx(
        n2 * (n2 + 1) / (n1 * (n1 + 1)), rel=0.02
    )


def test_the_742_tib_pair_panel_is_recognised():
    cost = r.stochastic_run_cost(10**5, 10**7, 10, 1, "pair")
    assert cost.memory_mb > 700 * 2**20  # MB: ~ 3 x 16 B x (1e7)^2 / 2
    assert r.over_limits(cost, 240, 16000)


def test_qfi_chunk_cost_matches_the_measured_points():
    one = r.average_qfi_chunk_cost(32000, 32000)
    assert one.seconds == pytest.approx(r.QFI_SECONDS_AT_32000, rel=0.01)
    assert one.memory_mb == pytest.approx(r.BASE_MB + r.QFI_MB_AT_32000)
    big = r.average_qfi_chunk_cost(100_000, 100_000)
    assert big.memory_mb - r.BASE_MB == pytest.approx(6.4e3, rel=0.05)  # 6.4 GB measured


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_bad_sizes_are_refused_naming_the_argument(bad):
    with pytest.raises(ValueError, match="n_steps"):
        r.stochastic_run_cost(10, 100, bad, 1, "symmetric")
    with pytest.raises(ValueError, match="n_min"):
        r.average_qfi_chunk_cost(bad, 10)


def test_over_limits_names_the_guard():
    cost = r.Cost(seconds=86400.0, memory_mb=100.0)
    why = r.over_limits(cost, 240, 16000)
    assert "limits.max_job_minutes = 240" in why and "max_job_memory_mb" not in why
    assert r.over_limits(cost, 1e9, 16000) is None

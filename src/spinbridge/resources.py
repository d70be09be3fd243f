"""Estimated run time and peak memory of the pipeline's jobs, from measured costs.

A cluster job must ask for what it needs (too little and it is killed, too much and it waits in the
queue), and a config that asks for days of computing should be stopped before the first job. Both
follow from the cost models here. Their constants were measured on a 2-core x86_64 machine
(``results/benchmarks/`` of a paper-scale run and ``benchmarks/``); estimates are rounded up by
:data:`SAFETY` so that a slower node still fits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "BASE_MB",
    "SAFETY",
    "Cost",
    "average_qfi_chunk_cost",
    "over_limits",
    "stochastic_case_cost",
    "stochastic_run_cost",
]

BASE_MB = 300.0
"""Resident memory of a job before its arrays: Python, numpy, numba, xarray (max_rss ~ 290 MB)."""

SAFETY = 2.0
"""Factor between a measured cost and what a job asks for."""

NS_PER_COLLISION = 11.3
"""One-excitation kernel, random angle, per alkali collision [ns] (benchmarks/bench_collisions)."""

NS_PER_PAIR_UPDATE = 2.2
"""Two-excitation kernel per step and per (N_A x (N_A + N_B)) pair amplitude touched [ns]:
22 us/step at N_A = 30, N_B = 300 (benchmarks/bench_collisions)."""

QFI_SECONDS_AT_32000 = 3.8
"""average_qfi(N = 32000) [s]; the cost grows as N^1.5 (0.018 s at N = 900)."""

QFI_MB_AT_32000 = 1150.0
"""Peak memory of average_qfi(N = 32000) above :data:`BASE_MB` [MB]; grows as N^1.5."""


@dataclass(frozen=True)
class Cost:
    """Estimated cost of one job: wall time [s] and peak resident memory [MB], before SAFETY."""

    seconds: float
    memory_mb: float

    @property
    def runtime_minutes(self) -> int:
        """What the job asks for: SAFETY x the estimate, at least one minute."""
        return max(1, math.ceil(SAFETY * self.seconds / 60.0))

    @property
    def mem_mb(self) -> int:
        """What the job asks for: SAFETY x the estimate, at least 500 MB."""
        return max(500, math.ceil(SAFETY * self.memory_mb))

    def describe(self) -> str:
        """Human-readable estimate, e.g. ``'3.2 h, 1.4 GB'``."""
        s = self.seconds
        t = f"{s:.0f} s" if s < 120 else f"{s / 60:.0f} min" if s < 7200 else f"{s / 3600:.1f} h"
        if s >= 2 * 86400:
            t = f"{s / 86400:.0f} days"
        return f"{t}, {self.memory_mb / 1024:.1f} GB"


def _check_positive(**values: float) -> None:
    for name, value in values.items():
        if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a finite number > 0, got {value!r}")


def stochastic_run_cost(
    n_alkali: int, n_noble: int, n_steps: int, record_every: int, initial: str
) -> Cost:
    """Cost of one :func:`spinbridge.collisions.simulate` run (one Fig. 2 panel or rates member).

    One excitation: the state has N = N_A + N_B amplitudes and every step makes N_A collisions.
    Two excitations (``initial="pair"``): N(N+1)/2 packed pair amplitudes, and each collision
    touches a row of N of them. Records: a few float64 series of n_steps/record_every points.

    Parameters
    ----------
    n_alkali, n_noble : int
        N_A and N_B.
    n_steps, record_every : int
        Number of collision steps and the recording interval.
    initial : str
        ``"pair"`` for the two-excitation subspace, anything else for one excitation.
    """
    _check_positive(n_alkali=n_alkali, n_noble=n_noble, n_steps=n_steps, record_every=record_every)
    n = n_alkali + n_noble
    records = (n_steps / record_every + 2) * 8 * 8  # up to 8 float64 series
    if initial == "pair":
        seconds = NS_PER_PAIR_UPDATE * 1e-9 * n_alkali * n * n_steps
        state = 3 * 16 * n * (n + 1) / 2  # packed amplitudes, a work copy and the initial state
    else:
        seconds = NS_PER_COLLISION * 1e-9 * n_alkali * n_steps
        state = 4 * 16 * n + 8 * n_noble  # amplitudes, work copies, partner permutation
    return Cost(seconds=seconds, memory_mb=BASE_MB + (state + records) / 2**20)


def average_qfi_chunk_cost(n_min: int, n_max: int) -> Cost:
    """Cost of the average QFI (Masson Eqs. 9, 12) for every N in [n_min, n_max] at one efficiency.

    Measured: 0.018 s at N = 900 and 3.8 s at N = 32000 per N, i.e. t(N) ~ N^1.5, and peak memory
    ~ N^1.5 above the base (1.15 GB at N = 32000, 6.4 GB at N = 10^5).
    """
    _check_positive(n_min=n_min, n_max=n_max)
    if n_min > n_max:
        raise ValueError(f"need n_min <= n_max, got {n_min}, {n_max}")
    # sum_{N=a}^{b} N^1.5 ~ (b^2.5 - (a-1)^2.5) / 2.5
    total = (n_max**2.5 - (n_min - 1) ** 2.5) / 2.5
    seconds = QFI_SECONDS_AT_32000 * total / 32000**1.5
    memory = BASE_MB + QFI_MB_AT_32000 * (n_max / 32000) ** 1.5
    return Cost(seconds=seconds, memory_mb=memory)


def stochastic_case_cost(case: dict) -> Cost:
    """Cost of one rates member: the case from |1_A 0_B>, and for ``kind="decay"`` again from
    |0_A 1_B> over ``n_steps_noble`` steps (config katz2022.stochastic.rates.cases.*)."""
    cost = stochastic_run_cost(
        case["n_alkali"], case["n_noble"], case["n_steps"], case["record_every"], "symmetric"
    )
    if case.get("kind") == "decay":
        noble = stochastic_run_cost(
            case["n_alkali"],
            case["n_noble"],
            case["n_steps_noble"],
            case["record_every_noble"],
            "noble",
        )
        cost = Cost(cost.seconds + noble.seconds, max(cost.memory_mb, noble.memory_mb))
    return cost


def over_limits(cost: Cost, max_job_minutes: float, max_job_memory_mb: float) -> str | None:
    """Why a job of this cost is refused under the given guards, or None if it fits."""
    reasons = []
    if cost.runtime_minutes > max_job_minutes:
        reasons.append(
            f"needs ~{cost.runtime_minutes} min > limits.max_job_minutes = {max_job_minutes:g}"
        )
    if cost.mem_mb > max_job_memory_mb:
        reasons.append(
            f"needs ~{cost.mem_mb} MB > limits.max_job_memory_mb = {max_job_memory_mb:g}"
        )
    if not reasons:
        return None
    return (
        f"estimated {cost.describe()} per job; {'; '.join(reasons)} (lower the size, or raise the "
        "limit deliberately in the config's `limits` section)"
    )

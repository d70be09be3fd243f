"""Every public library function refuses bad arguments with an error naming the argument.

For every valid example call in tests/fuzz/cases_*.py, each numeric argument is replaced in turn by
NaN, +-inf, a negative number, zero and a huge size (1e12); the call must raise ``ValueError`` or
``TypeError`` whose message names the argument - never return garbage, never run out of memory,
never hang (each call has a time budget through pytest-timeout).
"""

from __future__ import annotations

import importlib
import math

import pytest

from tests.fuzz.cases_counting import CASES as COUNTING
from tests.fuzz.cases_diffusion import CASES as DIFFUSION
from tests.fuzz.cases_fano import CASES as FANO
from tests.fuzz.cases_katz import CASES as KATZ
from tests.fuzz.cases_multimode import CASES as MULTIMODE
from tests.fuzz.cases_pair_datasets import CASES as PAIR_DATASETS
from tests.fuzz.cases_pair_decoherence import CASES as PAIR_DECOHERENCE
from tests.fuzz.cases_pair_twa import CASES as PAIR_TWA
from tests.fuzz.cases_pairs import CASES as PAIRS
from tests.fuzz.cases_response import CASES as RESPONSE
from tests.fuzz.cases_twomode import CASES as TWOMODE

CASES = [
    *KATZ,
    *COUNTING,
    *TWOMODE,
    *MULTIMODE,
    *DIFFUSION,
    *FANO,
    *RESPONSE,
    *PAIRS,
    *PAIR_TWA,
    *PAIR_DECOHERENCE,
    *PAIR_DATASETS,
]


def _bad_values(case, name, value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return []
    bad = [math.nan, math.inf, -math.inf]
    if name not in case.may_be_negative:
        bad.append(-abs(value) - 1)
    if name not in case.may_be_zero and name not in case.may_be_negative:
        bad.append(0 if isinstance(value, int) else 0.0)
    if isinstance(value, int) and name not in case.unbounded:
        bad.append(10**12)
    if isinstance(value, int):
        bad.append(2.5)  # a fraction where a count is expected
    return bad


BAD_CALLS = [
    pytest.param(c, name, bad, id=f"{c.id}-{name}={bad!r}")
    for c in CASES
    for name, value in c.kwargs.items()
    for bad in _bad_values(c, name, value)
]


def _call(case, **override):
    func = getattr(importlib.import_module(f"spinbridge.{case.module}"), case.function)
    return func(**{**case.kwargs, **override})


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_example_call_is_valid(case):
    _call(case)


def test_every_public_function_of_the_physics_modules_is_covered():
    modules = {c.module for c in CASES}
    covered = {c.id for c in CASES}
    missing = []
    for name in sorted(modules):
        mod = importlib.import_module(f"spinbridge.{name}")
        for fn in getattr(mod, "__all__", []):
            obj = getattr(mod, fn)
            if callable(obj) and not isinstance(obj, type) and obj.__module__ == mod.__name__:
                if f"{name}.{fn}" not in covered:
                    missing.append(f"{name}.{fn}")
    assert len(BAD_CALLS) >= 200
    assert not missing, f"public functions without a fuzz case: {missing}"


@pytest.mark.timeout(20)
@pytest.mark.parametrize("case, name, bad", BAD_CALLS)
def test_a_bad_argument_is_refused_naming_it(case, name, bad):
    with pytest.raises((ValueError, TypeError)) as err:
        _call(case, **{name: bad})
    assert name in str(err.value), f"{case.id}({name}={bad!r}): {err.value}"

"""Valid example calls of the public library functions, for the bad-argument fuzz.

Each :class:`Case` is one valid call; the fuzz (tests/test_library_fuzz.py) replaces one numeric
argument at a time by a bad value and expects ``ValueError`` or ``TypeError`` naming that argument,
raised before any large allocation. Arguments that may legitimately be negative (a detuning, a
phase), zero, or arbitrarily large are listed so that those values are not used on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    """One valid call ``module.function(**kwargs)`` and what its numeric arguments may be."""

    module: str
    function: str
    kwargs: dict[str, Any]
    may_be_negative: frozenset[str] = field(default_factory=frozenset)
    may_be_zero: frozenset[str] = field(default_factory=frozenset)
    unbounded: frozenset[str] = field(default_factory=frozenset)  # no size guard applies

    @property
    def id(self) -> str:
        return f"{self.module}.{self.function}"


def case(module, function, may_be_negative=(), may_be_zero=(), unbounded=(), **kwargs) -> Case:
    return Case(
        module,
        function,
        kwargs,
        frozenset(may_be_negative),
        frozenset(may_be_zero),
        frozenset(unbounded),
    )

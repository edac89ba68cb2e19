"""What every answer kind offers the grader: read a student's text, score the value, show the expected one."""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol

from examgen.answers.parsing import Reading


class Score(NamedTuple):
    """The share of points in [0, 1] (None: equivalence could not be decided, status undecided) and an
    explanation for the student ("" when the share says it all)."""

    share: float | None
    note: str = ""


class Checker(Protocol):
    """Reads a student's text and scores the value against an expected value from the key."""

    def read(self, text: str, expected: Any) -> Reading:
        """The value the text stands for; raises Unreadable (status invalid)."""

    def score(self, value: Any, expected: Any) -> Score:
        """How much of the points `value` earns against `expected`."""

    def show(self, expected: Any) -> str:
        """The expected value as plain text for reports and feedback."""

"""From a key part's kind and tolerance to a checker that reads and scores a student's text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from examgen.answers import Exact, Integer, Matrix, MultipleChoice, Real, Shape, Vector
from examgen.answers.equivalence import Verdict
from examgen.answers.parsing import (Reading, Unreadable, as_fraction, normalize, parse_number, show_number,
                                     split_entries, strip_brackets)
from examgen.grading.checker import Checker, Score
from examgen.grading.expressions import ExpressionChecker, VerdictKey
from examgen.grading.policies import Settings


def show_exact(value: Any) -> str:
    """An expected value (number, or nested lists of numbers) as plain text."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        inner = ", ".join(show_exact(v) for v in value)
        return f"[{inner}]" if value and isinstance(value[0], list) else f"({inner})"
    return show_number(as_fraction(value))


def show_rounded(value: Any, decimals: int) -> str:
    """An expected real value (or nested lists of them) rounded to `decimals` places."""
    if isinstance(value, list):
        inner = ", ".join(show_rounded(v, decimals) for v in value)
        return f"[{inner}]" if value and isinstance(value[0], list) else f"({inner})"
    return f"{float(as_fraction(value)):.{decimals}f}"


@dataclass(frozen=True)
class Typed:
    """Integer, real, exact, shape, vector and matrix answers: the kind classes' own parse and score."""

    kind: Integer | Real | Exact | Shape | Vector | Matrix
    decimal_comma: bool
    decimals: int | None

    def read(self, text: str, expected: Any) -> Reading:
        return self.kind.parse(text, self.decimal_comma)

    def score(self, value: Any, expected: Any) -> Score:
        return Score(self.kind.score(value, expected))

    def show(self, expected: Any) -> str:
        return show_exact(expected) if self.decimals is None else show_rounded(expected, self.decimals)


@dataclass(frozen=True)
class Probability:
    """A probability: a number or a percentage (25 %), accepted within an absolute tolerance."""

    real: Real
    decimal_comma: bool

    def read(self, text: str, expected: Any) -> Reading:
        body = normalize(text)
        percent = body.endswith("%")
        value = parse_number(body.rstrip("%"), self.decimal_comma) / (100 if percent else 1)
        note = "" if 0 <= value <= 1 else " (not a probability)"
        return Reading(value, show_number(value) + note)

    def score(self, value: Fraction, expected: Any) -> Score:
        return Score(self.real.score(value, expected))

    def show(self, expected: Any) -> str:
        return show_rounded(expected, self.real.decimals)


@dataclass(frozen=True)
class Choice:
    """Multiple choice (any number of boxes) or single choice (exactly one letter), graded by option id."""

    policy: str
    single: bool

    def read(self, text: str, expected: Any) -> Reading:
        reading = MultipleChoice().parse(text, expected["options"])
        if self.single and len(reading.value) != 1:
            raise Unreadable(f"'{text.strip()}': tick exactly one option")
        return reading

    def score(self, value: frozenset[str], expected: Any) -> Score:
        return Score(MultipleChoice().score(value, expected, "all_or_nothing" if self.single else self.policy))

    def show(self, expected: Any) -> str:
        letters = [letter for letter, oid in expected["options"].items() if oid in expected["correct"]]
        return ", ".join(letters) or "no box ticked"


@dataclass(frozen=True)
class SetOf:
    """A set of numbers or words, in any order and brackets: {1, 2, 3}, a b c."""

    decimal_comma: bool

    def read(self, text: str, expected: Any) -> Reading:
        items = split_entries(strip_brackets(normalize(text)), self.decimal_comma)
        value = frozenset(self._item(item) for item in items)
        return Reading(value, "{" + ", ".join(sorted(map(str, value))) + "}")

    def _item(self, text: str) -> Fraction | str:
        try:
            return parse_number(text, self.decimal_comma)
        except Unreadable:
            if not re.fullmatch(r"[\w.+-]+", text):
                raise Unreadable(f"'{text}' is neither a number nor a word") from None
            return text.casefold()

    def score(self, value: frozenset[Fraction | str], expected: Any) -> Score:
        return Score(float(value == frozenset(self._expected_item(item) for item in expected)))

    def _expected_item(self, item: Any) -> Fraction | str:
        return item.casefold() if isinstance(item, str) and "/" not in item else as_fraction(item)

    def show(self, expected: Any) -> str:
        return "{" + ", ".join(str(item) for item in expected) + "}"


def _real(tolerance: dict[str, Any] | None, rel: float) -> Real:
    tolerance = tolerance or {}
    return Real(int(tolerance.get("decimals", 2)), float(tolerance.get("rel", rel)), tolerance.get("abs"))


def _array_tolerance(kind: type[Vector] | type[Matrix], tolerance: dict[str, Any] | None) -> Vector | Matrix:
    if tolerance is None:
        return kind()
    real = _real(tolerance, 0.01)
    return kind(real.decimals, real.rel_tol, real.abs_tol)


class Checkers:
    """The checkers of one grading run, built once per kind, tolerance and variables of a key part.

    `verdicts` are the equivalence verdicts already known for expressions (see expressions.resolve)."""

    def __init__(self, settings: Settings, verdicts: Mapping[VerdictKey, Verdict] | None = None) -> None:
        self.settings = settings
        self.verdicts = verdicts
        self._built: dict[tuple[Any, ...], Checker] = {}

    def for_part(self, part: Mapping[str, Any]) -> Checker:
        """The checker for a key part."""
        tolerance = part.get("tolerance")
        variables = part.get("variables")
        signature = (part["kind"], tuple(sorted(tolerance.items())) if tolerance else None,
                     tuple(variables) if variables else None)
        checker = self._built.get(signature)
        if checker is None:
            checker = self._built[signature] = self._build(part["kind"], tolerance, signature[2])
        return checker

    def _build(self, kind: str, tolerance: dict[str, Any] | None, variables: tuple[str, ...] | None) -> Checker:
        comma = self.settings.decimal_comma
        if kind in ("integer", "exact", "shape"):
            return Typed({"integer": Integer, "exact": Exact, "shape": Shape}[kind](), comma, None)
        if kind == "real":
            real = _real(tolerance, 0.0)
            return Typed(real, comma, real.decimals)
        if kind in ("vector", "matrix"):
            array = _array_tolerance(Vector if kind == "vector" else Matrix, tolerance)
            return Typed(array, comma, array.decimals)
        if kind == "probability":
            return Probability(_real(tolerance, 0.0), comma)
        if kind in ("multiple_choice", "single_choice"):
            return Choice(self.settings.multiple_choice, kind == "single_choice")
        if kind == "set":
            return SetOf(comma)
        if kind == "expression":
            return ExpressionChecker(comma, variables, self.verdicts)
        raise ValueError(f"no checker for answer kind {kind!r}")

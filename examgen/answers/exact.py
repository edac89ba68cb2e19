"""Exact rational answers (integers or fractions such as 3/2)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from examgen.answers.numbers import latex_number
from examgen.answers.parsing import Reading, as_fraction, parse_number


def exact_json(value: Any) -> int | str:
    """An exact number for JSON: an int, or a "p/q" string."""
    if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
        raise ValueError(f"expected an exact number (int or Fraction), got {value!r}")
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else str(value)


@dataclass(frozen=True)
class Exact:
    """A rational number that must be given exactly (as a fraction or a terminating decimal)."""

    name: str = "exact"

    def to_json(self, value: Any) -> int | str:
        return exact_json(value)

    def latex(self, value: Any) -> str:
        return latex_number(Fraction(value))

    def tolerance(self) -> None:
        return None

    def parse(self, text: str, decimal_comma: bool = False) -> Reading:
        """A fraction (3/2), an integer or a terminating decimal (1.5), read exactly."""
        value = parse_number(text, decimal_comma)
        return Reading(value, str(value))

    def score(self, value: Fraction, expected: Any) -> float:
        """1 for exactly the expected value (0.333 is not 1/3), else 0."""
        return float(value == as_fraction(expected))

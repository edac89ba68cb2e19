"""Integer answers: counts, sizes, exact gradient values."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from examgen.answers.parsing import Reading, as_fraction, parse_number, show_number


@dataclass(frozen=True)
class Integer:
    """An exact integer."""

    name: str = "integer"

    def to_json(self, value: Any) -> int:
        if isinstance(value, bool) or int(value) != value:
            raise ValueError(f"expected an integer answer, got {value!r}")
        return int(value)

    def latex(self, value: Any) -> str:
        return str(self.to_json(value))

    def tolerance(self) -> None:
        return None

    def parse(self, text: str, decimal_comma: bool = False) -> Reading:
        """Any exactly written number (1,234,567 / 1 234 567 / 1.2e6); a non-integer reads as itself."""
        value = parse_number(text, decimal_comma)
        note = "" if value.denominator == 1 else " (not a whole number)"
        return Reading(value, show_number(value) + note)

    def score(self, value: Fraction, expected: Any) -> float:
        """1 for exactly the expected integer, else 0."""
        return float(value == as_fraction(expected))

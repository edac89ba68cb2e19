"""Real-valued answers with a tolerance (relative, with an absolute floor)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from examgen.answers.numbers import latex_number
from examgen.answers.parsing import Reading, as_fraction, parse_number, show_number


@dataclass(frozen=True)
class Real:
    """A real number shown with `decimals` places; accepted within max(rel * |x|, abs)."""

    decimals: int = 2
    rel_tol: float = 0.01
    abs_tol: float | None = None
    name: str = "real"

    def to_json(self, value: Any) -> float:
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"a real answer must be finite, got {value!r}")
        return number

    def latex(self, value: Any) -> str:
        return latex_number(self.to_json(value), self.decimals)

    def tolerance(self) -> dict[str, float]:
        floor = self.abs_tol if self.abs_tol is not None else 0.5 * 10.0**-self.decimals
        return {"rel": self.rel_tol, "abs": floor, "decimals": self.decimals}

    def parse(self, text: str, decimal_comma: bool = False) -> Reading:
        """A number in any accepted notation (2.5, 2,5 with a decimal comma, 5/2, 2.5e0)."""
        value = parse_number(text, decimal_comma)
        return Reading(value, show_number(value))

    def score(self, value: Fraction, expected: Any) -> float:
        """1 within max(rel * |x|, abs) of the expected x (compared exactly, as written), else 0."""
        return float(self.accepts(value, as_fraction(expected)))

    def accepts(self, value: Fraction, expected: Fraction) -> bool:
        """Whether `value` lies within this kind's tolerance of `expected`."""
        tolerance = self.tolerance()
        bound = max(as_fraction(tolerance["rel"]) * abs(expected), as_fraction(tolerance["abs"]))
        return abs(value - expected) <= bound

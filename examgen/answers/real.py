"""Real-valued answers with a tolerance (relative, with an absolute floor)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from examgen.answers.numbers import latex_number


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

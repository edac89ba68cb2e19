"""Tensor-shape answers such as (C, H, W)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from examgen.answers.parsing import Reading, Unreadable, as_fraction, normalize, strip_brackets

SEPARATORS = re.compile(r"\s*[,;*xX\s]\s*")


@dataclass(frozen=True)
class Shape:
    """A tuple of positive integers in a stated layout."""

    layout: str = ""
    name: str = "shape"

    def to_json(self, value: Any) -> list[int]:
        dims = [int(d) for d in value]
        if any(d < 1 for d in dims):
            raise ValueError(f"a shape has positive dimensions, got {value!r}")
        return dims

    def latex(self, value: Any) -> str:
        return "(" + r",\ ".join(str(d) for d in self.to_json(value)) + ")"

    def tolerance(self) -> None:
        return None

    def parse(self, text: str, decimal_comma: bool = False) -> Reading:
        """Whole numbers in any bracket and separator: (16, 8, 8), 16x8x8, 16×8×8, [16,8,8], 16 8 8."""
        body = strip_brackets(normalize(text))
        dims = [d for d in SEPARATORS.split(body) if d]
        if not dims or not all(d.isdigit() for d in dims):
            raise Unreadable(f"'{body}' is not a shape; write it like (16, 8, 8) or 16x8x8")
        value = tuple(int(d) for d in dims)
        return Reading(value, "(" + ", ".join(map(str, value)) + ")")

    def score(self, value: tuple[int, ...], expected: Any) -> float:
        """1 for exactly the expected dimensions in the expected order, else 0."""
        return float(list(value) == [as_fraction(d) for d in expected])

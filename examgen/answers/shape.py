"""Tensor-shape answers such as (C, H, W)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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

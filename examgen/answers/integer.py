"""Integer answers: counts, sizes, exact gradient values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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

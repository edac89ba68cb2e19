"""Open answers graded by people: the key holds the points, the solutions show model answer and rubric."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Manual:
    """Points entered by a grader (the expected value is the model answer, shown in the solutions)."""

    name: str = "manual"

    def to_json(self, value: Any) -> None:
        if not isinstance(value, str):
            raise ValueError(f"an open question's expected value is its model answer text, got {value!r}")
        return None

    def latex(self, value: Any) -> str:
        return r"\text{see the model answer and rubric below}"

    def tolerance(self) -> None:
        return None

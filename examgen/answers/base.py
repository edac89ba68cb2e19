"""What every answer kind provides to the key and the documents."""

from __future__ import annotations

from typing import Any, Protocol


class AnswerKind(Protocol):
    """One kind of expected answer: how it is stored in the key and shown in the solutions."""

    name: str

    def to_json(self, value: Any) -> Any:
        """The expected value as typed JSON for answer_key.json."""

    def latex(self, value: Any) -> str:
        """The expected value as a LaTeX fragment for the solutions."""

    def tolerance(self) -> dict[str, Any] | None:
        """How far a student's answer may be from the value (None: exact)."""

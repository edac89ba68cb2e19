"""Multiple-choice answers, keyed by option id (letters are per student)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LETTERS = "ABCDEFGHIJ"


@dataclass(frozen=True)
class ChoiceValue:
    """The options one student sees, in order, and the ids of the correct ones."""

    shown: tuple[str, ...]
    correct: frozenset[str]

    def letters(self) -> str:
        """The correct letters for this student, e.g. "AC" ("" when no option is correct)."""
        return "".join(LETTERS[i] for i, oid in enumerate(self.shown) if oid in self.correct)


@dataclass(frozen=True)
class MultipleChoice:
    """Check every correct box (zero, one, several or all)."""

    name: str = "multiple_choice"

    def to_json(self, value: ChoiceValue) -> dict[str, Any]:
        return {
            "options": {LETTERS[i]: oid for i, oid in enumerate(value.shown)},
            "correct": [oid for oid in value.shown if oid in value.correct],
            "letters": value.letters(),
        }

    def latex(self, value: ChoiceValue) -> str:
        letters = value.letters()
        return r"\text{" + (", ".join(letters) if letters else "none") + "}"

    def tolerance(self) -> None:
        return None

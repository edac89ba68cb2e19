"""Multiple-choice answers, keyed by option id (letters are per student)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from examgen.answers.parsing import Reading, Unreadable, normalize

LETTERS = "ABCDEFGHIJ"
NONE_TICKED = {"-", "NONE", "KEINE", "KEIN", "0", "{}", "()", "[]", "\u2205"}
POLICIES = ("all_or_nothing", "per_box", "negative")


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

    def parse(self, text: str, options: Mapping[str, str]) -> Reading:
        """Ticked letters in any case and separation (AC, A,C, a c, {A; C}); '-' or 'none' for no box.
        The value is the set of ticked option ids (letters are this student's)."""
        body = normalize(text).upper()
        letters = "" if body in NONE_TICKED else re.sub(r"[\s,;/&+(){}\[\]]|\bUND\b|\bAND\b", "", body)
        unknown = sorted(set(letters) - set(options))
        if unknown:
            raise Unreadable(f"'{text.strip()}': {', '.join(unknown)} not among the options "
                             f"{', '.join(sorted(options))}")
        ticked = "".join(sorted(set(letters)))
        return Reading(frozenset(options[c] for c in ticked), ", ".join(ticked) or "no box ticked")

    def score(self, value: frozenset[str], expected: Mapping[str, Any], policy: str = "all_or_nothing") -> float:
        """The share of points for the ticked option ids under a policy: all_or_nothing (every box right),
        per_box (the share of boxes decided right) or negative (right minus wrong boxes, floor at zero)."""
        correct = set(expected["correct"])
        shown = list(expected["options"].values())
        right = sum((oid in value) == (oid in correct) for oid in shown)
        if policy == "all_or_nothing":
            return float(right == len(shown))
        if policy == "per_box":
            return right / len(shown)
        if policy == "negative":
            return max(0.0, (right - (len(shown) - right)) / len(shown))
        raise ValueError(f"unknown multiple-choice policy {policy!r}; use one of {', '.join(POLICIES)}")

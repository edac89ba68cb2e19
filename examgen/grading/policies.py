"""Scoring policies and the grade scale, as set in the exam spec (the key's "grading" object)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from examgen.answers.choice import POLICIES
from examgen.answers.parsing import as_fraction

DE_GRADES = ("4.0", "3.7", "3.3", "3.0", "2.7", "2.3", "2.0", "1.7", "1.3", "1.0")
DE_FAIL = "5.0"
SETTING_KEYS = {"multiple_choice", "followup_share", "decimal_comma", "scale", "pass_mark"}


def german_scale(pass_mark: Fraction) -> tuple[tuple[Fraction, str], ...]:
    """1.0 ... 4.0 in ten equal steps from the pass mark to 100 % (1.0 from 95 % with a 50 % pass mark), else 5.0."""
    step = (1 - pass_mark) / 10
    steps = tuple((pass_mark + i * step, grade) for i, grade in enumerate(DE_GRADES))
    return (*reversed(steps), (Fraction(0), DE_FAIL))


@dataclass(frozen=True)
class Settings:
    """How this exam is scored: multiple-choice policy, follow-up share, decimal mark, grade scale."""

    multiple_choice: str = "all_or_nothing"
    followup_share: float = 1.0
    decimal_comma: bool = False
    pass_mark: float = 0.5
    scale: tuple[tuple[Fraction, str], ...] = german_scale(Fraction(1, 2))

    def grade(self, points: float, max_points: float) -> str:
        """The grade for `points` out of `max_points`: the first step of the scale whose minimum share is met."""
        share = as_fraction(points) / as_fraction(max_points) if max_points else Fraction(0)
        return next(grade for minimum, grade in self.scale if share >= minimum)

    def passed(self, points: float, max_points: float) -> bool:
        """Whether the share of points reaches the pass mark."""
        return max_points > 0 and as_fraction(points) / as_fraction(max_points) >= as_fraction(self.pass_mark)


def settings_from_key(raw: Any, problems: list[str]) -> Settings:
    """The key's "grading" object (all fields optional); every bad field is added to `problems`."""
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        problems.append('"grading" must be an object')
        return Settings()
    for key in sorted(set(raw) - SETTING_KEYS):
        problems.append(f'"grading": unknown setting "{key}"; known: {", ".join(sorted(SETTING_KEYS))}')
    policy = raw.get("multiple_choice", "all_or_nothing")
    if policy not in POLICIES:
        problems.append(f'"grading": multiple_choice "{policy}" is not one of {", ".join(POLICIES)}')
        policy = "all_or_nothing"
    share = _share(raw, "followup_share", 1.0, problems)
    pass_mark = _share(raw, "pass_mark", 0.5, problems)
    decimal_comma = raw.get("decimal_comma", False)
    if not isinstance(decimal_comma, bool):
        problems.append('"grading": decimal_comma must be true or false')
        decimal_comma = False
    return Settings(policy, share, decimal_comma, pass_mark, _scale(raw.get("scale", "de"), pass_mark, problems))


def _share(raw: dict[str, Any], name: str, default: float, problems: list[str]) -> float:
    value = raw.get(name, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        problems.append(f'"grading": {name} must be a number from 0 to 1, got {value!r}')
        return default
    return float(value)


def _scale(raw: Any, pass_mark: float, problems: list[str]) -> tuple[tuple[Fraction, str], ...]:
    """"de", or a list of {"min": share, "grade": text} from the best grade down (the last with min 0)."""
    if raw == "de":
        return german_scale(as_fraction(pass_mark))
    steps = []
    if isinstance(raw, list):
        for step in raw:
            if isinstance(step, dict) and isinstance(step.get("min"), (int, float)) and "grade" in step:
                steps.append((as_fraction(step["min"]), str(step["grade"])))
    shares = [minimum for minimum, _ in steps]
    if not steps or len(steps) != len(raw) or shares != sorted(shares, reverse=True) or shares[-1] != 0:
        problems.append('"grading": scale must be "de" or a list of {"min": share, "grade": "..."} from the best '
                        "grade down, the last with min 0")
        return german_scale(as_fraction(pass_mark))
    return tuple(steps)

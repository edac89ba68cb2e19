"""The values grading produces: one result per part and per student."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["correct", "partial", "wrong", "invalid", "missing", "undecided"]
REVIEW: tuple[Status, ...] = ("invalid", "undecided")


@dataclass(frozen=True)
class Override:
    """Points a grader set for one part (wins over the automatic score), with the reason."""

    points: float
    comment: str


@dataclass(frozen=True)
class PartResult:
    """One part of one student: what they wrote, how it was read, status, points and why."""

    label: str
    problem: int
    raw: str
    reading: str
    status: Status
    points: float
    max_points: float
    expected: str
    feedback: str = ""
    auto_points: float = 0.0
    override: Override | None = None

    @property
    def needs_review(self) -> bool:
        """Invalid and undecided answers go to the review list until a grader overrides them."""
        return self.status in REVIEW and self.override is None


@dataclass(frozen=True)
class StudentResult:
    """One student's graded exam."""

    matrikel: str
    name: str
    exam_code: str
    parts: tuple[PartResult, ...]
    total: float
    max_points: float
    grade: str

    def problem_points(self, problem: int) -> float:
        """Points of this student in problem `problem` (1-based)."""
        return round(sum(p.points for p in self.parts if p.problem == problem), 2)

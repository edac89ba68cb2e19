"""Scoring every part of every student: read, score, follow-up and known-mistake credit, manual points,
overrides; in parallel worker processes for large exams."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from examgen.answers.parsing import Unreadable
from examgen.grading.followup import followup_credit
from examgen.grading.kinds import Checker, kind_from_key
from examgen.grading.policies import Settings
from examgen.grading.results import Override, PartResult, Status, StudentResult

CHUNK = 50


@dataclass(frozen=True)
class StudentInput:
    """Everything known about one student: their key entry, answers, manual points and overrides."""

    entry: Mapping[str, Any]
    answers: Mapping[str, str]
    manual: Mapping[str, float] = field(default_factory=dict)
    overrides: Mapping[str, Override] = field(default_factory=dict)


@dataclass
class Earlier:
    """What a student's earlier parts were read as, and which matched the key, for follow-up credit."""

    values: dict[str, Any] = field(default_factory=dict)
    right: set[str] = field(default_factory=set)


def status_for(points: float, max_points: float) -> Status:
    """correct for full points, wrong for none, partial in between."""
    return "correct" if points >= max_points else "wrong" if points <= 0 else "partial"


def grade_student(student: StudentInput, settings: Settings) -> StudentResult:
    """Score every part of one student's exam, in key order (follow-ups see the earlier parts)."""
    earlier = Earlier()
    parts = []
    for part in student.entry["parts"]:
        label = part["label"]
        if part["kind"] == "manual":
            result = _manual(part, student.manual.get(label))
        else:
            result = _automatic(part, student.answers.get(label, ""), settings, earlier)
        if label in student.overrides:
            result = _overridden(result, student.overrides[label])
        parts.append(result)
    total = round(sum(p.points for p in parts), 2)
    max_points = float(student.entry["total_points"])
    return StudentResult(student.entry["matrikel"], student.entry["name"], student.entry.get("exam_code", ""),
                         tuple(parts), total, max_points, settings.grade(total, max_points))


def _result(part: Mapping[str, Any], raw: str, reading: str, status: Status, share: float, expected: str,
            feedback: str) -> PartResult:
    points = round(share * float(part["points"]), 2)
    return PartResult(part["label"], int(part["problem"]), raw, reading, status, points, float(part["points"]),
                      expected, feedback, points)


def _manual(part: Mapping[str, Any], points: float | None) -> PartResult:
    if points is None:
        return _result(part, "", "", "undecided", 0.0, "graded by hand", "no points entered yet")
    status = status_for(points, float(part["points"]))
    return _result(part, "", "graded by hand", status, points / float(part["points"]), "graded by hand", "")


def _automatic(part: Mapping[str, Any], raw: str, settings: Settings, earlier: Earlier) -> PartResult:
    checker = kind_from_key(part["kind"], part.get("tolerance"), settings)
    expected = checker.show(part["expected"])
    if not raw.strip():
        return _result(part, raw, "", "missing", 0.0, expected, "")
    try:
        reading = checker.read(raw, part["expected"])
    except Unreadable as exc:
        return _result(part, raw, f"could not read: {exc}", "invalid", 0.0, expected,
                       "your answer could not be read; a grader will look at it")
    earlier.values[part["label"]] = reading.value
    share = checker.score(reading.value, part["expected"])
    if share is None:
        return _result(part, raw, reading.shown, "undecided", 0.0, expected,
                       "could not be decided automatically; a grader will look at it")
    feedback = ""
    if share == 1:
        earlier.right.add(part["label"])
    else:
        share, feedback = _best_alternative(part, checker, reading.value, settings, earlier, share)
    return _result(part, raw, reading.shown, status_for(share, 1.0), share, expected, feedback)


def _best_alternative(part: Mapping[str, Any], checker: Checker, value: Any, settings: Settings, earlier: Earlier,
                      share: float) -> tuple[float, str]:
    """The best of: the plain score, follow-up credit, a known mistake's credit (with its feedback)."""
    options = [(share, "")]
    followup = followup_credit(part, checker, value, earlier.values, earlier.right, settings.followup_share)
    if followup is not None:
        options.append(followup)
    for mistake in part.get("mistakes") or ():
        if checker.score(value, mistake["expected"]) == 1:
            note = mistake.get("feedback") or f"known mistake: {mistake['name']}"
            options.append((float(mistake.get("credit", 0.0)), note))
    return max(options, key=lambda option: (option[0], bool(option[1])))


def _overridden(result: PartResult, override: Override) -> PartResult:
    note = "points set by a grader" + (f": {override.comment}" if override.comment else "")
    feedback = "; ".join(filter(None, (result.feedback, note)))
    return replace(result, points=round(override.points, 2), status=status_for(override.points, result.max_points),
                   feedback=feedback, override=override)


def _grade_chunk(args: tuple[Sequence[StudentInput], Settings]) -> list[StudentResult]:
    students, settings = args
    return [grade_student(student, settings) for student in students]


def grade_all(students: Sequence[StudentInput], settings: Settings, jobs: int = 1,
              progress: Callable[[int], None] = lambda n: None) -> list[StudentResult]:
    """Grade all students, in `jobs` worker processes when there are many; `progress(n)` after each chunk."""
    chunks = [students[i:i + CHUNK] for i in range(0, len(students), CHUNK)]
    results: list[StudentResult] = []
    if jobs <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            results.extend(_grade_chunk((chunk, settings)))
            progress(len(chunk))
        return results
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk, graded in zip(chunks, pool.map(_grade_chunk, [(c, settings) for c in chunks])):
            results.extend(graded)
            progress(len(chunk))
    return results

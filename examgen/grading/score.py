"""Scoring every part of every student: read, score, follow-up and known-mistake credit, manual points,
overrides; in parallel worker processes for large exams."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from typing import Any

from examgen.answers.equivalence import Verdict
from examgen.answers.parsing import Unreadable
from examgen.grading.checker import Checker
from examgen.grading.expressions import Pending, VerdictKey, resolve
from examgen.grading.followup import followup_credit
from examgen.grading.kinds import Checkers
from examgen.grading.policies import Settings
from examgen.grading.results import Override, PartResult, Status, StudentResult

CHUNK = 50
Progress = Callable[[str, int], AbstractContextManager[Any]]
"""(label, length) -> a context manager giving an object with update(n), like click.progressbar."""


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


Graded = tuple[StudentResult, dict[int, VerdictKey]]
"""A student's result and the parts (by index) still waiting for an expression verdict."""


def status_for(points: float, max_points: float) -> Status:
    """correct for full points, wrong for none, partial in between."""
    return "correct" if points >= max_points else "wrong" if points <= 0 else "partial"


def grade_student(student: StudentInput, checkers: Checkers) -> Graded:
    """Score every part of one student's exam, in key order (follow-ups see the earlier parts)."""
    earlier = Earlier()
    parts: list[PartResult] = []
    pending: dict[int, VerdictKey] = {}
    for index, part in enumerate(student.entry["parts"]):
        try:
            parts.append(_grade_part(part, student, checkers, earlier))
        except Pending as wait:
            pending[index] = wait.key
            parts.append(_result(part, student.answers.get(part["label"], ""), "", "undecided", 0.0, "", ""))
    return _assemble(student, parts, checkers.settings), pending


def _grade_part(part: Mapping[str, Any], student: StudentInput, checkers: Checkers, earlier: Earlier) -> PartResult:
    label = part["label"]
    if part["kind"] == "manual":
        result = _manual(part, student.manual.get(label))
    else:
        result = _automatic(part, student.answers.get(label, ""), checkers, earlier)
    return _overridden(result, student.overrides[label]) if label in student.overrides else result


def _assemble(student: StudentInput, parts: Sequence[PartResult], settings: Settings) -> StudentResult:
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


def _automatic(part: Mapping[str, Any], raw: str, checkers: Checkers, earlier: Earlier) -> PartResult:
    checker = checkers.for_part(part)
    expected = checker.show(part["expected"])
    if not raw.strip():
        return _result(part, raw, "", "missing", 0.0, expected, "")
    try:
        reading = checker.read(raw, part["expected"])
    except Unreadable as exc:
        return _result(part, raw, f"could not read: {exc}", "invalid", 0.0, expected,
                       "your answer could not be read; a grader will look at it")
    earlier.values[part["label"]] = reading.value
    share, note = checker.score(reading.value, part["expected"])
    if share is None:
        return _result(part, raw, reading.shown, "undecided", 0.0, expected, note)
    if share == 1:
        earlier.right.add(part["label"])
    else:
        share, note = _best_alternative(part, checker, reading.value, checkers.settings, earlier, share, note)
    return _result(part, raw, reading.shown, status_for(share, 1.0), share, expected, note)


def _best_alternative(part: Mapping[str, Any], checker: Checker, value: Any, settings: Settings, earlier: Earlier,
                      share: float, note: str) -> tuple[float, str]:
    """The best of: the plain score, a known mistake's credit, follow-up credit; at equal credit a named
    mistake or a follow-up explains more than the plain score."""
    options = [(share, 0, note)]
    for mistake in part.get("mistakes") or ():
        if checker.score(value, mistake["expected"]).share == 1:
            named = mistake.get("feedback") or f"known mistake: {mistake['name']}"
            options.append((float(mistake.get("credit", 0.0)), 1, named))
    followup = followup_credit(part, checker, value, earlier.values, earlier.right, settings.followup_share)
    if followup is not None:
        options.append((followup[0], 2, followup[1]))
    best, _, feedback = max(options, key=lambda option: option[:2])
    return best, feedback


def _overridden(result: PartResult, override: Override) -> PartResult:
    note = "points set by a grader" + (f": {override.comment}" if override.comment else "")
    feedback = "; ".join(filter(None, (result.feedback, note)))
    return replace(result, points=round(override.points, 2), status=status_for(override.points, result.max_points),
                   feedback=feedback, override=override)


def _grade_chunk(args: tuple[Sequence[StudentInput], Settings]) -> list[Graded]:
    students, settings = args
    checkers = Checkers(settings)
    return [grade_student(student, checkers) for student in students]


def _regrade(student: StudentInput, graded: Graded, checkers: Checkers) -> Graded:
    """Grade a student's waiting parts again with more verdicts known. Expression parts depend on no earlier
    part (the key allows follow-up rules only on numeric parts), so they are graded on their own."""
    result, waiting = graded
    parts = list(result.parts)
    pending: dict[int, VerdictKey] = {}
    for index in waiting:
        try:
            parts[index] = _grade_part(student.entry["parts"][index], student, checkers, Earlier())
        except Pending as wait:
            pending[index] = wait.key
    return _assemble(student, parts, checkers.settings), pending


@contextmanager
def _mapper(jobs: int) -> Iterator[Callable[..., Any]]:
    """`map` over worker processes (or in this process for jobs=1)."""
    if jobs <= 1:
        yield map
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield pool.map


class _Silent:
    def update(self, n: int) -> None:
        """Progress is not shown."""


def _quiet(label: str, length: int) -> AbstractContextManager[Any]:
    return nullcontext(_Silent())


def grade_all(students: Sequence[StudentInput], settings: Settings, jobs: int = 1,
              progress: Progress = _quiet) -> list[StudentResult]:
    """Grade all students in chunks on `jobs` processes; then resolve the distinct expression pairs that need
    the full equivalence check (each once, in parallel) and grade those parts again."""
    chunks = [students[i:i + CHUNK] for i in range(0, len(students), CHUNK)]
    graded: list[Graded] = []
    verdicts: dict[VerdictKey, Verdict] = {}
    with _mapper(jobs) as mapper:
        with progress("Grading    ", len(students)) as bar:
            for chunk, done in zip(chunks, mapper(_grade_chunk, [(chunk, settings) for chunk in chunks])):
                graded.extend(done)
                bar.update(len(chunk))
        while keys := sorted({key for _, pending in graded for key in pending.values()} - verdicts.keys()):
            with progress("Expressions", len(keys)) as bar:
                for key, verdict in zip(keys, mapper(resolve, keys)):
                    verdicts[key] = verdict
                    bar.update(1)
            checkers = Checkers(settings, verdicts)
            graded = [_regrade(student, done, checkers) if done[1] else done
                      for student, done in zip(students, graded)]
    return [result for result, _ in graded]

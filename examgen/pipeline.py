"""plan -> instantiate -> solve: from spec, roster and secret to a frozen ExamBatch."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from examgen.errors import ExamgenError, SpecError
from examgen.question import Part, QuestionTemplate, SolvedQuestion
from examgen.registry import Registry
from examgen.seeding import derive_seed, rng
from examgen.params import MatrikelDigits, check_fixed
from examgen.spec import ExamSpec, Slot, Student


LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class PlacedPart:
    """A part as printed for one student: its label (P2.a), points and expected answer."""

    label: str
    letter: str
    part: Part
    points: float
    expected: Any


@dataclass(frozen=True)
class PlacedQuestion:
    """A solved question in its slot."""

    slot_label: str
    template: QuestionTemplate
    solved: SolvedQuestion
    parts: tuple[PlacedPart, ...]

    @property
    def points(self) -> float:
        return sum(p.points for p in self.parts)


@dataclass(frozen=True)
class ProblemInstance:
    """One problem of one student's exam."""

    number: int
    title: str
    questions: tuple[PlacedQuestion, ...]

    @property
    def points(self) -> float:
        return sum(q.points for q in self.questions)


@dataclass(frozen=True)
class StudentExam:
    """Everything that is personal in one exam."""

    student: Student
    exam_code: str
    problems: tuple[ProblemInstance, ...]

    @property
    def points(self) -> float:
        return sum(p.points for p in self.problems)


@dataclass(frozen=True)
class ExamBatch:
    """The frozen result of the pipeline; renderers only read it."""

    spec: ExamSpec
    exams: tuple[StudentExam, ...]


def split_points(total: float, weights: Sequence[float]) -> list[float]:
    """Share `total` over parts in proportion to weights, in half points, summing exactly to total."""
    units = round(total * 2)
    weight_sum = sum(weights)
    raw = [units * w / weight_sum for w in weights]
    shares = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - shares[i]), i))
    for i in order[: units - sum(shares)]:
        shares[i] += 1
    return [s / 2 for s in shares]


def slot_points(slot: Slot, template: QuestionTemplate) -> list[float]:
    """Points of each part of `template` when it fills `slot`."""
    weights = [part.points for part in template.parts]
    total = slot.points if slot.points is not None else sum(weights)
    return split_points(total, weights)


def check_spec(spec: ExamSpec, registry: Registry) -> None:
    """Every question id exists, every option is a valid parameter value, every part gets points and a letter."""
    for number, problem in enumerate(spec.problems, start=1):
        most_parts = 0
        for slot in problem.slots:
            sizes = []
            for qid in slot.qids:
                try:
                    template = registry.get(qid)
                    check_fixed(qid, template.params, slot.options.get(qid, {}))
                except ExamgenError as exc:
                    raise SpecError(f"{spec.path} line {slot.line}: {exc}") from None
                if template.kind == "open" and slot.points not in (None, template.parts[0].points):
                    raise SpecError(
                        f"{spec.path} line {slot.line}: the rubric of {qid} is worth {template.parts[0].points:g} "
                        f"points, the slot gives {slot.points:g}; make them equal or choose another question"
                    )
                if min(slot_points(slot, template)) <= 0:
                    raise SpecError(
                        f"{spec.path} line {slot.line}: {slot.points} points are too few for the "
                        f"{len(template.parts)} parts of {qid}; give at least {len(template.parts) / 2}"
                    )
                sizes.append(len(template.parts))
            most_parts += max(sizes)
        if most_parts > len(LETTERS):
            raise SpecError(
                f"{spec.path} line {problem.slots[0].line}: problem {number} can have {most_parts} parts, more than "
                f"the {len(LETTERS)} labels a) to z); split it into two problems"
            )


def exam_codes(spec: ExamSpec, students: Sequence[Student]) -> dict[str, str]:
    """`<course>-<yyyymmdd>-E<nnnn>`, numbered by sorted Matrikelnummer so row order does not matter."""
    course = re.sub(r"[^A-Za-z0-9]", "", spec.exam.course).upper() or "EXAM"
    day = spec.exam.date.strftime("%Y%m%d")
    width = max(4, len(str(len(students))))
    ordered = sorted(s.matrikel for s in students)
    return {m: f"{course}-{day}-E{i:0{width}d}" for i, m in enumerate(ordered, start=1)}


def instantiate_slot(
    spec: ExamSpec, registry: Registry, secret: bytes, student: Student, slot: Slot, slot_label: str
) -> tuple[QuestionTemplate, SolvedQuestion]:
    """Draw the slot's question for a student (one of a pool) and solve it."""
    exam_id = spec.exam.exam_id
    if slot.is_pool:
        pick = rng(derive_seed(secret, exam_id, student.matrikel, slot_label, "pool")).integers(len(slot.qids))
        qid = slot.qids[int(pick)]
    else:
        qid = slot.qids[0]
    template = registry.get(qid)
    seed = derive_seed(secret, exam_id, student.matrikel, slot_label, qid, str(template.version))
    fixed = dict(slot.options.get(qid, {}))
    for name, space in template.params.items():
        if isinstance(space, MatrikelDigits):
            fixed[name] = list(space.from_matrikel(student.matrikel))
    return template, template.solve(template.draw(seed, fixed))


def student_exam(spec: ExamSpec, registry: Registry, secret: bytes, student: Student, code: str) -> StudentExam:
    """One student's whole exam."""
    problems = []
    for number, problem in enumerate(spec.problems, start=1):
        letters = iter(LETTERS)
        questions = []
        for index, slot in enumerate(problem.slots, start=1):
            template, solved = instantiate_slot(spec, registry, secret, student, slot, f"P{number}.{index}")
            parts = []
            for part, points in zip(template.parts, slot_points(slot, template)):
                letter = next(letters)
                parts.append(PlacedPart(f"P{number}.{letter}", letter, part, points, solved.answers[part.name]))
            questions.append(PlacedQuestion(f"P{number}.{index}", template, solved, tuple(parts)))
        problems.append(ProblemInstance(number, problem.title, tuple(questions)))
    return StudentExam(student, code, tuple(problems))


def build_batch(
    spec: ExamSpec,
    registry: Registry,
    secret: bytes,
    students: Sequence[Student],
    progress: Callable[[int], None] | None = None,
) -> ExamBatch:
    """Plan, instantiate and solve every student's exam."""
    check_spec(spec, registry)
    codes = exam_codes(spec, students)
    exams = []
    for student in students:
        exams.append(student_exam(spec, registry, secret, student, codes[student.matrikel]))
        if progress is not None:
            progress(1)
    return ExamBatch(spec, tuple(exams))

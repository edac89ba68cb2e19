"""answer_key.json: the contract between building and grading (never contains the secret)."""

from __future__ import annotations

import json
from typing import Any

from examgen import __version__
from examgen.pipeline import ExamBatch, StudentExam

SCHEMA = "examgen-answer-key"
SCHEMA_VERSION = 1


def column_labels(batch: ExamBatch, manual: bool = False) -> list[str]:
    """Part labels in exam order: automatically graded ones, or (manual=True) the ones graders score.

    The union over students, since the questions of a pool may have different parts."""
    seen: dict[str, tuple[int, str]] = {}
    for exam in batch.exams:
        for problem in exam.problems:
            for question in problem.questions:
                for part in question.parts:
                    if (part.part.kind.name == "manual") == manual:
                        seen.setdefault(part.label, (problem.number, part.letter))
    return sorted(seen, key=lambda label: (seen[label][0], len(seen[label][1]), seen[label][1]))


def student_entry(exam: StudentExam) -> dict[str, Any]:
    """The key of one student: every part with its expected value and how to grade it."""
    parts = []
    for problem in exam.problems:
        for question in problem.questions:
            variant = question.solved.variant
            for placed in question.parts:
                parts.append({
                    "label": placed.label,
                    "problem": problem.number,
                    "slot": question.slot_label,
                    "qid": variant.qid,
                    "version": variant.version,
                    "seed": variant.seed,
                    "params": variant.params.to_json(),
                    "part": placed.part.name,
                    "kind": placed.part.kind.name,
                    "expected": placed.part.kind.to_json(placed.expected),
                    "tolerance": placed.part.kind.tolerance(),
                    "points": placed.points,
                })
    return {
        "matrikel": exam.student.matrikel,
        "name": exam.student.name,
        "exam_code": exam.exam_code,
        "total_points": exam.points,
        "parts": parts,
    }


def answer_key(batch: ExamBatch) -> dict[str, Any]:
    """The whole key as JSON-ready data."""
    info = batch.spec.exam
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "examgen_version": __version__,
        "exam": {
            "id": info.exam_id, "title": info.title, "course": info.course, "examiner": info.examiner,
            "date": info.date.isoformat(), "start": info.start, "duration_minutes": info.duration_minutes,
            "language": info.language,
            "problems": [problem.title for problem in batch.spec.problems],
        },
        "columns": column_labels(batch),
        "manual_columns": column_labels(batch, manual=True),
        "students": [student_entry(exam) for exam in batch.exams],
    }


def answer_key_json(batch: ExamBatch) -> str:
    """The key as stable, human-readable JSON text."""
    return json.dumps(answer_key(batch), indent=2, ensure_ascii=False) + "\n"

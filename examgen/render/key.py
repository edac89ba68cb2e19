"""answer_key.json: the contract between building and grading (never contains the secret)."""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction
from typing import Any

from examgen import __version__
import sympy

from examgen.answers.expr_grammar import to_text
from examgen.pipeline import ExamBatch, PlacedQuestion, StudentExam
from examgen.render.document import render_fragments

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


def _variable(label: str) -> str:
    return label.replace(".", "_")


def _expr(value: Any) -> sympy.Expr:
    """A template's formula term as a sympy object (ints and Fractions written by the template author)."""
    if isinstance(value, sympy.Basic):
        return value
    value = Fraction(value)
    return sympy.Rational(value.numerator, value.denominator)


def followup_entry(question: PlacedQuestion, part_name: str) -> dict[str, Any] | None:
    """The follow-up rule of a part in key form: formulas over the labels of the parts it depends on."""
    followup = question.solved.followups.get(part_name)
    if followup is None:
        return None
    labels = {placed.part.name: placed.label for placed in question.parts}
    renames, variables = {}, {}
    for name in followup.depends_on:
        label = labels[name]
        entries = question.solved.answers[name]
        if isinstance(entries, (list, tuple)):
            for i in range(1, len(entries) + 1):
                renames[sympy.Symbol(f"{name}_{i}")] = sympy.Symbol(f"{_variable(label)}_{i}")
                variables[f"{_variable(label)}_{i}"] = f"{label}[{i}]"
        else:
            renames[sympy.Symbol(name)] = sympy.Symbol(_variable(label))
            variables[_variable(label)] = label
    formulas = followup.formula if isinstance(followup.formula, (list, tuple)) else None
    with sympy.evaluate(False):  # renaming symbols needs no simplification (which is slow for Max)
        text = ([to_text(_expr(f).xreplace(renames)) for f in formulas] if formulas is not None
                else to_text(_expr(followup.formula).xreplace(renames)))
    return {"depends_on": [labels[name] for name in followup.depends_on], "formula": text, "variables": variables}


def student_entry(exam: StudentExam) -> dict[str, Any]:
    """The key of one student: every part with its expected value and how to grade it.

    The first part of each question also carries the worked solution (LaTeX) for the feedback files."""
    parts = []
    for problem in exam.problems:
        for question in problem.questions:
            variant = question.solved.variant
            solution = render_fragments(question, exam.student.matrikel, True, [question.template.solution])[0].strip()
            for index, placed in enumerate(question.parts):
                variables = getattr(placed.part.kind, "variables", None)
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
                    "mistakes": [
                        {"name": m.name, "expected": placed.part.kind.to_json(m.value), "credit": m.credit,
                         "feedback": m.feedback}
                        for m in question.solved.mistakes.get(placed.part.name, ())
                    ],
                    "followup": followup_entry(question, placed.part.name),
                    **({"variables": list(variables)} if variables is not None else {}),
                    **({"solution": solution} if index == 0 else {}),
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
        "grading": dataclasses.asdict(batch.spec.grading),
        "columns": column_labels(batch),
        "manual_columns": column_labels(batch, manual=True),
        "students": [student_entry(exam) for exam in batch.exams],
    }


def answer_key_json(batch: ExamBatch) -> str:
    """The key as stable, human-readable JSON text."""
    return json.dumps(answer_key(batch), indent=2, ensure_ascii=False) + "\n"

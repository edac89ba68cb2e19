"""Turns StudentExams into the LaTeX source of one exam or solutions document (many students)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from examgen.errors import BankError
from examgen.pipeline import PlacedQuestion, StudentExam
from examgen.render.latex import document_environment, render_fragment
from examgen.render.texts import texts
from examgen.spec import ExamInfo

MARKER = "% examgen-question"


@dataclass(frozen=True)
class QuestionSource:
    """Where a question came from, for error messages."""

    matrikel: str
    qid: str
    seed: int | None


def fragment_context(question: PlacedQuestion) -> dict[str, Any]:
    """Names a prompt or solution string can use: params, worked values, answers."""
    solved = question.solved
    params = dict(solved.variant.params)
    return {**params, **solved.answers, **solved.work, "p": solved.variant.params, "work": solved.work, "answers": solved.answers}


def render_question(question: PlacedQuestion, matrikel: str, solutions: bool) -> dict[str, Any]:
    """The LaTeX pieces of one question for the document template."""
    context = fragment_context(question)
    variant = question.solved.variant
    try:
        prompt = render_fragment(question.template.prompt, context)
        solution = render_fragment(question.template.solution, context) if solutions else ""
    except jinja2.TemplateError as exc:
        raise BankError(
            f"{variant.qid} (seed {variant.seed}, student {matrikel}): the prompt or solution does not render: {exc}"
        ) from None
    parts = [
        {
            "letter": placed.letter,
            "label": placed.part.label,  # LaTeX written by the template author
            "points": placed.points,
            "space": placed.part.space_cm,
            "answer": placed.part.kind.latex(placed.expected),
        }
        for placed in question.parts
    ]
    marker = f"{MARKER} {matrikel} {variant.qid} {variant.seed}"
    return {"marker": marker, "prompt": prompt, "solution": solution, "parts": parts}


def end_time(info: ExamInfo) -> str:
    """The exam's end time from its start and duration."""
    start = dt.datetime.combine(info.date, dt.time.fromisoformat(info.start))
    return (start + dt.timedelta(minutes=info.duration_minutes)).strftime("%H:%M")


def document_source(info: ExamInfo, exams: Sequence[StudentExam], solutions: bool) -> str:
    """LaTeX for the exams (or solutions) of several students, each starting at page 1."""
    students = []
    for exam in exams:
        problems = [
            {
                "number": problem.number,
                "title": problem.title,
                "points": problem.points,
                "questions": [render_question(q, exam.student.matrikel, solutions) for q in problem.questions],
            }
            for problem in exam.problems
        ]
        students.append({
            "name": exam.student.name, "matrikel": exam.student.matrikel, "code": exam.exam_code,
            "problems": problems, "points": exam.points,
            "has_choice": any(q.template.kind == "multiple_choice" for p in exam.problems for q in p.questions),
        })
    template = document_environment().get_template("solutions.tex.j2" if solutions else "exam.tex.j2")
    return template.render(
        info=info, end=end_time(info), date=info.date.isoformat(), students=students, t=texts(info.language),
    )


def question_at_line(source: str, line: int) -> QuestionSource | None:
    """The question whose LaTeX contains `line` (1-based), found from the markers."""
    found = None
    for number, text in enumerate(source.splitlines(), start=1):
        if number > line:
            break
        if text.startswith(MARKER):
            matrikel, qid, seed = text[len(MARKER):].split()
            found = QuestionSource(matrikel, qid, None if seed == "None" else int(seed))
    return found

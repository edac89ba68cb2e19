"""Turns StudentExams into the LaTeX source of one exam or solutions document (many students)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from examgen.errors import BankError
from examgen.pipeline import PlacedQuestion, StudentExam
from examgen.render.latex import document_environment, render_fragment
from examgen.render.qr import qr_latex
from examgen.render.texts import texts
from examgen.spec import ExamInfo

MARKER = "% examgen-question"
STUDENT_START = "\n%examgen-student\n"
STUDENTS_END = "\n%examgen-end\n"
TOTAL_LINE = "\\renewcommand{\\examgentotal}{%s}"
QR_MODULE_MM = 0.9


@dataclass(frozen=True)
class QuestionSource:
    """Where a question came from, for error messages."""

    matrikel: str
    qid: str
    seed: int | None


def fragment_context(question: PlacedQuestion, solutions: bool) -> dict[str, Any]:
    """Names a prompt or solution string can use: params, answers, worked values, and which document it is."""
    solved = question.solved
    params = dict(solved.variant.params)
    return {**params, **solved.answers, **solved.work, "p": solved.variant.params, "work": solved.work,
            "answers": solved.answers, "solutions": solutions}


def grader_steps(points: float) -> list[str]:
    """The scores a grader can tick in the margin: 0, 1, ..., max (and max itself when it is a half)."""
    steps = [str(i) for i in range(int(points) + 1)]
    return steps if points == int(points) else [*steps, f"{points:g}"]


def render_fragments(question: PlacedQuestion, matrikel: str, solutions: bool, fragments: Sequence[str]) -> list[str]:
    """Render a question's prompt, solution or label strings with the student's numbers."""
    context = fragment_context(question, solutions)
    try:
        return [render_fragment(fragment, context) for fragment in fragments]
    except jinja2.TemplateError as exc:
        variant = question.solved.variant
        raise BankError(
            f"{variant.qid} (seed {variant.seed}, student {matrikel}): the prompt or solution does not render: {exc}"
        ) from None


def render_question(question: PlacedQuestion, matrikel: str, solutions: bool) -> dict[str, Any]:
    """The LaTeX pieces of one question for the document template."""
    variant = question.solved.variant
    template = question.template
    fragments = [template.prompt, template.solution if solutions else "", *(p.part.label for p in question.parts)]
    prompt, solution, *labels = render_fragments(question, matrikel, solutions, fragments)
    parts = [
        {
            "letter": placed.letter,
            "label": label,
            "points": placed.points,
            "space": placed.part.space_cm,
            "answer": placed.part.kind.latex(placed.expected) if solutions else "",
            "grader_steps": grader_steps(placed.points),
        }
        for placed, label in zip(question.parts, labels)
    ]
    marker = f"{MARKER} {matrikel} {variant.qid} {variant.seed}"
    letters = [placed.letter for placed in question.parts]
    span = letters[0] if len(letters) == 1 else f"{letters[0]}--{letters[-1]}"
    return {"marker": marker, "prompt": prompt, "solution": solution, "parts": parts, "letters": span}


def end_time(info: ExamInfo) -> str:
    """The exam's end time from its start and duration."""
    start = dt.datetime.combine(info.date, dt.time.fromisoformat(info.start))
    return (start + dt.timedelta(minutes=info.duration_minutes)).strftime("%H:%M")


@dataclass(frozen=True)
class DocumentSource:
    """A rendered document cut into its preamble, one piece per student, and its end: page totals can be filled
    in and students left out without rendering again. Each student's piece starts with the line that sets the
    page total ("page X of Y"); a total not filled in is computed from the .aux file of a previous LaTeX run."""

    head: str
    students: tuple[str, ...]
    tail: str

    @classmethod
    def cut(cls, text: str) -> DocumentSource:
        """Cut a rendered template at its %examgen-student lines and its %examgen-end line."""
        body, separator, end = text.partition(STUDENTS_END)
        head, *students = body.split(STUDENT_START)
        if not separator:
            raise ValueError("a document template must mark each student's pages and the end of the students")
        return cls(head, tuple(students), end)

    def text(self, totals: Mapping[int, int] | None = None) -> str:
        """The LaTeX of every student, or with `totals` (0-based index -> page total) of those students only."""
        if totals is None:
            pieces = list(self.students)
        else:
            pieces = [TOTAL_LINE % totals[i] + "\n" + self.students[i].partition("\n")[2] for i in sorted(totals)]
        return self.head + "".join(STUDENT_START + piece for piece in pieces) + STUDENTS_END + self.tail


def document_source(info: ExamInfo, exams: Sequence[StudentExam], solutions: bool) -> DocumentSource:
    """The exams (or solutions) of several students, each starting at page 1."""
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
            "qr": qr_latex(exam.exam_code, QR_MODULE_MM), "problems": problems, "points": exam.points,
            "has_choice": any(q.template.kind == "multiple_choice" for p in exam.problems for q in p.questions),
        })
    template = document_environment().get_template("solutions.tex.j2" if solutions else "exam.tex.j2")
    return DocumentSource.cut(template.render(
        info=info, end=end_time(info), date=info.date.isoformat(), students=students, t=texts(info.language),
    ))


def answer_sheet_source(info: ExamInfo, exams: Sequence[StudentExam]) -> DocumentSource:
    """LaTeX for one answer sheet page per student: a labelled box per automatically graded part."""
    students = [
        {
            "name": exam.student.name, "matrikel": exam.student.matrikel, "code": exam.exam_code,
            "qr": qr_latex(exam.exam_code, QR_MODULE_MM),
            "labels": [placed.label for problem in exam.problems for question in problem.questions
                       for placed in question.parts if placed.part.kind.name != "manual"],
        }
        for exam in exams
    ]
    template = document_environment().get_template("answer_sheet.tex.j2")
    return DocumentSource.cut(template.render(info=info, students=students, t=texts(info.language)))


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

"""One feedback file per student (Markdown): each answer as written and as read, points, status, the correct
answer with the student's own numbers, and the worked solution when the key carries one."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from examgen.grading.keyfile import Key
from examgen.grading.reports import fmt
from examgen.grading.results import PartResult, StudentResult

CHOICE_KINDS = ("multiple_choice", "single_choice")
TEXTS: dict[str, dict[str, str]] = {
    "en": {"feedback": "Feedback", "matrikel": "Matriculation number", "exam_code": "Exam code",
           "total": "Total", "points": "points", "grade": "grade", "problem": "Problem", "answer": "Your answer",
           "read": "Read as", "correct_answer": "Correct answer", "numbers": "Your numbers", "note": "Note",
           "solution": "Worked solution", "none": "(none)",
           "correct": "correct", "partial": "partly correct", "wrong": "wrong", "invalid": "could not be read",
           "missing": "no answer", "undecided": "awaiting a grader"},
    "de": {"feedback": "Rückmeldung", "matrikel": "Matrikelnummer", "exam_code": "Klausurcode",
           "total": "Summe", "points": "Punkte", "grade": "Note", "problem": "Aufgabe", "answer": "Ihre Antwort",
           "read": "Gelesen als", "correct_answer": "Richtige Antwort", "numbers": "Ihre Zahlen",
           "note": "Hinweis", "solution": "Lösungsweg", "none": "(keine)",
           "correct": "richtig", "partial": "teilweise richtig", "wrong": "falsch", "invalid": "nicht lesbar",
           "missing": "keine Antwort", "undecided": "wird von Hand bewertet"},
}


def feedback_text(key: Key, result: StudentResult) -> str:
    """The Markdown feedback of one student."""
    t = TEXTS.get(key.language, TEXTS["en"])
    lines = [f"# {key.title}: {t['feedback']}", "",
             f"{result.name}, {t['matrikel']} {result.matrikel}" +
             (f", {t['exam_code']} {result.exam_code}" if result.exam_code else ""), "",
             f"**{t['total']}: {fmt(result.total)} / {fmt(result.max_points)} {t['points']}, "
             f"{t['grade']} {result.grade}**"]
    entries = key.students[result.matrikel]["parts"]
    shown_solutions: set[str] = set()
    for number, title in enumerate(key.problems, start=1):
        parts = [(p, e) for p, e in zip(result.parts, entries) if p.problem == number]
        if not parts:
            continue
        lines += ["", f"## {t['problem']} {number}: {title} ({fmt(result.problem_points(number))} / "
                      f"{fmt(sum(p.max_points for p, _ in parts))} {t['points']})"]
        for part, entry in parts:
            lines += _part_lines(part, entry, t)
            solution = entry.get("solution")
            slot = entry.get("slot", part.label)
            if solution and slot not in shown_solutions:
                shown_solutions.add(slot)
                lines += ["", f"**{t['solution']}:**", "", str(solution).strip()]
    return "\n".join(lines) + "\n"


def _part_lines(part: PartResult, entry: Mapping[str, Any], t: dict[str, str]) -> list[str]:
    lines = ["", f"### {part.label}: {fmt(part.points)} / {fmt(part.max_points)} {t['points']}, {t[part.status]}", ""]
    if entry["kind"] != "manual":
        lines.append(f"- {t['answer']}: {_code(part.raw) if part.raw.strip() else t['none']}")
        if part.reading:
            lines.append(f"- {t['read']}: {part.reading}")
        lines.append(f"- {t['correct_answer']}: {part.expected}")
    params = entry.get("params")
    if params and entry["kind"] not in CHOICE_KINDS:
        lines.append(f"- {t['numbers']}: " + ", ".join(f"{name} = {_plain(value)}" for name, value in params.items()))
    if part.feedback:
        lines.append(f"- {t['note']}: {part.feedback}")
    return lines


def _code(text: str) -> str:
    return "`" + " ".join(text.split()).replace("`", "'") + "`"


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "(" + ", ".join(_plain(v) for v in value) + ")"
    return str(value)


def write_feedback(folder: Path, key: Key, results: list[StudentResult]) -> None:
    """feedback/<matrikel>.md for every graded student."""
    folder.mkdir()
    for result in results:
        (folder / f"{result.matrikel}.md").write_text(feedback_text(key, result), encoding="utf-8")

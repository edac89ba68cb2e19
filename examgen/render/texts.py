"""Everything examgen itself prints in a document, in English and German."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "examiner": "Examiner", "date": "Date", "time": "Time", "duration": "Duration", "minutes": "minutes",
        "resources": "Allowed resources", "none": "none", "name": "Name", "matrikel": "Matriculation number",
        "exam_code": "Exam code", "page": "Page", "of": "of", "problem": "Problem", "credits": "credits",
        "credit": "credit", "total": "Total", "solution": "Solution", "worked_solution": "Worked solution",
        "answer": "Answer", "pages_problems": "This exam consists of {pages} pages with {problems} problems "
        "and a total of {credits} credits. Check now that your copy is complete.",
        "mc_rule": "Multiple choice: any number of options may be correct, including none or all. "
        "Cross every correct box; a question earns its credits only if every box is marked correctly.",
        "keep_together": "Do not detach pages. Write with a pen, not in red or green.",
        "solutions_title": "Solutions",
    },
    "de": {
        "examiner": "Prüfer", "date": "Datum", "time": "Zeit", "duration": "Dauer", "minutes": "Minuten",
        "resources": "Erlaubte Hilfsmittel", "none": "keine", "name": "Name", "matrikel": "Matrikelnummer",
        "exam_code": "Klausurcode", "page": "Seite", "of": "von", "problem": "Aufgabe", "credits": "Punkte",
        "credit": "Punkt", "total": "Summe", "solution": "Lösung", "worked_solution": "Lösungsweg",
        "answer": "Antwort", "pages_problems": "Diese Klausur umfasst {pages} Seiten mit {problems} Aufgaben "
        "und insgesamt {credits} Punkten. Prüfen Sie jetzt, ob Ihr Exemplar vollständig ist.",
        "mc_rule": "Multiple Choice: Beliebig viele Antworten können richtig sein, auch keine oder alle. "
        "Kreuzen Sie jede richtige Antwort an; eine Frage gibt nur Punkte, wenn alle Kästchen richtig markiert sind.",
        "keep_together": "Trennen Sie keine Seiten ab. Schreiben Sie mit Stift, nicht in Rot oder Grün.",
        "solutions_title": "Lösungen",
    },
}


def texts(language: str) -> dict[str, str]:
    """The printed texts for a spec language."""
    return TEXTS[language]

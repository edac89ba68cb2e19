"""Everything examgen itself prints in a document, in English and German."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "examiner": "Examiner", "date": "Date", "time": "Time", "minutes": "minutes",
        "resources": "Allowed resources", "none": "none", "name": "Name", "matrikel": "Matriculation number",
        "exam_code": "Exam code", "page": "Page", "of": "of", "problem": "Problem", "credits": "credits",
        "credit": "credit", "total": "Total", "solution": "Solution", "worked_solutions": "Worked solutions",
        "answer": "Answer", "pages_problems": "This exam consists of {pages} pages with {problems} problems and a "
        "total of {credits} credits. Check now that your copy is complete and that the name and number above are yours.",
        "mc_rule": "Multiple choice: any number of options may be correct, including none or all. Mark an option "
        "with a cross; to undo a cross, fill the box completely; to mark a filled box again, circle it. A question earns "
        "its credits only if every box is marked correctly.",
        "rules": "Do not detach pages. Write with a permanent pen, not in red or green, not with a pencil. "
        "Turn off all electronic devices and keep them out of reach.",
        "extra_space": "Additional space for solutions. Clearly mark the (sub)problem your answer belongs to, note "
        "in that problem's box that you continued here, and strike out anything that should not be graded.",
        "blank_page": "This page is intentionally left blank.",
        "graders": "Graders only", "true": "true", "false": "false", "answer_sheet": "Answer sheet",
        "answer_sheet_note": "Write each final answer into the box with its label, exactly one answer per box.",
    },
    "de": {
        "examiner": "Prüfer", "date": "Datum", "time": "Zeit", "minutes": "Minuten",
        "resources": "Erlaubte Hilfsmittel", "none": "keine", "name": "Name", "matrikel": "Matrikelnummer",
        "exam_code": "Klausurcode", "page": "Seite", "of": "von", "problem": "Aufgabe", "credits": "Punkte",
        "credit": "Punkt", "total": "Summe", "solution": "Lösung", "worked_solutions": "Lösungswege",
        "answer": "Antwort", "pages_problems": "Diese Klausur umfasst {pages} Seiten mit {problems} Aufgaben und "
        "insgesamt {credits} Punkten. Prüfen Sie jetzt, ob Ihr Exemplar vollständig ist und ob Name und Nummer oben "
        "Ihre sind.",
        "mc_rule": "Multiple Choice: Beliebig viele Antworten können richtig sein, auch keine oder alle. Kreuzen Sie "
        "eine Antwort an; zum Zurücknehmen füllen Sie das Kästchen vollständig aus; um ein gefülltes Kästchen wieder "
        "anzukreuzen, kreisen Sie es ein. Eine Frage gibt nur Punkte, wenn alle Kästchen richtig markiert sind.",
        "rules": "Trennen Sie keine Seiten ab. Schreiben Sie mit dokumentenechtem Stift, nicht in Rot oder Grün und "
        "nicht mit Bleistift. Schalten Sie alle elektronischen Geräte aus und verstauen Sie sie.",
        "extra_space": "Zusätzlicher Platz für Lösungen. Markieren Sie deutlich, zu welcher (Teil-)Aufgabe Ihre "
        "Antwort gehört, vermerken Sie im Kasten der Aufgabe, dass Sie hier weiterschreiben, und streichen Sie alles, "
        "was nicht bewertet werden soll.",
        "blank_page": "Diese Seite bleibt absichtlich leer.",
        "graders": "Nur für Korrektur", "true": "richtig", "false": "falsch", "answer_sheet": "Antwortbogen",
        "answer_sheet_note": "Tragen Sie jedes Endergebnis in das Kästchen mit seiner Bezeichnung ein, genau eine "
        "Antwort pro Kästchen.",
    },
}


def texts(language: str) -> dict[str, str]:
    """The printed texts for a spec language."""
    return TEXTS[language]

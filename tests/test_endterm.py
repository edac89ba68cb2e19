"""The example endterm: 8 problems, 90 credits, every student's own numbers and multiple-choice selection."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, SECRET_TEXT, pdf_pages, run_cli


def test_thirty_students_get_thirty_different_90_credit_exams(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("matrikel,name\n" + "".join(f"0361{i:04d},Student {i}\n" for i in range(1, 31)))
    secret = tmp_path / "course.secret"
    secret.write_text(SECRET_TEXT)
    out = tmp_path / "out"
    result = run_cli("build", EXAMPLES / "i2dl-endterm.toml", "--roster", roster, "--out", out, "--secret-file", secret)
    assert result.exit_code == 0, result.output
    key = json.loads((out / "answer_key.json").read_text(encoding="utf-8"))
    students = key["students"]
    assert len(students) == 30 and all(s["total_points"] == 90 for s in students)
    assert len(key["exam"]["problems"]) == 8

    def variant(student: dict) -> str:
        return json.dumps([(p["qid"], p["params"]) for p in student["parts"]])

    assert len({variant(s) for s in students}) == 30
    first, second = students[0]["parts"], students[1]["parts"]
    numbers = [(a["params"], b["params"]) for a, b in zip(first, second) if a["qid"] == b["qid"] and a["kind"] != "multiple_choice"]
    assert any(a != b for a, b in numbers)
    choices = lambda parts: [tuple(p["expected"]["options"].values()) for p in parts if p["kind"] == "multiple_choice"]
    assert len(choices(first)) == 9 and choices(first) != choices(second)
    for student in students[:3]:
        pages = pdf_pages(out / "exams" / f"{student['matrikel']}.pdf")
        assert "with 8 problems and a total of 90 credits" in pages[0].replace("\n", " ")
        assert len(pages) % 2 == 0
    solution_lengths = set()
    for student in students:  # worked solutions vary in length: every "page X of Y" must still be right
        pages = pdf_pages(out / "solutions" / f"{student['matrikel']}.pdf")
        solution_lengths.add(len(pages))
        assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert len(solution_lengths) > 1

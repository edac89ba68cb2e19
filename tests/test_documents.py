"""Print-ready documents: QR code, page layout, solutions aligned with the exam, answer sheets, German, atomicity."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import examgen.output
from conftest import EXAMPLES, SECRET_TEXT, pdf_pages, run_cli


def build(tmp_path: Path, *extra: str, spec: Path = EXAMPLES / "exam.toml") -> tuple[Path, object]:
    secret = tmp_path / "s.secret"
    secret.write_text(SECRET_TEXT)
    out = tmp_path / "out"
    result = run_cli("build", spec, "--roster", EXAMPLES / "roster.csv", "--out", out, "--secret-file", secret, *extra)
    return out, result


def test_cover_qr_code_decodes_to_the_exam_code(demo_build: Path, tmp_path: Path) -> None:
    assert shutil.which("zbarimg"), "zbarimg (zbar-tools) is required; `make test` installs it"
    key = json.loads((demo_build / "answer_key.json").read_text(encoding="utf-8"))
    for student in key["students"]:
        png = tmp_path / student["matrikel"]
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile",
                        demo_build / "exams" / f"{student['matrikel']}.pdf", png], check=True)
        decoded = subprocess.run(["zbarimg", "-q", "--raw", f"{png}.png"], capture_output=True, text=True, check=True)
        assert decoded.stdout.strip() == student["exam_code"]


def test_exam_layout_conventions(demo_build: Path) -> None:
    pages = pdf_pages(demo_build / "exams" / "03612345.pdf")
    assert len(pages) % 2 == 0
    cover = pages[0]
    for text in ("Examiner", "Prof. Dr. Ada Example", "2026-08-03", "08:00 – 09:30", "one handwritten A4 sheet",
                 "Multiple choice: any number of options", "Graders only", "P1", "P4", "Total"):
        assert text in cover, text
    assert re.search(r"Problem 1: Multiple choice \(4 credits\)", pages[1])
    assert re.search(r"a\) multiple choice\s+\(2 credits\)", pages[1])
    body = "\n".join(pages)
    assert body.count("Additional space for solutions") == 2


def test_solutions_keep_the_exam_pages(demo_build: Path) -> None:
    """Page N of the exam is page N of the solutions: every problem heading and part label on the same page."""
    exam = pdf_pages(demo_build / "exams" / "03612345.pdf")
    solutions = pdf_pages(demo_build / "solutions" / "03612345.pdf")
    assert len(solutions) > len(exam)
    heading = re.compile(r"(Problem \d+: [^\n(]+|^[a-z]\) .+?\(\d+(?:\.5)? credits?\))", re.MULTILINE)
    for number, (exam_page, solution_page) in enumerate(zip(exam, solutions), start=1):
        assert [h.strip() for h in heading.findall(exam_page)] == [h.strip() for h in heading.findall(solution_page)], number
        assert "Solution" in solution_page and "Solution" not in exam_page
    assert "Worked solutions" in solutions[len(exam)]


def test_answer_sheet_has_one_box_per_csv_column(tmp_path: Path) -> None:
    out, result = build(tmp_path, "--answer-sheet")
    assert result.exit_code == 0, result.output
    key = json.loads((out / "answer_key.json").read_text(encoding="utf-8"))
    for student in key["students"]:
        pages = [p.replace("\u2019", "'") for p in pdf_pages(out / "answer_sheets" / f"{student['matrikel']}.pdf")]
        assert len(pages) == 1
        assert f"{student['exam_code']}-AS" in pages[0] and student["name"] in pages[0]
        assert re.findall(r"P\d+\.[a-z]", pages[0]) == key["columns"]


def test_german_texts(tmp_path: Path) -> None:
    spec = tmp_path / "de.toml"
    spec.write_text((EXAMPLES / "exam.toml").read_text(encoding="utf-8").replace('language = "en"', 'language = "de"'))
    out, result = build(tmp_path, spec=spec)
    assert result.exit_code == 0, result.output
    pages = pdf_pages(out / "exams" / "03612345.pdf")
    assert f"Seite 1 von {len(pages)}" in pages[0] and "Matrikelnummer" in pages[0] and "Prüfer" in pages[0]
    assert "Aufgabe 2: Convolutional networks (8 Punkte)" in "\n".join(pages)
    assert "Lösung" in pdf_pages(out / "solutions" / "03612345.pdf")[0]


def test_interrupted_build_leaves_no_partial_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the first chunk's PDFs are being written: nothing of the build may remain."""
    calls = []
    real = examgen.output._Document.source

    def interrupted(self, chunk):
        calls.append(self.kind)
        if len(calls) == 4:  # after both probes and the first chunk's solutions were handed to a worker
            raise KeyboardInterrupt
        return real(self, chunk)

    monkeypatch.setattr(examgen.output._Document, "source", interrupted)
    _, result = build(tmp_path, "--jobs", "2")
    assert result.exit_code == 1 and "Aborted" in result.output and calls == ["solutions", "exam", "solutions", "solutions"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.secret"]

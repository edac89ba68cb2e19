"""End to end: `examgen build` on the example, read back with pdftotext."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
from pathlib import Path

import pikepdf

from examgen.pipeline import build_batch
from examgen.registry import load_registry
from examgen.render.document import render_question
from examgen.spec import load_roster, load_spec

from conftest import EXAMPLES, SECRET_TEXT, pdf_pages, run_cli

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text.replace("\u2212", "-")))


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(tmp_path: Path, name: str, secret: str = SECRET_TEXT, *extra: str) -> tuple[Path, object]:
    secret_file = tmp_path / f"{name}.secret"
    secret_file.write_text(secret, encoding="utf-8")
    out = tmp_path / name
    result = run_cli("build", EXAMPLES / "exam.toml", "--roster", EXAMPLES / "roster.csv", "--out", out,
                     "--secret-file", secret_file, *extra)
    return out, result


def test_one_exam_and_one_solution_per_student(demo_build: Path) -> None:
    students = load_roster(EXAMPLES / "roster.csv")
    for folder in ("exams", "solutions"):
        assert sorted(p.name for p in (demo_build / folder).iterdir()) == sorted(f"{s.matrikel}.pdf" for s in students)
    key = json.loads((demo_build / "answer_key.json").read_text(encoding="utf-8"))
    assert key["schema_version"] == 1 and [s["matrikel"] for s in key["students"]] == [s.matrikel for s in students]
    rows = list(csv.reader((demo_build / "answers_template.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["matrikel", "name", *key["columns"]]
    assert [r[0] for r in rows[1:]] == [s.matrikel for s in students] and "P2.a" in key["columns"]


def test_key_holds_what_grading_needs_and_never_the_secret(demo_build: Path) -> None:
    text = (demo_build / "answer_key.json").read_text(encoding="utf-8")
    assert SECRET_TEXT not in text
    student = json.loads(text)["students"][0]
    assert student["total_points"] == 23.5 == sum(p["points"] for p in student["parts"])
    part = next(p for p in student["parts"] if p["qid"] == "cnn.conv_output_shape")
    assert set(part) == {"label", "problem", "slot", "qid", "version", "seed", "params", "part", "kind",
                         "expected", "tolerance", "points", "mistakes", "followup", "solution"}
    assert part["kind"] == "shape" and len(part["expected"]) == 3 and part["points"] == 3
    assert f"({part['expected'][0]}, {part['expected'][1]}, {part['expected'][2]})" in part["solution"]
    ce = next(p for p in student["parts"] if p["part"] == "ce")
    assert ce["kind"] == "real" and ce["tolerance"]["abs"] == 0.002


def test_rebuild_is_byte_identical_and_another_secret_changes_numbers(tmp_path: Path, demo_build: Path) -> None:
    again, result = build(tmp_path, "again", SECRET_TEXT, "--jobs", "1")  # on a machine with another core count
    assert result.exit_code == 0, result.output
    assert digests(again) == digests(demo_build)
    other, result = build(tmp_path, "other", "a-completely-different-secret-42")
    assert result.exit_code == 0, result.output
    params = lambda folder: [[p["params"] for p in s["parts"]] for s in
                             json.loads((folder / "answer_key.json").read_text(encoding="utf-8"))["students"]]
    assert params(other) != params(demo_build)
    assert digests(other)["exams/03612345.pdf"] != digests(demo_build)["exams/03612345.pdf"]


def test_every_page_shows_student_code_and_page_of_total(demo_build: Path) -> None:
    key = json.loads((demo_build / "answer_key.json").read_text(encoding="utf-8"))
    for student in key["students"]:
        for folder in ("exams", "solutions"):
            pages = pdf_pages(demo_build / folder / f"{student['matrikel']}.pdf")
            assert len(pages) >= 2
            for number, page in enumerate(pages, start=1):
                page = page.replace("\u2019", "'")  # LaTeX sets an apostrophe as a typographic one
                assert f"{student['exam_code']}-{number:02d}" in page
                assert f"Page {number} of {len(pages)}" in page
                assert student["name"] in page and f"({student['matrikel']})" in page
            cover = pages[0]
            assert "Matriculation number" in cover and student["exam_code"] in cover
            assert f"consists of {len(pages)} pages with 4 problems" in cover


def test_names_with_latex_specials_print_verbatim(demo_build: Path) -> None:
    assert "Ana & Ben_Smith" in pdf_pages(demo_build / "exams" / "03600042.pdf")[0]
    assert "Zoë Ñúñez-O\u2019Brien" in pdf_pages(demo_build / "exams" / "03698765.pdf")[0]


def test_exam_pdf_leaks_no_answers(demo_build: Path) -> None:
    """Answer values that do not occur in the prompts are in the solutions, never in the exam (text or metadata)."""
    spec = load_spec(EXAMPLES / "exam.toml")
    batch = build_batch(spec, load_registry(), SECRET_TEXT.encode(), load_roster(EXAMPLES / "roster.csv"))
    for exam in batch.exams:
        visible: set[str] = set()
        answers: set[str] = set()
        for problem in exam.problems:
            for question in problem.questions:
                visible |= numbers(render_question(question, exam.student.matrikel, False)["prompt"])
                for placed in question.parts:
                    visible |= numbers(placed.part.label) | numbers(f"{placed.points:g}")
                    if placed.part.kind.name != "multiple_choice":
                        answers |= numbers(placed.part.kind.latex(placed.expected))
        distinctive = {a for a in answers - visible if "." in a or abs(float(a)) >= 10}
        assert len(distinctive) >= 3, distinctive
        exam_pdf = demo_build / "exams" / f"{exam.student.matrikel}.pdf"
        body = "\n".join("\n".join(page.strip().splitlines()[1:-1]) for page in pdf_pages(exam_pdf)[1:])
        solutions = "\n".join(pdf_pages(demo_build / "solutions" / f"{exam.student.matrikel}.pdf"))
        assert distinctive.isdisjoint(numbers(body)), distinctive & numbers(body)
        assert distinctive <= numbers(solutions), distinctive - numbers(solutions)
        with pikepdf.open(exam_pdf) as document:
            metadata = " ".join(str(v) for v in document.docinfo.values())
        assert distinctive.isdisjoint(numbers(metadata)) and "olution" not in metadata
        boxes = [pl for p in exam.problems for q in p.questions for pl in q.parts if pl.part.space_cm > 0]
        assert "Worked solutions" not in body and "Answer:" not in body and "Correct:" not in body
        assert solutions.count("Worked solutions") == 1 and solutions.count("Answer:") == len(boxes)
        for question in (q for p in exam.problems for q in p.questions if q.template.kind == "multiple_choice"):
            letters = question.solved.answers["choice"].letters()
            assert f"Correct: {', '.join(letters) if letters else 'none'}." in solutions


def test_students_get_different_numbers(demo_build: Path) -> None:
    key = json.loads((demo_build / "answer_key.json").read_text(encoding="utf-8"))
    by_student = [{p["label"]: p["params"] for p in s["parts"]} for s in key["students"]]
    assert by_student[0] != by_student[1] != by_student[2]


def test_no_pdf_writes_tex_only(tmp_path: Path) -> None:
    out, result = build(tmp_path, "tex", SECRET_TEXT, "--no-pdf")
    assert result.exit_code == 0, result.output
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert files == ["answer_key.json", "answers_template.csv",
                     *[f"exams/{m}.tex" for m in ("03600042", "03612345", "03698765")],
                     *[f"solutions/{m}.tex" for m in ("03600042", "03612345", "03698765")]]
    assert r"\begin{document}" in (out / "exams" / "03612345.tex").read_text(encoding="utf-8")


def test_no_pdf_tex_file_prints_its_page_total_after_two_latex_runs(tmp_path: Path) -> None:
    out, result = build(tmp_path, "tex", SECRET_TEXT, "--no-pdf")
    assert result.exit_code == 0, result.output
    folder = out / "solutions"
    for _ in range(2):
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "03612345.tex"], cwd=folder, capture_output=True)
        assert run.returncode == 0, run.stdout[-2000:]
    pages = pdf_pages(folder / "03612345.pdf")
    assert len(pages) > 2
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))


def test_existing_output_needs_force(tmp_path: Path) -> None:
    out, result = build(tmp_path, "twice", SECRET_TEXT, "--no-pdf")
    assert result.exit_code == 0
    (out / "keep.txt").write_text("mine")
    _, result = build(tmp_path, "twice", SECRET_TEXT, "--no-pdf")
    assert result.exit_code == 1 and "pass --force" in result.stderr and (out / "keep.txt").exists()
    _, result = build(tmp_path, "twice", SECRET_TEXT, "--no-pdf", "--force")
    assert result.exit_code == 0 and not (out / "keep.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_practice_sheet_variants(tmp_path: Path) -> None:
    result = run_cli("sheet", EXAMPLES / "exam.toml", "--variants", "3", "--out", tmp_path / "sheet")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "sheet" / "sheets").iterdir()) == [
        "variant-1.pdf", "variant-2.pdf", "variant-3.pdf"]
    assert len(list((tmp_path / "sheet" / "solutions").iterdir())) == 3
    key = json.loads((tmp_path / "sheet" / "answer_key.json").read_text(encoding="utf-8"))
    assert len({json.dumps([p["params"] for p in s["parts"]]) for s in key["students"]}) == 3
    assert "Variant 2" in pdf_pages(tmp_path / "sheet" / "sheets" / "variant-2.pdf")[0]

"""Symbolic answers end to end: other forms are proven equal once per distinct answer, wrong ones get a
counterexample, and grading in parallel gives the same sheet as grading in one process."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from gradingkit import answers_csv, key, part, part_rows, read_rows, write_key

EXPECTED = "x*sigmoid(x)*(1 - sigmoid(x))"
FORMS = ["x·σ(x)(1−σ(x))", "x*exp(-x)/(1 + exp(-x))^2", "x*sigmoid(x)^2", "x*(1-x)", "x(1-x)"]
STATUS = ["correct", "correct", "wrong", "wrong", "invalid"]


def students(count: int) -> list[tuple[str, str, list[dict]]]:
    return [(f"0{3600000 + i:07d}", f"Student {i}", [part("P1.a", "expression", EXPECTED, 2, variables=["x"]),
                                                      part("P1.b", "integer", i, 1)]) for i in range(count)]


def sheet(count: int) -> dict[str, dict[str, str]]:
    return {f"0{3600000 + i:07d}": {"P1.a": FORMS[i % len(FORMS)], "P1.b": str(i if i % 3 else i + 1)}
            for i in range(count)}


def grade_with(tmp_path: Path, name: str, count: int, jobs: int) -> Path:
    data = key(students(count))
    out = tmp_path / name
    answers = answers_csv(tmp_path, data, sheet(count))
    result = run_cli("grade", "--key", write_key(tmp_path, data), "--answers", answers, "--out", out,
                     "--jobs", str(jobs))
    assert result.exit_code == 0, result.output
    assert "Grading" in result.stderr                              # the progress bar
    return out


def test_expression_answers_in_every_form(tmp_path: Path) -> None:
    rows = part_rows(grade_with(tmp_path, "out", len(FORMS), 1) / "gradebook.sqlite")
    got = [rows[f"0{3600000 + i:07d}", "P1.a"] for i in range(len(FORMS))]
    assert [row["status"] for row in got] == STATUS
    assert [row["points"] for row in got] == [2, 2, 0, 0, 0]
    assert got[2]["feedback"].startswith("not equivalent: at x = ") and "the expected one" in got[2]["feedback"]
    assert got[4]["reading"].startswith("could not read: ")
    assert got[0]["expected"] == EXPECTED


def test_parallel_grading_gives_the_same_sheet(tmp_path: Path) -> None:
    serial = grade_with(tmp_path, "serial", 120, 1)
    parallel = grade_with(tmp_path, "parallel", 120, 2)
    assert read_rows(serial / "results.csv") == read_rows(parallel / "results.csv")
    assert {k: (r["status"], r["points"], r["feedback"]) for k, r in part_rows(serial / "gradebook.sqlite").items()} \
        == {k: (r["status"], r["points"], r["feedback"]) for k, r in part_rows(parallel / "gradebook.sqlite").items()}

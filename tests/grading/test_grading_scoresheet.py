"""A hand-made exam with known right, wrong, invalid, missing and partial answers gives exactly the expected
score sheet: statuses, points, readings, review list, results and grades."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradingkit import answers_csv, grade, key, part, part_rows, read_rows, write_csv, write_key

MC = {"options": {"A": "relu", "B": "bias", "C": "dropout", "D": "pooling"}, "correct": ["relu", "dropout"],
      "letters": "AC"}
PARTS = [
    part("P1.a", "integer", 1234567, 2), part("P1.b", "real", 2.555, 2, {"rel": 0.0, "abs": 0.002, "decimals": 3}),
    part("P1.c", "exact", "3/2", 1), part("P2.a", "shape", [16, 8, 8], 2), part("P2.b", "vector", [1, -2, "1/2"], 1),
    part("P2.c", "matrix", [[1, 2], [3, 4]], 2), part("P3.a", "multiple_choice", MC, 2),
    part("P3.b", "expression", "2*x + 1", 1), part("P4.a", "manual", None, 3),
]
STUDENTS = [("03600001", "Anna Alpha", PARTS), ("03600002", "Bernd Beta", PARTS), ("03600003", "Ceyda Çelik", PARTS)]
ANSWERS = {
    "03600001": {"P1.a": "1 234 567", "P1.b": "2.556", "P1.c": "1.5", "P2.a": "16×8×8", "P2.b": "(1, −2, 0.5)",
                 "P2.c": "1 2; 3 4", "P3.a": "ca", "P3.b": "1 + 2x"},
    "03600002": {"P1.a": "1234568", "P1.b": "2.56", "P1.c": "three halves", "P2.a": "", "P2.b": "(1,-2)",
                 "P2.c": "[[1,3],[2,4]]", "P3.a": "AE", "P3.b": "2x+"},
    "03600003": {"P1.a": "1.234567e6", "P1.b": "2,555", "P1.c": "0.333", "P2.a": "(16,8,8)", "P2.b": "1; -2; 1/2",
                 "P2.c": "", "P3.a": "A", "P3.b": "2*x+1"},
}
EXPECTED = {  # (status, points) per student and part
    "03600001": ["correct 2", "correct 2", "correct 1", "correct 2", "correct 1", "correct 2", "correct 2", "correct 1",
                 "correct 3"],
    "03600002": ["wrong 0", "wrong 0", "correct 1", "missing 0", "wrong 0", "wrong 0", "invalid 0", "invalid 0",
                 "partial 1.5"],
    "03600003": ["correct 2", "wrong 0", "wrong 0", "correct 2", "correct 1", "missing 0", "wrong 0", "correct 1",
                 "undecided 0"],
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scoresheet")
    data = key(STUDENTS)
    manual = write_csv(folder, "manual.csv", [["matrikel", "column", "points"], ["03600001", "P4.a", "3"],
                                              ["03600002", "P4.a", "1,5"]])
    overrides = write_csv(folder, "overrides.csv", [["matrikel", "column", "points", "comment"],
                                                    ["03600002", "P1.c", "1", "wrote 3/2 in words"]])
    result = grade(write_key(folder, data), answers_csv(folder, data, ANSWERS), folder / "out",
                   "--manual", manual, "--overrides", overrides)
    assert result.exit_code == 0, result.output
    return folder / "out"


def test_every_part_gets_exactly_the_expected_status_and_points(graded: Path) -> None:
    rows = part_rows(graded / "gradebook.sqlite")
    for matrikel, expected in EXPECTED.items():
        got = [f"{rows[matrikel, p['label']]['status']} {rows[matrikel, p['label']]['points']:g}" for p in PARTS]
        assert got == expected, matrikel


def test_readings_show_how_each_answer_was_understood(graded: Path) -> None:
    rows = part_rows(graded / "gradebook.sqlite")
    assert rows["03600001", "P1.a"]["reading"] == "1234567"
    assert rows["03600001", "P3.a"]["reading"] == "A, C"
    assert rows["03600003", "P1.b"]["reading"] == "2555"          # a comma groups thousands in this exam
    assert rows["03600002", "P3.a"]["reading"].startswith("could not read: 'AE': E not among the options")
    assert rows["03600002", "P1.c"]["auto_points"] == 0 and rows["03600002", "P1.c"]["override_points"] == 1


def test_invalid_and_undecided_answers_go_to_the_review_list(graded: Path) -> None:
    review = [(r["matrikel"], r["column"], r["status"]) for r in read_rows(graded / "review.csv")]
    assert review == [("03600002", "P3.a", "invalid"), ("03600002", "P3.b", "invalid"),
                      ("03600003", "P4.a", "undecided")]          # the overridden P1.c is settled


def test_results_have_points_per_problem_total_and_grade(graded: Path) -> None:
    results = read_rows(graded / "results.csv")
    assert [(r["matrikel"], r["P1"], r["P2"], r["P3"], r["P4"], r["total"], r["max_points"], r["grade"], r["review"])
            for r in results] == [
        ("03600001", "5", "5", "3", "3", "16", "16", "1.0", "0"),
        ("03600002", "1", "0", "0", "1.5", "2.5", "16", "5.0", "2"),
        ("03600003", "2", "3", "1", "0", "6", "16", "5.0", "1"),
    ]

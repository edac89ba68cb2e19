"""The gradebook keeps raw answers, readings, statuses, points, overrides and every run; re-grading is
idempotent and reports whose points changed (e.g. after a fix of the key)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gradingkit import answers_csv, grade, key, part, part_rows, write_csv, write_key

STUDENTS = [("03600001", "Anna", [part("P1.a", "integer", 12, 2), part("P1.b", "integer", 7, 1)]),
            ("03600002", "Bernd", [part("P1.a", "integer", 12, 2), part("P1.b", "integer", 7, 1)])]
ANSWERS = {"03600001": {"P1.a": "12", "P1.b": "8"}, "03600002": {"P1.a": "11", "P1.b": "7"}}


def tables(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as connection:
        return {name: connection.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall()
                for name in ("students", "parts", "history", "meta")}


def test_regrading_the_same_inputs_changes_nothing_but_the_run_log(tmp_path: Path) -> None:
    data = key(STUDENTS)
    key_path, answers = write_key(tmp_path, data), answers_csv(tmp_path, data, ANSWERS)
    first = grade(key_path, answers, tmp_path / "out")
    before = tables(tmp_path / "out" / "gradebook.sqlite")
    results = (tmp_path / "out" / "results.csv").read_bytes()
    second = grade(key_path, answers, tmp_path / "out")
    assert first.exit_code == second.exit_code == 0
    assert "No student's points changed since run 1." in second.stdout
    assert tables(tmp_path / "out" / "gradebook.sqlite") == before
    assert (tmp_path / "out" / "results.csv").read_bytes() == results
    with sqlite3.connect(tmp_path / "out" / "gradebook.sqlite") as connection:
        assert connection.execute("SELECT run, students, changed_students FROM runs").fetchall() == [(1, 2, 0),
                                                                                                    (2, 2, 0)]


def test_a_key_fix_reports_the_students_whose_points_changed(tmp_path: Path) -> None:
    data = key(STUDENTS)
    answers = answers_csv(tmp_path, data, ANSWERS)
    grade(write_key(tmp_path, data), answers, tmp_path / "out")
    data["students"][0]["parts"][1]["expected"] = 8                   # the key was wrong for Anna's P1.b
    result = grade(write_key(tmp_path, data), answers, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Points changed since run 1 for 1 student:" in result.stdout
    assert "  03600001 Anna: 2 -> 3 (P1.b 0 -> 1)" in result.stdout
    assert "03600002" not in result.stdout.split("Points changed")[1]
    with sqlite3.connect(tmp_path / "out" / "gradebook.sqlite") as connection:
        history = connection.execute("SELECT run, matrikel, label, status, points FROM history "
                                     "WHERE label = 'P1.b' ORDER BY run, matrikel").fetchall()
    assert history == [(1, "03600001", "P1.b", "wrong", 0), (1, "03600002", "P1.b", "correct", 1),
                       (2, "03600001", "P1.b", "correct", 1)]


def test_raw_answers_readings_and_overrides_are_kept(tmp_path: Path) -> None:
    data = key(STUDENTS)
    overrides = write_csv(tmp_path, "overrides.csv", [["matrikel", "column", "points", "comment"],
                                                      ["03600002", "P1.a", "1", "sign slip, method right"]])
    db = tmp_path / "elsewhere" / "book.sqlite"
    result = grade(write_key(tmp_path, data), answers_csv(tmp_path, data, ANSWERS), tmp_path / "out",
                   "--overrides", overrides, "--db", db)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out" / "gradebook.sqlite").exists()
    row = part_rows(db)["03600002", "P1.a"]
    assert (row["raw"], row["reading"], row["auto_points"], row["points"], row["override_comment"]) == \
        ("11", "11", 0, 1, "sign slip, method right")
    assert row["status"] == "partial" and row["feedback"] == "points set by a grader: sign slip, method right"

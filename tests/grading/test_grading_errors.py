"""Bad grading inputs stop with exit code 1, list every problem at once, and write nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gradingkit import answers_csv, grade, key, part, write_csv, write_key

PARTS = [part("P1.a", "integer", 3), part("P1.b", "real", 0.5, 1, {"rel": 0.0, "abs": 0.01, "decimals": 2}),
         part("P2.a", "manual", None, 2)]
STUDENTS = [("03600001", "Anna Alpha", PARTS), ("03600002", "Bernd Beta", PARTS)]


def assert_nothing_written(tmp_path: Path) -> None:
    assert not (tmp_path / "out").exists()
    assert not list(tmp_path.glob("*.sqlite")) and not list(tmp_path.glob(".out*"))


def test_every_problem_of_the_answers_file_is_listed(tmp_path: Path) -> None:
    key_path = write_key(tmp_path, key(STUDENTS))
    answers = write_csv(tmp_path, "answers.csv", [
        ["matrikel", "name", "P1.a", "P9.z"],                     # P1.b missing, P9.z unknown
        ["03600001", "Anna Alpha", "3", ""],
        ["03600001", "Anna Alpha", "3", ""],                      # duplicate
        ["3600002", "Bernd Beta", "3", ""],                       # leading zero lost
        ["03699999", "Nobody", "3", ""],                          # unknown
        ["03600002", "Berta Beta", "3", ""],                      # name does not match
        ["03600002", "Bernd Beta", "3"],                          # too few fields
    ])
    result = grade(key_path, answers, tmp_path / "out")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "examgen: error: cannot grade, 7 problems found (nothing was written):"
    assert lines[1:] == [
        f"  {answers} line 1: missing answer column(s) P1.b",
        f"  {answers} line 1: column 'P9.z' is not in the key (its columns are P1.a, P1.b)",
        f"  {answers} line 3: matrikel 03600001 already appears on line 2",
        f"  {answers} line 4: matrikel '3600002' is not in the key (did you mean 03600002? a spreadsheet may have "
        f"dropped a leading zero)",
        f"  {answers} line 5: matrikel '03699999' is not in the key",
        f"  {answers} line 6: name 'Berta Beta' does not match 'Bernd Beta' in the key for 03600002",
        f"  {answers} line 7: 3 fields, the header has 4",
    ]
    assert_nothing_written(tmp_path)


def test_manual_points_and_overrides_are_checked_too(tmp_path: Path) -> None:
    data = key(STUDENTS)
    manual = write_csv(tmp_path, "manual.csv", [["matrikel", "column", "points"], ["03600001", "P2.a", "3"],
                                                ["03600001", "P1.a", "1"], ["03600002", "P2.a", "x"],
                                                ["03600002", "P2.a", "1"], ["03600002", "P2.a", "2"]])
    overrides = write_csv(tmp_path, "overrides.csv", [["matrikel", "column", "points", "reason"],
                                                      ["03600002", "P3.a", "1", "?"]])
    result = grade(write_key(tmp_path, data), answers_csv(tmp_path, data, {"03600001": {}, "03600002": {}}),
                   tmp_path / "out", "--manual", manual, "--overrides", overrides)
    assert result.exit_code == 1
    for problem in [f"{manual} line 2: 3 points for P2.a, which is worth 2",
                    f"{manual} line 3: column 'P1.a' is not an open question of the key; change automatic points "
                    "with --overrides",
                    f"{manual} line 4: points 'x' is not a number",
                    f"{manual} line 6: 03600002 P2.a already appears on line 5",
                    f"{overrides} line 1: unknown column 'reason'; expected matrikel,column,points,comment",
                    f"{overrides} line 2: column 'P3.a' is not a column of the key"]:
        assert f"  {problem}" in result.stderr.splitlines(), problem
    assert_nothing_written(tmp_path)


def test_the_answers_of_another_exam(tmp_path: Path) -> None:
    ours = key(STUDENTS)
    theirs = key([("04700001", "Zoe Zeta", [part("P1.a", "integer", 1), part("P1.c", "integer", 2)])],
                 exam_id="other-exam")
    result = grade(write_key(tmp_path, ours), answers_csv(tmp_path, theirs, {"04700001": {"P1.a": "1"}}),
                   tmp_path / "out")
    assert result.exit_code == 1
    assert "none of its Matrikelnummern is in the key: are these the answers of another exam than 'test-exam'?" \
        in result.stderr
    assert "missing answer column(s) P1.b" in result.stderr and "column 'P1.c' is not in the key" in result.stderr
    assert_nothing_written(tmp_path)


def test_a_gradebook_of_another_exam(tmp_path: Path) -> None:
    theirs = key(STUDENTS, exam_id="other-exam")
    db = tmp_path / "book.sqlite"
    assert grade(write_key(tmp_path, theirs, "theirs.json"), answers_csv(tmp_path, theirs, {"03600001": {}}),
                 tmp_path / "first", "--db", db).exit_code == 0
    before = db.read_bytes()
    ours = key(STUDENTS)
    result = grade(write_key(tmp_path, ours), answers_csv(tmp_path, ours, {"03600001": {}}), tmp_path / "out",
                   "--db", db)
    assert result.exit_code == 1
    assert f"{db}: a gradebook of exam 'other-exam', but the key is for exam 'test-exam'" in result.stderr
    assert db.read_bytes() == before and not (tmp_path / "out").exists()


@pytest.mark.parametrize("content, problem", [
    ("not json", "not an answer key (invalid JSON"),
    (json.dumps({"schema": "something-else"}), "not an examgen answer key"),
    (json.dumps({"schema": "examgen-answer-key", "schema_version": 9}), "key schema version 9"),
])
def test_a_file_that_is_no_key(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "key.json").write_text(content, encoding="utf-8")
    answers = write_csv(tmp_path, "answers.csv", [["matrikel", "name"]])
    result = grade(tmp_path / "key.json", answers, tmp_path / "out")
    assert result.exit_code == 1 and problem in result.stderr
    assert_nothing_written(tmp_path)


def test_key_problems_are_all_listed(tmp_path: Path) -> None:
    data = key(STUDENTS, grading={"multiple_choice": "generous"})
    data["students"][0]["parts"][0]["kind"] = "poem"
    data["students"][1]["parts"].append(part("P1.x", "integer", 1))
    result = grade(write_key(tmp_path, data), write_csv(tmp_path, "a.csv", [["matrikel", "name"]]), tmp_path / "out")
    assert result.exit_code == 1
    assert "3 problems found" in result.stderr
    assert "student 03600001, part P1.a: unknown answer kind 'poem'" in result.stderr
    assert "student 03600002, part P1.x: not in the columns" in result.stderr
    assert '"grading": multiple_choice "generous" is not one of all_or_nothing, per_box, negative' in result.stderr


def test_spreadsheet_exports_are_read(tmp_path: Path) -> None:
    """Semicolons, a byte-order mark, header cells in another case and quoted multi-line cells are fine."""
    data = key(STUDENTS, grading={"decimal_comma": True})
    answers = tmp_path / "answers.csv"
    answers.write_bytes("\ufeffMatrikel;Name;p1.a;P1.B\r\n03600001;Anna Alpha;3;\"0,5\"\r\n"
                        "03600002;BERND  BETA;\"\n3\";0,49\r\n".encode("utf-8"))
    result = grade(write_key(tmp_path, data), answers, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "2 students: mean 2 / 4 points" in result.stdout


def test_a_pool_column_that_is_open_for_some_students_only(tmp_path: Path) -> None:
    mixed = [("03600001", "Anna Alpha", [part("P1.a", "integer", 3)]),
             ("03600002", "Bernd Beta", [part("P1.a", "manual", None, 1)])]
    data = key(mixed)
    data["columns"] = data["manual_columns"] = ["P1.a"]
    answers = answers_csv(tmp_path, data, {"03600001": {"P1.a": "3"}, "03600002": {}})
    manual = write_csv(tmp_path, "manual.csv", [["matrikel", "column", "points"], ["03600002", "P1.a", "1"],
                                                ["03600001", "P1.a", "1"]])
    result = grade(write_key(tmp_path, data), answers, tmp_path / "out", "--manual", manual)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        f"  {manual} line 3: P1.a of 03600001 is graded automatically (another question of the pool); use --overrides"]
    manual.write_text("matrikel,column,points\n03600002,P1.a,1\n", encoding="utf-8")
    result = grade(write_key(tmp_path, data), answers, tmp_path / "out", "--manual", manual)
    assert result.exit_code == 0 and "mean 1 / 1 points" in result.stdout

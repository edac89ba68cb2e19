"""Scoring policies from the key's "grading" settings: multiple choice, points split over parts, grade scale."""

from __future__ import annotations

from pathlib import Path

import pytest

from examgen.grading.policies import Settings, settings_from_key
from gradingkit import answers_csv, grade, key, part, read_rows, write_key

MC = {"options": {"A": "o1", "B": "o2", "C": "o3", "D": "o4"}, "correct": ["o1", "o3"], "letters": "AC"}
TICKS = {"03600001": "AC", "03600002": "A", "03600003": "ABC", "03600004": "BD", "03600005": "-"}


@pytest.mark.parametrize("policy, points", [
    (None, [2, 0, 0, 0, 0]),                        # the course's rule: every box right or nothing
    ("all_or_nothing", [2, 0, 0, 0, 0]),
    ("per_box", [2, 1.5, 1.5, 0, 1]),               # 4, 3, 3, 0, 2 of 4 boxes right
    ("negative", [2, 1, 1, 0, 0]),                  # (right - wrong) / 4, never below zero
])
def test_multiple_choice_policies(tmp_path: Path, policy: str | None, points: list[float]) -> None:
    students = [(m, f"Student {m[-1]}", [part("P1.a", "multiple_choice", MC, 2)]) for m in TICKS]
    data = key(students, grading=None if policy is None else {"multiple_choice": policy})
    answers = {m: {"P1.a": ticks} for m, ticks in TICKS.items()}
    result = grade(write_key(tmp_path, data), answers_csv(tmp_path, data, answers), tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [float(r["total"]) for r in read_rows(tmp_path / "out" / "results.csv")] == points


def test_points_of_a_question_are_split_over_its_parts(tmp_path: Path) -> None:
    parts = [part("P1.a", "integer", 4, 1.5), part("P1.b", "integer", 5, 1), part("P2.a", "integer", 6, 0.5)]
    data = key([("03600001", "Anna", parts)])
    answers = {"03600001": {"P1.a": "4", "P1.b": "0", "P2.a": "6"}}
    grade(write_key(tmp_path, data), answers_csv(tmp_path, data, answers), tmp_path / "out")
    row = read_rows(tmp_path / "out" / "results.csv")[0]
    assert (row["P1"], row["P2"], row["total"], row["max_points"]) == ("1.5", "0.5", "2", "3")


@pytest.mark.parametrize("share, grade_", [(1.0, "1.0"), (0.95, "1.0"), (0.949, "1.3"), (0.9, "1.3"), (0.75, "2.3"),
                                           (0.55, "3.7"), (0.5, "4.0"), (0.499, "5.0"), (0.0, "5.0")])
def test_the_default_scale_is_german_with_a_pass_mark_at_half(share: float, grade_: str) -> None:
    settings = Settings()
    assert settings.grade(share * 200, 200) == grade_
    assert settings.passed(share * 200, 200) == (share >= 0.5)


def test_a_custom_pass_mark_and_scale() -> None:
    problems: list[str] = []
    stricter = settings_from_key({"pass_mark": 0.6}, problems)
    assert stricter.grade(59, 100) == "5.0" and stricter.grade(60, 100) == "4.0" and stricter.grade(96, 100) == "1.0"
    letters = settings_from_key({"scale": [{"min": 0.9, "grade": "A"}, {"min": 0.5, "grade": "B"},
                                           {"min": 0, "grade": "F"}]}, problems)
    assert [letters.grade(p, 10) for p in (10, 9, 8.9, 5, 4.9)] == ["A", "A", "B", "B", "F"]
    assert problems == []


def test_bad_settings_are_listed() -> None:
    problems: list[str] = []
    settings_from_key({"multiple_choice": "lenient", "followup_share": 2, "scale": "us", "colour": "red"}, problems)
    assert len(problems) == 4
    assert any("multiple_choice \"lenient\"" in p for p in problems) and any("colour" in p for p in problems)

"""Follow-up credit (right for the student's own wrong earlier answer) and known-mistake rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradingkit import answers_csv, grade, key, part, part_rows, read_rows, write_key

CONV = {"rel": 0.0, "abs": 0.005, "decimals": 2}


def conv_parts() -> list[dict]:
    """P1.a output side of a conv layer (32 - 5 + 2*1)/1 + 1 = 30; P1.b its area 900; P1.c a vector (30, 60);
    P1.d the real 30/4; P1.e the output shape (16, 30, 30)."""
    side = part("P1.a", "integer", 30, 2, mistakes=[
        {"name": "conv size without the +1", "expected": 29, "credit": 0.5,
         "feedback": "known mistake: the output size is (n + 2p - k)/s + 1; the +1 is missing"}])
    area = part("P1.b", "integer", 900, 1, followup={"depends_on": ["P1.a"], "formula": "a^2",
                                                     "variables": {"a": "P1.a"}})
    pair = part("P1.c", "vector", [30, 60], 1, followup={"depends_on": ["P1.a"], "formula": ["a", "2*a"],
                                                         "variables": {"a": "P1.a"}})
    quarter = part("P1.d", "real", 7.5, 1, CONV, followup={"depends_on": ["P1.c"], "formula": "c2/8",
                                                           "variables": {"c2": "P1.c[2]"}})
    shape = part("P1.e", "shape", [16, 30, 30], 1, followup={"depends_on": ["P1.a"], "formula": ["16", "a", "a"],
                                                             "variables": {"a": "P1.a"}},
                 mistakes=[{"name": "channels last", "expected": [30, 30, 16], "credit": 0,
                            "feedback": "the layout is (C, H, W): channels first"}])
    return [side, area, pair, quarter, shape]


def run(tmp_path: Path, answers: dict[str, str], share: float | None = None) -> dict[str, dict]:
    data = key([("03600001", "Anna", conv_parts())], grading=None if share is None else {"followup_share": share})
    result = grade(write_key(tmp_path, data), answers_csv(tmp_path, data, {"03600001": answers}), tmp_path / "out")
    assert result.exit_code == 0, result.output
    return {label: row for (_, label), row in part_rows(tmp_path / "out" / "gradebook.sqlite").items()}


def test_a_follow_up_is_right_for_the_students_own_earlier_answer(tmp_path: Path) -> None:
    rows = run(tmp_path, {"P1.a": "28", "P1.b": "784", "P1.c": "(28, 56)", "P1.d": "7", "P1.e": "16x28x28"})
    assert rows["P1.a"]["status"] == "wrong" and rows["P1.a"]["points"] == 0
    for label in ("P1.b", "P1.c", "P1.e"):
        assert (rows[label]["status"], rows[label]["points"]) == ("correct", 1), label
        assert rows[label]["feedback"] == "follow-up: correct for your answer to P1.a"
    assert rows["P1.d"]["feedback"] == "follow-up: correct for your answer to P1.c"   # 56/8, via entry 2 of P1.c
    feedback = (tmp_path / "out" / "feedback" / "03600001.md").read_text(encoding="utf-8")
    assert "follow-up: correct for your answer to P1.a" in feedback


def test_the_follow_up_share_is_configurable(tmp_path: Path) -> None:
    rows = run(tmp_path, {"P1.a": "28", "P1.b": "784", "P1.c": "(28, 57)"}, share=0.5)
    assert (rows["P1.b"]["status"], rows["P1.b"]["points"]) == ("partial", 0.5)
    assert (rows["P1.c"]["status"], rows["P1.c"]["points"]) == ("wrong", 0)
    assert float(read_rows(tmp_path / "out" / "results.csv")[0]["total"]) == 0.5


def test_no_follow_up_credit_when_the_earlier_part_was_right_or_unreadable(tmp_path: Path) -> None:
    rows = run(tmp_path, {"P1.a": "30", "P1.b": "784"})
    assert rows["P1.b"]["status"] == "wrong" and rows["P1.b"]["feedback"] == ""
    rows = run(tmp_path, {"P1.a": "thirty", "P1.b": "784"})
    assert rows["P1.a"]["status"] == "invalid" and rows["P1.b"]["status"] == "wrong"


def test_a_known_mistake_gets_its_named_feedback_and_credit(tmp_path: Path) -> None:
    rows = run(tmp_path, {"P1.a": "29", "P1.b": "841", "P1.e": "30x30x16"})
    assert (rows["P1.a"]["status"], rows["P1.a"]["points"]) == ("partial", 1)
    assert rows["P1.a"]["feedback"].startswith("known mistake: the output size is")
    assert rows["P1.b"]["status"] == "correct"                               # follow-up of the mistake
    assert (rows["P1.e"]["status"], rows["P1.e"]["points"]) == ("wrong", 0)
    assert rows["P1.e"]["feedback"] == "the layout is (C, H, W): channels first"


@pytest.mark.parametrize("rule, problem", [
    ({"depends_on": ["P1.z"], "formula": "a", "variables": {"a": "P1.z"}}, "does not come before it"),
    ({"depends_on": ["P1.a"], "formula": "a +", "variables": {"a": "P1.a"}}, "formula does not parse"),
    ({"depends_on": ["P1.a"], "formula": "a"}, "formula does not parse"),
])
def test_broken_rules_in_the_key_are_reported(tmp_path: Path, rule: dict, problem: str) -> None:
    parts = [part("P1.a", "integer", 1), part("P1.b", "integer", 2, followup=rule)]
    data = key([("03600001", "Anna", parts)])
    result = grade(write_key(tmp_path, data), answers_csv(tmp_path, data, {"03600001": {}}), tmp_path / "out")
    assert result.exit_code == 1 and problem in result.stderr and not (tmp_path / "out").exists()

"""Grading the bundled example exam: the key's own answers, written the way students write them, earn full
points; a sheet with known mistakes loses exactly their points; the reports have the documented columns."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, run_cli
from gradingkit import answers_csv, grade, part_rows, read_rows, write_csv, write_key

Writer = Callable[[dict[str, Any]], str]


@pytest.fixture(scope="module")
def demo_key(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The example exam's key for the example roster (no PDFs)."""
    out = tmp_path_factory.mktemp("demo") / "build"
    result = run_cli("build", EXAMPLES / "exam.toml", "--roster", EXAMPLES / "roster.csv", "--out", out,
                     "--secret-file", EXAMPLES / "demo.secret", "--no-pdf")
    assert result.exit_code == 0, result.output
    return json.loads((out / "answer_key.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def endterm_key(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The 90-credit example endterm for twelve students (every kind of the bank, pools, open questions)."""
    folder = tmp_path_factory.mktemp("endterm")
    roster = write_csv(folder, "roster.csv", [["matrikel", "name"], *([f"0{3600100 + i:07d}", f"Student {i}"]
                                                                     for i in range(12))])
    result = run_cli("build", EXAMPLES / "i2dl-endterm.toml", "--roster", roster, "--out", folder / "build",
                     "--secret-file", EXAMPLES / "demo.secret", "--no-pdf")
    assert result.exit_code == 0, result.output
    return json.loads((folder / "build" / "answer_key.json").read_text(encoding="utf-8"))


def plain(part: dict[str, Any]) -> str:
    expected, kind = part["expected"], part["kind"]
    if kind == "multiple_choice":
        return expected["letters"] or "-"
    if kind == "shape":
        return "(" + ", ".join(map(str, expected)) + ")"
    if kind == "real":
        return f"{expected:.{part['tolerance']['decimals']}f}"
    if kind in ("vector", "matrix"):
        return json.dumps(expected).replace('"', "")
    return "" if kind == "manual" else str(expected)


def unicode_variant(part: dict[str, Any]) -> str:
    """Lower-case letters with spaces, × in shapes, a real minus, full-width digits, thousands grouped."""
    kind, text = part["kind"], plain(part)
    if kind == "multiple_choice":
        return " ".join(part["expected"]["letters"].lower()) or "none"
    if kind == "shape":
        return "×".join(map(str, part["expected"]))
    if kind == "integer":
        grouped = f"{part['expected']:,}".replace(",", "\u202f")
        return grouped.replace("-", "\u2212").translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text.replace("-", "\u2212")


def comma_variant(part: dict[str, Any]) -> str:
    """Decimal commas, German style thousands (1.234) and semicolons between entries."""
    kind, text = part["kind"], plain(part)
    if kind == "real":
        return text.replace(".", ",")
    if kind == "integer":
        return f"{part['expected']:,}".replace(",", ".")
    if kind == "multiple_choice":
        return ",".join(part["expected"]["letters"]) or "-"
    return text.replace(",", ";")


def sheet(data: dict, write: Writer) -> dict[str, dict[str, str]]:
    return {s["matrikel"]: {p["label"]: write(p) for p in s["parts"]} for s in data["students"]}


@pytest.mark.parametrize("write, comma", [(plain, False), (unicode_variant, False), (comma_variant, True)])
def test_the_keys_own_answers_earn_full_points(demo_key: dict, tmp_path: Path, write: Writer, comma: bool) -> None:
    data = {**demo_key, "grading": {"decimal_comma": True}} if comma else demo_key
    result = grade(write_key(tmp_path, data), answers_csv(tmp_path, data, sheet(data, write)), tmp_path / "out")
    assert result.exit_code == 0, result.output
    results = read_rows(tmp_path / "out" / "results.csv")
    assert [(r["matrikel"], float(r["total"])) for r in results] == \
        [(s["matrikel"], s["total_points"]) for s in data["students"]]
    assert {r["grade"] for r in results} == {"1.0"} and read_rows(tmp_path / "out" / "review.csv") == []


def test_the_endterms_own_answers_and_full_manual_points_earn_every_credit(endterm_key: dict,
                                                                           tmp_path: Path) -> None:
    manual = write_csv(tmp_path, "manual.csv", [["matrikel", "column", "points"], *(
        [s["matrikel"], p["label"], p["points"]] for s in endterm_key["students"] for p in s["parts"]
        if p["kind"] == "manual")])
    result = grade(write_key(tmp_path, endterm_key), answers_csv(tmp_path, endterm_key, sheet(endterm_key, plain)),
                   tmp_path / "out", "--manual", manual)
    assert result.exit_code == 0, result.output
    assert {(r["total"], r["grade"]) for r in read_rows(tmp_path / "out" / "results.csv")} == {("90", "1.0")}


def test_known_mistakes_cost_exactly_their_points(demo_key: dict, tmp_path: Path) -> None:
    student = demo_key["students"][0]
    parts = {p["label"]: p for p in student["parts"]}
    answers = {label: plain(p) for label, p in parts.items()}
    integer, shape, real = (next(label for label, p in parts.items() if p["kind"] == kind)
                            for kind in ("integer", "shape", "real"))
    tolerance = parts[real]["tolerance"]["abs"]
    answers.update({integer: str(parts[integer]["expected"] + 1), shape: "", "P1.a": "ABZ",
                    real: str(parts[real]["expected"] + 0.9 * tolerance)})
    result = grade(write_key(tmp_path, demo_key), answers_csv(tmp_path, demo_key, {student["matrikel"]: answers}),
                   tmp_path / "out")
    assert result.exit_code == 0, result.output
    lost = parts[integer]["points"] + parts[shape]["points"] + parts["P1.a"]["points"]
    assert float(read_rows(tmp_path / "out" / "results.csv")[0]["total"]) == student["total_points"] - lost
    rows = part_rows(tmp_path / "out" / "gradebook.sqlite")
    statuses = {label: rows[student["matrikel"], label]["status"] for label in parts}
    assert statuses == {**{label: "correct" for label in parts}, integer: "wrong", shape: "missing", "P1.a": "invalid"}
    assert "2 students of the key have no row in the answers CSV" in result.stdout


def test_reports_have_the_documented_columns(demo_key: dict, tmp_path: Path) -> None:
    result = grade(write_key(tmp_path, demo_key), answers_csv(tmp_path, demo_key, sheet(demo_key, plain)),
                   tmp_path / "out")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    problems = [f"P{n}" for n in range(1, len(demo_key["exam"]["problems"]) + 1)]
    assert list(read_rows(out / "results.csv")[0]) == ["matrikel", "name", "exam_code", *problems, "total",
                                                       "max_points", "grade", "review"]
    assert (out / "review.csv").read_text(encoding="utf-8").splitlines() == \
        ["matrikel,name,column,status,answer,reading,expected,max_points"]
    items = read_rows(out / "items.csv")
    assert list(items[0]) == ["level", "column", "qid", "variant", "n", "mean_points", "max_points", "difficulty",
                              "share_correct", "share_invalid", "share_missing", "discrimination"]
    assert [r["column"] for r in items if r["level"] == "part"] == demo_key["columns"]
    variants = [r for r in items if r["level"] == "variant"]
    assert {r["qid"].split(" ")[0] for r in variants} >= {"cnn.conv_output_shape", "backprop.scalar_graph"}
    assert all(r["difficulty"] == "1" for r in items)
    assert (out / "distribution.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for student in demo_key["students"]:
        text = (out / "feedback" / f"{student['matrikel']}.md").read_text(encoding="utf-8")
        assert student["name"] in text and "Read as:" in text and "Correct answer:" in text
        assert "Your numbers: c_in = " in text

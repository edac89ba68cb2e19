"""Helpers for the grading tests: hand-made keys, CSV files, running `examgen grade`, reading reports."""

from __future__ import annotations

import copy
import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import Result

from conftest import run_cli


def part(label: str, kind: str, expected: Any, points: float = 1.0, tolerance: Any = None, **extra: Any) -> dict:
    """One part of a hand-made key (problem number from the label, P<n>.x)."""
    return {"label": label, "problem": int(label[1:label.index(".")]), "slot": label, "qid": f"test.{kind}",
            "version": 1, "seed": 1, "params": {}, "part": "answer", "kind": kind, "expected": expected,
            "tolerance": tolerance, "points": points, **extra}


def key(students: list[tuple[str, str, list[dict]]], grading: dict | None = None, exam_id: str = "test-exam",
        problems: int | None = None) -> dict:
    """A key with these (matrikel, name, parts) students (parts copied); columns in the order of first use."""
    students = [(m, n, copy.deepcopy(parts)) for m, n, parts in students]
    labels: list[str] = []
    for _, _, parts in students:
        labels += [p["label"] for p in parts if p["label"] not in labels]
    manual = [label for label in labels if any(p["label"] == label and p["kind"] == "manual"
                                               for _, _, parts in students for p in parts)]
    count = problems or max(int(label[1:label.index(".")]) for label in labels)
    data = {"schema": "examgen-answer-key", "schema_version": 1, "examgen_version": "test",
            "exam": {"id": exam_id, "title": "Test exam", "language": "en",
                     "problems": [f"Problem {n}" for n in range(1, count + 1)]},
            "columns": [label for label in labels if label not in manual], "manual_columns": manual,
            "students": [{"matrikel": m, "name": n, "exam_code": f"T-{i:04d}",
                          "total_points": sum(p["points"] for p in parts), "parts": parts}
                         for i, (m, n, parts) in enumerate(students, start=1)]}
    if grading is not None:
        data["grading"] = grading
    return data


def write_key(folder: Path, data: dict, name: str = "answer_key.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_csv(folder: Path, name: str, rows: list[list[Any]]) -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def answers_csv(folder: Path, data: dict, answers: dict[str, dict[str, str]], name: str = "answers.csv") -> Path:
    """An answers CSV for the key `data`: one row per Matrikelnummer in `answers` (cells default to empty)."""
    names = {s["matrikel"]: s["name"] for s in data["students"]}
    rows = [["matrikel", "name", *data["columns"]]]
    rows += [[m, names.get(m, "?"), *(cells.get(c, "") for c in data["columns"])] for m, cells in answers.items()]
    return write_csv(folder, name, rows)


def grade(key_path: Path, answers: Path, out: Path, *extra: str | Path) -> Result:
    """`examgen grade` in-process, one worker (small inputs)."""
    return run_cli("grade", "--key", key_path, "--answers", answers, "--out", out, "--jobs", "1", *extra)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def part_rows(db: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """The gradebook's current parts table by (matrikel, label)."""
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        return {(r["matrikel"], r["label"]): dict(r) for r in connection.execute("SELECT * FROM parts")}

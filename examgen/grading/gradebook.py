"""The gradebook: one SQLite file per exam with raw answers, readings, statuses, points, overrides and a
record of every grading run. Re-grading writes only what changed (so an unchanged re-run changes nothing
but the run log) and reports whose points changed since the previous run."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from examgen import __version__
from examgen.grading.results import PartResult, StudentResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run INTEGER PRIMARY KEY, at TEXT NOT NULL, examgen_version TEXT NOT NULL, key_sha256 TEXT NOT NULL,
    answers_sha256 TEXT NOT NULL, manual_sha256 TEXT, overrides_sha256 TEXT, students INTEGER NOT NULL,
    changed_students INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS students (
    matrikel TEXT PRIMARY KEY, name TEXT NOT NULL, exam_code TEXT NOT NULL, total REAL NOT NULL,
    max_points REAL NOT NULL, grade TEXT NOT NULL, run INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS parts (
    matrikel TEXT NOT NULL, label TEXT NOT NULL, raw TEXT NOT NULL, reading TEXT NOT NULL, status TEXT NOT NULL,
    auto_points REAL NOT NULL, points REAL NOT NULL, max_points REAL NOT NULL, expected TEXT NOT NULL,
    feedback TEXT NOT NULL, override_points REAL, override_comment TEXT, run INTEGER NOT NULL,
    PRIMARY KEY (matrikel, label));
CREATE TABLE IF NOT EXISTS history (
    run INTEGER NOT NULL, matrikel TEXT NOT NULL, label TEXT NOT NULL, raw TEXT NOT NULL, reading TEXT NOT NULL,
    status TEXT NOT NULL, points REAL NOT NULL, override_comment TEXT);
"""
PART_COLUMNS = ("raw", "reading", "status", "auto_points", "points", "max_points", "expected", "feedback",
                "override_points", "override_comment")


@dataclass(frozen=True)
class Change:
    """A student whose points differ from the previous run: old and new total, and the parts that moved."""

    matrikel: str
    name: str
    old_total: float
    new_total: float
    parts: tuple[tuple[str, float, float], ...]


@dataclass(frozen=True)
class RunRecord:
    """What recording a run produced: its number, the previous run's number (0: none), the changes."""

    run: int
    previous: int
    changes: tuple[Change, ...]


def file_sha256(path: Path | None) -> str | None:
    """SHA-256 of an input file (None for an input that was not given)."""
    return None if path is None else hashlib.sha256(path.read_bytes()).hexdigest()


def gradebook_problem(path: Path, exam_id: str) -> str | None:
    """Why `path` cannot take runs of exam `exam_id` (None: it can, or it does not exist yet)."""
    if not path.exists():
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'exam_id'").fetchone()
    except sqlite3.DatabaseError:
        return f"{path}: not an examgen gradebook; choose another --db"
    if row is None or row[0] != exam_id:
        return (f"{path}: a gradebook of exam '{row[0] if row else '?'}', but the key is for exam '{exam_id}'; "
                f"is this the key of another exam? (or choose another --db)")
    return None


def _row(p: PartResult) -> tuple[object, ...]:
    """A part's values in the order of PART_COLUMNS."""
    return (p.raw, p.reading, p.status, p.auto_points, p.points, p.max_points, p.expected, p.feedback,
            p.override.points if p.override else None, p.override.comment if p.override else None)


def record_run(path: Path, exam_id: str, results: Sequence[StudentResult], inputs: dict[str, str | None]) -> RunRecord:
    """Add a grading run to the gradebook at `path` (created if new), in one transaction.

    `inputs` holds the SHA-256 of key, answers, manual and overrides files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(SCHEMA)
        db.execute("INSERT OR IGNORE INTO meta VALUES ('exam_id', ?)", (exam_id,))
        previous = db.execute("SELECT COALESCE(MAX(run), 0) FROM runs").fetchone()[0]
        run = previous + 1
        old = {(m, label): row for m, label, *row in db.execute(
            f"SELECT matrikel, label, {', '.join(PART_COLUMNS)} FROM parts")}
        old_totals = dict(db.execute("SELECT matrikel, total FROM students"))
        changes = []
        for result in results:
            moved = _store(db, run, result, old)
            if result.matrikel in old_totals and moved:
                changes.append(Change(result.matrikel, result.name, old_totals[result.matrikel], result.total,
                                      tuple(moved)))
        db.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (run, datetime.now(timezone.utc).isoformat(timespec="seconds"), __version__, inputs["key"],
                    inputs["answers"], inputs.get("manual"), inputs.get("overrides"), len(results), len(changes)))
    return RunRecord(run, previous, tuple(changes))


def _store(db: sqlite3.Connection, run: int, result: StudentResult,
           old: dict[tuple[str, str], list[Any]]) -> list[tuple[str, float, float]]:
    """Write a student's changed parts (and their history); the parts whose points moved."""
    moved = []
    for part in result.parts:
        row = _row(part)
        before = old.get((result.matrikel, part.label))
        if before is not None and tuple(before) == row:
            continue
        if before is not None and before[4] != part.points:
            moved.append((part.label, float(before[4]), part.points))
        db.execute(f"INSERT OR REPLACE INTO parts (matrikel, label, {', '.join(PART_COLUMNS)}, run) "
                   f"VALUES (?, ?, {', '.join('?' * len(PART_COLUMNS))}, ?)", (result.matrikel, part.label, *row, run))
        db.execute("INSERT INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (run, result.matrikel, part.label, part.raw,
                                                                           part.reading, part.status, part.points,
                                                                           row[9]))
    db.execute("INSERT INTO students VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (matrikel) DO UPDATE SET "
               "name = excluded.name, exam_code = excluded.exam_code, total = excluded.total, "
               "max_points = excluded.max_points, grade = excluded.grade, run = excluded.run "
               "WHERE total != excluded.total OR grade != excluded.grade OR name != excluded.name",
               (result.matrikel, result.name, result.exam_code, result.total, result.max_points, result.grade, run))
    return moved

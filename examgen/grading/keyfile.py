"""Reading answer_key.json for grading, with every problem of the file listed at once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from examgen.grading.followup import followup_problem
from examgen.grading.kinds import KINDS
from examgen.grading.policies import Settings, settings_from_key

SCHEMA = "examgen-answer-key"
SCHEMA_VERSION = 1
PART_FIELDS = ("label", "problem", "kind", "expected", "points")


@dataclass(frozen=True)
class Key:
    """What grading needs from the key: students' parts by Matrikelnummer, columns, settings."""

    path: Path
    exam_id: str
    title: str
    language: str
    problems: tuple[str, ...]
    columns: tuple[str, ...]
    manual_columns: tuple[str, ...]
    students: dict[str, dict[str, Any]]
    settings: Settings


def load_key(path: Path, problems: list[str]) -> Key | None:
    """The key at `path`, or None; every problem found is appended to `problems`."""
    try:
        raw = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        problems.append(f"{path}: cannot read the key ({exc.strerror})")
        return None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(f"{path}: not an answer key (invalid JSON: {exc})")
        return None
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        problems.append(f"{path}: not an examgen answer key (no \"schema\": \"{SCHEMA}\")")
        return None
    if raw.get("schema_version") != SCHEMA_VERSION:
        problems.append(f"{path}: key schema version {raw.get('schema_version')!r}; this examgen reads version "
                        f"{SCHEMA_VERSION}")
        return None
    found: list[str] = []
    settings = settings_from_key(raw.get("grading"), found)
    exam = raw.get("exam") if isinstance(raw.get("exam"), dict) else {}
    columns = _labels(raw, "columns", found)
    manual = _labels(raw, "manual_columns", found)
    students = _students(raw.get("students"), set(columns) | set(manual), found)
    problems.extend(f"{path}: {problem}" for problem in found)
    if found:
        return None
    return Key(path, str(exam.get("id", "")), str(exam.get("title", "")), str(exam.get("language", "en")),
               tuple(map(str, exam.get("problems", ()))), columns, manual, students, settings)


def _labels(raw: dict[str, Any], name: str, found: list[str]) -> tuple[str, ...]:
    labels = raw.get(name, [])
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        found.append(f'"{name}" must be a list of part labels')
        return ()
    return tuple(labels)


def _students(raw: Any, labels: set[str], found: list[str]) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, list) or not raw:
        found.append('"students" must be a non-empty list')
        return {}
    students: dict[str, dict[str, Any]] = {}
    for index, student in enumerate(raw, start=1):
        matrikel = student.get("matrikel") if isinstance(student, dict) else None
        if not isinstance(matrikel, str) or not matrikel:
            found.append(f"student {index}: no matrikel")
            continue
        if matrikel in students:
            found.append(f"student {matrikel} appears twice")
            continue
        students[matrikel] = student
        _check_parts(student, labels, found)
    return students


def _check_parts(student: dict[str, Any], labels: set[str], found: list[str]) -> None:
    parts = student.get("parts")
    where = f"student {student['matrikel']}"
    if not isinstance(parts, list) or not isinstance(student.get("total_points"), (int, float)):
        found.append(f"{where}: needs \"parts\" (a list) and \"total_points\"")
        return
    seen: set[str] = set()
    for part in parts:
        missing = [field for field in PART_FIELDS if not isinstance(part, dict) or field not in part]
        if missing:
            found.append(f"{where}: a part lacks {', '.join(missing)}")
            continue
        label = part["label"]
        if label not in labels or label in seen:
            found.append(f"{where}, part {label}: " + ("listed twice" if label in seen else "not in the columns"))
        if part["kind"] not in KINDS:
            found.append(f"{where}, part {label}: unknown answer kind '{part['kind']}'")
        problem = followup_problem(part.get("followup"), seen)
        if problem:
            found.append(f"{where}, part {label}: follow-up {problem}")
        seen.add(label)

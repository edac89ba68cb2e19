"""Reading answer_key.json for grading, with every problem of the file listed at once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from examgen.grading.followup import followup_problem
from examgen.grading.policies import Settings, settings_from_key

SCHEMA = "examgen-answer-key"
SCHEMA_VERSION = 1
PART_FIELDS = ("label", "problem", "kind", "expected", "points")
FOLLOWUP_KINDS = ("integer", "real", "exact", "probability", "shape", "vector", "matrix")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _exact(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, str) and "/" in value)


def _entry(value: Any) -> bool:
    return _number(value) or _exact(value)


def _choice(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("options"), dict)
            and isinstance(value.get("correct"), list) and set(value["correct"]) <= set(value["options"].values()))


EXPECTED: dict[str, tuple[str, Any]] = {
    "integer": ("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "real": ("a number", _number), "probability": ("a number", _number), "exact": ("an integer or \"p/q\"", _exact),
    "shape": ("a list of integers", lambda v: isinstance(v, list) and v and all(isinstance(d, int) for d in v)),
    "vector": ("a list of numbers", lambda v: isinstance(v, list) and v and all(map(_entry, v))),
    "matrix": ("a list of equally long rows of numbers", lambda v: isinstance(v, list) and v and all(
        isinstance(r, list) and r and len(r) == len(v[0]) and all(map(_entry, r)) for r in v)),
    "multiple_choice": ('{"options": {...}, "correct": [...]}', _choice),
    "single_choice": ('{"options": {...}, "correct": [one id]}', lambda v: _choice(v) and len(v["correct"]) == 1),
    "set": ("a list", lambda v: isinstance(v, list)),
    "expression": ("an expression (text)", lambda v: isinstance(v, str) and v.strip()),
    "manual": ("anything", lambda v: True),
}


@dataclass(frozen=True)
class Key:
    """What grading needs from the key: students' parts by Matrikelnummer, columns, settings."""

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
    exam: dict[str, Any] = raw["exam"] if isinstance(raw.get("exam"), dict) else {}
    columns = _labels(raw, "columns", found)
    manual = _labels(raw, "manual_columns", found)
    titles: list[Any] = exam["problems"] if isinstance(exam.get("problems"), list) else []
    students = _students(raw.get("students"), set(columns) | set(manual), len(titles), found)
    problems.extend(f"{path}: {problem}" for problem in found)
    if found:
        return None
    return Key(str(exam.get("id", "")), str(exam.get("title", "")), str(exam.get("language", "en")),
               tuple(map(str, titles)), columns, manual, students, settings)


def _labels(raw: dict[str, Any], name: str, found: list[str]) -> tuple[str, ...]:
    labels = raw.get(name, [])
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        found.append(f'"{name}" must be a list of part labels')
        return ()
    return tuple(labels)


def _students(raw: Any, labels: set[str], problems: int, found: list[str]) -> dict[str, dict[str, Any]]:
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
        _check_parts(student, labels, problems, found)
    return students


def _check_parts(student: dict[str, Any], labels: set[str], problems: int, found: list[str]) -> None:
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
        if part["kind"] not in EXPECTED:
            found.append(f"{where}, part {label}: unknown answer kind '{part['kind']}'")
        elif not EXPECTED[part["kind"]][1](part["expected"]):
            found.append(f"{where}, part {label}: a {part['kind']} part expects {EXPECTED[part['kind']][0]}, "
                         f"got {json.dumps(part['expected'])[:60]}")
        if not _number(part["points"]) or part["points"] <= 0:
            found.append(f"{where}, part {label}: points must be a positive number")
        if not isinstance(part["problem"], int) or not 1 <= part["problem"] <= problems:
            found.append(f"{where}, part {label}: problem must be a number from 1 to {problems}")
        for problem in _rule_problems(part, seen):
            found.append(f"{where}, part {label}: {problem}")
        seen.add(label)


def _rule_problems(part: dict[str, Any], earlier: set[str]) -> list[str]:
    """What is wrong with a part's follow-up rule and known mistakes."""
    problems = []
    followup = followup_problem(part.get("followup"), earlier)
    if followup:
        problems.append(f"follow-up {followup}")
    elif part.get("followup") and part["kind"] not in FOLLOWUP_KINDS:
        problems.append(f"follow-up rules work for {', '.join(FOLLOWUP_KINDS)} answers, not {part['kind']}")
    mistakes = part.get("mistakes") or []
    if not isinstance(mistakes, list) or not all(
            isinstance(m, dict) and isinstance(m.get("name"), str) and "expected" in m
            and isinstance(m.get("credit", 0), (int, float)) and 0 <= m.get("credit", 0) <= 1 for m in mistakes):
        problems.append('"mistakes" must be a list of {"name", "expected", "credit" (0 to 1), "feedback"}')
    return problems

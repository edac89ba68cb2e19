"""Exam spec (TOML) and roster (CSV): loading and validation with file/line messages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from examgen.errors import RosterError, SpecError

EXAM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MATRIKEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,31}$")
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
LANGUAGES = ("en", "de")
EXAM_KEYS = {"id", "title", "course", "examiner", "date", "start", "duration_minutes", "resources", "language",
             "additional_pages"}
PROBLEM_KEYS = {"title", "slots"}
SLOT_KEYS = {"question", "pool", "points", "options"}
GRADING_KEYS = {"multiple_choice", "followup_share", "decimal_comma", "scale", "pass_mark"}
CHOICE_RULES = ("all_or_nothing", "per_box", "negative")
SCALES = ("de",)
ROSTER_REQUIRED = ("matrikel", "name")
ROSTER_OPTIONAL = ("email",)


@dataclass(frozen=True)
class ExamInfo:
    """What the cover page says about the exam."""

    exam_id: str
    title: str
    course: str
    examiner: str
    date: dt.date
    start: str
    duration_minutes: int
    resources: tuple[str, ...]
    language: str
    additional_pages: int = 2


@dataclass(frozen=True)
class GradingRules:
    """How answers are scored; copied into the answer key so grading never needs the spec."""

    multiple_choice: str = "all_or_nothing"
    followup_share: float = 1.0
    decimal_comma: bool = False
    scale: str = "de"
    pass_mark: float = 0.5


@dataclass(frozen=True)
class Slot:
    """One place in a problem: a question id, or a pool of ids of which each student gets one."""

    qids: tuple[str, ...]
    points: float | None
    options: Mapping[str, Mapping[str, Any]]
    line: int

    @property
    def is_pool(self) -> bool:
        return len(self.qids) > 1


@dataclass(frozen=True)
class Problem:
    """A titled group of slots; its parts are labelled a), b), ... across the slots."""

    title: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class ExamSpec:
    """A whole exam spec."""

    path: Path
    exam: ExamInfo
    problems: tuple[Problem, ...]
    grading: GradingRules = GradingRules()
    source: str = field(repr=False, default="")


@dataclass(frozen=True)
class Student:
    """One roster row. The Matrikelnummer stays a string: leading zeros matter."""

    matrikel: str
    name: str
    email: str = ""


def _line_of(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def _key_line(source: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", source, re.MULTILINE)
    return _line_of(source, match.start()) if match else None


def _where(path: Path, line: int | None) -> str:
    return f"{path} line {line}" if line else str(path)


def _check_keys(path: Path, source: str, table: Mapping[str, Any], allowed: set[str], what: str) -> None:
    for key in table:
        if key not in allowed:
            raise SpecError(
                f"{_where(path, _key_line(source, key))}: unknown key '{key}' in {what}; "
                f"allowed keys: {', '.join(sorted(allowed))}"
            )


def _text(path: Path, source: str, table: Mapping[str, Any], key: str, what: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SpecError(f"{_where(path, _key_line(source, key))}: {what} needs a non-empty text '{key}'")
    return value.strip()


def _exam_info(path: Path, source: str, raw: Any) -> ExamInfo:
    if not isinstance(raw, dict):
        raise SpecError(f"{path}: missing the [exam] table (id, title, course, examiner, date, start, ...)")
    _check_keys(path, source, raw, EXAM_KEYS, "[exam]")
    exam_id = _text(path, source, raw, "id", "[exam]")
    if not EXAM_ID.match(exam_id):
        raise SpecError(f"{_where(path, _key_line(source, 'id'))}: exam id '{exam_id}' may use only letters, digits, '.', '_' and '-'")
    date = raw.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            date = None
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise SpecError(f"{_where(path, _key_line(source, 'date'))}: [exam] date must be a date like 2026-08-01")
    start = str(raw.get("start", ""))
    if not TIME.match(start):
        raise SpecError(f"{_where(path, _key_line(source, 'start'))}: [exam] start must be a time like \"08:00\"")
    duration = raw.get("duration_minutes")
    if not isinstance(duration, int) or isinstance(duration, bool) or not 1 <= duration <= 600:
        raise SpecError(f"{_where(path, _key_line(source, 'duration_minutes'))}: [exam] duration_minutes must be a whole number of minutes (1-600)")
    resources = raw.get("resources", [])
    resources = [resources] if isinstance(resources, str) else resources
    if not isinstance(resources, list) or not all(isinstance(r, str) for r in resources):
        raise SpecError(f"{_where(path, _key_line(source, 'resources'))}: [exam] resources must be a list of texts")
    language = raw.get("language", "en")
    if language not in LANGUAGES:
        raise SpecError(f"{_where(path, _key_line(source, 'language'))}: [exam] language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    extra = raw.get("additional_pages", 2)
    if not isinstance(extra, int) or isinstance(extra, bool) or not 0 <= extra <= 10:
        raise SpecError(f"{_where(path, _key_line(source, 'additional_pages'))}: [exam] additional_pages must be a whole number from 0 to 10")
    return ExamInfo(
        additional_pages=extra, exam_id=exam_id, title=_text(path, source, raw, "title", "[exam]"),
        course=_text(path, source, raw, "course", "[exam]"), examiner=_text(path, source, raw, "examiner", "[exam]"),
        date=date, start=start, duration_minutes=duration, resources=tuple(resources), language=language,
    )


def _grading(path: Path, source: str, raw: Any) -> GradingRules:
    if raw is None:
        return GradingRules()
    if not isinstance(raw, dict):
        raise SpecError(f"{path}: [grading] must be a table")
    _check_keys(path, source, raw, GRADING_KEYS, "[grading]")
    rules = GradingRules(**raw)
    line = lambda key: _where(path, _key_line(source, key))  # noqa: E731
    if rules.multiple_choice not in CHOICE_RULES:
        raise SpecError(f"{line('multiple_choice')}: [grading] multiple_choice must be one of {', '.join(CHOICE_RULES)}")
    if isinstance(rules.followup_share, bool) or not isinstance(rules.followup_share, (int, float)) or not 0 <= rules.followup_share <= 1:
        raise SpecError(f"{line('followup_share')}: [grading] followup_share must be a number from 0 to 1")
    if not isinstance(rules.decimal_comma, bool):
        raise SpecError(f"{line('decimal_comma')}: [grading] decimal_comma must be true or false")
    if rules.scale not in SCALES:
        raise SpecError(f"{line('scale')}: [grading] scale must be one of {', '.join(SCALES)}")
    if isinstance(rules.pass_mark, bool) or not isinstance(rules.pass_mark, (int, float)) or not 0 < rules.pass_mark < 1:
        raise SpecError(f"{line('pass_mark')}: [grading] pass_mark must be a share of the total between 0 and 1, e.g. 0.5")
    return rules


def _slot_lines(source: str) -> list[int]:
    return [_line_of(source, m.start()) for m in re.finditer(r"(?m)(?:^\s*|\{\s*)(?:question|pool)\s*=", source)]


def _points(path: Path, line: int, raw: Any) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw <= 0 or (raw * 2) != int(raw * 2):
        raise SpecError(f"{path} line {line}: points must be a positive multiple of 0.5, got {raw!r}")
    return float(raw)


def _slot(path: Path, source: str, raw: Any, line: int) -> Slot:
    if not isinstance(raw, dict):
        raise SpecError(f"{path} line {line}: a slot must be a table with 'question' or 'pool'")
    _check_keys(path, source, raw, SLOT_KEYS, "a slot")
    has_q, has_pool = "question" in raw, "pool" in raw
    if has_q == has_pool:
        raise SpecError(f"{path} line {line}: a slot needs exactly one of 'question = \"id\"' or 'pool = [\"id\", ...]'")
    if has_q:
        if not isinstance(raw["question"], str):
            raise SpecError(f"{path} line {line}: 'question' must be one question id in quotes")
        qids: tuple[str, ...] = (raw["question"],)
    else:
        pool = raw["pool"]
        if not isinstance(pool, list) or len(pool) < 2 or not all(isinstance(q, str) for q in pool) or len(set(pool)) != len(pool):
            raise SpecError(f"{path} line {line}: 'pool' must list at least two different question ids")
        qids = tuple(pool)
    options = raw.get("options", {})
    if not isinstance(options, dict):
        raise SpecError(f"{path} line {line}: 'options' must be a table of parameter = value")
    if has_q:
        per_qid = {qids[0]: options}
    else:
        stray = [k for k in options if k not in qids or not isinstance(options[k], dict)]
        if stray:
            raise SpecError(f"{path} line {line}: options of a pool are keyed by question id (a table per id); '{stray[0]}' is not one of the pool's ids")
        per_qid = options
    return Slot(qids, _points(path, line, raw.get("points")), per_qid, line)


def load_spec(path: Path) -> ExamSpec:
    """Parse and validate an exam spec (question ids are checked against the bank by the pipeline)."""
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"{path}: cannot read the exam spec ({exc.strerror})") from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path}: not valid TOML: {exc}") from None
    for key in data:
        if key not in ("exam", "problems", "grading"):
            raise SpecError(f"{_where(path, _key_line(source, key) or _key_line(source, '[' + key))}: unknown top-level key '{key}'; expected [exam], [grading] and [[problems]]")
    exam = _exam_info(path, source, data.get("exam"))
    raw_problems = data.get("problems")
    if not isinstance(raw_problems, list) or not raw_problems:
        raise SpecError(f"{path}: the spec needs at least one [[problems]] table with slots")
    lines = iter(_slot_lines(source))
    problems = []
    for number, raw in enumerate(raw_problems, start=1):
        _check_keys(path, source, raw, PROBLEM_KEYS, f"problem {number}")
        title = _text(path, source, raw, "title", f"problem {number}")
        slots = raw.get("slots")
        if not isinstance(slots, list) or not slots:
            raise SpecError(f"{path}: problem {number} ('{title}') needs at least one slot ([[problems.slots]])")
        problems.append(Problem(title, tuple(_slot(path, source, s, next(lines, 0)) for s in slots)))
    return ExamSpec(path=path, exam=exam, problems=tuple(problems), grading=_grading(path, source, data.get("grading")),
                    source=source)


def load_roster(path: Path) -> tuple[Student, ...]:
    """Read the roster CSV (comma or semicolon separated, UTF-8 with or without BOM)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError(f"{path}: not UTF-8 text (byte {exc.start}); save the roster as UTF-8 CSV") from None
    except OSError as exc:
        raise RosterError(f"{path}: cannot read the roster ({exc.strerror})") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in ROSTER_REQUIRED if c not in header]
    if missing:
        raise RosterError(f"{path} line 1: missing column(s) {', '.join(missing)}; the header must be matrikel,name[,email]")
    unknown = [h for h in header if h not in ROSTER_REQUIRED + ROSTER_OPTIONAL]
    if unknown:
        raise RosterError(f"{path} line 1: unknown column '{unknown[0]}'; allowed columns: matrikel, name, email")
    students: list[Student] = []
    seen: dict[str, int] = {}
    while (row := next(reader, None)) is not None:
        line = reader.line_num - sum(cell.count("\n") for cell in row)  # where the row starts
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise RosterError(f"{path} line {line}: {len(row)} fields, the header has {len(header)}")
        record = dict(zip(header, (cell.strip() for cell in row)))
        matrikel = record["matrikel"]
        if not MATRIKEL.match(matrikel):
            raise RosterError(f"{path} line {line}: field matrikel: '{matrikel}' is not a valid Matrikelnummer (letters, digits and '-', at most 32)")
        if matrikel in seen:
            raise RosterError(f"{path} line {line}: field matrikel: '{matrikel}' already appears on line {seen[matrikel]}; each student once")
        if not record["name"]:
            raise RosterError(f"{path} line {line}: field name is empty")
        if any(unicodedata.category(c).startswith("C") for c in record["name"]):
            raise RosterError(f"{path} line {line}: field name contains a line break or another control character; "
                              "write the name on one line")
        seen[matrikel] = line
        students.append(Student(matrikel, record["name"], record.get("email", "")))
    if not students:
        raise RosterError(f"{path}: the roster has no students")
    return tuple(students)

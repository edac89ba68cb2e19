"""Reading the answers, manual-points and overrides CSVs against the key, listing every problem found."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from examgen.answers.parsing import Unreadable, parse_number
from examgen.grading.keyfile import Key
from examgen.grading.results import Override

FIXED = ("matrikel", "name", "column", "points", "comment")
MANUAL = "an open question of the key"


@dataclass(frozen=True)
class Table:
    """A CSV file: header and the non-empty rows with the line each starts on."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]


def read_table(path: Path, labels: tuple[str, ...], problems: list[str]) -> Table | None:
    """A UTF-8 CSV (BOM fine; comma, semicolon or tab separated); header cells naming a key column in
    another case are mapped to the label."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        problems.append(f"{path}: cannot read ({exc.strerror})")
        return None
    except UnicodeDecodeError as exc:
        problems.append(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV")
        return None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    by_lower = {label.casefold(): label for label in labels}
    header = tuple(_header_cell(cell, by_lower) for cell in next(reader, []))
    if not header:
        problems.append(f"{path}: the file is empty; it needs a header line")
        return None
    for name in sorted({h for h in header if header.count(h) > 1}):
        problems.append(f"{path} line 1: column '{name}' appears {header.count(name)} times")
    rows = []
    line = 2
    for row in reader:
        if any(cell.strip() for cell in row):
            if len(row) != len(header):
                problems.append(f"{path} line {line}: {len(row)} fields, the header has {len(header)}")
            else:
                rows.append((line, dict(zip(header, row))))
        line = reader.line_num + 1
    return Table(path, header, tuple(rows))


def _header_cell(cell: str, by_lower: dict[str, str]) -> str:
    cell = cell.strip()
    return cell.lower() if cell.lower() in FIXED else by_lower.get(cell.casefold(), cell)


def same_name(a: str, b: str) -> bool:
    """Names compared ignoring case, Unicode composition and extra spaces."""
    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).casefold().split())
    return norm(a) == norm(b)


def _matrikel_problem(key: Key, matrikel: str) -> str:
    if not matrikel:
        return "empty matrikel"
    hint = [m for m in key.students if m.lstrip("0") == matrikel.lstrip("0")]
    extra = f" (did you mean {hint[0]}? a spreadsheet may have dropped a leading zero)" if hint else ""
    return f"matrikel '{matrikel}' is not in the key{extra}"


def read_answers(path: Path, key: Key, problems: list[str]) -> dict[str, dict[str, str]]:
    """Answers by Matrikelnummer and label."""
    table = read_table(path, key.columns + key.manual_columns, problems)
    if table is None:
        return {}
    _check_answer_header(table, key, problems)
    answers: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    for line, record in table.rows:
        matrikel = record.get("matrikel", "").strip()
        where = f"{path} line {line}"
        if matrikel not in key.students:
            problems.append(f"{where}: {_matrikel_problem(key, matrikel)}")
        elif matrikel in first_line:
            problems.append(f"{where}: matrikel {matrikel} already appears on line {first_line[matrikel]}")
        else:
            first_line[matrikel] = line
            expected = key.students[matrikel]["name"]
            if record.get("name", "").strip() and not same_name(record["name"], expected):
                problems.append(f"{where}: name '{record['name'].strip()}' does not match '{expected}' in the key "
                                f"for {matrikel}")
            answers[matrikel] = {label: record.get(label, "") for label in key.columns}
    if not table.rows:
        problems.append(f"{path}: no student rows below the header")
    elif not first_line and "matrikel" in table.header:
        problems.append(f"{path}: none of its Matrikelnummern is in the key: are these the answers of another "
                        f"exam than '{key.exam_id}'?")
    return answers


def _check_answer_header(table: Table, key: Key, problems: list[str]) -> None:
    where = f"{table.path} line 1"
    for name in ("matrikel", "name"):
        if name not in table.header:
            problems.append(f"{where}: missing column '{name}'")
    missing = [label for label in key.columns if label not in table.header]
    if missing:
        problems.append(f"{where}: missing answer column(s) {', '.join(missing)}")
    for cell in table.header:
        if cell in key.manual_columns and cell not in key.columns:
            problems.append(f"{where}: column '{cell}' is an open question; enter its points with --manual")
        elif cell not in (*FIXED[:2], *key.columns):
            problems.append(f"{where}: column '{cell}' is not in the key (its columns are "
                            f"{', '.join(key.columns) or 'none'})")


def _points_rows(path: Path, key: Key, answered: set[str], columns: tuple[str, ...], what: str,
                 problems: list[str]) -> dict[str, dict[str, tuple[float, str]]]:
    """(points, comment) by Matrikelnummer and label from a matrikel,column,points[,comment] CSV."""
    table = read_table(path, key.columns + key.manual_columns, problems)
    if table is None:
        return {}
    required = ("matrikel", "column", "points")
    for name in required:
        if name not in table.header:
            problems.append(f"{path} line 1: missing column '{name}'")
    for name in table.header:
        if name not in (*required, "comment", "name"):
            problems.append(f"{path} line 1: unknown column '{name}'; expected matrikel,column,points,comment")
    found: dict[str, dict[str, tuple[float, str]]] = {}
    lines: dict[tuple[str, str], int] = {}
    for line, record in table.rows:
        matrikel, label = record.get("matrikel", "").strip(), record.get("column", "").strip()
        where = f"{path} line {line}"
        problem = _row_problem(key, answered, columns, what, record, matrikel, label)
        if problem is None and (matrikel, label) in lines:
            problem = f"{matrikel} {label} already appears on line {lines[matrikel, label]}"
        if problem is not None:
            problems.append(f"{where}: {problem}")
            continue
        lines[matrikel, label] = line
        found.setdefault(matrikel, {})[label] = (_points(record["points"], key), record.get("comment", "").strip())
    return found


def _row_problem(key: Key, answered: set[str], columns: tuple[str, ...], what: str, record: dict[str, str],
                 matrikel: str, label: str) -> str | None:
    if matrikel not in key.students:
        return _matrikel_problem(key, matrikel)
    if matrikel not in answered:
        return f"{matrikel} has no row in the answers CSV"
    if label not in columns:
        hint = "; change automatic points with --overrides" if label in key.columns else ""
        return f"column '{label}' is not {what}{hint}"
    part = next((p for p in key.students[matrikel]["parts"] if p["label"] == label), None)
    if part is None:
        return f"{matrikel} has no part {label} (another question of the pool)"
    if what == MANUAL and part["kind"] != "manual":
        return f"{label} of {matrikel} is graded automatically (another question of the pool); use --overrides"
    try:
        points = _points(record.get("points", ""), key)
    except Unreadable:
        return f"points '{record.get('points', '').strip()}' is not a number"
    if not 0 <= points <= part["points"]:
        return f"{points:g} points for {label}, which is worth {part['points']:g}"
    return None


def _points(text: str, key: Key) -> float:
    return float(parse_number(text, key.settings.decimal_comma))


def read_manual(path: Path, key: Key, answered: set[str], problems: list[str]) -> dict[str, dict[str, float]]:
    """Graders' points for open questions, by Matrikelnummer and label."""
    rows = _points_rows(path, key, answered, key.manual_columns, MANUAL, problems)
    return {matrikel: {label: points for label, (points, _) in parts.items()} for matrikel, parts in rows.items()}


def read_overrides(path: Path, key: Key, answered: set[str], problems: list[str]) -> dict[str, dict[str, Override]]:
    """Points that win over the automatic ones, with the grader's reason, by Matrikelnummer and label."""
    rows = _points_rows(path, key, answered, key.columns + key.manual_columns, "a column of the key", problems)
    return {m: {label: Override(points, comment) for label, (points, comment) in parts.items()}
            for m, parts in rows.items()}

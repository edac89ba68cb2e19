"""A grading run: check all inputs (listing every problem, writing nothing), grade, write reports and the
gradebook into place only when everything worked."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from examgen.errors import ExamgenError
from examgen.grading.answers_csv import read_answers, read_manual, read_overrides
from examgen.grading.feedback import write_feedback
from examgen.grading.gradebook import RunRecord, file_sha256, gradebook_problem, record_run
from examgen.grading.keyfile import Key, load_key
from examgen.grading.reports import write_distribution, write_items, write_results, write_review
from examgen.grading.results import StudentResult
from examgen.grading.score import StudentInput

DEFAULT_DB = "gradebook.sqlite"
LOCATION = re.compile(r"^(.+?)(?: line (\d+))?: ")


class GradingError(ExamgenError):
    """The grading inputs have problems; the message lists every one of them."""


@dataclass(frozen=True)
class Inputs:
    """Checked inputs of a run: the key, one input per student with answers, and who has no answers row."""

    key: Key
    students: tuple[StudentInput, ...]
    absent: tuple[str, ...]
    hashes: dict[str, str | None]


def load_inputs(key_path: Path, answers_path: Path, manual_path: Path | None, overrides_path: Path | None,
                out: Path, db: Path) -> Inputs:
    """Read and cross-check key, answers, manual points, overrides, --out and --db; raise one GradingError
    listing every problem found."""
    problems: list[str] = []
    key = load_key(key_path, problems)
    if out.exists() and not out.is_dir():
        problems.append(f"{out} exists and is not a folder; choose another --out")
    if key is None:
        raise _error(problems)
    db_problem = gradebook_problem(db, key.exam_id)
    if db_problem:
        problems.append(db_problem)
    answers = read_answers(answers_path, key, problems)
    manual = read_manual(manual_path, key, set(answers), problems) if manual_path else {}
    overrides = read_overrides(overrides_path, key, set(answers), problems) if overrides_path else {}
    if problems:
        raise _error(problems)
    students = tuple(StudentInput(entry, answers[matrikel], manual.get(matrikel, {}), overrides.get(matrikel, {}))
                     for matrikel, entry in key.students.items() if matrikel in answers)
    hashes = {"key": file_sha256(key_path), "answers": file_sha256(answers_path),
              "manual": file_sha256(manual_path), "overrides": file_sha256(overrides_path)}
    return Inputs(key, students, tuple(m for m in key.students if m not in answers), hashes)


def _error(problems: list[str]) -> GradingError:
    """One error listing every problem, grouped by file and ordered by line."""
    files: dict[str, int] = {}
    def order(problem: str) -> tuple[int, int]:
        match = LOCATION.match(problem)
        name, line = (match.group(1), int(match.group(2) or 0)) if match else (problem, 0)
        return files.setdefault(name, len(files)), line
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return GradingError(f"cannot grade, {count} found (nothing was written):\n" +
                        "\n".join(f"  {problem}" for problem in sorted(problems, key=order)))


def write_outputs(inputs: Inputs, results: list[StudentResult], out: Path, db: Path) -> RunRecord:
    """Write the reports (and a gradebook inside --out) to a staging folder, record the run in the gradebook,
    then move each report into --out; other files in --out are left alone."""
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        key = inputs.key
        write_results(stage / "results.csv", key, results)
        write_review(stage / "review.csv", results)
        write_items(stage / "items.csv", key, results)
        write_distribution(stage / "distribution.png", key, results)
        write_feedback(stage / "feedback", key, results)
        inside = db.resolve().parent == out.resolve()
        if inside and db.exists():
            shutil.copy2(db, stage / db.name)
        record = record_run(stage / db.name if inside else db, key.exam_id, results, inputs.hashes)
        out.mkdir(exist_ok=True)
        for entry in sorted(stage.iterdir()):
            _move_into(entry, out / entry.name, stage)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return record


def _move_into(source: Path, target: Path, stage: Path) -> None:
    """Replace `target` by `source` (a folder is swapped whole; the old one goes to the staging folder)."""
    if target.is_dir():
        target.rename(stage / f".old-{target.name}")
    os.replace(source, target)

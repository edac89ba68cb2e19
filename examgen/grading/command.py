"""What `examgen grade` does: grade an answers CSV against the key and write results, feedback and item analysis.
The click command itself is in examgen/cli.py, the one place that turns errors into exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from examgen.grading.gradebook import RunRecord
from examgen.grading.reports import fmt
from examgen.grading.results import StudentResult
from examgen.grading.run import DEFAULT_DB, Inputs, load_inputs, write_outputs
from examgen.grading.score import grade_all

def grade_exam(key_path: Path, answers_path: Path, manual_path: Path | None, overrides_path: Path | None,
               out: Path, db: Path | None, jobs: int) -> None:
    """Grade the answers against the key, write the reports and the gradebook, and print a summary."""
    gradebook = db or out / DEFAULT_DB
    inputs = load_inputs(key_path, answers_path, manual_path, overrides_path, out, gradebook)
    results = grade_all(inputs.students, inputs.key.settings, jobs, _progress)
    record = write_outputs(inputs, results, out, gradebook)
    _summary(inputs, results, out, gradebook, record)


def _progress(label: str, length: int) -> Any:
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True)


def _summary(inputs: Inputs, results: list[StudentResult], out: Path, db: Path, record: RunRecord) -> None:
    passed = sum(inputs.key.settings.passed(r.total, r.max_points) for r in results)
    mean = sum(r.total for r in results) / len(results) if results else 0.0
    top = max((r.max_points for r in results), default=0.0)
    click.echo(f"Graded {len(results)} students: mean {fmt(mean)} / {fmt(top)} points, {passed} passed")
    if inputs.absent:
        click.echo(f"Absent:    {len(inputs.absent)} students of the key have no row in the answers CSV "
                   f"(not graded): {', '.join(inputs.absent[:10])}{' ...' if len(inputs.absent) > 10 else ''}")
    review = sum(p.needs_review for r in results for p in r.parts)
    click.echo(f"Review:    {review} answers need a grader ({out / 'review.csv'})")
    click.echo(f"Results:   {out / 'results.csv'}")
    click.echo(f"Feedback:  {out / 'feedback'}/<matrikel>.md")
    click.echo(f"Items:     {out / 'items.csv'}")
    click.echo(f"Plot:      {out / 'distribution.png'}")
    click.echo(f"Gradebook: {db} (run {record.run})")
    if record.previous and not record.changes:
        click.echo(f"No student's points changed since run {record.previous}.")
    elif record.changes:
        count = len(record.changes)
        click.echo(f"Points changed since run {record.previous} for {count} student{'s' * (count != 1)}:")
        for change in record.changes:
            moved = ", ".join(f"{label} {fmt(old)} -> {fmt(new)}" for label, old, new in change.parts)
            click.echo(f"  {change.matrikel} {change.name}: {fmt(change.old_total)} -> {fmt(change.new_total)} "
                       f"({moved})")

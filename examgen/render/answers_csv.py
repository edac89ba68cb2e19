"""answers_template.csv: one row per student, one column per gradable part (P2.a, ...)."""

from __future__ import annotations

import csv
import io

from examgen.pipeline import ExamBatch
from examgen.render.key import column_labels


def answers_template_csv(batch: ExamBatch) -> str:
    """The empty answer sheet graders fill in (manual/open parts are graded separately)."""
    columns = column_labels(batch)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["matrikel", "name", *columns])
    for exam in batch.exams:
        writer.writerow([exam.student.matrikel, exam.student.name, *([""] * len(columns))])
    return buffer.getvalue()

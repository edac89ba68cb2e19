"""The report files of a grading run: results.csv, review.csv, items.csv and distribution.png."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from examgen.grading.keyfile import Key
from examgen.grading.results import StudentResult

ITEM_COLUMNS = ("level", "column", "qid", "variant", "n", "mean_points", "max_points", "difficulty",
                "share_correct", "share_invalid", "share_missing", "discrimination")


def fmt(value: float | None) -> str:
    """A number for a CSV cell: at most three decimals, no trailing zeros ('' for None)."""
    if value is None:
        return ""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_results(path: Path, key: Key, results: Sequence[StudentResult]) -> None:
    """One row per student: points per problem, total, maximum, grade, and how many answers await review."""
    problems = range(1, len(key.problems) + 1)
    header = ["matrikel", "name", "exam_code", *(f"P{n}" for n in problems), "total", "max_points", "grade",
              "review"]
    _write_csv(path, header, ([r.matrikel, r.name, r.exam_code, *(fmt(r.problem_points(n)) for n in problems),
                               fmt(r.total), fmt(r.max_points), r.grade, sum(p.needs_review for p in r.parts)]
                              for r in results))


def write_review(path: Path, results: Sequence[StudentResult]) -> None:
    """Every invalid or undecided answer that no override has settled yet."""
    header = ["matrikel", "name", "column", "status", "answer", "reading", "expected", "max_points"]
    _write_csv(path, header, ([r.matrikel, r.name, p.label, p.status, p.raw, p.reading, p.expected, fmt(p.max_points)]
                              for r in results for p in r.parts if p.needs_review))


def write_items(path: Path, key: Key, results: Sequence[StudentResult]) -> None:
    """Item analysis: per part (mean, difficulty, shares, discrimination) and per question variant (difficulty)."""
    _write_csv(path, ITEM_COLUMNS, [*_part_rows(key, results), *_variant_rows(key, results)])


def _part_rows(key: Key, results: Sequence[StudentResult]) -> list[list[Any]]:
    by_label: dict[str, list[tuple[float, float, str, float]]] = defaultdict(list)
    qids: dict[str, set[str]] = defaultdict(set)
    for result in results:
        for part, entry in zip(result.parts, key.students[result.matrikel]["parts"]):
            by_label[part.label].append((part.points, part.max_points, part.status, result.total - part.points))
            qids[part.label].add(entry.get("qid", ""))
    rows = []
    for label, items in by_label.items():
        points, maxima, statuses, rest = zip(*items)
        n = len(items)
        rows.append(["part", label, "|".join(sorted(qids[label])), "", n, fmt(float(np.mean(points))),
                     fmt(float(np.mean(maxima))), fmt(sum(points) / sum(maxima) if sum(maxima) else None),
                     *(fmt(statuses.count(s) / n) for s in ("correct", "invalid", "missing")),
                     fmt(_correlation(points, rest))])
    return rows


def _correlation(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Pearson correlation (here: part score vs. the rest of the total); None when undefined."""
    if len(a) < 3 or np.std(a) == 0 or np.std(b) == 0:
        return None
    return float(np.corrcoef(a, b)[0, 1])


def _variant_rows(key: Key, results: Sequence[StudentResult]) -> list[list[Any]]:
    groups: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for result in results:
        slots: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
        for part, entry in zip(result.parts, key.students[result.matrikel]["parts"]):
            variant = json.dumps(entry.get("params", {}), sort_keys=True, separators=(",", ":"))
            question = f"{entry.get('qid', '')} v{entry.get('version', '')}"
            totals = slots[entry.get("slot", part.label), question, variant]
            totals[0] += part.points
            totals[1] += part.max_points
        for group, (earned, maximum) in slots.items():
            groups[group].append((earned, maximum))
    rows = []
    for (slot, qid, variant), items in sorted(groups.items(), key=lambda g: (g[0][1], g[0][2])):
        points, maxima = zip(*items)
        rows.append(["variant", slot, qid, variant, len(items), fmt(float(np.mean(points))),
                     fmt(float(np.mean(maxima))), fmt(sum(points) / sum(maxima) if sum(maxima) else None),
                     "", "", "", ""])
    return rows


def write_distribution(path: Path, key: Key, results: Sequence[StudentResult]) -> None:
    """Histogram of the totals and bar chart of the grades, as PNG."""
    from matplotlib.figure import Figure  # imported here: matplotlib is slow to load and only needed here
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(10, 4), layout="constrained")
    totals_axes, grades_axes = figure.subplots(1, 2)
    totals = [r.total for r in results]
    top = max((r.max_points for r in results), default=1.0) or 1.0
    totals_axes.hist(totals, bins=np.linspace(0, top, 21), color="#4c72b0", edgecolor="white")
    totals_axes.set(title="Total points", xlabel="points", ylabel="students", xlim=(0, top))
    scale = [grade for _, grade in key.settings.scale]
    counts = [sum(r.grade == grade for r in results) for grade in scale]
    grades_axes.bar(scale, counts, color="#55a868")
    grades_axes.set(title="Grades", xlabel="grade", ylabel="students")
    for axes in (totals_axes, grades_axes):
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    figure.suptitle(f"{key.title} ({len(results)} students)")
    figure.savefig(path, dpi=100)

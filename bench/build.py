"""Benchmark: seconds per student and per page for building exams plus solutions, against the pdflatex floor.

The floor is one pdflatex pass over the same pages (all students' exams and solutions, typeset as two plain
documents), divided by the number of cores. Usage: python bench/build.py [--students 300] [--also 30] [--spec F]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

# bench/solvers.py must not shadow the solvers package, so this folder leaves the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import pikepdf

from examgen.output import write_build
from examgen.pipeline import build_batch
from examgen.registry import load_registry
from examgen.render.document import document_source
from examgen.render.pdf import compile_document
from examgen.spec import Student, load_spec

REPO = Path(__file__).resolve().parents[1]
SECRET = b"benchmark-secret-not-for-exams-0123456789"


def roster(count: int) -> list[Student]:
    """Synthetic students with umlauts and LaTeX specials in their names."""
    return [Student(f"0{3600000 + i:07d}", f"Jörg Müller-{i} & Co_{i}") for i in range(count)]


def measure(spec_path: Path, students: int, jobs: int) -> dict[str, float]:
    """Time a full build of `students` exams plus solutions, and the single-pass floor over the same pages."""
    spec = load_spec(spec_path)
    registry = load_registry()
    start = time.perf_counter()
    batch = build_batch(spec, registry, SECRET, roster(students))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        write_build(batch, out, pdf=True, jobs=jobs, force=False)
        build_seconds = time.perf_counter() - start
        pages = sum(len(pikepdf.open(p).pages) for p in out.rglob("*.pdf"))
    floor_start = time.perf_counter()
    for solutions in (False, True):
        source = document_source(spec.exam, batch.exams, solutions)
        compile_document(source.text(dict.fromkeys(range(students), 0)), "floor")
    floor_seconds = (time.perf_counter() - floor_start) / jobs
    return {"students": students, "pages": pages, "build": build_seconds, "floor": floor_seconds}


def report(figures: dict[str, float]) -> None:
    n, pages = figures["students"], figures["pages"]
    print(f"{int(n):>5} students, {int(pages):>6} pages: build {figures['build']:7.2f} s "
          f"= {figures['build'] / n * 1000:6.1f} ms/student, {figures['build'] / pages * 1000:5.2f} ms/page; "
          f"floor {figures['floor']:6.2f} s; build/floor = {figures['build'] / figures['floor']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--also", type=int, default=30, help="a smaller run to check linear growth (0: skip)")
    parser.add_argument("--spec", type=Path, default=REPO / "examples" / "i2dl-endterm.toml")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(f"spec {args.spec.name}, {args.jobs} jobs, python {sys.version.split()[0]}")
    runs = [measure(args.spec, n, args.jobs) for n in ([args.also] if args.also else []) + [args.students]]
    for figures in runs:
        report(figures)
    if len(runs) == 2:
        small, large = runs
        print(f"growth: per-student time at {int(large['students'])} / at {int(small['students'])} = "
              f"{(large['build'] / large['students']) / (small['build'] / small['students']):.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()

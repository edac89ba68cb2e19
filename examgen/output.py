"""Writes a build's files into a fresh folder that replaces the target only when everything worked."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from examgen.errors import ExamgenError, LatexError
from examgen.pipeline import ExamBatch, StudentExam
from examgen.render.answers_csv import answers_template_csv
from examgen.render.document import document_source
from examgen.render.key import answer_key_json
from examgen.render.pdf import compile_document, split_pdf

STUDENTS_PER_RUN = 20


@dataclass(frozen=True)
class BuildResult:
    """What was written, for the CLI's closing message."""

    out: Path
    documents: int
    exam_folder: str


def check_target(out: Path, force: bool) -> None:
    """Refuse to overwrite an existing folder unless asked to."""
    if out.exists() and not force:
        raise ExamgenError(f"{out} already exists; pass --force to replace it, or choose another --out")
    if out.exists() and not out.is_dir():
        raise ExamgenError(f"{out} exists and is not a folder")


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A temporary sibling folder that becomes `out` on success and disappears on failure."""
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        out.rename(old / "previous")
    stage.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _chunks(exams: Sequence[StudentExam], size: int) -> list[Sequence[StudentExam]]:
    return [exams[i : i + size] for i in range(0, len(exams), size)]


@dataclass(frozen=True)
class _Kind:
    """Exams or solutions: how to compile a chunk of students with given page totals."""

    batch: ExamBatch
    solutions: bool

    def compile(self, chunk: Sequence[StudentExam], totals: Mapping[str, int]) -> tuple[bytes, list[int]]:
        source = document_source(self.batch.spec.exam, chunk, self.solutions, totals)
        return compile_document(source, "solutions" if self.solutions else "exams")

    def split(self, chunk: Sequence[StudentExam], totals: Mapping[str, int]) -> list[bytes]:
        """One pass with the guessed totals; the rare student whose page count differs is compiled once more."""
        pdf, pages = self.compile(chunk, totals)
        actual = {exam.student.matrikel: count for exam, count in zip(chunk, pages)}
        if any(actual[m] != totals[m] for m in actual):
            pdf, pages = self.compile(chunk, actual)
            if [actual[e.student.matrikel] for e in chunk] != pages:
                raise LatexError(f"page counts of {', '.join(actual)} changed between two LaTeX runs")
        title = self.batch.spec.exam.title + (" (solutions)" if self.solutions else "")
        return split_pdf(pdf, pages, title)


def write_pdfs(
    batch: ExamBatch, stage: Path, exam_folder: str, jobs: int, progress: Callable[[int], None]
) -> None:
    """Compile exams and solutions in chunks, in parallel, one LaTeX pass each, one PDF per student and kind.

    "Page X of Y" needs Y before typesetting: one student is compiled first to learn it, every chunk is then
    typeset once with that total, and only students whose page count differs are typeset again."""
    chunks = _chunks(batch.exams, STUDENTS_PER_RUN)
    kinds = [_Kind(batch, solutions) for solutions in (False, True)]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        probes = [pool.submit(kind.compile, batch.exams[:1], {}) for kind in kinds]
        guesses = [{exam.student.matrikel: probe.result()[1][0] for exam in batch.exams} for probe in probes]
        tasks = [(kind, chunk, pool.submit(kind.split, chunk, guess)) for kind, guess in zip(kinds, guesses)
                 for chunk in chunks]
        for kind, chunk, future in tasks:
            folder = stage / ("solutions" if kind.solutions else exam_folder)
            folder.mkdir(exist_ok=True)
            for exam, pdf in zip(chunk, future.result()):
                (folder / f"{exam.student.matrikel}.pdf").write_bytes(pdf)
            progress(len(chunk))


def write_tex(batch: ExamBatch, stage: Path, exam_folder: str, progress: Callable[[int], None]) -> None:
    """One standalone .tex file per student and kind (--no-pdf)."""
    for solutions in (False, True):
        folder = stage / ("solutions" if solutions else exam_folder)
        folder.mkdir(exist_ok=True)
        for exam in batch.exams:
            source = document_source(batch.spec.exam, [exam], solutions)
            (folder / f"{exam.student.matrikel}.tex").write_text(source, encoding="utf-8")
            progress(1)


def write_build(
    batch: ExamBatch,
    out: Path,
    *,
    pdf: bool,
    jobs: int,
    force: bool,
    exam_folder: str = "exams",
    progress: Callable[[int], None] = lambda n: None,
) -> BuildResult:
    """Key, answers CSV and documents, all or nothing."""
    check_target(out, force)
    with staged(out) as stage:
        (stage / "answer_key.json").write_text(answer_key_json(batch), encoding="utf-8")
        (stage / "answers_template.csv").write_text(answers_template_csv(batch), encoding="utf-8")
        if pdf:
            write_pdfs(batch, stage, exam_folder, jobs, progress)
        else:
            write_tex(batch, stage, exam_folder, progress)
    return BuildResult(out, 2 * len(batch.exams), exam_folder)

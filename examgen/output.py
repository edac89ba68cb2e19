"""Writes a build's files into a fresh folder that replaces the target only when everything worked."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from examgen.errors import ExamgenError
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


def _compile_chunk(batch: ExamBatch, chunk: Sequence[StudentExam], solutions: bool) -> list[bytes]:
    what = "solutions" if solutions else "exams"
    pdf, pages = compile_document(document_source(batch.spec.exam, chunk, solutions), what)
    title = batch.spec.exam.title + (" (solutions)" if solutions else "")
    return split_pdf(pdf, pages, title)


def write_pdfs(
    batch: ExamBatch, stage: Path, exam_folder: str, jobs: int, progress: Callable[[int], None]
) -> None:
    """Compile exams and solutions in chunks, in parallel, one PDF per student and kind."""
    chunks = _chunks(batch.exams, STUDENTS_PER_RUN)
    tasks = [(chunk, solutions) for chunk in chunks for solutions in (False, True)]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(_compile_chunk, batch, chunk, solutions) for chunk, solutions in tasks]
        for (chunk, solutions), future in zip(tasks, futures):
            folder = stage / ("solutions" if solutions else exam_folder)
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

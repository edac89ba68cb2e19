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
from examgen.render.document import answer_sheet_source, document_source
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
class _Document:
    """One kind of per-student PDF: exams (or practice sheets), solutions, or answer sheets."""

    batch: ExamBatch
    kind: str  # "exam", "solutions" or "answer_sheet"
    folder: str

    def compile(self, chunk: Sequence[StudentExam], totals: Mapping[str, int]) -> tuple[bytes, list[int]]:
        info = self.batch.spec.exam
        if self.kind == "answer_sheet":
            return compile_document(answer_sheet_source(info, chunk), "answer sheets")
        return compile_document(document_source(info, chunk, self.kind == "solutions", totals), self.folder)

    def split(self, chunk: Sequence[StudentExam], totals: Mapping[str, int]) -> list[bytes]:
        """One pass with the guessed totals; the rare student whose page count differs is compiled once more."""
        pdf, pages = self.compile(chunk, totals)
        actual = {exam.student.matrikel: count for exam, count in zip(chunk, pages)}
        if self.kind != "answer_sheet" and any(actual[m] != totals[m] for m in actual):
            pdf, pages = self.compile(chunk, actual)
            if [actual[e.student.matrikel] for e in chunk] != pages:
                raise LatexError(f"page counts of {', '.join(actual)} changed between two LaTeX runs")
        return split_pdf(pdf, pages, f"{self.batch.spec.exam.title} ({self.kind.replace('_', ' ')})")

    def guess_totals(self) -> dict[str, int]:
        """Page totals for "page X of Y", learnt by typesetting the first student alone."""
        first = self.batch.exams[:1]
        guess = 1 if self.kind == "answer_sheet" else self.compile(first, {})[1][0]
        return {exam.student.matrikel: guess for exam in self.batch.exams}


def write_pdfs(
    batch: ExamBatch, stage: Path, exam_folder: str, jobs: int, answer_sheets: bool, progress: Callable[[int], None]
) -> None:
    """Compile every document kind in chunks, in parallel, one LaTeX pass each, one PDF per student and kind.

    "Page X of Y" needs Y before typesetting: one student is compiled first to learn it, every chunk is then
    typeset once with that total, and only students whose page count differs are typeset again."""
    chunks = _chunks(batch.exams, STUDENTS_PER_RUN)
    documents = [_Document(batch, "exam", exam_folder), _Document(batch, "solutions", "solutions")]
    if answer_sheets:
        documents.append(_Document(batch, "answer_sheet", "answer_sheets"))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        guesses = [pool.submit(document.guess_totals) for document in documents]
        tasks = [(document, chunk, pool.submit(document.split, chunk, guess.result()))
                 for document, guess in zip(documents, guesses) for chunk in chunks]
        for document, chunk, future in tasks:
            folder = stage / document.folder
            folder.mkdir(exist_ok=True)
            for exam, pdf in zip(chunk, future.result()):
                (folder / f"{exam.student.matrikel}.pdf").write_bytes(pdf)
            progress(len(chunk))


def write_tex(
    batch: ExamBatch, stage: Path, exam_folder: str, answer_sheets: bool, progress: Callable[[int], None]
) -> None:
    """One standalone .tex file per student and kind (--no-pdf)."""
    info = batch.spec.exam
    sources: list[tuple[str, Callable[[StudentExam], str]]] = [
        (exam_folder, lambda exam: document_source(info, [exam], False)),
        ("solutions", lambda exam: document_source(info, [exam], True)),
    ]
    if answer_sheets:
        sources.append(("answer_sheets", lambda exam: answer_sheet_source(info, [exam])))
    for folder_name, source in sources:
        folder = stage / folder_name
        folder.mkdir(exist_ok=True)
        for exam in batch.exams:
            (folder / f"{exam.student.matrikel}.tex").write_text(source(exam), encoding="utf-8")
        progress(len(batch.exams))


def write_build(
    batch: ExamBatch,
    out: Path,
    *,
    pdf: bool,
    jobs: int,
    force: bool,
    exam_folder: str = "exams",
    answer_sheets: bool = False,
    progress: Callable[[int], None] = lambda n: None,
) -> BuildResult:
    """Key, answers CSV and documents, all or nothing."""
    check_target(out, force)
    with staged(out) as stage:
        (stage / "answer_key.json").write_text(answer_key_json(batch), encoding="utf-8")
        (stage / "answers_template.csv").write_text(answers_template_csv(batch), encoding="utf-8")
        if pdf:
            write_pdfs(batch, stage, exam_folder, jobs, answer_sheets, progress)
        else:
            write_tex(batch, stage, exam_folder, answer_sheets, progress)
    return BuildResult(out, (3 if answer_sheets else 2) * len(batch.exams), exam_folder)

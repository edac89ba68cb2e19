"""Writes a build's files into a fresh folder that replaces the target only when everything worked."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
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

    def source(self, chunk: Sequence[StudentExam], totals: Mapping[str, int]) -> str:
        info = self.batch.spec.exam
        if self.kind == "answer_sheet":
            return answer_sheet_source(info, chunk)
        return document_source(info, chunk, self.kind == "solutions", totals)

    def job(self, chunk: Sequence[StudentExam], totals: Mapping[str, int], stage: Path) -> "_Job":
        """What a worker process needs to typeset a chunk and write one PDF per student."""
        title = f"{self.batch.spec.exam.title} ({self.kind.replace('_', ' ')})"
        paths = tuple(str(stage / self.folder / f"{exam.student.matrikel}.pdf") for exam in chunk)
        expected = None if self.kind == "answer_sheet" else tuple(totals[e.student.matrikel] for e in chunk)
        return _Job(self.source(chunk, totals), self.folder, title, paths, expected)


@dataclass(frozen=True)
class _Job:
    """A chunk's LaTeX source and where its per-student PDFs go (plain data, so it can cross processes)."""

    source: str
    what: str
    title: str
    paths: tuple[str, ...]
    expected: tuple[int, ...] | None  # the page totals printed in the source; None: not printed

    def run(self) -> tuple[int, ...]:
        """Typeset once and write the PDF of every student whose page count matches the total the source
        printed; return all page counts (the caller typesets the others again)."""
        pdf, pages = compile_document(self.source, self.what)
        for index, (path, part) in enumerate(zip(self.paths, split_pdf(pdf, pages, self.title))):
            if self.expected is None or pages[index] == self.expected[index]:
                Path(path).write_bytes(part)
        return tuple(pages)


def _run_job(job: _Job) -> tuple[int, ...]:
    return job.run()


def write_pdfs(
    batch: ExamBatch, stage: Path, exam_folder: str, jobs: int, answer_sheets: bool, progress: Callable[[int], None],
    meanwhile: Callable[[], None] = lambda: None,
) -> None:
    """Compile every document kind in chunks of students, one LaTeX pass each, on `jobs` worker processes
    (splitting PDFs is Python work, so threads would serialise it), one PDF per student and kind.

    "Page X of Y" needs Y before typesetting: the first student is typeset alone to learn it, every chunk is
    then typeset once with that total, and a chunk where some student's page count differs is typeset once
    more for the students whose page count differs, with their exact counts (the footer cannot change the
    layout)."""
    chunks = _chunks(batch.exams, STUDENTS_PER_RUN)
    documents = [_Document(batch, "exam", exam_folder), _Document(batch, "solutions", "solutions")]
    if answer_sheets:
        documents.append(_Document(batch, "answer_sheet", "answer_sheets"))
    for document in documents:
        (stage / document.folder).mkdir(exist_ok=True)
    first = batch.exams[:1]
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        probes = [pool.submit(compile_document, d.source(first, {}), d.folder) for d in documents]
        guesses = [{e.student.matrikel: probe.result()[1][0] for e in batch.exams} for probe in probes]
        tasks = []
        for chunk in chunks:
            for document, guess in zip(documents, guesses):
                job = document.job(chunk, guess, stage)
                tasks.append((document, chunk, job, pool.submit(_run_job, job)))
        meanwhile()  # the main process is free while the workers typeset
        misfits: dict[str, list[tuple[StudentExam, int]]] = {d.folder: [] for d in documents}
        for document, chunk, job, future in tasks:
            pages = future.result()
            if job.expected is not None:
                misfits[document.folder] += [(e, n) for e, n, guess in zip(chunk, pages, job.expected) if n != guess]
            progress(len(chunk))
        for document in documents:  # one more run per kind for every student whose page total was guessed wrong
            if misfits[document.folder]:
                exact = {exam.student.matrikel: count for exam, count in misfits[document.folder]}
                again = document.job([exam for exam, _ in misfits[document.folder]], exact, stage)
                if pool.submit(_run_job, again).result() != again.expected:
                    raise LatexError(f"page counts of {', '.join(exact)} changed between two LaTeX runs")


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
        def write_key() -> None:
            (stage / "answer_key.json").write_text(answer_key_json(batch), encoding="utf-8")
            (stage / "answers_template.csv").write_text(answers_template_csv(batch), encoding="utf-8")
        if pdf:
            write_pdfs(batch, stage, exam_folder, jobs, answer_sheets, progress, meanwhile=write_key)
        else:
            write_key()
            write_tex(batch, stage, exam_folder, answer_sheets, progress)
    return BuildResult(out, (3 if answer_sheets else 2) * len(batch.exams), exam_folder)

"""Writes a build's files into a fresh folder that replaces the target only when everything worked."""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from examgen.errors import ExamgenError, LatexError
from examgen.pipeline import ExamBatch, StudentExam
from examgen.render.answers_csv import answers_template_csv
from examgen.render.document import DocumentSource, answer_sheet_source, document_source
from examgen.render.key import answer_key_json
from examgen.render.pdf import compile_document, split_pdf

MAX_STUDENTS_PER_RUN = 50


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


def _chunks(exams: Sequence[StudentExam]) -> list[Sequence[StudentExam]]:
    """Consecutive runs of students, as even as can be, at most MAX_STUDENTS_PER_RUN each and an even number of
    them, so that two workers get equal shares (a LaTeX run costs a fixed 0.2 s on top). The cut depends on
    the number of students only: a PDF's bytes depend on who shares its run (font subsets), never on --jobs."""
    runs = min(len(exams), 2 * math.ceil(len(exams) / (2 * MAX_STUDENTS_PER_RUN)))
    bounds = [len(exams) * i // runs for i in range(runs + 1)]
    return [exams[a:b] for a, b in zip(bounds, bounds[1:])]


@dataclass(frozen=True)
class _Document:
    """One kind of per-student PDF: exams (or practice sheets), solutions, or answer sheets."""

    batch: ExamBatch
    kind: str  # "exam", "solutions" or "answer_sheet"
    folder: str

    @property
    def prints_total(self) -> bool:
        """Whether its pages say "page X of Y" (an answer sheet is one page)."""
        return self.kind != "answer_sheet"

    def source(self, chunk: Sequence[StudentExam]) -> DocumentSource:
        info = self.batch.spec.exam
        if self.kind == "answer_sheet":
            return answer_sheet_source(info, chunk)
        return document_source(info, chunk, self.kind == "solutions")

    def job(self, chunk: Sequence[StudentExam], source: DocumentSource, guess: int | None, stage: Path) -> _Job:
        """What a worker process needs to typeset a chunk and write one PDF per student."""
        title = f"{self.batch.spec.exam.title} ({self.kind.replace('_', ' ')})"
        paths = tuple(str(stage / self.folder / f"{exam.student.matrikel}.pdf") for exam in chunk)
        return _Job(source, self.folder, title, paths, guess)


@dataclass(frozen=True)
class _Job:
    """A chunk's LaTeX and where its per-student PDFs go (plain data, so it can cross processes)."""

    source: DocumentSource
    what: str
    title: str
    paths: tuple[str, ...]  # <folder>/<matrikel>.pdf, one per student
    guess: int | None  # the page total to print for every student; None: no total printed

    def run(self) -> dict[int, int]:
        """Typeset the chunk once with the guessed page total and write the PDFs of the students it fits;
        return the page counts of the others (chunk index -> pages), for `retypeset`."""
        if self.guess is None:
            self._typeset(None)
            return {}
        pages = self._typeset(dict.fromkeys(range(len(self.paths)), self.guess))
        return {i: count for i, count in pages.items() if count != self.guess}

    def retypeset(self, misfits: dict[int, int]) -> None:
        """Typeset the students whose page count differed from the guess with their own counts (the footer
        cannot change the layout)."""
        if self._typeset(misfits) != misfits:
            names = ", ".join(Path(self.paths[i]).stem for i in misfits)
            raise LatexError(f"page counts of {names} in the {self.what} changed between two LaTeX runs")

    def _typeset(self, totals: dict[int, int] | None) -> dict[int, int]:
        """Compile the students in `totals` (all if None); write the PDF of each whose page count matches the
        total it printed; return every student's page count."""
        pdf, counts = compile_document(self.source.text(totals), self.what)
        chosen = sorted(totals) if totals is not None else range(len(self.paths))
        pages = dict(zip(chosen, counts))
        for index, part in zip(chosen, split_pdf(pdf, counts, self.title)):
            if totals is None or totals[index] == pages[index]:
                Path(self.paths[index]).write_bytes(part)
        return pages


def write_pdfs(
    batch: ExamBatch, stage: Path, exam_folder: str, jobs: int, answer_sheets: bool, progress: Callable[[int], None],
    meanwhile: Callable[[], None] = lambda: None,
) -> None:
    """Compile every document kind in chunks of students, one LaTeX pass each, on `jobs` worker processes
    (splitting PDFs is Python work, so threads would serialise it), one PDF per student and kind.

    "Page X of Y" needs Y before typesetting: the first student is typeset alone to learn it while this
    process renders the chunks, each chunk is typeset with that total, and the students of a chunk whose page
    count differs are typeset once more, with their own counts, after the chunks. The heaviest kind
    (solutions) goes first so that the workers finish together."""
    documents = [_Document(batch, "solutions", "solutions"), _Document(batch, "exam", exam_folder)]
    if answer_sheets:
        documents.append(_Document(batch, "answer_sheet", "answer_sheets"))
    for document in documents:
        (stage / document.folder).mkdir(exist_ok=True)
    first = batch.exams[:1]
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        probes = {d.kind: pool.submit(compile_document, d.source(first).text(), d.folder)
                  for d in documents if d.prints_total}
        tasks: dict[Future[Any], tuple[_Job, int]] = {}  # -> the job and how many PDFs the task writes
        chunks = _chunks(batch.exams)
        try:
            for document in documents:
                for chunk in chunks:
                    source = document.source(chunk)
                    guess = probes[document.kind].result()[1][0] if document.prints_total else None
                    job = document.job(chunk, source, guess, stage)
                    tasks[pool.submit(job.run)] = (job, len(chunk))
            meanwhile()  # the main process is free while the workers typeset
            while tasks:  # the first failure is reported at once
                for future in wait(tasks, return_when=FIRST_COMPLETED).done:
                    job, written = tasks.pop(future)
                    misfits = future.result() or {}
                    if misfits:  # queued behind the other chunks, where it evens out the workers' last tasks
                        tasks[pool.submit(job.retypeset, misfits)] = (job, len(misfits))
                    progress(written - len(misfits))
        except BaseException:
            for future in tasks:
                future.cancel()
            raise


def write_tex(
    batch: ExamBatch, stage: Path, exam_folder: str, answer_sheets: bool, progress: Callable[[int], None]
) -> None:
    """One standalone .tex file per student and kind (--no-pdf); "page X of Y" is right after two LaTeX runs."""
    info = batch.spec.exam
    sources: list[tuple[str, Callable[[StudentExam], DocumentSource]]] = [
        (exam_folder, lambda exam: document_source(info, [exam], False)),
        ("solutions", lambda exam: document_source(info, [exam], True)),
    ]
    if answer_sheets:
        sources.append(("answer_sheets", lambda exam: answer_sheet_source(info, [exam])))
    for folder_name, source in sources:
        folder = stage / folder_name
        folder.mkdir(exist_ok=True)
        for exam in batch.exams:
            (folder / f"{exam.student.matrikel}.tex").write_text(source(exam).text(), encoding="utf-8")
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

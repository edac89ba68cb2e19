"""pdflatex over many students at once, then split into one PDF per student with pikepdf."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pikepdf

from examgen.errors import LatexError
from examgen.render.document import question_at_line

TIMEOUT_SECONDS = 900
START_ENTRY = re.compile(r"\\examgenstart\{(\d+)\}\{(\d+)\}")
OUTPUT_PAGES = re.compile(rb"Output written on doc\.pdf \((\d+) pages?")
ERROR_LINE = re.compile(r"^l\.(\d+)", re.MULTILINE)


def pdflatex() -> str:
    """The pdflatex binary, or a message saying how to install it."""
    found = shutil.which("pdflatex")
    if found is None:
        raise LatexError(
            "pdflatex was not found; install TeX Live (apt-get install texlive-latex-base "
            "texlive-latex-recommended texlive-fonts-recommended lmodern) or build with --no-pdf"
        )
    return found


def _error_report(source: str, log: str, what: str) -> LatexError:
    """Name the student, question id and seed behind the first LaTeX error, with the offending lines."""
    first = next((line for line in log.splitlines() if line.startswith("!")), "! unknown LaTeX error")
    match = ERROR_LINE.search(log)
    if match is None:
        return LatexError(f"LaTeX failed in the {what}: {first}")
    line = int(match.group(1))
    lines = source.splitlines()
    excerpt = "\n".join(f"  {n}: {lines[n - 1]}" for n in range(max(1, line - 2), min(len(lines), line) + 1))
    origin = question_at_line(source, line)
    where = (
        f"student {origin.matrikel}, question {origin.qid}, seed {origin.seed}"
        if origin else "the document template (before any question)"
    )
    return LatexError(f"LaTeX failed in the {what} for {where}: {first}\n{excerpt}")


def compile_document(source: str, what: str) -> tuple[bytes, list[int]]:
    """Compile one LaTeX source in a single pass; return the PDF and the page count of each student in it."""
    binary = pdflatex()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}
    with tempfile.TemporaryDirectory(prefix="examgen-tex-") as work:
        folder = Path(work)
        (folder / "doc.tex").write_text(source, encoding="utf-8")
        run = subprocess.run(
            [binary, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"],
            cwd=folder, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT_SECONDS,
        )
        if run.returncode != 0:
            log_file = folder / "doc.log"
            log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
            raise _error_report(source, log or run.stdout.decode("utf-8", "replace"), what)
        starts = {int(i): int(p) for i, p in START_ENTRY.findall((folder / "doc.aux").read_text(encoding="utf-8"))}
        total = OUTPUT_PAGES.search(run.stdout)
        pdf = (folder / "doc.pdf").read_bytes()
    bounds = [starts[i] for i in sorted(starts)]
    if total is None or len(bounds) < 2 or bounds[-1] != int(total.group(1)):
        raise LatexError(f"LaTeX produced no pages, or not the pages it recorded, for the {what}")
    return pdf, [end - start for start, end in zip(bounds, bounds[1:])]


def split_pdf(pdf: bytes, page_counts: Sequence[int], title: str) -> list[bytes]:
    """Cut a compiled document into consecutive page ranges, one PDF each (the same bytes for the same input)."""
    parts, start = [], 0
    with pikepdf.Pdf.open(io.BytesIO(pdf)) as source:
        if sum(page_counts) != len(source.pages):
            raise LatexError(f"page bookkeeping failed: {sum(page_counts)} pages expected, the PDF has {len(source.pages)}")
        for count in page_counts:
            with pikepdf.Pdf.new() as part:
                part.pages.extend(source.pages[start : start + count])
                part.docinfo["/Title"] = title
                part.docinfo["/Creator"] = part.docinfo["/Producer"] = "examgen"
                buffer = io.BytesIO()
                part.save(buffer, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
            parts.append(buffer.getvalue())
            start += count
    return parts

"""The examgen command line: thin click commands; the only place that turns errors into exit codes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from examgen.errors import ExamgenError, ParamError
from examgen.grading.command import grade_exam
from examgen.grading.run import DEFAULT_DB
from examgen.output import BuildResult, write_build
from examgen.pipeline import build_batch, check_spec
from examgen.question import QuestionTemplate
from examgen.registry import Registry, load_registry
from examgen.render.document import fragment_context
from examgen.render.latex import render_fragment
from examgen.pipeline import PlacedPart, PlacedQuestion
from examgen.seeding import SECRET_ENV, load_secret
from examgen.selftest import report_table, run_selftest
from examgen.spec import ExamSpec, Student, load_roster, load_spec

PRACTICE_SECRET = b"examgen practice sheets are public by design"


def _fail(exc: ExamgenError) -> None:
    click.echo(f"examgen: error: {exc}", err=True)
    sys.exit(1)


def _run(action: Callable[[], None]) -> None:
    try:
        action()
    except ExamgenError as exc:
        _fail(exc)


def _progress(label: str, length: int) -> Any:
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True)


def _build(spec: ExamSpec, registry: Registry, secret: bytes, students: Sequence[Student], out: Path,
           options: dict[str, Any], exam_folder: str) -> BuildResult:
    with _progress("Solving questions ", len(students)) as bar:
        batch = build_batch(spec, registry, secret, students, progress=bar.update)
    label = "Compiling PDFs    " if options["pdf"] else "Writing .tex files"
    kinds = 3 if options["answer_sheet"] else 2
    with _progress(label, kinds * len(students)) as bar:
        return write_build(batch, out, pdf=options["pdf"], jobs=options["jobs"], force=options["force"],
                           exam_folder=exam_folder, answer_sheets=options["answer_sheet"], progress=bar.update)


def _report(result: BuildResult, options: dict[str, Any]) -> None:
    ext = "pdf" if options["pdf"] else "tex"
    click.echo(f"{result.exam_folder.capitalize()}:   {result.out / result.exam_folder}/*.{ext}")
    click.echo(f"Solutions: {result.out / 'solutions'}/*.{ext}")
    if options["answer_sheet"]:
        click.echo(f"Answer sheets: {result.out / 'answer_sheets'}/*.{ext}")
    click.echo(f"Key:       {result.out / 'answer_key.json'}")
    click.echo(f"Answers:   {result.out / 'answers_template.csv'}")


jobs_option = click.option("--jobs", type=click.IntRange(min=1), default=lambda: os.cpu_count() or 1,
                           show_default="number of cores", help="LaTeX runs in parallel.")
pdf_option = click.option("--pdf/--no-pdf", default=True, help="--no-pdf writes the .tex files only.")
force_option = click.option("--force", is_flag=True, help="Replace --out if it already exists.")
answer_sheet_option = click.option("--answer-sheet", is_flag=True,
                                   help="Also write a one-page answer sheet per student (answer_sheets/).")
out_option = click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
                          help="Output folder.")


def build_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options `build` and `sheet` share."""
    for option in (answer_sheet_option, force_option, pdf_option, jobs_option, secret_option, out_option):
        command = option(command)
    return command
secret_option = click.option("--secret-file", type=click.Path(dir_okay=False, path_type=Path),
                             help=f"File holding the course secret (or set ${SECRET_ENV}).")


@click.group()
@click.version_option(package_name="examgen")
def main() -> None:
    """Personalised, auto-graded deep-learning exams."""


@main.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--roster", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV with columns matrikel,name[,email].")
@build_options
def build(spec: Path, roster: Path, out: Path, secret_file: Path | None, **options: Any) -> None:
    """Build one exam and one solutions PDF per student, the answer key and the answers CSV."""
    def action() -> None:
        secret = load_secret(secret_file)
        exam_spec = load_spec(spec)
        students = load_roster(roster)
        registry = load_registry()
        check_spec(exam_spec, registry)
        _report(_build(exam_spec, registry, secret, students, out, options, "exams"), options)
    _run(action)


@main.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--variants", required=True, type=click.IntRange(1, 9999), help="How many variants.")
@build_options
def sheet(spec: Path, variants: int, out: Path, secret_file: Path | None, **options: Any) -> None:
    """Build N anonymous practice variants with solutions (no roster needed).

    Without a secret the variants come from a public key: anyone can reproduce them, which is fine for
    practice. Never build an exam's practice sheet with the exam's own secret."""
    def action() -> None:
        has_secret = secret_file is not None or os.environ.get(SECRET_ENV, "").strip()
        secret = load_secret(secret_file) if has_secret else PRACTICE_SECRET
        exam_spec = load_spec(spec)
        registry = load_registry()
        check_spec(exam_spec, registry)
        width = len(str(variants))
        students = [Student(f"variant-{i:0{width}d}", f"Variant {i}") for i in range(1, variants + 1)]
        _report(_build(exam_spec, registry, secret, students, out, options, "sheets"), options)
    _run(action)


def _template_json(template: QuestionTemplate) -> dict[str, Any]:
    return {
        "id": template.qid, "version": template.version, "topic": template.topic, "title": template.title,
        "kind": template.kind,
        "parts": [{"name": p.name, "kind": p.kind.name, "points": p.points} for p in template.parts],
    }


@main.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_bank(as_json: bool) -> None:
    """List the question bank."""
    def action() -> None:
        templates = list(load_registry())
        if as_json:
            click.echo(json.dumps([_template_json(t) for t in templates], indent=2))
            return
        for t in templates:
            parts = ", ".join(f"{p.name}:{p.kind.name}" for p in t.parts)
            click.echo(f"{t.qid:<36} v{t.version:<3} {t.topic:<14} {t.title}  [{parts}]")
        click.echo(f"{len(templates)} templates")
    _run(action)


@main.command()
@click.argument("qid", required=False)
@click.option("--seeds", type=click.IntRange(1, 100000), default=200, show_default=True, help="Seeds per template.")
@click.option("--compile", "compile_latex", is_flag=True, help="Also compile every variant with pdflatex.")
@jobs_option
def selftest(qid: str | None, seeds: int, compile_latex: bool, jobs: int) -> None:
    """Run every template (or QID) over many seeds and fail on unsatisfiable sampling, unclean answers,
    rendering or LaTeX errors, duplicate MC options, too few variants or bunched correct MC options."""
    def action() -> None:
        registry = load_registry()
        templates = [registry.get(qid)] if qid else list(registry)
        with _progress("Checking templates", len(templates)) as bar:
            reports = run_selftest(templates, seeds, compile_latex, jobs, progress=bar.update)
        click.echo(report_table(reports))
        failed = [r for r in reports if r.failures]
        for report in failed:
            for failure in report.failures[:5]:
                click.echo(f"{report.qid}: {failure}", err=True)
            if len(report.failures) > 5:
                click.echo(f"{report.qid}: ... and {len(report.failures) - 5} more", err=True)
        click.echo(f"{len(reports) - len(failed)} of {len(reports)} templates passed ({seeds} seeds each"
                   + (", compiled" if compile_latex else "") + ")")
        if failed:
            raise ExamgenError(f"selftest failed for {len(failed)} template(s): {', '.join(r.qid for r in failed)}")
    _run(action)


def _parse_params(text: str) -> dict[str, Any]:
    try:
        given = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParamError(f"--params is not valid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(given, dict):
        raise ParamError('--params must be a JSON object like {"k": 3, "stride": 2}')
    return given


@main.command()
@click.argument("qid")
@click.option("--seed", type=click.IntRange(min=0, max=2**64 - 1), help="Seed of the variant (default 0).")
@click.option("--params", "params_json", help="Solve for these parameter values (a JSON object).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def preview(qid: str, seed: int | None, params_json: str | None, as_json: bool) -> None:
    """Print one instantiated question with its parameters and answers."""
    def action() -> None:
        if seed is not None and params_json is not None:
            raise ParamError("give either --seed or --params, not both")
        template = load_registry().get(qid)
        variant = (template.with_params(_parse_params(params_json)) if params_json is not None
                   else template.draw(seed or 0))
        solved = template.solve(variant)
        answers = {p.name: p.kind.to_json(solved.answers[p.name]) for p in template.parts}
        if as_json:
            click.echo(json.dumps({"qid": template.qid, "version": template.version, "seed": variant.seed,
                                   "params": variant.params.to_json(), "answers": answers}, indent=2))
            return
        placed = PlacedQuestion("preview", template, solved, tuple(
            PlacedPart(p.name, p.name, p, p.points, solved.answers[p.name]) for p in template.parts))
        context = fragment_context(placed, solutions=True)
        click.echo(f"{template.qid} v{template.version}  seed {variant.seed}")
        click.echo(f"params:   {json.dumps(variant.params.to_json())}")
        click.echo("prompt:\n" + render_fragment(template.prompt, context).strip())
        for part in template.parts:
            click.echo(f"answer {part.name} ({part.kind.name}): {json.dumps(answers[part.name])}")
        click.echo("solution:\n" + render_fragment(template.solution, context).strip())
    _run(action)


FILE = click.Path(dir_okay=False, path_type=Path)


@main.command()
@click.option("--key", "key_path", required=True, type=FILE, help="answer_key.json of the exam.")
@click.option("--answers", "answers_path", required=True, type=FILE,
              help="CSV with matrikel,name and one column per part (like answers_template.csv).")
@click.option("--manual", "manual_path", type=FILE, help="CSV matrikel,column,points: graders' points for open parts.")
@click.option("--overrides", "overrides_path", type=FILE,
              help="CSV matrikel,column,points,comment: points that win over the automatic ones.")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Report folder.")
@click.option("--db", type=FILE, help=f"Gradebook (SQLite) [default: OUT/{DEFAULT_DB}].")
@click.option("--jobs", type=click.IntRange(min=1), default=lambda: os.cpu_count() or 1,
              show_default="number of cores", help="Worker processes.")
def grade(key_path: Path, answers_path: Path, manual_path: Path | None, overrides_path: Path | None, out: Path,
          db: Path | None, jobs: int) -> None:
    """Grade the students' answers against the key; write results.csv, review.csv, items.csv,
    distribution.png and feedback/<matrikel>.md into OUT and record the run in the gradebook."""
    _run(lambda: grade_exam(key_path, answers_path, manual_path, overrides_path, out, db, jobs))

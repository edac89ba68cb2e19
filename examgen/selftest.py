"""`examgen selftest`: every template over many seeds, failing loudly on anything an examiner would regret."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from examgen.answers import ChoiceValue
from examgen.errors import ExamgenError
from examgen.pipeline import PlacedPart, PlacedQuestion, ProblemInstance, StudentExam
from examgen.question import QuestionTemplate, SolvedQuestion
from examgen.render.document import document_source, render_question
from examgen.render.pdf import compile_document
from examgen.spec import ExamInfo, Student

MAX_DENOMINATOR = 100
MAX_DECIMALS = 10**4  # a fraction is also clean when it is a decimal with at most 4 places
MAX_MAGNITUDE = 10**7
MIN_VARIANTS = 20
POSITION_Z = 4.0  # a position whose count of correct options is this many standard deviations off is bunched


@dataclass
class TemplateReport:
    """What selftest saw for one template."""

    qid: str
    variants: int = 0
    seeds: int = 0
    low: float = math.inf
    high: float = -math.inf
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    solved: list[SolvedQuestion] = field(default_factory=list)

    @property
    def answer_range(self) -> str:
        return "-" if self.low > self.high else f"{self.low:g} .. {self.high:g}"


def _numbers(value: Any) -> list[int | Fraction | float]:
    """Every number inside an answer (nested lists, tuples)."""
    if isinstance(value, bool) or isinstance(value, (str, ChoiceValue)) or value is None:
        return []
    if isinstance(value, (int, Fraction, float)):
        return [value]
    if hasattr(value, "item") and not hasattr(value, "__len__"):
        return [value.item()]
    return [n for item in value for n in _numbers(item)]


def _unclean(number: int | Fraction | float) -> str | None:
    if isinstance(number, float) and not math.isfinite(number):
        return f"non-finite answer {number}"
    if abs(number) > MAX_MAGNITUDE:
        return f"answer {number} is too large to compute by hand"
    if isinstance(number, Fraction) and number.denominator > MAX_DENOMINATOR and MAX_DECIMALS % number.denominator:
        return f"answer {number} has an unclean denominator (neither a small fraction nor a short decimal)"
    return None


def _placed(template: QuestionTemplate, solved: SolvedQuestion) -> PlacedQuestion:
    parts = tuple(
        PlacedPart(f"T.{chr(97 + i)}", chr(97 + i), part, part.points, solved.answers[part.name])
        for i, part in enumerate(template.parts)
    )
    return PlacedQuestion("T.1", template, solved, parts)


def _check_choice(report: TemplateReport, template: QuestionTemplate) -> None:
    """No duplicate option texts; correct options spread over all positions."""
    positions: Counter[int] = Counter()
    show = 0
    for solved in report.solved:
        options = solved.work["options"]
        show = len(options)
        texts = [o["text"] for o in options]
        if len(set(texts)) != len(texts):
            report.failures.append(f"seed {solved.variant.seed}: duplicate options shown")
        positions.update(i for i, o in enumerate(options) if o["correct"])
    total = sum(positions.values())
    if show and total >= 4 * show:
        fair, spread = total / show, math.sqrt(total * (1 / show) * (1 - 1 / show))
        bunched = [i for i in range(show) if abs(positions[i] - fair) > POSITION_Z * spread]
        if bunched:
            report.failures.append(
                f"correct options bunched: positions {[chr(65 + i) for i in bunched]} are far from their fair share "
                f"({dict(sorted((chr(65 + i), positions[i]) for i in range(show)))})"
            )


def check_template(template: QuestionTemplate, seeds: Sequence[int]) -> TemplateReport:
    """Draw, solve and render every seed; record failures instead of stopping at the first."""
    report = TemplateReport(template.qid, seeds=len(seeds))
    seen = set()
    start = time.perf_counter()
    for seed in seeds:
        try:
            solved = template.solve(template.draw(seed))
            render_question(_placed(template, solved), "selftest", solutions=True)
        except Exception as exc:  # a broken template must show up in the table, not stop the run
            report.failures.append(f"seed {seed}: {type(exc).__name__}: {exc}")
            continue
        report.solved.append(solved)
        seen.add(repr(sorted(solved.variant.params.to_json().items())))
        for number in (n for answer in solved.answers.values() for n in _numbers(answer)):
            problem = _unclean(number)
            if problem:
                report.failures.append(f"seed {seed}: {problem}")
            else:
                report.low, report.high = min(report.low, float(number)), max(report.high, float(number))
    report.seconds = time.perf_counter() - start
    report.variants = len(seen)
    wanted = 1 if not template.params else min(MIN_VARIANTS, len(seeds) // 4 or 1)
    if report.variants < wanted:
        report.failures.append(f"only {report.variants} distinct variants in {len(seeds)} seeds (want {wanted})")
    if template.kind == "multiple_choice":
        _check_choice(report, template)
    return report


SELFTEST_INFO = ExamInfo(
    exam_id="selftest", title="examgen selftest", course="SELFTEST", examiner="examgen", date=dt.date(2000, 1, 1),
    start="08:00", duration_minutes=60, resources=(), language="en",
)


def compile_report(report: TemplateReport, template: QuestionTemplate) -> None:
    """Compile every solved variant of a template, as exam and as solutions, in one document each."""
    questions = tuple(_placed(template, solved) for solved in report.solved)
    exam = StudentExam(Student("selftest", template.qid), "SELFTEST", (ProblemInstance(1, template.title, questions),))
    for solutions in (False, True):
        try:
            compile_document(document_source(SELFTEST_INFO, [exam], solutions).text(), "selftest")
        except ExamgenError as exc:
            report.failures.append(f"LaTeX: {exc}")


def run_selftest(
    templates: Sequence[QuestionTemplate], seeds: int, compile_latex: bool, jobs: int,
    progress: Callable[[int], None] = lambda n: None,
) -> list[TemplateReport]:
    """Check every template; with compile_latex, also compile all variants (in parallel)."""
    reports = []
    for template in templates:
        reports.append(check_template(template, range(seeds)))
        progress(1)
    if compile_latex:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(lambda pair: compile_report(*pair), zip(reports, templates)))
    return reports


def report_table(reports: Sequence[TemplateReport]) -> str:
    """One line per template: variants seen, answer range, time per variant, and OK or the failure count."""
    lines = [f"{'template':<40} {'variants':>8} {'answer range':>24} {'ms/variant':>10}  result"]
    for r in reports:
        per = 1000 * r.seconds / max(1, r.seeds)
        verdict = "ok" if not r.failures else f"FAILED ({len(r.failures)})"
        lines.append(f"{r.qid:<40} {r.variants:>8} {r.answer_range:>24} {per:>10.2f}  {verdict}")
    return "\n".join(lines)

"""Symbolic answers: a formula in given variables, correct when it equals the expected one as a function.

The key stores the expected expression as text of our expression grammar (examgen.answers.expr_grammar);
students' text is read by the same grammar (never by eval or a sympy parser) and compared by
examgen.answers.equivalence under a time limit. Statuses: correct, wrong, invalid (unreadable: review list),
missing (empty), undecided (could not be decided in time: review list).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction

import sympy

from examgen.answers import expr_grammar
from examgen.answers.equivalence import Verdict, equivalent
from examgen.answers.expr_grammar import DEFAULT_LEAKY_SLOPE, ExpressionError


@dataclass(frozen=True)
class Expression:
    """A formula in `variables` (e.g. ("x",)); any equivalent form of the expected expression earns the points.

    `leaky_slope` is the slope leaky_relu(x) has when a student leaves it out (state it in the prompt).
    """

    variables: tuple[str, ...]
    name: str = "expression"
    leaky_slope: Fraction = DEFAULT_LEAKY_SLOPE

    def __post_init__(self) -> None:
        object.__setattr__(self, "variables", expr_grammar.check_variables(self.variables))

    def to_json(self, value: sympy.Expr) -> str:
        """The expected expression as grammar text; refuses what the grammar could not read back."""
        if not isinstance(value, sympy.Expr):
            raise ValueError(f"an expression answer must be a sympy expression, got {value!r}")
        unknown = sorted(str(s) for s in value.free_symbols if str(s) not in self.variables)
        if unknown:
            raise ValueError(f"the expected expression uses {', '.join(unknown)}, which are not among the "
                             f"variables {', '.join(self.variables)}")
        text = expr_grammar.to_text(value)
        try:
            expr_grammar.parse(text, self.variables)
        except ExpressionError as exc:
            raise ValueError(f"the expected expression {text!r} cannot be stored in the key: {exc}") from None
        return text

    def latex(self, value: sympy.Expr) -> str:
        return sympy.latex(value)

    def tolerance(self) -> None:
        return None

    def parse(self, raw: str, decimal_comma: bool = False) -> sympy.Expr:
        """The student's text as a sympy expression; raises ExpressionError (a ValueError) with a hint."""
        return self.read(raw, decimal_comma).expr

    def read(self, raw: str, decimal_comma: bool = False) -> expr_grammar.Reading:
        """The student's text as a sympy expression plus how it was read."""
        return expr_grammar.read(raw, self.variables, decimal_comma=decimal_comma, leaky_slope=self.leaky_slope)

    def score(self, raw: str, expected_json: str, decimal_comma: bool = False,
              time_limit: float = 1.0) -> tuple[float, str, str, str]:
        """(fraction of the points, status, feedback line, how the answer was read) for a student's text,
        within about `time_limit` seconds (reading included)."""
        start = time.monotonic()
        if not isinstance(raw, str) or not raw.strip():
            return 0.0, "missing", "no answer", ""
        try:
            reading = self.read(raw, decimal_comma)
        except ExpressionError as exc:
            return 0.0, "invalid", f"could not read the expression: {exc}", ""
        expected = expr_grammar.parse(expected_json, self.variables)
        remaining = time_limit - (time.monotonic() - start)
        verdict = equivalent(reading.expr, expected, self.variables, remaining)
        return (1.0 if verdict.status == "correct" else 0.0), verdict.status, _feedback(verdict), reading.text


def _feedback(verdict: Verdict) -> str:
    """One line for the student and the review list."""
    if verdict.status == "correct":
        return "equivalent to the expected expression"
    if verdict.status == "undecided":
        return f"equivalence could not be decided automatically ({verdict.method}); a grader will review it"
    point = ", ".join(f"{name} = {value:.6g}" for name, value in (verdict.counterexample or {}).items())
    where = f"at {point}" if point else "for this constant"
    return (f"not equivalent to the expected expression: {where} your expression gives "
            f"{verdict.student_value:.6g}, the expected one {verdict.expected_value:.6g}")

"""Grading symbolic answers with the expression grammar and the equivalence check, fast enough for big exams.

Cheap verdicts come first: a reading identical to the expected expression is correct, and a screen that
evaluates both in floating point at a few fixed points finds most wrong answers (a difference there, confirmed
with 30 digits by sympy at that point, is a counterexample). Every other pair needs the full equivalence check
(sympy in a time-limited child process). Grading does not run it on the spot: the checker raises `Pending`,
and the grader collects the distinct pairs of the whole exam, resolves each once (in parallel, `resolve`) and
grades those parts again with the verdicts known."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy

from examgen.answers import expr_grammar
from examgen.answers.equivalence import Verdict, equivalent
from examgen.answers.expr_grammar import CONSTANTS, ExpressionError
from examgen.answers.parsing import Reading, Unreadable
from examgen.grading.checker import Score

SCREEN_POINTS = (0.37, -1.21, 2.03, -0.58, 1.44, -2.71, 0.91, -0.13)
SCREEN_RTOL = 1e-6
TIME_LIMIT = 1.0
VerdictKey = tuple[str, str, tuple[str, ...]]
"""(the student's expression as read, the expected expression, the variables)."""


class Pending(Exception):
    """This answer needs the full equivalence check; the grader resolves `key` and grades the part again."""

    def __init__(self, key: VerdictKey) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class ExpressionChecker:
    """Expressions in the variables of the expected expression (or the part's "variables")."""

    decimal_comma: bool
    variables: tuple[str, ...] | None = None
    verdicts: Mapping[VerdictKey, Verdict] | None = None

    def read(self, text: str, expected: Any) -> Reading:
        try:
            reading = _read(text, self.variables or variables_of(expected), self.decimal_comma)
        except ExpressionError as exc:
            raise Unreadable(str(exc)) from None
        return Reading(reading, reading.text)

    def score(self, value: expr_grammar.Reading, expected: Any) -> Score:
        key = (value.text, str(expected), self.variables or variables_of(expected))
        verdict = _quick_verdict(value.expr, *key[1:])
        if verdict is None and self.verdicts is not None:
            verdict = self.verdicts.get(key)
        if verdict is None:
            raise Pending(key)
        return Score({"correct": 1.0, "wrong": 0.0}.get(verdict.status), _note(verdict))

    def show(self, expected: Any) -> str:
        return str(expected)


def resolve(key: VerdictKey) -> Verdict:
    """The full equivalence check of one (student, expected, variables) pair, within TIME_LIMIT seconds."""
    student, expected, variables = key
    return equivalent(_read(student, variables, False).expr, _read(expected, variables, False).expr, variables,
                      TIME_LIMIT)


def _note(verdict: Verdict) -> str:
    """One line for the student and the review list."""
    if verdict.status == "undecided":
        return f"equivalence could not be decided automatically ({verdict.method}); a grader will look at it"
    if verdict.status == "correct" or verdict.student_value is None or verdict.expected_value is None:
        return ""
    point = ", ".join(f"{name} = {value:.6g}" for name, value in (verdict.counterexample or {}).items())
    return (f"not equivalent: {'at ' + point if point else 'as a constant'} your expression gives "
            f"{verdict.student_value:.6g}, the expected one {verdict.expected_value:.6g}")


@lru_cache(maxsize=4096)
def variables_of(expected: str) -> tuple[str, ...]:
    """The variable names of an expected expression in grammar text: names that are not constants or calls."""
    tokens = expr_grammar.tokenize(expr_grammar.normalize(expected))
    names = {token.text for token, after in zip(tokens, tokens[1:])
             if token.kind == "name" and after.kind != "(" and token.text not in CONSTANTS}
    return tuple(sorted(names))


@lru_cache(maxsize=65536)
def _read(text: str, variables: tuple[str, ...], decimal_comma: bool) -> expr_grammar.Reading:
    return expr_grammar.read(text, variables, decimal_comma=decimal_comma)


@lru_cache(maxsize=65536)
def _quick_verdict(student: sympy.Expr, expected_text: str, variables: tuple[str, ...]) -> Verdict | None:
    """correct when identical, wrong when the screen finds a confirmed difference, else None."""
    expected = _read(expected_text, variables, False).expr
    if student == expected:
        return Verdict("correct", "identical")
    return _screen(student, expected, variables)


def _screen(student: sympy.Expr, expected: sympy.Expr, variables: tuple[str, ...]) -> Verdict | None:
    """A counterexample at one of a few fixed points, confirmed with 30 digits, or None."""
    symbols = {s.name: s for s in student.free_symbols | expected.free_symbols}
    names = sorted(set(variables) | set(symbols))
    for index in range(len(SCREEN_POINTS)):
        point = {name: SCREEN_POINTS[(index + k) % len(SCREEN_POINTS)] * (1 + k / 7) for k, name in enumerate(names)}
        a, b = _float_value(student, point), _float_value(expected, point)
        if a is None or b is None or abs(a - b) <= SCREEN_RTOL * max(abs(a), abs(b), 1.0):
            continue
        exact = {symbols[name]: sympy.Float(value, 30) for name, value in point.items() if name in symbols}
        a30, b30 = student.xreplace(exact).evalf(30), expected.xreplace(exact).evalf(30)
        if a30.is_real and b30.is_real and abs(a30 - b30) > SCREEN_RTOL * max(abs(a30), abs(b30), 1):
            return Verdict("wrong", "numeric: differs at a screening point", point, float(a30), float(b30))
    return None


FLOAT_FUNCTIONS: dict[type, Callable[[float], float]] = {
    sympy.exp: math.exp, sympy.log: math.log, sympy.tanh: math.tanh, sympy.Abs: abs, sympy.floor: math.floor}


def _float_value(expr: sympy.Basic, point: dict[str, float]) -> float | None:
    """The value of `expr` at `point` in floating point; None where undefined, overflowing or unsupported."""
    try:
        value = _float(expr, point)
    except (ArithmeticError, ValueError, TypeError, KeyError):
        return None
    return value if math.isfinite(value) else None


def _float(expr: sympy.Basic, point: dict[str, float]) -> float:
    if isinstance(expr, sympy.Symbol):
        return point[expr.name]
    if expr.is_Number or expr in (sympy.E, sympy.pi):
        return float(expr)
    args = [_float(arg, point) for arg in expr.args]
    if isinstance(expr, sympy.Add):
        return math.fsum(args)
    if isinstance(expr, sympy.Mul):
        return math.prod(args)
    if isinstance(expr, sympy.Pow):
        result = args[0] ** args[1]
        if isinstance(result, complex):
            raise ValueError("not real")
        return float(result)
    if isinstance(expr, (sympy.Max, sympy.Min)):
        return (max if isinstance(expr, sympy.Max) else min)(args)
    return float(FLOAT_FUNCTIONS[type(expr)](*args))

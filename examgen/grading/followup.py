"""Follow-up credit: a part is also right when it is right for the student's own (wrong) earlier answers.

The key's part carries `"followup": {"depends_on": [...], "formula": str | [str, ...], "variables": {...}}`;
the formulas are read by the expression grammar (never eval) and evaluated with sympy at the student's values.
A variable maps to a label ("P3.a") or to an entry of a vector answer ("P3.b[1]", 1-based)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy

from examgen.answers.expr_grammar import parse
from examgen.grading.checker import Checker

REFERENCE = re.compile(r"^(?P<label>[^\[\]]+)((?:\[\d+\])*)$")


def followup_credit(part: Mapping[str, Any], checker: Checker, value: Any, values: Mapping[str, Any],
                    right: set[str], share: float) -> tuple[float, str] | None:
    """(share, feedback) when `value` is what the formula gives for the student's own earlier answers, at least
    one of which was wrong; None otherwise (no follow-up rule, an earlier answer missing or unreadable)."""
    spec = part.get("followup")
    if not spec:
        return None
    wrong = [label for label in spec["depends_on"] if label not in right]
    if not wrong:
        return None
    expected = followup_expected(spec, values)
    if expected is None or checker.score(value, expected).share != 1:
        return None
    return share, f"follow-up: correct for your answer to {', '.join(wrong)}"


def followup_expected(spec: Mapping[str, Any], values: Mapping[str, Any]) -> Any:
    """The formula(s) evaluated at the student's values: a number (Fraction or float) or a list of them;
    None when a value is missing or the formula has no finite real value there."""
    numbers = {}
    for name, reference in spec.get("variables", {}).items():
        value = _lookup(reference, values)
        if value is None:
            return None
        numbers[name] = sympy.Rational(value.numerator, value.denominator)
    names = tuple(numbers)
    formulas = [spec["formula"]] if isinstance(spec["formula"], str) else spec["formula"]
    try:
        results = [_number(_at(parse_formula(formula, names), numbers)) for formula in formulas]
    except (TypeError, ZeroDivisionError):
        return None
    if any(result is None for result in results):
        return None
    return results[0] if isinstance(spec["formula"], str) else results


def _at(expr: sympy.Expr, numbers: Mapping[str, sympy.Rational]) -> sympy.Expr:
    """`expr` with its variables (matched by name) replaced by numbers."""
    return expr.xreplace({symbol: numbers[symbol.name] for symbol in expr.free_symbols if symbol.name in numbers})


def _label(reference: str) -> str | None:
    """The label a variable refers to ("P3.b" for "P3.b[1]"), or None."""
    match = REFERENCE.match(reference)
    return match.group("label") if match else None


def _lookup(reference: str, values: Mapping[str, Any]) -> Fraction | None:
    label = _label(reference)
    if label is None or label not in values:
        return None
    value = values[label]
    for index in re.findall(r"\[(\d+)\]", reference):
        if not isinstance(value, tuple) or not 1 <= int(index) <= len(value):
            return None
        value = value[int(index) - 1]
    return Fraction(value) if isinstance(value, (Fraction, int)) else None


@lru_cache(maxsize=1024)
def parse_formula(formula: str, variables: tuple[str, ...]) -> sympy.Expr:
    """A follow-up formula of the key, read by the expression grammar (raises ExpressionError)."""
    return parse(formula, variables)


def _number(expr: sympy.Expr) -> Fraction | float | None:
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    value = complex(expr.evalf())
    if value.imag != 0 or value.real != value.real or abs(value.real) == float("inf"):
        return None
    return value.real


def followup_problem(spec: Any, earlier: set[str]) -> str | None:
    """What is wrong with a part's follow-up rule (None: nothing, or no rule); `earlier` are the labels before it."""
    if not spec:
        return None
    if not isinstance(spec, dict) or not isinstance(spec.get("depends_on"), list) \
            or not isinstance(spec.get("formula"), (str, list)) or not isinstance(spec.get("variables", {}), dict):
        return 'needs "depends_on" (a list of labels), "formula" (text or a list) and "variables" (an object)'
    if not set(spec["depends_on"]) <= earlier:
        return "depends on a part that does not come before it"
    variables = spec.get("variables", {})
    bad = [ref for ref in variables.values() if _label(str(ref)) not in earlier]
    if bad:
        return f"variable(s) refer to no earlier part: {', '.join(map(str, bad))}"
    formulas = [spec["formula"]] if isinstance(spec["formula"], str) else spec["formula"]
    try:
        for formula in formulas:
            parse_formula(str(formula), tuple(variables))
    except ValueError as exc:
        return f"formula does not parse: {exc}"
    return None

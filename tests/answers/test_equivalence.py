"""Equivalence of a student's expression and the expected one: accepts rewritings, finds counterexamples
(also ones hidden next to a kink), and says "undecided" rather than "wrong" when it runs out of time."""

from __future__ import annotations

import multiprocessing
import time

import pytest
import sympy

from examgen.answers.equivalence import Verdict, _in_worker, equivalent
from examgen.answers.expr_grammar import parse

x = sympy.Symbol("x")
SIGMOID_DERIVATIVE = sympy.diff(1 / (1 + sympy.exp(-x)), x)


def check(student: str, expected: sympy.Expr | str, variables: tuple[str, ...] = ("x",),
          time_limit: float = 10.0) -> Verdict:
    """The verdict with a generous time limit (the tests of time limits pass their own)."""
    target = parse(expected, variables) if isinstance(expected, str) else expected
    return equivalent(parse(student, variables), target, variables, time_limit)


@pytest.mark.parametrize("student, expected", [
    ("sigma(x)*(1-sigma(x))", SIGMOID_DERIVATIVE),
    ("σ(x)(1−σ(x))", SIGMOID_DERIVATIVE),
    ("exp(-x)/(1+exp(-x))^2", SIGMOID_DERIVATIVE),
    ("1 - tanh(x)^2", "4/(e^x+e^-x)^2"),
    ("(x+|x|)/2", sympy.Max(0, x)),
    ("2x", "x+x"),
    ("relu(x) - relu(-x)", "x"),
    ("max(x, x/100)", "leaky_relu(x)"),
    ("softplus(x) - softplus(-x)", "x"),
    ("log(e^2)", "2"),
    ("sqrt(x^2)", "abs(x)"),
    ("floor(x) + 1", "floor(x + 1)"),
])
def test_accepts_equivalent_forms(student: str, expected: sympy.Expr | str) -> None:
    verdict = check(student, expected)
    assert verdict.status == "correct", verdict
    assert verdict.counterexample is None


def test_accepts_in_several_variables() -> None:
    verdict = check("max(x, y)", "(x + y + |x - y|)/2", ("x", "y"))
    assert verdict.status == "correct", verdict


@pytest.mark.parametrize("student, expected, where", [
    ("x", sympy.Max(0, x), lambda point: point["x"] < 0),
    ("sigma(x)*(1+sigma(x))", SIGMOID_DERIVATIVE, lambda point: True),
    ("abs(x)", x, lambda point: point["x"] < 0),
    ("max(x,1)", sympy.Max(x, 0), lambda point: point["x"] < 1),
    ("tanh(x)", "sigma(x)", lambda point: True),
])
def test_rejects_with_a_counterexample(student: str, expected: sympy.Expr | str, where) -> None:
    verdict = check(student, expected)
    assert verdict.status == "wrong", verdict
    assert verdict.counterexample is not None and where(verdict.counterexample)
    assert verdict.student_value is not None and verdict.expected_value is not None
    assert verdict.student_value != pytest.approx(verdict.expected_value, rel=1e-9, abs=1e-12)
    student_expr = parse(student, ("x",))
    at_point = float(student_expr.subs(sympy.Symbol("x", real=True), verdict.counterexample["x"]))
    assert at_point == pytest.approx(verdict.student_value)


def test_kink_probing_finds_a_difference_random_points_miss() -> None:
    bump = "max(0, 0.000001 - abs(x - 1/3))"  # nonzero only within 1e-6 of x = 1/3
    verdict = check("max(x, 0)", f"max(x, 0) + {bump}")
    assert verdict.status == "wrong", verdict
    assert verdict.method == "numeric: differs at a kink probe"
    assert abs(verdict.counterexample["x"] - 1 / 3) < 1e-6


def test_kink_probing_along_lines_in_several_variables() -> None:
    bump = "max(0, 0.000001 - abs(x + y - 1/3))"
    verdict = check("relu(x - y)", f"relu(x - y) + {bump}", ("x", "y"))
    assert verdict.status == "wrong", verdict
    assert verdict.method == "numeric: differs at a kink probe"


def test_floor_steps_are_probed_on_both_sides() -> None:
    verdict = check("floor(x)", "floor(x) + max(0, 0.001 - abs(x - 2.5))")
    assert verdict.status == "wrong" and verdict.method.endswith("kink probe"), verdict


def test_tiny_differences_within_tolerance_count_as_equal() -> None:
    assert check("x + 1e-13", "x").status == "correct"
    assert check("x + 1e-9", "x").status == "wrong"


def test_cancellation_is_not_mistaken_for_a_difference() -> None:
    verdict = check("(e^40 + x) - e^40", "x")
    assert verdict.status == "correct", verdict


def test_too_few_defined_points_is_undecided() -> None:
    verdict = check("log(x) + log(-x)", "log(-x) + log(x) + 0*x + log(x^2) - 2*log(abs(x))")
    assert verdict.status in ("correct", "undecided")
    assert check("log(x) + log(-x)", "1").status == "undecided"


def test_points_where_one_side_is_undefined_are_skipped() -> None:
    assert check("log(x^2)", "2 log(abs(x))").status == "correct"
    assert check("(x^2 - 1)/(x - 1)", "x + 1").status == "correct"


def test_constants_and_extra_variables() -> None:
    assert check("e^0 + 1", "2").status == "correct"
    verdict = check("x + y - y", "x", ("x", "y"))
    assert verdict.status == "correct"
    wrong = check("x + y", "x", ("x", "y"))
    assert wrong.status == "wrong" and set(wrong.counterexample) == {"x", "y"}


def test_running_out_of_time_is_undecided_never_wrong() -> None:
    start = time.monotonic()
    verdict = check("(x + 1)^50*(x - 1)^50", "(x^2 - 1)^50 + 1", time_limit=0.001)
    assert time.monotonic() - start < 0.5
    assert verdict.status == "undecided", verdict
    assert "time limit" in verdict.method


def test_a_hanging_worker_is_killed_at_its_time_limit() -> None:
    start = time.monotonic()
    assert _in_worker(time.sleep, (30,), 0.2) is None
    assert time.monotonic() - start < 1.0
    assert not multiprocessing.active_children()


def test_expressions_outside_the_vocabulary_are_undecided_not_wrong() -> None:
    verdict = equivalent(sympy.Heaviside(x) * 0 + sympy.sin(x), sympy.sin(x) + 1, ("x",), 10.0)
    assert verdict.status == "undecided"
    assert "cannot evaluate" in verdict.method


def test_the_default_time_limit_suffices_for_typical_answers() -> None:
    start = time.monotonic()
    verdicts = [equivalent(parse(student, ("x",)), SIGMOID_DERIVATIVE, ("x",))
                for student in ("sigma(x)*(1-sigma(x))", "sigma(x)*(1+sigma(x))", "(x+|x|)/2")]
    assert [v.status for v in verdicts] == ["correct", "wrong", "wrong"]
    assert time.monotonic() - start < 3.0


def test_verdicts_are_reproducible() -> None:
    first = check("max(x, 1)", sympy.Max(x, 0))
    assert check("max(x, 1)", sympy.Max(x, 0)) == first

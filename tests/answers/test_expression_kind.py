"""The Expression answer kind: key JSON, LaTeX, and scoring of students' texts with statuses and feedback."""

from __future__ import annotations

import ast
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

import examgen.answers.equivalence
import examgen.answers.expr_grammar
import examgen.answers.expression
from examgen.answers.expr_grammar import ExpressionError
from examgen.answers.expression import Expression

x = sympy.Symbol("x")
KIND = Expression(("x",))
SIGMOID_DERIVATIVE = sympy.diff(1 / (1 + sympy.exp(-x)), x)
EXPECTED = KIND.to_json(SIGMOID_DERIVATIVE)


def test_key_json_is_grammar_text_that_reads_back() -> None:
    assert EXPECTED == "exp(-x)/(1 + exp(-x))^2"
    assert KIND.parse(EXPECTED) == SIGMOID_DERIVATIVE.xreplace({x: sympy.Symbol("x", real=True)})
    assert KIND.tolerance() is None
    assert KIND.latex(sympy.Max(0, x)) == r"\max\left(0, x\right)"
    assert KIND.name == "expression"


def test_key_refuses_what_grading_could_not_read() -> None:
    with pytest.raises(ValueError, match="not among the variables"):
        KIND.to_json(x + sympy.Symbol("y"))
    with pytest.raises(ValueError, match="cannot be written"):
        KIND.to_json(sympy.Heaviside(x))
    with pytest.raises(ValueError, match="cannot be stored"):
        KIND.to_json(sympy.exp(x) * sympy.Integer(10) ** 400)
    with pytest.raises(ValueError):
        KIND.to_json("x + 1")


def test_variables_are_validated_and_kept_as_a_tuple() -> None:
    assert Expression(["x", "y"]).variables == ("x", "y")
    with pytest.raises(ValueError):
        Expression(("exp",))
    assert hash(Expression(("x",))) == hash(KIND)


@pytest.mark.parametrize("raw, reading", [
    ("sigma(x)*(1-sigma(x))", "sigmoid(x)*(1-sigmoid(x))"),
    ("σ(x)(1−σ(x))", "sigmoid(x)*(1-sigmoid(x))"),
    ("e^-x/(1 + e^-x)^2", "e^-x/(1+e^-x)^2"),
])
def test_correct_answers_get_full_points(raw: str, reading: str) -> None:
    assert KIND.score(raw, EXPECTED, time_limit=10) == (1.0, "correct", "equivalent to the expected expression",
                                                       reading)


def test_wrong_answer_feedback_names_a_point_and_both_values() -> None:
    fraction, status, feedback, reading = KIND.score("sigma(x)*(1+sigma(x))", EXPECTED, time_limit=10)
    assert (fraction, status, reading) == (0.0, "wrong", "sigmoid(x)*(1+sigmoid(x))")
    assert feedback.startswith("not equivalent to the expected expression: at x = ")
    assert "your expression gives" in feedback and "the expected one" in feedback


def test_wrong_constant_answer() -> None:
    fraction, status, feedback, _ = Expression(()).score("3", "2", time_limit=10)
    assert (fraction, status) == (0.0, "wrong")
    assert "for this constant your expression gives 3, the expected one 2" in feedback


@pytest.mark.parametrize("raw", ["", "   ", "\n\t"])
def test_empty_is_missing(raw: str) -> None:
    assert KIND.score(raw, EXPECTED) == (0.0, "missing", "no answer", "")


@pytest.mark.parametrize("raw, hint", [
    ("x(1-x)", "unknown function 'x' — write x*(...)"),
    ("sigmoid(x", "never closed"),
    ("sigmax", "did you mean sigma(x)?"),
])
def test_unreadable_is_invalid_with_the_reason(raw: str, hint: str) -> None:
    fraction, status, feedback, reading = KIND.score(raw, EXPECTED)
    assert (fraction, status, reading) == (0.0, "invalid", "")
    assert feedback.startswith("could not read the expression: ") and hint in feedback


def test_out_of_time_is_undecided() -> None:
    kind = Expression(("x",))
    fraction, status, feedback, _ = kind.score("(x + 1)^50*(x - 1)^50", "(x^2 - 1)^50 + 1", time_limit=0.001)
    assert (fraction, status) == (0.0, "undecided")
    assert "a grader will review it" in feedback


def test_decimal_comma_and_leaky_slope_options() -> None:
    assert KIND.score("0,5x", "x/2", decimal_comma=True, time_limit=10)[1] == "correct"
    assert KIND.score("0,5x", "x/2")[1] == "invalid"
    kind = Expression(("x",), leaky_slope=Fraction(1, 5))
    assert kind.score("leaky_relu(x)", kind.to_json(sympy.Max(x / 5, x)), time_limit=10)[1] == "correct"
    assert KIND.parse("leaky_relu(x)") == sympy.Max(sympy.Symbol("x", real=True) / 100, sympy.Symbol("x", real=True))
    with pytest.raises(ExpressionError):
        KIND.parse("y")


# ---------------------------------------------------------------- student text never reaches code execution

FORBIDDEN_CALLS = {"eval", "exec", "compile", "sympify", "S", "parse_expr", "parse_latex", "parse_mathematica",
                   "lambdify", "__import__", "getattr", "setattr", "globals", "locals", "vars", "open"}
ALLOWED_CALLS = {"re.compile"}  # regular expressions, not Python code
MODULES = [examgen.answers.expression, examgen.answers.expr_grammar, examgen.answers.equivalence]


def _called_names(tree: ast.AST) -> set[str]:
    """Every called function as written: "eval", "sympy.sympify", "re.compile", "x.y.z"."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            parts, target = [], node.func
            while isinstance(target, ast.Attribute):
                parts.append(target.attr)
                target = target.value
            if isinstance(target, ast.Name):
                parts.append(target.id)
            names.add(".".join(reversed(parts)))
    return names


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_no_code_executing_or_parsing_function_is_called(module: object) -> None:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    called = _called_names(tree) - ALLOWED_CALLS
    assert called, "the scan found no calls at all"
    assert not {name for name in called if name.split(".")[-1] in FORBIDDEN_CALLS}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [getattr(node, "module", None) or ""] + [alias.name for alias in node.names]
            assert not any("parsing" in name or name in FORBIDDEN_CALLS for name in names), names
        if isinstance(node, ast.Name):
            assert node.id not in FORBIDDEN_CALLS - {"S", "open", "vars"}, node.id


def test_the_scan_would_notice_a_forbidden_call() -> None:
    tree = ast.parse("import sympy\ndef f(text):\n    return sympy.sympify(text) + eval(text)\n")
    assert {"sympy.sympify", "eval"} <= _called_names(tree)

"""Symbolic activations and graph expressions agree with finite differences and with solvers.graph."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from solvers.graph import Node, evaluate_graph
from solvers.symbolic import (
    ACTIVATIONS,
    activation,
    activation_derivative,
    graph_expression,
    graph_gradient,
    sigmoid,
    substitute,
)


def inputs(*names: str) -> list[Node]:
    return [Node(n, "input") for n in names]


RATIONAL_GRAPH = inputs("a", "b", "c") + [
    Node("d", "const", value=Fraction(1, 2)),
    Node("p", "mul", ("a", "b")),
    Node("e", "add", ("p", "d")),
    Node("s", "sub", ("b", "c")),
    Node("m", "max", ("e", "s")),
    Node("n", "min", ("m", "c", "a")),
    Node("r", "relu", ("s",)),
    Node("q", "square", ("n",)),
    Node("i", "inv", ("e",)),
    Node("f", "add", ("q", "i", "r", "p")),
]

TRANSCENDENTAL_GRAPH = inputs("x", "y", "w") + [
    Node("u", "mul", ("w", "x")),
    Node("g", "sigmoid", ("u",)),
    Node("t", "tanh", ("y",)),
    Node("e", "exp", ("t",)),
    Node("one", "const", value=1),
    Node("l", "add", ("e", "one")),
    Node("h", "log", ("l",)),
    Node("k", "neg", ("g",)),
    Node("f", "mul", ("h", "k", "x")),
]


def at_kink(nodes: list[Node], values: dict[str, float]) -> bool:
    """True if some relu input is 0 or some max/min has tied arguments (derivative undefined)."""
    for node in nodes:
        args = [values[i] for i in node.inputs]
        if node.op == "relu" and args[0] == 0:
            return True
        if node.op in ("max", "min") and len(set(args)) < len(args):
            return True
    return False


@pytest.mark.parametrize("nodes", [RATIONAL_GRAPH, TRANSCENDENTAL_GRAPH], ids=["rational", "transcendental"])
def test_sympy_gradient_matches_backprop_on_random_integers(nodes: list[Node]) -> None:
    rng = np.random.default_rng(20240601)
    gradient = graph_gradient(nodes)
    names = [n.name for n in nodes if n.op == "input"]
    checked = 0
    while checked < 25:
        point = {k: int(v) for k, v in zip(names, rng.integers(-4, 10, size=len(names)), strict=True)}
        try:
            result = evaluate_graph(nodes, point)
        except ValueError:  # 1/0 drawn: not a valid instance
            continue
        if at_kink(nodes, result.values):
            continue
        checked += 1
        for name, expr in gradient.items():
            exact = substitute(expr, point)
            if nodes is RATIONAL_GRAPH:
                assert exact == sympy.Rational(str(result.grads[name])), (point, name)
            else:
                assert float(exact) == pytest.approx(result.grads[name], rel=1e-12, abs=1e-12), (point, name)


def test_graph_expression_of_matrikelnummer_graph() -> None:
    nodes = inputs("a", "b", "c") + [
        Node("d", "const", value=5),
        Node("p", "mul", ("a", "b")),
        Node("e", "add", ("p", "d")),
        Node("s", "add", ("b", "c")),
        Node("f", "mul", ("e", "s")),
    ]
    a, b, c = sympy.symbols("a b c", real=True)
    assert sympy.expand(graph_expression(nodes) - (a * b + 5) * (b + c)) == 0
    assert graph_expression(nodes, output="s") == b + c
    with pytest.raises(ValueError, match="output 'z'"):
        graph_expression(nodes, output="z")


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivative_matches_finite_differences(name: str) -> None:
    z = sympy.Symbol("z", real=True)
    params = {"leaky_relu": {"alpha": sympy.Rational(1, 10)}, "elu": {"alpha": 2}, "swish": {"beta": 3}}.get(name, {})
    f = sympy.lambdify(z, activation(name, z, **params), "numpy")
    df = sympy.lambdify(z, activation_derivative(name, z, **params), "numpy")
    points, eps = np.array([-2.3, -0.7, -0.05, 0.4, 1.9, 3.1]), 1e-6
    numeric = (f(points + eps) - f(points - eps)) / (2 * eps)
    np.testing.assert_allclose(np.asarray(df(points), dtype=float), numeric, rtol=1e-7, atol=1e-9)


def test_activation_derivative_closed_forms() -> None:
    z = sympy.Symbol("z", real=True)
    s = sigmoid(z)

    def same(a: sympy.Expr, b: sympy.Expr) -> bool:
        return sympy.simplify((a - b).rewrite(sympy.exp)) == 0

    assert same(activation_derivative("sigmoid", z), s * (1 - s))
    assert same(activation_derivative("tanh", z), 1 - sympy.tanh(z) ** 2)
    assert same(activation_derivative("softplus", z), s)
    assert activation_derivative("relu", z).subs(z, 0) == 0
    assert activation_derivative("leaky_relu", z, alpha=sympy.Rational(1, 2)).subs(z, -3) == sympy.Rational(1, 2)


def test_unknown_activation_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown activation 'gelu'"):
        activation("gelu", sympy.Symbol("z"))

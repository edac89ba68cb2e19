"""Symbolic (sympy) activations, their derivatives, and graph expressions for exact gradients.

Piecewise activations use the convention of `solvers.graph`: the derivative at the kink is the
left one (relu'(0) = 0, leaky relu'(0) = alpha, elu'(0) = alpha).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

import sympy

from solvers.graph import Node, coerce, validate

Activation = Callable[..., sympy.Expr]
LEAKY_SLOPE = sympy.Rational(1, 100)  # PyTorch's default negative slope


def sigmoid(z: sympy.Expr) -> sympy.Expr:
    """Logistic sigmoid 1 / (1 + e^{-z})."""
    return 1 / (1 + sympy.exp(-z))


def tanh(z: sympy.Expr) -> sympy.Expr:
    """Hyperbolic tangent."""
    return sympy.tanh(z)


def relu(z: sympy.Expr) -> sympy.Expr:
    """max(0, z), written piecewise so that its derivative at 0 is 0."""
    return sympy.Piecewise((z, z > 0), (0, True))


def leaky_relu(z: sympy.Expr, alpha: sympy.Expr | float = LEAKY_SLOPE) -> sympy.Expr:
    """z for z > 0, alpha * z otherwise."""
    return sympy.Piecewise((z, z > 0), (alpha * z, True))


def softplus(z: sympy.Expr) -> sympy.Expr:
    """ln(1 + e^z); its derivative is the sigmoid."""
    return sympy.log(1 + sympy.exp(z))


def elu(z: sympy.Expr, alpha: sympy.Expr | float = 1) -> sympy.Expr:
    """z for z > 0, alpha * (e^z - 1) otherwise."""
    return sympy.Piecewise((z, z > 0), (alpha * (sympy.exp(z) - 1), True))


def swish(z: sympy.Expr, beta: sympy.Expr | float = 1) -> sympy.Expr:
    """z * sigmoid(beta * z) (the 001 summary's "2x sigma(beta x)" is a typo, catalog E15)."""
    return z * sigmoid(beta * z)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "leaky_relu": leaky_relu,
    "softplus": softplus,
    "elu": elu,
    "swish": swish,
}


def activation(name: str, z: sympy.Expr, **params: sympy.Expr | float) -> sympy.Expr:
    """The activation `name` applied to `z`, with optional parameters (alpha, beta)."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation '{name}' (known: {', '.join(ACTIVATIONS)})")
    return ACTIVATIONS[name](z, **params)


def activation_derivative(name: str, z: sympy.Symbol, **params: sympy.Expr | float) -> sympy.Expr:
    """d activation / dz as an (unsimplified) sympy expression in `z`."""
    return sympy.diff(activation(name, z, **params), z)


def _to_sympy(value: int | Fraction | float) -> sympy.Expr:
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    return sympy.Integer(value) if isinstance(value, int) else sympy.Float(value)


_OPS: dict[str, Callable[[list[sympy.Expr]], sympy.Expr]] = {
    "add": lambda a: sympy.Add(*a),
    "sub": lambda a: a[0] - a[1],
    "mul": lambda a: sympy.Mul(*a),
    "max": lambda a: sympy.Max(*a),
    "min": lambda a: sympy.Min(*a),
    "neg": lambda a: -a[0],
    "inv": lambda a: 1 / a[0],
    "square": lambda a: a[0] ** 2,
    "exp": lambda a: sympy.exp(a[0]),
    "sigmoid": lambda a: sigmoid(a[0]),
    "relu": lambda a: relu(a[0]),
    "tanh": lambda a: sympy.tanh(a[0]),
    "log": lambda a: sympy.log(a[0]),
}


def graph_expressions(nodes: Sequence[Node]) -> dict[str, sympy.Expr]:
    """Every node of the graph as an expression in the input symbols (named like the nodes)."""
    validate(nodes)
    exprs: dict[str, sympy.Expr] = {}
    for node in nodes:
        if node.op == "input":
            exprs[node.name] = sympy.Symbol(node.name, real=True)
        elif node.op == "const":
            exprs[node.name] = _to_sympy(coerce(node.value, f"node '{node.name}'"))
        else:
            exprs[node.name] = _OPS[node.op]([exprs[i] for i in node.inputs])
    return exprs


def graph_expression(nodes: Sequence[Node], output: str | None = None) -> sympy.Expr:
    """The output node (default: the last node) as an expression in the input symbols."""
    exprs = graph_expressions(nodes)
    output = nodes[-1].name if output is None else output
    if output not in exprs:
        raise ValueError(f"output '{output}' is not a node of the graph")
    return exprs[output]


def graph_gradient(nodes: Sequence[Node], output: str | None = None) -> dict[str, sympy.Expr]:
    """d output / d input for every input node, by sympy.diff of the graph expression."""
    expr = graph_expression(nodes, output)
    return {n.name: sympy.diff(expr, sympy.Symbol(n.name, real=True)) for n in nodes if n.op == "input"}


def substitute(expr: sympy.Expr, values: Mapping[str, int | Fraction | float]) -> sympy.Expr:
    """`expr` with the input symbols replaced by exact values (Fractions become Rationals)."""
    return expr.subs({sympy.Symbol(k, real=True): _to_sympy(v) for k, v in values.items()})

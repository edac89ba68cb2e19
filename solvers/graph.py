"""Scalar computational graphs evaluated exactly, with node-by-node backpropagation.

A graph is a list of `Node`s in topological order. Rational operations keep `int`/`Fraction`
values exact; transcendental operations (exp, sigmoid, tanh, log) return floats.

Conventions (state them in prompts): at a tie, max/min send the whole gradient to the first
argument that attains the extremum, and relu'(0) = 0.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Number = int | Fraction | float

LEAF_OPS = frozenset({"input", "const"})
UNARY_OPS = frozenset({"neg", "inv", "square", "exp", "sigmoid", "relu", "tanh", "log"})
BINARY_OPS = frozenset({"sub"})
VARIADIC_OPS = frozenset({"add", "mul", "max", "min"})  # two or more inputs
OPS = LEAF_OPS | UNARY_OPS | BINARY_OPS | VARIADIC_OPS


@dataclass(frozen=True)
class Node:
    """One node of a scalar graph: `op` applied to the nodes named in `inputs`."""

    name: str
    op: str
    inputs: tuple[str, ...] = ()
    value: int | Fraction | None = None  # for "const" only


@dataclass(frozen=True)
class GraphResult:
    """Forward values, local edge gradients and output gradients of an evaluated graph."""

    values: dict[str, Number]
    local_grads: dict[tuple[str, str], Number]  # (node, input) -> d node / d input
    grads: dict[str, Number]  # d output / d node, fan-out summed
    output: str


def exact(x: Number) -> Number:
    """Return a Fraction with denominator 1 as an int; leave everything else unchanged."""
    if isinstance(x, Fraction) and x.denominator == 1:
        return int(x)
    return x


def coerce(x: object, where: str = "value") -> Number:
    """Python number from any real scalar (numpy included): integers and rationals stay exact."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ValueError(f"{where}: {x!r} is not a real number")
    if isinstance(x, numbers.Integral):
        return int(x)
    if isinstance(x, numbers.Rational):
        return exact(Fraction(int(x.numerator), int(x.denominator)))
    return float(x)


def _inverse(x: Number, where: str) -> Number:
    if x == 0:
        raise ValueError(f"{where}: division by zero (1/x at x = 0)")
    return Fraction(1) / x if isinstance(x, (int, Fraction)) else 1.0 / x


def _sigmoid(x: Number) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _log(x: Number, where: str) -> float:
    if x <= 0:
        raise ValueError(f"{where}: log of a non-positive value {x}")
    return math.log(x)


def _first_extremum(args: Sequence[Number], pick: Callable[[Sequence[Number]], Number]) -> tuple[Number, list[Number]]:
    """Value of max/min and its local gradients: 1 for the first argument attaining it."""
    best = pick(args)
    index = list(args).index(best)
    return best, [1 if i == index else 0 for i in range(len(args))]


def apply_op(op: str, args: Sequence[Number], where: str = "node") -> tuple[Number, list[Number]]:
    """Value of `op` at `args` and the local gradient with respect to each argument."""
    if op == "add":
        return sum(args), [1] * len(args)
    if op == "mul":
        others = [math.prod(a for j, a in enumerate(args) if j != i) for i in range(len(args))]
        return math.prod(args), others
    if op == "max":
        return _first_extremum(args, max)
    if op == "min":
        return _first_extremum(args, min)
    if op == "sub":
        return args[0] - args[1], [1, -1]
    (x,) = args
    if op == "neg":
        return -x, [-1]
    if op == "inv":
        inv = _inverse(x, where)
        return inv, [-inv * inv]
    if op == "square":
        return x * x, [2 * x]
    if op == "relu":
        return (x if x > 0 else 0), [1 if x > 0 else 0]
    if op == "exp":
        e = math.exp(x)
        return e, [e]
    if op == "sigmoid":
        s = _sigmoid(x)
        return s, [s * (1.0 - s)]
    if op == "tanh":
        t = math.tanh(x)
        return t, [1.0 - t * t]
    if op == "log":
        return _log(x, where), [_inverse(x, where)]
    raise ValueError(f"{where}: unknown operation '{op}'")


def validate(nodes: Sequence[Node]) -> None:
    """Check names, operations, arities and topological order; raise ValueError naming the node."""
    seen: set[str] = set()
    names = {n.name for n in nodes}
    for node in nodes:
        where = f"node '{node.name}'"
        if node.name in seen:
            raise ValueError(f"{where}: duplicate node name")
        if node.op not in OPS:
            raise ValueError(f"{where}: unknown operation '{node.op}' (known: {', '.join(sorted(OPS))})")
        expected = _arity_message(node.op, len(node.inputs))
        if expected:
            raise ValueError(f"{where}: '{node.op}' takes {expected}, got {len(node.inputs)}")
        if (node.op == "const") != (node.value is not None):
            raise ValueError(f"{where}: a value is required for 'const' nodes and only for them")
        for name in node.inputs:
            if name not in names:
                raise ValueError(f"{where}: unknown input '{name}'")
            if name not in seen:
                raise ValueError(
                    f"{where}: input '{name}' is not defined before it (cycle or not topologically ordered)"
                )
        seen.add(node.name)


def _arity_message(op: str, count: int) -> str:
    """Empty if `count` inputs suit `op`, otherwise a description of the expected arity."""
    if op in LEAF_OPS:
        return "" if count == 0 else "no inputs"
    if op in UNARY_OPS:
        return "" if count == 1 else "exactly 1 input"
    if op in BINARY_OPS:
        return "" if count == 2 else "exactly 2 inputs"
    return "" if count >= 2 else "at least 2 inputs"


def _forward(
    nodes: Sequence[Node], inputs: Mapping[str, Number]
) -> tuple[dict[str, Number], dict[tuple[str, str], Number]]:
    values: dict[str, Number] = {}
    local: dict[tuple[str, str], Number] = {}
    for node in nodes:
        if node.op == "input":
            values[node.name] = coerce(inputs[node.name], f"input '{node.name}'")
            continue
        if node.op == "const":
            values[node.name] = coerce(node.value, f"node '{node.name}'")
            continue
        value, partials = apply_op(node.op, [values[i] for i in node.inputs], f"node '{node.name}'")
        values[node.name] = exact(value)
        for name, partial in zip(node.inputs, partials, strict=True):  # a repeated input accumulates, e.g. mul(x, x)
            local[(node.name, name)] = exact(local.get((node.name, name), 0) + partial)
    return values, local


def evaluate_graph(
    nodes: Sequence[Node], inputs: Mapping[str, int | Fraction | float], output: str | None = None
) -> GraphResult:
    """Evaluate the graph forward, then backpropagate d output / d node to every node.

    `output` defaults to the last node. Nodes that do not feed the output get gradient 0.
    """
    validate(nodes)
    if not nodes:
        raise ValueError("the graph has no nodes")
    input_names = {n.name for n in nodes if n.op == "input"}
    missing, extra = input_names - set(inputs), set(inputs) - input_names
    if missing or extra:
        raise ValueError(f"input values: missing {sorted(missing)}, unexpected {sorted(extra)}")
    output = nodes[-1].name if output is None else output
    by_name = {n.name: n for n in nodes}
    if output not in by_name:
        raise ValueError(f"output '{output}' is not a node of the graph")
    values, local = _forward(nodes, inputs)
    grads: dict[str, Number] = {n.name: 0 for n in nodes}
    grads[output] = 1
    for node in reversed(nodes):
        upstream = grads[node.name]
        for name in dict.fromkeys(node.inputs):
            grads[name] = exact(grads[name] + upstream * local[(node.name, name)])
    return GraphResult(values=values, local_grads=local, grads=grads, output=output)


# --- LaTeX worked steps -------------------------------------------------------------------------

_TEX_UNARY = {
    "neg": "-{0}",
    "inv": r"\frac{{1}}{{{0}}}",
    "square": "{{{0}}}^{{2}}",
    "exp": "e^{{{0}}}",
    "sigmoid": r"\sigma({0})",
    "relu": r"\mathrm{{ReLU}}({0})",
    "tanh": r"\tanh({0})",
    "log": r"\ln({0})",
}
_TEX_JOIN = {"add": " + ", "mul": r" \cdot ", "sub": " - "}


def format_number(x: Number, digits: int = 4) -> str:
    """LaTeX for a number: integers as is, fractions as \\frac, floats rounded to `digits` decimals."""
    x = exact(x)
    if isinstance(x, int):
        return str(x)
    if isinstance(x, Fraction):
        sign = "-" if x < 0 else ""
        return rf"{sign}\frac{{{abs(x.numerator)}}}{{{x.denominator}}}"
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _operand(x: Number) -> str:
    text = format_number(x)
    return f"({text})" if text.startswith("-") else text


def node_tex(op: str, args: Sequence[str]) -> str:
    """LaTeX for `op` applied to already formatted arguments."""
    if op in _TEX_UNARY:
        return _TEX_UNARY[op].format(args[0])
    if op in ("max", "min"):
        return rf"\{op}({', '.join(args)})"
    return _TEX_JOIN[op].join(args)


def _partial(top: str, bottom: str) -> str:
    return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"


def worked_steps(result: GraphResult, nodes: Sequence[Node]) -> list[str]:
    """LaTeX lines for a solution: forward values, local edge gradients, upstream x local products.

    Node names are used verbatim, so give them TeX-safe names such as `w_0`.
    """
    out, values = result.output, result.values
    lines = []
    for node in nodes:
        if node.op in LEAF_OPS:
            lines.append(f"{node.name} = {format_number(values[node.name])}")
        else:
            symbolic = node_tex(node.op, node.inputs)
            numeric = node_tex(node.op, [_operand(values[i]) for i in node.inputs])
            value = format_number(values[node.name])
            lines.append(f"{node.name} = {symbolic} = {numeric}" + ("" if numeric == value else f" = {value}"))
    for node in nodes:
        for name in dict.fromkeys(node.inputs):
            lines.append(f"{_partial(node.name, name)} = {format_number(result.local_grads[(node.name, name)])}")
    lines.append(f"{_partial(out, out)} = 1")
    consumers = {n.name: [m for m in nodes if n.name in m.inputs] for n in nodes}
    for node in reversed(nodes):
        users = consumers[node.name]
        if node.name == out or not users:
            continue
        chains = " + ".join(rf"{_partial(out, u.name)} {_partial(u.name, node.name)}" for u in users)
        products = " + ".join(
            rf"{_operand(result.grads[u.name])} \cdot {_operand(result.local_grads[(u.name, node.name)])}"
            for u in users
        )
        lines.append(f"{_partial(out, node.name)} = {chains} = {products} = {format_number(result.grads[node.name])}")
    return lines

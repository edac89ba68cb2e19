"""Backpropagation through small scalar computational graphs."""

from __future__ import annotations

import sympy

from examgen.answers import Integer
from examgen.figures import graph_tikz
from examgen.params import IntRange, Params
from examgen.question import FollowUp, Mistake, Part, question
from solvers.graph import Node, evaluate_graph, worked_steps

GRAPH = (
    Node("x", "input"), Node("y", "input"), Node("z", "input"), Node("w", "input"),
    Node("a", "mul", ("x", "y")), Node("b", "add", ("a", "z")), Node("m", "max", ("y", "w")),
    Node("f", "mul", ("b", "m")),
)
INPUTS = ("x", "y", "z", "w")
STEPS = r"""Forward values (green, above each node) and gradients of $f$ (red, below):
\begin{center}
\VAR{figure_solved}
\end{center}
"""
STEPS_TABLE = r"""{\renewcommand{\arraystretch}{1.8}\begin{tabular}{@{}ll@{}}
\BLOCK{for row in steps|batch(2)}
$\VAR{row[0]}$ & \BLOCK{if row|length > 1}$\VAR{row[1]}$\BLOCK{endif} \\
\BLOCK{endfor}
\end{tabular}}"""


def _graph_ok(p: Params) -> bool:
    """No tie in the max, no factor that zeroes a whole branch, at most one zero input gradient (the input
    that loses the max), and numbers small enough to do by hand."""
    result = evaluate_graph(GRAPH, {name: p[name] for name in INPUTS})
    grads = [result.grads[name] for name in INPUTS]
    return (
        p.y != p.w and result.values["b"] != 0 and result.values["m"] != 0 and grads.count(0) <= 1
        and all(abs(g) <= 60 for g in grads) and abs(result.values["f"]) <= 150
    )


@question(
    qid="backprop.scalar_graph", version=2, topic="backprop", title="Node-by-node backprop on a scalar graph",
    params={"x": IntRange(-4, 6), "y": IntRange(-4, 6), "z": IntRange(-4, 9), "w": IntRange(-4, 6)},
    where=_graph_ok,
    parts=[
        Part("b", Integer(), points=1, label=r"forward value of $b$", space_cm=1.0),
        Part("m", Integer(), points=1, label=r"forward value of $m$", space_cm=1.0),
        Part("f", Integer(), points=1, label=r"forward value of $f$", space_cm=1.0),
        Part("df_dx", Integer(), points=1, label=r"$\partial f / \partial x$", space_cm=1.0),
        Part("df_dy", Integer(), points=1.5, label=r"$\partial f / \partial y$", space_cm=1.0),
        Part("df_dz", Integer(), points=1, label=r"$\partial f / \partial z$", space_cm=1.0),
        Part("df_dw", Integer(), points=1, label=r"$\partial f / \partial w$", space_cm=1.0),
    ],
    prompt=r"""The function $f(x, y, z, w) = (x \cdot y + z) \cdot \max(y, w)$ is computed by the graph
$a = x \cdot y$, $b = a + z$, $m = \max(y, w)$, $f = b \cdot m$:
\begin{center}
\VAR{figure}
\end{center}
Evaluate it at $x = \VAR{x}$, $y = \VAR{y}$, $z = \VAR{z}$, $w = \VAR{w}$ and backpropagate
node by node to obtain the gradient with respect to every input. The gradient of $\max$ flows only to the
larger argument. Note that $y$ feeds two nodes.""",
    solution=STEPS + r"""Forward pass, local gradients and the chain rule (contributions of both uses of $y$ add up):

""" + STEPS_TABLE,
)
def scalar_graph(p: Params) -> dict:
    result = evaluate_graph(GRAPH, {name: p[name] for name in INPUTS})
    b, m = sympy.symbols("b m")
    y_wins = p.y > p.w
    followups = {
        "f": FollowUp(("b", "m"), b * m),
        "df_dx": FollowUp(("m",), m * p.y),
        "df_dy": FollowUp(("b", "m"), m * p.x + (b if y_wins else 0)),
        "df_dz": FollowUp(("m",), m),
        **({} if y_wins else {"df_dw": FollowUp(("b",), b)}),
    }
    flipped = {f"df_d{name}": [Mistake("flipped sign", -result.grads[name],
                                       "The sign is flipped: gradients are products of the local derivatives.")]
               for name in INPUTS if result.grads[name] != 0}
    return {
        "followups": followups, "mistakes": flipped,
        "b": result.values["b"], "m": result.values["m"], "f": result.values["f"],
        **{f"df_d{name}": result.grads[name] for name in INPUTS},
        "steps": worked_steps(result, GRAPH),
        "figure": graph_tikz(GRAPH), "figure_solved": graph_tikz(GRAPH, result.values, result.grads),
    }

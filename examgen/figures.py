"""TikZ drawings for questions about graphs: a scalar computational graph laid out by depth."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from examgen.answers.numbers import latex_number

OP_SYMBOLS = {
    "add": "$+$", "sub": "$-$", "mul": r"$\times$", "max": "max", "min": "min", "neg": "$-x$", "inv": "$1/x$",
    "square": "$x^2$", "exp": "exp", "sigmoid": r"$\sigma$", "relu": "ReLU", "tanh": "tanh", "log": "ln",
}


class GraphNode(Protocol):
    """What a drawing needs of a node (solvers.graph.Node fits)."""

    name: str
    op: str
    inputs: tuple[str, ...]


def _layout(nodes: Sequence[GraphNode]) -> dict[str, tuple[int, float]]:
    """Depth (longest path from a leaf) as x; leaves stacked in order, every other node level with its inputs."""
    place: dict[str, tuple[int, float]] = {}
    leaves = 0
    for node in nodes:
        if not node.inputs:
            place[node.name] = (0, -float(leaves))
            leaves += 1
            continue
        x = 1 + max(place[i][0] for i in node.inputs)
        y = sum(place[i][1] for i in node.inputs) / len(node.inputs)
        while any(p == (x, y) for p in place.values()):
            y -= 0.8
        place[node.name] = (x, y)
    return place


def _value(value: Any) -> str:
    return latex_number(value, None if not isinstance(value, float) else 3)


def graph_tikz(
    nodes: Sequence[GraphNode],
    values: Mapping[str, Any] | None = None,
    grads: Mapping[str, Any] | None = None,
) -> str:
    """Inputs on the left, the output on the right; with values/grads, each node shows its forward value
    (above, green) and the gradient of the output with respect to it (below, red)."""
    place = _layout(nodes)
    lines = [r"\begin{tikzpicture}[x=2.4cm, y=1.9cm, every node/.style={font=\small}, "
             r"op/.style={circle, draw, minimum size=0.95cm, inner sep=1pt, font=\scriptsize}, "
             r"leaf/.style={rectangle, draw, rounded corners, minimum size=0.7cm}]"]
    for node in nodes:
        x, y = place[node.name]
        style, label = ("leaf", f"${node.name}$") if node.op in ("input", "const") else ("op", OP_SYMBOLS[node.op])
        lines.append(rf"\node[{style}] ({node.name}) at ({x}, {y:g}) {{{label}}};")
        if style == "op":
            lines.append(rf"\node[font=\scriptsize, anchor=south west] at ({node.name}.north east) {{${node.name}$}};")
        if values is not None:
            lines.append(rf"\node[font=\scriptsize, text=green!50!black, above=0pt of {node.name}] "
                         rf"{{${_value(values[node.name])}$}};")
        if grads is not None:
            lines.append(rf"\node[font=\scriptsize, text=red, below=0pt of {node.name}] {{${_value(grads[node.name])}$}};")
    for node in nodes:
        for source in dict.fromkeys(node.inputs):
            lines.append(rf"\draw[->] ({source}) -- ({node.name});")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)

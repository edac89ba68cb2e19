"""TikZ drawings for questions about graphs: a scalar computational graph laid out by depth, and a small fully
connected network."""

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


def network_tikz(
    sizes: Sequence[int], names: Sequence[str], highlight: tuple[int, int, int] | None = None, label: str = ""
) -> str:
    """A fully connected network, one column of neurons per layer (inputs on the left), every neuron of a layer
    wired to every neuron of the next; `names[l]` is the symbol of layer l's neurons (numbered from 1).
    `highlight` = (l, j, k) draws the weight from neuron k of layer l - 1 into neuron j of layer l thick,
    with `label` next to it."""
    lines = [r"\begin{tikzpicture}[x=3.2cm, y=1.1cm, "
             r"neuron/.style={circle, draw, minimum size=0.85cm, inner sep=1pt, font=\small}]"]
    for layer, (size, name) in enumerate(zip(sizes, names)):
        for i in range(1, size + 1):
            lines.append(rf"\node[neuron] (n{layer}-{i}) at ({layer}, {(size + 1) / 2 - i:g}) {{${name}_{{{i}}}$}};")
    for layer in range(1, len(sizes)):
        for j in range(1, sizes[layer] + 1):
            for k in range(1, sizes[layer - 1] + 1):
                if highlight == (layer, j, k):
                    lines.append(rf"\draw[->, very thick] (n{layer - 1}-{k}) -- node[pos=0.45, fill=white, "
                                 rf"inner sep=1pt, font=\footnotesize] {{{label}}} (n{layer}-{j});")
                else:
                    lines.append(rf"\draw[->, gray] (n{layer - 1}-{k}) -- (n{layer}-{j});")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)

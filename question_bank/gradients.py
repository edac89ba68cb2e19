"""Gradients by hand: a per-student graph on Matrikelnummer digits, backprop and one SGD step in a small MLP,
matrix derivatives of an affine layer, and the softmax cross-entropy gradient (catalog G1, G2, G3, G5)."""

from __future__ import annotations

from fractions import Fraction

import sympy

from examgen.answers import Exact, Integer, Matrix, Shape, Vector
from examgen.params import IntRange, ListOf, MatrikelDigits, OneOf, Params
from examgen.figures import graph_tikz
from examgen.question import FollowUp, Mistake, Part, question
from question_bank.forward import (
    MLP_NETWORK_TEX,
    SLOPE,
    WEIGHT,
    hand_friendly,
    hidden_is_mixed,
    mlp_activation,
    mlp_display,
    mlp_layers,
    rows,
)
from solvers.activations import derivative
from solvers.exact import transpose
from solvers.gradients import MLPGradients, affine_backward, affine_forward, mlp_gradients
from question_bank.backprop import STEPS, STEPS_TABLE
from solvers.graph import Node, evaluate_graph, worked_steps
from solvers.losses import l2_loss, l2_loss_grad, softmax, softmax_cross_entropy_grad
from solvers.optim import sgd_step

# --- G1: the Matrikelnummer graph f = (a b + d)(b + c) ------------------------------------------------------

GRAPH_INPUTS = ("a", "b", "c")


def matrikel_graph(d: int) -> tuple[Node, ...]:
    """f = (a b + d)(b + c) with the pre-filled constant node d (catalog G1)."""
    return (
        Node("a", "input"), Node("b", "input"), Node("c", "input"), Node("d", "const", value=d),
        Node("u", "mul", ("a", "b")), Node("v", "add", ("u", "d")), Node("w", "add", ("b", "c")),
        Node("f", "mul", ("v", "w")),
    )


@question(
    qid="backprop.matrikel_graph", version=2, topic="backprop", title="Backprop on a graph fed by your Matrikelnummer",
    params={"digits": MatrikelDigits(3), "d": IntRange(2, 9)},
    parts=[
        Part("v", Integer(), points=0.5, label=r"forward value of $v$", space_cm=1.0),
        Part("w", Integer(), points=0.5, label=r"forward value of $w$", space_cm=1.0),
        Part("f", Integer(), points=0.5, label=r"forward value of $f$", space_cm=1.0),
        Part("df_da", Integer(), points=1, label=r"$\partial f / \partial a$", space_cm=1.0),
        Part("df_db", Integer(), points=1.5, label=r"$\partial f / \partial b$", space_cm=1.0),
        Part("df_dc", Integer(), points=1, label=r"$\partial f / \partial c$", space_cm=1.0),
        Part("df_dd", Integer(), points=1, label=r"$\partial f / \partial d$", space_cm=1.0),
    ],
    prompt=r"""The graph $u = a \cdot b$, $v = u + d$, $w = b + c$, $f = v \cdot w$ computes
$f = (a \cdot b + d)(b + c)$. Its inputs come from your own Matrikelnummer, read from the right: $c$ is its
last digit, $b$ the second-to-last and $a$ the third-to-last digit (for you: $a = \VAR{a}$, $b = \VAR{b}$,
$c = \VAR{c}$).
The constant node is pre-filled with $d = \VAR{d}$:
\begin{center}
\VAR{figure}
\end{center}
Run the forward pass, then backpropagate node by node and give the gradient of $f$ with respect to $a$, $b$, $c$
and $d$. Note that $b$ feeds two nodes.""",
    solution=STEPS + r"""Forward values, local gradients, and upstream times local gradient (the two paths through
$b$ add up):

""" + STEPS_TABLE,
)
def matrikel_backprop(p: Params) -> dict:
    graph = matrikel_graph(p.d)
    inputs = dict(zip(reversed(GRAPH_INPUTS), p.digits))  # digits come last-first: c, b, a
    result = evaluate_graph(graph, inputs)
    return {
        **{name: result.values[name] for name in ("v", "w", "f")},
        **{f"df_d{name}": result.grads[name] for name in (*GRAPH_INPUTS, "d")},
        **inputs, "steps": worked_steps(result, graph),
        "figure": graph_tikz(graph), "figure_solved": graph_tikz(graph, result.values, result.grads),
    }


# --- G2: MLP forward, backprop to one first-layer weight, one SGD step --------------------------------------

def _mlp_run(p: Params) -> MLPGradients:
    return mlp_gradients(p.x, p.y, mlp_layers(p), mlp_activation(p), p.slope, loss="l2", reduction=p.reduction)


def _mlp_step_ok(p: Params) -> bool:
    """Mixed hidden regimes, moderate errors, a non-zero gradient and numbers that stay hand-friendly."""
    run = _mlp_run(p)
    grad = run.dw[0][p.unit - 1][p.inp - 1]
    errors = [a - b for a, b in zip(run.forward.output, p.y)]
    return (hidden_is_mixed(run.forward.z[0]) and grad != 0 and abs(grad) <= 12 and max(abs(e) for e in errors) <= 4
            and hand_friendly([*run.forward.a[1], *run.forward.output, run.loss, grad, p.lr * grad]))


@question(
    qid="backprop.mlp_sgd_step", version=1, topic="backprop", title="Forward pass, backprop and one SGD step in an MLP",
    params={
        "x": ListOf(OneOf([-2, -1, 1, 2]), 2), "w1": ListOf(WEIGHT, 4), "b1": ListOf(WEIGHT, 2),
        "w2": ListOf(WEIGHT, 4), "b2": ListOf(WEIGHT, 2), "slope": SLOPE, "y": ListOf(IntRange(-2, 3), 2),
        "reduction": OneOf(["sum", "mean"]), "unit": IntRange(1, 2), "inp": IntRange(1, 2),
        "lr": OneOf([Fraction(1, 10), Fraction(1, 2), 1]),
    },
    where=_mlp_step_ok,
    parts=[
        Part("h", Vector(), points=1, label=r"hidden activations $h$", space_cm=1.5),
        Part("y_hat", Vector(), points=1, label=r"output $\hat y$", space_cm=1.5),
        Part("loss", Exact(), points=1, label=r"loss $L$", space_cm=1.5),
        Part("dl_dy", Vector(), points=1, label=r"$\partial L / \partial \hat y$", space_cm=1.5),
        Part("grad", Exact(), points=2, label="gradient of the asked weight", space_cm=3.0),
        Part("w_new", Exact(), points=1, label=r"updated weight", space_cm=1.5),
    ],
    prompt=r"""A fully connected network has 2 inputs, 2 hidden units and 2 outputs.
""" + MLP_NETWORK_TEX + r"""
The loss is \BLOCK{if reduction == 'sum'}the sum of squared errors, $L = \sum_{k=1}^{2} (\hat y_k - y_k)^2$\BLOCK{else}the
mean squared error over the two outputs, $L = \frac{1}{2}\sum_{k=1}^{2} (\hat y_k - y_k)^2$\BLOCK{endif}.
Compute the forward pass and the loss, backpropagate to the weight $W^{[1]}_{\VAR{unit}\VAR{inp}}$ (from input
$x_{\VAR{inp}}$ into hidden unit \VAR{unit}, currently $\VAR{w_old|num(1)}$), and perform one SGD step on this weight
with learning rate $\eta = \VAR{lr|num(1)}$. Give exact values (fractions or decimals).""",
    solution=r"""Forward: $z = W^{[1]} x + b^{[1]} = \VAR{z|matrix}^{\top}$, $h = \phi(z) = \VAR{h|matrix}^{\top}$,
$\hat y = W^{[2]} h + b^{[2]} = \VAR{y_hat|matrix}^{\top}$, $\hat y - y = \VAR{errors|matrix}^{\top}$ and
$L = \VAR{loss|num}$.

Backward: $\partial L / \partial \hat y = \BLOCK{if reduction == 'sum'}2(\hat y - y)\BLOCK{else}\frac{1}{2} \cdot 2(\hat y - y)\BLOCK{endif}
= \VAR{dl_dy|matrix}^{\top}$. The weight only influences the loss through hidden unit \VAR{unit}:
\[
\frac{\partial L}{\partial z_{\VAR{unit}}} = \phi'(z_{\VAR{unit}}) \sum_k W^{[2]}_{k\VAR{unit}}
\frac{\partial L}{\partial \hat y_k}
= \VAR{slope_j|num} \cdot \left(\BLOCK{for k in range(2)}(\VAR{w2_col[k]|num(1)})(\VAR{dl_dy[k]|num})\BLOCK{if not loop.last} + \BLOCK{endif}\BLOCK{endfor}\right)
= \VAR{dl_dz|num},
\]
with $\phi'(z_{\VAR{unit}}) = \VAR{slope_j|num}$ because $z_{\VAR{unit}} = \VAR{z[unit - 1]|num} \VAR{'>' if z[unit - 1] > 0 else '<'} 0$.
Then $\partial L / \partial W^{[1]}_{\VAR{unit}\VAR{inp}} = \frac{\partial L}{\partial z_{\VAR{unit}}} \, x_{\VAR{inp}}
= \VAR{dl_dz|num} \cdot (\VAR{x[inp - 1]}) = \VAR{grad|num}$.

SGD: $W^{[1]}_{\VAR{unit}\VAR{inp}} \leftarrow \VAR{w_old|num(1)} - \VAR{lr|num(1)} \cdot (\VAR{grad|num}) = \VAR{w_new|num}$.""",
)
def mlp_sgd_step(p: Params) -> dict:
    run = _mlp_run(p)
    j, k = p.unit - 1, p.inp - 1
    w_old = mlp_layers(p)[0][0][j][k]
    grad = run.dw[0][j][k]
    z = run.forward.z[0]
    scale = 1 if p.reduction == "sum" else Fraction(1, 2)
    y_hat = sympy.symbols("y_hat_1 y_hat_2")
    w2 = mlp_layers(p)[1][0]
    dl_dy = [2 * scale * (y_hat[i] - p.y[i]) for i in range(2)]
    followups = {  # each step recomputed from the student's own previous answer
        "loss": FollowUp(("y_hat",), scale * sum((y_hat[i] - p.y[i]) ** 2 for i in range(2))),
        "dl_dy": FollowUp(("y_hat",), dl_dy),
        "grad": FollowUp(("dl_dy",), derivative(mlp_activation(p), z[j], p.slope) * p.x[k]
                         * sum(w2[i][j] * sympy.Symbol(f"dl_dy_{i + 1}") for i in range(2))),
        "w_new": FollowUp(("grad",), w_old - p.lr * sympy.Symbol("grad")),
    }
    return {
        "h": run.forward.a[1], "y_hat": run.forward.output, "loss": run.loss, "dl_dy": run.dz[1], "grad": grad,
        "w_new": sgd_step([w_old], [grad], p.lr)[0], "followups": followups,
        "z": z, "errors": [a - b for a, b in zip(run.forward.output, p.y)], "w_old": w_old,
        "slope_j": derivative(mlp_activation(p), z[j], p.slope), "dl_dz": run.dz[0][j],
        "w2_col": [row[j] for row in mlp_layers(p)[1][0]], **mlp_display(p, asked=(p.unit, p.inp)),
    }


# --- G3: matrix derivatives of an affine layer ----------------------------------------------------------------

def _affine_y(p: Params) -> list[list[int]]:
    return affine_forward(rows(p.x, 3), rows(p.w, 2), p.b)


def _affine_ok(p: Params) -> bool:
    y = [v for row in _affine_y(p) for v in row]
    return any(y) and max(abs(v) for v in y) <= 5


@question(
    qid="backprop.affine_layer_grads", version=1, topic="backprop", title="Matrix derivatives of an affine layer",
    params={"x": ListOf(IntRange(-2, 3), 6), "w": ListOf(IntRange(-2, 2), 6), "b": ListOf(IntRange(-2, 2), 2)},
    where=_affine_ok,
    parts=[
        Part("y", Matrix(), points=1, label=r"$Y$", space_cm=2.0),
        Part("loss", Integer(), points=0.5, label=r"$L$", space_cm=1.0),
        Part("dy", Matrix(), points=1, label=r"$\partial L / \partial Y$", space_cm=2.0),
        Part("dx", Matrix(), points=1.5, label=r"$\partial L / \partial X$", space_cm=2.0),
        Part("dw", Matrix(), points=1.5, label=r"$\partial L / \partial W$", space_cm=2.5),
        Part("db", Vector(), points=1, label=r"$\partial L / \partial b$", space_cm=1.5),
        Part("shape_dx", Shape(), points=0.5, label=r"shape of $\partial L / \partial X$", space_cm=1.0),
        Part("shape_dw", Shape(), points=0.5, label=r"shape of $\partial L / \partial W$", space_cm=1.0),
    ],
    prompt=r"""An affine layer maps a mini-batch $X \in \mathbb{R}^{N \times D}$ (one sample per row) to
$Y = XW + b$, where $W \in \mathbb{R}^{D \times M}$ and the bias $b \in \mathbb{R}^{M}$ is added to every row.
Here $N = 2$, $D = 3$, $M = 2$ and
\[
X = \VAR{x_rows|matrix}, \quad W = \VAR{w_rows|matrix}, \quad b = \VAR{b|matrix}.
\]
The layer is followed by the loss $L = \sum_{n, m} Y_{nm}^2$ (sum of the squared entries).
Compute $Y$, $L$ and $\partial L / \partial Y$, then backpropagate through the layer to obtain
$\partial L / \partial X$, $\partial L / \partial W$ and $\partial L / \partial b$. Give the shapes (rows, columns)
of $\partial L / \partial X$ and $\partial L / \partial W$.""",
    solution=r"""$Y = XW + b = \VAR{y|matrix}$, so $L = \VAR{loss}$ and $\partial L / \partial Y = 2Y = \VAR{dy|matrix}$.
Each gradient has the shape of the variable it belongs to:
\begin{align*}
\frac{\partial L}{\partial X} &= \frac{\partial L}{\partial Y} W^{\top}
= \VAR{dy|matrix} \VAR{w_t|matrix} = \VAR{dx|matrix} && (N \times D = \VAR{shape_dx[0]} \times \VAR{shape_dx[1]}), \\
\frac{\partial L}{\partial W} &= X^{\top} \frac{\partial L}{\partial Y}
= \VAR{x_t|matrix} \VAR{dy|matrix} = \VAR{dw|matrix} && (D \times M = \VAR{shape_dw[0]} \times \VAR{shape_dw[1]}), \\
\frac{\partial L}{\partial b} &= \textstyle\sum_n \left(\frac{\partial L}{\partial Y}\right)_{n,:} = \VAR{db|matrix}
&& \text{(sum over the rows, no } 1/N\text{)}.
\end{align*}""",
)
def affine_layer_grads(p: Params) -> dict:
    x_rows, w_rows = rows(p.x, 3), rows(p.w, 2)
    y = _affine_y(p)
    flat = [v for row in y for v in row]
    zeros = [0] * len(flat)
    dy = rows(l2_loss_grad(flat, zeros), 2)
    grads = affine_backward(x_rows, w_rows, dy)
    transposed = "The gradient has the shape of the variable it belongs to: check the order of the factors."
    return {
        "mistakes": {"dw": [Mistake("transposed", transpose(grads.dw), transposed)],
                     "dx": [Mistake("transposed", transpose(grads.dx), transposed)]},
        "y": y, "loss": l2_loss(flat, zeros), "dy": dy, "dx": grads.dx, "dw": grads.dw, "db": grads.db,
        "shape_dx": (len(grads.dx), len(grads.dx[0])), "shape_dw": (len(grads.dw), len(grads.dw[0])),
        "x_rows": x_rows, "w_rows": w_rows, "x_t": transpose(x_rows), "w_t": transpose(w_rows),
    }


# --- G5: softmax cross-entropy gradient -----------------------------------------------------------------------

def _logits(p: Params) -> list[int]:
    return affine_forward([p.h], rows(p.w, 3), p.b)[0]


def _logits_ok(p: Params) -> bool:
    """Distinct logits in a hand-friendly range; no row of W constant (that would make a dL/dh entry vanish)."""
    z = _logits(p)
    return (len(set(z)) == len(z) and max(z) - min(z) <= 5
            and all(len(set(row)) > 1 for row in rows(p.w, 3)))


@question(
    qid="backprop.softmax_ce_grad", version=1, topic="backprop",
    title="Gradient of softmax cross-entropy through the last layer",
    params={"h": ListOf(OneOf([-2, -1, 1, 2]), 2), "w": ListOf(IntRange(-2, 2), 6), "b": ListOf(IntRange(-1, 1), 3),
            "label": IntRange(1, 3)},
    where=_logits_ok,
    parts=[
        Part("z", Vector(), points=1, label=r"logits $z$", space_cm=1.2),
        Part("dz", Vector(decimals=3, rel_tol=0.0, abs_tol=0.002), points=2, label=r"$\partial L / \partial z$",
             space_cm=2.5),
        Part("dw", Matrix(decimals=3, rel_tol=0.0, abs_tol=0.004), points=2, label=r"$\partial L / \partial W$",
             space_cm=2.5),
        Part("dh", Vector(decimals=3, rel_tol=0.0, abs_tol=0.006), points=1.5, label=r"$\partial L / \partial h$",
             space_cm=1.5),
    ],
    prompt=r"""The last layer of a 3-class classifier computes the logits $z = hW + b$ from the hidden activations
$h = \VAR{h|matrix}$ (a row vector), with
\[
W = \VAR{w_rows|matrix}, \quad b = \VAR{b|matrix}.
\]
The loss is the softmax cross-entropy $L = -\ln \hat y_{c}$ with $\hat y = \mathrm{softmax}(z)$ and true class
$c = \VAR{label}$. Give the logits, then $\partial L / \partial z$, $\partial L / \partial W$ (same shape as $W$) and
$\partial L / \partial h$, to three decimals (a calculator is allowed).""",
    solution=r"""$z = hW + b = \VAR{z|matrix}$ and $\hat y = \mathrm{softmax}(z) = \VAR{probs|matrix(4)}$.
For softmax followed by cross-entropy the gradient is $\partial L / \partial z = \hat y - e_{c}$ (subtract 1 at the
true class): $\VAR{dz|matrix(4)}$. Since $z_k = \sum_j h_j W_{jk} + b_k$,
\[
\frac{\partial L}{\partial W_{jk}} = h_j \frac{\partial L}{\partial z_k}, \quad
\frac{\partial L}{\partial W} = h^{\top} \frac{\partial L}{\partial z} = \VAR{dw|matrix(3)}, \qquad
\frac{\partial L}{\partial h} = \frac{\partial L}{\partial z} W^{\top} = \VAR{dh|matrix(3)}.
\]
The bias gradient equals $\partial L / \partial z$.""",
)
def softmax_ce_grad(p: Params) -> dict:
    w_rows = rows(p.w, 3)
    z = _logits(p)
    dz = softmax_cross_entropy_grad(z, p.label - 1)
    grads = affine_backward([p.h], w_rows, [dz])
    return {"z": z, "dz": dz, "dw": grads.dw, "dh": grads.dx[0], "probs": softmax(z), "w_rows": w_rows}

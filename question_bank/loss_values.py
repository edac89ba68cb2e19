"""Loss values by hand: softmax probabilities, binary hinge vs binary cross-entropy, L1/L2/MSE conventions, and
L1/L2 weight penalties (catalog F1, F4-F7)."""

from __future__ import annotations

import math
from fractions import Fraction

from examgen.answers import Exact, Integer, Real, Vector
from examgen.params import Grid, IntRange, ListOf, OneOf, Params
from examgen.question import Part, question
from solvers.activations import sigmoid
from solvers.exact import div
from solvers.forward import linear_neuron
from solvers.losses import binary_cross_entropy, binary_hinge, l1_loss, l1_penalty, l2_loss, l2_penalty, softmax

# --- F1: softmax probabilities ----------------------------------------------------------------------------------

def _unique_top(p: Params) -> bool:
    """One clear top class, and no probability that rounds to 0.000 or 1.000 even after doubling."""
    return sorted(p.z)[-1] != sorted(p.z)[-2] and max(p.z) - min(p.z) <= 4


@question(
    qid="losses.softmax_probabilities", version=1, topic="losses", title="Softmax probabilities from logits",
    params={"z": ListOf(IntRange(-3, 5), 3)},
    where=_unique_top,
    parts=[
        Part("probs", Vector(decimals=3, rel_tol=0.0, abs_tol=0.0015), points=2, label=r"$\mathrm{softmax}(z)$",
             space_cm=2.5),
        Part("top_doubled", Real(decimals=3, rel_tol=0.0, abs_tol=0.0015), points=1,
             label=r"largest probability of $\mathrm{softmax}(2z)$", space_cm=2.0),
    ],
    prompt=r"""A classifier outputs the logits $z = (\VAR{z|join(', ')})$ for three classes.
Compute the softmax probabilities $\hat y_k = e^{z_k} / \sum_j e^{z_j}$ to three decimals (a calculator is
allowed). Then all logits are doubled: what is the largest probability of $\mathrm{softmax}(2z)$?""",
    solution=r"""Subtracting the largest logit $\VAR{top}$ first does not change the result and avoids overflow:
$e^{z_k - \VAR{top}} = (\VAR{shifted|map('num', 4)|join(', ')})$ with sum
$\VAR{total|num(4)}$, so
$\hat y = (\VAR{probs|map('num', 3)|join(', ')})$.
Doubling the logits doubles all differences, so the distribution gets sharper: the largest probability grows from
$\VAR{probs[top_index]|num(3)}$ to $\VAR{top_doubled|num(3)}$.""",
)
def softmax_probabilities(p: Params) -> dict:
    probs = softmax(p.z)
    top_index = max(range(len(p.z)), key=lambda k: p.z[k])
    shifted = [math.exp(v - p.z[top_index]) for v in p.z]
    return {
        "probs": probs, "top_doubled": softmax([2 * v for v in p.z])[top_index],
        "top": p.z[top_index], "top_index": top_index, "shifted": shifted, "total": math.fsum(shifted),
    }


# --- F4 / F5: binary hinge loss and binary cross-entropy on the same scores ---------------------------------------

def _mixed_margins(p: Params) -> bool:
    hinges = [binary_hinge(y, s) for y, s in zip(p.labels, p.s)]
    return 0 in hinges and any(hinges)


@question(
    qid="losses.binary_hinge_bce", version=1, topic="losses", title="Binary hinge loss vs binary cross-entropy",
    params={"s": ListOf(Grid(-3, 3, Fraction(1, 2)), 3), "labels": ListOf(OneOf([-1, 1]), 3)},
    where=_mixed_margins,
    parts=[
        Part("hinge", Vector(), points=1.5, label="hinge loss per sample", space_cm=1.5),
        Part("hinge_mean", Exact(), points=0.5, label="mean hinge loss", space_cm=1.2),
        Part("bce_mean", Real(decimals=3, rel_tol=0.0, abs_tol=0.003), points=2, label="mean binary cross-entropy",
             space_cm=2.5),
    ],
    prompt=r"""A binary classifier outputs a real score $s$ per sample. Three samples have the scores
$s = (\VAR{s|map('num', 1)|join(', ')})$ and the labels
$y = (\VAR{labels|join(', ')})$ with $y \in \{-1, +1\}$.
\begin{enumerate}
\item Give the binary hinge loss $\max(0, 1 - y s)$ of each sample and its mean over the three samples.
\item Read the score as a logit instead: $P(y = +1 \mid s) = \sigma(s)$. Give the binary cross-entropy with
the natural logarithm, averaged over the three samples, to three decimals (a calculator is allowed).
\end{enumerate}""",
    solution=r"""The margins $y s$ are $(\VAR{margins|map('num', 1)|join(', ')})$,
so the hinge losses are $(\VAR{hinge|map('num', 1)|join(', ')})$
and their mean is $\VAR{hinge_mean|num}$. A sample whose margin is at least 1 costs nothing.

With targets $t = (1 + y)/2$ and $p = \sigma(s) = (\VAR{probs|map('num', 4)|join(', ')})$
the per-sample losses $-[t \ln p + (1 - t)\ln(1 - p)] = \ln(1 + e^{-y s})$ are
$(\VAR{bce_terms|map('num', 4)|join(', ')})$, mean
$\VAR{bce_mean|num(3)}$. Unlike the hinge loss, the cross-entropy is positive for every sample, even a
confidently correct one.""",
)
def binary_hinge_bce(p: Params) -> dict:
    hinge = [binary_hinge(y, s) for y, s in zip(p.labels, p.s)]
    targets = [(1 + y) // 2 for y in p.labels]
    probs = [sigmoid(s) for s in p.s]
    return {
        "hinge": hinge, "hinge_mean": div(sum(hinge), len(hinge)),
        "bce_mean": binary_cross_entropy(targets, probs, "mean"),
        "margins": [y * s for y, s in zip(p.labels, p.s)], "probs": probs,
        "bce_terms": [binary_cross_entropy([t], [q]) for t, q in zip(targets, probs)],
    }


# --- F6: L1, L2 and MSE conventions -------------------------------------------------------------------------------

def _residuals(p: Params) -> list[int]:
    return [a - b for a, b in zip(p.pred, p.target)]


def _residuals_ok(p: Params) -> bool:
    r = _residuals(p)
    return sum(1 for v in r if v) >= 3 and max(abs(v) for v in r) <= 5


@question(
    qid="losses.regression_losses", version=1, topic="losses", title="L1, L2 and MSE: sum versus mean",
    params={"pred": ListOf(IntRange(-2, 6), 4), "target": ListOf(IntRange(-2, 6), 4)},
    where=_residuals_ok,
    parts=[
        Part("l1", Exact(), points=1, label=r"$L_1$", space_cm=1.2),
        Part("l2", Exact(), points=1, label=r"$L_2$", space_cm=1.2),
        Part("mse", Exact(), points=1, label=r"$\mathrm{MSE}$", space_cm=1.2),
        Part("half_mse", Exact(), points=1, label=r"$J$", space_cm=1.2),
    ],
    prompt=r"""A regression network predicts $\hat y = (\VAR{pred|join(', ')})$ for $N = 4$ samples with targets
$y = (\VAR{target|join(', ')})$. Compute the following losses exactly:
the summed absolute error $L_1 = \sum_i |\hat y_i - y_i|$, the summed squared error
$L_2 = \sum_i (\hat y_i - y_i)^2$, the mean squared error $\mathrm{MSE} = \frac{1}{N}\sum_i (\hat y_i - y_i)^2$, and
the halved mean squared error $J = \frac{1}{2N}\sum_i (\hat y_i - y_i)^2$.""",
    solution=r"""The residuals are $\hat y - y = (\VAR{residuals|join(', ')})$. Hence
$L_1 = \BLOCK{for r in residuals}|\VAR{r}|\BLOCK{if not loop.last} + \BLOCK{endif}\BLOCK{endfor} = \VAR{l1}$,
$L_2 = \BLOCK{for r in residuals}(\VAR{r})^2\BLOCK{if not loop.last} + \BLOCK{endif}\BLOCK{endfor} = \VAR{l2}$,
$\mathrm{MSE} = L_2 / 4 = \VAR{mse|num}$ and $J = L_2 / 8 = \VAR{half_mse|num}$.
The four numbers differ only by constant factors, so they have the same minimiser, but the constant scales the
gradient and therefore the effective learning rate.""",
)
def regression_losses(p: Params) -> dict:
    return {
        "l1": l1_loss(p.pred, p.target), "l2": l2_loss(p.pred, p.target), "mse": l2_loss(p.pred, p.target, "mean"),
        "half_mse": l2_loss(p.pred, p.target, "mean", half=True), "residuals": _residuals(p),
    }


# --- F7: L1 and L2 penalties of two weight vectors that give the same output -----------------------------------------

def _sparse_weights(p: Params) -> list[Fraction | int]:
    """The vector that puts all weight on input k and reproduces the output of theta_b."""
    value = div(linear_neuron(p.theta_b, p.x), p.x[p.k - 1])
    return [value if i == p.k - 1 else 0 for i in range(len(p.x))]


def _penalties_ok(p: Params) -> bool:
    sparse = _sparse_weights(p)
    value = sparse[p.k - 1]
    return ((4 * value).denominator == 1 and value <= 3
            and l1_penalty(sparse) != l1_penalty(p.theta_b) and l2_penalty(sparse) != l2_penalty(p.theta_b))


@question(
    qid="regularisation.weight_penalties", version=1, topic="regularisation",
    title="L1 and L2 penalties: which weight vector is preferred",
    params={
        "x": ListOf(IntRange(1, 3), 3), "theta_b": ListOf(Grid(Fraction(1, 4), 1, Fraction(1, 4)), 3),
        "k": IntRange(1, 3),
    },
    where=_penalties_ok,
    parts=[
        Part("output", Exact(), points=0.5, label=r"$\theta^{\top} x$ (both)", space_cm=1.0),
        Part("l1_a", Exact(), points=0.5, label=r"$R_1(\theta_A)$", space_cm=1.0),
        Part("l1_b", Exact(), points=0.5, label=r"$R_1(\theta_B)$", space_cm=1.0),
        Part("l2_a", Exact(), points=0.5, label=r"$R_2(\theta_A)$", space_cm=1.0),
        Part("l2_b", Exact(), points=0.5, label=r"$R_2(\theta_B)$", space_cm=1.0),
        Part("prefer_l1", Integer(), points=0.5, label=r"preferred with $R_1$ (1 = A, 2 = B)", space_cm=1.0),
        Part("prefer_l2", Integer(), points=0.5, label=r"preferred with $R_2$ (1 = A, 2 = B)", space_cm=1.0),
    ],
    prompt=r"""A linear model $\hat y = \theta^{\top} x$ (no bias) receives $x = (\VAR{x|join(', ')})$. Two candidate
weight vectors are
$\theta_A = (\BLOCK{for t in theta_a}\VAR{'%g'|format(t)}\BLOCK{if not loop.last}, \BLOCK{endif}\BLOCK{endfor})$ and
$\theta_B = (\BLOCK{for t in theta_b}\VAR{'%g'|format(t)}\BLOCK{if not loop.last}, \BLOCK{endif}\BLOCK{endfor})$.
Show that both give the same output, compute the penalties $R_1(\theta) = \sum_i |\theta_i|$ and
$R_2(\theta) = \sum_i \theta_i^2$ of both vectors (exact values), and say which vector each penalty prefers when it
is added to the (equal) data loss.""",
    solution=r"""$\theta_A^{\top} x = \theta_B^{\top} x = \VAR{output|num}$, so the data loss cannot tell them apart and
the penalty decides.
$R_1(\theta_A) = \VAR{l1_a|num}$, $R_1(\theta_B) = \VAR{l1_b|num}$: $R_1$ prefers
$\theta_{\VAR{'A' if prefer_l1 == 1 else 'B'}}$.
$R_2(\theta_A) = \VAR{l2_a|num}$, $R_2(\theta_B) = \VAR{l2_b|num}$: $R_2$ prefers
$\theta_{\VAR{'A' if prefer_l2 == 1 else 'B'}}$.
Squaring punishes large single weights, so $R_2$ tends to favour spreading the weight over all inputs, while
$R_1$ charges every unit of weight the same and is content with (or, through its constant pull towards zero,
produces) sparse vectors.""",
)
def weight_penalties(p: Params) -> dict:
    theta_a = _sparse_weights(p)
    l1 = (l1_penalty(theta_a), l1_penalty(p.theta_b))
    l2 = (l2_penalty(theta_a), l2_penalty(p.theta_b))
    return {
        "output": linear_neuron(p.theta_b, p.x), "l1_a": l1[0], "l1_b": l1[1], "l2_a": l2[0], "l2_b": l2[1],
        "prefer_l1": 1 if l1[0] < l1[1] else 2, "prefer_l2": 1 if l2[0] < l2[1] else 2, "theta_a": theta_a,
    }

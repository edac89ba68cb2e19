"""Classification losses on the same scores: softmax cross-entropy versus multiclass hinge."""

from __future__ import annotations

from fractions import Fraction

from examgen.answers import Real
from examgen.params import Grid, IntRange, ListOf, Params
from examgen.question import Part, question
from solvers.losses import multiclass_hinge, softmax, softmax_cross_entropy

CLASSES = ("cat", "car", "frog")


def _scores_ok(p: Params) -> bool:
    """Distinct scores (no ties) and a hinge loss that is neither trivially zero nor huge."""
    hinge = multiclass_hinge(p.scores, p.label)
    return len(set(p.scores)) == len(p.scores) and 0 < hinge <= 8


@question(
    qid="losses.ce_vs_hinge", version=1, topic="losses", title="Softmax cross-entropy vs multiclass hinge loss",
    params={"scores": ListOf(Grid(-3, 5, Fraction(1, 2)), 3), "label": IntRange(0, 2)},
    where=_scores_ok,
    parts=[
        Part("ce", Real(decimals=3, rel_tol=0.0, abs_tol=0.002), points=2, label="softmax cross-entropy loss",
             space_cm=2.5),
        Part("hinge", Real(decimals=2, rel_tol=0.0, abs_tol=0.001), points=2, label="multiclass hinge loss",
             space_cm=2.5),
    ],
    prompt=r"""A linear classifier gives the scores
$s = (\VAR{scores[0]|num}, \VAR{scores[1]|num}, \VAR{scores[2]|num})$ for the classes
(\VAR{classes|join(', ')}) of one training image whose true class is \emph{\VAR{classes[label]}}.
Compute (a) the softmax cross-entropy loss with the natural logarithm, to three decimals, and (b) the multiclass
hinge (SVM) loss $\sum_{j \neq y} \max(0, s_j - s_y + 1)$ with margin 1.""",
    solution=r"""Softmax probabilities: $p = (\VAR{probs[0]|num(4)}, \VAR{probs[1]|num(4)}, \VAR{probs[2]|num(4)})$, so
$L_{\mathrm{CE}} = -\ln p_{\VAR{classes[label]}} = -\ln \VAR{probs[label]|num(4)} = \VAR{ce|num(3)}$.
Hinge: with $s_y = \VAR{scores[label]|num}$ the margins of the other classes are
\BLOCK{for j in others}$\max(0, \VAR{scores[j]|num} - (\VAR{scores[label]|num}) + 1) = \VAR{margins[loop.index0]|num}$\BLOCK{if not loop.last}, \BLOCK{endif}\BLOCK{endfor},
which add up to $\VAR{hinge|num}$. The hinge loss is zero as soon as the true class wins by the margin,
while the cross-entropy keeps pushing the correct probability towards 1.""",
)
def ce_vs_hinge(p: Params) -> dict:
    others = [j for j in range(3) if j != p.label]
    margins = [max(Fraction(0), p.scores[j] - p.scores[p.label] + 1) for j in others]
    return {
        "ce": softmax_cross_entropy([float(s) for s in p.scores], p.label),
        "hinge": multiclass_hinge(p.scores, p.label),
        "probs": softmax([float(s) for s in p.scores]), "classes": CLASSES, "others": others, "margins": margins,
    }

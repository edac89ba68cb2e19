"""Loss values and their gradients with respect to the predictions (catalog F1-F9, G5, G8).

Logarithms are natural unless a `base` is given. Piecewise-linear and polynomial losses
(hinge, L1, L2, penalties) stay exact for int/Fraction inputs; the others return floats.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from solvers.exact import Number, Vector, div, vector

REDUCTIONS = ("sum", "mean")
GENERATOR_LOSSES = ("minimax", "non_saturating")


def _check_label(scores: Sequence[Number], label: int) -> None:
    if not 0 <= label < len(scores):
        raise ValueError(f"label {label} is not a class index for {len(scores)} scores")


def _scale(n: int, reduction: str) -> int | Fraction:
    """Factor applied to a sum of n terms: 1 for 'sum', 1/n for 'mean' (ints stay ints under 'sum')."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")
    return 1 if reduction == "sum" else Fraction(1, n)


def _pairs(pred: Sequence[Number], target: Sequence[Number]) -> list[tuple[Number, Number]]:
    if len(pred) != len(target) or not len(pred):
        raise ValueError(f"need equally long non-empty predictions and targets, got {len(pred)} and {len(target)}")
    return list(zip(vector(pred), vector(target)))


def _probability(p: Number) -> Number:
    if not 0 < p < 1:
        raise ValueError(f"probabilities must lie strictly between 0 and 1, got {p}")
    return p


def softmax(scores: Sequence[float]) -> list[float]:
    """Softmax probabilities (F1), computed as exp(z - max z) for stability."""
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = math.fsum(exps)
    return [e / total for e in exps]


def softmax_cross_entropy(scores: Sequence[float], label: int) -> float:
    """-ln softmax(scores)[label] (F2); accurate also when the loss is tiny (1e-11)."""
    _check_label(scores, label)
    top = max(range(len(scores)), key=lambda j: scores[j])
    rest = math.fsum(math.exp(s - scores[top]) for j, s in enumerate(scores) if j != top)
    return float(scores[top] - scores[label]) + math.log1p(rest)


def softmax_cross_entropy_grad(scores: Sequence[float], label: int) -> list[float]:
    """Gradient of softmax CE with respect to the scores (G5): softmax(s) - onehot(label)."""
    _check_label(scores, label)
    return [p - (j == label) for j, p in enumerate(softmax(scores))]


def multiclass_hinge(scores: Sequence[Number], label: int, margin: Number = 1) -> Number:
    """Multiclass SVM loss (F3): sum over k != y of max(0, s_k - s_y + margin); exact for exact inputs."""
    _check_label(scores, label)
    s = vector(scores)
    return sum((max(0, s_k - s[label] + margin) for k, s_k in enumerate(s) if k != label), start=0)


def binary_hinge(label: int, score: Number) -> Number:
    """Binary hinge loss (F4): max(0, 1 - y * score) with y in {-1, +1}."""
    if label not in (-1, 1):
        raise ValueError(f"binary hinge labels are -1 or +1, got {label}")
    return max(0, 1 - label * score)


def binary_cross_entropy(targets: Sequence[Number], probs: Sequence[Number], reduction: str = "mean") -> float:
    """-[y ln p + (1 - y) ln(1 - p)] per sample (F5), averaged (or summed)."""
    pairs = _pairs(probs, targets)
    scale = _scale(len(pairs), reduction)
    terms = [-(y * math.log(_probability(p)) + (1 - y) * math.log(1 - p)) for p, y in pairs]
    return float(math.fsum(terms) * scale)


def binary_cross_entropy_grad(targets: Sequence[Number], probs: Sequence[Number], reduction: str = "mean") -> Vector:
    """d BCE / d p (G8): -y/p + (1 - y)/(1 - p) per sample, times 1/N for the mean; exact for exact p."""
    pairs = _pairs(probs, targets)
    scale = _scale(len(pairs), reduction)
    return [scale * (div(-y, _probability(p)) + div(1 - y, 1 - p)) for p, y in pairs]


def l1_loss(pred: Sequence[Number], target: Sequence[Number], reduction: str = "sum") -> Number:
    """L1 loss (F6): sum (or mean) of |pred - target|."""
    pairs = _pairs(pred, target)
    return _scale(len(pairs), reduction) * sum((abs(p - t) for p, t in pairs), start=0)


def l1_loss_grad(pred: Sequence[Number], target: Sequence[Number], reduction: str = "sum") -> Vector:
    """d L1 / d pred (G8): sign(pred - target), 0 where they agree; times 1/N for the mean."""
    pairs = _pairs(pred, target)
    scale = _scale(len(pairs), reduction)
    return [scale * ((p > t) - (p < t)) for p, t in pairs]


def l2_loss(pred: Sequence[Number], target: Sequence[Number], reduction: str = "sum", half: bool = False) -> Number:
    """Squared error (F6): sum (or mean, i.e. MSE) of (pred - target)^2, times 1/2 if `half`."""
    pairs = _pairs(pred, target)
    total = _scale(len(pairs), reduction) * sum(((p - t) ** 2 for p, t in pairs), start=0)
    return div(total, 2) if half else total


def l2_loss_grad(
    pred: Sequence[Number], target: Sequence[Number], reduction: str = "sum", half: bool = False
) -> Vector:
    """d L2 / d pred (G8): 2(pred - target), halved if `half`, times 1/N for the mean."""
    pairs = _pairs(pred, target)
    factor = _scale(len(pairs), reduction) * (1 if half else 2)
    return [factor * (p - t) for p, t in pairs]


def l1_penalty(weights: Sequence[Number]) -> Number:
    """L1 regulariser (F7): sum of |w|."""
    return sum((abs(w) for w in vector(weights)), start=0)


def l2_penalty(weights: Sequence[Number]) -> Number:
    """L2 regulariser (F7): sum of w^2 (no 1/2; multiply by lambda/2 yourself if the course does)."""
    return sum((w * w for w in vector(weights)), start=0)


def entropy(p: Sequence[Number], base: float = math.e) -> float:
    """Entropy H(p) = -sum p log p (F8), with 0 log 0 = 0."""
    return cross_entropy(p, p, base)


def cross_entropy(p: Sequence[Number], q: Sequence[Number], base: float = math.e) -> float:
    """Cross-entropy H(p, q) = -sum p log q between PMFs (F8); infinite if q = 0 where p > 0."""
    total = 0.0
    for p_i, q_i in _pairs(p, q):
        if p_i == 0:
            continue
        if q_i <= 0:
            return math.inf
        total -= p_i * math.log(q_i, base)
    return total


def kl_divergence(p: Sequence[Number], q: Sequence[Number], base: float = math.e) -> float:
    """KL(p || q) = H(p, q) - H(p) (K4)."""
    return cross_entropy(p, q, base) - entropy(p, base)


def focal_loss(p_true: Number, gamma: Number) -> float:
    """Focal loss (F9): -(1 - p_t)^gamma ln p_t; gamma = 0 gives cross-entropy."""
    if not 0 < p_true <= 1:
        raise ValueError(f"p_t must lie in (0, 1], got {p_true}")
    return -float((1 - p_true) ** gamma) * math.log(p_true)


def detection_loss(
    class_target: Sequence[Number], class_probs: Sequence[Number],
    box_target: Sequence[Number], box_pred: Sequence[Number],
) -> float:
    """Single-object detection loss (F9): -sum c ln c_hat + [c_0 != 1] * sum (b - b_hat)^2; c_0 = background."""
    class_term = cross_entropy(class_target, class_probs)
    box_term = l2_loss(box_pred, box_target) if class_target[0] != 1 else 0
    return class_term + float(box_term)


def gan_discriminator_loss(d_real: Number, d_fake: Number) -> float:
    """Discriminator loss (F9): -ln D(x) - ln(1 - D(G(z)))."""
    return -math.log(_probability(d_real)) - math.log(1 - _probability(d_fake))


def gan_generator_loss(d_fake: Number, form: str = "non_saturating") -> float:
    """Generator loss (F9): minimax ln(1 - D(G(z))) or non-saturating -ln D(G(z))."""
    _probability(d_fake)
    if form == "minimax":
        return math.log(1 - d_fake)
    if form == "non_saturating":
        return -math.log(d_fake)
    raise ValueError(f"form must be one of {GENERATOR_LOSSES}, got {form!r}")

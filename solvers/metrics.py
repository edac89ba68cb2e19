"""Metrics and simple classifiers (catalog J1-J5), exact for integer inputs.

Boxes are axis-aligned (x1, y1, x2, y2) with x1 < x2, y1 < y2. Ties that make an answer
ambiguous (k-NN neighbour sets or votes) raise ValueError, so templates can redraw.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from solvers.exact import Number, div, sqrt, vector

Box = tuple[Number, Number, Number, Number]
DISTANCES = ("l1", "l2")


@dataclass(frozen=True)
class ConfusionMetrics:
    """Rates derived from a binary confusion matrix."""

    precision: Fraction
    recall: Fraction
    specificity: Fraction
    false_positive_rate: Fraction
    accuracy: Fraction
    f1: Fraction
    balanced_accuracy: Fraction


def _rate(numerator: int, denominator: int, name: str) -> Fraction:
    if denominator == 0:
        raise ValueError(f"{name} is undefined: its denominator is 0")
    return Fraction(numerator, denominator)


def confusion_metrics(tp: int, fp: int, fn: int, tn: int) -> ConfusionMetrics:
    """Precision, recall (sensitivity), specificity, FPR, accuracy, F1 and balanced accuracy (J1)."""
    if min(tp, fp, fn, tn) < 0:
        raise ValueError("confusion counts must be >= 0")
    precision = _rate(tp, tp + fp, "precision")
    recall = _rate(tp, tp + fn, "recall")
    specificity = _rate(tn, tn + fp, "specificity")
    return ConfusionMetrics(
        precision=precision,
        recall=recall,
        specificity=specificity,
        false_positive_rate=1 - specificity,
        accuracy=_rate(tp + tn, tp + fp + fn + tn, "accuracy"),
        f1=_rate(2 * tp, 2 * tp + fp + fn, "F1"),
        balanced_accuracy=(recall + specificity) / 2,
    )


def confusion_counts(labels: Sequence[int], predictions: Sequence[int], positive: int = 1) -> tuple[int, int, int, int]:
    """(TP, FP, FN, TN) of predictions against labels for the class `positive` (J1)."""
    if len(labels) != len(predictions):
        raise ValueError("labels and predictions differ in length")
    pairs = Counter((y == positive, p == positive) for y, p in zip(labels, predictions))
    return pairs[True, True], pairs[False, True], pairs[True, False], pairs[False, False]


def box_area(box: Box) -> Number:
    """Area of an axis-aligned box."""
    x1, y1, x2, y2 = box
    if x2 <= x1 or y2 <= y1:
        raise ValueError(f"a box needs x1 < x2 and y1 < y2, got {box}")
    return (x2 - x1) * (y2 - y1)


def iou(a: Box, b: Box) -> Number:
    """Intersection over union of two boxes (J2)."""
    inter_w = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    inter_h = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = inter_w * inter_h
    return div(inter, box_area(a) + box_area(b) - inter)


def mean_iou(labels: Sequence[int], predictions: Sequence[int]) -> Number:
    """Mean over classes present in labels or predictions of per-class IoU of pixel label maps (J2)."""
    if len(labels) != len(predictions):
        raise ValueError("label map and prediction map differ in size")
    ious = []
    for c in sorted(set(labels) | set(predictions)):
        inter = sum(y == c and p == c for y, p in zip(labels, predictions))
        union = sum(y == c or p == c for y, p in zip(labels, predictions))
        ious.append(Fraction(inter, union))
    return sum(ious, start=Fraction(0)) / len(ious)


def nms(boxes: Sequence[Box], scores: Sequence[Number], threshold: Number) -> list[int]:
    """Greedy non-maximum suppression (J2): keep the best remaining box, drop boxes with IoU > threshold
    with it; returns kept indices in order of decreasing score (ties: lower index first)."""
    order = sorted(range(len(boxes)), key=lambda i: (-scores[i], i))
    kept: list[int] = []
    for i in order:
        if all(iou(boxes[i], boxes[j]) <= threshold for j in kept):
            kept.append(i)
    return kept


def top_k_error(scores: Sequence[Sequence[Number]], labels: Sequence[int], k: int) -> Fraction:
    """Fraction of samples whose label is not among the k highest scores (J3); ties at the k-th
    place raise ValueError."""
    misses = 0
    for row, label in zip(scores, labels, strict=True):
        if not 1 <= k <= len(row):
            raise ValueError(f"k must lie in 1..{len(row)}, got {k}")
        ranked = sorted(row, reverse=True)
        if k < len(row) and ranked[k - 1] == ranked[k]:
            raise ValueError(f"scores {list(row)} tie at place {k}")
        misses += row[label] < ranked[k - 1]
    return Fraction(misses, len(labels))


def auroc(scores: Sequence[Number], labels: Sequence[int]) -> Fraction:
    """Area under the ROC curve (J4): P(score_pos > score_neg) + 1/2 P(equal), via ranks (Mann-Whitney)."""
    if len(scores) != len(labels):
        raise ValueError("scores and labels differ in length")
    values = vector(scores)
    ranked = sorted(range(len(values)), key=lambda i: values[i])
    ranks: dict[int, Fraction] = {}
    start = 0
    while start < len(ranked):  # average ranks (1-based) over blocks of equal scores
        end = start
        while end + 1 < len(ranked) and values[ranked[end + 1]] == values[ranked[start]]:
            end += 1
        for i in ranked[start : end + 1]:
            ranks[i] = Fraction(start + end + 2, 2)
        start = end + 1
    n_pos = sum(1 for y in labels if y == 1)
    n_neg = len(labels) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("AUROC needs at least one positive and one negative sample")
    rank_sum = sum((ranks[i] for i, y in enumerate(labels) if y == 1), start=Fraction(0))
    return (rank_sum - Fraction(n_pos * (n_pos + 1), 2)) / (n_pos * n_neg)


def roc_points(scores: Sequence[Number], labels: Sequence[int]) -> list[tuple[Fraction, Fraction]]:
    """(FPR, TPR) for every threshold 'predict positive iff score >= t', from (0, 0) to (1, 1) (J4)."""
    return [(Fraction(fp, n), Fraction(tp, p)) for tp, fp, p, n in _sweep(scores, labels)]


def precision_recall_points(scores: Sequence[Number], labels: Sequence[int]) -> list[tuple[Fraction, Fraction]]:
    """(recall, precision) at every distinct threshold, highest threshold first (J4)."""
    return [(Fraction(tp, p), Fraction(tp, tp + fp)) for tp, fp, p, _ in _sweep(scores, labels) if tp + fp]


def average_precision(scores: Sequence[Number], labels: Sequence[int]) -> Fraction:
    """AP = sum over thresholds of (R_k - R_{k-1}) P_k (J4; the step-wise, scikit-learn definition)."""
    total, previous_recall = Fraction(0), Fraction(0)
    for recall, precision in precision_recall_points(scores, labels):
        total += (recall - previous_recall) * precision
        previous_recall = recall
    return total


def _sweep(scores: Sequence[Number], labels: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """(TP, FP, #pos, #neg) for thresholds at every distinct score, descending, starting with none predicted."""
    p = sum(1 for y in labels if y == 1)
    n = len(labels) - p
    if p == 0 or n == 0:
        raise ValueError("need at least one positive and one negative sample")
    points = [(0, 0, p, n)]
    for threshold in sorted(set(vector(scores)), reverse=True):
        tp = sum(1 for s, y in zip(scores, labels) if s >= threshold and y == 1)
        fp = sum(1 for s, y in zip(scores, labels) if s >= threshold and y != 1)
        points.append((tp, fp, p, n))
    return points


def distance(a: Sequence[Number], b: Sequence[Number], metric: str = "l2") -> Number:
    """L1 (Manhattan) or L2 (Euclidean) distance; L2 is exact when it is rational (J5)."""
    diffs = [x - y for x, y in zip(vector(a), vector(b), strict=True)]
    if metric == "l1":
        return sum((abs(d) for d in diffs), start=0)
    if metric == "l2":
        return sqrt(sum((d * d for d in diffs), start=0))
    raise ValueError(f"metric must be one of {DISTANCES}, got {metric!r}")


@dataclass(frozen=True)
class KNNResult:
    """Predicted label, the k nearest training indices (nearest first) and the vote per class."""

    label: int
    neighbours: list[int]
    votes: dict[int, int]

    def class_scores(self) -> dict[int, Fraction]:
        """Votes normalised to sum to 1."""
        total = sum(self.votes.values())
        return {c: Fraction(v, total) for c, v in self.votes.items()}


def knn_classify(
    points: Sequence[Sequence[Number]], labels: Sequence[int], query: Sequence[Number], k: int, metric: str = "l2"
) -> KNNResult:
    """k-nearest-neighbour majority vote (J5); raises ValueError if the k-th and (k+1)-th neighbours
    are equally far or the vote ties."""
    if not 1 <= k <= len(points) or len(points) != len(labels):
        raise ValueError(f"need 1 <= k <= {len(points)} and one label per point")
    dists = [distance(p, query, metric) for p in points]
    order = sorted(range(len(points)), key=lambda i: dists[i])
    if k < len(points) and dists[order[k - 1]] == dists[order[k]]:
        raise ValueError(f"the neighbour set is ambiguous: distance tie at place {k}")
    neighbours = order[:k]
    votes = Counter(labels[i] for i in neighbours)
    ranking = votes.most_common()
    if len(ranking) > 1 and ranking[0][1] == ranking[1][1]:
        raise ValueError(f"the vote ties: {dict(votes)}")
    all_classes = {c: votes.get(c, 0) for c in sorted(set(labels))}
    return KNNResult(ranking[0][0], neighbours, all_classes)

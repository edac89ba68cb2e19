"""Metric, data and classifier templates (catalog J): previews checked against independent methods.

The templates call solvers.metrics and solvers.data; the checks here count label lists, rasterise boxes into
unit cells, compare every positive/negative pair, sort with numpy and divide with integer arithmetic.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import numpy as np
import pytest

from conftest import answers_for, check_previews

F = Fraction


def fr(value: int | str) -> Fraction:
    """An exact JSON number (int or "p/q") as a Fraction."""
    return Fraction(value)


def check_confusion_metrics(p: dict, a: dict) -> None:
    fn, tn = p["positives"] - p["tp"], p["negatives"] - p["fp"]
    labels = np.array([1] * p["positives"] + [0] * p["negatives"])
    predictions = np.array([1] * p["tp"] + [0] * fn + [1] * p["fp"] + [0] * tn)
    hits = labels == predictions
    precision = F(int(hits[predictions == 1].sum()), int((predictions == 1).sum()))
    recall = F(int(hits[labels == 1].sum()), int((labels == 1).sum()))
    specificity = F(int(hits[labels == 0].sum()), int((labels == 0).sum()))
    assert fr(a["precision"]) == precision and fr(a["recall"]) == recall
    assert fr(a["specificity"]) == specificity
    assert fr(a["accuracy"]) == F(int(hits.sum()), len(labels))
    assert fr(a["f1"]) == 2 * precision * recall / (precision + recall)  # harmonic mean
    assert fr(a["balanced"]) == (recall + specificity) / 2


def cells(box: list[int]) -> set[tuple[int, int]]:
    """The unit squares covered by a box with integer corners."""
    x1, y1, x2, y2 = box
    return {(x, y) for x in range(x1, x2) for y in range(y1, y2)}


def raster_iou(a: list[int], b: list[int]) -> Fraction:
    return F(len(cells(a) & cells(b)), len(cells(a) | cells(b)))


def check_iou_nms(p: dict, a: dict) -> None:
    boxes = [[x, y, x + w, y + h] for (x, y), (w, h) in zip(p["corners"], p["sizes"])]
    scores = [fr(s) for s in p["scores"]]
    threshold = fr(p["threshold"])
    first, second = np.argsort([-s for s in scores], kind="stable")[:2]
    assert fr(a["iou"]) == raster_iou(boxes[first], boxes[second]) > 0
    remaining = sorted(range(4), key=lambda i: scores[i], reverse=True)
    kept = []
    while remaining:  # take the best, drop everything overlapping it too much, repeat
        best = remaining.pop(0)
        kept.append(best)
        remaining = [i for i in remaining if raster_iou(boxes[i], boxes[best]) <= threshold]
    assert a["kept"] == sorted(i + 1 for i in kept)


def check_top_k_error(p: dict, a: dict) -> None:
    scores = np.array(p["scores"])
    order = np.argsort(-scores, axis=1)
    labels = np.array(p["labels"])
    for k, name in ((1, "top1"), (p["k"], "topk")):
        misses = sum(label not in row[:k] for row, label in zip(order, labels))
        assert fr(a[name]) == F(misses, len(labels))
    assert 0 < fr(a["topk"]) < fr(a["top1"])


def check_auroc(p: dict, a: dict) -> None:
    scores = [fr(s) for s in p["scores"]]
    positives = [s for s, y in zip(scores, p["labels"]) if y == 1]
    negatives = [s for s, y in zip(scores, p["labels"]) if y == 0]
    ordered = sum((sp > sn) + F(sp == sn, 2) for sp in positives for sn in negatives)
    assert fr(a["auc"]) == F(ordered) / (len(positives) * len(negatives))
    threshold = sorted(scores, reverse=True)[p["cut"] - 1]
    assert fr(a["tpr"]) == F(sum(s >= threshold for s in positives), len(positives))
    assert fr(a["fpr"]) == F(sum(s >= threshold for s in negatives), len(negatives))


def check_knn(p: dict, a: dict) -> None:
    diffs = np.array(p["points"]) - np.array(p["query"])
    dists = np.abs(diffs).sum(axis=1) if p["metric"] == "l1" else np.sqrt((diffs**2).sum(axis=1))
    order = np.argsort(dists)
    assert np.all(np.diff(dists[order][:4]) > 1e-9)  # no ties among the four nearest
    labels = np.array(p["labels"])
    votes = Counter(labels[order[:3]].tolist()).most_common()
    assert votes[0][1] > (votes[1][1] if len(votes) > 1 else 0)
    assert a["k1"] == labels[order[0]] and a["k3"] == votes[0][0] and a["k1"] != a["k3"]


def check_split_counts(p: dict, a: dict) -> None:
    n = p["samples"]
    assert [a["train"], a["val"], a["test"]] == [n * share // 100 for share in p["split"]]
    assert a["train"] + a["val"] + a["test"] == n
    pool = a["train"] + a["val"]
    assert a["fold"] * p["folds"] == pool and a["fold_train"] == pool - pool // p["folds"]


CHECKS = {
    "metrics.confusion_metrics": check_confusion_metrics,
    "metrics.iou_nms": check_iou_nms,
    "metrics.top_k_error": check_top_k_error,
    "metrics.auroc": check_auroc,
    "metrics.knn": check_knn,
    "data.split_counts": check_split_counts,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid)



def test_split_of_the_exam_data_set() -> None:
    # 002 P5a (catalog E7): 5 000 images split 60/20/20, not "80/20/20"
    answers = answers_for("data.split_counts", {"samples": 5000, "split": [60, 20, 20], "folds": 5})
    assert answers == {"train": 3000, "val": 1000, "test": 1000, "fold": 800, "fold_train": 3200}


def test_confusion_metrics_of_a_worked_example() -> None:
    # TP 16, FN 4, FP 4, TN 76: precision = recall = F1 = 4/5, specificity 19/20, accuracy 23/25
    answers = answers_for("metrics.confusion_metrics", {"positives": 20, "negatives": 80, "tp": 16, "fp": 4})
    assert answers == {"precision": "4/5", "recall": "4/5", "specificity": "19/20", "accuracy": "23/25",
                       "f1": "4/5", "balanced": "7/8"}


def test_nms_keeps_a_box_whose_suppressor_was_itself_suppressed() -> None:
    # boxes 1 and 2 overlap with IoU 12/20 = 3/5; box 3 overlaps box 2 (IoU 3/5) but not box 1; box 4 is apart
    params = {"corners": [[0, 0], [1, 0], [2, 0], [6, 6]], "sizes": [[4, 4], [4, 4], [4, 4], [2, 2]],
              "scores": ["9/10", "4/5", "7/10", "3/5"], "threshold": "1/2"}
    answers = answers_for("metrics.iou_nms", params)
    assert answers == {"iou": "3/5", "kept": [1, 3, 4]}

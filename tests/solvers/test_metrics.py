"""Metrics and simple classifiers (catalog J1-J5)."""

from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.metrics import (
    auroc,
    average_precision,
    confusion_counts,
    confusion_metrics,
    distance,
    iou,
    knn_classify,
    mean_iou,
    nms,
    precision_recall_points,
    roc_points,
    top_k_error,
)

F = Fraction


def test_j1_confusion_metrics_exact():
    # J1, 003 §10.6: TP 8, FP 2, FN 4, TN 86
    m = confusion_metrics(tp=8, fp=2, fn=4, tn=86)
    assert (m.precision, m.recall, m.specificity, m.false_positive_rate) == (F(4, 5), F(2, 3), F(43, 44), F(1, 44))
    assert (m.accuracy, m.f1) == (F(47, 50), F(8, 11))
    assert m.balanced_accuracy == (F(2, 3) + F(43, 44)) / 2


def test_j1_mock_ii2_imbalanced_data_accuracy_is_misleading():
    # J1, 001 Mock II.2 / 000 ("balanced accuracy"): always predicting negative on 95/5 data
    with pytest.raises(ValueError, match="precision is undefined"):
        confusion_metrics(tp=0, fp=0, fn=5, tn=95)
    m = confusion_metrics(tp=1, fp=0, fn=4, tn=95)
    assert m.accuracy == F(96, 100) and m.balanced_accuracy == F(3, 5)


def test_j2_iou_of_two_boxes():
    # J2, 003 §13.4.2: (0,0,2,2) and (1,1,3,3): overlap 1, union 7
    assert iou((0, 0, 2, 2), (1, 1, 3, 3)) == F(1, 7)
    assert iou((0, 0, 1, 1), (2, 2, 3, 3)) == 0
    assert iou((0, 0, 2, 2), (0, 0, 2, 2)) == 1


def test_j2_mean_iou_of_label_maps():
    # J2, 003 §14.5: classes 0 and 1 on 4 pixels
    assert mean_iou([0, 0, 1, 1], [0, 1, 1, 1]) == (F(1, 2) + F(2, 3)) / 2


def test_j2_nms_keeps_the_best_of_overlapping_boxes():
    # J2, 000 YOLO answer: greedy NMS with IoU threshold 0.5
    boxes = [(0, 0, 10, 10), (1, 1, 11, 11), (20, 20, 30, 30), (0, 0, 10, 9)]
    assert nms(boxes, [0.9, 0.8, 0.7, 0.95], F(1, 2)) == [3, 2]


def test_j3_lecture10_top_1_and_top_5_error():
    # J3, 001 lecture 10: a label counted as hit when it is among the k best scores
    scores = [[0.1, 0.5, 0.2, 0.15, 0.05], [0.3, 0.1, 0.4, 0.15, 0.05], [0.05, 0.2, 0.25, 0.4, 0.1]]
    labels = [1, 0, 4]
    assert top_k_error(scores, labels, 1) == F(2, 3)
    assert top_k_error(scores, labels, 2) == F(1, 3)
    assert top_k_error(scores, labels, 5) == 0


def test_j4_auroc_and_average_precision_of_a_ranked_list():
    # J4, 003 §10.7-10.10: ranking pos, neg, pos, neg -> AUROC 3/4, AP (1 + 2/3)/2
    scores, labels = [4, 3, 2, 1], [1, 0, 1, 0]
    assert auroc(scores, labels) == F(3, 4)
    assert roc_points(scores, labels) == [(0, 0), (0, F(1, 2)), (F(1, 2), F(1, 2)), (F(1, 2), 1), (1, 1)]
    assert average_precision(scores, labels) == F(5, 6)
    assert auroc([1, 1], [1, 0]) == F(1, 2)  # ties count half


def test_j5_000_class_scores_from_five_neighbour_votes_1_0_4():
    # J5, 000 'k nearest neighbor': k = 5 votes (1, 0, 4) -> class 2, normalised scores (1/5, 0, 4/5)
    points = [(0, 0), (1, 0), (0, 2), (3, 0), (0, 4), (5, 5), (6, 6)]
    labels = [0, 2, 2, 2, 2, 1, 1]
    result = knn_classify(points, labels, (0, 1), k=5, metric="l1")
    assert result.votes == {0: 1, 1: 0, 2: 4} and result.label == 2
    assert result.class_scores() == {0: F(1, 5), 1: 0, 2: F(4, 5)}


def test_j5_l1_and_l2_can_disagree_and_k_matters():
    # J5, 001 lecture 2: L1 vs L2 distance, k a hyper-parameter
    assert distance((0, 0), (3, 4), "l1") == 7 and distance((0, 0), (3, 4), "l2") == 5
    points, labels = [(0, 3), (2, 2), (-2, -3), (3, 3), (-3, -3)], [0, 1, 0, 0, 0]
    assert knn_classify(points, labels, (0, 0), 1, "l1").label == 0  # (0, 3) has L1 distance 3 < 4
    assert knn_classify(points, labels, (0, 0), 1, "l2").label == 1  # (2, 2) has L2 distance 2.83 < 3
    assert knn_classify(points, labels, (0, 0), 3, "l2").label == 0  # (2, 2), (0, 3), (-2, -3): two votes for 0


def test_j5_ambiguous_neighbours_or_votes_raise():
    with pytest.raises(ValueError, match="tie at place 1"):
        knn_classify([(1, 0), (0, 1)], [0, 1], (0, 0), 1)
    with pytest.raises(ValueError, match="vote ties"):
        knn_classify([(1, 0), (0, 2)], [0, 1], (0, 0), 2)


labels_st = st.lists(st.integers(0, 1), min_size=2, max_size=30)


@settings(deadline=None)
@given(labels_st, st.data())
def test_confusion_metrics_equal_brute_force_counting(labels, data):
    predictions = data.draw(st.lists(st.integers(0, 1), min_size=len(labels), max_size=len(labels)))
    y, p = np.array(labels), np.array(predictions)
    tp, fp = int(((y == 1) & (p == 1)).sum()), int(((y == 0) & (p == 1)).sum())
    fn, tn = int(((y == 1) & (p == 0)).sum()), int(((y == 0) & (p == 0)).sum())
    assert confusion_counts(labels, predictions) == (tp, fp, fn, tn)
    if tp + fp and tp + fn and tn + fp:
        m = confusion_metrics(tp, fp, fn, tn)
        assert m.accuracy == F(int((y == p).sum()), len(y))
        harmonic = 2 * m.precision * m.recall / (m.precision + m.recall) if tp else 0
        assert m.f1 == harmonic


scores_labels = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 1)), min_size=2, max_size=20).filter(
    lambda pairs: len({y for _, y in pairs}) == 2
)


@settings(deadline=None)
@given(scores_labels)
def test_auroc_equals_brute_force_pair_counting_and_trapezoid_area(pairs):
    scores, labels = [s for s, _ in pairs], [y for _, y in pairs]
    pos = [s for s, y in pairs if y == 1]
    neg = [s for s, y in pairs if y == 0]
    wins = sum(F(1) if a > b else F(1, 2) if a == b else 0 for a in pos for b in neg)
    assert auroc(scores, labels) == wins / (len(pos) * len(neg))
    points = roc_points(scores, labels)
    trapezoid = sum((x2 - x1) * (y1 + y2) / 2 for (x1, y1), (x2, y2) in zip(points, points[1:]))
    assert auroc(scores, labels) == trapezoid


@settings(deadline=None)
@given(scores_labels)
def test_average_precision_equals_definition_on_distinct_thresholds(pairs):
    scores, labels = [s for s, _ in pairs], [y for _, y in pairs]
    n_pos = sum(labels)
    expected, seen_recall = F(0), F(0)
    for t in sorted(set(scores), reverse=True):
        predicted = [y for s, y in zip(scores, labels) if s >= t]
        recall, precision = F(sum(predicted), n_pos), F(sum(predicted), len(predicted))
        expected += (recall - seen_recall) * precision
        seen_recall = recall
    assert average_precision(scores, labels) == expected
    assert precision_recall_points(scores, labels)[-1][0] == 1


box_st = st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(1, 6), st.integers(1, 6)).map(
    lambda b: (b[0], b[1], b[0] + b[2], b[1] + b[3])
)


@settings(deadline=None)
@given(box_st, box_st)
def test_iou_equals_pixel_counting(a, b):
    grid_a = {(x, y) for x in range(a[0], a[2]) for y in range(a[1], a[3])}
    grid_b = {(x, y) for x in range(b[0], b[2]) for y in range(b[1], b[3])}
    assert iou(a, b) == F(len(grid_a & grid_b), len(grid_a | grid_b))


@settings(deadline=None, max_examples=60)
@given(st.lists(box_st, min_size=1, max_size=8), st.fractions(0, 1, max_denominator=4), st.data())
def test_nms_keeps_separated_boxes_and_suppresses_only_overlaps(boxes, threshold, data):
    scores = data.draw(st.permutations(range(len(boxes))))
    kept = nms(boxes, scores, threshold)
    assert kept[0] == max(range(len(boxes)), key=lambda i: scores[i])
    assert all(iou(boxes[i], boxes[j]) <= threshold for i, j in combinations(kept, 2))
    for dropped in set(range(len(boxes))) - set(kept):
        assert any(scores[k] > scores[dropped] and iou(boxes[k], boxes[dropped]) > threshold for k in kept)


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 2**32 - 1), st.integers(1, 5))
def test_top_k_error_matches_numpy_argsort(seed, k):
    rng = np.random.default_rng(seed)
    scores = np.array([rng.permutation(5) for _ in range(6)])  # distinct scores per row: no ties
    labels = rng.integers(0, 5, size=6)
    top = np.argsort(-scores, axis=1)[:, :k]
    expected = F(int(sum(label not in row for label, row in zip(labels, top))), 6)
    assert top_k_error(scores.tolist(), labels.tolist(), k) == expected


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 2**32 - 1), st.sampled_from([1, 3, 5]), st.sampled_from(["l1", "l2"]))
def test_knn_matches_sorting_all_distances_with_numpy(seed, k, metric):
    rng = np.random.default_rng(seed)
    points = rng.integers(-9, 10, size=(8, 2))
    labels = rng.integers(0, 2, size=8)
    query = rng.integers(-9, 10, size=2)
    diffs = points - query
    dists = np.abs(diffs).sum(axis=1) if metric == "l1" else np.sqrt((diffs**2).sum(axis=1))
    order = np.argsort(dists, kind="stable")
    if k < 8 and np.isclose(dists[order[k - 1]], dists[order[k]]):
        with pytest.raises(ValueError):
            knn_classify(points, labels, query, k, metric)
        return
    votes = np.bincount(labels[order[:k]], minlength=2)
    assert knn_classify(points, labels, query, k, metric).label == int(np.argmax(votes))


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=1, max_size=20))
def test_mean_iou_matches_numpy(pairs):
    y, p = np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])
    classes = np.union1d(y, p)
    expected = np.mean([((y == c) & (p == c)).sum() / ((y == c) | (p == c)).sum() for c in classes])
    assert float(mean_iou(y.tolist(), p.tolist())) == pytest.approx(expected)

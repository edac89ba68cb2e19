"""Metrics, data splits and simple classifiers: confusion matrix, IoU/NMS, top-k, AUROC, k-NN (catalog J)."""

from __future__ import annotations

from fractions import Fraction
from dataclasses import astuple
from itertools import combinations

from examgen.answers import Exact, Integer, Vector
from examgen.params import Grid, IntRange, ListOf, OneOf, Params
from examgen.question import Part, question
from solvers import metrics
from solvers.data import split_counts

F = Fraction


def _hand_friendly(value: Fraction) -> bool:
    """A fraction a student can write down: denominator at most 100, or a decimal with at most four places."""
    return value.denominator <= 100 or 10**4 % value.denominator == 0


def _confusion_ok(p: Params) -> bool:
    """Counts inside the class sizes, and every metric a hand-friendly fraction."""
    if not (p.tp < p.positives and p.fp < p.negatives):
        return False
    m = metrics.confusion_metrics(p.tp, p.fp, p.positives - p.tp, p.negatives - p.fp)
    return all(_hand_friendly(F(v)) for v in astuple(m))


def _ratio(numerator: int, denominator: int) -> str:
    """LaTeX of numerator/denominator, followed by its reduced form when that differs."""
    value = F(numerator, denominator)
    reduced = str(value.numerator) if value.denominator == 1 else rf"\frac{{{value.numerator}}}{{{value.denominator}}}"
    shown = rf"\frac{{{numerator}}}{{{denominator}}}"
    return shown if (value.numerator, value.denominator) == (numerator, denominator) else f"{shown} = {reduced}"


@question(
    qid="metrics.confusion_metrics", version=1, topic="metrics", title="Metrics from a confusion matrix",
    params={
        "positives": OneOf([20, 25, 40, 50]), "negatives": OneOf([50, 80, 100, 200]),
        "tp": IntRange(5, 48), "fp": IntRange(1, 30),
    },
    where=_confusion_ok,
    parts=[
        Part("precision", Exact(), points=1, label="precision", space_cm=1.2),
        Part("recall", Exact(), points=1, label="recall (sensitivity)", space_cm=1.2),
        Part("specificity", Exact(), points=1, label="specificity", space_cm=1.2),
        Part("accuracy", Exact(), points=1, label="accuracy", space_cm=1.2),
        Part("f1", Exact(), points=1, label=r"$F_1$ score", space_cm=1.2),
        Part("balanced", Exact(), points=1, label="balanced accuracy", space_cm=1.2),
    ],
    prompt=r"""A classifier that screens \VAR{total} patients for a disease (positive = diseased) produces the
following confusion matrix on a test set:
\begin{center}
\begin{tabular}{l|cc}
 & predicted positive & predicted negative \\ \hline
actually positive & \VAR{tp} & \VAR{fn} \\
actually negative & \VAR{fp} & \VAR{tn} \\
\end{tabular}
\end{center}
Compute its precision, recall (sensitivity), specificity, accuracy, $F_1$ score and balanced accuracy
(the mean of recall and specificity). Give exact values (fractions or terminating decimals).""",
    solution=r"""With $TP = \VAR{tp}$, $FN = \VAR{fn}$, $FP = \VAR{fp}$, $TN = \VAR{tn}$:
\begin{align*}
\text{precision} &= \frac{TP}{TP + FP} = \VAR{steps.precision}, &
\text{recall} &= \frac{TP}{TP + FN} = \VAR{steps.recall}, \\
\text{specificity} &= \frac{TN}{TN + FP} = \VAR{steps.specificity}, &
\text{accuracy} &= \frac{TP + TN}{\VAR{total}} = \VAR{steps.accuracy}, \\
F_1 &= \frac{2\,TP}{2\,TP + FP + FN} = \VAR{steps.f1}, &
\text{balanced acc.} &= \tfrac{1}{2}\left(\VAR{recall|num} + \VAR{specificity|num}\right) = \VAR{balanced|num}.
\end{align*}
$F_1$ is the harmonic mean of precision and recall.
\BLOCK{if accuracy > balanced}With \VAR{tn + fp} of the \VAR{total} patients healthy, accuracy is flattered by the
many correctly rejected negatives; balanced accuracy weighs both classes equally.\BLOCK{endif}""",
)
def confusion_metrics(p: Params) -> dict:
    fn, tn = p.positives - p.tp, p.negatives - p.fp
    m = metrics.confusion_metrics(p.tp, p.fp, fn, tn)
    total = p.positives + p.negatives
    return {
        "precision": m.precision, "recall": m.recall, "specificity": m.specificity, "accuracy": m.accuracy,
        "f1": m.f1, "balanced": m.balanced_accuracy, "total": total, "fn": fn, "tn": tn,
        "steps": {
            "precision": _ratio(p.tp, p.tp + p.fp), "recall": _ratio(p.tp, p.positives),
            "specificity": _ratio(tn, p.negatives), "accuracy": _ratio(p.tp + tn, total),
            "f1": _ratio(2 * p.tp, 2 * p.tp + p.fp + fn),
        },
    }


# ---------------------------------------------------------------------------------------------- J2


def _boxes(p: Params) -> list[tuple[int, int, int, int]]:
    """Corner boxes (x1, y1, x2, y2) from the drawn minimum corners and sizes."""
    return [(x, y, x + w, y + h) for (x, y), (w, h) in zip(p.corners, p.sizes)]


def _by_score(p: Params) -> list[int]:
    """Box indices by decreasing score."""
    return sorted(range(len(p.scores)), key=lambda i: -p.scores[i])


def _nms_ok(p: Params) -> bool:
    """Distinct scores, overlapping top two, no IoU on the threshold, and NMS that keeps some but not all."""
    if len(set(p.scores)) != len(p.scores):
        return False
    boxes = _boxes(p)
    ious = [metrics.iou(boxes[i], boxes[j]) for i, j in combinations(range(len(boxes)), 2)]
    first, second = _by_score(p)[:2]
    kept = metrics.nms(boxes, p.scores, p.threshold)
    return (metrics.iou(boxes[first], boxes[second]) > 0 and p.threshold not in ious
            and 2 <= len(kept) < len(boxes))


@question(
    qid="metrics.iou_nms", version=1, topic="metrics", title="Intersection over union and non-maximum suppression",
    params={
        "corners": ListOf(ListOf(IntRange(0, 6), 2), 4), "sizes": ListOf(ListOf(IntRange(2, 5), 2), 4),
        "scores": ListOf(Grid(F(1, 2), F(19, 20), F(1, 20)), 4), "threshold": OneOf([F(3, 10), F(1, 2)]),
    },
    where=_nms_ok,
    parts=[
        Part("iou", Exact(), points=2, label="IoU of the two highest-scoring boxes", space_cm=2.0),
        Part("kept", Vector(), points=2, label="boxes kept by NMS (numbers, increasing)", space_cm=2.0),
    ],
    prompt=r"""A detector proposes four axis-aligned boxes for the same class, given by their corners
$(x_1, y_1, x_2, y_2)$ with $x_1 < x_2$, $y_1 < y_2$, and a confidence score each:
\begin{center}
\begin{tabular}{ccc}
box & corners & score \\ \hline
\BLOCK{for box in boxes}
\VAR{loop.index} & $(\VAR{box|join(', ')})$ & \VAR{scores[loop.index0]|num(2)} \\
\BLOCK{endfor}
\end{tabular}
\end{center}
\begin{enumerate}
\item Compute the intersection over union (IoU) of the two boxes with the highest scores, as an exact fraction.
\item Apply greedy non-maximum suppression with IoU threshold \VAR{threshold|num(1)}: go through the boxes by
decreasing score, keep a box unless its IoU with an already kept box is greater than the threshold.
Which boxes are kept? Give their numbers in increasing order.
\end{enumerate}""",
    solution=r"""(a) Boxes \VAR{first + 1} and \VAR{second + 1} have the highest scores. Their intersection is
$(\VAR{overlap|join(', ')})$ with area $\VAR{inter}$; the areas of the boxes are $\VAR{area_first}$ and
$\VAR{area_second}$, so the union is $\VAR{area_first} + \VAR{area_second} - \VAR{inter} = \VAR{union}$ and
$\mathrm{IoU} = \VAR{iou_ratio}$.
(b) Pairwise IoUs: \BLOCK{for pair in pairs}$(\VAR{pair.a + 1}, \VAR{pair.b + 1})$: $\VAR{pair.iou|num}$\BLOCK{if not loop.last}, \BLOCK{endif}\BLOCK{endfor}.
By decreasing score:
\BLOCK{for step in trace}
box \VAR{step.box + 1} \BLOCK{if step.by is none}is kept\BLOCK{else}is removed (IoU $\VAR{step.iou|num} > \VAR{threshold|num(1)}$ with kept box \VAR{step.by + 1})\BLOCK{endif}\BLOCK{if not loop.last}; \BLOCK{else}.\BLOCK{endif}

\BLOCK{endfor}
Kept: boxes \VAR{kept|join(', ')}.""",
)
def iou_nms(p: Params) -> dict:
    boxes = _boxes(p)
    kept = metrics.nms(boxes, p.scores, p.threshold)
    first, second = _by_score(p)[:2]
    a, b = boxes[first], boxes[second]
    overlap = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    inter, area_a, area_b = metrics.box_area(overlap), metrics.box_area(a), metrics.box_area(b)
    trace = []
    for i in _by_score(p):  # which earlier kept box removed each dropped box, for the worked solution
        by = None if i in kept else next(
            j for j in kept if p.scores[j] > p.scores[i] and metrics.iou(boxes[i], boxes[j]) > p.threshold)
        trace.append({"box": i, "by": by, "iou": None if by is None else metrics.iou(boxes[i], boxes[by])})
    return {
        "iou": metrics.iou(a, b), "kept": sorted(i + 1 for i in kept), "boxes": boxes, "first": first,
        "second": second, "overlap": overlap, "inter": inter, "area_first": area_a, "area_second": area_b,
        "union": area_a + area_b - inter, "iou_ratio": _ratio(inter, area_a + area_b - inter), "trace": trace,
        "pairs": [{"a": i, "b": j, "iou": metrics.iou(boxes[i], boxes[j])} for i, j in combinations(range(4), 2)],
    }


# ---------------------------------------------------------------------------------------------- J3, J4

CLASSES = ("cat", "dog", "ship", "frog")


def _ranks(p: Params) -> list[int]:
    """Place of the true class in each row's descending ranking (1 = top)."""
    return [sorted(row, reverse=True).index(row[label]) + 1 for row, label in zip(p.scores, p.labels)]


def _top_k_ok(p: Params) -> bool:
    """No tied scores in a row, and top-1 and top-k errors that differ and are not zero."""
    if any(len(set(row)) != len(row) for row in p.scores):
        return False
    top_k = metrics.top_k_error(p.scores, p.labels, p.k)
    return 0 < top_k < metrics.top_k_error(p.scores, p.labels, 1)


@question(
    qid="metrics.top_k_error", version=1, topic="metrics", title="Top-1 and top-k error from a score table",
    params={"scores": ListOf(ListOf(IntRange(0, 9), 4), 5), "labels": ListOf(IntRange(0, 3), 5), "k": OneOf([2, 3])},
    where=_top_k_ok,
    parts=[
        Part("top1", Exact(), points=1, label="top-1 error", space_cm=1.2),
        Part("topk", Exact(), points=1, label=r"top-$k$ error", space_cm=1.2),
    ],
    prompt=r"""An image classifier gives the following scores (higher = more likely) for five test images:
\begin{center}
\begin{tabular}{c|cccc|c}
image & \VAR{classes|join(' & ')} & true class \\ \hline
\BLOCK{for row in scores}
\VAR{loop.index} & \VAR{row|join(' & ')} & \VAR{classes[labels[loop.index0]]} \\
\BLOCK{endfor}
\end{tabular}
\end{center}
Compute the top-1 error and the top-\VAR{k} error on these images, i.e. the fraction of images whose true
class is not the highest-scoring class, respectively not among the \VAR{k} highest-scoring classes.""",
    solution=r"""The true class ranks at place \BLOCK{for r in ranks}\VAR{r} (image \VAR{loop.index})\BLOCK{if not loop.last}, \BLOCK{endif}\BLOCK{endfor} in its row.
Top-1 misses every image with place $> 1$: top-1 error $= \VAR{top1|num}$.
Top-\VAR{k} misses only the images with place $> \VAR{k}$: top-\VAR{k} error $= \VAR{topk|num}$.""",
)
def top_k_error(p: Params) -> dict:
    return {
        "top1": metrics.top_k_error(p.scores, p.labels, 1), "topk": metrics.top_k_error(p.scores, p.labels, p.k),
        "ranks": _ranks(p), "classes": CLASSES,
    }


def _auroc_ok(p: Params) -> bool:
    """Distinct scores, at least two samples of each class, and a ranking that is neither perfect nor reversed."""
    positives = sum(p.labels)
    return (len(set(p.scores)) == len(p.scores) and 2 <= positives <= len(p.labels) - 2
            and 0 < metrics.auroc(p.scores, p.labels) < 1)


@question(
    qid="metrics.auroc", version=1, topic="metrics", title="ROC point and AUROC from a ranked list",
    params={
        "scores": ListOf(Grid(F(1, 20), F(19, 20), F(1, 20)), 7), "labels": ListOf(OneOf([0, 1]), 7),
        "cut": IntRange(2, 5),
    },
    where=_auroc_ok,
    parts=[
        Part("tpr", Exact(), points=1, label="true-positive rate at the threshold", space_cm=1.2),
        Part("fpr", Exact(), points=1, label="false-positive rate at the threshold", space_cm=1.2),
        Part("auc", Exact(), points=2, label="AUROC", space_cm=2.0),
    ],
    prompt=r"""A binary classifier assigns the following scores to seven test samples, listed by decreasing score
(label 1 = positive):
\begin{center}
\begin{tabular}{c|\BLOCK{for _ in ranked}c\BLOCK{endfor}}
score & \VAR{ranked|map('num', 2)|join(' & ')} \\
label & \VAR{ranked_labels|join(' & ')} \\
\end{tabular}
\end{center}
\begin{enumerate}
\item A sample is predicted positive iff its score is at least \VAR{threshold|num(2)}. Compute the true-positive
rate and the false-positive rate at this threshold.
\item Compute the area under the ROC curve (AUROC) as an exact fraction.
\end{enumerate}""",
    solution=r"""(a) The \VAR{cut} samples with score $\geq \VAR{threshold|num(2)}$ contain \VAR{tp} of the \VAR{positives}
positives and \VAR{fp} of the \VAR{negatives} negatives: $\mathrm{TPR} = \VAR{tpr|num}$, $\mathrm{FPR} = \VAR{fpr|num}$.
(b) The AUROC is the probability that a random positive is scored above a random negative. Going through the
positives from the top, the number of negatives ranked below each is
\VAR{below|join(', ')}, so
$\mathrm{AUROC} = \frac{\VAR{below|join(' + ')}}{\VAR{positives} \cdot \VAR{negatives}} = \VAR{auc|num}$.""",
)
def auroc(p: Params) -> dict:
    order = sorted(range(len(p.scores)), key=lambda i: -p.scores[i])
    ranked_labels = [p.labels[i] for i in order]
    fpr, tpr = metrics.roc_points(p.scores, p.labels)[p.cut]  # after the `cut` highest distinct scores
    positives = sum(p.labels)
    return {
        "tpr": tpr, "fpr": fpr, "auc": metrics.auroc(p.scores, p.labels),
        "ranked": [p.scores[i] for i in order], "ranked_labels": ranked_labels, "threshold": p.scores[order[p.cut - 1]],
        "positives": positives, "negatives": len(p.labels) - positives,
        "tp": sum(ranked_labels[: p.cut]), "fp": p.cut - sum(ranked_labels[: p.cut]),
        "below": [ranked_labels[r + 1 :].count(0) for r, y in enumerate(ranked_labels) if y == 1],
    }


# ---------------------------------------------------------------------------------------------- J5, J6


def _squared_distance(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return sum((x - y) ** 2 for x, y in zip(a, b))


def _knn(p: Params, k: int) -> metrics.KNNResult:
    return metrics.knn_classify(p.points, p.labels, p.query, k, p.metric)


def _knn_ok(p: Params) -> bool:
    """Distinct points off the query, strictly increasing four nearest distances, unambiguous votes, k=1 != k=3."""
    if len(set(p.points)) != len(p.points) or p.query in p.points:
        return False
    nearest = sorted(metrics.distance(x, p.query, p.metric) for x in p.points)[:4]
    if len(set(nearest)) != 4:
        return False
    try:
        return _knn(p, 1).label != _knn(p, 3).label
    except ValueError:  # a tied vote
        return False


@question(
    qid="metrics.knn", version=1, topic="metrics", title="k-nearest-neighbour classification with k = 1 and k = 3",
    params={
        "points": ListOf(ListOf(IntRange(0, 8), 2), 7), "labels": ListOf(IntRange(1, 3), 7),
        "query": ListOf(IntRange(1, 7), 2), "metric": OneOf(["l1", "l2"]),
    },
    where=_knn_ok,
    parts=[
        Part("k1", Integer(), points=1, label="predicted class with $k = 1$", space_cm=1.2),
        Part("k3", Integer(), points=2, label="predicted class with $k = 3$", space_cm=1.2),
    ],
    prompt=r"""A $k$-nearest-neighbour classifier stores the following training points with their classes:
\begin{center}
\begin{tabular}{c|\BLOCK{for _ in points}c\BLOCK{endfor}}
point & \BLOCK{for _ in points}$p_{\VAR{loop.index}}$\BLOCK{if not loop.last} & \BLOCK{endif}\BLOCK{endfor} \\
coordinates & \BLOCK{for x in points}$(\VAR{x|join(', ')})$\BLOCK{if not loop.last} & \BLOCK{endif}\BLOCK{endfor} \\
class & \VAR{labels|join(' & ')} \\
\end{tabular}
\end{center}
Classify the query point $q = (\VAR{query|join(', ')})$ with the \VAR{metric_name} distance
$\VAR{metric_formula}$ and a majority vote among the $k$ nearest training points, once for $k = 1$ and once for
$k = 3$. Give the predicted class numbers.""",
    solution=r"""\VAR{metric_name} distances from $q$\BLOCK{if metric == 'l2'} (comparing squared distances gives the same order)\BLOCK{endif}:
\BLOCK{for d in distances}$d(p_{\VAR{loop.index}}, q) = \VAR{d}$\BLOCK{if not loop.last}, \BLOCK{endif}\BLOCK{endfor}.
The nearest point is $p_{\VAR{nearest[0] + 1}}$ of class \VAR{k1}, so $k = 1$ predicts class \VAR{k1}.
The three nearest are \BLOCK{for i in nearest}$p_{\VAR{i + 1}}$ (class \VAR{labels[i]})\BLOCK{if not loop.last}, \BLOCK{endif}\BLOCK{endfor};
their majority is class \VAR{k3}, so $k = 3$ predicts class \VAR{k3}: a single close point of another class
decides the vote for $k = 1$ but is outvoted for $k = 3$.""",
)
def knn(p: Params) -> dict:
    l2 = p.metric == "l2"
    distances = []
    for x in p.points:
        if l2:
            squared = _squared_distance(x, p.query)
            exact = metrics.distance(x, p.query, "l2")
            distances.append(rf"\sqrt{{{squared}}}" if not isinstance(exact, (int, Fraction)) else str(exact))
        else:
            distances.append(str(metrics.distance(x, p.query, "l1")))
    three = _knn(p, 3)
    return {
        "k1": _knn(p, 1).label, "k3": three.label, "nearest": three.neighbours, "distances": distances,
        "metric_name": "Euclidean (L2)" if l2 else "Manhattan (L1)",
        "metric_formula": r"\sqrt{(x_1 - q_1)^2 + (x_2 - q_2)^2}" if l2 else r"|x_1 - q_1| + |x_2 - q_2|",
    }


SPLITS = [(60, 20, 20), (70, 15, 15), (80, 10, 10), (70, 10, 20)]


def _split_ok(p: Params) -> bool:
    """Every split and every fold holds a whole number of samples."""
    try:
        train, val, _ = split_counts(p.samples, p.split)
        split_counts(train + val, [100 // p.folds] * p.folds)
    except ValueError:
        return False
    return True


@question(
    qid="data.split_counts", version=1, topic="data", title="Train/validation/test split and k-fold cross-validation",
    params={
        "samples": OneOf([1000, 1200, 2000, 2400, 3000, 4000, 5000, 6000, 10_000, 50_000, 60_000]),
        "split": OneOf(SPLITS), "folds": OneOf([4, 5, 10]),
    },
    where=_split_ok,
    parts=[
        Part("train", Integer(), points=1, label="training samples", space_cm=1.2),
        Part("val", Integer(), points=1, label="validation samples", space_cm=1.2),
        Part("test", Integer(), points=1, label="test samples", space_cm=1.2),
        Part("fold", Integer(), points=1, label="held-out samples per cross-validation run", space_cm=1.2),
        Part("fold_train", Integer(), points=1, label="training samples per cross-validation run", space_cm=1.2),
    ],
    prompt=r"""A labelled data set of \VAR{samples} samples is split at random into training, validation and test
sets in the proportion \VAR{split[0]}\,\% / \VAR{split[1]}\,\% / \VAR{split[2]}\,\%.
\begin{enumerate}
\item How many samples does each of the three sets contain?
\item Later the test set is put aside and \VAR{folds}-fold cross-validation is run on the training and
validation samples together: they are cut into \VAR{folds} equal folds, and each run trains on all folds but one
and evaluates on the held-out fold. How many samples are held out in each run, and on how many samples is
each run trained?
\end{enumerate}""",
    solution=r"""(a) $\VAR{split[0]}\,\% \cdot \VAR{samples} = \VAR{train}$,
$\VAR{split[1]}\,\% \cdot \VAR{samples} = \VAR{val}$ and $\VAR{split[2]}\,\% \cdot \VAR{samples} = \VAR{test}$
(they add up to \VAR{samples}).
(b) The pool has $\VAR{train} + \VAR{val} = \VAR{pool}$ samples, so each fold holds
$\VAR{pool} / \VAR{folds} = \VAR{fold}$ samples and each of the \VAR{folds} runs trains on
$\VAR{pool} - \VAR{fold} = \VAR{fold_train}$. The test set is never part of the cross-validation.""",
)
def split_counts_question(p: Params) -> dict:
    train, val, test = split_counts(p.samples, p.split)
    folds = split_counts(train + val, [100 // p.folds] * p.folds)  # k equal shares of the pool
    return {
        "train": train, "val": val, "test": test, "fold": folds[0], "fold_train": train + val - folds[0],
        "pool": train + val,
    }

"""Loss functions: `forward(scores, target)` returns the loss value, `backward()` returns
d loss / d scores. `reduction` is "mean" or "sum" (state it in the prompt, catalog C7)."""

from __future__ import annotations

from typing import Literal

import numpy as np

Reduction = Literal["mean", "sum"]


class Loss:
    """Common reduction handling; subclasses fill `_per_item` and `_per_item_grad`."""

    def __init__(self, reduction: Reduction = "mean") -> None:
        if reduction not in ("mean", "sum"):
            raise ValueError(f"{type(self).__name__}: reduction must be 'mean' or 'sum', got {reduction!r}")
        self.reduction = reduction
        self._cache: tuple[np.ndarray, np.ndarray, int] | None = None

    def _count(self, scores: np.ndarray) -> int:
        """How many terms the mean divides by: all elements by default."""
        return scores.size

    def forward(self, scores: np.ndarray, target: np.ndarray) -> float:
        scores = np.asarray(scores, dtype=np.float64)
        target = np.asarray(target)
        terms = self._per_item(scores, target)
        count = self._count(scores) if self.reduction == "mean" else 1
        self._cache = (scores, target, count)
        return float(terms.sum() / count)

    def backward(self) -> np.ndarray:
        if self._cache is None:
            raise ValueError(f"{type(self).__name__}: backward called before forward")
        scores, target, count = self._cache
        return self._per_item_grad(scores, target) / count

    def __call__(self, scores: np.ndarray, target: np.ndarray) -> float:
        return self.forward(scores, target)

    def _per_item(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _per_item_grad(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        raise NotImplementedError


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax, computed from scores - max for stability."""
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class _PerSampleLoss(Loss):
    """Classification losses on scores (N, C) and integer labels (N,): the mean is over samples."""

    def _count(self, scores: np.ndarray) -> int:
        return scores.shape[0]

    @staticmethod
    def _onehot(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
        if scores.ndim != 2 or labels.shape != (scores.shape[0],):
            raise ValueError(f"expected scores (N, C) and labels (N,), got {scores.shape} and {labels.shape}")
        return np.eye(scores.shape[1])[labels.astype(int)]


class SoftmaxCrossEntropy(_PerSampleLoss):
    """-ln softmax(s)_y per sample (natural log); gradient softmax(s) - onehot(y)."""

    def _per_item(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        shifted = scores - scores.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return -(log_probs * self._onehot(scores, target)).sum(axis=1)

    def _per_item_grad(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        return softmax(scores) - self._onehot(scores, target)


class MulticlassHinge(_PerSampleLoss):
    """sum_{k != y} max(0, s_k - s_y + margin) per sample; a margin of exactly 0 has gradient 0."""

    def __init__(self, margin: float = 1.0, reduction: Reduction = "mean") -> None:
        super().__init__(reduction)
        self.margin = margin

    def _margins(self, scores: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        onehot = self._onehot(scores, target)
        correct = (scores * onehot).sum(axis=1, keepdims=True)
        return np.where(onehot > 0, 0.0, scores - correct + self.margin), onehot

    def _per_item(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        margins, _ = self._margins(scores, target)
        return np.maximum(margins, 0.0).sum(axis=1)

    def _per_item_grad(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        margins, onehot = self._margins(scores, target)
        active = (margins > 0).astype(np.float64)
        return active - onehot * active.sum(axis=1, keepdims=True)


class MSELoss(Loss):
    """(y_hat - y)^2, mean over all elements or sum."""

    def _per_item(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        return (scores - target) ** 2

    def _per_item_grad(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        return 2.0 * (scores - target)


class L1Loss(Loss):
    """|y_hat - y|, mean over all elements or sum; gradient sign(y_hat - y), 0 at equality."""

    def _per_item(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        return np.abs(scores - target)

    def _per_item_grad(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        return np.sign(scores - target)


class BCELoss(Loss):
    """-[y ln p + (1 - y) ln(1 - p)] on probabilities p in (0, 1), mean over all elements or sum."""

    def _per_item(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        if np.any(scores <= 0) or np.any(scores >= 1):
            raise ValueError("BCELoss: predicted probabilities must lie strictly between 0 and 1")
        return -(target * np.log(scores) + (1 - target) * np.log(1 - scores))

    def _per_item_grad(self, scores: np.ndarray, target: np.ndarray) -> np.ndarray:
        return -target / scores + (1 - target) / (1 - scores)

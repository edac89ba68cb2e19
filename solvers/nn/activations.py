"""Element-wise activation layers. At the kink the left derivative is used: ReLU'(0) = 0."""

from __future__ import annotations

import numpy as np

from solvers.nn.module import Module


class ReLU(Module):
    """max(0, x)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._cache = x > 0
        return np.where(self._cache, x, 0.0)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return np.where(self._cache, dout, 0.0)


class LeakyReLU(Module):
    """x for x > 0, negative_slope * x otherwise (PyTorch default slope 0.01)."""

    def __init__(self, negative_slope: float = 0.01) -> None:
        super().__init__()
        self.negative_slope = negative_slope

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._cache = x > 0
        return np.where(self._cache, x, self.negative_slope * x)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return np.where(self._cache, dout, self.negative_slope * dout)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + e^{-x}), without overflow for large |x|."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Sigmoid(Module):
    """1 / (1 + e^{-x}); derivative y (1 - y)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._cache = sigmoid(x)
        return self._cache

    def backward(self, dout: np.ndarray) -> np.ndarray:
        y = self._cache
        return dout * y * (1.0 - y)


class Tanh(Module):
    """tanh(x); derivative 1 - y^2."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._cache = np.tanh(x)
        return self._cache

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * (1.0 - self._cache**2)

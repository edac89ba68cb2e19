"""Fully connected (affine) layer y = x W^T + b, weight shape (out_features, in_features)."""

from __future__ import annotations

import numpy as np

from solvers.nn.module import Module, uniform_init


class Linear(Module):
    """Affine layer on inputs of shape (..., in_features), PyTorch layout and init."""

    def __init__(
        self, in_features: int, out_features: int, bias: bool = True, rng: np.random.Generator | None = None
    ) -> None:
        super().__init__()
        self.add_param("weight", uniform_init(rng, (out_features, in_features), in_features))
        if bias:
            self.add_param("bias", uniform_init(rng, (out_features,), in_features))

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        self._cache = x
        out = x @ self.params["weight"].T
        return out + self.params["bias"] if "bias" in self.params else out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dW = dout^T x, db = sum of dout over all leading axes, dx = dout W (catalog G3, E14)."""
        x = self._cache
        w = self.params["weight"]
        self.grads["weight"] += dout.reshape(-1, w.shape[0]).T @ x.reshape(-1, w.shape[1])
        if "bias" in self.params:
            self.grads["bias"] += dout.reshape(-1, w.shape[0]).sum(axis=0)
        return dout @ w

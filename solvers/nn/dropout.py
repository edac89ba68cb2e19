"""Inverted dropout: p is the DROP probability; kept units are scaled by 1/(1 - p) at train time."""

from __future__ import annotations

import numpy as np

from solvers.nn.module import Module


class Dropout(Module):
    """Zero each unit with probability p during training, identity in eval mode (catalog C2)."""

    def __init__(self, p: float = 0.5, rng: np.random.Generator | None = None) -> None:
        super().__init__()
        if not 0.0 <= p < 1.0:
            raise ValueError(f"Dropout: drop probability p = {p} must be in [0, 1)")
        self.p = p
        self.rng = rng

    def forward(self, x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """`mask` (1 = keep) fixes which units survive; without it one is drawn from `rng`."""
        if not self.training:
            self._cache = np.ones_like(x)
            return x
        if mask is None:
            if self.rng is None:
                raise ValueError("Dropout: pass a keep mask or construct the layer with a numpy Generator")
            mask = self.rng.random(np.shape(x)) >= self.p
        self._cache = np.asarray(mask, dtype=np.float64) / (1.0 - self.p)
        return x * self._cache

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self._cache

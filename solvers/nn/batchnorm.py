"""Batch normalisation (PyTorch semantics).

Training normalises with the batch mean and the *biased* batch variance and updates the running
statistics as running <- (1 - momentum) running + momentum batch_stat, where PyTorch feeds the
*unbiased* variance into running_var (set `unbiased_running_var=False` for the lecture form).
The lecture's running_mean <- beta running_mean + (1 - beta) mu is momentum = 1 - beta.
Evaluation mode normalises with the running statistics.
"""

from __future__ import annotations

import numpy as np

from solvers.nn.module import Module


class _BatchNorm(Module):
    """Per-channel normalisation over every axis except axis 1 (the channels)."""

    expected_ndim: tuple[int, ...] = ()

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float = 0.1,
        affine: bool = True,
        unbiased_running_var: bool = True,
    ) -> None:
        super().__init__()
        self.eps, self.momentum, self.unbiased_running_var = eps, momentum, unbiased_running_var
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        if affine:
            self.add_param("weight", np.ones(num_features))
            self.add_param("bias", np.zeros(num_features))

    def _axes_and_shape(self, x: np.ndarray) -> tuple[tuple[int, ...], tuple[int, ...]]:
        if x.ndim not in self.expected_ndim or x.shape[1] != self.running_mean.shape[0]:
            raise ValueError(
                f"{type(self).__name__}({self.running_mean.shape[0]}): got input of shape {x.shape}, "
                f"expected {self.expected_ndim} dimensions with the channels on axis 1"
            )
        axes = (0, *range(2, x.ndim))
        return axes, tuple(-1 if i == 1 else 1 for i in range(x.ndim))

    def _affine(self, name: str, default: float, shape: tuple[int, ...]) -> np.ndarray | float:
        return self.params[name].reshape(shape) if name in self.params else default

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        axes, shape = self._axes_and_shape(x)
        if self.training:
            mean, var = x.mean(axis=axes), x.var(axis=axes)
            count = x.size // x.shape[1]
            if count < 2 and self.unbiased_running_var:
                raise ValueError(f"{type(self).__name__}: need more than 1 value per channel in training mode")
            running_var = var * count / (count - 1) if self.unbiased_running_var else var
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * running_var
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var.reshape(shape) + self.eps)
        x_hat = (x - mean.reshape(shape)) * inv_std
        self._cache = (x_hat, inv_std, axes, shape, self.training)
        return self._affine("weight", 1.0, shape) * x_hat + self._affine("bias", 0.0, shape)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        x_hat, inv_std, axes, shape, training = self._cache
        if "weight" in self.params:
            self.grads["weight"] += (dout * x_hat).sum(axis=axes)
            self.grads["bias"] += dout.sum(axis=axes)
        dx_hat = dout * self._affine("weight", 1.0, shape)
        if not training:
            return dx_hat * inv_std
        count = dout.size // dout.shape[1]
        sum_dx_hat = dx_hat.sum(axis=axes, keepdims=True)
        sum_dx_hat_x_hat = (dx_hat * x_hat).sum(axis=axes, keepdims=True)
        return inv_std / count * (count * dx_hat - sum_dx_hat - x_hat * sum_dx_hat_x_hat)


class BatchNorm1d(_BatchNorm):
    """Input (N, C) or (N, C, L)."""

    expected_ndim = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Input (N, C, H, W); statistics per channel over N, H and W."""

    expected_ndim = (4,)

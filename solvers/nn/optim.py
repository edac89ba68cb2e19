"""Optimizers updating a dict of parameter arrays in place from a dict of gradients.

Weight decay lambda is either coupled (L2: lambda * theta is added to the gradient, so Adam rescales
it) or decoupled (theta <- (1 - lr lambda) theta before the update, as in AdamW / PyTorch). For plain
SGD both give (1 - lr lambda) theta - lr grad. The lecture form (1 - lambda) theta - lr grad is the
decoupled form with lambda / lr (catalog C4, H8).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np


class Optimizer:
    """`step(grads)` updates every parameter named in `grads`; state is kept per parameter."""

    def __init__(
        self, params: Mapping[str, np.ndarray], lr: float, weight_decay: float = 0.0, decoupled: bool = False
    ) -> None:
        if lr <= 0 or weight_decay < 0:
            raise ValueError(f"{type(self).__name__}: need lr > 0 and weight_decay >= 0 (got {lr}, {weight_decay})")
        self.params = dict(params)
        self.lr, self.weight_decay, self.decoupled = lr, weight_decay, decoupled
        self.state: dict[str, dict[str, np.ndarray]] = {name: {} for name in self.params}
        self.steps = 0

    def step(self, grads: Mapping[str, np.ndarray]) -> None:
        """One update of all parameters with the given gradients."""
        unknown = set(grads) - set(self.params)
        if unknown:
            raise ValueError(f"{type(self).__name__}: gradients for unknown parameters {sorted(unknown)}")
        self.steps += 1
        for name, grad in grads.items():
            param = self.params[name]
            grad = np.asarray(grad, dtype=np.float64)
            if self.decoupled:
                param *= 1.0 - self.lr * self.weight_decay
            else:
                grad = grad + self.weight_decay * param
            param += self._delta(self.state[name], param, grad)

    def _delta(self, state: dict[str, np.ndarray], param: np.ndarray, grad: np.ndarray) -> np.ndarray:
        """The change of one parameter given its (weight-decayed) gradient."""
        raise NotImplementedError


def _buffer(state: dict[str, np.ndarray], key: str, like: np.ndarray) -> np.ndarray:
    if key not in state:
        state[key] = np.zeros_like(like)
    return state[key]


class SGD(Optimizer):
    """Gradient descent, optionally with momentum beta in one of two equivalent forms (catalog C3):

    - form="i2dl": v <- beta v - lr g, theta <- theta + v;
    - form="pytorch": v <- beta v + g, theta <- theta - lr v (with nesterov: theta <- theta - lr (g + beta v)).
    For the look-ahead Nesterov of the lectures use `Nesterov`.
    """

    def __init__(
        self,
        params: Mapping[str, np.ndarray],
        lr: float,
        momentum: float = 0.0,
        form: Literal["i2dl", "pytorch"] = "i2dl",
        nesterov: bool = False,
        weight_decay: float = 0.0,
        decoupled: bool = False,
    ) -> None:
        super().__init__(params, lr, weight_decay, decoupled)
        if form not in ("i2dl", "pytorch"):
            raise ValueError(f"SGD: form must be 'i2dl' or 'pytorch', got {form!r}")
        if nesterov and form != "pytorch":
            raise ValueError("SGD: nesterov=True is the PyTorch form; use Nesterov for the look-ahead form")
        self.momentum, self.form, self.nesterov = momentum, form, nesterov

    def _delta(self, state: dict[str, np.ndarray], param: np.ndarray, grad: np.ndarray) -> np.ndarray:
        if self.momentum == 0.0:
            return -self.lr * grad
        v = _buffer(state, "velocity", param)
        if self.form == "i2dl":
            v[...] = self.momentum * v - self.lr * grad
            return v
        v[...] = self.momentum * v + grad
        return -self.lr * (grad + self.momentum * v if self.nesterov else v)


class Nesterov(Optimizer):
    """Look-ahead Nesterov momentum (001 lecture 5, 003): evaluate the gradient at `lookahead()`,
    theta + beta v, then `step` does v <- beta v - lr g, theta <- theta + v."""

    def __init__(
        self,
        params: Mapping[str, np.ndarray],
        lr: float,
        momentum: float,
        weight_decay: float = 0.0,
        decoupled: bool = False,
    ) -> None:
        super().__init__(params, lr, weight_decay, decoupled)
        self.momentum = momentum

    def lookahead(self) -> dict[str, np.ndarray]:
        """Copies of theta + beta v, where the next gradient must be evaluated."""
        return {name: p + self.momentum * self.state[name].get("velocity", 0.0) for name, p in self.params.items()}

    def _delta(self, state: dict[str, np.ndarray], param: np.ndarray, grad: np.ndarray) -> np.ndarray:
        v = _buffer(state, "velocity", param)
        v[...] = self.momentum * v - self.lr * grad
        return v


class RMSProp(Optimizer):
    """s <- beta s + (1 - beta) g^2, theta <- theta - lr g / (sqrt(s) + eps) (PyTorch: beta = alpha = 0.99)."""

    def __init__(
        self,
        params: Mapping[str, np.ndarray],
        lr: float = 0.01,
        beta: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        decoupled: bool = False,
    ) -> None:
        super().__init__(params, lr, weight_decay, decoupled)
        self.beta, self.eps = beta, eps

    def _delta(self, state: dict[str, np.ndarray], param: np.ndarray, grad: np.ndarray) -> np.ndarray:
        s = _buffer(state, "square_avg", param)
        s[...] = self.beta * s + (1 - self.beta) * grad**2
        return -self.lr * grad / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    """Adam with bias correction: m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t),
    theta <- theta - lr m_hat / (sqrt(v_hat) + eps). The first step moves each coordinate by about lr."""

    def __init__(
        self,
        params: Mapping[str, np.ndarray],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        decoupled: bool = False,
    ) -> None:
        super().__init__(params, lr, weight_decay, decoupled)
        self.betas, self.eps = betas, eps

    def _delta(self, state: dict[str, np.ndarray], param: np.ndarray, grad: np.ndarray) -> np.ndarray:
        beta1, beta2 = self.betas
        m, v = _buffer(state, "exp_avg", param), _buffer(state, "exp_avg_sq", param)
        m[...] = beta1 * m + (1 - beta1) * grad
        v[...] = beta2 * v + (1 - beta2) * grad**2
        m_hat = m / (1 - beta1**self.steps)
        v_hat = v / (1 - beta2**self.steps)
        return -self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay (PyTorch default lambda = 0.01)."""

    def __init__(
        self,
        params: Mapping[str, np.ndarray],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, decoupled=True)

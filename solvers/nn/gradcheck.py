"""Numerical gradients by central differences, and a finite-difference check of a layer."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from solvers.nn.module import Module


def gradcheck(fn: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d fn / d x by (fn(x + eps e_i) - fn(x - eps e_i)) / (2 eps), 2 dim(x) evaluations.

    `x` (a float64 array) is perturbed in place and restored, so it may be a layer's parameter."""
    grad = np.zeros_like(x, dtype=np.float64)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        up = fn(x)
        x[index] = original - eps
        down = fn(x)
        x[index] = original
        grad[index] = (up - down) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / (||a|| + ||b||), 0 when both are zero."""
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def check_module(module: Module, x: np.ndarray, rng: np.random.Generator, eps: float = 1e-6) -> dict[str, float]:
    """Relative errors of `backward` against finite differences for the input and every parameter,
    using the scalar loss sum(forward(x) * r) with a fixed random r."""
    x = np.array(x, dtype=np.float64)
    r = rng.standard_normal(module.forward(x).shape)
    module.zero_grad()
    module.forward(x)
    dx = module.backward(r)
    analytic = {name: g.copy() for name, g in module.grads.items()}

    def loss(_: np.ndarray) -> float:
        return float(np.sum(module.forward(x) * r))

    errors = {"input": relative_error(dx, gradcheck(loss, x, eps))}
    for name, param in module.params.items():
        errors[name] = relative_error(analytic[name], gradcheck(loss, param, eps))
    return errors

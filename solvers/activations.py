"""Activation functions and their derivatives (catalog E9, G4).

ReLU and Leaky ReLU stay exact for int/Fraction inputs; the value of the derivative at the
kink is an explicit argument (`at_zero`), default 0 for ReLU as in the 2020 exam ("use
ReLU'(0) = 0"). Smooth activations return floats.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from solvers.exact import Number

NAMES = ("identity", "relu", "leaky_relu", "elu", "sigmoid", "tanh", "softplus", "swish", "sin")


def relu(x: Number) -> Number:
    """max(0, x)."""
    return x if x > 0 else 0


def relu_grad(x: Number, at_zero: Number = 0) -> Number:
    """ReLU'(x): 1 for x > 0, 0 for x < 0, `at_zero` at 0."""
    return 1 if x > 0 else 0 if x < 0 else at_zero


def leaky_relu(x: Number, alpha: Number = 0.01) -> Number:
    """x for x > 0, alpha*x otherwise (PReLU is the same with a learnt alpha)."""
    return x if x > 0 else alpha * x


def leaky_relu_grad(x: Number, alpha: Number = 0.01, at_zero: Number | None = None) -> Number:
    """Leaky ReLU'(x): 1 or alpha; at 0 `at_zero` (default alpha)."""
    return 1 if x > 0 else alpha if x < 0 or at_zero is None else at_zero


def elu(x: Number, alpha: Number = 1) -> Number:
    """x for x > 0, alpha*(e^x - 1) otherwise."""
    return x if x > 0 else alpha * math.expm1(x)


def elu_grad(x: Number, alpha: Number = 1) -> Number:
    """ELU'(x): 1 for x > 0, alpha*e^x otherwise."""
    return 1 if x > 0 else alpha * math.exp(x)


def sigmoid(x: Number) -> float:
    """1 / (1 + e^-x), without overflow for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def sigmoid_grad(x: Number) -> float:
    """sigma'(x) = sigma(x)(1 - sigma(x))."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x: Number) -> float:
    """Hyperbolic tangent."""
    return math.tanh(x)


def tanh_grad(x: Number) -> float:
    """tanh'(x) = 1 - tanh(x)^2."""
    return 1.0 - math.tanh(x) ** 2


def softplus(x: Number) -> float:
    """ln(1 + e^x), a smooth ReLU."""
    return max(x, 0) + math.log1p(math.exp(-abs(x)))


def swish(x: Number, beta: Number = 1) -> float:
    """x * sigma(beta x) (the materials' '2x sigma(beta x)' is a typo, catalog E15)."""
    return x * sigmoid(beta * x)


def swish_grad(x: Number, beta: Number = 1) -> float:
    """d/dx x sigma(beta x) = sigma(beta x) + beta x sigma'(beta x)."""
    return sigmoid(beta * x) + beta * x * sigmoid_grad(beta * x)


def maxout(values: Sequence[Number]) -> Number:
    """Maxout unit: the largest of its linear pieces."""
    return max(values)


def activate(name: str, x: Number, alpha: Number = 0.01) -> Number:
    """Apply the activation called `name`; `alpha` is the Leaky-ReLU slope or the ELU scale."""
    if name in _WITH_ALPHA:
        return _WITH_ALPHA[name][0](x, alpha)
    return _lookup(name)[0](x)


def derivative(name: str, x: Number, alpha: Number = 0.01, at_zero: Number | None = None) -> Number:
    """Derivative of activation `name` at x; `at_zero` is the value at the kink of (Leaky) ReLU
    (default 0 for ReLU, alpha for Leaky ReLU)."""
    if name == "relu":
        return relu_grad(x, 0 if at_zero is None else at_zero)
    if name == "leaky_relu":
        return leaky_relu_grad(x, alpha, at_zero)
    if name in _WITH_ALPHA:
        return _WITH_ALPHA[name][1](x, alpha)
    return _lookup(name)[1](x)


def _identity(x: Number) -> Number:
    return x


def _one(x: Number) -> Number:
    return 1


def _lookup(name: str) -> tuple[Callable[[Number], Number], Callable[[Number], Number]]:
    if name not in _PLAIN:
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(NAMES)}")
    return _PLAIN[name]


_PLAIN = {
    "identity": (_identity, _one),
    "relu": (relu, relu_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "softplus": (softplus, sigmoid),
    "swish": (swish, swish_grad),
    "sin": (math.sin, math.cos),
}
_WITH_ALPHA = {"leaky_relu": (leaky_relu, leaky_relu_grad), "elu": (elu, elu_grad)}

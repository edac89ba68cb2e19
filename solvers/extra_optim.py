"""Small optimisation facts the question bank needs beyond solvers.optim (catalog H3, H8, H11)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import NamedTuple

Number = int | Fraction | float


class QuadraticRates(NamedTuple):
    """Critical learning rates of gradient descent on f(x) = a x^2 with a > 0."""

    one_step: Number  # 1/(2a): the first step lands exactly on the minimum
    limit: Number  # 1/a: GD converges from every start iff 0 < lr < limit


def quadratic_gd_rates(a: Number) -> QuadraticRates:
    """x <- (1 - 2 a lr) x contracts iff |1 - 2 a lr| < 1; the factor vanishes at lr = 1/(2a) (H3)."""
    if a <= 0:
        raise ValueError(f"the quadratic a x^2 needs a > 0 to have a minimum, got a = {a}")
    return QuadraticRates(Fraction(1) / (2 * a), Fraction(1) / a)


def l2_regularised_gradient(theta: Sequence[Number], grad: Sequence[Number], decay: Number) -> list[Number]:
    """Gradient of L + (decay/2) |theta|^2 given the gradient of L: grad + decay * theta (H8)."""
    if len(theta) != len(grad):
        raise ValueError(f"parameter and gradient differ in length: {len(theta)} vs {len(grad)}")
    return [g + decay * t for t, g in zip(theta, grad)]


def last_batch_size(samples: int, batch_size: int) -> int:
    """Size of the final minibatch of an epoch when the last, partial batch is kept (H11)."""
    if samples < 1 or batch_size < 1:
        raise ValueError("samples and batch_size must be >= 1")
    return samples % batch_size or batch_size

"""Optimiser steps, schedules and bookkeeping (catalog H1-H11, H13).

Parameters and gradients are vectors (lists); a step returns the new parameters and the new
optimiser state. Forms on which the materials disagree are explicit (catalog C3, C4):
momentum `form` = "velocity" (I2DL: v = beta v - lr g, theta += v), "gradient_sum"
(v = beta v + g, theta -= lr v) or "scaled_sum" (003: m = beta m + lr g, theta -= m);
weight decay `form` = "coupled" ((1 - lr lambda) w - lr g) or "decoupled" ((1 - lambda) w - lr g).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from solvers.exact import Number, Vector, div, dot, matmul, matrix, solve, sqrt, transpose, vector

MOMENTUM_FORMS = ("velocity", "gradient_sum", "scaled_sum")
LOOKAHEADS = ("beta_v", "v")
DECAY_FORMS = ("coupled", "decoupled")
GradFn = Callable[[Vector], Sequence[Number]]


def _same_length(*vectors: Sequence[Number]) -> None:
    if len({len(v) for v in vectors}) != 1:
        raise ValueError(f"parameter, gradient and state vectors differ in length: {[len(v) for v in vectors]}")


def sgd_step(theta: Sequence[Number], grad: Sequence[Number], lr: Number) -> Vector:
    """Plain gradient step: theta - lr * g."""
    _same_length(theta, grad)
    return [t - lr * g for t, g in zip(vector(theta), vector(grad))]


def weight_decay_step(
    theta: Sequence[Number], grad: Sequence[Number], lr: Number, decay: Number, form: str = "coupled"
) -> Vector:
    """SGD with weight decay (H8): coupled L2 (1 - lr*lambda) w - lr g, or the lecture's decoupled
    (1 - lambda) w - lr g; `grad` is the gradient of the data loss only."""
    if form not in DECAY_FORMS:
        raise ValueError(f"form must be one of {DECAY_FORMS}, got {form!r}")
    shrink = 1 - (lr * decay if form == "coupled" else decay)
    return sgd_step([shrink * t for t in vector(theta)], grad, lr)


class MomentumStep(NamedTuple):
    theta: Vector
    velocity: Vector


def momentum_step(
    theta: Sequence[Number], grad: Sequence[Number], velocity: Sequence[Number], lr: Number, beta: Number,
    form: str = "velocity",
) -> MomentumStep:
    """SGD with momentum (H4) in one of the three forms of the materials (see module docstring)."""
    _same_length(theta, grad, velocity)
    t, g, v = vector(theta), vector(grad), vector(velocity)
    if form == "velocity":
        v = [beta * vi - lr * gi for vi, gi in zip(v, g)]
        return MomentumStep([ti + vi for ti, vi in zip(t, v)], v)
    if form == "gradient_sum":
        v = [beta * vi + gi for vi, gi in zip(v, g)]
        return MomentumStep([ti - lr * vi for ti, vi in zip(t, v)], v)
    if form == "scaled_sum":
        v = [beta * vi + lr * gi for vi, gi in zip(v, g)]
        return MomentumStep([ti - vi for ti, vi in zip(t, v)], v)
    raise ValueError(f"form must be one of {MOMENTUM_FORMS}, got {form!r}")


def nesterov_step(
    theta: Sequence[Number], velocity: Sequence[Number], grad_fn: GradFn, lr: Number, beta: Number,
    lookahead: str = "beta_v",
) -> MomentumStep:
    """Nesterov momentum (H5), velocity form: g = grad at theta + beta v (001, 003) or theta + v (000);
    v = beta v - lr g; theta += v."""
    if lookahead not in LOOKAHEADS:
        raise ValueError(f"lookahead must be one of {LOOKAHEADS}, got {lookahead!r}")
    t, v = vector(theta), vector(velocity)
    shift = beta if lookahead == "beta_v" else 1
    grad = vector(grad_fn([ti + shift * vi for ti, vi in zip(t, v)]))
    return momentum_step(t, grad, v, lr, beta, "velocity")


def momentum_max_step(lr: Number, grad_norm: Number, beta: Number) -> Number:
    """Terminal step length of momentum under a constant gradient (H4): lr |g| / (1 - beta)."""
    return div(lr * grad_norm, 1 - beta)


class RMSPropStep(NamedTuple):
    theta: Vector
    square_avg: Vector


def rmsprop_step(
    theta: Sequence[Number], grad: Sequence[Number], square_avg: Sequence[Number], lr: Number,
    beta: Number = 0.9, eps: Number = 1e-8,
) -> RMSPropStep:
    """RMSProp (H6): s = beta s + (1 - beta) g^2; theta -= lr g / (sqrt(s) + eps)."""
    _same_length(theta, grad, square_avg)
    g = vector(grad)
    s = [beta * si + (1 - beta) * gi * gi for si, gi in zip(vector(square_avg), g)]
    theta_new = [t - lr * div(gi, sqrt(si) + eps) for t, gi, si in zip(vector(theta), g, s)]
    return RMSPropStep(theta_new, s)


class AdamStep(NamedTuple):
    theta: Vector
    m: Vector
    v: Vector
    m_hat: Vector
    v_hat: Vector


def adam_step(
    theta: Sequence[Number], grad: Sequence[Number], m: Sequence[Number], v: Sequence[Number], t: int,
    lr: Number, beta1: Number = 0.9, beta2: Number = 0.999, eps: Number = 1e-8,
    weight_decay: Number = 0, decoupled: bool = False, bias_correction: bool = True,
) -> AdamStep:
    """Adam step number t >= 1 (H7): EMAs m, v; m_hat = m/(1 - beta1^t), v_hat = v/(1 - beta2^t);
    theta -= lr m_hat / (sqrt(v_hat) + eps). Weight decay: L2 added to g, or AdamW's - lr lambda theta."""
    _same_length(theta, grad, m, v)
    if t < 1:
        raise ValueError(f"Adam counts steps from 1, got t = {t}")
    params = vector(theta)
    g = vector(grad)
    if weight_decay and not decoupled:
        g = [gi + weight_decay * p for gi, p in zip(g, params)]
    m_new = [beta1 * mi + (1 - beta1) * gi for mi, gi in zip(vector(m), g)]
    v_new = [beta2 * vi + (1 - beta2) * gi * gi for vi, gi in zip(vector(v), g)]
    c1, c2 = (1 - beta1**t, 1 - beta2**t) if bias_correction else (1, 1)
    m_hat = [div(mi, c1) for mi in m_new]
    v_hat = [div(vi, c2) for vi in v_new]
    shrink = 1 - lr * weight_decay if decoupled else 1
    new = [shrink * p - lr * div(mh, sqrt(vh) + eps) for p, mh, vh in zip(params, m_hat, v_hat)]
    return AdamStep(new, m_new, v_new, m_hat, v_hat)


class LinRegStep(NamedTuple):
    w: Number
    b: Number
    dw: Number
    db: Number


def linreg_cost(xs: Sequence[Number], ys: Sequence[Number], w: Number, b: Number) -> Number:
    """J(w, b) = 1/(2m) sum (w x + b - y)^2 (H1)."""
    _same_length(xs, ys)
    return div(sum(((w * x + b - y) ** 2 for x, y in zip(vector(xs), vector(ys))), start=0), 2 * len(xs))


def linreg_gd_step(xs: Sequence[Number], ys: Sequence[Number], w: Number, b: Number, lr: Number) -> LinRegStep:
    """One GD step on J (H1): dJ/dw = mean((y_hat - y) x), dJ/db = mean(y_hat - y) (signs per catalog E35)."""
    _same_length(xs, ys)
    residuals = [(w * x + b - y, x) for x, y in zip(vector(xs), vector(ys))]
    dw = div(sum((r * x for r, x in residuals), start=0), len(xs))
    db = div(sum((r for r, _ in residuals), start=0), len(xs))
    return LinRegStep(w - lr * dw, b - lr * db, dw, db)


def least_squares(rows: Sequence[Sequence[Number]], ys: Sequence[Number], bias_column: bool = True) -> Vector:
    """Normal-equation solution theta = (X^T X)^-1 X^T y (H2); with `bias_column`, theta[0] is the bias.
    With only a bias this is mean(y). Raises ValueError when X^T X is singular (catalog S11)."""
    x = matrix([[1, *row] if bias_column else row for row in rows])
    y = vector(ys)
    _same_length(x, y)
    xt = transpose(x)
    return solve(matmul(xt, x), [dot(col, y) for col in xt])


def quadratic_gd_trajectory(a: Number, x0: Number, lr: Number, steps: int) -> Vector:
    """GD on f(x) = a x^2 (H3): x_{k+1} = (1 - 2 a lr) x_k; returns x_0..x_steps."""
    xs = [x0]
    for _ in range(steps):
        xs.append((1 - 2 * a * lr) * xs[-1])
    return xs


def quadratic_gd_converges(a: Number, lr: Number) -> bool:
    """Whether GD on a x^2 (a > 0) converges from any start (H3): |1 - 2 a lr| < 1, i.e. 0 < lr < 1/a."""
    return abs(1 - 2 * a * lr) < 1


def newton_step(x: Number, first: Number, second: Number) -> Number:
    """Newton's method for a 1-D minimum (H3): x - f'(x)/f''(x); undefined when f'' = 0 (catalog E21)."""
    if second == 0:
        raise ValueError("f''(x) = 0: the Newton step is undefined (e.g. a linear function)")
    return x - div(first, second)


def inverse_time_decay(lr0: Number, k: Number, epoch: int) -> Number:
    """lr0 / (1 + k * epoch) (H9)."""
    return div(lr0, 1 + k * epoch)


def step_decay(lr0: Number, factor: Number, every: int, step: int) -> Number:
    """Reduce lr by `factor` (lr -= factor * lr) every `every` steps (H9): lr0 (1 - factor)^floor(step/every)."""
    return lr0 * (1 - factor) ** (step // every)


def exponential_decay(lr0: Number, rate: Number, epoch: int) -> Number:
    """rate^epoch * lr0 (H9)."""
    return rate**epoch * lr0


def sqrt_decay(lr0: Number, rate: Number, epoch: int) -> Number:
    """rate / sqrt(epoch) * lr0 for epoch >= 1 (H9)."""
    if epoch < 1:
        raise ValueError(f"epoch must be >= 1, got {epoch}")
    return div(rate, sqrt(epoch)) * lr0


def polynomial_decay(lr0: Number, step: int, power: Number) -> Number:
    """lr0 / t^power for t >= 1 (H9)."""
    if step < 1:
        raise ValueError(f"step must be >= 1, got {step}")
    return div(lr0, step**power)


def linear_warmup(lr: Number, step: int, warmup: int) -> Number:
    """lr * min(1, step / warmup) (H9)."""
    return lr * min(1, div(step, warmup))


def transformer_lr(step: int, d_model: int, warmup: int) -> float:
    """Transformer schedule (E8, H9): d^-0.5 * min(step^-0.5, step * warmup^-1.5), step >= 1."""
    if step < 1:
        raise ValueError(f"step must be >= 1, got {step}")
    return d_model**-0.5 * min(step**-0.5, step * warmup**-1.5)


def clip_by_norm(grad: Sequence[Number], threshold: Number) -> Vector:
    """Clip by norm (H10): threshold * g / |g| if |g| > threshold, else g."""
    g = vector(grad)
    norm = sqrt(sum((x * x for x in g), start=0))
    return g if norm <= threshold else [div(threshold * x, norm) for x in g]


def clip_by_value(grad: Sequence[Number], limit: Number) -> Vector:
    """Clip each component to [-limit, limit] (H10)."""
    return [max(-limit, min(limit, x)) for x in vector(grad)]


def iterations_per_epoch(samples: int, batch_size: int, drop_last: bool = False) -> int:
    """Minibatch iterations per epoch (H11): ceil(n/m), or floor with drop_last."""
    if samples < 1 or batch_size < 1:
        raise ValueError("samples and batch_size must be >= 1")
    return samples // batch_size if drop_last else -(-samples // batch_size)


def robbins_monro_holds(power: Number) -> bool:
    """For lr_n = c / n^power (H13): sum lr_n = inf and sum lr_n^2 < inf hold iff 1/2 < power <= 1."""
    return 2 * power > 1 >= power

"""Closed-form gradients for backprop questions (catalog G2-G6, G8, G9) and FGSM (K3).

Affine layer in the tutor-note layout Y = X W + b (X: N x D, W: D x M): dX = dout W^T,
dW = X^T dout, db = sum of dout's rows (any 1/N lives in the loss, hence in dout; catalog E14).
The MLP uses PyTorch's layout z = W a + b (one row of W per output unit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from solvers.activations import derivative
from solvers.exact import Matrix, Number, Vector, div, matmul, matrix, transpose, vector
from solvers.forward import Layer, MLPForward, RNNTrace, mlp_forward, scalar_rnn_forward
from solvers.losses import l2_loss, l2_loss_grad, softmax, softmax_cross_entropy, softmax_cross_entropy_grad

MLP_LOSSES = ("l2", "softmax_ce")
DIFFERENCE_SCHEMES = ("forward", "central")


def affine_forward(x: Sequence[Sequence[Number]], w: Sequence[Sequence[Number]], b: Sequence[Number]) -> Matrix:
    """Y = X W + b with b added to every row (G3)."""
    bias = vector(b)
    return [[y + b_j for y, b_j in zip(row, bias, strict=True)] for row in matmul(matrix(x), matrix(w))]


@dataclass(frozen=True)
class AffineGrads:
    """Gradients of an affine layer: shapes N x D, D x M and M."""

    dx: Matrix
    dw: Matrix
    db: Vector


def affine_backward(
    x: Sequence[Sequence[Number]], w: Sequence[Sequence[Number]], dout: Sequence[Sequence[Number]]
) -> AffineGrads:
    """Backward of Y = X W + b (G3): dX = dout W^T, dW = X^T dout, db = sum over rows of dout."""
    xm, wm, d = matrix(x), matrix(w), matrix(dout)
    if len(d) != len(xm) or len(d[0]) != len(wm[0]):
        raise ValueError(f"dout must be {len(xm)} x {len(wm[0])}, got {len(d)} x {len(d[0])}")
    return AffineGrads(matmul(d, transpose(wm)), matmul(transpose(xm), d), [sum(col, start=0) for col in zip(*d)])


def relu_backward(x: Sequence[Number], upstream: Sequence[Number], at_zero: Number = 0) -> Vector:
    """Backward of ReLU (G8): the upstream gradient where x > 0 (x = 0 passes `at_zero` times it)."""
    return [g * derivative("relu", v, at_zero=at_zero) for v, g in zip(vector(x), vector(upstream), strict=True)]


def softmax_jacobian(scores: Sequence[float]) -> list[list[float]]:
    """d softmax_i / d z_j = y_i (delta_ij - y_j) (G5)."""
    y = softmax(scores)
    return [[y_i * ((i == j) - y_j) for j, y_j in enumerate(y)] for i, y_i in enumerate(y)]


@dataclass(frozen=True)
class MLPGradients:
    """Forward values, loss, and gradients dL/dz, dL/dW, dL/db per layer of an MLP."""

    forward: MLPForward
    loss: Number
    dz: list[Vector]
    dw: list[Matrix]
    db: list[Vector]


def mlp_gradients(
    x: Sequence[Number],
    target: Sequence[Number] | int,
    layers: Sequence[Layer],
    activation: str = "relu",
    alpha: Number = 0.01,
    loss: str = "l2",
    reduction: str = "sum",
    half: bool = False,
    at_zero: Number | None = None,
) -> MLPGradients:
    """Backprop through a dense net with a linear output layer (G2): loss 'l2' (sum/mean over outputs,
    optional 1/2) against a target vector, or 'softmax_ce' against a class index."""
    fwd = mlp_forward(x, layers, activation, alpha)
    out = fwd.output
    if loss == "l2":
        value, upstream = l2_loss(out, target, reduction, half), l2_loss_grad(out, target, reduction, half)
    elif loss == "softmax_ce":
        value, upstream = softmax_cross_entropy(out, target), softmax_cross_entropy_grad(out, target)
    else:
        raise ValueError(f"loss must be one of {MLP_LOSSES}, got {loss!r}")
    dz, dw, db = [upstream], [], []
    for index in range(len(layers) - 1, -1, -1):
        weights = matrix(layers[index][0])
        dw.insert(0, [[g * a for a in fwd.a[index]] for g in dz[0]])
        db.insert(0, dz[0])
        if index:
            da = [sum((g * row[k] for g, row in zip(dz[0], weights)), start=0) for k in range(len(weights[0]))]
            dz.insert(0, [g * derivative(activation, z, alpha, at_zero) for g, z in zip(da, fwd.z[index - 1])])
    return MLPGradients(fwd, value, dz, dw, db)


@dataclass(frozen=True)
class RNNGradients:
    """Derivatives of the last hidden state h_T of a scalar RNN; dh_dx[t] is dh_T/dx_{t+1}."""

    trace: RNNTrace
    dh_dv: Number
    dh_dw: Number
    dh_db: Number
    dh_dh0: Number
    dh_dx: Vector


def scalar_rnn_gradients(
    v: Number, w: Number, h0: Number, xs: Sequence[Number], bias: Number = 0,
    activation: str = "relu", alpha: Number = 0.01, at_zero: Number | None = None,
) -> RNNGradients:
    """BPTT for h_t = act(V h_{t-1} + W x_t + b) (G6): dh_t/dV = act'(z_t)(h_{t-1} + V dh_{t-1}/dV),
    dh_t/dW = act'(z_t)(x_t + V dh_{t-1}/dW), dh_T/dx_tau = W act'(z_tau) prod_{t>tau} V act'(z_t)
    (recomputed forward values; the 2020 exam's h_2 = 2/3 is a typo, catalog E2/E24)."""
    inputs = vector(xs)
    trace = scalar_rnn_forward(v, w, h0, inputs, bias, activation, alpha)
    slopes = [derivative(activation, z, alpha, at_zero) for z in trace.z]
    dv = dw = db = 0
    dh0: Number = 1
    for slope, h_prev, x in zip(slopes, [h0, *trace.h], inputs):
        dv, dw, db, dh0 = slope * (h_prev + v * dv), slope * (x + v * dw), slope * (1 + v * db), slope * v * dh0
    dx = []
    for tau in range(len(inputs)):
        chain = w * slopes[tau]
        for slope in slopes[tau + 1 :]:
            chain *= v * slope
        dx.append(chain)
    return RNNGradients(trace, dv, dw, db, dh0, dx)


def numerical_gradient(
    f: Callable[[Vector], Number], theta: Sequence[Number], eps: Number, scheme: str = "forward"
) -> Vector:
    """Finite-difference gradient (G9): forward (L(theta + eps e_p) - L(theta))/eps or central differences."""
    base = vector(theta)
    if scheme not in DIFFERENCE_SCHEMES:
        raise ValueError(f"scheme must be one of {DIFFERENCE_SCHEMES}, got {scheme!r}")
    f0 = f(base) if scheme == "forward" else None
    grad = []
    for p in range(len(base)):
        plus = base[:p] + [base[p] + eps] + base[p + 1 :]
        if scheme == "forward":
            grad.append(div(f(plus) - f0, eps))
        else:
            minus = base[:p] + [base[p] - eps] + base[p + 1 :]
            grad.append(div(f(plus) - f(minus), 2 * eps))
    return grad


def numerical_gradient_evaluations(n_params: int, scheme: str = "forward") -> int:
    """Loss evaluations a finite-difference gradient needs (G9): n + 1 (forward) or 2n (central)."""
    if scheme not in DIFFERENCE_SCHEMES:
        raise ValueError(f"scheme must be one of {DIFFERENCE_SCHEMES}, got {scheme!r}")
    return n_params + 1 if scheme == "forward" else 2 * n_params


def fgsm(x: Sequence[Number], grad: Sequence[Number], eps: Number, targeted: bool = False) -> Vector:
    """Fast gradient sign attack (K3): x + eps sign(dL/dx) (untargeted, L of the true label), or
    x - eps sign(dL/dx) for a targeted attack (L of the target label)."""
    direction = -1 if targeted else 1
    return [xi + direction * eps * ((g > 0) - (g < 0)) for xi, g in zip(vector(x), vector(grad), strict=True)]

"""Forward passes by hand (catalog E1-E8, K2, K5): linear models, small MLPs, scalar RNN/LSTM/GRU steps,
linear recurrences, batch norm, dropout arithmetic and attention. Exact for exact inputs where the maths allows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy as sp

from solvers.activations import activate, sigmoid, tanh
from solvers.exact import Number, Vector, div, dot, matrix, sqrt, vector
from solvers.losses import softmax

DROPOUT_P = ("drop", "keep")
LSTM_GATES = ("f", "i", "g", "o")
GRU_GATES = ("r", "z", "n")


def linear_neuron(weights: Sequence[Number], inputs: Sequence[Number], bias: Number = 0) -> Number:
    """Pre-activation of one neuron (E1): sum_i w_i x_i + b."""
    return dot(vector(weights), vector(inputs)) + bias


def linear_model_predict(rows: Sequence[Sequence[Number]], theta: Sequence[Number], bias_column: bool = True) -> Vector:
    """Predictions y_hat = X theta (E1); with `bias_column`, theta[0] is the bias (a column of ones)."""
    t = vector(theta)
    return [dot([1, *row] if bias_column else row, t) for row in matrix(rows)]


def logistic_output(weights: Sequence[Number], inputs: Sequence[Number], bias: Number = 0) -> float:
    """Logistic-regression probability (E3): sigma(w.x + b)."""
    return sigmoid(linear_neuron(weights, inputs, bias))


def logistic_class(weights: Sequence[Number], inputs: Sequence[Number], bias: Number = 0) -> int:
    """Predicted class (E3): 1 iff sigma(w.x + b) >= 0.5, i.e. w.x + b >= 0 (catalog E36)."""
    return int(linear_neuron(weights, inputs, bias) >= 0)


def logistic_decision_boundary(weight: Number, bias: Number) -> Number:
    """1-D decision boundary (E3): w x + b = 0, so x = -b/w."""
    if weight == 0:
        raise ValueError("a zero weight has no decision boundary")
    return div(-bias, weight)


@dataclass(frozen=True)
class MLPForward:
    """Node values of an MLP: z[l] pre-activations and a[l] activations of layer l; a[0] is the input."""

    z: list[Vector]
    a: list[Vector]

    @property
    def output(self) -> Vector:
        """The network output a[L]."""
        return self.a[-1]


Layer = tuple[Sequence[Sequence[Number]], Sequence[Number]]  # (W with one row per output unit, b)


def mlp_forward(
    x: Sequence[Number],
    layers: Sequence[Layer],
    activation: str = "relu",
    alpha: Number = 0.01,
    output_activation: str = "identity",
) -> MLPForward:
    """Forward pass of a dense net (E2): z = W a + b, a = act(z); the last layer uses `output_activation`."""
    a_list: list[Vector] = [vector(x)]
    z_list: list[Vector] = []
    for index, (weights, bias) in enumerate(layers):
        act = output_activation if index == len(layers) - 1 else activation
        z = [dot(row, a_list[-1]) + b for row, b in zip(matrix(weights), vector(bias), strict=True)]
        z_list.append(z)
        a_list.append([activate(act, v, alpha) for v in z])
    return MLPForward(z_list, a_list)


@dataclass(frozen=True)
class RNNTrace:
    """Pre-activations z_t and hidden states h_t of a scalar RNN, t = 1..T (h_0 not included)."""

    z: Vector
    h: Vector


def scalar_rnn_forward(
    v: Number, w: Number, h0: Number, xs: Sequence[Number], bias: Number = 0,
    activation: str = "relu", alpha: Number = 0.01,
) -> RNNTrace:
    """Scalar RNN (E4): h_t = act(V h_{t-1} + W x_t + b)."""
    z_list, h_list, h = [], [], h0
    for x in vector(xs):
        z = v * h + w * x + bias
        h = activate(activation, z, alpha)
        z_list.append(z)
        h_list.append(h)
    return RNNTrace(z_list, h_list)


def linear_recurrence(theta: Sequence[Sequence[Number]], a0: Sequence[Number], steps: int) -> list[Vector]:
    """States A_1..A_T of A_t = theta A_{t-1}, i.e. theta^t A_0 (K2: an RNN without inputs/activation)."""
    m, state, states = matrix(theta), vector(a0), []
    for _ in range(steps):
        state = [dot(row, state) for row in m]
        states.append(state)
    return states


def recurrence_regime(theta: Sequence[Sequence[Number]]) -> str:
    """'vanishing' if every eigenvalue of theta has |lambda| < 1, 'exploding' if one has |lambda| > 1,
    else 'neutral' (K2); decided exactly with sympy for rational matrices."""
    eigenvalues = sp.Matrix(matrix(theta)).applyfunc(sp.nsimplify).eigenvals()
    radius = max(sp.Abs(ev) for ev in eigenvalues)
    if radius < 1:
        return "vanishing"
    return "exploding" if radius > 1 else "neutral"


@dataclass(frozen=True)
class GateParams:
    """Scalar gate weights: input weight, recurrent weight, input bias, recurrent bias (PyTorch b_ih, b_hh).
    Under the single-bias convention put the whole bias in `b_x`."""

    w_x: Number
    w_h: Number
    b_x: Number = 0
    b_h: Number = 0

    def pre_activation(self, x: Number, h: Number) -> Number:
        """w_x x + b_x + w_h h + b_h."""
        return self.w_x * x + self.b_x + self.w_h * h + self.b_h


def _check_gates(params: Mapping[str, GateParams], names: tuple[str, ...]) -> None:
    if set(params) != set(names):
        raise ValueError(f"need parameters for gates {names}, got {sorted(params)}")


def lstm_step(x: Number, h_prev: Number, c_prev: Number, params: Mapping[str, GateParams]) -> dict[str, float]:
    """One scalar LSTM step (E5): f, i, o = sigma(.), g = tanh(.), c = f c_prev + i g, h = o tanh(c)
    (the output gate is a sigmoid; catalog E16)."""
    _check_gates(params, LSTM_GATES)
    pre = {name: params[name].pre_activation(x, h_prev) for name in LSTM_GATES}
    gates = {name: tanh(z) if name == "g" else sigmoid(z) for name, z in pre.items()}
    c = gates["f"] * c_prev + gates["i"] * gates["g"]
    return {**gates, "c": c, "h": gates["o"] * math.tanh(c)}


def gru_step(x: Number, h_prev: Number, params: Mapping[str, GateParams], reset_after: bool = True) -> dict[str, float]:
    """One scalar GRU step (E5): r, z = sigma(.), h = (1 - z) n + z h_prev. With `reset_after` (PyTorch)
    n = tanh(w_x x + b_x + r (w_h h + b_h)); otherwise (one bias) n = tanh(w_x x + r w_h h + b_x + b_h)."""
    _check_gates(params, GRU_GATES)
    r = sigmoid(params["r"].pre_activation(x, h_prev))
    z = sigmoid(params["z"].pre_activation(x, h_prev))
    p = params["n"]
    recurrent = r * (p.w_h * h_prev + p.b_h) if reset_after else r * p.w_h * h_prev + p.b_h
    n = tanh(p.w_x * x + p.b_x + recurrent)
    return {"r": r, "z": z, "n": n, "h": (1 - z) * n + z * h_prev}


@dataclass(frozen=True)
class BatchNormResult:
    """Batch statistics, normalised inputs and outputs of batch norm over one feature/channel."""

    mean: Number
    var: Number
    x_hat: Vector
    y: Vector


def batchnorm_train(xs: Sequence[Number], gamma: Number = 1, beta: Number = 0, eps: Number = 0) -> BatchNormResult:
    """Batch norm in training mode (E6): biased batch variance mean((x - mu)^2) (catalog E31)."""
    values = vector(xs)
    mean = div(sum(values, start=0), len(values))
    var = div(sum(((v - mean) ** 2 for v in values), start=0), len(values))
    return _normalise(values, mean, var, gamma, beta, eps)


def batchnorm_test(
    xs: Sequence[Number], running_mean: Number, running_var: Number,
    gamma: Number = 1, beta: Number = 0, eps: Number = 0,
) -> BatchNormResult:
    """Batch norm at test time (E6): normalise with the running statistics."""
    return _normalise(vector(xs), running_mean, running_var, gamma, beta, eps)


def _normalise(values: Vector, mean: Number, var: Number, gamma: Number, beta: Number, eps: Number) -> BatchNormResult:
    std = sqrt(var + eps)
    if std == 0:
        raise ValueError("zero variance with eps = 0: the batch cannot be normalised")
    x_hat = [div(v - mean, std) for v in values]
    return BatchNormResult(mean, var, x_hat, [gamma * v + beta for v in x_hat])


def running_average(running: Number, batch_value: Number, decay: Number) -> Number:
    """Running statistic update (E6): decay * running + (1 - decay) * batch (PyTorch's momentum = 1 - decay)."""
    return decay * running + (1 - decay) * batch_value


def keep_probability(p: Number, p_is: str = "drop") -> Number:
    """Probability that a unit is kept (E7), from p given as drop or keep probability (catalog C2)."""
    if p_is not in DROPOUT_P:
        raise ValueError(f"p_is must be one of {DROPOUT_P}, got {p_is!r}")
    if not 0 <= p <= 1:
        raise ValueError(f"a probability must lie in [0, 1], got {p}")
    return 1 - p if p_is == "drop" else p


def dropout_scales(p: Number, p_is: str = "drop", inverted: bool = False) -> tuple[Number, Number]:
    """(train-time, test-time) multipliers of dropout (E7): inverted scales by 1/keep at train time,
    classic dropout scales by keep at test time."""
    keep = keep_probability(p, p_is)
    if keep == 0:
        raise ValueError("every unit is dropped")
    return (div(1, keep), 1) if inverted else (1, keep)


def dropout_expected_output(
    weights: Sequence[Number], inputs: Sequence[Number], p: Number, p_is: str = "drop", inverted: bool = False
) -> Number:
    """Expected train-time pre-activation under dropout on the inputs (E7): keep * train_scale * w.x."""
    train_scale, _ = dropout_scales(p, p_is, inverted)
    return keep_probability(p, p_is) * train_scale * linear_neuron(weights, inputs)


def stacked_dropout_probability(p: Number, q: Number, p_is: str = "drop") -> Number:
    """Single dropout equivalent to two stacked ones (E7), in the same convention as the inputs:
    drop p + q - pq (catalog E25), keep pq."""
    keep = keep_probability(p, p_is) * keep_probability(q, p_is)
    return 1 - keep if p_is == "drop" else keep


def dropout_subnetwork_count(units: int) -> int:
    """Number of thinned sub-networks dropout samples from (K5): 2^n."""
    return 2**units


@dataclass(frozen=True)
class AttentionResult:
    """Scaled scores QK^T/sqrt(d_k), attention weights (row-wise softmax) and outputs."""

    scores: list[list[float]]
    weights: list[list[float]]
    output: list[list[float]]


def scaled_dot_product_attention(
    queries: Sequence[Sequence[Number]], keys: Sequence[Sequence[Number]], values: Sequence[Sequence[Number]]
) -> AttentionResult:
    """softmax(Q K^T / sqrt(d_k)) V (E8)."""
    q, k, v = matrix(queries), matrix(keys), matrix(values)
    if len(q[0]) != len(k[0]) or len(k) != len(v):
        raise ValueError("need d_k(Q) = d_k(K) and as many values as keys")
    scale = math.sqrt(len(k[0]))
    scores = [[float(dot(q_row, k_row)) / scale for k_row in k] for q_row in q]
    weights = [softmax(row) for row in scores]
    output = [[math.fsum(a * float(v_row[c]) for a, v_row in zip(row, v)) for c in range(len(v[0]))] for row in weights]
    return AttentionResult(scores, weights, output)


def positional_encoding(position: int, d_model: int) -> list[float]:
    """Sinusoidal encoding (E8): PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(same)."""
    if d_model < 1:
        raise ValueError(f"d_model must be >= 1, got {d_model}")
    angles = [position / 10000 ** (2 * (j // 2) / d_model) for j in range(d_model)]
    return [math.sin(a) if j % 2 == 0 else math.cos(a) for j, a in enumerate(angles)]

"""Recurrent cells (PyTorch layout). Unroll a cell by calling `forward` once per time step and then
`backward` once per step in reverse order: each call pops the matching step, and the weight
gradients accumulate over time (backpropagation through time)."""

from __future__ import annotations

from typing import Literal

import numpy as np

from solvers.nn.activations import sigmoid
from solvers.nn.module import Module, uniform_init

BiasConvention = Literal["double", "single", "none"]
"""'double': bias_ih and bias_hh as in PyTorch; 'single': one bias as in the lectures; 'none'."""


class _RecurrentCell(Module):
    """Weights weight_ih (G*H, I), weight_hh (G*H, H) and biases for G stacked gates."""

    def __init__(
        self, input_size: int, hidden_size: int, gates: int, bias: BiasConvention, rng: np.random.Generator | None
    ) -> None:
        super().__init__()
        rows = gates * hidden_size
        self.hidden_size = hidden_size
        self.add_param("weight_ih", uniform_init(rng, (rows, input_size), hidden_size))
        self.add_param("weight_hh", uniform_init(rng, (rows, hidden_size), hidden_size))
        bias_names = {"double": ("bias_ih", "bias_hh"), "single": ("bias",), "none": ()}
        if bias not in bias_names:
            raise ValueError(
                f"{type(self).__name__}: bias convention must be one of {', '.join(bias_names)}, got {bias!r}"
            )
        self._bias_names = bias_names[bias]
        for name in self._bias_names:
            self.add_param(name, uniform_init(rng, (rows,), hidden_size))
        self._steps: list[tuple[np.ndarray, ...]] = []

    def reset(self) -> None:
        """Forget the cached time steps (start a new sequence without backpropagating the old one)."""
        self._steps.clear()

    def _preactivation(self, x: np.ndarray, h: np.ndarray) -> np.ndarray:
        z = x @ self.params["weight_ih"].T + h @ self.params["weight_hh"].T
        for name in self._bias_names:
            z = z + self.params[name]
        return z

    def _preactivation_backward(self, dz: np.ndarray, x: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Accumulate weight and bias gradients for one step; return (dx, dh_prev)."""
        self.grads["weight_ih"] += dz.T @ x
        self.grads["weight_hh"] += dz.T @ h
        for name in self._bias_names:
            self.grads[name] += dz.sum(axis=0)
        return dz @ self.params["weight_ih"], dz @ self.params["weight_hh"]

    def _pop(self) -> tuple[np.ndarray, ...]:
        if not self._steps:
            raise ValueError(f"{type(self).__name__}: backward called more often than forward")
        return self._steps.pop()


class RNNCell(_RecurrentCell):
    """h' = act(W_ih x + W_hh h + b) with act = tanh or relu (ReLU'(0) = 0); x (N, I), h (N, H)."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        nonlinearity: Literal["tanh", "relu"] = "tanh",
        bias: BiasConvention = "double",
        rng: np.random.Generator | None = None,
    ) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNNCell: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        super().__init__(input_size, hidden_size, 1, bias, rng)
        self.nonlinearity = nonlinearity

    def forward(self, x: np.ndarray, h: np.ndarray) -> np.ndarray:
        x, h = np.asarray(x, dtype=np.float64), np.asarray(h, dtype=np.float64)
        z = self._preactivation(x, h)
        h_new = np.tanh(z) if self.nonlinearity == "tanh" else np.maximum(z, 0.0)
        self._steps.append((x, h, z, h_new))
        return h_new

    def backward(self, dh_new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Gradient w.r.t. the new hidden state -> (dx, dh_prev)."""
        x, h, z, h_new = self._pop()
        local = 1.0 - h_new**2 if self.nonlinearity == "tanh" else (z > 0).astype(np.float64)
        return self._preactivation_backward(dh_new * local, x, h)


class LSTMCell(_RecurrentCell):
    """LSTM step with PyTorch gate order i, f, g, o stacked in weight_ih (4H, I) and weight_hh (4H, H):
    c' = f c + i g, h' = o tanh(c'), with i, f, o sigmoid gates and g = tanh."""

    def __init__(
        self, input_size: int, hidden_size: int, bias: BiasConvention = "double", rng: np.random.Generator | None = None
    ) -> None:
        super().__init__(input_size, hidden_size, 4, bias, rng)

    def forward(self, x: np.ndarray, state: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """(h, c) -> (h', c')."""
        x = np.asarray(x, dtype=np.float64)
        h, c = (np.asarray(s, dtype=np.float64) for s in state)
        i, f, g, o = np.split(self._preactivation(x, h), 4, axis=1)
        i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
        c_new = f * c + i * g
        tanh_c = np.tanh(c_new)
        self._steps.append((x, h, c, i, f, g, o, tanh_c))
        return o * tanh_c, c_new

    def backward(self, grads: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """(dh', dc') -> (dx, (dh, dc))."""
        dh_new, dc_new = grads
        x, h, c, i, f, g, o, tanh_c = self._pop()
        dc = dc_new + dh_new * o * (1.0 - tanh_c**2)
        dgates = np.concatenate(
            [dc * g * i * (1 - i), dc * c * f * (1 - f), dc * i * (1 - g**2), dh_new * tanh_c * o * (1 - o)], axis=1
        )
        dx, dh = self._preactivation_backward(dgates, x, h)
        return dx, (dh, dc * f)

"""Base class of the mini-network's layers, and Sequential.

Every layer works in float64 and keeps a `params` dict (name -> array) and a `grads` dict with
the same names. Like PyTorch's `.grad`, `backward` *accumulates* into `grads`, so a layer can be
reused (an RNN cell unrolled over time); call `zero_grad()` between optimisation steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import numpy as np
from numpy.typing import ArrayLike


class Module:
    """A layer with `forward(x)`, `backward(dout) -> dx`, parameters and their gradients."""

    def __init__(self) -> None:
        self._params: dict[str, np.ndarray] = {}
        self._grads: dict[str, np.ndarray] = {}
        self.training = True
        self._cache: Any = None

    @property
    def params(self) -> dict[str, np.ndarray]:
        """Parameter arrays by name; optimizers update them in place."""
        return self._params

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """Accumulated gradients, same names and shapes as `params`."""
        return self._grads

    def add_param(self, name: str, value: ArrayLike) -> None:
        """Register a parameter (copied as float64) and a zero gradient for it."""
        self._params[name] = np.array(value, dtype=np.float64)
        self._grads[name] = np.zeros_like(self._params[name])

    def set_params(self, **arrays: ArrayLike) -> Self:
        """Overwrite parameters in place (shapes must match); returns self for chaining."""
        for name, value in arrays.items():
            if name not in self.params:
                raise ValueError(f"{type(self).__name__} has no parameter '{name}' (has: {', '.join(self.params)})")
            value = np.asarray(value, dtype=np.float64)
            if value.shape != self.params[name].shape:
                raise ValueError(
                    f"{type(self).__name__}.{name}: shape {value.shape}, expected {self.params[name].shape}"
                )
            self.params[name][...] = value
        return self

    def zero_grad(self) -> None:
        """Reset all accumulated gradients to zero."""
        for g in self.grads.values():
            g.fill(0.0)

    def train(self, mode: bool = True) -> Self:
        """Switch training mode (batch norm statistics, dropout); returns self."""
        self.training = mode
        return self

    def eval(self) -> Self:
        """Switch to evaluation mode; returns self."""
        return self.train(False)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Compute the output and cache what `backward` needs (feed-forward layers: x -> out)."""
        raise NotImplementedError

    def backward(self, *args: Any, **kwargs: Any) -> Any:
        """Gradient of the output -> gradient of the input, accumulating parameter gradients."""
        raise NotImplementedError

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)


def uniform_init(rng: np.random.Generator | None, shape: tuple[int, ...], fan_in: int) -> np.ndarray:
    """PyTorch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)) init, or zeros without a generator."""
    if rng is None:
        return np.zeros(shape)
    bound = 1.0 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, size=shape)


class Sequential(Module):
    """Layers applied in order; parameters are named '<index>.<name>' as in PyTorch."""

    def __init__(self, *layers: Module) -> None:
        super().__init__()
        self.layers = list(layers)

    @property
    def params(self) -> dict[str, np.ndarray]:
        return _prefixed({i: layer.params for i, layer in enumerate(self.layers)})

    @property
    def grads(self) -> dict[str, np.ndarray]:
        return _prefixed({i: layer.grads for i, layer in enumerate(self.layers)})

    def set_params(self, **arrays: ArrayLike) -> Self:
        """Overwrite parameters by their prefixed names, e.g. `**{"0.weight": w}`."""
        for key, value in arrays.items():
            index, _, name = key.partition(".")
            if not index.isdigit() or int(index) >= len(self.layers):
                raise ValueError(f"Sequential has no layer for parameter '{key}'")
            self.layers[int(index)].set_params(**{name: value})
        return self

    def zero_grad(self) -> None:
        for layer in self.layers:
            layer.zero_grad()

    def train(self, mode: bool = True) -> Self:
        self.training = mode
        for layer in self.layers:
            layer.train(mode)
        return self

    def forward(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout


def _prefixed(groups: Mapping[int, Mapping[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {f"{i}.{name}": array for i, group in groups.items() for name, array in group.items()}

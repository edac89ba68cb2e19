"""Max and average pooling over NCHW input (PyTorch semantics, floor mode)."""

from __future__ import annotations

import numpy as np

from solvers.nn.module import Module
from solvers.nn.windows import Pair, output_hw, pad, pair, taps, unpad


class _Pool2d(Module):
    """Window geometry shared by the pooling layers; stride defaults to the kernel size."""

    pad_value = 0.0

    def __init__(self, kernel_size: int | Pair, stride: int | Pair | None = None, padding: int | Pair = 0) -> None:
        super().__init__()
        self.kernel_size = pair(kernel_size, "kernel_size")
        self.stride = self.kernel_size if stride is None else pair(stride, "stride")
        self.padding = pair(padding, "padding")
        if any(2 * p > k for p, k in zip(self.padding, self.kernel_size, strict=True)):
            raise ValueError(f"{type(self).__name__}: padding must be at most half the kernel size")

    def _windows(self, x: np.ndarray) -> tuple[np.ndarray, Pair]:
        """All window taps stacked on a leading axis: shape (kH*kW, N, C, H_out, W_out)."""
        out_hw = output_hw((x.shape[2], x.shape[3]), self.kernel_size, self.stride, self.padding, (1, 1))
        xp = pad(x, self.padding, self.pad_value)
        stacked = [
            xp[(slice(None), slice(None), *w)] for _, _, w in taps(self.kernel_size, self.stride, (1, 1), out_hw)
        ]
        return np.stack(stacked), out_hw

    def _scatter(self, per_tap: np.ndarray, in_shape: tuple[int, ...]) -> np.ndarray:
        """Sum per-tap gradients (kH*kW, N, C, H_out, W_out) back onto the input positions."""
        n, c, h, w = in_shape
        dxp = np.zeros((n, c, h + 2 * self.padding[0], w + 2 * self.padding[1]))
        out_hw = (per_tap.shape[3], per_tap.shape[4])
        for t, (_, _, window) in enumerate(taps(self.kernel_size, self.stride, (1, 1), out_hw)):
            dxp[(slice(None), slice(None), *window)] += per_tap[t]
        return unpad(dxp, self.padding)


class MaxPool2d(_Pool2d):
    """Maximum over each window; the gradient goes to the first maximal position (row-major)."""

    pad_value = -np.inf

    def forward(self, x: np.ndarray) -> np.ndarray:
        windows, _ = self._windows(np.asarray(x, dtype=np.float64))
        winner = windows.argmax(axis=0)
        self._cache = (winner, x.shape, windows.shape[0])
        return np.take_along_axis(windows, winner[None], axis=0)[0]

    def backward(self, dout: np.ndarray) -> np.ndarray:
        winner, shape, count = self._cache
        routed = np.arange(count)[:, None, None, None, None] == winner[None]
        return self._scatter(routed * dout[None], shape)


class AvgPool2d(_Pool2d):
    """Mean over each window; padded zeros count in the mean (PyTorch count_include_pad=True)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        windows, _ = self._windows(np.asarray(x, dtype=np.float64))
        self._cache = (x.shape, windows.shape[0])
        return windows.mean(axis=0)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        shape, count = self._cache
        return self._scatter(np.broadcast_to(dout / count, (count, *dout.shape)), shape)

"""Sliding-window bookkeeping shared by convolution and pooling (NCHW layout)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

Pair = tuple[int, int]


def pair(value: int | tuple[int, int], name: str = "value") -> Pair:
    """(v, v) for an int, the pair itself otherwise."""
    result = (value, value) if isinstance(value, int) else tuple(value)
    if len(result) != 2:
        raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}")
    return int(result[0]), int(result[1])


def output_size(size: int, kernel: int, stride: int, padding: int, dilation: int = 1) -> int:
    """floor((n + 2p - d(k - 1) - 1) / s) + 1, the PyTorch output length of a sliding window."""
    span = dilation * (kernel - 1) + 1
    if stride < 1 or size + 2 * padding < span:
        raise ValueError(f"window of span {span} (stride {stride}) does not fit an input of {size} padded by {padding}")
    return (size + 2 * padding - span) // stride + 1


def output_hw(hw: Pair, kernel: Pair, stride: Pair, padding: Pair, dilation: Pair) -> Pair:
    """Output height and width of a 2-D sliding window."""
    return (
        output_size(hw[0], kernel[0], stride[0], padding[0], dilation[0]),
        output_size(hw[1], kernel[1], stride[1], padding[1], dilation[1]),
    )


def pad(x: np.ndarray, padding: Pair, value: float = 0.0) -> np.ndarray:
    """Pad the last two axes of an NCHW array."""
    ph, pw = padding
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)


def taps(kernel: Pair, stride: Pair, dilation: Pair, out: Pair) -> Iterator[tuple[int, int, tuple[slice, slice]]]:
    """For each kernel tap (a, b): the strided slice of the padded input that it meets at every output."""
    for a in range(kernel[0]):
        for b in range(kernel[1]):
            rows = slice(a * dilation[0], a * dilation[0] + stride[0] * (out[0] - 1) + 1, stride[0])
            cols = slice(b * dilation[1], b * dilation[1] + stride[1] * (out[1] - 1) + 1, stride[1])
            yield a, b, (rows, cols)


def unpad(xp: np.ndarray, padding: Pair) -> np.ndarray:
    """Crop the padding added by `pad`."""
    ph, pw = padding
    return xp[:, :, ph : xp.shape[2] - ph, pw : xp.shape[3] - pw]

"""Sequential CNN descriptions: shape tracing, flatten size and parameter totals (catalog A4, B6).

A network is a list of layer specs applied to a (C, H, W) input; shapes are reported as
(C, H, W) until a Flatten, then as (n,).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import prod

from solvers.counts import batchnorm_param_count, conv_param_count, linear_param_count
from solvers.shapes import conv2d_output_size, pool2d_output_size


@dataclass(frozen=True)
class Conv:
    filters: int
    kernel: int
    stride: int = 1
    padding: int = 0
    dilation: int = 1
    bias: bool = True


@dataclass(frozen=True)
class Pool:
    kernel: int
    stride: int | None = None  # defaults to the kernel size


@dataclass(frozen=True)
class GlobalAvgPool:
    pass


@dataclass(frozen=True)
class BatchNorm:
    pass


@dataclass(frozen=True)
class Flatten:
    pass


@dataclass(frozen=True)
class Linear:
    n_out: int
    bias: bool = True


LayerSpec = Conv | Pool | GlobalAvgPool | BatchNorm | Flatten | Linear
Shape = tuple[int, ...]


def _apply(shape: Shape, layer: LayerSpec) -> tuple[Shape, int]:
    """Output shape and parameter count of one layer."""
    if isinstance(layer, Linear):
        if len(shape) != 1:
            raise ValueError(f"Linear needs a flat input, got shape {shape}; add Flatten()")
        return (layer.n_out,), linear_param_count(shape[0], layer.n_out, layer.bias)
    if isinstance(layer, Flatten):
        return (prod(shape),), 0
    if len(shape) != 3:
        raise ValueError(f"{type(layer).__name__} needs a (C, H, W) input, got shape {shape}")
    c, h, w = shape
    if isinstance(layer, Conv):
        size = [conv2d_output_size(n, layer.kernel, layer.stride, layer.padding, layer.dilation) for n in (h, w)]
        return (layer.filters, *size), conv_param_count(layer.kernel, c, layer.filters, layer.bias)
    if isinstance(layer, Pool):
        stride = layer.stride or layer.kernel
        return (c, pool2d_output_size(h, layer.kernel, stride), pool2d_output_size(w, layer.kernel, stride)), 0
    if isinstance(layer, GlobalAvgPool):
        return (c, 1, 1), 0
    if isinstance(layer, BatchNorm):
        return shape, batchnorm_param_count(c)[0]
    raise TypeError(f"unknown layer spec {layer!r}")


def trace_shapes(input_shape: Shape, layers: Sequence[LayerSpec]) -> list[Shape]:
    """Output shape after every layer (A4)."""
    shapes, shape = [], tuple(input_shape)
    for layer in layers:
        shape, _ = _apply(shape, layer)
        shapes.append(shape)
    return shapes


def flatten_size(input_shape: Shape, layers: Sequence[LayerSpec]) -> int:
    """Number of features k = C*H*W after the layers, i.e. the input size of the first Linear (A4)."""
    shapes = trace_shapes(input_shape, layers)
    return prod(shapes[-1] if shapes else input_shape)


def network_param_count(input_shape: Shape, layers: Sequence[LayerSpec]) -> int:
    """Learnable parameters of the whole network (B6); batch-norm buffers are not counted."""
    total, shape = 0, tuple(input_shape)
    for layer in layers:
        shape, count = _apply(shape, layer)
        total += count
    return total


LENET5: tuple[LayerSpec, ...] = (
    Conv(6, 5), Pool(2), Conv(16, 5), Pool(2), Flatten(), Linear(120), Linear(84), Linear(10),
)
"""LeNet-5 on a 1 x 32 x 32 input."""

# VGG configurations of Simonyan & Zisserman, Table 1: filters per 3x3 conv, "M" = 2x2 max-pool,
# (filters, 1) = 1x1 conv (configuration C). A-LRN has the parameters of A.
VGG_CONFIGS: dict[str, tuple[int | str | tuple[int, int], ...]] = {
    "A": (64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"),
    "B": (64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"),
    "C": (64, 64, "M", 128, 128, "M", 256, 256, (256, 1), "M", 512, 512, (512, 1), "M", 512, 512, (512, 1), "M"),
    "D": (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"),
    "E": (64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"),
}


def vgg_layers(config: str = "D", classes: int = 1000) -> list[LayerSpec]:
    """VGG network on a 3 x 224 x 224 input (D = VGG-16, E = VGG-19)."""
    if config not in VGG_CONFIGS:
        raise ValueError(f"config must be one of {sorted(VGG_CONFIGS)}, got {config!r}")
    layers: list[LayerSpec] = []
    for item in VGG_CONFIGS[config]:
        if item == "M":
            layers.append(Pool(2))
        elif isinstance(item, tuple):
            layers.append(Conv(item[0], item[1]))
        else:
            layers.append(Conv(item, 3, padding=1))
    return [*layers, Flatten(), Linear(4096), Linear(4096), Linear(classes)]

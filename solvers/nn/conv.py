"""2-D convolution (cross-correlation, as in PyTorch) and transposed convolution, NCHW layout."""

from __future__ import annotations

import numpy as np

from solvers.nn.module import Module, uniform_init
from solvers.nn.windows import Pair, output_hw, pad, pair, taps, unpad


def conv2d(x: np.ndarray, w: np.ndarray, stride: Pair, padding: Pair, dilation: Pair) -> np.ndarray:
    """out[n, o, i, j] = sum_{c, a, b} w[o, c, a, b] * xpad[n, c, i*s + a*d, j*s + b*d]."""
    kernel = (w.shape[2], w.shape[3])
    out_hw = output_hw((x.shape[2], x.shape[3]), kernel, stride, padding, dilation)
    xp = pad(x, padding)
    out = np.zeros((x.shape[0], w.shape[0], *out_hw))
    for a, b, window in taps(kernel, stride, dilation, out_hw):
        out += np.einsum("nchw,oc->nohw", xp[(slice(None), slice(None), *window)], w[:, :, a, b])
    return out


def conv2d_input_grad(
    dout: np.ndarray, w: np.ndarray, in_hw: Pair, stride: Pair, padding: Pair, dilation: Pair
) -> np.ndarray:
    """d conv2d / d x contracted with `dout`; this is also the transposed convolution of `dout`."""
    kernel = (w.shape[2], w.shape[3])
    dxp = np.zeros((dout.shape[0], w.shape[1], in_hw[0] + 2 * padding[0], in_hw[1] + 2 * padding[1]))
    for a, b, window in taps(kernel, stride, dilation, (dout.shape[2], dout.shape[3])):
        dxp[(slice(None), slice(None), *window)] += np.einsum("nohw,oc->nchw", dout, w[:, :, a, b])
    return unpad(dxp, padding)


def conv2d_weight_grad(
    dout: np.ndarray, x: np.ndarray, kernel: Pair, stride: Pair, padding: Pair, dilation: Pair
) -> np.ndarray:
    """d conv2d / d w contracted with `dout`, shape (C_out, C_in, kH, kW)."""
    xp = pad(x, padding)
    dw = np.zeros((dout.shape[1], x.shape[1], *kernel))
    for a, b, window in taps(kernel, stride, dilation, (dout.shape[2], dout.shape[3])):
        dw[:, :, a, b] = np.einsum("nohw,nchw->oc", dout, xp[(slice(None), slice(None), *window)])
    return dw


class _ConvBase(Module):
    """Shared hyper-parameters, bias handling and init of Conv2d and ConvTranspose2d."""

    def __init__(
        self,
        weight_shape: tuple[int, int, int, int],
        out_channels: int,
        fan_in: int,
        stride: int | Pair,
        padding: int | Pair,
        dilation: int | Pair,
        bias: bool,
        rng: np.random.Generator | None,
    ) -> None:
        super().__init__()
        self.stride, self.padding, self.dilation = (
            pair(stride, "stride"),
            pair(padding, "padding"),
            pair(dilation, "dilation"),
        )
        if min(self.stride) < 1 or min(self.dilation) < 1 or min(self.padding) < 0:
            raise ValueError(f"{type(self).__name__}: stride and dilation must be >= 1 and padding >= 0")
        self.kernel_size = (weight_shape[2], weight_shape[3])
        self.add_param("weight", uniform_init(rng, weight_shape, fan_in))
        if bias:
            self.add_param("bias", uniform_init(rng, (out_channels,), fan_in))

    def _add_bias(self, out: np.ndarray) -> np.ndarray:
        return out + self.params["bias"][None, :, None, None] if "bias" in self.params else out

    def _bias_backward(self, dout: np.ndarray) -> None:
        if "bias" in self.params:
            self.grads["bias"] += dout.sum(axis=(0, 2, 3))

    def _geometry(self) -> tuple[Pair, Pair, Pair]:
        return self.stride, self.padding, self.dilation


class Conv2d(_ConvBase):
    """Convolution with weight (C_out, C_in, kH, kW) on NCHW input (PyTorch order, catalog e/C1)."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | Pair,
        stride: int | Pair = 1,
        padding: int | Pair = 0,
        dilation: int | Pair = 1,
        bias: bool = True,
        rng: np.random.Generator | None = None,
    ) -> None:
        kh, kw = pair(kernel_size, "kernel_size")
        super().__init__(
            (out_channels, in_channels, kh, kw),
            out_channels,
            in_channels * kh * kw,
            stride,
            padding,
            dilation,
            bias,
            rng,
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        self._cache = x
        return self._add_bias(conv2d(x, self.params["weight"], *self._geometry()))

    def backward(self, dout: np.ndarray) -> np.ndarray:
        x, w = self._cache, self.params["weight"]
        self.grads["weight"] += conv2d_weight_grad(dout, x, self.kernel_size, *self._geometry())
        self._bias_backward(dout)
        return conv2d_input_grad(dout, w, (x.shape[2], x.shape[3]), *self._geometry())


class ConvTranspose2d(_ConvBase):
    """Transposed convolution with PyTorch semantics: weight (C_in, C_out, kH, kW) and output size
    (H - 1) s - 2p + d (k - 1) + output_padding + 1. It is the adjoint of Conv2d with the same weight."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | Pair,
        stride: int | Pair = 1,
        padding: int | Pair = 0,
        output_padding: int | Pair = 0,
        dilation: int | Pair = 1,
        bias: bool = True,
        rng: np.random.Generator | None = None,
    ) -> None:
        kh, kw = pair(kernel_size, "kernel_size")
        super().__init__(
            (in_channels, out_channels, kh, kw),
            out_channels,
            out_channels * kh * kw,
            stride,
            padding,
            dilation,
            bias,
            rng,
        )
        self.output_padding = pair(output_padding, "output_padding")
        if any(op >= max(s, d) for op, s, d in zip(self.output_padding, self.stride, self.dilation, strict=True)):
            raise ValueError("ConvTranspose2d: output_padding must be smaller than stride or dilation")

    def output_hw(self, in_hw: Pair) -> Pair:
        """Spatial output size for an input of spatial size `in_hw`."""
        return tuple(  # type: ignore[return-value]
            (n - 1) * s - 2 * p + d * (k - 1) + op + 1
            for n, s, p, d, k, op in zip(
                in_hw, self.stride, self.padding, self.dilation, self.kernel_size, self.output_padding, strict=True
            )
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        self._cache = x
        out_hw = self.output_hw((x.shape[2], x.shape[3]))
        return self._add_bias(conv2d_input_grad(x, self.params["weight"], out_hw, *self._geometry()))

    def backward(self, dout: np.ndarray) -> np.ndarray:
        x = self._cache
        self.grads["weight"] += conv2d_weight_grad(x, dout, self.kernel_size, *self._geometry())
        self._bias_backward(dout)
        return conv2d(dout, self.params["weight"], *self._geometry())

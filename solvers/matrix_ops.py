"""Operations on small given matrices (catalog D1-D5), exact for int/Fraction entries.

Frameworks compute cross-correlation (no kernel flip); pass `flip=True` for the mathematical
convolution. Transposed convolution follows PyTorch's ConvTranspose2d: scatter-add x[i, j] * K
at offset (i*s, j*s), then crop `padding` from the top/left and `padding - output_padding`
from the bottom/right (catalog E9). Matrices are lists of rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from fractions import Fraction

from solvers.exact import Matrix, Number, Vector, div, dot, matrix, transpose, vector
from solvers.shapes import conv2d_output_size, conv_transpose2d_output_size, padding_for, pool2d_output_size

POOL_MODES = ("max", "avg")
MatrixLike = Sequence[Sequence[Number]]


def zero_pad(image: MatrixLike, padding: int) -> Matrix:
    """The image surrounded by `padding` rows and columns of zeros."""
    rows = matrix(image)
    width = len(rows[0]) + 2 * padding
    return (
        [[0] * width for _ in range(padding)]
        + [[0] * padding + row + [0] * padding for row in rows]
        + [[0] * width for _ in range(padding)]
    )


def conv2d(
    image: MatrixLike, kernel: MatrixLike, stride: int = 1, padding: int = 0, dilation: int = 1, flip: bool = False
) -> Matrix:
    """2D cross-correlation (convolution with `flip`) with zero padding, stride and dilation (D1)."""
    k = matrix(kernel)
    if flip:
        k = [row[::-1] for row in k[::-1]]
    x = zero_pad(image, padding)
    out_h = conv2d_output_size(len(image), len(k), stride, padding, dilation)
    out_w = conv2d_output_size(len(image[0]), len(k[0]), stride, padding, dilation)
    taps = [(a, b) for a in range(len(k)) for b in range(len(k[0]))]
    return [
        [sum((k[a][b] * x[i * stride + a * dilation][j * stride + b * dilation] for a, b in taps), start=0)
         for j in range(out_w)]
        for i in range(out_h)
    ]


def conv1d(
    signal: Sequence[Number], kernel: Sequence[Number], boundary: str = "valid", dilation: int = 1, flip: bool = False
) -> Vector:
    """1D cross-correlation (D2): y[i] = sum_k x[i + d*k] w[k] (catalog E34), with boundary
    'valid' (shrink), 'same' (zero-pad, odd kernel) or 'full'."""
    k = vector(kernel)[::-1] if flip else vector(kernel)
    span = dilation * (len(k) - 1)
    padding = padding_for(span + 1, boundary)
    x = [0] * padding + vector(signal) + [0] * padding
    if len(x) <= span:
        raise ValueError(f"kernel of extent {span + 1} does not fit into a signal of length {len(signal)}")
    return [dot(k, x[i : i + span + 1 : dilation]) for i in range(len(x) - span)]


def _windows(x: Matrix, kernel: int, stride: int) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """(output row, output column, input positions in row-major order) of every pooling window."""
    for i in range(pool2d_output_size(len(x), kernel, stride)):
        for j in range(pool2d_output_size(len(x[0]), kernel, stride)):
            cells = [(i * stride + a, j * stride + b) for a in range(kernel) for b in range(kernel)]
            yield i, j, cells


def pool2d(image: MatrixLike, kernel: int, stride: int | None = None, mode: str = "max") -> Matrix:
    """Max or average pooling without padding (D3); stride defaults to the kernel size."""
    if mode not in POOL_MODES:
        raise ValueError(f"mode must be one of {POOL_MODES}, got {mode!r}")
    x = matrix(image)
    stride = stride or kernel
    width = pool2d_output_size(len(x[0]), kernel, stride)
    out: Matrix = [[0] * width for _ in range(pool2d_output_size(len(x), kernel, stride))]
    for i, j, cells in _windows(x, kernel, stride):
        values = [x[r][c] for r, c in cells]
        out[i][j] = max(values) if mode == "max" else div(sum(values, start=0), len(values))
    return out


def maxpool2d_backward(image: MatrixLike, upstream: MatrixLike, kernel: int, stride: int | None = None) -> Matrix:
    """Gradient of max pooling (D3/G8): each upstream value goes to its window's argmax (first one on ties),
    summed where windows overlap; all other positions get 0."""
    x, up = matrix(image), matrix(upstream)
    grad: Matrix = [[0] * len(x[0]) for _ in x]
    for i, j, cells in _windows(x, kernel, stride or kernel):
        r, c = max(cells, key=lambda rc: x[rc[0]][rc[1]])
        grad[r][c] += up[i][j]
    return grad


def conv_transpose2d(
    x: MatrixLike, kernel: MatrixLike, stride: int = 1, padding: int = 0, output_padding: int = 0
) -> Matrix:
    """Transposed convolution with PyTorch semantics (D4): scatter-add, then crop `padding`."""
    inp, k = matrix(x), matrix(kernel)
    out_h = conv_transpose2d_output_size(len(inp), len(k), stride, padding, output_padding)
    out_w = conv_transpose2d_output_size(len(inp[0]), len(k[0]), stride, padding, output_padding)
    # scatter region, extended with zeros when output_padding reaches past it
    full_h = max(padding + out_h, (len(inp) - 1) * stride + len(k))
    full_w = max(padding + out_w, (len(inp[0]) - 1) * stride + len(k[0]))
    full: Matrix = [[0] * full_w for _ in range(full_h)]
    for i, row in enumerate(inp):
        for j, value in enumerate(row):
            for a, k_row in enumerate(k):
                for b, weight in enumerate(k_row):
                    full[i * stride + a][j * stride + b] += value * weight
    return [row[padding : padding + out_w] for row in full[padding : padding + out_h]]


def upsample_nearest(image: MatrixLike, factor: int) -> Matrix:
    """Nearest-neighbour upsampling (D5): every entry becomes a factor x factor block."""
    return [[v for v in row for _ in range(factor)] for row in matrix(image) for _ in range(factor)]


def _bilinear_1d(values: Vector, factor: int, align_corners: bool) -> Vector:
    n, size = len(values), len(values) * factor
    out = []
    for dst in range(size):
        if align_corners:
            src = Fraction(dst * (n - 1), size - 1) if size > 1 else Fraction(0)
        else:  # PyTorch half-pixel centres, clamped at the border
            src = max(Fraction(2 * dst + 1, 2 * factor) - Fraction(1, 2), Fraction(0))
        lo = min(math.floor(src), n - 1)
        hi, frac = min(lo + 1, n - 1), src - lo
        out.append((1 - frac) * values[lo] + frac * values[hi])
    return out


def upsample_bilinear(image: MatrixLike, factor: int, align_corners: bool = False) -> Matrix:
    """Bilinear upsampling by an integer factor (D5), PyTorch's `align_corners` convention; exact."""
    rows = [_bilinear_1d(row, factor, align_corners) for row in matrix(image)]
    return transpose([_bilinear_1d(col, factor, align_corners) for col in transpose(rows)])


def conv1x1(
    channels: Sequence[MatrixLike], weights: MatrixLike, bias: Sequence[Number] | None = None
) -> list[Matrix]:
    """1x1 convolution (D5) on a C_in x H x W input with a C_out x C_in weight matrix: a per-pixel linear map."""
    x = [matrix(c) for c in channels]
    w = matrix(weights)
    b = vector(bias) if bias is not None else [0] * len(w)
    if len(w[0]) != len(x):
        raise ValueError(f"weights expect {len(w[0])} input channels, got {len(x)}")
    return [
        [[dot(w_row, [c[i][j] for c in x]) + b_o for j in range(len(x[0][0]))] for i in range(len(x[0]))]
        for w_row, b_o in zip(w, b)
    ]

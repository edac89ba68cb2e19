"""Shapes and sizes of layer outputs (catalog A1-A3, A5-A8).

Sizes follow PyTorch: out = floor((n + 2p - d(k-1) - 1)/s) + 1 for conv and pooling, and
(n-1)s - 2p + d(k-1) + output_padding + 1 for transposed conv.
"""

from __future__ import annotations

LAYOUTS = ("CHW", "HWC")
WEIGHT_ORDERS = ("out_in", "in_out")  # PyTorch (C_out, C_in, k, k) vs the slides' (C_in, C_out, k, k)
YOLO_VERSIONS = ("v1", "anchors")


def _check_positive(**values: int) -> None:
    for name, value in values.items():
        if value < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")


def _window_span(n: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """Positions a window can move over: n + 2p - d(k-1) - 1 (>= 0 when one window fits)."""
    _check_positive(n=n, kernel=kernel, stride=stride, dilation=dilation)
    if padding < 0:
        raise ValueError(f"padding must be >= 0, got {padding}")
    span = n + 2 * padding - dilation * (kernel - 1) - 1
    if span < 0:
        raise ValueError(
            f"kernel {kernel} (dilation {dilation}) does not fit into size {n} with padding {padding}"
        )
    return span


def conv2d_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """Output side length of a convolution (A1): floor((n + 2p - d(k-1) - 1)/s) + 1."""
    return _window_span(n, kernel, stride, padding, dilation) // stride + 1


def conv_stride_fits(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> bool:
    """Whether the windows tile the input exactly, i.e. (n + 2p - d(k-1) - 1) is divisible by s (A1)."""
    return _window_span(n, kernel, stride, padding, dilation) % stride == 0


def conv2d_output_shape(
    height: int,
    width: int,
    filters: int,
    kernel: int,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
    layout: str = "CHW",
) -> tuple[int, int, int]:
    """Output shape of a square-kernel conv layer (A1); depth = number of filters."""
    _check_positive(filters=filters)
    h = conv2d_output_size(height, kernel, stride, padding, dilation)
    w = conv2d_output_size(width, kernel, stride, padding, dilation)
    return _arrange(filters, h, w, layout)


def _arrange(channels: int, height: int, width: int, layout: str) -> tuple[int, int, int]:
    if layout == "CHW":
        return (channels, height, width)
    if layout == "HWC":
        return (height, width, channels)
    raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")


def padding_for(kernel: int, mode: str) -> int:
    """Zero padding for stride 1 (A2): 'valid' 0, 'same' (k-1)/2 (odd k), 'full' k-1."""
    _check_positive(kernel=kernel)
    if mode == "valid":
        return 0
    if mode == "same":
        if kernel % 2 == 0:
            raise ValueError(f"'same' padding needs an odd kernel, got {kernel}")
        return (kernel - 1) // 2
    if mode == "full":
        return kernel - 1
    raise ValueError(f"mode must be 'valid', 'same' or 'full', got {mode!r}")


def pool2d_output_size(n: int, kernel: int, stride: int) -> int:
    """Output side length of a pooling layer without padding (A3): floor((n - k)/s) + 1."""
    return conv2d_output_size(n, kernel, stride)


def pool2d_output_shape(
    channels: int, height: int, width: int, kernel: int, stride: int, layout: str = "CHW"
) -> tuple[int, int, int]:
    """Output shape of a pooling layer (A3); the depth is unchanged."""
    _check_positive(channels=channels)
    h = pool2d_output_size(height, kernel, stride)
    w = pool2d_output_size(width, kernel, stride)
    return _arrange(channels, h, w, layout)


def conv_weight_shape(c_in: int, c_out: int, kernel: int, order: str = "out_in") -> tuple[int, int, int, int]:
    """Weight-tensor shape of a conv layer (A5): PyTorch (C_out, C_in, k, k) or slides' (C_in, C_out, k, k)."""
    _check_positive(c_in=c_in, c_out=c_out, kernel=kernel)
    if order == "out_in":
        return (c_out, c_in, kernel, kernel)
    if order == "in_out":
        return (c_in, c_out, kernel, kernel)
    raise ValueError(f"order must be one of {WEIGHT_ORDERS}, got {order!r}")


def conv_transpose2d_output_size(
    n: int, kernel: int, stride: int = 1, padding: int = 0, output_padding: int = 0, dilation: int = 1
) -> int:
    """Output side length of a transposed conv (A6): (n-1)s - 2p + d(k-1) + output_padding + 1."""
    _check_positive(n=n, kernel=kernel, stride=stride, dilation=dilation)
    if padding < 0 or not 0 <= output_padding < max(stride, dilation):
        raise ValueError("need padding >= 0 and 0 <= output_padding < max(stride, dilation)")
    size = (n - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1
    if size < 1:
        raise ValueError(f"padding {padding} crops away the whole output")
    return size


def pixel_shuffle_shape(channels: int, height: int, width: int, factor: int) -> tuple[int, int, int]:
    """Sub-pixel conv (A7): (C*r^2, H, W) -> (C, rH, rW)."""
    _check_positive(channels=channels, height=height, width=width, factor=factor)
    if channels % (factor * factor):
        raise ValueError(f"{channels} channels are not divisible by r^2 = {factor * factor}")
    return (channels // (factor * factor), factor * height, factor * width)


def yolo_output_shape(grid: int, boxes: int, classes: int, version: str = "v1") -> tuple[int, int, int]:
    """YOLO output tensor (A8): v1 S x S x (5B + C); anchor-based (v2+) S x S x B(5 + C)."""
    _check_positive(grid=grid, boxes=boxes, classes=classes)
    if version == "v1":
        return (grid, grid, 5 * boxes + classes)
    if version == "anchors":
        return (grid, grid, boxes * (5 + classes))
    raise ValueError(f"version must be one of {YOLO_VERSIONS}, got {version!r}")


def detection_vector_length(classes: int) -> int:
    """Single-object detection target (c0 background, c1..cK, bx, by, bh, bw) (A8): K + 5."""
    _check_positive(classes=classes)
    return classes + 1 + 4

"""Parameter and multiply counts (catalog B1-B5, B7).

Bias conventions are explicit: `bias=False` drops bias terms; recurrent layers take
`bias="single"` (one vector per gate, the course's formula), `"pytorch"` (b_ih and b_hh,
two per gate) or `"none"`.
"""

from __future__ import annotations

from collections.abc import Sequence

RNN_GATES = {"rnn": 1, "gru": 3, "lstm": 4}
RNN_BIAS_VECTORS = {"none": 0, "single": 1, "pytorch": 2}


def _check_positive(**values: int) -> None:
    for name, value in values.items():
        if value < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")


def conv_param_count(kernel: int, c_in: int, c_out: int, bias: bool = True) -> int:
    """Conv layer (B1): k*k*C_in*C_out (+ C_out); independent of H, W, stride and padding."""
    _check_positive(kernel=kernel, c_in=c_in, c_out=c_out)
    return (kernel * kernel * c_in + int(bias)) * c_out


def linear_param_count(n_in: int, n_out: int, bias: bool = True) -> int:
    """Fully-connected layer (B2): (n_in + 1) * n_out with bias."""
    _check_positive(n_in=n_in, n_out=n_out)
    return (n_in + int(bias)) * n_out


def mlp_param_count(sizes: Sequence[int], bias: bool = True) -> int:
    """MLP with layer sizes [n_0, n_1, ..., n_L] (B2): sum of its linear layers."""
    if len(sizes) < 2:
        raise ValueError(f"an MLP needs at least an input and an output size, got {list(sizes)}")
    return sum(linear_param_count(a, b, bias) for a, b in zip(sizes, sizes[1:]))


def batchnorm_param_count(channels: int) -> tuple[int, int]:
    """Batch norm (B3): (learnable gamma + beta, running mean + variance buffers) = (2C, 2C)."""
    _check_positive(channels=channels)
    return (2 * channels, 2 * channels)


def rnn_param_count(input_size: int, hidden_size: int, cell: str = "rnn", bias: str = "single") -> int:
    """Recurrent layer (B4): gates * (H*D + H*H + bias_vectors*H); gates = 1 (RNN), 3 (GRU), 4 (LSTM)."""
    _check_positive(input_size=input_size, hidden_size=hidden_size)
    if cell not in RNN_GATES:
        raise ValueError(f"cell must be one of {sorted(RNN_GATES)}, got {cell!r}")
    if bias not in RNN_BIAS_VECTORS:
        raise ValueError(f"bias must be one of {sorted(RNN_BIAS_VECTORS)}, got {bias!r}")
    h = hidden_size
    return RNN_GATES[cell] * (h * input_size + h * h + RNN_BIAS_VECTORS[bias] * h)


def embedding_param_count(vocabulary: int, dim: int) -> int:
    """Embedding table (B4): V * d."""
    _check_positive(vocabulary=vocabulary, dim=dim)
    return vocabulary * dim


def conv_mult_count(kernel: int, c_in: int, c_out: int, h_out: int, w_out: int) -> int:
    """Multiplications of a standard conv (B5): k^2 * C_in * C_out * H_out * W_out."""
    _check_positive(kernel=kernel, c_in=c_in, c_out=c_out, h_out=h_out, w_out=w_out)
    return kernel * kernel * c_in * c_out * h_out * w_out


def depthwise_separable_mult_count(kernel: int, c_in: int, c_out: int, h_out: int, w_out: int) -> tuple[int, int]:
    """Multiplications of a depthwise-separable conv (B5): (depthwise k^2*C_in*H*W, pointwise C_in*C_out*H*W)."""
    depthwise = conv_mult_count(kernel, c_in, 1, h_out, w_out)
    pointwise = conv_mult_count(1, c_in, c_out, h_out, w_out)
    return depthwise, pointwise


def bottleneck_mult_count(
    kernel: int, c_in: int, c_mid: int, c_out: int, h_out: int, w_out: int
) -> tuple[int, int]:
    """Multiplications of a 1x1 bottleneck then a k x k conv, same padding (B5): (1x1 part, k x k part)."""
    return (conv_mult_count(1, c_in, c_mid, h_out, w_out), conv_mult_count(kernel, c_mid, c_out, h_out, w_out))


def fc_as_conv(channels: int, height: int, width: int, n_out: int) -> dict[str, int]:
    """Conv layer equivalent to an FC layer on a C x H x W input (B7): n_out filters of H x W, no padding."""
    _check_positive(channels=channels, height=height, width=width, n_out=n_out)
    return {"filters": n_out, "kernel_h": height, "kernel_w": width, "c_in": channels, "stride": 1, "padding": 0}

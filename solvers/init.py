"""Weight initialisation arithmetic (catalog I1-I3).

"Xavier" follows I2DL: Var(w) = 1/n_in (catalog C6; n is the fan-in, not a number of samples);
Glorot's original is 2/(n_in + n_out); He/Kaiming is 2/n_in.
"""

from __future__ import annotations

from solvers.exact import Number, div, sqrt

SCHEMES = ("xavier", "glorot", "he")


def weighted_sum_variance(n: int, var_w: Number, var_x: Number) -> Number:
    """Var(sum_i w_i x_i) = n Var(w) Var(x) for zero-mean independent w, x (I1)."""
    return n * var_w * var_x


def init_variance(fan_in: int, scheme: str = "xavier", fan_out: int | None = None) -> Number:
    """Target weight variance (I1): xavier 1/n_in, glorot 2/(n_in + n_out), he 2/n_in."""
    if fan_in < 1:
        raise ValueError(f"fan_in must be >= 1, got {fan_in}")
    if scheme == "xavier":
        return div(1, fan_in)
    if scheme == "he":
        return div(2, fan_in)
    if scheme == "glorot":
        if fan_out is None or fan_out < 1:
            raise ValueError("the Glorot scheme needs fan_out >= 1")
        return div(2, fan_in + fan_out)
    raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")


def uniform_variance(low: Number, high: Number) -> Number:
    """Var(U(a, b)) = (b - a)^2 / 12 (I3)."""
    if high <= low:
        raise ValueError(f"need low < high, got {low}, {high}")
    return div((high - low) ** 2, 12)


def uniform_bound(variance: Number) -> Number:
    """alpha with Var(U(-alpha, alpha)) = alpha^2/3 = variance (I2): sqrt(3 variance)."""
    return sqrt(3 * variance)


def uniform_init_bound(fan_in: int, scheme: str = "xavier", fan_out: int | None = None) -> Number:
    """Uniform init bound for a scheme (I2): xavier sqrt(3/n) (catalog E3), he sqrt(6/n)."""
    return uniform_bound(init_variance(fan_in, scheme, fan_out))

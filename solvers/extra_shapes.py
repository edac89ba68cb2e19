"""Small solvers the shape, count, receptive-field, matrix and init templates need beyond the topic modules:
the inverse receptive-field question (catalog C1) and the raw moments of a uniform distribution (I3).

How deep must a stack be to see R pixels? A stack of stride-1 k x k convolutions grows its receptive field
linearly (k - 1 per layer); doubling the dilation per layer (1, 2, 4, ...) grows it exponentially, which is why
dilated stacks (WaveNet, context modules) reach a large field with few layers.
"""

from __future__ import annotations

from solvers.exact import Number, div
from solvers.receptive_field import receptive_field_chain

DILATION_SCHEDULES = ("constant", "doubling")


def stack_dilations(depth: int, schedule: str = "constant") -> list[int]:
    """Dilation of each layer of a stack: all 1 ('constant') or 1, 2, 4, ... ('doubling')."""
    if schedule not in DILATION_SCHEDULES:
        raise ValueError(f"schedule must be one of {DILATION_SCHEDULES}, got {schedule!r}")
    return [1 if schedule == "constant" else 2**i for i in range(depth)]


def layers_for_receptive_field(target: int, kernel: int = 3, schedule: str = "constant") -> int:
    """Smallest number of stride-1 kernel x kernel convolutions whose receptive field is >= target."""
    if kernel < 2:
        raise ValueError(f"a {kernel} x {kernel} kernel never grows the receptive field")
    if target < 1:
        raise ValueError(f"target must be >= 1, got {target}")
    # the undilated stack reaches the target after ceil((target - 1) / (kernel - 1)) layers; dilation only helps
    enough = -(-(target - 1) // (kernel - 1))
    chain = receptive_field_chain([(kernel, 1, d) for d in stack_dilations(enough, schedule)])
    return next((depth for depth, r in enumerate([1, *chain]) if r >= target))


def uniform_moments(low: Number, high: Number) -> tuple[Number, Number]:
    """Mean and second moment of U(low, high): (a + b)/2 and (b^3 - a^3) / (3(b - a)) = (a^2 + ab + b^2)/3."""
    if high <= low:
        raise ValueError(f"need low < high, got {low}, {high}")
    return div(low + high, 2), div(high**3 - low**3, 3 * (high - low))

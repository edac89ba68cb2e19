"""Dataset bookkeeping (catalog A9, J6)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def digit_sum_distribution(base: int = 10) -> dict[int, Fraction]:
    """Class frequencies of the sum of two uniform digits 0..base-1 (A9): 2*base - 1 classes,
    P(s) = (s + 1)/base^2 for s < base and (2 base - 1 - s)/base^2 above."""
    if base < 2:
        raise ValueError(f"base must be >= 2, got {base}")
    return {s: Fraction(min(s, 2 * base - 2 - s) + 1, base * base) for s in range(2 * base - 1)}


def split_counts(samples: int, percentages: Sequence[int] = (60, 20, 20)) -> list[int]:
    """Sizes of a train/val/test split (J6); the percentages must sum to 100 and divide evenly."""
    if sum(percentages) != 100 or min(percentages) < 0:
        raise ValueError(f"split percentages must be >= 0 and sum to 100, got {list(percentages)}")
    counts = [Fraction(samples * p, 100) for p in percentages]
    if any(c.denominator != 1 for c in counts):
        raise ValueError(f"{samples} samples do not split evenly into {list(percentages)} %")
    return [int(c) for c in counts]

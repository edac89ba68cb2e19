"""Dataset bookkeeping (catalog A9, J6)."""

from collections import Counter
from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.data import digit_sum_distribution, split_counts

F = Fraction


def test_a9_2022ss_sum_of_two_digits_has_19_classes():
    # A9, 001 2022SS 4.2/4.10/4.11: sums 0..18, s + 1 pairs for s <= 9 and 19 - s above
    dist = digit_sum_distribution()
    assert len(dist) == 19
    assert (dist[0], dist[9], dist[10], dist[18]) == (F(1, 100), F(10, 100), F(9, 100), F(1, 100))
    assert sum(dist.values()) == 1


def test_j6_2020_p5a_e7_split_of_5000_images_60_20_20():
    # J6 / E7, 002 P5a: 60/20/20 of 5 000; the student's 80/20/20 sums to 120 %
    assert split_counts(5000) == [3000, 1000, 1000]
    assert split_counts(5000, (80, 10, 10)) == [4000, 500, 500]
    with pytest.raises(ValueError, match="sum to 100"):
        split_counts(5000, (80, 20, 20))


def test_j6_uneven_split_is_reported():
    with pytest.raises(ValueError, match="evenly"):
        split_counts(1001, (70, 15, 15))


@settings(deadline=None)
@given(st.integers(2, 16))
def test_digit_sum_distribution_equals_enumeration(base):
    counts = Counter(a + b for a, b in product(range(base), repeat=2))
    assert digit_sum_distribution(base) == {s: F(c, base * base) for s, c in counts.items()}

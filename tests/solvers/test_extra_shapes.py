"""Inverse receptive-field questions (catalog C1): layers needed for a target receptive field."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from solvers.extra_shapes import layers_for_receptive_field, stack_dilations


def rf_backward(kernel: int, dilations: list[int]) -> int:
    """Independent method: walk back from one output pixel, r_in = r_out + d(k - 1) for stride 1."""
    r = 1
    for d in reversed(dilations):
        r += d * (kernel - 1)
    return r


def test_c1_three_3x3_convs_see_7_so_7_needs_three():
    # C1, 002 P4d: three 3x3 convs -> 7; two see only 5
    assert layers_for_receptive_field(7) == 3
    assert layers_for_receptive_field(6) == 3
    assert layers_for_receptive_field(5) == 2


def test_c1_doubling_dilations_reach_15_with_three_3x3_layers():
    # dilations 1, 2, 4 -> 3, 7, 15 (catalog C1 dilation example)
    assert stack_dilations(3, "doubling") == [1, 2, 4]
    assert layers_for_receptive_field(15, 3, "doubling") == 3
    assert layers_for_receptive_field(16, 3, "doubling") == 4
    assert layers_for_receptive_field(15, 3, "constant") == 7


def test_c1_target_one_needs_no_layer():
    assert layers_for_receptive_field(1, 5) == 0
    assert layers_for_receptive_field(2, 5) == 1


@given(st.integers(1, 400), st.sampled_from([2, 3, 5, 7]), st.sampled_from(["constant", "doubling"]))
def test_c1_answer_is_the_smallest_sufficient_depth(target, kernel, schedule):
    depth = layers_for_receptive_field(target, kernel, schedule)
    assert rf_backward(kernel, stack_dilations(depth, schedule)) >= target
    if depth:
        assert rf_backward(kernel, stack_dilations(depth - 1, schedule)) < target


@pytest.mark.parametrize(("args", "message"), [((10, 1), "never grows"), ((0, 3), "target"),
                                               ((10, 3, "tripling"), "schedule")])
def test_c1_invalid_requests_raise(args, message):
    with pytest.raises(ValueError, match=message):
        layers_for_receptive_field(*args)


def test_i3_uniform_moments_of_unit_interval_and_symmetric_intervals():
    from fractions import Fraction

    from solvers.extra_shapes import uniform_moments

    # U(0, 1): mean 1/2, E[x^2] = 1/3 (so Var = 1/12); U(-a, a): mean 0, E[x^2] = a^2/3 (catalog I2)
    assert uniform_moments(0, 1) == (Fraction(1, 2), Fraction(1, 3))
    assert uniform_moments(-3, 3) == (0, 3)
    assert uniform_moments(Fraction(-1, 2), 2) == (Fraction(3, 4), Fraction(1, 3) * (Fraction(1, 4) - 1 + 4))
    with pytest.raises(ValueError, match="low < high"):
        uniform_moments(2, 2)

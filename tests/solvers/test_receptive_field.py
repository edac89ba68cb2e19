"""Receptive field (catalog C1)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.receptive_field import receptive_field, receptive_field_chain

CONV3, POOL2 = (3, 1), (2, 2)


def backward_chain(layers):
    """Independent method: walk from one output unit back to the input, r_in = (r_out - 1) s + f_eff."""
    r, chain = 1, []
    for layer in reversed(layers):
        kernel, stride, dilation = (*layer, 1)[:3]
        r = (r - 1) * stride + dilation * (kernel - 1) + 1
        chain.append(r)
    return chain


def test_c1_endterm_2020_p4d_three_3x3_convs_see_7x7():
    # C1, 002 P4d: three 3x3 convs -> 7
    assert receptive_field([CONV3] * 3) == 7


def test_c1_000_conv_conv_pool_conv_conv_is_14():
    # C1, 000 'receptive field': conv3, conv3, pool2, conv3, conv3 -> 14
    layers = [CONV3, CONV3, POOL2, CONV3, CONV3]
    assert receptive_field_chain(layers) == [3, 5, 6, 10, 14]
    # the seed's chain 1 -> 3 -> 5 -> 10 -> 12 -> 14 is the backward recursion
    assert backward_chain(layers) == [3, 5, 10, 12, 14]


def test_c1_lecture9_two_3x3_convs_see_5x5():
    # C1, 001 lecture 9
    assert receptive_field([CONV3, CONV3]) == 5


def test_c1_2022ss_4_7_conv5_then_pool2_is_6():
    # C1, 001 2022SS 4.7 (catalog E19: r1 = 5, not 3; the factor is s1 only)
    assert receptive_field_chain([(5, 1), POOL2]) == [5, 6]


def test_c1_2021_3_2_strided_conv4_then_pool2_is_6():
    # C1, 001 2021 3.2: conv 4x4 stride 2, then 2x2 pool -> 4 + (2 - 1) * 2 = 6
    assert receptive_field([(4, 2), POOL2]) == 6


def test_c1_dilations_1_2_4_grow_exponentially():
    # C1 with f_eff = d(f - 1) + 1: 3x3 convs with dilation 1, 2, 4 -> 15
    assert receptive_field_chain([(3, 1, 1), (3, 1, 2), (3, 1, 4)]) == [3, 7, 15]


def test_c1_no_layers_sees_one_pixel():
    assert receptive_field([]) == 1


@pytest.mark.parametrize("layer", [(3, 0), (0, 1), (3, 1, 0), (3,)])
def test_c1_invalid_layers_raise(layer):
    with pytest.raises(ValueError):
        receptive_field([layer])


layer_strategy = st.tuples(st.integers(1, 7), st.integers(1, 3), st.integers(1, 4))


@settings(deadline=None)
@given(st.lists(layer_strategy, max_size=8))
def test_forward_recursion_equals_backward_recursion(layers):
    assert receptive_field(layers) == (backward_chain(layers)[-1] if layers else 1)

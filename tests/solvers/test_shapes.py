"""Shapes and sizes (catalog A1-A3, A5-A8)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.shapes import (
    conv2d_output_shape,
    conv2d_output_size,
    conv_stride_fits,
    conv_transpose2d_output_size,
    conv_weight_shape,
    detection_vector_length,
    padding_for,
    pixel_shuffle_shape,
    pool2d_output_shape,
    pool2d_output_size,
    yolo_output_shape,
)


def test_a1_endterm_2020_p4b_26_cubed_input_gives_8x8x5():
    # A1, 002 P4b: 26x26x3 input, 5 filters 7x7, stride 3, padding 1 -> 8x8x5
    assert conv2d_output_shape(26, 26, 5, kernel=7, stride=3, padding=1, layout="HWC") == (8, 8, 5)


def test_a1_lecture9_same_padding_keeps_32x32_with_10_filters():
    # A1, 001 lecture 9: 32x32x3, 10 filters 5x5, stride 1, pad 2 -> 32x32x10 (both layouts)
    assert conv2d_output_shape(32, 32, 10, kernel=5, padding=2, layout="HWC") == (32, 32, 10)
    assert conv2d_output_shape(32, 32, 10, kernel=5, padding=2) == (10, 32, 32)


def test_a1_lecture9_7x7_input_3x3_filter_and_illegal_stride_3():
    # A1, 001 lecture 9: N = 7, F = 3: stride 1 -> 5, stride 2 -> 3, stride 3 -> (7-3)/3 + 1 = 2.33 is illegal
    assert [conv2d_output_size(7, 3, s) for s in (1, 2)] == [5, 3]
    assert conv_stride_fits(7, 3, 1) and conv_stride_fits(7, 3, 2)
    assert not conv_stride_fits(7, 3, 3)
    assert conv2d_output_size(7, 3, 3) == 2  # PyTorch floors


def test_a1_floor_variant_64_same_padding_stride_2_gives_32():
    # A1 floor variant, 001 lecture 9: 64, F 3, P 1, S 2 -> floor(63/2) + 1 = 32
    assert conv2d_output_size(64, 3, stride=2, padding=1) == 32
    assert not conv_stride_fits(64, 3, stride=2, padding=1)


def test_a1_lecture9_valid_5x5_chain_shrinks_by_4():
    # A1, 001 lecture 9: 32 -> 28 -> 24 -> 20 with 5x5 filters and no padding
    sizes = [32]
    for _ in range(3):
        sizes.append(conv2d_output_size(sizes[-1], 5))
    assert sizes == [32, 28, 24, 20]


def test_a1_mock_ii7_gives_15x15x8():
    # A1, 001 Mock II.7: 32x32x3, 8 filters 6x6, stride 2, pad 1 -> 15x15x8
    assert conv2d_output_shape(32, 32, 8, kernel=6, stride=2, padding=1, layout="HWC") == (15, 15, 8)


def test_a1_endterm_2021_2_6_gives_6x10x10():
    # A1, 001 2021 2.6: 28x28x3, 6 filters 5x5, stride 3, pad 2 -> 6x10x10 (C x H x W)
    assert conv2d_output_shape(28, 28, 6, kernel=5, stride=3, padding=2) == (6, 10, 10)


def test_a1_inf5860_ex6_1_single_5x5x5_kernel_gives_28x28x1():
    # A1, 004 Ex 6.1: 32x32x5 input, one 5x5x5 kernel -> 28x28x1
    assert conv2d_output_shape(32, 32, 1, kernel=5, layout="HWC") == (28, 28, 1)


def test_a1_dilation_enlarges_the_kernel():
    # A1 formula with D: a 3x3 kernel with dilation 2 covers 5x5
    assert conv2d_output_size(7, 3, dilation=2) == 3


def test_a2_padding_modes_2022ss_4_1_triplet():
    # A2, 001 2022SS 4.1: a shape-preserving 3x3 conv is (k, s, p) = (3, 1, 1)
    assert padding_for(3, "same") == 1
    assert conv2d_output_size(28, 3, 1, padding_for(3, "same")) == 28
    assert [padding_for(5, m) for m in ("valid", "same", "full")] == [0, 2, 4]
    with pytest.raises(ValueError, match="odd kernel"):
        padding_for(4, "same")


def test_a3_pooling_halves_and_keeps_depth():
    # A3, 001 lecture 9: 2x2/S2 pooling, depth unchanged, (W - F)/S + 1
    assert pool2d_output_size(224, 2, 2) == 112
    assert pool2d_output_shape(64, 224, 224, 2, 2) == (64, 112, 112)
    assert pool2d_output_shape(64, 13, 13, 3, 2, layout="HWC") == (6, 6, 64)


def test_a5_weight_tensor_both_orders():
    # A5, 002 P4c / catalog C1 / MC b7: 4 filters 5x5 on RGB: PyTorch (4, 3, 5, 5), slides (3, 4, 5, 5)
    assert conv_weight_shape(3, 4, 5) == (4, 3, 5, 5)
    assert conv_weight_shape(3, 4, 5, order="in_out") == (3, 4, 5, 5)


def test_a6_transposed_conv_size_000_n_plus_2p_is_5():
    # A6 / E9: 2x2 input, 3x3 kernel, stride 2: 5x5 uncropped, 3x3 with padding 1
    assert conv_transpose2d_output_size(2, 3, stride=2) == 5
    assert conv_transpose2d_output_size(2, 3, stride=2, padding=1) == 3


def test_a7_pixel_shuffle_9x7x7_to_1x21x21():
    # A7, 000 'spatial upsampling': r = 3, 9x7x7 -> 1x21x21
    assert pixel_shuffle_shape(9, 7, 7, 3) == (1, 21, 21)
    with pytest.raises(ValueError, match="not divisible"):
        pixel_shuffle_shape(8, 7, 7, 3)


def test_a8_yolo_versions_e10():
    # A8 / E10: B = 2, C = 5: YOLOv1 S*S*(5B + C) = S*S*15, anchor-based S*S*B(5 + C) = S*S*20
    assert yolo_output_shape(7, 2, 5, "v1") == (7, 7, 15)
    assert yolo_output_shape(7, 2, 5, "anchors") == (7, 7, 20)
    assert yolo_output_shape(7, 2, 20) == (7, 7, 30)  # the original YOLO on VOC


def test_a8_single_object_detection_vector():
    # A8, 003 eq (58): (c0..cK, bx, by, bh, bw) for K = 3 classes has 8 entries
    assert detection_vector_length(3) == 8


@pytest.mark.parametrize(
    "args", [(5, 3, 0), (5, 7), (5, 3, 1, -1), (5, 3, 1, 0, 0)], ids=["stride0", "too-big", "neg-pad", "dil0"]
)
def test_invalid_conv_arguments_raise(args):
    with pytest.raises(ValueError):
        conv2d_output_size(*args)


def _window_positions(n: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """Count sliding-window placements on the padded input one by one."""
    extent = dilation * (kernel - 1) + 1
    return sum(1 for start in range(0, n + 2 * padding, stride) if start + extent <= n + 2 * padding)


@settings(deadline=None, max_examples=300)
@given(
    n=st.integers(1, 80), kernel=st.integers(1, 11), stride=st.integers(1, 4),
    padding=st.integers(0, 3), dilation=st.integers(1, 3),
)
def test_conv_size_equals_brute_force_window_count(n, kernel, stride, padding, dilation):
    positions = _window_positions(n, kernel, stride, padding, dilation)
    if positions == 0:
        with pytest.raises(ValueError):
            conv2d_output_size(n, kernel, stride, padding, dilation)
    else:
        assert conv2d_output_size(n, kernel, stride, padding, dilation) == positions


@settings(deadline=None, max_examples=200)
@given(n=st.integers(1, 30), kernel=st.integers(1, 7), stride=st.integers(1, 4), padding=st.integers(0, 3),
       data=st.data())
def test_transposed_conv_size_inverts_conv_size(n, kernel, stride, padding, data):
    output_padding = data.draw(st.integers(0, stride - 1))
    try:
        size = conv_transpose2d_output_size(n, kernel, stride, padding, output_padding)
    except ValueError:
        return  # padding crops everything
    assert conv2d_output_size(size, kernel, stride, padding) == n

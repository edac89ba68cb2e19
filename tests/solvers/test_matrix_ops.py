"""Operations on small matrices (catalog D1-D5)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.matrix_ops import (
    conv1d,
    conv1x1,
    conv2d,
    conv_transpose2d,
    maxpool2d_backward,
    pool2d,
    upsample_bilinear,
    upsample_nearest,
    zero_pad,
)
from solvers.shapes import conv2d_output_size

SHARPEN = [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]
LECTURE9_POOL_INPUT = [[3, 1, 3, 5], [6, 0, 7, 9], [3, 2, 1, 4], [0, 2, 4, 3]]
SIGNAL = [4, 3, 2, -5, 3, 5, 2, 5, 5, 6]
BOX3 = [Fraction(1, 3)] * 3
F = Fraction


def test_d1_lecture9_sharpen_filter():
    # D1, 001 lecture 9: the slide's 5x5 image convolved with the sharpen kernel
    image = [[-5, 3, 2, -5, 3], [4, 3, 2, 1, -3], [1, 0, 3, 3, 5], [-2, 0, 1, 4, 4], [5, 6, 7, 9, -1]]
    assert conv2d(image, SHARPEN) == [[6, 1, 8], [-7, 9, 2], [-5, -9, 3]]


def test_d1_stride_and_padding():
    # D1 with S = 2, P = 1: a 4x4 input gives a 3x3 output; border windows see the zero padding
    image = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]
    assert conv2d(image, [[1, 1], [1, 1]], stride=2, padding=1) == [[1, 5, 4], [14, 34, 20], [13, 29, 16]]


def test_d1_convolution_flips_asymmetric_kernels_only():
    # D1 caveat: cross-correlation vs convolution differ for C2 = [[1, -1], [1, -1]], agree for symmetric kernels
    image = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    c2 = [[1, -1], [1, -1]]
    assert conv2d(image, c2) == [[-2, -2], [-2, -2]]
    assert conv2d(image, c2, flip=True) == [[2, 2], [2, 2]]
    assert conv2d(image, SHARPEN, flip=True) == conv2d(image, SHARPEN)


def test_d2_lecture9_box_filter_valid_shrinks():
    # D2, 001 lecture 9: signal 4,3,2,-5,3,5,2,5,5,6 with box [1/3, 1/3, 1/3], "shrink"
    assert conv1d(SIGNAL, BOX3) == [3, 0, 0, 1, F(10, 3), 4, 4, F(16, 3)]


def test_d2_lecture9_box_filter_zero_padding_keeps_length():
    # D2, 001 lecture 9: zero padding gives 7/3 at the left and 11/3 at the right border
    out = conv1d(SIGNAL, BOX3, boundary="same")
    assert len(out) == 10 and out[0] == F(7, 3) and out[-1] == F(11, 3) and out[1:-1] == conv1d(SIGNAL, BOX3)


def test_e34_dilated_1d_conv_skips_inputs():
    # catalog E34: y[i] = sum_k x[i + r k] w[k]
    assert conv1d([1, 2, 3, 4, 5], [1, 10], dilation=2) == [31, 42, 53]


def test_d3_000_max_pool():
    # D3, 000: [[1,1,2,4],[5,6,7,8],[3,2,1,0],[1,2,3,4]] -> [[6,8],[3,4]]
    assert pool2d([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], 2) == [[6, 8], [3, 4]]


def test_d3_lecture9_max_and_average_pool():
    # D3, 001 lecture 9: max -> [[6,9],[3,4]], average -> [[2.5,6],[1.75,3]]
    assert pool2d(LECTURE9_POOL_INPUT, 2) == [[6, 9], [3, 4]]
    assert pool2d(LECTURE9_POOL_INPUT, 2, mode="avg") == [[F(5, 2), 6], [F(7, 4), 3]]


def test_d3_backward_2022ss_mc_1_7_three_quarters_of_derivatives_are_zero():
    # D3 backward, 001 2022SS MC 1.7: 2x2 max pool on unique values routes the gradient to the argmax only
    grad = maxpool2d_backward(LECTURE9_POOL_INPUT, [[1, 2], [3, 4]], 2)
    assert grad == [[0, 0, 0, 0], [1, 0, 0, 2], [3, 0, 0, 4], [0, 0, 0, 0]]
    assert sum(v == 0 for row in grad for v in row) == 12


def test_d3_overlapping_windows_accumulate_gradient():
    # D3 with 3x3/S2 windows: a shared maximum collects both upstream values
    image = [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 9, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]
    assert pool2d(image, 3, 2) == [[9, 9], [9, 9]]
    assert maxpool2d_backward(image, [[1, 2], [3, 4]], 3, 2)[2][2] == 10


def test_d4_e9_transposed_conv_stride2_pad1_is_3x3():
    # D4 / E9, 000 'transposed convolution': I = [[1,2],[3,4]], K = [[0,1,0],[1,2,1],[1,1,1]], S2 P1
    kernel = [[0, 1, 0], [1, 2, 1], [1, 1, 1]]
    assert conv_transpose2d([[1, 2], [3, 4]], kernel, stride=2, padding=1) == [[2, 3, 4], [4, 3, 6], [6, 7, 8]]


def test_d4_e9_seed_answer_is_the_uncropped_padding0_output():
    # D4 / E9: the seed's 5x5 answer [[0,1,0,2,0], ..., [3,3,7,4,4]] is the P = 0 result
    kernel = [[0, 1, 0], [1, 2, 1], [1, 1, 1]]
    out = conv_transpose2d([[1, 2], [3, 4]], kernel, stride=2)
    assert len(out) == 5 and out[0] == [0, 1, 0, 2, 0] and out[-1] == [3, 3, 7, 4, 4]


def test_d4_output_padding_adds_a_row_and_column():
    # D4 / A6: output_padding restores the cropped bottom/right border
    kernel = [[0, 1, 0], [1, 2, 1], [1, 1, 1]]
    out = conv_transpose2d([[1, 2], [3, 4]], kernel, stride=2, padding=1, output_padding=1)
    assert out == [[2, 3, 4, 2], [4, 3, 6, 2], [6, 7, 8, 4], [3, 7, 4, 4]]


def test_d5_000_nearest_neighbour_upsampling_x2():
    # D5, 000 / 001 lecture 10: [[1,2],[3,4]] -> 4x4 by replication
    assert upsample_nearest([[1, 2], [3, 4]], 2) == [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]


def test_d5_bilinear_upsampling_matches_pytorch_default():
    # D5: PyTorch F.interpolate(..., scale_factor=2, mode="bilinear", align_corners=False) on [[1,2],[3,4]]
    top_rows = [[1, F(5, 4), F(7, 4), 2], [F(3, 2), F(7, 4), F(9, 4), F(5, 2)]]
    assert upsample_bilinear([[1, 2], [3, 4]], 2)[:2] == top_rows
    corners = upsample_bilinear([[1, 2], [3, 4]], 2, align_corners=True)
    assert corners[0] == [1, F(4, 3), F(5, 3), 2] and corners[-1][-1] == 4


def test_d5_1x1_conv_mixes_channels_per_pixel():
    # D5: a 1x1 conv with weights [[2, 0]] scales channel 0 by 2; [[1, 1]] adds the channels
    channels = [[[1, 2], [3, 4]], [[10, 20], [30, 40]]]
    assert conv1x1(channels, [[2, 0], [1, 1]], bias=[0, 1]) == [[[2, 4], [6, 8]], [[12, 23], [34, 45]]]


def _ints(rows, cols):
    return st.lists(st.lists(st.integers(-5, 9), min_size=cols, max_size=cols), min_size=rows, max_size=rows)


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 7), st.integers(3, 7), st.integers(1, 3), st.integers(1, 2), st.integers(0, 1), st.data())
def test_conv2d_equals_numpy_sliding_windows(h, w, k, stride, padding, data):
    image = data.draw(_ints(h, w))
    kernel = data.draw(_ints(k, k))
    padded = np.pad(np.array(image), padding)
    windows = np.lib.stride_tricks.sliding_window_view(padded, (k, k))[::stride, ::stride]
    expected = np.einsum("ijab,ab->ij", windows, np.array(kernel))
    assert conv2d(image, kernel, stride, padding) == expected.tolist()


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6), st.integers(1, 3), st.integers(1, 3), st.integers(0, 2), st.data())
def test_transposed_conv_is_the_adjoint_of_conv(n, k, stride, padding, data):
    # <conv(x), y> = <x, conv_transpose(y)>, with output_padding chosen so the sizes match
    if n + 2 * padding < k:
        return
    m = conv2d_output_size(n, k, stride, padding)
    x, y, kernel = data.draw(_ints(n, n)), data.draw(_ints(m, m)), data.draw(_ints(k, k))
    output_padding = (n + 2 * padding - k) % stride
    back = conv_transpose2d(y, kernel, stride, padding, output_padding)
    assert np.vdot(conv2d(x, kernel, stride, padding), y) == np.vdot(x, back)


@settings(deadline=None, max_examples=60)
@given(st.integers(2, 6), st.integers(1, 3), st.integers(1, 3), st.sampled_from(["max", "avg"]), st.data())
def test_pooling_equals_numpy_window_reduction(n, k, stride, mode, data):
    if k > n:
        return
    image = data.draw(_ints(n, n))
    windows = np.lib.stride_tricks.sliding_window_view(np.array(image), (k, k))[::stride, ::stride]
    expected = windows.max(axis=(2, 3)) if mode == "max" else windows.sum(axis=(2, 3))
    result = pool2d(image, k, stride, mode)
    assert (result if mode == "max" else [[v * k * k for v in row] for row in result]) == expected.tolist()


@settings(deadline=None, max_examples=60)
@given(st.integers(2, 5), st.integers(1, 3), st.integers(1, 3), st.data())
def test_maxpool_backward_equals_finite_difference(n, k, stride, data):
    if k > n:
        return
    image = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1))).permutation(n * n).reshape(n, n).tolist()
    m = len(pool2d(image, k, stride))
    up = data.draw(_ints(m, m))
    grad = maxpool2d_backward(image, up, k, stride)
    half = F(1, 2)  # distinct integers: a nudge of 1/2 never changes an argmax
    for r in range(n):
        for c in range(n):
            bumped = [row[:] for row in image]
            bumped[r][c] += half
            diff = np.vdot(pool2d(bumped, k, stride), up) - np.vdot(pool2d(image, k, stride), up)
            assert grad[r][c] == diff / half


@settings(deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.data())
def test_nearest_upsampling_equals_kronecker_product(h, w, factor, data):
    image = data.draw(_ints(h, w))
    assert upsample_nearest(image, factor) == np.kron(image, np.ones((factor, factor), dtype=int)).tolist()


@settings(deadline=None)
@given(st.integers(2, 4), st.integers(1, 4), st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3))
def test_bilinear_align_corners_reproduces_linear_images(n, factor, a, b, c):
    image = [[a * i + b * j + c for j in range(n)] for i in range(n)]
    size = n * factor
    scale = F(n - 1, size - 1)
    expected = [[a * i * scale + b * j * scale + c for j in range(size)] for i in range(size)]
    assert upsample_bilinear(image, factor, align_corners=True) == expected


@settings(deadline=None)
@given(st.lists(st.integers(-5, 9), min_size=1, max_size=12), st.lists(st.integers(-3, 3), min_size=1, max_size=4))
def test_full_1d_convolution_with_flip_equals_numpy_convolve(signal, kernel):
    assert conv1d(signal, kernel, boundary="full", flip=True) == np.convolve(signal, kernel).tolist()


def test_zero_pad_surrounds_with_zeros():
    assert zero_pad([[5]], 1) == [[0, 0, 0], [0, 5, 0], [0, 0, 0]]


@pytest.mark.parametrize("bad", [[], [[1, 2], [3]]])
def test_ragged_or_empty_matrices_raise(bad):
    with pytest.raises(ValueError, match="rectangular"):
        conv2d(bad, [[1]])

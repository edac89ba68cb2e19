"""Parameter and multiply counts (catalog B1-B5, B7)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.counts import (
    batchnorm_param_count,
    bottleneck_mult_count,
    conv_mult_count,
    conv_param_count,
    depthwise_separable_mult_count,
    embedding_param_count,
    fc_as_conv,
    linear_param_count,
    mlp_param_count,
    rnn_param_count,
)
from solvers.shapes import conv2d_output_size


def test_b1_000_conv_counts_without_bias():
    # B1, 000: 3*3*3*32 = 864 and 3*3*32*64 = 18 432 weights
    assert conv_param_count(3, 3, 32, bias=False) == 864
    assert conv_param_count(3, 32, 64, bias=False) == 18_432


def test_b1_lecture9_ten_5x5x3_filters_have_760_parameters():
    # B1, 001 lecture 9: (5*5*3 + 1) * 10 = 760
    assert conv_param_count(5, 3, 10) == 760


def test_b1_2022ss_mc_1_3_one_1x1_filter_on_32_channels_is_33():
    # B1, 001 2022SS MC 1.3: input 16x32x64x64, one 1x1 filter with bias -> 33 (not 65, 17, 2 097 153)
    assert conv_param_count(1, 32, 1) == 33


def test_b2_lecture4_3_4_2_net_has_26_parameters():
    # B2, 001 lecture 4: 3-4-2 net: (3*4 + 4) + (4*2 + 2) = 26
    assert mlp_param_count([3, 4, 2]) == 26


def test_b2_2021_2_8_64_10_5_3_net_has_723_parameters():
    # B2, 001 2021 2.8
    assert mlp_param_count([64, 10, 5, 3]) == 723


def test_b2_000_cifar_fc_layer_is_about_1_5_million():
    # B2, 000 (and E11: 3072 = 32*32*3): 3072 -> 500
    assert linear_param_count(32 * 32 * 3, 500, bias=False) == 1_536_000
    assert linear_param_count(3072, 500) == 1_536_500


def test_b2_lecture3_16384_inputs():
    # B2, 001 lecture 3: 16 384 -> 10, and 16 384 -> 1000 -> 10
    assert linear_param_count(16_384, 10) == 163_850
    assert mlp_param_count([16_384, 1000, 10]) == 16_395_010


def test_b3_2022ss_7_3_bn_on_3_channels_has_6_learnable():
    # B3, 001 2022SS 7.3: input 8x3x32x64 -> 6 learnable (plus 6 running statistics)
    assert batchnorm_param_count(3) == (6, 6)


def test_b3_feb2022_4_5_three_bn_layers_have_112():
    # B3, 001 Feb2022 4.5: BN after 8, 16 and 32 channels -> 112
    assert sum(batchnorm_param_count(c)[0] for c in (8, 16, 32)) == 112


def test_b3_2021_2_13_bn_after_fc_is_2m_not_2():
    # B3, 001 2021 2.13 (catalog E28): 16 filters -> 32; after an FC layer with M outputs 2M, not 2
    assert batchnorm_param_count(16)[0] == 32
    assert batchnorm_param_count(10)[0] == 20


def test_b4_e1_rnn_x3_h5_has_45_parameters_not_40():
    # B4 / E1, 002 P6a: V (5x5) + W (5x3) + b (5) = 45; the student's 40 forgets the bias
    assert rnn_param_count(3, 5) == 45
    assert rnn_param_count(3, 5, bias="none") == 40
    assert rnn_param_count(3, 5, bias="pytorch") == 50


def test_b4_lstm_code_shapes_lecture11():
    # B4, 001 lecture 11: LSTM Wx D x 4H, Wh H x 4H, b 4H, hidden size 128
    d, h = 10, 128
    assert rnn_param_count(d, h, "lstm") == d * 4 * h + h * 4 * h + 4 * h


def test_b4_gru_has_fewer_parameters_than_lstm():
    # B4, 003 §12.6
    assert rnn_param_count(8, 16, "gru") == 3 * rnn_param_count(8, 16) < rnn_param_count(8, 16, "lstm")


def test_b4_embedding_table():
    # B4: V * d
    assert embedding_param_count(10_000, 300) == 3_000_000


def test_b5_lecture10_inception_bottleneck_470m_vs_41m():
    # B5, 001 lecture 10: 5x5 conv 200 -> 92 channels on 32x32: 471 040 000; with a 16-channel 1x1 bottleneck 40 960 000
    assert conv_mult_count(5, 200, 92, 32, 32) == 471_040_000
    assert sum(bottleneck_mult_count(5, 200, 16, 92, 32, 32)) == 40_960_000


def test_b5_lecture10_depthwise_separable_1228800_vs_4800_plus_49152():
    # B5, 001 lecture 10: 256 filters 5x5x3 on an 8x8 output vs depthwise + pointwise
    assert conv_mult_count(5, 3, 256, 8, 8) == 1_228_800
    assert depthwise_separable_mult_count(5, 3, 256, 8, 8) == (4_800, 49_152)


def test_b7_2022ss_4_5_fc_as_conv_stride_is_1_not_0():
    # B7 / E18, 001 2022SS 4.5: FC 28x28 -> 100 = 100 filters of 28x28, padding 0, stride 1 (stride 0 is invalid)
    spec = fc_as_conv(1, 28, 28, 100)
    assert spec == {"filters": 100, "kernel_h": 28, "kernel_w": 28, "c_in": 1, "stride": 1, "padding": 0}
    assert conv_param_count(28, 1, 100) == linear_param_count(28 * 28, 100)
    assert all(conv2d_output_size(28, 28, stride) == 1 for stride in (1, 2, 5))
    with pytest.raises(ValueError):
        conv2d_output_size(28, 28, stride=0)


@settings(deadline=None)
@given(st.integers(1, 7), st.integers(1, 16), st.integers(1, 16), st.booleans())
def test_conv_count_equals_size_of_weight_arrays(kernel, c_in, c_out, bias):
    arrays = [np.zeros((c_out, c_in, kernel, kernel))] + ([np.zeros(c_out)] if bias else [])
    assert conv_param_count(kernel, c_in, c_out, bias) == sum(a.size for a in arrays)


@settings(deadline=None)
@given(st.lists(st.integers(1, 40), min_size=2, max_size=5), st.booleans())
def test_mlp_count_equals_size_of_weight_arrays(sizes, bias):
    arrays = [np.zeros((b, a)) for a, b in zip(sizes, sizes[1:])]
    arrays += [np.zeros(b) for b in sizes[1:]] if bias else []
    assert mlp_param_count(sizes, bias) == sum(a.size for a in arrays)


@settings(deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.sampled_from(["rnn", "gru", "lstm"]),
       st.sampled_from(["none", "single", "pytorch"]))
def test_rnn_count_equals_size_of_pytorch_style_arrays(d, h, cell, bias):
    gates = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
    arrays = [np.zeros((gates * h, d)), np.zeros((gates * h, h))]  # weight_ih, weight_hh
    arrays += [np.zeros(gates * h)] * {"none": 0, "single": 1, "pytorch": 2}[bias]
    assert rnn_param_count(d, h, cell, bias) == sum(a.size for a in arrays)


@settings(deadline=None)
@given(st.integers(1, 5), st.integers(1, 32), st.integers(1, 32), st.integers(1, 8), st.integers(1, 8))
def test_conv_mult_count_equals_explicit_loop_count(kernel, c_in, c_out, h, w):
    # one multiply per (output position, output channel, kernel tap, input channel)
    taps = np.ones((c_out, h, w, kernel, kernel, c_in), dtype=np.int8)
    assert conv_mult_count(kernel, c_in, c_out, h, w) == int(taps.sum(dtype=np.int64))

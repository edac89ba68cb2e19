"""Shape tracing and network parameter totals (catalog A4, B6)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.architecture import (
    LENET5,
    Conv,
    Flatten,
    GlobalAvgPool,
    Linear,
    Pool,
    flatten_size,
    network_param_count,
    trace_shapes,
    vgg_layers,
)
from solvers.matrix_ops import conv2d, pool2d

BLOCK = [Conv(16, 3, padding=1), Pool(2)]


def test_a4_2022ss_4_3_two_blocks_on_28_give_784():
    # A4, 001 2022SS 4.3: 28 -> 14 -> 7, k = 16*7*7 = 784
    assert flatten_size((1, 28, 28), BLOCK * 2) == 784


def test_a4_feb2022_4_2_three_blocks_on_80_give_3200():
    # A4, 001 Feb2022 4.2: 80 -> 40 -> 20 -> 10 with 32 channels, x = 3200
    layers = [Conv(8, 3, padding=1), Pool(2), Conv(16, 3, padding=1), Pool(2), Conv(32, 3, padding=1), Pool(2)]
    assert [s[1] for s in trace_shapes((3, 80, 80), layers)] == [80, 40, 40, 20, 20, 10]
    assert flatten_size((3, 80, 80), layers) == 3200


def test_a4_lecture10_lenet_32_28_14_10_5():
    # A4, 001 lecture 10: LeNet 32 -> 28 -> 14 -> 10 -> 5, then 400 -> 120 -> 84 -> 10
    assert trace_shapes((1, 32, 32), LENET5) == [
        (6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5), (400,), (120,), (84,), (10,),
    ]


def test_a3_global_average_pooling_gives_1x1xc():
    # A3: global average pooling gives 1x1xC
    assert trace_shapes((3, 32, 32), [Conv(64, 3), GlobalAvgPool()])[-1] == (64, 1, 1)


def test_b6_lenet5_has_61706_parameters():
    # B6, 001 lecture 10: LeNet-5 about 60k
    assert network_param_count((1, 32, 32), LENET5) == 61_706


def test_b6_vgg16_has_138357544_parameters():
    # B6, 001 lecture 10 / 002 P1a: VGG-16 = 138 357 544
    assert network_param_count((3, 224, 224), vgg_layers("D")) == 138_357_544


def test_b6_vgg_table_133_133_134_138_144_million():
    # B6, 001 lecture 10 (VGG table, A and A-LRN share a column)
    millions = [round(network_param_count((3, 224, 224), vgg_layers(c)) / 1e6) for c in "ABCDE"]
    assert millions == [133, 133, 134, 138, 144]


conv_spec = st.builds(Conv, filters=st.just(1), kernel=st.integers(1, 3), stride=st.integers(1, 2),
                      padding=st.integers(0, 1))
pool_spec = st.builds(Pool, kernel=st.integers(1, 2))


@settings(max_examples=40, deadline=None)
@given(st.integers(6, 14), st.lists(st.one_of(conv_spec, pool_spec), min_size=1, max_size=3))
def test_traced_shapes_match_actually_running_the_layers(size, layers):
    image = np.arange(size * size).reshape(size, size).tolist()
    try:
        shapes = trace_shapes((1, size, size), layers)
    except ValueError:
        return  # the input became too small for a layer
    for layer, shape in zip(layers, shapes):
        if isinstance(layer, Conv):
            image = conv2d(image, [[1] * layer.kernel] * layer.kernel, layer.stride, layer.padding)
        else:
            image = pool2d(image, layer.kernel)
        assert (1, len(image), len(image[0])) == shape


@settings(deadline=None)
@given(st.integers(1, 4), st.integers(4, 12), st.lists(st.integers(1, 8), min_size=1, max_size=3))
def test_network_count_equals_sum_of_weight_array_sizes(c_in, size, widths):
    layers, arrays, c = [], [], c_in
    for width in widths:
        layers.append(Conv(width, 3, padding=1))
        arrays += [np.zeros((width, c, 3, 3)), np.zeros(width)]
        c = width
    layers += [Flatten(), Linear(5)]
    arrays += [np.zeros((5, c * size * size)), np.zeros(5)]
    assert network_param_count((c_in, size, size), layers) == sum(a.size for a in arrays)

"""question_bank/shapes.py: every template's previews against the NumPy mini-network or brute force."""

from __future__ import annotations


import numpy as np
import pytest

from solvers.nn import AvgPool2d, Conv2d, ConvTranspose2d, Linear, MaxPool2d

from conftest import answers_for, check_previews



def out_shape(layers: list, input_shape: tuple[int, ...]) -> list[int]:
    """Shape (without the batch axis) after running a zero tensor through mini-network layers."""
    x = np.zeros((1, *input_shape))
    for layer in layers:
        x = layer(x)
    return list(x.shape[1:])


def window_positions(n: int, span: int, padding: int) -> int:
    """Positions of a window spanning `span` pixels on a padded side, stride 1, counted one by one."""
    return sum(1 for start in range(n + 2 * padding) if start + span <= n + 2 * padding)


def check_padding_modes(p: dict, a: dict) -> None:
    taps = [p["d"] * t for t in range(p["k"])]  # tap offsets of the dilated kernel
    span = taps[-1] + 1
    same = [pad for pad in range(span) if window_positions(p["n"], span, pad) == p["n"]]
    # full: the largest padding at which the first window still has a tap on an input pixel
    full = max(pad for pad in range(2 * span) if any(pad <= t < pad + p["n"] for t in taps))
    assert [a["p_same"]] == same and a["p_full"] == full
    assert a["out_valid"] == window_positions(p["n"], span, 0) == out_shape([Conv2d(1, 1, p["k"], dilation=p["d"])],
                                                                           (1, p["n"], p["n"]))[1]
    assert a["out_full"] == window_positions(p["n"], span, full)


def check_pool_output_shape(p: dict, a: dict) -> None:
    first = MaxPool2d(p["f1"], p["s1"])
    assert a["shape1"] == out_shape([first], (p["c"], p["n"], p["n"]))
    assert a["shape2"] == out_shape([first, AvgPool2d(p["f2"], p["s2"])], (p["c"], p["n"], p["n"]))


def check_shape_trace(p: dict, a: dict) -> None:
    layers, channels = [], p["c_in"]
    for k, pad, filters in zip(p["kernels"], p["pads"], p["filters"]):
        layers += [Conv2d(channels, filters, k, padding=pad), MaxPool2d(2)]
        channels = filters
    assert a["block1"] == out_shape(layers[:2], (p["c_in"], p["n"], p["n"]))
    assert a["block3"] == out_shape(layers, (p["c_in"], p["n"], p["n"]))
    assert a["k"] == int(np.prod(a["block3"]))
    assert a["fc_params"] == sum(v.size for v in Linear(a["k"], p["n_out"]).params.values())


def check_weight_tensor_shapes(p: dict, a: dict) -> None:
    first = Conv2d(p["c_in"], p["f1"], p["k1"], stride=p["s1"], padding=p["k1"] // 2)
    second = Conv2d(p["f1"], p["f2"], p["k2"], padding=p["k2"] // 2)
    assert a["w1"] == list(first.params["weight"].shape) and a["w2"] == list(second.params["weight"].shape)
    assert out_shape([first, second], (p["c_in"], 9, 9))[0] == p["f2"]  # the two layers chain


def check_transposed_conv_shape(p: dict, a: dict) -> None:
    first = ConvTranspose2d(p["c0"], p["c1"], p["k1"], p["s1"], p["p1"])
    second = ConvTranspose2d(p["c1"], p["c2"], p["k2"], p["s2"], p["p2"], output_padding=p["op2"])
    assert a["shape1"] == out_shape([first], (p["c0"], p["n"], p["n"]))
    assert a["shape2"] == out_shape([first, second], (p["c0"], p["n"], p["n"]))


def pixel_shuffle(x: np.ndarray, r: int) -> np.ndarray:
    """PyTorch's PixelShuffle on one (C r^2, H, W) tensor: out[c, h r + i, w r + j] = x[c r^2 + i r + j, h, w]."""
    c, h, w = x.shape[0] // (r * r), x.shape[1], x.shape[2]
    out = np.empty((c, h * r, w * r))
    for ch in range(c):
        for i in range(r):
            for j in range(r):
                out[ch, i::r, j::r] = x[ch * r * r + i * r + j]
    return out


def check_pixel_shuffle_shape(p: dict, a: dict) -> None:
    conv = Conv2d(p["c_in"], a["filters"], 3, padding=1)
    assert a["conv_shape"] == out_shape([conv], (p["c_in"], p["h"], p["w"]))
    features = np.arange(np.prod(a["conv_shape"]), dtype=float).reshape(a["conv_shape"])
    shuffled = pixel_shuffle(features, p["r"])
    assert a["out_shape"] == list(shuffled.shape) and a["out_shape"][0] == p["c_out"]
    assert sorted(shuffled.ravel()) == sorted(features.ravel())  # a rearrangement, nothing lost


def check_yolo_output_shape(p: dict, a: dict) -> None:
    box = ["x", "y", "w", "h", "confidence"]
    classes = [f"class {c}" for c in range(p["classes"])]
    grid = len(range(0, p["image"], p["stride"]))
    v1_cell = box * p["boxes"] + classes
    anchor_cell = [v for _ in range(p["boxes"]) for v in box + classes]
    assert a["grid"] == grid
    assert a["v1"] == [grid, grid, len(v1_cell)] and a["anchors"] == [grid, grid, len(anchor_cell)]
    assert a["predicted"] == grid * grid * p["boxes"]


CHECKS = {
    "cnn.padding_modes": check_padding_modes,
    "cnn.pool_output_shape": check_pool_output_shape,
    "cnn.shape_trace": check_shape_trace,
    "cnn.weight_tensor_shapes": check_weight_tensor_shapes,
    "cnn.transposed_conv_shape": check_transposed_conv_shape,
    "cnn.pixel_shuffle_shape": check_pixel_shuffle_shape,
    "cnn.yolo_output_shape": check_yolo_output_shape,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid)


def test_a2_same_and_full_padding_of_a_3x3_kernel() -> None:
    # A2, 001 lecture 9 / 003 §7.7: F = 3 -> same P = 1, full P = 2
    answers = answers_for("cnn.padding_modes", {"n": 32, "k": 3, "d": 1})
    assert answers == {"p_same": 1, "p_full": 2, "out_valid": 30, "out_full": 34}


def test_a4_feb2022_80_pixels_through_three_blocks_flatten_to_3200() -> None:
    # A4, 001 Feb2022 4.2: 80 -> 40 -> 20 -> 10 with 32 channels, x = 3200
    params = {"c_in": 3, "n": 80, "kernels": [3, 3, 3], "pads": [1, 1, 1], "filters": [8, 16, 32], "n_out": 10}
    answers = answers_for("cnn.shape_trace", params)
    assert answers["block1"] == [8, 40, 40] and answers["block3"] == [32, 10, 10] and answers["k"] == 3200
    assert answers["fc_params"] == 3201 * 10


def test_a5_endterm_2020_four_5x5_filters_on_rgb_are_4_3_5_5() -> None:
    # A5, 002 P4c / catalog C1: 4 filters 5x5 on RGB -> PyTorch (4, 3, 5, 5)
    params = {"batch": 8, "c_in": 3, "n": 32, "f1": 4, "k1": 5, "s1": 1, "f2": 8, "k2": 3}
    assert answers_for("cnn.weight_tensor_shapes", params) == {"w1": [4, 3, 5, 5], "w2": [8, 4, 3, 3]}


def test_a7_pixel_shuffle_9x7x7_by_3_gives_1x21x21() -> None:
    # A7, 000 'spatial upsampling': r = 3, (9, 7, 7) -> (1, 21, 21)
    answers = answers_for("cnn.pixel_shuffle_shape", {"c_in": 64, "h": 7, "w": 7, "r": 3, "c_out": 1})
    assert answers == {"filters": 9, "conv_shape": [9, 7, 7], "out_shape": [1, 21, 21]}


def test_a8_yolo_v1_on_448_is_7x7x30_and_anchor_based_7x7x50() -> None:
    # A8 / catalog E10: S = 7, B = 2, C = 20 -> v1 S*S*(5B + C) = 30 deep, anchor-based S*S*B(5 + C) = 50 deep
    answers = answers_for("cnn.yolo_output_shape", {"image": 448, "stride": 64, "boxes": 2, "classes": 20})
    assert answers == {"grid": 7, "v1": [7, 7, 30], "anchors": [7, 7, 50], "predicted": 98}

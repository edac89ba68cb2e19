"""question_bank/counts.py: parameter counts read off the NumPy mini-network's layers, multiplication counts by
counting weight uses, and the FC-as-conv equivalence checked numerically."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from solvers.nn import Conv2d, Linear, LSTMCell, Module, RNNCell

from conftest import answers_for, check_previews



def size(module: Module) -> int:
    """Number of learnable values of a mini-network layer."""
    return sum(v.size for v in module.params.values())


def positions(n: int, k: int, stride: int, pad: int) -> int:
    """Window positions along one side, counted one by one on the padded input."""
    return sum(1 for start in range(0, n + 2 * pad, stride) if start + k <= n + 2 * pad)


def check_conv_params(p: dict, a: dict) -> None:
    assert a["params1"] == size(Conv2d(p["c_in"], p["c1"], p["k1"], p["s1"], p["pad"]))
    assert a["params2"] == size(Conv2d(p["c1"], p["c2"], p["k2"], bias=False))
    assert a["activations"] == p["c1"] * positions(p["n"], p["k1"], p["s1"], p["pad"]) ** 2


def check_mlp_params(p: dict, a: dict) -> None:
    sizes = [p["c"] * p["side"] ** 2, p["h1"], p["h2"], p["classes"]]
    layers = [Linear(n_in, n_out) for n_in, n_out in zip(sizes, sizes[1:])]
    assert a["first"] == size(layers[0]) and a["total"] == sum(size(layer) for layer in layers)


def gru_size(d: int, h: int, bias_vectors: int) -> int:
    """PyTorch's GRU shapes: weight_ih (3H, D), weight_hh (3H, H), bias_ih and bias_hh (3H) each."""
    shapes = [(3 * h, d), (3 * h, h)] + [(3 * h,)] * bias_vectors
    return sum(int(np.prod(s)) for s in shapes)


def check_rnn_params(p: dict, a: dict) -> None:
    convention = {"single": "single", "pytorch": "double"}[p["bias"]]
    assert a["embedding"] == np.zeros((p["vocab"], p["d"])).size
    assert a["rnn"] == size(RNNCell(p["d"], p["h"], bias=convention))
    assert a["lstm"] == size(LSTMCell(p["d"], p["h"], bias=convention))
    assert a["gru"] == gru_size(p["d"], p["h"], 1 if p["bias"] == "single" else 2)


def check_separable_mults(p: dict, a: dict) -> None:
    # every weight is used once per output position; same padding keeps n positions per side
    uses = positions(p["n"], p["k"], 1, (p["k"] - 1) // 2) ** 2
    assert uses == p["n"] ** 2
    standard = size(Conv2d(p["c_in"], p["c_out"], p["k"], bias=False)) * uses
    depthwise = p["c_in"] * size(Conv2d(1, 1, p["k"], bias=False)) * uses
    pointwise = size(Conv2d(p["c_in"], p["c_out"], 1, bias=False)) * uses
    assert (a["standard"], a["depthwise"], a["pointwise"]) == (standard, depthwise, pointwise)
    assert Fraction(a["speedup"]) == Fraction(standard, depthwise + pointwise)


def check_fc_as_conv(p: dict, a: dict) -> None:
    rng = np.random.default_rng(0)
    c, side, n_out = p["c"], p["side"], p["n_out"]
    fc = Linear(c * side * side, n_out, rng=rng)
    conv = Conv2d(c, a["filters"], a["kernel"], padding=a["padding"])
    conv.set_params(weight=fc.params["weight"].reshape(n_out, c, side, side), bias=fc.params["bias"])
    x = rng.normal(size=(1, c, side, side))
    assert np.allclose(conv(x).reshape(-1), fc(x.reshape(1, -1)).reshape(-1))  # the same numbers
    assert a["params"] == size(conv) == size(fc)
    big = side + p["grow"]
    assert a["big_shape"] == list(conv(np.zeros((1, c, big, big))).shape[1:])


CHECKS = {
    "counts.conv_params": check_conv_params,
    "counts.mlp_params": check_mlp_params,
    "counts.rnn_params": check_rnn_params,
    "counts.separable_mults": check_separable_mults,
    "counts.fc_as_conv": check_fc_as_conv,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid)


def test_b1_lecture9_ten_5x5_filters_on_rgb_have_760_parameters() -> None:
    # B1, 001 lecture 9: (5*5*3 + 1) * 10 = 760
    params = {"c_in": 3, "n": 32, "c1": 10, "k1": 5, "s1": 1, "pad": 2, "c2": 16, "k2": 1}
    assert answers_for("counts.conv_params", params) == {"params1": 760, "params2": 160, "activations": 10240}


def test_b2_cifar_image_into_500_hidden_units_is_about_1_5_million() -> None:
    # B2, 000 / catalog E11: 32*32*3 = 3072 inputs, 500 units -> (3072 + 1) * 500 = 1 536 500
    params = {"c": 3, "side": 32, "h1": 500, "h2": 100, "classes": 10}
    assert answers_for("counts.mlp_params", params) == {"first": 1536500, "total": 1536500 + 50100 + 1010}


@pytest.mark.parametrize(("bias", "rnn"), [("single", 45), ("pytorch", 50)])
def test_b4_endterm_2020_p6a_rnn_with_x3_h5_has_45_parameters(bias: str, rnn: int) -> None:
    # B4, 002 P6a / catalog E1: V (5x5) + W (5x3) + b (5) = 45; PyTorch's second bias adds 5
    answers = answers_for("counts.rnn_params", {"vocab": 1000, "d": 3, "h": 5, "bias": bias})
    assert answers == {"embedding": 3000, "rnn": rnn, "lstm": 4 * rnn, "gru": 3 * rnn}


def test_b5_separable_3x3_on_16_to_32_channels_is_288_over_41_times_cheaper() -> None:
    # B5 by hand: 9*16*32*64 = 294 912 vs 9*16*64 + 16*32*64 = 9 216 + 32 768; ratio 9*32/(9 + 32)
    answers = answers_for("counts.separable_mults", {"c_in": 16, "c_out": 32, "n": 8, "k": 3})
    assert answers == {"standard": 294912, "depthwise": 9216, "pointwise": 32768, "speedup": "288/41"}


def test_b7_fc_on_16x7x7_is_ten_7x7_filters_sliding_over_a_larger_map() -> None:
    # B7, catalog: n filters of size H x W, padding 0; a 9 x 9 map gives a 3 x 3 grid of score vectors
    answers = answers_for("counts.fc_as_conv", {"c": 16, "side": 7, "n_out": 10, "grow": 2})
    assert answers == {"filters": 10, "kernel": 7, "padding": 0, "params": 7850, "big_shape": [10, 3, 3]}

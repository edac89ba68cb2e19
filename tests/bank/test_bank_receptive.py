"""question_bank/receptive.py: receptive fields by walking back from one output pixel (the templates go forward)."""

from __future__ import annotations

import json

import pytest

from solvers.nn import Conv2d

from conftest import answers_for, check_previews, run_cli



def rf_backward(layers: list[tuple[int, int, int]]) -> int:
    """Receptive field by walking back from one output pixel: r_in = (r_out - 1) s + d(k - 1) + 1."""
    r = 1
    for k, s, d in reversed(layers):
        r = (r - 1) * s + d * (k - 1) + 1
    return r


def check_layer_table(p: dict, a: dict) -> None:
    layers = [(k, s, d) for _, k, s, d in p["layers"]]
    assert 4 <= len(layers) <= 6 and any(d > 1 for _, _, d in layers)
    assert a["rf3"] == rf_backward(layers[:3]) and a["rf"] == rf_backward(layers)
    jump = 1
    for _, s, _ in layers:
        jump *= s
    assert a["jump"] == jump


def smallest_depth(target: int, kernel: int, doubling: bool) -> int:
    """Add layers one at a time until the backward-walked receptive field reaches the target."""
    depth = 0
    while rf_backward([(kernel, 1, 2**i if doubling else 1) for i in range(depth)]) < target:
        depth += 1
    return depth


def check_layers_needed(p: dict, a: dict) -> None:
    assert a["plain"] == smallest_depth(p["target"], p["k"], doubling=False)
    assert a["dilated"] == smallest_depth(p["target"], p["k"], doubling=True)
    layer = Conv2d(p["c"], p["c"], p["k"], bias=False)
    assert a["weights"] == a["plain"] * layer.params["weight"].size


CHECKS = {
    "receptive.layer_table": check_layer_table,
    "receptive.layers_needed": check_layers_needed,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid)


def test_c1_dilations_1_2_4_then_a_pool() -> None:
    # C1: 3x3 convs with dilation 1, 2, 4 see 3, 7, 15; a 2x2/2 pool adds (2 - 1) * 1 -> 16
    layers = [["conv", 3, 1, 1], ["conv", 3, 1, 2], ["conv", 3, 1, 4], ["pool", 2, 2, 1]]
    assert answers_for("receptive.layer_table", {"layers": layers}) == {"rf3": 15, "rf": 16, "jump": 2}


def test_c1_classic_stack_with_a_dilated_conv_after_the_pool() -> None:
    # C1, 000 'receptive field': conv3, conv3, pool2, conv3 -> 3, 5, 6, 10; a dilation-2 conv3 then adds 4 * 2
    layers = [["conv", 3, 1, 1], ["conv", 3, 1, 1], ["pool", 2, 2, 1], ["conv", 3, 1, 1], ["conv", 3, 1, 2]]
    assert answers_for("receptive.layer_table", {"layers": layers}) == {"rf3": 6, "rf": 18, "jump": 2}


def test_c1_fifteen_pixels_need_seven_plain_or_three_doubling_3x3_layers() -> None:
    # C1: 1 + 2L >= 15 -> L = 7; dilations 1, 2, 4 -> 15 with 3 layers
    answers = answers_for("receptive.layers_needed", {"target": 15, "k": 3, "c": 16})
    assert answers == {"plain": 7, "dilated": 3, "weights": 7 * 9 * 16 * 16}


def test_c1_layer_table_rejects_a_stack_without_dilation() -> None:
    layers = [["conv", 3, 1, 1], ["conv", 3, 1, 1], ["pool", 2, 2, 1], ["conv", 3, 1, 1]]
    result = run_cli("preview", "receptive.layer_table", "--params", json.dumps({"layers": layers}))
    assert result.exit_code == 1 and "violate the template's `where` condition" in result.stderr

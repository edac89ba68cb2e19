"""question_bank/matrices.py: matrix answers against the NumPy mini-network and numpy written out here."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from solvers.nn import AvgPool2d, Conv2d, ConvTranspose2d, MaxPool2d, conv2d

from conftest import answers_for, check_previews



def exact(answer: list) -> np.ndarray:
    """An exact matrix/vector answer ("p/q" strings allowed) as floats."""
    return np.vectorize(lambda v: float(Fraction(v)), otypes=[float])(np.array(answer, dtype=object))


def image(matrix: list) -> np.ndarray:
    """A matrix as a (1, 1, H, W) tensor."""
    return np.array(matrix, dtype=float)[None, None]


def check_cross_correlation(p: dict, a: dict) -> None:
    x, k = image(p["image"]), image(p["kernel"])
    expected = conv2d(x, k, (p["stride"],) * 2, (p["padding"],) * 2, (1, 1))[0, 0]
    assert np.array_equal(exact(a["out"]), expected)
    padded = np.pad(np.array(p["image"]), p["padding"])
    assert a["flipped"] == int(np.sum(padded[:3, :3] * np.flip(np.array(p["kernel"]))))
    assert a["flipped"] != a["out"][0][0]


def check_conv1d_boundary(p: dict, a: dict) -> None:
    x = np.array(p["signal"], dtype=float)
    w = exact(p["kernel"])
    assert exact(a["valid"]) == pytest.approx(np.correlate(x, w, "valid"), abs=1e-12)
    assert exact(a["same"]) == pytest.approx(np.correlate(x, w, "same"), abs=1e-12)


def check_pooling(p: dict, a: dict) -> None:
    x = image(p["x"])
    assert len(np.unique(x)) == 16
    assert np.array_equal(exact(a["max"]), MaxPool2d(2)(x)[0, 0])
    assert np.array_equal(exact(a["avg"]), AvgPool2d(2)(x)[0, 0])
    assert np.array_equal(exact(a["overlap"]), MaxPool2d(3, 1)(x)[0, 0])


def check_transposed_conv(p: dict, a: dict) -> None:
    layer = ConvTranspose2d(1, 1, 3, p["stride"], p["padding"], bias=False)
    layer.set_params(weight=image(p["kernel"]))
    out = layer(image(p["x"]))[0, 0]
    assert a["size"] == out.shape[0] == out.shape[1] and np.array_equal(exact(a["out"]), out)
    # adjoint identity <conv(y), x> = <y, conv_transpose(x)> for a random y of the output's size
    y = np.random.default_rng(1).normal(size=(1, 1, *out.shape))
    forward = conv2d(y, image(p["kernel"]), (p["stride"],) * 2, (p["padding"],) * 2, (1, 1))
    assert np.sum(forward * image(p["x"])) == pytest.approx(np.sum(y[0, 0] * out))


def check_upsample_and_1x1(p: dict, a: dict) -> None:
    assert np.array_equal(exact(a["up"]), np.kron(np.array(p["a"]), np.ones((2, 2))))
    layer = Conv2d(2, 2, 1)
    layer.set_params(weight=np.array(p["w"], dtype=float)[:, :, None, None], bias=p["b"])
    out = layer(np.array([p["x1"], p["x2"]], dtype=float)[None])[0]
    assert np.array_equal(exact(a["out1"]), out[0]) and np.array_equal(exact(a["out2"]), out[1])


CHECKS = {
    "matrices.cross_correlation": check_cross_correlation,
    "matrices.conv1d_boundary": check_conv1d_boundary,
    "matrices.pooling": check_pooling,
    "matrices.transposed_conv": check_transposed_conv,
    "matrices.upsample_and_1x1": check_upsample_and_1x1,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid)


def test_d2_lecture9_box_filter_on_the_first_seven_samples() -> None:
    # D2, 001 lecture 9 signal 4, 3, 2, -5, 3, 5, 2 (first seven samples) with the box [1/3, 1/3, 1/3]
    answers = answers_for("matrices.conv1d_boundary", {"signal": [4, 3, 2, -5, 3, 5, 2], "kernel": ["1/3"] * 3})
    assert answers == {"valid": [3, 0, 0, 1, "10/3"], "same": ["7/3", 3, 0, 0, 1, "10/3", "7/3"]}


def test_d4_stride_2_padding_1_is_the_cropped_result_not_the_seed() -> None:
    # D4, 000 'transposed convolution' / catalog E9: PyTorch semantics crop the seed's 5x5 to a 3x3
    params = {"x": [[1, 2], [3, 4]], "kernel": [[0, 1, 0], [1, 2, 1], [1, 1, 1]], "stride": 2, "padding": 1}
    assert answers_for("matrices.transposed_conv", params) == {"size": 3, "out": [[2, 3, 4], [4, 3, 6], [6, 7, 8]]}


def test_d5_nearest_neighbour_doubles_1_2_3_4() -> None:
    # D5, 000: [[1, 2], [3, 4]] -> 4 x 4 blocks
    params = {"a": [[1, 2], [3, 4]], "x1": [[1, 0], [0, 1]], "x2": [[2, 1], [1, 2]], "w": [[1, 1], [2, -1]],
              "b": [0, 1]}
    answers = answers_for("matrices.upsample_and_1x1", params)
    assert answers["up"] == [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]
    assert answers["out1"] == [[3, 1], [1, 3]] and answers["out2"] == [[1, 0], [0, 1]]


def test_d3_pooling_of_distinct_values() -> None:
    # D3 by hand: quadrant maxima and means; the 3x3 windows share the middle block
    x = [[1, 9, 2, 4], [5, 6, 7, 8], [3, 12, 10, 0], [11, 13, 14, 15]]
    answers = answers_for("matrices.pooling", {"x": x})
    assert answers == {"max": [[9, 8], [13, 15]], "avg": [["21/4", "21/4"], ["39/4", "39/4"]],
                       "overlap": [[12, 12], [14, 15]]}

"""question_bank/loss_values.py: previews checked by independent methods (numpy, logaddexp, explicit sums),
plus known answers from the catalog."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from conftest import answers_for, check_previews


def F(value: int | str) -> Fraction:
    """A JSON exact number ("p/q" or int) as a Fraction."""
    return Fraction(value)


def check_softmax_probabilities(p: dict, a: dict) -> None:
    z = np.array(p["z"], dtype=float)
    probs = np.exp(z) / np.exp(z).sum()
    assert a["probs"] == pytest.approx(list(probs), abs=1e-12)
    doubled = np.exp(2 * z) / np.exp(2 * z).sum()
    assert a["top_doubled"] == pytest.approx(doubled.max(), abs=1e-12)
    assert a["top_doubled"] > max(a["probs"])  # doubling sharpens the distribution


def check_binary_hinge_bce(p: dict, a: dict) -> None:
    s, y = [F(v) for v in p["s"]], p["labels"]
    hinge = [max(Fraction(0), 1 - yi * si) for yi, si in zip(y, s)]
    assert [F(v) for v in a["hinge"]] == hinge and F(a["hinge_mean"]) == sum(hinge) / 3
    assert 0 in hinge and any(hinge)
    logistic = np.logaddexp(0.0, [-yi * float(si) for yi, si in zip(y, s)])  # ln(1 + e^{-ys})
    assert a["bce_mean"] == pytest.approx(logistic.mean(), abs=1e-12)


def check_regression_losses(p: dict, a: dict) -> None:
    r = np.array(p["pred"], dtype=object) - np.array(p["target"], dtype=object)
    sse = int(np.dot(r, r))
    assert a["l1"] == int(np.abs(r).sum()) and a["l2"] == sse
    assert F(a["mse"]) == Fraction(sse, len(r)) and F(a["half_mse"]) == Fraction(sse, 2 * len(r))


def check_weight_penalties(p: dict, a: dict) -> None:
    x, theta_b, k = p["x"], [F(v) for v in p["theta_b"]], p["k"] - 1
    output = sum(t * xi for t, xi in zip(theta_b, x))
    theta_a = [output / x[k] if i == k else Fraction(0) for i in range(3)]  # all weight on input k
    assert F(a["output"]) == output == sum(t * xi for t, xi in zip(theta_a, x))
    l1 = [sum(abs(t) for t in theta) for theta in (theta_a, theta_b)]
    l2 = [sum(t * t for t in theta) for theta in (theta_a, theta_b)]
    assert [F(a["l1_a"]), F(a["l1_b"])] == l1 and [F(a["l2_a"]), F(a["l2_b"])] == l2
    assert a["prefer_l1"] == 1 + l1.index(min(l1)) and a["prefer_l2"] == 1 + l2.index(min(l2))


CHECKS = {
    "losses.softmax_probabilities": check_softmax_probabilities,
    "losses.binary_hinge_bce": check_binary_hinge_bce,
    "losses.regression_losses": check_regression_losses,
    "regularisation.weight_penalties": check_weight_penalties,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid)



def test_softmax_of_1_0_4() -> None:
    # catalog F1 / E8: softmax(1, 0, 4) = (0.0466, 0.0171, 0.9362); the seed's rounded 0.93 should be 0.94
    answers = answers_for("losses.softmax_probabilities", {"z": [1, 0, 4]})
    assert answers["probs"] == pytest.approx([0.0466, 0.0171, 0.9362], abs=5e-5)
    assert round(answers["probs"][2], 2) == 0.94


def test_regression_losses_of_the_lecture_residuals() -> None:
    # catalog F6, 001 lecture 7: residuals 3, 4, 2, 2 -> L2 = 33, L1 = 11
    answers = answers_for("losses.regression_losses", {"pred": [3, 4, 2, 2], "target": [0, 0, 0, 0]})
    assert answers == {"l1": 11, "l2": 33, "mse": "33/4", "half_mse": "33/8"}


def test_penalties_of_the_lecture_weight_vectors() -> None:
    # catalog F7, 001 lecture 4: x = (1, 2, 1); (0, .75, 0) vs (.25, .5, .25): L2 0.5625 / 0.375, L1 0.75 / 1
    answers = answers_for("regularisation.weight_penalties", {"x": [1, 2, 1], "theta_b": ["1/4", "1/2", "1/4"], "k": 2})
    assert answers == {"output": "3/2", "l1_a": "3/4", "l1_b": 1, "l2_a": "9/16", "l2_b": "3/8",
                       "prefer_l1": 1, "prefer_l2": 2}


def test_hinge_is_zero_beyond_the_margin_while_bce_is_not() -> None:
    # worked by hand: margins (2, 1/2, -1) -> hinge (0, 1/2, 2), mean 5/6;
    # BCE = (ln(1 + e^-2) + ln(1 + e^-1/2) + ln(1 + e)) / 3 = (0.1269 + 0.4741 + 1.3133) / 3 = 0.6381
    answers = answers_for("losses.binary_hinge_bce", {"s": [2, "1/2", 1], "labels": [1, 1, -1]})
    assert answers["hinge"] == [0, "1/2", 2] and answers["hinge_mean"] == "5/6"
    assert answers["bce_mean"] == pytest.approx(0.6381, abs=1e-4)

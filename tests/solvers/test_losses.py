"""Losses and their gradients (catalog F1-F9, G5, G8)."""

import math
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_hinge,
    cross_entropy,
    detection_loss,
    entropy,
    focal_loss,
    gan_discriminator_loss,
    gan_generator_loss,
    kl_divergence,
    l1_loss,
    l1_loss_grad,
    l1_penalty,
    l2_loss,
    l2_loss_grad,
    l2_penalty,
    multiclass_hinge,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)

F = Fraction
# 001 lecture 7 (CS231n cat/car/frog): scores per image, correct class = image index
LECTURE7_SCORES = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]
LECTURE7_EXACT = [[F("3.2"), F("5.1"), F("-1.7")], [F("1.3"), F("4.9"), F(2)], [F("2.2"), F("2.5"), F("-3.1")]]
# 001 lecture 7 "hinge vs CE": correct class 0 in all three models
HINGE_CE_MODELS = [[5, -3, 2], [5, 10, 10], [5, -20, -20]]


def test_f1_e8_softmax_1_0_4_rounds_to_0_94_not_0_93():
    # F1 / E8, 000: softmax(1, 0, 4) = (0.0466, 0.0171, 0.9362); two decimals (0.05, 0.02, 0.94)
    p = softmax([1, 0, 4])
    assert [round(v, 4) for v in p] == [0.0466, 0.0171, 0.9362]
    assert [round(v, 2) for v in p] == [0.05, 0.02, 0.94]


def test_f1_softmax_is_stable_for_huge_logits():
    # F1: computed as exp(z - max z), so 1000-scale logits do not overflow
    assert softmax([1000, 1000]) == [0.5, 0.5]


def test_f2_lecture7_cross_entropy_per_sample_and_mean():
    # F2, 001 lecture 7: 2.04, 0.079, 6.156 -> mean 2.76
    losses = [softmax_cross_entropy(s, y) for y, s in enumerate(LECTURE7_SCORES)]
    assert [round(v, 3) for v in losses] == [2.04, 0.079, 6.156]
    assert round(sum(losses) / 3, 2) == 2.76


def test_f2_initial_loss_is_ln_c():
    # F2, 001 lecture 6: equal scores give ln C
    assert softmax_cross_entropy([0.0] * 10, 3) == pytest.approx(math.log(10))


def test_f3_lecture7_hinge_2_9_0_12_9_mean_5_27():
    # F3, 001 lecture 7 (E13: "5.3" is 5.267 rounded); exact for exact scores
    losses = [multiclass_hinge(s, y) for y, s in enumerate(LECTURE7_EXACT)]
    assert losses == [F(29, 10), 0, F(129, 10)]
    assert sum(losses) / 3 == F(79, 15)
    assert round(float(sum(losses) / 3), 2) == 5.27


def test_f3_e13_hinge_vs_ce_model1_uses_e_to_minus_3():
    # F3 / E13, 001 lecture 7 model 1 [5, -3, 2]: hinge 0, CE 0.0489 (0.05; with e^+3 it would be 0.170)
    assert multiclass_hinge(HINGE_CE_MODELS[0], 0) == 0
    assert round(softmax_cross_entropy(HINGE_CE_MODELS[0], 0), 4) == 0.0489
    assert round(-math.log(math.exp(5) / (math.exp(5) + math.exp(3) + math.exp(2))), 3) == 0.170


def test_f3_e13_hinge_vs_ce_models_2_and_3():
    # F3 / E13: model 2 [5, 10, 10] hinge 12, CE 5.70; model 3 [5, -20, -20] hinge 0, CE 2.78e-11
    assert multiclass_hinge(HINGE_CE_MODELS[1], 0) == 12
    assert round(softmax_cross_entropy(HINGE_CE_MODELS[1], 0), 2) == 5.70
    assert multiclass_hinge(HINGE_CE_MODELS[2], 0) == 0
    assert softmax_cross_entropy(HINGE_CE_MODELS[2], 0) == pytest.approx(2.78e-11, rel=1e-3)


def test_f3_margin_is_a_parameter():
    # F3 with delta = 2
    assert multiclass_hinge([1, 2, 0], 0, margin=2) == 3 + 1


def test_f4_binary_hinge():
    # F4, 003 eq (16): max(0, 1 - y y_hat)
    assert [binary_hinge(1, 2), binary_hinge(1, F(1, 2)), binary_hinge(-1, F(1, 2))] == [0, F(1, 2), F(3, 2)]
    with pytest.raises(ValueError):
        binary_hinge(0, 1)


def test_f5_untrained_network_gives_ln_2():
    # F5, 001 lectures 2-3 / 2021 2.2: p = 0.5 for every sample -> ln 2
    assert binary_cross_entropy([1, 0, 1], [0.5, 0.5, 0.5]) == pytest.approx(math.log(2))
    assert binary_cross_entropy([1, 0], [0.5, 0.5], reduction="sum") == pytest.approx(2 * math.log(2))


def test_f6_lecture7_residuals_3_4_2_2_give_l2_33_and_l1_11():
    # F6, 001 lecture 7
    residuals = [3, 4, 2, 2]
    assert l2_loss(residuals, [0] * 4) == 33
    assert l1_loss(residuals, [0] * 4) == 11
    assert l2_loss(residuals, [0] * 4, reduction="mean", half=True) == F(33, 8)


def test_f6_e20_2022ss_mse_is_a_mean_over_the_two_outputs():
    # F6 / E20, 001 2022SS P6: table biases give y_hat = (5, -1) -> MSE 10; the sample solution's (2, 0) -> 1,
    # while its written (1/n) sum_i sum_j with n = 1 sample would give 2
    target = [1, 1]
    assert l2_loss([5, -1], target, reduction="mean") == 10
    assert l2_loss([2, 0], target, reduction="mean") == 1
    assert l2_loss([2, 0], target, reduction="sum") == 2


def test_f7_lecture4_l2_prefers_spread_weights_l1_prefers_sparse():
    # F7, 001 lecture 4: theta1 = [0, .75, 0], theta2 = [.25, .5, .25] (same output on x = [1, 2, 1])
    t1, t2 = [0, F(3, 4), 0], [F(1, 4), F(1, 2), F(1, 4)]
    assert [l2_penalty(t1), l2_penalty(t2)] == [F(9, 16), F(3, 8)]  # 0.5625 / 0.375
    assert [l1_penalty(t1), l1_penalty(t2)] == [F(3, 4), 1]


def test_f7_lecture7_regularisation_of_w1_and_w2():
    # F7, 001 lecture 7: w1 = [1, 0, 0, 0] -> 1, w2 = [.25] * 4 -> 0.25
    assert l2_penalty([1, 0, 0, 0]) == 1
    assert l2_penalty([F(1, 4)] * 4) == F(1, 4)


def test_f8_entropy_and_cross_entropy_of_pmfs():
    # F8, 000 'purpose of a loss function': a one-hot target has entropy 0; H(u, v) = -ln v_label
    assert entropy([1, 0]) == 0
    assert cross_entropy([1, 0], [0.8, 0.2]) == pytest.approx(-math.log(0.8))
    assert entropy([0.5, 0.5], base=2) == pytest.approx(1)
    assert cross_entropy([1, 0], [0, 1]) == math.inf
    assert kl_divergence([0.5, 0.5], [0.5, 0.5]) == 0


def test_f9_focal_gan_and_detection_losses():
    # F9, 003 eqs (59), (61), (69)-(71)
    assert focal_loss(0.8, 0) == pytest.approx(-math.log(0.8))  # gamma = 0 is CE
    assert focal_loss(0.8, 2) == pytest.approx(-0.04 * math.log(0.8))
    assert gan_discriminator_loss(0.5, 0.5) == pytest.approx(math.log(4))
    assert gan_generator_loss(0.25, "minimax") == pytest.approx(math.log(0.75))
    assert gan_generator_loss(0.25) == pytest.approx(math.log(4))
    # background (c0 = 1): the box term is switched off
    assert detection_loss([1, 0], [0.5, 0.5], [0, 0, 0, 0], [1, 1, 1, 1]) == pytest.approx(math.log(2))
    assert detection_loss([0, 1], [0.5, 0.5], [0, 0, 0, 0], [1, 1, 1, 1]) == pytest.approx(math.log(2) + 4)


def test_g5_ce_gradient_is_softmax_minus_onehot():
    # G5, 001 2021 5.x: dL/dz = y_hat - y
    grad = softmax_cross_entropy_grad([1, 0, 4], 2)
    assert [round(g, 4) for g in grad] == [0.0466, 0.0171, -0.0638]


def test_g8_loss_gradients():
    # G8, 001 summary code: sign(y_hat - y), 2 (y_hat - y), -y/y_hat + (1 - y)/(1 - y_hat)
    assert l1_loss_grad([3, 1, 2], [1, 1, 5]) == [1, 0, -1]
    assert l2_loss_grad([3, 1], [1, 1], reduction="mean") == [2, 0]
    assert binary_cross_entropy_grad([1, 0], [F(1, 4), F(1, 4)], reduction="sum") == [-4, F(4, 3)]


def test_invalid_inputs_raise():
    with pytest.raises(ValueError, match="label"):
        softmax_cross_entropy([1, 2], 2)
    with pytest.raises(ValueError, match="reduction"):
        l2_loss([1], [2], reduction="avg")
    with pytest.raises(ValueError, match="between 0 and 1"):
        binary_cross_entropy([1], [1.0])


logits = st.lists(st.integers(-30, 30).map(lambda n: n / 4), min_size=2, max_size=6)


@settings(deadline=None, max_examples=100)
@given(logits, st.data())
def test_softmax_and_ce_match_high_precision_definitions(scores, data):
    label = data.draw(st.integers(0, len(scores) - 1))
    with mpmath.workdps(50):
        exps = [mpmath.exp(mpmath.mpf(s)) for s in scores]
        total = mpmath.fsum(exps)
        assert softmax(scores) == pytest.approx([float(e / total) for e in exps], rel=1e-12)
        assert softmax_cross_entropy(scores, label) == pytest.approx(float(-mpmath.log(exps[label] / total)), rel=1e-9)


exact_scores = st.lists(st.fractions(-10, 10, max_denominator=10), min_size=2, max_size=6)


@settings(deadline=None)
@given(exact_scores, st.fractions(0, 3, max_denominator=4), st.data())
def test_hinge_matches_sympy_definition(scores, margin, data):
    label = data.draw(st.integers(0, len(scores) - 1))
    s = [sp.Rational(x.numerator, x.denominator) for x in scores]
    delta = sp.Rational(margin.numerator, margin.denominator)
    expected = sum(sp.Max(0, s_k - s[label] + delta) for k, s_k in enumerate(s) if k != label)
    assert multiclass_hinge(scores, label, margin) == F(int(sp.numer(expected)), int(sp.denom(expected)))


@settings(deadline=None)
@given(st.lists(st.fractions(-5, 5, max_denominator=6), min_size=1, max_size=5), st.sampled_from(["sum", "mean"]),
       st.booleans(), st.data())
def test_l2_gradient_equals_exact_central_difference(pred, reduction, half, data):
    target = data.draw(st.lists(st.fractions(-5, 5, max_denominator=6), min_size=len(pred), max_size=len(pred)))
    h = F(1, 1000)  # a quadratic's central difference is exact
    for i in range(len(pred)):
        up = pred[:i] + [pred[i] + h] + pred[i + 1 :]
        down = pred[:i] + [pred[i] - h] + pred[i + 1 :]
        numeric = (l2_loss(up, target, reduction, half) - l2_loss(down, target, reduction, half)) / (2 * h)
        assert l2_loss_grad(pred, target, reduction, half)[i] == numeric


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.floats(0.05, 0.95)), min_size=1, max_size=5))
def test_bce_gradient_matches_finite_difference(samples):
    targets, probs = [y for y, _ in samples], [p for _, p in samples]
    h = 1e-6
    for i in range(len(probs)):
        up = probs[:i] + [probs[i] + h] + probs[i + 1 :]
        down = probs[:i] + [probs[i] - h] + probs[i + 1 :]
        numeric = (binary_cross_entropy(targets, up) - binary_cross_entropy(targets, down)) / (2 * h)
        assert binary_cross_entropy_grad(targets, probs)[i] == pytest.approx(numeric, rel=1e-5)

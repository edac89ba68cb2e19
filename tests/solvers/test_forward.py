"""Forward passes (catalog E1-E8)."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.forward import (
    GateParams,
    batchnorm_test,
    batchnorm_train,
    dropout_expected_output,
    dropout_scales,
    dropout_subnetwork_count,
    gru_step,
    linear_model_predict,
    linear_neuron,
    linear_recurrence,
    logistic_class,
    logistic_decision_boundary,
    logistic_output,
    lstm_step,
    mlp_forward,
    positional_encoding,
    recurrence_regime,
    running_average,
    scalar_rnn_forward,
    scaled_dot_product_attention,
    stacked_dropout_probability,
)

F = Fraction


def test_e1_lecture2_temperature_prediction_and_c8_sign_slip():
    # E1 / C8, 001 lecture 2: theta = (0.2, 0.64, 0, 1, 0.14); x1 = -25 gives -6.8, the next slide's +25 gives 25.2
    theta = [F("0.2"), F("0.64"), 0, 1, F("0.14")]
    assert linear_model_predict([[-25, 50, 2, 50], [25, 50, 2, 50]], theta) == [F("-6.8"), F("25.2")]


def test_e1_linear_neuron_with_bias():
    # E1: s = sum w_i x_i + b
    assert linear_neuron([F(1, 2), -1, 2], [2, 3, F(1, 4)], bias=1) == F(-1, 2)


def test_e2_lecture4_two_layer_relu_net_forward():
    # E2, 001 lecture 4: x = 1, w1 = 1/3, w2 = 2 -> y_hat = 2 * ReLU(1/3) = 2/3
    out = mlp_forward([1], [([[F(1, 3)]], [0]), ([[2]], [0])])
    assert out.z == [[F(1, 3)], [F(2, 3)]] and out.output == [F(2, 3)]


def test_e2_leaky_relu_hidden_layer_keeps_negative_part():
    # E2 with Leaky ReLU alpha = 0.5 (2022SS P6 style): hidden pre-activations (-2, 3)
    out = mlp_forward([1, 2], [([[0, -1], [1, 1]], [0, 0]), ([[1, 1]], [1])], activation="leaky_relu", alpha=F(1, 2))
    assert out.a[1] == [-1, 3] and out.output == [3]


def test_e3_inf5860_ex2_decision_boundary_is_minus_half():
    # E3, 004 Ex 2a-b: W = 2, b = 1 -> x = -1/2
    assert logistic_decision_boundary(2, 1) == F(-1, 2)


def test_e3_e36_class_threshold_is_0_5_not_0():
    # E3 / E36, 004 Ex 2b: a sigmoid output is always > 0, class 1 iff sigma(theta^T x) >= 0.5
    assert logistic_output([2], [-1], 1) > 0
    assert logistic_class([2], [-1], 1) == 0
    assert logistic_class([2], [0], 1) == 1


def test_e4_endterm_2020_p6c_relu_rnn_gives_6_0_3():
    # E4, 002 P6c: V = -3, W = 3, h0 = 0, x = (2, 3, 1) -> h = (6, 0, 3)
    trace = scalar_rnn_forward(-3, 3, 0, [2, 3, 1])
    assert trace.h == [6, 0, 3] and trace.z == [6, -9, 3]


def test_e4_e2_endterm_2020_p6d_forward_h2_is_3_halves():
    # E4 / E2, 002 P6d: V = -2, W = 1, h0 = 2, x = (2, 3/2, 4) -> h = (0, 3/2, 1), not h2 = 2/3
    assert scalar_rnn_forward(-2, 1, 2, [2, F(3, 2), 4]).h == [0, F(3, 2), 1]


def test_k2_lecture11_eigenvalues_decide_vanishing_or_exploding():
    # K2, 001 lecture 11 / 2022SS 9.2: A_t = theta^t A_0; |lambda| < 1 vanishes, > 1 explodes
    theta = [[F(1, 2), 0], [0, 2]]
    assert linear_recurrence(theta, [1, 1], 3)[-1] == [F(1, 8), 8]
    assert recurrence_regime(theta) == "exploding"
    assert recurrence_regime([[F(1, 2), F(1, 4)], [0, F(1, 3)]]) == "vanishing"
    assert recurrence_regime([[0, 1], [-1, 0]]) == "neutral"  # a rotation: |lambda| = 1


def test_e5_lstm_with_zero_weights_halves_the_cell():
    # E5, 001 lecture 11: all weights 0 -> f = i = o = 1/2, g = 0, c = c_prev / 2, h = tanh(c) / 2
    params = {g: GateParams(0, 0) for g in "figo"}
    step = lstm_step(1.0, 0.3, 0.8, params)
    assert (step["f"], step["i"], step["o"], step["g"]) == (0.5, 0.5, 0.5, 0.0)
    assert step["c"] == 0.4 and step["h"] == pytest.approx(0.5 * math.tanh(0.4))


def test_e5_e16_lstm_output_gate_is_a_sigmoid():
    # E5 / E16: o = sigmoid(.), so a large negative output pre-activation closes the gate (tanh would give -1)
    params = {"f": GateParams(0, 0), "i": GateParams(0, 0, 5), "g": GateParams(0, 0, 5), "o": GateParams(0, 0, -30)}
    step = lstm_step(0.0, 0.0, 1.0, params)
    assert 0 < step["o"] < 1e-12 and abs(step["h"]) < 1e-12


def test_e5_gru_bias_conventions_differ_only_through_the_recurrent_bias():
    # E5 / B4: PyTorch keeps b_hn inside r * (.), the single-bias form adds it outside
    params = {"r": GateParams(0, 0), "z": GateParams(0, 0), "n": GateParams(1, 1, 0, 2)}
    torch_style = gru_step(0.0, 0.0, params)
    single = gru_step(0.0, 0.0, params, reset_after=False)
    assert torch_style["n"] == pytest.approx(math.tanh(0.5 * 2)) and single["n"] == pytest.approx(math.tanh(2))
    no_hidden_bias = {**params, "n": GateParams(1, 1, 2, 0)}
    assert gru_step(0.3, -0.2, no_hidden_bias) == gru_step(0.3, -0.2, no_hidden_bias, reset_after=False)


def test_e6_batchnorm_training_uses_biased_variance():
    # E6 / E31: sigma^2 = mean((x - mu)^2); batch (1, 3, 5, 7): mu 4, var 5; batch (1, 5): var 4, exact x_hat
    assert batchnorm_train([1, 3, 5, 7]).var == 5
    result = batchnorm_train([1, 5], gamma=2, beta=F(1, 2))
    assert (result.mean, result.var, result.x_hat, result.y) == (3, 4, [-1, 1], [F(-3, 2), F(5, 2)])


def test_e6_batchnorm_test_mode_and_running_average():
    # E6, 001 summary: running <- 0.99 running + 0.01 batch; test time uses the running statistics
    assert running_average(F(2), F(12), decay=F(99, 100)) == F(21, 10)
    assert batchnorm_test([4, 6], running_mean=2, running_var=4, gamma=3, beta=1).y == [4, 7]
    with pytest.raises(ValueError, match="zero variance"):
        batchnorm_train([2, 2])


def test_e7_lecture8_expected_output_with_p_half():
    # E7, 001 lecture 8: p = 0.5 -> E[z] = 1/2 (theta1 x1 + theta2 x2)
    assert dropout_expected_output([2, 4], [1, 3], F(1, 2)) == F(1, 2) * (2 * 1 + 4 * 3)


def test_e7_c2_drop_vs_keep_probability_and_scaling():
    # E7 / C2, 004 Ex 3g: with drop probability p the test-time scale is the keep probability 1 - p
    assert dropout_scales(F(1, 5)) == (1, F(4, 5))
    assert dropout_scales(F(4, 5), p_is="keep") == (1, F(4, 5))
    assert dropout_scales(F(1, 5), inverted=True) == (F(5, 4), 1)
    assert dropout_expected_output([1], [10], F(1, 4), inverted=True) == 10


def test_e7_e25_two_dropouts_equal_one_with_p_plus_q_minus_pq():
    # E7 / E25, 001 Feb2022 2.5: p + q - pq (not p + q - 2pq, not pq)
    p, q = F(1, 2), F(1, 5)
    assert stacked_dropout_probability(p, q) == F(3, 5)
    assert stacked_dropout_probability(1 - p, 1 - q, p_is="keep") == F(2, 5)


def test_k5_dropout_samples_2_to_the_n_subnetworks():
    # K5, 000
    assert dropout_subnetwork_count(10) == 1024


def test_e8_attention_with_equal_keys_averages_the_values():
    # E8: identical keys give uniform weights, so the output is the mean of V
    result = scaled_dot_product_attention([[1, 2]], [[1, 1], [1, 1]], [[0, 4], [2, 8]])
    assert result.weights == [[0.5, 0.5]] and result.output == [[1.0, 6.0]]


def test_e8_attention_scales_by_sqrt_dk():
    # E8: QK^T / sqrt(d_k) with d_k = 4
    result = scaled_dot_product_attention([[1, 1, 1, 1]], [[2, 0, 0, 0], [0, 0, 0, 0]], [[1], [0]])
    assert result.scores == [[1.0, 0.0]]
    assert result.output[0][0] == pytest.approx(math.e / (math.e + 1))


def test_e8_positional_encoding_at_position_0_and_1():
    # E8, 001 lecture 12: PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(...)
    assert positional_encoding(0, 4) == [0.0, 1.0, 0.0, 1.0]
    assert positional_encoding(1, 4) == pytest.approx([math.sin(1), math.cos(1), math.sin(0.01), math.cos(0.01)])


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 3), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_attention_matches_numpy(n_q, n_k, d_k, d_v, seed):
    rng = np.random.default_rng(seed)
    q, k, v = (rng.integers(-3, 4, size=s) for s in ((n_q, d_k), (n_k, d_k), (n_k, d_v)))
    scores = q @ k.T / np.sqrt(d_k)
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    result = scaled_dot_product_attention(q, k, v)
    np.testing.assert_allclose(result.output, weights @ v, rtol=1e-12, atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_mlp_forward_matches_numpy(seed):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 5, size=3)
    layers = [(rng.integers(-2, 3, size=(b, a)), rng.integers(-2, 3, size=b)) for a, b in zip(sizes, sizes[1:])]
    x = rng.integers(-3, 4, size=sizes[0])
    hidden = np.maximum(layers[0][0] @ x + layers[0][1], 0)
    expected = layers[1][0] @ hidden + layers[1][1]
    assert mlp_forward(x, layers).output == expected.tolist()


@settings(deadline=None)
@given(st.lists(st.fractions(-10, 10, max_denominator=4), min_size=2, max_size=6).filter(lambda xs: len(set(xs)) > 1),
       st.integers(1, 3), st.fractions(-2, 2, max_denominator=2))
def test_batchnorm_output_has_mean_beta_and_variance_gamma_squared(xs, gamma, beta):
    y = np.array([float(v) for v in batchnorm_train(xs, gamma, beta).y])
    assert y.mean() == pytest.approx(float(beta), abs=1e-12)
    assert y.var() == pytest.approx(gamma**2)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_linear_recurrence_matches_matrix_power_and_regime_matches_growth(seed):
    rng = np.random.default_rng(seed)
    theta = rng.integers(-4, 5, size=(2, 2)) / 4
    a0 = rng.integers(-3, 4, size=2)
    states = linear_recurrence(theta.tolist(), a0.tolist(), 60)
    np.testing.assert_allclose(states[4], np.linalg.matrix_power(theta, 5) @ a0)
    radius = max(abs(np.linalg.eigvals(theta)))
    if abs(radius - 1) > 1e-9:
        assert recurrence_regime(theta.tolist()) == ("vanishing" if radius < 1 else "exploding")

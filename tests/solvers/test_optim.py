"""Optimiser steps, schedules and bookkeeping (catalog H1-H11, H13)."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.optim import (
    adam_step,
    clip_by_norm,
    clip_by_value,
    exponential_decay,
    inverse_time_decay,
    iterations_per_epoch,
    least_squares,
    linear_warmup,
    linreg_cost,
    linreg_gd_step,
    momentum_max_step,
    momentum_step,
    nesterov_step,
    newton_step,
    polynomial_decay,
    quadratic_gd_converges,
    quadratic_gd_trajectory,
    rmsprop_step,
    robbins_monro_holds,
    sgd_step,
    sqrt_decay,
    step_decay,
    transformer_lr,
    weight_decay_step,
)

F = Fraction
XS, YS = [1, 2, 3], [F(3, 2), 2, F(5, 2)]  # 004 Ex 1


def test_h1_e35_linreg_gradient_is_negative_at_zero():
    # H1 / E35, 004 Ex 1c-f: dJ/dw = -13/3, dJ/db = -2 (the seed drops the signs); after lr 1: w = 13/3, b = 2
    step = linreg_gd_step(XS, YS, 0, 0, lr=1)
    assert (step.dw, step.db) == (F(-13, 3), -2)
    assert (step.w, step.b) == (F(13, 3), 2)


def test_h1_e35_lr_1_overshoots_from_2_083_to_42_45():
    # H1 / E35: J(0, 0) = 2.083 (25/12), J after one lr-1 step = 42.45
    assert linreg_cost(XS, YS, 0, 0) == F(25, 12)
    step = linreg_gd_step(XS, YS, 0, 0, lr=1)
    assert round(float(linreg_cost(XS, YS, step.w, step.b)), 2) == 42.45


def test_h2_e35_closed_form_optimum_is_w_half_b_one():
    # H2 / E35, 004 Ex 1b: optimum w = 0.5, b = 1 with J = 0
    b, w = least_squares([[x] for x in XS], YS)
    assert (w, b) == (F(1, 2), 1) and linreg_cost(XS, YS, w, b) == 0


def test_h2_bias_only_model_predicts_the_mean_and_s11_singular_design():
    # H2: with only a bias theta = mean(y); S11: collinear features make X^T X singular
    assert least_squares([[], [], []], [1, 2, 6]) == [3]
    with pytest.raises(ValueError, match="singular"):
        least_squares([[1, 2], [2, 4], [3, 6]], [1, 2, 3])


def test_h3_feb2022_x_squared_lr_1_oscillates_plus_minus_5():
    # H3, 001 Feb2022 5.5-5.9: f = x^2, x0 = 5, lr = 1 -> 5, -5, 5, -5
    assert quadratic_gd_trajectory(1, 5, 1, 3) == [5, -5, 5, -5]
    assert not quadratic_gd_converges(1, 1)


def test_h3_lr_half_over_a_reaches_the_minimum_in_one_step():
    # H3: lr = 1/(2a) reaches 0 in one step; convergence iff 0 < lr < 1/a
    assert quadratic_gd_trajectory(2, 7, F(1, 4), 1) == [7, 0]
    assert quadratic_gd_converges(2, F(49, 100)) and not quadratic_gd_converges(2, F(1, 2))


def test_h3_newton_solves_a_quadratic_in_one_step_and_e21_is_undefined_for_linear_f():
    # H3 / E21, 001 lecture 5 and 2022SS 8.7: f = 3(x - 2)^2: x1 = 2; f(w) = w x has f'' = 0
    assert newton_step(10, 6 * (10 - 2), 6) == 2
    with pytest.raises(ValueError, match="undefined"):
        newton_step(1, 5, 0)


def test_h4_momentum_forms_c3_agree_on_two_steps():
    # H4 / C3: beta 0.9, lr 0.1, f = x^2 from 1: all three forms give the same theta
    def run(form):
        theta, v = [F(1)], [F(0)]
        for _ in range(2):
            theta, v = momentum_step(theta, [2 * theta[0]], v, F(1, 10), F(9, 10), form)
        return theta

    assert run("velocity") == run("gradient_sum") == run("scaled_sum") == [F(46, 100)]


def test_h4_max_step_is_lr_g_over_1_minus_beta():
    # H4: constant gradient 1, lr 0.1, beta 0.9 -> steps approach 0.1 / 0.1 = 1
    assert momentum_max_step(F(1, 10), 1, F(9, 10)) == 1
    theta, v = [0.0], [0.0]
    for _ in range(300):
        theta, v = momentum_step(theta, [1.0], v, 0.1, 0.9)
    assert -v[0] == pytest.approx(1.0, rel=1e-9)


def test_h5_nesterov_lookahead_beta_v_vs_v():
    # H5 / C3: gradient at theta + beta v (001, 003) or theta + v (000); f = x^2, theta 1, v = -1, beta 1/2, lr 1/10
    def grad(t):
        return [2 * t[0]]

    assert nesterov_step([F(1)], [F(-1)], grad, F(1, 10), F(1, 2)) == ([F(2, 5)], [F(-3, 5)])
    assert nesterov_step([F(1)], [F(-1)], grad, F(1, 10), F(1, 2), lookahead="v") == ([F(1, 2)], [F(-1, 2)])


def test_h6_rmsprop_first_step():
    # H6, 003 eq (22): s = 0.1 g^2 = 0.4 for g = 2, beta 0.9; step = lr g / sqrt(s)
    step = rmsprop_step([1.0], [2.0], [0.0], lr=0.01, eps=0)
    assert step.square_avg == pytest.approx([0.4])
    assert step.theta == pytest.approx([1 - 0.01 * 2 / 0.4**0.5])


def test_h7_adam_first_step_moves_each_coordinate_by_about_lr():
    # H7, 001 lecture 5 / 2022SS 8.5: bias correction makes the first step ~ lr per coordinate, whatever |g|
    step = adam_step([1.0, 1.0], [100.0, -0.01], [0.0, 0.0], [0.0, 0.0], t=1, lr=0.001)
    assert step.theta == pytest.approx([0.999, 1.001], rel=1e-6)
    assert step.m_hat == pytest.approx([100.0, -0.01]) and step.v_hat == pytest.approx([1e4, 1e-4])


def test_h7_without_bias_correction_the_first_step_is_much_smaller():
    # H7 / K6: EMAs initialised at 0 are biased towards 0
    corrected = adam_step([0.0], [1.0], [0.0], [0.0], 1, lr=0.1)
    raw = adam_step([0.0], [1.0], [0.0], [0.0], 1, lr=0.1, bias_correction=False)
    assert corrected.theta[0] == pytest.approx(-0.1) and raw.theta[0] == pytest.approx(-0.1 * 0.1 / 0.001**0.5)


def test_h8_c4_coupled_vs_decoupled_weight_decay():
    # H8 / C4: coupled (1 - lr lambda) w - lr g (002, 2021, 2022SS, 003) vs lecture 8's (1 - lambda) w - lr g
    assert weight_decay_step([10], [1], F(1, 10), F(1, 2)) == [F(94, 10)]
    assert weight_decay_step([10], [1], F(1, 10), F(1, 2), form="decoupled") == [F(49, 10)]


def test_h8_adamw_decays_the_weight_outside_the_adaptive_step():
    # H8: AdamW adds -lr lambda w; zero gradient -> pure decay
    step = adam_step([2.0], [0.0], [0.0], [0.0], 1, lr=0.1, weight_decay=0.5, decoupled=True)
    assert step.theta == [pytest.approx(2.0 * (1 - 0.05))]


def test_g2_e20_sgd_step_on_w11():
    # G2 / E20, 001 2022SS 6.3: w11 = -0.5, lr 0.1: table gradient 5 -> -1.0; the solution's 1.5 -> -0.65
    assert sgd_step([F(-1, 2)], [5], F(1, 10)) == [-1]
    assert sgd_step([F(-1, 2)], [F(3, 2)], F(1, 10)) == [F(-65, 100)]


def test_h9_lecture6_inverse_time_decay_0_1_0_05_0_033_0_025():
    # H9, 001 lecture 6: alpha0 = 0.1, decay rate 1, epochs 0..3
    rates = [inverse_time_decay(F(1, 10), 1, epoch) for epoch in range(4)]
    assert rates == [F(1, 10), F(1, 20), F(1, 30), F(1, 40)]
    assert [round(float(r), 3) for r in rates] == [0.1, 0.05, 0.033, 0.025]


def test_h9_other_schedules():
    # H9, 003 §3.1 / 001 lecture 6 and 12
    assert [step_decay(1, F(1, 2), 10, s) for s in (0, 9, 10, 25)] == [1, 1, F(1, 2), F(1, 4)]
    assert exponential_decay(F(1, 10), F(9, 10), 2) == F(81, 1000)
    assert sqrt_decay(1, F(1, 2), 4) == F(1, 4)
    assert polynomial_decay(1, 4, F(1, 2)) == F(1, 2)
    assert [linear_warmup(1, s, 4) for s in (1, 4, 8)] == [F(1, 4), 1, 1]
    # the Transformer schedule peaks at step = warmup
    peak = transformer_lr(4000, 512, 4000)
    assert peak == pytest.approx(512**-0.5 * 4000**-0.5)
    assert transformer_lr(3999, 512, 4000) < peak and transformer_lr(4001, 512, 4000) < peak


def test_h10_clipping_by_norm_and_by_value():
    # H10, 003 eq (24): |(3, 4)| = 5 > 1 -> (3/5, 4/5); small gradients pass unchanged
    assert clip_by_norm([3, 4], 1) == [F(3, 5), F(4, 5)]
    assert clip_by_norm([3, 4], 10) == [3, 4]
    assert clip_by_value([3, -4, 0], 2) == [2, -2, 0]


def test_h11_lecture5_iterations_per_epoch():
    # H11, 001 lecture 5: 2^20 / 64 = 16 384; 001 summary: 1000 / 500 = 2
    assert iterations_per_epoch(2**20, 64) == 16_384
    assert iterations_per_epoch(1000, 500) == 2
    assert (iterations_per_epoch(1001, 500), iterations_per_epoch(1001, 500, drop_last=True)) == (3, 2)


def test_h13_robbins_monro_alpha_over_n():
    # H13, 001 lecture 5: alpha/n satisfies both conditions; 1/n^2 and 1/sqrt(n) do not
    assert robbins_monro_holds(1) and not robbins_monro_holds(2) and not robbins_monro_holds(F(1, 2))


@pytest.mark.parametrize("power", [F(1, 3), F(1, 2), F(3, 4), F(1), F(2)])
def test_robbins_monro_matches_sympy_convergence_tests(power):
    n = sp.Symbol("n", positive=True, integer=True)
    p = sp.Rational(power.numerator, power.denominator)
    first_diverges = not sp.Sum(1 / n**p, (n, 1, sp.oo)).is_convergent()
    second_converges = sp.Sum(1 / n ** (2 * p), (n, 1, sp.oo)).is_convergent()
    assert robbins_monro_holds(power) == (first_diverges and second_converges)


fractions = st.fractions(-3, 3, max_denominator=4)


@settings(deadline=None, max_examples=60)
@given(st.lists(st.lists(fractions, min_size=2, max_size=2), min_size=1, max_size=5),
       st.fractions(0, 1, max_denominator=10), st.fractions(1, 10, max_denominator=10).map(lambda q: q / 10))
def test_momentum_forms_match_the_unrolled_closed_form(grads, beta, lr):
    # theta_T = theta_0 - lr * sum_t sum_{k <= t} beta^(t-k) g_k for a given gradient sequence
    expected = [F(1), F(-1)]
    for t in range(len(grads)):
        for k in range(t + 1):
            expected = [e - lr * beta ** (t - k) * g for e, g in zip(expected, grads[k])]
    for form in ("velocity", "gradient_sum", "scaled_sum"):
        theta, v = [F(1), F(-1)], [0, 0]
        for g in grads:
            theta, v = momentum_step(theta, g, v, lr, beta, form)
        assert theta == expected


@settings(deadline=None, max_examples=60)
@given(st.lists(st.lists(st.floats(-3, 3), min_size=2, max_size=2), min_size=1, max_size=5),
       st.floats(0.5, 0.95), st.floats(0.9, 0.9999))
def test_adam_matches_the_unrolled_closed_form(grads, beta1, beta2):
    # m_t = (1 - b1) sum b1^(t-k) g_k, v_t = (1 - b2) sum b2^(t-k) g_k^2, theta_t -= lr m_hat / (sqrt(v_hat) + eps)
    g = np.array(grads)
    theta, m, v = [0.5, -0.5], [0.0, 0.0], [0.0, 0.0]
    expected = np.array(theta)
    for t in range(1, len(g) + 1):
        theta, m, v, _, _ = adam_step(theta, grads[t - 1], m, v, t, lr=0.01, beta1=beta1, beta2=beta2)
        weights1 = (1 - beta1) * beta1 ** np.arange(t - 1, -1, -1)
        weights2 = (1 - beta2) * beta2 ** np.arange(t - 1, -1, -1)
        m_hat = weights1 @ g[:t] / (1 - beta1**t)
        v_hat = weights2 @ g[:t] ** 2 / (1 - beta2**t)
        expected = expected - 0.01 * m_hat / (np.sqrt(v_hat) + 1e-8)
    np.testing.assert_allclose(theta, expected, rtol=1e-9, atol=1e-12)


@settings(deadline=None, max_examples=60)
@given(st.lists(st.floats(-3, 3), min_size=1, max_size=6), st.floats(0.5, 0.99))
def test_rmsprop_matches_the_unrolled_closed_form(grads, beta):
    theta, s = [1.0], [0.0]
    expected = 1.0
    for t, g in enumerate(grads, start=1):
        theta, s = rmsprop_step(theta, [g], s, lr=0.01, beta=beta)
        avg = sum((1 - beta) * beta ** (t - k) * grads[k - 1] ** 2 for k in range(1, t + 1))
        expected -= 0.01 * g / (avg**0.5 + 1e-8)
    assert theta[0] == pytest.approx(expected, rel=1e-9, abs=1e-12)


@settings(deadline=None)
@given(st.integers(1, 6), st.fractions(0, 1, max_denominator=4), st.fractions(1, 2, max_denominator=4),
       st.fractions(-2, 2, max_denominator=2), st.fractions(-2, 2, max_denominator=2))
def test_nesterov_on_x_squared_over_2_equals_matrix_power(steps, beta, lr_scaled, theta0, v0):
    # grad of x^2/2 is x: (theta, v) evolves by M = [[1 - lr, beta(1 - lr)], [-lr, beta(1 - lr)]]
    lr = lr_scaled / 2
    theta, v = [theta0], [v0]
    for _ in range(steps):
        theta, v = nesterov_step(theta, v, lambda t: t, lr, beta)
    to_sp = lambda q: sp.Rational(q.numerator, q.denominator)  # noqa: E731
    m = sp.Matrix([[1 - to_sp(lr), to_sp(beta) * (1 - to_sp(lr))], [-to_sp(lr), to_sp(beta) * (1 - to_sp(lr))]])
    expected = m**steps * sp.Matrix([to_sp(theta0), to_sp(v0)])
    assert [theta[0], v[0]] == [F(int(sp.numer(e)), int(sp.denom(e))) for e in expected]


@settings(deadline=None)
@given(st.lists(fractions, min_size=1, max_size=4), st.fractions(0, 1, max_denominator=10),
       st.fractions(0, 1, max_denominator=10), st.data())
def test_coupled_weight_decay_is_sgd_on_the_l2_regularised_loss(theta, lr, decay, data):
    grad = data.draw(st.lists(fractions, min_size=len(theta), max_size=len(theta)))
    regularised = [g + decay * t for g, t in zip(grad, theta)]  # d/dw (L + lambda/2 |w|^2)
    assert weight_decay_step(theta, grad, lr, decay) == sgd_step(theta, regularised, lr)


@settings(deadline=None)
@given(st.lists(st.tuples(st.fractions(-3, 3, max_denominator=2), st.fractions(-3, 3, max_denominator=2)),
                min_size=2, max_size=5), st.fractions(-2, 2, max_denominator=2), st.fractions(-2, 2, max_denominator=2))
def test_linreg_gradient_equals_exact_central_difference(points, w, b):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    step = linreg_gd_step(xs, ys, w, b, lr=0)
    h = F(1, 1000)
    assert step.dw == (linreg_cost(xs, ys, w + h, b) - linreg_cost(xs, ys, w - h, b)) / (2 * h)
    assert step.db == (linreg_cost(xs, ys, w, b + h) - linreg_cost(xs, ys, w, b - h)) / (2 * h)


@settings(deadline=None, max_examples=50)
@given(st.integers(0, 2**32 - 1))
def test_least_squares_matches_numpy_lstsq(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(-5, 6, size=(6, 2))
    y = rng.integers(-5, 6, size=6)
    design = np.column_stack([np.ones(6), x])
    if np.linalg.matrix_rank(design) < 3:
        return
    expected = np.linalg.lstsq(design, y, rcond=None)[0]
    np.testing.assert_allclose([float(t) for t in least_squares(x, y)], expected, rtol=1e-9, atol=1e-9)


@settings(deadline=None)
@given(st.integers(-5, 5), st.integers(1, 4), st.fractions(0, 1, max_denominator=8), st.integers(0, 6))
def test_quadratic_trajectory_is_geometric(x0, a, lr, steps):
    assert quadratic_gd_trajectory(a, x0, lr, steps) == [(1 - 2 * a * lr) ** k * x0 for k in range(steps + 1)]


@settings(deadline=None)
@given(st.integers(1, 500), st.integers(1, 64), st.booleans())
def test_iterations_per_epoch_counts_minibatches(samples, batch, drop_last):
    batches = [range(samples)[i : i + batch] for i in range(0, samples, batch)]
    expected = sum(1 for b in batches if len(b) == batch or not drop_last)
    assert iterations_per_epoch(samples, batch, drop_last) == expected


@settings(deadline=None)
@given(st.lists(st.integers(-10, 10), min_size=1, max_size=4), st.integers(1, 10))
def test_clip_by_norm_caps_the_norm_and_keeps_the_direction(grad, threshold):
    clipped = clip_by_norm(grad, threshold)
    norm = float(np.linalg.norm(grad))
    assert float(np.linalg.norm([float(c) for c in clipped])) == pytest.approx(min(norm, threshold))
    if norm:
        np.testing.assert_allclose(np.array(clipped, dtype=float) * norm, np.array(grad) * min(norm, threshold))

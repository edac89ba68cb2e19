"""Closed-form gradients (catalog G2-G6, G8, G9)."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.activations import sigmoid_grad
from solvers.gradients import (
    affine_backward,
    affine_forward,
    fgsm,
    mlp_gradients,
    numerical_gradient,
    numerical_gradient_evaluations,
    relu_backward,
    scalar_rnn_gradients,
    softmax_jacobian,
)
from solvers.losses import softmax

F = Fraction


def test_g3_tutor_note_exercise_52_dx_dw():
    # G3, 001 tutor note: X = [[0,1],[2,3]], W = ones, f = y^2, L = sum -> 52;
    # dX = [[4,4],[20,20]]; dW = [[20,20],[32,32]]
    x, w = [[0, 1], [2, 3]], [[1, 1], [1, 1]]
    y = affine_forward(x, w, [0, 0])
    assert sum(v * v for row in y for v in row) == 52
    grads = affine_backward(x, w, [[2 * v for v in row] for row in y])
    assert grads.dx == [[4, 4], [20, 20]] and grads.dw == [[20, 20], [32, 32]]


def test_g3_e14_db_is_the_sum_over_rows_not_the_mean():
    # G3 / E14: db = sum_rows dout (the summary's np.mean is wrong; 1/N belongs in the loss)
    assert affine_backward([[0, 1], [2, 3]], [[1, 1], [1, 1]], [[2, 2], [10, 10]]).db == [12, 12]


def test_g3_e26_feb2022_sigmoid_affine_backward_without_rounding_sigma_5():
    # G3 / E26, 001 Feb2022 6.3-6.4: z = (5, 0); exact dsigma/dz = (0.006648, 0.25), dW = (0.006648, -0.243352),
    # db = 0.256648 (rounding sigma(5) to 1 gave (0, 0.25), (0, -0.25), 0.25)
    x, w, b = [[1, 1], [0, -1]], [[3], [1]], [1]
    z = affine_forward(x, w, b)
    assert z == [[5], [0]]
    dsig = [[sigmoid_grad(row[0])] for row in z]
    grads = affine_backward(x, w, dsig)
    assert [round(row[0], 6) for row in dsig] == [0.006648, 0.25]
    assert [round(row[0], 6) for row in grads.dw] == [0.006648, -0.243352]
    assert round(grads.db[0], 6) == 0.256648


def test_g3_shapes_n_by_d_d_by_m_m():
    # G3, 001 2022SS 2.2-2.3: dX N x D, dW D x M, db M
    grads = affine_backward([[1, 2, 3], [4, 5, 6]], [[1], [0], [-1]], [[1], [1]])
    assert (len(grads.dx), len(grads.dx[0]), len(grads.dw), len(grads.dw[0]), len(grads.db)) == (2, 3, 3, 1, 1)


def test_g2_lecture4_two_layer_relu_regression_gradient_8_3_and_4_9():
    # G2, 001 lecture 4: x = 1, y = 0, w1 = 1/3, w2 = 2, L = (y_hat - y)^2 -> (dL/dw1, dL/dw2) = (8/3, 4/9)
    result = mlp_gradients([1], [0], [([[F(1, 3)]], [0]), ([[2]], [0])])
    assert (result.dw[0][0][0], result.dw[1][0][0]) == (F(8, 3), F(4, 9))
    assert result.loss == F(4, 9)


def test_g2_dead_relu_blocks_the_gradient():
    # G2: a hidden unit with negative pre-activation passes no gradient to its weights
    result = mlp_gradients([1, 1], [0], [([[1, 1], [-1, -1]], [0, 0]), ([[1, 1]], [0])])
    assert result.forward.z[0] == [2, -2]
    assert result.dw[0] == [[4, 4], [0, 0]]


def test_g6_e2_endterm_2020_p6d_bptt():
    # G6 / E2 / E24, 002 P6d: V = -2, W = 1, h0 = 2, x = (2, 3/2, 4): dh3/dV = 3/2 (not 2/3), dh3/dW = 1, dh3/dx1 = 0
    g = scalar_rnn_gradients(-2, 1, 2, [2, F(3, 2), 4])
    assert (g.dh_dv, g.dh_dw, g.dh_dx[0]) == (F(3, 2), 1, 0)
    assert g.trace.h == [0, F(3, 2), 1]


def test_g6_relu_derivative_at_zero_changes_bptt():
    # G6 / G4: with z_1 = 0, ReLU'(0) = 0 kills dh/dx1, ReLU'(0) = 1 keeps it
    assert scalar_rnn_gradients(1, 1, 0, [0, 1]).dh_dx[0] == 0
    assert scalar_rnn_gradients(1, 1, 0, [0, 1], at_zero=1).dh_dx[0] == 1


def test_g5_softmax_jacobian_rows_sum_to_zero_and_diagonal_is_y_1_minus_y():
    # G5, 001 2021 5.2: dy_i/dz_j = y_i (delta_ij - y_j)
    jac = softmax_jacobian([1, 0, 4])
    y = softmax([1, 0, 4])
    assert all(abs(sum(row)) < 1e-15 for row in jac)
    assert jac[0][0] == pytest.approx(y[0] * (1 - y[0])) and jac[0][2] == pytest.approx(-y[0] * y[2])


def test_g8_relu_backward_masks_negative_inputs():
    # G8, 001 summary code
    assert relu_backward([-1, 0, 2], [5, 5, 5]) == [0, 0, 5]
    assert relu_backward([-1, 0, 2], [5, 5, 5], at_zero=1) == [0, 5, 5]


def test_g9_000_forward_difference_needs_dim_plus_one_evaluations():
    # G9, 000 'two ways for computing the gradient': dim(theta) + 1 loss evaluations
    calls = []

    def loss(theta):
        calls.append(theta)
        return theta[0] ** 2 + 3 * theta[1]

    grad = numerical_gradient(loss, [1, 2], F(1, 1000))
    assert grad == [F(2001, 1000), 3]
    assert len(calls) == numerical_gradient_evaluations(2) == 3
    assert numerical_gradient(loss, [1, 2], F(1, 1000), "central") == [2, 3]
    assert numerical_gradient_evaluations(2, "central") == 4


def test_k3_fgsm_steps_eps_along_the_gradient_sign():
    # K3, 003 §11: x + eps sign(grad); targeted attacks step against the target-label gradient
    assert fgsm([1, 2, 3], [F(1, 2), -2, 0], F(1, 10)) == [F(11, 10), F(19, 10), 3]
    assert fgsm([1, 2, 3], [F(1, 2), -2, 0], F(1, 10), targeted=True) == [F(9, 10), F(21, 10), 3]


@settings(deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=1, max_size=6), st.integers(0, 2**32 - 1))
def test_fgsm_maximises_a_linear_loss_within_the_eps_box(grad, seed):
    # for L = g.x the best perturbation with |delta|_inf <= eps gains eps |g|_1; random ones gain less
    eps = F(1, 4)
    x = [0] * len(grad)
    gain = sum(g * xi for g, xi in zip(grad, fgsm(x, grad, eps)))
    assert gain == eps * sum(abs(g) for g in grad)
    rng = np.random.default_rng(seed)
    for delta in rng.uniform(-0.25, 0.25, size=(20, len(grad))):
        assert float(np.dot(grad, delta)) <= gain + 1e-12


def _exact(matrix_like):
    return [[F(int(v)) for v in row] for row in matrix_like]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_affine_backward_matches_sympy_differentiation(n, d, m, seed):
    rng = np.random.default_rng(seed)
    x, w, g = (rng.integers(-4, 5, size=s) for s in ((n, d), (d, m), (n, m)))
    xs = sp.Matrix(n, d, lambda i, j: sp.Symbol(f"x{i}{j}"))
    ws = sp.Matrix(d, m, lambda i, j: sp.Symbol(f"w{i}{j}"))
    bs = sp.Matrix(1, m, lambda i, j: sp.Symbol(f"b{j}"))
    loss = sum(g[i, j] * ((xs * ws)[i, j] + bs[0, j]) for i in range(n) for j in range(m))  # dL/dY = g
    values = {**{xs[i, j]: int(x[i, j]) for i in range(n) for j in range(d)},
              **{ws[i, j]: int(w[i, j]) for i in range(d) for j in range(m)}}
    grads = affine_backward(x, w, g)
    assert grads.dx == [[sp.diff(loss, xs[i, j]).subs(values) for j in range(d)] for i in range(n)]
    assert grads.dw == [[sp.diff(loss, ws[i, j]).subs(values) for j in range(m)] for i in range(d)]
    assert grads.db == [sp.diff(loss, bs[0, j]) for j in range(m)]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["relu", "leaky_relu", "identity"]),
       st.sampled_from(["sum", "mean"]), st.booleans())
def test_mlp_gradients_equal_exact_central_differences(seed, activation, reduction, half):
    # within one activation pattern the loss is quadratic in each single weight, so central differences are exact
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 4, size=3)
    layers = [(_exact(rng.integers(-2, 3, size=(b, a))), [F(int(v), 2) for v in rng.integers(-2, 3, size=b)])
              for a, b in zip(sizes, sizes[1:])]
    x = [F(int(v)) for v in rng.integers(-3, 4, size=sizes[0])]
    y = [F(int(v)) for v in rng.integers(-3, 4, size=sizes[2])]
    kw = dict(activation=activation, alpha=F(1, 4), reduction=reduction, half=half)
    result = mlp_gradients(x, y, layers, **kw)
    if any(z == 0 for z in result.forward.z[0]):
        return  # on a kink the one-sided derivatives differ
    h = F(1, 10**6)
    for li, (weights, bias) in enumerate(layers):
        for r, row in enumerate(weights):
            for c in range(len(row)):
                def loss_at(value, li=li, r=r, c=c):
                    changed = [([list(rw) for rw in w], list(b)) for w, b in layers]
                    changed[li][0][r][c] = value
                    return mlp_gradients(x, y, changed, **kw).loss
                numeric = (loss_at(row[c] + h) - loss_at(row[c] - h)) / (2 * h)
                assert result.dw[li][r][c] == numeric


v_, w_, b_, h0_ = sp.symbols("V W b h0")


def _sympy_rnn(xs, activation):
    h, symbols = h0_, sp.symbols(f"x1:{len(xs) + 1}")
    act = (lambda z: sp.Max(0, z)) if activation == "relu" else sp.tanh
    for x in symbols:
        h = act(v_ * h + w_ * x + b_)
    return h, symbols


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fractions(-3, 3, max_denominator=2), min_size=1, max_size=4),
       st.integers(-3, 3), st.integers(-3, 3), st.fractions(-1, 1, max_denominator=2), st.integers(0, 2))
def test_relu_rnn_gradients_match_sympy(xs, v, w, b, h0):
    g = scalar_rnn_gradients(v, w, h0, xs, bias=b)
    if any(z == 0 for z in g.trace.z):
        return
    h_t, symbols = _sympy_rnn(xs, "relu")
    values = {v_: v, w_: w, b_: sp.Rational(b.numerator, b.denominator), h0_: h0,
              **{s: sp.Rational(x.numerator, x.denominator) for s, x in zip(symbols, xs)}}
    for symbol, mine in [(v_, g.dh_dv), (w_, g.dh_dw), (b_, g.dh_db), (h0_, g.dh_dh0)]:
        assert sp.diff(h_t, symbol).subs(values) == mine
    assert [sp.diff(h_t, s).subs(values) for s in symbols] == g.dh_dx


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(-2, 2), min_size=1, max_size=3), st.floats(-1.5, 1.5), st.floats(-1.5, 1.5))
def test_tanh_rnn_gradients_match_sympy(xs, v, w):
    g = scalar_rnn_gradients(v, w, 0.5, xs, activation="tanh")
    h_t, symbols = _sympy_rnn(xs, "tanh")
    values = {v_: v, w_: w, b_: 0, h0_: 0.5, **dict(zip(symbols, xs))}
    assert g.dh_dv == pytest.approx(float(sp.diff(h_t, v_).subs(values)), abs=1e-12)
    assert g.dh_dw == pytest.approx(float(sp.diff(h_t, w_).subs(values)), abs=1e-12)
    assert g.dh_dx == pytest.approx([float(sp.diff(h_t, s).subs(values)) for s in symbols], abs=1e-12)


@settings(deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=2, max_size=5))
def test_softmax_jacobian_matches_finite_differences(scores):
    jac = softmax_jacobian(scores)
    h = 1e-6
    for j in range(len(scores)):
        up = softmax(scores[:j] + [scores[j] + h] + scores[j + 1 :])
        down = softmax(scores[:j] + [scores[j] - h] + scores[j + 1 :])
        for i in range(len(scores)):
            assert jac[i][j] == pytest.approx((up[i] - down[i]) / (2 * h), abs=1e-8)

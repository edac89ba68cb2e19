"""Activation values and derivatives (catalog E9, G4)."""

import math
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.activations import (
    NAMES,
    activate,
    derivative,
    leaky_relu,
    relu,
    sigmoid,
    softplus,
    swish,
)

F = Fraction


def test_g4_2020_p6d_relu_derivative_at_zero_is_a_stated_convention():
    # G4, 002 P6d: "use ReLU'(0) = 0"; other courses use 1
    assert derivative("relu", 0) == 0
    assert derivative("relu", 0, at_zero=1) == 1
    assert [derivative("relu", x) for x in (-2, F(1, 2))] == [0, 1]


def test_e15_leaky_relu_is_0_01_x_not_0_01():
    # E9 / E15, 001 summary: Leaky ReLU f(x) = 0.01 x for x < 0
    assert leaky_relu(-3) == pytest.approx(-0.03)
    assert leaky_relu(5) == 5


def test_c5_leaky_relu_slopes_and_2022ss_alpha_half():
    # C5: slopes 0.1, 0.01, and alpha = 0.5 in 2022SS P6 (exact)
    assert activate("leaky_relu", F(-2), alpha=F(1, 2)) == -1
    assert activate("leaky_relu", -10, alpha=F(1, 10)) == -1
    assert derivative("leaky_relu", -1, alpha=F(1, 2)) == F(1, 2)
    assert derivative("leaky_relu", 0, alpha=F(1, 2)) == F(1, 2)
    assert derivative("leaky_relu", 0, alpha=F(1, 2), at_zero=1) == 1


def test_e15_swish_is_x_sigmoid_beta_x():
    # E9 / E15: x sigma(beta x), not 2 x sigma(beta x)
    assert swish(2.0) == pytest.approx(2.0 / (1 + math.exp(-2.0)))


def test_e9_2021_mc_1_6_relu_x_minus_relu_minus_x_is_linear():
    # E9, 001 2021 MC 1.6: ReLU(x) - ReLU(-x) = x, hence not a valid activation
    assert all(relu(x) - relu(-x) == x for x in (-3, F(-1, 2), 0, F(5, 3), 7))


def test_e9_2020_p8b_sigmoid_of_relu_is_at_least_one_half():
    # E9, 002 P8b: sigma(ReLU(z)) >= 1/2, so a sigmoid after a ReLU always predicts class 1
    assert min(sigmoid(relu(z)) for z in range(-50, 51)) == 0.5


def test_e9_feb2022_2_2_softplus_approximates_relu():
    # E9, 001 Feb2022 2.2: ln(1 + e^x) is closest to ReLU; the gap is at most ln 2 (at 0)
    assert softplus(0) == pytest.approx(math.log(2))
    assert all(0 < softplus(x) - relu(x) <= math.log(2) + 1e-15 for x in (-20, -1, 0, 1, 20))
    assert derivative("softplus", 1.5) == pytest.approx(sigmoid(1.5))


def test_g4_sigmoid_and_tanh_derivatives_at_zero():
    # G4, 001 Feb2022 6.1-6.2: sigma'(0) = 1/4, tanh'(0) = 1
    assert derivative("sigmoid", 0) == 0.25
    assert derivative("tanh", 0) == 1.0


def test_sigmoid_does_not_overflow():
    assert sigmoid(-1000) == 0.0 and sigmoid(1000) == 1.0


def test_unknown_activation_is_rejected():
    with pytest.raises(ValueError, match="unknown activation 'gelu'"):
        activate("gelu", 1)


x = sp.Symbol("x")
ALPHA = 0.2
SYMPY_FORMS = {
    "identity": x,
    "relu": sp.Max(0, x),
    "leaky_relu": sp.Max(ALPHA * x, x),
    "elu": sp.Piecewise((x, x > 0), (ALPHA * (sp.exp(x) - 1), True)),
    "sigmoid": 1 / (1 + sp.exp(-x)),
    "tanh": sp.tanh(x),
    "softplus": sp.log(1 + sp.exp(x)),
    "swish": x / (1 + sp.exp(-x)),
    "sin": sp.sin(x),
}


def test_every_named_activation_has_a_reference_form():
    assert set(SYMPY_FORMS) == set(NAMES)


@settings(deadline=None)
@given(st.sampled_from(sorted(SYMPY_FORMS)), st.floats(-6, 6).filter(lambda v: abs(v) > 1e-3))
def test_values_and_derivatives_match_sympy(name, value):
    form = SYMPY_FORMS[name]
    assert float(activate(name, value, ALPHA)) == pytest.approx(float(form.subs(x, value)), rel=1e-12, abs=1e-12)
    expected = float(sp.diff(form, x).subs(x, value))
    assert float(derivative(name, value, ALPHA)) == pytest.approx(expected, rel=1e-12, abs=1e-12)

"""Initialisation arithmetic (catalog I1-I3)."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.init import init_variance, uniform_bound, uniform_init_bound, uniform_variance, weighted_sum_variance

F = Fraction


@pytest.mark.parametrize("n, bound", [(3, 1), (12, F(1, 2)), (48, F(1, 4)), (75, F(1, 5)), (300, F(1, 10))])
def test_i2_e3_uniform_xavier_bound_is_sqrt_3_over_n(n, bound):
    # I2 / E3, 002 P8f: n alpha^2 / 3 = 1 -> alpha = sqrt(3/n) (the student's sqrt(1/n) is wrong)
    assert uniform_init_bound(n) == bound
    assert uniform_init_bound(n) != F(1, n) ** F(1, 2)


def test_i2_he_uniform_bound_is_sqrt_6_over_n():
    # I2: He-uniform sqrt(6/n)
    assert uniform_init_bound(24, "he") == F(1, 2)
    assert uniform_init_bound(10, "he") == pytest.approx(0.6 ** 0.5)


def test_i1_c6_xavier_i2dl_glorot_and_he_variances():
    # I1 / C6, 001 lecture 7: I2DL Xavier 1/n_in, Glorot 2/(n_in + n_out), He 2/n_in (n = fan-in)
    assert init_variance(100) == F(1, 100)
    assert init_variance(100, "glorot", fan_out=300) == F(1, 200)
    assert init_variance(100, "he") == F(1, 50)
    with pytest.raises(ValueError, match="fan_out"):
        init_variance(100, "glorot")


def test_i1_xavier_preserves_the_variance_he_doubles_it_for_relu():
    # I1, 002 P2c-d: Var(s) = n Var(w) Var(x); Xavier keeps Var(x), He's factor 2 compensates ReLU's halving
    assert weighted_sum_variance(64, init_variance(64), F(3)) == 3
    assert weighted_sum_variance(64, init_variance(64, "he"), F(3)) == 6


def test_i3_variance_of_u_minus_1_1_is_one_third():
    # I3, 002 P8f hints: (b - a)^2 / 12; U(-a, a) has a^2 / 3
    assert uniform_variance(-1, 1) == F(1, 3)
    assert uniform_bound(F(1, 3)) == 1


@settings(deadline=None)
@given(st.fractions(-5, 5, max_denominator=6), st.fractions(F(1, 6), 5, max_denominator=6))
def test_uniform_variance_matches_sympy_integral(low, width):
    high = low + width
    x = sp.Symbol("x")
    a, b = sp.Rational(low.numerator, low.denominator), sp.Rational(high.numerator, high.denominator)
    density = 1 / (b - a)
    mean = sp.integrate(x * density, (x, a, b))
    variance = sp.integrate(x**2 * density, (x, a, b)) - mean**2
    assert uniform_variance(low, high) == F(int(sp.numer(variance)), int(sp.denom(variance)))


def test_weighted_sum_variance_matches_monte_carlo():
    rng = np.random.default_rng(12345)
    n, var_w, var_x = 50, 0.02, 3.0
    w = rng.normal(0, var_w**0.5, size=(20_000, n))
    x = rng.normal(0, var_x**0.5, size=(20_000, n))
    assert (w * x).sum(axis=1).var() == pytest.approx(weighted_sum_variance(n, var_w, var_x), rel=0.05)


def test_uniform_bound_matches_monte_carlo_variance():
    rng = np.random.default_rng(7)
    alpha = float(uniform_init_bound(12))
    assert rng.uniform(-alpha, alpha, size=200_000).var() == pytest.approx(1 / 12, rel=0.02)

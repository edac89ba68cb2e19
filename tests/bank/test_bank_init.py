"""question_bank/init.py: variances by enumerating a two-point distribution, the defining properties of each
scheme, and sympy integrals for the uniform distribution."""

from __future__ import annotations

import itertools

import pytest
import sympy

from conftest import answers_for, check_previews



def product_variance(var_w: sympy.Rational, var_x: sympy.Rational) -> sympy.Expr:
    """Var(w x) for independent zero-mean w, x, enumerated with w = +-sqrt(var_w), x = +-sqrt(var_x) equally likely."""
    outcomes = [sw * sympy.sqrt(var_w) * sx * sympy.sqrt(var_x) for sw, sx in itertools.product((-1, 1), repeat=2)]
    mean = sum(outcomes) / 4
    return sympy.nsimplify(sum((o - mean) ** 2 for o in outcomes) / 4)


def check_variance_propagation(p: dict, a: dict) -> None:
    n_in, n_out = p["n_in"], p["n_out"]
    var_x, var_w = sympy.Rational(p["var_x"]), sympy.Rational(p["var_w"])
    assert sympy.Rational(a["var_s"]) == n_in * product_variance(var_w, var_x)  # independent terms add
    xavier, he, glorot = (sympy.Rational(a[k]) for k in ("xavier", "he", "glorot"))
    assert n_in * product_variance(xavier, var_x) == var_x  # Xavier keeps Var(s) = Var(x)
    assert he == 2 * xavier
    assert glorot == 1 / sympy.Rational(n_in + n_out, 2)  # Xavier with the mean fan


def check_uniform_bound(p: dict, a: dict) -> None:
    alpha, x = sympy.symbols("alpha x", positive=True)
    n = p["c_in"] * p["k"] ** 2
    variance = sympy.integrate(x**2 / (2 * alpha), (x, -alpha, alpha))
    assert a["fan_in"] == n
    assert sympy.solve(sympy.Eq(variance, sympy.Rational(1, n)), alpha) == [sympy.Rational(a["xavier"])]
    (he,) = sympy.solve(sympy.Eq(variance, sympy.Rational(2, n)), alpha)
    assert a["he"] == pytest.approx(float(he), rel=1e-12)


def check_uniform_variance(p: dict, a: dict) -> None:
    x = sympy.symbols("x")
    low, high = sympy.Rational(p["a"]), sympy.Rational(p["b"])
    density = 1 / (high - low)
    mean = sympy.integrate(x * density, (x, low, high))
    second = sympy.integrate(x**2 * density, (x, low, high))
    assert sympy.Rational(a["mean"]) == mean and sympy.Rational(a["second"]) == second
    assert sympy.Rational(a["var"]) == sympy.integrate((x - mean) ** 2 * density, (x, low, high))


CHECKS = {
    "init.variance_propagation": check_variance_propagation,
    "init.uniform_bound": check_uniform_bound,
    "init.uniform_variance": check_uniform_variance,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid)


def test_i1_xavier_weights_on_unit_variance_inputs_keep_the_variance() -> None:
    # I1: Var(s) = n Var(w) Var(x) = 100 * 1/100 * 1 = 1; He 2/100; Glorot 2/(100 + 50)
    params = {"n_in": 100, "n_out": 50, "var_x": 1, "var_w": "1/100"}
    assert answers_for("init.variance_propagation", params) == {"var_s": 1, "xavier": "1/100", "he": "1/50",
                                                                 "glorot": "1/75"}


def test_i2_endterm_2020_p8f_bound_is_sqrt_3_over_n() -> None:
    # I2, 002 P8f / catalog E3: alpha = sqrt(3/n), here n = 3 * 5 * 5 = 75 -> 1/5 (not the student's sqrt(1/n))
    answers = answers_for("init.uniform_bound", {"c_in": 3, "k": 5, "c_out": 16})
    assert answers["fan_in"] == 75 and answers["xavier"] == "1/5"
    assert answers["he"] == pytest.approx((6 / 75) ** 0.5)


def test_i3_unit_interval_has_variance_one_twelfth() -> None:
    # I3: U(0, 1): mean 1/2, E[x^2] = 1/3, Var = 1/12 = (b - a)^2 / 12
    assert answers_for("init.uniform_variance", {"a": 0, "b": 1}) == {"mean": "1/2", "second": "1/3", "var": "1/12"}

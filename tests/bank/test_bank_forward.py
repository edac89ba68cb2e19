"""question_bank/forward.py: previews checked by independent methods (sympy, exact loops, brute-force mask
enumeration, the nn mini-network), plus known answers from the catalog."""

from __future__ import annotations

import itertools
import math
import statistics
from fractions import Fraction

import numpy as np
import pytest
import sympy

from solvers.nn import BatchNorm1d, LeakyReLU, Linear, MSELoss, ReLU, Sequential

from conftest import answers_for, check_previews

T = sympy.Symbol("t")


def F(value: int | str) -> Fraction:
    """A JSON exact number ("p/q" or int) as a Fraction."""
    return Fraction(value)


def fractions(values: list) -> list[Fraction]:
    return [F(v) for v in values]


def check_tanh_saturation(p: dict, a: dict) -> None:
    x = p["x"]
    for key, weights in (("small", p["w_small"]), ("large", p["w_large"])):
        s = sum((F(w) * xi for w, xi in zip(weights, x)), Fraction(0))
        assert F(a[f"s_{key}"]) == s
        slope = sympy.diff(sympy.tanh(T), T).subs(T, sympy.Rational(s.numerator, s.denominator))
        assert a[f"grad_{key}"] == pytest.approx(float(slope), abs=1e-12)
    assert a["grad_small"] > 0.95 > 0.1 > a["grad_large"]  # the story: one linear, one saturated neuron


def _mlp_net(p: dict) -> Sequential:
    """The template's network rebuilt from nn layers (float64)."""
    slope = float(F(p["slope"]))
    hidden = len(p["b1"])
    net = Sequential(Linear(2, hidden), ReLU() if slope == 0 else LeakyReLU(slope), Linear(hidden, 2))
    as_float = lambda values: np.array([float(F(v)) for v in values])  # noqa: E731
    return net.set_params(**{"0.weight": as_float(p["w1"]).reshape(hidden, 2), "0.bias": as_float(p["b1"]),
                             "2.weight": as_float(p["w2"]).reshape(2, hidden), "2.bias": as_float(p["b2"])})


def check_mlp_mse(p: dict, a: dict) -> None:
    slope = F(p["slope"])
    w1 = sympy.Matrix(3, 2, fractions(p["w1"]))
    w2 = sympy.Matrix(2, 3, fractions(p["w2"]))
    z = w1 * sympy.Matrix(p["x"]) + sympy.Matrix(fractions(p["b1"]))
    h = z.applyfunc(lambda v: v if v > 0 else slope * v)
    y_hat = w2 * h + sympy.Matrix(fractions(p["b2"]))
    loss = sum((e**2 for e in y_hat - sympy.Matrix(p["y"])), sympy.Integer(0)) / 2
    assert fractions(a["z"]) == list(z) and fractions(a["h"]) == list(h) and fractions(a["y_hat"]) == list(y_hat)
    assert F(a["loss"]) == loss
    assert any(v < 0 for v in z) and any(v > 0 for v in z)  # one unit in the negative regime, not all
    net = _mlp_net(p)
    out = net.forward(np.array([p["x"]], dtype=float))
    assert out[0] == pytest.approx([float(v) for v in y_hat])
    assert MSELoss("mean")(out, np.array([p["y"]], dtype=float)) == pytest.approx(float(loss))


def check_logistic_regression(p: dict, a: dict) -> None:
    w, b, x = p["w"], p["b"], F(p["x"])
    z = w * x + b
    assert F(a["z"]) == z
    assert a["prob"] == pytest.approx(1 / (1 + math.exp(-float(z))), abs=1e-12)
    assert a["cls"] == (1 if a["prob"] >= 0.5 else 0)
    X = sympy.Symbol("X")
    (root,) = sympy.solve(w * X + b, X)
    assert F(a["boundary"]) == Fraction(int(root.p), int(root.q))


def check_batchnorm_forward(p: dict, a: dict) -> None:
    x = p["x"]
    gamma, beta, decay = F(p["gamma"]), F(p["beta"]), F(p["decay"])
    mean, var = statistics.mean(fractions(x)), statistics.pvariance(fractions(x))
    std = sympy.sqrt(sympy.Rational(var.numerator, var.denominator))
    assert std.is_rational
    std = Fraction(int(std.p), int(std.q))
    assert F(a["mean"]) == mean and F(a["var"]) == var
    assert fractions(a["y"]) == [gamma * (v - mean) / std + beta for v in x]
    assert F(a["run_mean_new"]) == decay * p["run_mean"] + (1 - decay) * mean
    test_std = sympy.sqrt(sympy.Rational(str(p["test_var"])))
    expected_test = gamma * (p["x_test"] - p["test_mean"]) / Fraction(int(test_std.p), int(test_std.q)) + beta
    assert F(a["y_test"]) == expected_test
    # the nn layer (PyTorch semantics, eps = 0, lecture form of the running statistics) agrees
    bn = BatchNorm1d(1, eps=0.0, momentum=float(1 - decay), unbiased_running_var=False)
    bn.set_params(weight=[float(gamma)], bias=[float(beta)])
    bn.running_mean[:] = p["run_mean"]
    out = bn.forward(np.array(x, dtype=float).reshape(-1, 1))
    assert out.ravel() == pytest.approx([float(F(v)) for v in a["y"]])
    assert bn.running_mean[0] == pytest.approx(float(F(a["run_mean_new"])))
    bn.eval()
    bn.running_mean[:], bn.running_var[:] = p["test_mean"], float(F(p["test_var"]))
    assert bn.forward(np.array([[p["x_test"]]], dtype=float))[0, 0] == pytest.approx(float(expected_test))


def _keep(p: dict, name: str) -> Fraction:
    given = F(p[name])
    return 1 - given if p["convention"] == "drop" else given


def check_dropout_arithmetic(p: dict, a: dict) -> None:
    w, x = fractions(p["w"]), p["x"]
    keep, keep_q = _keep(p, "p_prob"), _keep(p, "q_prob")
    expected = Fraction(0)
    for mask in itertools.product((0, 1), repeat=len(x)):  # every dropout mask with its probability
        chance = math.prod(keep if m else 1 - keep for m in mask)
        expected += chance * sum(wi * xi * m for wi, xi, m in zip(w, x, mask))
    assert F(a["expected"]) == expected
    assert F(a["scale"]) * keep == 1
    kept = sum(wi * xi for wi, xi, m in zip(w, x, p["mask"]) if m)
    assert F(a["s_mask"]) == kept / keep
    survive = sum(  # enumerate (kept by layer 1, kept by layer 2)
        (keep if first else 1 - keep) * (keep_q if second else 1 - keep_q)
        for first, second in itertools.product((0, 1), repeat=2) if first and second
    )
    assert F(a["stacked"]) == (1 - survive if p["convention"] == "drop" else survive)


def check_activation_values(p: dict, a: dict) -> None:
    x, alpha, at_zero = fractions(p["x"]), F(p["alpha"]), p["relu_at_zero"]
    assert fractions(a["relu"]) == [max(v, 0) for v in x]
    assert fractions(a["d_relu"]) == [1 if v > 0 else 0 if v < 0 else at_zero for v in x]
    assert fractions(a["leaky"]) == [max(v, alpha * v) for v in x]
    assert fractions(a["d_leaky"]) == [1 if v > 0 or (v == 0 and at_zero == 1) else alpha for v in x]
    sig = 1 / (1 + sympy.exp(-T))
    top, bottom = max(x), min(x)
    assert a["d_sigmoid"] == pytest.approx(float(sympy.diff(sig, T).subs(T, sympy.Rational(str(top)))), abs=1e-12)
    assert a["d_tanh"] == pytest.approx(float(sympy.diff(sympy.tanh(T), T).subs(T, sympy.Rational(str(bottom)))),
                                        abs=1e-12)


CHECKS = {
    "forward.tanh_saturation": check_tanh_saturation,
    "forward.mlp_mse": check_mlp_mse,
    "forward.logistic_regression": check_logistic_regression,
    "normalisation.batchnorm_forward": check_batchnorm_forward,
    "regularisation.dropout_arithmetic": check_dropout_arithmetic,
    "forward.activation_values": check_activation_values,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid)



def test_logistic_boundary_of_the_inf5860_exercise() -> None:
    # catalog E3, 004 Ex 2a-b: w = 2, b = 1 -> boundary x = -1/2; class 1 iff wx + b >= 0 (not sigma > 0, E36)
    answers = answers_for("forward.logistic_regression", {"w": 2, "b": 1, "x": -1})
    assert answers["boundary"] == "-1/2" and answers["z"] == -1 and answers["cls"] == 0
    assert answers["prob"] == pytest.approx(0.2689, abs=1e-4)


def test_two_stacked_dropouts_drop_p_plus_q_minus_pq() -> None:
    # catalog E7 / E25 (Feb2022 2.5): drop 1/2 twice -> 1/2 + 1/2 - 1/4 = 3/4, not p + q - 2pq = 1/2;
    # lecture 8: with p = 1/2 the expected pre-activation is half of w.x (here 5/2 of 5)
    params = {"w": [1, 2, 0], "x": [3, 1, 2], "convention": "drop", "p_prob": "1/2", "q_prob": "1/2",
              "mask": [1, 0, 1]}
    answers = answers_for("regularisation.dropout_arithmetic", params)
    assert answers == {"expected": "5/2", "scale": 2, "s_mask": 6, "stacked": "3/4"}
    answers = answers_for("regularisation.dropout_arithmetic", {**params, "convention": "keep"})
    assert answers["stacked"] == "1/4"  # keep probabilities multiply


def test_batchnorm_uses_the_biased_variance() -> None:
    # catalog E6 / E31: sigma^2 = mean((x - mu)^2) with the square; x = (1, 1, 5, 5) -> mu 3, var 4
    params = {"x": [1, 1, 5, 5], "gamma": 2, "beta": 1, "decay": "9/10", "run_mean": 0, "test_mean": 1,
              "test_var": 4, "x_test": 5}
    answers = answers_for("normalisation.batchnorm_forward", params)
    assert answers == {"mean": 3, "var": 4, "y": [-1, -1, 3, 3], "run_mean_new": "3/10", "y_test": 5}


def test_relu_derivative_at_zero_follows_the_stated_convention() -> None:
    # catalog G4 / 002 P6d: the value at the kink is a convention that the prompt states
    params = {"x": [-2, 0, "1/2", 3], "alpha": "1/10", "relu_at_zero": 0}
    answers = answers_for("forward.activation_values", params)
    assert answers["d_relu"] == [0, 0, 1, 1] and answers["d_leaky"] == ["1/10", "1/10", 1, 1]
    assert answers["leaky"] == ["-1/5", 0, "1/2", 3]
    answers = answers_for("forward.activation_values", {**params, "relu_at_zero": 1})
    assert answers["d_relu"] == [0, 1, 1, 1] and answers["d_leaky"] == ["1/10", 1, 1, 1]


def test_mlp_forward_with_a_dead_and_a_leaky_unit() -> None:
    # worked by hand: z = (2 - 1, -3/2 - 1/2, 4 - 1) = (1, -2, 3); Leaky ReLU 1/2 -> h = (1, -1, 3);
    # y_hat = (1 - 1, -1/2 + 6 + 1/2) = (0, 6); L = ((0 - 0)^2 + (6 - 3)^2) / 2 = 9/2
    params = {"x": [1, 2], "w1": [0, 1, "-1/2", "-1/2", 2, 1], "b1": [-1, "-1/2", -1],
              "w2": [1, 1, 0, 0, "1/2", 2], "b2": [0, "1/2"], "slope": "1/2", "y": [0, 3]}
    answers = answers_for("forward.mlp_mse", params)
    assert answers == {"z": [1, -2, 3], "h": [1, -1, 3], "y_hat": [0, 6], "loss": "9/2"}

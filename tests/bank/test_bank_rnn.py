"""question_bank/rnn.py: previews checked by independent methods (the nn RNN and LSTM cells, sympy
differentiation of the unrolled recurrence), plus the catalog's worked examples (with section e's corrections)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy

from solvers.nn import LSTMCell, RNNCell

from conftest import answers_for, check_previews


def F(value: int | str) -> Fraction:
    """A JSON exact number ("p/q" or int) as a Fraction."""
    return Fraction(value)


def nn_relu_rnn(p: dict, bias: float) -> tuple[RNNCell, list[float]]:
    """Unroll the nn ReLU cell (one unit, single bias) over the three inputs; return it and h_1..h_3."""
    cell = RNNCell(1, 1, "relu", bias="single")
    cell.set_params(weight_ih=[[p["w"]]], weight_hh=[[p["v"]]], bias=[bias])
    h, states = np.array([[float(p["h0"])]]), []
    for x in p["x"]:
        h = cell.forward(np.array([[float(F(x))]]), h)
        states.append(float(h[0, 0]))
    return cell, states


def unrolled(p: dict, bias: sympy.Expr = 0) -> tuple[list[sympy.Expr], list[sympy.Expr], tuple]:
    """Symbolic pre-activations and states with V, W and x_1 as symbols."""
    v, w, x1 = sympy.symbols("V W x1")
    xs = [x1, *(sympy.Rational(str(x)) for x in p["x"][1:])]
    h, zs, hs = sympy.Integer(p["h0"]), [], []
    for x in xs:
        z = v * h + w * x + bias
        h = sympy.Max(0, z)
        zs.append(z)
        hs.append(h)
    return zs, hs, (v, w, x1)


def point(p: dict, symbols: tuple) -> dict:
    return dict(zip(symbols, (p["v"], p["w"], sympy.Rational(str(p["x"][0])))))


def check_relu_forward(p: dict, a: dict) -> None:
    zs, hs, symbols = unrolled(p, p["b"])
    at = point(p, symbols)
    states = [F(a[f"h{t}"]) for t in (1, 2, 3)]
    assert states == [Fraction(str(h.subs(at))) for h in hs]
    assert nn_relu_rnn(p, p["b"])[1] == pytest.approx([float(h) for h in states])
    values = [z.subs(at) for z in zs]
    assert min(values) < 0 < max(values)  # one dead step, not all


def check_relu_bptt(p: dict, a: dict) -> None:
    zs, hs, symbols = unrolled(p)
    at = point(p, symbols)
    assert [F(a[f"h{t}"]) for t in (1, 2, 3)] == [Fraction(str(h.subs(at))) for h in hs]
    assert all(z.subs(at) != 0 for z in zs)  # ReLU'(0) never matters
    for name, symbol in zip(("dh3_dv", "dh3_dw", "dh3_dx1"), symbols):
        assert F(a[name]) == Fraction(str(sympy.diff(hs[2], symbol).subs(at))), name
    # the nn cell's BPTT accumulates the same weight gradients
    cell, _ = nn_relu_rnn(p, 0.0)
    dh = np.array([[1.0]])
    for _ in range(3):
        dx, dh = cell.backward(dh)
    assert cell.grads["weight_hh"][0, 0] == pytest.approx(float(F(a["dh3_dv"])))
    assert cell.grads["weight_ih"][0, 0] == pytest.approx(float(F(a["dh3_dw"])))
    assert dx[0, 0] == pytest.approx(float(F(a["dh3_dx1"])))


def check_lstm_step(p: dict, a: dict) -> None:
    f, i, g, o = (float(F(v)) for v in p["pre"])
    cell = LSTMCell(1, 1, bias="single")  # zero weights; the bias holds the pre-activations in order i, f, g, o
    cell.set_params(bias=[i, f, g, o])
    h, c = cell.forward(np.zeros((1, 1)), (np.zeros((1, 1)), np.array([[float(F(p["c_prev"]))]])))
    sigma = lambda t: 1 / (1 + math.exp(-t))  # noqa: E731
    assert a["gates"] == pytest.approx([sigma(f), sigma(i), math.tanh(g), sigma(o)], abs=1e-12)
    assert a["c"] == pytest.approx(c[0, 0], abs=1e-12) and a["h"] == pytest.approx(h[0, 0], abs=1e-12)


CHECKS = {
    "rnn.relu_forward": check_relu_forward,
    "rnn.relu_bptt": check_relu_bptt,
    "rnn.lstm_step": check_lstm_step,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid)



def test_forward_pass_of_the_2020_exam() -> None:
    # catalog E4, 002 P6c (verified): V = -3, W = 3, h0 = 0, x = 2, 3, 1 -> 6, 0, 3
    answers = answers_for("rnn.relu_forward", {"v": -3, "w": 3, "b": 0, "h0": 0, "x": [2, 3, 1]})
    assert answers == {"h1": 6, "h2": 0, "h3": 3}


def test_bptt_of_the_2020_exam_with_the_corrected_forward_values() -> None:
    # catalog G6 / E2: V = -2, W = 1, h0 = 2, x = 2, 3/2, 4 -> h = 0, 3/2, 1 (the question's h2 = 2/3 is a typo);
    # dh3/dV = 3/2 (not 2/3), dh3/dW = 4 + (-2)(3/2) = 1, dh3/dx1 = 0 (dead ReLU at t = 1)
    answers = answers_for("rnn.relu_bptt", {"v": -2, "w": 1, "h0": 2, "x": [2, "3/2", 4]})
    assert answers == {"h1": 0, "h2": "3/2", "h3": 1, "dh3_dv": "3/2", "dh3_dw": 1, "dh3_dx1": 0}


def test_lstm_output_gate_is_a_sigmoid() -> None:
    # catalog E5 / E16: o = sigma(.), not tanh; all pre-activations 0 and c_prev = 1:
    # f = i = o = 1/2, g = 0 -> c = 1/2, h = tanh(1/2) / 2
    answers = answers_for("rnn.lstm_step", {"pre": [0, 0, 0, 0], "c_prev": 1})
    assert answers["gates"] == pytest.approx([0.5, 0.5, 0.0, 0.5])
    assert answers["c"] == pytest.approx(0.5) and answers["h"] == pytest.approx(math.tanh(0.5) / 2)

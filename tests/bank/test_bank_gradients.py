"""question_bank/gradients.py: previews checked by independent methods (sympy differentiation, finite
differences), known answers from the catalog, and the Matrikelnummer digits taken from a real roster."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy

from conftest import answers_for, check_previews, run_cli


def F(value: int | str) -> Fraction:
    """A JSON exact number ("p/q" or int) as a Fraction."""
    return Fraction(value)


def exact(value: sympy.Expr) -> Fraction:
    """A rational sympy number as a Fraction."""
    rational = sympy.Rational(value)
    return Fraction(int(rational.p), int(rational.q))


def rationals(values: list) -> list[sympy.Rational]:
    return [sympy.Rational(str(v)) for v in values]


def check_matrikel_graph(p: dict, a: dict) -> None:
    a_, b_, c_, d_ = sympy.symbols("a b c d")
    f = (a_ * b_ + d_) * (b_ + c_)
    c, b, a_digit = p["digits"]  # the digits come from the right: last, second-to-last, third-to-last
    point = {a_: a_digit, b_: b, c_: c, d_: p["d"]}
    assert a["v"] == a_digit * b + p["d"] and a["w"] == b + c
    assert a["f"] == f.subs(point)
    for name, symbol in zip("abcd", (a_, b_, c_, d_)):
        assert a[f"df_d{name}"] == sympy.diff(f, symbol).subs(point), name


def check_mlp_sgd_step(p: dict, a: dict) -> None:
    omega = sympy.Symbol("omega")
    j, k = p["unit"] - 1, p["inp"] - 1
    w1 = sympy.Matrix(2, 2, rationals(p["w1"]))
    w_old = w1[j, k]
    w1[j, k] = omega
    slope = sympy.Rational(str(p["slope"]))
    z = w1 * sympy.Matrix(p["x"]) + sympy.Matrix(rationals(p["b1"]))
    h = z.applyfunc(lambda v: sympy.Max(v, slope * v))  # ReLU for slope 0, Leaky ReLU otherwise
    y_hat = sympy.Matrix(2, 2, rationals(p["w2"])) * h + sympy.Matrix(rationals(p["b2"]))
    errors = y_hat - sympy.Matrix(p["y"])
    loss = sum((e**2 for e in errors), sympy.Integer(0)) * (1 if p["reduction"] == "sum" else sympy.Rational(1, 2))
    at = {omega: w_old}
    assert [F(v) for v in a["h"]] == [exact(v.subs(at)) for v in h]
    assert [F(v) for v in a["y_hat"]] == [exact(v.subs(at)) for v in y_hat]
    assert F(a["loss"]) == exact(loss.subs(at))
    scale = 2 if p["reduction"] == "sum" else 1
    assert [F(v) for v in a["dl_dy"]] == [scale * exact(e.subs(at)) for e in errors]
    grad = exact(sympy.diff(loss, omega).subs(at))
    assert F(a["grad"]) == grad != 0
    assert F(a["w_new"]) == exact(w_old) - F(p["lr"]) * grad
    hidden = [exact(v.subs(at)) for v in z]
    assert min(hidden) < 0 < max(hidden)  # one unit in the negative regime, not all


def check_affine_layer_grads(p: dict, a: dict) -> None:
    x = sympy.Matrix(2, 3, lambda i, j: sympy.Symbol(f"x{i}{j}"))
    w = sympy.Matrix(3, 2, lambda i, j: sympy.Symbol(f"w{i}{j}"))
    b = sympy.Matrix(1, 2, lambda i, j: sympy.Symbol(f"b{j}"))
    y = x * w + sympy.ones(2, 1) * b
    loss = sum((v**2 for v in y), sympy.Integer(0))
    point = dict(zip(list(x), p["x"])) | dict(zip(list(w), p["w"])) | dict(zip(list(b), p["b"]))
    value = lambda m: [[int(e.subs(point)) for e in m.row(i)] for i in range(m.rows)]  # noqa: E731
    assert a["y"] == value(y) and a["loss"] == loss.subs(point)
    outputs = sympy.Matrix(2, 2, lambda i, j: sympy.Symbol(f"y{i}{j}"))
    loss_of_y = sum((v**2 for v in outputs), sympy.Integer(0))
    at_y = dict(zip(list(outputs), [v.subs(point) for v in y]))
    assert a["dy"] == [[int(sympy.diff(loss_of_y, outputs[i, j]).subs(at_y)) for j in range(2)] for i in range(2)]
    assert a["dx"] == value(x.applyfunc(lambda s: sympy.diff(loss, s)))
    assert a["dw"] == value(w.applyfunc(lambda s: sympy.diff(loss, s)))
    assert a["db"] == value(b.applyfunc(lambda s: sympy.diff(loss, s)))[0]
    assert a["shape_dx"] == [2, 3] and a["shape_dw"] == [3, 2]


def _ce_loss(h: np.ndarray, w: np.ndarray, b: np.ndarray, label: int) -> float:
    z = h @ w + b
    return float(np.log(np.exp(z).sum()) - z[label])


def _central_difference(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        grad[index] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def check_softmax_ce_grad(p: dict, a: dict) -> None:
    h = np.array(p["h"], dtype=float)
    w = np.array(p["w"], dtype=float).reshape(2, 3)
    b = np.array(p["b"], dtype=float)
    label = p["label"] - 1
    assert a["z"] == list(h @ w + b)
    dz = _central_difference(lambda z: float(np.log(np.exp(z).sum()) - z[label]), h @ w + b)
    assert a["dz"] == pytest.approx(list(dz), abs=1e-7)
    assert np.array(a["dw"]) == pytest.approx(_central_difference(lambda m: _ce_loss(h, m, b, label), w), abs=1e-7)
    assert a["dh"] == pytest.approx(list(_central_difference(lambda v: _ce_loss(v, w, b, label), h)), abs=1e-7)
    assert min(abs(v) for v in a["dh"]) > 1e-3  # no entry vanishes


CHECKS = {
    "backprop.matrikel_graph": check_matrikel_graph,
    "backprop.mlp_sgd_step": check_mlp_sgd_step,
    "backprop.affine_layer_grads": check_affine_layer_grads,
    "backprop.softmax_ce_grad": check_softmax_ce_grad,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid)



@pytest.mark.parametrize(("abc", "gradient"), [((8, 0, 1), (0, 13, 5, 1)), ((1, 3, 6), (27, 17, 8, 9))])
def test_matrikel_graph_reproduces_the_catalog_gradients(abc: tuple, gradient: tuple) -> None:
    # catalog G1 (000): f = (ab + d)(b + c), d = 5; the seed lists (df/dd, df/da, df/db, df/dc) = (1, 0, 13, 5)
    # for a, b, c = 8, 0, 1 and (9, 27, 17, 8) for 1, 3, 6
    answers = answers_for("backprop.matrikel_graph", {"digits": list(reversed(abc)), "d": 5})
    assert tuple(answers[f"df_d{name}"] for name in "abcd") == gradient


def test_matrikel_digits_come_from_the_roster(tmp_path: Path, secret_file: Path) -> None:
    # read from the right: c is the last digit, b the second-to-last, a the third-to-last: ...801 gives 8, 0, 1
    spec = tmp_path / "exam.toml"
    spec.write_text("""[exam]
id = "matrikel-graph"
title = "Backprop"
course = "I2DL"
examiner = "Prof. Example"
date = 2026-08-03
start = "08:00"
duration_minutes = 30
language = "en"

[[problems]]
title = "Backprop"
  [[problems.slots]]
  question = "backprop.matrikel_graph"
  points = 6
  options = { d = 5 }
""", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("matrikel,name\n03610801,Ada\n03600136,Ben\n", encoding="utf-8")
    result = run_cli("build", spec, "--roster", roster, "--out", tmp_path / "out", "--secret-file", secret_file,
                     "--no-pdf")
    assert result.exit_code == 0, result.output
    key = json.loads((tmp_path / "out" / "answer_key.json").read_text(encoding="utf-8"))
    expected = {"03610801": {"f": 5, "df_da": 0, "df_db": 13, "df_dc": 5, "df_dd": 1},
                "03600136": {"f": 72, "df_da": 27, "df_db": 17, "df_dc": 8, "df_dd": 9}}
    for student in key["students"]:
        got = {part["part"]: part["expected"] for part in student["parts"]}
        assert {name: got[name] for name in expected[student["matrikel"]]} == expected[student["matrikel"]]


def test_affine_layer_reproduces_the_tutor_note_exercise() -> None:
    # catalog G3, 001 tutor note: X = [[0, 1], [2, 3]], W = ones(2, 2), f = y^2, L = sum -> 52,
    # dX = [[4, 4], [20, 20]], dW = [[20, 20], [32, 32]]; embedded here with a zero third input column
    params = {"x": [0, 1, 0, 2, 3, 0], "w": [1, 1, 1, 1, 0, 0], "b": [0, 0]}
    answers = answers_for("backprop.affine_layer_grads", params)
    assert answers["loss"] == 52 and answers["y"] == [[1, 1], [5, 5]]
    assert answers["dx"] == [[4, 4, 0], [20, 20, 0]] and answers["dw"] == [[20, 20], [32, 32], [0, 0]]
    assert answers["db"] == [12, 12]  # sum over the rows of dY = [[2, 2], [10, 10]], not the mean (E14)


def test_mlp_step_worked_by_hand() -> None:
    # z = (1, -1) -> h = (1, 0); y_hat = (2, 0); errors (1, -1); L = 2; dL/dy_hat = (2, -2);
    # dL/dz_1 = 2 * 2 + (-1)(-2) = 6; dL/dW1_12 = 6 * x_2 = 12; 0 - 0.1 * 12 = -6/5
    params = {"x": [1, 2], "w1": [1, 0, -1, "1/2"], "b1": [0, -1], "w2": [2, 1, -1, "1/2"], "b2": [0, 1],
              "slope": 0, "y": [1, 1], "reduction": "sum", "unit": 1, "inp": 2, "lr": "1/10"}
    answers = answers_for("backprop.mlp_sgd_step", params)
    assert answers == {"h": [1, 0], "y_hat": [2, 0], "loss": 2, "dl_dy": [2, -2], "grad": 12, "w_new": "-6/5"}
    # the mean over the two outputs halves every gradient
    answers = answers_for("backprop.mlp_sgd_step", {**params, "reduction": "mean"})
    assert answers["loss"] == 1 and answers["grad"] == 6 and answers["w_new"] == "-3/5"

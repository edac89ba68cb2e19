"""Optimisation templates (catalog H): previews checked against independent methods, plus catalog examples.

The templates call solvers.optim; the checks here redo each computation another way: sympy derivatives and
minimisation, the update rules written out as loops over Fractions, and the float optimizers of solvers.nn.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from solvers.nn.optim import SGD, Adam, Nesterov, RMSProp

from conftest import answers_for, check_previews

F = Fraction


def fr(value: int | str) -> Fraction:
    """An exact JSON number (int or "p/q") as a Fraction."""
    return Fraction(value)


def frs(values: list) -> list[Fraction]:
    return [fr(v) for v in values]


def floats(values: list) -> list[float]:
    return [float(fr(v)) for v in values]


def run_nn(optimizer: type, theta0: list, grads: list, **options) -> list[np.ndarray]:
    """Parameters after each step of a solvers.nn optimizer fed the given gradients."""
    params = {"theta": np.array(floats(theta0))}
    opt = optimizer(params, **options)
    history = []
    for g in grads:
        opt.step({"theta": np.array(floats(g))})
        history.append(params["theta"].copy())
    return history


def check_linreg_gd_step(p: dict, a: dict) -> None:
    w, b = sp.symbols("w b")
    xs, ys, lr = p["x"], [sp.Rational(str(y)) for y in p["y"]], sp.Rational(str(p["lr"]))
    cost = sum((w * x + b - y) ** 2 for x, y in zip(xs, ys)) / (2 * len(xs))
    start = {w: 0, b: 0}
    dw, db = sp.diff(cost, w).subs(start), sp.diff(cost, b).subs(start)
    assert fr(a["cost"]) == cost.subs(start)
    assert (fr(a["dw"]), fr(a["db"])) == (dw, db) and dw != 0 and db != 0
    assert (fr(a["w"]), fr(a["b"])) == (-lr * dw, -lr * db)


def check_least_squares(p: dict, a: dict) -> None:
    xs, ys = p["x"], [sp.Rational(str(y)) for y in p["y"]]
    t0, t1 = sp.symbols("t0 t1")
    bias_only = sp.solve(sp.diff(sum((t0 - y) ** 2 for y in ys), t0), t0)[0]
    loss = sum((t0 + t1 * x - y) ** 2 for x, y in zip(xs, ys))
    line = sp.solve([sp.diff(loss, t0), sp.diff(loss, t1)], [t0, t1])
    assert fr(a["bias_only"]) == bias_only
    assert frs(a["theta"]) == [line[t0], line[t1]] and line[t1] != 0
    design = np.array([[1.0, x] for x in xs])
    assert np.array(a["xtx"], dtype=float) == pytest.approx(design.T @ design)
    assert floats(a["xty"]) == pytest.approx(design.T @ np.array(floats(p["y"])))
    fitted, *_ = np.linalg.lstsq(design, np.array(floats(p["y"])), rcond=None)
    assert floats(a["theta"]) == pytest.approx(fitted)


def check_quadratic_gd(p: dict, a: dict) -> None:
    a_, lr, x = fr(p["a"]), fr(p["lr"]), fr(p["x0"])
    iterates = []
    for _ in range(2):
        x = x - lr * (2 * a_ * x)  # f'(x) = 2 a x
        iterates.append(x)
    assert [fr(a["x1"]), fr(a["x2"])] == iterates and iterates[0] != 0
    one_step, limit = fr(a["one_step"]), fr(a["limit"])
    for start in (1, -3, 7):
        assert start - one_step * 2 * a_ * start == 0  # lands on the minimum
        assert abs(start - limit * 2 * a_ * start) == abs(start)  # the boundary oscillates forever
    for scale, shrinks in ((F(999, 1000), True), (F(1001, 1000), False)):
        factor = 1 - scale * limit * 2 * a_
        assert (abs(factor) < 1) is shrinks


def check_momentum_steps(p: dict, a: dict) -> None:
    beta, lr = fr(p["beta"]), fr(p["lr"])
    theta, velocity = frs(p["theta0"]), [F(0), F(0)]
    exact = []
    for g in p["grads"]:
        velocity = [beta * v - lr * gi for v, gi in zip(velocity, g)]
        theta = [t + v for t, v in zip(theta, velocity)]
        exact.append(theta)
    answers = [frs(a[f"theta{t}"]) for t in (1, 2, 3)]
    assert answers == exact
    nn = run_nn(SGD, p["theta0"], p["grads"], lr=float(lr), momentum=float(beta), form="i2dl")
    assert [floats(v) for v in answers] == [pytest.approx(list(h)) for h in nn]


def check_nesterov_steps(p: dict, a: dict) -> None:
    a_, beta, lr = fr(p["a"]), fr(p["beta"]), fr(p["lr"])

    def grad(x: Fraction) -> Fraction:
        return 2 * a_ * x

    x, v = fr(p["x0"]), F(0)
    points, looks = [], []
    for _ in range(2):
        look = x + beta * v
        v = beta * v - lr * grad(look)
        x = x + v
        points.append(x)
        looks.append(look)
    x1, v1 = points[0], -lr * grad(fr(p["x0"]))
    classical = x1 + (beta * v1 - lr * grad(x1))
    assert [fr(a["x1"]), fr(a["look"]), fr(a["x2"]), fr(a["x2_classical"])] == [x1, looks[1], points[1], classical]
    params = {"x": np.array([float(p["x0"])])}
    opt = Nesterov(params, lr=float(lr), momentum=float(beta))
    for _ in range(2):
        look = opt.lookahead()["x"]
        opt.step({"x": 2 * float(a_) * look})
    assert float(fr(a["look"])) == pytest.approx(float(look[0]))
    assert float(fr(a["x2"])) == pytest.approx(float(params["x"][0]))


def check_rmsprop_steps(p: dict, a: dict) -> None:
    beta, lr = fr(p["beta"]), fr(p["lr"])
    s = [F(0), F(0)]
    for g in p["grads"]:
        s = [beta * si + (1 - beta) * gi * gi for si, gi in zip(s, g)]
    assert frs(a["s2"]) == s
    nn = run_nn(RMSProp, p["theta0"], p["grads"], lr=float(lr), beta=float(beta), eps=1e-8)
    assert a["theta1"] == pytest.approx(list(nn[0]), abs=1e-9)
    assert a["theta2"] == pytest.approx(list(nn[1]), abs=1e-9)
    first_move = float(lr) / math.sqrt(1 - float(beta))  # from s0 = 0 every coordinate moves this far
    assert [abs(t - t0) for t, t0 in zip(a["theta1"], p["theta0"])] == pytest.approx([first_move] * 2)


def check_adam_steps(p: dict, a: dict) -> None:
    lr = float(fr(p["lr"]))
    nn = run_nn(Adam, p["theta0"], p["grads"], lr=lr, betas=(0.9, 0.999), eps=1e-8)
    assert a["theta1"] == pytest.approx(list(nn[0]), abs=1e-9)
    assert a["theta2"] == pytest.approx(list(nn[1]), abs=1e-9)
    assert a["theta1"] == pytest.approx([t - lr * math.copysign(1, g) for t, g in zip(p["theta0"], p["grads"][0])])
    g1, g2 = (np.array(g, dtype=float) for g in p["grads"])
    m2 = 0.9 * 0.1 * g1 + 0.1 * g2
    v2 = 0.999 * 0.001 * g1**2 + 0.001 * g2**2
    assert a["m_hat2"] == pytest.approx(list(m2 / (1 - 0.9**2)))
    assert a["v_hat2"] == pytest.approx(list(v2 / (1 - 0.999**2)))


def check_weight_decay_step(p: dict, a: dict) -> None:
    lr, decay = fr(p["lr"]), fr(p["decay"])
    ws = sp.symbols("w0:3")
    penalty = decay / 2 * sum(w**2 for w in ws)
    at = dict(zip(ws, p["w"]))
    total = [g + sp.diff(penalty, w).subs(at) for g, w in zip(p["grad"], ws)]
    assert frs(a["grad_total"]) == total
    new = [w - lr * g for w, g in zip(p["w"], total)]
    assert frs(a["w_new"]) == new
    w = sp.Symbol("w")
    assert fr(a["shrink"]) == sp.Poly(w - lr * (sp.Symbol("g") + decay * w), w).coeff_monomial(w)
    nn = run_nn(SGD, p["w"], [p["grad"]], lr=float(lr), weight_decay=float(decay))
    assert floats(a["w_new"]) == pytest.approx(list(nn[0]))


def check_lr_schedules(p: dict, a: dict) -> None:
    lr0 = fr(p["lr0"])
    assert frs(a["inverse"]) == [lr0 / (1 + fr(p["k"]) * epoch) for epoch in (1, 2, 3)]
    lr = lr0
    for iteration in range(1, p["step"] + 1):  # walk the iterations, reducing at every multiple of `every`
        if iteration % p["every"] == 0:
            lr -= fr(p["factor"]) * lr
    assert fr(a["stepped"]) == lr and lr < lr0
    expo = lr0
    for _ in range(p["epoch"]):
        expo *= fr(p["rate"])
    assert fr(a["expo"]) == expo
    assert fr(a["warm"]) == lr0 * F(p["warm_step"], p["warmup"]) and p["warm_step"] < p["warmup"]


def check_gradient_clipping(p: dict, a: dict) -> None:
    g = p["g"]
    square = sum(c * c for c in g)
    assert math.isqrt(square) ** 2 == square and a["norm"] == math.isqrt(square)
    clipped = frs(a["by_norm"])
    assert sum(c * c for c in clipped) == p["threshold"] ** 2  # length exactly the threshold
    assert all(c * a["norm"] == gi * p["threshold"] for c, gi in zip(clipped, g))  # same direction
    assert a["by_value"] == np.clip(g, -p["limit"], p["limit"]).tolist()


def check_minibatch_bookkeeping(p: dict, a: dict) -> None:
    sizes = [min(p["batch"], p["samples"] - start) for start in range(0, p["samples"], p["batch"])]
    assert sum(sizes) == p["samples"]
    assert a["per_epoch"] == len(sizes) and a["last"] == sizes[-1]
    assert a["total"] == p["epochs"] * len(sizes)
    assert a["per_epoch_drop"] == sum(1 for s in sizes if s == p["batch"])


CHECKS = {
    "optimisation.linreg_gd_step": check_linreg_gd_step,
    "optimisation.least_squares": check_least_squares,
    "optimisation.quadratic_gd": check_quadratic_gd,
    "optimisation.momentum_steps": check_momentum_steps,
    "optimisation.nesterov_steps": check_nesterov_steps,
    "optimisation.rmsprop_steps": check_rmsprop_steps,
    "optimisation.adam_steps": check_adam_steps,
    "optimisation.weight_decay_step": check_weight_decay_step,
    "optimisation.lr_schedules": check_lr_schedules,
    "optimisation.gradient_clipping": check_gradient_clipping,
    "optimisation.minibatch_bookkeeping": check_minibatch_bookkeeping,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid)



def test_linreg_step_on_the_exercise_data_keeps_the_signs() -> None:
    # 004 Ex 1c-f with lr 1; catalog E35: the residuals are negative, so dJ/dw = -13/3, dJ/db = -2 and the
    # step moves to w = +13/3, b = +2 (the seed drops the signs)
    answers = answers_for("optimisation.linreg_gd_step", {"x": [1, 2, 3], "y": ["3/2", 2, "5/2"], "lr": 1})
    assert answers == {"cost": "25/12", "dw": "-13/3", "db": -2, "w": "13/3", "b": 2}


def test_least_squares_on_the_exercise_data() -> None:
    # 004 Ex 1b / catalog linreg-closed-form: the optimum of the same data is w = 0.5, b = 1
    answers = answers_for("optimisation.least_squares", {"x": [1, 2, 3], "y": ["3/2", 2, "5/2"]})
    assert answers == {"bias_only": 2, "xtx": [[3, 6], [6, 14]], "xty": [6, 13], "theta": [1, "1/2"]}


def test_quadratic_with_learning_rate_one_oscillates() -> None:
    # 001 Feb2022 5.5-5.9: f = x^2, x0 = 5, lr = 1 jumps between -5 and 5; GD converges iff 0 < lr < 1
    answers = answers_for("optimisation.quadratic_gd", {"a": 1, "x0": 5, "lr": 1})
    assert answers == {"x1": -5, "x2": 5, "limit": 1, "one_step": "1/2"}


def test_inverse_time_decay_of_the_lecture() -> None:
    # 001 lecture 6: 0.1 / (1 + epoch) gives 0.05, 0.033.., 0.025
    params = {"lr0": "1/10", "k": 1, "factor": "1/2", "every": 1000, "step": 2500, "rate": "1/2", "epoch": 2,
              "warmup": 2000, "warm_step": 500}
    answers = answers_for("optimisation.lr_schedules", params)
    assert answers == {"inverse": ["1/20", "1/30", "1/40"], "stepped": "1/40", "expo": "1/40", "warm": "1/40"}


def test_iterations_per_epoch_of_the_lecture() -> None:
    # 001 lecture 5: 2^20 samples in minibatches of 64 take 16 384 iterations per epoch
    answers = answers_for("optimisation.minibatch_bookkeeping", {"samples": 2**20, "batch": 64, "epochs": 10})
    assert answers == {"per_epoch": 16_384, "last": 64, "total": 163_840, "per_epoch_drop": 16_384}


def test_first_adam_step_moves_every_coordinate_by_the_learning_rate() -> None:
    # catalog H7: m_hat_1 = g_1 and v_hat_1 = g_1^2, so the first step is lr * sign(g) (up to eps)
    answers = answers_for("optimisation.adam_steps", {"theta0": [1, -2], "grads": [[4, -1], [4, -1]], "lr": "1/10"})
    assert answers["theta1"] == pytest.approx([0.9, -1.9]) and answers["theta2"] == pytest.approx([0.8, -1.8])
    assert answers["m_hat2"] == pytest.approx([4, -1]) and answers["v_hat2"] == pytest.approx([16, 1])


def test_clipping_a_pythagorean_gradient() -> None:
    answers = answers_for("optimisation.gradient_clipping", {"g": [3, -4], "threshold": 2, "limit": 3})
    assert answers == {"norm": 5, "by_norm": ["6/5", "-8/5"], "by_value": [3, -3]}

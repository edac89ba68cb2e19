"""Optimisation: gradient-descent steps, momentum, adaptive methods, schedules, clipping, bookkeeping (catalog H)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from itertools import permutations, product
from typing import Any

from examgen.answers import Exact, Integer, Matrix, Vector
from examgen.params import Grid, IntRange, ListOf, OneOf, Params
from examgen.question import Part, question
from solvers import optim
from solvers.exact import dot, matmul, sqrt, transpose
from solvers.extra_optim import l2_regularised_gradient, last_batch_size, quadratic_gd_rates

F = Fraction
EPS = 1e-8  # the epsilon of RMSProp and Adam, stated in their prompts
REAL_VECTOR = Vector(decimals=4, rel_tol=0.0, abs_tol=1e-3)  # parameters after an adaptive step
MOMENT_VECTOR = Vector(decimals=4, rel_tol=1e-3, abs_tol=5e-4)  # Adam's bias-corrected moments


def _tex(value: Any) -> Any:
    """LaTeX text of exact numbers (recursively in lists and dicts): terminating decimals as decimals
    (0.125, 12\\,500), other fractions as \\frac; floats and other values stay as they are."""
    if isinstance(value, Mapping):
        return {key: _tex(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_tex(v) for v in value]
    if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
        return value
    q = Fraction(value)
    sign = "-" if q < 0 else ""
    rest, twos, fives = q.denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        return rf"{sign}\frac{{{abs(q.numerator)}}}{{{q.denominator}}}"
    places = max(twos, fives)
    digits = str(abs(q.numerator) * 10**places // q.denominator).rjust(places + 1, "0")
    whole, decimals = int(digits[: len(digits) - places]), digits[len(digits) - places :]
    whole_text = f"{whole:,}".replace(",", r"\,") if whole >= 10_000 else str(whole)
    return sign + whole_text + ("." + decimals if places else "")


def _points_text(xs: tuple, ys: tuple) -> str:
    """The data points (x_i, y_i) as LaTeX, y with decimals."""
    return ", ".join(f"({x}, {_tex(y)})" for x, y in zip(xs, ys))


def _with_text(p: Params, values: dict[str, Any]) -> dict[str, Any]:
    """The solver's values plus `show`: every parameter and value as LaTeX text, for prompt and solution."""
    return {**values, "show": _tex({**p, **values})}


# ---------------------------------------------------------------------------------------------- H1, H2


def _linreg_ok(p: Params) -> bool:
    """Distinct increasing inputs and a first step that moves both parameters."""
    if not p.x[0] < p.x[1] < p.x[2]:
        return False
    step = optim.linreg_gd_step(p.x, p.y, 0, 0, p.lr)
    return step.dw != 0 and step.db != 0


@question(
    qid="optimisation.linreg_gd_step", version=1, topic="optimisation",
    title="One gradient-descent step for linear regression",
    params={
        "x": ListOf(IntRange(0, 4), 3), "y": ListOf(Grid(-1, 4, F(1, 2)), 3),
        "lr": OneOf([F(1, 10), F(1, 5), F(1, 2), 1]),
    },
    where=_linreg_ok,
    parts=[
        Part("cost", Exact(), points=1, label=r"initial cost $J(0, 0)$", space_cm=1.5),
        Part("dw", Exact(), points=1, label=r"$\partial J / \partial w$ at $w = b = 0$", space_cm=1.5),
        Part("db", Exact(), points=1, label=r"$\partial J / \partial b$ at $w = b = 0$", space_cm=1.5),
        Part("w", Exact(), points=1, label=r"$w$ after one step", space_cm=1.2),
        Part("b", Exact(), points=1, label=r"$b$ after one step", space_cm=1.2),
    ],
    prompt=r"""A linear model $\hat y = w x + b$ is fitted to the three training points
$(x, y) = \VAR{points}$ by gradient descent on the cost
$J(w, b) = \frac{1}{2m} \sum_{i=1}^{m} (w x_i + b - y_i)^2$ with $m = 3$
(a mean over the points, with the factor $\frac{1}{2}$). Both parameters start at $w = b = 0$, and the learning
rate is $\alpha = \VAR{show.lr}$. Compute the initial cost, both partial derivatives at the start, and the
parameters after one update $w \leftarrow w - \alpha\, \partial J / \partial w$,
$b \leftarrow b - \alpha\, \partial J / \partial b$. Give exact values (fractions are fine).""",
    solution=r"""At $w = b = 0$ every prediction is 0, so the residuals $\hat y_i - y_i$ (prediction minus target)
are $\VAR{show.residuals|join(', ')}$. The initial cost is
$J(0, 0) = \frac{1}{6}\left(\BLOCK{for r in show.residuals}(\VAR{r})^2\BLOCK{if not loop.last} + \BLOCK{endif}\BLOCK{endfor}\right)
= \VAR{show.cost}$. The derivatives average the residuals, weighted by $x_i$ for $w$:
\[ \frac{\partial J}{\partial w} = \frac{1}{3} \sum_i (\hat y_i - y_i)\, x_i
= \frac{1}{3}\left(\BLOCK{for r in show.residuals}(\VAR{r}) \cdot \VAR{x[loop.index0]}\BLOCK{if not loop.last} + \BLOCK{endif}\BLOCK{endfor}\right)
= \VAR{show.dw}, \qquad
\frac{\partial J}{\partial b} = \frac{1}{3} \sum_i (\hat y_i - y_i) = \VAR{show.db}. \]
Keep the signs: where the model predicts too low, the residual and hence the gradient are negative, and the step
\emph{increases} the parameter. After one step
$w = 0 - \VAR{show.lr} \cdot (\VAR{show.dw}) = \VAR{show.w}$ and $b = 0 - \VAR{show.lr} \cdot (\VAR{show.db}) = \VAR{show.b}$.""",
)
def linreg_gd_step(p: Params) -> dict:
    step = optim.linreg_gd_step(p.x, p.y, 0, 0, p.lr)
    return _with_text(p, {
        "cost": optim.linreg_cost(p.x, p.y, 0, 0), "dw": step.dw, "db": step.db, "w": step.w, "b": step.b,
        "residuals": [-y for y in p.y],  # the predictions are all 0 at the start
        "points": _points_text(p.x, p.y),
    })


X_TRIPLES = [(0, 1, 2), (1, 2, 3), (-1, 0, 1), (0, 1, 3), (0, 2, 4), (-1, 1, 2), (1, 2, 4), (-2, 0, 2), (0, 1, 4),
             (-1, 0, 2), (-2, -1, 1), (1, 3, 4)]


def _least_squares_ok(p: Params) -> bool:
    """A sloped fit whose coefficients have small denominators (solvable by hand)."""
    theta = optim.least_squares([[x] for x in p.x], p.y)
    return theta[1] != 0 and all(F(t).denominator in (1, 2, 3, 4, 6) for t in theta)


@question(
    qid="optimisation.least_squares", version=1, topic="optimisation",
    title="Closed-form least squares: bias only, then a line",
    params={"x": OneOf(X_TRIPLES), "y": ListOf(Grid(-2, 8, F(1, 2)), 3)},
    where=_least_squares_ok,
    parts=[
        Part("bias_only", Exact(), points=1, label=r"$\theta_0$ of the bias-only model", space_cm=1.5),
        Part("xtx", Matrix(), points=1, label=r"$X^\top X$", space_cm=2.0),
        Part("xty", Vector(), points=1, label=r"$X^\top y$", space_cm=1.5),
        Part("theta", Vector(), points=2, label=r"$(\theta_0, \theta_1)$ of the line", space_cm=3.0),
    ],
    prompt=r"""The points $(x, y) = \VAR{points}$
are to be fitted by least squares, i.e. by minimising $\sum_i (\hat y_i - y_i)^2$.
\begin{enumerate}
\item First use a model with only a bias, $\hat y = \theta_0$ for every $x$. Which $\theta_0$ is optimal?
\item Now fit the line $\hat y = \theta_0 + \theta_1 x$. With the design matrix $X$ whose rows are $(1, x_i)$,
compute $X^\top X$ and $X^\top y$.
\item Solve the normal equations $X^\top X\, \theta = X^\top y$ for $\theta = (\theta_0, \theta_1)$ (exact fractions).
\end{enumerate}""",
    solution=r"""(a) With only a bias, $X$ is a column of ones: $X^\top X = 3$ and $X^\top y = \sum_i y_i = \VAR{show.xty[0]}$,
so $\theta_0 = \VAR{show.xty[0]} / 3 = \VAR{bias_only|num}$, the mean of the targets.
(b) $X = \VAR{design|matrix}$, so
$X^\top X = \begin{bmatrix} m & \sum x_i \\ \sum x_i & \sum x_i^2 \end{bmatrix} = \VAR{xtx|matrix}$ and
$X^\top y = \begin{bmatrix} \sum y_i \\ \sum x_i y_i \end{bmatrix} = \VAR{[[xty[0]], [xty[1]]]|matrix}$.
(c) $\det X^\top X = \VAR{xtx[0][0]} \cdot \VAR{xtx[1][1]} - (\VAR{xtx[0][1]})^2 = \VAR{det}$, hence
\[ \theta = (X^\top X)^{-1} X^\top y
= \frac{1}{\VAR{det}} \VAR{adjugate|matrix} \VAR{[[xty[0]], [xty[1]]]|matrix}
= \frac{1}{\VAR{det}} \VAR{scaled|matrix} = \VAR{[[theta[0]], [theta[1]]]|matrix}. \]
The fitted line is $\hat y = \VAR{theta[0]|num} \BLOCK{if theta[1] < 0}-\BLOCK{else}+\BLOCK{endif} \BLOCK{if theta[1]|abs != 1}\VAR{theta[1]|abs|num}\, \BLOCK{endif}x$.""",
)
def least_squares(p: Params) -> dict:
    design = [[1, x] for x in p.x]
    xt = transpose(design)
    xtx = matmul(xt, design)
    xty = [dot(column, p.y) for column in xt]
    det = xtx[0][0] * xtx[1][1] - xtx[0][1] ** 2
    adjugate = [[xtx[1][1], -xtx[0][1]], [-xtx[1][0], xtx[0][0]]]  # (X^T X)^-1 = adjugate / det
    return _with_text(p, {
        "bias_only": optim.least_squares([[] for _ in p.x], p.y)[0],
        "xtx": xtx, "xty": xty,
        "theta": optim.least_squares([[x] for x in p.x], p.y),
        "design": design, "det": det, "adjugate": adjugate, "scaled": matmul(adjugate, [[v] for v in xty]),
        "points": _points_text(p.x, p.y),
    })


# ---------------------------------------------------------------------------------------------- H3-H5


def _quadratic_text(a: Any) -> dict[str, str]:
    """LaTeX of f(x) = a x^2, f'(x) = 2a x, 2a eta and the prefix "2a times", all without a factor 1."""
    def term(coefficient: Any, power: str) -> str:
        return power if coefficient == 1 else rf"{_tex(coefficient)}\, {power}"

    return {"square": term(a, "x^2"), "linear": term(2 * a, "x"), "slope_eta": term(2 * a, r"\eta"),
            "times_slope": "" if 2 * a == 1 else rf"{_tex(2 * a)} \cdot "}


def _quadratic_ok(p: Params) -> bool:
    """A start off the minimum, and a step that neither lands on it nor explodes."""
    xs = optim.quadratic_gd_trajectory(p.a, p.x0, p.lr, 1)
    return p.x0 != 0 and xs[1] != 0 and abs(xs[1]) <= 3 * abs(p.x0)


@question(
    qid="optimisation.quadratic_gd", version=1, topic="optimisation",
    title="Gradient descent on a 1-D quadratic and its learning-rate limit",
    params={
        "a": OneOf([F(1, 2), 1, F(3, 2), 2]), "x0": IntRange(-8, 8),
        "lr": OneOf([F(1, 10), F(1, 8), F(1, 5), F(1, 4), F(1, 2), F(3, 4), 1]),
    },
    where=_quadratic_ok,
    parts=[
        Part("x1", Exact(), points=1, label=r"$x_1$", space_cm=1.2),
        Part("x2", Exact(), points=1, label=r"$x_2$", space_cm=1.2),
        Part("limit", Exact(), points=1.5, label=r"$\eta_{\max}$", space_cm=1.5),
        Part("one_step", Exact(), points=1, label=r"learning rate that reaches the minimum in one step", space_cm=1.5),
    ],
    prompt=r"""Gradient descent $x_{k+1} = x_k - \eta f'(x_k)$ minimises $f(x) = \VAR{square}$, starting at
$x_0 = \VAR{x0}$.
\begin{enumerate}
\item With the learning rate $\eta = \VAR{show.lr}$, compute the first two iterates $x_1$ and $x_2$.
\item Gradient descent on this $f$ converges to the minimum from every start exactly when $0 < \eta < \eta_{\max}$.
Give $\eta_{\max}$.
\item Which learning rate reaches the minimum in a single step, from any start?
\end{enumerate}""",
    solution=r"""Here $f'(x) = \VAR{linear}$, so each step multiplies the iterate by the same factor:
$x_{k+1} = x_k - \eta f'(x_k) = (1 - \VAR{slope_eta})\, x_k = r\, x_k$.
(a) For $\eta = \VAR{show.lr}$: $r = 1 - \VAR{times_slope}\VAR{show.lr} = \VAR{show.factor}$, so
$x_1 = \VAR{show.factor} \cdot (\VAR{x0}) = \VAR{show.x1}$ and $x_2 = \VAR{show.factor} \cdot (\VAR{show.x1}) = \VAR{show.x2}$.
\BLOCK{if converges}Since $|r| < 1$ the iterates shrink towards 0\BLOCK{if factor < 0}, flipping sign every step\BLOCK{endif}.
\BLOCK{elif factor == -1}Since $r = -1$ the iterates jump between $\pm \VAR{x0|abs}$ forever.
\BLOCK{else}Since $|r| > 1$ the iterates grow in size with alternating sign: the learning rate is too large.
\BLOCK{endif}
(b) Convergence needs $|1 - \VAR{slope_eta}| < 1$, i.e. $0 < \VAR{slope_eta} < 2$:
$\eta_{\max} = \VAR{show.limit}$.
(c) The factor vanishes for $1 - \VAR{slope_eta} = 0$, i.e. $\eta = \VAR{show.one_step}$.""",
)
def quadratic_gd(p: Params) -> dict:
    xs = optim.quadratic_gd_trajectory(p.a, p.x0, p.lr, 2)
    rates = quadratic_gd_rates(p.a)
    return _with_text(p, {
        "x1": xs[1], "x2": xs[2], "limit": rates.limit, "one_step": rates.one_step,
        "factor": F(xs[1], p.x0), "converges": optim.quadratic_gd_converges(p.a, p.lr),
        **_quadratic_text(p.a),
    })


def _nonzero_gradients(p: Params) -> bool:
    return all(any(g) for g in p.grads)


@question(
    qid="optimisation.momentum_steps", version=1, topic="optimisation",
    title="Three steps of SGD with momentum",
    params={
        "theta0": ListOf(IntRange(-3, 3), 2), "grads": ListOf(ListOf(IntRange(-4, 4), 2), 3),
        "beta": OneOf([F(1, 2), F(9, 10)]), "lr": OneOf([F(1, 10), F(1, 5), F(1, 2)]),
    },
    where=_nonzero_gradients,
    parts=[
        Part("theta1", Vector(), points=1, label=r"$\theta_1$", space_cm=1.5),
        Part("theta2", Vector(), points=1.5, label=r"$\theta_2$", space_cm=1.5),
        Part("theta3", Vector(), points=1.5, label=r"$\theta_3$", space_cm=1.5),
    ],
    prompt=r"""SGD with momentum is used in the velocity form
\[ v_t = \beta\, v_{t-1} - \alpha\, g_t, \qquad \theta_t = \theta_{t-1} + v_t, \qquad v_0 = 0, \]
with $\beta = \VAR{show.beta}$ and $\alpha = \VAR{show.lr}$, starting at $\theta_0 = (\VAR{show.theta0|join(', ')})$.
The minibatch gradients measured at $\theta_0$, $\theta_1$ and $\theta_2$ are
\BLOCK{for g in show.grads}$g_{\VAR{loop.index}} = (\VAR{g|join(', ')})$\BLOCK{if not loop.last}, \BLOCK{endif}\BLOCK{endfor}.
Compute the parameters $\theta_1$, $\theta_2$ and $\theta_3$ after each of the three updates.""",
    solution=r"""Step by step, each velocity keeps $\VAR{show.beta}$ of the previous one and adds $-\VAR{show.lr}$ times the new gradient:
\begin{align*}
\BLOCK{for s in show.steps}
v_{\VAR{loop.index}} &= \VAR{show.beta} \cdot (\VAR{s.v_before|join(', ')}) - \VAR{show.lr} \cdot (\VAR{s.g|join(', ')})
= (\VAR{s.v|join(', ')}), \\
\theta_{\VAR{loop.index}} &= (\VAR{s.theta_before|join(', ')}) + (\VAR{s.v|join(', ')}) = (\VAR{s.theta|join(', ')})\BLOCK{if not loop.last}, \\[2pt]\BLOCK{else}.\BLOCK{endif}
\BLOCK{endfor}
\end{align*}
The velocity accumulates the past gradients with weights $1, \beta, \beta^2, \dots$, so each step mixes the
new gradient with the earlier ones instead of following it alone.""",
)
def momentum_steps(p: Params) -> dict:
    theta, velocity = list(p.theta0), [0, 0]
    steps = []
    for g in p.grads:
        new = optim.momentum_step(theta, g, velocity, p.lr, p.beta, form="velocity")
        steps.append({"g": g, "v_before": velocity, "theta_before": theta, "v": new.velocity, "theta": new.theta})
        theta, velocity = new.theta, new.velocity
    return _with_text(p, {
        "theta1": steps[0]["theta"], "theta2": steps[1]["theta"], "theta3": steps[2]["theta"], "steps": steps,
    })


def _nesterov(p: Params) -> dict[str, Any]:
    """Two Nesterov steps and the classical-momentum second step from the same first step."""
    calls: list[tuple[Any, Any]] = []  # (point, gradient) of every gradient evaluation, in order

    def grad(x: list) -> list:
        calls.append((x[0], 2 * p.a * x[0]))
        return [calls[-1][1]]

    first = optim.nesterov_step([p.x0], [0], grad, p.lr, p.beta, lookahead="beta_v")
    second = optim.nesterov_step(first.theta, first.velocity, grad, p.lr, p.beta, lookahead="beta_v")
    classical = optim.momentum_step(first.theta, grad(first.theta), first.velocity, p.lr, p.beta, form="velocity")
    (_, g1), (look, g2), (_, g2_classical) = calls  # x0, Nesterov's look-ahead point, x1
    return {
        "x1": first.theta[0], "look": look, "x2": second.theta[0], "x2_classical": classical.theta[0],
        "g1": g1, "v1": first.velocity[0], "g2": g2, "v2": second.velocity[0],
        "g2_classical": g2_classical, "v2_classical": classical.velocity[0],
    }


def _nesterov_ok(p: Params) -> bool:
    """A start off the minimum and a second iterate that is neither 0 nor large."""
    return 0 < abs(_nesterov(p)["x2"]) <= 2 * abs(p.x0)


@question(
    qid="optimisation.nesterov_steps", version=1, topic="optimisation",
    title="Nesterov momentum versus classical momentum on a quadratic",
    params={
        "a": OneOf([F(1, 2), 1, 2]), "x0": IntRange(-6, 6),
        "beta": OneOf([F(1, 2), F(9, 10)]), "lr": OneOf([F(1, 10), F(1, 5), F(1, 2)]),
    },
    where=_nesterov_ok,
    parts=[
        Part("x1", Exact(), points=1, label=r"$x_1$", space_cm=1.2),
        Part("look", Exact(), points=1, label=r"look-ahead point of the second step", space_cm=1.5),
        Part("x2", Exact(), points=1.5, label=r"$x_2$ (Nesterov)", space_cm=1.5),
        Part("x2_classical", Exact(), points=1.5, label=r"$x_2$ with classical momentum", space_cm=1.5),
    ],
    prompt=r"""Minimise $f(x) = \VAR{square}$ from $x_0 = \VAR{x0}$ with Nesterov momentum in the look-ahead form
\[ g_t = f'(x_{t-1} + \beta\, v_{t-1}), \qquad v_t = \beta\, v_{t-1} - \alpha\, g_t, \qquad x_t = x_{t-1} + v_t,
\qquad v_0 = 0, \]
with $\beta = \VAR{show.beta}$ and $\alpha = \VAR{show.lr}$. Compute $x_1$, the look-ahead point
$x_1 + \beta v_1$ at which the second gradient is taken, and $x_2$. Then compute $x_2$ once more with
classical momentum, where the gradient is taken at the current point instead: $g_t = f'(x_{t-1})$.""",
    solution=r"""Here $f'(x) = \VAR{linear}$. Both methods start with $v_0 = 0$, so their first steps agree (the look-ahead
point is $x_0$ itself):
\begin{align*}
g_1 &= \VAR{times_slope}(\VAR{x0}) = \VAR{show.g1}, & v_1 &= -\VAR{show.lr} \cdot (\VAR{show.g1}) = \VAR{show.v1}, &
x_1 &= \VAR{x0} + (\VAR{show.v1}) = \VAR{show.x1}.
\end{align*}
Second Nesterov step: look ahead to $x_1 + \beta v_1 = \VAR{show.x1} + \VAR{show.beta} \cdot (\VAR{show.v1})
= \VAR{show.look}$, then
\begin{align*}
g_2 &= \VAR{times_slope}(\VAR{show.look}) = \VAR{show.g2}, &
v_2 &= \VAR{show.beta} \cdot (\VAR{show.v1}) - \VAR{show.lr} \cdot (\VAR{show.g2}) = \VAR{show.v2}, &
x_2 &= \VAR{show.x1} + (\VAR{show.v2}) = \VAR{show.x2}.
\end{align*}
Second classical step, with the gradient taken at $x_1$:
\begin{align*}
g_2 &= \VAR{times_slope}(\VAR{show.x1}) = \VAR{show.g2_classical}, &
v_2 &= \VAR{show.beta} \cdot (\VAR{show.v1}) - \VAR{show.lr} \cdot (\VAR{show.g2_classical}) = \VAR{show.v2_classical}, &
x_2 &= \VAR{show.x1} + (\VAR{show.v2_classical}) = \VAR{show.x2_classical}.
\end{align*}
The two methods differ only in where the second gradient is taken: Nesterov evaluates it at the point the
velocity is about to carry the iterate to.
""",
)
def nesterov_steps(p: Params) -> dict:
    return _with_text(p, {**_nesterov(p), **_quadratic_text(p.a)})


# ---------------------------------------------------------------------------------------------- H6-H8


def _every_component_moves(p: Params) -> bool:
    """Non-zero gradient components, so every coordinate of the adaptive methods moves in both steps."""
    return all(all(g) for g in p.grads)


ADAPTIVE_PARAMS = {"theta0": ListOf(IntRange(-2, 2), 2), "grads": ListOf(ListOf(IntRange(-4, 4), 2), 2)}


@question(
    qid="optimisation.rmsprop_steps", version=1, topic="optimisation", title="Two RMSProp steps",
    params={**ADAPTIVE_PARAMS, "beta": OneOf([F(9, 10), F(99, 100)]), "lr": OneOf([F(1, 100), F(1, 10)])},
    where=_every_component_moves,
    parts=[
        Part("theta1", REAL_VECTOR, points=1.5, label=r"$\theta_1$ (4 decimals)", space_cm=2.0),
        Part("s2", Vector(), points=1, label=r"$s_2$ (exact)", space_cm=1.5),
        Part("theta2", REAL_VECTOR, points=1.5, label=r"$\theta_2$ (4 decimals)", space_cm=2.5),
    ],
    prompt=r"""RMSProp keeps a running average of the squared gradient for every coordinate (all operations element-wise):
\[ s_t = \beta\, s_{t-1} + (1 - \beta)\, g_t^2, \qquad \theta_t = \theta_{t-1} - \alpha\, \frac{g_t}{\sqrt{s_t} + \varepsilon},
\qquad s_0 = 0, \]
with $\beta = \VAR{show.beta}$, $\alpha = \VAR{show.lr}$ and $\varepsilon = 10^{-8}$. Starting at
$\theta_0 = (\VAR{show.theta0|join(', ')})$, the gradients $g_1 = (\VAR{show.grads[0]|join(', ')})$ and
$g_2 = (\VAR{show.grads[1]|join(', ')})$ are observed at $\theta_0$ and $\theta_1$.
Compute $\theta_1$, the exact average $s_2$, and $\theta_2$. A calculator is needed for the square roots; give
$\theta_1$ and $\theta_2$ to four decimals.""",
    solution=r"""Step 1: $s_1 = (1 - \VAR{show.beta})\, g_1^2 = (\VAR{show.s1|join(', ')})$, so
$\sqrt{s_1} = (\VAR{roots[0]|map('num', 4)|join(', ')})$ and
$\theta_1 = (\VAR{show.theta0|join(', ')}) - (\VAR{updates[0]|map('num', 4)|join(', ')}) = (\VAR{theta1|map('num', 4)|join(', ')})$.
Starting from $s_0 = 0$, every coordinate moves by $\alpha / \sqrt{1 - \beta} \approx \VAR{first_move|num(4)}$ whatever the size
of its gradient.

Step 2: $s_2 = \VAR{show.beta}\, s_1 + (1 - \VAR{show.beta})\, g_2^2 = (\VAR{show.s2|join(', ')})$,
$\sqrt{s_2} = (\VAR{roots[1]|map('num', 4)|join(', ')})$, and
$\theta_2 = \theta_1 - \VAR{show.lr}\, g_2 / (\sqrt{s_2} + \varepsilon)
= (\VAR{theta1|map('num', 4)|join(', ')}) - (\VAR{updates[1]|map('num', 4)|join(', ')}) = (\VAR{theta2|map('num', 4)|join(', ')})$.
A coordinate whose gradients were large so far takes a smaller step relative to its current gradient.""",
)
def rmsprop_steps(p: Params) -> dict:
    first = optim.rmsprop_step(p.theta0, p.grads[0], [0, 0], p.lr, p.beta, EPS)
    second = optim.rmsprop_step(first.theta, p.grads[1], first.square_avg, p.lr, p.beta, EPS)
    return _with_text(p, {
        "theta1": first.theta, "s2": second.square_avg, "theta2": second.theta, "s1": first.square_avg,
        "roots": [[sqrt(s) for s in step.square_avg] for step in (first, second)],
        "updates": [[a - b for a, b in zip(p.theta0, first.theta)], [a - b for a, b in zip(first.theta, second.theta)]],
        "first_move": float(p.lr) / float(sqrt(1 - p.beta)),
    })


BETA1, BETA2 = F(9, 10), F(999, 1000)


@question(
    qid="optimisation.adam_steps", version=1, topic="optimisation", title="Two Adam steps with bias correction",
    params={**ADAPTIVE_PARAMS, "lr": OneOf([F(1, 100), F(1, 10)])},
    where=_every_component_moves,
    parts=[
        Part("theta1", REAL_VECTOR, points=1.5, label=r"$\theta_1$ (4 decimals)", space_cm=2.0),
        Part("m_hat2", MOMENT_VECTOR, points=1, label=r"$\hat m_2$ (4 decimals)", space_cm=1.5),
        Part("v_hat2", MOMENT_VECTOR, points=1, label=r"$\hat v_2$ (4 decimals)", space_cm=1.5),
        Part("theta2", REAL_VECTOR, points=1.5, label=r"$\theta_2$ (4 decimals)", space_cm=2.5),
    ],
    prompt=r"""Adam updates the parameters with bias-corrected moving averages (element-wise, steps counted from $t = 1$):
\[ m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \quad v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2, \quad
\hat m_t = \frac{m_t}{1 - \beta_1^t}, \quad \hat v_t = \frac{v_t}{1 - \beta_2^t}, \quad
\theta_t = \theta_{t-1} - \alpha\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}, \]
with $m_0 = v_0 = 0$, $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$ and $\alpha = \VAR{show.lr}$.
Starting at $\theta_0 = (\VAR{show.theta0|join(', ')})$, the gradients $g_1 = (\VAR{show.grads[0]|join(', ')})$ and
$g_2 = (\VAR{show.grads[1]|join(', ')})$ are observed at $\theta_0$ and $\theta_1$.
Compute $\theta_1$, the bias-corrected moments $\hat m_2$ and $\hat v_2$, and $\theta_2$. A calculator is needed;
give all results to four decimals.""",
    solution=r"""Step 1: $m_1 = 0.1\, g_1 = (\VAR{show.m1|join(', ')})$ and $v_1 = 0.001\, g_1^2 = (\VAR{show.v1|join(', ')})$.
The bias correction divides by $1 - 0.9 = 0.1$ and $1 - 0.999 = 0.001$, giving back $\hat m_1 = g_1$ and
$\hat v_1 = g_1^2$, so $\theta_1 = \theta_0 - \VAR{show.lr} \cdot g_1 / |g_1|
= (\VAR{theta1|map('num', 4)|join(', ')})$: the first step moves every coordinate by $\alpha$ (up to $\varepsilon$).

Step 2: $m_2 = 0.9\, m_1 + 0.1\, g_2 = (\VAR{show.m2|join(', ')})$ and
$v_2 = 0.999\, v_1 + 0.001\, g_2^2 = (\VAR{show.v2|join(', ')})$. With $1 - 0.9^2 = 0.19$ and
$1 - 0.999^2 = 0.001999$: $\hat m_2 = (\VAR{m_hat2|map('num', 4)|join(', ')})$,
$\hat v_2 = (\VAR{v_hat2|map('num', 4)|join(', ')})$, $\sqrt{\hat v_2} = (\VAR{root2|map('num', 4)|join(', ')})$, so
$\theta_2 = \theta_1 - \VAR{show.lr}\, \hat m_2 / (\sqrt{\hat v_2} + \varepsilon)
= (\VAR{theta1|map('num', 4)|join(', ')}) - (\VAR{update2|map('num', 4)|join(', ')}) = (\VAR{theta2|map('num', 4)|join(', ')})$.""",
)
def adam_steps(p: Params) -> dict:
    first = optim.adam_step(p.theta0, p.grads[0], [0, 0], [0, 0], 1, p.lr, BETA1, BETA2, EPS)
    second = optim.adam_step(first.theta, p.grads[1], first.m, first.v, 2, p.lr, BETA1, BETA2, EPS)
    return _with_text(p, {
        "theta1": first.theta, "m_hat2": [float(m) for m in second.m_hat], "theta2": second.theta,
        "v_hat2": [float(v) for v in second.v_hat], "m1": first.m, "v1": first.v, "m2": second.m, "v2": second.v,
        "root2": [sqrt(v) for v in second.v_hat], "update2": [a - b for a, b in zip(first.theta, second.theta)],
    })


@question(
    qid="optimisation.weight_decay_step", version=1, topic="optimisation",
    title="An SGD step with L2 regularisation (weight decay)",
    params={
        "w": ListOf(IntRange(-4, 4), 3), "grad": ListOf(IntRange(-3, 3), 3),
        "lr": OneOf([F(1, 10), F(1, 5), F(1, 2)]), "decay": OneOf([F(1, 100), F(1, 10), F(1, 5), F(1, 2)]),
    },
    where=lambda p: all(p.w) and any(p.grad),
    parts=[
        Part("grad_total", Vector(), points=1, label=r"$\nabla_w L$", space_cm=1.5),
        Part("shrink", Exact(), points=1, label=r"factor $c$", space_cm=1.2),
        Part("w_new", Vector(), points=1.5, label=r"$w$ after the step", space_cm=1.5),
    ],
    prompt=r"""A layer with weights $w = (\VAR{show.w|join(', ')})$ is trained with L2 regularisation added to the loss,
$L(w) = L_{\mathrm{data}}(w) + \frac{\lambda}{2} \lVert w \rVert_2^2$ with $\lambda = \VAR{show.decay}$, by plain SGD with
learning rate $\eta = \VAR{show.lr}$ (the penalty's gradient is part of the SGD step). At the current weights
$\nabla_w L_{\mathrm{data}} = (\VAR{show.grad|join(', ')})$.
\begin{enumerate}
\item Compute the gradient $\nabla_w L$ of the full loss.
\item The step can be written as $w \leftarrow c\, w - \eta\, \nabla_w L_{\mathrm{data}}$. Give the factor $c$.
\item Compute $w$ after the step.
\end{enumerate}""",
    solution=r"""(a) The penalty contributes $\nabla_w \frac{\lambda}{2} \lVert w \rVert^2 = \lambda w$, so
$\nabla_w L = (\VAR{show.grad|join(', ')}) + \VAR{show.decay} \cdot (\VAR{show.w|join(', ')}) = (\VAR{show.grad_total|join(', ')})$.
(b) $w - \eta (\nabla L_{\mathrm{data}} + \lambda w) = (1 - \eta\lambda)\, w - \eta\, \nabla L_{\mathrm{data}}$, so
$c = 1 - \VAR{show.lr} \cdot \VAR{show.decay} = \VAR{show.shrink}$: before the data step every weight shrinks by
the fraction $\eta\lambda$ of itself, hence the name weight decay. (Some slides write $(1 - \lambda)\, w$; there
$\lambda$ stands for the whole per-step decay $\eta\lambda$.)
(c) $w \leftarrow \VAR{show.shrink} \cdot (\VAR{show.w|join(', ')}) - \VAR{show.lr} \cdot (\VAR{show.grad|join(', ')})
= (\VAR{show.w_new|join(', ')})$, the same as $w - \eta \nabla_w L$.""",
)
def weight_decay_step(p: Params) -> dict:
    return _with_text(p, {
        "grad_total": l2_regularised_gradient(p.w, p.grad, p.decay),
        # the factor is what a unit weight becomes without a data gradient
        "shrink": optim.weight_decay_step([1], [0], p.lr, p.decay, form="coupled")[0],
        "w_new": optim.weight_decay_step(p.w, p.grad, p.lr, p.decay, form="coupled"),
    })


# ---------------------------------------------------------------------------------------------- H9-H11


@question(
    qid="optimisation.lr_schedules", version=1, topic="optimisation", title="Learning-rate schedules",
    params={
        "lr0": OneOf([F(1, 10), F(1, 5), F(1, 2), 1]), "k": OneOf([F(1, 2), 1, 2]),
        "factor": OneOf([F(1, 10), F(1, 5), F(1, 2)]), "every": OneOf([100, 500, 1000]), "step": Grid(100, 3900, 100),
        "rate": OneOf([F(1, 2), F(4, 5), F(9, 10)]), "epoch": OneOf([2, 3]),
        "warmup": OneOf([1000, 2000, 4000]), "warm_step": Grid(100, 3900, 100),
    },
    where=lambda p: 1 <= p.step // p.every <= 3 and p.step % p.every != 0 and p.warm_step < p.warmup,
    parts=[
        Part("inverse", Vector(), points=1.5, label=r"inverse-time decay at epochs 1, 2, 3", space_cm=1.5),
        Part("stepped", Exact(), points=1, label=r"step decay", space_cm=1.2),
        Part("expo", Exact(), points=1, label=r"exponential decay", space_cm=1.2),
        Part("warm", Exact(), points=1, label=r"linear warm-up", space_cm=1.2),
    ],
    prompt=r"""A training run starts with the learning rate $\alpha_0 = \VAR{show.lr0}$. Give the learning rate under each
of the following schedules (epochs and iterations are counted from 0, where the rate is $\alpha_0$).
\begin{enumerate}
\item Inverse-time decay $\alpha = \alpha_0 / (1 + k \cdot \mathrm{epoch})$ with $k = \VAR{show.k}$, at epochs 1, 2 and 3.
\item Step decay: after every \VAR{every} iterations the rate is reduced by the fraction $\VAR{show.factor}$ of its
current value ($\alpha \leftarrow \alpha - \VAR{show.factor}\, \alpha$), so iterations 0 to \VAR{every - 1} use
$\alpha_0$. What is the rate at iteration \VAR{step}?
\item Exponential decay $\alpha = r^{\mathrm{epoch}} \alpha_0$ with $r = \VAR{show.rate}$, at epoch \VAR{epoch}.
\item Linear warm-up $\alpha = \alpha_0 \min(1, s / S)$ over $S = \VAR{warmup}$ iterations, at iteration $s = \VAR{warm_step}$.
\end{enumerate}""",
    solution=r"""(a) $\alpha_0 / (1 + \VAR{show.k} \cdot e)$ for $e = 1, 2, 3$:
\BLOCK{for value in show.inverse}$\VAR{show.lr0} / \VAR{show.denominators[loop.index0]} = \VAR{value}$\BLOCK{if not loop.last}, \BLOCK{endif}\BLOCK{endfor}.
(b) By iteration \VAR{step} the rate has been reduced $\lfloor \VAR{step} / \VAR{every} \rfloor = \VAR{step // every}$
time(s), each time to $1 - \VAR{show.factor}$ of its value: $\VAR{show.lr0} \cdot (\VAR{show.keep})^{\VAR{step // every}} = \VAR{show.stepped}$.
(c) $\VAR{show.rate}^{\VAR{epoch}} \cdot \VAR{show.lr0} = \VAR{show.expo}$.
(d) $\VAR{show.lr0} \cdot \min(1, \VAR{warm_step} / \VAR{warmup}) = \VAR{show.lr0} \cdot \VAR{show.warm_fraction} = \VAR{show.warm}$.""",
)
def lr_schedules(p: Params) -> dict:
    return _with_text(p, {
        "inverse": [optim.inverse_time_decay(p.lr0, p.k, e) for e in (1, 2, 3)],
        "stepped": optim.step_decay(p.lr0, p.factor, p.every, p.step),
        "expo": optim.exponential_decay(p.lr0, p.rate, p.epoch),
        "warm": optim.linear_warmup(p.lr0, p.warm_step, p.warmup),
        "denominators": [1 + p.k * e for e in (1, 2, 3)], "keep": 1 - p.factor,
        "warm_fraction": F(p.warm_step, p.warmup),
    })


CLIP_BASES = [(3, 4), (6, 8), (5, 12), (1, 2, 2), (2, 3, 6), (1, 4, 8), (4, 4, 7), (2, 6, 9), (2, 4, 4)]
GRADIENTS = sorted({
    tuple(s * c for s, c in zip(signs, order))
    for base in CLIP_BASES for order in permutations(base) for signs in product((1, -1), repeat=len(base))
})  # integer gradients with integer Euclidean norms


def _norm(g: tuple[int, ...]) -> Any:
    return sqrt(dot(g, g))


@question(
    qid="optimisation.gradient_clipping", version=1, topic="optimisation",
    title="Gradient clipping by norm and by value",
    params={"g": OneOf(GRADIENTS), "threshold": IntRange(2, 12), "limit": IntRange(1, 6)},
    where=lambda p: p.threshold < _norm(p.g) and p.limit < max(abs(c) for c in p.g),
    parts=[
        Part("norm", Exact(), points=1, label=r"$\lVert g \rVert_2$", space_cm=1.2),
        Part("by_norm", Vector(), points=1.5, label=r"clipped by norm", space_cm=1.5),
        Part("by_value", Vector(), points=1, label=r"clipped by value", space_cm=1.5),
    ],
    prompt=r"""Before an update the gradient $g = (\VAR{g|join(', ')})$ is clipped to avoid an exploding step.
\begin{enumerate}
\item Compute its Euclidean norm $\lVert g \rVert_2$.
\item Clip by norm with threshold $\lambda = \VAR{threshold}$: $g \leftarrow \lambda\, g / \lVert g \rVert_2$ if
$\lVert g \rVert_2 > \lambda$, otherwise $g$ is kept. Give the clipped gradient.
\item Instead clip by value: every component is clipped to the interval $[-\VAR{limit}, \VAR{limit}]$. Give the result.
\end{enumerate}""",
    solution=r"""(a) $\lVert g \rVert_2 = \sqrt{\BLOCK{for c in g}(\VAR{c})^2\BLOCK{if not loop.last} + \BLOCK{endif}\BLOCK{endfor}}
= \sqrt{\VAR{square_sum}} = \VAR{norm}$.
(b) Since $\VAR{norm} > \VAR{threshold}$, the gradient is rescaled by $\lambda / \lVert g \rVert_2 = \VAR{show.scale}$:
$(\VAR{show.by_norm|join(', ')})$, which keeps the direction and has length exactly \VAR{threshold}.
(c) Components beyond $\pm\VAR{limit}$ are cut: $(\VAR{by_value|join(', ')})$. This bounds each component but in
general changes the direction of the gradient.""",
)
def gradient_clipping(p: Params) -> dict:
    norm = _norm(p.g)
    return _with_text(p, {
        "norm": norm, "by_norm": optim.clip_by_norm(p.g, p.threshold), "by_value": optim.clip_by_value(p.g, p.limit),
        "square_sum": dot(p.g, p.g), "scale": F(p.threshold) / norm,
    })


@question(
    qid="optimisation.minibatch_bookkeeping", version=1, topic="optimisation",
    title="Minibatches, iterations and epochs",
    params={
        "samples": OneOf([1000, 1200, 2500, 5000, 10_000, 50_000, 60_000, 2**20]),
        "batch": OneOf([32, 64, 100, 128, 256, 500]), "epochs": OneOf([5, 10, 20, 50]),
    },
    where=lambda p: p.samples > p.batch,
    parts=[
        Part("per_epoch", Integer(), points=1, label=r"iterations per epoch", space_cm=1.2),
        Part("last", Integer(), points=1, label=r"size of the last minibatch", space_cm=1.2),
        Part("total", Integer(), points=1, label=r"parameter updates in total", space_cm=1.2),
        Part("per_epoch_drop", Integer(), points=1, label=r"iterations per epoch with \texttt{drop\_last}",
             space_cm=1.2),
    ],
    prompt=r"""A network is trained with minibatch SGD on $N = \VAR{show.samples}$ training samples with batch size
$B = \VAR{batch}$. Every epoch the data is shuffled and cut into consecutive minibatches; one iteration is one
forward and one backward pass over a minibatch, followed by one parameter update. The last minibatch of an
epoch is kept even if it is incomplete.
\begin{enumerate}
\item How many iterations does one epoch take?
\item How many samples are in the last minibatch of an epoch?
\item How many parameter updates are made in \VAR{epochs} epochs?
\item How many iterations per epoch would there be if the incomplete last minibatch were dropped
(as with \texttt{drop\_last=True} in PyTorch)?
\end{enumerate}""",
    solution=r"""(a) $N / B = \VAR{show.samples} / \VAR{batch} = \VAR{show.ratio}$, and a partial batch still costs an iteration:
$\lceil N / B \rceil = \VAR{show.per_epoch}$.
(b) The first $\VAR{show.full}$ minibatches are full and hold $\VAR{show.full} \cdot \VAR{batch} = \VAR{show.full_samples}$
samples, so the last one holds $\VAR{show.samples} - \VAR{show.full_samples} = \VAR{show.last}$
samples\BLOCK{if last == batch} (here $B$ divides $N$, so every batch is full)\BLOCK{endif}.
(c) One update per iteration: $\VAR{epochs} \cdot \VAR{show.per_epoch} = \VAR{show.total}$.
(d) $\lfloor N / B \rfloor = \VAR{show.per_epoch_drop}$\BLOCK{if per_epoch_drop == per_epoch}, the same, because
nothing is left over\BLOCK{else}; the last $\VAR{show.dropped}$ samples of the shuffled order are skipped in that epoch\BLOCK{endif}.""",
)
def minibatch_bookkeeping(p: Params) -> dict:
    per_epoch = optim.iterations_per_epoch(p.samples, p.batch)
    per_epoch_drop = optim.iterations_per_epoch(p.samples, p.batch, drop_last=True)
    last = last_batch_size(p.samples, p.batch)
    full = per_epoch - 1
    return _with_text(p, {
        "per_epoch": per_epoch, "last": last, "total": p.epochs * per_epoch, "per_epoch_drop": per_epoch_drop,
        "ratio": F(p.samples, p.batch), "full": full, "full_samples": full * p.batch,
        "dropped": p.samples - per_epoch_drop * p.batch,
    })

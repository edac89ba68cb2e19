"""Forward passes by hand: a saturating tanh neuron, a small MLP with MSE, logistic regression, batch norm,
dropout arithmetic and activation values (catalog E1-E3, E6, E7, E9, G4, I4).

The MLP helpers in the first section (parameter grids, the network description, layer assembly) are shared
with the backprop story in question_bank/gradients.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from examgen.answers import Exact, Integer, Real, Vector
from examgen.figures import network_tikz
from examgen.params import Grid, IntRange, ListOf, OneOf, Params
from examgen.question import Part, question
from solvers.activations import activate, derivative, sigmoid, tanh, tanh_grad
from solvers.exact import Number, is_exact, sqrt
from solvers.forward import (
    Layer,
    batchnorm_test,
    batchnorm_train,
    dropout_expected_output,
    dropout_scales,
    keep_probability,
    linear_neuron,
    logistic_class,
    logistic_decision_boundary,
    logistic_output,
    mlp_forward,
    running_average,
    stacked_dropout_probability,
)
from solvers.losses import l2_loss

# --- shared by the MLP templates (forward.mlp_mse here, backprop.mlp_sgd_step in gradients.py) -----------

WEIGHT = Grid(-1, 2, Fraction(1, 2))
"""Weights and biases on the grid {-1, -0.5, 0, 0.5, 1, 1.5, 2} (catalog E2)."""

SLOPE = OneOf([0, Fraction(1, 10), Fraction(1, 2)])
"""Hidden activation: 0 means ReLU, otherwise Leaky ReLU with this negative slope."""

MLP_NETWORK_TEX = r"""
\begin{center}
\VAR{network}
\end{center}
The network computes
$z = W^{[1]} x + b^{[1]}$, $h = \phi(z)$, $\hat y = W^{[2]} h + b^{[2]}$ (linear output layer), where row $j$ of
$W^{[1]}$ holds the weights into hidden unit $j$ and $\phi$ is
\BLOCK{if slope == 0}the ReLU, $\phi(z) = \max(0, z)$\BLOCK{else}the Leaky ReLU with negative slope
$\alpha = \VAR{slope|num(1)}$, i.e.\ $\phi(z) = z$ for $z > 0$ and $\phi(z) = \alpha z$ otherwise\BLOCK{endif}.
The parameters are
\[
W^{[1]} = \VAR{w1_rows|matrix(1)}, \quad b^{[1]} = \VAR{b1|matrix(1)}^{\top}, \quad
W^{[2]} = \VAR{w2_rows|matrix(1)}, \quad b^{[2]} = \VAR{b2|matrix(1)}^{\top},
\]
the input is $x = \VAR{x|matrix}^{\top}$ and the target is $y = \VAR{y|matrix}^{\top}$."""


def rows(flat: Sequence[Number], width: int) -> list[list[Number]]:
    """Reshape a flat parameter tuple into rows of `width` entries."""
    return [list(flat[i : i + width]) for i in range(0, len(flat), width)]


def mlp_layers(p: Params) -> list[Layer]:
    """The two (W, b) layers of an MLP template: p.w1 (hidden x inputs), p.w2 (outputs x hidden), flat."""
    return [(rows(p.w1, len(p.x)), p.b1), (rows(p.w2, len(p.b1)), p.b2)]


def mlp_activation(p: Params) -> str:
    """Solver name of the hidden activation chosen by p.slope."""
    return "relu" if p.slope == 0 else "leaky_relu"


def hidden_is_mixed(z: Sequence[Number]) -> bool:
    """At least one negative and one positive hidden pre-activation, none exactly at the kink."""
    return min(z) < 0 < max(z) and 0 not in z


def hand_friendly(values: Iterable[Number]) -> bool:
    """Every exact value is a small fraction (denominator at most 20) or a decimal with at most 3 places."""
    return all(Fraction(v).denominator <= 20 or 1000 % Fraction(v).denominator == 0 for v in values)


def mlp_display(p: Params, asked: tuple[int, int] | None = None) -> dict:
    """Weight matrices as rows and a drawing of the network, for the prompt; `asked` = (unit, input) marks the
    first-layer weight a question asks about."""
    label = "" if asked is None else rf"$W^{{[1]}}_{{{asked[0]}{asked[1]}}}$"
    network = network_tikz([len(p.x), len(p.b1), len(p.b2)], ["x", "h", r"\hat y"],
                           None if asked is None else (1, *asked), label)
    return {"w1_rows": rows(p.w1, len(p.x)), "w2_rows": rows(p.w2, len(p.b1)), "network": network}


# --- E1 / I4: saturation of a tanh neuron ---------------------------------------------------------------

def _saturation_ok(p: Params) -> bool:
    """The small weights keep the neuron linear, the large ones saturate it (but not to a gradient of 0.0000)."""
    small, large = linear_neuron(p.w_small, p.x), linear_neuron(p.w_large, p.x)
    return 0 < abs(small) <= Fraction(1, 5) and 2 <= abs(large) <= 4


@question(
    qid="forward.tanh_saturation", version=1, topic="forward", title="Pre-activation and saturation of a tanh neuron",
    params={
        "x": ListOf(OneOf([-3, -2, -1, 1, 2, 3]), 4),
        "w_small": ListOf(Grid(Fraction(-3, 100), Fraction(3, 100), Fraction(1, 100)), 4),
        "w_large": ListOf(Grid(-2, 2, Fraction(1, 2)), 4),
    },
    where=_saturation_ok,
    parts=[
        Part("s_small", Exact(), points=1, label=r"$s^{(1)}$", space_cm=1.2),
        Part("s_large", Exact(), points=1, label=r"$s^{(2)}$", space_cm=1.2),
        Part("grad_small", Real(decimals=4, rel_tol=0.001, abs_tol=0.0002), points=1,
             label=r"$\tanh'(s^{(1)})$", space_cm=1.5),
        Part("grad_large", Real(decimals=4, rel_tol=0.001, abs_tol=0.0002), points=1,
             label=r"$\tanh'(s^{(2)})$", space_cm=1.5),
    ],
    prompt=r"""A neuron without bias computes $\tanh(s)$ with $s = \sum_i w_i x_i$. It receives the input
$x = \VAR{x|matrix}^{\top}$. Compare two initialisations of its weights:
a small one, $w^{(1)} = \VAR{w_small|matrix(2)}^{\top}$, and a large one,
$w^{(2)} = \VAR{w_large|matrix(1)}^{\top}$.
Compute both pre-activations $s^{(1)}, s^{(2)}$ and the local gradients $\tanh'(s) = 1 - \tanh^2(s)$ at them
(four decimals; a calculator is allowed for the gradients). The gradient shows which neuron is saturated.""",
    solution=r"""$s^{(1)} = \BLOCK{for i in range(4)}(\VAR{w_small[i]|num(2)})(\VAR{x[i]})\BLOCK{if not loop.last} + \BLOCK{endif}\BLOCK{endfor}
= \VAR{s_small|num(2)}$ and
$s^{(2)} = \BLOCK{for i in range(4)}(\VAR{w_large[i]|num(1)})(\VAR{x[i]})\BLOCK{if not loop.last} + \BLOCK{endif}\BLOCK{endfor}
= \VAR{s_large|num(1)}$.

$\tanh(s^{(1)}) = \VAR{tanh_small|num(4)}$, so $\tanh'(s^{(1)}) = 1 - (\VAR{tanh_small|num(4)})^2 = \VAR{grad_small|num(4)}$:
close to 1, the neuron works in its linear regime and passes gradients on almost unchanged.

$\tanh(s^{(2)}) = \VAR{tanh_large|num(4)}$, so $\tanh'(s^{(2)}) = 1 - (\VAR{tanh_large|num(4)})^2 = \VAR{grad_large|num(4)}$:
the neuron with the large weights is saturated, and almost no gradient flows back through it.""",
)
def tanh_saturation(p: Params) -> dict:
    s_small, s_large = linear_neuron(p.w_small, p.x), linear_neuron(p.w_large, p.x)
    return {
        "s_small": s_small, "s_large": s_large,
        "grad_small": tanh_grad(s_small), "grad_large": tanh_grad(s_large),
        "tanh_small": tanh(s_small), "tanh_large": tanh(s_large),
    }


# --- E2: small MLP forward pass with MSE -----------------------------------------------------------------

def _mlp_forward_ok(p: Params) -> bool:
    """Mixed hidden regimes, and output errors that are neither all zero nor large."""
    fwd = mlp_forward(p.x, mlp_layers(p), mlp_activation(p), p.slope)
    errors = [a - b for a, b in zip(fwd.output, p.y)]
    return (hidden_is_mixed(fwd.z[0]) and any(errors) and max(abs(e) for e in errors) <= 4
            and hand_friendly([*fwd.a[1], *fwd.output, l2_loss(fwd.output, p.y, "mean")]))


@question(
    qid="forward.mlp_mse", version=1, topic="forward", title="Forward pass of a small MLP and its MSE",
    params={
        "x": ListOf(IntRange(-2, 2), 2), "w1": ListOf(WEIGHT, 6), "b1": ListOf(WEIGHT, 3),
        "w2": ListOf(WEIGHT, 6), "b2": ListOf(WEIGHT, 2), "slope": SLOPE, "y": ListOf(IntRange(-2, 3), 2),
    },
    where=_mlp_forward_ok,
    parts=[
        Part("z", Vector(), points=1, label=r"hidden pre-activations $z$", space_cm=1.5),
        Part("h", Vector(), points=1, label=r"hidden activations $h$", space_cm=1.5),
        Part("y_hat", Vector(), points=1.5, label=r"output $\hat y$", space_cm=1.5),
        Part("loss", Exact(), points=1, label=r"MSE loss $L$", space_cm=1.5),
    ],
    prompt=r"""A fully connected network has 2 inputs, 3 hidden units and 2 outputs.
""" + MLP_NETWORK_TEX + r"""
Compute the forward pass and the mean squared error over the two outputs,
$L = \frac{1}{2} \sum_{k=1}^{2} (\hat y_k - y_k)^2$. Exact values (fractions or decimals).""",
    solution=r"""$z = W^{[1]} x + b^{[1]} = \VAR{z|matrix}^{\top}$; applying $\phi$ element-wise gives
$h = \VAR{h|matrix}^{\top}$\BLOCK{if slope == 0} (the negative pre-activations are cut to 0)\BLOCK{else}
(negative pre-activations are multiplied by $\VAR{slope|num(1)}$)\BLOCK{endif}.
Then $\hat y = W^{[2]} h + b^{[2]} = \VAR{y_hat|matrix}^{\top}$, the errors are
$\hat y - y = \VAR{errors|matrix}^{\top}$, and
$L = \frac{1}{2}\left(\BLOCK{for e in errors}(\VAR{e|num})^2\BLOCK{if not loop.last} + \BLOCK{endif}\BLOCK{endfor}\right)
= \VAR{loss|num}$.""",
)
def mlp_mse(p: Params) -> dict:
    fwd = mlp_forward(p.x, mlp_layers(p), mlp_activation(p), p.slope)
    return {
        "z": fwd.z[0], "h": fwd.a[1], "y_hat": fwd.output, "loss": l2_loss(fwd.output, p.y, "mean"),
        "errors": [a - b for a, b in zip(fwd.output, p.y)], **mlp_display(p),
    }


# --- E3: logistic regression ------------------------------------------------------------------------------

@question(
    qid="forward.logistic_regression", version=1, topic="forward",
    title="Logistic regression: probability, class and decision boundary",
    params={"w": OneOf([-3, -2, -1, 1, 2, 3]), "b": IntRange(-4, 4), "x": Grid(-3, 3, Fraction(1, 2))},
    where=lambda p: 0 < abs(p.w * p.x + p.b) <= 4,
    parts=[
        Part("z", Exact(), points=1, label=r"$z = wx + b$", space_cm=1.2),
        Part("prob", Real(decimals=3, rel_tol=0.0, abs_tol=0.002), points=1,
             label=r"$P(y = 1 \mid x)$", space_cm=1.5),
        Part("cls", Integer(), points=1, label="predicted class (0 or 1)", space_cm=1.0),
        Part("boundary", Exact(), points=1.5, label=r"decision boundary $x^{*}$", space_cm=1.5),
    ],
    prompt=r"""A logistic-regression model with one feature predicts $P(y = 1 \mid x) = \sigma(wx + b)$ with
$\sigma(z) = 1/(1 + e^{-z})$, weight $w = \VAR{w}$ and bias $b = \VAR{b}$; it predicts class 1 when this
probability is at least $0.5$. For the input $x = \VAR{x|num(1)}$ give the logit $z$, the probability (three
decimals, a calculator is allowed) and the predicted class. Then give the decision boundary $x^{*}$, the input at
which the model is undecided.""",
    solution=r"""$z = (\VAR{w}) \cdot (\VAR{x|num(1)}) + (\VAR{b}) = \VAR{z|num}$ and
$\sigma(\VAR{z|num}) = 1/(1 + e^{\VAR{-z|num}}) = \VAR{prob|num(3)}$, so the model predicts class \VAR{cls}
(equivalently: $z \VAR{'\\geq' if cls else '<'} 0$).
The probability is $0.5$ exactly where $wx + b = 0$, i.e.\ $x^{*} = -b/w = \VAR{boundary|num}$;
since $w \VAR{'>' if w > 0 else '<'} 0$, class 1 is predicted for $x \VAR{'\\geq' if w > 0 else '\\leq'} \VAR{boundary|num}$.""",
)
def logistic_regression(p: Params) -> dict:
    return {
        "z": linear_neuron([p.w], [p.x], p.b), "prob": logistic_output([p.w], [p.x], p.b),
        "cls": logistic_class([p.w], [p.x], p.b), "boundary": logistic_decision_boundary(p.w, p.b),
    }


# --- E6: batch norm in training and test mode -------------------------------------------------------------

def _batch_std_is_rational(p: Params) -> bool:
    """A batch with spread whose standard deviation is rational, so every output is exact."""
    return len(set(p.x)) > 1 and is_exact(sqrt(batchnorm_train(p.x).var))


@question(
    qid="normalisation.batchnorm_forward", version=1, topic="normalisation",
    title="Batch norm forward pass in training and test mode",
    params={
        "x": ListOf(IntRange(-3, 9), 4), "gamma": OneOf([Fraction(1, 2), 1, 2]),
        "beta": OneOf([-1, 0, Fraction(1, 2), 1]),
        "decay": OneOf([Fraction(1, 2), Fraction(4, 5), Fraction(9, 10)]), "run_mean": IntRange(-2, 2),
        "test_mean": IntRange(-2, 4), "test_var": OneOf([Fraction(1, 4), 1, 4, 9]), "x_test": IntRange(-3, 6),
    },
    where=_batch_std_is_rational,
    parts=[
        Part("mean", Exact(), points=0.5, label=r"batch mean $\mu_B$", space_cm=1.0),
        Part("var", Exact(), points=1, label=r"batch variance $\sigma_B^2$", space_cm=1.2),
        Part("y", Vector(), points=1.5, label=r"training-mode outputs $y_1, \dots, y_4$", space_cm=2.0),
        Part("run_mean_new", Exact(), points=1, label=r"updated running mean", space_cm=1.2),
        Part("y_test", Exact(), points=1, label="test-mode output", space_cm=1.2),
    ],
    prompt=r"""A batch-norm layer acts on a single feature with scale $\gamma = \VAR{gamma|num(1)}$ and shift
$\beta = \VAR{beta|num(1)}$; use $\varepsilon = 0$. In training mode it receives the mini-batch
$x = (\VAR{x|join(', ')})$ and normalises with the batch mean and the biased batch variance
$\sigma_B^2 = \frac{1}{m}\sum_i (x_i - \mu_B)^2$.
\begin{enumerate}
\item Give $\mu_B$, $\sigma_B^2$ and the outputs $y_i = \gamma \hat x_i + \beta$.
\item The running mean was $\VAR{run_mean}$ before this batch and is updated as
$\mu_{\mathrm{run}} \leftarrow \VAR{decay|num(1)}\, \mu_{\mathrm{run}} + \VAR{(1 - decay)|num(1)}\, \mu_B$. Give the new value.
\item After training, the stored running statistics are $\mu_{\mathrm{run}} = \VAR{test_mean}$ and
$\sigma^2_{\mathrm{run}} = \VAR{test_var|num(2)}$. What does the layer output in test mode for the input $x = \VAR{x_test}$?
\end{enumerate}""",
    solution=r"""$\mu_B = \frac{\VAR{x|join(' + ')}}{4} = \VAR{mean|num}$,
$\sigma_B^2 = \frac{1}{4}\left(\BLOCK{for d in deviations}(\VAR{d|num})^2\BLOCK{if not loop.last} + \BLOCK{endif}\BLOCK{endfor}\right)
= \VAR{var|num}$, so $\sigma_B = \VAR{std|num}$ and
$\hat x = \VAR{x_hat|matrix}$, $y = \VAR{gamma|num(1)}\, \hat x + (\VAR{beta|num(1)}) = \VAR{y|matrix}$.

Running mean: $\VAR{decay|num(1)} \cdot (\VAR{run_mean}) + \VAR{(1 - decay)|num(1)} \cdot (\VAR{mean|num}) = \VAR{run_mean_new|num}$.

Test mode uses the stored statistics, not the batch:
$y = \VAR{gamma|num(1)} \cdot \frac{\VAR{x_test} - (\VAR{test_mean})}{\sqrt{\VAR{test_var|num(2)}}} + (\VAR{beta|num(1)})
= \VAR{y_test|num}$.""",
)
def batchnorm_forward(p: Params) -> dict:
    train = batchnorm_train(p.x, p.gamma, p.beta)
    test = batchnorm_test([p.x_test], p.test_mean, p.test_var, p.gamma, p.beta)
    return {
        "mean": train.mean, "var": train.var, "y": train.y,
        "run_mean_new": running_average(p.run_mean, train.mean, p.decay), "y_test": test.y[0],
        "std": sqrt(train.var), "x_hat": train.x_hat, "deviations": [v - train.mean for v in p.x],
    }


# --- E7: dropout arithmetic --------------------------------------------------------------------------------

PROBABILITY = OneOf([Fraction(1, 10), Fraction(1, 5), Fraction(1, 4), Fraction(1, 2), Fraction(3, 4),
                     Fraction(4, 5), Fraction(9, 10)])


def _masked(values: Sequence[Number], mask: Sequence[int]) -> list[Number]:
    return [v * m for v, m in zip(values, mask)]


def _dropout_ok(p: Params) -> bool:
    """Realistic rates (at most half of the inputs dropped), a mixed mask and no vanishing sums."""
    keeps = [keep_probability(r, p.convention) for r in (p.p_prob, p.q_prob)]
    return (min(keeps) >= Fraction(1, 2) and 0 in p.mask and 1 in p.mask and linear_neuron(p.w, p.x) != 0
            and linear_neuron(p.w, _masked(p.x, p.mask)) != 0)


@question(
    qid="regularisation.dropout_arithmetic", version=1, topic="regularisation",
    title="Dropout: expected value, inverted scaling and stacked layers",
    params={
        "w": ListOf(Grid(-2, 2, Fraction(1, 2)), 3), "x": ListOf(IntRange(-3, 4), 3),
        "convention": OneOf(["drop", "keep"]), "p_prob": PROBABILITY, "q_prob": PROBABILITY,
        "mask": ListOf(OneOf([0, 1]), 3),
    },
    where=_dropout_ok,
    parts=[
        Part("expected", Exact(), points=1, label=r"$\mathbb{E}[s]$ with plain dropout", space_cm=1.5),
        Part("scale", Exact(), points=1, label="inverted-dropout factor for kept inputs", space_cm=1.2),
        Part("s_mask", Exact(), points=1, label=r"$s$ for the given mask (inverted dropout)", space_cm=1.5),
        Part("stacked", Exact(), points=1.5, label="probability of the equivalent single layer",
             space_cm=1.5),
    ],
    prompt=r"""A neuron computes $s = \sum_i w_i x_i$ (no bias) with $w = \VAR{w|matrix(1)}^{\top}$ and receives
$x = \VAR{x|matrix}^{\top}$. Dropout is applied to its inputs: each input is independently
\emph{\VAR{'dropped (set to zero)' if convention == 'drop' else 'kept'}} with probability $p = \VAR{'%g'|format(p_prob)}$.
\begin{enumerate}
\item With plain dropout (no rescaling during training), what is the expected value of $s$ during training?
\item With inverted dropout, by which factor are the kept inputs multiplied during training?
\item In one training step with inverted dropout the mask is $m = \VAR{mask|matrix}^{\top}$ (1 = kept). What is $s$?
\item Two dropout layers are stacked, the first with \VAR{convention} probability $p$ and the second with
\VAR{convention} probability $q = \VAR{'%g'|format(q_prob)}$. A single dropout layer with which \VAR{convention} probability
has the same effect?
\end{enumerate}""",
    solution=r"""An input is kept with probability $\VAR{keep|num}$, and
$w^{\top} x = \VAR{full|num}$.
Plain dropout keeps each term with probability $\VAR{keep|num}$, so by linearity
$\mathbb{E}[s] = \VAR{keep|num} \cdot (\VAR{full|num}) = \VAR{expected|num}$ (which is why plain dropout scales by
$\VAR{keep|num}$ at test time).
Inverted dropout divides by the keep probability instead: factor $1/\VAR{keep|num} = \VAR{scale|num}$, so the
expectation during training already equals the test-time value $\VAR{full|num}$.
With the mask, only the kept terms remain: $s = \VAR{scale|num} \cdot (\VAR{kept_sum|num}) = \VAR{s_mask|num}$.
A unit survives both layers with probability $\VAR{keep|num} \cdot \VAR{keep_q|num} = \VAR{keep_both|num}$;
\BLOCK{if convention == 'drop'}so it is dropped with probability $p + q - pq = \VAR{stacked|num}$\BLOCK{else}this
product is the keep probability of the equivalent layer, $pq = \VAR{stacked|num}$\BLOCK{endif}.""",
)
def dropout_arithmetic(p: Params) -> dict:
    scale = dropout_scales(p.p_prob, p.convention, inverted=True)[0]
    kept_sum = linear_neuron(p.w, _masked(p.x, p.mask))
    keep, keep_q = keep_probability(p.p_prob, p.convention), keep_probability(p.q_prob, p.convention)
    return {
        "expected": dropout_expected_output(p.w, p.x, p.p_prob, p.convention), "scale": scale,
        "s_mask": scale * kept_sum, "stacked": stacked_dropout_probability(p.p_prob, p.q_prob, p.convention),
        "keep": keep, "keep_q": keep_q, "keep_both": keep * keep_q,
        "full": linear_neuron(p.w, p.x), "kept_sum": kept_sum,
    }


# --- E9 / G4: activation values and derivatives ------------------------------------------------------------

def _points_ok(p: Params) -> bool:
    return 0 in p.x and min(p.x) < 0 < max(p.x) and len(set(p.x)) == len(p.x)


@question(
    qid="forward.activation_values", version=1, topic="forward", title="Activation functions and their derivatives",
    params={
        "x": ListOf(Grid(-3, 3, Fraction(1, 2)), 4), "alpha": OneOf([Fraction(1, 10), Fraction(1, 5), Fraction(1, 2)]),
        "relu_at_zero": OneOf([0, 1]),
    },
    where=_points_ok,
    parts=[
        Part("relu", Vector(), points=1, label=r"$\mathrm{ReLU}(x)$", space_cm=1.2),
        Part("d_relu", Vector(), points=1, label=r"$\mathrm{ReLU}'(x)$", space_cm=1.2),
        Part("leaky", Vector(), points=1, label=r"$\mathrm{LReLU}(x)$", space_cm=1.2),
        Part("d_leaky", Vector(), points=1, label=r"$\mathrm{LReLU}'(x)$", space_cm=1.2),
        Part("d_sigmoid", Real(decimals=3, rel_tol=0.0, abs_tol=0.002), points=1,
             label=r"$\sigma'$ at the largest entry", space_cm=1.5),
        Part("d_tanh", Real(decimals=3, rel_tol=0.0, abs_tol=0.002), points=1,
             label=r"$\tanh'$ at the smallest entry", space_cm=1.5),
    ],
    prompt=r"""Apply the following activation functions element-wise to $x = \VAR{x|matrix(1)}$.
The Leaky ReLU is $\mathrm{LReLU}(z) = z$ for $z > 0$ and $\alpha z$ otherwise, with $\alpha = \VAR{alpha|num(1)}$.
At the kink use $\mathrm{ReLU}'(0) = \VAR{relu_at_zero}$ and
$\mathrm{LReLU}'(0) = \VAR{'\\alpha' if relu_at_zero == 0 else '1'}$.
Give $\mathrm{ReLU}(x)$, $\mathrm{ReLU}'(x)$, $\mathrm{LReLU}(x)$ and $\mathrm{LReLU}'(x)$ as vectors, and the
derivatives of the sigmoid $\sigma(z) = 1/(1 + e^{-z})$ at $z = \VAR{x_max|num(1)}$ and of $\tanh$ at
$z = \VAR{x_min|num(1)}$ (three decimals, a calculator is allowed).""",
    solution=r"""ReLU keeps positive entries and zeroes the rest: $\VAR{relu|matrix}$, with derivative
$\VAR{d_relu|matrix}$ (1 where $x > 0$, 0 where $x < 0$, and $\VAR{relu_at_zero}$ at 0 by convention).
Leaky ReLU scales the non-positive entries by $\VAR{alpha|num(1)}$: $\VAR{leaky|matrix}$, with derivative
$\VAR{d_leaky|matrix}$.
$\sigma'(z) = \sigma(z)(1 - \sigma(z))$ with $\sigma(\VAR{x_max|num(1)}) = \VAR{sig|num(4)}$ gives
$\VAR{sig|num(4)} \cdot \VAR{(1 - sig)|num(4)} = \VAR{d_sigmoid|num(3)}$.
$\tanh'(z) = 1 - \tanh^2(z)$ with $\tanh(\VAR{x_min|num(1)}) = \VAR{th|num(4)}$ gives $\VAR{d_tanh|num(3)}$.""",
)
def activation_values(p: Params) -> dict:
    x_max, x_min = max(p.x), min(p.x)
    leaky_at_zero = p.alpha if p.relu_at_zero == 0 else 1
    return {
        "relu": [activate("relu", v) for v in p.x],
        "d_relu": [derivative("relu", v, at_zero=p.relu_at_zero) for v in p.x],
        "leaky": [activate("leaky_relu", v, p.alpha) for v in p.x],
        "d_leaky": [derivative("leaky_relu", v, p.alpha, at_zero=leaky_at_zero) for v in p.x],
        "d_sigmoid": derivative("sigmoid", x_max), "d_tanh": derivative("tanh", x_min),
        "x_max": x_max, "x_min": x_min, "sig": sigmoid(x_max), "th": tanh(x_min),
    }

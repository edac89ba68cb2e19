"""Weight initialisation arithmetic (catalog I1-I3): variance propagation, Xavier/He/Glorot variances, the
uniform init bound and the moments of a uniform distribution. Answers are exact fractions where possible."""

from __future__ import annotations

from fractions import Fraction

from sympy import Symbol, sqrt

from examgen.answers import Exact, Integer, Real
from examgen.params import Grid, OneOf, Params
from examgen.question import FollowUp, Mistake, Part, question
from solvers.extra_shapes import uniform_moments
from solvers.init import init_variance, uniform_init_bound, uniform_variance, weighted_sum_variance

MAX_DENOMINATOR = 100  # fractions a student can still write down and compare


def _clean(*values: Fraction | int) -> bool:
    return all(Fraction(v).denominator <= MAX_DENOMINATOR for v in values)


# -------------------------------------------------------------------------------- I1 variance propagation


def _variances(p: Params) -> dict:
    return {
        "var_s": weighted_sum_variance(p.n_in, p.var_w, p.var_x), "xavier": init_variance(p.n_in, "xavier"),
        "he": init_variance(p.n_in, "he"), "glorot": init_variance(p.n_in, "glorot", p.n_out),
    }


@question(
    qid="init.variance_propagation", version=1, topic="init", title="Variance propagation and Xavier/He variances",
    params={
        "n_in": OneOf([10, 16, 20, 25, 32, 40, 50, 64, 80, 100]), "n_out": OneOf([10, 16, 20, 30, 50, 60, 64, 100]),
        "var_x": OneOf([Fraction(1, 4), Fraction(1, 2), 1, 2, 4]),
        "var_w": OneOf([Fraction(1, 100), Fraction(1, 50), Fraction(1, 20), Fraction(1, 10), Fraction(1, 5), 1]),
    },
    where=lambda p: p.n_in != p.n_out and _clean(*_variances(p).values()),
    parts=[
        Part("var_s", Exact(), points=1, label="$\\operatorname{Var}(s)$", space_cm=1.2),
        Part("xavier", Exact(), points=1, label="Xavier: $\\operatorname{Var}(w)$", space_cm=1.2),
        Part("he", Exact(), points=1, label="He: $\\operatorname{Var}(w)$", space_cm=1.2),
        Part("glorot", Exact(), points=1, label="Glorot: $\\operatorname{Var}(w)$", space_cm=1.2),
    ],
    prompt=r"""A fully-connected layer has $n_{\mathrm{in}} = \VAR{n_in}$ inputs and $n_{\mathrm{out}} = \VAR{n_out}$
outputs. Its inputs $x_i$ are independent with mean 0 and variance $\VAR{var_x|num}$; its weights $w_i$ are
independent of them and of each other, with mean 0 and variance $\VAR{var_w|num}$. Consider one pre-activation
$s = \sum_{i=1}^{n_{\mathrm{in}}} w_i x_i$ (no bias). Give exact fractions for
\begin{itemize}
\item the variance of $s$;
\item the weight variance of Xavier initialisation, which keeps the variance of the signal in the forward pass
($\operatorname{Var}(s) = \operatorname{Var}(x)$);
\item the weight variance of He (Kaiming) initialisation, which compensates for a ReLU discarding half of the
signal's variance by doubling the Xavier variance;
\item the weight variance of Glorot and Bengio's compromise, which uses the mean fan
$(n_{\mathrm{in}} + n_{\mathrm{out}})/2$ in place of $n_{\mathrm{in}}$ in the Xavier rule.
\end{itemize}""",
    solution=r"""For independent zero-mean factors
$\operatorname{Var}(w_i x_i) = \operatorname{Var}(w)\operatorname{Var}(x)$, and variances of independent terms add:
$\operatorname{Var}(s) = n_{\mathrm{in}} \operatorname{Var}(w) \operatorname{Var}(x)
= \VAR{n_in} \cdot \VAR{var_w|num} \cdot \VAR{var_x|num} = \VAR{var_s|num}$.
Xavier: $n_{\mathrm{in}} \operatorname{Var}(w) = 1$, so $\operatorname{Var}(w) = \frac{1}{\VAR{n_in}}$.
He: $\operatorname{Var}(w) = \frac{2}{\VAR{n_in}} = \VAR{he|num}$.
Glorot: $\operatorname{Var}(w) = \frac{2}{n_{\mathrm{in}} + n_{\mathrm{out}}} = \frac{2}{\VAR{n_in + n_out}}
= \VAR{glorot|num}$.""",
)
def variance_propagation(p: Params) -> dict:
    return {
        **_variances(p),
        "followups": {"he": FollowUp(("xavier",), 2 * Symbol("xavier"))},
        "mistakes": {
            "var_s": [Mistake("n forgotten", p.var_w * p.var_x, "The variances of all n terms add up.")],
            "he": [Mistake("halved", init_variance(p.n_in, "xavier") / 2, "He doubles the Xavier variance.")],
            "glorot": [Mistake("sum of the fans", Fraction(1, p.n_in + p.n_out),
                               "The Xavier rule uses the mean fan (n_in + n_out)/2.")],
        },
    }


# ------------------------------------------------------------------------------------- I2 uniform bound


@question(
    qid="init.uniform_bound", version=1, topic="init", title="Uniform initialisation bound of a conv layer",
    params={
        "c_in": OneOf([3, 12, 27, 48, 75, 108, 147, 192, 243, 300]), "k": OneOf([1, 3, 5]),
        "c_out": OneOf([16, 32, 64, 128]),
    },
    where=lambda p: p.c_in * p.k * p.k >= 12,
    parts=[
        Part("fan_in", Integer(), points=1, label="fan-in $n$", space_cm=1.0),
        Part("xavier", Exact(), points=1.5, label="Xavier bound $\\alpha$ (exact)", space_cm=1.5),
        Part("he", Real(decimals=4, rel_tol=0.005), points=1, label="He bound $\\alpha$ (4 decimals)",
             space_cm=1.5),
    ],
    prompt=r"""The weights of a convolutional layer with \VAR{c_in} input channels, \VAR{c_out} filters and
$\VAR{k} \times \VAR{k}$ kernels are drawn from the uniform distribution $U(-\alpha, \alpha)$. What is the fan-in
$n$ of one output unit? Choose $\alpha$ so that the weight variance is $1/n$ (Xavier; give $\alpha$ exactly) and
so that it is $2/n$ (He; give $\alpha$ to 4 decimals).""",
    solution=r"""One output unit sums over $n = C_{\mathrm{in}} k^2 = \VAR{c_in} \cdot \VAR{k * k} = \VAR{fan_in}$
inputs. $U(-\alpha, \alpha)$ has variance $\frac{(2\alpha)^2}{12} = \frac{\alpha^2}{3}$.
Xavier: $\frac{\alpha^2}{3} = \frac{1}{n}$ gives
$\alpha = \sqrt{3/n} = \sqrt{\VAR{three_over_n|num}} = \VAR{xavier|num}$.
He: $\frac{\alpha^2}{3} = \frac{2}{n}$ gives $\alpha = \sqrt{6/n} = \sqrt{2} \cdot \VAR{xavier|num}
\approx \VAR{he|num(4)}$.""",
)
def uniform_bound(p: Params) -> dict:
    fan_in = p.c_in * p.k * p.k
    n = Symbol("fan_in")
    return {
        "fan_in": fan_in, "xavier": uniform_init_bound(fan_in, "xavier"), "he": uniform_init_bound(fan_in, "he"),
        "three_over_n": Fraction(3, fan_in),
        "followups": {"xavier": FollowUp(("fan_in",), sqrt(3 / n)), "he": FollowUp(("fan_in",), sqrt(6 / n))},
        "mistakes": {
            "fan_in": [Mistake("kernel size forgotten", p.c_in, "One output sums over C_in * k * k inputs.")]
            if p.k > 1 else [],
            "xavier": [Mistake("square root forgotten", Fraction(3, fan_in),
                               "alpha^2 / 3 = 1/n gives alpha = sqrt(3/n).")],
        },
    }


# ------------------------------------------------------------------------------------ I3 moments of U(a, b)


@question(
    qid="init.uniform_variance", version=1, topic="init", title="Mean and variance of a uniform distribution",
    params={"a": Grid(-4, 2, Fraction(1, 2)), "b": Grid(-1, 6, Fraction(1, 2))},
    where=lambda p: p.b - p.a >= 1 and p.a + p.b != 0,
    parts=[
        Part("mean", Exact(), points=1, label="$\\mathbb{E}[X]$", space_cm=1.2),
        Part("second", Exact(), points=1, label="$\\mathbb{E}[X^2]$", space_cm=1.5),
        Part("var", Exact(), points=1, label="$\\operatorname{Var}(X)$", space_cm=1.2),
    ],
    prompt=r"""Let $X \sim U(\VAR{a|num}, \VAR{b|num})$ be uniformly distributed. Compute, as exact fractions, its
mean $\mathbb{E}[X]$, its second moment $\mathbb{E}[X^2]$ and its variance
$\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2$.""",
    solution=r"""The density is $\frac{1}{b - a} = \VAR{density|num}$ on $[\VAR{a|num}, \VAR{b|num}]$.
$\mathbb{E}[X] = \int_a^b \frac{x}{b - a}\,dx = \frac{a + b}{2} = \VAR{mean|num}$.
$\mathbb{E}[X^2] = \int_a^b \frac{x^2}{b - a}\,dx = \frac{b^3 - a^3}{3(b - a)} = \frac{a^2 + ab + b^2}{3}
= \VAR{second|num}$.
$\operatorname{Var}(X) = \VAR{second|num} - \left(\VAR{mean|num}\right)^2 = \VAR{var|num}$,
which agrees with $\frac{(b - a)^2}{12} = \frac{1}{12} \left(\VAR{width|num}\right)^2 = \VAR{var|num}$.""",
)
def uniform_variance_question(p: Params) -> dict:
    mean, second = uniform_moments(p.a, p.b)
    width = p.b - p.a
    return {
        "mean": mean, "second": second, "var": uniform_variance(p.a, p.b), "width": width,
        "density": 1 / Fraction(width),
        "followups": {"var": FollowUp(("mean", "second"), Symbol("second") - Symbol("mean") ** 2)},
        "mistakes": {"var": [Mistake("mean not subtracted", second, "Var(X) = E[X^2] - E[X]^2.")]},
    }

"""Recurrent networks by hand: a scalar ReLU RNN forward, backpropagation through time, and one scalar LSTM step
(catalog E4, E5, G6)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import sympy

from examgen.answers import Exact, Real, Vector
from examgen.params import Grid, IntRange, ListOf, OneOf, Params
from examgen.question import FollowUp, Part, question
from solvers.activations import derivative, tanh
from solvers.exact import Number
from solvers.forward import LSTM_GATES, GateParams, lstm_step, scalar_rnn_forward
from solvers.gradients import scalar_rnn_gradients

RECURRENT_WEIGHT = OneOf([-3, -2, -1, 1, 2, 3])
INPUTS = ListOf(Grid(-2, 4, Fraction(1, 2)), 3)

STEP_TEX = r"""\BLOCK{for t in range(3)}
$t = \VAR{t + 1}$: $z_{\VAR{t + 1}} = (\VAR{v})(\VAR{h_prev[t]|num}) + (\VAR{w})(\VAR{x[t]|num(1)})\VAR{bias_tex}
= \VAR{z[t]|num}$, so $h_{\VAR{t + 1}} = \VAR{h[t]|num}$\BLOCK{if z[t] < 0} (negative pre-activation: the ReLU
outputs 0)\BLOCK{endif}.

\BLOCK{endfor}"""
"""Worked forward steps; needs v, w, x, h_prev, z, h and bias_tex in the context."""


def _trace_ok(z: Sequence[Number]) -> bool:
    """No pre-activation at the ReLU kink and numbers that stay small."""
    return 0 not in z and max(abs(v) for v in z) <= 20


# --- E4: forward pass ------------------------------------------------------------------------------------------

def _forward_ok(p: Params) -> bool:
    trace = scalar_rnn_forward(p.v, p.w, p.h0, p.x, p.b)
    return _trace_ok(trace.z) and min(trace.z) < 0 < max(trace.z)


@question(
    qid="rnn.relu_forward", version=1, topic="rnn", title="Forward pass of a scalar ReLU RNN",
    params={"v": RECURRENT_WEIGHT, "w": RECURRENT_WEIGHT, "b": IntRange(-2, 2), "h0": IntRange(0, 2), "x": INPUTS},
    where=_forward_ok,
    parts=[
        Part("h1", Exact(), points=1, label=r"$h_1$", space_cm=1.2),
        Part("h2", Exact(), points=1, label=r"$h_2$", space_cm=1.2),
        Part("h3", Exact(), points=1, label=r"$h_3$", space_cm=1.2),
    ],
    prompt=r"""A recurrent network with a single hidden unit computes
$h_t = \mathrm{ReLU}(V h_{t-1} + W x_t + b)$ with $V = \VAR{v}$, $W = \VAR{w}$, $b = \VAR{b}$ and initial state
$h_0 = \VAR{h0}$. Feed it the sequence
$x_1, x_2, x_3 = \VAR{x|map('num', 1)|join(', ')}$ and give the
hidden states $h_1$, $h_2$ and $h_3$.""",
    solution=STEP_TEX,
)
def relu_forward(p: Params) -> dict:
    trace = scalar_rnn_forward(p.v, p.w, p.h0, p.x, p.b)
    return {
        "h1": trace.h[0], "h2": trace.h[1], "h3": trace.h[2], "z": trace.z, "h": trace.h,
        "h_prev": [p.h0, *trace.h[:2]], "bias_tex": f" + ({p.b})",
    }


# --- G6: forward pass, then backpropagation through time -------------------------------------------------------

def _bptt_ok(p: Params) -> bool:
    grads = scalar_rnn_gradients(p.v, p.w, p.h0, p.x)
    z = grads.trace.z
    return (_trace_ok(z) and z[2] > 0 and any((grads.dh_dv, grads.dh_dw, grads.dh_dx[0]))
            and max(abs(g) for g in (grads.dh_dv, grads.dh_dw, grads.dh_dx[0])) <= 40)


@question(
    qid="rnn.relu_bptt", version=1, topic="rnn", title="Backpropagation through time in a scalar ReLU RNN",
    params={"v": RECURRENT_WEIGHT, "w": RECURRENT_WEIGHT, "h0": IntRange(0, 2), "x": INPUTS},
    where=_bptt_ok,
    parts=[
        Part("h1", Exact(), points=0.5, label=r"$h_1$", space_cm=1.0),
        Part("h2", Exact(), points=0.5, label=r"$h_2$", space_cm=1.0),
        Part("h3", Exact(), points=0.5, label=r"$h_3$", space_cm=1.0),
        Part("dh3_dv", Exact(), points=2, label=r"$\partial h_3 / \partial V$", space_cm=3.0),
        Part("dh3_dw", Exact(), points=2, label=r"$\partial h_3 / \partial W$", space_cm=3.0),
        Part("dh3_dx1", Exact(), points=1.5, label=r"$\partial h_3 / \partial x_1$", space_cm=2.0),
    ],
    prompt=r"""A recurrent network with a single hidden unit and no bias computes
$h_t = \mathrm{ReLU}(z_t)$ with $z_t = V h_{t-1} + W x_t$, where $V = \VAR{v}$, $W = \VAR{w}$ and $h_0 = \VAR{h0}$.
The input sequence is $x_1, x_2, x_3 = \VAR{x|map('num', 1)|join(', ')}$.
\begin{enumerate}
\item Compute the hidden states $h_1$, $h_2$, $h_3$.
\item Backpropagate through time to obtain $\partial h_3 / \partial V$, $\partial h_3 / \partial W$ and
$\partial h_3 / \partial x_1$. The same $V$ and $W$ are used at every step. Use $\mathrm{ReLU}'(0) = 0$.
\end{enumerate}""",
    solution=STEP_TEX + r"""The ReLU slopes are $r'_t = (\VAR{slopes|join(', ')})$. Since $V$ and $W$ act at every step,
$\frac{\partial h_t}{\partial V} = r'_t\left(h_{t-1} + V \frac{\partial h_{t-1}}{\partial V}\right)$ and
$\frac{\partial h_t}{\partial W} = r'_t\left(x_t + V \frac{\partial h_{t-1}}{\partial W}\right)$, starting from 0:
\begin{align*}
\BLOCK{for t in range(3)}
\frac{\partial h_{\VAR{t + 1}}}{\partial V} &= \VAR{slopes[t]} \cdot \left(\VAR{h_prev[t]|num} + (\VAR{v}) \cdot (\VAR{dv_prev[t]|num})\right) = \VAR{dv[t]|num}, &
\frac{\partial h_{\VAR{t + 1}}}{\partial W} &= \VAR{slopes[t]} \cdot \left(\VAR{x[t]|num(1)} + (\VAR{v}) \cdot (\VAR{dw_prev[t]|num})\right) = \VAR{dw[t]|num} \\
\BLOCK{endfor}
\end{align*}
The input $x_1$ only enters through $z_1$, and its influence is passed on by $V$ at every later step:
$\frac{\partial h_3}{\partial x_1} = W r'_1 \cdot V r'_2 \cdot V r'_3
= (\VAR{w}) \cdot \VAR{slopes[0]} \cdot (\VAR{v}) \cdot \VAR{slopes[1]} \cdot (\VAR{v}) \cdot \VAR{slopes[2]} = \VAR{dh3_dx1|num}$.""",
)
def relu_bptt(p: Params) -> dict:
    grads = scalar_rnn_gradients(p.v, p.w, p.h0, p.x)
    trace = grads.trace
    prefixes = [scalar_rnn_gradients(p.v, p.w, p.h0, p.x[:t]) for t in (1, 2, 3)]
    dv, dw = [g.dh_dv for g in prefixes], [g.dh_dw for g in prefixes]
    slopes = [derivative("relu", z, at_zero=0) for z in trace.z]
    h1, h2 = sympy.symbols("h1 h2")
    followups = {  # the next state, and dh3/dV, from the student's own earlier states (same ReLU regimes)
        "h2": FollowUp(("h1",), sympy.Max(0, p.v * h1 + p.w * p.x[1], evaluate=False)),
        "h3": FollowUp(("h2",), sympy.Max(0, p.v * h2 + p.w * p.x[2], evaluate=False)),
        "dh3_dv": FollowUp(("h1", "h2"), slopes[2] * (h2 + p.v * slopes[1] * (h1 + p.v * slopes[0] * p.h0))),
    }
    return {
        "followups": followups,
        "h1": trace.h[0], "h2": trace.h[1], "h3": trace.h[2],
        "dh3_dv": grads.dh_dv, "dh3_dw": grads.dh_dw, "dh3_dx1": grads.dh_dx[0],
        "z": trace.z, "h": trace.h, "h_prev": [p.h0, *trace.h[:2]], "bias_tex": "",
        "slopes": slopes,
        "dv": dv, "dw": dw, "dv_prev": [0, *dv[:2]], "dw_prev": [0, *dw[:2]],
    }


# --- E5: one scalar LSTM step ----------------------------------------------------------------------------------

@question(
    qid="rnn.lstm_step", version=1, topic="rnn", title="One step of a scalar LSTM cell",
    params={"pre": ListOf(Grid(-3, 3, Fraction(1, 2)), 4), "c_prev": Grid(-2, 2, Fraction(1, 2))},
    where=lambda p: p.c_prev != 0,
    parts=[
        Part("gates", Vector(decimals=3, rel_tol=0.0, abs_tol=0.002), points=2,
             label=r"gate values $(f_t, i_t, g_t, o_t)$", space_cm=2.0),
        Part("c", Real(decimals=3, rel_tol=0.0, abs_tol=0.004), points=1.5, label=r"cell state $c_t$", space_cm=2.0),
        Part("h", Real(decimals=3, rel_tol=0.0, abs_tol=0.004), points=1.5, label=r"hidden state $h_t$", space_cm=2.0),
    ],
    prompt=r"""A scalar LSTM cell has the previous cell state $c_{t-1} = \VAR{c_prev|num(1)}$. At step $t$ the
pre-activations (weighted inputs plus biases) of its four gates are already computed:
forget $\VAR{pre[0]|num(1)}$, input $\VAR{pre[1]|num(1)}$, candidate $\VAR{pre[2]|num(1)}$ and output
$\VAR{pre[3]|num(1)}$. The forget, input and output gates use the sigmoid $\sigma$, the candidate $g_t$ uses $\tanh$,
and $c_t = f_t c_{t-1} + i_t g_t$, $h_t = o_t \tanh(c_t)$.
Give the four gate values, $c_t$ and $h_t$ to three decimals (a calculator is allowed).""",
    solution=r"""$f_t = \sigma(\VAR{pre[0]|num(1)}) = \VAR{gates[0]|num(4)}$,
$i_t = \sigma(\VAR{pre[1]|num(1)}) = \VAR{gates[1]|num(4)}$,
$g_t = \tanh(\VAR{pre[2]|num(1)}) = \VAR{gates[2]|num(4)}$,
$o_t = \sigma(\VAR{pre[3]|num(1)}) = \VAR{gates[3]|num(4)}$.
The cell state keeps a fraction $f_t$ of the old memory and adds the gated candidate:
$c_t = \VAR{gates[0]|num(4)} \cdot (\VAR{c_prev|num(1)}) + \VAR{gates[1]|num(4)} \cdot (\VAR{gates[2]|num(4)}) = \VAR{c|num(4)}$.
The output gate scales the squashed cell state:
$h_t = \VAR{gates[3]|num(4)} \cdot \tanh(\VAR{c|num(4)}) = \VAR{gates[3]|num(4)} \cdot (\VAR{tanh_c|num(4)}) = \VAR{h|num(4)}$.""",
)
def lstm_cell_step(p: Params) -> dict:
    # Each given pre-activation is the whole bias of a gate with zero weights, so the solver's
    # w_x x + w_h h + b reproduces it exactly.
    gates = {name: GateParams(w_x=0, w_h=0, b_x=z) for name, z in zip(LSTM_GATES, p.pre)}
    out = lstm_step(0, 0, p.c_prev, gates)
    return {
        "gates": [out[name] for name in LSTM_GATES], "c": out["c"], "h": out["h"],
        "tanh_c": tanh(out["c"]),
    }

"""Convolutional networks: output shapes, receptive fields, batch-norm parameter counts."""

from __future__ import annotations

import sympy

from examgen.answers import Integer, Shape
from examgen.params import IntRange, OneOf, Params
from examgen.question import FollowUp, Mistake, Part, question
from solvers import counts
from solvers.receptive_field import receptive_field_chain
from solvers.shapes import conv2d_output_shape, conv_stride_fits


def _conv_fits(p: Params) -> bool:
    return (
        p.pad < p.k
        and p.n + 2 * p.pad >= p.k + p.stride
        and conv_stride_fits(p.n, p.k, p.stride, p.pad)
    )


@question(
    qid="cnn.conv_output_shape", version=1, topic="cnn", title="Output shape of a convolutional layer",
    params={
        "c_in": OneOf([1, 3, 8, 16]), "n": OneOf([8, 10, 12, 14, 16, 20, 24, 26, 28, 32, 48, 64]),
        "filters": OneOf([4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 48, 64]),
        "k": OneOf([1, 2, 3, 4, 5, 6, 7]), "stride": IntRange(1, 3), "pad": IntRange(0, 3),
    },
    where=_conv_fits,
    parts=[Part("shape", Shape("CHW"), points=2, label="output shape (C, H, W)", space_cm=1.5)],
    prompt=r"""A batch-free input tensor of shape $(C, H, W) = (\VAR{c_in}, \VAR{n}, \VAR{n})$ is fed into a
convolutional layer with \VAR{filters} filters of size $\VAR{k} \times \VAR{k}$, stride \VAR{stride} and
\VAR{pad} pixel(s) of zero padding on every side (no dilation). Give the shape of the layer's output in the same
layout $(C, H, W)$.""",
    solution=r"""Each spatial side shrinks or grows by the same rule,
$\left\lfloor \frac{N + 2P - F}{S} \right\rfloor + 1
= \frac{\VAR{n} + 2 \cdot \VAR{pad} - \VAR{k}}{\VAR{stride}} + 1 = \VAR{side}$,
and the depth equals the number of filters, \VAR{filters}. Output: $(\VAR{filters}, \VAR{side}, \VAR{side})$.""",
)
def conv_output_shape(p: Params) -> dict:
    shape = conv2d_output_shape(p.n, p.n, p.filters, p.k, p.stride, p.pad, layout="CHW")
    side = shape[1]
    mistakes = [
        Mistake("missing +1", (p.filters, side - 1, side - 1), "The formula ends with + 1: the first window counts too."),
        Mistake("padding on one side only", (p.filters, (p.n + p.pad - p.k) // p.stride + 1,
                                             (p.n + p.pad - p.k) // p.stride + 1),
                "Zero padding is added on both sides: N + 2P."),
        Mistake("input channels as depth", (p.c_in, side, side), "The output depth is the number of filters."),
    ]
    return {"shape": shape, "side": side,
            "mistakes": {"shape": [m for m in mistakes if m.value != shape and min(m.value) > 0]}}


@question(
    qid="cnn.receptive_field", version=1, topic="cnn", title="Receptive field of a conv/pool stack",
    params={
        "k1": OneOf([2, 3, 4, 5, 7]), "k2": OneOf([2, 3, 5]), "s2": OneOf([1, 2]), "pool": OneOf([2, 3]),
        "k3": OneOf([2, 3, 5]), "d3": OneOf([1, 2, 4]),
    },
    parts=[
        Part("rf2", Integer(), points=1, label="receptive field after layer 2", space_cm=1.2),
        Part("rf4", Integer(), points=2, label="receptive field after layer 4", space_cm=1.2),
    ],
    prompt=r"""Consider the following stack of layers, applied to a single-channel image:
\begin{enumerate}
\item convolution, kernel $\VAR{k1} \times \VAR{k1}$, stride 1;
\item convolution, kernel $\VAR{k2} \times \VAR{k2}$, stride \VAR{s2};
\item max pooling, window $\VAR{pool} \times \VAR{pool}$, stride 2;
\item convolution, kernel $\VAR{k3} \times \VAR{k3}$, stride 1, dilation \VAR{d3}.
\end{enumerate}
Padding does not change receptive fields. What is the side length of the (square) receptive field of one
output pixel in the input image after layer 2 and after layer 4?""",
    solution=r"""Going forward, $r_k = r_{k-1} + (f^{\mathrm{eff}}_k - 1)\prod_{i<k} s_i$ with $r_0 = 1$ and
$f^{\mathrm{eff}} = d(f-1)+1$:
\BLOCK{for layer in layers}
$r_{\VAR{loop.index}} = \VAR{chain_before[loop.index0]} + (\VAR{layer.effective} - 1) \cdot \VAR{layer.jump}
= \VAR{chain[loop.index0]}$\BLOCK{if not loop.last}, \BLOCK{else}.\BLOCK{endif}

\BLOCK{endfor}
So the answers are $r_2 = \VAR{rf2}$ and $r_4 = \VAR{rf4}$.""",
)
def receptive_field(p: Params) -> dict:
    stack = [(p.k1, 1, 1), (p.k2, p.s2, 1), (p.pool, 2, 1), (p.k3, 1, p.d3)]
    chain = receptive_field_chain(stack)
    jumps = [1, 1, p.s2, 2 * p.s2]
    layers = [{"effective": d * (k - 1) + 1, "jump": jump} for (k, _, d), jump in zip(stack, jumps)]
    growth = chain[3] - chain[1]  # what layers 3 and 4 add, whatever r_2 is
    no_strides = 1 + sum(d * (k - 1) for k, _, d in stack)
    return {
        "rf2": chain[1], "rf4": chain[3], "chain": chain, "chain_before": [1, *chain[:-1]], "layers": layers,
        "followups": {"rf4": FollowUp(("rf2",), sympy.Symbol("rf2") + growth)},
        "mistakes": {"rf4": [Mistake("strides ignored", no_strides,
                                     "Each layer's growth is multiplied by the product of all earlier strides.")]
                     if no_strides != chain[3] else []},
    }


@question(
    qid="cnn.batchnorm_param_count", version=1, topic="normalisation",
    title="Batch-norm parameters in a small CNN",
    params={
        "c_in": OneOf([1, 3]), "c1": OneOf([4, 8, 16, 24, 32]), "c2": OneOf([8, 16, 32, 48, 64]),
        "c3": OneOf([16, 32, 64, 96, 128]), "k": OneOf([3, 5]),
    },
    where=lambda p: p.c1 < p.c2 < p.c3,
    parts=[
        Part("learnable", Integer(), points=1, label="learnable batch-norm parameters", space_cm=1.2),
        Part("running", Integer(), points=1, label="running statistics stored for inference", space_cm=1.2),
    ],
    prompt=r"""A CNN for $\VAR{c_in}$-channel images has three blocks
Conv2d($\VAR{k} \times \VAR{k}$) $\to$ BatchNorm2d $\to$ ReLU with $\VAR{c1}$, $\VAR{c2}$ and $\VAR{c3}$ filters.
How many values do the three batch-norm layers \emph{learn} by gradient descent, and how many running statistics
do they keep additionally for use at test time?""",
    solution=r"""BatchNorm2d normalises per channel and learns a scale $\gamma$ and a shift $\beta$ per channel:
$2 \cdot (\VAR{c1} + \VAR{c2} + \VAR{c3}) = \VAR{learnable}$ learnable values. It also tracks a running mean and
a running variance per channel, which are updated by averaging, not by gradients:
$2 \cdot (\VAR{c1} + \VAR{c2} + \VAR{c3}) = \VAR{running}$ statistics. The kernel size and the input channels
do not matter.""",
)
def batchnorm_param_count(p: Params) -> dict:
    per_layer = [counts.batchnorm_param_count(c) for c in (p.c1, p.c2, p.c3)]
    learnable, running = sum(c[0] for c in per_layer), sum(c[1] for c in per_layer)
    return {
        "learnable": learnable, "running": running,
        "mistakes": {"learnable": [Mistake("running statistics counted", learnable + running,
                                           "The running mean and variance are buffers, not learned parameters.")]},
    }

"""Parameter and multiplication counts (catalog B1, B2, B4, B5, B7). Batch-norm counts (B3) are
cnn.batchnorm_param_count."""

from __future__ import annotations

from fractions import Fraction

from sympy import Symbol

from examgen.answers import Exact, Integer, Shape
from examgen.params import OneOf, Params
from examgen.question import FollowUp, Mistake, Part, question
from solvers.counts import (
    conv_mult_count,
    conv_param_count,
    depthwise_separable_mult_count,
    embedding_param_count,
    fc_as_conv,
    linear_param_count,
    mlp_param_count,
    rnn_param_count,
)
from solvers.shapes import conv2d_output_shape, conv_stride_fits

# ------------------------------------------------------------------------------------------- B1 conv


def _conv_fits(p: Params) -> bool:
    return 2 * p.pad < p.k1 + 1 and p.n + 2 * p.pad >= p.k1 + p.s1 and conv_stride_fits(p.n, p.k1, p.s1, p.pad)


@question(
    qid="counts.conv_params", version=1, topic="counts", title="Parameters and activations of conv layers",
    params={
        "c_in": OneOf([1, 3, 8, 16, 32]), "n": OneOf([16, 28, 32, 64, 96]),
        "c1": OneOf([8, 10, 16, 20, 32, 64]), "k1": OneOf([1, 3, 4, 5, 7]), "s1": OneOf([1, 2]),
        "pad": OneOf([0, 1, 2, 3]), "c2": OneOf([16, 24, 32, 48, 64, 128]), "k2": OneOf([1, 3]),
    },
    where=lambda p: _conv_fits(p) and p.c1 != p.c2,
    parts=[
        Part("params1", Integer(), points=1, label="parameters of the first convolution (with bias)",
             space_cm=1.2),
        Part("params2", Integer(), points=1, label="parameters of the second convolution (no bias)",
             space_cm=1.2),
        Part("activations", Integer(), points=1, label="values the first convolution outputs per image",
             space_cm=1.2),
    ],
    prompt=r"""Images with \VAR{c_in} channel\BLOCK{if c_in > 1}s\BLOCK{endif} of size
$\VAR{n} \times \VAR{n}$ go through
\begin{enumerate}
\item a convolution with \VAR{c1} filters of size $\VAR{k1} \times \VAR{k1}$, stride \VAR{s1}, zero padding
\VAR{pad} and a bias per filter, then
\item a convolution with \VAR{c2} filters of size $\VAR{k2} \times \VAR{k2}$ \emph{without} bias (it is
followed by batch normalisation, which has its own shift).
\end{enumerate}
How many learnable parameters does each convolution have? How many numbers does the first convolution
output for one image?""",
    solution=r"""A conv layer has $F \cdot F \cdot C_{\mathrm{in}} \cdot C_{\mathrm{out}}$ weights plus
$C_{\mathrm{out}}$ biases, whatever the image size, stride and padding.
First: $(\VAR{k1} \cdot \VAR{k1} \cdot \VAR{c_in} + 1) \cdot \VAR{c1} = \VAR{params1}$.
Second (it sees \VAR{c1} channels): $\VAR{k2} \cdot \VAR{k2} \cdot \VAR{c1} \cdot \VAR{c2} = \VAR{params2}$.
The first output has side $\frac{\VAR{n} + 2 \cdot \VAR{pad} - \VAR{k1}}{\VAR{s1}} + 1 = \VAR{side}$, so it holds
$\VAR{c1} \cdot \VAR{side} \cdot \VAR{side} = \VAR{activations}$ values: activations depend on the image size,
parameters do not.""",
)
def conv_params(p: Params) -> dict:
    c, h, w = conv2d_output_shape(p.n, p.n, p.c1, p.k1, p.s1, p.pad)
    return {
        "params1": conv_param_count(p.k1, p.c_in, p.c1, bias=True),
        "params2": conv_param_count(p.k2, p.c1, p.c2, bias=False),
        "activations": c * h * w, "side": h,
        "mistakes": {
            "params1": [Mistake("bias forgotten", conv_param_count(p.k1, p.c_in, p.c1, bias=False),
                                "Every filter has a bias: + C_out.")],
            "params2": [Mistake("bias counted", conv_param_count(p.k2, p.c1, p.c2, bias=True),
                                "The second convolution has no bias.")],
        },
    }


# -------------------------------------------------------------------------------------------- B2 MLP


@question(
    qid="counts.mlp_params", version=1, topic="counts", title="Parameters of a fully-connected network",
    params={
        "c": OneOf([1, 3]), "side": OneOf([8, 10, 16, 28, 32]), "h1": OneOf([64, 100, 128, 200, 256, 500]),
        "h2": OneOf([16, 20, 32, 50, 64, 100]), "classes": OneOf([2, 3, 5, 10, 20, 100]),
    },
    where=lambda p: p.h2 < p.h1 and p.classes < p.h2,
    parts=[
        Part("first", Integer(), points=1, label="parameters of the first layer", space_cm=1.2),
        Part("total", Integer(), points=1.5, label="parameters of the whole network", space_cm=1.5),
    ],
    prompt=r"""A fully-connected classifier flattens images of shape $(C, H, W) = (\VAR{c}, \VAR{side}, \VAR{side})$
into a vector and applies three linear layers with \VAR{h1}, \VAR{h2} and \VAR{classes} outputs (ReLU in between,
every linear layer with a bias). How many learnable parameters does the first layer have, and how many does the
whole network have?""",
    solution=r"""The input has $\VAR{c} \cdot \VAR{side} \cdot \VAR{side} = \VAR{n_in}$ features. A linear layer
from $n$ to $m$ units has $(n + 1) \cdot m$ parameters:
first layer $(\VAR{n_in} + 1) \cdot \VAR{h1} = \VAR{first}$;
second $(\VAR{h1} + 1) \cdot \VAR{h2} = \VAR{second}$;
third $(\VAR{h2} + 1) \cdot \VAR{classes} = \VAR{third}$.
Total: $\VAR{first} + \VAR{second} + \VAR{third} = \VAR{total}$.""",
)
def mlp_params(p: Params) -> dict:
    sizes = [p.c * p.side * p.side, p.h1, p.h2, p.classes]
    no_bias = "Every linear layer has one bias per output unit: (n + 1) * m."
    return {
        "first": linear_param_count(sizes[0], sizes[1]), "total": mlp_param_count(sizes), "n_in": sizes[0],
        "second": linear_param_count(sizes[1], sizes[2]), "third": linear_param_count(sizes[2], sizes[3]),
        "mistakes": {
            "first": [Mistake("bias forgotten", linear_param_count(sizes[0], sizes[1], bias=False), no_bias)],
            "total": [Mistake("biases forgotten", mlp_param_count(sizes, bias=False), no_bias)],
        },
    }


# -------------------------------------------------------------------------------------- B4 recurrent

BIAS_TEXT = {
    "single": r"every gate has \emph{one} bias vector, e.g. $h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t + b)$",
    "pytorch": r"as in PyTorch, every gate has \emph{two} bias vectors, $b_{ih}$ and $b_{hh}$, e.g. "
               r"$h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})$",
}


@question(
    qid="counts.rnn_params", version=1, topic="counts", title="Parameters of embedding, RNN, LSTM and GRU layers",
    params={
        "vocab": OneOf([500, 1000, 2000, 5000, 10000]), "d": OneOf([3, 4, 5, 6, 8, 10, 12, 16]),
        "h": OneOf([4, 5, 6, 8, 10, 12, 16, 20, 32]), "bias": OneOf(["single", "pytorch"]),
    },
    where=lambda p: p.d != p.h,
    parts=[
        Part("embedding", Integer(), points=0.5, label="parameters of the embedding", space_cm=1.0),
        Part("rnn", Integer(), points=1, label="parameters of the vanilla RNN layer", space_cm=1.2),
        Part("lstm", Integer(), points=1, label="parameters of the LSTM layer", space_cm=1.2),
        Part("gru", Integer(), points=1, label="parameters of the GRU layer", space_cm=1.2),
    ],
    prompt=r"""A language model maps each of \VAR{vocab} tokens to an embedding vector $x_t \in \mathbb{R}^{\VAR{d}}$
and feeds the sequence into a single recurrent layer with hidden state $h_t \in \mathbb{R}^{\VAR{h}}$.
Bias convention: \VAR{bias_text}.
How many learnable parameters does the embedding table have, and how many does the recurrent layer have if it is
a vanilla (Elman) RNN, an LSTM, or a GRU?""",
    solution=r"""The embedding is a table of $\VAR{vocab} \cdot \VAR{d} = \VAR{embedding}$ numbers.
Every gate (the RNN has one, the GRU three, the LSTM four) has an input matrix $H \times D$, a recurrent matrix
$H \times H$ and \VAR{bias_vectors} bias vector\BLOCK{if bias_vectors > 1}s\BLOCK{endif} of length $H$:
$\VAR{h} \cdot \VAR{d} + \VAR{h} \cdot \VAR{h} + \VAR{bias_vectors} \cdot \VAR{h} = \VAR{rnn}$ per gate.
RNN: \VAR{rnn}; LSTM: $4 \cdot \VAR{rnn} = \VAR{lstm}$; GRU: $3 \cdot \VAR{rnn} = \VAR{gru}$.""",
)
def rnn_params(p: Params) -> dict:
    counts = {cell: rnn_param_count(p.d, p.h, cell, p.bias) for cell in ("rnn", "lstm", "gru")}
    rnn_mistakes = [Mistake("bias forgotten", rnn_param_count(p.d, p.h, "rnn", "none"),
                            "The hidden state also gets a bias vector of length H.")]
    if p.bias == "pytorch":
        rnn_mistakes.append(Mistake("one bias vector", rnn_param_count(p.d, p.h, "rnn", "single"),
                                    "The stated convention has two bias vectors per gate."))
    return {
        **counts, "embedding": embedding_param_count(p.vocab, p.d), "bias_text": BIAS_TEXT[p.bias],
        "bias_vectors": 1 if p.bias == "single" else 2,
        "followups": {"lstm": FollowUp(("rnn",), 4 * Symbol("rnn")), "gru": FollowUp(("rnn",), 3 * Symbol("rnn"))},
        "mistakes": {"rnn": rnn_mistakes},
    }


# ---------------------------------------------------------------------------- B5 multiplication counts

MAX_COUNT = 10**7  # larger counts are no longer worth computing by hand


@question(
    qid="counts.separable_mults", version=1, topic="counts",
    title="Multiplications of a standard vs a depthwise-separable convolution",
    params={
        "c_in": OneOf([4, 8, 16, 32]), "c_out": OneOf([8, 16, 32, 64]), "n": OneOf([6, 7, 8, 10, 12, 14]),
        "k": OneOf([3, 5]),
    },
    where=lambda p: p.c_in <= p.c_out and conv_mult_count(p.k, p.c_in, p.c_out, p.n, p.n) <= MAX_COUNT,
    parts=[
        Part("standard", Integer(), points=1, label="multiplications of the standard convolution", space_cm=1.2),
        Part("depthwise", Integer(), points=1, label="multiplications of the depthwise step", space_cm=1.2),
        Part("pointwise", Integer(), points=1, label="multiplications of the pointwise step", space_cm=1.2),
        Part("speedup", Exact(), points=1, label="speed-up factor standard / separable, as a fraction",
             space_cm=1.2),
    ],
    prompt=r"""A feature map of shape $(C, H, W) = (\VAR{c_in}, \VAR{n}, \VAR{n})$ is convolved into
\VAR{c_out} channels with $\VAR{k} \times \VAR{k}$ kernels, stride 1 and same padding (the output is
$\VAR{n} \times \VAR{n}$). Count multiplications only (every kernel weight times every input value it meets,
padded zeros included), no biases.
Compare a standard convolution with a depthwise-separable one: a depthwise $\VAR{k} \times \VAR{k}$ convolution
(one filter per input channel) followed by a pointwise $1 \times 1$ convolution to \VAR{c_out} channels.
How many multiplications does each take, and by which factor (standard divided by separable, as an exact
fraction) does the separable version reduce them?""",
    solution=r"""Each output value of a standard convolution needs $F^2 C_{\mathrm{in}}$ multiplications:
$\VAR{k}^2 \cdot \VAR{c_in} \cdot \VAR{c_out} \cdot \VAR{n}^2 = \VAR{standard}$.
Depthwise: $\VAR{k}^2 \cdot \VAR{c_in} \cdot \VAR{n}^2 = \VAR{depthwise}$.
Pointwise: $\VAR{c_in} \cdot \VAR{c_out} \cdot \VAR{n}^2 = \VAR{pointwise}$.
Speed-up: $\frac{\VAR{standard}}{\VAR{depthwise} + \VAR{pointwise}}
= \frac{F^2 C_{\mathrm{out}}}{F^2 + C_{\mathrm{out}}} = \frac{\VAR{k * k} \cdot \VAR{c_out}}{\VAR{k * k} + \VAR{c_out}}
= \VAR{speedup|num}$.""",
)
def separable_mults(p: Params) -> dict:
    depthwise, pointwise = depthwise_separable_mult_count(p.k, p.c_in, p.c_out, p.n, p.n)
    standard = conv_mult_count(p.k, p.c_in, p.c_out, p.n, p.n)
    return {
        "standard": standard, "depthwise": depthwise, "pointwise": pointwise,
        "speedup": Fraction(standard, depthwise + pointwise),
        "followups": {"speedup": FollowUp(("standard", "depthwise", "pointwise"),
                                          Symbol("standard") / (Symbol("depthwise") + Symbol("pointwise")))},
        "mistakes": {"speedup": [Mistake("ratio inverted", Fraction(depthwise + pointwise, standard),
                                         "The factor is standard divided by separable, so it is greater than 1.")]},
    }


# -------------------------------------------------------------------------------------- B7 FC as conv


@question(
    qid="counts.fc_as_conv", version=1, topic="counts", title="A fully-connected layer as a convolution",
    params={
        "c": OneOf([16, 32, 64, 128]), "side": OneOf([3, 4, 5, 6, 7]), "n_out": OneOf([10, 64, 100, 128, 256]),
        "grow": OneOf([2, 4, 6, 8, 10, 12]),
    },
    parts=[
        Part("filters", Integer(), points=0.5, label="number of filters", space_cm=1.0),
        Part("kernel", Integer(), points=0.5, label="kernel side length", space_cm=1.0),
        Part("padding", Integer(), points=0.5, label="zero padding", space_cm=1.0),
        Part("params", Integer(), points=1, label="parameters of the convolution (with bias)", space_cm=1.2),
        Part("big_shape", Shape("CHW"), points=1, label="output shape on the larger input, $(C, H, W)$",
             space_cm=1.2),
    ],
    prompt=r"""The last feature map of a CNN has shape $(C, H, W) = (\VAR{c}, \VAR{side}, \VAR{side})$; it is
flattened and fed into a fully-connected layer with \VAR{n_out} outputs and bias. To make the network fully
convolutional, this layer is replaced by an equivalent convolution with stride 1 that computes exactly the same
\VAR{n_out} numbers. How many filters, which kernel size and how much padding does it need, and how many
parameters does it have? The converted network is then applied to an input whose last feature map has shape
$(\VAR{c}, \VAR{side + grow}, \VAR{side + grow})$: what is the shape of the convolution's output?""",
    solution=r"""Each output unit of the FC layer is a weighted sum over the whole $\VAR{c} \times \VAR{side} \times
\VAR{side}$ map, which is one filter covering the whole map: \VAR{filters} filters of size
$\VAR{kernel} \times \VAR{kernel}$ with padding \VAR{padding}, output $(\VAR{filters}, 1, 1)$.
Parameters are the same as in the FC layer: $(\VAR{kernel}^2 \cdot \VAR{c} + 1) \cdot \VAR{filters}
= \VAR{params}$.
On the larger map the filter slides: $\VAR{big} - \VAR{kernel} + 1 = \VAR{big_shape[1]}$, so the output is
$(\VAR{filters}, \VAR{big_shape[1]}, \VAR{big_shape[1]})$, one class-score vector per position.""",
)
def fc_as_conv_question(p: Params) -> dict:
    conv = fc_as_conv(p.c, p.side, p.side, p.n_out)
    big = p.side + p.grow
    slides = big - Symbol("kernel") + 1
    return {
        "filters": conv["filters"], "kernel": conv["kernel_h"], "padding": conv["padding"], "big": big,
        "params": conv_param_count(conv["kernel_h"], p.c, conv["filters"]),
        "big_shape": conv2d_output_shape(big, big, conv["filters"], conv["kernel_h"], conv["stride"],
                                         conv["padding"]),
        "followups": {"big_shape": FollowUp(("filters", "kernel"), [Symbol("filters"), slides, slides])},
        "mistakes": {
            "params": [Mistake("bias forgotten", conv_param_count(conv["kernel_h"], p.c, conv["filters"], False),
                               "Each filter keeps the FC unit's bias.")],
            "big_shape": [Mistake("still one output", (conv["filters"], 1, 1),
                                  "The convolution slides over the larger map: one output per position.")],
        },
    }

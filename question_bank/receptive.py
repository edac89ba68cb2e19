"""Receptive fields (catalog C1): a longer stack with dilation given as a table, and the inverse question of
how many layers a target receptive field needs. The short fixed stack is cnn.receptive_field."""

from __future__ import annotations

from math import prod

from sympy import Symbol

from examgen.answers import Integer
from examgen.params import IntRange, ListOf, OneOf, Params
from examgen.question import FollowUp, Mistake, Part, question
from solvers.counts import conv_param_count
from solvers.extra_shapes import layers_for_receptive_field, stack_dilations
from solvers.receptive_field import effective_kernel, receptive_field_chain


# ------------------------------------------------------------------------------ C1 table of layers

# (type, kernel, stride, dilation)
LAYER_CHOICES = [
    ("conv", 3, 1, 1), ("conv", 3, 1, 2), ("conv", 3, 1, 4), ("conv", 5, 1, 1), ("conv", 5, 1, 2),
    ("conv", 1, 1, 1), ("conv", 3, 2, 1), ("conv", 5, 2, 1), ("conv", 7, 2, 1), ("pool", 2, 2, 1),
    ("pool", 3, 2, 1),
]
MAX_FIELD = 150


def _stack_ok(p: Params) -> bool:
    """Starts with a convolution, has dilation and some downsampling, and a field that fits a table."""
    strides = [s for _, _, s, _ in p.layers]
    return (
        p.layers[0][0] == "conv" and any(d > 1 for *_, d in p.layers) and 1 <= strides.count(2) <= 3
        and receptive_field_chain([layer[1:] for layer in p.layers])[-1] <= MAX_FIELD
    )


@question(
    qid="receptive.layer_table", version=1, topic="receptive", title="Receptive field of a dilated conv stack",
    params={"layers": ListOf(OneOf(LAYER_CHOICES), 4, up_to=6)},
    where=_stack_ok,
    parts=[
        Part("rf3", Integer(), points=1, label="receptive field after layer 3", space_cm=1.2),
        Part("rf", Integer(), points=2, label="receptive field after the last layer", space_cm=1.5),
        Part("jump", Integer(), points=1,
             label="distance in input pixels between two neighbouring output pixels of the last layer",
             space_cm=1.2),
    ],
    prompt=r"""A single-channel image passes through the layers below, in this order (every layer is square;
a dilation of $d$ spreads the kernel taps $d$ pixels apart; pooling layers are max pooling).
\begin{center}
\begin{tabular}{ccccc}
layer & type & kernel & stride & dilation \\ \hline
\BLOCK{for kind, k, s, d in layers}
\VAR{loop.index} & \VAR{'convolution' if kind == 'conv' else 'max pooling'} & $\VAR{k} \times \VAR{k}$
  & \VAR{s} & \VAR{d} \\
\BLOCK{endfor}
\end{tabular}
\end{center}
Padding does not change receptive fields. What is the side length of the (square) receptive field in the input
image of one output pixel after layer 3 and after the last layer? How many input pixels apart are the centres of
the receptive fields of two neighbouring output pixels of the last layer?""",
    solution=r"""Going forward, $r_k = r_{k-1} + (f^{\mathrm{eff}}_k - 1)\, j_{k-1}$ with $r_0 = 1$, the effective
kernel $f^{\mathrm{eff}} = d(f - 1) + 1$ and the jump $j_{k-1} = \prod_{i<k} s_i$ (distance in input pixels between
neighbouring positions before layer $k$), $j_0 = 1$:
\begin{center}
\begin{tabular}{cccc}
layer & $f^{\mathrm{eff}}$ & $j_{k-1}$ & $r_k$ \\ \hline
\BLOCK{for row in rows}
\VAR{loop.index} & \VAR{row.effective} & \VAR{row.jump}
  & $\VAR{row.before} + (\VAR{row.effective} - 1) \cdot \VAR{row.jump} = \VAR{row.field}$ \\
\BLOCK{endfor}
\end{tabular}
\end{center}
So $r_3 = \VAR{rf3}$, the last layer sees $\VAR{rf} \times \VAR{rf}$ pixels, and neighbouring outputs are
$\prod_k s_k = \VAR{jump}$ pixels apart.""",
)
def layer_table(p: Params) -> dict:
    stack = [layer[1:] for layer in p.layers]
    chain = receptive_field_chain(stack)
    jumps = [prod(s for _, s, _ in stack[:i]) for i in range(len(stack) + 1)]
    rows = [
        {"effective": effective_kernel(k, d), "jump": jump, "before": before, "field": field}
        for (k, _, d), jump, before, field in zip(stack, jumps, [1, *chain], chain)
    ]
    no_strides = 1 + sum(row["effective"] - 1 for row in rows)
    return {
        "rf3": chain[2], "rf": chain[-1], "jump": jumps[-1], "rows": rows,
        "mistakes": {"rf": [Mistake("strides ignored", no_strides,
                                    "Each layer's growth is multiplied by the product of all earlier strides.")]
                     if no_strides != chain[-1] else []},
    }


# -------------------------------------------------------------------------- C1 layers for a target


def _needed(p: Params) -> tuple[int, int]:
    """Layers without dilation and with doubling dilation."""
    return layers_for_receptive_field(p.target, p.k), layers_for_receptive_field(p.target, p.k, "doubling")


def _needed_ok(p: Params) -> bool:
    """Dilation saves at least two layers, and the plain stack stays short enough to write down."""
    plain, dilated = _needed(p)
    return dilated + 1 < plain <= 15


@question(
    qid="receptive.layers_needed", version=1, topic="receptive", title="How many layers for a receptive field",
    params={"target": IntRange(12, 120), "k": OneOf([3, 5]), "c": OneOf([16, 32, 64])},
    where=_needed_ok,
    parts=[
        Part("plain", Integer(), points=1, label="number of layers without dilation", space_cm=1.2),
        Part("dilated", Integer(), points=1, label="number of layers with doubling dilation", space_cm=1.2),
        Part("weights", Integer(), points=1, label="weights of the stack without dilation", space_cm=1.2),
    ],
    prompt=r"""A segmentation network needs a receptive field of at least $\VAR{target} \times \VAR{target}$
pixels. It stacks $\VAR{k} \times \VAR{k}$ convolutions with stride 1, \VAR{c} input and \VAR{c} output channels
each and no bias. What is the smallest number of such layers that reaches the target (i) without dilation and
(ii) if the dilation doubles from layer to layer ($d = 1, 2, 4, 8, \dots$)? How many weights does the stack
from (i) have?""",
    solution=r"""Each stride-1 layer with dilation $d$ adds $d(\VAR{k} - 1)$ to the receptive field, starting from 1.
Without dilation, $L$ layers see $1 + \VAR{k - 1}L$ pixels; $1 + \VAR{k - 1}L \ge \VAR{target}$ first holds for
$L = \VAR{plain}$ ($r = \VAR{plain_chain[-1]}$\BLOCK{if plain > 1}, while $\VAR{plain - 1}$ layers see only
$\VAR{plain_chain[-2]}$\BLOCK{endif}).
With doubling dilation the fields grow as
\BLOCK{for r in dilated_chain}$\VAR{r}$\BLOCK{if not loop.last}, \BLOCK{endif}\BLOCK{endfor},
so $\VAR{dilated}$ layers suffice.
Weights: $\VAR{plain} \cdot \VAR{k}^2 \cdot \VAR{c} \cdot \VAR{c} = \VAR{weights}$.""",
)
def layers_needed(p: Params) -> dict:
    plain, dilated = _needed(p)
    per_layer = conv_param_count(p.k, p.c, p.c, bias=False)
    return {
        "plain": plain, "dilated": dilated, "weights": plain * per_layer,
        "followups": {"weights": FollowUp(("plain",), Symbol("plain") * per_layer)},
        "mistakes": {"plain": [Mistake("one layer short", plain - 1,
                                       "One layer fewer does not reach the target yet.")]},
        "plain_chain": receptive_field_chain([(p.k, 1, 1)] * plain),
        "dilated_chain": receptive_field_chain([(p.k, 1, d) for d in stack_dilations(dilated, "doubling")]),
    }

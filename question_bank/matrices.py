"""Operations on small given matrices (catalog D1-D5): cross-correlation, 1D boundary handling, pooling,
transposed convolution, nearest-neighbour upsampling and 1x1 channel mixing. All answers are exact."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from examgen.answers import Integer, Matrix, Vector
from examgen.answers.numbers import latex_number
from examgen.params import IntRange, ListOf, OneOf, Params
from examgen.question import Mistake, Part, question
from solvers.matrix_ops import conv1d, conv1x1, conv2d, conv_transpose2d, pool2d, upsample_nearest, zero_pad
from solvers.shapes import conv2d_output_size


def grid(entries: IntRange, rows: int, cols: int) -> ListOf:
    """A rows x cols matrix of independent draws, as a tuple of row tuples."""
    return ListOf(ListOf(entries, cols), rows)


def flat(matrix: Any) -> list[Any]:
    """The entries of a matrix in row-major order."""
    return [v for row in matrix for v in row]


def rotate180(matrix: Any) -> tuple[tuple[Any, ...], ...]:
    """The matrix turned by 180 degrees (a flipped kernel)."""
    return tuple(tuple(row[::-1]) for row in matrix[::-1])


def _factor(value: Any) -> str:
    """A number as a factor in a product: negatives in parentheses."""
    text = latex_number(value)
    return f"({text})" if value < 0 else text


def product_terms(weights: Any, values: Any) -> str:
    """LaTeX for sum_i w_i * x_i over the non-zero weights (flat sequences)."""
    terms = [f"{_factor(w)} \\cdot {_factor(x)}" for w, x in zip(weights, values) if w != 0]
    return " + ".join(terms) if terms else "0"


def signed_sum(terms: list[tuple[Any, str]]) -> str:
    """LaTeX for c_1 s_1 + c_2 s_2 + ... with signs pulled out and zero terms left out (an empty symbol is a
    constant term)."""
    pieces = [
        ("-" if coef < 0 else "+", f"{'' if abs(coef) == 1 and symbol else latex_number(abs(coef))} {symbol}".strip())
        for coef, symbol in terms if coef != 0
    ]
    if not pieces:
        return "0"
    (sign, body), rest = pieces[0], pieces[1:]
    return ("-" if sign == "-" else "") + body + "".join(f" {sign} {body}" for sign, body in rest)


# ----------------------------------------------------------------------------------- D1 2D cross-correlation


def _kernel_ok(p: Params) -> bool:
    """A kernel with some zeros that is not symmetric under flipping, on an image that is not all zeros."""
    zeros = flat(p.kernel).count(0)
    if not 3 <= zeros <= 6 or (p.stride, p.padding) == (1, 1) or flat(p.image).count(0) > 6:
        return False
    flipped = conv2d(p.image, rotate180(p.kernel), p.stride, p.padding)[0][0]
    return flipped != conv2d(p.image, p.kernel, p.stride, p.padding)[0][0]


@question(
    qid="matrices.cross_correlation", version=1, topic="matrices", title="2D cross-correlation with stride and padding",
    params={
        "image": grid(IntRange(-2, 5), 5, 5), "kernel": grid(IntRange(-1, 2), 3, 3),
        "stride": OneOf([1, 2]), "padding": OneOf([0, 1]),
    },
    where=_kernel_ok,
    parts=[
        Part("out", Matrix(), points=3, label="output matrix of the layer", space_cm=3.5),
        Part("flipped", Integer(), points=1,
             label="top-left output entry if the kernel were flipped (true convolution)", space_cm=1.5),
    ],
    prompt=r"""A convolutional layer with one $3 \times 3$ kernel $K$, stride \VAR{stride}, zero padding
\VAR{padding} and no bias is applied to the single-channel image $X$:
\[
X = \VAR{image|matrix}, \qquad K = \VAR{kernel|matrix}.
\]
Like deep-learning frameworks, the layer computes a cross-correlation: the kernel is laid on the input as
printed, without flipping, $Y_{ij} = \sum_{a,b} K_{ab}\, X_{iS + a,\, jS + b}$ (on the padded input). Compute the
output $Y$. Then give the top-left output entry that a true (mathematical) convolution, which flips the kernel by
180 degrees, would produce instead.""",
    solution=r"""\BLOCK{if padding}Padded with zeros, the input is
\[
\VAR{padded|matrix}.
\]
\BLOCK{endif}The output side is
$\frac{5 + 2 \cdot \VAR{padding} - 3}{\VAR{stride}} + 1 = \VAR{side}$; the window moves by \VAR{stride} at a time.
Top-left entry (only the non-zero kernel taps shown):
$\VAR{first_terms} = \VAR{out[0][0]}$. All entries:
\[
Y = \VAR{out|matrix}.
\]
Flipping gives
\[
K' = \VAR{kernel_flipped|matrix},
\]
and the top-left entry becomes $\VAR{flipped_terms} = \VAR{flipped}$.""",
)
def cross_correlation(p: Params) -> dict:
    flipped_kernel = rotate180(p.kernel)
    padded = zero_pad(p.image, p.padding)
    window = [row[:3] for row in padded[:3]]
    convolution = conv2d(p.image, p.kernel, p.stride, p.padding, flip=True)
    out = conv2d(p.image, p.kernel, p.stride, p.padding)
    return {
        "out": out, "flipped": convolution[0][0],
        "mistakes": {
            "out": [Mistake("kernel flipped", convolution, "The layer does not flip the kernel (cross-correlation).")],
            "flipped": [Mistake("not flipped", out[0][0], "A true convolution turns the kernel by 180 degrees.")],
        },
        "padded": padded, "side": conv2d_output_size(5, 3, p.stride, p.padding), "kernel_flipped": flipped_kernel,
        "first_terms": product_terms(flat(p.kernel), flat(window)),
        "flipped_terms": product_terms(flat(flipped_kernel), flat(window)),
    }


# ----------------------------------------------------------------------------------- D2 1D boundary handling

KERNELS_1D = {
    (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)): "box filter",
    (Fraction(1, 4), Fraction(1, 2), Fraction(1, 4)): "binomial smoothing filter",
    (Fraction(-1, 2), 0, Fraction(1, 2)): "central-difference filter",
    (-1, 2, -1): "negative discrete second derivative",
    (1, 0, -1): "edge filter",
}


@question(
    qid="matrices.conv1d_boundary", version=1, topic="matrices", title="1D convolution: valid vs same",
    params={"signal": ListOf(IntRange(-5, 9), 7), "kernel": OneOf(list(KERNELS_1D))},
    where=lambda p: len(set(p.signal)) >= 5 and p.signal[0] != 0 and p.signal[-1] != 0,
    parts=[
        Part("valid", Vector(), points=1.5, label="output with \\emph{valid} boundary handling", space_cm=1.5),
        Part("same", Vector(), points=1.5, label="output with \\emph{same} boundary handling", space_cm=1.5),
    ],
    prompt=r"""The signal $x$ is filtered with the \VAR{kernel_name} $w$,
\[
x = (\VAR{signal|map('num')|join(', ')}), \qquad w = (\VAR{kernel|map('num')|join(', ')}),
\]
as a cross-correlation (no flipping): $y_i = w_0 x_i + w_1 x_{i+1} + w_2 x_{i+2}$ over the positions where the
kernel fits. Compute the output for \emph{valid} boundary handling (the output
shrinks) and for \emph{same} boundary handling (one zero added at each end, so the output has the length of the
input). Give exact values (fractions where needed).""",
    solution=r"""Valid: the kernel fits at $7 - 3 + 1 = 5$ positions, e.g.
$y_0 = \VAR{first_terms} = \VAR{valid[0]|num}$, giving $y = (\VAR{valid|map('num')|join(', ')})$.
Same: on the padded signal $(0, \VAR{signal|join(', ')}, 0)$ the inner five values are those of the valid output,
and the two border values are $y_0 = \VAR{left_terms} = \VAR{same[0]|num}$ and
$y_6 = \VAR{right_terms} = \VAR{same[6]|num}$: $y = (\VAR{same|map('num')|join(', ')})$.""",
)
def conv1d_boundary(p: Params) -> dict:
    flipped = {mode: conv1d(p.signal, p.kernel, mode, flip=True) for mode in ("valid", "same")}
    return {
        "valid": conv1d(p.signal, p.kernel, "valid"), "same": conv1d(p.signal, p.kernel, "same"),
        "mistakes": {} if p.kernel == p.kernel[::-1] else {
            mode: [Mistake("kernel flipped", flipped[mode], "Cross-correlation: w_0 multiplies x_i, not x_{i+2}.")]
            for mode in ("valid", "same")},
        "kernel_name": KERNELS_1D[p.kernel], "first_terms": product_terms(p.kernel, p.signal[:3]),
        "left_terms": product_terms(p.kernel[1:], p.signal[:2]),
        "right_terms": product_terms(p.kernel[:2], p.signal[-2:]),
    }


# ------------------------------------------------------------------------------------------- D3 pooling


@question(
    qid="matrices.pooling", version=1, topic="matrices", title="Max and average pooling of a 4x4 matrix",
    params={"x": grid(IntRange(0, 49), 4, 4)},
    where=lambda p: len(set(flat(p.x))) == 16,
    parts=[
        Part("max", Matrix(), points=1, label="$2 \\times 2$ max pooling, stride 2", space_cm=2.0),
        Part("avg", Matrix(), points=1, label="$2 \\times 2$ average pooling, stride 2", space_cm=2.0),
        Part("overlap", Matrix(), points=1, label="$3 \\times 3$ max pooling, stride 1", space_cm=2.0),
    ],
    prompt=r"""Apply three pooling operations (no padding) to the feature map
\[
X = \VAR{x|matrix}:
\]
$2 \times 2$ max pooling with stride 2, $2 \times 2$ average pooling with stride 2, and $3 \times 3$ max pooling
with stride 1 (overlapping windows). Give the three output matrices, with exact values.""",
    solution=r"""With stride 2 the $2 \times 2$ windows are the four quadrants of $X$. With a $3 \times 3$ window
and stride 1 there are $(4 - 3)/1 + 1 = 2$ positions per side, and the four windows share the middle
$2 \times 2$ block of $X$. Maxima and means of the windows:
\[
\text{max } 2 \times 2: \VAR{max|matrix}, \qquad \text{mean } 2 \times 2: \VAR{avg|matrix}, \qquad
\text{max } 3 \times 3: \VAR{overlap|matrix}.
\]""",
)
def pooling(p: Params) -> dict:
    return {"max": pool2d(p.x, 2, 2, "max"), "avg": pool2d(p.x, 2, 2, "avg"), "overlap": pool2d(p.x, 3, 1, "max")}


# -------------------------------------------------------------------------------- D4 transposed convolution


@question(
    qid="matrices.transposed_conv", version=1, topic="matrices", title="Transposed convolution of a 2x2 input",
    params={
        "x": grid(IntRange(-2, 4), 2, 2), "kernel": grid(IntRange(-1, 2), 3, 3), "stride": OneOf([1, 2]),
        "padding": OneOf([0, 1]),
    },
    where=lambda p: 0 not in flat(p.x) and 2 <= flat(p.kernel).count(0) <= 5,
    parts=[
        Part("size", Integer(), points=1, label="output side length", space_cm=1.0),
        Part("out", Matrix(), points=3, label="output matrix", space_cm=4.0),
    ],
    prompt=r"""A transposed convolution (PyTorch's \texttt{ConvTranspose2d}: one input and one output channel,
no bias) with the $3 \times 3$ kernel $K$, stride \VAR{stride} and padding \VAR{padding} is applied to
\[
X = \VAR{x|matrix}, \qquad K = \VAR{kernel|matrix}.
\]
It works as follows: every input entry $x_{ij}$ writes the scaled kernel $x_{ij} K$ (not flipped) into the
output with its top-left corner at row $i \cdot S$, column $j \cdot S$, overlapping contributions are added, and
finally padding $P$ removes $P$ rows and columns from every border of the result. Give the output side length
and the output matrix.""",
    solution=r"""Side length: $(N - 1)S - 2P + F = (2 - 1) \cdot \VAR{stride} - 2 \cdot \VAR{padding} + 3 = \VAR{size}$.
Adding the four scaled kernels (overlapping entries add up) gives the
$\VAR{full|length} \times \VAR{full|length}$ result
\[
\VAR{full|matrix}
\]
\BLOCK{if padding}and removing \VAR{padding} border row and column on every side leaves
\BLOCK{else}which is already the output (no padding):
\BLOCK{endif}
\[
\VAR{out|matrix}.
\]""",
)
def transposed_conv(p: Params) -> dict:
    out = conv_transpose2d(p.x, p.kernel, p.stride, p.padding)
    full = conv_transpose2d(p.x, p.kernel, p.stride, 0)
    return {
        "size": len(out), "out": out, "full": full,
        "mistakes": {"out": [Mistake("not cropped", full, "Padding P removes P rows and columns at every border.")]
                     if p.padding else []},
    }


# --------------------------------------------------------------------- D5 upsampling and 1x1 channel mixing


@question(
    qid="matrices.upsample_and_1x1", version=1, topic="matrices",
    title="Nearest-neighbour upsampling and a 1x1 convolution",
    params={
        "a": grid(IntRange(-3, 6), 2, 2), "x1": grid(IntRange(-2, 4), 2, 2), "x2": grid(IntRange(-2, 4), 2, 2),
        "w": grid(IntRange(-2, 3), 2, 2), "b": ListOf(IntRange(-2, 2), 2),
    },
    where=lambda p: len(set(flat(p.a))) == 4 and 0 not in flat(p.w) and p.x1 != p.x2,
    parts=[
        Part("up", Matrix(), points=1, label="the upsampled $4 \\times 4$ matrix", space_cm=2.5),
        Part("out1", Matrix(), points=1, label="output channel 1 of the $1 \\times 1$ convolution", space_cm=2.0),
        Part("out2", Matrix(), points=1, label="output channel 2 of the $1 \\times 1$ convolution", space_cm=2.0),
    ],
    prompt=r"""(i) Upsample the matrix $A$ below by the factor 2 with nearest-neighbour interpolation.
(ii) A $1 \times 1$ convolution with weight matrix $W$ (row $o$ holds the weights of output channel $o$ for the
input channels 1 and 2) and bias $b = (\VAR{b|join(', ')})$ is applied to the two-channel feature map with the
channels $X_1$ and $X_2$. Compute both output channels.
\[
A = \VAR{a|matrix}, \qquad W = \VAR{w|matrix}, \qquad X_1 = \VAR{x1|matrix}, \qquad X_2 = \VAR{x2|matrix}.
\]""",
    solution=r"""(i) Every entry becomes a $2 \times 2$ block. (ii) A $1 \times 1$ convolution applies the same
linear map to the channel vector of every pixel, $Y_o = W_{o1} X_1 + W_{o2} X_2 + b_o$:
\[
\VAR{up|matrix}, \qquad Y_1 = \VAR{mix_terms[0]} = \VAR{out1|matrix}, \qquad
Y_2 = \VAR{mix_terms[1]} = \VAR{out2|matrix}.
\]""",
)
def upsample_and_1x1(p: Params) -> dict:
    out1, out2 = conv1x1([p.x1, p.x2], p.w, p.b)
    mix_terms = [signed_sum([(w1, "X_1"), (w2, "X_2"), (b, "")]) for (w1, w2), b in zip(p.w, p.b)]
    return {"up": upsample_nearest(p.a, 2), "out1": out1, "out2": out2, "mix_terms": mix_terms}

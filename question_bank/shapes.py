"""Tensor shapes and sizes (catalog A2-A8): padding, pooling, shape tracing, weight tensors, transposed and
sub-pixel convolutions, detector outputs. The single conv layer (A1) is cnn.conv_output_shape."""

from __future__ import annotations

from sympy import Symbol, floor

from examgen.answers import Integer, Shape
from examgen.params import IntRange, OneOf, Params
from examgen.question import FollowUp, Mistake, Part, question
from solvers.architecture import Conv, Flatten, Linear, Pool, flatten_size, trace_shapes
from solvers.counts import linear_param_count
from solvers.receptive_field import effective_kernel
from solvers.shapes import (
    conv2d_output_size,
    conv_stride_fits,
    conv_transpose2d_output_size,
    conv_weight_shape,
    padding_for,
    pixel_shuffle_shape,
    pool2d_output_shape,
    pool2d_output_size,
    yolo_output_shape,
)

# --------------------------------------------------------------------------------------------- A2 padding


@question(
    qid="cnn.padding_modes", version=1, topic="cnn", title="Padding for valid, same and full convolutions",
    params={"n": IntRange(9, 40), "k": OneOf([3, 5, 7, 9, 11]), "d": OneOf([1, 1, 2, 3])},
    where=lambda p: p.n > effective_kernel(p.k, p.d) and (p.d == 1 or p.k <= 5),
    parts=[
        Part("p_same", Integer(), points=1, label="zero padding $P$ for a \\emph{same} convolution", space_cm=1.2),
        Part("p_full", Integer(), points=1, label="zero padding $P$ for a \\emph{full} convolution", space_cm=1.2),
        Part("out_valid", Integer(), points=1, label="output side length of the \\emph{valid} convolution",
             space_cm=1.2),
        Part("out_full", Integer(), points=1, label="output side length of the \\emph{full} convolution",
             space_cm=1.2),
    ],
    prompt=r"""A convolutional layer with kernels of size $\VAR{k} \times \VAR{k}$, stride 1 and dilation
\VAR{d}\BLOCK{if d == 1} (an ordinary, undilated kernel)\BLOCK{endif} is applied to a
$\VAR{n} \times \VAR{n}$ feature map. The padding $P$ (zeros added on \emph{every} side) is chosen for one of
three modes: \emph{valid} (no padding), \emph{same} (the output has the size of the input) or \emph{full}
(every output position at which the kernel overlaps the input in at least one pixel).
How much padding do the same and the full convolution need, and what side length does the output of the valid
and of the full convolution have?""",
    solution=r"""\BLOCK{if d > 1}The dilated kernel spans
$F_{\mathrm{eff}} = d(F - 1) + 1 = \VAR{d} \cdot (\VAR{k} - 1) + 1 = \VAR{span}$ pixels.
\BLOCK{endif}
With stride 1 the output side is
$N + 2P - F_{\mathrm{eff}} + 1$, where $F_{\mathrm{eff}} = \VAR{span}$.
Same: $P = (F_{\mathrm{eff}} - 1)/2 = \VAR{p_same}$. Full: $P = F_{\mathrm{eff}} - 1 = \VAR{p_full}$.
Valid ($P = 0$): $\VAR{n} - \VAR{span} + 1 = \VAR{out_valid}$.
Full: $\VAR{n} + 2 \cdot \VAR{p_full} - \VAR{span} + 1 = \VAR{out_full}$.""",
)
def padding_modes(p: Params) -> dict:
    span = effective_kernel(p.k, p.d)
    p_same, p_full = padding_for(span, "same"), padding_for(span, "full")
    undilated = "The dilated kernel spans d(F - 1) + 1 pixels; pad for that span, not for F."
    return {
        "p_same": p_same, "p_full": p_full, "span": span,
        "out_valid": conv2d_output_size(p.n, p.k, 1, padding_for(span, "valid"), p.d),
        "out_full": conv2d_output_size(p.n, p.k, 1, p_full, p.d),
        "followups": {"out_full": FollowUp(("p_full",), p.n + 2 * Symbol("p_full") - span + 1)},
        "mistakes": {} if p.d == 1 else {
            "p_same": [Mistake("dilation ignored", padding_for(p.k, "same"), undilated)],
            "p_full": [Mistake("dilation ignored", padding_for(p.k, "full"), undilated)],
        },
    }


# --------------------------------------------------------------------------------------------- A3 pooling

POOL_WINDOWS = [2, 3]
POOL_STRIDES = [1, 2, 3]


def _pools_fit(p: Params) -> bool:
    """Strides no larger than the windows, at least one real downsampling, clean sizes (no floor) twice."""
    if p.s1 > p.f1 or p.s2 > p.f2 or max(p.s1, p.s2) == 1:
        return False
    if not conv_stride_fits(p.n, p.f1, p.s1):
        return False
    side = pool2d_output_size(p.n, p.f1, p.s1)
    return side >= p.f2 + p.s2 and conv_stride_fits(side, p.f2, p.s2)


@question(
    qid="cnn.pool_output_shape", version=1, topic="cnn", title="Output shape of two pooling layers",
    params={
        "c": OneOf([3, 16, 24, 32, 48, 64, 96, 128, 256]), "n": IntRange(12, 64),
        "f1": OneOf(POOL_WINDOWS), "s1": OneOf(POOL_STRIDES), "f2": OneOf(POOL_WINDOWS), "s2": OneOf(POOL_STRIDES),
    },
    where=_pools_fit,
    parts=[
        Part("shape1", Shape("CHW"), points=1, label="shape after the max pooling, $(C, H, W)$", space_cm=1.2),
        Part("shape2", Shape("CHW"), points=1, label="shape after the average pooling, $(C, H, W)$", space_cm=1.2),
    ],
    prompt=r"""A feature map of shape $(C, H, W) = (\VAR{c}, \VAR{n}, \VAR{n})$ passes through a max-pooling
layer with window $\VAR{f1} \times \VAR{f1}$ and stride \VAR{s1}, followed by an average-pooling layer with window
$\VAR{f2} \times \VAR{f2}$ and stride \VAR{s2} (no padding in either). Give the shape after each of the two
layers in the layout $(C, H, W)$.""",
    solution=r"""Pooling works on every channel separately, so the depth stays \VAR{c}, and each side follows
$\frac{N - F}{S} + 1$:
max pooling $\frac{\VAR{n} - \VAR{f1}}{\VAR{s1}} + 1 = \VAR{shape1[1]}$,
average pooling $\frac{\VAR{shape1[1]} - \VAR{f2}}{\VAR{s2}} + 1 = \VAR{shape2[1]}$.
Shapes: $(\VAR{c}, \VAR{shape1[1]}, \VAR{shape1[1]})$ and $(\VAR{c}, \VAR{shape2[1]}, \VAR{shape2[1]})$.""",
)
def pool_output_shape(p: Params) -> dict:
    shape1 = pool2d_output_shape(p.c, p.n, p.n, p.f1, p.s1)
    side = [floor((Symbol(f"shape1_{i}") - p.f2) / p.s2) + 1 for i in (2, 3)]
    return {
        "shape1": shape1, "shape2": pool2d_output_shape(*shape1, p.f2, p.s2),
        "followups": {"shape2": FollowUp(("shape1",), [Symbol("shape1_1"), *side])},
        "mistakes": {"shape1": [Mistake("missing + 1", (p.c, shape1[1] - 1, shape1[2] - 1),
                                        "The formula ends with + 1: the first window position counts too.")]},
    }


# ------------------------------------------------------------------------------------- A4 shape tracing


def _trace_layers(p: Params) -> list:
    """Three [conv -> 2x2 max pool] blocks, flatten, one linear layer."""
    layers: list = []
    for k, pad, filters in zip(p.kernels, p.pads, p.filters):
        layers += [Conv(filters, k, 1, pad), Pool(2)]
    return [*layers, Flatten(), Linear(p.n_out)]


def _trace_fits(p: Params) -> bool:
    """Valid or same padding only, even sizes before every pooling (no floor), at least 2 x 2 at the end."""
    if any(pad not in (0, (k - 1) // 2) for k, pad in zip(p.kernels, p.pads)):
        return False
    try:
        shapes = trace_shapes((p.c_in, p.n, p.n), _trace_layers(p)[:6])
    except ValueError:  # a kernel no longer fits
        return False
    return all(shapes[conv][1] % 2 == 0 for conv in (0, 2, 4)) and shapes[5][1] >= 2


@question(
    qid="cnn.shape_trace", version=1, topic="cnn", title="Shapes through a small CNN and the flatten size",
    params={
        "c_in": OneOf([1, 3]), "n": OneOf([28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 72, 80, 96]),
        "kernels": OneOf([(3, 3, 3), (5, 3, 3), (3, 5, 3), (5, 5, 3), (5, 3, 5), (3, 3, 5), (5, 5, 5)]),
        "pads": OneOf([(0, 0, 0), (1, 1, 1), (2, 1, 1), (0, 1, 1), (1, 0, 1), (1, 1, 0), (2, 2, 1), (2, 0, 0),
                       (0, 2, 0), (0, 0, 1), (0, 0, 2), (1, 2, 1), (2, 1, 2)]),
        "filters": OneOf([(6, 16, 32), (8, 16, 32), (16, 32, 64), (10, 20, 40), (12, 24, 48), (32, 64, 128),
                          (8, 32, 64), (4, 8, 16)]),
        "n_out": OneOf([10, 16, 32, 64, 100, 120, 128, 256]),
    },
    where=_trace_fits,
    parts=[
        Part("block1", Shape("CHW"), points=1, label="shape after the first pooling layer, $(C, H, W)$",
             space_cm=1.2),
        Part("block3", Shape("CHW"), points=1.5, label="shape after the last pooling layer, $(C, H, W)$",
             space_cm=1.5),
        Part("k", Integer(), points=1, label="the flatten size $k$", space_cm=1.0),
        Part("fc_params", Integer(), points=1, label="parameters of the linear layer (weights and biases)",
             space_cm=1.2),
    ],
    prompt=r"""A CNN for $\VAR{c_in}$-channel images of size $\VAR{n} \times \VAR{n}$ (input shape
$(C, H, W) = (\VAR{c_in}, \VAR{n}, \VAR{n})$) consists of the following layers. Every convolution has stride 1
and is followed by a ReLU; every pooling layer is a $2 \times 2$ max pooling with stride 2.
\begin{center}
\begin{tabular}{clc}
layer & type & hyper-parameters \\ \hline
\BLOCK{for b in range(3)}
\VAR{2 * b + 1} & convolution & \VAR{filters[b]} filters of $\VAR{kernels[b]} \times \VAR{kernels[b]}$,
  padding \VAR{pads[b]} \\
\VAR{2 * b + 2} & max pooling & $2 \times 2$, stride 2 \\
\BLOCK{endfor}
7 & flatten & $k$ features \\
8 & linear & $k \to \VAR{n_out}$, with bias \\
\end{tabular}
\end{center}
Trace the shapes through the network: give the shape after the first and after the last pooling layer, the
number $k$ of features the flatten layer produces, and the number of parameters of the linear layer.""",
    solution=r"""A convolution with stride 1 maps a side $N$ to $N + 2P - F + 1$ and has as many channels as
filters; each pooling layer halves the side and keeps the channels. Layer by layer:
\[
\begin{aligned}
& (\VAR{c_in}, \VAR{n}, \VAR{n})
\BLOCK{for shape in shapes[:6]}
\xrightarrow{\VAR{loop.index}} (\VAR{shape|join(', ')})\BLOCK{if loop.index == 3} \\ &\BLOCK{endif}

\BLOCK{endfor}
\end{aligned}
\]
Flatten: $k = \VAR{block3[0]} \cdot \VAR{block3[1]} \cdot \VAR{block3[2]} = \VAR{k}$.
Linear layer: $(k + 1) \cdot \VAR{n_out} = \VAR{k + 1} \cdot \VAR{n_out} = \VAR{fc_params}$ parameters.""",
)
def shape_trace(p: Params) -> dict:
    layers = _trace_layers(p)
    shapes = trace_shapes((p.c_in, p.n, p.n), layers)
    k = flatten_size((p.c_in, p.n, p.n), layers[:6])
    block3 = [Symbol(f"block3_{i}") for i in (1, 2, 3)]
    return {
        "block1": shapes[1], "block3": shapes[5], "k": k, "fc_params": linear_param_count(k, p.n_out),
        "shapes": shapes,
        "followups": {
            "k": FollowUp(("block3",), block3[0] * block3[1] * block3[2]),
            "fc_params": FollowUp(("k",), (Symbol("k") + 1) * p.n_out),
        },
        "mistakes": {
            "k": [Mistake("channels forgotten", shapes[5][1] * shapes[5][2], "k = C * H * W counts every channel.")],
            "fc_params": [Mistake("bias forgotten", linear_param_count(k, p.n_out, bias=False),
                                  "The linear layer has a bias per output: (k + 1) * outputs.")],
        },
    }


# ------------------------------------------------------------------------------------- A5 weight tensors


@question(
    qid="cnn.weight_tensor_shapes", version=1, topic="cnn", title="Weight-tensor shapes of two conv layers",
    params={
        "batch": OneOf([8, 16, 32, 64]), "c_in": OneOf([1, 3, 4, 16]), "n": OneOf([28, 32, 64, 96, 128, 224]),
        "f1": OneOf([4, 6, 8, 10, 12, 16, 24, 32, 64]), "k1": OneOf([1, 3, 5, 7]), "s1": OneOf([1, 2]),
        "f2": OneOf([8, 12, 16, 20, 32, 48, 64, 128]), "k2": OneOf([1, 3, 5]),
    },
    where=lambda p: p.f1 != p.f2 and p.k1 != p.k2 and p.c_in not in (p.f1, p.f2),
    parts=[
        Part("w1", Shape("OIHW"), points=1, label="weight-tensor shape of the first convolution", space_cm=1.2),
        Part("w2", Shape("OIHW"), points=1, label="weight-tensor shape of the second convolution", space_cm=1.2),
    ],
    prompt=r"""A mini-batch of shape $(N, C, H, W) = (\VAR{batch}, \VAR{c_in}, \VAR{n}, \VAR{n})$ is fed into
two convolutional layers in a row: first \VAR{f1} filters of size $\VAR{k1} \times \VAR{k1}$ with stride
\VAR{s1}, then \VAR{f2} filters of size $\VAR{k2} \times \VAR{k2}$ with stride 1 (both with some zero padding and a
bias). Give the shape of each layer's weight tensor in PyTorch's order
$(C_{\mathrm{out}}, C_{\mathrm{in}}, k_H, k_W)$ (the bias is stored separately).""",
    solution=r"""A filter spans all input channels, so a layer holds $C_{\mathrm{out}}$ filters of shape
$(C_{\mathrm{in}}, k_H, k_W)$; batch size, image size, stride and padding do not matter.
The first layer sees the image's \VAR{c_in} channel\BLOCK{if c_in > 1}s\BLOCK{endif}:
$(\VAR{f1}, \VAR{c_in}, \VAR{k1}, \VAR{k1})$.
The second layer sees the \VAR{f1} feature maps of the first: $(\VAR{f2}, \VAR{f1}, \VAR{k2}, \VAR{k2})$.""",
)
def weight_tensor_shapes(p: Params) -> dict:
    swapped = "PyTorch stores (C_out, C_in, k_H, k_W); (C_in, C_out, k, k) is the order of the lecture slides."
    return {
        "w1": conv_weight_shape(p.c_in, p.f1, p.k1), "w2": conv_weight_shape(p.f1, p.f2, p.k2),
        "mistakes": {
            "w1": [Mistake("slides' order", conv_weight_shape(p.c_in, p.f1, p.k1, "in_out"), swapped, 0.5)],
            "w2": [Mistake("slides' order", conv_weight_shape(p.f1, p.f2, p.k2, "in_out"), swapped, 0.5),
                   Mistake("image channels as input", conv_weight_shape(p.c_in, p.f2, p.k2),
                           "The second layer's input channels are the first layer's feature maps.")],
        },
    }


# ----------------------------------------------------------------------------------- A6 transposed conv


def _decoder_sizes(p: Params) -> tuple[int, int] | None:
    """Spatial sizes after the two transposed convolutions, or None when a layer would be invalid."""
    if 2 * p.p1 >= p.k1 or 2 * p.p2 >= p.k2 or p.op2 >= p.s2 or max(p.s1, p.s2) == 1:
        return None
    side1 = conv_transpose2d_output_size(p.n, p.k1, p.s1, p.p1)
    return side1, conv_transpose2d_output_size(side1, p.k2, p.s2, p.p2, p.op2)


@question(
    qid="cnn.transposed_conv_shape", version=1, topic="cnn", title="Output shapes of a transposed-conv decoder",
    params={
        "c0": OneOf([64, 128, 256, 512]), "n": OneOf([3, 4, 5, 6, 7, 8, 14, 16]),
        "c1": OneOf([16, 32, 64]), "k1": OneOf([2, 3, 4, 5]), "s1": OneOf([1, 2, 3]), "p1": IntRange(0, 2),
        "c2": OneOf([1, 3, 8]), "k2": OneOf([2, 3, 4, 5]), "s2": OneOf([1, 2, 3]), "p2": IntRange(0, 2),
        "op2": IntRange(0, 1),
    },
    where=lambda p: _decoder_sizes(p) is not None,
    parts=[
        Part("shape1", Shape("CHW"), points=1, label="shape after the first transposed convolution, $(C, H, W)$",
             space_cm=1.5),
        Part("shape2", Shape("CHW"), points=1.5,
             label="shape after the second transposed convolution, $(C, H, W)$", space_cm=1.5),
    ],
    prompt=r"""A decoder upsamples a feature map of shape $(C, H, W) = (\VAR{c0}, \VAR{n}, \VAR{n})$ with two
transposed convolutions (PyTorch's \texttt{ConvTranspose2d}, no dilation):
\begin{enumerate}
\item \VAR{c1} filters of size $\VAR{k1} \times \VAR{k1}$, stride \VAR{s1}, padding \VAR{p1}, output padding 0;
\item \VAR{c2} filter\BLOCK{if c2 > 1}s\BLOCK{endif} of size $\VAR{k2} \times \VAR{k2}$, stride \VAR{s2},
padding \VAR{p2}, output padding \VAR{op2}.
\end{enumerate}
Here \emph{padding} $P$ crops $P$ pixels from every side of the full transposed-convolution result and
\emph{output padding} adds rows and columns at the bottom and right. Give both output shapes.""",
    solution=r"""A transposed convolution maps a side $N$ to $(N - 1)S - 2P + F + P_{\mathrm{out}}$, and its depth
is the number of filters.
First layer: $(\VAR{n} - 1) \cdot \VAR{s1} - 2 \cdot \VAR{p1} + \VAR{k1} + 0 = \VAR{side1}$, shape
$(\VAR{c1}, \VAR{side1}, \VAR{side1})$.
Second layer: $(\VAR{side1} - 1) \cdot \VAR{s2} - 2 \cdot \VAR{p2} + \VAR{k2} + \VAR{op2} = \VAR{side2}$, shape
$(\VAR{c2}, \VAR{side2}, \VAR{side2})$.""",
)
def transposed_conv_shape(p: Params) -> dict:
    side1, side2 = _decoder_sizes(p)
    grown = [(Symbol(f"shape1_{i}") - 1) * p.s2 - 2 * p.p2 + p.k2 + p.op2 for i in (2, 3)]
    padded = (p.n - 1) * p.s1 + 2 * p.p1 + p.k1
    return {
        "shape1": (p.c1, side1, side1), "shape2": (p.c2, side2, side2), "side1": side1, "side2": side2,
        "followups": {"shape2": FollowUp(("shape1",), [p.c2, *grown])},
        "mistakes": {"shape1": [Mistake("padding added", (p.c1, padded, padded),
                                        "In a transposed convolution the padding crops the result: - 2P.")]
                     if p.p1 else []},
    }


# ---------------------------------------------------------------------------------- A7 pixel shuffle


@question(
    qid="cnn.pixel_shuffle_shape", version=1, topic="cnn", title="Sub-pixel convolution (pixel shuffle)",
    params={
        "c_in": OneOf([16, 32, 64, 128]), "h": OneOf([6, 7, 8, 12, 16, 24, 32]),
        "w": OneOf([7, 8, 9, 10, 12, 16, 20, 32, 40]), "r": OneOf([2, 3, 4]), "c_out": OneOf([1, 3, 8, 16]),
    },
    where=lambda p: p.c_in != p.c_out * p.r * p.r,
    parts=[
        Part("filters", Integer(), points=1, label="number of filters of the convolution", space_cm=1.0),
        Part("conv_shape", Shape("CHW"), points=1, label="shape after the convolution, $(C, H, W)$",
             space_cm=1.2),
        Part("out_shape", Shape("CHW"), points=1, label="shape after the pixel shuffle, $(C, H, W)$",
             space_cm=1.2),
    ],
    prompt=r"""A super-resolution network upsamples a feature map of shape
$(C, H, W) = (\VAR{c_in}, \VAR{h}, \VAR{w})$ by the factor $r = \VAR{r}$ with a sub-pixel convolution: a
$3 \times 3$ convolution (stride 1, padding 1) followed by a pixel shuffle, which rearranges a tensor of shape
$(C \cdot r^2, H, W)$ into $(C, rH, rW)$. The result must have
\VAR{c_out} channel\BLOCK{if c_out > 1}s\BLOCK{endif}. How many filters does the convolution need, and what are
the shapes after the convolution and after the pixel shuffle?""",
    solution=r"""The pixel shuffle turns $r^2 = \VAR{r * r}$ channels into one $\VAR{r} \times \VAR{r}$ block of
pixels, so the convolution needs $\VAR{c_out} \cdot \VAR{r}^2 = \VAR{filters}$ filters. With stride 1 and
padding 1 it keeps the size: $(\VAR{filters}, \VAR{h}, \VAR{w})$. The pixel shuffle gives
$(\VAR{filters} / \VAR{r * r}, \VAR{r} \cdot \VAR{h}, \VAR{r} \cdot \VAR{w})
= (\VAR{out_shape[0]}, \VAR{out_shape[1]}, \VAR{out_shape[2]})$.""",
)
def pixel_shuffle_question(p: Params) -> dict:
    filters = p.c_out * p.r * p.r
    conv_shape = (filters, conv2d_output_size(p.h, 3, 1, 1), conv2d_output_size(p.w, 3, 1, 1))
    conv = [Symbol(f"conv_shape_{i}") for i in (1, 2, 3)]
    return {
        "filters": filters, "conv_shape": conv_shape, "out_shape": pixel_shuffle_shape(*conv_shape, p.r),
        "followups": {
            "conv_shape": FollowUp(("filters",), [Symbol("filters"), p.h, p.w]),
            "out_shape": FollowUp(("conv_shape",), [conv[0] / (p.r * p.r), p.r * conv[1], p.r * conv[2]]),
        },
        "mistakes": {"filters": [Mistake("r instead of r squared", p.c_out * p.r,
                                         "Each output channel needs an r x r block, i.e. r^2 input channels.")]},
    }


# ------------------------------------------------------------------------------------------ A8 YOLO


@question(
    qid="cnn.yolo_output_shape", version=1, topic="cnn", title="YOLO output tensor, v1 and anchor-based",
    params={
        "image": OneOf([224, 256, 288, 320, 352, 384, 416, 448, 480, 512, 544, 576, 608]),
        "stride": OneOf([32, 64]), "boxes": OneOf([2, 3, 5]), "classes": IntRange(3, 20),
    },
    where=lambda p: p.image % p.stride == 0 and 5 <= p.image // p.stride <= 19,
    parts=[
        Part("grid", Integer(), points=0.5, label="grid size $S$", space_cm=1.0),
        Part("v1", Shape("SSD"), points=1, label="output shape of YOLOv1, $(S, S, \\text{depth})$", space_cm=1.2),
        Part("anchors", Shape("SSD"), points=1,
             label="output shape of the anchor-based YOLO, $(S, S, \\text{depth})$", space_cm=1.2),
        Part("predicted", Integer(), points=0.5, label="boxes predicted per image before non-maximum suppression",
             space_cm=1.0),
    ],
    prompt=r"""A YOLO detector sees $\VAR{image} \times \VAR{image}$ images. Its backbone downsamples by a total
stride of \VAR{stride}, giving an $S \times S$ grid; every cell predicts $B = \VAR{boxes}$ boxes (each with
$x, y, w, h$ and a confidence) and there are $C = \VAR{classes}$ classes.
\begin{itemize}
\item \emph{YOLOv1}: each cell predicts one set of class probabilities, shared by its $B$ boxes.
\item \emph{Anchor-based YOLO (v2 and later)}: each of the $B$ anchor boxes of a cell has its own class
probabilities.
\end{itemize}
Give $S$, the shape of the output tensor of both versions in the layout $(S, S, \text{depth})$, and the number
of boxes predicted per image.""",
    solution=r"""$S = \VAR{image} / \VAR{stride} = \VAR{grid}$.
YOLOv1: depth $5B + C = 5 \cdot \VAR{boxes} + \VAR{classes} = \VAR{v1[2]}$, shape
$(\VAR{grid}, \VAR{grid}, \VAR{v1[2]})$.
Anchor-based: depth $B(5 + C) = \VAR{boxes} \cdot (5 + \VAR{classes}) = \VAR{anchors[2]}$, shape
$(\VAR{grid}, \VAR{grid}, \VAR{anchors[2]})$.
Both predict $S^2 B = \VAR{grid}^2 \cdot \VAR{boxes} = \VAR{predicted}$ boxes per image.""",
)
def yolo_output_shape_question(p: Params) -> dict:
    grid = p.image // p.stride
    v1, anchors = (yolo_output_shape(grid, p.boxes, p.classes, version) for version in ("v1", "anchors"))
    s = Symbol("grid")
    return {
        "grid": grid, "v1": v1, "anchors": anchors, "predicted": grid * grid * p.boxes,
        "followups": {
            "v1": FollowUp(("grid",), [s, s, v1[2]]), "anchors": FollowUp(("grid",), [s, s, anchors[2]]),
            "predicted": FollowUp(("grid",), s * s * p.boxes),
        },
        "mistakes": {
            "v1": [Mistake("anchor-based count", anchors, "YOLOv1 shares one set of class scores per cell: 5B + C.")],
            "anchors": [Mistake("YOLOv1 count", v1, "With anchors every box has its own class scores: B(5 + C).")],
        },
    }

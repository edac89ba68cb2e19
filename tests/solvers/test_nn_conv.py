"""Convolution, transposed convolution and pooling: finite differences, definitions, known answers,
and the receptive field measured by backpropagating a unit impulse."""

import numpy as np
import pytest

from solvers.nn import AvgPool2d, Conv2d, ConvTranspose2d, MaxPool2d, Module, Sequential, check_module

TOL = 1e-6


@pytest.mark.parametrize(
    ("kernel", "stride", "padding", "dilation"),
    [(3, 1, 0, 1), (3, 2, 1, 1), ((2, 3), (2, 1), (1, 0), 1), (3, 1, 2, 2), (1, 1, 0, 1)],
)
def test_conv2d_gradients(kernel: object, stride: object, padding: object, dilation: object) -> None:
    rng = np.random.default_rng(10)
    conv = Conv2d(2, 3, kernel, stride, padding, dilation, rng=rng)
    errors = check_module(conv, rng.standard_normal((2, 2, 7, 6)), rng)
    assert max(errors.values()) < TOL, errors


@pytest.mark.parametrize(
    ("kernel", "stride", "padding", "output_padding", "dilation"),
    [(3, 1, 0, 0, 1), (3, 2, 1, 1, 1), ((2, 3), (2, 3), (0, 1), (1, 2), 1), (3, 2, 1, 0, 2)],
)
def test_conv_transpose2d_gradients(
    kernel: object, stride: object, padding: object, output_padding: object, dilation: object
) -> None:
    rng = np.random.default_rng(11)
    layer = ConvTranspose2d(3, 2, kernel, stride, padding, output_padding, dilation, rng=rng)
    errors = check_module(layer, rng.standard_normal((2, 3, 4, 5)), rng)
    assert max(errors.values()) < TOL, errors


def test_conv2d_matches_the_definition() -> None:
    rng = np.random.default_rng(12)
    x, s, p, d = rng.standard_normal((2, 3, 8, 7)), 2, 1, 2
    conv = Conv2d(3, 4, 3, stride=s, padding=p, dilation=d, rng=rng)
    w, b = conv.params["weight"], conv.params["bias"]
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    out = conv(x)
    assert out.shape == (2, 4, (8 + 2 * p - d * 2 - 1) // s + 1, (7 + 2 * p - d * 2 - 1) // s + 1)
    for n, o, i, j in np.ndindex(out.shape):
        patch = xp[n, :, i * s : i * s + 2 * d + 1 : d, j * s : j * s + 2 * d + 1 : d]
        assert out[n, o, i, j] == pytest.approx(np.sum(patch * w[o]) + b[o])


def test_transposed_conv_is_the_adjoint_of_conv() -> None:
    rng = np.random.default_rng(13)
    conv = Conv2d(2, 3, 3, stride=2, padding=1, bias=False, rng=rng)
    convt = ConvTranspose2d(3, 2, 3, stride=2, padding=1, bias=False).set_params(weight=conv.params["weight"])
    x = rng.standard_normal((1, 2, 7, 7))
    y = rng.standard_normal(conv(x).shape)
    assert convt(y).shape == x.shape
    assert np.sum(conv(x) * y) == pytest.approx(np.sum(x * convt(y)))


def test_transposed_conv_catalog_e9() -> None:
    # 000's transposed conv (stride 2, 3x3 kernel, 2x2 input): x and K are the values that reproduce
    # the seed's un-cropped first and last rows; with padding 1 the answer is 3x3 (catalog E9).
    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    kernel = np.array([[[[0.0, 1.0, 0.0], [1.0, 2.0, 1.0], [1.0, 1.0, 1.0]]]])
    full = ConvTranspose2d(1, 1, 3, stride=2, padding=0, bias=False).set_params(weight=kernel)(x)[0, 0]
    np.testing.assert_array_equal(full[0], [0, 1, 0, 2, 0])
    np.testing.assert_array_equal(full[-1], [3, 3, 7, 4, 4])
    cropped = ConvTranspose2d(1, 1, 3, stride=2, padding=1, bias=False).set_params(weight=kernel)(x)[0, 0]
    np.testing.assert_array_equal(cropped, [[2, 3, 4], [4, 3, 6], [6, 7, 8]])
    np.testing.assert_array_equal(cropped, full[1:-1, 1:-1])


def test_invalid_geometry_is_rejected() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        Conv2d(1, 1, 5)(np.zeros((1, 1, 3, 3)))
    with pytest.raises(ValueError, match="stride and dilation"):
        Conv2d(1, 1, 3, stride=0)
    with pytest.raises(ValueError, match="output_padding"):
        ConvTranspose2d(1, 1, 3, stride=2, output_padding=2)
    with pytest.raises(ValueError, match="half the kernel"):
        MaxPool2d(2, padding=2)


@pytest.mark.parametrize(
    "layer",
    [MaxPool2d(2), MaxPool2d(3, stride=2, padding=1), AvgPool2d(2), AvgPool2d(3, 2, 1)],
    ids=["max2", "max3-s2-p1", "avg2", "avg3-s2-p1"],
)
def test_pooling_gradients(layer: Module) -> None:
    rng = np.random.default_rng(14)
    errors = check_module(layer, rng.standard_normal((2, 3, 7, 6)), rng)
    assert errors["input"] < TOL


def test_max_and_average_pool_known_answer() -> None:
    x = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], dtype=float)[None, None]
    pool = MaxPool2d(2)
    np.testing.assert_array_equal(pool(x)[0, 0], [[6, 8], [3, 4]])
    routed = pool.backward(np.array([[[[10.0, 20.0], [30.0, 40.0]]]]))[0, 0]
    np.testing.assert_array_equal(routed, [[0, 0, 0, 0], [0, 10, 0, 20], [30, 0, 0, 0], [0, 0, 0, 40]])
    np.testing.assert_array_equal(AvgPool2d(2)(x)[0, 0], [[3.25, 5.25], [2, 2]])


def test_max_pool_tie_goes_to_first_position() -> None:
    pool = MaxPool2d(2)
    pool(np.ones((1, 1, 2, 2)))
    np.testing.assert_array_equal(pool.backward(np.ones((1, 1, 1, 1)))[0, 0], [[1, 0], [0, 0]])


def receptive_field_formula(layers: list[tuple[int, int, int]]) -> int:
    """r_k = r_{k-1} + (f_eff - 1) * prod_{i<k} s_i with f_eff = d (f - 1) + 1 (catalog C1)."""
    r, jump = 1, 1
    for f, s, d in layers:
        r += (d * (f - 1)) * jump
        jump *= s
    return r


def measured_receptive_field(net: Sequential, size: int, rng: np.random.Generator) -> int:
    """Side of the input region that reaches the centre output, from backpropagated unit impulses.

    Max pooling routes the gradient to one position per window, so the union over random inputs is taken."""
    reached = np.zeros((size, size), dtype=bool)
    for _ in range(40):
        out = net(rng.standard_normal((1, 1, size, size)))
        impulse = np.zeros_like(out)
        impulse[0, 0, out.shape[2] // 2, out.shape[3] // 2] = 1.0
        reached |= net.backward(impulse)[0, 0] != 0
    rows, cols = np.nonzero(reached)
    assert rows.max() - rows.min() == cols.max() - cols.min()
    return int(rows.max() - rows.min() + 1)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ([("conv", 3, 1, 1)] * 3, 7),
        ([("conv", 3, 1, 1), ("conv", 3, 1, 1), ("pool", 2, 2, 1), ("conv", 3, 1, 1), ("conv", 3, 1, 1)], 14),
        ([("conv", 5, 1, 1), ("pool", 2, 2, 1)], 6),
        ([("conv", 4, 2, 1), ("pool", 2, 2, 1)], 6),
        ([("conv", 3, 1, 1), ("conv", 3, 1, 2), ("conv", 3, 1, 4)], 15),
        ([("conv", 3, 2, 1), ("pool", 3, 2, 1), ("conv", 5, 1, 2)], None),
    ],
)
def test_receptive_field_by_impulse_matches_formula(
    spec: list[tuple[str, int, int, int]], expected: int | None
) -> None:
    rng = np.random.default_rng(15)
    layers: list[Module] = []
    for kind, f, s, d in spec:
        if kind == "conv":
            conv = Conv2d(1, 1, f, stride=s, dilation=d, bias=False)
            layers.append(conv.set_params(weight=rng.uniform(0.5, 1.5, size=(1, 1, f, f))))
        else:
            layers.append(MaxPool2d(f, stride=s))
    formula = receptive_field_formula([(f, s, d) for _, f, s, d in spec])
    assert expected is None or formula == expected
    assert measured_receptive_field(Sequential(*layers), 4 * formula + 9, rng) == formula

"""Linear, activations, dropout and Sequential: finite differences and worked examples."""

import numpy as np
import pytest

from solvers.nn import Dropout, LeakyReLU, Linear, ReLU, Sequential, Sigmoid, Tanh, check_module

TOL = 1e-6


def away_from_zero(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random values with |x| >= 0.1, so finite differences never straddle a ReLU kink."""
    x = rng.standard_normal(shape)
    return np.where(np.abs(x) < 0.1, 0.1 * np.sign(x) + x, x)


@pytest.mark.parametrize("shape", [(4, 3), (2, 5, 3)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_gradients(shape: tuple[int, ...], bias: bool) -> None:
    rng = np.random.default_rng(1)
    errors = check_module(Linear(3, 2, bias=bias, rng=rng), rng.standard_normal(shape), rng)
    assert set(errors) == ({"input", "weight", "bias"} if bias else {"input", "weight"})
    assert max(errors.values()) < TOL, errors


@pytest.mark.parametrize("layer", [ReLU(), LeakyReLU(0.2), Sigmoid(), Tanh()], ids=lambda m: type(m).__name__)
def test_activation_gradients(layer: object) -> None:
    rng = np.random.default_rng(2)
    errors = check_module(layer, away_from_zero(rng, (3, 4)), rng)
    assert errors["input"] < TOL


def test_activation_values_and_kinks() -> None:
    x = np.array([-2.0, 0.0, 3.0])
    relu, leaky = ReLU(), LeakyReLU(0.5)
    np.testing.assert_array_equal(relu(x), [0, 0, 3])
    np.testing.assert_array_equal(relu.backward(np.ones(3)), [0, 0, 1])  # ReLU'(0) = 0
    np.testing.assert_array_equal(leaky(x), [-1, 0, 3])
    np.testing.assert_array_equal(leaky.backward(np.ones(3)), [0.5, 0.5, 1])
    np.testing.assert_allclose(Sigmoid()(np.array([-800.0, 0.0, 800.0])), [0, 0.5, 1])


def test_dropout_is_inverted_with_an_explicit_mask() -> None:
    rng = np.random.default_rng(3)
    drop = Dropout(p=0.25)
    x = rng.standard_normal((2, 4))
    mask = np.array([[1, 0, 1, 1], [0, 1, 1, 1]])
    np.testing.assert_allclose(drop(x, mask=mask), x * mask / 0.75)
    np.testing.assert_allclose(drop.backward(np.ones_like(x)), mask / 0.75)
    np.testing.assert_array_equal(drop.eval()(x), x)
    np.testing.assert_array_equal(drop.backward(np.ones_like(x)), np.ones_like(x))


def test_dropout_keeps_expected_value_with_a_generator() -> None:
    drop = Dropout(p=0.5, rng=np.random.default_rng(4))
    out = drop(np.ones(200_000))
    assert set(np.unique(out)) == {0.0, 2.0}
    assert out.mean() == pytest.approx(1.0, abs=0.01)
    with pytest.raises(ValueError, match="keep mask"):
        Dropout(0.5)(np.ones(3))
    with pytest.raises(ValueError, match="drop probability"):
        Dropout(1.0)


def test_sequential_gradients_and_parameter_names() -> None:
    rng = np.random.default_rng(5)
    net = Sequential(Linear(3, 4, rng=rng), Tanh(), Linear(4, 2, rng=rng), Sigmoid())
    assert list(net.params) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    errors = check_module(net, rng.standard_normal((5, 3)), rng)
    assert max(errors.values()) < TOL, errors


def test_set_params_checks_names_and_shapes() -> None:
    layer = Linear(2, 1)
    assert layer.set_params(weight=[[1, 2]], bias=[3]) is layer
    np.testing.assert_array_equal(layer(np.array([[1.0, 1.0]])), [[6.0]])
    with pytest.raises(ValueError, match="no parameter 'gamma'"):
        layer.set_params(gamma=[1])
    with pytest.raises(ValueError, match=r"shape \(2,\), expected \(1, 2\)"):
        layer.set_params(weight=[1, 2])
    with pytest.raises(ValueError, match=r"no layer for parameter '3\.weight'"):
        Sequential(layer).set_params(**{"3.weight": [[1, 2]]})


def test_gradients_accumulate_until_zero_grad() -> None:
    layer = Linear(1, 1).set_params(weight=[[2.0]])
    for _ in range(2):
        layer(np.array([[3.0]]))
        layer.backward(np.array([[1.0]]))
    assert layer.grads["weight"][0, 0] == 6.0 and layer.grads["bias"][0] == 2.0
    layer.zero_grad()
    assert layer.grads["weight"][0, 0] == 0.0


def test_g3_tutor_note_affine_layer() -> None:
    # Y = X W with W = ones, f = Y^2 element-wise, L = sum f: L = 52, dX = [[4,4],[20,20]], dW = [[20,20],[32,32]].
    # Our Linear computes x W^T, so its weight is the transpose of the note's W.
    x = np.array([[0.0, 1.0], [2.0, 3.0]])
    layer = Linear(2, 2, bias=False).set_params(weight=np.ones((2, 2)))
    y = layer(x)
    assert np.sum(y**2) == 52
    dx = layer.backward(2 * y)
    np.testing.assert_array_equal(dx, [[4, 4], [20, 20]])
    np.testing.assert_array_equal(layer.grads["weight"].T, [[20, 20], [32, 32]])


def test_lecture4_two_layer_relu_regression() -> None:
    # y_hat = w2 * ReLU(w1 x), L = (y_hat - y)^2 at x = 1, y = 0, w1 = 1/3, w2 = 2: grad = (8/3, 4/9).
    net = Sequential(Linear(1, 1, bias=False), ReLU(), Linear(1, 1, bias=False))
    net.set_params(**{"0.weight": [[1 / 3]], "2.weight": [[2.0]]})
    y_hat = net(np.array([[1.0]]))
    net.backward(2 * (y_hat - 0.0))
    assert net.grads["0.weight"][0, 0] == pytest.approx(8 / 3)
    assert net.grads["2.weight"][0, 0] == pytest.approx(4 / 9)

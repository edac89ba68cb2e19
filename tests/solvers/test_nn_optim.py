"""Optimizers: hand-computed steps (catalog H3-H8), equivalence of the momentum forms, training."""

import numpy as np
import pytest

from solvers.nn import SGD, Adam, AdamW, Linear, Nesterov, RMSProp, Sequential, SoftmaxCrossEntropy, Tanh


def quadratic_run(make: type, steps: int, x0: float = 1.0, **kwargs: object) -> list[float]:
    """Minimise f(x) = x^2 (gradient 2x) and return the iterates after each step."""
    x = np.array([x0])
    opt = make({"x": x}, **kwargs)
    path = []
    for _ in range(steps):
        opt.step({"x": 2 * x})
        path.append(float(x[0]))
    return path


def test_sgd_on_a_quadratic_oscillates_at_lr_one() -> None:
    # f = x^2, x0 = 5, lr = 1: x <- (1 - 2 lr) x = -x (001 Feb2022 5.5-5.9).
    assert quadratic_run(SGD, 3, x0=5.0, lr=1.0) == [-5.0, 5.0, -5.0]
    assert quadratic_run(SGD, 1, x0=5.0, lr=0.5) == [0.0]


def test_momentum_i2dl_form_by_hand() -> None:
    # v <- 0.9 v - 0.1 g, x <- x + v from x = 1: v = -0.2, x = 0.8; v = -0.34, x = 0.46.
    assert quadratic_run(SGD, 2, lr=0.1, momentum=0.9) == pytest.approx([0.8, 0.46])


def test_momentum_forms_are_equivalent_for_constant_lr() -> None:
    i2dl = quadratic_run(SGD, 6, lr=0.05, momentum=0.5, form="i2dl")
    torch = quadratic_run(SGD, 6, lr=0.05, momentum=0.5, form="pytorch")
    assert i2dl == pytest.approx(torch)


def test_nesterov_lookahead_by_hand_and_pytorch_form() -> None:
    x = np.array([1.0])
    opt = Nesterov({"x": x}, lr=0.1, momentum=0.9)
    lookaheads = []
    for _ in range(2):
        ahead = opt.lookahead()["x"]
        opt.step({"x": 2 * ahead})
        lookaheads.append(float(opt.lookahead()["x"][0]))
    assert float(x[0]) == pytest.approx(0.496)
    # PyTorch's reformulated Nesterov iterates are exactly the look-ahead points of the lecture form.
    assert quadratic_run(SGD, 2, lr=0.1, momentum=0.9, form="pytorch", nesterov=True) == pytest.approx(lookaheads)
    assert lookaheads == pytest.approx([0.62, 0.2224])


def test_rmsprop_by_hand() -> None:
    # s = 0.1 * 4 = 0.4, x = 1 - 0.01 * 2 / sqrt(0.4).
    assert quadratic_run(RMSProp, 1, lr=0.01, beta=0.9, eps=0.0) == pytest.approx([1 - 0.02 / np.sqrt(0.4)])


@pytest.mark.parametrize("grad", [np.array([3.0, -0.02]), np.array([-1e4, 7.0])])
def test_adam_first_step_has_magnitude_lr(grad: np.ndarray) -> None:
    theta = np.zeros(2)
    Adam({"theta": theta}, lr=0.01).step({"theta": grad})
    np.testing.assert_allclose(theta, -0.01 * np.sign(grad), rtol=1e-5)


def test_adam_two_steps_with_bias_correction() -> None:
    theta = np.array([0.0])
    opt = Adam({"theta": theta}, lr=0.1, betas=(0.5, 0.75), eps=0.0)
    opt.step({"theta": np.array([2.0])})
    opt.step({"theta": np.array([1.0])})
    m_hat = (0.5 * 0.5 * 2 + 0.5 * 1) / (1 - 0.25)  # m = 1 then 1; m_hat = 4/3
    v_hat = (0.75 * 0.25 * 4 + 0.25 * 1) / (1 - 0.75**2)  # v = 1 then 1; v_hat = 16/7
    assert theta[0] == pytest.approx(-0.1 - 0.1 * m_hat / np.sqrt(v_hat))


def test_weight_decay_coupled_and_decoupled() -> None:
    # SGD: both forms give (1 - lr lambda) w - lr g.
    for decoupled in (False, True):
        w = np.array([2.0])
        SGD({"w": w}, lr=0.1, weight_decay=0.5, decoupled=decoupled).step({"w": np.array([1.0])})
        assert w[0] == pytest.approx((1 - 0.05) * 2 - 0.1)
    # Adam: coupled decay is rescaled by the adaptive step, AdamW shrinks by exactly (1 - lr lambda).
    coupled, decoupled_w = np.array([2.0]), np.array([2.0])
    Adam({"w": coupled}, lr=0.1, weight_decay=0.5).step({"w": np.array([0.0])})
    AdamW({"w": decoupled_w}, lr=0.1, weight_decay=0.5).step({"w": np.array([0.0])})
    assert coupled[0] == pytest.approx(1.9)
    assert decoupled_w[0] == pytest.approx(2.0 * (1 - 0.05))


def test_optimizers_train_a_small_classifier() -> None:
    rng = np.random.default_rng(50)
    x = rng.standard_normal((32, 2))
    y = (x[:, 0] * x[:, 1] > 0).astype(int)
    for make, kwargs in [(SGD, {"lr": 0.5, "momentum": 0.9}), (Adam, {"lr": 0.05}), (RMSProp, {"lr": 0.01})]:
        net = Sequential(
            Linear(2, 16, rng=np.random.default_rng(1)), Tanh(), Linear(16, 2, rng=np.random.default_rng(2))
        )
        loss, opt = SoftmaxCrossEntropy(), make(net.params, **kwargs)
        first = loss(net(x), y)
        for _ in range(150):
            net.zero_grad()
            loss(net(x), y)
            net.backward(loss.backward())
            opt.step(net.grads)
        assert loss(net(x), y) < 0.5 * first, make.__name__


def test_optimizer_errors() -> None:
    with pytest.raises(ValueError, match="unknown parameters"):
        SGD({"w": np.zeros(1)}, lr=0.1).step({"v": np.zeros(1)})
    with pytest.raises(ValueError, match="lr > 0"):
        Adam({"w": np.zeros(1)}, lr=0.0)
    with pytest.raises(ValueError, match="look-ahead"):
        SGD({"w": np.zeros(1)}, lr=0.1, momentum=0.9, nesterov=True)

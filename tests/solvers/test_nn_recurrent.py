"""RNN and LSTM cells: BPTT against finite differences, PyTorch gate order, catalog E4 / G6."""

import math

import numpy as np
import pytest

from solvers.nn import LSTMCell, RNNCell, gradcheck, relative_error

TOL = 1e-6
T, N, D_IN, H = 3, 2, 3, 4


def rnn_loss_and_grads(
    cell: RNNCell, xs: np.ndarray, h0: np.ndarray, rs: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Unroll, L = sum_t <h_t, r_t>, backpropagate through time: (L, dxs, dh0)."""
    cell.reset()
    h, loss = h0, 0.0
    for x, r in zip(xs, rs, strict=True):
        h = cell(x, h)
        loss += float(np.sum(h * r))
    dxs, dh = np.zeros_like(xs), np.zeros_like(h0)
    for t in reversed(range(len(xs))):
        dxs[t], dh = cell.backward(dh + rs[t])
    return loss, dxs, dh


def lstm_loss_and_grads(
    cell: LSTMCell, xs: np.ndarray, h0: np.ndarray, c0: np.ndarray, rs: np.ndarray, qs: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Unroll, L = sum_t <h_t, r_t> + <c_t, q_t>, backpropagate: (L, dxs, dh0, dc0)."""
    cell.reset()
    h, c, loss = h0, c0, 0.0
    for x, r, q in zip(xs, rs, qs, strict=True):
        h, c = cell(x, (h, c))
        loss += float(np.sum(h * r) + np.sum(c * q))
    dxs, dh, dc = np.zeros_like(xs), np.zeros_like(h0), np.zeros_like(c0)
    for t in reversed(range(len(xs))):
        dxs[t], (dh, dc) = cell.backward((dh + rs[t], dc + qs[t]))
    return loss, dxs, dh, dc


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@pytest.mark.parametrize("bias", ["double", "single", "none"])
def test_rnn_cell_bptt_gradients(nonlinearity: str, bias: str) -> None:
    rng = np.random.default_rng(30)
    cell = RNNCell(D_IN, H, nonlinearity, bias, rng=rng)
    xs, h0, rs = rng.standard_normal((T, N, D_IN)), rng.standard_normal((N, H)), rng.standard_normal((T, N, H))
    cell.zero_grad()
    _, dxs, dh0 = rnn_loss_and_grads(cell, xs, h0, rs)
    analytic = {name: g.copy() for name, g in cell.grads.items()}

    def loss(_: np.ndarray) -> float:
        return rnn_loss_and_grads(cell, xs, h0, rs)[0]

    assert relative_error(dxs, gradcheck(loss, xs)) < TOL
    assert relative_error(dh0, gradcheck(loss, h0)) < TOL
    for name, param in cell.params.items():
        assert relative_error(analytic[name], gradcheck(loss, param)) < TOL, name


@pytest.mark.parametrize("bias", ["double", "single", "none"])
def test_lstm_cell_bptt_gradients(bias: str) -> None:
    rng = np.random.default_rng(31)
    cell = LSTMCell(D_IN, H, bias, rng=rng)
    assert cell.params["weight_ih"].shape == (4 * H, D_IN) and cell.params["weight_hh"].shape == (4 * H, H)
    xs, h0, c0 = rng.standard_normal((T, N, D_IN)), rng.standard_normal((N, H)), rng.standard_normal((N, H))
    rs, qs = rng.standard_normal((T, N, H)), rng.standard_normal((T, N, H))
    cell.zero_grad()
    _, dxs, dh0, dc0 = lstm_loss_and_grads(cell, xs, h0, c0, rs, qs)
    analytic = {name: g.copy() for name, g in cell.grads.items()}

    def loss(_: np.ndarray) -> float:
        return lstm_loss_and_grads(cell, xs, h0, c0, rs, qs)[0]

    for array, grad in ((xs, dxs), (h0, dh0), (c0, dc0)):
        assert relative_error(grad, gradcheck(loss, array)) < TOL
    for name, param in cell.params.items():
        assert relative_error(analytic[name], gradcheck(loss, param)) < TOL, name


def test_lstm_gate_order_is_i_f_g_o() -> None:
    cell = LSTMCell(1, 1, bias="single").set_params(bias=[2.0, -1.0, 0.5, 0.3])
    h, c = cell(np.zeros((1, 1)), (np.zeros((1, 1)), np.full((1, 1), 3.0)))
    sig = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    c_expected = sig(-1.0) * 3.0 + sig(2.0) * math.tanh(0.5)
    assert c[0, 0] == pytest.approx(c_expected)
    assert h[0, 0] == pytest.approx(sig(0.3) * math.tanh(c_expected))


def scalar_relu_rnn(v: float, w: float) -> RNNCell:
    """h_t = ReLU(V h_{t-1} + W x_t), no bias (catalog E4, G6)."""
    return RNNCell(1, 1, "relu", bias="none").set_params(weight_hh=[[v]], weight_ih=[[w]])


def test_e4_scalar_relu_rnn_forward() -> None:
    cell, h, hs = scalar_relu_rnn(-3, 3), np.zeros((1, 1)), []
    for x in (2, 3, 1):
        h = cell(np.array([[x]]), h)
        hs.append(h[0, 0])
    assert hs == [6, 0, 3]


def test_g6_relu_rnn_bptt_catalog_e2() -> None:
    # V = -2, W = 1, h0 = 2, x = (2, 3/2, 4): h = (0, 3/2, 1); dh3/dV = 3/2, dh3/dW = 1, dh3/dx1 = 0.
    cell, h, hs = scalar_relu_rnn(-2, 1), np.full((1, 1), 2.0), []
    for x in (2, 1.5, 4):
        h = cell(np.array([[x]]), h)
        hs.append(h[0, 0])
    assert hs == [0, 1.5, 1]
    dh, dxs = np.ones((1, 1)), []
    for _ in range(3):
        dx, dh = cell.backward(dh)
        dxs.append(dx[0, 0])
    assert cell.grads["weight_hh"][0, 0] == 1.5
    assert cell.grads["weight_ih"][0, 0] == 1.0
    assert dxs[::-1][0] == 0.0


def test_cells_reject_bad_arguments() -> None:
    with pytest.raises(ValueError, match="bias convention"):
        RNNCell(1, 1, bias="both")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="nonlinearity"):
        RNNCell(1, 1, nonlinearity="sigmoid")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="more often than forward"):
        RNNCell(1, 1).backward(np.ones((1, 1)))

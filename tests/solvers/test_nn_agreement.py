"""The NumPy network, the exact scalar graph and the sympy expression answer the same question alike."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from solvers.graph import Node, evaluate_graph
from solvers.nn import Linear, MSELoss, ReLU, Sequential, Sigmoid
from solvers.symbolic import graph_gradient, substitute


def sigmoid_neuron_graph() -> list[Node]:
    """f = sigmoid(w_0 x_0 + w_1 x_1 + b) with a sigmoid node."""
    return [Node(n, "input") for n in ("w_0", "x_0", "w_1", "x_1", "b")] + [
        Node("m_0", "mul", ("w_0", "x_0")),
        Node("m_1", "mul", ("w_1", "x_1")),
        Node("s", "add", ("m_0", "m_1", "b")),
        Node("f", "sigmoid", ("s",)),
    ]


def test_sigmoid_neuron_three_ways() -> None:
    point = {"w_0": 2, "x_0": -1, "w_1": -3, "x_1": -2, "b": -3}  # 001 lecture 3/4
    graph = evaluate_graph(sigmoid_neuron_graph(), point)
    symbolic = {k: float(substitute(e, point)) for k, e in graph_gradient(sigmoid_neuron_graph()).items()}

    neuron = Sequential(Linear(2, 1), Sigmoid()).set_params(**{"0.weight": [[2, -3]], "0.bias": [-3]})
    out = neuron(np.array([[-1.0, -2.0]]))
    dx = neuron.backward(np.ones((1, 1)))
    network = {
        "w_0": neuron.grads["0.weight"][0, 0],
        "w_1": neuron.grads["0.weight"][0, 1],
        "b": neuron.grads["0.bias"][0],
        "x_0": dx[0, 0],
        "x_1": dx[0, 1],
    }
    assert out[0, 0] == pytest.approx(graph.values["f"]) and round(out[0, 0], 2) == 0.73
    for name, value in network.items():
        assert value == pytest.approx(graph.grads[name], rel=1e-12)
        assert value == pytest.approx(symbolic[name], rel=1e-12)


def mlp_graph(hidden: int, inputs: int) -> list[Node]:
    """L = (sum_j v_j ReLU(sum_k W_jk x_k + b_j) + c - t)^2 with every weight an input node."""
    nodes = [Node(f"x_{k}", "input") for k in range(inputs)] + [Node("t", "input"), Node("c", "input")]
    for j in range(hidden):
        nodes += [Node(f"W_{j}{k}", "input") for k in range(inputs)] + [
            Node(f"b_{j}", "input"),
            Node(f"v_{j}", "input"),
        ]
        nodes += [Node(f"p_{j}{k}", "mul", (f"W_{j}{k}", f"x_{k}")) for k in range(inputs)]
        nodes += [
            Node(f"z_{j}", "add", (*(f"p_{j}{k}" for k in range(inputs)), f"b_{j}")),
            Node(f"h_{j}", "relu", (f"z_{j}",)),
            Node(f"o_{j}", "mul", (f"v_{j}", f"h_{j}")),
        ]
    nodes += [
        Node("y", "add", (*(f"o_{j}" for j in range(hidden)), "c")),
        Node("r", "sub", ("y", "t")),
        Node("L", "square", ("r",)),
    ]
    return nodes


@pytest.mark.parametrize("seed", range(5))
def test_relu_mlp_three_ways(seed: int) -> None:
    rng = np.random.default_rng(seed)
    grid = np.array([-1, -0.5, 0, 0.5, 1, 1.5, 2])  # catalog E2 weight grid
    while True:
        w, b, v = rng.choice(grid, (3, 2)), rng.choice(grid, 3), rng.choice(grid, (1, 3))
        c, x, t = rng.choice(grid, 1), rng.choice(grid, (1, 2)), rng.choice(grid, (1, 1))
        z = x @ w.T + b
        if np.all(z != 0) and np.any(z < 0):  # no kink, at least one dead unit
            break
    exact = lambda a: Fraction(str(a))  # noqa: E731  (grid values are exact binary fractions)
    point = {"t": exact(t[0, 0]), "c": exact(c[0])}
    point |= {f"x_{k}": exact(x[0, k]) for k in range(2)}
    for j in range(3):
        point |= {f"W_{j}{k}": exact(w[j, k]) for k in range(2)} | {f"b_{j}": exact(b[j]), f"v_{j}": exact(v[0, j])}
    nodes = mlp_graph(3, 2)
    graph = evaluate_graph(nodes, point)
    symbolic = graph_gradient(nodes)

    net = Sequential(Linear(2, 3), ReLU(), Linear(3, 1)).set_params(
        **{"0.weight": w, "0.bias": b, "2.weight": v, "2.bias": c}
    )
    loss = MSELoss(reduction="sum")
    value = loss(net(x), t)
    dx = net.backward(loss.backward())
    assert value == graph.values["L"]
    assert isinstance(graph.values["L"], (int, Fraction))
    checks = {f"x_{k}": dx[0, k] for k in range(2)} | {"c": net.grads["2.bias"][0]}
    for j in range(3):
        checks |= {f"b_{j}": net.grads["0.bias"][j], f"v_{j}": net.grads["2.weight"][0, j]}
        checks |= {f"W_{j}{k}": net.grads["0.weight"][j, k] for k in range(2)}
    for name, numeric in checks.items():
        assert numeric == graph.grads[name], name
        assert substitute(symbolic[name], point) == sympy.Rational(str(graph.grads[name])), name

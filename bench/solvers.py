"""Throughput of the reference solvers, one line per catalog question type.

Run from anywhere: `python3 bench/solvers.py [--seconds 0.1]`. Inputs are fixed (seed-like
worked examples), so runs are comparable; timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path

# this file is itself called solvers.py: put the repository root first so `solvers` is the package
sys.path[0] = str(Path(__file__).resolve().parents[1])

from solvers import (  # noqa: E402
    activations, architecture, counts, data, forward, gradients, init, losses, matrix_ops, metrics, optim,
    receptive_field, shapes,
)

IMAGE = [[-5, 3, 2, -5, 3], [4, 3, 2, 1, -3], [1, 0, 3, 3, 5], [-2, 0, 1, 4, 4], [5, 6, 7, 9, -1]]
SHARPEN = [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]
POOL_IN = [[3, 1, 3, 5], [6, 0, 7, 9], [3, 2, 1, 4], [0, 2, 4, 3]]
TCONV_K = [[0, 1, 0], [1, 2, 1], [1, 1, 1]]
LECTURE7 = [3.2, 5.1, -1.7]
MLP = [([[1, -1], [F(1, 2), 2]], [0, 1]), ([[1, 1], [2, -1]], [F(1, 2), 0])]
LSTM = {g: forward.GateParams(0.5, -0.5, 0.1) for g in "figo"}
BOXES = [(0, 0, 10, 10), (1, 1, 11, 11), (20, 20, 30, 30), (0, 0, 10, 9)]
KNN_POINTS = [(0, 0), (1, 0), (0, 2), (3, 0), (0, 4), (5, 5), (6, 6)]

CASES: list[tuple[str, str, Callable[[], object]]] = [
    ("A1", "conv2d_output_shape", lambda: shapes.conv2d_output_shape(26, 26, 5, 7, 3, 1)),
    ("A2", "padding_for", lambda: shapes.padding_for(5, "same")),
    ("A3", "pool2d_output_shape", lambda: shapes.pool2d_output_shape(64, 224, 224, 2, 2)),
    ("A4", "flatten_size", lambda: architecture.flatten_size((1, 28, 28), [architecture.Conv(16, 3, 1, 1),
                                                                           architecture.Pool(2)] * 2)),
    ("A5", "conv_weight_shape", lambda: shapes.conv_weight_shape(3, 4, 5)),
    ("A6", "conv_transpose2d_output_size", lambda: shapes.conv_transpose2d_output_size(2, 3, 2, 1)),
    ("A7", "pixel_shuffle_shape", lambda: shapes.pixel_shuffle_shape(9, 7, 7, 3)),
    ("A8", "yolo_output_shape", lambda: shapes.yolo_output_shape(7, 2, 20)),
    ("A9", "digit_sum_distribution", lambda: data.digit_sum_distribution()),
    ("B1", "conv_param_count", lambda: counts.conv_param_count(5, 3, 10)),
    ("B2", "mlp_param_count", lambda: counts.mlp_param_count([64, 10, 5, 3])),
    ("B3", "batchnorm_param_count", lambda: counts.batchnorm_param_count(16)),
    ("B4", "rnn_param_count", lambda: counts.rnn_param_count(3, 5, "lstm", "pytorch")),
    ("B5", "bottleneck_mult_count", lambda: counts.bottleneck_mult_count(5, 200, 16, 92, 32, 32)),
    ("B6", "network_param_count(VGG-16)", lambda: architecture.network_param_count((3, 224, 224),
                                                                                 architecture.vgg_layers("D"))),
    ("B7", "fc_as_conv", lambda: counts.fc_as_conv(1, 28, 28, 100)),
    ("C1", "receptive_field_chain", lambda: receptive_field.receptive_field_chain([(3, 1), (3, 1), (2, 2), (3, 1),
                                                                                  (3, 1)])),
    ("D1", "conv2d", lambda: matrix_ops.conv2d(IMAGE, SHARPEN)),
    ("D2", "conv1d", lambda: matrix_ops.conv1d([4, 3, 2, -5, 3, 5, 2, 5, 5, 6], [F(1, 3)] * 3, "same")),
    ("D3", "pool2d(avg)", lambda: matrix_ops.pool2d(POOL_IN, 2, mode="avg")),
    ("D4", "conv_transpose2d", lambda: matrix_ops.conv_transpose2d([[1, 2], [3, 4]], TCONV_K, 2, 1)),
    ("D5", "upsample_bilinear", lambda: matrix_ops.upsample_bilinear([[1, 2], [3, 4]], 2)),
    ("E1", "linear_model_predict", lambda: forward.linear_model_predict([[-25, 50, 2, 50]],
                                                                         [F("0.2"), F("0.64"), 0, 1, F("0.14")])),
    ("E2", "mlp_forward", lambda: forward.mlp_forward([1, 2], MLP, "leaky_relu", F(1, 2))),
    ("E3", "logistic_decision_boundary", lambda: forward.logistic_decision_boundary(2, 1)),
    ("E4", "scalar_rnn_forward", lambda: forward.scalar_rnn_forward(-3, 3, 0, [2, 3, 1])),
    ("E5", "lstm_step", lambda: forward.lstm_step(1.0, 0.5, -0.5, LSTM)),
    ("E6", "batchnorm_train", lambda: forward.batchnorm_train([1, 3, 5, 7], 2, 1)),
    ("E7", "stacked_dropout_probability", lambda: forward.stacked_dropout_probability(F(1, 2), F(1, 5))),
    ("E8", "scaled_dot_product_attention", lambda: forward.scaled_dot_product_attention([[1, 0]], [[1, 1], [0, 1]],
                                                                                         [[1, 2], [3, 4]])),
    ("E9", "activate(leaky_relu)", lambda: activations.activate("leaky_relu", F(-3), F(1, 10))),
    ("F1", "softmax", lambda: losses.softmax([1, 0, 4])),
    ("F2", "softmax_cross_entropy", lambda: losses.softmax_cross_entropy(LECTURE7, 0)),
    ("F3", "multiclass_hinge", lambda: losses.multiclass_hinge([F("3.2"), F("5.1"), F("-1.7")], 0)),
    ("F4", "binary_hinge", lambda: losses.binary_hinge(-1, F(1, 2))),
    ("F5", "binary_cross_entropy", lambda: losses.binary_cross_entropy([1, 0, 1], [0.9, 0.2, 0.6])),
    ("F6", "l2_loss", lambda: losses.l2_loss([5, -1], [1, 1], "mean")),
    ("F7", "l2_penalty", lambda: losses.l2_penalty([F(1, 4), F(1, 2), F(1, 4)])),
    ("F8", "cross_entropy", lambda: losses.cross_entropy([1, 0], [0.8, 0.2])),
    ("F9", "focal_loss", lambda: losses.focal_loss(0.8, 2)),
    ("G2", "mlp_gradients", lambda: gradients.mlp_gradients([1, 2], [1, 0], MLP, "leaky_relu", F(1, 2))),
    ("G3", "affine_backward", lambda: gradients.affine_backward([[0, 1], [2, 3]], [[1, 1], [1, 1]],
                                                                [[2, 2], [10, 10]])),
    ("G4", "derivative(sigmoid)", lambda: activations.derivative("sigmoid", 0.5)),
    ("G5", "softmax_jacobian", lambda: gradients.softmax_jacobian([1, 0, 4])),
    ("G6", "scalar_rnn_gradients", lambda: gradients.scalar_rnn_gradients(-2, 1, 2, [2, F(3, 2), 4])),
    ("G8", "maxpool2d_backward", lambda: matrix_ops.maxpool2d_backward(POOL_IN, [[1, 2], [3, 4]], 2)),
    ("G9", "numerical_gradient", lambda: gradients.numerical_gradient(lambda t: t[0] ** 2 + 3 * t[1], [1, 2],
                                                                      F(1, 1000))),
    ("H1", "linreg_gd_step", lambda: optim.linreg_gd_step([1, 2, 3], [F(3, 2), 2, F(5, 2)], 0, 0, 1)),
    ("H2", "least_squares", lambda: optim.least_squares([[1], [2], [3]], [F(3, 2), 2, F(5, 2)])),
    ("H3", "quadratic_gd_trajectory", lambda: optim.quadratic_gd_trajectory(1, 5, 1, 3)),
    ("H4", "momentum_step", lambda: optim.momentum_step([F(1)], [F(2)], [F(0)], F(1, 10), F(9, 10))),
    ("H5", "nesterov_step", lambda: optim.nesterov_step([F(1)], [F(-1)], lambda t: [2 * t[0]], F(1, 10), F(1, 2))),
    ("H6", "rmsprop_step", lambda: optim.rmsprop_step([1.0, 2.0], [2.0, -1.0], [0.0, 0.0], 0.01)),
    ("H7", "adam_step", lambda: optim.adam_step([1.0, 1.0], [3.0, -4.0], [0.0, 0.0], [0.0, 0.0], 1, 0.001)),
    ("H8", "weight_decay_step", lambda: optim.weight_decay_step([10], [1], F(1, 10), F(1, 2))),
    ("H9", "inverse_time_decay", lambda: optim.inverse_time_decay(F(1, 10), 1, 3)),
    ("H10", "clip_by_norm", lambda: optim.clip_by_norm([3, 4], 1)),
    ("H11", "iterations_per_epoch", lambda: optim.iterations_per_epoch(2**20, 64)),
    ("H13", "robbins_monro_holds", lambda: optim.robbins_monro_holds(1)),
    ("I1", "init_variance", lambda: init.init_variance(100, "glorot", 300)),
    ("I2", "uniform_init_bound", lambda: init.uniform_init_bound(75)),
    ("I3", "uniform_variance", lambda: init.uniform_variance(-1, 3)),
    ("J1", "confusion_metrics", lambda: metrics.confusion_metrics(8, 2, 4, 86)),
    ("J2", "nms", lambda: metrics.nms(BOXES, [0.9, 0.8, 0.7, 0.95], F(1, 2))),
    ("J3", "top_k_error", lambda: metrics.top_k_error([[0.1, 0.5, 0.2], [0.3, 0.1, 0.4]], [1, 0], 2)),
    ("J4", "auroc", lambda: metrics.auroc([4, 3, 2, 1, 0, 5], [1, 0, 1, 0, 0, 1])),
    ("J5", "knn_classify", lambda: metrics.knn_classify(KNN_POINTS, [0, 2, 2, 2, 2, 1, 1], (0, 1), 5, "l1")),
    ("J6", "split_counts", lambda: data.split_counts(5000)),
]


def calls_per_second(fn: Callable[[], object], seconds: float) -> float:
    """Call `fn` in growing batches until `seconds` have passed; return the rate."""
    calls, batch, start = 0, 1, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(batch):
            fn()
        calls += batch
        batch *= 2
    return calls / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.1, help="time budget per question type")
    args = parser.parse_args()
    print(f"{'type':<5} {'solver':<32} {'calls/s':>12}")
    for qtype, name, fn in CASES:
        print(f"{qtype:<5} {name:<32} {calls_per_second(fn, args.seconds):>12,.0f}")


if __name__ == "__main__":
    main()

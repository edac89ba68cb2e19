"""Batch normalisation: train/eval values, running statistics as in PyTorch, finite differences."""

import numpy as np
import pytest

from solvers.nn import BatchNorm1d, BatchNorm2d, check_module

TOL = 1e-6


def test_bn1d_train_and_eval_known_values() -> None:
    # One feature, batch (3, 3, 7, 7): mean 5, biased variance 4, x_hat = (-1, -1, 1, 1); gamma 2, beta 1, eps 0.
    bn = BatchNorm1d(1, eps=0.0).set_params(weight=[2.0], bias=[1.0])
    x = np.array([[3.0], [3.0], [7.0], [7.0]])
    np.testing.assert_allclose(bn(x)[:, 0], [-1, -1, 3, 3])
    # running <- 0.9 running + 0.1 batch, with the unbiased variance 16/3 for running_var.
    assert bn.running_mean[0] == pytest.approx(0.5)
    assert bn.running_var[0] == pytest.approx(0.9 + 0.1 * 16 / 3)
    out = bn.eval()(x)[:, 0]
    np.testing.assert_allclose(out, 2 * (x[:, 0] - 0.5) / np.sqrt(0.9 + 0.1 * 16 / 3) + 1)


def test_bn_lecture_convention_for_running_statistics() -> None:
    # Lecture: mu_run <- beta_m mu_run + (1 - beta_m) mu_B with beta_m = 0.99, biased variance.
    bn = BatchNorm1d(1, momentum=1 - 0.99, unbiased_running_var=False)
    bn(np.array([[3.0], [3.0], [7.0], [7.0]]))
    assert bn.running_mean[0] == pytest.approx(0.01 * 5)
    assert bn.running_var[0] == pytest.approx(0.99 + 0.01 * 4)


def test_bn2d_statistics_are_per_channel() -> None:
    rng = np.random.default_rng(20)
    x = rng.standard_normal((4, 3, 5, 5)) * np.array([1.0, 3.0, 0.5])[None, :, None, None] + 2.0
    out = BatchNorm2d(3, eps=0.0)(x)
    np.testing.assert_allclose(out.mean(axis=(0, 2, 3)), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=(0, 2, 3)), 1)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize(
    ("layer", "shape"), [(BatchNorm1d, (6, 3)), (BatchNorm1d, (4, 3, 5)), (BatchNorm2d, (3, 3, 4, 2))]
)
def test_bn_gradients(layer: type, shape: tuple[int, ...], training: bool) -> None:
    rng = np.random.default_rng(21)
    bn = layer(3).set_params(weight=rng.uniform(0.5, 2.0, 3), bias=rng.standard_normal(3))
    bn.running_mean, bn.running_var = rng.standard_normal(3), rng.uniform(0.5, 2.0, 3)
    errors = check_module(bn.train(training), rng.standard_normal(shape), rng)
    assert max(errors.values()) < TOL, errors


def test_bn_without_affine_parameters() -> None:
    rng = np.random.default_rng(22)
    bn = BatchNorm1d(2, affine=False)
    assert bn.params == {}
    assert check_module(bn, rng.standard_normal((5, 2)), rng)["input"] < TOL


def test_bn_rejects_wrong_input() -> None:
    with pytest.raises(ValueError, match=r"BatchNorm2d\(3\): got input of shape \(2, 3\)"):
        BatchNorm2d(3)(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        BatchNorm1d(3)(np.zeros((1, 3)))

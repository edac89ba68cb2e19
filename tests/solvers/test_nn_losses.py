"""Losses: gradients against finite differences and the course's worked examples (catalog F2-F6)."""

import math

import numpy as np
import pytest

from solvers.nn import (
    BCELoss,
    L1Loss,
    MSELoss,
    MulticlassHinge,
    SoftmaxCrossEntropy,
    gradcheck,
    relative_error,
    softmax,
)

TOL = 1e-6

# 001 lecture 7: scores of three images (columns cat, car, frog), correct classes cat, car, frog.
LECTURE7_SCORES = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
LECTURE7_LABELS = np.array([0, 1, 2])


@pytest.mark.parametrize(
    ("loss", "targets"),
    [
        (SoftmaxCrossEntropy(), "labels"),
        (SoftmaxCrossEntropy("sum"), "labels"),
        (MulticlassHinge(), "labels"),
        (MulticlassHinge(margin=0.5, reduction="sum"), "labels"),
        (MSELoss(), "real"),
        (MSELoss("sum"), "real"),
        (L1Loss(), "real"),
        (BCELoss(), "binary"),
        (BCELoss("sum"), "binary"),
    ],
    ids=lambda v: v if isinstance(v, str) else f"{type(v).__name__}-{v.reduction}",
)
def test_loss_gradients(loss: object, targets: str) -> None:
    rng = np.random.default_rng(40)
    scores = rng.standard_normal((5, 4))
    target = {
        "labels": rng.integers(0, 4, size=5),
        "real": scores + rng.choice([-1.0, 1.0], size=scores.shape) * rng.uniform(0.1, 1.0, size=scores.shape),
        "binary": rng.integers(0, 2, size=scores.shape).astype(float),
    }[targets]
    if targets == "binary":
        scores = rng.uniform(0.05, 0.95, size=scores.shape)
    loss.forward(scores, target)
    analytic = loss.backward()
    numeric = gradcheck(lambda s: loss.forward(s, target), scores)
    assert relative_error(analytic, numeric) < TOL


def test_cross_entropy_lecture7_example() -> None:
    ce = SoftmaxCrossEntropy(reduction="sum")
    per_sample = [ce(LECTURE7_SCORES[i : i + 1], LECTURE7_LABELS[i : i + 1]) for i in range(3)]
    assert [round(v, 3) for v in per_sample] == [2.040, 0.079, 6.156]
    assert SoftmaxCrossEntropy()(LECTURE7_SCORES, LECTURE7_LABELS) == pytest.approx(sum(per_sample) / 3)
    assert round(sum(per_sample) / 3, 2) == 2.76


def test_hinge_lecture7_example() -> None:
    hinge = MulticlassHinge(reduction="sum")
    per_sample = [hinge(LECTURE7_SCORES[i : i + 1], LECTURE7_LABELS[i : i + 1]) for i in range(3)]
    assert per_sample == pytest.approx([2.9, 0.0, 12.9])
    assert MulticlassHinge()(LECTURE7_SCORES, LECTURE7_LABELS) == pytest.approx(15.8 / 3)


def test_hinge_vs_cross_entropy_models_catalog_e13() -> None:
    models = np.array([[5.0, -3.0, 2.0], [5.0, 10.0, 10.0], [5.0, -20.0, -20.0]])
    labels = np.zeros(1, dtype=int)
    hinge = [MulticlassHinge(reduction="sum")(m[None], labels) for m in models]
    ce = [SoftmaxCrossEntropy(reduction="sum")(m[None], labels) for m in models]
    assert hinge == [0.0, 12.0, 0.0]
    assert ce[0] == pytest.approx(0.0489, abs=1e-4)
    assert ce[1] == pytest.approx(5.70, abs=1e-2)
    assert ce[2] == pytest.approx(2.78e-11, rel=1e-2)


def test_hinge_gradient_at_zero_margin_is_zero() -> None:
    hinge = MulticlassHinge()
    assert hinge(np.array([[1.0, 0.0]]), np.array([0])) == 0.0
    np.testing.assert_array_equal(hinge.backward(), [[0.0, 0.0]])


def test_l2_and_l1_lecture7_residuals() -> None:
    target, prediction = np.zeros(4), np.array([3.0, 4.0, 2.0, 2.0])
    assert MSELoss("sum")(prediction, target) == 33
    assert L1Loss("sum")(prediction, target) == 11
    assert MSELoss()(prediction, target) == 33 / 4


def test_bce_of_an_untrained_network_is_ln2() -> None:
    assert BCELoss()(np.full(6, 0.5), np.array([0, 1, 1, 0, 1, 0.0])) == pytest.approx(math.log(2))
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        BCELoss()(np.array([1.0]), np.array([1.0]))


def test_softmax_is_stable_and_matches_catalog_e8() -> None:
    np.testing.assert_allclose(softmax(np.array([1.0, 0.0, 4.0])), [0.0466, 0.0171, 0.9362], atol=1e-4)
    np.testing.assert_allclose(softmax(np.array([1000.0, 1000.0])), [0.5, 0.5])
    ce = SoftmaxCrossEntropy()
    ce(np.array([[1000.0, 0.0]]), np.array([1]))
    assert np.isfinite(ce.backward()).all()


def test_loss_api_errors() -> None:
    with pytest.raises(ValueError, match="reduction"):
        MSELoss("max")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="before forward"):
        L1Loss().backward()
    with pytest.raises(ValueError, match=r"scores \(N, C\) and labels \(N,\)"):
        SoftmaxCrossEntropy()(np.zeros((2, 3)), np.zeros(3, dtype=int))

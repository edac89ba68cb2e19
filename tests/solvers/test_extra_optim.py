"""Critical learning rates on a quadratic, the L2-regularised gradient and the last minibatch (H3, H8, H11)."""

from fractions import Fraction

import pytest
import sympy as sp

from solvers.extra_optim import l2_regularised_gradient, last_batch_size, quadratic_gd_rates

F = Fraction


@pytest.mark.parametrize("a", [F(1, 2), 1, F(3, 2), 2, 5])
def test_quadratic_rates_match_the_iteration_factor(a: Fraction) -> None:
    rates = quadratic_gd_rates(a)
    assert 1 - 2 * a * rates.one_step == 0  # one step lands on the minimum
    assert abs(1 - 2 * a * rates.limit) == 1  # the boundary: |factor| = 1 oscillates forever
    assert abs(1 - 2 * a * rates.limit * F(99, 100)) < 1 < abs(1 - 2 * a * rates.limit * F(101, 100))


def test_quadratic_rates_stay_exact_and_reject_a_maximum() -> None:
    assert quadratic_gd_rates(1) == (F(1, 2), 1)  # catalog H3: f = x^2 converges iff 0 < lr < 1
    with pytest.raises(ValueError):
        quadratic_gd_rates(0)


def test_l2_gradient_is_the_derivative_of_the_penalised_loss() -> None:
    w1, w2, lam = sp.symbols("w1 w2 lam")
    penalty = lam / 2 * (w1**2 + w2**2)
    point = {w1: F(3, 2), w2: -2, lam: F(1, 10)}
    expected = [sp.Rational(1) + sp.diff(penalty, w1).subs(point), -4 + sp.diff(penalty, w2).subs(point)]
    assert l2_regularised_gradient([F(3, 2), -2], [1, -4], F(1, 10)) == expected
    with pytest.raises(ValueError):
        l2_regularised_gradient([1, 2], [1], F(1, 10))


@pytest.mark.parametrize(("samples", "batch", "last"), [(1000, 64, 40), (1024, 64, 64), (10, 32, 10), (1, 1, 1)])
def test_last_batch_size(samples: int, batch: int, last: int) -> None:
    assert last_batch_size(samples, batch) == last
    assert sum([batch] * ((samples - last) // batch) + [last]) == samples

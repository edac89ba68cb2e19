"""Exact-arithmetic helpers shared by the solvers (solvers.exact)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.exact import div, matmul, plain, solve, sqrt, vector

F = Fraction


def test_division_of_exact_numbers_stays_exact():
    assert div(1, 3) == F(1, 3) and isinstance(div(4, 2), F)
    assert isinstance(div(1.0, 4), float)


def test_sqrt_is_exact_for_rational_squares_only():
    assert sqrt(F(9, 4)) == F(3, 2) and isinstance(sqrt(16), F)
    assert sqrt(2) == pytest.approx(2**0.5) and isinstance(sqrt(2), float)
    with pytest.raises(ValueError):
        sqrt(-1)


def test_numpy_scalars_become_python_numbers():
    values = vector(np.array([1, 2]))
    assert values == [1, 2] and all(type(v) is int for v in values)
    assert type(plain(np.float64(0.5))) is float


@settings(deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_solve_and_matmul_agree_with_numpy(seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(-5, 6, size=(3, 3))
    b = rng.integers(-5, 6, size=3)
    if round(np.linalg.det(a)) == 0:
        return
    x = solve(a, b)
    assert matmul(a, [[v] for v in x]) == [[v] for v in b.tolist()]
    np.testing.assert_allclose([float(v) for v in x], np.linalg.solve(a, b), atol=1e-9)

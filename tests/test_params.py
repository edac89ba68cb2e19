"""Parameter spaces: reproducible draws, `where` filtering, pinned and given values."""

from fractions import Fraction

import pytest

from examgen.errors import ParamError
from examgen.params import Grid, IntRange, OneOf, ListOf, exact_params, sample_params
from examgen.seeding import rng

SPACES = {"n": OneOf([8, 16, 32]), "k": IntRange(1, 7), "h": Grid(-1, 1, Fraction(1, 2))}


def test_draws_are_reproducible_and_respect_where() -> None:
    draws = [sample_params("t", SPACES, lambda p: p.k % 2 == 1, rng(seed)) for seed in range(50)]
    assert draws == [sample_params("t", SPACES, lambda p: p.k % 2 == 1, rng(seed)) for seed in range(50)]
    assert all(p.k % 2 == 1 and p.n in (8, 16, 32) and p.h in (-1, Fraction(-1, 2), 0, Fraction(1, 2), 1) for p in draws)
    assert len({(p.n, p.k, p.h) for p in draws}) > 20


def test_pinned_values_stay_and_are_validated() -> None:
    assert all(sample_params("t", SPACES, None, rng(s), {"k": 3}).k == 3 for s in range(10))
    with pytest.raises(ParamError, match="'k' = 9 is not allowed; it must be an integer from 1 to 7"):
        sample_params("t", SPACES, None, rng(0), {"k": 9})
    with pytest.raises(ParamError, match="unknown parameter 'stride'"):
        sample_params("t", SPACES, None, rng(0), {"stride": 1})


def test_unsatisfiable_where_is_reported() -> None:
    with pytest.raises(ParamError, match="no parameter set satisfied"):
        sample_params("t", SPACES, lambda p: False, rng(0))


def test_exact_params_reads_json_values() -> None:
    params = exact_params("t", SPACES, None, {"n": 16, "k": 3, "h": "1/2"})
    assert params.h == Fraction(1, 2) and params.to_json() == {"n": 16, "k": 3, "h": "1/2"}
    with pytest.raises(ParamError, match="missing parameter"):
        exact_params("t", SPACES, None, {"n": 16})
    with pytest.raises(ParamError, match="violate"):
        exact_params("t", SPACES, lambda p: p.k > 5, {"n": 16, "k": 3, "h": 0})


def test_vector_space() -> None:
    space = ListOf(IntRange(0, 3), 3)
    value = space.draw(rng(1))
    assert len(value) == 3 and space.contains(value)
    assert space.coerce([1, 2, 3]) == (1, 2, 3) and not space.contains((1, 2))


def test_variable_length_list() -> None:
    space = ListOf(IntRange(0, 3), 2, up_to=4)
    lengths = {len(space.draw(rng(seed))) for seed in range(50)}
    assert lengths == {2, 3, 4}
    assert space.contains((1, 2)) and not space.contains((1,)) and not space.contains((1, 2, 3, 0, 1))

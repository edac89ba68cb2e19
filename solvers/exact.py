"""Exact-arithmetic helpers shared by the solvers: number types, exact division and square roots,
nested-list linear algebra, and conversion of numpy scalars to Python numbers."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from fractions import Fraction

Exact = int | Fraction
Number = int | Fraction | float
Vector = list[Number]
Matrix = list[list[Number]]


def is_exact(x: object) -> bool:
    """True for ints and Fractions (also numpy integers), False for floats."""
    return isinstance(x, numbers.Rational)


def plain(x: Number) -> Number:
    """Turn numpy scalars into the matching Python number; leave Python numbers alone."""
    if type(x) in (int, Fraction, float):
        return x
    if isinstance(x, numbers.Integral):
        return int(x)
    if isinstance(x, numbers.Rational):
        return Fraction(x)
    if isinstance(x, numbers.Real):
        return float(x)
    raise TypeError(f"expected a real number, got {x!r}")


def vector(values: Iterable[Number]) -> Vector:
    """A list of plain Python numbers (accepts lists, tuples and numpy arrays)."""
    return [plain(v) for v in values]


def matrix(rows: Iterable[Iterable[Number]]) -> Matrix:
    """A rectangular list of lists of plain Python numbers."""
    result = [vector(row) for row in rows]
    if not result or not result[0] or any(len(row) != len(result[0]) for row in result):
        raise ValueError("a matrix must be non-empty and rectangular")
    return result


def div(a: Number, b: Number) -> Number:
    """a / b, as a Fraction when both are exact (so 1/3 stays 1/3)."""
    if is_exact(a) and is_exact(b):
        return Fraction(a) / Fraction(b)
    return a / b


def sqrt(x: Number) -> Number:
    """Square root: exact for squares of rationals (9/4 -> 3/2), a float otherwise."""
    if x < 0:
        raise ValueError(f"square root of a negative number: {x}")
    if is_exact(x):
        q = Fraction(x)
        num, den = math.isqrt(q.numerator), math.isqrt(q.denominator)
        if num * num == q.numerator and den * den == q.denominator:
            return Fraction(num, den)
    return math.sqrt(x)


def dot(a: Sequence[Number], b: Sequence[Number]) -> Number:
    """Inner product that keeps exact numbers exact."""
    if len(a) != len(b):
        raise ValueError(f"length mismatch: {len(a)} vs {len(b)}")
    return sum((x * y for x, y in zip(a, b)), start=0)


def matmul(a: Sequence[Sequence[Number]], b: Sequence[Sequence[Number]]) -> Matrix:
    """Matrix product of nested lists, exact for exact entries."""
    columns = list(zip(*b))
    if len(a[0]) != len(columns[0]):
        raise ValueError(f"cannot multiply {len(a)}x{len(a[0])} by {len(b)}x{len(b[0])}")
    return [[dot(row, col) for col in columns] for row in a]


def transpose(a: Sequence[Sequence[Number]]) -> Matrix:
    """Transpose of a nested-list matrix."""
    return [list(col) for col in zip(*a)]


def solve(a: Sequence[Sequence[Number]], b: Sequence[Number]) -> Vector:
    """Solve the square system A x = b by Gauss-Jordan elimination (exact for exact entries)."""
    n = len(a)
    rows = [[*row, rhs] for row, rhs in zip(matrix(a), vector(b), strict=True)]
    if any(len(row) != n + 1 for row in rows):
        raise ValueError("A must be square and match b")
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        if rows[pivot][col] == 0:
            raise ValueError("the system is singular")
        rows[col], rows[pivot] = rows[pivot], rows[col]
        lead = rows[col][col]
        rows[col] = [div(v, lead) for v in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [v - factor * p for v, p in zip(rows[r], rows[col])]
    return [row[-1] for row in rows]

"""Vector and matrix answers, exact (ints/fractions) or real with a tolerance per entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from examgen.answers.exact import exact_json
from examgen.answers.numbers import latex_number
from examgen.answers.real import Real


def _entry_json(value: Any, decimals: int | None) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    return exact_json(value) if decimals is None else Real(decimals).to_json(value)


def _rows(value: Any) -> list[list[Any]]:
    rows = [list(row) for row in value]
    if not rows or any(len(row) != len(rows[0]) or not row for row in rows):
        raise ValueError(f"a matrix needs equally long, non-empty rows, got {value!r}")
    return rows


def _tolerance(decimals: int | None, rel_tol: float, abs_tol: float | None) -> dict[str, float] | None:
    return None if decimals is None else Real(decimals, rel_tol, abs_tol).tolerance()


@dataclass(frozen=True)
class Vector:
    """A list of numbers; exact when `decimals` is None, else real with a per-entry tolerance."""

    decimals: int | None = None
    rel_tol: float = 0.01
    abs_tol: float | None = None
    name: str = "vector"

    def to_json(self, value: Any) -> list[Any]:
        entries = list(value)
        if not entries:
            raise ValueError("a vector answer needs at least one entry")
        return [_entry_json(v, self.decimals) for v in entries]

    def latex(self, value: Any) -> str:
        return "(" + ",\\ ".join(latex_number(v, self.decimals) for v in value) + ")"

    def tolerance(self) -> dict[str, float] | None:
        return _tolerance(self.decimals, self.rel_tol, self.abs_tol)


@dataclass(frozen=True)
class Matrix:
    """A matrix (list of rows); exact when `decimals` is None, else real with a per-entry tolerance."""

    decimals: int | None = None
    rel_tol: float = 0.01
    abs_tol: float | None = None
    name: str = "matrix"

    def to_json(self, value: Any) -> list[list[Any]]:
        return [[_entry_json(v, self.decimals) for v in row] for row in _rows(value)]

    def latex(self, value: Any) -> str:
        body = r" \\ ".join(" & ".join(latex_number(v, self.decimals) for v in row) for row in _rows(value))
        return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"

    def tolerance(self) -> dict[str, float] | None:
        return _tolerance(self.decimals, self.rel_tol, self.abs_tol)

"""Vector and matrix answers, exact (ints/fractions) or real with a tolerance per entry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from examgen.answers.exact import exact_json
from examgen.answers.numbers import latex_number
from examgen.answers.parsing import (Reading, Unreadable, as_fraction, normalize, parse_number, show_number,
                                     split_entries, strip_brackets)
from examgen.answers.real import Real

ROW_GROUP = re.compile(r"[\[(]([^\[\]()]*)[\])]")
ROW_SEPARATOR = re.compile(r"\s*(?:;|\n|\\\\)\s*")


def _entry_json(value: Any, decimals: int | None) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    return exact_json(value) if decimals is None else Real(decimals).to_json(value)


def _rows(value: Any) -> list[list[Any]]:
    rows = [list(row) for row in value]
    if not rows or any(len(row) != len(rows[0]) or not row for row in rows):
        raise ValueError(f"a matrix needs equally long, non-empty rows, got {value!r}")
    return rows


def _numbers(entries: Sequence[str], decimal_comma: bool) -> tuple[Fraction, ...]:
    if not entries:
        raise Unreadable("no entries")
    return tuple(parse_number(entry, decimal_comma) for entry in entries)


def _show(entries: Sequence[Fraction | str], brackets: str = "()") -> str:
    return brackets[0] + ", ".join(v if isinstance(v, str) else show_number(v) for v in entries) + brackets[1]


def _matrix_rows(text: str, decimal_comma: bool) -> list[tuple[Fraction, ...]]:
    """Rows in brackets ([[1,2],[3,4]]), or separated by ';', new lines or \\\\ (1 2; 3 4)."""
    body = strip_brackets(normalize(text))
    groups = ROW_GROUP.findall(body)
    if groups and ROW_GROUP.sub("", body).strip(" ,;\n"):
        raise Unreadable(f"'{body}' mixes bracketed rows with other text")
    rows = groups or ROW_SEPARATOR.split(body)
    return [_numbers(split_entries(row.replace("&", " "), decimal_comma), decimal_comma)
            for row in rows if row.strip()]


def _tolerance(decimals: int | None, rel_tol: float, abs_tol: float | None) -> dict[str, float] | None:
    return None if decimals is None else Real(decimals, rel_tol, abs_tol).tolerance()


def _entries_match(kind: Vector | Matrix, got: Sequence[Fraction], want: Sequence[Any]) -> bool:
    if len(got) != len(want):
        return False
    if kind.decimals is None:
        return all(g == as_fraction(w) for g, w in zip(got, want))
    real = Real(kind.decimals, kind.rel_tol, kind.abs_tol)
    return all(real.accepts(g, as_fraction(w)) for g, w in zip(got, want))


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

    def parse(self, text: str, decimal_comma: bool = False) -> Reading:
        """Numbers in optional brackets, separated by commas, ';' or spaces: (1, 3/2), [1 2 3], 1; -2.
        With a decimal comma, separate entries by ';', spaces or a comma followed by a space."""
        body = re.sub(r"[\[\](){}]", " ", strip_brackets(normalize(text)))
        value = _numbers(split_entries(body, decimal_comma), decimal_comma)
        return Reading(value, _show(value))

    def score(self, value: tuple[Fraction, ...], expected: Any) -> float:
        """1 if every entry matches (exactly, or within the tolerance), else 0."""
        return float(_entries_match(self, value, expected))


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

    def parse(self, text: str, decimal_comma: bool = False) -> Reading:
        """Rows as [[1,2],[3,4]], [1,2];[3,4], 1 2; 3 4, one row per line, or 1 & 2 \\\\ 3 & 4."""
        rows = _matrix_rows(text, decimal_comma)
        if not rows:
            raise Unreadable("no entries")
        if len({len(row) for row in rows}) > 1:
            raise Unreadable("rows of different lengths: " + ", ".join(str(len(row)) for row in rows))
        return Reading(tuple(rows), _show([_show(row, "[]") for row in rows], "[]"))

    def score(self, value: tuple[tuple[Fraction, ...], ...], expected: Any) -> float:
        """1 if the shape and every entry match (exactly, or within the tolerance), else 0."""
        return float(len(value) == len(expected) and all(_entries_match(self, got, want)
                                                          for got, want in zip(value, expected)))

"""Formatting of exact and rounded numbers as LaTeX."""

from __future__ import annotations

from fractions import Fraction
from numbers import Real as RealNumber


def latex_number(value: RealNumber, decimals: int | None = None) -> str:
    """An int, a Fraction (as \\frac) or a float rounded to `decimals`, with a real minus sign."""
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction) and decimals is None:
        if value.denominator == 1:
            return str(value.numerator)
        sign = "-" if value < 0 else ""
        return rf"{sign}\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    text = f"{float(value):.{2 if decimals is None else decimals}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


def plain_number(value: RealNumber) -> str:
    """A number as plain text: ints as is, Fractions as p/q, floats in shortest round-trip form."""
    if isinstance(value, Fraction):
        return str(value)
    return repr(value) if isinstance(value, float) else str(value)

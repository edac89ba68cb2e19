"""Forgiving reading of what students write: shared normalisation and number syntax.

Rules (documented in the README, section Grading):
- Unicode is normalised first: full-width digits and letters become ASCII (NFKC), superscripts become
  powers (``10⁻³`` -> ``10^(-3)``), the minus sign and dashes become ``-``, ``×``, ``·``, ``⋅`` become ``*``,
  ``÷`` and fraction slashes become ``/``, all kinds of spaces become one space.
- Numbers are read exactly (as fractions of what was written): ``1234``, ``-0.25``, ``.5``, ``3/2``,
  ``1.2e6``, ``1.2*10^6``, ``1.2 × 10⁶``, ``10^-3``.
- Thousands may be grouped with commas, dots, spaces or apostrophes (``1,234,567``, ``1 234 567``,
  ``1'234'567``). The exam's decimal mark (a point, or a comma with ``decimal_comma``) is a decimal mark when
  it appears once; the other mark is a thousands separator when it forms groups of three digits and a
  decimal mark otherwise (``2,5`` is 2.5 in any exam, ``1,234`` is 1234 in an exam with a decimal point).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Any


class Unreadable(ValueError):
    """The text cannot be read as the expected kind of answer (status invalid; goes to the review list)."""


@dataclass(frozen=True)
class Reading:
    """What a student's text was read as: the value, and how that value is shown back to them."""

    value: Any
    shown: str


SUPERSCRIPT = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
               "⁹": "9", "⁻": "-", "⁺": "+", "ᵀ": "T"}
SUPERSCRIPT_RUN = re.compile("[" + "".join(SUPERSCRIPT) + "]+")
SYMBOLS = str.maketrans({
    "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\ufe63": "-",
    "\u00d7": "*", "\u00b7": "*", "\u22c5": "*", "\u2219": "*", "\u2715": "*",
    "\u00f7": "/", "\u2044": "/", "\u2215": "/",
    "\u2019": "'", "\u2032": "'",
})
SPACES = re.compile(r"[^\S\n]+")

DIGITS = re.compile(r"[0-9]")
POWER_OF_TEN = re.compile(r"^(?:(?P<m>.*?)\s*[*xX]\s*)?10\s*\^\s*[({]?\s*(?P<e>[+-]?\d+)\s*[)}]?$")
E_NOTATION = re.compile(r"^(?P<m>[^eE]*\d[^eE]*)[eE](?P<e>[+-]?\d+)$")
PLAIN = re.compile(r"^[0-9.,' ]+$")


def normalize(text: str) -> str:
    """Unicode variants to ASCII, superscripts to powers, one space between words, lines kept."""
    text = SUPERSCRIPT_RUN.sub(lambda m: _superscript(m.group()), text)
    text = unicodedata.normalize("NFKC", text).translate(SYMBOLS)
    lines = (SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _superscript(run: str) -> str:
    plain = "".join(SUPERSCRIPT[c] for c in run)
    return "^T" if plain == "T" else f"^({plain})"


def parse_number(text: str, decimal_comma: bool = False) -> Fraction:
    """The exact value of a written number (see the module docstring for what is accepted)."""
    text = normalize(text)
    if not text:
        raise Unreadable("empty")
    if "/" in text:
        numerator, _, denominator = text.partition("/")
        top, bottom = _scaled(numerator, decimal_comma), _scaled(denominator, decimal_comma)
        if bottom == 0:
            raise Unreadable(f"'{text}' divides by zero")
        return top / bottom
    return _scaled(text, decimal_comma)


def _scaled(text: str, decimal_comma: bool) -> Fraction:
    """A decimal number, optionally times a power of ten."""
    text = text.strip()
    sign = -1 if text.startswith("-") else 1
    body = text[1:].strip() if text[:1] in "+-" else text
    power = POWER_OF_TEN.match(body)
    match = power or E_NOTATION.match(body)
    if match:
        exponent = int(match.group("e"))
        if abs(exponent) > 300:
            raise Unreadable(f"'{text}': exponent {exponent} is out of range")
        mantissa = match.group("m")
        value = _scaled(mantissa, decimal_comma) if mantissa else Fraction(1)
        return sign * value * Fraction(10) ** exponent
    return sign * _decimal(body, decimal_comma)


def _decimal(text: str, decimal_comma: bool) -> Fraction:
    """Digits with an optional decimal mark and thousands separators."""
    if not PLAIN.match(text) or not DIGITS.search(text):
        raise Unreadable(f"'{text}' is not a number")
    mark = _decimal_mark(text, decimal_comma)
    whole, _, fraction = text.rpartition(mark) if mark else (text, "", "")
    digits = _grouped(whole, text)
    if not fraction.isdigit() and fraction:
        raise Unreadable(f"'{text}' is not a number")
    return Fraction(int(digits + fraction or "0"), 10 ** len(fraction))


def _decimal_mark(text: str, decimal_comma: bool) -> str:
    """Which character of `text` is its decimal mark ("" if none)."""
    own, other = (",", ".") if decimal_comma else (".", ",")
    if own in text and other in text:
        return own if text.rindex(own) > text.rindex(other) else other
    for mark in (own, other):
        if text.count(mark) == 1 and (mark == own or not _is_grouped(text.replace(mark, "'"))):
            return mark
    return ""


def _is_grouped(text: str) -> bool:
    try:
        _grouped(text, text)
    except Unreadable:
        return False
    return True


def _grouped(whole: str, text: str) -> str:
    """The digits of an integer part that may use one kind of thousands separator correctly."""
    separators = set(whole) - set("0123456789")
    if not separators:
        return whole
    if len(separators) > 1:
        raise Unreadable(f"'{text}' mixes thousands separators")
    groups = whole.split(separators.pop())
    first_ok = 1 <= len(groups[0]) <= 3 and groups[0].isdigit() and groups[0][0] != "0"
    if not first_ok or any(len(g) != 3 or not g.isdigit() for g in groups[1:]):
        raise Unreadable(f"'{text}': thousands must be grouped in threes, like 1,234,567")
    return "".join(groups)


def show_number(value: Fraction | int | float) -> str:
    """A number as plain text: integers as is, terminating fractions as decimals, others as p/q."""
    if isinstance(value, float):
        return repr(value)
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    places = _decimal_places(value.denominator)
    if places is None or places > 12:
        return str(value)
    scaled = abs(value.numerator) * 10**places // value.denominator
    digits = str(scaled).rjust(places + 1, "0")
    return ("-" if value < 0 else "") + digits[:-places] + "." + digits[-places:]


def _decimal_places(denominator: int) -> int | None:
    twos = fives = 0
    while denominator % 2 == 0:
        denominator, twos = denominator // 2, twos + 1
    while denominator % 5 == 0:
        denominator, fives = denominator // 5, fives + 1
    return max(twos, fives) if denominator == 1 else None


def as_fraction(value: Any) -> Fraction:
    """An expected value from the key (int, float or "p/q") as an exact fraction (floats as printed)."""
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}


def strip_brackets(text: str) -> str:
    """`text` without brackets that enclose all of it (and without a trailing transpose mark)."""
    text = re.sub(r"\s*\^\s*T$|(?<=[)\]])\s*T$", "", text.strip())
    while len(text) >= 2 and BRACKETS.get(text[0]) == text[-1] and _encloses(text):
        text = text[1:-1].strip()
    return text


def _encloses(text: str) -> bool:
    """Whether the first bracket of `text` closes at its last character."""
    depth = 0
    for i, char in enumerate(text):
        depth += char in BRACKETS
        depth -= char in BRACKETS.values()
        if depth == 0:
            return i == len(text) - 1
    return False


def split_entries(text: str, decimal_comma: bool = False) -> list[str]:
    """The entries of a flat list: separated by ';', spaces, and ',' (a comma only before a space when the
    comma is the decimal mark)."""
    text = re.sub(r"\s*([/^*])\s*", r"\1", text)
    separator = r"[;\s]+|,\s+" if decimal_comma else r"[,;\s]+"
    return [entry for entry in re.split(separator, text.strip()) if entry]

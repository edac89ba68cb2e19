"""Parameter spaces of question templates, and sampling with `where` rejection."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol

import numpy as np

from examgen.errors import ParamError

MAX_DRAWS = 2000


class Space(Protocol):
    """A set of values one parameter can take."""

    def draw(self, rng: np.random.Generator) -> Any: ...

    def contains(self, value: Any) -> bool: ...

    def coerce(self, raw: Any) -> Any: ...

    def describe(self) -> str: ...


def to_json(value: Any) -> Any:
    """Parameter value -> JSON (Fractions as "p/q" strings, tuples as lists)."""
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else value.numerator
    if isinstance(value, (tuple, list)):
        return [to_json(v) for v in value]
    return value


def _exact(raw: Any) -> Any:
    """Read a JSON scalar as an exact number where possible."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, Fraction)):
        return raw
    if isinstance(raw, float):
        return Fraction(raw).limit_denominator(10**6) if raw == raw else raw
    if isinstance(raw, (list, tuple)):
        return tuple(_exact(v) for v in raw)
    if isinstance(raw, str):
        try:
            value = Fraction(raw.strip())
        except ValueError:
            return raw
        return value.numerator if value.denominator == 1 else value
    return raw


@dataclass(frozen=True)
class OneOf:
    """One of a fixed list of values."""

    values: tuple[Any, ...]

    def __init__(self, values: Sequence[Any]) -> None:
        if not values:
            raise ValueError("OneOf needs at least one value")
        object.__setattr__(self, "values", tuple(values))

    def draw(self, rng: np.random.Generator) -> Any:
        return self.values[int(rng.integers(len(self.values)))]

    def contains(self, value: Any) -> bool:
        return value in self.values

    def coerce(self, raw: Any) -> Any:
        return _exact(raw)

    def describe(self) -> str:
        return "one of " + ", ".join(str(to_json(v)) for v in self.values)


@dataclass(frozen=True)
class IntRange:
    """An integer from lo to hi, both included."""

    lo: int
    hi: int

    def draw(self, rng: np.random.Generator) -> int:
        return int(rng.integers(self.lo, self.hi + 1))

    def contains(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.lo <= value <= self.hi

    def coerce(self, raw: Any) -> Any:
        return _exact(raw)

    def describe(self) -> str:
        return f"an integer from {self.lo} to {self.hi}"


@dataclass(frozen=True)
class Grid:
    """An exact value lo, lo + step, ..., hi (Fractions, so halves stay halves)."""

    lo: Fraction
    hi: Fraction
    step: Fraction
    values: tuple[Any, ...] = field(init=False, repr=False, compare=False)

    def __init__(self, lo: Any, hi: Any, step: Any) -> None:
        object.__setattr__(self, "lo", Fraction(lo))
        object.__setattr__(self, "hi", Fraction(hi))
        object.__setattr__(self, "step", Fraction(step))
        if self.step <= 0 or self.hi < self.lo:
            raise ValueError("Grid needs lo <= hi and a positive step")
        count = int((self.hi - self.lo) / self.step) + 1
        object.__setattr__(self, "values", tuple(self._normal(self.lo + self.step * i) for i in range(count)))

    def _count(self) -> int:
        return len(self.values)

    def draw(self, rng: np.random.Generator) -> Fraction:
        return self.values[int(rng.integers(len(self.values)))]

    @staticmethod
    def _normal(value: Fraction) -> Any:
        return value.numerator if value.denominator == 1 else value

    def contains(self, value: Any) -> bool:
        if not isinstance(value, (int, Fraction)) or isinstance(value, bool):
            return False
        offset = (Fraction(value) - self.lo) / self.step
        return offset.denominator == 1 and 0 <= offset < self._count()

    def coerce(self, raw: Any) -> Any:
        return _exact(raw)

    def describe(self) -> str:
        return f"a multiple of {self.step} from {self.lo} to {self.hi}"


@dataclass(frozen=True)
class ListOf:
    """A tuple of n independent draws from one space; with `up_to`, of n to up_to draws (length drawn first)."""

    space: Space
    n: int
    up_to: int | None = None

    def _lengths(self) -> range:
        return range(self.n, (self.up_to if self.up_to is not None else self.n) + 1)

    def draw(self, rng: np.random.Generator) -> tuple[Any, ...]:
        length = self.n if self.up_to is None else int(rng.integers(self.n, self.up_to + 1))
        return tuple(self.space.draw(rng) for _ in range(length))

    def contains(self, value: Any) -> bool:
        return (
            isinstance(value, tuple) and len(value) in self._lengths() and all(self.space.contains(v) for v in value)
        )

    def coerce(self, raw: Any) -> Any:
        if isinstance(raw, (list, tuple)):
            return tuple(self.space.coerce(v) for v in raw)
        return raw

    def describe(self) -> str:
        count = str(self.n) if self.up_to is None else f"{self.n} to {self.up_to}"
        return f"a list of {count} values, each {self.space.describe()}"


class Params(Mapping[str, Any]):
    """Drawn parameter values, readable as p.name or p["name"]."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Params({self._values!r})"

    def to_json(self) -> dict[str, Any]:
        return {name: to_json(value) for name, value in self._values.items()}


Where = Callable[[Params], bool]


def check_fixed(qid: str, spaces: Mapping[str, Space], fixed: Mapping[str, Any]) -> dict[str, Any]:
    """Validate pinned values (from a spec's options or --params) against their spaces."""
    checked: dict[str, Any] = {}
    for name, raw in fixed.items():
        if name not in spaces:
            known = ", ".join(spaces) or "none"
            raise ParamError(f"{qid}: unknown parameter '{name}' (parameters: {known})")
        value = spaces[name].coerce(raw)
        if not spaces[name].contains(value):
            raise ParamError(
                f"{qid}: parameter '{name}' = {to_json(raw)!r} is not allowed; it must be {spaces[name].describe()}"
            )
        checked[name] = value
    return checked


def sample_params(
    qid: str,
    spaces: Mapping[str, Space],
    where: Where | None,
    rng: np.random.Generator,
    fixed: Mapping[str, Any] | None = None,
) -> Params:
    """Draw every parameter in declaration order until `where` accepts the set."""
    pinned = check_fixed(qid, spaces, fixed or {})
    for _ in range(MAX_DRAWS):
        values = {name: pinned[name] if name in pinned else space.draw(rng) for name, space in spaces.items()}
        params = Params(values)
        if where is None or where(params):
            return params
    raise ParamError(
        f"{qid}: no parameter set satisfied the template's `where` condition in {MAX_DRAWS} draws"
        + (f" with {to_json(dict(pinned))}" if pinned else "")
        + "; widen the parameter spaces or relax the pinned options"
    )


def exact_params(
    qid: str, spaces: Mapping[str, Space], where: Where | None, given: Mapping[str, Any]
) -> Params:
    """Params given in full (preview --params): every value present, allowed, and `where`-valid."""
    missing = [name for name in spaces if name not in given]
    if missing:
        raise ParamError(f"{qid}: missing parameter(s) {', '.join(missing)}; give every one of: {', '.join(spaces)}")
    params = Params({name: value for name, value in check_fixed(qid, spaces, given).items()})
    params = Params({name: params[name] for name in spaces})
    if where is not None and not where(params):
        raise ParamError(f"{qid}: the parameters {params.to_json()} violate the template's `where` condition")
    return params


@dataclass(frozen=True)
class MatrikelDigits:
    """The last `count` digits of the student's Matrikelnummer, read right to left.

    In an exam the pipeline pins this parameter from the roster; previews and practice sheets draw digits."""

    count: int

    def draw(self, rng: np.random.Generator) -> tuple[int, ...]:
        return tuple(int(d) for d in rng.integers(0, 10, self.count))

    def contains(self, value: Any) -> bool:
        return (isinstance(value, tuple) and len(value) == self.count
                and all(isinstance(d, int) and 0 <= d <= 9 for d in value))

    def coerce(self, raw: Any) -> Any:
        return tuple(raw) if isinstance(raw, list) else raw

    def describe(self) -> str:
        return f"a list of {self.count} digits (0-9)"

    def from_matrikel(self, matrikel: str) -> tuple[int, ...]:
        """The digits this student's exam uses (missing digits count as 0)."""
        digits = [int(c) for c in reversed(matrikel) if c.isdigit()]
        return tuple((digits + [0] * self.count)[: self.count])

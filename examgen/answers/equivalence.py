"""Whether a student's expression equals the expected one as a function: numeric probing and symbolic proof.

- Symbolic: ``simplify(student - expected) == 0``, also after rewriting tanh and friends in terms of exp.
- Numeric: both expressions are evaluated (by our own mpmath evaluator over the sympy tree, 30 digits) at
  210 points drawn from symmetric ranges (uniform in [-5, 5], in [-0.5, 0.5], and integers in [-3, 3]), and
  just left and right (1e-3, 1e-6 and 1e-9 away) of every kink: each Max, Min, Abs and floor of either
  expression is located along lines through the variable space (the variable itself when there is one) by
  scanning and bisection. Values agree within a relative 1e-9 plus an absolute 1e-12; points where either
  side is undefined, complex or beyond 1e300 are skipped; a mismatch is confirmed at 80 digits before it
  counts. Fewer than 20 usable points leave the question undecided.

A confirmed counterexample means "wrong"; a symbolic proof or agreement at all points means "correct".
Each stage runs in a worker process that is killed when its time is up, so no expression can hang the
grader: a time-out yields "undecided", never "wrong". Points come from a fixed seed, so a verdict is
reproducible (appeals months later get the same answer).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import mpmath
import numpy as np
import sympy

REL_TOL = 1e-9
ABS_TOL = 1e-12
MIN_VALID_POINTS = 20
KINK_OFFSETS = (1e-3, 1e-6, 1e-9)
DIGITS = 30
CONFIRM_DIGITS = 80
SEED = 20240611
_LARGE = mpmath.mpf(10) ** 300
_EXP_LIMIT = 690
_OVERHEAD = 0.1  # seconds kept back for starting, killing and joining workers
_SCAN = np.linspace(-6.0, 6.0, 121)
_MAX_KINKS = 24
_MAX_CROSSINGS = 6
_LINES = 4

Point = dict[str, mpmath.mpf]
Evaluator = Callable[[Point], mpmath.mpf]


@dataclass(frozen=True)
class Verdict:
    """correct | wrong | undecided, how it was decided, and for "wrong" a point where the two differ."""

    status: str
    method: str
    counterexample: dict[str, float] | None = None
    student_value: float | None = None
    expected_value: float | None = None


def equivalent(student: sympy.Expr, expected: sympy.Expr, variables: Iterable[str],
               time_limit: float = 1.0) -> Verdict:
    """Whether `student` equals `expected` for all real values of the variables (`variables` orders them in
    a counterexample); returns within about `time_limit` seconds.

    The numeric probe runs first (it usually takes well under 0.2 s): a confirmed counterexample settles
    "wrong" without waiting for simplify. Otherwise a symbolic proof in the time that is left makes it
    "correct" (method "symbolic"), and failing that the probe's verdict stands: "correct" when all points
    agree, "undecided" when too few points were usable or the probe did not finish in time.
    """
    start = time.monotonic()
    symbols = [s for s in student.free_symbols | expected.free_symbols if isinstance(s, sympy.Symbol)]
    used = {s.name for s in symbols}
    names = [v for v in variables if v in used] + sorted(used.difference(variables))
    real = {s: sympy.Symbol(s.name, real=True) for s in symbols}
    student_real, expected_real = student.xreplace(real), expected.xreplace(real)
    if student_real == expected_real:
        return Verdict("correct", "identical")
    numeric = _in_worker(_probe, (student, expected, names), max(time_limit - _OVERHEAD, 0.0))
    if isinstance(numeric, Verdict) and numeric.status == "wrong":
        return numeric
    remaining = time_limit - (time.monotonic() - start) - _OVERHEAD
    if remaining > 0.05 and _in_worker(_symbolic_zero, (student_real, expected_real), remaining) is True:
        return Verdict("correct", "symbolic")
    if isinstance(numeric, Verdict):
        return numeric
    return Verdict("undecided", f"time limit: neither check finished in {time_limit:g} s")


def _in_worker(function: Callable[..., Any], args: tuple[Any, ...], time_limit: float) -> Any:
    """function(*args) in a child process; None when it fails or does not answer in time (it is killed)."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_answer, args=(sender, function, args), daemon=True)
    process.start()
    sender.close()
    try:
        return receiver.recv() if receiver.poll(time_limit) else None
    except EOFError:
        return None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()


def _answer(sender: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """Worker side: send function(*args), or None if it raised."""
    try:
        result = function(*args)
    except Exception:  # any failure of sympy on odd input means "not decided here"
        result = None
    sender.send(result)
    sender.close()


def _symbolic_zero(student: sympy.Expr, expected: sympy.Expr) -> bool:
    """Whether sympy can simplify the difference to 0 (directly, or with everything written via exp)."""
    difference = student - expected
    rewritten = difference.rewrite(sympy.exp)
    if difference == 0 or sympy.simplify(rewritten) == 0:
        return True
    return rewritten != difference and sympy.simplify(difference) == 0


# ---------------------------------------------------------------- numeric probing


class _Undefined(ArithmeticError):
    """The expression has no finite real value at this point."""


class _Unsupported(ValueError):
    """The expression uses something the numeric evaluator does not know."""


def _probe(student: sympy.Expr, expected: sympy.Expr, names: Sequence[str]) -> Verdict:
    """Compare the two expressions at random points and around every kink."""
    try:
        left, right = _evaluator(student), _evaluator(expected)
        kinks = _kinks([student, expected])
    except _Unsupported as exc:
        return Verdict("undecided", f"numeric check impossible: cannot evaluate {exc}")
    rng = np.random.default_rng(SEED)
    valid = 0
    with mpmath.workdps(DIGITS):
        candidates = [(p, "random point") for p in _random_points(rng, names)]
        candidates += [(p, "kink probe") for p in _kink_points(rng, names, kinks)]
        for point, where in candidates:
            a, b = _value(left, point), _value(right, point)
            if a is None or b is None:
                continue
            valid += 1
            if not _close(a, b) and _confirmed(left, right, point):
                return Verdict("wrong", f"numeric: differs at a {where}",
                               {name: float(v) for name, v in point.items()}, float(a), float(b))
    if valid < MIN_VALID_POINTS:
        return Verdict("undecided", f"numeric: only {valid} points where both sides are defined")
    return Verdict("correct", f"numeric: equal at {valid} points")


def _close(a: mpmath.mpf, b: mpmath.mpf) -> bool:
    return bool(abs(a - b) <= REL_TOL * max(abs(a), abs(b)) + ABS_TOL)


def _confirmed(left: Evaluator, right: Evaluator, point: Point) -> bool:
    """Whether a mismatch survives evaluation with many more digits (rules out cancellation)."""
    with mpmath.workdps(CONFIRM_DIGITS):
        a, b = _value(left, point), _value(right, point)
        return a is not None and b is not None and not _close(a, b)


def _value(evaluator: Evaluator, point: Point) -> mpmath.mpf | None:
    try:
        return evaluator(point)
    except (_Undefined, ZeroDivisionError):
        return None


def _random_points(rng: np.random.Generator, names: Sequence[str]) -> list[Point]:
    """210 points: 120 uniform in [-5, 5], 50 uniform in [-0.5, 0.5], 40 integer points in [-3, 3]."""
    n = len(names)
    rows = np.vstack([rng.uniform(-5, 5, (120, n)), rng.uniform(-0.5, 0.5, (50, n)),
                      rng.integers(-3, 4, (40, n)).astype(float)])
    return [{name: mpmath.mpf(float(v)) for name, v in zip(names, row)} for row in rows]


def _kink_points(rng: np.random.Generator, names: Sequence[str],
                 kinks: Sequence[Callable[[Point], Hashable]]) -> list[Point]:
    """Points just left and right of where a kink's piece changes, along lines through the variable space."""
    n = len(names)
    if n == 0 or not kinks:
        return []
    if n == 1:
        lines = [(np.zeros(1), np.ones(1))]
    else:
        directions = rng.normal(size=(_LINES, n))
        lines = [(rng.uniform(-1, 1, n), d / np.linalg.norm(d)) for d in directions]
    points: list[Point] = []
    for base, direction in lines:
        def at(t: mpmath.mpf, base: np.ndarray = base, direction: np.ndarray = direction) -> Point:
            return {name: mpmath.mpf(float(b)) + t * float(d) for name, b, d in zip(names, base, direction)}
        for piece in kinks:
            for root in _crossings(piece, at):
                points += [at(root + side * offset) for offset in KINK_OFFSETS for side in (-1, 1)]
    return points


def _crossings(piece: Callable[[Point], Hashable], at: Callable[[mpmath.mpf], Point]) -> list[mpmath.mpf]:
    """Parameters t where piece(at(t)) changes on [-6, 6], located by scanning and bisection."""
    def piece_at(t: mpmath.mpf) -> Hashable:
        try:
            return piece(at(t))
        except (_Undefined, ZeroDivisionError):
            return None
    grid = [mpmath.mpf(float(t)) for t in _SCAN]
    pieces = [piece_at(t) for t in grid]
    changes = [i for i in range(len(grid) - 1) if None not in pieces[i:i + 2] and pieces[i] != pieces[i + 1]]
    changes = changes[:: max(1, len(changes) // _MAX_CROSSINGS)][:_MAX_CROSSINGS]
    roots = []
    for i in changes:
        low, high = grid[i], grid[i + 1]
        for _ in range(45):
            middle = (low + high) / 2
            if piece_at(middle) == pieces[i]:
                low = middle
            else:
                high = middle
        roots.append((low + high) / 2)
    return roots


def _kinks(expressions: Iterable[sympy.Expr]) -> list[Callable[[Point], Hashable]]:
    """For each Max, Min, Abs and floor with variables: a function naming the piece a point lies in."""
    nodes = {node for expr in expressions for node in sympy.preorder_traversal(expr)
             if isinstance(node, (sympy.Max, sympy.Min, sympy.Abs, sympy.floor)) and node.free_symbols}
    pieces: list[Callable[[Point], Hashable]] = []
    for node in sorted(nodes, key=sympy.default_sort_key)[:_MAX_KINKS]:
        args = [_evaluator(arg) for arg in node.args]
        if isinstance(node, (sympy.Max, sympy.Min)):
            choose = max if isinstance(node, sympy.Max) else min
            pieces.append(lambda p, args=args, choose=choose: _argbest(choose, [a(p) for a in args]))
        elif isinstance(node, sympy.Abs):
            pieces.append(lambda p, arg=args[0]: mpmath.sign(arg(p)) >= 0)
        else:
            pieces.append(lambda p, arg=args[0]: int(mpmath.floor(arg(p))))
    return pieces


def _argbest(choose: Callable[..., Any], values: list[mpmath.mpf]) -> int:
    return values.index(choose(values))


# ---------------------------------------------------------------- the evaluator


def _finite(value: mpmath.mpf) -> mpmath.mpf:
    if not mpmath.isfinite(value) or abs(value) > _LARGE:
        raise _Undefined
    return value


def _power(base: mpmath.mpf, exponent: mpmath.mpf) -> mpmath.mpf:
    if base == 0:
        if exponent <= 0:
            raise _Undefined
        return mpmath.mpf(0)
    whole = mpmath.isint(exponent)
    if base < 0 and not whole:
        raise _Undefined
    if exponent * mpmath.log(abs(base)) > _EXP_LIMIT:
        raise _Undefined
    return _finite(base ** int(exponent) if whole else mpmath.power(base, exponent))


def _exp(u: mpmath.mpf) -> mpmath.mpf:
    if u > _EXP_LIMIT:
        raise _Undefined
    return mpmath.exp(u)


def _log(u: mpmath.mpf) -> mpmath.mpf:
    if u <= 0:
        raise _Undefined
    return mpmath.log(u)


def _product(values: Iterable[mpmath.mpf]) -> mpmath.mpf:
    result = mpmath.mpf(1)
    for value in values:
        result = _finite(result * value)
    return result


_UNARY: dict[type, Callable[[mpmath.mpf], mpmath.mpf]] = {
    sympy.exp: _exp, sympy.log: _log, sympy.tanh: mpmath.tanh, sympy.Abs: abs, sympy.floor: mpmath.floor,
}


def _evaluator(expr: sympy.Basic) -> Evaluator:
    """A function from a point (variable name -> mpf) to the value of `expr` at the current mpmath precision;
    raises _Undefined where the value is not a finite real number."""
    if isinstance(expr, sympy.Symbol):
        name = expr.name
        return lambda point: point[name]
    if isinstance(expr, sympy.Rational):
        p, q = int(expr.p), int(expr.q)
        return lambda point: mpmath.mpf(p) / q
    if isinstance(expr, sympy.Float):
        number = mpmath.mpmathify(expr)
        return lambda point: number
    if expr is sympy.E or expr is sympy.pi:
        constant = mpmath.e if expr is sympy.E else mpmath.pi
        return lambda point: +constant
    children = [_evaluator(arg) for arg in expr.args]
    if isinstance(expr, sympy.Add):
        return lambda point: _finite(mpmath.fsum(child(point) for child in children))
    if isinstance(expr, sympy.Mul):
        return lambda point: _product(child(point) for child in children)
    if isinstance(expr, sympy.Pow):
        base, exponent = children
        return lambda point: _power(base(point), exponent(point))
    if isinstance(expr, (sympy.Max, sympy.Min)):
        choose = max if isinstance(expr, sympy.Max) else min
        return lambda point: choose(child(point) for child in children)
    unary = _UNARY.get(type(expr))
    if unary is None or len(children) != 1:
        raise _Unsupported(type(expr).__name__)
    child = children[0]
    return lambda point: _finite(unary(child(point)))

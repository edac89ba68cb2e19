"""Hostile and broken answers end as invalid / missing within a second each, and nothing in them ever runs."""

from __future__ import annotations

import builtins
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sympy
from hostile_expressions import HEAVY, HOSTILE, SENTINEL

from examgen.answers.expression import Expression

KIND = Expression(("x", "y"))
EXPECTED = KIND.to_json(sympy.diff(1 / (1 + sympy.exp(-sympy.Symbol("x"))), sympy.Symbol("x")))
WALL_LIMIT = 1.0


@pytest.fixture
def tripwires(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Make every way of running code leave a mark in a file (also from forked workers) and fail."""
    marker = tmp_path / "executed"

    def trip(name: str) -> Callable[..., Any]:
        def tripped(*args: Any, **kwargs: Any) -> Any:
            with marker.open("a", encoding="utf-8") as out:
                out.write(f"{name}{args!r}\n")
            raise RuntimeError(f"{name} was called")
        return tripped

    for module, name in [(os, "system"), (os, "popen"), (os, "execv"), (os, "execve"), (os, "execvp"),
                         (os, "spawnv"), (subprocess, "Popen"), (subprocess, "run"), (subprocess, "call"),
                         (subprocess, "check_output")]:
        monkeypatch.setattr(module, name, trip(f"{module.__name__}.{name}"))

    def guarded(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def call(source: Any, *args: Any, **kwargs: Any) -> Any:
            if SENTINEL in str(source):
                trip(name)(source)
            return original(source, *args, **kwargs)
        return call

    for name in ("eval", "exec", "compile", "__import__"):
        monkeypatch.setattr(builtins, name, guarded(name, getattr(builtins, name)))
    yield marker
    assert not marker.exists(), marker.read_text(encoding="utf-8")


def test_the_corpus_is_large_and_varied() -> None:
    assert len(HOSTILE) >= 200
    assert max(len(raw) for raw in HOSTILE) >= 10_000
    assert any("\x00" in raw for raw in HOSTILE) and any("__import__" in raw for raw in HOSTILE)


def test_tripwires_would_catch_execution(tripwires: Path) -> None:
    with pytest.raises(RuntimeError):
        os.system(f"echo {SENTINEL}")
    assert tripwires.exists()
    tripwires.unlink()


def test_hostile_inputs_are_refused_quickly_and_nothing_runs(tripwires: Path) -> None:
    slow, accepted = [], []
    worst = 0.0
    for raw in HOSTILE:
        start = time.perf_counter()
        fraction, status, feedback, _ = KIND.score(raw, EXPECTED)
        elapsed = time.perf_counter() - start
        worst = max(worst, elapsed)
        if elapsed >= WALL_LIMIT:
            slow.append((raw[:60], elapsed))
        if status not in ("invalid", "missing", "undecided") or fraction != 0.0 or not feedback:
            accepted.append((raw[:60], status))
    print(f"{len(HOSTILE)} hostile inputs, slowest {worst:.3f} s")
    assert not slow
    assert not accepted


def test_heavy_valid_inputs_finish_in_time_and_nothing_runs(tripwires: Path) -> None:
    worst = 0.0
    for raw in HEAVY:
        start = time.perf_counter()
        fraction, status, _, reading = KIND.score(raw, EXPECTED)
        elapsed = time.perf_counter() - start
        worst = max(worst, elapsed)
        assert elapsed < WALL_LIMIT, (raw[:60], elapsed)
        assert status in ("correct", "wrong", "undecided") and reading, (raw[:60], status)
    print(f"{len(HEAVY)} heavy inputs, slowest {worst:.3f} s")

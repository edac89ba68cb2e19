"""`examgen selftest` passes on the bank and catches the faults it promises to catch."""

from __future__ import annotations

from fractions import Fraction

from examgen.answers import Exact, Integer
from examgen.params import IntRange
from examgen.question import Part, question
from examgen.registry import load_registry
from examgen.selftest import check_template

from conftest import run_cli


def make(solver, params=None, where=None, prompt=r"n = \VAR{n}"):
    return question(qid="t.t", version=1, topic="t", title="t", params=params or {"n": IntRange(1, 50)}, where=where,
                    parts=[Part("a", Exact())], prompt=prompt, solution="ok")(solver)


def test_bank_passes_selftest() -> None:
    result = run_cli("selftest", "--seeds", "200")
    assert result.exit_code == 0, result.output
    count = len(list(load_registry()))
    assert f"{count} of {count} templates passed (200 seeds each)" in result.stdout


def test_whole_bank_compiles() -> None:
    result = run_cli("selftest", "--seeds", "20", "--compile")
    assert result.exit_code == 0, result.output
    count = len(list(load_registry()))
    assert f"{count} of {count} templates passed (20 seeds each, compiled)" in result.stdout


def test_unclean_and_nonfinite_answers_fail() -> None:
    report = check_template(make(lambda p: {"a": Fraction(1, 997) * p.n}), range(30))
    assert any("unclean denominator" in f for f in report.failures)
    report = check_template(make(lambda p: {"a": 10**9 + p.n}), range(30))
    assert any("too large" in f for f in report.failures)


def test_unsatisfiable_sampling_and_render_errors_fail() -> None:
    report = check_template(make(lambda p: {"a": p.n}, where=lambda p: False), range(3))
    assert len(report.failures) >= 3 and "no parameter set satisfied" in report.failures[0]
    report = check_template(make(lambda p: {"a": p.n}, prompt=r"\VAR{missing}"), range(3))
    assert "does not render: 'missing' is undefined" in report.failures[0]


def test_too_few_variants_fail() -> None:
    template = question(qid="t.t", version=1, topic="t", title="t", params={"n": IntRange(1, 2)},
                        parts=[Part("a", Integer())], prompt="x", solution="y")(lambda p: {"a": p.n})
    report = check_template(template, range(100))
    assert report.failures == ["only 2 distinct variants in 100 seeds (want 20)"]


def test_selftest_exit_code_for_unknown_template() -> None:
    result = run_cli("selftest", "no.such_template")
    assert result.exit_code == 1 and "unknown question id" in result.stderr


MC_FILE = """qid = "mc.{stem}"
version = 1
title = "t"
stem = "Which?"
show = 4
[[options]]
id = "a"
text = "Same words"
correct = true
[[options]]
id = "b"
text = "{b_text}"
correct = false
[[options]]
id = "c"
text = "Third"
correct = false
[[options]]
id = "d"
text = "Fourth"
correct = true
[[options]]
id = "e"
text = "Fifth"
correct = false
"""


def test_duplicate_and_bunched_choice_options_fail(tmp_path) -> None:
    import dataclasses

    from examgen.multiple_choice import load_choice_question

    path = tmp_path / "dup.toml"
    path.write_text(MC_FILE.format(stem="dup", b_text="Same words"))
    report = check_template(load_choice_question(path), range(40))
    assert any("duplicate options shown" in f for f in report.failures)

    path = tmp_path / "bunched.toml"
    path.write_text(MC_FILE.format(stem="bunched", b_text="Second"))
    template = load_choice_question(path)
    space = template.params["shown"]

    class CorrectFirst:
        """A broken draw that always prints the correct options first."""

        def draw(self, rng):
            ids = list(space.draw(rng))
            return tuple(sorted(ids, key=lambda oid: not space.by_id()[oid].correct))

        def __getattr__(self, name):
            return getattr(space, name)

    broken = dataclasses.replace(template, params={"shown": CorrectFirst()})
    assert not check_template(template, range(200)).failures
    assert any("correct options bunched: positions ['A'" in f for f in check_template(broken, range(200)).failures)


def test_reserved_parameter_names_are_refused() -> None:
    import pytest

    from examgen.errors import BankError

    with pytest.raises(BankError, match="parameter name\\(s\\) p are reserved"):
        question(qid="t.t", version=1, topic="t", title="t", params={"p": IntRange(0, 1)},
                 parts=[Part("a", Integer())], prompt="x", solution="y")

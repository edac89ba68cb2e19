"""A LaTeX failure names the student, question id and seed, and a failed build leaves nothing behind."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest

from examgen.answers import Integer
from examgen.errors import LatexError
from examgen.output import write_build
from examgen.params import IntRange
from examgen.pipeline import build_batch
from examgen.question import Part, question
from examgen.registry import Registry
from examgen.spec import Student, load_spec

BROKEN_SPEC = """[exam]
id = "broken"
title = "Broken"
course = "DL"
examiner = "X"
date = 2026-08-03
start = "08:00"
duration_minutes = 60

[[problems]]
title = "Fine"
[[problems.slots]]
question = "test.fine"

[[problems]]
title = "Broken"
[[problems.slots]]
question = "test.broken"
"""


def template(qid: str, prompt: str):
    @question(qid=qid, version=1, topic="test", title=qid, params={"n": IntRange(1, 9)},
              parts=[Part("n", Integer())], prompt=prompt, solution=r"It is \VAR{n}.")
    def solve(p):
        return {"n": p.n}
    return solve


def test_latex_error_names_student_question_seed_and_lines(tmp_path: Path) -> None:
    spec_path = tmp_path / "exam.toml"
    spec_path.write_text(BROKEN_SPEC, encoding="utf-8")
    registry = Registry(MappingProxyType({
        "test.fine": template("test.fine", r"Take $n = \VAR{n}$."),
        "test.broken": template("test.broken", r"Take $n = \VAR{n}$ and \thismacrodoesnotexist."),
    }))
    students = [Student(f"1000{i}", f"Student {i}") for i in range(25)]  # two LaTeX runs
    batch = build_batch(load_spec(spec_path), registry, b"0123456789abcdef-secret", students)
    out = tmp_path / "out"
    with pytest.raises(LatexError) as caught:
        write_build(batch, out, pdf=True, jobs=2, force=False)
    message = str(caught.value)
    first = batch.exams[0].problems[1].questions[0].solved.variant
    assert "student 10000, question test.broken, seed " + str(first.seed) in message
    assert "Undefined control sequence" in message and r"\thismacrodoesnotexist" in message
    assert not out.exists() and list(tmp_path.iterdir()) == [spec_path]

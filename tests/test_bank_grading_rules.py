"""Across the whole bank: known mistakes differ from the right answers, and follow-up formulas in the answer key,
read by the grading's own safe evaluator, give each right answer back from the right earlier answers."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest

from examgen.grading.followup import followup_expected
from examgen.registry import load_registry
from examgen.render.key import followup_entry
from examgen.pipeline import PlacedPart, PlacedQuestion

TEMPLATES = {t.qid: t for t in load_registry() if t.kind == "computational"}


def as_numbers(value: Any) -> Any:
    """A key value (int, "p/q" string, float, or a list of them) as a Fraction or a tuple of Fractions."""
    if isinstance(value, list):
        return tuple(as_numbers(v) for v in value)
    return Fraction(value) if not isinstance(value, float) else Fraction(value)


def as_floats(value: Any) -> Any:
    return [float(v) for v in value] if isinstance(value, (list, tuple)) else float(value)


def placed(template, solved) -> PlacedQuestion:
    parts = tuple(PlacedPart(f"P1.{chr(97 + i)}", chr(97 + i), part, part.points, solved.answers[part.name])
                  for i, part in enumerate(template.parts))
    return PlacedQuestion("P1.1", template, solved, parts)


@pytest.mark.parametrize("qid", sorted(TEMPLATES))
def test_mistakes_differ_and_followups_reproduce_the_answers(qid: str) -> None:
    template = TEMPLATES[qid]
    kinds = {part.name: part.kind for part in template.parts}
    for seed in range(60):
        solved = template.solve(template.draw(seed))
        for name, mistakes in solved.mistakes.items():
            right = kinds[name].to_json(solved.answers[name])
            assert all(kinds[name].to_json(m.value) != right for m in mistakes), (seed, name)
        question = placed(template, solved)
        labels = {p.part.name: p.label for p in question.parts}
        for name in solved.followups:
            rule = json.loads(json.dumps(followup_entry(question, name)))  # exactly what the key stores
            earlier = {labels[d]: as_numbers(kinds[d].to_json(solved.answers[d]))
                       for d in solved.followups[name].depends_on}
            expected = as_numbers(kinds[name].to_json(solved.answers[name]))
            got = followup_expected(rule, earlier)
            assert got is not None and as_floats(got) == pytest.approx(as_floats(expected)), (seed, name, rule)

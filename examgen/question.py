"""The authoring API: @question, Part, and the values that flow from template to key."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from examgen.answers import AnswerKind
from examgen.errors import BankError
from examgen.params import Params, Space, Where, exact_params, sample_params
from examgen.seeding import rng

Solver = Callable[[Params], Mapping[str, Any]]
RESERVED_NAMES = frozenset({"p", "work", "answers", "solutions", "mistakes", "followups"})


@dataclass(frozen=True)
class Part:
    """One gradable sub-answer of a question; `points` are weights within the question."""

    name: str
    kind: AnswerKind
    points: float = 1.0
    label: str = ""
    space_cm: float = 2.0


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer to a part: named feedback and an optional share of the part's points."""

    name: str
    value: Any
    feedback: str
    credit: float = 0.0


@dataclass(frozen=True)
class FollowUp:
    """How a part follows from earlier parts of the same question, for follow-up-error credit.

    `formula` is a sympy expression (a sequence of them for shape/vector answers) in Symbols named after the
    earlier parts, or `<part>_<i>` for entry i (from 1) of an earlier shape/vector answer."""

    depends_on: tuple[str, ...]
    formula: Any


@dataclass(frozen=True)
class Variant:
    """One drawn instance of a template."""

    qid: str
    version: int
    seed: int | None
    params: Params


@dataclass(frozen=True)
class SolvedQuestion:
    """A variant with its expected answers (by part name) and the worked values for solutions."""

    variant: Variant
    answers: Mapping[str, Any]
    work: Mapping[str, Any]
    mistakes: Mapping[str, tuple[Mistake, ...]] = field(default_factory=dict)
    followups: Mapping[str, FollowUp] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionTemplate:
    """A parametric question: spaces to draw from, typed parts, prompt, worked solution, solver."""

    qid: str
    version: int
    topic: str
    title: str
    params: Mapping[str, Space]
    where: Where | None
    parts: tuple[Part, ...]
    prompt: str
    solution: str
    solver: Solver
    kind: str = "computational"
    data: Mapping[str, Any] = field(default_factory=dict)

    def draw(self, seed: int, fixed: Mapping[str, Any] | None = None) -> Variant:
        """The variant for a seed (parameters pinned by `fixed` stay as given)."""
        params = sample_params(self.qid, self.params, self.where, rng(seed), fixed)
        return Variant(self.qid, self.version, seed, params)

    def with_params(self, given: Mapping[str, Any]) -> Variant:
        """The variant for fully given parameters (an examiner reproducing a known instance)."""
        return Variant(self.qid, self.version, None, exact_params(self.qid, self.params, self.where, given))

    def solve(self, variant: Variant) -> SolvedQuestion:
        """Run the solver and check that every part has a well-typed answer (and well-typed known mistakes)."""
        result = dict(self.solver(variant.params))
        missing = [part.name for part in self.parts if part.name not in result]
        if missing:
            raise BankError(f"{self.qid}: the solver returned no answer for part(s) {', '.join(missing)}")
        answers = {part.name: result.pop(part.name) for part in self.parts}
        mistakes = {name: tuple(found) for name, found in result.get("mistakes", {}).items()}
        followups = dict(result.get("followups", {}))
        where = f"{self.qid} (seed {variant.seed}, params {variant.params.to_json()})"
        names = [part.name for part in self.parts]
        for part in self.parts:
            try:
                part.kind.to_json(answers[part.name])
                for mistake in mistakes.get(part.name, ()):
                    part.kind.to_json(mistake.value)
            except (TypeError, ValueError) as exc:
                raise BankError(f"{where}: part '{part.name}': {exc}") from None
        for name, followup in followups.items():
            if name not in names or any(d not in names[: names.index(name)] for d in followup.depends_on):
                raise BankError(f"{where}: follow-up of '{name}' must depend on earlier parts, got {followup.depends_on}")
        return SolvedQuestion(variant, MappingProxyType(answers), MappingProxyType(result),
                              MappingProxyType(mistakes), MappingProxyType(followups))


def question(
    *,
    qid: str,
    version: int,
    topic: str,
    title: str,
    params: Mapping[str, Space],
    parts: Sequence[Part],
    prompt: str,
    solution: str,
    where: Where | None = None,
) -> Callable[[Solver], QuestionTemplate]:
    """Turn a solver function into a QuestionTemplate (the registry finds it in its module)."""
    names = [part.name for part in parts]
    if len(set(names)) != len(names):
        raise BankError(f"{qid}: part names must be unique, got {names}")
    clash = sorted(RESERVED_NAMES & set(params))
    if clash:
        raise BankError(f"{qid}: parameter name(s) {', '.join(clash)} are reserved in prompts; rename them")

    def wrap(solver: Solver) -> QuestionTemplate:
        return QuestionTemplate(
            qid=qid, version=version, topic=topic, title=title, params=dict(params), where=where,
            parts=tuple(parts), prompt=prompt, solution=solution, solver=solver,
        )

    return wrap

"""Multiple-choice questions as data: a TOML file per question, a pool of true and false statements."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from examgen.answers import ChoiceValue, MultipleChoice
from examgen.answers.choice import LETTERS
from examgen.bank_data import field, read_question_file
from examgen.errors import BankError
from examgen.params import Params
from examgen.question import Part, QuestionTemplate

ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
DEFAULT_POINTS = 2.0

PROMPT = r"""\VAR{stem}
\begin{examgenchoices}
\BLOCK{for option in options}
\examgenchoice{\VAR{option.letter}}{\BLOCK{if solutions and option.correct}\examgenchecked\BLOCK{else}\examgenunchecked\BLOCK{endif}}{\VAR{option.text}}
\BLOCK{endfor}
\end{examgenchoices}"""

SOLUTION = r"""Correct: \VAR{choice_letters}.
\begin{examgenchoices}
\BLOCK{for option in options}
\BLOCK{if option.correct}\examgentrue\BLOCK{else}\examgenfalse\BLOCK{endif}{\VAR{option.letter}}{\VAR{option.text}}{\VAR{option.why}}
\BLOCK{endfor}
\end{examgenchoices}"""


@dataclass(frozen=True)
class Option:
    """One statement of the pool."""

    oid: str
    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class OptionDraw:
    """A parameter space: `show` distinct options of the pool, in the order printed."""

    pool: tuple[Option, ...]
    show: int
    min_correct: int
    max_correct: int

    def _ok(self, ids: tuple[str, ...]) -> bool:
        correct = sum(1 for oid in ids if self.by_id()[oid].correct)
        return self.min_correct <= correct <= self.max_correct

    def by_id(self) -> dict[str, Option]:
        return {option.oid: option for option in self.pool}

    def draw(self, rng: np.random.Generator) -> tuple[str, ...]:
        while True:
            picked = rng.permutation(len(self.pool))[: self.show]
            ids = tuple(self.pool[int(i)].oid for i in picked)
            if self._ok(ids):
                return ids

    def contains(self, value: Any) -> bool:
        ids = self.by_id()
        return (
            isinstance(value, tuple)
            and len(value) == self.show
            and len(set(value)) == self.show
            and all(oid in ids for oid in value)
            and self._ok(value)
        )

    def coerce(self, raw: Any) -> Any:
        return tuple(raw) if isinstance(raw, list) else raw

    def describe(self) -> str:
        return (
            f"a list of {self.show} distinct option ids from {', '.join(o.oid for o in self.pool)} "
            f"with {self.min_correct} to {self.max_correct} correct ones"
        )


def _options(data: Mapping[str, Any], path: Path) -> tuple[Option, ...]:
    raw = data.get("options")
    if not isinstance(raw, list) or not raw:
        raise BankError(f"{path}: needs a list of [[options]] tables")
    options = []
    for index, entry in enumerate(raw, start=1):
        where = f"option {index}: "
        oid = field(entry, "id", str, path, where)
        if not ID_PATTERN.match(oid):
            raise BankError(f"{path}: {where}id '{oid}' must use only a-z, 0-9 and _")
        options.append(
            Option(oid, field(entry, "text", str, path, where), field(entry, "correct", bool, path, where),
                   str(entry.get("why", "")))
        )
    ids = [o.oid for o in options]
    dupes = sorted({oid for oid in ids if ids.count(oid) > 1})
    if dupes:
        raise BankError(f"{path}: option ids must be unique, repeated: {', '.join(dupes)}")
    return tuple(options)


def load_choice_question(path: Path) -> QuestionTemplate:
    """Read one MC question file and turn it into a template whose only parameter is the drawn options."""
    data, qid = read_question_file(path, "mc")
    pool = _options(data, path)
    show = int(data.get("show", 4))
    n_true = sum(o.correct for o in pool)
    space = OptionDraw(pool, show, int(data.get("min_correct", 0)), int(data.get("max_correct", show)))
    if not 2 <= show <= min(len(pool), len(LETTERS)):
        raise BankError(f"{path}: show = {show} must be between 2 and the pool size {len(pool)}")
    if n_true < space.min_correct or len(pool) - n_true < show - space.max_correct:
        raise BankError(f"{path}: the pool cannot give {space.min_correct}..{space.max_correct} correct of {show}")
    stem = field(data, "stem", str, path)

    def solve(params: Params) -> dict[str, Any]:
        by_id = space.by_id()
        shown = [by_id[oid] for oid in params.shown]
        options = [
            {"letter": LETTERS[i], "id": o.oid, "text": o.text, "correct": o.correct, "why": o.why}
            for i, o in enumerate(shown)
        ]
        value = ChoiceValue(tuple(params.shown), frozenset(o.oid for o in shown if o.correct))
        letters = value.letters()
        return {"choice": value, "stem": stem, "options": options,
                "choice_letters": ", ".join(letters) if letters else "none"}

    return QuestionTemplate(
        qid=qid, version=field(data, "version", int, path), topic=str(data.get("topic", "mc")),
        title=field(data, "title", str, path), params={"shown": space}, where=None,
        parts=(Part("choice", MultipleChoice(), points=float(data.get("points", DEFAULT_POINTS)),
                    label="multiple choice", space_cm=0),),
        prompt=PROMPT, solution=SOLUTION, solver=solve, kind="multiple_choice",
    )

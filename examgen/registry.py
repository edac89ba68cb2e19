"""Finds the question bank's templates: Python modules with @question, and the MC data files."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from examgen.errors import BankError
from examgen.multiple_choice import load_choice_question
from examgen.open_question import load_open_question
from examgen.question import QuestionTemplate

BANK_PACKAGE = "question_bank"


@dataclass(frozen=True)
class Registry:
    """All templates by question id."""

    templates: Mapping[str, QuestionTemplate]

    def get(self, qid: str) -> QuestionTemplate:
        try:
            return self.templates[qid]
        except KeyError:
            close = difflib.get_close_matches(qid, list(self.templates), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else "; `examgen list` shows every id"
            raise BankError(f"unknown question id '{qid}'{hint}") from None

    def __iter__(self):
        return iter(sorted(self.templates.values(), key=lambda t: t.qid))


def _module_templates() -> Iterable[QuestionTemplate]:
    package = importlib.import_module(BANK_PACKAGE)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{BANK_PACKAGE}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, QuestionTemplate):
                yield value


DATA_FOLDERS = {"mc": load_choice_question, "open": load_open_question}


def _data_templates() -> Iterable[QuestionTemplate]:
    for folder_name, load in DATA_FOLDERS.items():
        folder = resources.files(BANK_PACKAGE) / folder_name
        if folder.is_dir():
            for entry in sorted(folder.iterdir(), key=lambda e: e.name):
                if entry.name.endswith(".toml"):
                    yield load(Path(str(entry)))


@cache
def load_registry() -> Registry:
    """Collect every template (once per process: the bank is immutable); duplicate ids are an error."""
    found: dict[str, QuestionTemplate] = {}
    for template in [*_module_templates(), *_data_templates()]:
        if template.qid in found:
            raise BankError(f"question id '{template.qid}' is defined twice")
        found[template.qid] = template
    return Registry(MappingProxyType(found))

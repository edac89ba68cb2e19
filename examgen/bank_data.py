"""Reading the bank's data files (multiple-choice and open questions): TOML, typed fields, the qid rule."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from examgen.errors import BankError


def read_question_file(path: Path, prefix: str) -> tuple[dict[str, Any], str]:
    """The parsed file and its qid, which must be `<prefix>.<file stem>`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{path}: {exc}") from None
    qid = field(data, "qid", str, path)
    if qid != f"{prefix}.{path.stem}":
        raise BankError(f"{path}: qid '{qid}' must be '{prefix}.{path.stem}' (the file name)")
    return data, qid


def field(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], path: Path, where: str = "") -> Any:
    """A required field of the given type (a bool never counts as a number)."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    value = data.get(name)
    if value is None:
        raise BankError(f"{path}: {where}missing field '{name}'")
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise BankError(f"{path}: {where}field '{name}' must be a {names}, got {value!r}")
    return value

"""Broken multiple-choice and open-question files give one clear BankError naming the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from examgen.errors import BankError
from examgen.multiple_choice import load_choice_question
from examgen.open_question import load_open_question


@pytest.mark.parametrize(
    ("loader", "name", "text", "message"),
    [
        (load_open_question, "x.toml", 'qid = "open.x"\npoints = true\n', "field 'points' must be a int or float, got True"),
        (load_open_question, "x.toml", 'qid = "open.y"\n', "qid 'open.y' must be 'open.x' (the file name)"),
        (load_choice_question, "x.toml", 'qid = "mc.x"\n[[options]]\nid = "a"\ntext = "t"\n',
         "option 1: missing field 'correct'"),
        (load_choice_question, "x.toml", 'qid = [1]\n', "field 'qid' must be a str"),
        (load_choice_question, "x.toml", 'qid = \n', "x.toml: Invalid"),
    ],
)
def test_broken_bank_files(tmp_path: Path, loader, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as caught:
        loader(path)
    assert message in str(caught.value) and str(path) in str(caught.value)

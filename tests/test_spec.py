"""Spec and roster loading: the example loads, bad files name the file, the line and the field."""

from pathlib import Path

import pytest

from examgen.errors import RosterError, SpecError
from examgen.pipeline import check_spec
from examgen.registry import load_registry
from examgen.spec import load_roster, load_spec

from conftest import EXAMPLES

GOOD_EXAM = """[exam]
id = "t1"
title = "T"
course = "DL"
examiner = "X"
date = 2026-08-03
start = "08:00"
duration_minutes = 60
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_example_spec_and_roster_load() -> None:
    spec = load_spec(EXAMPLES / "exam.toml")
    assert spec.exam.exam_id == "i2dl-demo-2026" and spec.exam.language == "en"
    assert [p.title for p in spec.problems][:2] == ["Multiple choice", "Convolutional networks"]
    assert spec.problems[0].slots[1].is_pool
    check_spec(spec, load_registry())
    students = load_roster(EXAMPLES / "roster.csv")
    assert students[0].matrikel == "03612345" and students[0].name == "Jörg Müller"


def test_unknown_question_names_line_and_suggests(tmp_path: Path) -> None:
    text = GOOD_EXAM + '\n[[problems]]\ntitle = "A"\n[[problems.slots]]\nquestion = "cnn.conv_output_shap"\n'
    spec = load_spec(write(tmp_path, "exam.toml", text))
    with pytest.raises(SpecError, match=r"exam.toml line 13: unknown question id 'cnn.conv_output_shap'; did you mean cnn.conv_output_shape"):
        check_spec(spec, load_registry())


def test_bad_option_value_names_line(tmp_path: Path) -> None:
    text = GOOD_EXAM + '\n[[problems]]\ntitle = "A"\n[[problems.slots]]\nquestion = "cnn.receptive_field"\noptions = { d3 = 5 }\n'
    spec = load_spec(write(tmp_path, "exam.toml", text))
    with pytest.raises(SpecError, match=r"line 13: cnn.receptive_field: parameter 'd3' = 5 is not allowed; it must be one of 1, 2"):
        check_spec(spec, load_registry())


def test_too_few_points_for_parts(tmp_path: Path) -> None:
    text = GOOD_EXAM + '\n[[problems]]\ntitle = "A"\n[[problems.slots]]\nquestion = "backprop.scalar_graph"\npoints = 1\n'
    spec = load_spec(write(tmp_path, "exam.toml", text))
    with pytest.raises(SpecError, match=r"too few for the 7 parts"):
        check_spec(spec, load_registry())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('date = 2026-08-03', 'date = "03.08.2026"'), r"line 6: \[exam\] date must be a date"),
        (('start = "08:00"', 'start = "8 am"'), r"line 7: \[exam\] start must be a time"),
        (('course = "DL"', 'corse = "DL"'), r"line 4: unknown key 'corse' in \[exam\]"),
        (('duration_minutes = 60', 'duration_minutes = "60"'), r"duration_minutes must be a whole number"),
        (('id = "t1"', 'id = "t 1"'), r"exam id 't 1' may use only"),
        (('title = "T"', 'title = "T"\nlanguage = "fr"'), r"language must be one of en, de"),
    ],
)
def test_bad_exam_fields(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    text = GOOD_EXAM.replace(*change) + '\n[[problems]]\ntitle = "A"\n[[problems.slots]]\nquestion = "cnn.receptive_field"\n'
    with pytest.raises(SpecError, match=message):
        load_spec(write(tmp_path, "exam.toml", text))


@pytest.mark.parametrize(
    ("slot", "message"),
    [
        ('question = "a"\npool = ["b", "c"]', "exactly one of"),
        ('pool = ["a"]', "at least two different"),
        ('question = "a"\npoints = 1.25', "positive multiple of 0.5"),
        ('qestion = "a"', "unknown key 'qestion' in a slot"),
    ],
)
def test_bad_slots(tmp_path: Path, slot: str, message: str) -> None:
    text = GOOD_EXAM + f'\n[[problems]]\ntitle = "A"\n[[problems.slots]]\n{slot}\n'
    with pytest.raises(SpecError, match=message):
        load_spec(write(tmp_path, "exam.toml", text))


def test_toml_syntax_error_names_line(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"exam.toml: not valid TOML: .*line 2"):
        load_spec(write(tmp_path, "exam.toml", "[exam]\nid = \n"))


def test_roster_keeps_leading_zeros_and_reads_semicolons_and_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", "\ufeffMatrikel;Name\n00012345;Ünal Öz\n\n00000001;B\n")
    students = load_roster(path)
    assert [s.matrikel for s in students] == ["00012345", "00000001"]
    assert students[0].name == "Ünal Öz"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("matrikel,name\n123,A\n456,B\n123,C\n", r"r.csv line 4: field matrikel: '123' already appears on line 2"),
        ("matrikel,name\n12 3,A\n", r"r.csv line 2: field matrikel: '12 3' is not a valid Matrikelnummer"),
        ("matrikel,name\n123,\n", r"r.csv line 2: field name is empty"),
        ('matrikel,name\n123,A\n456,"B\nC"\n', r"r.csv line 3: field name contains a line break"),
        ("matrikel,name\r\n123,A\r\n\r\n456,B\tC\r\n", r"r.csv line 4: field name contains a line break or another control"),
        ('matrikel,name,email\n123,A,"a\n@x"\n123,B,b@x\n', r"r.csv line 4: field matrikel: '123' already appears on line 2"),
        ("id,name\n123,A\n", r"r.csv line 1: missing column\(s\) matrikel"),
        ("matrikel,name,group\n123,A,1\n", r"r.csv line 1: unknown column 'group'"),
        ("matrikel,name\n123,A,extra\n", r"r.csv line 2: 3 fields, the header has 2"),
        ("matrikel,name\n", r"r.csv: the roster has no students"),
    ],
)
def test_bad_rosters(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RosterError, match=message):
        load_roster(write(tmp_path, "r.csv", text))


def test_roster_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("matrikel,name\n1,Jörg\n".encode("latin-1"))
    with pytest.raises(RosterError, match="not UTF-8"):
        load_roster(path)


def test_problem_with_more_parts_than_letters(tmp_path: Path) -> None:
    slots = '[[problems.slots]]\nquestion = "backprop.scalar_graph"\n' * 4  # 4 x 7 parts > 26
    spec = load_spec(write(tmp_path, "exam.toml", GOOD_EXAM + f'\n[[problems]]\ntitle = "A"\n{slots}'))
    with pytest.raises(SpecError, match=r"line 13: problem 1 can have 28 parts, more than the 26 labels"):
        check_spec(spec, load_registry())


def test_grading_rules_default_and_validate(tmp_path: Path) -> None:
    base = GOOD_EXAM + '\n[[problems]]\ntitle = "A"\n[[problems.slots]]\nquestion = "cnn.receptive_field"\n'
    assert load_spec(write(tmp_path, "a.toml", base)).grading.multiple_choice == "all_or_nothing"
    rules = load_spec(write(tmp_path, "b.toml", base + '\n[grading]\nmultiple_choice = "per_box"\nfollowup_share = 0.5\n')).grading
    assert (rules.multiple_choice, rules.followup_share, rules.pass_mark) == ("per_box", 0.5, 0.5)
    with pytest.raises(SpecError, match=r"line 16: \[grading\] multiple_choice must be one of all_or_nothing, per_box, negative"):
        load_spec(write(tmp_path, "c.toml", base + '\n[grading]\nmultiple_choice = "some"\n'))
    with pytest.raises(SpecError, match=r"unknown key 'pass' in \[grading\]"):
        load_spec(write(tmp_path, "d.toml", base + '\n[grading]\npass = 0.4\n'))

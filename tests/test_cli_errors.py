"""Bad input stops the build with one line naming the problem, and leaves no output behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli


def spec_with_unknown_question(tmp_path: Path) -> Path:
    text = (EXAMPLES / "exam.toml").read_text(encoding="utf-8").replace('"cnn.receptive_field"', '"cnn.receptive_feld"')
    path = tmp_path / "exam.toml"
    path.write_text(text, encoding="utf-8")
    return path


def roster_with_duplicate(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("matrikel,name\n03612345,A\n03698765,B\n03612345,C\n", encoding="utf-8")
    return path


RF_LINE = next(n for n, line in enumerate((EXAMPLES / "exam.toml").read_text().splitlines(), 1)
               if "cnn.receptive_field" in line)

CASES = {
    "duplicate matrikel": (
        lambda tmp: ["build", EXAMPLES / "exam.toml", "--roster", roster_with_duplicate(tmp)],
        "roster.csv line 4: field matrikel: '03612345' already appears on line 2",
    ),
    "unknown question": (
        lambda tmp: ["build", spec_with_unknown_question(tmp), "--roster", EXAMPLES / "roster.csv"],
        f"exam.toml line {RF_LINE}: unknown question id 'cnn.receptive_feld'; did you mean cnn.receptive_field?",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_exits_with_one_line_and_no_output(tmp_path: Path, secret_file: Path, case: str) -> None:
    make_args, message = CASES[case]
    out = tmp_path / "out"
    result = run_cli(*make_args(tmp_path), "--out", out, "--secret-file", secret_file)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert not out.exists() and not list(tmp_path.glob(".out*"))


def test_missing_secret_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("build", EXAMPLES / "exam.toml", "--roster", EXAMPLES / "roster.csv", "--out", out)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "no course secret given" in result.stderr and "--secret-file" in result.stderr
    assert not out.exists() and not list(tmp_path.iterdir())


def test_secret_from_environment_builds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("build", EXAMPLES / "exam.toml", "--roster", EXAMPLES / "roster.csv", "--out", out,
                     "--no-pdf", env={"EXAMGEN_SECRET": "environment-secret-0123456789"})
    assert result.exit_code == 0, result.output
    assert (out / "answer_key.json").exists()


def test_missing_files_are_named(tmp_path: Path, secret_file: Path) -> None:
    result = run_cli("build", tmp_path / "nope.toml", "--roster", EXAMPLES / "roster.csv", "--out", tmp_path / "o",
                     "--secret-file", secret_file)
    assert result.exit_code == 1 and "nope.toml: cannot read the exam spec" in result.stderr

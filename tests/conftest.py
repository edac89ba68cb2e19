"""Shared fixtures: the bundled example, a secret, CLI runner helpers, PDF text extraction."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

# Property tests explore the same examples on every run: a red CI run can always be reproduced.
settings.register_profile("examgen", derandomize=True, database=None)
settings.load_profile("examgen")

from examgen.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SECRET_TEXT = "test-secret-0123456789abcdef-not-for-real-exams"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "course.secret"
    path.write_text(SECRET_TEXT + "\n", encoding="utf-8")
    return path


def run_cli(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """Invoke the real CLI in-process; stderr is kept apart from stdout."""
    runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args], env={"EXAMGEN_SECRET": "", **(env or {})},
                         catch_exceptions=False)


def preview(qid: str, seed: int) -> dict:
    """`examgen preview QID --seed S --json`, parsed: qid, version, seed, params, answers."""
    result = run_cli("preview", qid, "--seed", str(seed), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["qid"] == qid and data["seed"] == seed
    return data


def answers_for(qid: str, params: dict) -> dict:
    """`examgen preview QID --params JSON --json` answers: a known instance solved by the CLI."""
    result = run_cli("preview", qid, "--params", json.dumps(params), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["answers"]


def check_previews(checks: dict, qid: str, seeds: range = range(200), min_variants: int = 20) -> None:
    """Run checks[qid](params, answers) on `examgen preview` over many seeds; demand enough distinct variants."""
    seen = set()
    for seed in seeds:
        data = preview(qid, seed)
        checks[qid](data["params"], data["answers"])
        seen.add(json.dumps(data["params"], sort_keys=True))
    assert len(seen) >= min_variants, f"{qid}: only {len(seen)} different variants in {len(seeds)} seeds"


def pdf_pages(path: Path) -> list[str]:
    """Text of each page of a PDF, via poppler's pdftotext."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is required; `make test` installs it"
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True).stdout
    pages = text.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example exam for the example roster, built once with PDFs."""
    root = tmp_path_factory.mktemp("demo")
    secret = root / "course.secret"
    secret.write_text(SECRET_TEXT, encoding="utf-8")
    result = run_cli("build", EXAMPLES / "exam.toml", "--roster", EXAMPLES / "roster.csv", "--out", root / "out",
                     "--secret-file", secret)
    assert result.exit_code == 0, result.output
    return root / "out"

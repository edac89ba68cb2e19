"""A non-editable `pip install` into a fresh venv works from any directory: templates and bank ship inside."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from conftest import EXAMPLES, REPO

SHIPPED = ("pyproject.toml", "README.md", "examgen", "templates", "solvers", "question_bank")


def test_installed_package_runs_outside_the_source_tree(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in SHIPPED:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    site = Path(subprocess.run([bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # The dependencies come from the test environment (appended to sys.path after the venv's own packages).
    (site / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([bin_dir / "python", "-m", "pip", "install", "--quiet", "--no-deps", str(source)],
                   check=True, cwd=elsewhere)
    shutil.rmtree(source)  # nothing may be read from the source tree any more

    where = subprocess.run([bin_dir / "python", "-c", "import examgen; print(examgen.__file__)"],
                           check=True, capture_output=True, text=True, cwd=elsewhere).stdout
    assert where.startswith(str(site))
    listing = subprocess.run([bin_dir / "examgen", "list", "--json"], check=True, capture_output=True, text=True,
                             cwd=elsewhere)
    kinds = {t["kind"] for t in json.loads(listing.stdout)}
    assert kinds >= {"computational", "multiple_choice"}
    for name in ("exam.toml", "roster.csv"):
        shutil.copy2(EXAMPLES / name, elsewhere / name)
    build = subprocess.run(
        [bin_dir / "examgen", "build", "exam.toml", "--roster", "roster.csv", "--out", "out", "--no-pdf"],
        capture_output=True, text=True, cwd=elsewhere, env={"EXAMGEN_SECRET": "packaging-test-secret-0123", "PATH": ""},
    )
    assert build.returncode == 0, build.stderr
    assert r"\documentclass" in (elsewhere / "out" / "exams" / "03612345.tex").read_text(encoding="utf-8")

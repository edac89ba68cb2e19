"""The solvers package stays pure: it never imports examgen."""

import ast
from pathlib import Path

SOLVERS = Path(__file__).resolve().parents[2] / "solvers"


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_no_solver_module_imports_examgen():
    files = sorted(SOLVERS.rglob("*.py"))
    assert files, f"no sources found under {SOLVERS}"
    offenders = {
        str(path.relative_to(SOLVERS)): sorted(m for m in _imported_modules(path) if m.split(".")[0] == "examgen")
        for path in files
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_the_import_scan_would_catch_an_examgen_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("import numpy\nfrom examgen.question import Part\n")
    assert "examgen.question" in _imported_modules(sample)

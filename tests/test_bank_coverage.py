"""Every computational template is checked against an independent method in some test's CHECKS table."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from examgen.registry import load_registry

TESTS = Path(__file__).resolve().parent


def checked_qids() -> set[str]:
    """Union of the CHECKS dicts of test_preview.py and tests/bank/test_bank_*.py."""
    qids: set[str] = set()
    for path in [TESTS / "test_preview.py", *sorted((TESTS / "bank").glob("test_bank_*.py"))]:
        spec = importlib.util.spec_from_file_location(f"coverage_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        qids |= set(module.CHECKS)
    return qids


def test_every_computational_template_has_an_independent_check() -> None:
    computational = {t.qid for t in load_registry() if t.kind == "computational"}
    missing = computational - checked_qids()
    assert not missing, f"templates without an independent check: {sorted(missing)}"


def test_list_json_reports_the_whole_bank() -> None:
    import json
    from collections import Counter

    from conftest import run_cli

    result = run_cli("list", "--json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    kinds = Counter(entry["kind"] for entry in entries)
    assert kinds["computational"] >= 45 and kinds["multiple_choice"] >= 40 and kinds["open"] >= 25, kinds
    assert all({"id", "topic", "title", "parts"} <= set(e) and all(p["kind"] for p in e["parts"]) for e in entries)
    topics = {e["id"].split(".")[0] for e in entries if e["kind"] == "computational"}
    assert {"cnn", "counts", "receptive", "matrices", "forward", "losses", "backprop", "optimisation", "metrics",
            "init", "rnn"} <= topics

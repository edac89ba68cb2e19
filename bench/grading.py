"""Benchmark: `examgen grade` on a synthetic exam of 2000 students x 40 parts (10 of them expressions).

The key and the answers CSV are generated with a fixed seed: every kind of the bank (multiple choice, integers,
reals, exact fractions, shapes, vectors, matrices, expressions), a few variants per question, follow-up and
known-mistake rules, and answers that are correct (in the key's form and in other forms and notations), wrong,
unreadable or missing. The whole command runs: reading, grading, reports, feedback files, gradebook.
Usage: python bench/grading.py [--students 2000] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# bench/solvers.py must not shadow the solvers package, so this folder leaves the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import numpy as np
from click.testing import CliRunner

from examgen.cli import main

Part = dict
# Expression questions: expected text for parameter a, plus (other correct forms, wrong forms, unreadable forms).
EXPRESSIONS: list[tuple[str, Callable[[int], tuple[str, list[str], list[str]]]]] = [
    ("x", lambda a: (f"{2 * a}*x + 1", [f"2*{a}*x + 1", f"1 + {2 * a}x"], [f"{a}*x^2 + x", f"{2 * a}*x"])),
    ("x", lambda a: (f"{a}*sigmoid({a}*x)*(1 - sigmoid({a}*x))",
                     [f"{a}·σ({a}x)·(1−σ({a}x))", f"{a}*exp(-{a}*x)/(1 + exp(-{a}*x))^2"],
                     [f"sigmoid({a}*x)*(1 - sigmoid({a}*x))", f"{a}*sigmoid({a}*x)^2"])),
    ("x", lambda a: (f"{a}*(1 - tanh({a}*x)^2)", [f"{a} - {a}*tanh({a}x)²"],
                     [f"1 - tanh({a}*x)^2", f"{a}*tanh({a}*x)"])),
    ("x", lambda a: (f"{a}*sigmoid(x)", [f"{a}/(1 + exp(-x))"], [f"{a}*sigmoid(x)*(1 - sigmoid(x))", "sigmoid(x)"])),
    ("w", lambda a: (f"2*(w*{a} - 1)*{a}", [f"{2 * a * a}*w - {2 * a}"], [f"2*(w*{a} - 1)", f"(w*{a} - 1)^2"])),
    ("x", lambda a: (f"{a}*relu(x) + 1", [f"{a}*max(0, x) + 1"], [f"relu({a}*x)", f"{a}*x + 1"])),
    ("x", lambda a: (f"-log(sigmoid({a}*x))", [f"log(1 + exp(-{a}*x))"], [f"log(sigmoid({a}*x))", f"-log({a}*x)"])),
    ("x", lambda a: (f"(x - {a})^2/2", [f"(x^2 - {2 * a}x + {a * a})/2"], [f"(x - {a})^2", f"(x + {a})^2/2"])),
    ("x", lambda a: (f"{a}*x^{a - 1}", [f"{a}x^({a}-1)"], [f"x^{a}", f"{a - 1}*x^{a}"])),
    ("x", lambda a: (f"exp({a}*x)/(1 + exp({a}*x))", [f"sigmoid({a}*x)"], [f"exp({a}*x)", f"1/(1 + exp({a}*x))"])),
]
UNREADABLE = ["2ax+", "x(1-x", "sigma x", "?"]


def expression_part(label: str, rng: np.random.Generator, question: int) -> tuple[Part, str]:
    """One expression part and a student's answer to it."""
    variable, forms = EXPRESSIONS[question]
    a = int(rng.choice([2, 3, 4]))
    expected, others, wrongs = forms(a)
    roll = rng.random()
    answer = (expected if roll < 0.55 else rng.choice(others) if roll < 0.7 else rng.choice(wrongs) if roll < 0.88
              else rng.choice(UNREADABLE) if roll < 0.95 else "")
    return ({"label": label, "kind": "expression", "expected": expected, "tolerance": None,
             "variables": [variable], "params": {"a": a}, "qid": f"bench.expr{question}"}, str(answer))


def numeric_part(label: str, kind: str, rng: np.random.Generator) -> tuple[Part, str]:
    """One part of a non-expression kind and a student's answer to it."""
    right = rng.random() < 0.7
    if kind == "integer":
        n = int(rng.integers(100, 2_000_000))
        answer = rng.choice([f"{n:,}", f"{n:_}".replace("_", " "), str(n)]) if right else str(n + 1)
        return {"kind": kind, "expected": n, "tolerance": None}, answer
    if kind == "real":
        x = float(rng.uniform(-10, 10))
        answer = f"{x:.3f}" if right else f"{x + 1:.3f}"
        return {"kind": kind, "expected": x, "tolerance": {"rel": 0.01, "abs": 0.005, "decimals": 3}}, answer
    if kind == "exact":
        p, q = int(rng.integers(1, 20)), int(rng.choice([2, 3, 4, 8]))
        return {"kind": kind, "expected": f"{p}/{q}" if p % q else p // q, "tolerance": None}, \
            (f"{p}/{q}" if right else f"{p + 1}/{q}")
    if kind == "shape":
        dims = [int(d) for d in rng.integers(1, 64, 3)]
        answer = "x".join(map(str, dims)) if right else f"({dims[0]}, {dims[2]}, {dims[1] + 1})"
        return {"kind": kind, "expected": dims, "tolerance": None}, answer
    if kind == "vector":
        entries = [int(v) for v in rng.integers(-9, 10, 4)]
        answer = "(" + ", ".join(map(str, entries if right else entries[::-1])) + ")"
        return {"kind": kind, "expected": entries, "tolerance": None}, answer
    if kind == "matrix":
        rows = [[int(v) for v in row] for row in rng.integers(-5, 6, (2, 3))]
        answer = "; ".join(" ".join(map(str, row)) for row in rows) if right else json.dumps(rows[::-1])
        return {"kind": kind, "expected": rows, "tolerance": None}, answer
    letters = "ABCD"
    ids = [f"o{i}" for i in rng.permutation(8)[:4]]
    ticked = [c for c in letters if rng.random() < 0.5]
    expected = {"options": dict(zip(letters, ids)), "correct": [ids[letters.index(c)] for c in ticked],
                "letters": "".join(ticked)}
    answer = ",".join(ticked) or "-" if right else "ABCD"
    return {"kind": kind, "expected": expected, "tolerance": None}, answer


LAYOUT = (["integer"] * 8 + ["multiple_choice"] * 5 + ["real"] * 7 + ["exact"] * 3 + ["shape"] * 3
          + ["vector"] * 2 + ["matrix"] * 2)


def make_exam(students: int, seed: int = 7) -> tuple[dict, list[list[str]]]:
    """The synthetic key and the rows of the answers CSV."""
    rng = np.random.default_rng(seed)
    labels = [f"P{1 + i // 8}.{chr(97 + i % 8)}" for i in range(40)]
    key_students, rows = [], []
    for s in range(students):
        parts, answers = [], []
        for i, label in enumerate(labels):
            if i % 4 == 3:
                part, answer = expression_part(label, rng, i // 4)
            else:
                part, answer = numeric_part(label, LAYOUT[i - (i + 1) // 4], rng)
            part.update(label=label, problem=1 + i // 8, slot=label, points=1.0)
            part.setdefault("params", {"i": i})
            part.setdefault("qid", f"bench.{part['kind']}{i}")
            parts.append(part)
            answers.append(answer)
        _add_rules(parts, answers, rng)
        matrikel = f"0{3600000 + s:07d}"
        key_students.append({"matrikel": matrikel, "name": f"Student {s}", "exam_code": f"B-{s:05d}",
                             "total_points": 40.0, "parts": parts})
        rows.append([matrikel, f"Student {s}", *answers])
    key = {"schema": "examgen-answer-key", "schema_version": 1, "examgen_version": "bench",
           "exam": {"id": "bench", "title": "Grading benchmark", "language": "en",
                    "problems": [f"Problem {n}" for n in range(1, 6)]},
           "grading": {"multiple_choice": "per_box", "followup_share": 0.5},
           "columns": labels, "manual_columns": [], "students": key_students}
    return key, [["matrikel", "name", *labels], *rows]


def _add_rules(parts: list[Part], answers: list[str], rng: np.random.Generator) -> None:
    """A follow-up (P1.c = 2 * P1.b, mostly answered consistently) and a known mistake (P1.b off by one)."""
    b, c = parts[1], parts[2]
    c["expected"] = 2 * b["expected"]
    c["followup"] = {"depends_on": [b["label"]], "formula": "2*b", "variables": {"b": b["label"]}}
    b["mistakes"] = [{"name": "off by one", "expected": b["expected"] + 1, "credit": 0.5,
                      "feedback": "off by one: the +1 of the formula counted twice"}]
    answered = int(answers[1].replace(",", "").replace(" ", ""))
    answers[2] = str(2 * answered if rng.random() < 0.8 else 2 * answered + 2)


def run(students: int, jobs: int, folder: Path) -> float:
    """Write the inputs into `folder`, run `examgen grade`, return the seconds it took."""
    key, rows = make_exam(students)
    (folder / "answer_key.json").write_text(json.dumps(key), encoding="utf-8")
    with (folder / "answers.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["grade", "--key", str(folder / "answer_key.json"), "--answers",
                                       str(folder / "answers.csv"), "--out", str(folder / "out"),
                                       "--jobs", str(jobs)], catch_exceptions=False)
    seconds = time.perf_counter() - start
    if result.exit_code != 0:
        raise SystemExit(result.output)
    print(result.stdout.strip())
    return seconds


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="Keep inputs and reports in this folder.")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        seconds = run(args.students, args.jobs, args.keep)
    else:
        with tempfile.TemporaryDirectory() as folder:
            seconds = run(args.students, args.jobs, Path(folder))
    print(f"graded {args.students} students x 40 parts (10 expressions) with {args.jobs} jobs in {seconds:.1f} s "
          f"({seconds / args.students * 1000:.1f} ms per student)")


if __name__ == "__main__":
    main_bench()

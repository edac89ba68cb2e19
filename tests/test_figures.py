"""Questions about a network or a computational graph show it drawn (TikZ) in the exam, solved in the solutions."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from conftest import SECRET_TEXT, pdf_pages, run_cli

from examgen.figures import network_tikz

SPEC = """[exam]
id = "figures"
title = "Figures"
course = "DL"
examiner = "X"
date = 2026-08-03
start = "08:00"
duration_minutes = 30

[[problems]]
title = "Networks and graphs"
  [[problems.slots]]
  question = "forward.mlp_mse"
  [[problems.slots]]
  question = "backprop.mlp_sgd_step"
  [[problems.slots]]
  question = "backprop.matrikel_graph"
"""


def test_network_drawing_wires_every_neuron_to_the_next_layer() -> None:
    tikz = network_tikz([2, 3, 2], ["x", "h", r"\hat y"], highlight=(1, 3, 2), label="$w$")
    neurons = re.findall(r"\\node\[neuron\] \((n\d-\d)\)", tikz)
    assert neurons == ["n0-1", "n0-2", "n1-1", "n1-2", "n1-3", "n2-1", "n2-2"]
    edges = re.findall(r"\\draw\[->, ([a-z ]+)\] \((n\d-\d)\) -- .*?\((n\d-\d)\);", tikz)
    assert sorted((a, b) for _, a, b in edges) == sorted(
        [(f"n0-{k}", f"n1-{j}") for j in (1, 2, 3) for k in (1, 2)] + [(f"n1-{k}", f"n2-{j}") for j in (1, 2) for k in (1, 2, 3)]
    )
    assert [(a, b) for style, a, b in edges if style == "very thick"] == [("n0-2", "n1-3")]
    assert "{$w$}" in tikz


def test_network_and_graph_questions_are_drawn_in_the_pdfs(tmp_path: Path) -> None:
    spec = tmp_path / "figures.toml"
    spec.write_text(SPEC, encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("matrikel,name\n03612345,Ada\n", encoding="utf-8")
    secret = tmp_path / "course.secret"
    secret.write_text(SECRET_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", spec, "--roster", roster, "--out", out, "--secret-file", secret)
    assert result.exit_code == 0, result.output
    parts = json.loads((out / "answer_key.json").read_text(encoding="utf-8"))["students"][0]["parts"]
    step = next(p for p in parts if p["qid"] == "backprop.mlp_sgd_step")["params"]
    exam = "\n".join(pdf_pages(out / "exams" / "03612345.pdf"))
    # Two networks, 2-3-2 and 2-2-2: each neuron a labelled circle, the asked weight labelled on its edge.
    exam = unicodedata.normalize("NFC", exam)  # pdftotext writes ŷ as y and a combining circumflex
    figures = re.findall(r"has 2 inputs, (\d) hidden units and 2 outputs\.(.*?)The network computes", exam, re.DOTALL)
    assert [hidden for hidden, _ in figures] == ["3", "2"]
    for hidden, drawing in figures:
        neurons = sorted(re.findall(r"[xhŷ]\d", drawing))
        assert neurons == sorted(["x1", "x2", "ŷ1", "ŷ2", *(f"h{j}" for j in range(1, int(hidden) + 1))])
    assert re.findall(r"W\d\d", figures[0][1]) == [] and re.findall(r"W\d\d", figures[1][1]) == [f"W{step['unit']}{step['inp']}"]
    # The graph fed by the Matrikelnummer: its leaves a, b, c, d, each in a box of its own line.
    for leaf in "abcd":
        assert re.search(rf"^\s*{leaf}\s*$", exam, re.MULTILINE), f"leaf {leaf} is not drawn"

"""Open questions as data: a TOML file per topic with prompt, model answer and rubric; graders enter points."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from examgen.answers import Manual
from examgen.bank_data import field, read_question_file
from examgen.errors import BankError
from examgen.params import Params
from examgen.question import Part, QuestionTemplate

SOLUTION = r"""\textbf{Model answer.} \VAR{model_answer}

\textbf{Rubric.}
\begin{itemize}
\BLOCK{for item in rubric}
\item (\VAR{item.points|pts}) \VAR{item.text}
\BLOCK{endfor}
\end{itemize}
\BLOCK{if alternatives}
\textbf{Also accepted.}
\begin{itemize}
\BLOCK{for text in alternatives}
\item \VAR{text}
\BLOCK{endfor}
\end{itemize}
\BLOCK{endif}
\BLOCK{if common_mistakes}
\textbf{Common mistakes.}
\begin{itemize}
\BLOCK{for text in common_mistakes}
\item \VAR{text}
\BLOCK{endfor}
\end{itemize}
\BLOCK{endif}"""


def load_open_question(path: Path) -> QuestionTemplate:
    """Read one open question; the rubric's points must add up to the question's points."""
    data, qid = read_question_file(path, "open")
    points = float(field(data, "points", (int, float), path))
    rubric = [
        {"points": float(item["points"]), "text": str(item["text"])} for item in field(data, "rubric", list, path)
    ]
    if abs(sum(item["points"] for item in rubric) - points) > 1e-9:
        raise BankError(f"{path}: the rubric gives {sum(i['points'] for i in rubric):g} points, the question {points:g}")
    work = {
        "model_answer": field(data, "model_answer", str, path), "rubric": rubric,
        "alternatives": [str(a) for a in data.get("alternatives", [])],
        "common_mistakes": [str(m) for m in data.get("mistakes", [])],
    }

    def solve(params: Params) -> dict[str, Any]:
        return {"answer": work["model_answer"], **work}

    return QuestionTemplate(
        qid=qid, version=field(data, "version", int, path), topic=str(data.get("topic", "open")),
        title=field(data, "title", str, path), params={}, where=None,
        parts=(Part("answer", Manual(), points=points, label="", space_cm=float(data.get("space_cm", 6))),),
        prompt=field(data, "prompt", str, path), solution=SOLUTION, solver=solve, kind="open",
    )

"""Open questions as data: a TOML file per topic with prompt, model answer and rubric; graders enter points."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from examgen.answers import Manual
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


def _require(data: dict[str, Any], name: str, kind: type, path: Path) -> Any:
    value = data.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise BankError(f"{path}: field '{name}' must be a {kind.__name__}")
    return value


def load_open_question(path: Path) -> QuestionTemplate:
    """Read one open question; the rubric's points must add up to the question's points."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{path}: {exc}") from None
    qid = _require(data, "qid", str, path)
    if qid != f"open.{path.stem}":
        raise BankError(f"{path}: qid '{qid}' must be 'open.{path.stem}' (the file name)")
    points = float(_require(data, "points", (int, float), path))
    rubric = [
        {"points": float(item["points"]), "text": str(item["text"])} for item in _require(data, "rubric", list, path)
    ]
    if abs(sum(item["points"] for item in rubric) - points) > 1e-9:
        raise BankError(f"{path}: the rubric gives {sum(i['points'] for i in rubric):g} points, the question {points:g}")
    work = {
        "model_answer": _require(data, "model_answer", str, path), "rubric": rubric,
        "alternatives": [str(a) for a in data.get("alternatives", [])],
        "common_mistakes": [str(m) for m in data.get("mistakes", [])],
    }

    def solve(params: Params) -> dict[str, Any]:
        return {"answer": work["model_answer"], **work}

    return QuestionTemplate(
        qid=qid, version=_require(data, "version", int, path), topic=str(data.get("topic", "open")),
        title=_require(data, "title", str, path), params={}, where=None,
        parts=(Part("answer", Manual(), points=points, label="", space_cm=float(data.get("space_cm", 6))),),
        prompt=_require(data, "prompt", str, path), solution=SOLUTION, solver=solve, kind="open",
    )

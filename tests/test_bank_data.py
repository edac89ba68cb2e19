"""Consistency checks for the data-only part of the question bank.

Every multiple-choice question lives in ``question_bank/mc/<slug>.toml`` and every open (free-text)
question in ``question_bank/open/<slug>.toml``.  A TA can add a question without writing Python, so
these tests are the safety net: they catch TOML mistakes, option pools that cannot produce a valid
selection, rubrics that do not add up, and text that would break the LaTeX build.

Only the standard library (tomllib) is used; examgen itself is not imported.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

BANK = Path(__file__).resolve().parent.parent / "question_bank"
MC_DIR = BANK / "mc"
OPEN_DIR = BANK / "open"

MC_FILES = sorted(MC_DIR.glob("*.toml"))
OPEN_FILES = sorted(OPEN_DIR.glob("*.toml"))

TOPICS = {
    "basics", "networks", "losses", "optimisation", "regularisation", "initialisation",
    "normalisation", "cnn", "architectures", "rnn", "attention", "generative", "detection",
    "data", "metrics",
}
SLUG = re.compile(r"^[a-z0-9_]+$")

MC_KEYS_REQUIRED = {"qid", "version", "topic", "title", "stem", "show", "options"}
MC_KEYS_OPTIONAL = {"min_correct", "max_correct", "fixed", "points"}
OPTION_KEYS = {"id", "text", "correct", "why"}

OPEN_KEYS_REQUIRED = {
    "qid", "version", "topic", "title", "points", "space_cm", "prompt", "model_answer",
    "alternatives", "mistakes", "rubric",
}
RUBRIC_KEYS = {"points", "text"}

ALLOWED_ENVIRONMENTS = {"itemize", "enumerate"}
# Specials that break LaTeX anywhere when unescaped, and those that are only legal inside math.
SPECIAL_ANYWHERE = set("%&#")
SPECIAL_OUTSIDE_MATH = set("_^")
# Open-question prompts are rendered as Jinja templates with these delimiters (examgen/render/latex.py).
JINJA_DELIMITERS = (r"\VAR{", r"\BLOCK{", r"\#{")


def _load(path: Path) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _ids(files: list[Path]) -> list[str]:
    return [p.stem for p in files]


# --------------------------------------------------------------------------- LaTeX text scanner


def latex_problems(text: str) -> list[str]:
    """Return human-readable problems of a LaTeX fragment (empty list if it looks safe).

    Checks: unescaped specials (``% & #`` anywhere, ``_ ^`` outside ``$...$``), unbalanced ``$``,
    display math ``$$``, forced line breaks ``\\\\``, unbalanced braces, environments other than
    itemize/enumerate (and unbalanced begin/end), and non-ASCII characters (pdflatex safety).
    """
    problems: list[str] = []
    in_math = False
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            if i + 1 < n and text[i + 1] == "\\":
                problems.append(f"forced line break '\\\\' at {i}")
            i += 2  # skip the escaped character or the first letter of a command
            continue
        if ch == "$":
            if i + 1 < n and text[i + 1] == "$":
                problems.append(f"display math '$$' at {i}")
                i += 2
                continue
            in_math = not in_math
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                problems.append(f"unmatched '}}' at {i}")
                depth = 0
        elif ch in SPECIAL_ANYWHERE:
            problems.append(f"unescaped '{ch}' at {i}: {text[max(0, i - 20):i + 20]!r}")
        elif ch in SPECIAL_OUTSIDE_MATH and not in_math:
            problems.append(f"'{ch}' outside math at {i}: {text[max(0, i - 20):i + 20]!r}")
        i += 1
    if in_math:
        problems.append("unbalanced '$'")
    if depth != 0:
        problems.append("unbalanced braces")
    begins = re.findall(r"\\begin\{([^}]*)\}", text)
    ends = re.findall(r"\\end\{([^}]*)\}", text)
    for env in set(begins) | set(ends):
        if env not in ALLOWED_ENVIRONMENTS:
            problems.append(f"environment '{env}' not allowed")
    if sorted(begins) != sorted(ends):
        problems.append("\\begin/\\end do not match")
    for delim in JINJA_DELIMITERS:
        if delim in text:
            problems.append(f"template delimiter {delim!r} in data text")
    bad = sorted({c for c in text if ord(c) > 127})
    if bad:
        problems.append(f"non-ASCII characters {bad!r} (write them as LaTeX)")
    return problems


@pytest.mark.parametrize(
    "text, ok",
    [
        (r"50\% of $x_i$", True),
        (r"$a \times b$ and \emph{c}", True),
        ("50% of x", False),
        ("a_b outside math", False),
        (r"$x$ and $y", False),
        (r"line\\break", False),
        (r"\begin{itemize}\item a\end{itemize}", True),
        (r"\begin{tabular}{c}a\end{tabular}", False),
        ("R&D", False),
        ("x \u2248 y", False),
        (r"use \VAR{x} here", False),
    ],
)
def test_scanner_itself(text: str, ok: bool) -> None:
    assert (latex_problems(text) == []) is ok


def _assert_latex(path: Path, field: str, text: object) -> None:
    assert isinstance(text, str) and text.strip(), f"{path.name}: {field} must be a non-empty string"
    problems = latex_problems(text)
    assert not problems, f"{path.name}: {field}: " + "; ".join(problems)


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


NEGATION_WORDS = {"not", "no", "never", "can", "do", "does", "did"}


def _strip_negation(text: str) -> str:
    """Drop negation words so that 'X is Y' and 'X is not Y' compare equal (a giveaway pair)."""
    lowered = text.lower().replace("n't", " not").replace("cannot", "can not")
    words = [w.strip(".,;:!?") for w in lowered.split()]
    return " ".join(w for w in words if w not in NEGATION_WORDS)


def _multiple_of_half(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and float(x) * 2 == int(float(x) * 2)


# --------------------------------------------------------------------------- bank-wide checks


def test_enough_files() -> None:
    assert len(MC_FILES) >= 40, f"only {len(MC_FILES)} MC files"
    assert len(OPEN_FILES) >= 25, f"only {len(OPEN_FILES)} open files"


def test_qids_and_titles_unique() -> None:
    qids = [_load(p)["qid"] for p in MC_FILES + OPEN_FILES]
    assert len(qids) == len(set(qids))
    for files in (MC_FILES, OPEN_FILES):
        titles = [_normalise(_load(p)["title"]) for p in files]
        dupes = {t for t in titles if titles.count(t) > 1}
        assert not dupes, f"duplicate titles: {dupes}"


def test_open_questions_cover_many_topics() -> None:
    topics = {_load(p)["topic"] for p in OPEN_FILES}
    assert len(topics) >= 10, f"open questions cover only {sorted(topics)}"


# --------------------------------------------------------------------------- multiple choice


@pytest.mark.parametrize("path", MC_FILES, ids=_ids(MC_FILES))
def test_mc_file(path: Path) -> None:
    data = _load(path)
    keys = set(data)
    assert MC_KEYS_REQUIRED <= keys, f"{path.name}: missing {sorted(MC_KEYS_REQUIRED - keys)}"
    unknown = keys - MC_KEYS_REQUIRED - MC_KEYS_OPTIONAL
    assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"

    assert SLUG.match(path.stem), f"{path.name}: file stem must be [a-z0-9_]"
    assert data["qid"] == f"mc.{path.stem}"
    assert isinstance(data["version"], int) and data["version"] >= 1
    assert data["topic"] in TOPICS, f"{path.name}: unknown topic {data['topic']!r}"
    _assert_latex(path, "title", data["title"])
    _assert_latex(path, "stem", data["stem"])

    show = data["show"]
    assert isinstance(show, int) and not isinstance(show, bool) and 2 <= show <= 6
    min_c = data.get("min_correct", 0)
    max_c = data.get("max_correct", show)
    assert isinstance(min_c, int) and isinstance(max_c, int)
    assert 0 <= min_c <= max_c <= show, f"{path.name}: need 0 <= min_correct <= max_correct <= show"
    fixed = data.get("fixed", False)
    assert isinstance(fixed, bool)
    if "points" in data:
        assert _multiple_of_half(data["points"]) and data["points"] > 0, f"{path.name}: points"

    options = data["options"]
    assert isinstance(options, list) and all(isinstance(o, dict) for o in options)
    if fixed:
        assert len(options) >= show
    else:
        assert len(options) > show, f"{path.name}: pool of {len(options)} is not larger than show={show}"

    ids, texts = [], []
    for opt in options:
        assert set(opt) == OPTION_KEYS, f"{path.name}: option keys {sorted(opt)} != {sorted(OPTION_KEYS)}"
        assert isinstance(opt["id"], str) and SLUG.match(opt["id"]), f"{path.name}: bad id {opt['id']!r}"
        assert isinstance(opt["correct"], bool), f"{path.name}: {opt['id']}: correct must be true/false"
        _assert_latex(path, f"options.{opt['id']}.text", opt["text"])
        _assert_latex(path, f"options.{opt['id']}.why", opt["why"])
        ids.append(opt["id"])
        texts.append(_normalise(opt["text"]))
    assert len(ids) == len(set(ids)), f"{path.name}: duplicate option ids"
    assert len(texts) == len(set(texts)), f"{path.name}: duplicate option texts"

    stripped = [_strip_negation(t) for t in texts]
    for i in range(len(stripped)):
        for j in range(i + 1, len(stripped)):
            assert stripped[i] != stripped[j], (
                f"{path.name}: options {ids[i]!r} and {ids[j]!r} differ only by a negation"
            )

    n_true = sum(o["correct"] for o in options)
    n_false = len(options) - n_true
    # A selection of `show` options with between min_c and max_c correct ones must exist.
    assert n_true >= min_c, f"{path.name}: {n_true} true options < min_correct={min_c}"
    assert n_false >= show - max_c, f"{path.name}: {n_false} false options < show - max_correct"
    if max_c >= 2 and not fixed:
        # Multi-answer questions: the pool must allow different mixes of true and false statements.
        assert n_true >= 2 and n_false >= 2, f"{path.name}: need >= 2 true and >= 2 false options"
    if min_c == max_c == 1:
        assert n_true == 1, f"{path.name}: single-choice question needs exactly one correct option"


# --------------------------------------------------------------------------- open questions


@pytest.mark.parametrize("path", OPEN_FILES, ids=_ids(OPEN_FILES))
def test_open_file(path: Path) -> None:
    data = _load(path)
    keys = set(data)
    assert OPEN_KEYS_REQUIRED <= keys, f"{path.name}: missing {sorted(OPEN_KEYS_REQUIRED - keys)}"
    unknown = keys - OPEN_KEYS_REQUIRED
    assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"

    assert SLUG.match(path.stem), f"{path.name}: file stem must be [a-z0-9_]"
    assert data["qid"] == f"open.{path.stem}"
    assert isinstance(data["version"], int) and data["version"] >= 1
    assert data["topic"] in TOPICS, f"{path.name}: unknown topic {data['topic']!r}"
    for field in ("title", "prompt", "model_answer"):
        _assert_latex(path, field, data[field])

    points = data["points"]
    assert _multiple_of_half(points) and points > 0, f"{path.name}: points must be a positive multiple of 0.5"
    space = data["space_cm"]
    assert isinstance(space, (int, float)) and not isinstance(space, bool) and 2 <= space <= 25

    for field in ("alternatives", "mistakes"):
        items = data[field]
        assert isinstance(items, list), f"{path.name}: {field} must be a list"
        for k, item in enumerate(items):
            _assert_latex(path, f"{field}[{k}]", item)
    assert data["mistakes"], f"{path.name}: list at least one common mistake for the graders"

    rubric = data["rubric"]
    assert isinstance(rubric, list) and rubric, f"{path.name}: rubric must be a non-empty list"
    total = 0.0
    for k, item in enumerate(rubric):
        assert isinstance(item, dict) and set(item) == RUBRIC_KEYS, f"{path.name}: rubric[{k}] keys"
        assert _multiple_of_half(item["points"]) and item["points"] > 0, (
            f"{path.name}: rubric[{k}] points must be a positive multiple of 0.5"
        )
        _assert_latex(path, f"rubric[{k}].text", item["text"])
        total += float(item["points"])
    assert total == float(points), f"{path.name}: rubric sums to {total}, points = {points}"

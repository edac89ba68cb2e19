"""The Jinja2 environment for LaTeX (\\VAR{...}, \\BLOCK{...}) and the fragment filters."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
from pylatex.utils import escape_latex

from examgen.answers.numbers import latex_number


def templates_dir() -> Path:
    """templates/ as installed in the package (examgen/templates), or beside it in a source tree."""
    packaged = resources.files("examgen") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


def tex(text: Any) -> str:
    """Escape plain text (names, titles) for LaTeX."""
    return str(escape_latex(str(text)))


def points_text(points: float) -> str:
    """2.0 -> "2", 1.5 -> "1.5"."""
    return f"{points:g}"


def matrix(rows: Any, decimals: int | None = None) -> str:
    """A matrix or vector as a bmatrix of exact or rounded numbers."""
    array = np.asarray(rows, dtype=object)
    array = array.reshape(1, -1) if array.ndim == 1 else array
    body = r" \\ ".join(" & ".join(latex_number(v, decimals) for v in row) for row in array)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def decimal(value: Any) -> str:
    """An exact number as a terminating decimal when it has one (0.92, -1.5), else as \\frac."""
    value = Fraction(value)
    scaled, places = value, 0
    while scaled.denominator != 1 and places < 12:
        scaled, places = scaled * 10, places + 1
    if scaled.denominator != 1:
        return latex_number(value)
    return latex_number(float(value), places) if places else str(value.numerator)


def number(value: Any, decimals: int | None = None) -> str:
    """A number for math mode (exact Fractions as \\frac unless decimals are asked for)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and decimals is None:
        decimals = 4
    return latex_number(value if isinstance(value, (int, float, Fraction)) else Fraction(value), decimals)


def _environment(loader: jinja2.BaseLoader | None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=loader,
        block_start_string=r"\BLOCK{",
        block_end_string="}",
        variable_start_string=r"\VAR{",
        variable_end_string="}",
        comment_start_string=r"\#{",
        comment_end_string="}",
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(tex=tex, num=number, dec=decimal, pts=points_text, matrix=matrix)
    return env


@lru_cache(maxsize=1)
def document_environment() -> jinja2.Environment:
    """Environment that loads the document templates from templates/."""
    return _environment(jinja2.FileSystemLoader(str(templates_dir())))


@lru_cache(maxsize=1)
def fragment_environment() -> jinja2.Environment:
    """Environment for the prompt and solution strings of question templates."""
    return _environment(None)


@lru_cache(maxsize=512)
def _compiled(source: str) -> jinja2.Template:
    # "\VAR{-x}" would read as Jinja whitespace control and silently drop the minus sign.
    return fragment_environment().from_string(source.replace(r"\VAR{-", r"\VAR{ -"))


def render_fragment(source: str, context: Mapping[str, Any]) -> str:
    """Render a question's prompt or solution string."""
    return _compiled(source).render(**context)

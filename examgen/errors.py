"""Errors a user can act on. Only cli.py turns them into exit codes."""

from __future__ import annotations


class ExamgenError(Exception):
    """Base class: the message names the file, the line and the fix."""


class SpecError(ExamgenError):
    """The exam spec (TOML) is malformed or refers to something that does not exist."""


class RosterError(ExamgenError):
    """The roster CSV is malformed."""


class SecretError(ExamgenError):
    """No usable course secret was given."""


class ParamError(ExamgenError):
    """Question parameters are missing, out of range or unsatisfiable."""


class BankError(ExamgenError):
    """The question bank (a template or a data file) is broken."""


class LatexError(ExamgenError):
    """pdflatex failed; the message names the student, question id and seed."""

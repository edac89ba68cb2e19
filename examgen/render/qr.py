"""QR codes made in Python (segno) and drawn as LaTeX rules: no image files, vector output, byte-stable."""

from __future__ import annotations

import segno

QUIET_ZONE = 4  # modules of white border the QR standard asks for


def qr_latex(text: str, module_mm: float) -> str:
    """A picture environment that draws the QR code of `text`, one \\rule per run of dark modules."""
    matrix = segno.make(text, error="m", micro=False).matrix
    size = len(matrix) + 2 * QUIET_ZONE
    puts = []
    for row_index, row in enumerate(matrix):
        y = size - QUIET_ZONE - row_index - 1
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                puts.append(rf"\put({start + QUIET_ZONE},{y}){{\rule{{{column - start}\unitlength}}{{\unitlength}}}}")
            else:
                column += 1
    body = "".join(puts)
    return rf"{{\setlength{{\unitlength}}{{{module_mm}mm}}\begin{{picture}}({size},{size}){body}\end{{picture}}}}"

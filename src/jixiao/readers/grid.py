"""Table structure recovery for delimited text: wrapped rows joined, short rows aligned by cell type.

Real grids (DOCX/XLSX/HTML/PDF tables) keep their column indices and never come here. Text
tables lose structure in two ways this module undoes:

* a row whose cell held a line break is printed over several physical lines
  (``一级指标 | 二级指标 | 年度 指标值 |`` / ``实际 完成值 |`` / ``分值 | 得分 | … | ||||``). When the
  table pads its complete rows to its width (trailing ``||``), an unpadded line shorter than
  that width is an unfinished row and the following lines complete it;
* a continuation row omits the cells a merge spans (``指标2 | ≥200 | 202 | 10 | 10``). Its cells
  are aligned to the header's column roles by type (names, levels, targets, points) with a
  monotone alignment that skips the outer (leftmost) columns first.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..core import vocabulary as vocab
from .layout import Cell, Document, Line, Token
from .numbers import is_value, points
from .rows import L1, L2, Table

_WINDOW = 12


def _pipe_width(raw: str) -> int:
    return raw.count("|")


def _padded(raw: str) -> bool:
    return raw.rstrip().endswith("||") or raw.rstrip().endswith("| |")


def _open(line: Line) -> bool:
    raw = (line.original or line.text).rstrip()
    return line.exact and not line.grid and raw.endswith("|") and not _padded(raw)


def join_wrapped_rows(doc: Document) -> Document:
    """Physical lines of one wrapped text-table row become one line (the first line's number)."""
    lines = doc.lines
    if not any("|" in ln.text for ln in lines[:2000]):
        return doc
    out: list[Line] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        if not _open(line):
            out.append(line)
            k += 1
            continue
        near = [ln for ln in lines[max(0, k - _WINDOW):k + _WINDOW] if _padded(ln.original or ln.text)]
        width = max((_pipe_width(ln.original or ln.text) for ln in near), default=0)
        cells = list(line.cells)
        j = k + 1
        while len(cells) < width and j < len(lines) and "|" in lines[j].text and lines[j].exact:
            nxt = lines[j]
            cells.extend(replace(c, line=nxt.no) for c in nxt.cells)
            j += 1
            if not _open(nxt):
                break
        if j == k + 1 or len(cells) > width + 1:
            out.append(line)
            k += 1
            continue
        text = " | ".join(c.text for c in cells)
        out.append(Line(line.no, text, tuple(cells), line.page, line.sheet, exact=True))
        k = j
    return replace(doc, lines=out)


def _kind(text: str) -> str:
    t = text.replace(" ", "")
    if not t:
        return "empty"
    if L1.match(t) and not L2.match(t):
        return "l1"
    if L2.match(t):
        return "l2"
    if points(t) is not None:
        return "num"
    if is_value(t) or len(t) <= 6:
        return "short"
    return "text"


_FIT: dict[str, dict[str, float]] = {
    # role -> cell kind -> how well a cell of that kind fills the role
    "l1": {"l1": 3, "l2": -1, "num": -3, "short": 0.2, "text": 0.2},
    "l2": {"l1": -1, "l2": 3, "num": -3, "short": 0.2, "text": 0.2},
    "l3": {"l1": -1, "l2": -1, "num": -3, "short": 0.8, "text": 1},
    "weight": {"num": 2, "short": -2, "text": -3, "l1": -3, "l2": -3},
    "score": {"num": 2, "short": -2, "text": -3, "l1": -3, "l2": -3},
    "l1w": {"num": 2, "short": -2, "text": -3},
    "l2w": {"num": 2, "short": -2, "text": -3},
    "review": {"num": 1, "short": -1, "text": -2},
    "value": {"num": 0.6, "short": 0.6, "text": -0.3, "l1": -2, "l2": -2},
    "actual": {"num": 0.6, "short": 0.6, "text": -0.3, "l1": -2, "l2": -2},
    "cmp": {"short": 0.3, "num": -1},
    "unit": {"short": 0.3, "num": -1},
    "reason": {"text": 0.3, "short": 0.2, "num": -0.5},
    "expl": {"text": 0.3, "short": 0.2, "num": -0.5},
    "": {"num": 0.2},
}


def align(roles: tuple[str, ...], texts: tuple[str, ...]) -> tuple[int, ...] | None:
    """The role index of each cell of a short text row (monotone, skipping columns), or None
    when the row is as wide as the header (bound by position) or fits nowhere."""
    while texts and not texts[-1]:
        texts = texts[:-1]
    if not texts or len(texts) >= len(roles) or not all(texts):
        return None                     # an empty cell inside the row: its positions are real
    return _align(roles, tuple(_kind(t) for t in texts))


@lru_cache(maxsize=4096)
def _align(roles: tuple[str, ...], kinds: tuple[str, ...]) -> tuple[int, ...] | None:
    n, m = len(kinds), len(roles)
    # best[i][j]: best score of cells i.. on roles j.. ; a cell must take a role, a role may stay empty
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    take = [[False] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[n][j] = 0.0
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            skip = best[i][j + 1] if m - j - 1 >= n - i else neg
            fit = _FIT.get(roles[j], _FIT[""]).get(kinds[i], 0.0) if kinds[i] != "empty" else 0.0
            use = fit + best[i + 1][j + 1] if best[i + 1][j + 1] > neg else neg
            if use > skip:                    # ties skip: merged cells are the outer columns
                best[i][j], take[i][j] = use, True
            else:
                best[i][j] = skip
    if best[0][0] == neg or best[0][0] < 0:
        return None
    out: list[int] = []
    i = j = 0
    while i < n:
        if take[i][j]:
            out.append(j)
            i += 1
        j += 1
    return tuple(out)


def bind(roles: list[str], line: Line) -> dict[str, Cell]:
    """Cells of a table row by column role: real grids and full rows by index, short text rows aligned."""
    cells = line.cells
    width = len(roles)
    while width and not roles[width - 1]:
        width -= 1                      # trailing columns without a role do not make a row short
    if not line.grid and (at := align(tuple(roles[:width]), tuple(c.text for c in cells))) is not None:
        return {roles[j]: cells[i] for i, j in enumerate(at) if roles[j]}
    return {roles[k]: c for k, c in enumerate(cells) if k < len(roles) and roles[k]}


def row_grade(doc: Document, line: Line, filled: list[tuple[int, Cell]], table: Table) -> None:
    """'总分 | 100 | 95 | 优': a grade word after the figures of the total row, labelled or not."""
    for _, cell in filled[1:]:
        word = cell.text.replace(" ", "")
        for label in ("评价等级", "自评等级", "等级", "等次"):
            word = word.removeprefix(label).lstrip(":：")
        if (grade := vocab.grade_of(word)) is not None:
            table.grade, table.grade_source = grade, doc.source(line, cell.column, cell)
            return


def stream_grade(doc: Document, toks: list[Token], table: Table) -> None:
    """The grade word printed right after the total's figures (its own cell, often unlabelled)."""
    for tok in toks:
        if (grade := vocab.grade_of(tok.text.replace(" ", ""))) is not None and table.grade is None:
            table.grade, table.grade_source = grade, doc.source(tok.line, tok.cell.column, tok.cell)
            return

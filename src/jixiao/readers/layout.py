"""Every format becomes the same thing: a list of located lines, each optionally split into cells.

Readers for DOCX, PDF, XLSX and HTML produce ``Line`` objects with real cells; plain text is
split on tabs or ``|``. The extractors only ever see this layout, so a rule written once
works for every format and every value keeps its file/line/column (or page, sheet/cell).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..core.findings import Source
from ..core.model import positional_constructor

_new_source = positional_constructor(Source)     # every value read gets one: made without the frozen __init__
NULL_CELLS = frozenset({"—", "-", "–", "/", "*", "／", "——", "－", "\\"})
_MARKER = re.compile(r"^\s*([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d)|[①-⑳])")
_SPACE = re.compile(r"[\s\xa0\u3000]")
_WORD = re.compile(r"\S+")
_TERMINAL = tuple("。！？；：:;!?」”）)")


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    column: int                 # 1-based character column in the line, or table column index
    ref: str | None = None      # spreadsheet cell reference such as "B7"
    line: int | None = None     # its own line number when a wrapped row was joined (grid.py)
    # a real grid's merges (``grid_model.py``): the origin of a merge carries its spans; a position
    # a merge covers is ``covered`` (its text is the merged label repeated down, or empty)
    row_span: int = 1
    col_span: int = 1
    covered: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line (text) or table row (DOCX/XLSX/HTML/PDF) with its location."""

    no: int
    text: str
    cells: tuple[Cell, ...] = ()
    page: int | None = None
    sheet: str | None = None
    exact: bool = False          # cells come from real table structure or explicit separators
    grid: bool = False           # a row of a real grid (DOCX/XLSX/HTML/PDF table): columns are indices
    origin: tuple[int, ...] | None = None   # text offset -> offset in the source line (normalise.py)
    original: str | None = None  # the line as the file has it, when normalisation changed it
    # where the line is drawn on its page (PDF points, or pixels of an image): (x0, top, x1, bottom);
    # cell_boxes, when given, has one box per cell
    box: tuple[float, float, float, float] | None = None
    cell_boxes: tuple[tuple[float, float, float, float], ...] = ()

    @property
    def is_row(self) -> bool:
        return self.exact and len(self.cells) >= 3


@dataclass
class Document:
    """The layout of one file: its name (for sources) and its lines in reading order."""

    file: str
    lines: list[Line] = field(default_factory=list)
    cuts: list[int] = field(default_factory=list)     # line numbers truncated for length
    # how sure structure recovery was of what it rebuilt, by model path (``Project.confidence``):
    # a run-on table cut by the arithmetic sets ``indicators``
    confidence: dict[str, Decimal] = field(default_factory=dict)
    recognised: frozenset[int] = frozenset()    # pages read by OCR: their figures meet the table's sums

    def source(self, line: Line, column: int = 1, cell: Cell | None = None) -> Source:
        """Where (line, column of the normalised text) was in the file: columns map back through ``origin``."""
        if line.origin is not None and not line.grid and column >= 1:
            origin = line.origin
            column = (origin[column - 1] if column <= len(origin) else origin[-1] + 1 + column - len(origin)) + 1 \
                if origin else column
        return _new_source(self.file, cell.line if cell is not None and cell.line else line.no, column, line.page,
                           line.sheet, cell.ref if cell else None, (line.original or line.text).strip()[:200])


def clean(text: str) -> str:
    """Cell text as a reader sees it: no NBSP/full-width spaces at the ends, nulls as empty."""
    text = text.replace("\xa0", " ").replace("\u3000", " ").strip()
    if text in NULL_CELLS or (text[:1] in "-:—" and not text.strip("-:—=")):
        return ""                  # also a Markdown rule row: |---|:---:|
    return text


def split_cells(raw: str) -> tuple[tuple[Cell, ...], bool]:
    """Cells of a text line: tabs or ``|`` are explicit separators; otherwise words."""
    if "\t" in raw:
        sep = "\t"
    elif "|" in raw:
        sep = "|"
    else:
        stripped = raw.strip()
        if stripped and not _SPACE.search(stripped):        # prose: one cell, no regex walk
            return (new_cell(clean(stripped), len(raw) - len(raw.lstrip()) + 1, None),), True
        words = list(_WORD.finditer(raw.replace("\xa0", " ")))
        cells = tuple([new_cell(clean(m.group()), m.start() + 1, None) for m in words])
        return cells, len(words) == 1
    out: list[Cell] = []
    pos = 0
    for part in raw.split(sep):
        out.append(new_cell(clean(part), pos + 1 + (len(part) - len(part.lstrip())), None))
        pos += len(part) + 1
    if sep == "|":
        while out and not out[-1].text:
            out.pop()
        if not out:
            out = [Cell("", 1)]
    return tuple(out), True


MAX_LINE = 20_000


def text_lines(text: str, file: str) -> Document:
    doc = Document(file)
    for no, raw in enumerate(text.splitlines(), 1):
        if len(raw) > MAX_LINE:
            raw = raw[:MAX_LINE]
            doc.cuts.append(no)
        if not raw.strip() and not raw:
            doc.lines.append(Line(no, ""))
            continue
        cells, exact = split_cells(raw)
        if not raw.strip():          # a whitespace-only line: an empty cell of a flattened table
            cells, exact = (Cell("", 1),), True
        doc.lines.append(Line(no, raw, cells, exact=exact))
    return doc


@dataclass(frozen=True, slots=True)
class Segment:
    start: int      # offset in the paragraph text
    line: Line
    column: int     # column in the line where this segment starts


@dataclass
class Paragraph:
    """Physical lines joined where a page break or wrap cut a sentence."""

    text: str
    segments: list[Segment]

    @property
    def line(self) -> Line:
        return self.segments[0].line

    def locate(self, offset: int) -> tuple[Line, int]:
        seg = self.segments[0]
        for s in self.segments:
            if s.start <= offset:
                seg = s
        return seg.line, seg.column + offset - seg.start


def paragraphs(doc: Document) -> list[Paragraph]:
    """Join wrapped prose lines; table rows (tabs/cells) stay single lines."""
    out: list[Paragraph] = []
    current: Paragraph | None = None
    marker = _MARKER.match
    for line in doc.lines:
        raw = line.text
        body = raw.replace("\xa0", " ").strip()
        if not body:
            continue
        indent = len(raw) - len(raw.lstrip())
        tabular = "\t" in raw or (line.exact and len(line.cells) >= 3)     # line.is_row
        # (a paragraph that is still open never starts with a tabular line: those close at once)
        if (current is not None and not tabular and 20 <= len(current.text) <= 5000
                and not current.text.endswith(_TERMINAL) and not marker(body)):
            current.segments.append(Segment(len(current.text), line, indent + 1))
            current.text += body
            continue
        current = Paragraph(body, [Segment(0, line, indent + 1)])
        out.append(current)
        if tabular:
            current = None
    return out


@dataclass(frozen=True, slots=True)
class Token:
    """A cell in reading order; ``exact`` when the cell boundaries were really in the source."""

    text: str
    line: Line
    cell: Cell
    exact: bool


_new = object.__new__


def _slot_setters(cls: type, *names: str) -> tuple[Any, ...]:
    """The slot descriptors' setters of a frozen slots dataclass, in field order."""
    return tuple(cls.__dict__[name].__set__ for name in names)


_TOKEN_SET = _slot_setters(Token, "text", "line", "cell", "exact")
_CELL_SET = _slot_setters(Cell, "text", "column", "ref", "line", "row_span", "col_span", "covered")


def new_cell(text: str, column: int, ref: str | None, row_span: int = 1, col_span: int = 1,
             covered: bool = False) -> Cell:
    """``Cell(text, column, ref, …)`` without the frozen dataclass ``__init__`` (slot setters: the
    same object, made ~40% faster; grids make one per cell)."""
    cell = _new(Cell)
    set_text, set_column, set_ref, set_line, set_rows, set_cols, set_covered = _CELL_SET
    set_text(cell, text)
    set_column(cell, column)
    set_ref(cell, ref)
    set_line(cell, None)
    set_rows(cell, row_span)
    set_cols(cell, col_span)
    set_covered(cell, covered)
    return cell


def token_list(doc: Document) -> list[Token]:
    """``list(tokens(doc))``, each Token made by its slot setters (one per cell of the document)."""
    out: list[Token] = []
    append = out.append
    set_text, set_line, set_cell, set_exact = _TOKEN_SET
    for line in doc.lines:
        exact = line.exact
        for cell in line.cells:
            tok = _new(Token)
            set_text(tok, cell.text)
            set_line(tok, line)
            set_cell(tok, cell)
            set_exact(tok, exact)
            append(tok)
    return out


def tokens(doc: Document) -> Iterator[Token]:
    for line in doc.lines:
        for cell in line.cells:
            yield Token(cell.text, line, cell, line.exact)

"""Wrapped cells of a text table printed line by line (``pdftotext -layout``) joined to their rows.

pdftotext lays a PDF table out on a character grid: every character, CJK or not, takes one
position, and a cell whose text wrapped in the PDF is printed as lines of its own - above and
below the line holding the row's figures when the cell is centred, below it when top-aligned::

                     (name, first line)
    一级指标    二级指标    ≥100%   100%   15   15
                     (name, second line)

A block of such lines is anchored on its rows: a line holding two figures or more, or a line of
at least three cells with more cells than the lines beside it (a header). The other lines are
fragments. Each row takes a run of fragments above it and below it: the runs are chosen for the
whole block at once (``_share``) so that a centred row takes as many above as below (a centred
cell is as tall above the figure line as below) - or, read as top-aligned, none above - and a
fragment neither row takes (a label merged over rows) stays a line of its own; the reading
(centred or top-aligned) that costs less wins. A fragment piece joins a row only where the row
has nothing in its character columns, or stacks on one text cell of the row that starts or is
centred where it is (a cell three lines tall); a piece touching two cells leaves the row as it
was.

A block is rewritten only when its lines line up on the character grid better than in display
width (a CJK character two columns wide, as ``aligned.py`` measures). It is then printed again
at a multiple of its character columns (2, or up to 6 when a joined cell needs the room), so that
``aligned.align_columns`` measuring display width finds the columns the grid had; a joined line
keeps its row's line number and the file offsets of its own characters.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
from unicodedata import east_asian_width

from .layout import Document, Line, split_cells

_CELL = re.compile(r"\S+(?: \S+)*")
_FIGURE = re.compile(r"[≥≤=<>＞＜]?[-+]?\d[\d,]*(?:\.\d+)?[%％]?\S{0,2}")
_CJK = re.compile(r"[\u3400-\u9fff]")

Piece = tuple[int, int, str]          # (start, end) character offsets in the line, text


def _pieces(line: Line) -> list[Piece]:
    """Cells of the line at the grid columns of the file's line (normalisation may have shortened it)."""
    o = line.origin
    if not o:
        return [(m.start(), m.end(), m.group()) for m in _CELL.finditer(line.text)]
    return [(o[min(m.start(), len(o) - 1)], o[min(m.end() - 1, len(o) - 1)] + 1, m.group())
            for m in _CELL.finditer(line.text)]


def _display(text: str) -> list[int]:
    cols = [0]
    for ch in text:
        cols.append(cols[-1] + (2 if east_asian_width(ch) in "WF" else 1))
    return cols


def _figures(pieces: list[Piece]) -> int:
    return sum(1 for _, _, t in pieces if _FIGURE.fullmatch(t))


def _touches(a: Piece, b: Piece) -> bool:
    return not (a[1] < b[0] or a[0] > b[1])


def _fits(row: list[Piece], piece: Piece) -> bool:
    """Nothing of the row in the piece's columns (one column of air either side), or one cell
    of the row the piece stacks on (same start or same centre: a cell three lines tall)."""
    hit = [q for q in row if _touches(q, piece)]
    if not hit:
        return True
    q = hit[0]
    return len(hit) == 1 and not _FIGURE.fullmatch(q[2]) and not _FIGURE.fullmatch(piece[2]) and (
        abs(q[0] - piece[0]) <= 1 or abs(q[0] + q[1] - piece[0] - piece[1]) <= 2)


def _lined_up(block: list[list[Piece]], starts_of) -> int:
    """Cell starts that another line of the block starts a cell at too."""
    seen: dict[int, int] = {}
    for pieces in block:
        for st in {starts_of(p) for p in pieces}:
            seen[st] = seen.get(st, 0) + 1
    return sum(n for n in seen.values() if n > 1)


def _spaced(line: Line) -> bool:
    """A line of a space-aligned text (no explicit separators, not a grid row)."""
    return bool(line.text.strip()) and not line.grid and (not line.exact or (
        len(line.cells) == 1 and "\t" not in line.text and "|" not in line.text))


def join_fragments(doc: Document) -> Document:
    """Fragment lines of space-aligned text tables joined to their rows; other lines unchanged."""
    lines = doc.lines
    out: list[Line] = []
    k = 0
    while k < len(lines):
        if not _spaced(lines[k]):
            out.append(lines[k])
            k += 1
            continue
        j = k
        while j < len(lines) and _spaced(lines[j]):
            j += 1
        out.extend(_block(lines[k:j]))
        k = j
    return replace(doc, lines=out)


_PINYIN = re.compile(r"[(（][a-zü\u00e0-\u01dc]{1,7}[)）]")


def _rewritten(line: Line) -> bool:
    """Whether normalisation changed more of the line than its figures (traditional characters,
    pinyin taken out): its file offsets then say nothing of the character grid."""
    original = line.original
    return original is not None and (_CJK.findall(original) != _CJK.findall(line.text)
                                     or _PINYIN.search(original) is not None)


def _block(block: list[Line]) -> list[Line]:
    if len(block) < 3 or not any(_CJK.search(ln.text) for ln in block) or any(_rewritten(ln) for ln in block):
        return block
    pieces = [_pieces(ln) for ln in block]
    if sum(1 for p in pieces if len(p) >= 3) < 2:
        return block
    disp = [_display(ln.original or ln.text) for ln in block]
    by_char = _lined_up(pieces, lambda p: p[0])
    seen: dict[int, int] = {}
    for d, ps in zip(disp, pieces, strict=True):
        for st in {d[p[0]] for p in ps}:
            seen[st] = seen.get(st, 0) + 1
    by_disp = sum(n for n in seen.values() if n > 1)
    if by_char <= by_disp:
        return block
    n = len(block)
    anchor = [False] * n
    for i, ps in enumerate(pieces):
        near = [len(pieces[x]) for x in (i - 1, i + 1) if 0 <= x < n]
        anchor[i] = _figures(ps) >= 2 or (len(ps) >= 3 and all(len(ps) > m for m in near))
    anchors = [i for i in range(n) if anchor[i]]
    if not anchors:
        return block
    owner = _share(pieces, anchors)
    if owner is None:
        return block
    plans: dict[int, list[tuple[Piece, Line, int]] | None] = {}
    for i in anchors:
        mine = [f for f in range(n) if owner[f] == i]
        if mine:
            plans[i] = _join(block[i], i, pieces[i], [(f, pieces[f]) for f in mine])
    need = [_scale(p) for p in plans.values() if p is not None]
    if not any(x <= _MAX_SCALE for x in need):
        return block                                # nothing joins: the block stays as printed
    scale = max([2, *(x for x in need if x <= _MAX_SCALE)])
    result: list[Line] = []
    for i, ln in enumerate(block):
        own = [(p, ln, p[0]) for p in pieces[i]]
        plan = plans.get(i)
        row = owner[i]
        took = plans.get(row) if row is not None else None
        if took is not None and _scale(took) <= scale:
            continue                                # joined to its row
        if plan is not None and _scale(plan) <= scale:
            result.append(_render(ln, plan, scale))
        else:                                       # ambiguous, or the joined cell too long: as it was
            result.append(_render(ln, own, scale))
    return result


_MAX_SCALE = 6


def _join(line: Line, i: int, row: list[Piece], frags: list[tuple[int, list[Piece]]]) -> list[tuple[Piece, Line, int]] | None:
    """The row's cells with its fragments joined (lines above first), or None when ambiguous."""
    groups = _groups(i, row, frags)
    if groups is None:
        return None
    joined: list[tuple[Piece, Line, int]] = []
    for g in sorted(groups, key=lambda g: min(p[0] for _, p in g)):
        g.sort(key=lambda fp: fp[0])
        mid = [p for f, p in g if f == i]
        start = mid[0][0] if mid else min(p[0] for _, p in g)
        text = "".join(p[2] for _, p in g)
        joined.append(((start, start + len(text), text), line, mid[0][0] if mid and len(g) == 1 else -1))
    return joined


def _scale(cells: list[tuple[Piece, Line, int]]) -> int:
    """The smallest factor on the character columns at which each cell ends two columns before the next."""
    need = 2
    for a, b in pairwise(cells):
        room = b[0][0] - a[0][0]
        if room <= 0:
            return _MAX_SCALE + 1
        need = max(need, -(-(_display(a[0][2])[-1] + 2) // room))
    return need


def _run(pieces: list[list[Piece]], a: int, frags: range | list[int]) -> int:
    """How many of the fragments (nearest first) the anchor could take, one after the other."""
    got = 0
    for f in frags:
        if not all(_fits(pieces[a], p) for p in pieces[f]):
            break
        got += 1
    return got


_LEFT = 1           # cost of a fragment between two rows that neither takes (a label merged over rows)
_UNEVEN = 2         # cost of each fragment more above a row than below it, or the reverse


def _share(pieces: list[list[Piece]], anchors: list[int]) -> list[int | None] | None:
    """The anchor each fragment joins (None: stays a line): the fewest unequal counts above and
    below a row (centred cells), or none above (top-aligned), whichever costs less (centred
    on a tie); None when no fragment joins."""
    n = len(pieces)
    bounds = [-1, *anchors, n]
    ups = [_run(pieces, a, range(a - 1, bounds[k], -1)) for k, a in enumerate(anchors)]
    downs = [_run(pieces, a, range(a + 1, bounds[k + 2])) for k, a in enumerate(anchors)]
    best: tuple[float, list[tuple[int, int]]] | None = None
    for centred in (True, False):
        # dp over anchors: down count of the last anchor -> (cost, [(up, down) ...])
        dp: dict[int, tuple[float, list[tuple[int, int]]]] = {0: (0.0, [])}
        for k, a in enumerate(anchors):
            gap = a - bounds[k] - 1
            nxt: dict[int, tuple[float, list[tuple[int, int]]]] = {}
            for prev_down, (cost, picks) in dp.items():
                for up in range(0, min(ups[k], gap - prev_down) + 1 if k else ups[k] + 1):
                    left = gap - prev_down - up
                    if left < 0:
                        continue
                    for down in range(downs[k] + 1):
                        c = cost + (left * _LEFT if k else left * 0.1)
                        c += _UNEVEN * (abs(up - down) if centred else up)
                        if down not in nxt or c < nxt[down][0]:
                            nxt[down] = (c, [*picks, (up, down)])
            dp = nxt
        tail = n - anchors[-1] - 1
        total = min(((c + 0.1 * (tail - d), picks) for d, (c, picks) in dp.items() if d <= tail),
                    key=lambda x: x[0], default=None)
        if total is None:
            continue
        if best is None or total[0] < best[0]:
            best = total
    if best is None:
        return None
    owner: list[int | None] = [None] * n
    for a, (up, down) in zip(anchors, best[1], strict=True):
        for f in range(a - up, a):
            owner[f] = a
        for f in range(a + 1, a + 1 + down):
            owner[f] = a
    return owner if any(o is not None for o in owner) else None


def _groups(i: int, row: list[Piece], frags: list[tuple[int, list[Piece]]]) -> list[list[tuple[int, Piece]]] | None:
    """The row's cells with the fragment pieces stacked on them (line, piece); None when a piece
    touches two cells (ambiguous)."""
    groups: list[list[tuple[int, Piece]]] = [[(i, p)] for p in row]
    for f, ps in frags:
        for p in ps:
            hit = [g for g in groups if any(_touches(p, q) for _, q in g)]
            if len(hit) > 1:
                return None
            if hit:
                hit[0].append((f, p))
            else:
                groups.append([(f, p)])
    return groups


def _render(line: Line, cells: list[tuple[Piece, Line, int]], scale: int) -> Line:
    """The line printed at ``scale`` times its character columns; each character mapped to its file offset."""
    text = ""
    where: list[int] = []
    for (start, _end, cell), _src, own in sorted(cells, key=lambda c: c[0][0]):
        pad = max(scale * start - _display(text)[-1], 2 if text else 0)
        anchor_at = where[-1] if where else 0
        text += " " * pad
        where.extend([anchor_at] * pad)
        text += cell
        where.extend(own + x if own >= 0 else start for x in range(len(cell)))
    cells_, exact = split_cells(text)
    return replace(line, text=text, cells=cells_, exact=exact, origin=tuple(where),
                   original=line.original or line.text)

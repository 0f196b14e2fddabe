"""Recognition of detected lines (RapidOCR's recogniser, batched here) and their characters as
placed glyphs, with doubtful characters marked (``lattice.DOUBT``) or repaired from the vocabulary."""

from __future__ import annotations

import functools
import itertools
import re
import statistics
from typing import Any

import numpy as np

from .lattice import DOUBT, Glyph, Seg

LOW_CONFIDENCE = 0.80                    # a digit below this is doubtful (and the figure it is in)
UNSURE = 0.95                            # below this the recogniser's next guesses are kept (label repair only)
LOW_TEXT = 0.40                          # a Chinese character below this is doubtful unless a label confirms it
_REC_HEIGHT = 48                         # the PP-OCRv4 recogniser's input height
_NUMBER = re.compile(r"[\d.,，．%％]*\d[\d.,，．%％]*")


Char = tuple[str, float, float, tuple[str, ...]]     # text, confidence, centre (fraction of the width), runners-up


def read_lines(engine: Any, crops: list[np.ndarray]) -> list[list[Char]]:
    """Each crop's characters as (text, confidence, centre as a fraction of the crop width, the
    recogniser's next guesses when it was unsure).

    A character's confidence is that of its surest time step, less any other character's
    chance on any of its steps: the recogniser holds a character over a few steps, and the
    first of them is shared with "blank" (the step before it), so '%' read at 0.66 there is
    read at 1.00 one step later; but '3' at 0.97 on one step and 0.45 for '8' on another is
    0.55. Blank is no rival: it only says where the character begins. The runners-up are
    those of the surest step.

    Each crop is recognised at its own width (RapidOCR pads every line to 320 pixels, and
    batching pads to the widest of a batch): on one thread a batch saves nothing, and padding
    both costs time and changes what the recogniser sees at a line's end.
    """
    import cv2

    rec = engine.text_rec
    alphabet = rec.postprocess_op.character
    out: list[list[Char]] = [[] for _ in crops]
    widths = [max(1, round(_REC_HEIGHT * c.shape[1] / max(1, c.shape[0]))) for c in crops]
    order = sorted(range(len(crops)), key=lambda i: widths[i])
    batch = 1
    for start in range(0, len(order), batch):
        idx = order[start:start + batch]
        width = max(16, -(-max(widths[i] for i in idx) // 8) * 8)
        tensor = np.zeros((len(idx), 3, _REC_HEIGHT, width), np.float32)
        for k, i in enumerate(idx):
            w = min(width, widths[i])
            img = cv2.resize(crops[i], (w, _REC_HEIGHT)).astype(np.float32)
            tensor[k, :, :, :w] = ((img / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)
        preds = rec.session(tensor)[0]
        best = preds.argmax(axis=2)
        prob = preds.max(axis=2)
        steps = preds.shape[1]
        for k, i in enumerate(idx):
            used = widths[i] / width                     # share of the time steps that saw the crop
            chars: list[Char] = []
            previous = 0
            for t in range(steps):
                code = int(best[k, t])
                if code != previous and code != 0 and code < len(alphabet):
                    end = t                              # the frames this character holds
                    while end + 1 < steps and int(best[k, end + 1]) == code:
                        end += 1
                    peak = t + int(prob[k, t:end + 1].argmax())
                    held = preds[k, t:end + 1]
                    rival = max(float(held[:, 1:code].max(initial=0.0)), float(held[:, code + 1:].max(initial=0.0)))
                    conf = min(float(prob[k, peak]), 1.0 - rival)
                    others: tuple[str, ...] = ()
                    if conf < UNSURE:
                        ranked = np.argsort(preds[k, peak])[::-1][1:6]
                        others = tuple(alphabet[int(c)] for c in ranked if 0 < int(c) < len(alphabet))
                    chars.append((alphabet[code], conf, min(1.0, (t + 0.5) / steps / used), others))
                previous = code
            lead = _faint_first(preds[k], chars, alphabet, steps, used, widths[i] / _REC_HEIGHT)
            out[i] = [lead, *chars] if lead else chars
    return out


def _faint_first(pred: np.ndarray, chars: list[Char], alphabet: list[str], steps: int, used: float,
                 ratio: float) -> Char | None:
    """A first character the recogniser saw but ranked below "blank" (the single stroke of 一 at
    the start of 一级指标): when nothing was read for most of a line height before the first
    character, the best Chinese character over those time steps is taken, as a doubtful one
    (so it is marked unless a label confirms it)."""
    if not chars or chars[0][2] * ratio <= 0.7:
        return None
    first = max(1, min(steps, int(chars[0][2] * used * steps)))
    region = pred[:first, 1:]
    t, code = np.unravel_index(int(region.argmax()), region.shape)
    p = float(region[t, code])
    ch = alphabet[int(code) + 1] if int(code) + 1 < len(alphabet) else ""
    if p < 0.1 or not ("\u4e00" <= ch <= "\u9fff"):
        return None
    return ch, min(p, LOW_TEXT - 0.01), min(1.0, (int(t) + 0.5) / steps / used), ()


# the words of a 自评表's header rows, beside the field vocabulary (general, not one document's)
_HEADER_WORDS = ("一级指标", "二级指标", "三级指标", "指标解释", "评分标准", "绩效指标", "指标名称", "指标内容",
                 "偏差原因", "完成情况",
                 # and the words indicator names end with, which a narrow cell often wraps alone
                 "完成率", "合格率", "及时率", "达标率", "覆盖率", "满意度", "知晓率", "到位率", "使用率", "完好率",
                 "通过率", "满意率", "执行率")


@functools.lru_cache(maxsize=1)
def _labels() -> set[str]:
    from ..core import vocabulary as v

    return {w for words in (*v.FIELD_LABELS.values(), *v.COLUMN_LABELS.values(), v.SOURCE_LABELS,
                            v.TOTAL_ROW_LABELS, _HEADER_WORDS) for w in words if len(w) >= 2 and w.isalpha()}


def _confirmed(text: str, i: int) -> bool:
    """True when the character at ``i`` is part of a vocabulary label as read (分值, 执行率 …)."""
    return any(text.find(w, max(0, i - len(w) + 1), i + len(w)) >= 0 for w in _labels() if text[i] in w)


@functools.lru_cache(maxsize=1)
def _label_holes() -> dict[str, str]:
    """Every vocabulary label with one character blanked -> the characters that fill it."""
    labels = _labels()
    holes: dict[str, str] = {}
    for word in labels:
        for k, ch in enumerate(word):
            key = word[:k] + "?" + word[k + 1:]
            holes[key] = holes.get(key, "") + ch
    return holes


def _fix_labels(text: list[str], chars: list[Char]) -> None:
    """A doubtful character that completes a vocabulary label with one of the recogniser's own
    next guesses (执行宰 -> 执行率, 率 being its second guess) becomes that guess: headers decide
    what whole columns mean, so they are worth the repair; anything else stays as read. A
    two-character label (分值) is only repaired when it is all the line holds (a header cell).
    A label of four or more characters whose other characters were all read with certainty
    (预算执行事, 事 at 0.5) completes even without the guess: no other word is that close."""
    holes = _label_holes()
    for i, ch in enumerate(text):
        others = chars[i][3]
        if not others or not ("\u4e00" <= ch <= "\u9fff"):
            continue
        fixed = _completion(text, chars, i, holes)
        if fixed:
            text[i] = fixed


def _completion(text: list[str], chars: list[Char], i: int, holes: dict[str, str]) -> str | None:
    """The character that makes ``text[i]`` complete the longest vocabulary label around it, or
    None (also when the character as read already completes one)."""
    for n in range(8, 1 if len(text) == 2 else 2, -1):
        for s in range(max(0, i - n + 1), min(i, len(text) - n) + 1):
            fits = holes.get("".join(text[s:i]) + "?" + "".join(text[i + 1:s + n]), "")
            if text[i] in fits:
                return None                     # as read, it already completes a label
            fixed = next((o for o in chars[i][3] if o in fits), None)
            sure = all(c[1] >= LOW_CONFIDENCE for k, c in enumerate(chars[s:s + n], s) if k != i)
            if fixed is None and n >= 4 and len(fits) == 1 and sure and chars[i][1] < 0.6:
                fixed = fits
            if fixed:
                return fixed
    return None


def _dropped(chars: list[Char], crop: np.ndarray, doubtful: list[bool]) -> None:
    """Mark digits next to a stretch of the line where nothing was read: the recogniser drops
    characters it cannot see (a seal's rim through a figure) without lowering its confidence
    in the rest, and "456.30" would read as "6.30". Distances are in line heights."""
    h, w = crop.shape[:2]
    if not chars or h == 0:
        return
    ratio = w / h
    fs = [f for _, _, f, _ in chars]
    gaps = [(b - a) * ratio for a, b in itertools.pairwise(fs)]
    usual = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
    digit = [c.isdigit() for c, _, _, _ in chars]
    if digit[0] and fs[0] * ratio > 0.7:
        doubtful[0] = True
    if digit[-1] and (1 - fs[-1]) * ratio > 0.8:
        doubtful[-1] = True
    for k, gap in enumerate(gaps):
        if gap > max(0.9, 2.2 * usual) and (digit[k] or digit[k + 1]) and not chars[k][0].isspace():
            doubtful[k if digit[k] else k + 1] = True


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _missing_characters(chars: list[Char], crop: np.ndarray) -> list[Char]:
    """A DOUBT mark where the recogniser skipped a Chinese character: between two characters
    spaced more than 1.6 times the line's usual spacing (median of at least three). It drops a
    character under a seal's stroke with full confidence in its neighbours, and the name
    would read as another name."""
    h = crop.shape[0]
    if len(chars) < 4 or h == 0:
        return chars
    ratio = crop.shape[1] / h
    pairs = [(k, (b[2] - a[2]) * ratio) for k, (a, b) in enumerate(itertools.pairwise(chars))
             if _cjk(a[0]) and _cjk(b[0])]
    if len(pairs) < 3:
        return chars
    usual = sorted(g for _, g in pairs)[len(pairs) // 2]
    out = list(chars)
    for k, gap in reversed(pairs):
        if gap > 1.6 * usual:
            out.insert(k + 1, (DOUBT, 0.0, (chars[k][2] + chars[k + 1][2]) / 2, ()))
    return out


Doubt = tuple[str, float, tuple[str, ...]]      # a glyph's character as read, its confidence, the runners-up


def place(box: np.ndarray, crop: np.ndarray, chars: list[Char], doubts: list[Doubt] | None = None) -> list[Glyph]:
    """Glyph boxes along the detected quadrilateral; doubtful characters become DOUBT marks: a
    figure with one doubtful digit entirely, other characters when no label confirms them.
    ``doubts`` gets, for every glyph returned, its character as read, confidence and runners-up
    (for ``repair_cells``)."""
    chars = _missing_characters(chars, crop)
    doubtful = [conf < LOW_CONFIDENCE for _, conf, _, _ in chars]
    _dropped(chars, crop, doubtful)
    letters = [c for c, _, _, _ in chars]
    _fix_labels(letters, chars)
    text = "".join(letters)
    marked = list(text)
    for m in _NUMBER.finditer(text):
        if any(doubtful[m.start():m.end()]):
            for j in range(m.start(), m.end()):
                marked[j] = DOUBT
    for j, (ch, (_, conf, _, _)) in enumerate(zip(text, chars, strict=True)):
        if conf < LOW_TEXT and "\u4e00" <= ch <= "\u9fff" and not _confirmed(text, j):
            marked[j] = DOUBT
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = box.tolist()
    if crop.shape[0] > 1.5 * crop.shape[1]:
        return []                                         # vertical text (a seal's rim, a stamp): not read
    height = (abs(y3 - y0) + abs(y2 - y1)) / 2
    length = max(1.0, float(np.hypot(x1 - x0, y1 - y0)))
    centres = [f for _, _, f, _ in chars]
    glyphs = []
    for k, (ch, f) in enumerate(zip(marked, centres, strict=True)):
        if ch.isspace():
            continue
        # a character reaches halfway to its neighbours, so a recognised line has no gaps
        # but where the recogniser itself read a space
        half = (0.3 if ch.isascii() or ch == DOUBT else 0.5) * height / length
        lo = (centres[k - 1] + f) / 2 if k and not marked[k - 1].isspace() else f - half
        hi = (centres[k + 1] + f) / 2 if k + 1 < len(centres) and not marked[k + 1].isspace() else f + half
        xs = [x0 + (x1 - x0) * t for t in (lo, hi)] + [x3 + (x2 - x3) * t for t in (lo, hi)]
        ys = [y0 + (y1 - y0) * f, y3 + (y2 - y3) * f]
        glyphs.append(Glyph(ch, min(xs), min(ys), max(xs), max(ys)))
        if doubts is not None:
            doubts.append((letters[k], chars[k][1], chars[k][3] if ch in (DOUBT, letters[k]) else ()))
    return glyphs


def _cell_of(g: Glyph, horizontal: list[Seg], vertical: list[Seg]) -> tuple[float, float, float, float] | None:
    """The ruled box around a glyph (nearest rule on each side), or None outside a table."""
    cx, cy = g.cx, (g.top + g.bottom) / 2
    left = max((x for x, a, b in vertical if x < cx and a <= cy <= b), default=None)
    right = min((x for x, a, b in vertical if x > cx and a <= cy <= b), default=None)
    top = max((y for y, a, b in horizontal if y < cy and a <= cx <= b), default=None)
    bottom = min((y for y, a, b in horizontal if y > cy and a <= cx <= b), default=None)
    if left is None or right is None or top is None or bottom is None:
        return None
    return left, top, right, bottom


def repair_cells(glyphs: list[Glyph], doubts: list[Doubt], horizontal: list[Seg], vertical: list[Seg],
                 tentative: set[int]) -> list[Glyph]:
    """Label repair across the lines of a ruled cell: a narrow cell wraps 预算执行率 as
    预算执行 / 率, and the lone 率, read without context, comes out 串 or 半 with 率 among the
    runners-up. The cell's lines are joined in reading order and a doubtful character that
    completes a vocabulary label becomes it (``_fix_labels``). ``tentative`` glyphs (a line
    read too poorly to keep on its own) are kept only when repaired."""
    cells: dict[tuple[float, float, float, float], list[int]] = {}
    for i, (_, _, others) in enumerate(doubts):
        if others and (cell := _cell_of(glyphs[i], horizontal, vertical)) is not None:
            cells.setdefault(cell, [])
    for i, g in enumerate(glyphs):
        if cells and (cell := _cell_of(g, horizontal, vertical)) in cells:
            cells[cell].append(i)
    out: list[Glyph | None] = list(glyphs)
    for members in cells.values():
        height = statistics.median(glyphs[i].bottom - glyphs[i].top for i in members)
        rows: list[list[int]] = []
        for i in sorted(members, key=lambda i: glyphs[i].top + glyphs[i].bottom):
            first = rows[-1][0] if rows else None
            if first is not None and abs(glyphs[i].top + glyphs[i].bottom - glyphs[first].top - glyphs[first].bottom) < height:
                rows[-1].append(i)
            else:
                rows.append([i])
        order = [i for row in rows for i in sorted(row, key=lambda i: glyphs[i].x0)]
        text = [doubts[i][0] for i in order]
        _fix_labels(text, [(doubts[i][0], doubts[i][1], 0.0, doubts[i][2]) for i in order])
        for i, ch in zip(order, text, strict=True):
            if ch != doubts[i][0]:
                g = glyphs[i]
                out[i] = Glyph(ch, g.x0, g.top, g.x1, g.bottom)
                tentative.discard(i)
    return [g for i, g in enumerate(out) if g is not None and i not in tentative]

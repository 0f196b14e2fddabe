"""Fixing the text detector's boxes before recognition: near-copies dropped, lines widened over
a thin first character, lone characters it missed boxed; and table rules erased for reading."""

from __future__ import annotations

from typing import Any

import numpy as np

from .lattice import Seg


def distinct(boxes: list[np.ndarray]) -> list[np.ndarray]:
    """Boxes without the near-copies the detector sometimes returns for one line (each would be
    read, and the text would come out twice)."""
    return [boxes[i] for i in kept(boxes)]


def kept(boxes: list[np.ndarray]) -> list[int]:
    """The indices ``distinct`` keeps, in order."""
    if len(boxes) < 2:
        return list(range(len(boxes)))
    rect = np.array([[b[:, 0].min(), b[:, 1].min(), b[:, 0].max(), b[:, 1].max()] for b in boxes])
    area = (rect[:, 2] - rect[:, 0]) * (rect[:, 3] - rect[:, 1])
    keep: list[int] = []
    for i in np.argsort(-area):
        if keep:
            k = np.array(keep)
            w = np.clip(np.minimum(rect[k, 2], rect[i, 2]) - np.maximum(rect[k, 0], rect[i, 0]), 0, None)
            h = np.clip(np.minimum(rect[k, 3], rect[i, 3]) - np.maximum(rect[k, 1], rect[i, 1]), 0, None)
            if np.any(w * h > 0.5 * area[i]):
                continue
        keep.append(int(i))
    return sorted(keep)


BLANK = 0.45                 # of a line box's height (~0.8 of its characters'): a blank this wide is a gap between cells
MARGIN = 0.25                # of the box's height: the blank a part keeps beside a cut, as the detector leaves
_SPACED = frozenset("（）()［］[]【】〔〕《》〈〉“”‘’「」『』：:；;，,。、！!？?")   # full-width marks hold blank beside them


def split_blank(box: np.ndarray, crop: np.ndarray, chars: list[Any]) -> list[tuple[np.ndarray, np.ndarray, list[Any]]]:
    """A recognised line (its box, crop and characters, each with its centre as a fraction of
    the crop's width) cut where the crop has a blank stretch ``BLANK`` wide with ink on both
    sides, into parts placed and checked on their own. The detector boxes two cells of a table
    without rules as one line when the gap between them is narrow; placed as one, the
    characters would be laid edge to edge across the gap, a skipped character supposed in it,
    and a figure beside it doubted (``ocr_lines._dropped``). The blank is looked for across the
    characters' height (the middle 60% of the box), faint ink counting as ink; a cut must have
    a character read on each side, and neither beside it a punctuation mark (a full-width mark's
    own blank is as wide as a gap). Each part keeps ``MARGIN`` of the blank (at most half)
    as its margin, as the detector's boxes have (``ocr_lines._dropped`` doubts a figure far
    from its box's end)."""
    h, w = crop.shape[:2]
    if not (0 < h < w / 3) or box.shape != (4, 2) or len(chars) < 2:
        return [(box, crop, chars)]
    grey = crop.min(axis=2) if crop.ndim == 3 else crop
    cols = np.flatnonzero((grey[int(0.2 * h):int(0.8 * h) + 1] < 205).any(axis=0))
    if len(cols) < 2:
        return [(box, crop, chars)]
    steps = np.diff(cols)
    cuts: list[int] = []
    for k in np.flatnonzero(steps > BLANK * h):
        lo, hi = int(cols[k]), int(cols[k + 1])
        left = [c for c in chars if c[2] * w <= lo + 0.5 * (hi - lo)]
        right = [c for c in chars if c[2] * w > lo + 0.5 * (hi - lo)]
        if left and right and left[-1][0] not in _SPACED and right[0][0] not in _SPACED \
                and not left[-1][0].isspace() and not right[0][0].isspace():
            margin = min((hi - lo) // 2, int(MARGIN * h))
            cuts.extend((lo + margin, hi - margin))
    if not cuts:
        return [(box, crop, chars)]
    p0, p1, p2, p3 = box.astype(np.float32)
    out: list[tuple[np.ndarray, np.ndarray, list[Any]]] = []
    bounds = [0, *cuts, w]
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        part = [(c[0], c[1], (c[2] * w - a) / (b - a), *c[3:]) for c in chars if a < c[2] * w <= b]
        if not part:
            continue
        ta, tb = a / w, b / w
        quad = np.array([p0 + (p1 - p0) * ta, p0 + (p1 - p0) * tb, p3 + (p2 - p3) * tb, p3 + (p2 - p3) * ta],
                        np.float32)
        out.append((quad, crop[:, a:b], part))
    return out


def erase_rules(grey: np.ndarray, horizontal: list[Seg], vertical: list[Seg]) -> np.ndarray:
    import cv2

    out = grey.copy()
    for y, x0, x1 in horizontal:
        cv2.line(out, (int(x0), round(y)), (int(x1), round(y)), 255, 5)
    for x, y0, y1 in vertical:
        cv2.line(out, (round(x), int(y0)), (round(x), int(y1)), 255, 5)
    return out


def em_of(boxes: list[np.ndarray]) -> float:
    """The text height of the page, from the detected lines (unclipped boxes are ~1.4 glyphs high)."""
    heights = sorted(float(np.linalg.norm(b[3] - b[0])) for b in boxes
                     if np.linalg.norm(b[1] - b[0]) > np.linalg.norm(b[3] - b[0]))
    return heights[len(heights) // 2] / 1.4 if heights else 20.0


def rects_of(boxes: list[np.ndarray]) -> np.ndarray:
    """(x0, y0, x1, y1) of every box, as one array (``extend`` looks at all of them per box)."""
    if not boxes:
        return np.zeros((0, 4))
    pts = np.asarray(boxes, np.float64).reshape(len(boxes), 4, 2)
    return np.concatenate([pts.min(axis=1), pts.max(axis=1)], axis=1)


def extend(box: np.ndarray, k: int, rect: np.ndarray, ink: np.ndarray, vertical: list[Seg],
            em: float) -> np.ndarray:
    """Widen a detected line over ink that touches its ends: the detector often leaves out a thin
    first character (一, 二, 三) or a closing mark. Never across a table rule or into another line
    (``rect``: every line's box, ``rects_of``); an end that already reaches over a rule is cut back to it."""
    h, w = ink.shape
    x0, x1 = float(box[:, 0].min()), float(box[:, 0].max())
    y0, y1 = float(box[:, 1].min()), float(box[:, 1].max())
    band = slice(max(0, int(y0 + 0.25 * (y1 - y0))), min(h, int(y1 - 0.25 * (y1 - y0)) + 1))
    if band.start >= band.stop:
        return box
    mid = (y0 + y1) / 2
    walls = [x for x, a, b in vertical if a <= mid <= b]
    beside = (rect[:, 1] < mid) & (mid < rect[:, 3])
    beside[k] = False
    walls.extend(rect[beside][:, [0, 2]].ravel().tolist())
    reach = int(1.2 * em)
    gap = int(0.5 * em)
    new_x0, new_x1 = x0, x1
    left_wall = max([x for x in walls if x <= x0 + 1], default=0.0)
    right_wall = min([x for x in walls if x >= x1 - 1], default=float(w))
    cols: list[bool] = (ink[band, max(0, int(max(left_wall + 2, x0 - reach))):int(x0)].max(axis=0, initial=0) > 0).tolist()
    blank = 0
    for i in range(len(cols) - 1, -1, -1):
        blank = 0 if cols[i] else blank + 1
        if blank > gap:
            break
        if cols[i]:
            new_x0 = x0 - (len(cols) - i) - 0.2 * em
    cols = (ink[band, int(x1):int(min(right_wall - 2, x1 + reach))].max(axis=0, initial=0) > 0).tolist()
    blank = 0
    for i, on in enumerate(cols):
        blank = 0 if on else blank + 1
        if blank > gap:
            break
        if on:
            new_x1 = x1 + i + 1 + 0.2 * em
    new_x0, new_x1 = max(new_x0, left_wall + 1), min(new_x1, right_wall - 1)
    for x, a, b in vertical:          # a loose box reaching over a cell's rule stops at it (a rule's
        if a <= mid <= b and x0 < x < x1:     # leftover beside 率 reads as another character)
            if x - x0 < 0.6 * em:
                new_x0 = max(new_x0, x + 3)
            elif x1 - x < 0.6 * em:
                new_x1 = min(new_x1, x - 3)
    if new_x0 == x0 and new_x1 == x1:
        return box
    out = box.copy()
    out[[0, 3], 0] += new_x0 - x0
    out[[1, 2], 0] += new_x1 - x1
    return out


def missed_ink(ink: np.ndarray, boxes: list[np.ndarray], em: float) -> list[np.ndarray]:
    """Boxes around ink the text detector left out: it misses lone characters (a single-digit
    score in a table cell) often enough to matter. Detected lines are blanked first (rules are
    already gone); what remains and has the size of characters becomes extra boxes."""
    import cv2

    ink = ink.copy()
    if boxes:
        cv2.fillPoly(ink, [b.astype(np.int32) for b in boxes], 0)
    joined = cv2.dilate(ink, np.ones((3, max(3, int(em * 0.5))), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out: list[np.ndarray] = []
    for x, y, w, h, _area in stats[1:count][:2000]:
        if not (0.45 * em <= h <= 1.8 * em and 0.3 * em <= w <= 15 * em):
            continue
        if int(ink[y:y + h, x:x + w].sum()) < 0.04 * em * em:
            continue                                           # specks of noise
        pad = 0.3 * em
        x0, y0, x1, y1 = x - pad, y - pad, x + w + pad, y + h + pad
        out.append(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32))
    return out

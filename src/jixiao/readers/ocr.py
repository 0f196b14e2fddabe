"""Text recognition of scanned pages and photos (RapidOCR: PP-OCRv4 models shipped in its wheel).

A page image is cleaned (``raster.prepare``), text lines are detected and recognised, and each
recognised character becomes a ``Glyph`` placed from the recogniser's own time steps, so the
page goes through the same ``lattice`` as a PDF text layer (rules found in the image make
the table cells). A figure containing a character recognised with low confidence is replaced
by ``lattice.DOUBT`` marks: it reads as "not found", never as a different number.

Results are cached by content hash (``JIXIAO_OCR_CACHE``, default the user cache directory;
``off`` disables), so checking a folder again does no recognition. Limits: at most
``JIXIAO_OCR_MAX_PAGES`` pages per document (default 50) are recognised.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import multiprocessing
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .lattice import DOUBT, Glyph, Seg

VERSION = "1"                            # bump when recognition output changes: old cache entries are ignored
DPI = int(os.environ.get("JIXIAO_OCR_DPI", "150"))
MAX_PAGES = int(os.environ.get("JIXIAO_OCR_MAX_PAGES", "50"))
LOW_CONFIDENCE = 0.80                    # a digit below this is doubtful (and the figure it is in)
LOW_TEXT = 0.40                          # a Chinese character below this is doubtful unless a label confirms it
DET_SIDE = 1280                          # detection runs on the page scaled to this longer side
_REC_HEIGHT = 48                         # the PP-OCRv4 recogniser's input height
_NUMBER = re.compile(r"[\d.,，．%％]*\d[\d.,，．%％]*")

Page = tuple[list[Glyph], list[Seg], list[Seg]]
Progress = Callable[[str, int, int], None]
_progress: Progress | None = None


def set_progress(callback: Progress | None) -> None:
    """Report (file, page done, pages) while recognising; the CLI shows a bar on long documents."""
    global _progress
    _progress = callback


def unavailable() -> str | None:
    """None when OCR can run, else why not (for notes and ``jixiao doctor``)."""
    if os.environ.get("JIXIAO_OCR", "1").lower() in {"0", "off", "no", "false"}:
        return "JIXIAO_OCR=off"
    try:
        import cv2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError as exc:
        return f"rapidocr-onnxruntime is not installed ({exc.name})"
    return None


@functools.lru_cache(maxsize=1)
def _engine() -> Any:
    """Detector and recogniser of RapidOCR, built once per process; the models are files of the wheel."""
    from rapidocr_onnxruntime import RapidOCR

    threads = int(os.environ.get("JIXIAO_OCR_THREADS", "1"))
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)


def cache_dir() -> Path | None:
    setting = os.environ.get("JIXIAO_OCR_CACHE", "")
    if setting.lower() in {"off", "0", "no"}:
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jixiao" / "ocr"


def _cached(key: str) -> Page | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{key}.json").read_text("utf-8"))
        glyphs = [Glyph(str(t), float(a), float(b), float(c), float(d)) for t, a, b, c, d in data["g"]]
        return glyphs, [tuple(map(float, s)) for s in data["h"]], [tuple(map(float, s)) for s in data["v"]]  # type: ignore[misc]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(key: str, page: Page) -> None:
    folder = cache_dir()
    if folder is None:
        return
    glyphs, horizontal, vertical = page
    body = json.dumps({"g": [[g.text, g.x0, g.top, g.x1, g.bottom] for g in glyphs], "h": horizontal,
                       "v": vertical}, ensure_ascii=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        pass                               # a read-only cache only costs time


def key_of(*parts: bytes | str) -> str:
    digest = hashlib.sha256(f"jixiao-ocr/{VERSION}/{DPI}/{LOW_CONFIDENCE}/{DET_SIDE}".encode())
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def recognise(rgb: np.ndarray) -> Page:
    """Glyphs and rules of one page image (pixels of the image as given)."""
    import cv2

    from .raster import prepare, ruling_lines

    grey, _angle, seal = prepare(rgb)
    engine = _engine()
    horizontal, vertical = ruling_lines(grey, seal)
    scale = min(1.0, DET_SIDE / max(grey.shape))
    det_input = grey if scale == 1.0 else cv2.resize(grey, (int(grey.shape[1] * scale), int(grey.shape[0] * scale)),
                                                     interpolation=cv2.INTER_AREA)
    # lines are detected with the rules in place (they keep neighbouring cells apart) and read
    # with the rules erased (a rule beside a figure must not read as "1")
    grey = erase_rules(grey, horizontal, vertical)
    bgr = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    engine.text_det.postprocess_op.unclip_ratio = 2.0     # looser boxes: single digits keep their margins
    boxes, _ = engine.text_det(cv2.cvtColor(det_input, cv2.COLOR_GRAY2BGR))
    found = _distinct([np.asarray(b, np.float32) / scale for b in (boxes if boxes is not None else [])])
    ink = (grey < 170).astype(np.uint8)
    em = _em(found)
    found = [_extend(b, k, found, ink, vertical, em) for k, b in enumerate(found)]
    extra = missed_ink(ink, found, em)
    everything = found + extra
    if not everything:
        return [], horizontal, vertical
    crops = engine.get_crop_img_list(bgr, everything)
    glyphs: list[Glyph] = []
    lines = _read_lines(engine, crops)
    for k, (box, crop, chars) in enumerate(zip(everything, crops, lines, strict=True)):
        if not chars or sum(c[1] for c in chars) < 0.5 * len(chars):
            continue                  # nothing legible (RapidOCR drops these too)
        if k >= len(found) and min(c[1] for c in chars) < 0.9:
            continue                  # ink the detector did not box: kept only when read with certainty
        glyphs.extend(_place(box, crop, chars))
    return glyphs, horizontal, vertical


def _distinct(boxes: list[np.ndarray]) -> list[np.ndarray]:
    """Boxes without the near-copies the detector sometimes returns for one line (each would be
    read, and the text would come out twice)."""
    if len(boxes) < 2:
        return boxes
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
    return [boxes[i] for i in sorted(keep)]


def erase_rules(grey: np.ndarray, horizontal: list[Seg], vertical: list[Seg]) -> np.ndarray:
    import cv2

    out = grey.copy()
    for y, x0, x1 in horizontal:
        cv2.line(out, (int(x0), round(y)), (int(x1), round(y)), 255, 5)
    for x, y0, y1 in vertical:
        cv2.line(out, (round(x), int(y0)), (round(x), int(y1)), 255, 5)
    return out


def _em(boxes: list[np.ndarray]) -> float:
    """The text height of the page, from the detected lines (unclipped boxes are ~1.4 glyphs high)."""
    heights = sorted(float(np.linalg.norm(b[3] - b[0])) for b in boxes
                     if np.linalg.norm(b[1] - b[0]) > np.linalg.norm(b[3] - b[0]))
    return heights[len(heights) // 2] / 1.4 if heights else 20.0


def _extend(box: np.ndarray, k: int, boxes: list[np.ndarray], ink: np.ndarray, vertical: list[Seg],
            em: float) -> np.ndarray:
    """Widen a detected line over ink that touches its ends: the detector often leaves out a thin
    first character (一, 二, 三) or a closing mark. Never across a table rule or into another line."""
    h, w = ink.shape
    x0, x1 = float(box[:, 0].min()), float(box[:, 0].max())
    y0, y1 = float(box[:, 1].min()), float(box[:, 1].max())
    band = slice(max(0, int(y0 + 0.25 * (y1 - y0))), min(h, int(y1 - 0.25 * (y1 - y0)) + 1))
    if band.start >= band.stop:
        return box
    mid = (y0 + y1) / 2
    walls = [x for x, a, b in vertical if a <= mid <= b]
    for j, other in enumerate(boxes):
        if j != k and float(other[:, 1].min()) < mid < float(other[:, 1].max()):
            walls.extend((float(other[:, 0].min()), float(other[:, 0].max())))
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


Char = tuple[str, float, float, tuple[str, ...]]     # text, confidence, centre (fraction of the width), runners-up


def _read_lines(engine: Any, crops: list[np.ndarray]) -> list[list[Char]]:
    """Each crop's characters as (text, confidence, centre as a fraction of the crop width, the
    recogniser's next guesses when it was unsure).

    Crops are batched by width and padded only to the widest of their batch (RapidOCR pads
    every line to 320 pixels): most cells of a table are a few characters wide.
    """
    import cv2

    rec = engine.text_rec
    alphabet = rec.postprocess_op.character
    out: list[list[Char]] = [[] for _ in crops]
    widths = [max(1, round(_REC_HEIGHT * c.shape[1] / max(1, c.shape[0]))) for c in crops]
    order = sorted(range(len(crops)), key=lambda i: widths[i])
    batch = 4
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
                    conf = float(prob[k, t])
                    others: tuple[str, ...] = ()
                    if conf < LOW_CONFIDENCE:
                        ranked = np.argsort(preds[k, t])[::-1][1:6]
                        others = tuple(alphabet[int(c)] for c in ranked if 0 < int(c) < len(alphabet))
                    chars.append((alphabet[code], conf, min(1.0, (t + 0.5) / steps / used), others))
                previous = code
            out[i] = chars
    return out


@functools.lru_cache(maxsize=1)
def _labels() -> set[str]:
    from ..core import vocabulary as v

    return {w for words in (*v.FIELD_LABELS.values(), *v.COLUMN_LABELS.values(), v.SOURCE_LABELS,
                            v.TOTAL_ROW_LABELS) for w in words if len(w) >= 2 and w.isalpha()}


def _confirmed(text: str, i: int) -> bool:
    """True when the character at ``i`` is part of a vocabulary label as read (分值, 执行率 …)."""
    return any(text.find(w, max(0, i - len(w) + 1), i + len(w)) >= 0 for w in _labels() if text[i] in w)


@functools.lru_cache(maxsize=1)
def _label_holes() -> dict[str, str]:
    """Every vocabulary label with one character blanked -> the characters that fill it."""
    labels = {w for w in _labels() if len(w) >= 3}
    holes: dict[str, str] = {}
    for word in labels:
        for k, ch in enumerate(word):
            key = word[:k] + "?" + word[k + 1:]
            holes[key] = holes.get(key, "") + ch
    return holes


def _fix_labels(text: list[str], chars: list[Char]) -> None:
    """A doubtful character that completes a vocabulary label with one of the recogniser's own
    next guesses (执行宰 -> 执行率, 率 being its second guess) becomes that guess: headers decide
    what whole columns mean, so they are worth the repair; anything else stays as read."""
    holes = _label_holes()
    for i, ch in enumerate(text):
        others = chars[i][3]
        if not others or not ("\u4e00" <= ch <= "\u9fff"):
            continue
        for n in range(8, 2, -1):
            fixed = None
            for s in range(max(0, i - n + 1), min(i, len(text) - n) + 1):
                fits = holes.get("".join(text[s:i]) + "?" + "".join(text[i + 1:s + n]), "")
                fixed = next((o for o in others if o in fits), None)
                if fixed:
                    break
            if fixed:
                text[i] = fixed
                break


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


def _place(box: np.ndarray, crop: np.ndarray, chars: list[Char]) -> list[Glyph]:
    """Glyph boxes along the detected quadrilateral; doubtful characters become DOUBT marks: a
    figure with one doubtful digit entirely, other characters when no label confirms them."""
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
    return glyphs


def _report(file: str, done: int, total: int) -> None:
    if _progress is not None:
        _progress(file, done, total)
    elif total >= 3 and multiprocessing.parent_process() is None and sys.stderr.isatty():
        end = "\n" if done == total else ""
        print(f"\r文字识别 OCR {Path(file).name}: {done}/{total}", end=end, file=sys.stderr, flush=True)


def ocr_pdf_pages(pdf: Any, data: bytes, pages: list[int], notes: list[tuple[str, str, int | None]],
                  file: str = "") -> dict[int, Page]:
    """Recognise the listed pages (0-based) of an open pypdfium2 document; coordinates in points."""
    why = unavailable()
    if why is not None:
        notes.append((f"PDF 有{len(pages)}页是扫描页，文字识别不可用（{why}），这些页未读取",
                      f"{len(pages)} PDF pages are scanned and OCR is unavailable ({why}); not read", pages[0] + 1))
        return {}
    if len(pages) > MAX_PAGES:
        notes.append((f"扫描页共{len(pages)}页，只识别前{MAX_PAGES}页（JIXIAO_OCR_MAX_PAGES）",
                      f"{len(pages)} scanned pages; only the first {MAX_PAGES} were recognised "
                      "(JIXIAO_OCR_MAX_PAGES)", pages[MAX_PAGES] + 1))
        pages = pages[:MAX_PAGES]
    digest = hashlib.sha256(data).hexdigest()
    out: dict[int, Page] = {}
    for done, index in enumerate(pages, 1):
        key = key_of(digest, str(index))
        page = _cached(key)
        if page is None:
            pdf_page = pdf[index]
            try:
                rgb = pdf_page.render(scale=DPI / 72, rev_byteorder=True).to_numpy()   # RGB, not BGR
            finally:
                pdf_page.close()
            glyphs, horizontal, vertical = recognise(rgb[..., :3])
            f = 72 / DPI
            page = ([Glyph(g.text, g.x0 * f, g.top * f, g.x1 * f, g.bottom * f) for g in glyphs],
                    [(a * f, b * f, c * f) for a, b, c in horizontal], [(a * f, b * f, c * f) for a, b, c in vertical])
            _store(key, page)
        out[index] = page
        _report(file, done, len(pages))
    doubts = sum(1 for page in out.values() for g in page[0] if g.text == DOUBT)
    notes.append((f"第{', '.join(str(i + 1) for i in sorted(out)[:10])}页为扫描页，内容由文字识别（OCR）读取"
                  + (f"；{doubts}个字符置信度低，含这些字符的数字不予采用" if doubts else ""),
                  f"pages {', '.join(str(i + 1) for i in sorted(out)[:10])} are scanned and were read by OCR"
                  + (f"; {doubts} characters were uncertain and the figures containing them were left out"
                     if doubts else ""), pages[0] + 1))
    return out


def ocr_image(data: bytes, file: str, notes: list[tuple[str, str, int | None]]) -> list[Page]:
    """Every frame of an image file (a TIFF may hold several pages), in the image's pixels."""
    from PIL import Image, ImageOps

    why = unavailable()
    if why is not None:
        notes.append((f"图片需要文字识别，但文字识别不可用（{why}）", f"an image needs OCR, which is unavailable ({why})",
                       None))
        return []
    import io

    Image.MAX_IMAGE_PIXELS = 100_000_000                   # PIL raises on larger (decompression bombs)
    pages: list[Page] = []
    with Image.open(io.BytesIO(data)) as image:
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_PAGES:
            notes.append((f"图片共{frames}页，只识别前{MAX_PAGES}页", f"the image has {frames} pages; only the "
                          f"first {MAX_PAGES} were recognised", None))
        for frame in range(min(frames, MAX_PAGES)):
            image.seek(frame)
            key = key_of(hashlib.sha256(data).hexdigest(), f"frame{frame}")
            page = _cached(key)
            if page is None:
                rgb = np.asarray(ImageOps.exif_transpose(image).convert("RGB"))
                page = recognise(rgb)
                _store(key, page)
            pages.append(page)
            _report(file, frame + 1, min(frames, MAX_PAGES))
    return pages

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
LOW_CONFIDENCE = 0.80                    # a character below this is doubtful
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
    from .raster import prepare, ruling_lines

    grey, _angle = prepare(rgb)
    engine = _engine()
    scale = min(1.0, DET_SIDE / max(grey.shape))
    import cv2

    det_input = grey if scale == 1.0 else cv2.resize(grey, (int(grey.shape[1] * scale), int(grey.shape[0] * scale)),
                                                     interpolation=cv2.INTER_AREA)
    bgr = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    engine.text_det.postprocess_op.unclip_ratio = 2.0     # looser boxes: single digits keep their margins
    boxes, _ = engine.text_det(cv2.cvtColor(det_input, cv2.COLOR_GRAY2BGR))
    horizontal, vertical = ruling_lines(grey)
    found = [np.asarray(b, np.float32) / scale for b in (boxes if boxes is not None else [])]
    extra = missed_ink(grey, found, horizontal, vertical)
    everything = found + extra
    if not everything:
        return [], horizontal, vertical
    crops = engine.get_crop_img_list(bgr, everything)
    glyphs: list[Glyph] = []
    lines = _read_lines(engine, crops)
    for k, (box, crop, chars) in enumerate(zip(everything, crops, lines, strict=True)):
        if not chars or sum(conf for _, conf, _ in chars) < 0.5 * len(chars):
            continue                  # nothing legible (RapidOCR drops these too)
        if k >= len(found) and min(conf for _, conf, _ in chars) < 0.9:
            continue                  # ink the detector did not box: kept only when read with certainty
        glyphs.extend(_place(box, crop, chars))
    return glyphs, horizontal, vertical


def missed_ink(grey: np.ndarray, boxes: list[np.ndarray], horizontal: list[Seg],
               vertical: list[Seg]) -> list[np.ndarray]:
    """Boxes around ink the text detector left out: it misses lone characters (a single-digit
    score in a table cell) often enough to matter. Rules and detected lines are erased first;
    what remains and has the size of characters becomes extra boxes."""
    import cv2

    heights = sorted(float(np.linalg.norm(b[3] - b[0])) for b in boxes if np.linalg.norm(b[1] - b[0]) > np.linalg.norm(b[3] - b[0]))
    em = heights[len(heights) // 2] / 1.4 if heights else 20.0     # unclipped boxes are ~1.4 glyphs high
    ink = (grey < 140).astype(np.uint8)
    for y, x0, x1 in horizontal:
        cv2.line(ink, (int(x0), int(y)), (int(x1), int(y)), 0, 7)
    for x, y0, y1 in vertical:
        cv2.line(ink, (int(x), int(y0)), (int(x), int(y1)), 0, 7)
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


def _read_lines(engine: Any, crops: list[np.ndarray]) -> list[list[tuple[str, float, float]]]:
    """Each crop's characters as (text, confidence, centre as a fraction of the crop width).

    Crops are batched by width and padded only to the widest of their batch (RapidOCR pads
    every line to 320 pixels): most cells of a table are a few characters wide.
    """
    import cv2

    rec = engine.text_rec
    alphabet = rec.postprocess_op.character
    out: list[list[tuple[str, float, float]]] = [[] for _ in crops]
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
            chars = []
            previous = 0
            for t in range(steps):
                code = int(best[k, t])
                if code != previous and code != 0 and code < len(alphabet):
                    chars.append((alphabet[code], float(prob[k, t]), min(1.0, (t + 0.5) / steps / used)))
                previous = code
            out[i] = chars
    return out


def _place(box: np.ndarray, crop: np.ndarray, chars: list[tuple[str, float, float]]) -> list[Glyph]:
    """Glyph boxes along the detected quadrilateral; doubtful figures become DOUBT marks."""
    text = "".join(c for c, _, _ in chars)
    doubtful = [conf < LOW_CONFIDENCE for _, conf, _ in chars]
    marked = list(text)
    for m in _NUMBER.finditer(text):
        if any(doubtful[m.start():m.end()]):
            for j in range(m.start(), m.end()):
                marked[j] = DOUBT
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = box.tolist()
    if crop.shape[0] > 1.5 * crop.shape[1]:
        return []                                         # vertical text (a seal's rim, a stamp): not read
    height = (abs(y3 - y0) + abs(y2 - y1)) / 2
    length = max(1.0, float(np.hypot(x1 - x0, y1 - y0)))
    centres = [f for _, _, f in chars]
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
                rgb = pdf_page.render(scale=DPI / 72).to_numpy()
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

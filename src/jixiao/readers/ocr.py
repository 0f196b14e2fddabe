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
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from . import ocr_graph
from .lattice import DOUBT, Glyph, Seg
from .ocr_boxes import distinct, em_of, erase_rules, extend, kept, missed_ink, rects_of, split_blank
from .ocr_detect import detect
from .ocr_lines import LOW_CONFIDENCE, LOW_TEXT, Char, Doubt, place, read_lines, repair_cells

VERSION = "9"                            # bump when recognition output changes: old cache entries are ignored
DPI = int(os.environ.get("JIXIAO_OCR_DPI", "150"))
MAX_PAGES = int(os.environ.get("JIXIAO_OCR_MAX_PAGES", "50"))
DET_SIDE = 1280                          # detection runs on the page scaled to this longer side

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
    import cv2
    from rapidocr_onnxruntime import RapidOCR

    threads = int(os.environ.get("JIXIAO_OCR_THREADS", "1"))
    cv2.setNumThreads(threads)        # OpenCV's own pool too: `check -j N` runs N processes, one core each
    engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
    _leaner(engine.text_det.infer, "Det", threads)
    _leaner(engine.text_rec.session, "Rec", threads)
    return engine


def _leaner(infer: Any, part: str, threads: int) -> None:
    """Swap a model's session for one over its leaner equivalent graph (``ocr_graph``), when one
    can be made; RapidOCR keeps calling it the same way."""
    import onnxruntime as ort
    import rapidocr_onnxruntime
    import yaml

    package = Path(rapidocr_onnxruntime.__file__).parent
    try:
        model = package / yaml.safe_load((package / "config.yaml").read_text("utf-8"))[part]["model_path"]
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return
    folder = cache_dir()
    lean = ocr_graph.lean_bytes(model, folder / "models" if folder else None) if model.is_file() else None
    if lean is None:
        return
    options = ort.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = False
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    infer.session = ort.InferenceSession(lean, options, providers=["CPUExecutionProvider"])


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
    digest = hashlib.sha256(f"jixiao-ocr/{VERSION}/{DPI}/{LOW_CONFIDENCE}/{LOW_TEXT}/{DET_SIDE}".encode())
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
    # lines are detected with the rules in place (they keep neighbouring cells apart) and read
    # with the rules erased (a rule beside a figure must not read as "1")
    engine.text_det.postprocess_op.unclip_ratio = 2.0     # looser boxes: single digits keep their margins
    found = distinct(detect(engine, grey, min(1.0, DET_SIDE / max(grey.shape))))
    grey = erase_rules(grey, horizontal, vertical)
    bgr = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    ink = (grey < 170).astype(np.uint8)
    faint = (grey < 205).astype(np.uint8)                 # a blurred thin stroke (一) is barely grey
    em = em_of(found)
    rects = rects_of(found)
    found = [extend(b, k, rects, faint, vertical, em) for k, b in enumerate(found)]
    extra = missed_ink(ink, found, em)
    everything = found + extra
    if not everything:
        return [], horizontal, vertical
    crops = engine.get_crop_img_list(bgr, everything)
    glyphs: list[Glyph] = []
    doubts: list[Doubt] = []
    tentative: set[int] = set()
    lines = read_lines(engine, crops)
    pieces: list[tuple[int, bool, np.ndarray, np.ndarray, list[Char]]] = []   # line, cut, box, crop, chars
    for k, (box, crop, chars) in enumerate(zip(everything, crops, lines, strict=True)):
        if not chars:
            continue
        poor = sum(c[1] for c in chars) < 0.5 * len(chars)   # nothing legible (RapidOCR drops these too) ...
        if poor and (len(chars) > 2 or k >= len(found)):
            continue
        if k >= len(found) and min(c[1] for c in chars) < 0.9:
            continue                  # ink the detector did not box: kept only when read with certainty
        parts = split_blank(box, crop, chars)
        pieces.extend((k, len(parts) > 1, *part) for part in parts)
    # the parts of a line cut at a blank are read again on their own (read as one line, a figure
    # beside a wide blank comes out less sure); a part that repeats another line (the detector
    # boxed a cell alone and with its neighbour) is dropped
    unique = set(kept([piece[2] for piece in pieces]))
    again = [i for i, piece in enumerate(pieces) if piece[1] and i in unique]
    for i, chars in zip(again, read_lines(engine, [pieces[i][3] for i in again]), strict=True):
        pieces[i] = (*pieces[i][:4], chars)
    for i, (k, was_cut, box, crop, chars) in enumerate(pieces):
        if not chars or (was_cut and i not in unique):
            continue
        poor = sum(c[1] for c in lines[k]) < 0.5 * len(lines[k])
        start = len(glyphs)
        glyphs.extend(place(box, crop, chars, doubts))
        if poor:                      # ... but for a character or two, which its cell's label may complete
            tentative.update(range(start, len(glyphs)))
    return repair_cells(glyphs, doubts, horizontal, vertical, tentative), horizontal, vertical


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

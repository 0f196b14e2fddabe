"""Ruling lines of a PDF page from its drawn paths (pypdfium2), and the share covered by images.

A table's rules are thin filled rectangles or stroked lines. A chart, or text drawn as outlines,
has thousands of path segments, and PDFium hands each one out by four ctypes calls (segment,
point, type, close flag: ~2 µs), which made the path walk most of the time of a PDF with charts.
PDFium keeps a path's points in one array of 12-byte records (x, y as floats, type, close flag).
Once one path read that way has equalled the API walk in full (``_LAYOUT``), a path whose first
and last segment handles are 12 × (n − 1) bytes apart is read with one copy and decoded by
``struct``; anything else is walked through the API. Same segments either way, same rules.
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import struct
from collections.abc import Callable
from typing import Any, cast

from .lattice import Seg

MAX_PATH_SEGMENTS = 200_000          # per page: path segments inspected for ruling lines
_THIN = 3.0                          # points: a drawn rule is at most this thick
_MIN_RULE = 3.0                      # points: and at least this long
_POINT = struct.Struct("=ffBB2x")    # CFX_Path::Point: CFX_PointF, Type (uint8), close flag (bool), padding
_BOUNDS = struct.Struct("=4f")
_MOVETO = 2                          # FPDF_SEGMENT_MOVETO
_LAYOUT: dict[str, bool] = {}        # "ok": whether PDFium's point array is laid out as _POINT, once checked

Points = tuple[list[float], list[float], bytes, bytes]   # x, y (path space), segment types, closes the figure


def fast(fn: Any, restype: Any = ctypes.c_int) -> Any:
    """The same C function without ctypes' argument conversion (about 3x cheaper a call): for
    arguments that are Python ints (C int) or ctypes pointers and references only."""
    f = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
    f.restype = restype
    return f


@functools.cache
def _calls() -> tuple[Any, ...]:
    import pypdfium2.raw as pdfium_c

    return (fast(pdfium_c.FPDFPage_CountObjects), fast(pdfium_c.FPDFPage_GetObject, pdfium_c.FPDF_PAGEOBJECT),
            fast(pdfium_c.FPDFPageObj_GetType), fast(pdfium_c.FPDFPageObj_GetBounds),
            fast(pdfium_c.FPDFPath_CountSegments))


def rules(page: Any, left: float, top: float, area: float) -> tuple[list[Seg], list[Seg], float]:
    """Thin drawn rectangles and axis-aligned stroked lines as segments; the image coverage."""
    import pypdfium2.raw as pdfium_c

    count_objects, get_object, get_type, get_bounds, count_segments = _calls()
    image, path = pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH
    raw = page.raw
    horizontal: list[Seg] = []
    vertical: list[Seg] = []
    image_area = 0.0
    box = (ctypes.c_float * 4)()                  # left, bottom, right, top, read back in one unpack
    bounds = tuple(ctypes.byref(box, 4 * k) for k in range(4))
    unpack = _BOUNDS.unpack_from
    budget = MAX_PATH_SEGMENTS

    def add(x0: float, y0: float, x1: float, y1: float) -> None:
        """A box in PDF space (y up) -> a rule if it is thin and long enough."""
        x0, x1, y0, y1 = x0 - left, x1 - left, top - y0, top - y1
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        w, h = x1 - x0, y1 - y0
        if h <= _THIN and w >= _MIN_RULE:
            horizontal.append(((y0 + y1) / 2, x0, x1))
        elif w <= _THIN and h >= _MIN_RULE:
            vertical.append(((x0 + x1) / 2, y0, y1))

    for k in range(count_objects(raw)):
        obj = get_object(raw, k)
        kind = get_type(obj)
        if kind == image:
            if get_bounds(obj, *bounds):
                lb, bb, rb, tb = unpack(box)
                image_area += max(0.0, rb - lb) * max(0.0, tb - bb)
            continue
        if kind != path or not get_bounds(obj, *bounds):
            continue
        lb, bb, rb, tb = unpack(box)
        w, h = rb - lb, tb - bb
        if (h <= _THIN and w >= _MIN_RULE) or (w <= _THIN and h >= _MIN_RULE):
            add(lb, bb, rb, tb)
            continue
        if w < _MIN_RULE and h < _MIN_RULE:
            continue
        count = count_segments(obj)
        budget -= max(0, count)
        if count <= 0 or budget < 0:
            continue
        _subpaths(obj, count, add)
    return horizontal, vertical, min(1.0, image_area / area) if area > 0 else 0.0


def _subpaths(obj: Any, count: int, add: Callable[[float, float, float, float], None]) -> None:
    """A composite path (many rectangles in one object, or a stroked grid): each thin subpath is a
    rule; for stroked paths each axis-aligned line segment is one too."""
    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    stroked = bool(pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)) and bool(stroke.value)
    px, py, kinds, closes = _points(obj, count)
    xs = [a * x + c * y + e for x, y in zip(px, py, strict=True)]
    ys = [b * x + d * y + f for x, y in zip(px, py, strict=True)]
    if stroked:
        _stroked(kinds, closes, xs, ys, add)
        return
    # filled only: a subpath counts by its box alone (a closing point repeats one already in it)
    starts = [i for i, kind in enumerate(kinds) if kind == _MOVETO]
    if not starts or starts[0]:
        starts.insert(0, 0)
    starts.append(len(kinds))
    for i, j in itertools.pairwise(starts):
        if j - i >= 2:
            sx, sy = xs[i:j], ys[i:j]
            x0, x1, y0, y1 = min(sx), max(sx), min(sy), max(sy)
            if min(x1 - x0, y1 - y0) <= _THIN:
                add(x0, y0, x1, y1)


def _stroked(kinds: bytes, closes: bytes, xs: list[float], ys: list[float],
             add: Callable[[float, float, float, float], None]) -> None:
    """A stroked path: thin subpaths as above, and each axis-aligned segment of the others
    (closing a figure draws its last side)."""
    current: list[tuple[float, float]] = []

    def flush() -> None:
        if len(current) >= 2:
            cx = [p[0] for p in current]
            cy = [p[1] for p in current]
            if min(max(cx) - min(cx), max(cy) - min(cy)) <= _THIN:
                add(min(cx), min(cy), max(cx), max(cy))
            else:
                for (x0, y0), (x1, y1) in itertools.pairwise(current):
                    if abs(x0 - x1) <= 0.5 or abs(y0 - y1) <= 0.5:
                        add(x0, y0, x1, y1)

    for kind, close, x, y in zip(kinds, closes, xs, ys, strict=True):
        if kind == _MOVETO:
            flush()
            current = [(x, y)]
        else:
            current.append((x, y))
            if close and current:
                current.append(current[0])
    flush()


def _points(obj: Any, count: int) -> Points:
    """Every segment of a path object: one copy of PDFium's point array once its layout has
    checked out against the API (in full, on a path with moves, lines and a closed figure),
    else segment by segment through the API."""
    ok = _LAYOUT.get("ok")
    if count >= 2 and ok is not False:
        bulk = _bulk(obj, count)
        if bulk is not None:
            if ok:
                return bulk
            walked = _walk(obj, count)
            if _MOVETO in walked[2] and any(k != _MOVETO for k in walked[2]) and any(walked[3]):
                _LAYOUT["ok"] = bulk == walked
            return walked
    return _walk(obj, count)


def _bulk(obj: Any, count: int) -> Points | None:
    """The point array in one copy, split by strides; None when the first and last segment
    handles do not delimit one array of ``_POINT`` records."""
    get_segment = _segment_address()
    start, end = get_segment(obj, 0), get_segment(obj, count - 1)
    if not start or not end or end - start != _POINT.size * (count - 1):
        return None
    data = ctypes.string_at(start, _POINT.size * count)
    floats = memoryview(data).cast("f")
    xs: list[float] = cast(list[float], floats[0::3].tolist())
    ys: list[float] = cast(list[float], floats[1::3].tolist())
    return xs, ys, data[8::12], data[9::12]


@functools.cache
def _segment_address() -> Any:
    import pypdfium2.raw as pdfium_c

    return fast(pdfium_c.FPDFPath_GetPathSegment, ctypes.c_void_p)


def _walk(obj: Any, count: int) -> Points:
    """Segment by segment: four API calls each."""
    import pypdfium2.raw as pdfium_c

    xs: list[float] = []
    ys: list[float] = []
    kinds: list[int] = []
    closes: list[int] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(count):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        xs.append(x.value)
        ys.append(y.value)
        kinds.append(pdfium_c.FPDFPathSegment_GetType(seg))
        closes.append(1 if pdfium_c.FPDFPathSegment_GetClose(seg) else 0)
    return xs, ys, bytes(kinds), bytes(closes)

"""Text-line detection on the inked part of a page only.

A scanned A4 page is mostly margin. The detector is a fully convolutional network whose cost
grows with the pixels it is given, so the page is cut to the box around its ink (with a margin
of white, so lines at the edge keep their surroundings) before it is scaled. The rest is what
RapidOCR's own preprocessing does (sides rounded to multiples of 32 by resizing, values to
[-1, 1]), in float32 rather than float64, except that a small inked area is padded with white
to the detector's minimum side instead of being enlarged: the text keeps its size. The boxes
come back in the page's own pixels.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_INK = 200                 # darker than this is ink, for finding the printed area
_MARGIN = 32               # pixels of white kept around the ink (before scaling)
_MIN_SIDE = 736            # RapidOCR's detector limit: a smaller inked area is padded to it, not enlarged


def ink_box(grey: np.ndarray) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of the ink with a margin, or None for a blank page."""
    dark = grey < _INK
    rows = np.flatnonzero(dark.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(dark.any(axis=0))
    h, w = grey.shape
    return (max(0, int(rows[0]) - _MARGIN), min(h, int(rows[-1]) + 1 + _MARGIN),
            max(0, int(cols[0]) - _MARGIN), min(w, int(cols[-1]) + 1 + _MARGIN))


def detect(engine: Any, grey: np.ndarray, scale: float) -> list[np.ndarray]:
    """Quadrilaterals (4×2, page pixels) of the text lines RapidOCR's detector finds in ``grey``
    scaled by ``scale``."""
    import cv2

    box = ink_box(grey)
    if box is None:
        return []
    top, bottom, left, right = box
    region = grey[top:bottom, left:right]
    if scale != 1.0:
        region = cv2.resize(region, (max(1, int(region.shape[1] * scale)), max(1, int(region.shape[0] * scale))),
                            interpolation=cv2.INTER_AREA)
    h, w = region.shape
    if min(h, w) < _MIN_SIDE:
        canvas = np.full((max(h, _MIN_SIDE), max(w, _MIN_SIDE)), 255, np.uint8)
        canvas[:h, :w] = region
        region = canvas
        h, w = region.shape
    height, width = (max(32, round(n / 32) * 32) for n in (h, w))
    if (height, width) != (h, w):
        region = cv2.resize(region, (width, height))
    x = region.astype(np.float32) * (1 / 127.5) - 1.0          # RapidOCR's (v / 255 - 0.5) / 0.5
    tensor = np.ascontiguousarray(np.broadcast_to(x, (1, 3, height, width)))
    det = engine.text_det
    preds = det.infer(tensor)[0]
    boxes, _ = det.postprocess_op(preds, (h, w))
    boxes = det.filter_tag_det_res(boxes, (h, w)) if len(boxes) else []
    return [np.asarray(b, np.float32) / scale + np.array([left, top], np.float32) for b in boxes]

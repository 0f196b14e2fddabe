"""Perspective correction of a phone photo before recognition (numpy + OpenCV).

A photo taken at a slant turns the page's rectangle into a quadrilateral: rows of a table
converge, and no single rotation levels them. Two independent cues give the quadrilateral:

- the sheet's own edges, when the photo shows the desk around it (the largest bright
  four-cornered region, clearly lighter than what surrounds it);
- the table rules, when the paper fills the frame: the topmost and bottommost long
  horizontal rules and the leftmost and rightmost long vertical ones are straight lines
  that were parallel on paper, so their four crossings are a rectangle's corners.

Either becomes a homography that maps the quadrilateral back to a rectangle. A page that is
only rotated (parallel rules) is left to the deskew step, so ordinary scans are unchanged.
"""

from __future__ import annotations

import numpy as np

KEYSTONE = 0.0025                 # the least difference in slope (rad) between opposite rules worth a warp
Line = tuple[float, float]        # y = a + b·x for a horizontal rule, x = a + b·y for a vertical one


def paper_quad(rgb: np.ndarray) -> np.ndarray | None:
    """The sheet's four corners (TL, TR, BR, BL, in pixels) when the photo shows the desk
    around it, else None."""
    import cv2

    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb
    h, w = grey.shape
    f = 600 / max(h, w)
    small = cv2.resize(grey, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))   # text is not a hole
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(outline)
    if not 0.3 * small.size <= area <= 0.97 * small.size:
        return None                                   # no sheet, or the sheet fills the frame
    corners = cv2.approxPolyDP(outline, 0.02 * cv2.arcLength(outline, True), True)
    if len(corners) != 4 or not cv2.isContourConvex(corners):
        return None
    inside = np.zeros_like(small)
    cv2.fillPoly(inside, [corners], 255)
    if float(small[inside > 0].mean()) - float(small[inside == 0].mean()) < 40:
        return None                                   # the "desk" is as light as the paper: no edge seen
    return _ordered(corners.reshape(4, 2).astype(np.float32) / f)


def _ordered(points: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    s = points.sum(axis=1)
    d = points[:, 0] - points[:, 1]
    return np.array([points[np.argmin(s)], points[np.argmax(d)], points[np.argmax(s)], points[np.argmin(d)]],
                    np.float32)


def _rules(ink: np.ndarray, horizontal: bool) -> list[tuple[float, Line]]:
    """Long straight rules as (position across, fitted line), slanted ones included: the
    kernel is short enough that a rule off by a degree or two still fills it."""
    import cv2

    h, w = ink.shape
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (25, 1) if horizontal else (1, 25))
    mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[tuple[float, Line]] = []
    for k in range(1, count):
        x, y, bw, bh, _area = stats[k]
        along, across = (bw, bh) if horizontal else (bh, bw)
        if along < (0.3 * w if horizontal else 0.2 * h) or across > 0.06 * along + 8:
            continue
        ys, xs = np.nonzero(labels[y:y + bh, x:x + bw] == k)
        u, v = (xs + x, ys + y) if horizontal else (ys + y, xs + x)
        b, a = np.polyfit(u.astype(np.float64), v.astype(np.float64), 1)
        out.append((float(a + b * (u.mean())), (float(a), float(b))))
    return out


def _cross(hline: Line, vline: Line) -> tuple[float, float]:
    """Where y = a + b·x meets x = c + d·y."""
    a, b = hline
    c, d = vline
    y = (a + b * c) / (1 - b * d)
    return c + d * y, y


def rules_quad(grey: np.ndarray) -> np.ndarray | None:
    """Corners of the rectangle the outermost table rules drew, when they are not parallel
    (a slanted photo); None when the page has no such rules or they are parallel."""
    import cv2

    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    ink[grey > 190] = 0
    h, w = grey.shape
    rows, cols = sorted(_rules(ink, True)), sorted(_rules(ink, False))
    if len(rows) < 2 or len(cols) < 2:
        return None
    (top_at, top), (bottom_at, bottom) = rows[0], rows[-1]
    (left_at, left), (right_at, right) = cols[0], cols[-1]
    if bottom_at - top_at < 0.2 * h or right_at - left_at < 0.3 * w:
        return None
    if abs(top[1] - bottom[1]) < KEYSTONE and abs(left[1] - right[1]) < KEYSTONE:
        return None                                   # parallel: at most a rotation, deskew's job
    return np.array([_cross(top, left), _cross(top, right), _cross(bottom, right), _cross(bottom, left)],
                    np.float32)


def homography(quad: np.ndarray, shape: tuple[int, int], fill: bool) -> np.ndarray:
    """The transform taking ``quad`` to an upright rectangle of the same mean size: anchored at
    the quadrilateral's top-left corner (a table stays where it was), or filling the frame
    (a sheet cut out of its photo)."""
    import cv2

    tl, tr, _br, bl = quad
    width, height = _size(quad)
    if fill:
        x0 = y0 = 0.0
        width, height = float(shape[1] - 1), float(shape[0] - 1)
    else:
        x0, y0 = float((tl[0] + bl[0]) / 2), float((tl[1] + tr[1]) / 2)
    target = np.array([[x0, y0], [x0 + width, y0], [x0 + width, y0 + height], [x0, y0 + height]], np.float32)
    return cv2.getPerspectiveTransform(quad, target)


def warp(image: np.ndarray, m: np.ndarray, shape: tuple[int, int] | None = None) -> np.ndarray:
    """``image`` through the homography ``m`` (white where nothing maps)."""
    import cv2

    h, w = shape if shape is not None else image.shape[:2]
    white = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpPerspective(image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=white)


def _size(quad: np.ndarray) -> tuple[float, float]:
    """Mean width and height of a quadrilateral (TL, TR, BR, BL)."""
    tl, tr, br, bl = quad
    return (float(np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2,
            float(np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2)


def sheet_size(quad: np.ndarray) -> tuple[int, int]:
    """(height, width) in pixels of the sheet a photo shows, from its corners."""
    width, height = _size(quad)
    return round(height), round(width)

"""Clean a page image before recognition: seals, uneven light, skew, ruling lines (numpy + OpenCV).

OpenCV comes with rapidocr-onnxruntime (it crops and warps text lines with it), so the same
library does the image work here. Every step is deterministic and works on a grey image.
"""

from __future__ import annotations

import math

import numpy as np

from .lattice import Seg

MAX_PIXELS = 40_000_000                  # an image larger than this is scaled down before anything else


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """Where the page is clearly red (seal ink)."""
    if rgb.ndim == 2:
        return np.zeros(rgb.shape, bool)
    r = rgb[..., 0].astype(np.int32)
    return (r - np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int32)) > 40


def grey_without_red(rgb: np.ndarray) -> np.ndarray:
    """A grey image in which red ink (an official seal over the text) turns pale.

    Black text is dark in every channel; red seal ink is bright in the red channel. Where a
    pixel is clearly red, its red channel is used as its grey value, so the seal fades to
    the paper's colour and the text printed under it stays black.
    """
    if rgb.ndim == 2:
        return rgb.astype(np.uint8)
    r = rgb[..., 0].astype(np.int32)
    g = rgb[..., 1].astype(np.int32)
    b = rgb[..., 2].astype(np.int32)
    grey = (r * 299 + g * 587 + b * 114) // 1000
    red = (r - np.maximum(g, b)) > 40
    # the red channel, its light part (seal ink alone) lifted towards white, its dark part (black
    # text under the seal, reddened by JPEG) kept as dark as it is
    keep = np.clip((200 - r) / 80, 0.25, 1.0)
    out = np.where(red, 255 - ((255 - r) * keep).astype(np.int32), grey)
    return np.clip(out, 0, 255).astype(np.uint8)


def even_light(grey: np.ndarray) -> np.ndarray:
    """Divide by the paper's brightness (a wide dilation of the page) so shadows and a darker
    corner of a phone photo do not swallow the text."""
    import cv2

    h, w = grey.shape
    k = max(15, (min(h, w) // 40) | 1)
    small = cv2.resize(grey, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, np.ones((max(3, k // 4), max(3, k // 4)), np.uint8))
    paper = cv2.GaussianBlur(paper, (0, 0), max(1.0, k / 8))
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    out = grey.astype(np.float32) * 255.0 / np.maximum(paper.astype(np.float32), 1.0)
    return np.clip(out, 0, 255).astype(np.uint8)


def skew_angle(grey: np.ndarray, limit: float = 5.0) -> float:
    """The page's skew in degrees (positive: text runs up to the right), from the projection
    profile: rows of text give the sharpest profile when the page is level."""
    import cv2

    h, w = grey.shape
    scale = 800 / max(h, w)
    small = cv2.resize(grey, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    if ink.sum() < 50:
        return 0.0
    centre = (ink.shape[1] / 2, ink.shape[0] / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rotated = cv2.warpAffine(ink, m, (ink.shape[1], ink.shape[0]), flags=cv2.INTER_NEAREST)
        profile = rotated.sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    best = 0.0
    step = 1.0
    lo, hi = -limit, limit
    while step >= 0.05:
        angles = np.arange(lo, hi + step / 2, step)
        scores = [sharpness(float(a)) for a in angles]
        best = float(angles[int(np.argmax(scores))])
        lo, hi = best - step, best + step
        step /= 4
    return -best if abs(best) >= 0.1 else 0.0


def rotate(image: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by ``angle`` degrees (counter-clockwise) about the centre, padding with white."""
    import cv2

    if not angle:
        return image
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=(255, 255, 255) if image.ndim == 3 else 255)


def ruling_lines(grey: np.ndarray, seal: np.ndarray | None = None) -> tuple[list[Seg], list[Seg]]:
    """Horizontal and vertical table rules of a page image, as segments in pixels.

    Dark pixels are opened with long thin kernels: only strokes much longer than any
    character survive, so text never becomes a rule. Where a rule runs into the seal
    (``seal``: where red was taken out, so a thin rule under it is lost too), it is taken to
    continue through it.
    """
    import cv2

    h, w = grey.shape
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    ink[grey > 190] = 0                      # a faded seal's rim is darker than the paper, but not dark
    out: list[list[Seg]] = []
    for horizontal in (True, False):
        length = max(20, (w if horizontal else h) // 30)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        # rules broken by blur or JPEG are joined again along their direction
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1) if horizontal else (1, 9)))
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        segs: list[Seg] = []
        for x, y, bw, bh, _area in stats[1:count]:
            if horizontal and bw >= length and bh <= max(12, h // 100):
                segs.append(_through(seal, True, y + bh / 2, float(x), float(x + bw)))
            elif not horizontal and bh >= length and bw <= max(12, w // 100):
                segs.append(_through(seal, False, x + bw / 2, float(y), float(y + bh)))
        out.append(segs)
    return out[0], out[1]


def _through(seal: np.ndarray | None, horizontal: bool, pos: float, a: float, b: float) -> Seg:
    """A rule's ends carried on through the seal they run into."""
    if seal is None:
        return pos, a, b
    line = seal[int(pos), :] if horizontal else seal[:, int(pos)]
    limit = len(line) - 1
    lo, hi = int(a), min(limit, int(b))
    reach = 120
    while lo > 0 and reach and line[lo - 1]:
        lo -= 1
        reach -= 1
    reach = 120
    while hi < limit and reach and line[hi + 1]:
        hi += 1
        reach -= 1
    return pos, float(min(lo, a)), float(max(hi, b))


def prepare(rgb: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """The grey page ready for recognition (cut out of a photo and its perspective undone,
    seal faded, light evened, levelled), the angle used, and where the seal was (widened a little)."""
    import cv2

    from .ocr_warp import homography, paper_quad, rules_quad, sheet_size, warp

    h, w = rgb.shape[:2]
    if h * w > MAX_PIXELS:
        f = math.sqrt(MAX_PIXELS / (h * w))
        rgb = cv2.resize(rgb, (int(w * f), int(h * f)), interpolation=cv2.INTER_AREA)
    sheet = paper_quad(rgb)
    if sheet is not None:
        size = sheet_size(sheet)
        rgb = warp(rgb, homography(sheet, size, fill=True), size)
    grey = even_light(grey_without_red(rgb))
    seal = cv2.dilate(red_mask(rgb).astype(np.uint8) * 255, np.ones((9, 9), np.uint8))
    table = rules_quad(grey)
    if table is not None:
        m = homography(table, grey.shape, fill=False)
        grey, seal = warp(grey, m), cv2.warpPerspective(seal, m, (seal.shape[1], seal.shape[0]))
    angle = skew_angle(grey)
    return rotate(grey, angle), angle, (rotate(seal, angle) if angle else seal) > 0

"""Scans made from documents jixiao publishes: pages rendered with pdftoppm, degraded the way
real scans and phone photos are (slight rotation, blur, JPEG, noise, a red seal, perspective),
deterministically from a seed. Used by the OCR tests and ``benchmarks/ocr_speed.py``.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from jixiao.core.model import Indicator, Project
from jixiao.readers import ocr as ocr_module
from jixiao.readers.lattice import DOUBT

PDFTOPPM = shutil.which("pdftoppm")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# what the OCR tests need, said once
needs_ocr = pytest.mark.skipif(ocr_module.unavailable() is not None, reason="rapidocr-onnxruntime is not installed")
needs_poppler = pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")


@pytest.fixture(autouse=True)
def own_ocr_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty OCR cache per test (imported by a test module, it applies to that module's tests)."""
    monkeypatch.setenv("JIXIAO_OCR_CACHE", str(tmp_path / "ocr-cache"))


def published(example: str, fmt: str = "pdf", charts: bool = False) -> bytes:
    """A shipped example (examples/<example>.yaml) scored and published as jixiao publishes it."""
    from jixiao.pipeline import load, score
    from jixiao.publish import render

    project = load(EXAMPLES / f"{example}.yaml").projects[0]
    card = score(project).card
    assert card is not None
    return render(project, card, fmt, charts=charts)


def render(pdf: bytes, dpi: int = 150) -> list[Image.Image]:
    """Every page of a PDF as an RGB image (poppler's pdftoppm, as a scanner driver would print it)."""
    assert PDFTOPPM is not None, "pdftoppm (poppler-utils) is needed"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run([PDFTOPPM, "-r", str(dpi), "-png", str(source), str(Path(tmp) / "page")], check=True,
                       timeout=120)
        return [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("page*.png"))]


def seal(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A red official seal (ring, star, arc of characters) multiplied over the page, as ink is."""
    w, h = image.size
    r = int(min(w, h) * rng.uniform(0.10, 0.14))
    cx, cy = int(w * rng.uniform(0.45, 0.8)), int(h * rng.uniform(0.2, 0.8))
    layer = Image.new("RGB", image.size, (255, 255, 255))
    draw = ImageDraw.Draw(layer)
    red = (int(rng.integers(200, 235)), int(rng.integers(30, 70)), int(rng.integers(30, 70)))
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(3, r // 18))
    star = [(cx + r * 0.35 * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
             cy - r * 0.35 * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
    draw.polygon(star, fill=red)
    for k in range(12):                                   # the unit's name around the rim, as strokes
        a = math.pi * (0.15 + 0.7 * k / 11)
        x, y = cx - r * 0.78 * math.cos(a), cy - r * 0.78 * math.sin(a)
        draw.rectangle((x - r * 0.06, y - r * 0.06, x + r * 0.06, y + r * 0.06), outline=red, width=2)
    return Image.fromarray((np.asarray(image, np.float32) * np.asarray(layer, np.float32) / 255).astype(np.uint8))


def _mapping(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> tuple[float, ...]:
    """PIL's perspective coefficients taking output points ``dst`` to input points ``src``."""
    matrix = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    return tuple(np.linalg.solve(np.array(matrix, float), np.array([c for p in src for c in p], float)))


def perspective(image: Image.Image, rng: np.random.Generator, amount: float = 0.015) -> Image.Image:
    """A phone photo's mild keystone: corners moved by up to ``amount`` of the page size."""
    w, h = image.size
    src = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
    dst = [(x + rng.uniform(-amount, amount) * w, y + rng.uniform(-amount, amount) * h) for x, y in src]
    return image.transform(image.size, Image.Transform.PERSPECTIVE, _mapping(dst, src), Image.Resampling.BICUBIC,
                           fillcolor=(255, 255, 255))


def on_desk(image: Image.Image, rng: np.random.Generator, amount: float = 0.06
            ) -> tuple[Image.Image, list[tuple[float, float]]]:
    """A phone photo of the sheet lying on a darker desk, taken at a slant: the page's corners
    land up to ``amount`` of its size away from a rectangle. Returns the photo and where the
    corners went (top-left, top-right, bottom-right, bottom-left)."""
    w, h = image.size
    margin = int(0.08 * max(w, h))
    size = (w + 2 * margin, h + 2 * margin)
    page = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
    corners = [(x + margin + rng.uniform(-amount, amount) * w, y + margin + rng.uniform(-amount, amount) * h)
               for x, y in page]
    desk = (int(rng.integers(70, 110)), int(rng.integers(60, 90)), int(rng.integers(50, 80)))
    out = image.transform(size, Image.Transform.PERSPECTIVE, _mapping(corners, page), Image.Resampling.BICUBIC,
                          fillcolor=desk)
    return out, corners


def degrade(image: Image.Image, seed: int, photo: bool = False, desk: bool = False) -> Image.Image:
    """One deterministic bad scan: rotation 0.3–1.5°, blur, noise, a red seal, JPEG quality 35–60;
    ``photo`` adds perspective and uneven light; ``desk`` makes it a slanted photo of the sheet
    on a desk (``on_desk``) instead of the rotation."""
    rng = np.random.default_rng(seed)
    out = seal(image, rng)
    if photo or desk:
        if not desk:
            out = perspective(out, rng)
        w = out.size[0]
        shade = np.linspace(1.0, rng.uniform(0.7, 0.85), w, dtype=np.float32)[None, :, None]
        out = Image.fromarray((np.asarray(out, np.float32) * shade).astype(np.uint8))
    if desk:
        out, _corners = on_desk(out, rng)
    else:
        angle = float(rng.uniform(0.3, 1.5)) * (1 if rng.integers(0, 2) else -1)
        out = out.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    out = out.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.4, 0.9))))
    pixels = np.asarray(out, np.float32) + rng.normal(0, rng.uniform(4, 9), (out.size[1], out.size[0], 1))
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=int(rng.integers(35, 61)))
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def image_pdf(images: list[Image.Image], dpi: int = 150) -> bytes:
    """An image-only PDF, as a scanner writes it."""
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()


def _leaves(nodes: tuple[Indicator, ...], prefix: str = "") -> list[tuple[str, Indicator]]:
    out: list[tuple[str, Indicator]] = []
    for n in nodes:
        path = f"{prefix}/{''.join(n.name.split())}"
        out.extend(_leaves(n.children, path) if n.children else [(path, n)])
    return out


def facts(p: Project) -> dict[str, object]:
    """The facts a reviewer reads off a report, as comparable values (None: not read)."""
    t = p.funding.total
    out: dict[str, object] = {
        "name": p.name, "department": p.department, "year": p.year, "initial": t.initial,
        "adjusted": t.adjusted, "actual": t.actual, "total": p.stated.total, "grade": p.stated.grade,
        "execution_rate": p.stated.execution_rate,
    }
    for path, leaf in _leaves(p.indicators):          # keyed by name: a misread name is "not found"
        out[f"{path}.score"] = leaf.score
        out[f"{path}.weight"] = leaf.weight
    for target in p.targets:
        out[f"target/{''.join(target.name.split())}.value"] = target.value
        out[f"target/{''.join(target.name.split())}.actual"] = target.actual
    return out


def compare(truth: dict[str, object], got: dict[str, object]) -> tuple[int, int, list[str]]:
    """(right, not found, wrong ones) over the facts the truth has; a text the reader marked as
    uncertain (it holds DOUBT marks) counts as not found, as the reader says it is unsure."""
    right = missing = 0
    wrong: list[str] = []
    for key, want in truth.items():
        if want is None:
            continue
        value = got.get(key)
        if value is None or (isinstance(value, str) and DOUBT in value):
            missing += 1
        elif value == want or (isinstance(want, Decimal) and isinstance(value, Decimal) and value == want):
            right += 1
        else:
            wrong.append(f"{key}: want {want}, got {value}")
    return right, missing, wrong

"""OCR speed and accuracy on scans made from the documents jixiao publishes.

Usage: python benchmarks/ocr_speed.py [--seeds N] [--threads N]

Each shipped example is published as PDF (WeasyPrint), rendered to 150 dpi images with
pdftoppm, and degraded deterministically (tests/readers/scanmaker.py: rotation 0.3–1.5°, blur,
noise, a red seal, JPEG 35–60; odd seeds also get a phone photo's perspective and shading; seeds
2, 5, 8 … are slanted photos of the sheet on a desk).
The image-only PDFs are read by ``read_bytes`` with the OCR cache off, in this one process
(one core unless --threads says otherwise). Printed: pages/s by the clock and by this process's
CPU time (pages/s per core, fair on a loaded machine), and the facts of each scan
against the facts read from the PDF's text layer — right, not found (or marked uncertain),
and silent wrong, which must be 0. The baseline row is RapidOCR's own pipeline on the same
pages (its defaults, one thread), so the ratio shows what our cleaning and layout cost.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "readers"))


def main() -> int:
    seeds = int(sys.argv[sys.argv.index("--seeds") + 1]) if "--seeds" in sys.argv else 6
    threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1"
    os.environ["JIXIAO_OCR_THREADS"] = threads
    os.environ["JIXIAO_OCR_CACHE"] = tempfile.mkdtemp(prefix="jixiao-ocr-bench-")   # empty: every page recognised

    import numpy as np
    import scanmaker

    from jixiao.readers import read_bytes
    from jixiao.readers.ocr import unavailable

    why = unavailable()
    if why is not None:
        print(f"OCR unavailable: {why}")
        return 1
    from jixiao.readers.ocr import _engine

    start, cpu = time.perf_counter(), time.process_time()
    _engine()                # once per process (models loaded, the leaner graphs made or found): not per page
    print(f"engine start-up: {time.perf_counter() - start:.2f} s, {time.process_time() - cpu:.2f} CPU-s (once per process)")
    totals = {"right": 0, "missing": 0, "wrong": 0, "pages": 0, "seconds": 0.0, "cpu": 0.0}
    wrong_all: list[str] = []
    sample: list[np.ndarray] = []
    print(f"{'document':<32}{'seed':>5}{'pages':>6}{'pages/s':>9}{'right':>7}{'n/f':>5}{'wrong':>6}")
    for example in ("pingshan-2021-zhaoshang", "shequ-2023-yanglao-selfeval"):
        pdf = scanmaker.published(example)
        truth = scanmaker.facts(read_bytes(pdf, "text.pdf").projects[0])
        pages = scanmaker.render(pdf, 150)
        sample.extend(np.asarray(p) for p in pages[:2])
        for seed in range(seeds):
            scan = scanmaker.image_pdf([scanmaker.degrade(p, seed * 100 + k, photo=seed % 2 == 1,
                                                          desk=seed % 3 == 2) for k, p in enumerate(pages)])
            start, cpu = time.perf_counter(), time.process_time()
            result = read_bytes(scan, f"{example}-scan{seed}.pdf")
            elapsed = time.perf_counter() - start
            totals["cpu"] += time.process_time() - cpu
            got = scanmaker.facts(result.projects[0]) if result.projects else {}
            right, missing, wrong = scanmaker.compare(truth, got)
            totals["right"] += right
            totals["missing"] += missing
            totals["wrong"] += len(wrong)
            totals["pages"] += len(pages)
            totals["seconds"] += elapsed
            wrong_all.extend(f"{example} seed {seed}: {w}" for w in wrong)
            print(f"{example:<32}{seed:>5}{len(pages):>6}{len(pages) / elapsed:>9.2f}{right:>7}{missing:>5}"
                  f"{len(wrong):>6}")
    facts = totals["right"] + totals["missing"] + totals["wrong"]
    ours = totals["pages"] / totals["seconds"]
    print(f"all: {totals['pages']} pages at {ours:.2f} pages/s ({threads} thread(s)), "
          f"{totals['pages'] / totals['cpu']:.2f} pages per CPU-second; facts right "
          f"{totals['right']}/{facts} = {100 * totals['right'] / facts:.1f}% (goal ≥ 95%), not found "
          f"{totals['missing']}, silent wrong {totals['wrong']} (goal 0)")
    for line in wrong_all:
        print("  wrong:", line)
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=int(threads), inter_op_num_threads=1)
    engine(sample[0])
    start, cpu = time.perf_counter(), time.process_time()
    for image in sample:
        engine(image[..., ::-1].copy())
    raw = len(sample) / (time.perf_counter() - start)
    raw_cpu = len(sample) / (time.process_time() - cpu)
    print(f"baseline: RapidOCR's own pipeline on {len(sample)} clean pages: {raw:.2f} pages/s, {raw_cpu:.2f} per "
          f"CPU-second; ours / baseline = {ours / raw:.2f} (goal ≥ 1 page/s per core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How fast hostile and damaged inputs are refused, against loading a real project file in the same run.

    .venv/bin/python benchmarks/hostile_inputs.py

Each input is built in memory (an alias bomb of a few hundred bytes, 50,000-deep JSON,
a 200,000-cell workbook, random bytes named .docx, a truncated PDF) and loaded through
``pipeline.load``. Prints the seconds each took and its ratio to loading the reference
project file (goal: every refusal well under a second).
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jixiao import pipeline  # noqa: E402


def _bomb() -> bytes:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines).encode()


def _workbook() -> bytes:
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("表")
    for r in range(25_000):
        ws.append([r] * 10)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _timed(data: bytes, name: str) -> tuple[float, str]:
    start = time.perf_counter()
    loaded = pipeline.load(pipeline.Upload(data, name))
    elapsed = time.perf_counter() - start
    code = loaded.findings[0].code if loaded.findings else ("ok" if loaded.projects else "-")
    return elapsed, code


def main() -> None:
    reference = (ROOT / "examples" / "pingshan-2021-zhaoshang.yaml").read_bytes()
    base = min(_timed(reference, "pingshan.yaml")[0] for _ in range(5))
    cases = [("alias bomb (YAML)", _bomb(), "bomb.yaml"),
             ("50,000-deep JSON", b"[" * 50_000 + b"]" * 50_000, "deep.json"),
             ("100,000 values (JSON)", b"[" + b",".join([b"1"] * 100_000) + b"]", "wide.json"),
             ("250,000-cell XLSX", _workbook(), "huge.xlsx"),
             ("random bytes .docx", os.urandom(1 << 20), "random.docx"),
             ("zeros .docx", bytes(1 << 20), "zeros.docx"),
             ("truncated PDF", b"%PDF-1.4\n" + b"1 0 obj << >> endobj\n" * 1000, "cut.pdf")]
    print(f"baseline: load the reference project file  {base * 1000:8.1f} ms")
    for label, data, name in cases:
        elapsed, code = _timed(data, name)
        print(f"{label:28s} {code:6s} {elapsed * 1000:8.1f} ms  ratio {elapsed / base:7.1f}")


if __name__ == "__main__":
    main()

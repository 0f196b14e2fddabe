"""How fast we publish: DOCX, XLSX and PDF per second for the shipped examples.

Each figure is set against a baseline measured in the same run: the same library writing
the same paragraphs and table cells with no logic (no styles, merges, formulas or charts),
so the ratio shows what our layout costs on top of the library itself. The goal is 100 DOCX
+ 100 XLSX in under 3 s, as published (charts are off by default); the same with charts is
printed apart, and so is the cold cost of drawing (``charts.render_chart`` is memoised).

    .venv/bin/python benchmarks/report_speed.py [--n 50] [--pdf 3]
"""

from __future__ import annotations

import argparse
import io
import os
import time
from collections.abc import Callable
from pathlib import Path

from jixiao.core.model import Project
from jixiao.core.scoring import ScoreCard
from jixiao.pipeline import load, score
from jixiao.publish import charts, render
from jixiao.publish.outline import Heading, Para, Report, Table, build_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def per_second(fn: Callable[[], object], n: int) -> float:
    fn()   # warm caches and imports outside the clock
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


def texts(report: Report) -> tuple[list[str], list[list[list[str]]]]:
    paras = [report.title] + [b.text for b in report.blocks if isinstance(b, Heading | Para)]
    tables = [[[c.text if c else "" for c in row] for row in b.grid.rows()] for b in report.blocks
              if isinstance(b, Table)]
    return paras, tables


def baseline_docx(report: Report) -> bytes:
    from docx import Document

    paras, tables = texts(report)
    doc = Document()
    for text in paras:
        doc.add_paragraph(text)
    for rows in tables:
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for doc_row, row in zip(table.rows, rows, strict=True):
            for cell, text in zip(doc_row.cells, row, strict=True):
                cell.text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def baseline_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    _, tables = texts(report)
    wb = Workbook()
    ws = wb.active
    for rows in tables:
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def baseline_pdf(report: Report) -> bytes:
    from html import escape

    from jixiao.publish.pdf_writer import html_to_pdf

    paras, tables = texts(report)
    body = "".join(f"<p>{escape(t)}</p>" for t in paras)
    body += "".join("<table>" + "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                                        for row in rows) + "</table>" for rows in tables)
    return html_to_pdf(f"<html><body style='font-family: Noto Serif CJK SC'>{body}</body></html>")


def cold_chart_seconds(project: Project, card: ScoreCard) -> float:
    start = time.perf_counter()
    for kind in ("scores", "budget", "targets"):
        charts.render_chart.__wrapped__(kind, charts.chart_series(kind, project, card), "png")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="documents per example for DOCX and XLSX")
    parser.add_argument("--pdf", type=int, default=3, help="documents per example for PDF")
    args = parser.parse_args()
    cards = []
    for path in EXAMPLES:
        loaded = load(path)
        card = score(loaded.projects[0]).card
        assert card is not None
        cards.append((path.name, loaded.projects[0], card))
    print(f"{'example':34} {'format':5} {'ours/s':>8} {'baseline/s':>11} {'time ours/baseline':>19}")
    for name, project, card in cards:
        report = build_report(project, card, None)
        rows = [
            ("docx", lambda p=project, c=card: render(p, c, "docx"), lambda r=report: baseline_docx(r),
             args.n),
            ("xlsx", lambda p=project, c=card: render(p, c, "xlsx"), lambda r=report: baseline_xlsx(r),
             args.n),
            ("pdf", lambda p=project, c=card: render(p, c, "pdf"), lambda r=report: baseline_pdf(r),
             args.pdf),
        ]
        for fmt, ours, base, n in rows:
            a, b = per_second(ours, n), per_second(base, n)
            print(f"{name:34} {fmt:5} {a:8.1f} {b:11.1f} {b / a:18.2f}x")
        print(f"{name:34} drawing its 3 charts cold: {cold_chart_seconds(project, card) * 1000:.0f} ms "
              "(once per distinct data)")
    elapsed, cpu, base = hundred(cards, charts_on=False)
    verdict = "met" if elapsed < 3 else "NOT met"
    print(f"100 DOCX + 100 XLSX: {elapsed:.2f} s wall, {cpu:.2f} s CPU (goal < 3 s: {verdict}); "
          f"raw python-docx + openpyxl baseline {base:.2f} s, ratio {elapsed / base:.2f}x "
          f"(load average {os.getloadavg()[0]:.1f})")
    elapsed, _, _ = hundred(cards, charts_on=True, baseline=False)
    print(f"100 DOCX + 100 XLSX with --charts: {elapsed:.2f} s")


def hundred(cards: list[tuple[str, Project, ScoreCard]], charts_on: bool,
            baseline: bool = True) -> tuple[float, float, float]:
    """(wall, CPU, baseline wall) for 100 DOCX + 100 XLSX, alternating the examples."""
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(100):
        _, project, card = cards[i % len(cards)]
        render(project, card, "docx", charts=charts_on)
        render(project, card, "xlsx")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    base = 0.0
    if baseline:
        reports = [build_report(p, c) for _, p, c in cards]
        start = time.perf_counter()
        for i in range(100):
            baseline_docx(reports[i % len(reports)])
            baseline_xlsx(reports[i % len(reports)])
        base = time.perf_counter() - start
    return elapsed, cpu, base


if __name__ == "__main__":
    main()

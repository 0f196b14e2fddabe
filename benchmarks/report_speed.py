"""How fast we publish: DOCX, XLSX and PDF per second for the shipped examples.

Each figure is set against a baseline measured in the same run: the same library writing
the same paragraphs and table cells with no logic (no styles, merges, formulas or charts),
so the ratio shows what our layout costs on top of the library itself. The goal is 100 DOCX
+ 100 XLSX in under 3 s, as published (charts are off by default); the same with charts is
printed apart, and so is the cold cost of drawing (``charts.render_chart`` is memoised).
The machine is shared, so the 100 + 100 is given in wall and CPU seconds, per format, with
the baseline's CPU seconds from the same run and the ratio: under load the wall time says
more about the neighbours than about us.

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
    ours, base = hundred(cards, charts_on=False), hundred_baseline(cards)
    wall, cpu = ours["total"]
    verdict = "met" if wall < 3 else "NOT met"
    print(f"100 DOCX + 100 XLSX: {wall:.2f} s wall, {cpu:.2f} s CPU (goal < 3 s wall: {verdict}; "
          f"CPU {'under' if cpu < 3 else 'over'} 3 s); DOCX {ours['docx'][1]:.2f} s CPU, XLSX {ours['xlsx'][1]:.2f} s CPU")
    print(f"raw python-docx + openpyxl baseline, same run: {base['total'][0]:.2f} s wall, {base['total'][1]:.2f} s CPU "
          f"(DOCX {base['docx'][1]:.2f}, XLSX {base['xlsx'][1]:.2f}); ours/baseline CPU: total "
          f"{cpu / base['total'][1]:.2f}x, DOCX {ours['docx'][1] / base['docx'][1]:.2f}x, "
          f"XLSX {ours['xlsx'][1] / base['xlsx'][1]:.2f}x (load average {os.getloadavg()[0]:.1f})")
    wall, cpu = hundred(cards, charts_on=True)["total"]
    print(f"100 DOCX + 100 XLSX with --charts: {wall:.2f} s wall, {cpu:.2f} s CPU")


Clock = dict[str, tuple[float, float]]


def _timed(jobs: dict[str, Callable[[int], object]]) -> Clock:
    """(wall, CPU) seconds of 100 calls of each job, and their sum as "total"."""
    out: Clock = {}
    for name, job in jobs.items():
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(100):
            job(i)
        out[name] = (time.perf_counter() - start, time.process_time() - cpu)
    out["total"] = (sum(w for w, _ in out.values()), sum(c for _, c in out.values()))
    return out


def hundred(cards: list[tuple[str, Project, ScoreCard]], charts_on: bool) -> Clock:
    """100 DOCX and 100 XLSX, alternating the examples."""
    def pick(i: int) -> tuple[Project, ScoreCard]:
        _, project, card = cards[i % len(cards)]
        return project, card

    return _timed({"docx": lambda i: render(*pick(i), "docx", charts=charts_on),
                   "xlsx": lambda i: render(*pick(i), "xlsx")})


def hundred_baseline(cards: list[tuple[str, Project, ScoreCard]]) -> Clock:
    """The same 100 + 100 with the raw libraries (no styles, merges, formulas)."""
    reports = [build_report(p, c) for _, p, c in cards]
    return _timed({"docx": lambda i: baseline_docx(reports[i % len(reports)]),
                   "xlsx": lambda i: baseline_xlsx(reports[i % len(reports)])})


if __name__ == "__main__":
    main()

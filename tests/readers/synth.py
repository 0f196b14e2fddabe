"""Synthetic published reports in every format, generated from a text report (tests and benchmarks).

The seed text (PDF-extracted, tab-separated table rows) is turned into what an office would
really publish: a DOCX with a real table (first column vertically merged), an HTML page, a PDF
printed from that page, and a workbook. Wrapped table cells are joined back into their cell.
"""

from __future__ import annotations

import html
import io
import itertools
from decimal import Decimal


def blocks(text: str) -> list[str | list[list[str]]]:
    """Paragraph strings and tables (lists of rows) in order; continuation rows rejoined."""
    out: list[str | list[list[str]]] = []
    table: list[list[str]] | None = None
    for raw in text.splitlines():
        if "\t" in raw:
            cells = [c.strip() for c in raw.split("\t")]
            filled = [k for k, c in enumerate(cells) if c]
            if table and len(filled) == 1 and filled[0] >= 4 and len(table[-1]) > 6:
                table[-1][6] += cells[filled[0]]
                continue
            cells += [""] * (8 - len(cells))
            if table is None:
                table = []
                out.append(table)
            table.append(cells[:8])
        elif raw.strip():
            table = None
            out.append(raw.strip())
    return out


def to_html(text: str, title: str = "自评报告") -> str:
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>table{border-collapse:collapse}td{border:1px solid #000;padding:2px;font-size:9pt}"
             "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif}</style></head><body>"]
    for block in blocks(text):
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>")
        else:
            parts.append("<table>")
            for row in block:
                parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
            parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def to_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for block in blocks(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=8)
        for r, row in enumerate(block):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        start = 1
        for r in range(2, len(block) + 1):          # merge the 一级 column down each group
            if r == len(block) or block[r][0]:
                if r - 1 > start and block[start][0] and block[start][0] != "合计":
                    keep = block[start][0]
                    merged = table.cell(start, 0).merge(table.cell(r - 1, 0))
                    merged.text = keep
                start = r
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(text)).write_pdf()


def to_xlsx(text: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "报告"
    for block in blocks(text):
        if isinstance(block, str):
            sheet.append([block])
        else:
            for row in block:
                sheet.append([_cell(c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(text: str) -> object:
    try:
        value = Decimal(text)
    except ArithmeticError:
        return text
    return int(value) if value == value.to_integral() else float(value)


SELFEVAL = [
    # 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因
    ("产出指标(50分)", "数量指标", "指标1：补助村数量", "8个", "8", 20, 20, ""),
    (None, None, "指标2：培训人次", "≥100人次", "90", 10, 9, "疫情影响，部分培训延期"),
    (None, "质量指标", "验收合格率", "≥98%", "100%", 10, 10, ""),
    (None, "时效指标", "按时完成率", "100%", "100%", 10, 10, "—"),
    ("效益指标(30分)", "社会效益指标", "群众办事便利程度", "明显提高", "达成预期指标", 30, 27, "宣传不够"),
    ("满意度指标(10分)", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", 10, 10, "/"),
]


def selfeval_sheet(sheet: object, top: int, name: str, budget: tuple[float, float, float]) -> int:
    """One 财预〔2020〕10号 自评表 written at row ``top``; returns the next free row."""
    ws = sheet
    r = top
    ws.cell(r, 1, "项目支出绩效自评表")  # type: ignore[attr-defined]
    ws.cell(r + 1, 1, "（2022年度）")  # type: ignore[attr-defined]
    ws.cell(r + 2, 1, "项目名称"); ws.cell(r + 2, 2, name)  # type: ignore[attr-defined]  # noqa: E702
    ws.cell(r + 3, 1, "主管部门"); ws.cell(r + 3, 2, "某县农业农村局")  # type: ignore[attr-defined]  # noqa: E702
    ws.cell(r + 3, 4, "实施单位"); ws.cell(r + 3, 5, "某县农业技术推广中心")  # type: ignore[attr-defined]  # noqa: E702
    head = ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    for c, v in enumerate(head, 1):
        ws.cell(r + 4, c, v)  # type: ignore[attr-defined]
    rate = budget[2] / budget[1]
    row = ["", "年度资金总额", budget[0], budget[1], budget[2], 10, rate, round(10 * rate, 2)]
    for c, v in enumerate(row, 1):
        ws.cell(r + 5, c, v)  # type: ignore[attr-defined]
    ws.cell(r + 5, 7).number_format = "0.00%"  # type: ignore[attr-defined]
    for c, v in enumerate(["", "其中：本年财政拨款", budget[0], budget[1], budget[2], "—", "", "—"], 1):
        ws.cell(r + 6, c, v)  # type: ignore[attr-defined]
    ws.merge_cells(start_row=r + 4, start_column=1, end_row=r + 6, end_column=1)  # type: ignore[attr-defined]
    hdr = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    for c, v in enumerate(hdr, 1):
        ws.cell(r + 7, c, v)  # type: ignore[attr-defined]
    k = r + 8
    group_start: dict[int, int] = {}
    for spec in SELFEVAL:
        for c, v in enumerate(spec, 2):
            if v is not None:
                ws.cell(k, c, v)  # type: ignore[attr-defined]
        if spec[0] is not None:
            group_start[k] = k
        k += 1
    starts = [*sorted(group_start), k]
    for a, b in itertools.pairwise(starts):
        if b - 1 > a:
            ws.merge_cells(start_row=a, start_column=2, end_row=b - 1, end_column=2)  # type: ignore[attr-defined]
    ws.merge_cells(start_row=r + 8, start_column=1, end_row=k - 1, end_column=1)  # type: ignore[attr-defined]
    ws.cell(k, 1, "总分"); ws.cell(k, 7, 100); ws.cell(k, 8, 95.91)  # type: ignore[attr-defined]  # noqa: E702
    return k + 3


def selfeval_xlsx(projects: int = 1) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "自评表"
    top = 1
    for n in range(projects):
        top = selfeval_sheet(ws, top, f"农村实用技术培训项目{n + 1}", (120.0, 110.5, 108.2 - n))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""Test-only layout generator: the same known facts written the ways real publishers write them.

``case(seed)`` makes one document (bytes + suffix) and its annotation, deterministic per seed.
Facts are invented (no dev-corpus wording); layouts and perturbations follow what published
reports do: tab/pipe/padded-pipe/space-aligned/one-cell-per-line/word-flattened/run-together text, real grids
(HTML rowspan, XLSX merged ranges, DOCX merged cells), merged cells repeated/blank/dropped,
nested two-row headers, funds as columns, label–value pairs or prose, 元 with thousands
separators, full-width digits, traditional characters with pinyin, totals under any synonym
and the grade as an unlabelled last cell of the total row; merged 一级/二级 cells as real merges
(HTML rowspan, DOCX vMerge); and ``printed_cases``: the HTML layouts printed to PDF with and
without cell borders. The reader must give back the
facts or "not found", never another value (tests/readers/test_read_layouts.py).
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from unicodedata import east_asian_width

from measure import leaves

Q2 = Decimal("0.01")
D = Decimal


@dataclass(frozen=True)
class Row:
    l1: str
    l2: str
    name: str
    cmp: str
    value: str
    unit: str
    actual: str
    weight: Decimal
    score: Decimal


@dataclass(frozen=True)
class Facts:
    name: str
    department: str
    year: int
    initial: Decimal
    adjusted: Decimal
    actual: Decimal
    exec_weight: Decimal
    exec_score: Decimal
    rows: tuple[Row, ...]

    @property
    def rate(self) -> Decimal:
        return (self.actual / self.adjusted * 100).quantize(Q2, ROUND_HALF_UP)

    @property
    def total(self) -> Decimal:
        return self.exec_score + sum((r.score for r in self.rows), D(0))

    @property
    def grade(self) -> str:
        t = self.total
        return "优" if t >= 90 else "良" if t >= 80 else "中" if t >= 60 else "差"


@dataclass(frozen=True)
class Case:
    layout: str
    suffix: str
    data: bytes
    annotation: dict[str, object] = field(default_factory=dict)


_THINGS = ("街巷照明", "校舍巡检", "农机培训", "水质监测", "便民热线", "林道维护", "集市管理", "桥梁检测")
_PLACES = ("东港", "南屏", "西岭", "北塘", "临川", "清河")
_OFFICES = ("城市管理局", "教育局", "农业农村局", "水务局", "交通运输局")
_KINDS = {"产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"), "效益指标": ("社会效益指标", "经济效益指标"),
          "满意度指标": ("服务对象满意度指标",)}
_TOTAL_LABELS = ("总分", "合计", "得分合计", "自评总分", "综合得分", "自评得分合计", "评价得分", "绩效得分")
_PROSE_TOTAL = ("自评得分", "综合评分", "绩效评分", "绩效得分", "自评总分", "评价得分", "总得分")
_REASONS = ("受天气影响进度滞后", "部分设备到货延迟", "群众参与度不足")
_PINYIN = {"預": "yù", "數": "shù", "執": "zhí", "結": "jié", "標": "biāo", "額": "é", "績": "jì"}


def facts(rng: random.Random, halves: bool = False) -> Facts:
    thing = rng.choice(_THINGS)
    adjusted = D(rng.randint(1000, 900000)) / 100
    initial = adjusted if rng.random() < 0.4 else (adjusted * D(rng.randint(80, 120)) / 100).quantize(Q2)
    actual = (adjusted * D(rng.randint(60, 100)) / 100).quantize(Q2)
    n = rng.randint(3, 8)
    weights = [(D(180) / n).to_integral_value(ROUND_FLOOR) / 2 if halves else D(90 // n)] * n
    weights[0] += 90 - sum(weights)
    rows = []
    for k, w in enumerate(weights):
        l1 = rng.choice(list(_KINDS)) if k else "产出指标"
        l2 = rng.choice(_KINDS[l1])
        score = w if rng.random() < 0.6 else (w - D(rng.randint(1, int(w) * 5)) / 10).quantize(D("0.1"))
        target = rng.randint(5, 500)
        unit = rng.choice(("个", "次", "%", "人"))
        if unit == "%":
            target = min(target, 100)
        rows.append(Row(l1, l2, f"{thing}{'数量' if unit != '%' else '完成率'}{k + 1}", rng.choice(("≥", "=")), str(target),
                        unit, str(target + rng.randint(-3, 5) if unit != "%" else min(100, target + 1)), w, score))
    exec_score = (D(10) * min(actual / adjusted, D(1))).quantize(Q2, ROUND_HALF_UP)
    return Facts(f"{thing}{rng.choice(('经费', '项目', '专项资金'))}", f"{rng.choice(_PLACES)}市{rng.choice(_OFFICES)}",
                 rng.randint(2019, 2024), initial, adjusted, actual, D(10), exec_score, tuple(rows))


def annotation(f: Facts, grade_readable: bool = True) -> dict[str, object]:
    return {"total_score": f.total, "grade": f.grade if grade_readable else None, "initial_budget": f.initial,
            "adjusted_budget": f.adjusted, "actual_spent": f.actual, "execution_rate_stated": f.rate,
            "scored_indicator_rows": len(f.rows), "indicator_scores_sum": sum((r.score for r in f.rows), D(0))}


def _money(v: Decimal, unit: str, rng: random.Random) -> str:
    if unit == "元":
        yuan = (v * 10000).quantize(Q2)
        return f"{yuan:,.2f}" if rng.random() < 0.7 else f"{yuan:.2f}"
    return f"{v:.2f}"


def _num(v: Decimal) -> str:
    return format(v.normalize(), "f")


@dataclass
class Options:
    delim: str
    merged: str
    nested: bool
    funds: str
    unit: str
    total: str
    total_label: str
    script: str
    grade_said: bool = True      # whether the document states the grade at all
    parts: str = "target"        # what a nested header nests: 年度指标值 (target) or 自评得分 (score)
    reasons: bool = False        # rows that lost points say why in the last column


def options(rng: random.Random) -> Options:
    return Options(
        delim=rng.choice(("tab", "pipe", "padded", "spaces", "cell_per_line", "words", "runon", "html", "xlsx",
                          "docx")),
        merged=rng.choice(("repeat", "blank", "drop")), nested=rng.random() < 0.3,
        funds=rng.choice(("columns", "pairs", "prose")), unit=rng.choice(("万元", "元")),
        total=rng.choice(("row", "row_with_grade", "prose")), total_label=rng.choice(_TOTAL_LABELS),
        script=rng.choice(("simplified", "simplified", "fullwidth", "traditional")))


def grid(f: Facts, o: Options, rng: random.Random) -> tuple[list[str], list[list[str]], list[str]]:
    """The 自评表 as paragraphs before the table and table rows (lists of cells)."""
    before = [f"{f.year}年度项目支出绩效自评表"]
    rows: list[list[str]] = [["项目名称", f.name], ["主管部门", f.department, "实施单位", f.department]]
    m = [_money(v, o.unit, rng) for v in (f.initial, f.adjusted, f.actual)]
    unit = f"（{o.unit}）"
    if o.funds == "columns":
        rows += [[f"项目资金{unit}", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                 ["", "年度资金总额", *m, _num(f.exec_weight), f"{f.rate}%", _num(f.exec_score)],
                 ["", "其中：当年财政拨款", *m, "—", f"{f.rate}%", "—"]]
    elif o.funds == "pairs":
        rows.append([f"年初预算数{unit}", m[0], f"全年预算数{unit}", m[1], f"全年执行数{unit}", m[2], "执行率", f"{f.rate}%"])
    else:
        before.append(f"本项目年初预算{m[0]}{o.unit}，调整后全年预算{m[1]}{o.unit}，全年执行数{m[2]}{o.unit}，"
                      f"预算执行率为{f.rate}%。")
    score_parts = o.nested and o.parts == "score"
    if score_parts:
        rows += [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "自评得分", "", "", "偏差原因分析及改进措施"],
                 ["", "", "", "", "", "单项得分", "权重", "折算得分", ""]]
    elif o.nested:
        rows += [["一级指标", "二级指标", "三级指标", "年度指标值", "", "", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
                 ["", "", "", "指标性质", "指标值", "度量单位", "", "", "", ""]]
    else:
        rows.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    prev = ("", "")
    for r in f.rows:
        l1, l2 = r.l1, r.l2
        lead: list[str] = [l1, l2]
        if o.merged != "repeat" and (l1, l2) == prev:
            lead = [] if o.merged == "drop" else ["", ""]
        elif o.merged != "repeat" and l1 == prev[0]:
            lead = [l2] if o.merged == "drop" else ["", l2]
        prev = (l1, l2)
        target = [r.cmp, r.value, r.unit] if o.nested and not score_parts else [f"{r.cmp}{r.value}{r.unit}"]
        points = [_num(r.weight), _num(r.score)]
        if score_parts:        # 单项得分: the row's points out of 100, then 权重 and 折算得分
            points.insert(0, _num((r.score / r.weight * 100).quantize(D("0.1"), ROUND_HALF_UP)))
        why = rng.choice(_REASONS) if o.reasons and r.score < r.weight else ""
        rows.append([*lead, r.name, *target, f"{r.actual}{r.unit}", *points, why])
    width = 9 if score_parts else 10 if o.nested else 8
    if o.total != "prose":
        total = [o.total_label] + [""] * (width - 4) + ["100", _num(f.total)]
        rows.append(total + ([f.grade] if o.total == "row_with_grade" else [""]))
    after: list[str] = []
    if o.total == "prose" or rng.random() < 0.5:
        after.append(f"经自评，该项目{rng.choice(_PROSE_TOTAL)}为{_num(f.total)}分，评价等级为“{f.grade}”。")
    o.grade_said = o.total == "row_with_grade" or bool(after)
    return before, rows, after


def _width(text: str) -> int:
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def as_text(before: list[str], rows: list[list[str]], after: list[str], delim: str) -> str:
    lines = list(before)
    widths = [max((_width(r[k]) for r in rows if k < len(r)), default=0) for k in range(max(map(len, rows)))]
    for r in rows:
        cells = r
        if delim == "tab":
            lines.append("\t".join(cells))
        elif delim == "pipe":
            lines.append(" | ".join(cells).rstrip(" |") + " |")
        elif delim == "padded":
            lines.append(" | ".join(cells) + " |" + "|" * (len(widths) - len(cells)))
        elif delim == "spaces":
            lines.append("".join(c + " " * (widths[k] - _width(c) + 2) for k, c in enumerate(cells)).rstrip())
        elif delim == "cell_per_line":
            lines.extend(c for c in cells if c)
        elif delim == "runon":             # cells run together: no boundary at all
            lines.append("".join(cells))
        else:
            lines.append(" ".join(c for c in cells if c))
    return "\n".join([*lines, *after]) + "\n"


def _script(text: str, script: str) -> str:
    if script == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() or c == "%" else c for c in text)
    if script == "traditional":
        import opencc

        text = opencc.OpenCC("s2t").convert(text)
        return "".join(f"{c}({_PINYIN[c]})" if c in _PINYIN else c for c in text)
    return text


def merges(rows: list[list[str]]) -> dict[tuple[int, int], tuple[int, int]]:
    """The cells a real grid would merge, as (row, column) -> (rows, columns) spanned: 一级/二级
    cells left blank under a filled one (``merged == "blank"``), a nested header's upper cells
    over their sub-columns (and its single cells over both header rows), and the total row's
    label over the blank cells after it."""
    head = next((i for i, r in enumerate(rows) if r and r[0] == "一级指标"), len(rows))
    first = head + 1
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    if first < len(rows) and not any(ch.isdigit() for ch in "".join(rows[first])):
        top, sub = rows[head], rows[first]          # a nested header
        first += 1
        c = 0
        while c < len(top):
            k = c + 1
            while k < len(top) and top[k] == "" and k < len(sub) and sub[k] != "":
                k += 1
            if top[c] and k - c > 1 and c < len(sub) and sub[c]:
                spans[(head, c)] = (1, k - c)
            elif top[c] and (c >= len(sub) or not sub[c]):
                spans[(head, c)] = (2, 1)
            c = max(k, c + 1)
    for c in (0, 1):
        r = first
        while r < len(rows):
            k = r + 1
            while (rows[r][c] and k < len(rows) and len(rows[k]) == len(rows[r]) and rows[k][c] == ""
                   and (c == 0 or rows[k][0] == "")):
                k += 1
            if k - r > 1:
                spans[(r, c)] = (k - r, 1)
            r = k
    last = rows[-1]
    if len(rows) > first and last and last[0] and not any(ch.isdigit() for ch in last[0]):
        k = 1
        while k < len(last) and last[k] == "":
            k += 1
        if k > 1:
            spans[(len(rows) - 1, 0)] = (1, k)
    return spans


def _html(before: list[str], rows: list[list[str]], after: list[str],
          spans: dict[tuple[int, int], tuple[int, int]] | None = None, framed: bool = False) -> bytes:
    import html

    spans = spans or {}
    covered = {(r + i, c + j) for (r, c), (n, m) in spans.items() for i in range(n) for j in range(m)} - set(spans)

    def td(r: int, c: int, text: str) -> str:
        n, m = spans.get((r, c), (1, 1))
        attrs = (f" rowspan={n}" if n > 1 else "") + (f" colspan={m}" if m > 1 else "")
        return f"<td{attrs}>{html.escape(text)}</td>"

    table = "<table border=1 cellspacing=0>" if framed else "<table>"
    for r, row in enumerate(rows):
        table += "<tr>" + "".join(td(r, c, t) for c, t in enumerate(row) if (r, c) not in covered) + "</tr>"
    table += "</table>"
    if framed:                  # a site's page: navigation, the table in a layout table's cell, a footer
        table = (f"<table width='100%' class='layout'><tr><td><div class='content'>{table}</div></td></tr></table>"
                 "<div class='footer'>主办单位：本网站 联系电话：0000-1234567</div>")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in before) + table + "".join(f"<p>{html.escape(p)}</p>" for p in after)
    if framed:
        body = "<div class='nav'><a href='/'>首页</a> &gt; <a href='/xxgk'>信息公开</a></div>" + body
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()


_PLAIN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_PLAIN_RATE = re.compile(r"(\d+(?:\.\d+)?)%")


def _typed(text: str) -> tuple[object, str | None]:
    """A figure as a spreadsheet holds it when typed as a number: (value, number format)."""
    if _PLAIN_NUMBER.fullmatch(text):
        decimals = len(text.split(".")[1]) if "." in text else 0
        fmt = ("#,##0" if "," in text else "0") + ("." + "0" * decimals if decimals else "")
        return float(text.replace(",", "")), fmt
    if (m := _PLAIN_RATE.fullmatch(text)) is not None:
        return float(m.group(1)) / 100, "0.00%"
    return text, None


def _xlsx(before: list[str], rows: list[list[str]], after: list[str], typed: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    for p in before:
        ws.append([p])
    for r in rows:
        ws.append(r)
        if typed:                    # figures typed as numbers, rates as fractions shown as %
            for k, text in enumerate(r):
                value, fmt = _typed(text)
                if fmt is not None:
                    cell = ws.cell(ws.max_row, k + 1)
                    cell.value, cell.number_format = value, fmt
    for p in after:
        ws.append([p])
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":     # '=8个' is a target as typed, not a formula (openpyxl takes '=' for one)
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for k in range(max(map(len, rows))):         # columns as wide as their text, long ones wrapped
        width = max((_width(r[k]) for r in rows if k < len(r)), default=4)
        ws.column_dimensions[get_column_letter(k + 1)].width = min(max(width, 4) + 1, 18)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _docx(before: list[str], rows: list[list[str]], after: list[str],
          spans: dict[tuple[int, int], tuple[int, int]] | None = None) -> bytes:
    import docx

    d = docx.Document()
    for p in before:
        d.add_paragraph(p)
    width = max(map(len, rows))
    table = d.add_table(rows=len(rows), cols=width)
    for i, r in enumerate(rows):
        for k, c in enumerate(r):
            table.cell(i, k).text = c
    for (r, c), (n, m) in (spans or {}).items():     # w:vMerge / w:gridSpan, the text once
        table.cell(r, c).merge(table.cell(r + n - 1, min(c + m, width) - 1)).text = rows[r][c]
    for p in after:
        d.add_paragraph(p)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# column headings as other templates word them: (scope, [(heading, as worded)]); scope "header"
# rewords the scoring table's header rows only, "all" every cell (the funds block too)
HEADINGS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "plain": ("all", ()),
    "fullmark": ("all", (("分值", "满分"),)),
    "weight": ("all", (("分值", "权重"),)),
    "score": ("header", (("得分", "自评得分"),)),
    "achieved": ("header", (("实际完成值", "实际完成情况"),)),
    "achieved-year": ("header", (("实际完成值", "全年实际完成值"),)),
    "target": ("header", (("年度指标值", "年度目标值"),)),
    "letters": ("all", (("年初预算数", "年初预算数（A）"), ("全年预算数", "全年预算数（B）"), ("全年执行数", "全年执行数（C）"),
                        ("执行率", "执行率（C/B）"))),
}


def _reworded(row: list[str], heading: tuple[str, tuple[tuple[str, str], ...]]) -> list[str]:
    scope, words = heading
    if not words or (scope == "header" and not (row and (row[0] == "一级指标" or "单项得分" in row
                                                          or "指标性质" in row))):
        return row
    out = []
    for cell in row:
        for a, b in words:
            cell = cell.replace(a, b)
        out.append(cell)
    return out


def case(seed: int) -> Case:
    rng = random.Random(seed)
    more = random.Random(f"{seed}/more")          # later perturbations: the first draws stay as they were
    halves = more.random() < 0.25
    f = facts(rng, halves)
    o = options(rng)
    o.parts = more.choice(("target", "score"))
    o.reasons = more.random() < 0.4
    if o.delim in {"html", "xlsx", "docx"}:
        o.merged = "blank" if o.merged == "drop" else o.merged     # a real grid keeps the merged cell's place
        o.script = "simplified"
    before, rows, after = grid(f, o, rng)
    heading = more.choice(sorted(HEADINGS))
    rows = [_reworded(r, HEADINGS[heading]) for r in rows]
    spaced = more.random() < 0.3 and o.total != "prose" and o.total_label in ("合计", "总分")
    if spaced:                          # '合　计': letter-spaced to line up with longer labels
        rows = [["\u3000".join(c) if c == o.total_label else c for c in r] for r in rows]
    nesting = f"nested-{o.parts}" if o.nested else "flat"
    extras = "".join(("/halves" if halves else "", "/reasons" if o.reasons else ""))
    extras += f"/hdr-{heading}" if heading != "plain" else ""
    extras += "/spaced" if spaced else ""
    layout = f"{o.delim}/{o.merged}/{nesting}/{o.funds}/{o.unit}/{o.total}/{o.script}{extras}"
    ann = annotation(f, grade_readable=o.grade_said)
    spans = merges(rows) if o.merged != "drop" and o.delim in {"html", "docx"} and more.random() < 0.5 else None
    layout += "/spans" if spans else ""
    if o.delim == "html":
        framed = more.random() < 0.3
        layout += "/framed" if framed else ""
        return Case(layout, ".html", _html(before, rows, after, spans, framed=framed), ann)
    if o.delim == "xlsx":
        typed = more.random() < 0.5
        layout += "/typed" if typed else ""
        return Case(layout, ".xlsx", _xlsx(before, rows, after, typed), ann)
    if o.delim == "docx":
        return Case(layout, ".docx", _docx(before, rows, after, spans), ann)
    text = _script(as_text(before, rows, after, o.delim), o.script)
    return Case(layout, ".txt", text.encode("utf-8"), ann)


# how publishers print a table to PDF: with rules, or without (cells centred or top-aligned, tight or loose)
PRINT_STYLES = {
    "ruled": "table{border-collapse:collapse} td{border:1px solid #000;padding:2px;font-size:9pt}",
    "borderless": "td{padding:2px 6px;font-size:9pt}",
    "borderless-tight": "td{padding:0 4px;font-size:9pt}",
    "borderless-top": "td{padding:1px 5px;font-size:8pt;vertical-align:top}",
    "borderless-loose": "td{padding:3px 8px;font-size:10pt;line-height:1.5}",
}


def styled(page: str, style: str) -> str:
    """An HTML page with one of the ``PRINT_STYLES``."""
    return page.replace("<head>", f"<head><style>{PRINT_STYLES[style]}</style>", 1)


def printed_cases(n: int, start: int = 0) -> Iterator[Case]:
    """The first ``n`` HTML layouts from seed ``start`` on, printed to PDF by WeasyPrint in each
    print style (merged cells as real rowspans in half of them)."""
    import weasyprint

    made = 0
    seed = start
    while made < n:
        c = case(seed)
        seed += 1
        if c.suffix != ".html":
            continue
        made += 1
        page = c.data.decode("utf-8")
        for name in PRINT_STYLES:
            html = styled(page, name)
            yield Case(f"{c.layout}/pdf-{name}", ".pdf", weasyprint.HTML(string=html).write_pdf(), c.annotation)


def cases(n: int, start: int = 0) -> Iterator[Case]:
    for seed in range(start, start + n):
        yield case(seed)


def shipped_cases() -> list[Case]:
    """The shipped examples written by jixiao's own writers (DOCX, HTML, Markdown, XLSX), and the
    Markdown again with full-width digits and in traditional characters with pinyin."""
    from pathlib import Path

    from jixiao.core.model import RuleKind
    from jixiao.io.loading import load_path
    from jixiao.pipeline import score
    from jixiao.publish import render

    out: list[Case] = []
    examples = Path(__file__).resolve().parents[2] / "examples"
    for path in sorted(examples.glob("*.yaml")):
        project = load_path(path).projects[0]
        card = score(project).card
        if card is None:
            continue
        f = project.funding
        rows = [n for n in leaves(card.roots)
                  if getattr(n, "score", None) is not None and getattr(n, "rule", None) is not RuleKind.EXECUTION_RATE]
        ann: dict[str, object] = {
            "total_score": card.total, "grade": card.grade, "initial_budget": f.total.initial,
            "adjusted_budget": f.total.adjusted, "actual_spent": f.total.actual,
            "execution_rate_stated": f.execution_rate, "scored_indicator_rows": len(rows),
            "indicator_scores_sum": sum((n.score for n in rows), D(0))}
        for fmt in ("docx", "html", "md", "xlsx"):
            data = render(project, card, fmt, charts=False)
            out.append(Case(f"shipped-{fmt}/{path.stem}", f".{fmt}", data, ann))
            if fmt == "md":
                for script in ("fullwidth", "traditional"):
                    text = _script(data.decode("utf-8"), script)
                    out.append(Case(f"shipped-md-{script}/{path.stem}", ".md", text.encode("utf-8"), ann))
    return out

"""The edit page's form as a browser posts it: every named control in page order, and the grid rows."""

from __future__ import annotations

import html as htmlmod
import re
from typing import Any

_CONTROL = re.compile(r"<(input|select|textarea)\b([^>]*)>(.*?</\1>)?", re.S)
_ATTR = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def controls(page: str) -> list[tuple[str, str]]:
    """(name, value) of each control, in order; the new-row <template> is not part of the form."""
    page = re.sub(r"<template\b.*?</template>", "", page, flags=re.S)
    out: list[tuple[str, str]] = []
    for m in _CONTROL.finditer(page):
        tag, attrs_text, body = m.group(1), m.group(2), m.group(3) or ""
        attrs = {k: htmlmod.unescape(v or "") for k, v in _ATTR.findall(attrs_text)}
        name = attrs.get("name")
        if not name or attrs.get("type") in ("checkbox", "file", "radio", "submit") or "disabled" in attrs:
            continue
        if tag == "input":
            out.append((name, attrs.get("value", "")))
        elif tag == "textarea":
            out.append((name, htmlmod.unescape(body[: -len("</textarea>")])))
        else:
            options = re.findall(r"<option([^>]*)>([^<]*)<", body)
            chosen = next((o for o in options if re.search(r"\bselected\b", o[0])), options[0] if options else None)
            value = ""
            if chosen is not None:
                v = re.search(r'value="([^"]*)"', chosen[0])
                value = htmlmod.unescape(v.group(1)) if v else htmlmod.unescape(chosen[1])
            out.append((name, value))
    return [(n, v) for n, v in out if n != "csrfmiddlewaretoken"]


class Sheet:
    """The edit form: plain fields by name, and the grid rows (dicts of r-* values) in page order."""

    def __init__(self, page: str) -> None:
        self.fields: dict[str, str] = {}
        self.rows: list[dict[str, str]] = []
        for name, value in controls(page):
            if name.startswith("r-"):
                if name == "r-g":
                    self.rows.append({})
                self.rows[-1][name[2:]] = value
            else:
                self.fields[name] = value
        self.page = page

    def row(self, name: str) -> dict[str, str]:
        return next(r for r in self.rows if r["n"] == name)

    def group_of(self, title: str) -> str:
        """The group key of a grid group by its title (the 二级指标 name)."""
        m = re.search(r'<tbody class="group[^"]*" data-group="(\d+)">\s*<tr class="ghead"><th[^>]*>'
                      + re.escape(title), self.page)
        assert m, title
        return m.group(1)

    def add(self, group: str, **values: str) -> dict[str, str]:
        row = {k: "" for k in ("g", "k", "o", "tid", "n", "c", "v", "u", "a", "w", "s", "t", "r", "x")}
        row.update({"g": group, "k": "open", "c": "≥", **values})
        after = max((i for i, r in enumerate(self.rows) if r["g"] == group), default=len(self.rows) - 1)
        self.rows.insert(after + 1, row)
        return row

    def data(self, **extra: Any) -> list[tuple[str, str]]:
        pairs = [(k, v) for k, v in {**self.fields, **extra}.items()]
        for r in self.rows:
            pairs += [(f"r-{k}", r.get(k, "")) for k in ("g", "k", "o", "tid", "n", "c", "v", "u", "a", "w", "s",
                                                           "t", "r", "x")]
        return pairs


def post_data(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Pairs as the dict of lists Django's test client posts as repeated fields."""
    out: dict[str, list[str]] = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


DECLARED = [("产出指标", "数量指标", "举办健康讲座场次", "≥20场", 10), ("产出指标", "数量指标", "建立居民健康档案数", "≥3000份", 10),
            ("产出指标", "质量指标", "健康档案规范建档率", "≥95%", 10), ("产出指标", "质量指标", "家庭医生签约履约率", "≥90%", 10),
            ("产出指标", "时效指标", "讲座按计划完成率", "≥98%", 5), ("产出指标", "成本指标", "人均服务成本", "≤120元/人", 5),
            ("效益指标", "社会效益指标", "居民健康知识知晓率", "≥85%", 10),
            ("效益指标", "社会效益指标", "慢病患者规范管理率", "≥70%", 10),
            ("效益指标", "可持续影响指标", "社区健康服务机制", "建立并运行", 10),
            ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", 10)]


def declared_table_xlsx(name: str = "社区健康服务提升") -> bytes:
    """A 绩效目标申报表 as a department fills it: header, 年度总体目标, ten 三级指标 with 指标值 and 分值."""
    import io

    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标申报表"
    ws.append(["项目支出绩效目标申报表（2025年度）"])
    ws.append(["项目名称", name, "主管部门", "深圳市坪山区投资推广服务署"])
    ws.append(["实施单位", "社区健康服务中心", "项目负责人", "刘海兰"])
    ws.append(["年度总体目标", "全年举办健康讲座20场以上，建立居民健康档案3000份以上，居民满意度90%以上。"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值", "分值"])
    for row in DECLARED:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""Completeness: header fields, required report sections, template text left unfilled (A1, E5)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..claims import fold
from ..findings import Finding
from ..mentions import squash
from ..model import Record
from ..passages import placeholder
from .base import CheckContext, finding, strs

# (what, English, how to find it in the model, heading words of an imported section)
_SECTIONS = (
    ("基本情况", "basic information", lambda n: bool(n.background), "基本情况|项目概况|项目简介|概况"),
    ("绩效目标", "performance targets", lambda n: bool(n.goal), "绩效目标|年度目标|总体目标"),
    ("目标完成情况/绩效分析", "achievement and analysis", lambda n: bool(n.achievement or n.analysis),
     "完成情况|实现情况|绩效情况|评价情况|自评情况|绩效分析|实施效果|产出|效益"),
    ("存在的问题", "problems", lambda n: bool(n.problems), "问题"),
    ("改进措施", "measures", lambda n: bool(n.measures or n.suggestions), "措施|建议|改进|整改"),
)


def check_header(ctx: CheckContext) -> Iterator[Finding]:
    """项目名称, 主管部门 and 年度 (A1). A published report names its department in many ways (under several
    labels, or only as the issuing body of a prose report): there, only a department label
    printed with an empty cell is reported (JX604); an authored project must fill the field."""
    p = ctx.project
    published = p.record is Record.PUBLISHED
    has_department = bool(p.department.strip() or p.implementing_unit.strip()) or published
    missing = [(zh, en, path) for zh, en, path, ok in (
        ("项目名称", "project name", "name", bool(p.name.strip())),
        ("主管部门", "department", "department", has_department),
        ("年度", "year", "year", p.year is not None)) if not ok]
    for zh, en, path in missing:
        yield finding(ctx, "JX602", f"未填写{zh}", f"the {en} is missing", path, f"在表头填写{zh}",
                      strs(field=path))


def check_sections(ctx: CheckContext) -> Iterator[Finding]:
    """A report must carry each required part, in outline order.

    Only a part missing *before* one that is present is reported, and only in a report that
    has most of its outline: a bare table, or a text cut short (most published pages are),
    lacks its later parts for reasons that are not the author's. A missing 改进措施 after
    存在的问题 is JX406's business.
    """
    n = ctx.project.narrative
    heads = " ".join(squash(s.heading) for s in n.sections)
    present = [has(n) or bool(re.search(words, heads)) for _, _, has, words in _SECTIONS]
    if sum(present) < 3:
        return
    last = max(i for i, p in enumerate(present) if p)
    for i, (zh, en, _, _) in enumerate(_SECTIONS[:last]):
        if present[i]:
            continue
        yield finding(ctx, "JX601", f"报告缺少“{zh}”部分", f"the report has no '{en}' section", "narrative",
                      f"按自评报告提纲补写“{zh}”", strs(section=zh))


def check_placeholders(ctx: CheckContext) -> Iterator[Finding]:
    """Template text left in: one finding per kind of placeholder, listing where it occurs."""
    p = ctx.project
    places: list[tuple[str, str]] = [(f"targets[{i}]", t.name) for i, t in enumerate(p.targets)]
    names = {squash(t.name) for t in p.targets}
    places += [(n.path, n.name) for n in ctx.card.nodes() if squash(n.name) not in names] if ctx.card else []
    groups: dict[str, list[tuple[str, str]]] = {}
    for path, text in places:
        if (found := placeholder(fold(text))) is not None:
            groups.setdefault(found[0], []).append((path, found[1]))
    for k, token, snippet in p.claims.placeholders:      # the prose, read once with the claims
        hits = groups.setdefault(token, [])
        if all(snippet != s for _, s in hits):
            hits.append((f"claims.sentences[{k}]", snippet))
    for token, hits in groups.items():
        shown = "、".join(f"“{s}”" for _, s in hits[:3]) + (f"等{len(hits)}处" if len(hits) > 3 else "")
        yield finding(ctx, "JX603", f"含未填写的模板占位符或填表说明“{token}”：{shown}",
                      f"template placeholder or instruction '{token}' left in {len(hits)} place(s)", hits[0][0],
                      "用实际内容替换模板文字", strs(placeholder=token, paths=[h[0] for h in hits]))


CHECKS = (check_header, check_sections, check_placeholders)

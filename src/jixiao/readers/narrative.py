"""Narrative sections, basis documents and units, found by heading keywords in the outline."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..core.findings import Source
from ..core.model import BasisDocument, Narrative, Problem, Section, Unit
from .layout import Document, Paragraph
from .outline import Block

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d+\s*号")
_TITLE = re.compile(r"《([^《》]{2,80})》")
_UNIT = re.compile(r"^([\u4e00-\u9fff（）()]{2,24}?(?:部|处|科|室|中心|局|组|股|站|队|办|所|委|院|馆|会))\s*[：:]\s*(.+)$")
GOAL_EXCLUDED = re.compile(r"实现|完成|分解|下达|及")
ACHIEVEMENT_TITLE = re.compile(r"目标.{0,4}(实现|完成)情况")
_MEASURES = re.compile(r"(整改|改进)措施|下一步")
_CAUSE = re.compile(r"[；;，,。]?\s*(?:主要)?原因(?:是|为|在于|：|:)")


def find(blocks: list[Block], test: Callable[[str], bool]) -> Block | None:
    """The first block, in reading order at any depth, whose title passes ``test``."""
    for b in blocks if getattr(blocks, "flat", False) else flatten(blocks):
        if test(b.title):
            return b
    return None


class _Flat(list[Block]):
    flat = True


def flatten(blocks: list[Block]) -> list[Block]:
    out = _Flat()
    for root in blocks:
        out.extend(root.walk())
    return out


def _items(block: Block) -> list[tuple[str, Paragraph]]:
    """Numbered items under a heading, else its paragraphs; '无' means no items."""
    if block.children:
        out = []
        for c in block.children:
            text = c.title + ("。" if c.inline or c.body else "") + c.inline
            if c.body:
                text += "".join(p.text for p in c.body)
            out.append((text.strip(), c.para))
        return out
    items = [(p.text, p) for p in block.body]
    if block.inline:
        items.insert(0, (block.inline, block.para))
    return [(t, p) for t, p in items if t.strip(" 。.") not in {"无", "暂无", "没有"}]


def basis_documents(doc: Document, blocks: list[Block], sources: dict[str, Source]) -> list[BasisDocument]:
    block = find(blocks, lambda t: "立项依据" in t or "政策依据" in t)
    if block is None:
        return []
    out: list[BasisDocument] = []
    for para in [*block.body, *(c.para for c in block.children)]:
        title = _TITLE.search(para.text)
        number = DOC_NUMBER.search(para.text)
        first = title or number
        if first is None:
            continue
        sources[f"basis[{len(out)}]"] = doc.source(*para.locate(first.start()))
        out.append(BasisDocument(title.group(1) if title else para.text[:60],
                                 re.sub(r"\s+", "", number.group()) if number else ""))
    return out


def units(doc: Document, blocks: list[Block], sources: dict[str, Source]) -> list[Unit]:
    block = find(blocks, lambda t: "组织架构" in t or "职责分工" in t or "组织机构" in t)
    if block is None:
        return []
    out: list[Unit] = []
    for child in block.children:
        line_text = re.sub(r"^\s*(?:[（(]\s*\d+\s*[)）]|\d+[.、．]|[①-⑳])\s*", "", child.para.text)
        m = _UNIT.match(line_text)
        if not m:
            continue
        k = len(out)
        sources[f"units[{k}]"] = doc.source(child.para.line, 1)
        sources[f"units[{k}].duties"] = doc.source(*child.para.locate(child.para.text.find(m.group(2))))
        out.append(Unit(m.group(1), m.group(2).strip()))
    return out


def _problem(text: str) -> Problem:
    m = _CAUSE.search(text)
    if not m or m.start() < 4:
        return Problem(text)
    return Problem(text[:m.start()].rstrip("；;，,。") + "。", text[m.end():].strip())


def narrative(doc: Document, roots: list[Block], sources: dict[str, Source]) -> Narrative:
    sections = []
    for i, b in enumerate(roots):
        sections.append(Section(b.title, b.text))
        sources[f"narrative.sections[{i}]"] = doc.source(b.para.line, 1)
    blocks = flatten(roots)

    def text_of(test: Callable[[str], bool], key: str) -> str:
        b = find(blocks, test)
        if b is None:
            return ""
        sources[f"narrative.{key}"] = doc.source(b.para.line, 1)
        return b.text

    def listed(test: Callable[[str], bool], key: str) -> list[str]:
        b = find(blocks, test)
        if b is None:
            return []
        items = _items(b)
        for i, (_, para) in enumerate(items):
            sources[f"narrative.{key}[{i}]"] = doc.source(para.line, 1)
        return [t for t, _ in items]

    analysis_block = find(blocks, lambda t: "指标分析" in t or t.endswith("绩效分析"))
    analysis = []
    if analysis_block is not None:
        for i, c in enumerate(analysis_block.children):
            analysis.append(Section(c.title, (c.inline + "\n" + c.text_below()).strip()))
            sources[f"narrative.analysis[{i}]"] = doc.source(c.para.line, 1)
    problems = [_problem(t) for t in listed(lambda t: ("问题" in t and "措施" not in t and "建议" not in t)
                                           or t in {"存在问题", "存在的问题"}, "problems")]
    return Narrative(
        background=text_of(lambda t: "背景" in t, "background") or text_of(lambda t: t.endswith("概况"), "background"),
        goal=text_of(lambda t: "绩效目标" in t and not GOAL_EXCLUDED.search(t), "goal"),
        achievement=text_of(lambda t: "及" not in t and bool(ACHIEVEMENT_TITLE.search(t)),
                            "achievement"),
        conclusion=text_of(lambda t: "结论" in t and "分析" not in t, "conclusion"),
        analysis=tuple(analysis),
        experiences=tuple(listed(lambda t: "经验" in t or "做法" in t, "experiences")),
        problems=tuple(problems),
        measures=tuple(listed(lambda t: _MEASURES.search(t) is not None
                              and "问题及" not in t, "measures")),
        suggestions=tuple(listed(lambda t: "建议" in t and "措施" not in t, "suggestions")),
        sections=tuple(sections),
    )

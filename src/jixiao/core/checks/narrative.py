"""Narrative consistency: what the prose claims against the figures and against itself.

Every prose field is scanned (``base.narrative_texts``: sections, goal, achievement,
conclusion, analysis, problems, measures, unit duties …). Claims are matched by the kind of
statement (执行率 …%, 综合评分 …分, counts of a target's quantity), never by a document's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from difflib import SequenceMatcher

from ..achievement import target_met
from ..findings import Finding
from ..grades import normalise_grade
from ..mentions import UNIT_GROUPS, Mention, Quantity, quantity, squash
from ..model import Figure, ProjectKind, Record, Target
from ..money import fmt, fmt_money, fmt_rate, q2
from ..vocabulary import FIELD_LABELS
from .base import CheckContext, agrees, finding, narrative_texts, strs
from .goals import check_achievement_copies_goal, check_goal_block, check_goal_content
from .goals import plain as _plain

_SUB_FUND = re.compile(r"中央|省级|市级|县级|区级|上级|本级|专项|自有|自筹|配套|结转|其中|各项目|子项目|基本支出|三公|单项")
_TARGET_WORDS = re.compile(r"目标|要求|不低于|不少于|力争|确保|计划|应|≥|>=|预计")
_NEGATED = re.compile(r"未|没有|不|低于|小于|高于|超过|如|若")
_CLAUSE = re.compile(r"[。；;]")


_YEAR = re.compile(r"(20\d{2})年")


def _other_year(ctx: CheckContext, clause: str) -> bool:
    """The clause speaks of another year ('2022年预算执行率…' in a 2021 report): not this budget."""
    year = ctx.project.year
    return year is not None and any(int(y) != year for y in _YEAR.findall(clause))


def _clause_before(flat: str, pos: int) -> str:
    cut = max(flat.rfind(c, 0, pos) for c in "。；;")
    return flat[cut + 1:pos]


_RATE_WORDS = re.compile("|".join(sorted((*FIELD_LABELS["stated.execution_rate"], "执行效率性", "执行效率", "支出率"),
                                          key=len, reverse=True)))


def check_rate_claims(ctx: CheckContext) -> Iterator[Finding]:
    """'预算执行率为…%' in the prose (``Project.claims.rates``) against the computed rate (B7/E2).

    A rate that is a target ('应达到90%'), a part of the money (中央/其中…), a condition ('未达到90%的…'),
    another year's, or a project's inside a department report is not the project's rate.
    """
    f, claims = ctx.project.funding, ctx.project.claims
    department = ctx.project.kind is ProjectKind.DEPARTMENT   # its text also quotes each project's rate
    seen: set[str] = set()
    for claim in claims.rates:
        r = claim.rate
        words = list(_RATE_WORDS.finditer(r.label))
        if not words:
            continue
        kw = words[-1]
        gap = r.label[kw.end():]
        sentence = claims.sentences[r.sentence]
        before, _, after = sentence.partition(r.text)
        clause = before[max(before.rfind(c) for c in "。;") + 1:]
        if (len(gap) > 8 or any(c.isdigit() for c in gap) or after[:2] in ("以上", "以下", "左右")
                or _TARGET_WORDS.search(clause) or _SUB_FUND.search(clause) or _NEGATED.search(gap)
                or _other_year(ctx, clause) or (department and "项目" in clause)):
            continue
        procurement = "采购" in clause
        amounts = f.procurement if procurement else f.total
        computed = amounts.execution_rate
        if computed is None or agrees(r.value, computed, ctx.policy.tolerance):
            continue
        head = re.split(r"[,。;:、]", before[max(0, len(before) - len(r.label) - 8):])[-1]
        phrase = head + r.text
        if phrase in seen:
            continue
        seen.add(phrase)
        what = "政府采购执行率" if procurement else "预算执行率"
        yield finding(
            ctx, "JX401", f"文中称“{phrase}”，但{what}按{fmt_money(amounts.actual)}/{fmt_money(amounts.adjusted)}"
            f"计算为{fmt_rate(computed)}",
            f"the text claims '{phrase}' but the {'procurement ' if procurement else ''}execution rate is "
            f"{fmt_rate(computed)}", f"claims.sentences[{r.sentence}]", "按实际执行率表述，不要把未达100%的执行率写成100%",
            strs(claimed=r.value, computed=computed, phrase=phrase), sentence)


def check_score_claims(ctx: CheckContext) -> Iterator[Finding]:
    """总分 and 等级 quoted in the text against the table (E2)."""
    card = ctx.card
    if card is None or not card.roots:
        return
    total = card.total if card.complete else ctx.project.stated.total
    grade = card.grade if card.complete else normalise_grade(ctx.project.stated.grade)
    seen: set[str] = set()
    parts = {q2(v) for n in card.nodes() for v in (n.score, n.indicator.score) if v is not None}
    claims = ctx.project.claims
    for k, keyword, claimed, text in claims.scores:
        if keyword == "总分" and claimed == ctx.policy.weight_total:
            continue    # '总分100分' describes the scale, not the result
        if q2(claimed) in parts and not agrees(claimed, total or Decimal(0), ctx.policy.tolerance):
            continue    # the score of one dimension or row ('产出指标自评得分48.63分'), not the total
        if total is None or claimed > 100 or agrees(claimed, total, ctx.policy.tolerance) or text in seen:
            continue
        seen.add(text)
        yield finding(ctx, "JX402", f"文中称“{text}”，评分表合计为{fmt(total)}分",
                      f"the text says '{text}' but the table totals {fmt(total)}", f"claims.sentences[{k}]",
                      "使文字中的总分与评分表一致", strs(claimed=claimed, computed=total), claims.sentences[k])
    for k, word, text in claims.grades:
        said = normalise_grade(word)
        if grade is None or said == grade or text in seen:
            continue
        seen.add(text)
        yield finding(ctx, "JX402", f"文中称“{text}”，按总分{fmt(total)}分应为“{grade}”",
                      f"the text states grade '{word}' but the total gives '{grade}'", f"claims.sentences[{k}]",
                      "使文字中的等级与总分所在区间一致", strs(claimed=word, computed=grade), claims.sentences[k])


# --- figure conflicts -------------------------------------------------------------------------

def _unit_group(unit: str) -> str:
    return UNIT_GROUPS.get(unit, unit)


def _core(name: str) -> str:
    core = squash(name)
    return re.sub(r"(次数|人数|数量|个数|数|比例|比率)$", "", core)


def _grams(text: str, n: int = 4) -> set[str]:
    return {text[i:i + n] for i in range(len(text) - n + 1)}


def _same_subject(t: Target, m: Mention, grams: set[str]) -> bool:
    """A mention without a threshold is about the target when it shares most of the target's name."""
    core = _core(t.name)
    desc = m.descriptor
    if len(core) < 4 or not grams & _grams(desc):     # cheap test first: most mentions share nothing
        return False
    match = SequenceMatcher(None, core, desc, autojunk=False).find_longest_match(0, len(core), 0, len(desc))
    return match.size >= max(4, int(len(core) * 0.6))


def _located_mentions(ctx: CheckContext) -> list[tuple[int, int, Mention, Quantity]]:
    """(sentence, paragraph, mention, its quantity) for every count the prose states (``Claims.mentions``)."""
    out = []
    for k, para, m in ctx.project.claims.mentions:
        q = quantity(m.descriptor)
        if not q.verb and m.sentence_verb:
            q = Quantity(m.sentence_verb, q.attribute, q.low, q.high, q.noun)
        out.append((k, para, m, q))
    return out


def _consistent(t: Target, m: Mention) -> bool:
    allowed = {v for v in (t.value, t.actual, t.upper) if v is not None}
    if m.number in allowed:
        return True
    return m.after == "以上" and t.actual is not None and m.number <= t.actual


def check_figure_conflicts(ctx: CheckContext) -> Iterator[Finding]:
    """The same quantity with different numbers (B7): a target's reported count vs the text.

    A count of a ranged quantity (10亿元以上项目) must be at least the sum of the counts of
    disjoint sub-ranges the text gives (百亿级 2 + 十亿级 5); an equal quantity must agree.
    """
    seen: set[tuple[str, str]] = set()
    for f in _figure_conflicts(ctx):
        key = (f.data["target"], f.message)
        if key not in seen:       # the same prose may be imported both as a section and as analysis
            seen.add(key)
            yield f


def _figure_conflicts(ctx: CheckContext) -> Iterator[Finding]:
    found = _located_mentions(ctx)
    for ti, t in enumerate(ctx.project.targets):
        if t.actual is None:
            continue
        tq = quantity(t.name)
        unit = _unit_group(t.actual_unit or t.unit)
        grams = _grams(_core(t.name))
        parts: dict[int, list[tuple[int, Mention, Quantity]]] = {}
        for k, para, m, q in found:
            if _unit_group(m.unit) != unit:
                continue
            if tq.ranged:
                if not (q.ranged and q.same_kind(tq)):
                    continue
                if q.low == tq.low and q.high == tq.high:
                    if not _consistent(t, m):
                        yield _conflict(ctx, ti, t, k, f"「{m.descriptor}」{fmt(m.number)}{m.unit}", m.number,
                                        excerpt=m.sentence)
                elif q.within(tq):
                    parts.setdefault(para, []).append((k, m, q))
            elif _same_subject(t, m, grams) and not _consistent(t, m):
                yield _conflict(ctx, ti, t, k, f"「{m.descriptor}」{fmt(m.number)}{m.unit}", m.number,
                                excerpt=m.sentence)
        best: tuple[Decimal, int, list[Mention]] | None = None
        for items in parts.values():        # sub-ranges add up within one paragraph
            chosen: list[tuple[int, Mention, Quantity]] = []
            for k, m, q in sorted(items, key=lambda x: x[2].low or 0, reverse=True):
                if all(q.disjoint(c) for _, _, c in chosen):
                    chosen.append((k, m, q))
            total = sum((m.number for _, m, _ in chosen), Decimal(0))
            if best is None or total > best[0]:
                best = (total, chosen[0][0], [m for _, m, _ in chosen])
        if best is not None and best[0] > t.actual:
            total, k, ms = best
            detail = "＋".join(f"{m.descriptor}{fmt(m.number)}{m.unit}" for m in ms)
            excerpt = "…".join(dict.fromkeys(m.sentence for m in ms))
            yield _conflict(ctx, ti, t, k, f"{detail}＝{fmt(total)}{ms[0].unit}", total, [m.number for m in ms],
                            excerpt)


def _conflict(ctx: CheckContext, ti: int, t: Target, k: int, other: str, number: Decimal,
              parts: list[Decimal] | None = None, excerpt: str = "") -> Finding:
    reported = f"{fmt(t.actual)}{t.actual_unit or t.unit}"
    return finding(
        ctx, "JX403", f"「{t.name}」报告完成{reported}，而文中另称{other}，同一数量前后不一",
        f"'{t.name}' is reported as {reported}, but elsewhere the text gives {other}",
        f"claims.sentences[{k}]", "核对口径，统一该数量在目标表与文字中的数值",
        strs(target=t.name, reported=t.actual, other=number, parts=[str(p) for p in parts or []],
             target_path=f"targets[{ti}]"), excerpt[:300])


_MONEY_KEYS = tuple(sorted(((word, path.rsplit(".", 1)[-1]) for path in
                            ("funding.total.initial", "funding.total.adjusted", "funding.total.actual")
                            for word in FIELD_LABELS[path]), key=lambda wc: -len(wc[0])))
"""The shared vocabulary's labels of the three budget figures, longest first ('年初预算数' before '预算数')."""
_NOT_THE_TOTAL = re.compile(r"财政拨款|资金来源|采购|较|比|调减|调增|增加|减少|下降|增长")


def check_money_claims(ctx: CheckContext) -> Iterator[Finding]:
    """Budget and spending amounts the prose states (``Project.claims``) against the funding table (B7).

    Only amounts of the whole project count: not a part (其中/中央/财政拨款…), a target, a change or
    another year's. A text that gives two different whole amounts under one label speaks of several
    projects, and that label is not compared.
    """
    t, claims = ctx.project.funding.total, ctx.project.claims
    known = {q2(v) for v in (t.initial, t.adjusted, t.actual) if v is not None}
    if not known or ctx.project.kind is ProjectKind.DEPARTMENT:   # a department's text quotes many budgets
        return
    year = ctx.project.year
    candidates: list[tuple[Figure, str, str]] = []
    for f in claims.figures:
        label = f.label.rstrip("数为是:共计")
        key = next((column for word, column in _MONEY_KEYS if label.endswith(word)), None)
        if key is None or f.wan is None:
            continue
        clause = claims.sentences[f.sentence].split(f.text, 1)[0]
        clause = clause[max(clause.rfind(c) for c in "。;") + 1:]
        if (_NOT_THE_TOTAL.search(clause) or _SUB_FUND.search(clause) or _TARGET_WORDS.search(clause)
                or (f.year is not None and year is not None and f.year != year)):
            continue
        candidates.append((f, key, label))
    values: dict[str, set[Decimal]] = {}
    for f, key, _ in candidates:
        values.setdefault(key, set()).add(q2(f.wan) if f.wan is not None else f.value)
    seen: set[str] = set()
    for f, key, label in candidates:
        expected = getattr(t, key)
        if (f.wan is None or q2(f.wan) in known or q2(f.value) in known or f.text in seen or expected is None
                or len(values[key]) > 1):
            continue        # the same number in another unit is a unit misprint (JX411), not another amount
        seen.add(f.text)
        sentence = claims.sentences[f.sentence]
        yield finding(ctx, "JX403", f"文中称“{label}{f.text}”，而资金表为{fmt_money(expected)}万元",
                      f"the text says '{label} {f.text}' but the funding table gives {fmt_money(expected)}",
                      f"claims.sentences[{f.sentence}]", "使文字中的金额与资金表一致（万元，两位小数）",
                      strs(claimed=q2(f.wan), table=expected), sentence)


# --- duplicates and copies ----------------------------------------------------------------------

def check_duplicates(ctx: CheckContext) -> Iterator[Finding]:
    """Word-for-word identical unit duties or paragraphs (A2)."""
    units = ctx.project.units
    seen_units: dict[str, int] = {}
    for i, u in enumerate(units):
        key = _plain(u.duties)
        if len(key) < 10:
            continue
        if key in seen_units:
            j = seen_units[key]
            yield finding(ctx, "JX404", f"「{units[j].name}」与「{u.name}」的职责文字逐字相同（{len(key)}字）",
                          f"the duties of '{units[j].name}' and '{u.name}' are word-for-word the same",
                          f"units[{i}].duties", "分别写明各部门在项目中的实际分工",
                          strs(units=[units[j].name, u.name], first=f"units[{j}].duties", length=len(key)))
        else:
            seen_units[key] = i
    texts = {path: _plain(text) for path, text in narrative_texts(ctx.project)}
    for group in ("structured", "sections"):
        seen: dict[str, str] = {}
        for path, text in narrative_texts(ctx.project):
            if path.startswith("units") or path.startswith("funding"):
                continue
            if (group == "sections") != path.startswith("narrative.sections"):
                continue
            for para in re.split(r"\n\s*\n|\n(?=\s)", text):
                key = _plain(para)
                if len(key) < 30:
                    continue
                first = seen.get(key)
                a, b = (texts[first], texts[path]) if first is not None else ("", "")
                nested = a != b and (a in b or b in a)      # a section and its own sub-section
                if first is not None and first != path and not nested and \
                        {first, path} != {"narrative.goal", "narrative.achievement"}:
                    yield finding(ctx, "JX404", f"该段文字与{seen[key]}重复（{len(key)}字）：“{para.strip()[:30]}…”",
                                  f"this paragraph repeats {seen[key]} word for word", path,
                                  "删除重复段落或改写为各自的内容", strs(first=seen[key], length=len(key)))
                else:
                    seen.setdefault(key, path)


def check_problems_measures(ctx: CheckContext) -> Iterator[Finding]:
    """存在的问题 needs 整改措施 and the reverse (E4)."""
    n = ctx.project.narrative
    if ctx.project.record is Record.PUBLISHED and not n.sections:
        return      # a 自评表 without a report: its footer cells are read as labels, not as an outline
    heads = [squash(s.heading) for s in n.sections]
    has_problems = bool(n.problems) or any("问题" in h for h in heads)
    has_measures = bool(n.measures) or any(re.search("措施|改进|整改|建议", h) for h in heads)
    if has_problems and not has_measures:
        yield finding(ctx, "JX406", f"列出了存在的问题（{len(n.problems) or '见正文'}条）但没有整改措施",
                      "problems are listed without rectification measures", "narrative.problems",
                      "针对每个问题写明整改措施和时限", strs(problems=len(n.problems)))
    elif has_measures and not has_problems:
        yield finding(ctx, "JX406", "写了改进措施但没有列出存在的问题", "measures are given but no problems are listed",
                      "narrative.measures", "说明措施针对的问题", strs(measures=len(n.measures)))


def check_completion_claims(ctx: CheckContext) -> Iterator[Finding]:
    """'全面完成目标' while a numeric target was missed (E3)."""
    missed = [t for t in ctx.project.targets if target_met(t) is False]
    if not missed:
        return
    names = "、".join(f"「{t.name}」目标{fmt(t.value)}实际{fmt(t.actual)}" for t in missed[:3])
    claims = ctx.project.claims
    for k, phrase in claims.completions[:1]:
        yield finding(ctx, "JX407", f"文中称“{phrase}”，但{names}未达成",
                      f"the text claims '{phrase}' although {len(missed)} target(s) were missed", f"claims.sentences[{k}]",
                      "如实说明未达成的目标及偏差原因", strs(claim=phrase, missed=[t.name for t in missed]),
                      claims.sentences[k])


CHECKS = (check_rate_claims, check_score_claims, check_figure_conflicts, check_money_claims,
          check_duplicates, check_goal_content, check_achievement_copies_goal, check_goal_block, check_problems_measures,
          check_completion_claims)

"""The report's prose on generated projects: counts add up, the score once, nothing a reviewer says."""

from __future__ import annotations

import re

import pytest
from generated import projects
from hypothesis import HealthCheck, given, settings

from jixiao.core.model import Project, Record
from jixiao.core.money import fmt
from jixiao.core.scoring import score_project
from jixiao.publish import PublishError, facts, render
from jixiao.publish.gaps import missing_facts
from jixiao.publish.outline import Heading, Para, build_report

REVIEWER = ("未填报", "未说明", "复核", "未能计分", "数据不足", "（未填写）", "JX")
SETTINGS = settings(max_examples=int(__import__("os").environ.get("JIXIAO_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def prose_of(project: Project) -> tuple[list[str], str]:
    card = score_project(project)
    report = build_report(project, card)
    texts = [b.text for b in report.blocks if isinstance(b, Heading | Para)]
    return texts, fmt(card.total)


@SETTINGS
@given(projects())
def test_published_prose_has_no_reviewer_words_and_counts_add_up(project):
    texts, total = prose_of(project)
    joined = "\n".join(texts)
    assert not [w for w in REVIEWER if w in joined], joined
    for match in re.finditer(r"共设置绩效指标(\d+)项，其中定量指标(\d+)项（已完成(\d+)项(?:、未完全完成(\d+)项)?）"
                             r"(?:，定性指标(\d+)项)?", joined):
        n, numeric, met, unmet, qual = (int(g or 0) for g in match.groups())
        assert n == numeric + qual and numeric == met + unmet
    numeric_targets = [t for t in project.targets if facts.target_met(t) is not None]
    if len(numeric_targets) == len(project.targets):
        met = sum(1 for t in numeric_targets if facts.target_met(t))
        assert f"共设置绩效指标{len(project.targets)}项，已完成{met}项" in joined
    # the total and grade are stated once in the prose (the scoring table carries them again, as tables do)
    scored = any(leaf.score is not None for leaf in score_project(project).leaves())
    if scored:
        assert joined.count("评价等级") == 1 and f"自评得分{total}分，评价等级" in joined
    else:   # nothing could be scored: no 0分 / 差 stated as if it were a result
        assert "评价等级" not in joined and "自评得分" not in joined


@SETTINGS
@given(projects())
def test_sentences_are_well_formed(project):
    texts, _ = prose_of(project)
    for text in texts:
        assert not re.search(r"[，；。、][，；。、]", text), text
        assert "None" not in text and "—的" not in text, text
    body = [t for t in texts if len(t) > 20]
    assert all(t.endswith(("。", "：")) for t in body), body


@SETTINGS
@given(projects(published=False))
def test_a_draft_is_refused_exactly_when_facts_are_missing(project):
    card = score_project(project)
    gaps = missing_facts(project, card)
    unmet_without_reason = [t.name for t in project.targets
                            if facts.target_met(t) is False and not t.deviation_reason.strip()]
    assert all(any(name in g for g in gaps) for name in unmet_without_reason)
    if gaps:
        with pytest.raises(PublishError) as err:
            render(project, card, "md")
        assert all(g in err.value.zh for g in gaps)
    else:
        assert render(project, card, "md").startswith(b"# ")


@SETTINGS
@given(projects())
def test_published_record_is_never_refused(project):
    assert project.record is Record.PUBLISHED
    card = score_project(project)
    assert render(project, card, "md").startswith(b"# ")

"""``jixiao report`` and the ``render`` / ``write_report`` API the web app calls."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from publish_helpers import PINGSHAN

from jixiao.cli.main import main
from jixiao.publish import MEDIA_TYPES, PublishError, render, write_report


@pytest.mark.parametrize("fmt,magic", [("docx", b"PK"), ("xlsx", b"PK"), ("html", b"<!DOCTYPE html>"),
                                       ("md", b"# 2021")])
def test_render_returns_the_format(pingshan, fmt, magic):
    project, card = pingshan
    data = render(project, card, fmt, charts=False)
    assert data.startswith(magic)
    if fmt in {"docx", "xlsx"}:
        assert zipfile.ZipFile(__import__("io").BytesIO(data)).testzip() is None
    assert fmt in MEDIA_TYPES


def test_render_refuses_an_unknown_format(pingshan):
    project, card = pingshan
    with pytest.raises(PublishError) as err:
        render(project, card, "odt")
    assert "不支持的格式" in err.value.zh and "unknown format" in err.value.en


def test_write_report_names_files(pingshan, tmp_path: Path):
    project, card = pingshan
    paths = write_report(project, card, None, tmp_path / "out", ["docx", "xlsx", "md"], charts=False)
    assert [p.name for p in paths] == ["2021-招商引资-绩效自评报告.docx", "2021-招商引资-绩效自评表.xlsx",
                                       "2021-招商引资-绩效自评报告.md"]
    assert all(p.stat().st_size > 1000 for p in paths)


def test_cli_writes_the_requested_formats(tmp_path: Path):
    result = CliRunner().invoke(main, ["report", str(PINGSHAN), "-o", str(tmp_path), "--format", "docx, XLSX,md",
                                       "--with-findings", "--date", "2022-03-05"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["2021-招商引资-复核意见.docx", "2021-招商引资-复核意见.md", "2021-招商引资-绩效自评报告.docx",
                     "2021-招商引资-绩效自评报告.md", "2021-招商引资-绩效自评表.xlsx"]
    md = (tmp_path / "2021-招商引资-绩效自评报告.md").read_text(encoding="utf-8")
    assert "复核" not in md and "未填报" not in md and "未说明" not in md   # the report has no reviewer section
    assert md.rstrip().endswith("深圳市坪山区投资推广服务署  \n2022年3月5日")
    review = (tmp_path / "2021-招商引资-复核意见.md").read_text(encoding="utf-8")
    assert review.startswith("# 2021年度招商引资项目支出绩效自评报告复核意见")
    # the reviewer reads places in the report's terms, never model paths
    assert "参与实施单位「发展规划部」的职责" in review and "units[3]" not in review


def test_cli_refuses_a_draft_with_gaps_and_names_them(tmp_path: Path):
    text = PINGSHAN.read_text(encoding="utf-8").replace("record: published", "record: draft")
    draft = tmp_path / "draft.yaml"
    draft.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(draft), "-o", str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize("args,needle", [
    (["report", "missing.yaml"], "文件不存在"),
    (["report", str(PINGSHAN), "--format", "docx,odt"], "未知格式"),
])
def test_cli_bad_input_exits_2_without_traceback(args, needle, tmp_path: Path):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output


def test_cli_unreadable_project_file(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("project: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(bad), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "JX002" in result.output
    assert not list(tmp_path.glob("*.docx"))


def test_score_lists_what_a_drafts_report_still_needs(tmp_path: Path):
    text = PINGSHAN.read_text(encoding="utf-8").replace("record: published", "record: draft")
    # give the one deduction its reason so the draft scores; the four targets still lack their actuals
    text = text.replace("对项目实施效果的满意程度, weight: 5, score: 4}", "对项目实施效果的满意程度, weight: 5, score: 4, reason: 调查样本不足}")
    draft = tmp_path / "draft.yaml"
    draft.write_text(text, encoding="utf-8")
    from jixiao.pipeline import load, score

    project = load(draft).projects[0]
    card = score(project).card
    assert card is not None
    from jixiao.publish.gaps import missing_facts

    gaps = missing_facts(project, card)
    assert "绩效目标「宣传册制作」的实际完成值" in gaps
    result = CliRunner().invoke(main, ["score", str(draft)])
    assert "绩效目标「宣传册制作」的实际完成值" in result.output
    refused = CliRunner().invoke(main, ["report", str(draft), "-o", str(tmp_path / "out"), "--format", "md"])
    assert refused.exit_code == 2 and "绩效目标「宣传册制作」的实际完成值" in refused.output
    assert not (tmp_path / "out").exists()

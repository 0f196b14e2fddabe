"""Fonts: the official faces are named, the substitutes are found, and no CJK face means a clear stop."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from publish_helpers import PINGSHAN

from jixiao.cli.main import main
from jixiao.publish import PublishError, fonts, render


@pytest.fixture
def no_cjk(monkeypatch):
    """A machine without any CJK face: fontconfig lists none and the Fandol folder is absent."""
    monkeypatch.setattr(fonts, "installed", lambda: ())
    monkeypatch.setattr(fonts, "_fc_list_cached", lambda: ())
    monkeypatch.setattr(fonts, "cjk_font_file", lambda: None)


def test_official_names_and_documented_substitutes():
    assert [fonts.FACES[r].official for r in ("body", "heading2", "heading1", "title")] == [
        "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体"]
    assert "FandolFang" in fonts.FACES["body"].substitutes
    assert {"AR PL KaitiM GB", "LXGW WenKai"} <= set(fonts.FACES["heading2"].substitutes)


def test_choice_prefers_the_documented_order(monkeypatch):
    rows = (fonts.Installed("Noto Serif CJK SC", Path("/f/NotoSerifCJK-Regular.ttc")),
            fonts.Installed("Noto Serif CJK SC", Path("/f/NotoSerifCJK-Bold.ttc"), bold=True),
            fonts.Installed("LXGW WenKai", Path("/f/LXGWWenKai-Regular.ttf")),
            fonts.Installed("AR PL KaitiM GB", Path("/f/gkai00mp.ttf")))
    monkeypatch.setattr(fonts, "installed", lambda: rows)
    monkeypatch.setattr(fonts, "_fc_list_cached", lambda: rows)
    assert fonts.choose("heading2").family == "AR PL KaitiM GB"      # before LXGW WenKai in the list
    assert fonts.choose("body").family == "Noto Serif CJK SC"        # no 仿宋 at all: the Song fallback
    title = fonts.choose("title")
    assert title.bold and title.file.name == "NotoSerifCJK-Bold.ttc"  # 小标宋 → bold Song
    assert "'仿宋_GB2312', '仿宋', 'Noto Serif CJK SC'" in fonts.css_stack("body")


def test_no_cjk_face_stops_the_pdf_with_a_bilingual_message(no_cjk, pingshan):
    project, card = pingshan
    with pytest.raises(PublishError) as err:
        render(project, card, "pdf")
    assert "fonts-noto-cjk" in err.value.zh and "fonts-noto-cjk" in err.value.en
    assert "方框" in err.value.zh and "empty boxes" in err.value.en
    with pytest.raises(PublishError):
        render(project, card, "docx", charts=True)     # charts are drawn here too
    # a DOCX or XLSX without charts draws nothing: Word/WPS on the reader's PC supply the faces
    assert render(project, card, "docx").startswith(b"PK")
    assert render(project, card, "xlsx").startswith(b"PK")


def test_cli_exits_2_and_writes_nothing_without_cjk(no_cjk, tmp_path: Path):
    result = CliRunner().invoke(main, ["report", str(PINGSHAN), "-o", str(tmp_path), "--format", "docx,pdf"])
    assert result.exit_code == 2
    assert "apt-get install fonts-noto-cjk" in result.output and "Traceback" not in result.output
    assert not list(tmp_path.iterdir())     # not even the DOCX: every format is rendered before any is written


def test_doctor_lines():
    lines = fonts.report()
    if not fonts.have_cjk():
        pytest.skip("no CJK font on this machine")
    assert len(lines) == 4 and all(ok for ok, _ in lines)
    assert lines[3][1].startswith("仿宋（仿宋_GB2312）→ ")


def test_doctor_lines_without_cjk(no_cjk):
    assert fonts.report() == [(False, f"{fonts.INSTALL_HINT_ZH} / {fonts.INSTALL_HINT_EN}")]


def test_fontconfig_conf_maps_the_official_names():
    conf = fonts.fontconfig_conf()
    assert "<family>仿宋_GB2312</family><prefer><family>FangSong</family><family>FandolFang</family>" in conf
    assert conf.count("<alias") == 8    # each official name and its Windows alias (宋体, SimHei, 楷体, 仿宋)


def test_doctor_reports_the_faces_and_the_missing_case(no_cjk):
    from jixiao.cli import doctor

    check = doctor.check_cjk_fonts()
    assert check.status == "missing" and "fonts-noto-cjk" in check.fix
    assert doctor.check_gongwen_faces().status == "note"

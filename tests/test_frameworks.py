"""Shipped frameworks load and add up; a broken copy is reported with file:line, not a traceback."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from jixiao.core.framework import iter_nodes
from jixiao.io.frameworks import builtin_names, resolve_framework


def test_all_shipped_frameworks_are_listed() -> None:
    assert {"mof-2020-selfeval", "mof-2020-common", "pingshan-2021", "mof-2020-selfeval-capped"} <= set(
        builtin_names())


@pytest.mark.parametrize("name", builtin_names())
def test_shipped_framework_loads_and_totals_100(name: str) -> None:
    framework, findings = resolve_framework(name)
    assert not findings and framework is not None
    assert sum((n.weight for n in framework.indicators), D(0)) == D(100)


def test_pingshan_has_the_seed_table() -> None:
    framework, _ = resolve_framework("pingshan-2021")
    assert framework is not None
    assert [(n.name, n.weight) for n in framework.indicators] == [
        ("项目决策", D(15)), ("项目管理", D(35)), ("项目产出", D(25)), ("项目效益", D(25))]
    leaves = [n for _, n in iter_nodes(framework.indicators) if n.is_leaf]
    assert len(leaves) == 16  # 15 fixed leaves + the open 社会效益 slot
    assert all(leaf.explanation for leaf in leaves)


def test_selfeval_weights() -> None:
    framework, _ = resolve_framework("mof-2020-selfeval")
    assert framework is not None
    assert [(n.name, n.weight) for n in framework.indicators] == [
        ("预算执行率", D(10)), ("产出指标", D(50)), ("效益指标", D(30)), ("满意度指标", D(10))]
    assert framework.indicators[0].rule is not None and framework.indicators[0].rule.kind.value == "execution-rate"


def test_common_framework_has_the_formulas() -> None:
    framework, _ = resolve_framework("mof-2020-common")
    assert framework is not None
    names = {n.name: n for _, n in iter_nodes(framework.indicators)}
    for name in ("资金到位率", "预算执行率", "实际完成率", "质量达标率", "成本节约率"):
        assert "=" in names[name].explanation, name
    assert names["实际完成率"].rule.kind.value == "completion"  # type: ignore[union-attr]


def _copy(tmp_path: Path, old: str, new: str) -> Path:
    from importlib import resources
    text = resources.files("jixiao.frameworks").joinpath("pingshan-2021.yaml").read_text("utf-8")
    assert old in text
    path = tmp_path / "mine.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_bad_weights_in_a_user_framework_are_located(tmp_path: Path) -> None:
    path = _copy(tmp_path, "            weight: 3\n", "            weight: 4\n")
    framework, findings = resolve_framework(str(path))
    assert framework is None
    messages = {f.message: f for f in findings}
    finance = next(f for m, f in messages.items() if "财务管理" in m)
    assert "6" in finance.message and "相差1" in finance.message
    assert finance.source is not None and finance.source.file == str(path) and finance.source.line > 1
    assert len(findings) == 1  # 财务管理 itself still says 5, so the levels above still add up


def test_total_off_100_is_reported(tmp_path: Path) -> None:
    path = _copy(tmp_path, "    weight: 15\n", "    weight: 16\n")
    framework, findings = resolve_framework(str(path))
    assert framework is None
    assert {("101" in f.message) or ("16" in f.message) for f in findings} == {True}


def test_edited_framework_changes_the_score(tmp_path: Path) -> None:
    from jixiao.io.loading import load_path
    from jixiao.pipeline import score
    from testdata import PINGSHAN
    path = _copy(tmp_path, "name: pingshan-2021", "name: my-copy")
    scored = score(load_path(PINGSHAN).projects[0], str(path))
    assert scored.card is not None and scored.card.framework.name == "my-copy"
    assert scored.card.total == D(98)


def test_unknown_framework_and_type_errors(tmp_path: Path) -> None:
    framework, findings = resolve_framework("no-such-framework")
    assert framework is None and "no-such-framework" in findings[0].message
    path = _copy(tmp_path, "    weight: 15\n", "    weight: fifteen\n")
    framework, findings = resolve_framework(str(path))
    assert framework is None and findings[0].source is not None and findings[0].source.line > 1
    bad = tmp_path / "syntax.yaml"
    bad.write_text("name: x\nindicators: [\n", encoding="utf-8")
    assert resolve_framework(str(bad))[1][0].slug == "framework-invalid"

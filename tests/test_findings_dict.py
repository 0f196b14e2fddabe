"""The one plain form of a finding: where it points, what its data holds, and that it round-trips."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.findings import Finding, Severity, Source
from jixiao.io.findings import FINDING_KEYS, finding_from_dict, finding_to_dict, plain, where


def f(source: Source | None, **data: object) -> Finding:
    return Finding("JX201", "budget-adjustment-unexplained", Severity.WARNING, "说明", "message",
                   "funding.total.adjusted", source, "提示", data)


def test_where_never_makes_up_a_location() -> None:
    assert where(Source("r.txt", 12, 3)) == "r.txt:12:3"
    assert where(Source("r.txt", 12, 0)) == "r.txt:12:1"
    assert where(Source("r.txt", 0, 0)) == "r.txt"
    assert where(Source("r.xlsx", 0, 0, sheet="表1", cell="C7")) == "r.xlsx:表1!C7"
    assert where(Source("r.pdf", 40, 2, page=3)) == "r.pdf:40:2 (p.3)"
    assert where(Source("<computed>"), "input.yaml") == "input.yaml"
    assert where(None, "input.yaml") == "input.yaml"


def test_the_dict_names_the_file_and_the_model_path_apart() -> None:
    d = finding_to_dict(f(Source("r.txt", 5, 2, fragment="调整预算"), stated=Decimal("1375.720"), parts=(1, 2)))
    assert tuple(d) == FINDING_KEYS
    assert (d["file"], d["line"], d["column"], d["where"]) == ("r.txt", 5, 2, "r.txt:5:2")
    assert d["model_path"] == "funding.total.adjusted" and "path" not in d
    assert d["data"] == {"stated": "1375.720", "parts": [1, 2]}      # every printed digit kept
    json.dumps(d, ensure_ascii=False)                                 # JSON-safe as it stands


def test_a_finding_without_a_source_takes_the_input_file() -> None:
    d = finding_to_dict(f(None), "report.docx")
    assert (d["file"], d["line"], d["where"]) == ("report.docx", None, "report.docx")


def test_plain_keeps_structure_and_exact_values() -> None:
    assert plain({"a": [Decimal("0.10"), None, True], 3: "x"}) == {"a": ["0.10", None, True], "3": "x"}


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20).filter(
    lambda s: s not in {"<input>", "<computed>", "<checker>", "<web>"})


@given(file=names, line=st.integers(1, 10**6), column=st.integers(1, 500), page=st.none() | st.integers(1, 999),
       severity=st.sampled_from(list(Severity)), fragment=st.none() | st.text(max_size=40))
def test_round_trip(file: str, line: int, column: int, page: int | None, severity: Severity,
                    fragment: str | None) -> None:
    original = Finding("JX403", "figure-conflict", severity, "中文", "english", "targets[1].actual",
                       Source(file, line, column, page, None, None, fragment), "", {"n": "3"})
    assert finding_from_dict(finding_to_dict(original)) == original

"""Generated layouts (tests/readers/layouts.py): reading gives back the facts or "not found", never another value."""

from __future__ import annotations

import re
from pathlib import Path

import layouts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from measure import compare

from jixiao.readers import read_bytes

READERS = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "readers"


def _wrong(seed: int) -> dict[str, tuple[str, object, object]]:
    case = layouts.case(seed)
    result = read_bytes(case.data, f"generated{case.suffix}")
    project = result.projects[0] if result.projects else None
    return {f: v for f, v in compare(case.annotation, project).items() if v[0] == "wrong"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**31))
def test_generated_layouts_never_read_a_different_value(seed: int) -> None:
    assert _wrong(seed) == {}, layouts.case(seed).layout


def test_reports_jixiao_writes_read_back_with_no_other_value() -> None:
    """The shipped writers (DOCX, HTML, Markdown, XLSX), and Markdown perturbed: facts back or not found."""
    wrong = {}
    for case in layouts.shipped_cases():
        result = read_bytes(case.data, f"report{case.suffix}")
        verdicts = compare(case.annotation, result.projects[0] if result.projects else None)
        wrong.update({f"{case.layout}.{f}": v for f, v in verdicts.items() if v[0] == "wrong"})
    assert wrong == {}


def test_most_generated_facts_are_read() -> None:
    """Not found is allowed, but the layouts are ones real publishers use: most facts come back."""
    right = total = 0
    for seed in range(40):
        case = layouts.case(seed)
        result = read_bytes(case.data, f"g{case.suffix}")
        verdicts = compare(case.annotation, result.projects[0] if result.projects else None)
        right += sum(v[0] == "right" for v in verdicts.values())
        total += len(verdicts)
    assert right >= 0.85 * total


def test_perturbations_are_generated() -> None:
    """The generator really writes the perturbations it claims (so the property above covers them)."""
    seen = {layouts.case(seed).layout for seed in range(300)}
    parts = {p for layout in seen for p in layout.split("/")}
    assert {"tab", "pipe", "padded", "spaces", "cell_per_line", "words", "runon", "html", "xlsx", "docx",
            "drop", "blank", "repeat", "nested-target", "nested-score", "halves", "reasons", "pairs", "columns", "prose", "元", "row_with_grade",
            "fullwidth", "traditional", "spans", "hdr-fullmark", "hdr-achieved", "hdr-letters", "spaced", "framed", "typed"} <= parts
    text = next(c.data.decode() for c in layouts.cases(80) if "/traditional" in c.layout)
    assert re.search(r"[預數執結標額績]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", text)


def test_no_dev_document_phrase_in_the_readers() -> None:
    """The readers hold general vocabulary only (../shared/tools/dev_literals.py finds one-document phrases)."""
    import subprocess
    import sys

    tool = READERS.parents[3].parent / "shared" / "tools" / "dev_literals.py"
    if not tool.is_file():
        return
    out = subprocess.run([sys.executable, str(tool), str(READERS)], capture_output=True, text=True, check=False)
    flagged = [line for line in out.stdout.splitlines() if "(dev " in line and "/pdf" not in line]
    assert flagged == []

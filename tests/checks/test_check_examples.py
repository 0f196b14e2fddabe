"""Every shipped draft example passes the checker: no errors, no warnings (style lesson 9).

Published records (``record: published``) keep their report's defects on purpose and are
tested against their walkthrough instead (test_check_pingshan.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.core.model import Record
from jixiao.pipeline import check, load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_draft_examples_are_clean(path: Path) -> None:
    loaded = load(path)
    assert not loaded.failed
    for project in loaded.projects:
        if project.record is Record.PUBLISHED:
            continue
        _card, found = check(project)
        assert [f for f in found if f.severity.value != "info"] == []

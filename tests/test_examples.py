"""Every shipped example loads without a problem and scores completely (like bean-check on examples)."""

from pathlib import Path

import pytest

from jixiao.io.loading import load_path
from jixiao.pipeline import score
from testdata import EXAMPLES

FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.json"))


def test_there_are_examples() -> None:
    assert len(FILES) >= 2


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_example_loads_and_scores(path: Path) -> None:
    loaded = load_path(path)
    assert not loaded.findings, loaded.findings
    for project in loaded.projects:
        result = score(project)
        assert result.ok, result.input_findings
        assert result.card is not None and result.card.complete
        assert result.card.weight_total == 100

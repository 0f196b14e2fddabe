"""Shared fixtures: the two shipped examples, scored once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from publish_helpers import PINGSHAN, SELFEVAL

from jixiao.core.model import Project
from jixiao.core.scoring import ScoreCard
from jixiao.pipeline import load, score


def scored(path: Path) -> tuple[Project, ScoreCard]:
    loaded = load(path)
    assert not loaded.failed, loaded.findings
    result = score(loaded.projects[0])
    assert result.card is not None
    return loaded.projects[0], result.card


@pytest.fixture(scope="session")
def pingshan() -> tuple[Project, ScoreCard]:
    return scored(PINGSHAN)


@pytest.fixture(scope="session")
def selfeval() -> tuple[Project, ScoreCard]:
    if SELFEVAL is None:
        pytest.skip("no examples/*selfeval*.yaml yet")
    return scored(SELFEVAL)

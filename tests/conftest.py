"""Shared fixtures: where the repository's examples and the shared corpus live."""

from __future__ import annotations

from pathlib import Path

import pytest

from testdata import DEV_CORPUS, SEED, SHARED


@pytest.fixture
def shared_dir() -> Path:
    """../shared, or skip: tests that read the seed or the dev corpus must not fail without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture
def seed_path(shared_dir: Path) -> Path:
    if not SEED.is_file():
        pytest.skip("seed report is absent")
    return SEED


@pytest.fixture
def dev_corpus(shared_dir: Path) -> Path:
    if not DEV_CORPUS.is_dir():
        pytest.skip("dev corpus is absent")
    return DEV_CORPUS

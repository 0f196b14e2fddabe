"""Shared fixtures: where the repository's examples and the shared corpus live, and an OCR
cache of the test run's own."""

from __future__ import annotations

import os
from collections.abc import Iterator
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


@pytest.fixture(autouse=True, scope="session")
def _ocr_cache_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """OCR results (and the leaner model graphs) cached for this run only: a result the user's
    cache kept from other code would hide what the code under test recognises."""
    before = os.environ.get("JIXIAO_OCR_CACHE")
    os.environ["JIXIAO_OCR_CACHE"] = str(tmp_path_factory.mktemp("ocr-cache"))
    yield
    if before is None:
        os.environ.pop("JIXIAO_OCR_CACHE", None)
    else:
        os.environ["JIXIAO_OCR_CACHE"] = before

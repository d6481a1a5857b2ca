"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.engine_server import EngineServer, running_engine


@pytest.fixture(scope="session")
def engine_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EngineServer]:
    """One real local engine process for the whole session, on a loopback port."""
    data_dir = tmp_path_factory.mktemp("engine-data")
    with running_engine(data_dir) as server:
        yield server


@pytest.fixture
def fresh_engine(tmp_path: Path) -> Iterator[EngineServer]:
    """A real local engine of the test's own (for tests that restart or break it)."""
    with running_engine(tmp_path / "engine-data") as server:
        yield server

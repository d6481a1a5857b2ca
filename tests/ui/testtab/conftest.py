"""A fine-tuned tiny-random model on the shared local engine, trained once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.engine_server import EngineServer
from tests.ui.testtab.seed import FineTuned, fine_tuned_on


@pytest.fixture(scope="session")
def fine_tuned(engine_server: EngineServer) -> FineTuned:
    return fine_tuned_on(engine_server)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The offscreen platform warns whenever a top-level window's (a dialog's) minimum size follows
    # its layout; real platforms do not. Only this folder's own tests are marked.
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))

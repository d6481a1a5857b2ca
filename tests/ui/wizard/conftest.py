"""Wizard tests: the same offscreen allowance as tests/ui (its hook marks only its own folder)."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The offscreen platform warns when a top-level window's minimum size follows its layout
    # (the wizard, the fix dialogs); real platforms do not.
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))

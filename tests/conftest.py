"""Shared test set-up: Qt offscreen, an isolated settings folder, and the real local engine."""

from __future__ import annotations

import os

# Set before anything imports Qt: the GUI tests run on real widgets without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.support.fixtures", "tests.support.small_disk"]

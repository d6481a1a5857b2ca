"""UI test set-up: a private home, settings and app-data folder per test, so nothing real is touched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME, ORGANIZATION
from desktop.ui.i18n import install_translations


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[Path]:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName(APP_NAME)
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(home / ".config"))
    # As the app does at start-up: English has its plural forms ("1 row", "5 rows").
    install_translations("en")
    yield home


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The offscreen platform warns whenever a top-level window's minimum size follows its layout;
    # real platforms do not. Only this folder's own test files are marked.
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))

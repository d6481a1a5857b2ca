"""A damaged profiles.json reaches the user through the one error path, in the window's error bar."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.providers.profiles import ProviderKind
from desktop.providers.secrets import ProfileSecrets, SessionSecretStore
from desktop.ui.background import ReportedError, error_hub
from desktop.ui.main_window import MainWindow
from desktop.ui.services import create_provider_services


def test_the_user_is_told_where_their_damaged_profiles_are_kept(qtbot: QtBot, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "profiles.json").write_text("", encoding="utf-8")  # emptied by a power loss
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    reported: list[ReportedError] = []
    error_hub().error_reported.connect(reported.append)
    secrets = ProfileSecrets(SessionSecretStore(), SessionSecretStore())
    services = create_provider_services(config, tmp_path / "data", secrets)
    try:
        assert services.profiles.active().kind is ProviderKind.LOCAL  # the app still starts
        qtbot.waitUntil(lambda: bool(reported), timeout=5_000)
        kept = next(config.glob("profiles.json.damaged-*"))
        assert kept.name in reported[0].message
        qtbot.waitUntil(lambda: kept.name in window.notification_bar.message_label.text(), timeout=5_000)
    finally:
        error_hub().error_reported.disconnect(reported.append)
        services.shutdown()

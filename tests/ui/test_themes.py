"""Light and dark: every text the pages show reads against its background, in both schemes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.readers import open_dataset
from desktop.providers.profiles import Profile, ProviderKind
from desktop.providers.secrets import ProfileSecrets, SessionSecretStore
from desktop.ui import theme
from desktop.ui.background import ReportedError
from desktop.ui.main_window import MainWindow
from desktop.ui.resources import sample_dataset_path
from desktop.ui.services import ProviderServices, create_provider_services
from desktop.ui.workbench import Workbench
from tests.support.engine_server import EngineServer

# WCAG 2: 4.5:1 for body text; 3:1 for large or bold text and for status colours beside an icon.
BODY_TEXT = 4.5
STATUS_TEXT = 3.0
COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})")
BACKGROUND = re.compile(r"background:\s*(#[0-9a-fA-F]{3,6})")


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def scheme(request: pytest.FixtureRequest) -> Iterator[bool]:
    theme.apply_color_scheme(dark=request.param)
    yield request.param
    theme.apply_color_scheme(dark=False)


@pytest.fixture
def services(tmp_path: Path, engine_server: EngineServer) -> Iterator[ProviderServices]:
    secrets = ProfileSecrets(SessionSecretStore(), SessionSecretStore())
    made = create_provider_services(tmp_path / "config", tmp_path / "data", secrets)
    profile = Profile.create("Engine", ProviderKind.COMPATIBLE, base_url=engine_server.base_url)
    made.profiles.save(profile)
    made.profiles.set_active(profile.id)
    secrets.set(profile.id, engine_server.token, session_only=True)
    yield made
    made.shutdown()


def test_palette_roles_read_on_their_backgrounds(qapp: object, scheme: bool) -> None:
    palette = QPalette(qapp.palette())  # type: ignore[attr-defined]
    role = QPalette.ColorRole
    for text, background, least in (
        (role.WindowText, role.Window, BODY_TEXT),
        (role.Text, role.Base, BODY_TEXT),
        (role.ButtonText, role.Button, BODY_TEXT),
        (role.ToolTipText, role.ToolTipBase, BODY_TEXT),
        (role.HighlightedText, role.Highlight, BODY_TEXT),
        (role.Link, role.Base, STATUS_TEXT),
        (role.PlaceholderText, role.Base, STATUS_TEXT),
    ):
        ratio = theme.contrast(palette.color(text), palette.color(background))
        assert ratio >= least, f"{text.name} on {background.name}: {ratio:.2f}"
    for meaning in ("error", "warning", "success", "muted", "info"):
        ratio = theme.contrast(QColor(theme.colour(meaning)), palette.color(role.Window))
        assert ratio >= STATUS_TEXT, f"{meaning}: {ratio:.2f}"


def _own_style(widget: QWidget) -> tuple[QColor | None, QColor | None]:
    """The text and background colours that style sheets set on ``widget`` or its ancestors."""
    text: QColor | None = None
    background: QColor | None = None
    current: QWidget | None = widget
    while current is not None and (text is None or background is None):
        sheet = current.styleSheet()
        if text is None and (match := COLOUR.search(sheet)):
            text = QColor(match.group(1))
        if background is None and (match := BACKGROUND.search(sheet)):
            background = QColor(match.group(1))
        current = current.parentWidget()
    return text, background


def _unreadable(root: QWidget) -> list[str]:
    found = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or not label.text().strip():
            continue
        text, background = _own_style(label)
        palette = label.palette()
        text = text or palette.color(
            QPalette.ColorGroup.Active if label.isEnabled() else QPalette.ColorGroup.Disabled,
            QPalette.ColorRole.WindowText,
        )
        background = background or palette.color(QPalette.ColorRole.Window)
        ratio = theme.contrast(text, background)
        if ratio < STATUS_TEXT:
            found.append(
                f"{label.objectName() or type(label.parent()).__name__}: {label.text()[:50]!r} {ratio:.2f}"
            )
    return found


def test_every_page_is_readable(qtbot: QtBot, services: ProviderServices, scheme: bool) -> None:
    window = MainWindow()
    bench = Workbench(window, services)
    qtbot.addWidget(window, before_close_func=lambda _w: bench.monitor.shutdown())
    window.load_dataset(open_dataset(sample_dataset_path()).dataset)
    window.resize(1200, 800)
    window.show()
    problems: list[str] = []
    for key in window.page_keys():
        window.show_page(key)
        qtbot.wait(50)
        problems += _unreadable(window)
    bench.open_wizard()
    wizard = bench.wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.data_page.isComplete(), timeout=30_000)
    problems += _unreadable(wizard)
    wizard.close_confirmed = True
    wizard.reject()
    window.notification_bar.show_error(ReportedError("Opening x", "broken", ""))
    problems += _unreadable(window.notification_bar)
    window.document.mark_saved()
    assert not problems, "\n".join(sorted(set(problems)))

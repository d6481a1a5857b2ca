"""The application icon, the desktop file name and the About box."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import __version__
from desktop.ui.about import AboutDialog, application_icon
from desktop.ui.app import create_application
from desktop.ui.main_window import MainWindow


def test_icon_at_every_size_and_the_desktop_file_name(qapp: QApplication) -> None:
    icon = application_icon()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256}.issubset(sizes)
    app = create_application([])
    assert not app.windowIcon().isNull()
    assert app.desktopFileName() == "finetune-desk"  # WM_CLASS, not "__main__.py"


def test_about_box_says_version_licence_engine_and_docs(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_about()
    dialog = window.about_dialog
    assert isinstance(dialog, AboutDialog)
    assert __version__ in dialog.version_label.text()
    assert "MIT" in dialog.licence_label.text()
    assert "Local engine" in dialog.engine_label.text() and "not started" in dialog.engine_label.text()
    assert "href=" in dialog.docs_label.text() and dialog.docs_label.openExternalLinks()
    dialog.close()

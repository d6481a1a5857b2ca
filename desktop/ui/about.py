"""The application icon and the About box (version, licence, local engine, documentation)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop import __version__
from desktop.ui.resources import resources_dir

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
LICENCE = "MIT"
# The desktop entry's name: window managers match windows to it (WM_CLASS / Wayland app id).
DESKTOP_FILE_NAME = "finetune-desk"


def application_icon() -> QIcon:
    """The app's icon at every size it is drawn (title bar, taskbar, About, Alt+Tab)."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in ICON_SIZES:
        path = folder / f"finetune-desk-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


def documentation_url() -> QUrl:
    """The README of this installation (the docs folder's entry point), else the bundled resources."""
    root = Path(__file__).resolve().parents[2]
    readme = root / "README.md"
    return QUrl.fromLocalFile(str(readme if readme.is_file() else resources_dir()))


class AboutDialog(QDialog):
    def __init__(self, engine_state: str, parent: QWidget | None = None) -> None:
        """``engine_state``: a sentence on the local engine (running where, or not started)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Finetune Desk"))
        icon = QLabel(self)
        icon.setPixmap(application_icon().pixmap(96, 96))
        name = self.tr("Finetune Desk")
        self.title = QLabel(f"<h2>{name}</h2>", self)
        self.version_label = QLabel(self.tr("Version %1").replace("%1", __version__), self)
        self.text = QLabel(
            self.tr("From a spreadsheet of examples to a fine-tuned model you have tested."), self
        )
        self.text.setWordWrap(True)
        self.licence_label = QLabel(self.tr("Licence: %1").replace("%1", LICENCE), self)
        self.engine_label = QLabel(
            self.tr("Local engine: version %1 — %2").replace("%1", __version__).replace("%2", engine_state),
            self,
        )
        self.engine_label.setWordWrap(True)
        docs = self.tr("Documentation")
        self.docs_label = QLabel(f'<a href="{documentation_url().toString()}">{docs}</a>', self)
        self.docs_label.setOpenExternalLinks(True)
        column = QVBoxLayout()
        for label in (
            self.title,
            self.version_label,
            self.text,
            self.licence_label,
            self.engine_label,
            self.docs_label,
        ):
            column.addWidget(label)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addLayout(column, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(460, 240)

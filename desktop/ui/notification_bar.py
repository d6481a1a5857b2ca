"""The one visible place where errors show: a bar above the pages, with Details and Close.

Non-blocking: work goes on while it is shown. The main window connects ``error_hub().error_reported``
to :meth:`NotificationBar.show_error`.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.background import ReportedError


class ErrorDetailsDialog(QDialog):
    def __init__(self, error: ReportedError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Error details"))
        self.resize(720, 420)
        summary = QLabel(f"<b>{_escape(error.where)}</b><br>{_escape(error.message)}", self)
        summary.setWordWrap(True)
        self.details = QPlainTextEdit(error.details, self)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class NotificationBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NotificationBar")
        self.setStyleSheet(
            "#NotificationBar { background: #fdecea; border: 1px solid #f5c2c0; border-radius: 4px; }"
            # Its own dark text on its own light background: readable in the dark scheme too.
            "#NotificationBar QLabel { color: #5f1410; }"
        )
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.details_button = QPushButton(self.tr("Details…"), self)
        self.close_button = QPushButton(self.tr("Dismiss"), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.message_label, 1)
        layout.addWidget(self.details_button)
        layout.addWidget(self.close_button)
        self.details_button.clicked.connect(lambda _checked=False: self.show_details())
        self.close_button.clicked.connect(lambda _checked=False: self.dismiss())
        self.errors: list[ReportedError] = []
        self.details_dialog: ErrorDetailsDialog | None = None
        self.hide()

    def show_error(self, error: ReportedError) -> None:
        self.errors.append(error)
        text = f"<b>{_escape(error.where)}</b>: {_escape(error.message)}"
        if len(self.errors) > 1:
            more = self.tr("(%1 more)").replace("%1", str(len(self.errors) - 1))
            text += f" <i>{_escape(more)}</i>"
        self.message_label.setText(text)
        self.show()

    def show_details(self) -> None:
        if not self.errors:
            return
        self.details_dialog = ErrorDetailsDialog(self.errors[-1], self.window())
        self.details_dialog.open()

    def dismiss(self) -> None:
        self.errors.clear()
        self.hide()

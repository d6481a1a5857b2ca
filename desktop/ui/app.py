"""Application start-up: QApplication, translations, the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMainWindow

from desktop import APP_NAME, ORGANIZATION


def run(argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    window = QMainWindow()
    window.setWindowTitle(APP_NAME)
    window.resize(1200, 800)
    window.show()
    return app.exec()

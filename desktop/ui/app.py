"""Application start-up: QApplication, translations, the main window, crash recovery.

Command line: ``python -m desktop [--sample] [--lang en|zh_CN] [FILE]``.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME, ORGANIZATION, __version__
from desktop.ui.i18n import install_translations, normalise_language, saved_language

if TYPE_CHECKING:
    from desktop.ui.language_switch import LanguageSwitcher
    from desktop.ui.main_window import MainWindow

# Test hook for the crash-recovery test: a JSON cell edit ({"row", "column", "text"}) that the app
# applies through its table model after start-up, so the real autosave path runs.
SCRIPTED_EDIT_ENV = "FINETUNE_DESK_SCRIPTED_EDIT"


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="finetune-desk", description=f"{APP_NAME} (微调工作台)")
    parser.add_argument("file", nargs="?", help="a data set to open (xlsx, xls, ods, csv, tsv, json, jsonl)")
    parser.add_argument("--sample", action="store_true", help="open the bundled sample data set")
    parser.add_argument("--lang", help="UI language for this start: en or zh_CN (default: the saved one)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # Open the window, let it draw and start its pages, then quit: what the packaged-build test runs.
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    # Say "window shown" once the event loop runs with the window up, then quit (closing stops the
    # local engine, which may still be starting): bench/startup_vs_qt.py times spawn to that line.
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    # Qt's own options (-platform, -style ...) are left for QApplication.
    arguments, _unknown = parser.parse_known_args(argv[1:])
    return arguments


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName(APP_NAME)
    from desktop.ui.about import DESKTOP_FILE_NAME, application_icon

    app.setWindowIcon(application_icon())
    # WM_CLASS / the Wayland app id: the taskbar shows our icon and name, not "__main__.py".
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    from desktop.ui.theme import apply_color_scheme

    apply_color_scheme()  # light or dark, as the system is
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    return app


def run(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    app = create_application(argv)
    instance = None
    if not arguments.smoke_test:
        from desktop.ui import single_instance

        instance = single_instance.claim(parent=app)
        if instance is None:
            return _hand_over_to_running_app(arguments)
    language = normalise_language(arguments.lang) if arguments.lang else saved_language()
    install_translations(language)
    window = start_window(arguments)
    if instance is not None:
        instance.requested.connect(functools.partial(open_requested, window))
    _quit_on_termination_signals(app)
    if arguments.smoke_test:
        QTimer.singleShot(3000, app.quit)
    if arguments.quit_when_shown:
        QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
    code = app.exec()
    if instance is not None:
        instance.requested.disconnect()
        instance.close()
    del window
    return code


def _hand_over_to_running_app(arguments: argparse.Namespace) -> int:
    """Another window of this app is open: give it our file (it comes to the front) and exit."""
    from desktop.ui import single_instance

    request = single_instance.launch_request(arguments.file, arguments.sample)
    if single_instance.hand_over(request):
        print(
            f"{APP_NAME} is already open: its window shows what you asked for.\n"
            f"{APP_NAME}（微调工作台）已经打开：已在该窗口中打开。",
            file=sys.stderr,
        )
        return 0
    print(
        f"{APP_NAME} is already open but its window does not answer. Close it (or wait until it has "
        "started) and try again.\n"
        f"{APP_NAME}（微调工作台）已经打开，但窗口没有响应。请关闭它（或等它启动完成）后重试。",
        file=sys.stderr,
    )
    return 1


def open_requested(window: MainWindow, request: dict[str, Any]) -> None:
    """What a later launch asked for: the window comes to the front and opens the file or sample."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    file = request.get("file")
    if isinstance(file, str) and file:
        window.files.open_path(Path(file))
        window.show_page("editor")
    elif request.get("sample") is True:
        window.files.open_sample()
        window.show_page("editor")


def follow_color_scheme(switcher: LanguageSwitcher) -> None:
    """When the system turns dark or light, the palette follows and the windows are drawn again."""
    from desktop.core import i18n as core_i18n
    from desktop.ui.theme import apply_color_scheme

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return

    def changed(_scheme: object) -> None:
        from desktop.ui.theme import is_dark, system_is_dark

        if system_is_dark() == is_dark():
            return  # a repeated notice: nothing to redraw
        apply_color_scheme()
        # Rebuilt like a language switch, so every colour chosen for the old scheme is chosen again.
        switcher.switch(core_i18n.current_language(), force=True)

    app.styleHints().colorSchemeChanged.connect(changed)


def _quit_on_termination_signals(app: QApplication) -> None:
    """Ctrl+C or a polite kill closes the app the normal way, so the local engine is stopped too."""
    import signal

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: app.quit())
    # Python runs signal handlers only between bytecodes; an idle timer gives it the chance.
    ticker = QTimer(app)
    ticker.timeout.connect(lambda: None)
    ticker.start(500)


def start_window(arguments: argparse.Namespace) -> MainWindow:
    """Show the main window, then offer crash recovery or open what the command line names."""
    from desktop.ui.autosave import Autosave
    from desktop.ui.language_switch import LanguageSwitcher
    from desktop.ui.main_window import MainWindow
    from desktop.ui.services import create_provider_services
    from desktop.ui.welcome import should_show_at_start
    from desktop.ui.workbench import install_workbench

    window = MainWindow()
    window.autosave = Autosave(window.document, window)
    # The app's wiring, built once here and passed down (a language switch hands it to the new window).
    services = create_provider_services()
    # Jobs, test, keep and welcome pages, the wizard, providers (a child of window).
    workbench = install_workbench(window, services)
    switcher = LanguageSwitcher(window, workbench)
    switcher.setParent(QApplication.instance())
    follow_color_scheme(switcher)
    window.show_page("welcome" if should_show_at_start() else "editor")
    window.show()

    def open_from_arguments() -> None:
        if arguments.file:
            window.files.open_path(Path(arguments.file))
        elif arguments.sample:
            window.files.open_sample()
        if arguments.file or arguments.sample:
            window.show_page("editor")
        scripted = os.environ.get(SCRIPTED_EDIT_ENV)
        if scripted:
            _apply_scripted_edit_when_loaded(window, json.loads(scripted))

    def after_start() -> None:
        # Restoring lost edits comes first; declining goes on with the normal start.
        assert window.autosave is not None
        if not window.autosave.offer_recovery(window, on_declined=open_from_arguments):
            open_from_arguments()

    QTimer.singleShot(0, after_start)
    return window


def _apply_scripted_edit_when_loaded(window: MainWindow, spec: dict[str, Any]) -> None:
    def try_edit() -> None:
        if window.is_busy or not window.document.examples:
            QTimer.singleShot(50, try_edit)
            return
        window.apply_scripted_edit(spec)
        print("scripted edit applied", file=sys.stderr, flush=True)

    QTimer.singleShot(0, try_edit)

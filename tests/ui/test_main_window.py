from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.core.dataset import ExampleKind
from desktop.ui.background import error_hub, run_in_background
from desktop.ui.main_window import MainWindow
from tests.ui.editor_helpers import pc_dataset


def make_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    # Closing a window with unsaved changes asks (and waits); tests that leave changes behind skip that.
    qtbot.addWidget(window, before_close_func=lambda w: w.document.mark_saved())
    window.show()
    return window


def test_pages_can_be_added_and_shown(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    assert window.page_keys() == ["editor"]
    page = QLabel("monitor page")
    window.add_page("monitor", page, "Jobs")
    window.show_page("monitor")
    assert window.tabs.currentWidget() is page
    window.show_page("editor")
    assert window.tabs.currentWidget() is window.editor
    assert window.document is window.editor.document


def test_background_errors_show_in_the_notification_bar_with_details(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    error_hub().add_redactor(lambda text: text.replace("sk-live-123", "sk-…"))

    def fail() -> None:
        raise RuntimeError("upload refused for key sk-live-123")

    run_in_background("Uploading data.jsonl", fail, owner=None)
    qtbot.waitUntil(window.notification_bar.isVisible)
    assert "Uploading data.jsonl" in window.notification_bar.message_label.text()
    window.notification_bar.details_button.click()
    dialog = window.notification_bar.details_dialog
    assert dialog is not None and dialog.isVisible()
    details = dialog.details.toPlainText()
    assert "RuntimeError" in details and "sk-live-123" not in details
    dialog.close()
    window.notification_bar.close_button.click()
    assert not window.notification_bar.isVisible()


def test_title_status_and_kind_conversion(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    window.document.load(pc_dataset([("你好", "世界"), ("a", "b")]))
    qtbot.waitUntil(lambda: window.characters_label.text() == "6 characters")
    assert window.rows_label.text() == "2 rows"
    assert not window.isWindowModified()
    window.editor.select_document_rows([0])
    qtbot.waitUntil(lambda: window.selection_label.text() == "1 selected")
    assert window.characters_label.text() == "4 characters in selection"
    window.editor.model.setData(window.editor.model.index(0, 1), "世界!")
    assert window.isWindowModified()

    window.convert_actions[ExampleKind.CHAT].trigger()
    assert window.document.kind is ExampleKind.CHAT
    assert window.document.examples[0].peek() == {
        "messages": [{"role": "user", "content": "你好"}, {"role": "assistant", "content": "世界!"}]
    }
    window.undo_action.trigger()
    assert window.document.kind is ExampleKind.PROMPT_COMPLETION
    assert window.document.examples[0].peek() == {"prompt": "你好", "completion": "世界!"}


def test_geometry_and_recent_files_are_remembered(qtbot: QtBot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot)
    window.resize(700, 500)  # within the offscreen screen (800x600)
    first = tmp_path / "a.jsonl"
    first.write_text('{"prompt": "p", "completion": "c"}\n', encoding="utf-8")
    window.files.add_recent_file(first)
    window.files.add_recent_file(tmp_path / "gone.jsonl")
    window.files.add_recent_file(first)
    window.close()

    again = make_window(qtbot)
    assert (again.size().width(), again.size().height()) == (700, 500)
    assert again.files.recent_files() == [
        (tmp_path / "a.jsonl").resolve(),
        (tmp_path / "gone.jsonl").resolve(),
    ]
    again.recent_menu.aboutToShow.emit()
    labels = [a.text() for a in again.recent_menu.actions() if a.text()]
    assert labels[:2] == [str(first.resolve()), str((tmp_path / "gone.jsonl").resolve())]
    # A file that no longer exists is said so and dropped from the list.
    next(a for a in again.recent_menu.actions() if a.text().endswith("gone.jsonl")).trigger()
    assert "no longer exists" in again.statusBar().currentMessage()
    assert again.files.recent_files() == [first.resolve()]
    next(a for a in again.recent_menu.actions() if a.text() == str(first.resolve())).trigger()
    qtbot.waitUntil(lambda: again.document.path == first.resolve() or again.document.path == first)


def test_a_large_selection_is_counted_off_the_ui_thread(qtbot: QtBot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import desktop.ui.main_window as main_window_module

    monkeypatch.setattr(main_window_module, "SELECTION_COUNT_ON_UI_THREAD", 1)
    window = make_window(qtbot)
    window.document.load(pc_dataset([("ab", "c"), ("d", "ef"), ("g", "h")]))
    window.editor.view.selectAll()
    qtbot.waitUntil(lambda: window.characters_label.text() == "8 characters in selection")
    assert window.selection_label.text() == "3 selected"

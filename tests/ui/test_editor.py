from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.core.dataset import ExampleKind
from desktop.ui.document import DatasetDocument
from desktop.ui.editor import DataEditor
from desktop.ui.tsv import parse_tsv, to_tsv
from tests.ui.editor_helpers import chat_dataset, pc_dataset


def make_editor(qtbot: QtBot, pairs: list[tuple[str, str]]) -> DataEditor:
    editor = DataEditor(DatasetDocument(pc_dataset(pairs)))
    qtbot.addWidget(editor)
    editor.resize(900, 500)
    editor.show()
    return editor


def prompts(editor: DataEditor) -> list[str]:
    return [e.peek()["prompt"] for e in editor.document.examples]


def select_rect(editor: DataEditor, top: int, left: int, bottom: int, right: int) -> None:
    model = editor.model
    editor.view.selectionModel().setCurrentIndex(
        model.index(top, left), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    editor.view.selectionModel().select(
        QItemSelection(model.index(top, left), model.index(bottom, right)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )


def test_tsv_quotes_like_excel_and_reads_back() -> None:
    rows = [["plain", 'say "hi"', "two\nlines"], ["tab\there", '"quoted"', ""]]
    text = to_tsv(rows)
    assert text == 'plain\tsay "hi"\t"two\nlines"\n"tab\there"\t"""quoted"""\t\n'
    assert parse_tsv(text) == rows
    # LibreOffice and Excel on Windows end lines with \r\n; a final empty cell survives.
    assert parse_tsv("a\tb\r\nc\t\r\n") == [["a", "b"], ["c", ""]]
    assert parse_tsv('"unclosed\tx') == [['"unclosed', "x"]]


def test_cell_edit_commits_with_enter_and_breaks_lines_with_alt_enter(qtbot: QtBot) -> None:
    editor = make_editor(qtbot, [("你好", "hello"), ("再见", "bye")])
    index = editor.model.index(0, 1)
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    cell_editor = editor.view.findChild(QPlainTextEdit)
    assert cell_editor is not None
    cell_editor.setPlainText("line one")
    cell_editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(cell_editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)  # Alt+Enter: a line
    qtbot.keyClicks(cell_editor, "line two")
    qtbot.keyClick(cell_editor, Qt.Key.Key_Return)  # Enter commits, as in Excel and LibreOffice...
    assert editor.document.examples[0].peek()["completion"] == "line one\nline two"
    assert editor.view.currentIndex().row() == 1  # ...and moves down
    assert (
        editor.view.findChild(QPlainTextEdit) is None or not editor.view.findChild(QPlainTextEdit).isVisible()
    )
    assert editor.document.is_modified
    editor.document.undo_stack.undo()
    assert editor.document.examples[0].peek()["completion"] == "hello"
    assert not editor.document.is_modified
    editor.document.undo_stack.redo()
    assert editor.document.examples[0].peek()["completion"] == "line one\nline two"


def test_insert_delete_duplicate_move_each_one_undo_step(qtbot: QtBot) -> None:
    editor = make_editor(qtbot, [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")])
    stack = editor.document.undo_stack

    editor.select_document_rows([1])
    editor.insert_above_action.trigger()
    assert prompts(editor) == ["a", "", "b", "c", "d"]
    assert editor.model.headerData(1, Qt.Orientation.Vertical) == "+"
    stack.undo()
    assert prompts(editor) == ["a", "b", "c", "d"]

    editor.select_document_rows([0])
    editor.insert_below_action.trigger()
    assert prompts(editor) == ["a", "", "b", "c", "d"]
    stack.undo()

    editor.select_document_rows([1, 3])
    editor.duplicate_action.trigger()
    assert prompts(editor) == ["a", "b", "c", "d", "b", "d"]
    assert editor.selected_source_rows() == [4, 5]
    stack.undo()
    assert prompts(editor) == ["a", "b", "c", "d"]

    editor.select_document_rows([0, 2])
    editor.delete_rows_action.trigger()
    assert prompts(editor) == ["b", "d"]
    stack.undo()
    assert prompts(editor) == ["a", "b", "c", "d"]
    assert [e.source_row for e in editor.document.examples] == [2, 3, 4, 5]

    editor.select_document_rows([2, 3])
    editor.move_up_action.trigger()
    assert prompts(editor) == ["a", "c", "d", "b"]
    assert editor.selected_source_rows() == [1, 2]
    editor.move_up_action.trigger()
    assert prompts(editor) == ["c", "d", "a", "b"]
    editor.move_down_action.trigger()
    assert prompts(editor) == ["a", "c", "d", "b"]
    stack.undo()
    stack.undo()
    stack.undo()
    assert prompts(editor) == ["a", "b", "c", "d"]
    stack.redo()
    assert prompts(editor) == ["a", "c", "d", "b"]


def test_sort_is_one_undoable_reorder(qtbot: QtBot) -> None:
    editor = make_editor(qtbot, [("pear", "1"), ("Apple", "2"), ("banana", "3")])
    editor.sort_by_column(0)
    assert prompts(editor) == ["Apple", "banana", "pear"]
    editor.sort_by_column(1, descending=True)
    assert prompts(editor) == ["banana", "Apple", "pear"]
    editor.document.undo_stack.undo()
    editor.document.undo_stack.undo()
    assert prompts(editor) == ["pear", "Apple", "banana"]
    assert editor.document.undo_stack.count() == 2


def test_copy_and_paste_ranges_in_one_step_adding_rows(qtbot: QtBot) -> None:
    editor = make_editor(qtbot, [("a", "1"), ("b", "2")])
    select_rect(editor, 0, 0, 1, 1)
    editor.copy_action.trigger()
    assert QGuiApplication.clipboard().text() == "a\t1\nb\t2\n"

    # A block from a spreadsheet, one cell with a line break, pasted at row 2 col 1: adds a row.
    select_rect(editor, 1, 0, 1, 0)
    editor.paste_text('x\t"multi\nline"\ny\tz\n')
    assert [e.peek() for e in editor.document.examples] == [
        {"prompt": "a", "completion": "1"},
        {"prompt": "x", "completion": "multi\nline"},
        {"prompt": "y", "completion": "z"},
    ]
    assert editor.document.examples[2].source_row is None
    assert editor.document.undo_stack.count() == 1
    editor.document.undo_stack.undo()
    assert [e.peek() for e in editor.document.examples] == [
        {"prompt": "a", "completion": "1"},
        {"prompt": "b", "completion": "2"},
    ]

    # One value pasted onto several cells fills them.
    select_rect(editor, 0, 1, 1, 1)
    editor.paste_text("same\n")
    assert [e.peek()["completion"] for e in editor.document.examples] == ["same", "same"]

    select_rect(editor, 0, 0, 0, 1)
    editor.cut_action.trigger()
    assert QGuiApplication.clipboard().text() == "a\tsame\n"
    assert editor.document.examples[0].peek() == {"prompt": "", "completion": ""}
    editor.document.undo_stack.undo()
    assert editor.document.examples[0].peek() == {"prompt": "a", "completion": "same"}


def test_filter_box_and_selection_map_to_document_rows(qtbot: QtBot) -> None:
    editor = make_editor(qtbot, [("cat", "1"), ("dog", "2"), ("catalog", "3")])
    editor.filter_edit.setText("cat")
    qtbot.waitUntil(lambda: editor.model.rowCount() == 2)
    editor.select_document_rows([2])
    assert editor.selected_source_rows() == [2]
    assert [e.peek()["prompt"] for e in editor.selected_examples()] == ["catalog"]
    editor.delete_rows_action.trigger()
    assert prompts(editor) == ["cat", "dog"]
    assert editor.jump_to_source_row(3)  # "dog" came from file row 3: the filter is cleared to show it
    assert editor.selected_source_rows() == [1]


def test_conversation_panel_edits_messages_undoably(qtbot: QtBot) -> None:
    document = DatasetDocument(chat_dataset([[("user", "hi"), ("assistant", "hello")], [("user", "x")]]))
    editor = DataEditor(document)
    qtbot.addWidget(editor)
    editor.show()
    panel = editor.conversation_panel
    assert panel.isVisible()
    editor.select_document_rows([0])
    assert [e.content_edit.toPlainText() for e in panel.editors] == ["hi", "hello"]
    stack = document.undo_stack

    panel.add_message("system")
    assert [m["role"] for m in document.examples[0].peek()["messages"]] == ["user", "assistant", "system"]
    panel.move_message(2, -1)
    panel.move_message(1, -1)
    roles = [m["role"] for m in document.examples[0].peek()["messages"]]
    assert roles == ["system", "user", "assistant"]

    system_editor = panel.editors[0]
    system_editor.content_edit.setPlainText("Be brief.")
    system_editor.save_content()  # saved during a pause in typing...
    system_editor.content_edit.moveCursor(QTextCursor.MoveOperation.End)
    system_editor.content_edit.insertPlainText("!")
    qtbot.waitUntil(lambda: document.examples[0].peek()["messages"][0]["content"] == "Be brief.!")
    assert document.examples[0].peek()["messages"][0]["content"] == "Be brief.!"
    count_after_typing = stack.count()

    assistant_editor = panel.editors[2]
    assistant_editor.weight_combo.setCurrentIndex(2)  # weight 0
    assert document.examples[0].peek()["messages"][2]["weight"] == 0
    panel.editors[1].name_edit.setText("alice")
    panel.editors[1].name_edit.editingFinished.emit()
    assert document.examples[0].peek()["messages"][1]["name"] == "alice"
    panel.editors[1].role_combo.setCurrentIndex(panel.editors[1].role_combo.findData("developer"))
    assert document.examples[0].peek()["messages"][1]["role"] == "developer"
    panel.remove_message(1)
    assert [m["role"] for m in document.examples[0].peek()["messages"]] == ["system", "assistant"]

    stack.undo()  # remove
    stack.undo()  # role
    stack.undo()  # name
    stack.undo()  # weight
    assert stack.count() == count_after_typing + 4
    assert document.examples[0].peek()["messages"] == [
        {"role": "system", "content": "Be brief.!"},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
    ]
    stack.undo()  # the typing, one step
    assert document.examples[0].peek()["messages"][0]["content"] == ""
    assert [e.content_edit.toPlainText() for e in panel.editors] == ["", "hi", "hello"]

    editor.select_document_rows([1])
    assert [e.content_edit.toPlainText() for e in panel.editors] == ["x"]


def test_conversation_panel_hidden_for_prompt_completion(qtbot: QtBot) -> None:
    editor = make_editor(qtbot, [("a", "b")])
    assert not editor.conversation_panel.isVisible()
    editor.document.load(chat_dataset([[("user", "u")]]))
    assert editor.document.kind is ExampleKind.CHAT
    assert editor.conversation_panel.isVisible()


def test_large_sorts_run_off_the_ui_thread_and_stay_one_step(qtbot: QtBot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import desktop.ui.editor as editor_module

    monkeypatch.setattr(editor_module, "SORT_ON_UI_THREAD_ROWS", 2)
    editor = make_editor(qtbot, [("c", "1"), ("a", "2"), ("b", "3")])
    editor.sort_by_column(0)
    qtbot.waitUntil(lambda: prompts(editor) == ["a", "b", "c"])
    assert editor.document.undo_stack.count() == 1
    editor.document.undo_stack.undo()
    assert prompts(editor) == ["c", "a", "b"]

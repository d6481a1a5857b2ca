from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from pytestqt.qtbot import QtBot

from desktop.ui.document import DatasetDocument
from desktop.ui.editor import DataEditor
from desktop.ui.find_replace import FindReplaceDialog
from tests.ui.editor_helpers import chat_dataset, pc_dataset


def make(qtbot: QtBot, document: DatasetDocument) -> tuple[DataEditor, FindReplaceDialog]:
    editor = DataEditor(document)
    qtbot.addWidget(editor)
    editor.show()
    dialog = FindReplaceDialog(editor)
    qtbot.addWidget(dialog)
    return editor, dialog


def test_find_next_walks_matches_and_wraps(qtbot: QtBot) -> None:
    editor, dialog = make(
        qtbot, DatasetDocument(pc_dataset([("Cat", "dog"), ("bird", "cat food"), ("cow", "moo")]))
    )
    dialog.find_edit.setText("cat")
    assert dialog.find_next()
    assert (editor.view.currentIndex().row(), editor.view.currentIndex().column()) == (0, 0)
    assert dialog.find_next()
    assert (editor.view.currentIndex().row(), editor.view.currentIndex().column()) == (1, 1)
    assert dialog.find_next()  # wraps to the top
    assert editor.view.currentIndex().row() == 0
    dialog.case_check.setChecked(True)
    assert dialog.find_next()
    assert (editor.view.currentIndex().row(), editor.view.currentIndex().column()) == (1, 1)
    dialog.find_edit.setText("zebra")
    assert not dialog.find_next()
    assert dialog.status_label.text() == "Not found."


def test_replace_all_plain_and_regex_is_one_undo_step(qtbot: QtBot) -> None:
    document = DatasetDocument(pc_dataset([("价格 10 元", "a.b"), ("价格 25 元", "a+b"), ("none", "x")]))
    _editor, dialog = make(qtbot, document)
    dialog.find_edit.setText(r"(\d+) 元")
    dialog.replace_edit.setText(r"¥\1")
    dialog.regex_check.setChecked(True)
    assert dialog.replace_all() == 2
    assert [e.peek()["prompt"] for e in document.examples] == ["价格 ¥10", "价格 ¥25", "none"]

    # Plain mode: "." is a dot and the replacement is literal, backslashes included.
    dialog.regex_check.setChecked(False)
    dialog.find_edit.setText(".")
    dialog.replace_edit.setText(r"\1")
    assert dialog.replace_all() == 1
    assert document.examples[0].peek()["completion"] == r"a\1b"
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert [e.peek()["prompt"] for e in document.examples] == ["价格 10 元", "价格 25 元", "none"]

    dialog.regex_check.setChecked(True)
    dialog.find_edit.setText("(")
    assert dialog.replace_all() == 0
    assert "regular expression" in dialog.status_label.text()


def test_replace_in_selection_only(qtbot: QtBot) -> None:
    document = DatasetDocument(pc_dataset([("x", "x"), ("x", "x"), ("x", "x")]))
    editor, dialog = make(qtbot, document)
    model = editor.model
    editor.view.selectionModel().select(
        QItemSelection(model.index(1, 0), model.index(2, 0)), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    dialog.selection_check.setChecked(True)
    dialog.find_edit.setText("X")
    dialog.replace_edit.setText("y")
    assert dialog.replace_all() == 2
    assert [(e.peek()["prompt"], e.peek()["completion"]) for e in document.examples] == [
        ("x", "x"),
        ("y", "x"),
        ("y", "x"),
    ]
    # The scope stays what was selected when the box was ticked, even after the selection moves.
    editor.select_document_rows([0])
    dialog.find_edit.setText("y")
    dialog.replace_edit.setText("z")
    assert dialog.replace_all() == 2
    assert document.examples[0].peek()["prompt"] == "x"


def test_replace_current_then_next_and_chat_messages(qtbot: QtBot) -> None:
    document = DatasetDocument(
        chat_dataset(
            [[("user", "hi"), ("assistant", "hi there"), ("user", "hi again"), ("assistant", "bye")]]
        )
    )
    editor, dialog = make(qtbot, document)
    dialog.find_edit.setText("hi")
    dialog.replace_edit.setText("hello")
    assert dialog.replace_all() == 3  # both user messages, though the column shows them joined
    messages = document.examples[0].peek()["messages"]
    assert [m["content"] for m in messages] == ["hello", "hello there", "hello again", "bye"]

    document.undo_stack.undo()
    editor.select_cell(0, 2)  # the assistant column
    dialog.replace_current()
    assert [m["content"] for m in document.examples[0].peek()["messages"]] == [
        "hi",
        "hello there",
        "hi again",
        "bye",
    ]

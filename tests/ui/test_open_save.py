"""Opening real files through the window (mapping dialog, problems, bad files) and saving them."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.core.dataset import ExampleKind
from desktop.ui.main_window import MainWindow
from desktop.ui.mapping_dialog import MappingDialog
from tests.ui.editor_helpers import answer_next_message_box


def make_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window, before_close_func=lambda w: w.document.mark_saved())
    window.show()
    return window


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def wait_for_dialog(qtbot: QtBot, window: MainWindow) -> MappingDialog:
    qtbot.waitUntil(
        lambda: window.files.mapping_dialog is not None and window.files.mapping_dialog.isVisible(),
        timeout=10_000,
    )
    assert window.files.mapping_dialog is not None
    return window.files.mapping_dialog


def test_workbook_opens_through_the_mapping_dialog_on_the_first_sheet_with_data(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "训练数据.xlsx",
        {
            "说明": [],
            "数据": [
                ["客服问答"],
                ["问题", "回答", "备注"],
                ["你觉得orangbus怎么样", "帅，非常帅", "x"],
                ["1+1", 2, ""],
            ],
            "旧数据": [["prompt", "completion"], ["old", "data"]],
        },
    )
    window = make_window(qtbot)
    window.files.open_path(path)
    dialog = wait_for_dialog(qtbot, window)
    assert dialog.sheet_combo.isVisibleTo(dialog)
    assert dialog.sheet_combo.currentData() == "数据"
    assert "2" in dialog.header_label.text()  # the headers are on row 2
    assert dialog.target_combos["prompt"].currentText().endswith("问题")
    assert dialog.target_combos["completion"].currentText().endswith("回答")
    assert "备注" in dialog.extra_label.text()
    assert dialog.preview_model.rowCount() == 2
    assert "→ Prompt" in dialog.preview_model.headerData(0, Qt.Orientation.Horizontal)

    # Another sheet, then back: the table and the guessed mapping follow.
    dialog.sheet_combo.setCurrentIndex(dialog.sheet_combo.findData("旧数据"))
    qtbot.waitUntil(lambda: dialog.table.sheet == "旧数据")
    dialog.sheet_combo.setCurrentIndex(dialog.sheet_combo.findData("数据"))
    qtbot.waitUntil(lambda: dialog.table.sheet == "数据" and not dialog._loading)

    # Swap the columns by hand: the completion now comes from 备注.
    combo = dialog.target_combos["completion"]
    combo.setCurrentIndex(combo.findData([2]))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: len(window.document.examples) == 2)
    records = [e.peek() for e in window.document.examples]
    assert records[0] == {"prompt": "你觉得orangbus怎么样", "completion": "x"}
    assert [e.source_row for e in window.document.examples] == [3, 4]
    assert window.editor.model.headerData(0, Qt.Orientation.Vertical) == "3"
    assert window.document.path == path and window.document.file_format == "xlsx"
    assert not window.document.is_modified
    assert path.resolve() in window.files.recent_files()


def test_bad_lines_are_listed_and_jumpable(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    lines = [
        json.dumps({"prompt": "好的一行", "completion": "ok"}, ensure_ascii=False),
        '{"prompt": "broken", ',
        json.dumps({"prompt": "third", "completion": "fine"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    window = make_window(qtbot)
    window.files.open_path(path)
    # Not busy: the whole file was read (its first rows may be shown, as a preview, before that).
    qtbot.waitUntil(lambda: len(window.document.examples) == 2 and not window.is_busy, timeout=10_000)
    assert window.files.mapping_dialog is None  # JSONL needs no mapping
    assert window.problems_dock.isVisible()
    problems = window.problems_dock.model.problems
    assert [(p.row, Path(p.path).name) for p in problems] == [(2, "data.jsonl")]
    # The bad line was not opened: jumping says so; a line that exists is selected.
    problems_view = window.problems_dock.view
    problems_view.doubleClicked.emit(window.problems_dock.model.index(0, 3))
    assert "2" in window.statusBar().currentMessage()
    window.problems_dock.row_activated.emit(3)  # a row that was read: it is selected
    assert window.editor.selected_source_rows() == [1]


def test_an_unreadable_file_gives_one_clear_message(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"\x00\x01binary junk, not a workbook" * 20)
    window = make_window(qtbot)
    window.document.load(window.document.dataset)  # something already open stays open
    window.files.open_path(path)
    qtbot.waitUntil(window.notification_bar.isVisible, timeout=10_000)
    assert len(window.notification_bar.errors) == 1
    assert "report.xlsx" in window.notification_bar.message_label.text()
    assert not window.is_busy


def test_save_round_trip_xlsx_to_jsonl_to_xlsx(qtbot: QtBot, tmp_path: Path) -> None:
    source = write_workbook(
        tmp_path / "src.xlsx", {"Sheet": [["Prompt ", "Answer"], ["多行\n文本", "1.5"], ["b", "c"]]}
    )
    window = make_window(qtbot)
    window.files.open_path(source)
    wait_for_dialog(qtbot, window).confirm()
    qtbot.waitUntil(lambda: len(window.document.examples) == 2)
    window.editor.model.setData(window.editor.model.index(1, 1), "编辑过")
    assert window.isWindowModified()

    jsonl = tmp_path / "out.jsonl"
    window.files.save_to(jsonl)
    qtbot.waitUntil(lambda: not window.document.is_modified)
    assert [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()] == [
        {"prompt": "多行\n文本", "completion": "1.5"},
        {"prompt": "b", "completion": "编辑过"},
    ]
    assert "编辑过" in jsonl.read_text(encoding="utf-8")  # ensure_ascii=False
    assert window.document.path == jsonl and window.document.file_format == "jsonl"
    assert not window.isWindowModified()

    xlsx = tmp_path / "back.xlsx"
    window.files.save_to(xlsx)
    qtbot.waitUntil(lambda: window.document.path == xlsx)
    window.files.mapping_dialog = None
    window.files.open_path(xlsx)
    # Headers written by the app are literally "prompt" and "completion": no question asked.
    assert window.document.undo_stack.count() == 1  # the edit, until the file is opened again
    qtbot.waitUntil(lambda: window.document.undo_stack.count() == 0)
    assert window.document.path == xlsx and window.document.file_format == "xlsx"
    assert window.files.mapping_dialog is None
    assert [e.peek() for e in window.document.examples] == [
        {"prompt": "多行\n文本", "completion": "1.5"},
        {"prompt": "b", "completion": "编辑过"},
    ]


def test_saving_over_a_csv_source_asks_and_keeps_a_backup(qtbot: QtBot, tmp_path: Path) -> None:
    source = tmp_path / "data.csv"
    original = "question,answer\nhi,hello\n"
    source.write_text(original, encoding="utf-8")
    window = make_window(qtbot)
    window.files.open_path(source)
    wait_for_dialog(qtbot, window).confirm()
    qtbot.waitUntil(lambda: len(window.document.examples) == 1)
    window.editor.model.setData(window.editor.model.index(0, 1), "hello there")

    asked: list[str] = []
    answer_next_message_box(lambda box: QMessageBox.StandardButton.Cancel, asked)
    window.files.save()
    assert asked and "data.csv" in asked[0]
    assert source.read_text(encoding="utf-8") == original  # cancelled: untouched

    answer_next_message_box(
        lambda box: next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    )
    window.files.save()
    qtbot.waitUntil(lambda: not window.document.is_modified, timeout=10_000)
    assert "hello there" in source.read_text(encoding="utf-8")
    backups = [p for p in tmp_path.iterdir() if p.name != "data.csv" and p.name.startswith("data")]
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == original
    assert "backup" in window.statusBar().currentMessage()

    # Agreed once: the next save of the same file does not ask again.
    window.editor.model.setData(window.editor.model.index(0, 0), "hi!")
    window.files.save()
    qtbot.waitUntil(lambda: not window.document.is_modified, timeout=10_000)
    assert "hi!" in source.read_text(encoding="utf-8")


def test_closing_with_unsaved_changes_asks(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot)
    window.files.new_dataset(ExampleKind.PROMPT_COMPLETION)
    window.editor.model.setData(window.editor.model.index(0, 0), "unsaved")
    answer_next_message_box(lambda box: QMessageBox.StandardButton.Cancel)
    window.close()
    assert window.isVisible()
    answer_next_message_box(lambda box: QMessageBox.StandardButton.Discard)
    window.close()
    assert not window.isVisible()


def test_dropping_a_file_opens_it(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "dropped.jsonl"
    path.write_text(json.dumps({"prompt": "p", "completion": "c"}) + "\n", encoding="utf-8")
    window = make_window(qtbot)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.document.path == path, timeout=10_000)
    assert [e.peek() for e in window.document.examples] == [{"prompt": "p", "completion": "c"}]


def test_first_rows_show_read_only_while_a_large_file_is_read(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "large.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("prompt,completion\n")
        for i in range(200_000):
            handle.write(f"问题 {i},回答 {i}\n")
    window = make_window(qtbot)
    window.files.open_path(path)
    # The preview (200 rows) comes long before the whole file (200k rows) has been read.
    qtbot.waitUntil(lambda: 0 < len(window.document.examples) < 200_000, timeout=20_000)
    assert window.editor.is_loading and window.is_busy
    assert window.editor.model.index(0, 0).data() == "问题 0"
    assert not window.editor.paste_action.isEnabled()
    window.files.save_to(tmp_path / "partial.jsonl")
    assert not (tmp_path / "partial.jsonl").exists()  # refused: only the first rows are there
    qtbot.waitUntil(lambda: len(window.document.examples) == 200_000, timeout=60_000)
    assert not window.editor.is_loading and window.editor.paste_action.isEnabled()
    assert window.document.path == path and not window.document.is_modified


def test_mapping_dialog_header_row_and_kind_can_be_changed(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "chat.csv"
    path.write_text(
        "导出于 2026-11-01,,\nsystem,question,answer\n简短回答,你好,你好！\n简短回答,再见,再见！\n",
        encoding="utf-8",
    )
    window = make_window(qtbot)
    window.files.open_path(path)
    dialog = wait_for_dialog(qtbot, window)
    assert dialog.header_spin.isVisibleTo(dialog)
    assert dialog.header_spin.value() == 2
    assert dialog.kind_combo.currentData() == ExampleKind.CHAT  # a system column means chat
    assert dialog.target_combos["system"].currentText().endswith("system")

    dialog.header_spin.setValue(0)  # no header row at all: columns go by letter
    qtbot.waitUntil(lambda: dialog.table.header_row == 0 and not dialog._loading)
    assert dialog.preview_model.rowCount() == 4
    dialog.header_spin.setValue(2)
    qtbot.waitUntil(lambda: dialog.table.header_row == 2 and not dialog._loading)

    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ExampleKind.PROMPT_COMPLETION))
    assert set(dialog.target_combos) == {"prompt", "completion"}
    assert dialog.target_combos["prompt"].currentText().endswith("question")
    assert "system" in dialog.extra_label.text()
    dialog.confirm()
    qtbot.waitUntil(lambda: len(window.document.examples) == 2)
    assert window.document.kind is ExampleKind.PROMPT_COMPLETION
    assert window.document.examples[0].peek() == {"prompt": "你好", "completion": "你好！"}
    assert window.document.examples[0].extras == {"system": "简短回答"}
    assert window.editor.model.columnCount() == 3  # the extra column is shown, muted


def test_a_save_that_changes_a_spreadsheets_columns_asks_and_keeps_a_backup(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """prompt.xlsx, fixed in the wizard (converted to chat), then Ctrl+S: asked again, backup kept."""
    import shutil

    from desktop.ui.wizard import services
    from desktop.ui.wizard.data_source import DocumentData

    folder = tmp_path / "work"
    folder.mkdir()
    source = folder / "prompt.xlsx"
    # The seed's own spreadsheet, as a user brings it (a copy of shared/data/prompt.xlsx).
    shutil.copyfile(Path(__file__).resolve().parents[1] / "files" / "prompt.xlsx", source)
    original = source.read_bytes()
    window = make_window(qtbot)
    window.files.open_path(source)
    qtbot.waitUntil(
        lambda: window.files.mapping_dialog is not None or len(window.document.examples) > 0, timeout=10_000
    )
    if window.files.mapping_dialog is not None:
        window.files.mapping_dialog.confirm()
    qtbot.waitUntil(
        lambda: len(window.document.examples) > 0 and not window.editor.is_loading, timeout=10_000
    )
    assert window.document.kind is ExampleKind.PROMPT_COMPLETION

    # The first save over the workbook asks (its sheet becomes "data"); agreed, a backup is kept.
    asked: list[str] = []
    assert window.editor.model.setData(window.editor.model.index(0, 1), "edited")
    answer_next_message_box(
        lambda box: next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole),
        asked,
    )
    window.files.save()
    qtbot.waitUntil(lambda: not window.document.is_modified, timeout=10_000)
    assert len(asked) == 1 and "Sheet1" in asked[0] and "data" in asked[0]
    first_backups = sorted(p for p in folder.iterdir() if p.name != "prompt.xlsx")
    assert len(first_backups) == 1 and first_backups[0].read_bytes() == original
    before_conversion = source.read_bytes()

    # The wizard's fix: convert to chat. Ctrl+S now changes the columns: it must ask again.
    kind, examples = services.apply_fixes([services.to_chat_fix()], window.document.dataset)
    DocumentData(window.document).apply(kind, examples, "Convert to chat")
    assert window.document.kind is ExampleKind.CHAT
    answer_next_message_box(lambda box: QMessageBox.StandardButton.Cancel, asked)
    window.save_action.trigger()  # Ctrl+S
    assert len(asked) == 2 and "prompt, completion" in asked[1] and "user, assistant" in asked[1]
    assert source.read_bytes() == before_conversion  # cancelled: untouched

    answer_next_message_box(
        lambda box: next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole),
        asked,
    )
    window.save_action.trigger()  # Ctrl+S
    qtbot.waitUntil(lambda: not window.document.is_modified, timeout=10_000)
    header = [c.value for c in next(openpyxl.load_workbook(source).active.iter_rows())]
    assert header[:3] == ["system", "user", "assistant"]
    backups = sorted(p for p in folder.iterdir() if p.name != "prompt.xlsx")
    assert len(backups) == 2
    replaced = next(p for p in backups if p not in first_backups)
    assert replaced.read_bytes() == before_conversion  # the version it replaced, kept

    # Same shape again: saved without asking.
    window.editor.model.setData(window.editor.model.index(0, 1), "again")
    window.save_action.trigger()  # Ctrl+S
    qtbot.waitUntil(lambda: not window.document.is_modified, timeout=10_000)
    assert len(asked) == 3


def _word_document_named_xlsx(path: Path) -> Path:
    """A real .docx package (the parts Word writes) under a spreadsheet's name."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            '2006/main"><w:body><w:p><w:r><w:t>prompt completion</w:t></w:r></w:p></w:body></w:document>',
        )
    return path


def test_a_word_document_named_xlsx_says_what_it_is_without_a_traceback(qtbot: QtBot, tmp_path: Path) -> None:
    path = _word_document_named_xlsx(tmp_path / "faq.xlsx")
    window = make_window(qtbot)
    window.files.open_path(path)
    qtbot.waitUntil(window.notification_bar.isVisible, timeout=10_000)
    message = window.notification_bar.message_label.text()
    assert "Word document (.docx)" in message and "save that as .xlsx" in message
    assert "word/_rels" not in message
    window.notification_bar.details_button.click()
    dialog = window.notification_bar.details_dialog
    assert dialog is not None
    details = dialog.details.toPlainText()
    assert "Traceback" not in details and 'File "' not in details
    assert str(path) in details and "Word document" in details
    dialog.close()


def test_row_numbers_fit_explain_themselves_and_follow_the_saved_file(qtbot: QtBot, tmp_path: Path) -> None:
    rows = [[f"q{i}", f"a{i}"] for i in range(13)]
    source = write_workbook(tmp_path / "faq.xlsx", {"Sheet": [["prompt", "completion"], *rows]})
    window = make_window(qtbot)
    window.files.open_path(source)
    qtbot.waitUntil(lambda: len(window.document.examples) == 13)
    model = window.editor.model
    header = window.editor.view.verticalHeader()
    # Spreadsheet row numbers: data from row 2; the widest ("14") fits, not a clipped "l4".
    assert model.headerData(12, Qt.Orientation.Vertical) == "14"
    assert header.minimumWidth() >= header.fontMetrics().horizontalAdvance("14")
    tip = model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "Row 2 of faq.xlsx" in tip and "headers take row 1" in tip

    # A new row shows "+" until the data set is saved; then every row has the saved file's number.
    window.editor.view.setCurrentIndex(model.index(12, 0))
    window.editor.insert_below_action.trigger()
    assert model.headerData(13, Qt.Orientation.Vertical) == "+"
    jsonl = tmp_path / "faq.jsonl"
    window.files.save_to(jsonl)
    qtbot.waitUntil(lambda: window.document.path == jsonl and not window.document.is_modified)
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in (0, 13)] == ["1", "14"]
    tip = model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "Line 1 of faq.jsonl" in tip


def test_ctrl_y_redoes(qtbot: QtBot) -> None:
    from PySide6.QtGui import QKeySequence

    window = make_window(qtbot)
    assert QKeySequence("Ctrl+Y") in window.redo_action.shortcuts()

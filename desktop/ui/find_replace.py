"""Find and replace over the table: plain text or regular expression, match case, in selection.

Replace All is one undoable step. Chat columns replace inside every message of their role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.dataset import Example
from desktop.ui.editor import DataEditor
from desktop.ui.table_model import CellRef


def compile_search(text: str, regex: bool, match_case: bool) -> re.Pattern[str]:
    """The pattern to search for; raises re.error for a bad regular expression."""
    flags = 0 if match_case else re.IGNORECASE
    return re.compile(text if regex else re.escape(text), flags)


def _substitute(pattern: re.Pattern[str], replacement: str, regex: bool, text: str) -> tuple[str, int]:
    if regex:
        return pattern.subn(replacement, text)
    # Plain mode: the replacement is literal text, backslashes included.
    return pattern.subn(lambda _match: replacement, text)


def replace_in_example(
    example: Example,
    cells: Iterable[CellRef],
    pattern: re.Pattern[str],
    replacement: str,
    regex: bool,
) -> tuple[Example | None, int]:
    """A new example with the replacements made in ``cells``, and how many; (None, 0) if none."""
    new: Example | None = None
    total = 0
    for cell in cells:
        column = cell.column
        if column is not None and column.key.startswith("role:"):
            role = column.key[5:]
            messages = example.peek().get("messages")
            if not isinstance(messages, list):
                continue
            for position, message in enumerate(messages):
                if not isinstance(message, dict) or message.get("role") != role:
                    continue
                content = message.get("content")
                if not isinstance(content, str):
                    continue
                replaced, count = _substitute(pattern, replacement, regex, content)
                if count:
                    new = new or example.clone()
                    new.record["messages"][position]["content"] = replaced
                    total += count
            continue
        current = new or example
        if not cell.is_editable(current):
            continue
        replaced, count = _substitute(pattern, replacement, regex, cell.read(current))
        if count:
            new = cell.written(current, replaced)
            total += count
    return new, total


class FindReplaceDialog(QDialog):
    def __init__(self, editor: DataEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setWindowTitle(self.tr("Find and Replace"))
        self.setModal(False)
        self.find_edit = QLineEdit(self)
        self.replace_edit = QLineEdit(self)
        self.regex_check = QCheckBox(self.tr("Regular expression"), self)
        self.case_check = QCheckBox(self.tr("Match case"), self)
        self.selection_check = QCheckBox(self.tr("In selection only"), self)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.find_button = QPushButton(self.tr("Find &Next"), self)
        self.replace_button = QPushButton(self.tr("&Replace"), self)
        self.replace_all_button = QPushButton(self.tr("Replace &All"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.find_button.setDefault(True)

        form = QFormLayout()
        form.addRow(self.tr("Find:"), self.find_edit)
        form.addRow(self.tr("Replace with:"), self.replace_edit)
        options = QHBoxLayout()
        options.addWidget(self.regex_check)
        options.addWidget(self.case_check)
        options.addWidget(self.selection_check)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.find_button, self.replace_button, self.replace_all_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(options)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)

        self.find_button.clicked.connect(lambda _checked=False: self.find_next())
        self.replace_button.clicked.connect(lambda _checked=False: self.replace_current())
        self.replace_all_button.clicked.connect(lambda _checked=False: self.replace_all())
        self.close_button.clicked.connect(lambda _checked=False: self.hide())
        self.selection_check.toggled.connect(self._scope_toggled)
        self._scope: set[tuple[int, int]] | None = None  # (document row, column) when in selection

    # --- Scope -----------------------------------------------------------------------------------------

    def _scope_toggled(self, checked: bool) -> None:
        # The selection is remembered now: finding moves the selection, the scope must not move.
        self._scope = None
        if checked:
            model = self.editor.model
            self._scope = {(model.document_row(r), c) for r, c in self.editor.selected_cells()}

    def _pattern(self) -> re.Pattern[str] | None:
        text = self.find_edit.text()
        if not text:
            self.status_label.setText(self.tr("Type what to find."))
            return None
        try:
            return compile_search(text, self.regex_check.isChecked(), self.case_check.isChecked())
        except re.error as error:
            self.status_label.setText(self.tr("Not a valid regular expression: %1").replace("%1", str(error)))
            return None

    def _cells_in_scope(self) -> list[tuple[int, int]]:
        """(view row, column) in reading order."""
        model = self.editor.model
        if self._scope is not None and self.selection_check.isChecked():
            cells = [(model.view_row(r), c) for r, c in self._scope]
            return sorted((r, c) for r, c in cells if r is not None)
        columns = model.columnCount()
        return [(r, c) for r in range(model.rowCount()) for c in range(columns)]

    # --- Actions ---------------------------------------------------------------------------------------

    def find_next(self) -> bool:
        pattern = self._pattern()
        if pattern is None:
            return False
        model = self.editor.model
        current = self.editor.view.currentIndex()
        start = (current.row(), current.column()) if current.isValid() else (-1, model.columnCount())
        cells = self._cells_in_scope()
        after = [cell for cell in cells if cell > start]
        before = [cell for cell in cells if cell <= start]
        for row, column in after + before:
            if pattern.search(model.cell_text(row, column)):
                self.editor.select_cell(model.document_row(row), column)
                self.status_label.clear()
                return True
        self.status_label.setText(self.tr("Not found."))
        return False

    def replace_current(self) -> None:
        pattern = self._pattern()
        if pattern is None:
            return
        current = self.editor.view.currentIndex()
        model = self.editor.model
        if current.isValid() and pattern.search(model.cell_text(current.row(), current.column())):
            row = model.document_row(current.row())
            new, _count = replace_in_example(
                model.example_at(current.row()),
                [model.cells[current.column()]],
                pattern,
                self.replace_edit.text(),
                self.regex_check.isChecked(),
            )
            if new is not None:
                self.editor.document.set_examples({row: new}, self.tr("Replace"))
        self.find_next()

    def replace_all(self) -> int:
        """Replace every match in scope as one undoable step; returns the number replaced."""
        pattern = self._pattern()
        if pattern is None:
            return 0
        model = self.editor.model
        examples = self.editor.document.examples
        by_row: dict[int, list[CellRef]] = {}
        for view_row, column in self._cells_in_scope():
            by_row.setdefault(model.document_row(view_row), []).append(model.cells[column])
        changes: dict[int, Example] = {}
        total = 0
        replacement, regex = self.replace_edit.text(), self.regex_check.isChecked()
        for row, cells in by_row.items():
            new, count = replace_in_example(examples[row], cells, pattern, replacement, regex)
            if new is not None:
                changes[row] = new
                total += count
        if changes:
            self.editor.document.set_examples(changes, self.tr("Replace all"))
        self.status_label.setText(
            # Two counts, each with its own plural form: the rows go in as %1.
            self.tr("Replaced %Ln match(es) in %1.", "", total).replace(
                "%1", self.tr("%Ln row(s)", "", len(changes))
            )
        )
        return total

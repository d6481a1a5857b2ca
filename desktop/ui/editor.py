"""The data-table editor page: filter box, the table, and the conversation panel for chat rows.

Contract for other pages: ``DataEditor.selected_source_rows()`` gives the selected rows as indices
into ``document.dataset.examples`` (sorted, filter already mapped back); ``selected_examples()`` the
examples themselves; ``select_document_rows(rows)`` and ``jump_to_source_row(file_row)`` move the
selection.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QItemSelectionRange,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.cancel import CancelToken
from desktop.core.dataset import Example, ExampleKind, empty_record
from desktop.ui.background import TaskHandle, run_in_background
from desktop.ui.conversation_panel import ConversationPanel
from desktop.ui.delegate import MultiLineDelegate
from desktop.ui.document import DatasetDocument
from desktop.ui.table_model import DatasetTableModel, matching_rows
from desktop.ui.tsv import parse_tsv, to_tsv

ROW_HEIGHT_PADDING = 8
SORT_ON_UI_THREAD_ROWS = 20_000


class DataTableView(QTableView):
    """A table tuned for very many rows: fixed row height, no word wrap, elided text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + ROW_HEIGHT_PADDING)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        horizontal = self.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setStretchLastSection(True)
        horizontal.setDefaultSectionSize(300)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setItemDelegate(MultiLineDelegate(self))
        self._row_digits = 0

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is None:
            return
        # The row header is as wide as its widest number ("10", not a clipped "l0").
        model.modelReset.connect(self._fit_all_rows)
        model.rowsInserted.connect(lambda *_: self._fit_rows(0, -1))
        model.headerDataChanged.connect(self._header_changed)
        self._fit_all_rows()

    def _header_changed(self, orientation: Qt.Orientation, first: int, last: int) -> None:
        if orientation == Qt.Orientation.Vertical:
            self._fit_rows(first, last)

    def _fit_all_rows(self) -> None:
        self._row_digits = 0
        model = self.model()
        self._fit_rows(0, model.rowCount() - 1 if model is not None else -1)

    def _fit_rows(self, first: int, last: int) -> None:
        model = self.model()
        if model is None:
            return
        digits = max(self._row_digits, len(str(model.rowCount() + 1)))
        for section in range(first, last + 1):
            label = model.headerData(section, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole)
            digits = max(digits, len(str(label or "")))
        if digits != self._row_digits:
            self._row_digits = digits
            header = self.verticalHeader()
            width = header.fontMetrics().horizontalAdvance("0" * digits) + 16
            header.setMinimumWidth(width)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)


class DataEditor(QWidget):
    selection_changed = Signal()
    filter_applied = Signal()

    def __init__(self, document: DatasetDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = DatasetTableModel(document, self)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter rows (text in any column)…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_info = QLabel(self)
        self._filter_task: TaskHandle | None = None
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(300)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self._apply_filter)

        self.view = DataTableView(self)
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_panel())
        self.model.modelReset.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._update_panel)

        self.conversation_panel = ConversationPanel(document, self)

        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_edit, 1)
        filter_row.addWidget(self.filter_info)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.conversation_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filter_row)
        layout.addWidget(self.splitter, 1)

        self._loading = False
        self._make_actions()
        document.dataset_replaced.connect(self._on_dataset_replaced)
        document.reset_done.connect(self._update_panel_visibility)
        self._update_panel_visibility()

    # --- Actions ---------------------------------------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            # Active while the editor page has focus, so other pages keep their own keys.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _make_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.copy_action = self._action(self.tr("&Copy"), self.copy_selection, QKeySequence(std.Copy))
        self.cut_action = self._action(self.tr("Cu&t"), self.cut_selection, QKeySequence(std.Cut))
        self.paste_action = self._action(self.tr("&Paste"), self.paste, QKeySequence(std.Paste))
        self.clear_action = self._action(self.tr("C&lear Cells"), self.clear_cells, QKeySequence(std.Delete))
        self.insert_above_action = self._action(
            self.tr("Insert Row &Above"), self.insert_row_above, "Ctrl+Shift+="
        )
        self.insert_below_action = self._action(self.tr("Insert Row &Below"), self.insert_row_below, "Ctrl+=")
        self.duplicate_action = self._action(self.tr("Duplicat&e Rows"), self.duplicate_rows, "Ctrl+D")
        self.delete_rows_action = self._action(self.tr("&Delete Rows"), self.delete_rows, "Ctrl+-")
        self.move_up_action = self._action(self.tr("Move Rows &Up"), lambda: self.move_rows(-1), "Alt+Up")
        self.move_down_action = self._action(
            self.tr("Move Rows Do&wn"), lambda: self.move_rows(1), "Alt+Down"
        )
        self.sort_ascending_action = self._action(
            self.tr("Sort by Column, A→Z"), lambda: self.sort_by_current_column(descending=False)
        )
        self.sort_descending_action = self._action(
            self.tr("Sort by Column, Z→A"), lambda: self.sort_by_current_column(descending=True)
        )
        self.filter_action = self._action(self.tr("Filte&r Rows"), self._focus_filter, "Ctrl+Shift+F")
        self.select_all_action = self._action(self.tr("&Select All"), self.view.selectAll)

    def set_loading(self, loading: bool) -> None:
        """Read-only while only the first rows of a file are shown and the rest is being read."""
        self._loading = loading
        triggers = (
            QAbstractItemView.EditTrigger.NoEditTriggers
            if loading
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setEditTriggers(triggers)
        for action in self.edit_actions():
            if action is not None and action not in (self.copy_action, self.select_all_action):
                action.setEnabled(not loading)
        self.filter_edit.setEnabled(not loading)
        self.conversation_panel.setEnabled(not loading)

    @property
    def is_loading(self) -> bool:
        return self._loading

    def edit_actions(self) -> list[QAction | None]:
        """The editor's actions for the Edit menu, in order (None = separator)."""
        return [
            self.cut_action,
            self.copy_action,
            self.paste_action,
            self.clear_action,
            None,
            self.insert_above_action,
            self.insert_below_action,
            self.duplicate_action,
            self.delete_rows_action,
            self.move_up_action,
            self.move_down_action,
            None,
            self.sort_ascending_action,
            self.sort_descending_action,
            self.filter_action,
            self.select_all_action,
        ]

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    # --- Selection ----------------------------------------------------------------------------------

    def selection_blocks(self) -> list[QItemSelectionRange]:
        """The selection as rectangles of view rows and columns (cheap for huge selections)."""
        return self._selection_ranges()

    def _selection_ranges(self) -> list[QItemSelectionRange]:
        selection = self.view.selectionModel().selection()
        return [selection.at(i) for i in range(selection.count())]

    def selected_view_rows(self) -> list[int]:
        rows: set[int] = set()
        for selection_range in self._selection_ranges():
            rows.update(range(selection_range.top(), selection_range.bottom() + 1))
        if not rows:
            current = self.view.currentIndex()
            if current.isValid():
                rows.add(current.row())
        return sorted(rows)

    def selected_source_rows(self) -> list[int]:
        """Selected rows as indices into ``document.dataset.examples``, sorted."""
        return sorted(self.model.document_row(r) for r in self.selected_view_rows())

    def selected_examples(self) -> list[Example]:
        examples = self.document.examples
        return [examples[r] for r in self.selected_source_rows()]

    def selected_cells(self) -> list[tuple[int, int]]:
        """Selected (view row, column) pairs, or the current cell when nothing is selected."""
        cells: set[tuple[int, int]] = set()
        for selection_range in self._selection_ranges():
            for row in range(selection_range.top(), selection_range.bottom() + 1):
                for column in range(selection_range.left(), selection_range.right() + 1):
                    cells.add((row, column))
        if not cells:
            current = self.view.currentIndex()
            if current.isValid():
                cells.add((current.row(), current.column()))
        return sorted(cells)

    def select_document_rows(self, rows: list[int], column: int | None = None) -> None:
        """Select whole rows (document indices); the first becomes current and is scrolled to."""
        selection = QItemSelection()
        last_column = max(0, self.model.columnCount() - 1)
        view_rows = [v for v in (self.model.view_row(r) for r in rows) if v is not None]
        for view_row in view_rows:
            selection.select(self.model.index(view_row, 0), self.model.index(view_row, last_column))
        selection_model = self.view.selectionModel()
        if not view_rows:
            selection_model.clearSelection()
            return
        current = self.model.index(view_rows[0], column if column is not None else 0)
        selection_model.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(current)

    def select_cell(self, document_row: int, column: int) -> bool:
        view_row = self.model.view_row(document_row)
        if view_row is None:
            return False
        index = self.model.index(view_row, column)
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)
        return True

    def jump_to_source_row(self, source_row: int) -> bool:
        """Select the example read from row/line ``source_row`` of the file; False if none is."""
        for row, example in enumerate(self.document.examples):
            if example.source_row == source_row:
                if self.model.view_row(row) is None:
                    self.clear_filter()
                self.select_document_rows([row])
                self.view.setFocus()
                return True
        return False

    def _on_selection_changed(self) -> None:
        self.selection_changed.emit()

    def selected_characters(self) -> int:
        cells = self.selected_cells()
        texts: dict[int, list[str]] = {}
        total = 0
        for row, column in cells:
            if row not in texts:
                texts[row] = self.model.row_texts(self.model.example_at(row))
            total += len(texts[row][column])
        return total

    # --- Editing ------------------------------------------------------------------------------------

    def _new_example(self) -> Example:
        return Example(empty_record(self.document.kind))

    def insert_row_above(self) -> None:
        rows = self.selected_source_rows()
        row = rows[0] if rows else 0
        self.document.insert_examples(row, [self._new_example()], self.tr("Insert row"))
        self.select_document_rows([row])

    def insert_row_below(self) -> None:
        rows = self.selected_source_rows()
        row = rows[-1] + 1 if rows else len(self.document.examples)
        self.document.insert_examples(row, [self._new_example()], self.tr("Insert row"))
        self.select_document_rows([row])

    def delete_rows(self) -> None:
        rows = self.selected_source_rows()
        if not rows:
            return
        text = self.tr("Delete %n row(s)", "", len(rows))
        self.document.remove_rows(rows, text)
        remaining = len(self.document.examples)
        if remaining:
            self.select_document_rows([min(rows[0], remaining - 1)])

    def duplicate_rows(self) -> None:
        rows = self.selected_source_rows()
        if not rows:
            return
        examples = self.document.examples
        copies = []
        for row in rows:
            copy = examples[row].clone()
            copy.source_row = None  # a duplicate is a row added in the editor
            copies.append(copy)
        position = rows[-1] + 1
        self.document.insert_examples(position, copies, self.tr("Duplicate %n row(s)", "", len(rows)))
        self.select_document_rows(list(range(position, position + len(copies))))

    def move_rows(self, step: int) -> None:
        """Move the selected rows one place up (-1) or down (+1), as one undoable reorder."""
        rows = self.selected_source_rows()
        count = len(self.document.examples)
        if not rows or (step < 0 and rows[0] == 0) or (step > 0 and rows[-1] == count - 1):
            return
        order = list(range(count))
        chosen = set(rows)
        if step < 0:
            for row in rows:
                order[row - 1], order[row] = order[row], order[row - 1]
        else:
            for row in reversed(rows):
                order[row], order[row + 1] = order[row + 1], order[row]
        current = self.view.currentIndex()
        column = current.column() if current.isValid() else 0
        self.document.reorder(order, self.tr("Move rows"))
        self.select_document_rows([r + step for r in sorted(chosen)], column)

    def sort_by_current_column(self, descending: bool) -> None:
        current = self.view.currentIndex()
        column = current.column() if current.isValid() else 0
        self.sort_by_column(column, descending)

    def sort_by_column(self, column: int, descending: bool = False) -> None:
        """Sort every row by one column's text, as one undoable reorder.

        Large sets compute the order off the UI thread (each row has to be read).
        """
        if not 0 <= column < self.model.columnCount():
            return
        cell = self.model.cells[column]
        document = self.document
        snapshot = list(document.examples)
        text = self.tr("Sort by %1").replace("%1", cell.title)

        def order() -> list[int]:
            keys = [cell.read(e).casefold() for e in snapshot]
            return sorted(range(len(snapshot)), key=keys.__getitem__, reverse=descending)

        if len(snapshot) <= SORT_ON_UI_THREAD_ROWS:
            document.reorder(order(), text)
            return
        state = (document.dataset, document.undo_stack.index(), len(snapshot))

        def done(new_order: list[int]) -> None:
            if (document.dataset, document.undo_stack.index(), len(document.examples)) == state:
                document.reorder(new_order, text)
            else:  # edited meanwhile: that order is stale, sort the data as it is now
                self.sort_by_column(column, descending)

        self.filter_info.setText(self.tr("Sorting…"))
        run_in_background(
            text,
            order,
            owner=self,
            on_success=done,
            on_finished=self._restore_filter_info,
        )

    def _restore_filter_info(self) -> None:
        if self.model.filter_text:
            shown, total = self.model.rowCount(), len(self.document.examples)
            self.filter_info.setText(
                self.tr("%1 of %2 rows").replace("%1", f"{shown:,}").replace("%2", f"{total:,}")
            )
        else:
            self.filter_info.clear()

    def _clipboard_rows(self) -> list[list[str]]:
        cells = self.selected_cells()
        if not cells:
            return []
        rows = sorted({r for r, _ in cells})
        columns = sorted({c for _, c in cells})
        chosen = set(cells)
        result = []
        for row in rows:
            texts = self.model.row_texts(self.model.example_at(row))
            result.append([texts[c] if (row, c) in chosen else "" for c in columns])
        return result

    def copy_selection(self) -> None:
        rows = self._clipboard_rows()
        if rows:
            QGuiApplication.clipboard().setText(to_tsv(rows))

    def cut_selection(self) -> None:
        self.copy_selection()
        self.clear_cells(self.tr("Cut"))

    def clear_cells(self, description: str | None = None) -> None:
        changes: dict[int, Example] = {}
        for row, column in self.selected_cells():
            document_row = self.model.document_row(row)
            example = changes.get(document_row, self.document.examples[document_row])
            cell = self.model.cells[column]
            if cell.is_editable(example) and cell.read(example):
                changes[document_row] = cell.written(example, "")
        self.document.set_examples(changes, description or self.tr("Clear cells"))

    def paste(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> None:
        """Paste tab-separated rows at the current cell, adding rows at the end when needed.

        A single value pasted onto a selection of several cells fills them all. One undo step.
        """
        rows = parse_tsv(text)
        if not rows:
            return
        cells = self.selected_cells()
        model = self.model
        if cells:
            top = min(r for r, _ in cells)
            left = min(c for _, c in cells)
        else:
            top, left = model.rowCount(), 0
        if len(rows) == 1 and len(rows[0]) == 1 and len(cells) > 1:
            targets = [(r, c, rows[0][0]) for r, c in cells]
        else:
            targets = [
                (top + i, left + j, value)
                for i, values in enumerate(rows)
                for j, value in enumerate(values)
                if left + j < model.columnCount()
            ]
        examples = self.document.examples
        changes: dict[int, Example] = {}
        added: list[Example] = []
        view_count = model.rowCount()
        for view_row, column, value in targets:
            cell = model.cells[column]
            if view_row < view_count:
                document_row = model.document_row(view_row)
                example = changes.get(document_row, examples[document_row])
                if cell.is_editable(example) and cell.read(example) != value:
                    changes[document_row] = cell.written(example, value)
            else:
                extra = view_row - view_count
                while len(added) <= extra:
                    added.append(self._new_example())
                if cell.is_editable(added[extra]):
                    added[extra] = cell.written(added[extra], value)
        if not changes and not added:
            return
        stack = self.document.undo_stack
        stack.beginMacro(self.tr("Paste"))
        try:
            self.document.set_examples(changes, self.tr("Paste"))
            if added:
                self.document.append_examples(added, self.tr("Paste"))
        finally:
            stack.endMacro()
        last_view_row = top + len(rows) - 1
        if 0 <= top < model.rowCount():
            selection = QItemSelection(
                model.index(top, left),
                model.index(
                    min(last_view_row, model.rowCount() - 1),
                    min(left + max(len(r) for r in rows) - 1, model.columnCount() - 1),
                ),
            )
            self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # --- Filter and panel -----------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        """Filter off the UI thread (a 500k-row set takes seconds); an empty filter applies at once."""
        self._filter_timer.stop()
        text = self.filter_edit.text()
        if text == self.model.filter_text and self._filter_task is None:
            return
        if self._filter_task is not None:
            self._filter_task.cancel()
            self._filter_task = None
        if not text:
            self.model.apply_filter("", None)
            self.filter_info.clear()
            return
        document = self.document
        snapshot = list(document.examples)
        cells = list(self.model.cells)
        state = (document.dataset, document.undo_stack.index(), len(snapshot))
        self.filter_info.setText(self.tr("Filtering…"))

        def compute(cancel: CancelToken) -> list[int] | None:
            cancel.raise_if_cancelled()
            return matching_rows(snapshot, cells, text)

        def done(rows: list[int] | None) -> None:
            self._filter_task = None
            if (document.dataset, document.undo_stack.index(), len(document.examples)) != state:
                self._apply_filter()  # the data changed meanwhile: filter again
                return
            if self.filter_edit.text() != text:
                return
            self.model.apply_filter(text, rows)
            shown, total = self.model.rowCount(), len(document.examples)
            self.filter_info.setText(
                self.tr("%1 of %2 rows").replace("%1", f"{shown:,}").replace("%2", f"{total:,}")
            )
            self.filter_applied.emit()

        self._filter_task = run_in_background(self.tr("Filtering rows"), compute, owner=self, on_success=done)

    def clear_filter(self) -> None:
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self._apply_filter()

    def _on_dataset_replaced(self) -> None:
        if self.filter_edit.text():
            self.clear_filter()
        self._update_panel_visibility()
        if self.model.rowCount():
            self.view.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def _update_panel_visibility(self) -> None:
        self.conversation_panel.setVisible(self.document.kind is ExampleKind.CHAT)
        self._update_panel()

    def _update_panel(self) -> None:
        if self.document.kind is not ExampleKind.CHAT:
            self.conversation_panel.show_row(None)
            return
        current = self.view.currentIndex()
        self.conversation_panel.show_row(
            self.model.document_row(current.row()) if current.isValid() else None
        )

"""The cell editor: multi-line text. As in Excel and LibreOffice: Enter commits the cell and moves
down, Alt+Enter (or Shift+Enter) starts a new line in it, Esc cancels."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

ModelIndex = QModelIndex | QPersistentModelIndex

EDITOR_MIN_HEIGHT = 120
EDITOR_MIN_WIDTH = 320


class CellTextEdit(QPlainTextEdit):
    commit_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            line_break = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
            if event.modifiers() & line_break:
                self.insertPlainText("\n")
            else:
                self.commit_requested.emit()  # Enter and Ctrl+Enter
            return
        super().keyPressEvent(event)


class MultiLineDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:
        editor = CellTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setToolTip(self.tr("Enter saves the cell, Alt+Enter starts a new line, Esc cancels"))
        editor.commit_requested.connect(lambda: self._commit_and_close(editor, QPersistentModelIndex(index)))
        return editor

    def _commit_and_close(self, editor: CellTextEdit, index: QPersistentModelIndex) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        # Then to the cell below, as a spreadsheet does.
        view = self.parent()
        if isinstance(view, QAbstractItemView) and index.isValid():
            below = index.model().index(index.row() + 1, index.column())
            if below.isValid():
                view.setCurrentIndex(below)

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        # Grow the editor beyond the one-line cell so several lines are visible while editing.
        rect = QRect(option.rect)
        rect.setHeight(max(rect.height(), EDITOR_MIN_HEIGHT))
        rect.setWidth(max(rect.width(), EDITOR_MIN_WIDTH))
        parent = editor.parentWidget()
        if parent is not None:
            bounds = parent.rect()
            if rect.bottom() > bounds.bottom():
                rect.moveBottom(bounds.bottom())
            if rect.right() > bounds.right():
                rect.moveRight(bounds.right())
            rect.moveTop(max(rect.top(), 0))
            rect.moveLeft(max(rect.left(), 0))
        editor.setGeometry(rect)

"""The cell editor: multi-line text; Enter adds a line, Ctrl+Enter commits, Esc cancels."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
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
        is_enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if is_enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.commit_requested.emit()
            return
        super().keyPressEvent(event)


class MultiLineDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:
        editor = CellTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setToolTip(self.tr("Ctrl+Enter to save the cell, Esc to cancel"))
        editor.commit_requested.connect(lambda: self._commit_and_close(editor))
        return editor

    def _commit_and_close(self, editor: CellTextEdit) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

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

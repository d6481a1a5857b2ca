"""The conversation editor for the selected chat row: messages with role, name, weight and text.

Each change is one undoable step on the document (typing in one message merges into one step).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.dataset import content_text
from desktop.ui.document import DatasetDocument

ROLES = ("system", "user", "assistant", "tool", "developer")
TYPING_PAUSE_MS = 500

Message = dict[str, Any]


class MessageEditor(QFrame):
    """One message of the conversation."""

    def __init__(self, panel: ConversationPanel, position: int, message: Message) -> None:
        super().__init__(panel.messages_box)
        self.position = position
        self._panel = panel
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.role_combo = QComboBox(self)
        role = str(message.get("role", ""))
        roles = list(ROLES) if role in ROLES else [*ROLES, role]
        for value in roles:
            self.role_combo.addItem(value, value)
        self.role_combo.setCurrentIndex(roles.index(role))
        self.role_combo.setToolTip(self.tr("Role"))
        self.name_edit = QLineEdit(str(message.get("name") or ""), self)
        self.name_edit.setPlaceholderText(self.tr("name (optional)"))
        self.weight_combo = QComboBox(self)
        self.weight_combo.addItem(self.tr("weight: default"), None)
        self.weight_combo.addItem(self.tr("weight 1: learn"), 1)
        self.weight_combo.addItem(self.tr("weight 0: skip"), 0)
        weight = message.get("weight")
        self.weight_combo.setCurrentIndex({None: 0, 1: 1, 0: 2}.get(weight, 0))
        self.weight_combo.setToolTip(self.tr("Whether the model learns from this assistant message"))
        self.up_button = self._tool_button(
            "↑", self.tr("Move message up"), lambda: panel.move_message(position, -1)
        )
        self.down_button = self._tool_button(
            "↓", self.tr("Move message down"), lambda: panel.move_message(position, 1)
        )
        self.remove_button = self._tool_button(
            "✕", self.tr("Remove message"), lambda: panel.remove_message(position)
        )
        self.content_edit = QPlainTextEdit(content_text(message.get("content")), self)
        self.content_edit.setPlaceholderText(self.tr("Message text"))
        self.content_edit.setMinimumHeight(60)
        # A message whose content is a list of parts (images, tool output) is shown, not edited here.
        self.content_edit.setReadOnly(
            not (message.get("content") is None or isinstance(message.get("content"), str))
        )
        self.content_edit.setTabChangesFocus(True)

        top = QHBoxLayout()
        top.addWidget(self.role_combo)
        top.addWidget(self.name_edit, 1)
        top.addWidget(self.weight_combo)
        top.addWidget(self.up_button)
        top.addWidget(self.down_button)
        top.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.content_edit)
        self._update_weight_enabled()

        self._typing_timer = QTimer(self)
        self._typing_timer.setSingleShot(True)
        self._typing_timer.setInterval(TYPING_PAUSE_MS)
        self._typing_timer.timeout.connect(self.save_content)
        self.content_edit.textChanged.connect(self._typing_timer.start)
        self.content_edit.installEventFilter(self)
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        self.weight_combo.currentIndexChanged.connect(self._weight_changed)
        self.name_edit.editingFinished.connect(self._name_changed)

    def _tool_button(self, text: str, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _update_weight_enabled(self) -> None:
        self.weight_combo.setEnabled(self.role_combo.currentData() == "assistant")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.content_edit and event.type() == QEvent.Type.FocusOut:
            self.save_content()
        return False

    def save_content(self) -> None:
        self._typing_timer.stop()
        if self.content_edit.isReadOnly():
            return
        text = self.content_edit.toPlainText()
        self._panel.update_message(
            self.position, lambda m: m.__setitem__("content", text), self.tr("Edit message"), typing=True
        )

    def _role_changed(self) -> None:
        self._update_weight_enabled()
        role = self.role_combo.currentData()

        def change(message: Message) -> None:
            message["role"] = role
            if role != "assistant":
                message.pop("weight", None)

        self._panel.update_message(self.position, change, self.tr("Change role"))

    def _weight_changed(self) -> None:
        weight = self.weight_combo.currentData()

        def change(message: Message) -> None:
            if weight is None:
                message.pop("weight", None)
            else:
                message["weight"] = weight

        self._panel.update_message(self.position, change, self.tr("Change weight"))

    def _name_changed(self) -> None:
        name = self.name_edit.text().strip()

        def change(message: Message) -> None:
            if name:
                message["name"] = name
            else:
                message.pop("name", None)

        self._panel.update_message(self.position, change, self.tr("Change name"))

    @property
    def has_pending_text(self) -> bool:
        return self._typing_timer.isActive()


class ConversationPanel(QWidget):
    def __init__(self, document: DatasetDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.row: int | None = None
        self._applying = False
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.messages_box = QWidget(self)
        self.messages_layout = QVBoxLayout(self.messages_box)
        self.messages_layout.setContentsMargins(0, 0, 0, 0)
        self.messages_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.messages_box)
        self.add_role_combo = QComboBox(self)
        for role in ROLES:
            self.add_role_combo.addItem(role, role)
        self.add_button = QPushButton(self.tr("Add Message"), self)
        self.add_button.clicked.connect(
            lambda _checked=False: self.add_message(self.add_role_combo.currentData())
        )
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_role_combo)
        add_row.addWidget(self.add_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        layout.addLayout(add_row)
        self.editors: list[MessageEditor] = []
        document.rows_changed.connect(self._rows_changed)
        # A bound method (not a lambda): Qt drops it when this panel goes (live language switch).
        document.reset_done.connect(self._reset_done)
        self.show_row(None)

    def _reset_done(self) -> None:
        self._rows_changed(0, len(self.document.examples))

    # --- Showing -------------------------------------------------------------------------------------

    def show_row(self, row: int | None) -> None:
        if row == self.row and self.editors:
            return
        self.flush()
        self.row = row
        self._rebuild()

    def flush(self) -> None:
        """Save text still being typed (before the row changes or the file is saved)."""
        for editor in self.editors:
            if editor.has_pending_text:
                editor.save_content()

    def messages(self) -> list[Message]:
        if self.row is None or self.row >= len(self.document.examples):
            return []
        messages = self.document.examples[self.row].peek().get("messages")
        return [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []

    def _rebuild(self) -> None:
        for editor in self.editors:
            # Not setParent(None): the editor may be the sender of the click being handled.
            self.messages_layout.removeWidget(editor)
            editor.hide()
            editor.deleteLater()
        self.editors = []
        valid = self.row is not None and self.row < len(self.document.examples)
        self.add_button.setEnabled(valid)
        if not valid:
            self.title.setText(self.tr("Select a row to edit its conversation."))
            return
        assert self.row is not None
        source_row = self.document.examples[self.row].source_row
        label = "+" if source_row is None else str(source_row)
        self.title.setText(self.tr("Conversation of row %1").replace("%1", label))
        messages = self.messages()
        for position, message in enumerate(messages):
            editor = MessageEditor(self, position, message)
            editor.up_button.setEnabled(position > 0)
            editor.down_button.setEnabled(position < len(messages) - 1)
            self.messages_layout.insertWidget(self.messages_layout.count() - 1, editor)
            self.editors.append(editor)
        following = {"system": "user", "user": "assistant", "assistant": "user", "tool": "assistant"}
        last_role = str(messages[-1].get("role")) if messages else "system"
        self.add_role_combo.setCurrentIndex(ROLES.index(following.get(last_role, "user")))

    def _rows_changed(self, first: int, last: int) -> None:
        if self._applying or self.row is None:
            return
        if first <= self.row <= last:
            self._rebuild()

    # --- Changing -------------------------------------------------------------------------------------

    def _change(
        self, change: Callable[[list[Message]], None], description: str, merge_key: str | None
    ) -> None:
        if self.row is None or self.row >= len(self.document.examples):
            return
        example = self.document.examples[self.row].clone()
        messages = example.record.get("messages")
        if not isinstance(messages, list):
            messages = []
            example.record["messages"] = messages
        change(messages)
        self._applying = True
        try:
            self.document.set_examples({self.row: example}, description, merge_key)
        finally:
            self._applying = False

    def update_message(
        self, position: int, change: Callable[[Message], None], description: str, typing: bool = False
    ) -> None:
        def apply(messages: list[Message]) -> None:
            if 0 <= position < len(messages) and isinstance(messages[position], dict):
                change(messages[position])

        current = self.messages()
        if 0 <= position < len(current):
            before = dict(current[position])
            after = dict(before)
            change(after)
            if after == before:
                return
        merge_key = f"message:{self.row}:{position}" if typing else None
        self._change(apply, description, merge_key)

    def add_message(self, role: str) -> None:
        self._change(
            lambda messages: messages.append({"role": role, "content": ""}), self.tr("Add message"), None
        )
        self._rebuild()
        if self.editors:
            self.editors[-1].content_edit.setFocus()

    def remove_message(self, position: int) -> None:
        self.flush()

        def remove(messages: list[Message]) -> None:
            if 0 <= position < len(messages):
                del messages[position]

        self._change(remove, self.tr("Remove message"), None)
        self._rebuild()

    def move_message(self, position: int, step: int) -> None:
        self.flush()
        target = position + step

        def move(messages: list[Message]) -> None:
            if 0 <= target < len(messages):
                messages[position], messages[target] = messages[target], messages[position]

        self._change(move, self.tr("Move message"), None)
        self._rebuild()

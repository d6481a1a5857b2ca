"""Save a conversation into the data set as a training example, correcting the answer first."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.dataset import JSONObject, content_text


def _answer_of(record: JSONObject) -> str:
    if "messages" in record:
        return content_text(record["messages"][-1].get("content"))
    return str(record.get("completion", "")).strip()


class SaveExampleDialog(QDialog):
    """Shows what will be added and lets the user fix the model's answer before it is saved."""

    def __init__(self, record: JSONObject, ending: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save as training example"))
        self._record = record
        self._ending = ending
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The conversation is added to the data set as a new example. Correct the answer "
                "if it was wrong: the model learns the answer written here."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        context = QPlainTextEdit()
        context.setReadOnly(True)
        context.setPlainText(self._context_text())
        context.setMaximumHeight(160)
        layout.addWidget(QLabel(self.tr("Conversation")))
        layout.addWidget(context)
        layout.addWidget(QLabel(self.tr("Answer to learn")))
        self.answer_edit = QPlainTextEdit()
        self.answer_edit.setPlainText(_answer_of(record))
        layout.addWidget(self.answer_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 460)

    def _context_text(self) -> str:
        if "messages" in self._record:
            lines = [
                f"{message['role']}: {content_text(message.get('content'))}"
                for message in self._record["messages"][:-1]
            ]
            return "\n\n".join(lines)
        return str(self._record.get("prompt", ""))

    def record(self) -> JSONObject:
        """The example to save, with the answer as corrected in the dialog."""
        record = copy.deepcopy(self._record)
        answer = self.answer_edit.toPlainText().strip()
        if "messages" in record:
            record["messages"][-1]["content"] = answer
        else:
            record["completion"] = " " + answer + self._ending
        return record

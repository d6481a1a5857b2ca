"""Helpers for the editor tests: small real data sets, and answering modal questions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.dataset import Dataset, Example, ExampleKind


def pc_dataset(pairs: list[tuple[str, str]], extras: list[str] | None = None) -> Dataset:
    examples = [Example({"prompt": p, "completion": c}, source_row=i + 2) for i, (p, c) in enumerate(pairs)]
    return Dataset(ExampleKind.PROMPT_COMPLETION, examples, list(extras or []))


def chat_dataset(conversations: list[list[tuple[str, str]]]) -> Dataset:
    examples = [
        Example({"messages": [{"role": r, "content": c} for r, c in conv]}, source_row=i + 1)
        for i, conv in enumerate(conversations)
    ]
    return Dataset(ExampleKind.CHAT, examples)


def answer_next_message_box(choose: Callable[[QMessageBox], object], seen: list[str] | None = None) -> None:
    """Click a button of the next modal message box as soon as it is shown (it blocks otherwise)."""

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            if seen is not None:
                seen.append(box.text())
            button = choose(box)
            if isinstance(button, QMessageBox.StandardButton):
                box.button(button).click()
            else:
                button.click()  # type: ignore[attr-defined]
            return
        QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)

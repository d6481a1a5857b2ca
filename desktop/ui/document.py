"""The data set open in the editor, its undo history, its file and its modified state.

Contract for other parts of the app (wizard fixes, checks, test tab):

- ``DatasetDocument.dataset`` is the current :class:`~desktop.core.dataset.Dataset`. Treat its
  examples as read-only: every change goes through a method here, which pushes one undoable
  command on ``undo_stack``. Commands never mutate an :class:`Example` in place; they swap in new
  Example objects, so a snapshot ``list(dataset.examples)`` taken on the UI thread stays valid on a
  worker thread (the autosave journal and the writers rely on it).
- ``replace_examples(examples, description)``: replace every example in one undoable step (what a
  "fix" does). ``append_examples(examples, description)``: add at the end, one step.
- Signals: ``changed`` after any change of content; ``dataset_replaced`` when another data set was
  loaded (history cleared); ``path_changed`` when the file it is saved to changes;
  ``modified_changed(bool)``. Row-level signals (``rows_*``, ``reset_*``) are for the table model.
- Rows here are indices into ``dataset.examples`` ("document rows"); the row numbers of the source
  file are ``Example.source_row``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.core.dataset import Column, Dataset, Example, ExampleKind, columns_for
from desktop.ui.commands import (
    InsertExamplesCommand,
    RemoveExamplesCommand,
    ReorderExamplesCommand,
    ReplaceContentCommand,
    SetExamplesCommand,
    TypingCommand,
)


class DatasetDocument(QObject):
    changed = Signal()
    dataset_replaced = Signal()
    path_changed = Signal()
    modified_changed = Signal(bool)
    # For the table model: document rows, inclusive ranges.
    rows_about_to_be_inserted = Signal(int, int)
    rows_inserted = Signal(int, int)
    rows_about_to_be_removed = Signal(int, int)
    rows_removed = Signal(int, int)
    rows_changed = Signal(int, int)
    reset_about_to_happen = Signal()
    reset_done = Signal()

    def __init__(self, dataset: Dataset | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dataset = dataset if dataset is not None else Dataset(ExampleKind.PROMPT_COMPLETION)
        self._path: Path | None = self._dataset.source_path
        self._format: str | None = self._dataset.source_format
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.undo_stack.indexChanged.connect(self._index_changed)
        # Set when the content differs from the file although the history is clean (a restored
        # recovery journal, a data set made by the mapping dialog from several sources).
        self._dirty_without_history = False

    def _clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    def _index_changed(self, _index: int) -> None:
        self.changed.emit()

    # --- State ---------------------------------------------------------------------------------

    @property
    def dataset(self) -> Dataset:
        return self._dataset

    @property
    def kind(self) -> ExampleKind:
        return self._dataset.kind

    @property
    def examples(self) -> list[Example]:
        return self._dataset.examples

    def columns(self) -> list[Column]:
        return columns_for(self._dataset.kind)

    def extra_columns(self) -> list[str]:
        return self._dataset.extra_columns

    @property
    def path(self) -> Path | None:
        """The file this document is saved to (None for a new or a sample data set)."""
        return self._path

    @property
    def file_format(self) -> str | None:
        return self._format

    def set_path(self, path: Path | None, file_format: str | None) -> None:
        self._path = path
        self._format = file_format
        self.path_changed.emit()

    @property
    def is_modified(self) -> bool:
        return self._dirty_without_history or not self.undo_stack.isClean()

    def mark_saved(self) -> None:
        self._dirty_without_history = False
        self.undo_stack.setClean()
        self.modified_changed.emit(False)

    def mark_modified_without_history(self) -> None:
        self._dirty_without_history = True
        self.modified_changed.emit(True)
        self.changed.emit()

    def load(self, dataset: Dataset, path: Path | None = None, file_format: str | None = None) -> None:
        """Show another data set; its history starts empty and it counts as unmodified."""
        self.reset_about_to_happen.emit()
        self._dataset = dataset
        self.reset_done.emit()
        self.undo_stack.clear()
        self._dirty_without_history = False
        self._path = path
        self._format = file_format
        self.dataset_replaced.emit()
        self.path_changed.emit()
        self.modified_changed.emit(False)
        self.changed.emit()

    # --- Edits (each one undoable step) ------------------------------------------------------------

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def set_examples(
        self, new_examples: dict[int, Example], description: str, merge_key: str | None = None
    ) -> None:
        """Swap the examples at some rows for new ones (cell edits, paste, replace all).

        Consecutive changes with the same ``merge_key`` become one undo step (typing).
        """
        if not new_examples:
            return
        if merge_key is None:
            self.push(SetExamplesCommand(self, new_examples, description))
        else:
            self.push(TypingCommand(self, new_examples, description, merge_key))

    def insert_examples(self, row: int, examples: Sequence[Example], description: str) -> None:
        if examples:
            self.push(InsertExamplesCommand(self, row, list(examples), description))

    def append_examples(self, examples: Sequence[Example], description: str) -> None:
        self.insert_examples(len(self._dataset.examples), examples, description)

    def remove_rows(self, rows: Iterable[int], description: str) -> None:
        unique = sorted(set(rows))
        if unique:
            self.push(RemoveExamplesCommand(self, unique, description))

    def reorder(self, order: list[int], description: str) -> None:
        """Put the examples in ``order`` (a permutation of the current rows): sorts and moves."""
        if order != list(range(len(order))):
            self.push(ReorderExamplesCommand(self, order, description))

    def replace_examples(self, examples: list[Example], description: str) -> None:
        """Replace every example in one undoable step (what a "fix" action does)."""
        self.replace_content(self._dataset.kind, examples, list(self._dataset.extra_columns), description)

    def set_kind(self, kind: ExampleKind, examples: list[Example], description: str) -> None:
        """Switch the kind of example, with the examples converted to it, in one undoable step."""
        self.replace_content(kind, examples, list(self._dataset.extra_columns), description)

    def replace_content(
        self, kind: ExampleKind, examples: list[Example], extra_columns: list[str], description: str
    ) -> None:
        self.push(ReplaceContentCommand(self, kind, list(examples), extra_columns, description))

    # --- Used by the commands only -------------------------------------------------------------------

    def _swap_examples(self, new_examples: dict[int, Example]) -> dict[int, Example]:
        examples = self._dataset.examples
        old = {row: examples[row] for row in new_examples}
        for row, example in new_examples.items():
            examples[row] = example
        if new_examples:
            self.rows_changed.emit(min(new_examples), max(new_examples))
        return old

    def _insert(self, row: int, new: list[Example]) -> None:
        self.rows_about_to_be_inserted.emit(row, row + len(new) - 1)
        self._dataset.examples[row:row] = new
        self.rows_inserted.emit(row, row + len(new) - 1)

    def _remove(self, row: int, count: int) -> list[Example]:
        self.rows_about_to_be_removed.emit(row, row + count - 1)
        removed = self._dataset.examples[row : row + count]
        del self._dataset.examples[row : row + count]
        self.rows_removed.emit(row, row + count - 1)
        return removed

    def _set_content(
        self, kind: ExampleKind, examples: list[Example], extra_columns: list[str]
    ) -> tuple[ExampleKind, list[Example], list[str]]:
        self.reset_about_to_happen.emit()
        old = (self._dataset.kind, self._dataset.examples, self._dataset.extra_columns)
        self._dataset.kind = kind
        self._dataset.examples = examples
        self._dataset.extra_columns = extra_columns
        self.reset_done.emit()
        return old

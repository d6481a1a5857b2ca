"""Undo commands: every change to a data set is one of these, one per user action.

Commands swap whole Example objects and never change one in place (see document.py), so undo is
exact and snapshots taken for background work stay valid.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from desktop.core.dataset import Example, ExampleKind


class EditableDocument(Protocol):
    """What the commands change: the document's rows, by swapping whole Examples.

    :class:`desktop.ui.document.DatasetDocument` is the one implementation; naming only what the
    commands call keeps this module below document.py (document.py imports the commands, never the
    other way round). The underscored methods are for these commands alone.
    """

    @property
    def kind(self) -> ExampleKind: ...

    @property
    def examples(self) -> list[Example]: ...

    def extra_columns(self) -> list[str]: ...

    def _swap_examples(self, new_examples: dict[int, Example]) -> dict[int, Example]: ...

    def _insert(self, row: int, new: list[Example]) -> None: ...

    def _remove(self, row: int, count: int) -> list[Example]: ...

    def _set_content(
        self, kind: ExampleKind, examples: list[Example], extra_columns: list[str]
    ) -> tuple[ExampleKind, list[Example], list[str]]: ...


class SetExamplesCommand(QUndoCommand):
    """Replace the examples at some rows (a cell edit, a paste, a replace-all, a message edit)."""

    def __init__(self, document: EditableDocument, new_examples: dict[int, Example], text: str) -> None:
        super().__init__(text)
        self._document = document
        self._new = dict(new_examples)
        self._old: dict[int, Example] = {}

    def redo(self) -> None:
        self._old = self._document._swap_examples(self._new)

    def undo(self) -> None:
        self._document._swap_examples(self._old)


class TypingCommand(SetExamplesCommand):
    """A change to one example that merges with the next one of the same ``merge_key``.

    The conversation panel saves a message's text while the user types; one pause-and-type burst
    on one message stays one undo step.
    """

    def __init__(
        self, document: EditableDocument, new_examples: dict[int, Example], text: str, merge_key: str
    ) -> None:
        super().__init__(document, new_examples, text)
        self.merge_key = merge_key

    def id(self) -> int:
        return 7001

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, TypingCommand) or other.merge_key != self.merge_key:
            return False
        if set(other._new) != set(self._new):
            return False
        self._new = other._new
        return True


class InsertExamplesCommand(QUndoCommand):
    def __init__(self, document: EditableDocument, row: int, examples: list[Example], text: str) -> None:
        super().__init__(text)
        self._document = document
        self._row = row
        self._examples = examples

    def redo(self) -> None:
        self._document._insert(self._row, self._examples)

    def undo(self) -> None:
        self._document._remove(self._row, len(self._examples))


def contiguous_ranges(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted unique rows as (first, count) runs."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][0] + runs[-1][1] == row:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((row, 1))
    return runs


class RemoveExamplesCommand(QUndoCommand):
    def __init__(self, document: EditableDocument, rows: list[int], text: str) -> None:
        super().__init__(text)
        self._document = document
        self._runs = contiguous_ranges(sorted(set(rows)))
        self._removed: list[tuple[int, list[Example]]] = []

    def redo(self) -> None:
        # From the bottom up, so the earlier rows keep their positions.
        self._removed = [
            (first, self._document._remove(first, count)) for first, count in reversed(self._runs)
        ]

    def undo(self) -> None:
        for first, examples in reversed(self._removed):
            self._document._insert(first, examples)


class ReorderExamplesCommand(QUndoCommand):
    """Put the rows in a new order: sorting, moving rows up or down."""

    def __init__(self, document: EditableDocument, order: list[int], text: str) -> None:
        super().__init__(text)
        self._document = document
        self._order = order

    def redo(self) -> None:
        document = self._document
        examples = document.examples
        document._set_content(
            document.kind, [examples[i] for i in self._order], list(document.extra_columns())
        )

    def undo(self) -> None:
        document = self._document
        examples = document.examples
        restored: list[Example | None] = [None] * len(examples)
        for position, original in enumerate(self._order):
            restored[original] = examples[position]
        document._set_content(
            document.kind, [e for e in restored if e is not None], list(document.extra_columns())
        )


class ReplaceContentCommand(QUndoCommand):
    """Replace every example, and possibly the kind and extra columns (fixes, kind switch)."""

    def __init__(
        self,
        document: EditableDocument,
        kind: ExampleKind,
        examples: list[Example],
        extra_columns: list[str],
        text: str,
    ) -> None:
        super().__init__(text)
        self._document = document
        self._other: tuple[ExampleKind, list[Example], list[str]] = (kind, examples, extra_columns)

    def _swap(self) -> None:
        self._other = self._document._set_content(*self._other)

    def redo(self) -> None:
        self._swap()

    def undo(self) -> None:
        self._swap()

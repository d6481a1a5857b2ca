"""Where the wizard's data set lives and how a fix is written back to it.

In the app the wizard works on the editor's :class:`DatasetDocument`, so that a fix is one undoable
step in the editor. Standalone (tests, scripts) it can work on a bare :class:`Dataset` with a
callback that applies the fixed examples.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.core.dataset import Dataset, Example, ExampleKind

if TYPE_CHECKING:
    from desktop.ui.document import DatasetDocument

ApplyExamples = Callable[[ExampleKind, list[Example], str], None]


class WizardData(QObject):
    """The data set under the wizard; ``changed`` fires after every change (a fix, an edit, undo)."""

    changed = Signal()

    @property
    def dataset(self) -> Dataset:
        raise NotImplementedError

    def apply(self, kind: ExampleKind, examples: list[Example], description: str) -> None:
        """Replace the examples (and possibly the kind) in one step that the user can undo."""
        raise NotImplementedError


class DocumentData(WizardData):
    """The editor's document: a fix is one step on its undo stack."""

    def __init__(self, document: DatasetDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        document.changed.connect(self.changed)

    @property
    def dataset(self) -> Dataset:
        return self.document.dataset

    def apply(self, kind: ExampleKind, examples: list[Example], description: str) -> None:
        if kind is self.document.kind:
            self.document.replace_examples(examples, description)
        else:
            self.document.set_kind(kind, examples, description)


class DatasetData(WizardData):
    """A bare data set; ``apply_examples`` (when given) decides how a fix is kept, e.g. with undo."""

    def __init__(
        self,
        dataset: Dataset,
        apply_examples: ApplyExamples | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._dataset = dataset
        self._apply_examples = apply_examples

    @property
    def dataset(self) -> Dataset:
        return self._dataset

    def apply(self, kind: ExampleKind, examples: list[Example], description: str) -> None:
        if self._apply_examples is not None:
            self._apply_examples(kind, examples, description)
        else:
            self._dataset.kind = kind
            self._dataset.examples = list(examples)
        self.changed.emit()

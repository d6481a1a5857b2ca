"""The mapped hyperparameters of a retraining: what the source used, what the target gets, and why."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt

from desktop.providers.keep.retrain import MappedHyperparameter
from desktop.ui.row_table_model import AnyIndex, Cell, ColumnSpec, RowTableModel


class Column(IntEnum):
    NAME = 0
    SOURCE = 1
    TARGET = 2
    NOTE = 3


def _value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


WHOLE_NUMBERS = ("n_epochs", "batch_size")


def parse_value(name: str, text: str) -> Any:
    """A typed value: "auto", or a positive number (whole for epochs and batch size); None if invalid."""
    text = text.strip()
    if text.lower() == "auto":
        return "auto"
    try:
        number = float(text)
    except ValueError:
        return None
    if not number > 0:
        return None
    if name in WHOLE_NUMBERS:
        return int(number) if number == int(number) else None
    return number


class HyperparameterTableModel(RowTableModel[MappedHyperparameter]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._overrides: dict[str, Any] = {}  # values the user typed in the target column

    @property
    def rows(self) -> list[MappedHyperparameter]:
        return list(self._rows)

    def set_rows(self, rows: list[MappedHyperparameter]) -> None:
        self.reset_rows(rows)

    def overrides(self) -> dict[str, Any]:
        return dict(self._overrides)

    def columns(self) -> list[ColumnSpec[MappedHyperparameter]]:
        def column(header: str, text: Cell[MappedHyperparameter]) -> ColumnSpec[MappedHyperparameter]:
            # The same text shown, as the tooltip, and to start an edit from.
            return ColumnSpec(header, display=text, tooltip=text, edit=text)

        def target(row: MappedHyperparameter) -> str:
            value = self._overrides.get(row.name, row.target)
            return _value_text(value) if value is not None else self.tr("not sent")

        def note(row: MappedHyperparameter) -> str:
            return self.tr("Changed by you.") if row.name in self._overrides else row.note

        return [
            column(self.tr("Hyperparameter"), lambda row: row.name),
            column(self.tr("Original job"), lambda row: _value_text(row.source)),
            column(self.tr("Sent to the target"), target),
            column(self.tr("Why"), note),
        ]

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        row = self._rows[index.row()]
        parsed = parse_value(row.name, str(value))
        if parsed is None:
            return False
        if parsed == row.target:
            self._overrides.pop(row.name, None)
        else:
            self._overrides[row.name] = parsed
        self.dataChanged.emit(self.index(index.row(), Column.TARGET), self.index(index.row(), Column.NOTE))
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if (
            index.column() == Column.TARGET
            and 0 <= index.row() < len(self._rows)
            and self._rows[index.row()].target is not None
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

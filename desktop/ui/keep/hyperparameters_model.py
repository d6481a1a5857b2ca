"""The mapped hyperparameters of a retraining: what the source used, what the target gets, and why."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.providers.keep.retrain import MappedHyperparameter

AnyIndex = QModelIndex | QPersistentModelIndex


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


class HyperparameterTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MappedHyperparameter] = []
        self._overrides: dict[str, Any] = {}  # values the user typed in the target column

    @property
    def rows(self) -> list[MappedHyperparameter]:
        return list(self._rows)

    def set_rows(self, rows: list[MappedHyperparameter]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def overrides(self) -> dict[str, Any]:
        return dict(self._overrides)

    def target_value(self, row: int) -> Any:
        mapped = self._rows[row]
        return self._overrides.get(mapped.name, mapped.target)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(Column):
            return None
        return {
            Column.NAME: self.tr("Hyperparameter"),
            Column.SOURCE: self.tr("Original job"),
            Column.TARGET: self.tr("Sent to the target"),
            Column.NOTE: self.tr("Why"),
        }[Column(section)]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            not index.isValid()
            or not 0 <= index.row() < len(self._rows)
            or not 0 <= index.column() < len(Column)
        ):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if column is Column.NAME:
            return row.name
        if column is Column.SOURCE:
            return _value_text(row.source)
        if column is Column.TARGET:
            value = self.target_value(index.row())
            return _value_text(value) if value is not None else self.tr("not sent")
        if row.name in self._overrides:
            return self.tr("Changed by you.")
        return row.note

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
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if (
            index.column() == Column.TARGET
            and 0 <= index.row() < len(self._rows)
            and self._rows[index.row()].target is not None
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

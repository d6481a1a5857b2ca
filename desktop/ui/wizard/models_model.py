"""The base models a profile offers, as a table: usable ones normal, incompatible ones greyed
with the reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.ui import theme

MODEL_ROW_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ModelRow:
    model_id: str
    display_name: str
    in_catalog: bool  # known to the bundled catalog
    is_live: bool  # listed by the provider right now
    formats: str  # readable: "chat, preference"
    methods: tuple[str, ...]  # "supervised", "dpo"
    token_limit: int | None
    price_per_million: float | None  # training, US$
    incompatibility: str | None  # why it cannot train on this data, in the UI language
    warning: str | None  # e.g. retiring soon, in the UI language
    description: str = ""
    catalog_entry: Any = None
    short_warning: str | None = None  # the warning in a few words, for the table

    @property
    def usable(self) -> bool:
        return self.incompatibility is None

    @property
    def supports_dpo(self) -> bool:
        return "dpo" in self.methods

    @property
    def supports_sft(self) -> bool:
        return "supervised" in self.methods


class Column(IntEnum):
    MODEL = 0
    SOURCE = 1
    FORMATS = 2
    LIMIT = 3
    PRICE = 4
    NOTE = 5


class BaseModelsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ModelRow] = []

    def set_models(self, rows: Sequence[ModelRow]) -> None:
        self.beginResetModel()
        # Usable models first, then by name, so the choice is at the top.
        self._rows = sorted(rows, key=lambda r: (not r.usable, r.model_id))
        self.endResetModel()

    def model_row(self, row: int) -> ModelRow:
        return self._rows[row]

    @property
    def rows(self) -> list[ModelRow]:
        return list(self._rows)

    def row_of(self, model_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.model_id == model_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].usable:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        # Greyed, but still readable: the reason is in the last column and the tooltip.
        return Qt.ItemFlag.NoItemFlags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return {
                Column.MODEL: self.tr("Base model"),
                Column.SOURCE: self.tr("Listed by"),
                Column.FORMATS: self.tr("Data formats"),
                Column.LIMIT: self.tr("Tokens per example"),
                Column.PRICE: self.tr("Training, per 1M tokens"),
                Column.NOTE: self.tr("Note"),
            }.get(Column(section))
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        model = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.MODEL:
                return model.model_id
            if column is Column.SOURCE:
                return self.source_text(model)
            if column is Column.FORMATS:
                return model.formats
            if column is Column.LIMIT:
                return f"{model.token_limit:,}" if model.token_limit else "—"
            if column is Column.PRICE:
                if model.price_per_million is None:
                    return "—"
                return self.tr("free") if model.price_per_million == 0 else f"US${model.price_per_million:g}"
            return model.incompatibility or model.short_warning or model.warning or model.description
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                "\n".join(t for t in (model.incompatibility, model.warning, model.description) if t) or None
            )
        if role == Qt.ItemDataRole.ForegroundRole:
            if not model.usable:
                return QBrush(
                    QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
                )
            if model.warning and column is Column.NOTE:
                return QBrush(QColor(theme.colour("warning")))
        if role == MODEL_ROW_ROLE:
            return model
        return None

    def source_text(self, model: ModelRow) -> str:
        if model.in_catalog and model.is_live:
            return self.tr("catalog and provider")
        if model.is_live:
            return self.tr("provider")
        return self.tr("catalog")

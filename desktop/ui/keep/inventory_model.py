"""The inventory table: one row per fine-tuning job or fine-tuned model, coloured by urgency."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.providers.keep.inventory import InventoryItem
from desktop.ui.monitor.status import status_color, status_label

AnyIndex = QModelIndex | QPersistentModelIndex
ItemRole = Qt.ItemDataRole.UserRole  # the InventoryItem of a row
SortRole = Qt.ItemDataRole.UserRole + 1

# Days left at or under which a date is shown as overdue, urgent, soon.
URGENT_DAYS = 30
SOON_DAYS = 90
OVERDUE_BACKGROUND = QColor("#fecdca")
URGENT_BACKGROUND = QColor("#fedf89")
SOON_BACKGROUND = QColor("#fef7c3")
URGENT_FOREGROUND = QColor("#7a2e0e")


class Column(IntEnum):
    MODEL = 0
    BASE_MODEL = 1
    CREATED = 2
    SUFFIX = 3
    TRAINED_TOKENS = 4
    STATUS = 5
    NEW_JOBS_STOP = 6
    RETIRES = 7


def urgency_background(days: int | None) -> QColor | None:
    if days is None:
        return None
    if days <= 0:
        return OVERDUE_BACKGROUND
    if days <= URGENT_DAYS:
        return URGENT_BACKGROUND
    if days <= SOON_DAYS:
        return SOON_BACKGROUND
    return None


class InventoryTableModel(QAbstractTableModel):
    """The items of one profile (live) or one export folder (offline), most urgent first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[InventoryItem] = []

    @property
    def items(self) -> list[InventoryItem]:
        return list(self._items)

    def set_items(self, items: list[InventoryItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> InventoryItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                Column.MODEL: self.tr("Fine-tuned model / job"),
                Column.BASE_MODEL: self.tr("Base model"),
                Column.CREATED: self.tr("Created"),
                Column.SUFFIX: self.tr("Suffix"),
                Column.TRAINED_TOKENS: self.tr("Trained tokens"),
                Column.STATUS: self.tr("Status"),
                Column.NEW_JOBS_STOP: self.tr("New jobs stop"),
                Column.RETIRES: self.tr("Model retires"),
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Column.NEW_JOBS_STOP:
                return self.tr(
                    "After this day the provider accepts no new fine-tuning jobs on this base model."
                )
            if column is Column.RETIRES:
                return self.tr(
                    "After this day the base model, and every model fine-tuned from it, stops answering."
                )
        return None

    def _days_text(self, when: date | None, days: int | None) -> str:
        if when is None or days is None:
            return "—"
        if days < 0:
            return self.tr("%1 (passed)").replace("%1", when.isoformat())
        if days == 0:
            return self.tr("%1 (today)").replace("%1", when.isoformat())
        return self.tr("%1 (%n days left)", "", days).replace("%1", when.isoformat())

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        if not 0 <= index.column() < len(Column):
            return None
        item = self._items[index.row()]
        column = Column(index.column())
        if role == ItemRole:
            return item
        days = {
            Column.NEW_JOBS_STOP: item.days_until_new_jobs_stop,
            Column.RETIRES: item.days_until_retirement,
        }.get(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == SortRole:
            if column in (Column.NEW_JOBS_STOP, Column.RETIRES):
                return days if days is not None else 10**9
            if column is Column.CREATED:
                return item.created_at or 0
            if column is Column.TRAINED_TOKENS:
                return item.trained_tokens or 0
            return self._display(item, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column in (Column.NEW_JOBS_STOP, Column.RETIRES):
                colour = urgency_background(days)
                return QBrush(colour) if colour is not None else None
            if column is Column.MODEL:
                colour = urgency_background(
                    int(item.urgency_days) if item.urgency_days != float("inf") else None
                )
                return QBrush(colour) if colour is not None else None
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column is Column.STATUS and item.status:
                return QBrush(status_color(item.status))
            if days is not None and days <= URGENT_DAYS:
                return QBrush(URGENT_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.TRAINED_TOKENS, Column.CREATED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Column.MODEL:
                parts = [item.fine_tuned_model or self.tr("(no model yet)")]
                if item.job_id:
                    parts.append(self.tr("Job: %1").replace("%1", item.job_id))
                return "\n".join(parts)
            if column is Column.STATUS and item.job is not None and item.job.error is not None:
                return item.job.error.message
        return None

    def _display(self, item: InventoryItem, column: Column) -> str:
        if column is Column.MODEL:
            return item.fine_tuned_model or item.job_id or "—"
        if column is Column.BASE_MODEL:
            return item.base_model or "—"
        if column is Column.CREATED:
            created = item.created
            return created.strftime("%Y-%m-%d %H:%M") if created else "—"
        if column is Column.SUFFIX:
            return item.suffix or "—"
        if column is Column.TRAINED_TOKENS:
            return f"{item.trained_tokens:,}" if item.trained_tokens is not None else "—"
        if column is Column.STATUS:
            return status_label(item.status) if item.status else self.tr("model only")
        if column is Column.NEW_JOBS_STOP:
            return self._days_text(item.new_jobs_stop, item.days_until_new_jobs_stop)
        return self._days_text(item.retires, item.days_until_retirement)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

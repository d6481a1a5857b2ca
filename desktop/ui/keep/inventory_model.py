"""The inventory table: one row per fine-tuning job or fine-tuned model, coloured by urgency."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop.providers.keep.inventory import InventoryItem
from desktop.ui.job_status import status_color, status_label
from desktop.ui.row_table_model import ColumnSpec, RowTableModel

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


class InventoryTableModel(RowTableModel[InventoryItem]):
    """The items of one profile (live) or one export folder (offline), most urgent first."""

    row_role = ItemRole
    sort_role = SortRole

    @property
    def items(self) -> list[InventoryItem]:
        return list(self._rows)

    def set_items(self, items: list[InventoryItem]) -> None:
        self.reset_rows(items)

    def item(self, row: int) -> InventoryItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def columns(self) -> list[ColumnSpec[InventoryItem]]:
        def column(header: str, column: Column, **roles: Any) -> ColumnSpec[InventoryItem]:
            def display(item: InventoryItem) -> str:
                return self._display(item, column)

            roles.setdefault("sort", display)
            roles.setdefault("foreground", _urgent_foreground(column))
            return ColumnSpec(header, display=display, **roles)

        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return [
            column(
                self.tr("Fine-tuned model / job"),
                Column.MODEL,
                tooltip=self._model_tooltip,
                background=_urgency_brush(
                    lambda item: int(item.urgency_days) if item.urgency_days != float("inf") else None
                ),
            ),
            column(self.tr("Base model"), Column.BASE_MODEL),
            column(
                self.tr("Created"), Column.CREATED, sort=lambda item: item.created_at or 0, alignment=right
            ),
            column(self.tr("Suffix"), Column.SUFFIX),
            column(
                self.tr("Trained tokens"),
                Column.TRAINED_TOKENS,
                sort=lambda item: item.trained_tokens or 0,
                alignment=right,
            ),
            column(
                self.tr("Status"),
                Column.STATUS,
                tooltip=_status_tooltip,
                foreground=lambda item: QBrush(status_color(item.status)) if item.status else None,
            ),
            column(
                self.tr("New jobs stop"),
                Column.NEW_JOBS_STOP,
                sort=lambda item: _days_or_never(item.days_until_new_jobs_stop),
                background=_urgency_brush(lambda item: item.days_until_new_jobs_stop),
                header_tooltip=self.tr(
                    "After this day the provider accepts no new fine-tuning jobs on this base model."
                ),
            ),
            column(
                self.tr("Model retires"),
                Column.RETIRES,
                sort=lambda item: _days_or_never(item.days_until_retirement),
                background=_urgency_brush(lambda item: item.days_until_retirement),
                header_tooltip=self.tr(
                    "After this day the base model, and every model fine-tuned from it, stops answering."
                ),
            ),
        ]

    def _days_text(self, when: date | None, days: int | None) -> str:
        if when is None or days is None:
            return "—"
        if days < 0:
            return self.tr("%1 (passed)").replace("%1", when.isoformat())
        if days == 0:
            return self.tr("%1 (today)").replace("%1", when.isoformat())
        return self.tr("%1 (%n days left)", "", days).replace("%1", when.isoformat())

    def _model_tooltip(self, item: InventoryItem) -> str:
        parts = [item.fine_tuned_model or self.tr("(no model yet)")]
        if item.job_id:
            parts.append(self.tr("Job: %1").replace("%1", item.job_id))
        return "\n".join(parts)

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


def _days_or_never(days: int | None) -> int:
    return days if days is not None else 10**9


def _days_left(item: InventoryItem, column: Column) -> int | None:
    if column is Column.NEW_JOBS_STOP:
        return item.days_until_new_jobs_stop
    if column is Column.RETIRES:
        return item.days_until_retirement
    return None


def _urgent_foreground(column: Column) -> Callable[[InventoryItem], QBrush | None]:
    def foreground(item: InventoryItem) -> QBrush | None:
        days = _days_left(item, column)
        return QBrush(URGENT_FOREGROUND) if days is not None and days <= URGENT_DAYS else None

    return foreground


def _urgency_brush(
    days_of: Callable[[InventoryItem], int | None],
) -> Callable[[InventoryItem], QBrush | None]:
    def background(item: InventoryItem) -> QBrush | None:
        colour = urgency_background(days_of(item))
        return QBrush(colour) if colour is not None else None

    return background


def _status_tooltip(item: InventoryItem) -> str | None:
    if item.job is not None and item.job.error is not None:
        return item.job.error.message
    return None

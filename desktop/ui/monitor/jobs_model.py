"""The jobs list as a table model, and the proxy that filters it by status and search text."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from desktop.providers import jobs
from desktop.providers.jobs import JobInfo
from desktop.ui.job_status import (
    format_count,
    format_timestamp,
    status_color,
    status_icon,
    status_label,
)
from desktop.ui.row_table_model import ColumnSpec, RowTableModel

ModelIndex = QModelIndex | QPersistentModelIndex

JOB_ROLE = Qt.ItemDataRole.UserRole + 1  # the JobInfo of the row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a raw value that sorts right (numbers, timestamps)


class JobColumn(IntEnum):
    STATUS = 0
    ID = 1
    BASE_MODEL = 2
    FINE_TUNED_MODEL = 3
    SUFFIX = 4
    CREATED = 5
    FINISHED = 6
    TRAINED_TOKENS = 7


class JobsTableModel(RowTableModel[JobInfo]):
    """One row per job; updated in place so selection and scrolling survive each refresh."""

    row_role = JOB_ROLE
    sort_role = SORT_ROLE
    item_flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._row_of: dict[str, int] = {}

    def columns(self) -> list[ColumnSpec[JobInfo]]:
        def column(header: str, column: JobColumn, **roles: Any) -> ColumnSpec[JobInfo]:
            def display(job: JobInfo) -> str:
                return self._display(job, column)

            def tooltip(job: JobInfo) -> str | None:
                return display(job) or None

            def sort(job: JobInfo) -> Any:
                return self._sort_value(job, column)

            roles.setdefault("tooltip", tooltip)
            return ColumnSpec(header, display=display, sort=sort, **roles)

        def status_tooltip(job: JobInfo) -> str | None:
            if job.error is not None:
                return job.error.message
            return status_label(job.status) or None

        return [
            column(
                self.tr("Status"),
                JobColumn.STATUS,
                tooltip=status_tooltip,
                decoration=lambda job: status_icon(job.status),
                foreground=lambda job: status_color(job.status),
            ),
            column(self.tr("Job"), JobColumn.ID),
            column(self.tr("Base model"), JobColumn.BASE_MODEL),
            column(self.tr("Fine-tuned model"), JobColumn.FINE_TUNED_MODEL),
            column(self.tr("Suffix"), JobColumn.SUFFIX),
            column(self.tr("Created"), JobColumn.CREATED),
            column(self.tr("Finished"), JobColumn.FINISHED),
            column(
                self.tr("Trained tokens"),
                JobColumn.TRAINED_TOKENS,
                alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            ),
        ]

    # Content -------------------------------------------------------------------------------------

    @staticmethod
    def _display(job: JobInfo, column: JobColumn) -> str:
        if column == JobColumn.STATUS:
            return status_label(job.status)
        if column == JobColumn.ID:
            return job.id
        if column == JobColumn.BASE_MODEL:
            return job.model
        if column == JobColumn.FINE_TUNED_MODEL:
            return job.fine_tuned_model or ""
        if column == JobColumn.SUFFIX:
            return job.suffix or ""
        if column == JobColumn.CREATED:
            return format_timestamp(job.created_at)
        if column == JobColumn.FINISHED:
            return format_timestamp(job.finished_at)
        return format_count(job.trained_tokens)

    @staticmethod
    def _sort_value(job: JobInfo, column: JobColumn) -> Any:
        if column == JobColumn.CREATED:
            return job.created_at or 0
        if column == JobColumn.FINISHED:
            return job.finished_at or 0
        if column == JobColumn.TRAINED_TOKENS:
            return job.trained_tokens or 0
        if column == JobColumn.STATUS:
            order = {status: position for position, status in enumerate(jobs.ALL_STATUSES)}
            return order.get(job.status, len(order))
        return JobsTableModel._display(job, column).lower()

    def jobs(self) -> list[JobInfo]:
        return list(self._rows)

    def job(self, job_id: str) -> JobInfo | None:
        row = self._row_of.get(job_id)
        return None if row is None else self._rows[row]

    def row_of(self, job_id: str) -> int | None:
        return self._row_of.get(job_id)

    def set_jobs(self, listed: list[JobInfo]) -> None:
        """Show exactly ``listed``: changed rows update, vanished rows go, new rows are added."""
        wanted = {job.id: job for job in listed}
        # Remove vanished rows, from the bottom so row numbers stay valid.
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].id not in wanted:
                self.remove_item(row)
        self._reindex()
        for job in listed:
            self.update_job(job)

    def update_job(self, job: JobInfo) -> None:
        """Add or refresh one job (e.g. the opened job's latest state)."""
        row = self._row_of.get(job.id)
        if row is None:
            # New jobs go on top: the provider lists newest first.
            position = (
                0
                if not self._rows or (job.created_at or 0) >= (self._rows[0].created_at or 0)
                else len(self._rows)
            )
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.insert(position, job)
            self._reindex()
            self.endInsertRows()
            return
        if self._rows[row] != job:
            self.replace_item(row, job)

    def _reindex(self) -> None:
        self._row_of = {job.id: row for row, job in enumerate(self._rows)}


class StatusFilter(IntEnum):
    ALL = 0
    ACTIVE = 1
    SUCCEEDED = 2
    FAILED = 3
    CANCELLED = 4


class JobsFilterProxyModel(QSortFilterProxyModel):
    """Filters by a status group and a search text (job id, models, suffix)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status_filter = StatusFilter.ALL
        self._search = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def status_filter(self) -> StatusFilter:
        return self._status_filter

    def set_status_filter(self, status_filter: StatusFilter) -> None:
        self.beginFilterChange()
        self._status_filter = StatusFilter(status_filter)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search_text(self, text: str) -> None:
        self.beginFilterChange()
        self._search = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        job = model.data(model.index(source_row, 0, source_parent), JOB_ROLE)
        if not isinstance(job, JobInfo):
            return False
        if not self._status_accepts(job.status):
            return False
        if not self._search:
            return True
        haystack = " ".join(
            part.lower()
            for part in (job.id, job.model, job.fine_tuned_model or "", job.suffix or "", job.status)
        )
        return all(word in haystack for word in self._search.split())

    def _status_accepts(self, status: str) -> bool:
        if self._status_filter == StatusFilter.ALL:
            return True
        if self._status_filter == StatusFilter.ACTIVE:
            return status not in jobs.TERMINAL_STATUSES
        wanted = {
            StatusFilter.SUCCEEDED: jobs.SUCCEEDED,
            StatusFilter.FAILED: jobs.FAILED,
            StatusFilter.CANCELLED: jobs.CANCELLED,
        }[self._status_filter]
        return status == wanted

"""The jobs list as a table model, and the proxy that filters it by status and search text."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from desktop.providers import jobs
from desktop.providers.jobs import JobInfo
from desktop.ui.monitor.status import (
    format_count,
    format_timestamp,
    status_color,
    status_icon,
    status_label,
)

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


class JobsTableModel(QAbstractTableModel):
    """One row per job; updated in place so selection and scrolling survive each refresh."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[JobInfo] = []
        self._row_of: dict[str, int] = {}

    # Qt interface --------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(JobColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(JobColumn):
            return None
        return {
            JobColumn.STATUS: self.tr("Status"),
            JobColumn.ID: self.tr("Job"),
            JobColumn.BASE_MODEL: self.tr("Base model"),
            JobColumn.FINE_TUNED_MODEL: self.tr("Fine-tuned model"),
            JobColumn.SUFFIX: self.tr("Suffix"),
            JobColumn.CREATED: self.tr("Created"),
            JobColumn.FINISHED: self.tr("Finished"),
            JobColumn.TRAINED_TOKENS: self.tr("Trained tokens"),
        }[JobColumn(section)]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._jobs):
            return None
        job = self._jobs[index.row()]
        column = JobColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(job, column)
        if role == JOB_ROLE:
            return job
        if role == SORT_ROLE:
            return self._sort_value(job, column)
        if column == JobColumn.STATUS:
            if role == Qt.ItemDataRole.DecorationRole:
                return status_icon(job.status)
            if role == Qt.ItemDataRole.ForegroundRole:
                return status_color(job.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == JobColumn.STATUS and job.error is not None:
                return job.error.message
            text = self._display(job, column)
            return text or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == JobColumn.TRAINED_TOKENS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

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
        return list(self._jobs)

    def job(self, job_id: str) -> JobInfo | None:
        row = self._row_of.get(job_id)
        return None if row is None else self._jobs[row]

    def row_of(self, job_id: str) -> int | None:
        return self._row_of.get(job_id)

    def set_jobs(self, listed: list[JobInfo]) -> None:
        """Show exactly ``listed``: changed rows update, vanished rows go, new rows are added."""
        wanted = {job.id: job for job in listed}
        # Remove vanished rows, from the bottom so row numbers stay valid.
        for row in range(len(self._jobs) - 1, -1, -1):
            if self._jobs[row].id not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._jobs[row]
                self.endRemoveRows()
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
                if not self._jobs or (job.created_at or 0) >= (self._jobs[0].created_at or 0)
                else len(self._jobs)
            )
            self.beginInsertRows(QModelIndex(), position, position)
            self._jobs.insert(position, job)
            self._reindex()
            self.endInsertRows()
            return
        if self._jobs[row] != job:
            self._jobs[row] = job
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(JobColumn) - 1))

    def _reindex(self) -> None:
        self._row_of = {job.id: row for row, job in enumerate(self._jobs)}


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

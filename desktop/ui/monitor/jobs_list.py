"""The list of a profile's jobs with a status filter and a search box."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.providers.jobs import JobInfo
from desktop.ui.monitor.jobs_model import (
    JOB_ROLE,
    JobColumn,
    JobsFilterProxyModel,
    JobsTableModel,
    StatusFilter,
)


class JobsListWidget(QWidget):
    job_activated = Signal(str)  # job id (double click or Enter)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = JobsTableModel(self)
        self.proxy = JobsFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search jobs, models, suffixes…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_search_text)
        self.status_combo = QComboBox()
        for status_filter, label in (
            (StatusFilter.ALL, self.tr("All jobs")),
            (StatusFilter.ACTIVE, self.tr("Active")),
            (StatusFilter.SUCCEEDED, self.tr("Succeeded")),
            (StatusFilter.FAILED, self.tr("Failed")),
            (StatusFilter.CANCELLED, self.tr("Cancelled")),
        ):
            self.status_combo.addItem(label, int(status_filter))
        self.status_combo.currentIndexChanged.connect(
            lambda _: self.proxy.set_status_filter(StatusFilter(self.status_combo.currentData()))
        )
        self.updated_label = QLabel()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh_requested)
        bar.addWidget(self.search_edit, 2)
        bar.addWidget(self.status_combo)
        bar.addStretch(1)
        bar.addWidget(self.updated_label)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(JobColumn.CREATED, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (JobColumn.STATUS, 115),
            (JobColumn.ID, 235),
            (JobColumn.BASE_MODEL, 125),
            (JobColumn.FINE_TUNED_MODEL, 290),
            (JobColumn.SUFFIX, 105),
            (JobColumn.CREATED, 128),
            (JobColumn.FINISHED, 128),
        ):
            header.resizeSection(column, width)
        # Ids and model names differ at their ends: keep both ends visible.
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.activated.connect(self._activated)
        # Right-click actions on the selected job.
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.open_action = QAction(self.tr("Open"), self.view)
        self.open_action.triggered.connect(
            lambda: self._with_selected(lambda job: self.job_activated.emit(job.id))
        )
        self.copy_id_action = QAction(self.tr("Copy job ID"), self.view)
        self.copy_id_action.triggered.connect(lambda: self._with_selected(lambda job: self._copy(job.id)))
        self.copy_model_action = QAction(self.tr("Copy fine-tuned model name"), self.view)
        self.copy_model_action.triggered.connect(
            lambda: self._with_selected(lambda job: self._copy(job.fine_tuned_model or ""))
        )
        for action in (self.open_action, self.copy_id_action, self.copy_model_action):
            self.view.addAction(action)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.dataChanged.connect(self._update_actions)
        self._update_actions()
        refresh_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh_shortcut.activated.connect(self.refresh_requested)
        layout.addWidget(self.view, 1)

        self.empty_label = QLabel(self.tr("No fine-tuning jobs on this provider yet."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)
        layout.addWidget(self.empty_label)
        self._loaded = False
        self._update_empty()

    def set_jobs(self, listed: list[JobInfo]) -> None:
        self.model.set_jobs(listed)
        self._loaded = True
        self.updated_label.setText(
            self.tr("Updated %1").replace("%1", QDateTime.currentDateTime().toString("HH:mm:ss"))
        )
        self._update_empty()

    def clear(self) -> None:
        """Forget the shown jobs (another profile's are being loaded)."""
        self.model.set_jobs([])
        self._loaded = False
        self.updated_label.clear()
        self._update_empty()

    def update_job(self, job: JobInfo) -> None:
        self.model.update_job(job)
        self._update_empty()

    def _update_empty(self) -> None:
        if not self._loaded:
            self.empty_label.setText(self.tr("Loading jobs…"))
        else:
            self.empty_label.setText(self.tr("No fine-tuning jobs on this provider yet."))
        self.empty_label.setVisible(self.model.rowCount() == 0)

    def selected_job(self) -> JobInfo | None:
        rows = self.view.selectionModel().selectedRows()
        job = rows[0].data(JOB_ROLE) if rows else None
        return job if isinstance(job, JobInfo) else None

    def _update_actions(self) -> None:
        job = self.selected_job()
        self.open_action.setEnabled(job is not None)
        self.copy_id_action.setEnabled(job is not None)
        self.copy_model_action.setEnabled(job is not None and bool(job.fine_tuned_model))

    def _with_selected(self, act: Callable[[JobInfo], None]) -> None:
        job = self.selected_job()
        if job is not None:
            act(job)

    @staticmethod
    def _copy(text: str) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)

    def _activated(self, index: QModelIndex) -> None:
        job = index.data(JOB_ROLE)
        if isinstance(job, JobInfo):
            self.job_activated.emit(job.id)

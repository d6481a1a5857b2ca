"""One job's page: what it is, how it goes (chart, events, checkpoints), and what can be done with it."""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QStandardPaths, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.providers import jobs
from desktop.providers.engine_export import is_local_model
from desktop.providers.jobs import Checkpoint, JobEvent, JobInfo, JobService, MetricPoint, estimate_finish
from desktop.ui import theme
from desktop.ui.background import run_in_background
from desktop.ui.job_status import format_count, format_timestamp, status_color, status_icon, status_label
from desktop.ui.made_messages import translate_made_message
from desktop.ui.model_export_dialog import ModelExportDialog
from desktop.ui.monitor.chart import MetricsChart
from desktop.ui.monitor.checkpoints_model import CheckpointsTableModel

_LEVEL_MEANINGS = {"warn": "warning", "error": "error"}


class JobPage(QWidget):
    """The page of one job. The monitor feeds it what the poller reports."""

    back_requested = Signal()
    test_model_requested = Signal(str)  # the fine-tuned model's name
    job_changed = Signal(object)  # JobInfo, after cancel, pause or resume succeeded

    def __init__(self, service: JobService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.job: JobInfo | None = None
        self.job_id: str | None = None
        self.event_ids: list[str] = []
        self._event_id_set: set[str] = set()
        self._points: list[MetricPoint] = []
        self._build()
        self._update_controls()

    # Layout --------------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)

        header = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← All jobs"))
        self.back_button.clicked.connect(self.back_requested)
        self.title_label = QLabel()
        title_font = QFont(self.title_label.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_icon_label = QLabel()
        self.status_label = QLabel()
        status_font = QFont(self.status_label.font())
        status_font.setBold(True)
        self.status_label.setFont(status_font)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.cancel_button = QPushButton(self.tr("Cancel job"))
        self.download_button = QPushButton(self.tr("Download results…"))
        self.pause_button.clicked.connect(self.pause_job)
        self.resume_button.clicked.connect(self.resume_job)
        self.cancel_button.clicked.connect(self.cancel_job)
        self.download_button.clicked.connect(self.download_results)
        header.addWidget(self.back_button)
        header.addSpacing(8)
        header.addWidget(self.title_label)
        header.addSpacing(8)
        header.addWidget(self.status_icon_label)
        header.addWidget(self.status_label)
        header.addStretch(1)
        for button in (self.pause_button, self.resume_button, self.cancel_button, self.download_button):
            header.addWidget(button)
        outer.addLayout(header)

        model_row = QHBoxLayout()
        model_row.addWidget(QLabel(self.tr("Fine-tuned model:")))
        self.model_name_edit = QLineEdit()
        self.model_name_edit.setReadOnly(True)
        self.model_name_edit.setPlaceholderText(self.tr("Named when the job succeeds"))
        self.copy_button = QPushButton(self.tr("Copy name"))
        self.copy_button.clicked.connect(self.copy_model_name)
        self.test_button = QPushButton(self.tr("Test this model"))
        self.test_button.clicked.connect(self._request_test)
        model_row.addWidget(self.model_name_edit, 1)
        model_row.addWidget(self.copy_button)
        model_row.addWidget(self.test_button)
        self.export_model_button = QPushButton(self.tr("Export model…"))
        self.export_model_button.setToolTip(
            self.tr("Save the model as an adapter, merged weights or an Ollama folder, to use it elsewhere.")
        )
        self.export_model_button.clicked.connect(self.export_model)
        model_row.addWidget(self.export_model_button)
        outer.addLayout(model_row)

        progress_row = QHBoxLayout()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(True)
        self.estimate_label = QLabel()
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.estimate_label)
        outer.addLayout(progress_row)

        self.error_frame = QFrame()
        self.error_frame.setObjectName("jobErrorFrame")
        self.error_frame.setStyleSheet(
            "#jobErrorFrame { background: #fdecea; border: 1px solid #e57373; border-radius: 4px; }"
            "#jobErrorFrame QLabel { color: #8e1c1c; }"
        )
        error_layout = QVBoxLayout(self.error_frame)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error_layout.addWidget(self.error_label)
        self.error_frame.hide()
        outer.addWidget(self.error_frame)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        details = QWidget()
        self.details_form = QFormLayout(details)
        self.details_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._detail_labels: dict[str, QLabel] = {}
        for key, caption in self._detail_captions().items():
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self._detail_labels[key] = value
            self.details_form.addRow(caption, value)
        scroll = QScrollArea()
        scroll.setWidget(details)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(300)
        splitter.addWidget(scroll)

        right = QSplitter(Qt.Orientation.Vertical)
        self.chart = MetricsChart()
        right.addWidget(self.chart)
        self.tabs = QTabWidget()
        self.events_view = QPlainTextEdit()
        self.events_view.setReadOnly(True)
        self.events_view.setMaximumBlockCount(20_000)
        self.events_view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.events_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checkpoints_model = CheckpointsTableModel(self)
        self.checkpoints_view = QTableView()
        self.checkpoints_view.setModel(self.checkpoints_model)
        self.checkpoints_view.verticalHeader().hide()
        self.checkpoints_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.checkpoints_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.tabs.addTab(self.events_view, self.tr("Events"))
        self.tabs.addTab(self.checkpoints_view, self.tr("Checkpoints"))
        right.addWidget(self.tabs)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([370, 910])
        outer.addWidget(splitter, 1)

        self.message_label = QLabel()
        self.message_label.setObjectName("jobPageMessage")
        outer.addWidget(self.message_label)

    def _detail_captions(self) -> dict[str, str]:
        return {
            "model": self.tr("Base model"),
            "method": self.tr("Method"),
            "n_epochs": self.tr("Epochs"),
            "batch_size": self.tr("Batch size"),
            "learning_rate_multiplier": self.tr("Learning rate multiplier"),
            "beta": self.tr("DPO beta"),
            "seed": self.tr("Seed"),
            "suffix": self.tr("Suffix"),
            "training_file": self.tr("Training file"),
            "validation_file": self.tr("Validation file"),
            "created": self.tr("Created"),
            "finished": self.tr("Finished"),
            "trained_tokens": self.tr("Trained tokens"),
            "result_files": self.tr("Result files"),
            "metadata": self.tr("Metadata"),
        }

    # Content -------------------------------------------------------------------------------------

    def show_job(self, job_id: str) -> None:
        """Start showing another job: everything of the previous one is cleared."""
        if job_id == self.job_id:
            return
        self.job_id = job_id
        self.job = None
        self.event_ids = []
        self._event_id_set = set()
        self._points = []
        self.chart.clear()
        self.events_view.clear()
        self.checkpoints_model.set_checkpoints([])
        self.title_label.setText(job_id)
        self.message_label.clear()
        self._update_tabs()
        self._update_controls()

    def set_job(self, job: JobInfo) -> None:
        if job.id != self.job_id:
            self.show_job(job.id)
        self.job = job
        self.title_label.setText(job.id)
        self.status_label.setText(status_label(job.status))
        self.status_label.setStyleSheet(f"color: {status_color(job.status).name()};")
        self.status_icon_label.setPixmap(status_icon(job.status).pixmap(16, 16))
        self.model_name_edit.setText(job.fine_tuned_model or "")
        method_names = {
            "supervised": self.tr("Supervised (SFT)"),
            "dpo": self.tr("Direct preference optimisation (DPO)"),
            "reinforcement": self.tr("Reinforcement (RFT)"),
        }
        values = {
            "model": job.model,
            "method": method_names.get(job.method_type, job.method_type),
            "seed": "" if job.seed is None else str(job.seed),
            "suffix": job.suffix or "",
            "training_file": job.training_file or "",
            "validation_file": job.validation_file or self.tr("none"),
            "created": format_timestamp(job.created_at),
            "finished": format_timestamp(job.finished_at),
            "trained_tokens": format_count(job.trained_tokens),
            "result_files": ", ".join(job.result_files),
            "metadata": "\n".join(f"{key} = {value}" for key, value in sorted(job.metadata.items())),
        }
        for name in ("n_epochs", "batch_size", "learning_rate_multiplier", "beta"):
            values[name] = self._hyperparameter_text(job.hyperparameters.get(name))
        for key, label in self._detail_labels.items():
            text = values.get(key, "")
            label.setText(text or "—")
            label.setToolTip(text)
            # Hide rows that say nothing (e.g. DPO beta of a supervised job).
            self.details_form.setRowVisible(label, bool(text) or key in ("finished", "trained_tokens"))
        if job.error is not None and job.status == jobs.FAILED:
            code = f" ({job.error.code})" if job.error.code else ""
            self.error_label.setText(
                self.tr("The job failed%1: %2")
                .replace("%1", code)
                .replace("%2", translate_made_message(job.error.message))
            )
            self.error_frame.show()
        else:
            self.error_frame.hide()
        self._update_progress()
        self._update_controls()

    def detail(self, key: str) -> str:
        """The text shown for one detail ("n_epochs", "method", "metadata", …)."""
        return self._detail_labels[key].text()

    def _hyperparameter_text(self, value: Any) -> str:
        if value is None:
            return ""
        if value == "auto":
            return self.tr("auto")
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    def add_events(self, events: list[JobEvent]) -> None:
        for event in events:
            if event.id in self._event_id_set:
                continue  # a late answer for a job shown before: never list an event twice
            self._event_id_set.add(event.id)
            self.event_ids.append(event.id)
            moment = QDateTime.fromSecsSinceEpoch(event.created_at).toString("yyyy-MM-dd HH:mm:ss")
            # Info events take the palette's text colour, readable on light and dark themes.
            meaning = _LEVEL_MEANINGS.get(event.level)
            colour = theme.colour(meaning) if meaning else self.palette().text().color().name()
            self.events_view.appendHtml(
                f'<span style="color:{theme.colour("muted")}">{html.escape(moment)}</span>&nbsp;&nbsp;'
                f'<span style="color:{colour}">{html.escape(translate_made_message(event.message))}</span>'
            )
        self._update_tabs()

    def add_metrics(self, points: list[MetricPoint]) -> None:
        self._points.extend(self.chart.add_points(points))
        self._update_progress()

    def set_checkpoints(self, checkpoints: list[Checkpoint]) -> None:
        self.checkpoints_model.set_checkpoints(checkpoints)
        self._update_tabs()

    def _update_tabs(self) -> None:
        self.tabs.setTabText(0, self.tr("Events (%1)").replace("%1", str(len(self.event_ids))))
        self.tabs.setTabText(
            1, self.tr("Checkpoints (%1)").replace("%1", str(self.checkpoints_model.rowCount()))
        )

    def _update_progress(self) -> None:
        last = self._points[-1] if self._points else None
        job = self.job
        if last is not None and last.total_steps:
            self.progress_bar.setRange(0, last.total_steps)
            done = last.total_steps if job is not None and job.status == jobs.SUCCEEDED else last.step
            self.progress_bar.setValue(min(done, last.total_steps))
            self.progress_bar.setFormat(self.tr("Step %v of %m"))
        elif job is not None and job.status == jobs.SUCCEEDED:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(1)
            self.progress_bar.setFormat(self.tr("Done"))
        else:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
            self.progress_bar.setFormat(self.tr("Waiting for the first step"))
        finish = estimate_finish(job, self._points) if job is not None else None
        if finish is None:
            self.estimate_label.clear()
            return
        minutes = max(0, round((finish - time.time()) / 60))
        at = format_timestamp(finish)
        if minutes < 1:
            self.estimate_label.setText(self.tr("Estimated finish: under a minute (%1)").replace("%1", at))
        else:
            self.estimate_label.setText(
                self.tr("Estimated finish: in about %1 min (%2)")
                .replace("%1", str(minutes))
                .replace("%2", at)
            )

    def _update_controls(self) -> None:
        job = self.job
        self.pause_button.setEnabled(job is not None and job.can_pause)
        self.resume_button.setEnabled(job is not None and job.can_resume)
        self.cancel_button.setEnabled(job is not None and job.can_cancel)
        self.download_button.setEnabled(job is not None and bool(job.result_files))
        has_model = job is not None and bool(job.fine_tuned_model)
        self.copy_button.setEnabled(has_model)
        self.test_button.setEnabled(has_model and job is not None and job.status == jobs.SUCCEEDED)
        # Only the local engine hands out weights; a hosted provider's model stays with it.
        local = job is not None and is_local_model(job.fine_tuned_model or "")
        self.export_model_button.setVisible(local)
        self.export_model_button.setEnabled(local and job is not None and job.status == jobs.SUCCEEDED)

    # Actions -------------------------------------------------------------------------------------

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def cancel_job(self) -> None:
        if self.job_id is None or not self._confirm(
            self.tr("Cancel the job?"),
            self.tr("Cancel fine-tuning job %1? Training stops and cannot be continued.").replace(
                "%1", self.job_id
            ),
        ):
            return
        self._run_action(self.tr("Cancelling job %1").replace("%1", self.job_id), self.service.cancel)

    def pause_job(self) -> None:
        if self.job_id is None or not self._confirm(
            self.tr("Pause the job?"),
            self.tr("Pause fine-tuning job %1? It stops at the next step and can be resumed later.").replace(
                "%1", self.job_id
            ),
        ):
            return
        self._run_action(self.tr("Pausing job %1").replace("%1", self.job_id), self.service.pause)

    def resume_job(self) -> None:
        if self.job_id is None or not self._confirm(
            self.tr("Resume the job?"),
            self.tr("Resume fine-tuning job %1 from its last checkpoint?").replace("%1", self.job_id),
        ):
            return
        self._run_action(self.tr("Resuming job %1").replace("%1", self.job_id), self.service.resume)

    def _run_action(self, where: str, action: Any) -> None:
        for button in (self.pause_button, self.resume_button, self.cancel_button):
            button.setEnabled(False)
        self.message_label.setText(where + "…")
        run_in_background(
            where,
            action,
            self.job_id,
            owner=self,
            on_success=self._action_done,
            on_finished=self._action_finished,
        )

    def _action_finished(self) -> None:
        # Success or not (errors went to the error hub), the "Pausing…" line is over.
        self.message_label.clear()
        self._update_controls()

    def _action_done(self, job: JobInfo) -> None:
        if job.id == self.job_id:
            self.set_job(job)
        self.job_changed.emit(job)

    def copy_model_name(self) -> None:
        if self.job is not None and self.job.fine_tuned_model:
            QGuiApplication.clipboard().setText(self.job.fine_tuned_model)
            self.message_label.setText(self.tr("Copied %1").replace("%1", self.job.fine_tuned_model))

    def _request_test(self) -> None:
        if self.job is not None and self.job.fine_tuned_model:
            self.test_model_requested.emit(self.job.fine_tuned_model)

    def export_model(self) -> ModelExportDialog | None:
        if self.job is None or not self.job.fine_tuned_model:
            return None
        client = self.service.client
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = ModelExportDialog(
            lambda: client, self.job.fine_tuned_model, Path(start or Path.home()), self
        )
        dialog.setModal(True)
        dialog.show()
        dialog.load_sizes()
        return dialog

    def download_results(self) -> None:
        if self.job is None or not self.job.result_files:
            return
        file_ids = list(self.job.result_files)
        service = self.service

        def names() -> list[tuple[str, str]]:
            return [(file_id, service.file_name(file_id)) for file_id in file_ids]

        run_in_background(
            self.tr("Reading the result files of job %1").replace("%1", self.job.id),
            names,
            owner=self,
            on_success=self._choose_download_target,
        )

    def _choose_download_target(self, files: list[tuple[str, str]]) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        targets: list[tuple[str, Path]] = []
        if len(files) == 1:
            file_id, name = files[0]
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the result file"),
                str(Path(folder) / Path(name).name),
                self.tr("CSV files (*.csv);;All files (*)"),
            )
            if chosen:
                targets.append((file_id, Path(chosen)))
        else:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Save the result files in"), folder)
            if chosen:
                targets.extend((file_id, Path(chosen) / Path(name).name) for file_id, name in files)
        if not targets:
            return
        service = self.service

        def download() -> list[Path]:
            return [service.download_file(file_id, path) for file_id, path in targets]

        run_in_background(
            self.tr("Downloading the result files"),
            download,
            owner=self,
            on_success=self._downloaded,
        )

    def _downloaded(self, paths: list[Path]) -> None:
        self.message_label.setText(self.tr("Saved %1").replace("%1", ", ".join(str(path) for path in paths)))

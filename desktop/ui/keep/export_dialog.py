"""Export everything of a profile into a folder: progress, cancel, and the final report."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.providers.events.export import ExportProgress
from desktop.providers.keep.export import EntryState, ExportReport
from desktop.providers.keep.workflows import export_everything
from desktop.providers.profiles import Profile
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.keep.services import KeepServices


class ExportDialog(QDialog):
    """Runs one export (started with :meth:`start`) and shows what it saved and what it could not."""

    finished_export = Signal(object)  # ExportReport

    def __init__(
        self, services: KeepServices, profile: Profile, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.profile = profile
        self.folder = Path(folder)
        self.report: ExportReport | None = None
        self._task: TaskHandle | None = None
        self.setWindowTitle(self.tr("Export everything"))
        self.resize(640, 420)

        self.heading = QLabel(
            self.tr("Saving every job, its events, checkpoints and files of “%1” into %2.")
            .replace("%1", profile.name)
            .replace("%2", str(self.folder))
        )
        self.heading.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.current = QLabel(self.tr("Starting…"))
        self.current.setWordWrap(True)
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        self.report_view.setPlaceholderText(self.tr("The report appears here when the export ends."))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(
            self.tr(
                "Stop after the current item. Export again into the same folder to finish: "
                "nothing saved is lost."
            )
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)
        self.cancel_button.clicked.connect(self.cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.progress)
        layout.addWidget(self.current)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(self.buttons)

    @property
    def busy(self) -> bool:
        return self._task is not None and self._task.is_running

    def start(self) -> TaskHandle:
        self._task = run_in_background(
            self.tr("Exporting “%1”").replace("%1", self.profile.name),
            functools.partial(export_everything, self.services.make_client, self.profile, self.folder),
            owner=self,
            on_success=self._finished,
            on_error=self._failed,
            on_progress=self._progressed,
            on_finished=self._ended,
        )
        return self._task

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.current.setText(self.tr("Stopping after the current item…"))

    def _progressed(self, update: ExportProgress) -> None:
        self.progress.setRange(0, max(1, update.total))
        self.progress.setValue(update.done)
        text = update.label
        if update.bytes_done:
            text += f" ({update.bytes_done / 1024:,.0f} KiB)"
        self.current.setText(text)

    def _finished(self, report: ExportReport) -> None:
        self.report = report
        self.report_view.setPlainText(report.text())
        if report.cancelled:
            self.current.setText(self.tr("Stopped. Export again into the same folder to finish."))
        elif report.not_saved and all(entry.state is EntryState.UNAVAILABLE for entry in report.not_saved):
            self.current.setText(
                self.tr(
                    "Finished: the jobs, events and files were saved. The models' weights stay with the "
                    "provider, which does not hand them out (see the report)."
                )
            )
        elif report.not_saved:
            self.current.setText(
                self.tr(
                    "Finished; %n item(s) could not be saved (see the report).", "", len(report.not_saved)
                )
            )
        else:
            self.current.setText(self.tr("Finished: everything was saved."))
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if report.complete else 0)
        self.finished_export.emit(report)

    def _failed(self, error: BaseException) -> None:
        self.current.setText(self.tr("The export stopped: %1").replace("%1", error_hub().redact(str(error))))
        error_hub().report(self.tr("Exporting “%1”").replace("%1", self.profile.name), error)

    def _ended(self) -> None:
        self.cancel_button.setEnabled(False)
        self.close_button.setEnabled(True)

    def reject(self) -> None:
        if self.busy:
            self.cancel()
            return
        super().reject()

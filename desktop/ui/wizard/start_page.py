"""Page 5: upload the files (with progress and cancel), then create the job on the provider."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.core.cancel import CancelToken
from desktop.providers.events.jobs import CreatingJob
from desktop.providers.events.uploads import UploadProgress
from desktop.providers.finetune import create_job, is_cancellation, upload_file
from desktop.providers.job_request import build_job_request, request_json, upload_files
from desktop.ui import theme
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.wizard.data_page import snapshot
from desktop.ui.wizard.state import WizardState


@dataclass(frozen=True)
class StartedJob:
    job_id: str
    request: dict[str, Any]  # Any: the job request as JSON, sent as it is and shown to the user


class StartPage(QWizardPage):
    job_started = Signal(str, str)  # job id, profile id
    open_in_monitor_requested = Signal(str, str)  # job id, profile id

    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.setTitle(self.tr("Start training"))
        self.setSubTitle(self.tr("The files are uploaded first; the job is created once they have arrived."))
        self.start_button = QPushButton(self.tr("Upload and start training"))
        self.cancel_button = QPushButton(self.tr("Cancel upload"))
        self.cancel_button.setEnabled(False)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.request_title = QLabel(self.tr("Request sent (the key is not shown):"))
        self.request_title.hide()
        self.request_view = QPlainTextEdit()
        self.request_view.setReadOnly(True)
        self.request_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.request_view.hide()
        self.open_monitor_button = QPushButton(self.tr("Open the job in the monitor"))
        self.open_monitor_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.message_label)
        layout.addWidget(self.request_title)
        layout.addWidget(self.request_view, 1)
        layout.addWidget(self.open_monitor_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(0)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_monitor_button.clicked.connect(self._open_in_monitor)
        self._task: TaskHandle | None = None
        self._waiting_for_check = False  # "start" was pressed during a data check: start after it
        self.job_id: str | None = None

    # --- QWizardPage ---------------------------------------------------------------------------------

    def initializePage(self) -> None:
        if self.job_id is None:
            self.progress_label.setText(self.tr("Ready to upload."))
            self.message_label.clear()

    def isComplete(self) -> bool:
        return self.job_id is not None

    def validatePage(self) -> bool:
        return self.job_id is not None

    # --- Actions ---------------------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        # Cleared on the UI thread once every callback has run; waiting for a data check counts.
        return self._task is not None or self._waiting_for_check

    def start(self) -> None:
        state = self._state
        if self.is_running or self.job_id is not None or state.model is None or state.profile is None:
            return
        if state.data_blocker is not None:
            if state.data_checking:
                # A check in progress (a model's token counts) is seconds away from done: start then.
                self._start_when_checked()
                return
            self.message_label.setStyleSheet(theme.css("error"))
            self.message_label.setText(state.data_blocker)
            return
        data = snapshot(state.data.dataset)
        use_validation = state.settings.use_validation
        make_client = state.services.make_client
        profile = state.profile
        ledger = state.upload_ledger
        model_id = state.model.model_id
        settings = state.settings

        def work(cancel: CancelToken, progress: Callable[[UploadProgress | CreatingJob], None]) -> StartedJob:
            files = upload_files(data, use_validation)
            client = make_client(profile)
            file_ids: list[str] = []
            for index, upload in enumerate(files):

                def report(event: UploadProgress, index: int = index) -> None:
                    progress(replace(event, file_index=index, file_count=len(files)))

                file_ids.append(upload_file(client, upload, profile, ledger, report, cancel))
            cancel.raise_if_cancelled()
            request = build_job_request(
                model_id, settings, file_ids[0], file_ids[1] if len(file_ids) > 1 else None
            )
            progress(CreatingJob())
            return StartedJob(create_job(client, request), request)

        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.message_label.clear()
        self.message_label.setStyleSheet("")
        self.progress_bar.setValue(0)
        self.progress_label.setText(self.tr("Uploading…"))
        self._set_back_enabled(False)
        self._task = run_in_background(
            self.tr("Starting the fine-tuning job"),
            work,
            owner=self,
            on_success=self._succeeded,
            on_error=self._failed,
            on_progress=self._progressed,
            on_finished=self._finished,
        )

    def _start_when_checked(self) -> None:
        if self._waiting_for_check:
            return
        self._waiting_for_check = True
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.message_label.setStyleSheet("")
        self.message_label.setText(
            self.tr("The data is being checked; the upload starts as soon as the check is done…")
        )
        self._state.readiness_changed.connect(self._check_done)

    def _check_done(self) -> None:
        if self._state.data_checking:
            return
        self._stop_waiting()
        self.start()

    def _stop_waiting(self) -> None:
        if self._waiting_for_check:
            self._waiting_for_check = False
            self._state.readiness_changed.disconnect(self._check_done)
            self.start_button.setEnabled(True)
            self.cancel_button.setEnabled(False)

    def cancel(self) -> None:
        if self._waiting_for_check:
            self._stop_waiting()
            self.message_label.clear()
            return
        if self._task is not None:
            self._task.cancel()
            self.progress_label.setText(self.tr("Cancelling…"))

    # --- Callbacks (UI thread) -----------------------------------------------------------------------

    def _progressed(self, event: object) -> None:
        match event:
            case CreatingJob():
                self.progress_bar.setValue(1000)
                self.progress_label.setText(self.tr("Files uploaded; creating the job…"))
                self.cancel_button.setEnabled(False)
            case UploadProgress(name=name, file_index=index, file_count=count) as upload:
                self.progress_bar.setValue(int(1000 * upload.fraction))
                self.progress_label.setText(
                    self.tr("Uploading %1 (%2 of %3)…")
                    .replace("%1", name)
                    .replace("%2", str(index + 1))
                    .replace("%3", str(count))
                )

    def _succeeded(self, started: StartedJob) -> None:
        self.job_id = started.job_id
        profile_id = self._state.profile.id if self._state.profile is not None else ""
        self.progress_label.setText(self.tr("Training job created."))
        self.message_label.setStyleSheet(theme.css("success"))
        self.message_label.setText(
            self.tr("Job %1 was created. Follow it in the job monitor; you can close this wizard.").replace(
                "%1", started.job_id
            )
        )
        self.request_view.setPlainText(request_json(started.request))
        self.request_title.show()
        self.request_view.show()
        self.open_monitor_button.show()
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()
        self._set_back_enabled(False)  # after completeChanged, which lets QWizard reset the buttons
        self.job_started.emit(started.job_id, profile_id)

    def _failed(self, error: BaseException) -> None:
        if is_cancellation(error):
            self.message_label.clear()
            return
        message = getattr(error, "user_message", None) or str(error) or type(error).__name__
        message = error_hub().redact(str(message))
        self.message_label.setStyleSheet(theme.css("error"))
        self.message_label.setText(
            "<b>" + self.tr("The job could not be started.") + "</b><br>" + html.escape(message)
        )
        self.progress_label.setText(self.tr("Stopped."))

    def _finished(self) -> None:
        self._task = None
        self.cancel_button.setEnabled(False)
        if self.job_id is None:
            self.start_button.setEnabled(True)
            self._set_back_enabled(True)
            if not self.message_label.text():
                self.progress_label.setText(self.tr("Upload cancelled; nothing was started."))
                self.progress_bar.setValue(0)

    def _set_back_enabled(self, enabled: bool) -> None:
        # No going back while files are on their way (or once the job exists).
        wizard = self.wizard()
        if wizard is not None:
            # The option survives QWizard's own button updates; setEnabled alone does not.
            wizard.setOption(QWizard.WizardOption.DisabledBackButtonOnLastPage, not enabled)
            wizard.button(QWizard.WizardButton.BackButton).setEnabled(enabled)

    def _open_in_monitor(self) -> None:
        if self.job_id is not None:
            profile = self._state.profile
            self.open_in_monitor_requested.emit(self.job_id, profile.id if profile is not None else "")

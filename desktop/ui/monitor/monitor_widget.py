"""The job monitor page: the jobs list, a job's page, the offline banner, notifications."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop.providers.errors import ErrorKind, ProviderError
from desktop.providers.jobs import (
    Checkpoint,
    JobEvent,
    JobInfo,
    JobRegistry,
    JobService,
    MetricPoint,
    PollPolicy,
    is_terminal,
)
from desktop.ui.background import error_hub
from desktop.ui.monitor.job_page import JobPage
from desktop.ui.monitor.jobs_list import JobsListWidget
from desktop.ui.monitor.notifier import JobNotifier
from desktop.ui.monitor.poller import PollerThread

log = logging.getLogger(__name__)


class OfflineBanner(QFrame):
    """Shown after repeated connection errors; Retry asks again at once."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineBanner")
        self.setStyleSheet(
            "#offlineBanner { background: #fff4e5; border: 1px solid #f0b46b; border-radius: 4px; }"
            "#offlineBanner QLabel { color: #6b3d00; }"
        )
        layout = QHBoxLayout(self)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Retry now"))
        self.retry_button.clicked.connect(self.retry_requested)
        layout.addWidget(self.message_label, 1)
        layout.addWidget(self.retry_button)

    def show_error(self, error: ProviderError, failures: int) -> None:
        self.message_label.setText(
            self.tr("Offline: the provider could not be reached (%1 tries). %2 The monitor keeps trying.")
            .replace("%1", str(failures))
            .replace("%2", error_hub().redact(error.user_message))
        )
        self.retry_button.setEnabled(True)
        self.show()


class JobMonitorWidget(QWidget):
    """Watches the fine-tuning jobs of one provider profile.

    ``service`` talks to the provider; ``registry`` (optional) remembers jobs started from the app
    so they are followed again after a restart; ``profile_key`` names the profile in it.
    Call :meth:`shutdown` before the widget goes away (it is also called when the app quits).
    """

    test_model_requested = Signal(str)  # a fine-tuned model's name, for the test tab
    job_opened = Signal(str)
    job_ended = Signal(object)  # JobInfo of a followed job that finished, failed or was cancelled

    def __init__(
        self,
        service: JobService,
        *,
        profile_key: str,
        registry: JobRegistry | None = None,
        policy: PollPolicy | None = None,
        notifier: JobNotifier | None = None,
        offline_after: int = 3,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.profile_key = profile_key
        self.registry = registry
        self.policy = policy or PollPolicy()
        self.notifier = notifier or JobNotifier(self)
        self.offline_after = offline_after
        self._last_status: dict[str, str] = {}
        self._notified: set[str] = set()
        self._followed: set[str] = set()
        self._reported_failure: ErrorKind | None = None
        self.consecutive_failures = 0  # polls that failed in a row (as last reported)
        self._page: JobPage | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = OfflineBanner()
        self.banner.hide()
        layout.addWidget(self.banner)
        self.stack = QStackedWidget()
        self.jobs_list = JobsListWidget()
        self.stack.addWidget(self.jobs_list)
        layout.addWidget(self.stack, 1)

        self.poller = PollerThread(service, self.policy, self)
        worker = self.poller.poller
        worker.jobs_listed.connect(self._on_jobs_listed)
        worker.job_updated.connect(self._on_job_updated)
        worker.events_arrived.connect(self._on_events)
        worker.metrics_arrived.connect(self._on_metrics)
        worker.checkpoints_listed.connect(self._on_checkpoints)
        worker.poll_failed.connect(self._on_poll_failed)
        worker.poll_recovered.connect(self._on_poll_recovered)
        self.jobs_list.job_activated.connect(self.open_job)
        self.jobs_list.refresh_requested.connect(self.refresh)
        self.banner.retry_requested.connect(self._retry)
        self.notifier.job_clicked.connect(self.open_job)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._reattach()
        self.poller.start()

    # Public API ----------------------------------------------------------------------------------

    @property
    def page(self) -> JobPage | None:
        """The job page (made when a job is first opened, so pyqtgraph loads only then)."""
        return self._page

    def follow_job(self, job_id: str, *, open_page: bool = True) -> None:
        """Remember a job started from the app and watch it; by default show its page."""
        if self.registry is not None:
            self.registry.remember(self.profile_key, job_id)
        self._followed.add(job_id)
        self.poller.follow([job_id])
        if open_page:
            self.open_job(job_id)

    def open_job(self, job_id: str) -> None:
        page = self._ensure_page()
        page.show_job(job_id)
        known = self.jobs_list.model.job(job_id)
        if known is not None:
            page.set_job(known)
        self.stack.setCurrentWidget(page)
        self.poller.open_job(job_id)
        self.job_opened.emit(job_id)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.jobs_list)
        self.poller.open_job(None)
        if self._page is not None:
            self._page.show_job("")

    def refresh(self) -> None:
        self.poller.refresh_now()

    def set_service(self, service: JobService, profile_key: str) -> None:
        """Watch another profile's jobs."""
        self.service = service
        self.profile_key = profile_key
        self._last_status.clear()
        self._followed.clear()
        self.jobs_list.clear()
        self.show_list()
        if self._page is not None:
            self._page.service = service
        self.banner.hide()
        self.poller.set_service(service)
        self._reattach()

    def shutdown(self) -> None:
        self.poller.shutdown()

    @property
    def followed_jobs(self) -> set[str]:
        return set(self._followed)

    # Internals -----------------------------------------------------------------------------------

    def _reattach(self) -> None:
        if self.registry is None:
            return
        remembered = self.registry.job_ids(self.profile_key)
        self._followed.update(remembered)
        if remembered:
            self.poller.follow(remembered)

    def _ensure_page(self) -> JobPage:
        if self._page is None:
            self._page = JobPage(self.service)
            self._page.back_requested.connect(self.show_list)
            self._page.test_model_requested.connect(self.test_model_requested)
            self._page.job_changed.connect(self._on_job_changed)
            self.stack.addWidget(self._page)
        return self._page

    def _showing(self, job_id: str) -> JobPage | None:
        page = self._page
        if page is not None and page.job_id == job_id and self.stack.currentWidget() is page:
            return page
        return None

    def _on_jobs_listed(self, listed: list[JobInfo]) -> None:
        self.jobs_list.set_jobs(listed)
        for job in listed:
            self._note_status(job)
        if self._page is not None and self._page.job_id:
            for job in listed:
                if job.id == self._page.job_id and self._page.job is None:
                    self._page.set_job(job)

    def _on_job_updated(self, job: JobInfo) -> None:
        self.jobs_list.update_job(job)
        page = self._showing(job.id)
        if page is not None:
            page.set_job(job)
        self._note_status(job)

    def _on_job_changed(self, job: JobInfo) -> None:
        self.jobs_list.update_job(job)
        self._note_status(job)
        self.poller.refresh_now()

    def _on_events(self, job_id: str, events: list[JobEvent]) -> None:
        page = self._showing(job_id)
        if page is not None:
            page.add_events(events)

    def _on_metrics(self, job_id: str, points: list[MetricPoint]) -> None:
        page = self._showing(job_id)
        if page is not None:
            page.add_metrics(points)

    def _on_checkpoints(self, job_id: str, checkpoints: list[Checkpoint]) -> None:
        page = self._showing(job_id)
        if page is not None:
            page.set_checkpoints(checkpoints)

    def _note_status(self, job: JobInfo) -> None:
        """Notify when a job we watch ends (once, even across restarts for remembered jobs)."""
        previous_here = self._last_status.get(job.id)
        if previous_here == job.status:
            return
        self._last_status[job.id] = job.status
        if job.id in self._followed and self.registry is not None:
            previous = self.registry.record_status(self.profile_key, job.id, job.status)
            ended = job.is_terminal and not is_terminal(previous)
        else:
            # Jobs not started from the app: notify only for an end seen happening in this session.
            ended = job.is_terminal and previous_here is not None and not is_terminal(previous_here)
        if ended and job.id not in self._notified:
            self._notified.add(job.id)
            self.notifier.notify_job_ended(job)
            self.job_ended.emit(job)

    def _on_poll_failed(self, error: ProviderError, failures: int) -> None:
        if error.kind == ErrorKind.CANCELLED:
            return
        self.consecutive_failures = failures
        if error.is_offline:
            if failures >= self.offline_after:
                self.banner.show_error(error, failures)
            return
        # Other errors (bad key, unknown job…) go to the one error path, once per streak.
        if error.kind != self._reported_failure:
            self._reported_failure = error.kind
            error_hub().report(self.tr("Checking fine-tuning jobs"), error)

    def _on_poll_recovered(self) -> None:
        self.consecutive_failures = 0
        self._reported_failure = None
        self.banner.hide()

    def _retry(self) -> None:
        self.banner.retry_button.setEnabled(False)
        self.banner.message_label.setText(self.tr("Trying to reach the provider…"))
        self.poller.refresh_now()

"""The poller: a QObject on its own QThread that asks the provider about jobs on a timer.

Every HTTP call happens on that thread, so the UI never waits for the network. The UI talks to it
only through :class:`PollerThread`, whose methods emit queued signals to the worker's slots, and
listens to the worker's signals (delivered on the UI thread, in order).
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from desktop.core.cancel import CancelToken
from desktop.providers.errors import ProviderError, translate_error
from desktop.providers.jobs import EventFeed, JobInfo, JobService, PollPolicy, is_terminal, metric_points

log = logging.getLogger(__name__)

FINAL_SWEEPS = 2  # extra reads of a job's events once it has ended
FINAL_SWEEP_INTERVAL = 1.0  # seconds between them


class JobPoller(QObject):
    """Polls the jobs list, the opened job (status, new events, checkpoints) and followed jobs.

    Runs on a worker thread; never call its slots directly from the UI thread.
    """

    jobs_listed = Signal(object)  # list[JobInfo]
    job_updated = Signal(object)  # JobInfo: the opened job or a followed one
    events_arrived = Signal(str, object)  # job id, list[JobEvent] (new ones only, oldest first)
    metrics_arrived = Signal(str, object)  # job id, list[MetricPoint] (each exactly once)
    checkpoints_listed = Signal(str, object)  # job id, list[Checkpoint] (when they change)
    poll_failed = Signal(object, int)  # ProviderError, failures in a row
    poll_recovered = Signal()  # the first success after failures

    def __init__(self, service: JobService, policy: PollPolicy) -> None:
        super().__init__()
        self._stop = CancelToken()  # set when the poller shuts down, so a retry wait ends at once
        self._service = service.with_attempts(1, cancel=self._stop)  # the poll loop is the retry
        self._policy = policy
        self._timer = QTimer(self)  # a child, so it moves to the worker thread with the poller
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._list_enabled = True
        self._list_due: float | None = 0.0
        self._detail_job: str | None = None
        self._detail_due: float | None = None
        self._detail_status: str | None = None
        self._feed: EventFeed | None = None
        self._checkpoint_ids: tuple[str, ...] | None = None
        self._final_sweeps = 0
        self._followed: dict[str, str | None] = {}  # job id -> last status seen
        self._task_failures = {"detail": 0, "list": 0}  # polls that failed in a row, per task
        self._running = False

    @property
    def polls_open_job(self) -> bool:
        """Whether the opened job is still asked about (no longer once it has finished)."""
        return self._detail_due is not None

    # Slots (run on the worker thread) ------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        self._running = True
        self._schedule(0.0)

    @Slot()
    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    def request_stop(self) -> None:
        """Thread-safe: make a wait inside a call return at once."""
        self._stop.cancel()

    @Slot(object)
    def set_service(self, service: JobService) -> None:
        self._service = service.with_attempts(1, cancel=self._stop)
        self._feed = None
        self._checkpoint_ids = None
        self._detail_job = None
        self._detail_due = None
        self._followed.clear()
        self._task_failures = {"detail": 0, "list": 0}
        self._list_due = 0.0
        self._schedule(0.0)

    @Slot(bool)
    def set_list_enabled(self, enabled: bool) -> None:
        self._list_enabled = enabled
        self._list_due = 0.0 if enabled else None
        self._schedule(0.0)

    @Slot(object)
    def open_job(self, job_id: str | None) -> None:
        """Follow one job closely (events, metrics, checkpoints); None stops."""
        if job_id == self._detail_job:
            return
        self._detail_job = job_id
        self._detail_status = None
        self._on_success("detail")  # the previous job's failures no longer count
        self._feed = self._service.event_feed(job_id) if job_id else None
        self._checkpoint_ids = None
        self._final_sweeps = 0
        self._detail_due = 0.0 if job_id else None
        self._schedule(0.0)

    @Slot(object)
    def follow(self, job_ids: list[str]) -> None:
        """Watch these jobs' statuses (jobs started from the app) even when no page shows them."""
        for job_id in job_ids:
            self._followed.setdefault(job_id, None)
        self._list_due = 0.0  # the list poll also checks followed jobs
        self._schedule(0.0)

    @Slot()
    def refresh_now(self) -> None:
        self._list_due = 0.0 if self._list_enabled or self._followed else None
        if self._detail_job:
            self._detail_due = 0.0
        self._schedule(0.0)

    # The loop ------------------------------------------------------------------------------------

    def _schedule(self, delay: float | None = None) -> None:
        if not self._running:
            return
        if delay is None:
            now = time.monotonic()
            dues = [due for due in (self._list_due, self._detail_due) if due is not None]
            if not dues:
                self._timer.stop()
                return
            delay = max(0.0, min(dues) - now)
        self._timer.start(int(delay * 1000))

    @Slot()
    def _tick(self) -> None:
        if not self._running:
            return
        # A little slack: a timer may fire a few milliseconds early.
        now = time.monotonic() + 0.005
        # Each task fails and recovers on its own: a deleted job's page must not stop the list
        # from refreshing, and the list's success must not hide that the page keeps failing.
        for task, due, poll in (
            ("detail", self._detail_due, self._poll_detail),
            ("list", self._list_due, self._poll_list),
        ):
            if due is None or due > now:
                continue
            try:
                poll()
            except Exception as error:
                if not isinstance(error, ProviderError):
                    log.exception("polling failed")  # an unexpected answer: still shown like any error
                self._on_failure(task, translate_error(error))
            else:
                self._on_success(task)
        self._schedule()

    @property
    def _failures(self) -> int:
        return max(self._task_failures.values())

    def _on_success(self, task: str) -> None:
        had_failures = self._failures > 0
        self._task_failures[task] = 0
        if had_failures and self._failures == 0:
            self.poll_recovered.emit()

    def _on_failure(self, task: str, error: ProviderError) -> None:
        if self._stop.cancelled:
            return
        self._task_failures[task] += 1
        wait = self._policy.backoff(self._task_failures[task])
        if error.retry_after is not None:
            wait = max(wait, min(error.retry_after, self._policy.error_max))
        later = time.monotonic() + wait
        if task == "detail":
            self._detail_due = later
        else:
            self._list_due = later
        self.poll_failed.emit(error, self._failures)

    def _poll_list(self) -> None:
        statuses: list[str] = []
        if self._list_enabled:
            listed = self._service.list_jobs()
            self.jobs_listed.emit(listed)
            by_id = {job.id: job for job in listed}
            statuses = [job.status for job in listed]
        else:
            by_id = {}
        for job_id, last_status in list(self._followed.items()):
            if job_id == self._detail_job:
                continue  # the detail poll retrieves it
            job = by_id.get(job_id)
            if job is None and not is_terminal(last_status):
                job = self._service.retrieve(job_id)
            if job is not None:
                statuses.append(job.status)
                if job.status != last_status:
                    self._followed[job_id] = job.status
                    self.job_updated.emit(job)
        if self._list_enabled or self._followed:
            self._list_due = time.monotonic() + self._policy.list_interval(statuses)
        else:
            self._list_due = None

    def _poll_detail(self) -> None:
        job_id = self._detail_job
        feed = self._feed
        if job_id is None or feed is None:
            self._detail_due = None
            return
        job: JobInfo = self._service.retrieve(job_id)
        status_changed = job.status != self._detail_status
        self._detail_status = job.status
        if job_id in self._followed:
            self._followed[job_id] = job.status
        # Read events after the status, so a finished job's events are complete; show them before
        # the status, so "Succeeded" never sits beside a chart that stops short of the end.
        events = feed.fetch_new()
        if events:
            self.events_arrived.emit(job_id, events)
            points = metric_points(events)
            if points:
                self.metrics_arrived.emit(job_id, points)
        self.job_updated.emit(job)
        if status_changed and is_terminal(job.status):
            # A provider may write its last events just after the final status: look twice more.
            self._final_sweeps = FINAL_SWEEPS
        if events or status_changed or self._checkpoint_ids is None:
            checkpoints = self._service.checkpoints(job_id)
            ids = tuple(c.id for c in checkpoints)
            if ids != self._checkpoint_ids:
                self._checkpoint_ids = ids
                self.checkpoints_listed.emit(job_id, checkpoints)
        interval = self._policy.job_interval(job.status)
        if interval is None and self._final_sweeps > 0:
            self._final_sweeps -= 1
            interval = FINAL_SWEEP_INTERVAL
        self._detail_due = None if interval is None else time.monotonic() + interval


class PollerThread(QObject):
    """Owns the worker thread and the poller; its methods are safe to call from the UI thread."""

    _start_requested = Signal()
    _stop_requested = Signal()
    _service_changed = Signal(object)
    _list_enabled_changed = Signal(bool)
    _job_opened = Signal(object)
    _follow_requested = Signal(object)
    _refresh_requested = Signal()

    def __init__(self, service: JobService, policy: PollPolicy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.poller = JobPoller(service, policy)
        self._thread = QThread(self)
        self._thread.setObjectName("job-poller")
        self.poller.moveToThread(self._thread)
        self._start_requested.connect(self.poller.start)
        self._stop_requested.connect(self.poller.stop)
        self._service_changed.connect(self.poller.set_service)
        self._list_enabled_changed.connect(self.poller.set_list_enabled)
        self._job_opened.connect(self.poller.open_job)
        self._follow_requested.connect(self.poller.follow)
        self._refresh_requested.connect(self.poller.refresh_now)
        # ``finished`` is emitted on the worker thread itself: the timer is stopped in its own thread.
        self._thread.finished.connect(self.poller.stop, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self.poller.deleteLater)

    def start(self) -> None:
        """Start polling (after connecting to the poller's signals, so no answer is missed)."""
        if not self._thread.isRunning():
            self._thread.start()
            self._start_requested.emit()

    def set_service(self, service: JobService) -> None:
        self._service_changed.emit(service)

    def set_list_enabled(self, enabled: bool) -> None:
        self._list_enabled_changed.emit(enabled)

    def open_job(self, job_id: str | None) -> None:
        self._job_opened.emit(job_id)

    def follow(self, job_ids: list[str]) -> None:
        self._follow_requested.emit(list(job_ids))

    def refresh_now(self) -> None:
        self._refresh_requested.emit()

    @property
    def is_running(self) -> bool:
        return self._thread.isRunning()

    def shutdown(self) -> None:
        """Stop polling and wait for the worker thread (at most one HTTP call's time)."""
        if not self._thread.isRunning():
            return
        self.poller.request_stop()
        self._stop_requested.emit()
        self._thread.quit()
        self._thread.wait()

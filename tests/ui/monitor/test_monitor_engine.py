"""The job monitor widget against the real local engine (real HTTP, real training, real widgets)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import openai
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.providers import jobs
from desktop.providers.jobs import JobRegistry, JobService, PollPolicy
from desktop.ui.background import ReportedError, error_hub
from desktop.ui.monitor import JobMonitorWidget
from desktop.ui.monitor.job_page import JobPage
from tests.support.engine_server import EngineServer, start_engine, stop_engine
from tests.ui.monitor.training_jobs import (
    all_events_oldest_first,
    cancel_and_wait,
    start_failing_job,
    start_job,
    wait_for_status,
)

pytestmark = pytest.mark.slow

# Fast polling so the tests follow training closely; errors back off quickly at first.
FAST = PollPolicy(
    running_interval=0.2,
    waiting_interval=0.3,
    list_active_interval=0.3,
    list_idle_interval=1.0,
    error_base=0.2,
    error_max=2.0,
)
TRAINING_TIMEOUT_MS = 300_000

MakeMonitor = Callable[..., JobMonitorWidget]


@pytest.fixture
def make_monitor(qtbot: QtBot) -> Iterator[MakeMonitor]:
    made: list[JobMonitorWidget] = []

    def make(service: JobService, **options: Any) -> JobMonitorWidget:
        options.setdefault("profile_key", "local")
        options.setdefault("policy", FAST)
        widget = JobMonitorWidget(service, **options)
        qtbot.addWidget(widget)
        widget.resize(1200, 800)
        made.append(widget)
        return widget

    yield make
    for widget in made:
        widget.shutdown()


def current_page(widget: JobMonitorWidget) -> JobPage:
    assert widget.page is not None
    return widget.page


def test_follow_a_job_to_success(
    qtbot: QtBot,
    fresh_engine: EngineServer,
    tmp_path: Path,
    make_monitor: MakeMonitor,
    qtmodeltester: ModelTester,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = fresh_engine.client()
    job_id = start_job(client, tmp_path, n_epochs=3, suffix="watch")
    widget = make_monitor(JobService(client), registry=JobRegistry(tmp_path / "jobs.json"))
    ended: list[jobs.JobInfo] = []
    notifications: list[str] = []
    widget.job_ended.connect(ended.append)
    widget.notifier.notified.connect(lambda title, message: notifications.append(title))

    widget.follow_job(job_id)
    page = current_page(widget)
    assert page.job_id == job_id
    qtbot.waitUntil(
        lambda: page.job is not None and page.job.status == jobs.SUCCEEDED, timeout=TRAINING_TIMEOUT_MS
    )
    everything = all_events_oldest_first(client, job_id)
    metric_events = [event for event in everything if event.type == "metrics"]
    # The last events arrive just after the final status.
    qtbot.waitUntil(lambda: len(page.event_ids) == len(everything))
    qtbot.waitUntil(lambda: page.checkpoints_model.rowCount() == 3)
    # A finished job is no longer polled (the list still is, slowly).
    qtbot.waitUntil(lambda: not widget.poller.poller.polls_open_job)

    # Every event once, in order; every metrics event exactly one point on the chart.
    assert page.event_ids == [event.id for event in everything]
    assert page.chart.point_count == len(metric_events) == 30
    assert len(page.chart.series("train_loss")) == len(metric_events)
    assert [step for step, _ in page.chart.series("train_loss")] == list(range(1, 31))
    assert len(page.chart.series("train_mean_token_accuracy")) == len(metric_events)
    assert page.progress_bar.value() == page.progress_bar.maximum() == 30
    assert page.detail("n_epochs") == "3" and page.detail("batch_size") == "1"
    assert page.detail("method") == "Supervised (SFT)"
    assert page.detail("suffix") == "watch" and page.detail("metadata") == "project = orangbus"
    assert page.detail("trained_tokens") not in ("", "—")

    # The job ended once: a notification, and the registry knows it.
    qtbot.waitUntil(lambda: len(ended) == 1)
    assert ended[0].id == job_id and notifications == ["Fine-tuning finished"]
    # Clicking the message (the tray's messageClicked) shows the job.
    widget.show_list()
    widget.notifier.message_clicked()
    assert widget.stack.currentWidget() is page and page.job_id == job_id
    assert JobRegistry(tmp_path / "jobs.json").entries("local")[0].last_status == jobs.SUCCEEDED

    # The list shows the job, and its model passes the model tester with real data.
    model = widget.jobs_list.model
    qtbot.waitUntil(lambda: (job := model.job(job_id)) is not None and job.status == jobs.SUCCEEDED)
    qtmodeltester.check(widget.jobs_list.proxy)
    job = model.job(job_id)
    assert job is not None and job.fine_tuned_model and job.suffix == "watch"

    # Copy the name, test the model, download the results.
    assert page.test_button.isEnabled() and page.copy_button.isEnabled()
    page.copy_button.click()
    assert QGuiApplication.clipboard().text() == job.fine_tuned_model
    with qtbot.waitSignal(widget.test_model_requested) as requested:
        page.test_button.click()
    assert requested.args == [job.fine_tuned_model]
    target = tmp_path / "saved" / "results.csv"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    page.download_button.click()
    qtbot.waitUntil(target.exists)
    assert "train_loss" in target.read_text(encoding="utf-8").splitlines()[0]

    # Leaving and reopening the page reads the log again: still each event and point once.
    widget.show_list()
    widget.open_job(job_id)
    qtbot.waitUntil(lambda: len(page.event_ids) == len(everything))
    qtbot.wait(500)  # a few more polls of a finished job add nothing
    assert page.event_ids == [event.id for event in everything]
    assert page.chart.point_count == len(metric_events)


def test_reattach_after_restart(
    qtbot: QtBot, fresh_engine: EngineServer, tmp_path: Path, make_monitor: MakeMonitor
) -> None:
    client = fresh_engine.client()
    registry_path = tmp_path / "state" / "jobs.json"
    job_id = start_job(client, tmp_path, n_epochs=1, suffix="again")
    first = make_monitor(JobService(client), registry=JobRegistry(registry_path))
    first.follow_job(job_id, open_page=False)
    first.shutdown()  # the app quits while the job runs

    wait_for_status(client, job_id, jobs.TERMINAL_STATUSES)
    # The next start: a new widget and a new registry object on the same file find the job.
    second = make_monitor(JobService(client), registry=JobRegistry(registry_path))
    assert job_id in second.followed_jobs
    with qtbot.waitSignal(second.job_ended, timeout=30_000) as ended:
        pass
    assert ended.args[0].id == job_id and ended.args[0].status == jobs.SUCCEEDED
    assert second.jobs_list.model.job(job_id) is not None

    # One start later the end is old news: no second notification.
    third = make_monitor(JobService(client), registry=JobRegistry(registry_path))
    assert job_id in third.followed_jobs
    with qtbot.assertNotEmitted(third.job_ended, wait=1500):
        qtbot.waitUntil(lambda: third.jobs_list.model.job(job_id) is not None)


def test_a_failed_job_shows_its_error(
    qtbot: QtBot,
    engine_server: EngineServer,
    tmp_path: Path,
    make_monitor: MakeMonitor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = engine_server.client()
    job_id = start_failing_job(client, tmp_path)
    widget = make_monitor(JobService(client), registry=JobRegistry(tmp_path / "jobs.json"))
    notifications: list[str] = []
    widget.notifier.notified.connect(lambda title, message: notifications.append(message))
    widget.follow_job(job_id)
    page = current_page(widget)
    qtbot.waitUntil(
        lambda: page.job is not None and page.job.status == jobs.FAILED, timeout=TRAINING_TIMEOUT_MS
    )
    assert not page.error_frame.isHidden()
    assert "training_failed" in page.error_label.text()
    assert "No example has assistant tokens" in page.error_label.text()
    assert not page.test_button.isEnabled() and not page.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: len(notifications) == 1)
    assert "No example has assistant tokens" in notifications[0]
    qtbot.waitUntil(lambda: widget.jobs_list.model.row_of(job_id) is not None)
    row = widget.jobs_list.model.row_of(job_id)
    assert row is not None
    tooltip = widget.jobs_list.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "No example has assistant tokens" in tooltip

    # An action the provider refuses (the button is disabled, but the job may end meanwhile)
    # reaches the one error path with what the provider said.
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(error_hub().error_reported) as blocker:
        page.pause_job()
    reported = blocker.args[0]
    assert reported.where == f"Pausing job {job_id}"
    assert "not in a state that allows this" in reported.message
    qtbot.waitUntil(lambda: page.message_label.text() == "")
    assert not page.pause_button.isEnabled()


def test_pause_resume_and_cancel_with_confirmation(
    qtbot: QtBot,
    engine_server: EngineServer,
    tmp_path: Path,
    make_monitor: MakeMonitor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = engine_server.client()
    job_id = start_job(client, tmp_path, n_epochs=50, suffix="controls")
    widget = make_monitor(JobService(client))
    notifications: list[str] = []
    widget.notifier.notified.connect(lambda title, message: notifications.append(title))
    widget.open_job(job_id)
    page = current_page(widget)
    qtbot.waitUntil(lambda: page.pause_button.isEnabled(), timeout=TRAINING_TIMEOUT_MS)

    answers: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Callable[..., QMessageBox.StandardButton]:
        def ask(parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
            answers.append(title)
            return reply

        return ask

    # Saying no changes nothing.
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    page.pause_button.click()
    assert answers == ["Pause the job?"]
    assert page.pause_button.isEnabled()

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    page.pause_button.click()
    qtbot.waitUntil(lambda: page.job is not None and page.job.status == jobs.PAUSED, timeout=60_000)
    qtbot.waitUntil(page.resume_button.isEnabled)
    assert not page.pause_button.isEnabled()
    steps_when_paused = page.chart.point_count

    page.resume_button.click()
    qtbot.waitUntil(lambda: page.job is not None and page.job.status == jobs.RUNNING, timeout=60_000)
    qtbot.waitUntil(lambda: page.chart.point_count > steps_when_paused, timeout=60_000)

    page.cancel_button.click()
    qtbot.waitUntil(lambda: page.job is not None and page.job.status == jobs.CANCELLED, timeout=60_000)
    assert answers[1:] == ["Pause the job?", "Resume the job?", "Cancel the job?"]
    assert not page.cancel_button.isEnabled() and not page.test_button.isEnabled()
    steps = [step for step, _ in page.chart.series("train_loss")]
    assert len(steps) == len(set(steps)), "a step was plotted twice"
    qtbot.waitUntil(lambda: notifications == ["Fine-tuning cancelled"])


def test_offline_banner_then_retry(
    qtbot: QtBot, fresh_engine: EngineServer, make_monitor: MakeMonitor
) -> None:
    client = fresh_engine.client(max_retries=0, timeout=10)
    policy = PollPolicy(list_active_interval=0.3, list_idle_interval=0.5, error_base=0.5, error_max=600)
    widget = make_monitor(JobService(client), policy=policy, offline_after=3)
    qtbot.waitUntil(lambda: widget.jobs_list.updated_label.text() != "", timeout=30_000)
    assert widget.banner.isHidden()

    port = urlparse(fresh_engine.base_url).port
    assert port is not None
    fresh_engine.kill()
    qtbot.waitUntil(lambda: not widget.banner.isHidden(), timeout=60_000)
    assert widget.consecutive_failures >= 3
    assert "refused" in widget.banner.message_label.text()

    restarted = start_engine(fresh_engine.data_dir, token=fresh_engine.token, port=port)
    try:
        widget.banner.retry_button.click()
        assert not widget.banner.retry_button.isEnabled()  # one retry at a time
        qtbot.waitUntil(widget.banner.isHidden, timeout=30_000)
        assert widget.consecutive_failures == 0
    finally:
        stop_engine(restarted)


def test_other_errors_reach_the_error_hub_once(
    qtbot: QtBot, engine_server: EngineServer, make_monitor: MakeMonitor
) -> None:
    client = openai.OpenAI(base_url=engine_server.base_url, api_key="wrong-key", max_retries=0)
    reported: list[ReportedError] = []
    error_hub().error_reported.connect(reported.append)
    try:
        widget = make_monitor(JobService(client))
        qtbot.waitUntil(lambda: widget.consecutive_failures >= 3, timeout=30_000)
    finally:
        error_hub().error_reported.disconnect(reported.append)
    assert len(reported) == 1
    assert reported[0].where == "Checking fine-tuning jobs"
    assert "key" in reported[0].message
    assert widget.banner.isHidden()  # a bad key is not "offline"


def test_an_unknown_job_is_reported_and_the_list_keeps_refreshing(
    qtbot: QtBot, engine_server: EngineServer, tmp_path: Path, make_monitor: MakeMonitor
) -> None:
    client = engine_server.client()
    reported: list[ReportedError] = []
    error_hub().error_reported.connect(reported.append)
    try:
        widget = make_monitor(JobService(client))
        widget.open_job("ftjob-deleted-long-ago")
        qtbot.waitUntil(lambda: widget.consecutive_failures >= 2, timeout=30_000)
        # The list still refreshes while the page's job keeps failing.
        job_id = start_job(client, tmp_path, n_epochs=1, suffix="listed")
        try:
            qtbot.waitUntil(lambda: widget.jobs_list.model.job(job_id) is not None, timeout=30_000)
        finally:
            cancel_and_wait(client, job_id)
    finally:
        error_hub().error_reported.disconnect(reported.append)
    assert len(reported) == 1  # once, not at every poll
    assert "does not know this item" in reported[0].message
    assert widget.banner.isHidden()


def test_switching_profiles_shows_the_other_providers_jobs(
    qtbot: QtBot,
    engine_server: EngineServer,
    fresh_engine: EngineServer,
    tmp_path: Path,
    make_monitor: MakeMonitor,
) -> None:
    registry = JobRegistry(tmp_path / "jobs.json")
    job_id = start_job(engine_server.client(), tmp_path, n_epochs=1, suffix="switch")
    cancel_and_wait(engine_server.client(), job_id)
    registry.remember("shared-engine", job_id)
    widget = make_monitor(JobService(fresh_engine.client()), profile_key="fresh-engine", registry=registry)
    qtbot.waitUntil(lambda: widget.jobs_list.updated_label.text() != "", timeout=30_000)
    assert widget.jobs_list.model.rowCount() == 0
    assert not widget.jobs_list.empty_label.isHidden()
    assert widget.followed_jobs == set()

    widget.set_service(JobService(engine_server.client()), "shared-engine")
    assert widget.followed_jobs == {job_id}  # the profile's remembered jobs are followed again
    assert widget.jobs_list.empty_label.text() == "Loading jobs…"
    qtbot.waitUntil(lambda: widget.jobs_list.model.job(job_id) is not None, timeout=30_000)
    assert widget.jobs_list.empty_label.isHidden()

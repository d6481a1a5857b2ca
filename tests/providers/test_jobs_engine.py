"""The jobs service over real HTTP against the local engine."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop.providers import jobs
from desktop.providers.errors import ErrorKind, ProviderError
from desktop.providers.jobs import JobService
from tests.support.engine_server import EngineServer
from tests.ui.monitor.training_jobs import all_events_oldest_first, start_job, wait_for_status

pytestmark = pytest.mark.slow


def test_follow_a_job_to_success_with_incremental_events(fresh_engine: EngineServer, tmp_path: Path) -> None:
    client = fresh_engine.client()
    service = JobService(client)
    job_id = start_job(client, tmp_path, n_epochs=2, suffix="follow")
    feed = service.event_feed(job_id)
    collected: list[jobs.JobEvent] = []
    statuses: list[str] = []
    deadline = time.monotonic() + 300
    while True:
        job = service.retrieve(job_id)
        if not statuses or statuses[-1] != job.status:
            statuses.append(job.status)
        collected.extend(feed.fetch_new())  # events after the status: complete once it is final
        if job.is_terminal:
            break
        assert time.monotonic() < deadline, statuses
        time.sleep(0.05)
    assert job.status == jobs.SUCCEEDED, job.error
    assert feed.fetch_new() == []  # nothing new, nothing repeated

    everything = all_events_oldest_first(client, job_id)
    ids = [event.id for event in collected]
    assert len(ids) == len(set(ids)), "an event was returned twice"
    assert ids == [event.id for event in everything], (
        "incremental fetches must add up to the full log, in order"
    )
    # A second feed reading the whole log at once agrees, even with one-event pages.
    small_pages = jobs.EventFeed(service, job_id, page_size=1)
    assert [event.id for event in small_pages.fetch_new()] == ids

    points = jobs.metric_points(collected)
    assert points, "the engine reports metrics"
    assert len(points) == sum(1 for event in everything if event.type == "metrics")
    assert [p.step for p in points] == sorted(p.step for p in points)
    assert points[-1].step == points[-1].total_steps == 20  # 10 examples × 2 epochs, batch 1
    assert all(p.train_loss is not None for p in points)

    assert job.fine_tuned_model and job.trained_tokens and job.finished_at
    assert job.suffix == "follow"
    assert job.hyperparameters["n_epochs"] == 2
    assert job.hyperparameters["batch_size"] == 1
    checkpoints = service.checkpoints(job_id)
    assert [c.step_number for c in checkpoints] == [20, 10]
    assert all(c.metrics.get("train_loss") is not None for c in checkpoints)

    listed = service.list_jobs(page_size=1)  # every page, one job each
    listed_ids = [j.id for j in listed]
    assert job_id in listed_ids and len(listed_ids) == len(set(listed_ids))

    assert job.result_files
    saved = service.download_file(job.result_files[0], tmp_path / "out" / "metrics.csv")
    header = saved.read_text(encoding="utf-8").splitlines()[0]
    assert "step" in header and "train_loss" in header
    assert service.file_name(job.result_files[0])


def test_cancel(engine_server: EngineServer, tmp_path: Path) -> None:
    client = engine_server.client()
    service = JobService(client)
    job_id = start_job(client, tmp_path, n_epochs=50, suffix="cancel")
    cancelled = service.cancel(job_id)
    assert cancelled.id == job_id
    assert wait_for_status(client, job_id, {jobs.CANCELLED, jobs.SUCCEEDED, jobs.FAILED}) == jobs.CANCELLED
    with pytest.raises(ProviderError) as raised:
        service.cancel(job_id)  # already finished
    assert raised.value.kind in (ErrorKind.CONFLICT, ErrorKind.BAD_REQUEST)


def collect_points_until(feed: jobs.EventFeed, enough: int, timeout: float = 300) -> list[jobs.MetricPoint]:
    points: list[jobs.MetricPoint] = []
    deadline = time.monotonic() + timeout
    while len(points) < enough:
        assert time.monotonic() < deadline, "no metrics arrived"
        points.extend(jobs.metric_points(feed.fetch_new()))
        time.sleep(0.05)
    return points


def test_pause_and_resume(engine_server: EngineServer, tmp_path: Path) -> None:
    client = engine_server.client()
    service = JobService(client)
    job_id = start_job(client, tmp_path, n_epochs=30, suffix="pause")
    feed = service.event_feed(job_id)
    collect_points_until(feed, 1)  # training has begun
    paused = service.pause(job_id)
    assert paused.status in (jobs.PAUSING, jobs.PAUSED)
    assert wait_for_status(client, job_id, {jobs.PAUSED, jobs.SUCCEEDED, jobs.FAILED}) == jobs.PAUSED
    paused = service.retrieve(job_id)
    assert paused.can_resume and not paused.can_pause
    # One feed across the pause: everything up to the pause now, and after the resume exactly what
    # came since. (A fresh feed's "everything up to now" fetched after the resume swallowed the
    # first steps on a busy machine: assert 26 == 24.)
    across = service.event_feed(job_id)
    before = [p.step for p in jobs.metric_points(across.fetch_new())]
    with pytest.raises(ProviderError) as raised:
        service.pause(job_id)  # a paused job can't be paused again
    assert raised.value.kind == ErrorKind.CONFLICT

    resumed = service.resume(job_id)
    assert resumed.status not in jobs.TERMINAL_STATUSES
    after = [p.step for p in collect_points_until(across, 2)]
    assert after[0] == before[-1] + 1  # continued where it paused: no step lost, none repeated
    service.cancel(job_id)
    assert wait_for_status(client, job_id, jobs.TERMINAL_STATUSES) == jobs.CANCELLED


def test_errors_are_translated(fresh_engine: EngineServer) -> None:
    service = JobService(fresh_engine.client(max_retries=0), attempts=1)
    with pytest.raises(ProviderError) as raised:
        service.retrieve("ftjob-does-not-exist")
    assert raised.value.kind == ErrorKind.NOT_FOUND
    fresh_engine.kill()
    with pytest.raises(ProviderError) as raised:
        service.list_jobs()
    assert raised.value.kind == ErrorKind.CONNECTION and raised.value.is_offline

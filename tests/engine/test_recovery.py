"""What a restarted engine does with the jobs the last process left behind (no training here)."""

from __future__ import annotations

import json

from engine.jobs import MAX_RECOVERIES, STATE_SUMMARY, JobManager, Paths, latest_state
from engine.store import Store


def write_state(folder, step):
    folder.mkdir(parents=True)
    (folder / STATE_SUMMARY).write_text(json.dumps({"step": step, "trained_tokens": 1}))


def test_latest_state_is_the_highest_complete_one(tmp_path):
    job_dir = tmp_path / "job"
    assert latest_state(job_dir) is None
    write_state(job_dir / "checkpoints" / "step-10", 10)
    write_state(job_dir / "checkpoints" / "step-20", 20)
    (job_dir / "checkpoints" / "step-30").mkdir()  # cut short by a crash: no summary written yet
    assert latest_state(job_dir) == job_dir / "checkpoints" / "step-20"
    write_state(job_dir / "pause", 25)
    assert latest_state(job_dir) == job_dir / "pause"


def test_jobs_left_running_are_queued_again_with_a_clear_event(tmp_path):
    paths = Paths(tmp_path)
    paths.create()
    store = Store(tmp_path / "engine.sqlite3")
    for job_id, status in (("ftjob-a", "running"), ("ftjob-b", "pausing"), ("ftjob-c", "succeeded")):
        store.insert("jobs", {"id": job_id, "status": status, "estimated_finish": 5}, {}, status=status)
    write_state(paths.job("ftjob-a") / "checkpoints" / "step-10", 10)
    JobManager(store, paths)._recover()
    assert store.get("jobs", "ftjob-a")["status"] == "queued"
    assert store.get("jobs", "ftjob-b")["status"] == "queued"
    assert store.get("jobs", "ftjob-c")["status"] == "succeeded"
    (event_a,) = store.events_of("ftjob-a")
    assert event_a["level"] == "warn" and "resumes from step-10" in event_a["message"]
    (event_b,) = store.events_of("ftjob-b")
    assert "starts again from the beginning" in event_b["message"]
    assert store.events_of("ftjob-c") == []
    store.close()


def test_a_job_that_keeps_bringing_the_engine_down_fails_clearly(tmp_path):
    paths = Paths(tmp_path)
    paths.create()
    store = Store(tmp_path / "engine.sqlite3")
    store.insert("jobs", {"id": "ftjob-x", "status": "running"}, {}, status="running")
    for _ in range(MAX_RECOVERIES):
        JobManager(store, paths)._recover()
        assert store.get("jobs", "ftjob-x")["status"] == "queued"
        store.update("jobs", "ftjob-x", {"status": "running"})  # it ran, and the engine died again
    JobManager(store, paths)._recover()
    job = store.get("jobs", "ftjob-x")
    assert job["status"] == "failed"
    assert job["error"]["code"] == "engine_stopped"
    store.close()

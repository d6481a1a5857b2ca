"""The jobs service's pure parts: job/event parsing, the poll policy, the job registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.providers import jobs
from desktop.providers.jobs import (
    JobEvent,
    JobInfo,
    JobRegistry,
    MetricPoint,
    PollPolicy,
    estimate_finish,
    metric_points,
)

# A job object as OpenAI's API returns it (shape from the API reference).
OPENAI_JOB = {
    "object": "fine_tuning.job",
    "id": "ftjob-abc123",
    "model": "gpt-4o-mini-2024-07-18",
    "created_at": 1721764800,
    "finished_at": 1721764900,
    "fine_tuned_model": "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:9ABel2dg",
    "organization_id": "org-123",
    "result_files": ["file-abc123"],
    "status": "succeeded",
    "validation_file": None,
    "training_file": "file-abc123",
    "hyperparameters": {"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 1.8},
    "method": {
        "type": "supervised",
        "supervised": {"hyperparameters": {"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 1.8}},
    },
    "trained_tokens": 5768,
    "integrations": [],
    "seed": 0,
    "estimated_finish": 0,
    "metadata": {"project": "orangbus"},
}


def test_job_from_api_reads_every_field_the_monitor_shows() -> None:
    job = JobInfo.from_api(OPENAI_JOB)
    assert job.id == "ftjob-abc123"
    assert job.status == jobs.SUCCEEDED and job.is_terminal
    assert job.model == "gpt-4o-mini-2024-07-18"
    assert job.suffix == "custom-suffix"  # from the model name when the API gives no suffix
    assert job.trained_tokens == 5768
    assert job.created_at == 1721764800 and job.finished_at == 1721764900
    assert job.hyperparameters == {"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 1.8}
    assert job.method_type == "supervised"
    assert job.result_files == ("file-abc123",)
    assert job.estimated_finish is None  # 0 means "none"
    assert job.metadata == {"project": "orangbus"}
    assert not job.can_cancel and not job.can_pause and not job.can_resume


def test_failed_dpo_job_keeps_its_error_and_beta() -> None:
    raw = dict(
        OPENAI_JOB,
        status="failed",
        fine_tuned_model=None,
        user_provided_suffix="prefs",
        error={"code": "invalid_training_file", "message": "Line 3 is not JSON.", "param": "training_file"},
        method={"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.1, "n_epochs": "auto"}}},
    )
    job = JobInfo.from_api(raw)
    assert job.error == jobs.JobError("invalid_training_file", "Line 3 is not JSON.", "training_file")
    assert job.method_type == "dpo"
    assert job.hyperparameters["beta"] == 0.1
    assert job.hyperparameters["n_epochs"] == "auto"  # the method's value wins over the legacy field
    assert job.suffix == "prefs"


def test_metrics_events_become_points_and_messages_do_not() -> None:
    events = [
        JobEvent.from_api(
            {"id": "e1", "created_at": 10, "level": "info", "message": "Job started", "type": "message"}
        ),
        JobEvent.from_api(
            {
                "id": "e2",
                "created_at": 12,
                "level": "info",
                "message": "Step 1/20: training loss=2.50",
                "type": "metrics",
                "data": {"step": 1, "total_steps": 20, "train_loss": 2.5, "train_mean_token_accuracy": 0.4},
            }
        ),
        JobEvent.from_api(
            {
                "id": "e3",
                "created_at": 14,
                "level": "info",
                "message": "Step 2/20",
                "type": "metrics",
                "data": {
                    "step": 2,
                    "total_steps": 20,
                    "train_loss": 2.0,
                    "valid_loss": 2.2,
                    "valid_mean_token_accuracy": 0.5,
                    "full_valid_loss": None,
                },
            }
        ),
    ]
    points = metric_points(events)
    assert [p.event_id for p in points] == ["e2", "e3"]
    assert points[0].train_loss == 2.5 and points[0].valid_loss is None
    assert points[1].valid_loss == 2.2 and points[1].valid_mean_token_accuracy == 0.5
    assert points[1].full_valid_loss is None
    assert points[1].total_steps == 20


def test_estimated_finish_from_step_progress_and_from_the_provider() -> None:
    running = JobInfo(id="j", status=jobs.RUNNING, model="m")
    points = [
        MetricPoint(event_id="a", step=1, total_steps=11, created_at=100),
        MetricPoint(event_id="b", step=6, total_steps=11, created_at=110),
    ]
    # 5 steps in 10 s, 5 steps to go: 10 s after the last point.
    assert estimate_finish(running, points) == pytest.approx(120.0)
    assert (
        estimate_finish(JobInfo(id="j", status=jobs.RUNNING, model="m", estimated_finish=999), points) == 999
    )
    assert estimate_finish(JobInfo(id="j", status=jobs.SUCCEEDED, model="m"), points) is None
    assert estimate_finish(running, points[:1]) is None


def test_poll_policy_is_fast_while_running_slow_while_waiting_and_stops_when_finished() -> None:
    policy = PollPolicy(running_interval=2, waiting_interval=10, error_base=2, error_max=60)
    assert policy.job_interval(None) == 2
    assert policy.job_interval(jobs.VALIDATING_FILES) == 10
    assert policy.job_interval(jobs.QUEUED) == 10
    assert policy.job_interval(jobs.RUNNING) == 2
    assert policy.job_interval(jobs.PAUSING) == 2
    assert policy.job_interval(jobs.PAUSED) == 10
    for finished in (jobs.SUCCEEDED, jobs.FAILED, jobs.CANCELLED):
        assert policy.job_interval(finished) is None
        assert policy.next_job_poll(finished) is None
    # Errors back off, doubling up to the cap, whatever the status.
    assert [policy.next_job_poll(jobs.RUNNING, n) for n in (1, 2, 3, 4, 5, 6)] == [2, 4, 8, 16, 32, 60]
    assert policy.backoff(0) == 0
    assert policy.list_interval([jobs.SUCCEEDED, jobs.RUNNING]) == policy.list_active_interval
    assert policy.list_interval([jobs.SUCCEEDED, jobs.CANCELLED]) == policy.list_idle_interval
    assert policy.list_interval([]) == policy.list_idle_interval


def test_registry_remembers_jobs_per_profile_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "state" / "jobs.json"
    registry = JobRegistry(path)
    registry.remember("local", "ftjob-1")
    registry.remember("local", "ftjob-2", status=jobs.QUEUED)
    registry.remember("local", "ftjob-1")  # no duplicate
    registry.remember("openai", "ftjob-9")
    again = JobRegistry(path)  # as after a restart
    assert again.job_ids("local") == ["ftjob-1", "ftjob-2"]
    assert again.job_ids("openai") == ["ftjob-9"]
    assert again.job_ids("azure") == []
    assert again.record_status("local", "ftjob-2", jobs.RUNNING) == jobs.QUEUED
    assert again.record_status("local", "ftjob-2", jobs.SUCCEEDED) == jobs.RUNNING
    assert JobRegistry(path).entries("local")[1].last_status == jobs.SUCCEEDED
    assert again.record_status("local", "ftjob-unknown", jobs.RUNNING) is None
    again.forget("local", "ftjob-1")
    assert JobRegistry(path).job_ids("local") == ["ftjob-2"]
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert not list(path.parent.glob(".jobs.json.*"))  # no temporary files left behind


def test_a_damaged_registry_is_kept_aside_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    path.write_text("{not json", encoding="utf-8")
    registry = JobRegistry(path)
    assert registry.job_ids("local") == []
    registry.remember("local", "ftjob-1")
    assert registry.job_ids("local") == ["ftjob-1"]
    damaged = list(tmp_path.glob("jobs.json.damaged-*"))
    assert len(damaged) == 1 and damaged[0].read_text(encoding="utf-8") == "{not json"

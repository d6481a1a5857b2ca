"""Small helpers for driving the engine through the openai package."""

from __future__ import annotations

import time

TERMINAL = {"succeeded", "failed", "cancelled"}


def wait_for_job(client, job_id: str, statuses: set[str] = TERMINAL, timeout: float = 300):
    """Poll ``jobs.retrieve`` until the job reaches one of ``statuses``; returns the job."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.fine_tuning.jobs.retrieve(job_id)
        if job.status in statuses:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job.status} after {timeout} s")
        time.sleep(0.2)


def wait_until(condition, timeout: float = 300, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def all_events(client, job_id: str) -> list:
    """Every event of a job, oldest first (the API lists newest first)."""
    return list(reversed(list(client.fine_tuning.jobs.list_events(job_id, limit=100))))

"""The wizard's calls into the layers below (checks, fixes, catalog, cost, uploads, jobs).

Kept in one place so that the pages stay about widgets, and each call runs on a worker thread
through :func:`desktop.ui.background.run_in_background`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.ui.wizard.request import UploadFile

ReportUpload = Callable[[int, int], None]  # bytes sent, bytes in all


def profile_id(profile: Any) -> str:
    """The id of a provider profile (what the job registry and the monitor key jobs by)."""
    return str(getattr(profile, "id", None) or getattr(profile, "name", ""))


def upload_file(client: Any, upload: UploadFile, report: ReportUpload, cancel: Any) -> str:
    """Upload one JSONL file for fine-tuning; returns the provider's file id."""
    report(0, upload.size)
    cancel.raise_if_cancelled()
    created = client.files.create(file=(upload.name, upload.content), purpose="fine-tune")
    report(upload.size, upload.size)
    return str(created.id)


def create_job(client: Any, request: dict[str, Any]) -> str:
    """Create the fine-tuning job; returns its id. Never retried: a retry could start it twice."""
    job = client.fine_tuning.jobs.create(**request)
    return str(job.id)

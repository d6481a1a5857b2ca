"""Progress of a fine-tuning job: being created, then its status each time it is polled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.providers.jobs import JobInfo


@dataclass(frozen=True)
class CreatingJob:
    """Every file is uploaded; the job is being created now (no longer worth cancelling)."""


@dataclass(frozen=True)
class JobUpdated:
    """The job as the provider reported it just now (created, or polled while it runs)."""

    job: JobInfo


JobEvent = CreatingJob | JobUpdated

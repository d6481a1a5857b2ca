"""Starting a fine-tuning job, as the wizard does it: the provider's base models, what to know about
training on a provider, uploading the data, creating the job.

No Qt: the wizard's pages run these on a worker thread; they block and may raise ProviderError.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.core.catalog import Catalog
from desktop.core.i18n import current_language, pick
from desktop.providers.events import Progress
from desktop.providers.events.uploads import UploadProgress
from desktop.providers.job_request import UploadFile
from desktop.providers.profiles import Profile

if TYPE_CHECKING:
    import openai

    from desktop.core.cancel import CancelSignal
    from desktop.providers.uploads import UploadLedger

ReportUpload = Progress[UploadProgress]  # the file's bytes sent so far, of all its bytes


@dataclass(frozen=True)
class LiveModel:
    """A model the provider lists right now (``GET /models``)."""

    id: str
    raw: Mapping[str, Any] = field(default_factory=dict)


def live_models(client: openai.OpenAI, cancel: CancelSignal | None = None) -> list[LiveModel]:
    """The provider's model list; errors leave as ProviderError with a message for people."""
    from desktop.providers.errors import with_retries

    def fetch() -> list[LiveModel]:
        found = []
        for item in client.models.list():
            raw = item.model_dump() if hasattr(item, "model_dump") else dict(item)
            found.append(LiveModel(str(raw.get("id") or getattr(item, "id", "")), raw))
        return found

    return with_retries(fetch, attempts=2, cancel=cancel)


def provider_note(provider: str, catalog: Catalog, today: date) -> str:
    """What the user should know about training on ``provider`` (a catalog provider key), e.g.
    OpenAI's wind-down; "" when the catalog says nothing."""
    info = catalog.providers.get(provider)
    if info is None:
        return ""
    parts = []
    if info.new_jobs_stop is not None:
        days = (info.new_jobs_stop - today).days
        stop = info.new_jobs_stop.isoformat()
        if days > 0:
            parts.append(
                pick(
                    f"⚠ {info.name} takes no new fine-tuning jobs after {stop} ({days} days left).",
                    f"⚠ {info.name} 在 {stop} 之后不再接受新的微调任务（还剩 {days} 天）。",
                )
            )
        else:
            parts.append(
                pick(
                    f"⚠ {info.name} stopped taking new fine-tuning jobs on {stop}.",
                    f"⚠ {info.name} 已于 {stop} 停止接受新的微调任务。",
                )
            )
    notes = info.notes(current_language())
    if notes:
        parts.append(notes)
    return " ".join(parts)


def upload_file(
    client: openai.OpenAI,
    upload: UploadFile,
    profile: Profile,
    ledger: UploadLedger | None,
    report: ReportUpload,
    cancel: CancelSignal | None,
) -> str:
    """Upload one JSONL file for fine-tuning (reused when the same content was sent before)."""
    import tempfile
    from pathlib import Path

    from desktop.providers.uploads import training_bytes_for, upload_training_file

    with tempfile.TemporaryDirectory(prefix="finetune-desk-upload-") as folder:
        path = Path(folder) / upload.name
        path.write_bytes(training_bytes_for(profile.kind.value, upload.content))
        uploaded = upload_training_file(
            client, path, profile_id=profile.id, ledger=ledger, progress=report, cancel=cancel
        )
    return str(uploaded.file_id)


def create_job(client: openai.OpenAI, request: dict[str, Any]) -> str:
    """Create the fine-tuning job; returns its id. Retried only where it cannot start it twice."""
    from desktop.providers.jobs import create_job_once

    return create_job_once(client, request).id


def is_cancellation(error: BaseException) -> bool:
    """Whether a worker stopped because the user cancelled (not an error to show)."""
    from desktop.providers.errors import ErrorKind, ProviderError

    return isinstance(error, ProviderError) and error.kind is ErrorKind.CANCELLED

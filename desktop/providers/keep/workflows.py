"""The keep page's workflows, end to end and without Qt: each one blocks, so run it on a worker thread.

- :func:`inventory_of_profile` / :func:`open_export`: what a profile (live) or an export folder
  (offline) holds, most urgent first.
- :func:`export_everything`: every job, event, checkpoint and file of a profile saved into a folder.
- :func:`golden_rows_for` / :func:`record_golden_answers`: a model's answers to its job's
  validation set (or a chosen data file), kept as golden answers.
- :func:`compare_golden_file`: a model asked the golden questions and scored against the answers.
- :func:`retrain_elsewhere`: the same training on another profile (upload, create the job, wait),
  compared with the golden answers once it succeeds.
- :func:`retrain_base_models`: the base models a profile offers to train.

Every workflow takes ``make_client(profile)`` (called on the worker thread: reading a key or
starting the local engine may be slow), reports progress as the typed events of
:mod:`desktop.providers.events` through ``progress``, and stops at the next safe point once
``cancel`` is set (raising a CANCELLED ProviderError).
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.core.cancel import CancelSignal
from desktop.core.catalog import Catalog
from desktop.providers.evaluation import EvaluationRow, EvaluationRun
from desktop.providers.events import Progress
from desktop.providers.events.evaluation import ComparisonStarted, RetryWait, RowAnswered, RowsCounted
from desktop.providers.events.export import ExportProgress
from desktop.providers.events.jobs import JobUpdated
from desktop.providers.events.uploads import UploadEvent
from desktop.providers.inference import endpoint_for_profile
from desktop.providers.jobs import JobInfo, JobService
from desktop.providers.keep.export import ExportFolder, ExportReport, export_profile
from desktop.providers.keep.golden import (
    compare_with_golden,
    record_golden,
    rows_from_data_file,
    rows_from_jsonl,
)
from desktop.providers.keep.inventory import InventoryItem, catalog_provider_for, live_inventory
from desktop.providers.keep.retrain import (
    RetrainError,
    plan_retrain,
    source_from_export,
    source_from_live,
    start_retrain,
    wait_for_job,
    with_overrides,
)
from desktop.providers.profiles import Profile, ProviderKind
from desktop.providers.uploads import UploadLedger

ClientFactory = Callable[[Profile], Any]  # an ``openai.OpenAI`` for a profile; may raise a ProviderError

# What each workflow reports (one event at a time, from the worker thread).
RecordEvent = RowsCounted | RowAnswered | RetryWait
RetrainEvent = UploadEvent | JobUpdated | ComparisonStarted | RecordEvent


@dataclass(frozen=True)
class Comparison:
    """A model's answers scored against the golden answers of ``golden_model``."""

    run: EvaluationRun
    golden_model: str


@dataclass(frozen=True)
class RetrainOutcome:
    """The finished job on the target (succeeded or not), compared when golden answers were kept."""

    job: JobInfo
    comparison: Comparison | None


@dataclass(frozen=True)
class RetrainRequest:
    """What to train again, where, and from which copy of its data.

    The job's files come from ``export`` when one is open (offline, or exported earlier), else they
    are downloaded now from ``source_profile``. ``overrides`` replace mapped hyperparameters by name.
    """

    item: InventoryItem
    target: Profile
    base_model: str
    suffix: str = ""
    overrides: Mapping[str, Any] = field(default_factory=dict)
    source_profile: Profile | None = None
    export: ExportFolder | None = None
    golden_file: Path | None = None  # compared with once the job succeeds


def public_base_url(profile: Profile) -> str:
    """The profile's base URL without any user:password part (it is written into export folders)."""
    return endpoint_for_profile(profile).public_base_url if profile.effective_base_url else ""


# --- Inventory and export --------------------------------------------------------------------------


def inventory_of_profile(
    make_client: ClientFactory, profile: Profile, catalog: Catalog, today: date
) -> list[InventoryItem]:
    """The profile's fine-tunes and jobs, asked of its provider now, most urgent first."""
    return live_inventory(make_client(profile), catalog, catalog_provider_for(profile.kind), today)


def open_export(folder: Path, catalog: Catalog, today: date) -> tuple[ExportFolder, list[InventoryItem]]:
    """An export folder and the inventory saved in it (raises ValueError when it is not one)."""
    export = ExportFolder.open(Path(folder))
    return export, export.inventory(catalog, today)


def export_everything(
    make_client: ClientFactory,
    profile: Profile,
    folder: Path,
    *,
    progress: Progress[ExportProgress] | None = None,
    cancel: CancelSignal | None = None,
) -> ExportReport:
    """Save everything of ``profile`` into ``folder`` (resumable; see :func:`export_profile`)."""
    return export_profile(
        make_client(profile),
        Path(folder),
        profile={"name": profile.name, "kind": profile.kind.value, "base_url": public_base_url(profile)},
        provider=catalog_provider_for(profile.kind),
        progress=progress,
        cancel=cancel,
    )


# --- Golden answers and comparisons ----------------------------------------------------------------


def golden_rows_for(
    item: InventoryItem,
    *,
    export: ExportFolder | None = None,
    data_file: Path | None = None,
    download_client: Callable[[], Any] | None = None,
    cancel: CancelSignal | None = None,
) -> list[EvaluationRow]:
    """The rows to record: ``data_file`` when given, else the job's validation (or training) set.

    The job's file comes from ``export`` when one is open, else it is downloaded with the client
    ``download_client()`` returns. Raises RetrainError (in both languages) when there is none.
    """
    if data_file is not None:
        return rows_from_data_file(data_file)
    job = item.job
    if job is None:
        raise RetrainError(
            "This model has no job to take a validation set from: choose a data file.",
            "此模型没有可提供验证集的任务：请选择一个数据文件。",
        )
    for file_id in (job.validation_file, job.training_file):
        if not file_id:
            continue
        if export is not None and (saved := export.file_path(file_id)) is not None:
            return rows_from_jsonl(saved)
        if export is None and download_client is not None:
            service = JobService(download_client(), cancel=cancel)
            folder = Path(tempfile.mkdtemp(prefix="finetune-desk-golden-"))
            return rows_from_jsonl(service.download_file(file_id, folder / f"{file_id}.jsonl"))
    raise RetrainError(
        "The job's validation and training files are not available: choose a data file.",
        "任务的验证文件和训练文件都不可用：请选择一个数据文件。",
    )


def record_golden_answers(
    make_client: ClientFactory,
    profile: Profile,
    item: InventoryItem,
    output: Path,
    *,
    export: ExportFolder | None = None,
    data_file: Path | None = None,
    progress: Progress[RecordEvent] | None = None,
    cancel: CancelSignal | None = None,
) -> EvaluationRun:
    """Ask the item's model its rows (see :func:`golden_rows_for`) and save its answers at ``output``.

    Reports :class:`RowsCounted` once, then :class:`RowAnswered` per answer. A cancelled recording
    is saved too; recording again into the same file asks only the missing rows.
    """
    model = item.fine_tuned_model or ""
    client = make_client(profile)
    rows = golden_rows_for(
        item, export=export, data_file=data_file, download_client=lambda: client, cancel=cancel
    )
    if progress is not None:
        progress(RowsCounted(len(rows)))
    return record_golden(
        client,
        model,
        rows,
        output,
        endpoint=endpoint_for_profile(profile),
        cancel=cancel,
        progress=progress,
        source=data_file.name if data_file is not None else (item.job_id or ""),
    )


def compare_golden_file(
    make_client: ClientFactory,
    profile: Profile,
    model: str,
    golden_file: Path,
    *,
    progress: Progress[RecordEvent] | None = None,
    cancel: CancelSignal | None = None,
) -> Comparison:
    """Ask ``model`` (on ``profile``) the questions of the golden set saved at ``golden_file``.

    Reports :class:`RowsCounted` once, then :class:`RowAnswered` per answer.
    """
    return _compare(make_client(profile), profile, EvaluationRun.load(golden_file), model, progress, cancel)


def _compare(
    client: Any,
    profile: Profile,
    golden: EvaluationRun,
    model: str,
    progress: Progress[RecordEvent] | None,
    cancel: CancelSignal | None,
) -> Comparison:
    if progress is not None:
        progress(RowsCounted(len(golden.rows)))
    run = compare_with_golden(
        client,
        golden,
        model,
        endpoint=endpoint_for_profile(profile),
        cancel=cancel,
        progress=progress,
    )
    return Comparison(run, golden.models[0])


# --- Retraining elsewhere --------------------------------------------------------------------------


def retrain_elsewhere(
    make_client: ClientFactory,
    request: RetrainRequest,
    *,
    ledger: UploadLedger | None = None,
    progress: Progress[RetrainEvent] | None = None,
    cancel: CancelSignal | None = None,
    poll_interval: float = 1.0,
    timeout: float = 3600.0,
) -> RetrainOutcome:
    """Upload the job's files to ``request.target``, start the same training there and wait for it.

    Reports the uploads (:class:`UploadStarted`, :class:`UploadProgress`), the job each time it is
    polled (:class:`JobUpdated`), and, once it succeeded with golden answers to compare against,
    :class:`ComparisonStarted` followed by the comparison's rows. A job that fails or is cancelled on
    the target is returned, not raised: the outcome says what happened.
    """
    item = request.item
    if item.job_id is None:
        raise RetrainError("This model has no job to train again.", "此模型没有可以重新训练的任务。")
    if request.export is not None:
        # Offline, or a job whose files were exported: the saved files (a missing one is named clearly).
        source = source_from_export(request.export, item.job_id)
    elif request.source_profile is not None:
        source = source_from_live(
            make_client(request.source_profile),
            item.job_id,
            origin=request.source_profile.name,
            cancel=cancel,
        )
    else:
        raise RetrainError("Choose the profile the job is on.", "请选择任务所在的配置。")
    target = request.target
    plan = dataclasses.replace(
        plan_retrain(source, request.base_model, target.kind), suffix=request.suffix or None
    )
    if request.overrides:
        plan = with_overrides(plan, request.overrides)
    client = make_client(target)
    job = start_retrain(client, plan, profile_id=target.id, ledger=ledger, progress=progress, cancel=cancel)
    if progress is not None:
        progress(JobUpdated(job))
    finished = wait_for_job(
        client,
        job.id,
        timeout=timeout,
        interval=poll_interval,
        cancel=cancel,
        on_status=None if progress is None else lambda polled: progress(JobUpdated(polled)),
    )
    comparison = None
    if finished.status == "succeeded" and finished.fine_tuned_model and request.golden_file is not None:
        if progress is not None:
            progress(ComparisonStarted(finished.fine_tuned_model))
        golden = EvaluationRun.load(request.golden_file)
        comparison = _compare(client, target, golden, finished.fine_tuned_model, progress, cancel)
    return RetrainOutcome(finished, comparison)


def retrain_base_models(make_client: ClientFactory, profile: Profile) -> list[str]:
    """The models ``profile`` can train from: its base models, then (local engine) its own fine-tunes."""
    from desktop.providers.engine_export import is_local_model
    from desktop.providers.inference import ModelKind, list_models

    choices = list_models(make_client(profile))
    bases = [choice.id for choice in choices if choice.kind is ModelKind.BASE]
    if profile.kind is not ProviderKind.LOCAL:
        return bases
    # The local engine also trains further from its own fine-tuned models (an imported one, say).
    fine_tuned = [c.id for c in choices if c.kind is ModelKind.FINE_TUNED and is_local_model(c.id)]
    return bases + fine_tuned  # a base model stays the first choice

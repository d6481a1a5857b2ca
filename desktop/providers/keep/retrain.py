"""Retrain elsewhere: the same training (files, mapped hyperparameters, suffix) on another profile."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop.core.cancel import CancelSignal
from desktop.core.i18n import pick
from desktop.providers.errors import (
    ErrorKind,
    ProviderError,
    raise_if_cancelled,
    sleep_unless_cancelled,
)
from desktop.providers.events import Progress
from desktop.providers.events.uploads import UploadEvent, UploadProgress, UploadStarted
from desktop.providers.jobs import JobInfo, JobService, create_job_once, is_terminal
from desktop.providers.keep.export import ExportFolder, safe_name
from desktop.providers.profiles import ProviderKind
from desktop.providers.uploads import UploadLedger, upload_training_file

# (lowest, highest, type) each provider accepts (OpenAI's documented ranges; the local engine's own).
_LIMITS: dict[str, tuple[float, float, type]] = {
    "n_epochs": (1, 50, int),
    "batch_size": (1, 256, int),
    "learning_rate_multiplier": (1e-6, 10.0, float),
    "beta": (1e-6, 2.0, float),
}
_LOCAL_LIMITS = dict(_LIMITS, learning_rate_multiplier=(1e-6, 100.0, float))
_KNOWN = ("n_epochs", "batch_size", "learning_rate_multiplier")
# The local engine's own settings (its LoRA rank, sequence length, checkpointing): carried over only
# when the target is a local engine too; no hosted provider accepts them.
_LOCAL_ONLY: dict[str, tuple[int, int]] = {"lora_rank": (1, 256), "max_seq_length": (32, 131072)}
_LOCAL_SWITCHES = ("gradient_checkpointing",)
SUFFIX_LIMIT = 64


class RetrainError(Exception):
    def __init__(self, english: str, chinese: str) -> None:
        super().__init__(english)
        self.message_en, self.message_zh = english, chinese
        self.user_message = pick(english, chinese)


@dataclass(frozen=True)
class MappedHyperparameter:
    """One hyperparameter of the source job and what is sent to the target (None: not sent)."""

    name: str
    source: Any
    target: Any
    note_en: str = ""
    note_zh: str = ""

    @property
    def note(self) -> str:
        return pick(self.note_en, self.note_zh)


def map_hyperparameters(
    source: Mapping[str, Any], method_type: str, target_kind: ProviderKind, *, same_base_model: bool = False
) -> list[MappedHyperparameter]:
    """The source job's hyperparameters as the target accepts them, each with why it changed."""
    limits = _LOCAL_LIMITS if target_kind is ProviderKind.LOCAL else _LIMITS
    names = list(_KNOWN) + (["beta"] if method_type == "dpo" else [])
    mapped: list[MappedHyperparameter] = []
    for name in names:
        value = source.get(name)
        low, high, kind = limits[name]
        if value is None or value == "auto" or isinstance(value, bool) or not isinstance(value, int | float):
            mapped.append(
                MappedHyperparameter(
                    name, value, "auto", "Chosen by the target provider.", "由目标服务商自动选择。"
                )
            )
            continue
        target = kind(min(max(value, low), high))
        note_en = note_zh = ""
        if target != value:
            note_en = f"Brought within the target's range {low:g}–{high:g}."
            note_zh = f"已调整到目标允许的范围 {low:g}–{high:g}。"
        elif name == "learning_rate_multiplier" and not same_base_model:
            note_en = "Kept; it multiplies the new base model's own default learning rate."
            note_zh = "保持不变；它乘以新基础模型自身的默认学习率。"
        mapped.append(MappedHyperparameter(name, value, target, note_en, note_zh))
    if target_kind is ProviderKind.LOCAL:
        for name, value in source.items():
            local = _local_setting(name, value)
            if local is not None:
                names.append(name)
                mapped.append(local)
    for name, value in source.items():
        if name not in names:
            mapped.append(
                MappedHyperparameter(
                    name, value, None, "Not used by the target; not sent.", "目标不使用此参数，不发送。"
                )
            )
    return mapped


def _local_setting(name: str, value: Any) -> MappedHyperparameter | None:
    """A local-engine setting as another local engine takes it, or None when it is not one."""
    if name in _LOCAL_SWITCHES and (value == "auto" or isinstance(value, bool)):
        return MappedHyperparameter(name, value, value)
    if name in _LOCAL_ONLY:
        if value == "auto":
            return MappedHyperparameter(name, value, "auto")
        if isinstance(value, int) and not isinstance(value, bool):
            low, high = _LOCAL_ONLY[name]
            target = min(max(value, low), high)
            if target != value:
                return MappedHyperparameter(
                    name,
                    value,
                    target,
                    f"Brought within the target's range {low}–{high}.",
                    f"已调整到目标允许的范围 {low}–{high}。",
                )
            return MappedHyperparameter(name, value, target)
    return None


@dataclass(frozen=True)
class RetrainSource:
    """A job to train again and its data, on this computer."""

    job: JobInfo
    training_path: Path
    validation_path: Path | None = None
    origin: str = ""  # where it came from, for people: an export folder or a profile's name


def source_from_export(export: ExportFolder, job_id: str) -> RetrainSource:
    """The job and its files as saved in an export folder."""
    job = export.job(job_id)
    if not job.training_file:
        raise RetrainError(f"The job {job_id} names no training file.", f"任务 {job_id} 没有训练文件。")
    training = export.file_path(job.training_file)
    if training is None:
        raise RetrainError(
            f"The training file {job.training_file} of job {job_id} is not in the export (the provider no "
            "longer had it, or it changed since). Choose another job or data file.",
            f"导出中没有任务 {job_id} 的训练文件 {job.training_file}（服务商已没有它，或文件已被改动）。"
            "请选择其他任务或数据文件。",
        )
    validation = export.file_path(job.validation_file) if job.validation_file else None
    return RetrainSource(job, training, validation, str(export.folder))


def source_from_live(
    client: Any,
    job_id: str,
    folder: Path | None = None,
    *,
    origin: str = "",
    cancel: CancelSignal | None = None,
) -> RetrainSource:
    """The job and its files downloaded now into ``folder`` (a new temporary folder if None)."""
    service = JobService(client, cancel=cancel)
    job = service.retrieve(job_id)
    if not job.training_file:
        raise RetrainError(f"The job {job_id} names no training file.", f"任务 {job_id} 没有训练文件。")
    folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="finetune-desk-retrain-"))
    try:
        training = service.download_file(job.training_file, folder / f"{safe_name(job.training_file)}.jsonl")
    except ProviderError as error:
        if error.kind is ErrorKind.NOT_FOUND:
            raise RetrainError(
                f"The provider no longer has the training file {job.training_file} of job {job_id}.",
                f"服务商已没有任务 {job_id} 的训练文件 {job.training_file}。",
            ) from error
        raise
    validation = None
    if job.validation_file:
        raise_if_cancelled(cancel)
        try:
            validation = service.download_file(
                job.validation_file, folder / f"{safe_name(job.validation_file)}.jsonl"
            )
        except ProviderError as error:
            if error.kind is not ErrorKind.NOT_FOUND:
                raise
    return RetrainSource(job, training, validation, origin)


@dataclass(frozen=True)
class RetrainPlan:
    source: RetrainSource
    base_model: str
    target_kind: ProviderKind
    suffix: str | None
    hyperparameters: tuple[MappedHyperparameter, ...]

    def job_request(self, training_file: str, validation_file: str | None) -> dict[str, Any]:
        """The arguments of ``client.fine_tuning.jobs.create`` for the target."""
        method = self.source.job.method_type
        sent = {h.name: h.target for h in self.hyperparameters if h.target is not None}
        request: dict[str, Any] = {
            "model": self.base_model,
            "training_file": training_file,
            "method": {"type": method, method: {"hyperparameters": sent}},
            "metadata": {"retrained_from": self.source.job.id, "original_base_model": self.source.job.model},
        }
        if validation_file:
            request["validation_file"] = validation_file
        if self.suffix:
            request["suffix"] = self.suffix
        if self.source.job.seed is not None:
            request["seed"] = self.source.job.seed
        return request


def plan_retrain(source: RetrainSource, base_model: str, target_kind: ProviderKind) -> RetrainPlan:
    job = source.job
    suffix = (job.suffix or "")[:SUFFIX_LIMIT].replace(":", "-") or None
    mapped = map_hyperparameters(
        job.hyperparameters, job.method_type, target_kind, same_base_model=base_model == job.model
    )
    return RetrainPlan(source, base_model.strip(), target_kind, suffix, tuple(mapped))


def with_overrides(plan: RetrainPlan, overrides: Mapping[str, Any]) -> RetrainPlan:
    """The plan with the values the user typed instead of the mapped ones ("auto" lets the target choose)."""
    changed = []
    for mapped in plan.hyperparameters:
        if mapped.name in overrides and overrides[mapped.name] != mapped.target:
            mapped = MappedHyperparameter(
                mapped.name, mapped.source, overrides[mapped.name], "Changed by you.", "由你修改。"
            )
        changed.append(mapped)
    return replace(plan, hyperparameters=tuple(changed))


def start_retrain(
    client: Any,
    plan: RetrainPlan,
    *,
    profile_id: str,
    ledger: UploadLedger | None = None,
    progress: Progress[UploadEvent] | None = None,
    cancel: CancelSignal | None = None,
) -> JobInfo:
    """Upload the source's files to the target and start the job there (blocks: worker thread).

    Each file reports :class:`UploadStarted`, then :class:`UploadProgress` as its bytes go out.
    """
    if not plan.base_model:
        raise RetrainError("Choose a base model to train.", "请选择要训练的基础模型。")
    paths = [plan.source.training_path]
    if plan.source.validation_path is not None:
        paths.append(plan.source.validation_path)
    file_ids: list[str] = []
    for index, path in enumerate(paths):
        if progress is not None:
            progress(UploadStarted(path.name))
        file_ids.append(
            upload_training_file(
                client,
                path,
                profile_id=profile_id,
                ledger=ledger,
                progress=_report_upload(progress, index, len(paths)),
                cancel=cancel,
                provider_kind=plan.target_kind.value,
            ).file_id
        )
    raise_if_cancelled(cancel)
    request = plan.job_request(file_ids[0], file_ids[1] if len(file_ids) > 1 else None)
    # Never two jobs for one request: after a lost answer the job is looked for before sending again.
    return create_job_once(client, request, cancel=cancel)


def _report_upload(
    progress: Progress[UploadEvent] | None, index: int, count: int
) -> Progress[UploadProgress] | None:
    """Each file's progress, numbered among the files this retraining sends."""
    if progress is None:
        return None
    return lambda event: progress(replace(event, file_index=index, file_count=count))


def wait_for_job(
    client: Any,
    job_id: str,
    *,
    timeout: float = 3600.0,
    interval: float = 1.0,
    cancel: CancelSignal | None = None,
    on_status: Callable[[JobInfo], None] | None = None,
) -> JobInfo:
    """Poll until the job finishes; returns it (succeeded, failed or cancelled)."""
    service = JobService(client, cancel=cancel)
    deadline = time.monotonic() + timeout
    while True:
        job = service.retrieve(job_id)
        if on_status is not None:
            on_status(job)
        if is_terminal(job.status):
            return job
        if time.monotonic() > deadline:
            raise ProviderError(
                ErrorKind.TIMEOUT,
                f"The job {job_id} did not finish in time; it keeps running on the provider.",
                f"任务 {job_id} 未在限定时间内完成；它仍在服务商处运行。",
            )
        sleep_unless_cancelled(interval, cancel)

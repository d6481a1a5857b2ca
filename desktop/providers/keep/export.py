"""Export everything of a profile into a folder, resumably, and open such a folder again.

The folder holds plain files a person can read without the app::

    index.json                      what is in the folder (the jobs, models, files and their state)
    export-report.txt               what was saved and what could not be, in words
    jobs/<job id>/job.json          the job as the provider describes it
    jobs/<job id>/events.jsonl      its events, oldest first
    jobs/<job id>/checkpoints.json  its checkpoints list
    files/<file id>__<name>         training, validation and result files, byte for byte
    golden/<model>.eval.json        recorded answers (see :mod:`desktop.providers.keep.golden`)
    models/<model>/                 a local-engine model's LoRA adapter (the engine's "adapter" export)

Hosted providers never hand out a fine-tuned model's weights: the report lists each such model as
not saved, and says why, rather than claiming everything was saved.

``index.json`` is rewritten (atomically) after every item, so an interrupted export, whether
cancelled or cut off by a crash, starts again where it stopped: a file whose size and SHA-256 match
the index is not downloaded again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop.core.cancel import CancelSignal
from desktop.core.catalog import Catalog
from desktop.core.i18n import pick
from desktop.providers.engine_export import is_local_model
from desktop.providers.errors import (
    ErrorKind,
    ProviderError,
    cancelled_error,
    raise_if_cancelled,
    translate_error,
    with_retries,
)
from desktop.providers.events import Progress
from desktop.providers.events.export import ExportProgress
from desktop.providers.jobs import TERMINAL_STATUSES, JobInfo
from desktop.providers.keep.inventory import InventoryItem, build_inventory, fetch_fine_tuned_models

INDEX_NAME = "index.json"
REPORT_NAME = "export-report.txt"
EXPORT_FORMAT = "finetune-desk-export"
EXPORT_VERSION = 1
CHUNK_SIZE = 1024 * 1024
ATTEMPTS = 3


class EntryKind(StrEnum):
    JOB = "job"
    EVENTS = "events"
    CHECKPOINTS = "checkpoints"
    TRAINING_FILE = "training_file"
    VALIDATION_FILE = "validation_file"
    RESULT_FILE = "result_file"
    ADAPTER = "adapter"  # a local-engine model's adapter folder (path: its adapter_model.safetensors)
    WEIGHTS = "weights"  # a hosted model's weights, which the provider does not hand out

    @property
    def is_file(self) -> bool:
        return self in (EntryKind.TRAINING_FILE, EntryKind.VALIDATION_FILE, EntryKind.RESULT_FILE)

    def describe(self) -> str:
        return pick(*_describe(self))


class EntryState(StrEnum):
    SAVED = "saved"  # in the folder, verified by size and SHA-256
    MISSING = "missing"  # the provider no longer has it (deleted or expired)
    FAILED = "failed"  # it could not be saved this time (see the message); trying again may work
    PENDING = "pending"  # not reached yet (the export was interrupted before it)
    UNAVAILABLE = "unavailable"  # the provider never hands it out (a hosted model's weights)


@dataclass(frozen=True)
class ExportEntry:
    """One thing to save: a job's details, events or checkpoints, or a file."""

    kind: EntryKind
    id: str  # the file id, or the job id for job details, events and checkpoints
    job_id: str
    path: str = ""  # relative to the export folder, "/"-separated
    state: EntryState = EntryState.PENDING
    size: int | None = None
    sha256: str | None = None
    filename: str | None = None  # the provider's name of a file
    message_en: str = ""
    message_zh: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.id}"

    @property
    def message(self) -> str:
        return pick(self.message_en, self.message_zh)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "id": self.id,
            "job_id": self.job_id,
            "path": self.path,
            "state": self.state.value,
            "bytes": self.size,
            "sha256": self.sha256,
            "filename": self.filename,
            "message_en": self.message_en,
            "message_zh": self.message_zh,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ExportEntry:
        size = data.get("bytes")
        return cls(
            kind=EntryKind(str(data["kind"])),
            id=str(data["id"]),
            job_id=str(data.get("job_id") or ""),
            path=str(data.get("path") or ""),
            state=EntryState(str(data.get("state") or EntryState.PENDING.value)),
            size=int(size) if isinstance(size, int) else None,
            sha256=str(data["sha256"]) if data.get("sha256") else None,
            filename=str(data["filename"]) if data.get("filename") else None,
            message_en=str(data.get("message_en") or ""),
            message_zh=str(data.get("message_zh") or ""),
        )


@dataclass
class ExportReport:
    """What this run of the export did."""

    folder: Path
    saved: list[ExportEntry] = field(default_factory=list)  # saved by this run
    already_saved: list[ExportEntry] = field(default_factory=list)  # complete before, verified, skipped
    not_saved: list[ExportEntry] = field(default_factory=list)  # missing on the provider, or failed
    cancelled: bool = False
    jobs: int = 0
    fine_tuned_models: int = 0

    @property
    def complete(self) -> bool:
        """Everything the provider still has is in the folder."""
        return not self.cancelled and all(
            e.state in (EntryState.MISSING, EntryState.UNAVAILABLE) for e in self.not_saved
        )

    def lines(self) -> list[str]:
        """The report in the user's language, one line per fact."""
        lines = [
            pick(
                f"Export folder: {self.folder}",
                f"导出文件夹：{self.folder}",
            ),
            pick(
                f"{self.jobs} job(s), {self.fine_tuned_models} fine-tuned model(s).",
                f"{self.jobs} 个任务，{self.fine_tuned_models} 个微调模型。",
            ),
            pick(
                f"Saved now: {len(self.saved)}; already saved before (verified, not downloaded again): "
                f"{len(self.already_saved)}; not saved: {len(self.not_saved)}.",
                f"本次保存：{len(self.saved)}；之前已保存（已校验，未重新下载）：{len(self.already_saved)}；"
                f"未能保存：{len(self.not_saved)}。",
            ),
        ]
        if self.cancelled:
            lines.append(
                pick(
                    "The export was stopped before the end. Export again into the same folder to finish it: "
                    "what is already saved is kept.",
                    "导出在完成前被停止。再次导出到同一文件夹即可继续：已保存的内容会保留。",
                )
            )
        for entry in self.not_saved:
            lines.append(f"✗ {entry.kind.describe()} {entry.id} ({entry.job_id}): {entry.message}")
        for entry in self.saved:
            note = f" — {entry.message}" if entry.message else ""
            lines.append(f"✓ {entry.kind.describe()} {entry.id} → {entry.path}{note}")
        return lines

    def text(self) -> str:
        return "\n".join(self.lines()) + "\n"


# --- Files on disk ------------------------------------------------------------------------------


def _write_atomically(path: Path, content: bytes) -> None:
    from desktop.core.atomic import atomic_write_bytes

    atomic_write_bytes(path, content)


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def _verified(folder: Path, entry: ExportEntry | None) -> bool:
    """Whether ``entry`` is saved and its file still has the recorded size and hash."""
    if entry is None or entry.state is not EntryState.SAVED or not entry.sha256 or not entry.path:
        return False
    path = folder / entry.path
    try:
        if entry.size is not None and path.stat().st_size != entry.size:
            return False
        return sha256_of(path) == entry.sha256
    except OSError:
        return False


_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_name(text: str, limit: int = 80) -> str:
    """A file name made of ``text`` that is valid on every system (no separators, no dots only)."""
    cleaned = _UNSAFE.sub("_", text).strip("._") or "file"
    return cleaned[:limit]


def _as_dict(value: Any) -> dict[str, Any]:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        dumped = dump()
        if isinstance(dumped, dict):
            return dumped
    return dict(value) if isinstance(value, Mapping) else {}


# --- Talking to the provider ----------------------------------------------------------------------


def _call(call: Callable[[], Any], cancel: CancelSignal | None) -> Any:
    def translated() -> Any:
        try:
            return call()
        except ProviderError:
            raise
        except Exception as error:
            raise translate_error(error) from error

    return with_retries(translated, attempts=ATTEMPTS, cancel=cancel)


def _all_pages(list_page: Callable[[str | None], Any], cancel: CancelSignal | None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    after: str | None = None
    while True:
        page = _call(functools.partial(list_page, after), cancel)
        data = list(page.data)
        for raw in data:
            item = _as_dict(raw)
            if str(item.get("id")) not in seen:
                seen.add(str(item.get("id")))
                items.append(item)
        if not data or not getattr(page, "has_more", False):
            return items
        after = str(data[-1].id)


def _list_jobs(client: Any, cancel: CancelSignal | None) -> list[dict[str, Any]]:
    jobs = client.fine_tuning.jobs

    def page(after: str | None) -> Any:
        return jobs.list(limit=100, **({"after": after} if after else {}))

    return _all_pages(page, cancel)


def _list_events(client: Any, job_id: str, cancel: CancelSignal | None) -> list[dict[str, Any]]:
    jobs = client.fine_tuning.jobs

    def page(after: str | None) -> Any:
        return jobs.list_events(job_id, limit=100, **({"after": after} if after else {}))

    events = _all_pages(page, cancel)
    events.reverse()  # the API lists newest first; a log reads oldest first
    return events


def _list_checkpoints(client: Any, job_id: str, cancel: CancelSignal | None) -> list[dict[str, Any]]:
    checkpoints = client.fine_tuning.jobs.checkpoints

    def page(after: str | None) -> Any:
        return checkpoints.list(job_id, limit=100, **({"after": after} if after else {}))

    return _all_pages(page, cancel)


def _download(
    client: Any,
    file_id: str,
    destination: Path,
    cancel: CancelSignal | None,
    on_bytes: Callable[[int], None],
) -> tuple[int, str]:
    """Stream a file's content to ``destination`` (through a temporary file); its size and SHA-256."""
    destination.parent.mkdir(parents=True, exist_ok=True)

    def fetch() -> tuple[int, str]:
        from desktop.core.atomic import atomic_write

        digest = hashlib.sha256()
        size = 0
        with (
            atomic_write(destination, "wb") as stream,
            client.files.with_streaming_response.content(file_id) as response,
        ):
            for chunk in response.iter_bytes(CHUNK_SIZE):
                raise_if_cancelled(cancel)  # a CANCELLED ProviderError, never retried
                stream.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                on_bytes(size)
        return size, digest.hexdigest()

    def translated() -> tuple[int, str]:
        try:
            return fetch()
        except ProviderError:
            raise
        except Exception as error:
            raise translate_error(error) from error

    return with_retries(translated, attempts=ATTEMPTS, cancel=cancel)


def _describe(kind: EntryKind) -> tuple[str, str]:
    names = {
        EntryKind.JOB: ("job details", "任务详情"),
        EntryKind.EVENTS: ("events", "事件"),
        EntryKind.CHECKPOINTS: ("checkpoints list", "检查点列表"),
        EntryKind.TRAINING_FILE: ("training file", "训练文件"),
        EntryKind.VALIDATION_FILE: ("validation file", "验证文件"),
        EntryKind.RESULT_FILE: ("result file", "结果文件"),
        EntryKind.ADAPTER: ("model adapter", "模型适配器"),
        EntryKind.WEIGHTS: ("model weights", "模型权重"),
    }
    return names[kind]


# --- The index ------------------------------------------------------------------------------------


class ExportFolderError(ValueError):
    """A folder that is not an export (or a damaged one); ``user_message`` says why."""

    def __init__(self, english: str, chinese: str) -> None:
        super().__init__(english)
        self.user_message = pick(english, chinese)


def _now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class ExportIndex:
    """The contents of ``index.json``."""

    profile: dict[str, Any] = field(default_factory=dict)  # name, kind, base URL (never a secret)
    provider: str | None = None  # the catalog's provider name, for days left
    jobs: list[dict[str, Any]] = field(default_factory=list)  # as the provider describes them
    fine_tuned_models: list[dict[str, Any]] = field(default_factory=list)
    entries: dict[str, ExportEntry] = field(default_factory=dict)
    golden: list[dict[str, Any]] = field(default_factory=list)
    exported_at: str = ""
    complete: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": self.exported_at,
            "complete": self.complete,
            "profile": self.profile,
            "provider": self.provider,
            "jobs": self.jobs,
            "fine_tuned_models": self.fine_tuned_models,
            "entries": [entry.to_json() for entry in self.entries.values()],
            "golden": self.golden,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ExportIndex:
        if data.get("format") != EXPORT_FORMAT:
            raise ExportFolderError(
                "This folder is not a Finetune Desk export (its index.json is of another kind).",
                "此文件夹不是微调工作台的导出文件夹（index.json 的格式不对）。",
            )
        if int(data.get("version") or 0) > EXPORT_VERSION:
            raise ExportFolderError(
                "This export was made by a newer version of the app. Update the app to open it.",
                "此导出由更新版本的应用生成。请更新应用后再打开。",
            )
        try:
            entries = [ExportEntry.from_json(item) for item in data.get("entries") or []]
            return cls(
                profile=dict(data.get("profile") or {}),
                provider=str(data["provider"]) if data.get("provider") else None,
                jobs=[dict(job) for job in data.get("jobs") or []],
                fine_tuned_models=[dict(model) for model in data.get("fine_tuned_models") or []],
                entries={entry.key: entry for entry in entries},
                golden=[dict(item) for item in data.get("golden") or []],
                exported_at=str(data.get("exported_at") or ""),
                complete=bool(data.get("complete")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ExportFolderError(
                f"The export's index.json is damaged: {error}",
                f"导出文件夹中的 index.json 已损坏：{error}",
            ) from error


def read_index(folder: Path) -> ExportIndex:
    path = Path(folder) / INDEX_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ExportFolderError(
            f"There is no {INDEX_NAME} in {folder}: choose the folder an export was saved in.",
            f"{folder} 中没有 {INDEX_NAME}：请选择保存导出内容的文件夹。",
        ) from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExportFolderError(
            f"The export's index.json cannot be read: {error}",
            f"无法读取导出文件夹中的 index.json：{error}",
        ) from error
    if not isinstance(data, dict):
        raise ExportFolderError(
            "This folder is not a Finetune Desk export.", "此文件夹不是微调工作台的导出文件夹。"
        )
    return ExportIndex.from_json(data)


def write_index(folder: Path, index: ExportIndex) -> None:
    _write_atomically(Path(folder) / INDEX_NAME, _json_bytes(index.to_json()))


# --- Exporting ------------------------------------------------------------------------------------


def _plan(jobs: Iterable[dict[str, Any]], local_engine: bool = False) -> list[ExportEntry]:
    """Every item to save, job by job; a file shared by several jobs is saved once. A fine-tuned
    model's weights are saved (as its adapter) from a local engine, and listed as unavailable from
    a hosted provider."""
    planned: list[ExportEntry] = []
    files_seen: set[str] = set()
    for job in jobs:
        job_id = str(job["id"])
        folder = f"jobs/{safe_name(job_id)}"
        planned.append(ExportEntry(EntryKind.JOB, job_id, job_id, f"{folder}/job.json"))
        planned.append(ExportEntry(EntryKind.EVENTS, job_id, job_id, f"{folder}/events.jsonl"))
        planned.append(ExportEntry(EntryKind.CHECKPOINTS, job_id, job_id, f"{folder}/checkpoints.json"))
        files = [(EntryKind.TRAINING_FILE, job.get("training_file"))]
        files.append((EntryKind.VALIDATION_FILE, job.get("validation_file")))
        files.extend((EntryKind.RESULT_FILE, file_id) for file_id in job.get("result_files") or ())
        for kind, file_id in files:
            if file_id and str(file_id) not in files_seen:
                files_seen.add(str(file_id))
                planned.append(ExportEntry(kind, str(file_id), job_id))
        model = str(job.get("fine_tuned_model") or "")
        if model and local_engine and is_local_model(model):
            path = f"models/{safe_name(model, 120)}/adapter_model.safetensors"
            planned.append(ExportEntry(EntryKind.ADAPTER, model, job_id, path))
        elif model:
            planned.append(ExportEntry(EntryKind.WEIGHTS, model, job_id))
    return planned


def export_profile(
    client: Any,
    folder: Path,
    *,
    profile: Mapping[str, Any] | None = None,
    provider: str | None = None,
    progress: Progress[ExportProgress] | None = None,
    cancel: CancelSignal | None = None,
) -> ExportReport:
    """Save every job, its events, checkpoints and files of the client's profile into ``folder``.

    Blocks (call on a worker thread). ``profile`` is what the index says about where it came from
    (name, kind, base URL: never a key). Returns a report; a cancel returns a report with
    ``cancelled`` set, and exporting again into the same folder finishes the work without
    downloading again what is already there. Files the provider no longer has are reported, not raised.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        index = read_index(folder)
    except ExportFolderError:
        if (folder / INDEX_NAME).exists():
            raise
        index = ExportIndex()
    previous = dict(index.entries)
    report = ExportReport(folder)

    def tell(done: int, total: int, english: str, chinese: str, bytes_done: int = 0) -> None:
        if progress is not None:
            progress(ExportProgress(done, total, english, chinese, bytes_done))

    def stop_here() -> ExportReport:
        report.cancelled = True
        index.complete = False
        write_index(folder, index)
        _write_atomically(folder / REPORT_NAME, report.text().encode("utf-8"))
        return report

    tell(0, 1, "Listing jobs and models…", "正在列出任务和模型…")
    try:
        jobs = _list_jobs(client, cancel)
        models = fetch_fine_tuned_models(client)
    except ProviderError as error:
        if error.kind is ErrorKind.CANCELLED:
            return stop_here()
        raise
    index.profile = dict(profile or index.profile)
    index.provider = provider or index.provider
    index.jobs = jobs
    index.fine_tuned_models = models
    index.exported_at = _now_iso()
    report.jobs, report.fine_tuned_models = len(jobs), len(models)
    jobs_by_id = {str(job["id"]): job for job in jobs}
    local_engine = str((profile or index.profile).get("kind") or "") == "local"
    planned = _plan(jobs, local_engine)
    # Entries of jobs the provider no longer lists stay in the index: the folder keeps what it had.
    for entry in planned:
        index.entries.setdefault(entry.key, entry)
    write_index(folder, index)

    total = len(planned)
    for done, entry in enumerate(planned):
        if cancel is not None and cancel.cancelled:
            return stop_here()
        kind_en, kind_zh = _describe(entry.kind)
        label_en, label_zh = f"Saving the {kind_en} {entry.id}…", f"正在保存{kind_zh} {entry.id}…"
        tell(done, total, label_en, label_zh)

        def on_bytes(count: int, done: int = done, english: str = label_en, chinese: str = label_zh) -> None:
            tell(done, total, english, chinese, count)

        known = previous.get(entry.key)
        job = jobs_by_id[entry.job_id]
        # A finished job no longer changes; a job still running is saved again for its latest state.
        unchanged = entry.kind.is_file or job.get("status") in TERMINAL_STATUSES
        if unchanged and known is not None and _verified(folder, known):
            report.already_saved.append(known)
            continue
        if entry.kind is EntryKind.WEIGHTS:
            saved = _unavailable(entry)
            report.not_saved.append(saved)
            index.entries[saved.key] = saved
            write_index(folder, index)
            continue
        try:
            if entry.kind is EntryKind.ADAPTER:
                saved = _save_adapter(client, folder, entry, cancel, on_bytes)
            elif entry.kind.is_file:
                saved = _save_file(client, folder, entry, cancel, on_bytes)
            else:
                saved = _save_job_part(client, folder, entry, job, cancel)
        except ProviderError as error:
            if error.kind is ErrorKind.CANCELLED:
                return stop_here()
            saved = _not_saved(entry, error)
            report.not_saved.append(saved)
        else:
            report.saved.append(saved)
        index.entries[saved.key] = saved
        write_index(folder, index)

    index.complete = True
    write_index(folder, index)
    tell(total, total, "Export finished.", "导出完成。")
    _write_atomically(folder / REPORT_NAME, report.text().encode("utf-8"))
    return report


def _not_saved(entry: ExportEntry, error: ProviderError) -> ExportEntry:
    kind_en, kind_zh = _describe(entry.kind)
    if error.kind is ErrorKind.NOT_FOUND:
        return _replace(
            entry,
            state=EntryState.MISSING,
            message_en=f"The provider no longer has this {kind_en} (it was deleted or has expired), "
            "so it could not be saved.",
            message_zh=f"服务商已没有此{kind_zh}（已被删除或已过期），因此无法保存。",
        )
    return _replace(
        entry,
        state=EntryState.FAILED,
        message_en=f"Not saved: {error.message_en} Export again to retry.",
        message_zh=f"未能保存：{error.message_zh} 请再次导出以重试。",
    )


def _unavailable(entry: ExportEntry) -> ExportEntry:
    return _replace(
        entry,
        state=EntryState.UNAVAILABLE,
        message_en="Hosted providers don't let anyone download a fine-tuned model's weights: the model stays "
        "with the provider. Its job, events and files are saved; to keep a model of your own, retrain it on "
        "the local engine (Retrain…).",
        message_zh="托管服务商不允许下载微调模型的权重：模型只保留在服务商处。它的任务、事件和文件已保存；"
        "若要拥有自己的模型，请在本地引擎上重新训练（重新训练…）。",
    )


def _save_adapter(
    client: Any,
    folder: Path,
    entry: ExportEntry,
    cancel: CancelSignal | None,
    on_bytes: Callable[[int], None],
) -> ExportEntry:
    """Have the local engine write the model's adapter into ``models/<model>/``."""
    from desktop.providers import engine_export

    target = (folder / entry.path).parent.resolve()
    export = engine_export.run_export(
        client,
        entry.id,
        "adapter",
        target,
        force=True,
        progress=lambda update: on_bytes(update.written_bytes),
        cancel=cancel,
    )
    if export.status == "cancelled":
        raise cancelled_error()
    weights = folder / entry.path
    total = sum(path.stat().st_size for path in target.rglob("*") if path.is_file())
    megabytes = f"{total / 1024**2:,.1f} MB"
    with_base = (target / "base").is_dir()
    return _replace(
        entry,
        state=EntryState.SAVED,
        size=weights.stat().st_size,
        sha256=sha256_of(weights),
        message_en=f"{megabytes}" + (" (with its base model, which exists only here)" if with_base else ""),
        message_zh=f"{megabytes}" + ("（含其基础模型，该模型仅存在于此）" if with_base else ""),
    )


def _replace(entry: ExportEntry, **changes: Any) -> ExportEntry:
    from dataclasses import replace

    return replace(entry, **changes)


def _save_file(
    client: Any,
    folder: Path,
    entry: ExportEntry,
    cancel: CancelSignal | None,
    on_bytes: Callable[[int], None],
) -> ExportEntry:
    described = _as_dict(_call(lambda: client.files.retrieve(entry.id), cancel))
    filename = str(described.get("filename") or entry.id)
    relative = f"files/{safe_name(entry.id)}__{safe_name(filename)}"
    size, digest = _download(client, entry.id, folder / relative, cancel, on_bytes)
    return _replace(
        entry,
        path=relative,
        state=EntryState.SAVED,
        size=size,
        sha256=digest,
        filename=filename,
        message_en="",
        message_zh="",
    )


def _save_job_part(
    client: Any, folder: Path, entry: ExportEntry, job: dict[str, Any], cancel: CancelSignal | None
) -> ExportEntry:
    if entry.kind is EntryKind.JOB:
        content = _json_bytes(job)
    elif entry.kind is EntryKind.EVENTS:
        events = _list_events(client, entry.job_id, cancel)
        content = "".join(json.dumps(e, ensure_ascii=False, default=str) + "\n" for e in events).encode()
    else:
        content = _json_bytes(_list_checkpoints(client, entry.job_id, cancel))
    _write_atomically(folder / entry.path, content)
    return _replace(
        entry,
        state=EntryState.SAVED,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        message_en="",
        message_zh="",
    )


# --- Opening an export ----------------------------------------------------------------------------


@dataclass
class ExportFolder:
    """An export opened again: its inventory offline, its files, its golden answers."""

    folder: Path
    index: ExportIndex

    @classmethod
    def open(cls, folder: Path) -> ExportFolder:
        return cls(Path(folder), read_index(Path(folder)))

    def reload(self) -> None:
        self.index = read_index(self.folder)

    @property
    def profile_name(self) -> str:
        return str(self.index.profile.get("name") or self.folder.name)

    def jobs(self) -> list[JobInfo]:
        return [JobInfo.from_api(job) for job in self.index.jobs]

    def job(self, job_id: str) -> JobInfo:
        for job in self.index.jobs:
            if str(job.get("id")) == job_id:
                return JobInfo.from_api(job)
        raise KeyError(job_id)

    def inventory(self, catalog: Catalog, today: date) -> list[InventoryItem]:
        """The same inventory the profile showed when it was exported, without a provider."""
        return build_inventory(self.jobs(), self.index.fine_tuned_models, catalog, self.index.provider, today)

    def entries(self) -> list[ExportEntry]:
        return list(self.index.entries.values())

    def file_path(self, file_id: str) -> Path | None:
        """Where a saved file is (None when it was not saved or no longer matches its hash)."""
        for entry in self.index.entries.values():
            if entry.kind.is_file and entry.id == file_id and _verified(self.folder, entry):
                return self.folder / entry.path
        return None

    def events(self, job_id: str) -> list[dict[str, Any]]:
        path = self.folder / "jobs" / safe_name(job_id) / "events.jsonl"
        if not path.is_file():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def checkpoints(self, job_id: str) -> list[dict[str, Any]]:
        path = self.folder / "jobs" / safe_name(job_id) / "checkpoints.json"
        if not path.is_file():
            return []
        loaded = json.loads(path.read_text(encoding="utf-8"))
        return [dict(item) for item in loaded] if isinstance(loaded, list) else []

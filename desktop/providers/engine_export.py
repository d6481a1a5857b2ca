"""Exporting and importing local-engine models, through the engine's ``/v1/engine/exports`` and
``/v1/engine/imports`` routes, over the unmodified ``openai`` client's HTTP (no Qt).

The engine does the work (it has the weights and the training libraries); this module starts an
export, follows it, cancels it and turns its failures into bilingual messages. Paths are on the
engine's machine, which for the app's own engine is this one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.cancel import CancelSignal
from desktop.core.model_ids import parse_model_id
from desktop.providers.errors import ErrorKind, ProviderError, translate_error

FORMATS = ("adapter", "merged", "ollama")
TERMINAL = {"succeeded", "failed", "cancelled"}
POLL_SECONDS = 0.25

# The engine's error codes in the user's two languages (the engine itself speaks English).
_MESSAGES: dict[str, tuple[ErrorKind, str, str]] = {
    "output_exists": (
        ErrorKind.CONFLICT,
        "The folder exists and is not empty. Choose an empty or new folder, or allow replacing it.",
        "该文件夹已存在且不为空。请选择空文件夹或新文件夹，或允许替换它。",
    ),
    "insufficient_storage": (
        ErrorKind.BAD_REQUEST,
        "There is not enough free space on that disk for this export. Free some space or choose another "
        "disk.",
        "该磁盘的可用空间不足以完成此次导出。请释放空间或选择其他磁盘。",
    ),
    "model_not_found": (
        ErrorKind.NOT_FOUND,
        "The local engine has no such fine-tuned model (only models trained on this engine can be exported).",
        "本地引擎中没有这个微调模型（只能导出在本引擎上训练的模型）。",
    ),
    "base_model_missing": (
        ErrorKind.BAD_REQUEST,
        "The model's base model is not on this computer; download it first, or export the adapter.",
        "该模型的基础模型不在本机上；请先下载它，或导出适配器。",
    ),
    "engine_dependencies_missing": (
        ErrorKind.BAD_REQUEST,
        "Merging needs the training libraries, which are not installed; export the adapter, or install them.",
        "合并需要训练库，但尚未安装；请导出适配器，或先安装训练库。",
    ),
    "invalid_adapter": (
        ErrorKind.BAD_REQUEST,
        "That folder holds no adapter (adapter_config.json and adapter_model.safetensors). Choose a folder "
        "exported in the “adapter” format.",
        "该文件夹中没有适配器（adapter_config.json 和 adapter_model.safetensors）。"
        "请选择以“适配器”格式导出的文件夹。",
    ),
}


def is_local_model(model_id: str) -> bool:
    """Whether ``model_id`` names a model fine-tuned on a local engine (``ft:BASE:local:…``)."""
    return parse_model_id(model_id).is_local


@dataclass(frozen=True)
class ExportSizes:
    """Bytes each format will take (None: the base model is not on the engine's machine)."""

    adapter: int | None
    merged: int | None
    ollama: int | None
    free_bytes: int | None

    def of(self, export_format: str) -> int | None:
        return {"adapter": self.adapter, "merged": self.merged, "ollama": self.ollama}[export_format]


@dataclass(frozen=True)
class EngineExport:
    id: str
    model: str
    format: str
    out: str
    status: str
    stage: str
    written_bytes: int
    total_bytes: int | None
    error_code: str | None
    error_message: str | None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> EngineExport:
        error = data.get("error") or {}
        total = data.get("total_bytes")
        return cls(
            id=str(data["id"]),
            model=str(data.get("model") or ""),
            format=str(data.get("format") or ""),
            out=str(data.get("out") or ""),
            status=str(data.get("status") or ""),
            stage=str(data.get("stage") or ""),
            written_bytes=int(data.get("written_bytes") or 0),
            total_bytes=int(total) if isinstance(total, int) else None,
            error_code=str(error["code"]) if error.get("code") else None,
            error_message=str(error["message"]) if error.get("message") else None,
        )

    @property
    def done(self) -> bool:
        return self.status in TERMINAL

    @property
    def fraction(self) -> float:
        if not self.total_bytes:
            return 0.0
        return min(1.0, self.written_bytes / self.total_bytes)

    def failure(self) -> ProviderError:
        return _coded_error(self.error_code, self.error_message or "The export failed.")


def _coded_error(code: str | None, english: str, status_code: int | None = None) -> ProviderError:
    known = _MESSAGES.get(code or "")
    if known is None:
        return ProviderError(
            ErrorKind.UNKNOWN,
            f"The export failed: {english}",
            f"导出失败：{english}",
            code=code,
            detail=english,
            status_code=status_code,
            retryable=False,
        )
    kind, message_en, message_zh = known
    return ProviderError(
        kind, message_en, message_zh, code=code, detail=english, status_code=status_code, retryable=False
    )


def _request(call: Callable[[], Any]) -> Any:
    import openai

    try:
        return call()
    except openai.APIStatusError as error:
        body = error.body if isinstance(error.body, dict) else {}
        code = body.get("code")
        if code in _MESSAGES:
            raise _coded_error(str(code), str(body.get("message") or error), error.status_code) from error
        raise translate_error(error) from error
    except ProviderError:
        raise
    except Exception as error:
        raise translate_error(error) from error


def export_sizes(client: Any, model: str, out: Path | None = None) -> ExportSizes:
    params = {"model": model, **({"out": str(out)} if out is not None else {})}
    data = _request(lambda: client.get("/engine/exports/sizes", cast_to=object, options={"params": params}))
    sizes = data.get("sizes") or {}

    def size(name: str) -> int | None:
        value = sizes.get(name)
        return int(value) if isinstance(value, int) else None

    free = data.get("free_bytes")
    return ExportSizes(
        size("adapter"), size("merged"), size("ollama"), int(free) if isinstance(free, int) else None
    )


def start_export(client: Any, model: str, export_format: str, out: Path, force: bool = False) -> EngineExport:
    body = {"model": model, "format": export_format, "out": str(out), "force": force}
    return EngineExport.from_api(_request(lambda: client.post("/engine/exports", cast_to=object, body=body)))


def get_export(client: Any, export_id: str) -> EngineExport:
    return EngineExport.from_api(_request(lambda: client.get(f"/engine/exports/{export_id}", cast_to=object)))


def cancel_export(client: Any, export_id: str) -> EngineExport:
    return EngineExport.from_api(
        _request(lambda: client.post(f"/engine/exports/{export_id}/cancel", cast_to=object))
    )


def run_export(
    client: Any,
    model: str,
    export_format: str,
    out: Path,
    force: bool = False,
    progress: Callable[[EngineExport], None] | None = None,
    cancel: CancelSignal | None = None,
    poll_seconds: float = POLL_SECONDS,
) -> EngineExport:
    """Export and wait for the end; a cancel asks the engine to stop (it removes what it wrote).

    Returns the finished (succeeded or cancelled) export; raises a ProviderError when it failed.
    """
    export = start_export(client, model, export_format, out, force)
    asked_to_cancel = False
    while not export.done:
        if progress is not None:
            progress(export)
        if cancel is not None and cancel.cancelled and not asked_to_cancel:
            asked_to_cancel = True
            try:
                cancel_export(client, export.id)
            except ProviderError as error:
                if error.kind is not ErrorKind.CONFLICT:  # a conflict: it ended meanwhile
                    raise
        time.sleep(poll_seconds)
        export = get_export(client, export.id)
    if progress is not None:
        progress(export)
    if export.status == "failed":
        raise export.failure()
    return export


def import_adapter(client: Any, folder: Path, base: str | None = None, suffix: str | None = None) -> str:
    """Bring an exported adapter folder into the engine; the new fine-tuned model's id."""
    body: dict[str, Any] = {"folder": str(folder)}
    if base:
        body["base"] = base
    if suffix:
        body["suffix"] = suffix
    data = _request(lambda: client.post("/engine/imports", cast_to=object, body=body))
    return str(data["id"])

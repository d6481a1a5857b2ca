"""The local engine's extension API: base models, the hub, downloads and training estimates.

A typed client over the unmodified ``openai`` package's own HTTP client (``client.get``/``client.post``
with the engine's bearer token), for the routes beside the OpenAI ones under ``/v1/engine/``:

- ``GET /v1/engine/base_models`` → :class:`BaseModelInfo` (catalog, downloaded and folder models,
  ``tiny-random``), each with the engine's fit estimate for this machine;
- ``GET /v1/engine/hub_models/{id}`` → :class:`HubModel`, what the hub says of an id before downloading;
- ``POST /v1/engine/downloads`` (start or join), ``GET .../downloads/{id}``, ``POST .../{id}/cancel``
  → :class:`Download`;
- ``POST /v1/engine/estimate`` → :class:`TrainingEstimate`, with the hyperparameters the engine
  resolves for "auto" (the same function its jobs use).

The Hugging Face token, when the user has one, goes in the ``X-HF-Token`` header of the hub look-up
and the download request only: never in a URL, a log or an error message. Every failure leaves as a
:class:`~desktop.providers.errors.ProviderError` with a message in English and Chinese; a gated model
without access is :attr:`~desktop.providers.errors.ErrorKind.GATED`, an unknown id ``NOT_FOUND``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from desktop.core.cancel import CancelSignal
from desktop.providers.errors import (
    ErrorKind,
    ProviderError,
    hub_error,
    raise_if_cancelled,
    sleep_unless_cancelled,
    translate_error,
    with_retries,
)

HF_TOKEN_HEADER = "X-HF-Token"
DOWNLOAD_POLL_SECONDS = 0.5


HUB_ID_PATTERN = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def is_hub_id(model: str) -> bool:
    """Whether ``model`` names a Hugging Face repo (``owner/name``), not a folder or a built-in model."""
    return bool(HUB_ID_PATTERN.match(model))


class FitVerdict(StrEnum):
    OK = "ok"  # trains comfortably in the memory there is
    TIGHT = "tight"  # may train, close to the memory there is (smaller batch, checkpointing)
    NO = "no"  # needs more memory than the machine has
    UNKNOWN = "unknown"  # the engine did not say


class DownloadStatus(StrEnum):
    QUEUED = "queued"
    DOWNLOADING = "downloading"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (DownloadStatus.DONE, DownloadStatus.FAILED, DownloadStatus.CANCELLED)


@dataclass(frozen=True)
class Fit:
    """The engine's estimate of whether LoRA training of a model fits this machine."""

    device: str = ""  # "cuda", "mps" or "cpu"
    device_name: str = ""
    memory_bytes: int | None = None  # available
    needed_bytes: int | None = None
    verdict: FitVerdict = FitVerdict.UNKNOWN

    @classmethod
    def from_json(cls, data: object) -> Fit | None:
        if not isinstance(data, Mapping):
            return None
        try:
            verdict = FitVerdict(str(data.get("verdict") or "unknown"))
        except ValueError:
            verdict = FitVerdict.UNKNOWN
        return cls(
            device=str(data.get("device") or ""),
            device_name=str(data.get("device_name") or ""),
            memory_bytes=_int_or_none(data.get("memory_bytes")),
            needed_bytes=_int_or_none(data.get("needed_bytes")),
            verdict=verdict,
        )


@dataclass(frozen=True)
class BaseModelInfo:
    """One model the engine can fine-tune (``GET /v1/engine/base_models``)."""

    id: str
    display_name: str = ""
    parameters: int | None = None
    download_bytes: int | None = None
    license: str = ""
    gated: bool = False
    downloaded: bool = False
    context_length: int | None = None
    languages: tuple[str, ...] = ()
    chat_template: str = ""  # the template family ("chatml", "llama3", ...), "" when none
    recommended_for: str = ""
    test_model: bool = False
    fits: Fit | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.display_name or self.id

    @property
    def is_hub_model(self) -> bool:
        """Whether it comes from the Hugging Face hub (an ``org/name`` id), not a folder or built in."""
        return is_hub_id(self.id)

    @property
    def needs_download(self) -> bool:
        return not self.downloaded and self.is_hub_model

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BaseModelInfo:
        languages = data.get("languages") or ()
        recommended = data.get("recommended_for") or ""
        if isinstance(recommended, Mapping):  # {"en": ..., "zh": ...}
            from desktop.core.i18n import pick

            recommended = pick(str(recommended.get("en") or ""), str(recommended.get("zh") or ""))
        elif isinstance(recommended, list | tuple):
            recommended = ", ".join(str(r) for r in recommended)
        template = data.get("chat_template")
        return cls(
            id=str(data["id"]),
            display_name=str(data.get("display_name") or ""),
            parameters=_int_or_none(data.get("parameters")),
            download_bytes=_int_or_none(data.get("download_bytes")),
            license=str(data.get("license") or ""),
            gated=bool(data.get("gated")),
            downloaded=bool(data.get("downloaded")),
            context_length=_int_or_none(data.get("context_length")),
            languages=tuple(str(lang) for lang in languages) if isinstance(languages, list | tuple) else (),
            chat_template="" if template in (None, False) else str(template),
            recommended_for=str(recommended),
            test_model=bool(data.get("test_model")),
            fits=Fit.from_json(data.get("fits")),
            raw=dict(data),
        )


@dataclass(frozen=True)
class HubModel:
    """What the hub says of a model id before it is downloaded (``GET /v1/engine/hub_models/{id}``)."""

    id: str
    sha: str = ""
    gated: bool = False
    download_bytes: int | None = None
    files: tuple[str, ...] = ()
    chat_template: bool = False
    downloaded: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HubModel:
        files = data.get("files") or ()
        return cls(
            id=str(data["id"]),
            sha=str(data.get("sha") or ""),
            gated=bool(data.get("gated")),
            download_bytes=_int_or_none(data.get("download_bytes")),
            files=tuple(str(f.get("path") if isinstance(f, Mapping) else f) for f in files),
            chat_template=bool(data.get("chat_template")),
            downloaded=bool(data.get("downloaded")),
        )


@dataclass(frozen=True)
class Download:
    """A model download on the engine (``/v1/engine/downloads``)."""

    id: str
    model: str
    status: DownloadStatus
    downloaded_bytes: int = 0
    total_bytes: int | None = None
    error: str = ""  # the engine's message when it failed
    error_code: str = ""  # e.g. "gated_model", "model_not_found", "disk_full"

    @property
    def fraction(self) -> float | None:
        """Share done (0..1), or None while the size is not known."""
        if self.status is DownloadStatus.DONE:
            return 1.0
        if not self.total_bytes:
            return None
        return max(0.0, min(1.0, self.downloaded_bytes / self.total_bytes))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Download:
        try:
            status = DownloadStatus(str(data.get("status") or "queued"))
        except ValueError:
            status = DownloadStatus.FAILED
        error = data.get("error")
        code = ""
        if isinstance(error, Mapping):
            code = str(error.get("code") or "")
            error = error.get("message") or error.get("code")
        return cls(
            id=str(data["id"]),
            model=str(data.get("model") or ""),
            status=status,
            downloaded_bytes=_int_or_none(data.get("downloaded_bytes")) or 0,
            total_bytes=_int_or_none(data.get("total_bytes")),
            error=str(error or ""),
            error_code=code,
        )


@dataclass(frozen=True)
class TrainingEstimate:
    """The engine's plan for one job: resolved hyperparameters, steps, time and fit."""

    hyperparameters: Mapping[str, Any]
    total_steps: int | None = None
    estimated_seconds: float | None = None
    fits: Fit | None = None

    @property
    def n_epochs(self) -> int | None:
        return _int_or_none(self.hyperparameters.get("n_epochs"))

    @property
    def batch_size(self) -> int | None:
        return _int_or_none(self.hyperparameters.get("batch_size"))

    @property
    def learning_rate_multiplier(self) -> float | None:
        return _float_or_none(self.hyperparameters.get("learning_rate_multiplier"))

    @property
    def lora_rank(self) -> int | None:
        return _int_or_none(self.hyperparameters.get("lora_rank"))

    @property
    def max_seq_length(self) -> int | None:
        return _int_or_none(self.hyperparameters.get("max_seq_length"))

    @property
    def gradient_checkpointing(self) -> bool | None:
        value = self.hyperparameters.get("gradient_checkpointing")
        return value if isinstance(value, bool) else None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TrainingEstimate:
        hyperparameters = data.get("hyperparameters")
        return cls(
            hyperparameters=dict(hyperparameters) if isinstance(hyperparameters, Mapping) else {},
            total_steps=_int_or_none(data.get("total_steps")),
            estimated_seconds=_float_or_none(data.get("estimated_seconds")),
            fits=Fit.from_json(data.get("fits")),
        )


@dataclass(frozen=True)
class EstimateRequest:
    """What ``POST /v1/engine/estimate`` needs to know of the data and the settings."""

    model: str
    examples: int
    tokens_per_epoch: int
    max_example_tokens: int
    method: str = "supervised"
    hyperparameters: Mapping[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "examples": self.examples,
            "tokens_per_epoch": self.tokens_per_epoch,
            "max_example_tokens": self.max_example_tokens,
            "method": self.method,
            "hyperparameters": dict(self.hyperparameters),
        }


class EngineModels:
    """The extension API of one local engine, through an ``openai.OpenAI`` client made for it.

    Calls block: use them from a worker thread. Reads are retried on transient failures; starting
    and cancelling a download are safe to retry too (a second start joins the running download).
    """

    def __init__(self, client: Any, *, attempts: int = 2) -> None:
        self._client = client
        self._attempts = max(1, attempts)

    # -- base models and the hub

    def base_models(self, cancel: CancelSignal | None = None) -> list[BaseModelInfo]:
        data = self._call("get", "engine/base_models", cancel=cancel)
        items = data.get("data") if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise _unexpected("base_models")
        return [
            BaseModelInfo.from_json(item) for item in items if isinstance(item, Mapping) and item.get("id")
        ]

    def hub_model(
        self, repo_id: str, hf_token: str | None = None, cancel: CancelSignal | None = None
    ) -> HubModel:
        """What the hub says of ``repo_id``; NOT_FOUND for an unknown id, GATED without access."""
        repo_id = repo_id.strip()
        path = "engine/hub_models/" + quote(repo_id, safe="/")
        data = self._call("get", path, model=repo_id, hf_token=hf_token, cancel=cancel)
        if not isinstance(data, Mapping) or not data.get("id"):
            raise _unexpected("hub_models")
        return HubModel.from_json(data)

    # -- downloads

    def start_download(
        self, model: str, hf_token: str | None = None, cancel: CancelSignal | None = None
    ) -> Download:
        data = self._call(
            "post", "engine/downloads", body={"model": model}, model=model, hf_token=hf_token, cancel=cancel
        )
        return _download(data)

    def download(self, download_id: str, cancel: CancelSignal | None = None) -> Download:
        return _download(self._call("get", "engine/downloads/" + quote(download_id, safe=""), cancel=cancel))

    def downloads(self, cancel: CancelSignal | None = None) -> list[Download]:
        data = self._call("get", "engine/downloads", cancel=cancel)
        items = data.get("data") if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise _unexpected("downloads")
        return [Download.from_json(item) for item in items if isinstance(item, Mapping) and item.get("id")]

    def cancel_download(self, download_id: str) -> Download:
        return _download(self._call("post", "engine/downloads/" + quote(download_id, safe="") + "/cancel"))

    def follow_download(
        self,
        download: Download,
        on_progress: Callable[[Download], None],
        cancel: CancelSignal | None = None,
        interval: float = DOWNLOAD_POLL_SECONDS,
    ) -> Download:
        """Poll until the download finishes, reporting each state; returns the last one.

        When ``cancel`` is set the engine's download is cancelled too (its partial files stay for a
        later resume) and a CANCELLED ProviderError is raised. A failed download raises its error.
        """
        on_progress(download)
        while not download.status.finished:
            try:
                sleep_unless_cancelled(interval, cancel)
                download = self.download(download.id, cancel)
            except ProviderError as error:
                if error.kind is ErrorKind.CANCELLED:
                    with contextlib.suppress(ProviderError):  # the engine may be gone: still cancelled
                        self.cancel_download(download.id)
                raise
            on_progress(download)
        if download.status is DownloadStatus.FAILED:
            raise download_failed_error(download)
        if download.status is DownloadStatus.CANCELLED:
            raise ProviderError(
                ErrorKind.CANCELLED,
                f"The download of {download.model} was cancelled.",
                f"{download.model} 的下载已取消。",
                retryable=False,
            )
        return download

    # -- estimates

    def estimate(self, request: EstimateRequest, cancel: CancelSignal | None = None) -> TrainingEstimate:
        data = self._call("post", "engine/estimate", body=request.body(), model=request.model, cancel=cancel)
        if not isinstance(data, Mapping):
            raise _unexpected("estimate")
        return TrainingEstimate.from_json(data)

    def estimates(
        self, requests: Sequence[EstimateRequest], cancel: CancelSignal | None = None
    ) -> dict[str, TrainingEstimate | ProviderError]:
        """One estimate per model; a model the engine cannot estimate gets its error instead."""
        found: dict[str, TrainingEstimate | ProviderError] = {}
        for request in requests:
            raise_if_cancelled(cancel)
            try:
                found[request.model] = self.estimate(request, cancel)
            except ProviderError as error:
                if error.kind is ErrorKind.CANCELLED or error.is_offline:
                    raise
                found[request.model] = error
        return found

    # -- plumbing

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        model: str | None = None,
        hf_token: str | None = None,
        cancel: CancelSignal | None = None,
    ) -> Any:
        options: dict[str, Any] = {}
        if hf_token:
            options["headers"] = {HF_TOKEN_HEADER: hf_token}

        def send() -> Any:
            try:
                if method == "get":
                    return self._client.get(path, cast_to=object, options=options)
                return self._client.post(path, cast_to=object, body=dict(body or {}), options=options)
            except ProviderError:
                raise
            except Exception as error:
                translated = translate_error(error)
                # Only an owner/name id is a hub model; a folder path or tiny-random keeps the message.
                raise (hub_error(translated, model) if model and is_hub_id(model) else translated) from error

        return with_retries(send, attempts=self._attempts, cancel=cancel)


def download_failed_error(download: Download) -> ProviderError:
    """Why a download failed, in the user's terms (a gated model asks for access and a token)."""
    detail = download.error or "no reason given"
    if download.error_code == "gated_model":
        return hub_error(
            ProviderError(ErrorKind.UNKNOWN, detail, detail, status_code=401, detail=download.error),
            download.model,
        )
    if download.error_code == "model_not_found":
        return hub_error(
            ProviderError(ErrorKind.NOT_FOUND, detail, detail, status_code=404, detail=download.error),
            download.model,
        )
    if download.error_code == "disk_full":
        return ProviderError(
            ErrorKind.UNKNOWN,
            f"The download of {download.model} stopped because the disk is full. Free some space and "
            f"download it again. ({detail})",
            f"{download.model} 的下载因磁盘已满而停止。请清理出一些空间后重新下载。（{detail}）",
            retryable=False,
            detail=download.error,
        )
    return ProviderError(
        ErrorKind.SERVER,
        f"The download of {download.model} failed: {detail}",
        f"{download.model} 下载失败：{detail}",
        retryable=False,
        detail=download.error,
    )


def _download(data: Any) -> Download:
    if not isinstance(data, Mapping) or not data.get("id"):
        raise _unexpected("downloads")
    return Download.from_json(data)


def _unexpected(route: str) -> ProviderError:
    return ProviderError(
        ErrorKind.NOT_FOUND,
        f"The engine's answer to /v1/engine/{route} is not what this app expects; the engine may be "
        "from another version of Finetune Desk.",
        f"引擎对 /v1/engine/{route} 的应答与本应用的预期不符；引擎可能来自另一个版本的微调工作台。",
        retryable=False,
    )


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value:
        return int(value)
    return None


def _float_or_none(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)

"""Fine-tuning jobs as the job monitor sees them: listing, following, controlling (no Qt).

:class:`JobService` wraps an ``openai.OpenAI`` client (any provider: OpenAI, Azure, a compatible
base URL, the local engine) and returns plain data types (:class:`JobInfo`, :class:`JobEvent`,
:class:`MetricPoint`, :class:`Checkpoint`) so the UI never touches SDK objects. Every failure
leaves it as a :class:`~desktop.providers.errors.ProviderError`.

:class:`PollPolicy` decides how often to ask; :class:`JobRegistry` remembers, per provider profile,
the jobs started from the app so the monitor re-attaches to them after a restart.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from desktop.core.cancel import CancelSignal
from desktop.core.model_ids import parse_model_id
from desktop.providers.errors import (
    ErrorKind,
    ProviderError,
    backoff_delay,
    raise_if_cancelled,
    sleep_unless_cancelled,
    translate_error,
    with_retries,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

# Status values (OpenAI's, which the local engine and Azure share).
VALIDATING_FILES = "validating_files"
QUEUED = "queued"
RUNNING = "running"
PAUSING = "pausing"
PAUSED = "paused"
SUCCEEDED = "succeeded"
FAILED = "failed"
CANCELLED = "cancelled"

ALL_STATUSES = (VALIDATING_FILES, QUEUED, RUNNING, PAUSING, PAUSED, SUCCEEDED, FAILED, CANCELLED)
TERMINAL_STATUSES = frozenset({SUCCEEDED, FAILED, CANCELLED})
# Statuses in which something changes quickly: poll often.
FAST_STATUSES = frozenset({RUNNING, PAUSING})

METRIC_NAMES = (
    "train_loss",
    "valid_loss",
    "full_valid_loss",
    "train_mean_token_accuracy",
    "valid_mean_token_accuracy",
    "full_valid_mean_token_accuracy",
)


# Where pause, resume and cancel lead: a job found there after a lost answer needs nothing more.
_CONTROL_REACHES = {
    "pause": frozenset({PAUSING, PAUSED}),
    "resume": frozenset({VALIDATING_FILES, QUEUED, RUNNING, SUCCEEDED}),  # resumed, maybe done since
    "cancel": frozenset({CANCELLED}),
}
# Failures after which the provider may have acted on the request anyway.
_CONTROL_AMBIGUOUS = frozenset({ErrorKind.TIMEOUT, ErrorKind.CONNECTION, ErrorKind.SERVER})


def is_terminal(status: str | None) -> bool:
    return status in TERMINAL_STATUSES


# --------------------------------------------------------------------------------------------------
# Plain data types


def _as_dict(value: Any) -> dict[str, Any]:
    """An SDK object (pydantic, extra fields kept) or a mapping as a plain dict."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        dumped = dump()
        return dict(dumped) if isinstance(dumped, Mapping) else {}
    return {}


def _optional_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _optional_float(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN means "not measured"


def _suffix_from_model_name(fine_tuned_model: str | None) -> str | None:
    return parse_model_id(fine_tuned_model).suffix or None if fine_tuned_model else None


@dataclass(frozen=True)
class JobError:
    code: str
    message: str
    param: str | None = None


@dataclass(frozen=True)
class JobInfo:
    """One fine-tuning job, as last reported by the provider."""

    id: str
    status: str
    model: str
    created_at: int | None = None
    finished_at: int | None = None
    fine_tuned_model: str | None = None
    trained_tokens: int | None = None
    suffix: str | None = None
    estimated_finish: int | None = None
    training_file: str | None = None
    validation_file: str | None = None
    result_files: tuple[str, ...] = ()
    seed: int | None = None
    method_type: str = "supervised"
    # Hyperparameters of the method actually used (n_epochs, batch_size, learning_rate_multiplier,
    # beta, ...), "auto" where the provider has not resolved them yet.
    hyperparameters: Mapping[str, Any] = field(default_factory=dict)
    error: JobError | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @property
    def can_cancel(self) -> bool:
        return self.status not in TERMINAL_STATUSES

    @property
    def can_pause(self) -> bool:
        return self.status == RUNNING

    @property
    def can_resume(self) -> bool:
        return self.status == PAUSED

    @classmethod
    def from_api(cls, raw: Any) -> JobInfo:
        data = _as_dict(raw)
        method = _as_dict(data.get("method"))
        method_type = str(method.get("type") or "supervised")
        hyperparameters: dict[str, Any] = {}
        method_details = _as_dict(method.get(method_type))
        hyperparameters.update(
            {k: v for k, v in _as_dict(method_details.get("hyperparameters")).items() if v is not None}
        )
        # Older jobs (and some providers) only fill the top-level hyperparameters.
        for key, value in _as_dict(data.get("hyperparameters")).items():
            if value is not None:
                hyperparameters.setdefault(key, value)
        error_data = _as_dict(data.get("error"))
        error = None
        if error_data.get("code") or error_data.get("message"):
            error = JobError(
                code=str(error_data.get("code") or ""),
                message=str(error_data.get("message") or ""),
                param=error_data.get("param"),
            )
        fine_tuned_model = data.get("fine_tuned_model") or None
        suffix = data.get("user_provided_suffix") or data.get("suffix")
        metadata = {str(k): str(v) for k, v in _as_dict(data.get("metadata")).items()}
        return cls(
            id=str(data["id"]),
            status=str(data.get("status") or ""),
            model=str(data.get("model") or ""),
            created_at=_optional_int(data.get("created_at")),
            finished_at=_optional_int(data.get("finished_at")),
            fine_tuned_model=fine_tuned_model,
            trained_tokens=_optional_int(data.get("trained_tokens")),
            suffix=str(suffix) if suffix else _suffix_from_model_name(fine_tuned_model),
            estimated_finish=_optional_int(data.get("estimated_finish")) or None,
            training_file=data.get("training_file") or None,
            validation_file=data.get("validation_file") or None,
            result_files=tuple(str(f) for f in data.get("result_files") or ()),
            seed=_optional_int(data.get("seed")),
            method_type=method_type,
            hyperparameters=hyperparameters,
            error=error,
            metadata=metadata,
        )


@dataclass(frozen=True)
class MetricPoint:
    """The metrics of one training step (from one ``metrics`` event)."""

    event_id: str
    step: int
    total_steps: int | None = None
    created_at: int | None = None
    train_loss: float | None = None
    valid_loss: float | None = None
    full_valid_loss: float | None = None
    train_mean_token_accuracy: float | None = None
    valid_mean_token_accuracy: float | None = None
    full_valid_mean_token_accuracy: float | None = None

    def value(self, name: str) -> float | None:
        value = getattr(self, name)
        return value if isinstance(value, float) else None


@dataclass(frozen=True)
class JobEvent:
    id: str
    created_at: int
    level: str
    message: str
    type: str = "message"
    data: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_api(cls, raw: Any) -> JobEvent:
        data = _as_dict(raw)
        return cls(
            id=str(data["id"]),
            created_at=_optional_int(data.get("created_at")) or 0,
            level=str(data.get("level") or "info"),
            message=str(data.get("message") or ""),
            type=str(data.get("type") or "message"),
            data=_as_dict(data.get("data")),
        )

    @property
    def metric_point(self) -> MetricPoint | None:
        """The metrics carried by this event, if it is a metrics event."""
        if self.type != "metrics":
            return None
        step = _optional_int(self.data.get("step"))
        if step is None:
            return None
        values = {name: _optional_float(self.data.get(name)) for name in METRIC_NAMES}
        return MetricPoint(
            event_id=self.id,
            step=step,
            total_steps=_optional_int(self.data.get("total_steps")),
            created_at=self.created_at,
            **values,
        )


def metric_points(events: Iterable[JobEvent]) -> list[MetricPoint]:
    return [point for event in events if (point := event.metric_point) is not None]


@dataclass(frozen=True)
class Checkpoint:
    id: str
    step_number: int
    fine_tuned_model_checkpoint: str
    created_at: int | None = None
    metrics: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def from_api(cls, raw: Any) -> Checkpoint:
        data = _as_dict(raw)
        metrics = {
            str(name): number
            for name, value in _as_dict(data.get("metrics")).items()
            if (number := _optional_float(value)) is not None
        }
        return cls(
            id=str(data["id"]),
            step_number=_optional_int(data.get("step_number")) or 0,
            fine_tuned_model_checkpoint=str(data.get("fine_tuned_model_checkpoint") or ""),
            created_at=_optional_int(data.get("created_at")),
            metrics=metrics,
        )


def estimate_finish(job: JobInfo, points: Iterable[MetricPoint]) -> float | None:
    """When the job should finish (Unix seconds): the provider's estimate, else from step progress."""
    if job.is_terminal:
        return None
    if job.estimated_finish:
        return float(job.estimated_finish)
    if job.status != RUNNING:
        return None
    timed = [p for p in points if p.created_at is not None]
    if len(timed) < 2:
        return None
    first, last = timed[0], timed[-1]
    first_time, last_time = first.created_at or 0, last.created_at or 0
    steps_done = last.step - first.step
    if not last.total_steps or steps_done <= 0 or last_time <= first_time:
        return None
    seconds_per_step = (last_time - first_time) / steps_done
    return last_time + max(last.total_steps - last.step, 0) * seconds_per_step


# --------------------------------------------------------------------------------------------------
# The service


class EventFeed:
    """The events of one job, fetched incrementally and never twice.

    The API lists events newest first and pages towards older ones with ``after=<last id of the
    previous page>``; a poll reads pages until it reaches an event it has already seen.
    """

    def __init__(self, service: JobService, job_id: str, page_size: int = 100) -> None:
        self._service = service
        self.job_id = job_id
        self._page_size = page_size
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def fetch_new(self) -> list[JobEvent]:
        """The events that appeared since the last call, oldest first."""
        with self._lock:
            fresh: list[JobEvent] = []
            fresh_ids: set[str] = set()
            after: str | None = None
            while True:
                page = self._service._list_events_page(self.job_id, after, self._page_size)
                reached_known = False
                for event in page.events:
                    if event.id in self._seen:
                        reached_known = True
                        break
                    if event.id not in fresh_ids:
                        fresh_ids.add(event.id)
                        fresh.append(event)
                if reached_known or not page.has_more or not page.events:
                    break
                after = page.events[-1].id
            fresh.reverse()
            self._seen.update(fresh_ids)
            return fresh


@dataclass(frozen=True)
class _EventPage:
    events: list[JobEvent]
    has_more: bool


class JobService:
    """The fine-tuning jobs of one provider profile, through its ``openai.OpenAI`` client.

    Calls block; the UI makes them on worker threads. ``attempts`` > 1 retries errors the
    provider layer marks as retryable (rate limits, 5xx, dropped connections), with backoff.
    """

    def __init__(self, client: Any, *, attempts: int = 3, cancel: CancelSignal | None = None) -> None:
        self.client = client
        self.attempts = attempts
        self._cancel = cancel

    def with_attempts(self, attempts: int, cancel: CancelSignal | None = None) -> JobService:
        """The same client with another retry budget (the poller retries by polling again)."""
        return JobService(self.client, attempts=attempts, cancel=cancel)

    def _call(self, call: Callable[[], T]) -> T:
        def translated() -> T:
            try:
                return call()
            except ProviderError:
                raise
            except Exception as error:
                raise translate_error(error) from error

        if self.attempts <= 1:
            return translated()
        return with_retries(translated, attempts=self.attempts, cancel=self._cancel)

    # Jobs -----------------------------------------------------------------------------------------

    def list_jobs(self, page_size: int = 100) -> list[JobInfo]:
        """Every job of the profile, newest first (all pages)."""

        def fetch() -> list[JobInfo]:
            jobs: list[JobInfo] = []
            seen: set[str] = set()
            after: str | None = None
            while True:
                kwargs: dict[str, Any] = {"limit": page_size}
                if after is not None:
                    kwargs["after"] = after
                page = self.client.fine_tuning.jobs.list(**kwargs)
                items = list(page.data)
                for raw in items:
                    job = JobInfo.from_api(raw)
                    if job.id not in seen:
                        seen.add(job.id)
                        jobs.append(job)
                if not items or not getattr(page, "has_more", False):
                    return jobs
                after = str(items[-1].id)

        return self._call(fetch)

    def retrieve(self, job_id: str) -> JobInfo:
        return self._call(lambda: JobInfo.from_api(self.client.fine_tuning.jobs.retrieve(job_id)))

    def cancel(self, job_id: str) -> JobInfo:
        return self._control(job_id, "cancel", lambda: self.client.fine_tuning.jobs.cancel(job_id))

    def pause(self, job_id: str) -> JobInfo:
        return self._control(job_id, "pause", lambda: self.client.fine_tuning.jobs.pause(job_id))

    def resume(self, job_id: str) -> JobInfo:
        return self._control(job_id, "resume", lambda: self.client.fine_tuning.jobs.resume(job_id))

    def _control(self, job_id: str, action: str, call: Callable[[], Any]) -> JobInfo:
        """Pause, resume or cancel, never blindly retried.

        When the answer is lost (timeout, dropped connection, 5xx) or the provider says the job is
        not in a state for this (409: an earlier try that did arrive already did it), the job is read
        back: if it is where the action leads, that is the answer, not an error.
        """
        reached = _CONTROL_REACHES[action]
        last: ProviderError | None = None
        lost = False  # an earlier try of this call may have arrived
        for attempt in range(1, max(1, self.attempts) + 1):
            raise_if_cancelled(self._cancel)
            try:
                return JobInfo.from_api(call())
            except Exception as exc:
                last = exc if isinstance(exc, ProviderError) else translate_error(exc)
            if last.kind is ErrorKind.CONFLICT and not lost:
                raise last  # refused outright (a finished job cannot be paused): a real error
            if last.kind not in _CONTROL_AMBIGUOUS and last.kind is not ErrorKind.CONFLICT:
                raise last
            lost = True
            try:
                job = self.with_attempts(self.attempts, self._cancel).retrieve(job_id)
            except ProviderError:
                job = None
            if job is not None and job.status in reached:
                log.info("%s of %s: the job is %s (an earlier answer was lost)", action, job_id, job.status)
                return job
            if last.kind is ErrorKind.CONFLICT or not last.retryable or attempt >= self.attempts:
                raise last
            delay = last.retry_after if last.retry_after is not None else backoff_delay(attempt)
            sleep_unless_cancelled(delay, self._cancel)
        assert last is not None
        raise last

    # Events and checkpoints -----------------------------------------------------------------------

    def event_feed(self, job_id: str) -> EventFeed:
        return EventFeed(self, job_id)

    def _list_events_page(self, job_id: str, after: str | None, limit: int) -> _EventPage:
        def fetch() -> _EventPage:
            kwargs: dict[str, Any] = {"limit": limit}
            if after is not None:
                kwargs["after"] = after
            page = self.client.fine_tuning.jobs.list_events(job_id, **kwargs)
            events = [JobEvent.from_api(raw) for raw in page.data]
            return _EventPage(events, bool(getattr(page, "has_more", False)))

        return self._call(fetch)

    def checkpoints(self, job_id: str) -> list[Checkpoint]:
        """The job's checkpoints, latest step first."""

        def fetch() -> list[Checkpoint]:
            found: list[Checkpoint] = []
            after: str | None = None
            while True:
                kwargs: dict[str, Any] = {"limit": 100}
                if after is not None:
                    kwargs["after"] = after
                page = self.client.fine_tuning.jobs.checkpoints.list(job_id, **kwargs)
                items = list(page.data)
                found.extend(Checkpoint.from_api(raw) for raw in items)
                if not items or not getattr(page, "has_more", False):
                    break
                after = str(items[-1].id)
            return sorted(found, key=lambda c: c.step_number, reverse=True)

        return self._call(fetch)

    # Files ----------------------------------------------------------------------------------------

    def file_name(self, file_id: str) -> str:
        """The name the provider gives a file (for the save dialog's suggestion)."""
        return self._call(lambda: str(self.client.files.retrieve(file_id).filename or file_id))

    def download_file(self, file_id: str, destination: Path) -> Path:
        """Save a file's content (e.g. a result file) to ``destination``, replacing it atomically.

        The content streams to disk (never the whole file in memory). A result file served
        base64-encoded (reported of OpenAI by third parties) is decoded: see :func:`decode_if_base64`.
        """
        destination = Path(destination)

        def fetch() -> Path:
            from desktop.core.atomic import atomic_write

            content = self.client.files.with_streaming_response.content(file_id)
            with atomic_write(destination, "wb") as out, content as response:
                for chunk in response.iter_bytes(DOWNLOAD_CHUNK_BYTES):
                    raise_if_cancelled(self._cancel)
                    out.write(chunk)
            decode_if_base64(destination)
            return destination

        return self._call(fetch)


DOWNLOAD_CHUNK_BYTES = 1024 * 1024
_BASE64_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n")


def decode_if_base64(path: Path) -> bool:
    """Decode ``path`` in place when it holds base64 of UTF-8 text (a CSV or JSONL), streaming.

    A CSV has commas and JSONL braces, neither in base64's alphabet, so a real result file is never
    taken for base64; the decoded text must itself be UTF-8. Returns whether it was decoded.
    """
    import base64
    import binascii

    with open(path, "rb") as probe:
        head = probe.read(4096)
    if len(head) < 8 or not set(head) <= _BASE64_BYTES:
        return False
    sample = head.replace(b"\r", b"").replace(b"\n", b"")
    sample = sample[: len(sample) // 4 * 4]
    try:
        base64.b64decode(sample, validate=True)[:1024].decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    from desktop.core.atomic import atomic_write

    try:
        # The encoded file is closed before atomic_write renames over it (Windows refuses otherwise).
        with atomic_write(path, "wb") as decoded:
            with open(path, "rb") as encoded:
                pending = b""
                while chunk := encoded.read(DOWNLOAD_CHUNK_BYTES):
                    pending += chunk.replace(b"\r", b"").replace(b"\n", b"")
                    whole = len(pending) // 4 * 4
                    decoded.write(base64.b64decode(pending[:whole], validate=True))
                    pending = pending[whole:]
            if pending:
                raise binascii.Error("incomplete base64")
    except binascii.Error:
        return False  # not base64 after all: atomic_write left the file as it was
    log.info("result file %s was base64-encoded; decoded", path.name)
    return True


def _write_atomically(path: Path, content: bytes) -> None:
    from desktop.core.atomic import atomic_write

    with atomic_write(path, "wb") as stream:
        stream.write(content)


# --------------------------------------------------------------------------------------------------
# Polling


@dataclass(frozen=True)
class PollPolicy:
    """How long to wait before asking the provider again (seconds; ``None``: stop asking)."""

    running_interval: float = 2.0  # running or pausing: metrics arrive every few seconds
    waiting_interval: float = 10.0  # validating files, queued, paused
    list_active_interval: float = 5.0  # the jobs list while some job is active
    list_idle_interval: float = 30.0  # the jobs list when every job is finished
    error_base: float = 2.0
    error_max: float = 120.0

    def job_interval(self, status: str | None) -> float | None:
        if status is None:
            return self.running_interval  # not known yet: ask soon
        if status in TERMINAL_STATUSES:
            return None
        if status in FAST_STATUSES:
            return self.running_interval
        return self.waiting_interval

    def list_interval(self, statuses: Iterable[str]) -> float:
        active = any(status not in TERMINAL_STATUSES for status in statuses)
        return self.list_active_interval if active else self.list_idle_interval

    def backoff(self, consecutive_errors: int) -> float:
        """The wait after ``consecutive_errors`` failed polls in a row (doubling, capped)."""
        if consecutive_errors <= 0:
            return 0.0
        return float(min(self.error_max, self.error_base * 2 ** (consecutive_errors - 1)))

    def next_job_poll(self, status: str | None, consecutive_errors: int = 0) -> float | None:
        if consecutive_errors > 0:
            return self.backoff(consecutive_errors)
        return self.job_interval(status)


# --------------------------------------------------------------------------------------------------
# Jobs started from the app, remembered across restarts


@dataclass(frozen=True)
class RememberedJob:
    job_id: str
    remembered_at: float
    last_status: str | None = None


class JobRegistry:
    """A JSON file of the jobs started from the app, per provider profile.

    The file is read on every call and replaced atomically on every change, so two windows (or
    a restart) see the same list.
    """

    VERSION = 1

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def _read(self) -> dict[str, list[dict[str, Any]]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            document = json.loads(text)
            profiles = document["profiles"]
            if not isinstance(profiles, dict):
                raise TypeError("profiles is not an object")
            return {
                str(name): [dict(entry) for entry in entries if isinstance(entry, dict) and "job_id" in entry]
                for name, entries in profiles.items()
                if isinstance(entries, list)
            }
        except (ValueError, KeyError, TypeError) as error:
            # Keep the damaged file for a person to look at; start again rather than lose new jobs.
            damaged = self.path.with_name(self.path.name + f".damaged-{int(time.time())}")
            log.warning("job registry %s is damaged (%s); kept as %s", self.path, error, damaged)
            os.replace(self.path, damaged)
            return {}

    def _write(self, profiles: dict[str, list[dict[str, Any]]]) -> None:
        document = {"version": self.VERSION, "profiles": profiles}
        _write_atomically(self.path, json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8"))

    def entries(self, profile: str) -> list[RememberedJob]:
        with self._lock:
            return [
                RememberedJob(
                    job_id=str(entry["job_id"]),
                    remembered_at=float(entry.get("remembered_at") or 0.0),
                    last_status=entry.get("last_status"),
                )
                for entry in self._read().get(profile, [])
            ]

    def job_ids(self, profile: str) -> list[str]:
        return [entry.job_id for entry in self.entries(profile)]

    def remember(self, profile: str, job_id: str, status: str | None = None) -> None:
        with self._lock:
            profiles = self._read()
            entries = profiles.setdefault(profile, [])
            if any(entry["job_id"] == job_id for entry in entries):
                return
            entries.append({"job_id": job_id, "remembered_at": time.time(), "last_status": status})
            self._write(profiles)

    def forget(self, profile: str, job_id: str) -> None:
        with self._lock:
            profiles = self._read()
            entries = profiles.get(profile, [])
            kept = [entry for entry in entries if entry["job_id"] != job_id]
            if len(kept) != len(entries):
                profiles[profile] = kept
                self._write(profiles)

    def record_status(self, profile: str, job_id: str, status: str) -> str | None:
        """Store the job's latest status; returns the one stored before (None if none or unknown)."""
        with self._lock:
            profiles = self._read()
            for entry in profiles.get(profile, []):
                if entry["job_id"] == job_id:
                    previous = entry.get("last_status")
                    if previous != status:
                        entry["last_status"] = status
                        self._write(profiles)
                    return str(previous) if previous is not None else None
            return None


# --------------------------------------------------------------------------------------------------
# Creating a job once


def find_created_job(client: Any, request: Mapping[str, Any], since: float) -> JobInfo | None:
    """A job made by an earlier try of ``request`` whose answer was lost (newest first), or None.

    Matched on what the request names (training and validation file, model, suffix) among the jobs
    created since the first try (with CLOCK_SLACK_SECONDS for the provider's clock).
    """
    page = client.fine_tuning.jobs.list(limit=20)
    for raw in page.data:
        job = JobInfo.from_api(raw)
        if job.created_at is not None and job.created_at < since - CLOCK_SLACK_SECONDS:
            break
        if (job.training_file, job.model) != (request.get("training_file"), request.get("model")):
            continue
        if (job.validation_file or None) != (request.get("validation_file") or None):
            continue
        suffix = request.get("suffix") or None
        if suffix and job.suffix and job.suffix != suffix:
            continue
        return job
    return None


CLOCK_SLACK_SECONDS = 300


def create_job_once(
    client: Any,
    request: Mapping[str, Any],
    *,
    attempts: int = 3,
    cancel: CancelSignal | None = None,
    on_retry: Callable[[ProviderError, int, float], None] | None = None,
) -> JobInfo:
    """Create a fine-tuning job; never two for one request.

    A failure after which the provider may have made the job anyway (timeout, dropped connection,
    5xx) is followed by a look for it (:func:`find_created_job`) before the request is sent again;
    429 and other refusals made nothing, so those are retried or raised as they are.
    """
    since = time.time()
    ambiguous: list[bool] = []

    def create() -> JobInfo:
        if ambiguous and ambiguous[-1]:
            found = find_created_job(client, request, since)
            if found is not None:
                log.info("job creation had arrived as %s; not sent again", found.id)
                return found
        try:
            return JobInfo.from_api(client.fine_tuning.jobs.create(**request))
        except Exception as exc:
            error = translate_error(exc)
            ambiguous.append(error.kind in _CONTROL_AMBIGUOUS)
            raise error from exc

    return with_retries(create, attempts=attempts, cancel=cancel, on_retry=on_retry)

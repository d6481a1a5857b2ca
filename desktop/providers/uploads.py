"""Upload a training file, with progress and cancel, once.

Files up to the parts threshold (OpenAI's limit for one request is 512 MB) go through ``files.create``;
larger ones through the Uploads API in parts of at most 64 MB. The bytes are read as they are sent
(never the whole file in memory), and each read reports progress and checks for a cancel.

A finished upload is remembered in the :class:`UploadLedger` by profile and content hash: when the job
creation that follows fails and the user tries again, the file already on the provider is reused
(after checking it still exists there) instead of being sent again.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from desktop.core.cancel import CancelSignal
from desktop.providers.errors import (
    ErrorKind,
    ProviderError,
    raise_if_cancelled,
    translate_error,
    with_retries,
)
from desktop.providers.events import Progress
from desktop.providers.events.uploads import UploadProgress

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_PARTS_THRESHOLD = 512 * MB  # files.create takes at most 512 MB
DEFAULT_PART_SIZE = 64 * MB  # the Uploads API takes parts of at most 64 MB
MAX_PART_SIZE = 64 * MB
JSONL_MIME_TYPE = "text/jsonl"
FINE_TUNE_PURPOSE = "fine-tune"
LEDGER_FILE_NAME = "uploads.json"
LEDGER_MAX_ENTRIES = 1000
# Report progress at most this often (in bytes), so a big file does not flood the UI with signals.
PROGRESS_STEP_BYTES = 256 * 1024

BytesSent = Callable[[int, int], None]  # (bytes sent so far, total bytes)


@dataclass(frozen=True)
class UploadedFile:
    file_id: str
    filename: str
    size: int
    sha256: str
    profile_id: str
    purpose: str
    uploaded_at: float  # seconds since the epoch
    in_parts: bool = False  # went through the Uploads API
    reused: bool = False  # an earlier upload of the same content; nothing was sent this time


UTF8_BOM = b"\xef\xbb\xbf"


def training_bytes_for(provider_kind: str, content: bytes) -> bytes:
    """A training file's bytes as the provider asks for them.

    Azure OpenAI's fine-tuning guide (Microsoft Learn, checked 2026-11-27; ms.date 2025-09-01) still
    says training and validation files "must be encoded in UTF-8 and include a byte-order mark
    (BOM)", so Azure gets one; OpenAI and the local engine get plain UTF-8 (a BOM there would be
    the first line's first character).
    """
    if provider_kind == "azure" and not content.startswith(UTF8_BOM):
        return UTF8_BOM + content
    return content


class UploadLedger:
    """Finished uploads, by profile, content hash and purpose (JSON in the settings folder)."""

    def __init__(self, config_dir: Path) -> None:
        self._path = Path(config_dir) / LEDGER_FILE_NAME
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self._path

    def find(self, profile_id: str, sha256: str, purpose: str = FINE_TUNE_PURPOSE) -> UploadedFile | None:
        with self._lock:
            for entry in reversed(self._read()):
                if (entry.profile_id, entry.sha256, entry.purpose) == (profile_id, sha256, purpose):
                    return entry
        return None

    def remember(self, uploaded: UploadedFile) -> None:
        with self._lock:
            entries = [e for e in self._read() if e.file_id != uploaded.file_id]
            entries.append(replace(uploaded, reused=False))
            self._write(entries[-LEDGER_MAX_ENTRIES:])

    def forget(self, profile_id: str, file_id: str) -> None:
        with self._lock:
            entries = self._read()
            kept = [e for e in entries if not (e.profile_id == profile_id and e.file_id == file_id)]
            if len(kept) != len(entries):
                self._write(kept)

    def entries(self) -> list[UploadedFile]:
        with self._lock:
            return self._read()

    def _read(self) -> list[UploadedFile]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
            return [UploadedFile(**item) for item in data.get("uploads", [])]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, TypeError) as error:
            # Losing the ledger only costs a repeated upload; never fail an upload over it.
            log.warning("upload ledger %s unreadable (%s); starting a new one", self._path, error)
            return []

    def _write(self, entries: list[UploadedFile]) -> None:
        from desktop.core.atomic import atomic_write

        with atomic_write(self._path) as file:
            json.dump({"version": 1, "uploads": [asdict(e) for e in entries]}, file, indent=1)


class ProgressReader(io.RawIOBase):
    """A read-only view of a file (or part of one) that reports progress and stops on cancel.

    The HTTP client streams multipart bodies by calling ``read`` in chunks, so every chunk that goes
    out passes here. ``offset`` and ``length`` select a part; ``already_sent`` is added to the
    reported position (the bytes of earlier parts).
    """

    def __init__(
        self,
        path: Path,
        *,
        offset: int = 0,
        length: int | None = None,
        total: int | None = None,
        already_sent: int = 0,
        progress: BytesSent | None = None,
        cancel: CancelSignal | None = None,
    ) -> None:
        super().__init__()
        self._file = open(path, "rb")  # noqa: SIM115 - closed with this reader
        size = os.fstat(self._file.fileno()).st_size
        self._offset = offset
        self._length = size - offset if length is None else min(length, size - offset)
        self._total = total if total is not None else self._length
        self._already_sent = already_sent
        self._progress = progress
        self._cancel = cancel
        self._position = 0
        self._reported = -1
        self.name = path.name
        self._file.seek(offset)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, position: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            target = position
        elif whence == io.SEEK_CUR:
            target = self._position + position
        else:
            target = self._length + position
        self._position = max(0, min(target, self._length))
        self._file.seek(self._offset + self._position)
        return self._position

    def readinto(self, buffer: Any) -> int:
        raise_if_cancelled(self._cancel)
        wanted = min(len(buffer), self._length - self._position)
        if wanted <= 0:
            self._report(final=True)
            return 0
        data = self._file.read(wanted)
        count = len(data)
        buffer[:count] = data
        self._position += count
        self._report(final=self._position >= self._length)
        return count

    def _report(self, *, final: bool) -> None:
        if self._progress is None:
            return
        sent = self._already_sent + self._position
        due = final or self._reported < 0 or sent - self._reported >= PROGRESS_STEP_BYTES
        if due and sent != self._reported:
            self._reported = sent
            self._progress(sent, self._total)

    def close(self) -> None:
        self._file.close()
        super().close()


def file_digests(path: Path, cancel: CancelSignal | None = None) -> tuple[str, str]:
    """(sha256, md5) in one read: the ledger keys on the first, ``uploads.complete`` sends the second."""
    digest = hashlib.sha256()
    md5 = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as file:
        while chunk := file.read(4 * MB):
            raise_if_cancelled(cancel)
            digest.update(chunk)
            md5.update(chunk)
    return digest.hexdigest(), md5.hexdigest()


# Kinds of failure after which the provider may have done what was asked (the answer was lost).
AMBIGUOUS_KINDS = frozenset({ErrorKind.TIMEOUT, ErrorKind.CONNECTION, ErrorKind.SERVER})
# A file found by name and size is also checked by content up to this size (read back from the provider).
VERIFY_CONTENT_MAX_BYTES = 64 * MB
# Clock skew allowed between this computer and the provider when matching "created since".
CLOCK_SLACK_SECONDS = 300


@dataclass(frozen=True)
class _Sent:
    """What was sent, to recognise the file it made when the answer was lost."""

    filename: str
    size: int
    sha256: str
    purpose: str
    since: float  # time.time() before the first try


def find_sent_file(client: openai.OpenAI, sent: _Sent) -> str | None:
    """The provider's file made by an earlier try of this upload (its answer lost), or None.

    Matched by name, size and purpose among the files created since the first try, newest first,
    and by content (SHA-256 of what the provider holds) up to VERIFY_CONTENT_MAX_BYTES.
    """
    page = client.files.list(purpose=sent.purpose, limit=100, order="desc")
    for item in page.data:
        created = float(getattr(item, "created_at", 0) or 0)
        if created and created < sent.since - CLOCK_SLACK_SECONDS:
            break  # newest first: everything further is older than this upload
        if item.filename != sent.filename or int(item.bytes or -1) != sent.size:
            continue
        if getattr(item, "status", "processed") in ("error", "deleted"):
            continue
        if sent.size <= VERIFY_CONTENT_MAX_BYTES and not _same_content(client, str(item.id), sent.sha256):
            continue
        return str(item.id)
    return None


def _same_content(client: openai.OpenAI, file_id: str, sha256: str) -> bool:
    """Whether the provider's file holds these bytes; True when it will not give them back (some
    providers refuse to return training files): name, size and time have matched already."""
    digest = hashlib.sha256()
    try:
        with client.files.with_streaming_response.content(file_id) as response:
            for chunk in response.iter_bytes(1024 * 1024):
                digest.update(chunk)
    except Exception as error:
        log.info("could not read %s back to compare it (%s); matched by name and size", file_id, error)
        return True
    return digest.hexdigest() == sha256


def _still_there(client: openai.OpenAI, file_id: str) -> bool:
    """Whether the provider still has a remembered file (it may have been deleted or expired)."""
    try:
        remote = with_retries(lambda: client.files.retrieve(file_id), attempts=3)
    except ProviderError as error:
        if error.kind is ErrorKind.NOT_FOUND:
            return False
        raise
    return getattr(remote, "status", "processed") not in ("error", "deleted")


def upload_training_file(
    client: openai.OpenAI,
    path: Path,
    *,
    profile_id: str,
    ledger: UploadLedger | None = None,
    purpose: str = FINE_TUNE_PURPOSE,
    progress: Progress[UploadProgress] | None = None,
    cancel: CancelSignal | None = None,
    parts_threshold: int = DEFAULT_PARTS_THRESHOLD,
    part_size: int = DEFAULT_PART_SIZE,
    attempts: int = 3,
    on_retry: Callable[[ProviderError, int, float], None] | None = None,
    provider_kind: str = "",
) -> UploadedFile:
    """Upload ``path`` for fine-tuning and return the provider's file id (reused when already sent).

    ``progress`` gets an :class:`UploadProgress` from this thread as bytes go out (the last one with
    ``sent == total``, also for a file sent before and reused); a set ``cancel`` stops the
    upload with a CANCELLED ProviderError (a started Uploads API upload is cancelled on the server).
    Files larger than ``parts_threshold`` go in parts of ``part_size`` bytes (at most 64 MB).
    """
    path = Path(path)
    if provider_kind == "azure":
        with open(path, "rb") as probe:
            has_bom = probe.read(len(UTF8_BOM)) == UTF8_BOM
        if not has_bom:
            # Azure asks for a byte-order mark (see training_bytes_for): send a marked copy.
            import shutil

            with tempfile.TemporaryDirectory(prefix="finetune-desk-bom-") as folder:
                marked = Path(folder) / path.name
                with open(path, "rb") as source, open(marked, "wb") as target:
                    target.write(UTF8_BOM)
                    shutil.copyfileobj(source, target, 4 * MB)
                return upload_training_file(
                    client,
                    marked,
                    profile_id=profile_id,
                    ledger=ledger,
                    purpose=purpose,
                    progress=progress,
                    cancel=cancel,
                    parts_threshold=parts_threshold,
                    part_size=part_size,
                    attempts=attempts,
                    on_retry=on_retry,
                    provider_kind=provider_kind,
                )
    if not 0 < part_size <= MAX_PART_SIZE:
        raise ValueError(f"part_size must be between 1 and {MAX_PART_SIZE} bytes")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ProviderError(
            ErrorKind.BAD_REQUEST,
            f"The training file {path.name} cannot be read: {error.strerror or error}.",
            f"无法读取训练文件 {path.name}：{error.strerror or error}。",
            retryable=False,
        ) from error
    sha256, md5 = file_digests(path, cancel)
    sent = _Sent(path.name, size, sha256, purpose, time.time())

    if ledger is not None:
        remembered = ledger.find(profile_id, sha256, purpose)
        if remembered is not None:
            if _still_there(client, remembered.file_id):
                log.info("reusing upload %s of %s", remembered.file_id, path.name)
                if progress is not None:
                    progress(UploadProgress(path.name, size, size))
                return replace(remembered, reused=True)
            ledger.forget(profile_id, remembered.file_id)

    in_parts = size > parts_threshold
    report = None if progress is None else _bytes_reporter(progress, path.name)
    if in_parts:
        file_id = _upload_in_parts(client, path, sent, md5, part_size, report, cancel, attempts, on_retry)
    else:
        file_id = _upload_whole(client, path, sent, report, cancel, attempts, on_retry)
    uploaded = UploadedFile(
        file_id=file_id,
        filename=path.name,
        size=size,
        sha256=sha256,
        profile_id=profile_id,
        purpose=purpose,
        uploaded_at=time.time(),
        in_parts=in_parts,
    )
    if ledger is not None:
        ledger.remember(uploaded)
    return uploaded


def _bytes_reporter(progress: Progress[UploadProgress], name: str) -> BytesSent:
    return lambda sent, total: progress(UploadProgress(name, sent, total))


def _upload_whole(
    client: openai.OpenAI,
    path: Path,
    sent: _Sent,
    progress: BytesSent | None,
    cancel: CancelSignal | None,
    attempts: int,
    on_retry: Callable[[ProviderError, int, float], None] | None,
) -> str:
    # files.create is not idempotent: after a failure that may have happened after the provider
    # stored the file (a lost answer), look for that file before sending it again.
    last_failure: list[ProviderError] = []

    def send() -> str:
        if last_failure and last_failure[-1].kind in AMBIGUOUS_KINDS:
            found = find_sent_file(client, sent)
            if found is not None:
                log.info("upload of %s had arrived as %s; not sent again", sent.filename, found)
                return found
        try:
            with ProgressReader(path, progress=progress, cancel=cancel) as reader:
                created = client.files.create(
                    file=(sent.filename, cast(IO[bytes], reader), "application/jsonl"),
                    purpose=sent.purpose,  # type: ignore[arg-type]
                )
        except BaseException as exc:
            if not isinstance(exc, KeyboardInterrupt | SystemExit):
                last_failure.append(translate_error(exc))
            raise
        return str(created.id)

    return with_retries(send, attempts=attempts, cancel=cancel, on_retry=on_retry)


def _upload_in_parts(
    client: openai.OpenAI,
    path: Path,
    sent: _Sent,
    md5: str,
    part_size: int,
    progress: BytesSent | None,
    cancel: CancelSignal | None,
    attempts: int,
    on_retry: Callable[[ProviderError, int, float], None] | None,
) -> str:
    size = sent.size
    # A retried uploads.create after a lost answer leaves an empty upload behind that the provider
    # expires (an hour on OpenAI); nothing is stored twice, so it may be retried.
    upload = with_retries(
        lambda: client.uploads.create(
            bytes=size,
            filename=sent.filename,
            mime_type=JSONL_MIME_TYPE,
            purpose=sent.purpose,  # type: ignore[arg-type]
        ),
        attempts=attempts,
        cancel=cancel,
        on_retry=on_retry,
    )
    part_ids: list[str] = []
    complete_sent = False
    try:
        for offset in range(0, size, part_size):

            def send_part(offset: int = offset) -> str:
                with ProgressReader(
                    path,
                    offset=offset,
                    length=part_size,
                    total=size,
                    already_sent=offset,
                    progress=progress,
                    cancel=cancel,
                ) as reader:
                    part = client.uploads.parts.create(
                        upload_id=upload.id,
                        data=(sent.filename, cast(IO[bytes], reader), "application/octet-stream"),
                    )
                return str(part.id)

            # A part sent twice (its answer lost) is harmless: only the listed part ids make the file.
            part_ids.append(with_retries(send_part, attempts=attempts, cancel=cancel, on_retry=on_retry))
        raise_if_cancelled(cancel)
        complete_sent = True
        return _complete(client, upload.id, part_ids, md5, sent, attempts, cancel, on_retry)
    except BaseException as error:
        if complete_sent and _completed_anyway(client, sent):
            raise  # the file exists: never cancel an upload that completed
        # Tell the provider to drop the parts it holds (best effort; it expires them after an hour).
        try:
            client.uploads.cancel(upload.id)
        except Exception as cancel_error:
            log.info("could not cancel upload %s: %s", upload.id, translate_error(cancel_error))
        raise error


def _completed_anyway(client: openai.OpenAI, sent: _Sent) -> bool:
    try:
        return find_sent_file(client, sent) is not None
    except Exception as error:  # cannot tell: leave the upload to expire rather than cancel a good one
        log.info("could not check whether the upload completed: %s", translate_error(error))
        return True


def _complete(
    client: openai.OpenAI,
    upload_id: str,
    part_ids: list[str],
    md5: str,
    sent: _Sent,
    attempts: int,
    cancel: CancelSignal | None,
    on_retry: Callable[[ProviderError, int, float], None] | None,
) -> str:
    """Complete the upload (with the whole file's md5), once, even when an answer is lost."""
    lost = False

    def complete_once() -> str:
        nonlocal lost
        try:
            completed = client.uploads.complete(upload_id=upload_id, part_ids=part_ids, md5=md5)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            error = translate_error(exc)
            if lost and error.kind in (ErrorKind.CONFLICT, ErrorKind.BAD_REQUEST):
                # The earlier try completed it (the provider now says "already completed").
                found = find_sent_file(client, sent)
                if found is not None:
                    return found
            lost = lost or error.kind in AMBIGUOUS_KINDS
            raise error from exc
        if completed.file is None:
            raise ProviderError(
                ErrorKind.SERVER,
                "The provider finished the upload but returned no file. Try again.",
                "服务商完成了上传，但没有返回文件。请重试。",
                retryable=False,
            )
        return str(completed.file.id)

    return with_retries(complete_once, attempts=attempts, cancel=cancel, on_retry=on_retry)

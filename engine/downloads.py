"""Base-model downloads from the Hugging Face hub (or a mirror): progress in bytes, cancel, resume.

A download fetches only the files a model needs (``hub.needed_files``) into the standard Hugging
Face cache, in its layout (``blobs/<etag>``, ``snapshots/<commit>/<file>``, ``refs/main``), so the
trainer, the server and other tools find the model there. Each file is written to
``blobs/<etag>.incomplete`` and resumed from its last byte with an HTTP ``Range`` request: after a
cancel, a lost connection or an engine restart, nothing already fetched is fetched again.

Every download's state is a small JSON file under ``DATA_DIR/downloads/``; on start the engine goes
on with those that were running. A request for a model that is already downloading joins that
download. The access token (``HF_TOKEN``, or the ``X-HF-Token`` header of the request) lives only in
memory: after a restart only ``HF_TOKEN`` is known, and a gated model's download says to ask again.
A full disk fails the download with a clear message and removes its partial files.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine import hub
from engine.store import JSONObject, new_id, now

log = logging.getLogger("engine.downloads")

ACTIVE = ("queued", "downloading")
CHUNK = 64 * 1024
SAVE_INTERVAL = 1.0  # seconds between writes of a running download's progress
RETRIES = 5  # a lost connection resumes this many times before the download fails
DISK_MARGIN = 64 * 1024 * 1024  # free space to leave on the disk beyond what the model needs


class Cancelled(Exception):
    pass


@dataclass
class Download:
    id: str
    model: str
    status: str = "queued"
    downloaded_bytes: int = 0
    total_bytes: int | None = None
    error: JSONObject | None = None
    created_at: int = field(default_factory=now)
    finished_at: int | None = None
    revision: str | None = None
    files: dict[str, int] = field(default_factory=dict)

    def public(self) -> JSONObject:
        return {
            "id": self.id,
            "object": "engine.download",
            "model": self.model,
            "status": self.status,
            "downloaded_bytes": self.downloaded_bytes,
            "total_bytes": self.total_bytes,
            "error": self.error,
            "created_at": self.created_at,
            "finished_at": self.finished_at,
            "revision": self.revision,
        }


class DownloadManager:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._downloads: dict[str, Download] = {}
        self._tokens: dict[str, str | None] = {}  # in memory only
        self._cancel: set[str] = set()
        self._threads: dict[str, threading.Thread] = {}
        self._changed = threading.Condition(self._lock)
        self._existed: dict[str, bool] = {}  # whether the model's cache folder was there before

    # --- life cycle --------------------------------------------------------------------------------

    def start(self) -> None:
        """Load every download's state; those that were running go on (resuming their files)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for path in sorted(self.folder.glob("dl-*.json")):
            try:
                download = Download(**json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError) as error:
                log.warning("ignoring unreadable download state %s: %s", path, error)
                continue
            self._downloads[download.id] = download
        for download in list(self._downloads.values()):
            if download.status in ACTIVE:
                log.info("download %s of %s resumes", download.id, download.model)
                self._launch(download, os.environ.get("HF_TOKEN") or None, None)

    # --- API operations ----------------------------------------------------------------------------

    def list(self) -> list[JSONObject]:
        with self._lock:
            return [d.public() for d in sorted(self._downloads.values(), key=lambda d: d.created_at)]

    def get(self, download_id: str) -> Download | None:
        with self._lock:
            return self._downloads.get(download_id)

    def active_for(self, model: str) -> Download | None:
        with self._lock:
            found = (d for d in self._downloads.values() if d.model == model and d.status in ACTIVE)
            return next(found, None)

    def request(self, model: str, token: str | None) -> Download:
        """Join the running download of ``model``, or check the model on the hub and start one.

        Raises hub.HubError (404 unknown, 401/403 gated, 503 unreachable) before anything starts."""
        token = token or os.environ.get("HF_TOKEN") or None
        running = self.active_for(model)
        if running is not None:
            if token:
                with self._lock:
                    self._tokens.setdefault(running.id, token)
            return running
        existed = hub.repo_folder(model).exists()  # before model_info() caches the tokenizer config
        info = hub.model_info(model, token)
        with self._lock:
            running = next(
                (d for d in self._downloads.values() if d.model == model and d.status in ACTIVE), None
            )
            if running is not None:
                return running
            download = Download(new_id("dl-"), model, revision=info.sha, files=dict(info.files))
            download.total_bytes = info.download_bytes
            self._downloads[download.id] = download
            self._existed[download.id] = existed
        self._save(download)
        self._launch(download, token, info)
        return download

    def cancel(self, download_id: str) -> Download | None:
        with self._lock:
            download = self._downloads.get(download_id)
            if download is None or download.status not in ACTIVE:
                return download
            self._cancel.add(download_id)
            if download_id not in self._threads or not self._threads[download_id].is_alive():
                download.status = "cancelled"
        thread = self._threads.get(download_id)
        if thread is not None:
            thread.join(timeout=30)
        self._save(download)
        return download

    def wait(
        self, download_id: str, on_progress: Callable[[Download], bool], interval: float = 1.0
    ) -> Download:
        """Call ``on_progress`` about every ``interval`` seconds until the download ends, or until
        ``on_progress`` returns False; returns the download as it then is."""
        while True:
            with self._changed:
                self._changed.wait(interval)
                download = self._downloads[download_id]
                snapshot = Download(**asdict(download))
            if snapshot.status not in ACTIVE or not on_progress(snapshot):
                return snapshot

    # --- the work ----------------------------------------------------------------------------------

    def _launch(self, download: Download, token: str | None, info: hub.HubModel | None) -> None:
        with self._lock:
            self._tokens[download.id] = token
            thread = threading.Thread(
                target=self._run, args=(download, info), name=f"download-{download.id}", daemon=True
            )
            self._threads[download.id] = thread
        thread.start()

    def _run(self, download: Download, info: hub.HubModel | None) -> None:
        repo = hub.repo_folder(download.model)
        with self._lock:
            existed = self._existed.pop(download.id, repo.exists())
        try:
            with self._lock:
                token = self._tokens.get(download.id)
            if info is None:
                info = hub.model_info(download.model, token)
            self._update(download, status="downloading", revision=info.sha, files=dict(info.files))
            download.total_bytes = info.download_bytes
            self._fetch(download, info, token)
        except Cancelled:
            self._update(download, status="cancelled", finished_at=now())
            log.info("download %s of %s cancelled", download.id, download.model)
        except Exception as error:  # every failure ends as a message on the download
            failure = hub.explain(error, download.model)
            if failure.code == "disk_full":
                _remove_partials(repo, existed)
                message = hub.disk_full_message(download.model, hub.cache_dir(), download.total_bytes)
                failure = hub.HubError(507, message, "disk_full")
            self._update(
                download,
                status="failed",
                finished_at=now(),
                error={"code": failure.code, "message": failure.message},
            )
            log.warning("download %s of %s failed: %s", download.id, download.model, failure.message)
        else:
            total = download.total_bytes or 0
            self._update(download, status="done", finished_at=now(), downloaded_bytes=total)
            log.info("download %s of %s done", download.id, download.model)
        finally:
            with self._lock:
                self._cancel.discard(download.id)
                self._tokens.pop(download.id, None)

    def _fetch(self, download: Download, info: hub.HubModel, token: str | None) -> None:
        from huggingface_hub import get_hf_file_metadata, hf_hub_url

        repo = hub.repo_folder(download.model)
        blobs, snapshot = repo / "blobs", repo / "snapshots" / info.sha
        blobs.mkdir(parents=True, exist_ok=True)
        snapshot.mkdir(parents=True, exist_ok=True)
        (repo / "refs").mkdir(exist_ok=True)
        done = sum(size for name, size in info.files.items() if (snapshot / name).is_file())
        partial = sum(p.stat().st_size for p in blobs.glob("*.incomplete"))
        self._update(download, downloaded_bytes=done + partial)
        needed = info.download_bytes - done - partial
        free = hub.free_bytes(repo)
        if free is not None and free < needed + min(DISK_MARGIN, needed // 10):
            raise OSError(errno.ENOSPC, f"{needed} bytes needed, {free} free")
        for name, size in sorted(info.files.items(), key=lambda item: item[1]):
            target = snapshot / name
            if target.is_file():
                continue
            self._check_cancel(download)
            url = hf_hub_url(download.model, name, revision=info.sha, endpoint=hub.endpoint())
            metadata = get_hf_file_metadata(url, token=token or False)
            etag = metadata.etag or f"{info.sha}-{name}"
            blob = blobs / etag
            if not blob.is_file():
                self._fetch_file(download, metadata.location, blob, size, token, done)
            _link(blob, target)
            done += size
        (repo / "refs" / "main").write_text(info.sha, encoding="utf-8")

    def _fetch_file(
        self, download: Download, url: str, blob: Path, size: int, token: str | None, done_before: int
    ) -> None:
        """Fetch one file into ``blob``, resuming ``blob.incomplete`` with a Range request."""
        from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

        partial = blob.with_name(blob.name + ".incomplete")
        others = sum(p.stat().st_size for p in blob.parent.glob("*.incomplete") if p != partial)
        last_save = 0.0
        for attempt in range(RETRIES + 1):
            have = partial.stat().st_size if partial.exists() else 0
            if have >= size > 0:
                break
            headers = build_hf_headers(token=token or False)
            if have:
                headers["Range"] = f"bytes={have}-"
            try:
                with get_session().stream(
                    "GET", url, headers=headers, follow_redirects=True, timeout=30
                ) as response:
                    hf_raise_for_status(response)
                    if have and response.status_code != 206:
                        have = 0  # the server sent the whole file: start over
                    with partial.open("ab" if have else "wb") as stream:
                        for chunk in response.iter_bytes(CHUNK):
                            stream.write(chunk)
                            have += len(chunk)
                            self._check_cancel(download)
                            moment = time.monotonic()
                            if moment - last_save >= SAVE_INTERVAL:
                                last_save = moment
                                self._update(download, downloaded_bytes=done_before + others + have)
                            else:
                                download.downloaded_bytes = done_before + others + have
                break
            except (Cancelled, OSError):
                raise
            except Exception as error:  # a lost connection resumes; an HTTP error ends the download
                if not hub._is_connection_error(error) or attempt == RETRIES:
                    raise
                log.warning("download %s: connection lost (%s); resuming", download.id, error)
                time.sleep(min(2**attempt, 10))
        if size and partial.stat().st_size != size:
            raise hub.HubError(
                502, f"The hub sent {partial.stat().st_size} bytes of {blob.name}, not {size}.", "hub_error"
            )
        os.replace(partial, blob)

    def _check_cancel(self, download: Download) -> None:
        with self._lock:
            if download.id in self._cancel:
                raise Cancelled()

    def _update(self, download: Download, **changes: Any) -> None:
        with self._changed:
            for key, value in changes.items():
                setattr(download, key, value)
            self._changed.notify_all()
        self._save(download)

    def _save(self, download: Download) -> None:
        with self._lock:
            data = json.dumps(asdict(download))
        path = self.folder / f"{download.id}.json"
        temporary = path.with_name(path.name + ".tmp")
        try:
            temporary.write_text(data, encoding="utf-8")
            os.replace(temporary, path)
        except OSError as error:  # the state is a convenience: a full data disk must not stop the download
            log.warning("could not save download state %s: %s", path, error)


def _link(blob: Path, target: Path) -> None:
    """Point a snapshot file at its blob as the Hugging Face cache does (a relative symlink), or
    copy it where symlinks are not allowed (Windows without developer mode)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        target.unlink()
    try:
        target.symlink_to(os.path.relpath(blob, target.parent))
    except OSError:
        shutil.copyfile(blob, target)


def _remove_partials(repo: Path, existed: bool) -> None:
    """After a failure for lack of space: remove partial files, and the whole folder if this
    download created it."""
    if not existed:
        shutil.rmtree(repo, ignore_errors=True)
        return
    for partial in (repo / "blobs").glob("*.incomplete"):
        partial.unlink(missing_ok=True)

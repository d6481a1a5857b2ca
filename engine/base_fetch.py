"""A job's base model from the hub: downloaded (or joined) before training, its progress shown as
job events, so that a job on a model that is not on this machine yet never waits in silence."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from engine import hub
from engine.downloads import Download, DownloadManager

EVENT_SECONDS = 5.0  # at most one progress event this often...
EVENT_STEP = 0.1  # ...and one at least every tenth of the download


class FetchStopped(Exception):
    """The job was asked to stop (cancel, pause, shutdown) while its base model downloaded."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FetchFailed(Exception):
    """The base model could not be downloaded; the message says why and what to do."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class BaseFetcher:
    def __init__(self, downloads: DownloadManager) -> None:
        self.downloads = downloads

    def folder_for(self, source: str, event: Callable[[str], object], stop: Callable[[], str | None]) -> str:
        """A local folder for ``source``: itself when it is a folder, the cached copy of a hub model,
        else the folder it is downloaded to now (with progress events on the job)."""
        if not hub.HF_ID_PATTERN.match(source) or Path(source).is_dir():
            return source
        local = hub.local_snapshot(source)
        if local is not None:
            return str(local)
        if os.environ.get("HF_HUB_OFFLINE") == "1":
            raise FetchFailed(
                f"Base model {source} is not on this machine and the engine runs offline (HF_HUB_OFFLINE=1).",
                "base_model_unavailable",
            )
        try:
            download = self.downloads.request(source, None)
        except hub.HubError as error:
            raise FetchFailed(error.message, error.code) from None
        total = hub.format_bytes(download.total_bytes or 0)
        event(f"Base model {source} is not on this machine yet: downloading it ({total}, {download.id}).")
        started = download.downloaded_bytes / max(1, download.total_bytes or 1)
        shown = {"at": time.monotonic(), "fraction": started}

        def progress(state: Download) -> bool:
            reason = stop()
            if reason:
                raise FetchStopped(reason)
            fraction = state.downloaded_bytes / max(1, state.total_bytes or 1)
            moment = time.monotonic()
            if moment - shown["at"] >= EVENT_SECONDS or fraction - shown["fraction"] >= EVENT_STEP:
                shown.update(at=moment, fraction=fraction)
                event(
                    f"Downloading base model {source}: {fraction:.0%} "
                    f"({hub.format_bytes(state.downloaded_bytes)} of {total})",
                )
            return True

        final = self.downloads.wait(download.id, progress)
        if final.status == "done":
            local = hub.local_snapshot(source)
            if local is not None:
                event(f"Downloaded base model {source} ({total}).")
                return str(local)
            raise FetchFailed(
                f"The download of {source} ended, but its folder is incomplete.", "base_model_unavailable"
            )
        if final.status == "cancelled":
            raise FetchFailed(
                f"The download of base model {source} was cancelled; start it again to train on this model.",
                "base_model_unavailable",
            )
        message = (final.error or {}).get("message") or f"The download of base model {source} failed."
        raise FetchFailed(str(message), str((final.error or {}).get("code") or "base_model_unavailable"))

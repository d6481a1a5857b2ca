"""One engine per data folder, and a data folder only its user can read.

`DataFolderLock` takes an exclusive, non-blocking OS lock on ``DATA_DIR/engine.lock`` for the life
of the process (flock on POSIX, msvcrt.locking on Windows; the OS drops it when the process dies,
even by kill -9, so a stale lock can't block a restart). The lock file names its holder (PID, and
the address once it listens), so a second engine refuses to start and says which engine to stop.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

LOCK_NAME = "engine.lock"


class DataFolderBusy(RuntimeError):
    """Another engine process holds the data folder; the message names it."""

    def __init__(self, data_dir: Path, holder: dict[str, Any]) -> None:
        self.holder = holder
        pid = holder.get("pid", "unknown")
        address = holder.get("url") or "address not known yet"
        super().__init__(
            f"Another Finetune engine (PID {pid}, {address}) already uses the data folder {data_dir}. "
            "Two engines on one folder would train the same jobs twice: stop that engine first, or give "
            "this one another folder with --data-dir."
        )


def make_private(data_dir: Path) -> None:
    """Data folder 0700: training data, prompts and models are for the user alone (no-op on Windows)."""
    if os.name == "posix":
        os.chmod(data_dir, 0o700)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class DataFolderLock:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise DataFolderBusy naming the engine that has it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise DataFolderBusy(self.data_dir, self.holder())
        self._fd = fd
        self.describe()

    def describe(self, url: str | None = None) -> None:
        """Write who holds the lock (read by a second engine's message)."""
        if self._fd is None:
            return
        record = json.dumps({"pid": os.getpid(), "url": url}).encode()
        # Windows locks the first byte: the record goes after it there.
        offset = 1 if sys.platform == "win32" else 0
        os.ftruncate(self._fd, offset)
        os.lseek(self._fd, offset, os.SEEK_SET)
        os.write(self._fd, record)

    def holder(self) -> dict[str, Any]:
        try:
            text = self.path.read_bytes().lstrip(b"\0").decode("utf-8", "replace")
            holder = json.loads(text)
        except (OSError, ValueError):
            return {}
        return holder if isinstance(holder, dict) else {}

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock; the file stays (removing it would race)
            self._fd = None

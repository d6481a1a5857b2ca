"""Room to free room: a small file kept in the data folder so that deletes work on a full disk.

SQLite needs a few free pages even to delete a row (its write-ahead log grows first). When the disk
is full, `SpaceReserve.release` removes the reserve so that the delete can go through; the reserve
comes back (`restore`) as soon as there is room again. Writes that fail for want of space are
recognised by `is_disk_full` and answered as 507 Insufficient Storage, never as a crash.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from pathlib import Path

RESERVE_NAME = ".space-reserve"
RESERVE_BYTES = 1024 * 1024
_CHUNK = 64 * 1024


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(error, sqlite3.OperationalError):
        return "full" in str(error).lower()  # SQLITE_FULL: "database or disk is full"
    return False


class SpaceReserve:
    def __init__(self, data_dir: Path, size: int = RESERVE_BYTES) -> None:
        self.path = data_dir / RESERVE_NAME
        self.size = size

    def restore(self) -> bool:
        """Make sure the reserve exists at full size; False when the disk has no room for it now."""
        try:
            if self.path.exists() and self.path.stat().st_size >= self.size:
                return True
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                left = self.size
                while left > 0:  # real blocks, not a sparse file: only written bytes hold space
                    left -= os.write(fd, b"\0" * min(_CHUNK, left))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as error:
            if not is_disk_full(error):
                raise
            with contextlib.suppress(OSError):
                self.path.unlink()
            return False
        return True

    def release(self) -> bool:
        """Give the reserve's space back to the disk; False when there was none to give."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        return True

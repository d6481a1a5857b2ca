"""The engine's one way to write a file: all or nothing, durable, never readable by others meanwhile.

`atomic_writer` writes into a temporary file beside the target (``.NAME.XXXX.tmp``, created 0600 by
`tempfile.mkstemp`, so no one else can read it even for a moment), fsyncs it, renames it over the
target and fsyncs the folder. A crash at any point leaves the old file or the new one, never a mix;
what a crash leaves of the temporary file is removed by the engine's startup sweep (`TMP_SUFFIX`).
The new file keeps the mode of the one it replaces (0600 for a new file unless told otherwise).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TMP_SUFFIX = ".tmp"
NEW_FILE_MODE = 0o600


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new name in ``folder`` durable (no-op where folders can't be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows: folders can't be opened; NTFS journals the rename itself
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _mode_for(target: Path, mode: int | None) -> int:
    if mode is not None:
        return mode
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return NEW_FILE_MODE


@contextlib.contextmanager
def atomic_writer(target: Path, mode: int | None = None) -> Iterator[BinaryIO]:
    """A binary file to write; on a clean exit it replaces ``target``, on an error it vanishes."""
    target = Path(target)
    final_mode = _mode_for(target, mode)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if final_mode != NEW_FILE_MODE:
            os.chmod(temporary, final_mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_folder(target.parent)


def atomic_write(target: Path, data: bytes | str, mode: int | None = None) -> None:
    """Replace ``target`` with ``data`` (text is written as UTF-8) in one durable step."""
    with atomic_writer(target, mode) as stream:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)

"""One way for the app to replace a file: all of the new content, or the old file untouched.

:func:`atomic_write` writes to a temporary file in the same folder, flushes and fsyncs it, gives it
the mode of the file it replaces (a new file gets the usual mode for the user's umask, never the
temporary file's 0600), renames it over the target and fsyncs the folder, so that after a crash or
power loss the path holds either the old or the new content, never an empty or half-written file.
If anything fails (or the ``with`` body raises) the temporary file is removed and the target is
left as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, overload

TEMPORARY_PREFIX = ".finetune-desk-"
TEMPORARY_SUFFIX = ".tmp"


def _default_mode() -> int:
    # The mode open() would give a new file: 0o666 less the umask (read without changing it for long).
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (a no-op where folders cannot be opened)."""
    if os.name == "nt":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


@overload
def atomic_write(
    path: Path | str, mode: Literal["w"] = "w", *, encoding: str = "utf-8", newline: str | None = None
) -> contextlib.AbstractContextManager[IO[str]]: ...


@overload
def atomic_write(
    path: Path | str, mode: Literal["wb"], *, encoding: str = "utf-8", newline: str | None = None
) -> contextlib.AbstractContextManager[IO[bytes]]: ...


def atomic_write(
    path: Path | str, mode: str = "w", *, encoding: str = "utf-8", newline: str | None = None
) -> contextlib.AbstractContextManager[IO[Any]]:
    """A file object whose content replaces ``path`` atomically when the ``with`` block ends."""
    if mode not in ("w", "wb"):
        raise ValueError("atomic_write opens files with mode 'w' or 'wb'")
    return _atomic_write(Path(path), mode, encoding, newline)


@contextlib.contextmanager
def _atomic_write(path: Path, mode: str, encoding: str, newline: str | None) -> Iterator[IO[Any]]:
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:
        kept_mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        kept_mode = _default_mode()
    handle, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=folder)
    try:
        if mode == "wb":
            stream: IO[Any] = os.fdopen(handle, "wb")
        else:
            stream = os.fdopen(handle, "w", encoding=encoding, newline=newline)
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, kept_mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_folder(folder)


def atomic_write_bytes(path: Path | str, content: bytes) -> None:
    with atomic_write(path, "wb") as stream:
        stream.write(content)


def atomic_write_text(
    path: Path | str, text: str, *, encoding: str = "utf-8", newline: str | None = None
) -> None:
    with atomic_write(path, "w", encoding=encoding, newline=newline) as stream:
        stream.write(text)


@contextlib.contextmanager
def file_lock(path: Path | str) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (a small lock file beside the data) across processes.

    Two app windows that read, change and write the same settings file take it in turn, so neither
    writes over the other's change. Blocks until the lock is free.
    """
    lock_path = Path(path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
            try:
                yield
            finally:
                os.lseek(handle, 0, os.SEEK_SET)
                msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)

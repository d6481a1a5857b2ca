"""A real, small, size-limited filesystem for full-disk tests.

`small_disk` mounts a fresh tmpfs of a few MiB (``mount -t tmpfs -o size=...``) at a folder under the
test's temporary directory and unmounts it afterwards. Writes past its size fail in the kernel with
ENOSPC, exactly as on a full disk: no `open` or `write` is mocked. A test fills it with
`SmallDisk.fill()` (a ballast file that takes every free byte, or all but `leave_bytes`) and frees it
again with `SmallDisk.release()`.

Mounting needs root (or CAP_SYS_ADMIN), which the test machines and CI have. Where the OS refuses the
mount, the test is skipped with the kernel's reason; nothing falls back to a pretend disk.

Use it in any test package (the fixtures are registered in tests/conftest.py)::

    def test_save_on_full_disk(small_disk: SmallDisk) -> None:
        target = small_disk.path / "data.jsonl"
        small_disk.fill()
        with pytest.raises(OSError) as caught:
            target.write_bytes(b"x" * 10_000)
        assert caught.value.errno == errno.ENOSPC

    def test_with_more_room(small_disk_factory) -> None:
        disk = small_disk_factory(64 * 1024 * 1024)
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

DEFAULT_SIZE_BYTES = 8 * 1024 * 1024
BALLAST_NAME = ".ballast"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class SmallDisk:
    """A mounted size-limited filesystem: `path` is its root folder, writable by the test."""

    path: Path
    size_bytes: int

    @property
    def ballast(self) -> Path:
        return self.path / BALLAST_NAME

    def free_bytes(self) -> int:
        """Bytes a non-root writer could still write (tmpfs reserves nothing for root)."""
        stats = os.statvfs(self.path)
        return stats.f_bavail * stats.f_frsize

    def fill(self, leave_bytes: int = 0) -> int:
        """Grow the ballast file until at most `leave_bytes` are free; returns the bytes added.

        With the default 0 the disk ends truly full: the last write is the one the kernel refused.
        """
        added = 0
        # Unbuffered: every byte the kernel accepted is on the disk, none waits in a Python buffer.
        fd = os.open(self.ballast, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            while True:
                want = min(_CHUNK, self.free_bytes() - leave_bytes) if leave_bytes else _CHUNK
                if want <= 0:
                    break
                try:
                    written = os.write(fd, b"\0" * want)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    if want == 1:
                        break
                    # The last pages: try ever smaller pieces until not even one byte fits.
                    piece = max(1, want // 8)
                    while piece >= 1:
                        try:
                            written = os.write(fd, b"\0" * piece)
                            added += written
                        except OSError as inner:
                            if inner.errno != errno.ENOSPC:
                                raise
                            piece //= 8
                    break
                added += written
        finally:
            os.close(fd)
        return added

    def release(self, keep_free_bytes: int | None = None) -> None:
        """Remove the ballast (or shrink it so that `keep_free_bytes` become free)."""
        if keep_free_bytes is None:
            self.ballast.unlink(missing_ok=True)
            return
        if not self.ballast.exists():
            return
        size = self.ballast.stat().st_size
        need = keep_free_bytes - self.free_bytes()
        if need > 0:
            os.truncate(self.ballast, max(0, size - need))

    def is_full(self, below_bytes: int = 4096) -> bool:
        return self.free_bytes() < below_bytes


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


@contextmanager
def mounted_small_disk(mount_point: Path, size_bytes: int = DEFAULT_SIZE_BYTES) -> Iterator[SmallDisk]:
    """Mount a tmpfs of `size_bytes` at `mount_point` (created) for the duration of the block.

    Raises `pytest.skip.Exception` when the OS refuses the mount (no root, no CAP_SYS_ADMIN, no
    `mount` program), with the reason the OS gave.
    """
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("full-disk test needs the mount and umount programs (util-linux)")
    mount_point.mkdir(parents=True, exist_ok=True)
    # tmpfs sizes are whole pages: round up so that the size asked for is what the test gets.
    page = os.sysconf("SC_PAGE_SIZE")
    size_bytes = -(-size_bytes // page) * page
    mounted = _run(["mount", "-t", "tmpfs", "-o", f"size={size_bytes},mode=0755", "tmpfs", str(mount_point)])
    if mounted.returncode != 0:
        reason = (mounted.stderr or mounted.stdout).strip() or f"exit status {mounted.returncode}"
        pytest.skip(f"full-disk test needs a small tmpfs, and the OS refused the mount: {reason}")
    disk = SmallDisk(mount_point, size_bytes)
    try:
        yield disk
    finally:
        unmounted = _run(["umount", str(mount_point)])
        if unmounted.returncode != 0:
            # Something (an engine the test started, a lingering handle) still holds a file there:
            # detach it now; the kernel frees it when the last handle closes.
            lazy = _run(["umount", "--lazy", str(mount_point)])
            if lazy.returncode != 0:
                raise RuntimeError(
                    f"could not unmount the small disk at {mount_point}: {lazy.stderr.strip()}"
                )


@pytest.fixture
def small_disk_factory(tmp_path: Path) -> Iterator[Callable[[int], SmallDisk]]:
    """Returns `make(size_bytes)`: each call mounts another small disk, all unmounted after the test."""
    with ExitStack() as stack:

        def make(size_bytes: int = DEFAULT_SIZE_BYTES) -> SmallDisk:
            mount_point = tmp_path / f"small-disk-{len(made)}"
            made.append(mount_point)
            return stack.enter_context(mounted_small_disk(mount_point, size_bytes))

        made: list[Path] = []
        yield make


@pytest.fixture
def small_disk(small_disk_factory: Callable[[int], SmallDisk]) -> SmallDisk:
    """A fresh 8 MiB tmpfs mounted under the test's temporary folder."""
    return small_disk_factory(DEFAULT_SIZE_BYTES)

"""The small-disk fixture is a real filesystem that really fills up."""

from __future__ import annotations

import errno
import os

import pytest

from tests.support.small_disk import SmallDisk


def test_fill_makes_writes_fail_with_enospc_and_release_frees(small_disk: SmallDisk) -> None:
    assert os.path.ismount(small_disk.path)
    assert small_disk.free_bytes() > small_disk.size_bytes // 2
    small_disk.fill()
    assert small_disk.is_full()
    with pytest.raises(OSError) as caught, open(small_disk.path / "more.bin", "wb") as more:
        more.write(b"x" * 100_000)
        more.flush()
        os.fsync(more.fileno())
    assert caught.value.errno == errno.ENOSPC
    small_disk.release()
    assert small_disk.free_bytes() > small_disk.size_bytes // 2
    (small_disk.path / "after.bin").write_bytes(b"x" * 100_000)


def test_fill_can_leave_room_and_factory_makes_other_sizes(small_disk_factory) -> None:
    disk = small_disk_factory(2 * 1024 * 1024)
    disk.fill(leave_bytes=256 * 1024)
    assert 0 < disk.free_bytes() <= 256 * 1024
    (disk.path / "fits.bin").write_bytes(b"x" * 100_000)
    with pytest.raises(OSError) as caught:
        (disk.path / "too-big.bin").write_bytes(b"x" * 400_000)
    assert caught.value.errno == errno.ENOSPC
    disk.release(keep_free_bytes=1024 * 1024)
    assert disk.free_bytes() >= 1024 * 1024

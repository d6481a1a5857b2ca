"""atomic_write: all of the new content or the old file untouched, mode kept, no temporary left."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop.core.atomic import TEMPORARY_SUFFIX, atomic_write, atomic_write_bytes, atomic_write_text


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(TEMPORARY_SUFFIX)]


def test_replaces_content_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "data.csv"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    atomic_write_text(target, "新的 new\n")
    assert target.read_text(encoding="utf-8") == "新的 new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_umask_mode_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "sub" / "new.bin", b"\x00\x01")
    finally:
        os.umask(old)
    created = tmp_path / "sub" / "new.bin"
    assert created.read_bytes() == b"\x00\x01"
    assert stat.S_IMODE(created.stat().st_mode) == 0o644


def test_a_failure_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "profiles.json"
    target.write_text('{"kept": true}', encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as stream:
        stream.write('{"half": ')
        raise RuntimeError("power cut")
    assert target.read_text(encoding="utf-8") == '{"kept": true}'
    assert leftovers(tmp_path) == []


def test_only_write_modes(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        atomic_write(tmp_path / "x", "a")  # type: ignore[call-overload]

"""`finetune-desk --self-test` from source: every step runs and says what it did."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not os.environ.get("DBUS_SESSION_BUS_ADDRESS"), reason="the self-test reads the keyring")
def test_the_self_test_runs_every_step_and_passes(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test", "--data-dir", str(tmp_path / "data")],
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for step in ("open the sample", "check the examples", "count tokens", "write JSONL", "keyring"):
        assert any(line.startswith(f"ok   {step}") for line in lines), result.stdout
    assert any("61 examples in the table" in line for line in lines)
    assert any(line.startswith("ok   start the local engine") and "/v1 serves" in line for line in lines)
    assert lines[-1] == "self-test passed"


def test_a_failing_step_fails_the_self_test(tmp_path: Path) -> None:
    # A data folder that is a file: the engine cannot start there, so the self-test must fail.
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test", "--data-dir", str(blocker)],
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1
    assert "FAIL start the local engine" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("self-test FAILED: start the local engine")

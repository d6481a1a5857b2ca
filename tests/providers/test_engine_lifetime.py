"""The local engine never outlives the app that started it, even when the app is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited but not been reaped (its parent is gone too): count it as stopped.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def test_engine_stops_when_the_app_is_killed(tmp_path: Path) -> None:
    app_script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(Path.cwd())!r})
        from desktop.providers.local_engine import LocalEngineProcess
        engine = LocalEngineProcess({str(tmp_path / "engine")!r}, "lifetime-token")
        engine.start()
        print(engine.pid, flush=True)
        time.sleep(600)
        """
    )
    app = subprocess.Popen([sys.executable, "-c", app_script], stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout is not None
        engine_pid = int(app.stdout.readline())
        assert _alive(engine_pid)
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=30)
        deadline = time.monotonic() + 60
        while _alive(engine_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(engine_pid), "the engine outlived the app that started it"
    finally:
        if app.poll() is None:
            app.kill()

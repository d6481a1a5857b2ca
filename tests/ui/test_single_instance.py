"""One app per user: a second launch (a real `python -m desktop FILE` process) hands its file to the
window that is open and exits; a crashed app's lock does not block the next start."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.ui import single_instance
from desktop.ui.app import open_requested
from desktop.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]


def launch(arguments: list[str], home: Path) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", *arguments],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_second_launch_hands_its_file_to_the_open_window(qtbot: QtBot, isolated_home: Path) -> None:
    data = isolated_home / "examples.csv"
    data.write_text("prompt,completion\n你好,Hello\nhi,there\n", encoding="utf-8")
    instance = single_instance.claim()
    assert instance is not None, "no other window of this test's settings folder may be open"
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    requests: list[dict] = []
    instance.requested.connect(requests.append)
    instance.requested.connect(lambda request: open_requested(window, request))
    try:
        second = launch([str(data)], isolated_home)
        # Our event loop runs while we wait: the running app must answer the second launch.
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=60_000)
        _out, err = second.communicate()
        assert second.returncode == 0, err
        assert "already open" in err
        assert requests == [{"file": str(data.resolve())}]
        qtbot.waitUntil(lambda: window.document.path == data.resolve(), timeout=10_000)
        assert len(window.document.dataset) == 2
        # A launch without a file only brings the window to the front.
        third = launch([], isolated_home)
        qtbot.waitUntil(lambda: third.poll() is not None, timeout=60_000)
        assert third.returncode == 0, third.communicate()[1]
        assert requests[-1] == {}
    finally:
        instance.close()


def test_a_crashed_apps_lock_does_not_block_the_next_start(qtbot: QtBot, isolated_home: Path) -> None:
    key = single_instance.instance_key() + "-crash"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "app = QCoreApplication([])\n"
            "from desktop.ui.single_instance import claim\n"
            f"instance = claim({key!r})\n"
            "assert instance is not None\n"
            "print('claimed', flush=True)\n"
            "time.sleep(120)\n",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "claimed"
        assert single_instance.claim(key) is None  # it is alive: the lock is its
        holder.kill()
        holder.wait(timeout=30)
        deadline = time.monotonic() + 10
        instance = single_instance.claim(key)
        while instance is None and time.monotonic() < deadline:
            time.sleep(0.1)
            instance = single_instance.claim(key)
        assert instance is not None, "a dead app's lock must not block a new start"
        instance.close()
    finally:
        holder.kill()
        holder.wait(timeout=30)

"""A real app process is killed with SIGKILL after an edit; the next start offers the edit back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop import APP_NAME, ORGANIZATION
from desktop.ui.app import SCRIPTED_EDIT_ENV, parse_arguments, start_window
from tests.ui.editor_helpers import answer_next_message_box

REPO = Path(__file__).resolve().parents[2]
EDITED = "帅，非常非常帅（崩溃前的修改）"


def test_edits_survive_a_kill_9(qtbot: QtBot, isolated_home: Path) -> None:
    recovery = isolated_home / ".local" / "share" / ORGANIZATION / APP_NAME / "recovery"
    environment = {
        **os.environ,
        "HOME": str(isolated_home),
        "XDG_DATA_HOME": str(isolated_home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(isolated_home / ".config"),
        "QT_QPA_PLATFORM": "offscreen",
        SCRIPTED_EDIT_ENV: json.dumps({"row": 0, "column": 1, "text": EDITED}),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--sample", "--lang", "en"],
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    journal = recovery / f"session-{process.pid}.journal"
    try:
        deadline = time.monotonic() + 60
        while not (journal.exists() and EDITED in journal.read_text(encoding="utf-8")):
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "the journal was never written"
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    assert process.returncode == -signal.SIGKILL

    # The next start (same code path as `python -m desktop --sample`) offers the edits first.
    window = start_window(parse_arguments(["finetune-desk", "--sample"]))
    qtbot.addWidget(window, before_close_func=lambda w: w.document.mark_saved())
    assert window.autosave is not None and window.autosave.folder == recovery
    qtbot.waitUntil(lambda: window.autosave is not None and window.autosave.recovery_box is not None)
    box = window.autosave.recovery_box
    assert box is not None and box.isVisible()
    assert "61 rows" in box.informativeText()
    restore = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    restore.click()
    qtbot.waitUntil(lambda: len(window.document.examples) == 61, timeout=10_000)
    first = window.document.examples[0].peek()
    assert first == {"prompt": "你觉得orangbus怎么样", "completion": EDITED}
    assert window.document.is_modified and window.isWindowModified()
    assert window.document.path is None  # the sample is never saved over
    # Our own journal replaces the dead session's one.
    own = recovery / f"session-{os.getpid()}.journal"
    qtbot.waitUntil(lambda: own.exists() and not journal.exists(), timeout=15_000)
    answer_next_message_box(lambda _box: QMessageBox.StandardButton.Discard)
    window.close()
    assert not window.isVisible()
    assert not own.exists()  # a clean close leaves nothing to recover

"""The Qt binding itself must survive what the app does all day: emitting signals."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_many_signal_emits_do_not_crash_the_interpreter() -> None:
    # PySide6 6.12.0 dropped a reference to True per emit and aborted Python 3.11 ("bool_dealloc");
    # run in a child process so a regression fails this test instead of killing the test run.
    script = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QCoreApplication, QObject, Signal

        class Sender(QObject):
            fired = Signal(int)

        app = QCoreApplication([])
        sender = Sender()
        received = []
        sender.fired.connect(received.append)
        before = sys.getrefcount(True)
        for i in range(5000):
            sender.fired.emit(i)
        print(len(received), sys.getrefcount(True) - before)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    count, refcount_change = map(int, result.stdout.split())
    assert count == 5000
    assert abs(refcount_change) < 100

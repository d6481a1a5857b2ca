from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from desktop.ui.background import CancelToken, ReportedError, error_hub, run_in_background


def test_result_arrives_on_success(qtbot: QtBot) -> None:
    results: list[int] = []
    handle = run_in_background("adding", lambda a, b: a + b, 2, 3, on_success=results.append)
    qtbot.waitUntil(lambda: results == [5])
    qtbot.waitUntil(lambda: not handle.is_running)


def test_errors_reach_the_hub_redacted(qtbot: QtBot) -> None:
    hub = error_hub()
    hub.add_redactor(lambda text: text.replace("sk-secret", "sk-…"))

    def fail() -> None:
        raise ValueError("bad key sk-secret")

    with qtbot.waitSignal(hub.error_reported) as blocker:
        run_in_background("Testing", fail)
    reported = blocker.args[0]
    assert isinstance(reported, ReportedError)
    assert reported.where == "Testing"
    assert reported.message == "bad key sk-…"
    assert "sk-secret" not in reported.details


def test_cancel_and_progress(qtbot: QtBot) -> None:
    seen: list[int] = []
    finished: list[bool] = []

    def count(cancel: CancelToken, progress) -> int:  # type: ignore[no-untyped-def]
        for i in range(1000):
            progress(i)
            cancel.raise_if_cancelled()
            time.sleep(0.005)
        return -1

    handle = run_in_background(
        "Counting", count, on_progress=seen.append, on_success=lambda r: finished.append(True)
    )
    qtbot.waitUntil(lambda: len(seen) >= 3)
    handle.cancel()
    qtbot.waitUntil(lambda: not handle.is_running)
    assert finished == []
    assert seen[:3] == [0, 1, 2]

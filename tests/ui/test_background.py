from __future__ import annotations

import threading
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import SIGNAL, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.core.cancel import CancelToken
from desktop.ui.background import ReportedError, error_hub, run_in_background


def test_result_arrives_on_success(qtbot: QtBot) -> None:
    results: list[int] = []
    handle = run_in_background("adding", lambda a, b: a + b, 2, 3, owner=None, on_success=results.append)
    qtbot.waitUntil(lambda: results == [5])
    qtbot.waitUntil(lambda: not handle.is_running)


def test_errors_reach_the_hub_redacted(qtbot: QtBot) -> None:
    hub = error_hub()
    hub.add_redactor(lambda text: text.replace("sk-secret", "sk-…"))

    def fail() -> None:
        raise ValueError("bad key sk-secret")

    with qtbot.waitSignal(hub.error_reported) as blocker:
        run_in_background("Testing", fail, owner=None)
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
        "Counting", count, owner=None, on_progress=seen.append, on_success=lambda r: finished.append(True)
    )
    qtbot.waitUntil(lambda: len(seen) >= 3)
    handle.cancel()
    qtbot.waitUntil(lambda: not handle.is_running)
    assert finished == []
    assert seen[:3] == [0, 1, 2]


# --- owner= : results for a widget that is gone are dropped ---------------------------------------


def _late_work(gate: threading.Event, outcome: str) -> Callable[..., int]:
    """Work that waits for ``gate`` (opened once the owner is gone), then reports and ends."""

    def work(progress) -> int:  # type: ignore[no-untyped-def]
        gate.wait(30)
        progress("late progress")
        if outcome == "error":
            raise ValueError("failed after its window closed")
        return 42

    return work


def test_results_progress_and_finished_after_the_owner_is_deleted_are_dropped(qtbot: QtBot) -> None:
    owner = QWidget()
    owner.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    owner.show()
    delivered: list[object] = []
    gate = threading.Event()
    handle = run_in_background(
        "Late work",
        _late_work(gate, "result"),
        owner=owner,
        on_success=lambda result: delivered.append(("success", owner.objectName(), result)),
        on_progress=lambda value: delivered.append(("progress", owner.objectName(), value)),
        on_finished=lambda: delivered.append(("finished", owner.objectName())),
    )
    owner.close()  # the window is closed and deleted while the work is still running
    qtbot.waitUntil(lambda: not shiboken6.isValid(owner))
    gate.set()
    qtbot.waitUntil(lambda: not handle.is_running)
    qtbot.wait(50)  # let the queued signals of the pool thread arrive
    assert delivered == []


def test_an_error_after_the_owner_is_gone_still_reaches_the_hub(qtbot: QtBot) -> None:
    owner = QWidget()
    gate = threading.Event()
    handle = run_in_background("Exporting late", _late_work(gate, "error"), owner=owner)
    shiboken6.delete(owner)
    gate.set()
    with qtbot.waitSignal(error_hub().error_reported) as blocker:
        pass
    reported = blocker.args[0]
    assert reported.where == "Exporting late"
    assert reported.message == "failed after its window closed"
    qtbot.waitUntil(lambda: not handle.is_running)


def test_the_task_is_cancelled_when_its_owner_is_destroyed(qtbot: QtBot) -> None:
    owner = QWidget()
    started = threading.Event()
    stopped: list[bool] = []
    delivered: list[object] = []

    def count(cancel: CancelToken) -> int:
        started.set()
        try:
            while True:
                cancel.raise_if_cancelled()
                time.sleep(0.005)
        finally:
            stopped.append(True)

    handle = run_in_background(
        "Counting", count, owner=owner, on_success=delivered.append, on_error=delivered.append
    )
    assert started.wait(30)
    assert not handle.cancel_token.cancelled
    shiboken6.delete(owner)
    assert handle.cancel_token.cancelled
    qtbot.waitUntil(lambda: not handle.is_running)
    assert stopped == [True]
    assert delivered == []


def test_callbacks_run_while_the_owner_lives_and_the_owner_keeps_no_connection(qtbot: QtBot) -> None:
    owner = QWidget()
    destroyed = SIGNAL("destroyed(QObject*)")

    def add(a: int, b: int) -> list[int]:
        results: list[int] = []
        finished: list[bool] = []
        handle = run_in_background(
            "adding",
            lambda x, y: x + y,
            a,
            b,
            owner=owner,
            on_success=results.append,
            on_finished=lambda: finished.append(True),
        )
        qtbot.waitUntil(lambda: finished == [True])
        assert not handle.cancel_token.cancelled
        return results

    assert add(2, 3) == [5]
    after_one = owner.receivers(destroyed)
    assert [add(n, 1) for n in range(3)] == [[1], [2], [3]]
    assert owner.receivers(destroyed) == after_one  # a long-lived window does not collect connections


def test_a_cancelled_provider_call_is_not_reported_as_an_error(qtbot: QtBot) -> None:
    from desktop.providers.errors import raise_if_cancelled, sleep_unless_cancelled

    owner = QWidget()
    started = threading.Event()

    def wait_for_the_server(cancel: CancelToken) -> None:
        started.set()
        while True:
            sleep_unless_cancelled(0.01, cancel)  # a CANCELLED ProviderError once cancelled
            raise_if_cancelled(cancel)

    with qtbot.assertNotEmitted(error_hub().error_reported, wait=100):
        handle = run_in_background("Waiting", wait_for_the_server, owner=owner)
        assert started.wait(30)
        handle.cancel()
        qtbot.waitUntil(lambda: not handle.is_running)

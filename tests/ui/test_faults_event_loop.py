"""The UI's event loop keeps running while the provider misbehaves (pytest-qt, real engine, real faults).

Provider calls run through desktop.ui.background.run_in_background, between the app's client and the
local engine sits tests/support/fault_proxy.py; a QTimer on the UI thread counts its ticks while each
fault plays out, and the outcome reaches the UI thread through the task's signals.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from desktop.providers.client import make_client
from desktop.providers.errors import ErrorKind, ProviderError
from desktop.providers.jobs import JobService
from desktop.providers.profiles import Profile, ProviderKind
from desktop.providers.uploads import upload_training_file
from desktop.ui.background import run_in_background
from tests.support.engine_server import EngineServer
from tests.support.fault_proxy import FaultProxy, fault_proxy


@pytest.fixture
def proxy(engine_server: EngineServer) -> Iterator[FaultProxy]:
    with fault_proxy(engine_server.base_url) as running:
        yield running


def _client(proxy: FaultProxy, engine: EngineServer, timeout: float = 30.0) -> Any:
    profile = Profile.create("engine", ProviderKind.COMPATIBLE, base_url=proxy.base_url, timeout=timeout)
    return make_client(profile, engine.token)


def _run_while_counting(qtbot: QtBot, work: Callable[[], Any]) -> tuple[list[Any], list[BaseException], int]:
    """Run ``work`` in the background; count UI-thread timer ticks until its outcome arrives."""
    ticks = [0]
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    results: list[Any] = []
    errors: list[BaseException] = []
    timer.start()
    run_in_background("fault test", work, owner=None, on_success=results.append, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(results or errors), timeout=60_000)
    timer.stop()
    return results, errors, ticks[0]


@pytest.mark.parametrize(
    ("action", "params"),
    [
        ("delay", {"seconds": 1.0}),
        ("timeout", {"seconds": 4.0}),
        ("drop_response", {}),
        ("reset_upload", {"after_bytes": 100}),
        ("status", {"status": 429, "headers": {"Retry-After": "1"}}),
    ],
)
def test_the_event_loop_runs_during_an_upload_fault(
    qtbot: QtBot, proxy: FaultProxy, engine_server: EngineServer, tmp_path: Path, action: str, params: dict
) -> None:
    path = tmp_path / f"loop-{action}.jsonl"
    line = json.dumps(
        {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
    )
    path.write_text((line + "\n") * 20, encoding="utf-8")
    proxy.fault("POST", r"/files$", action, **params)
    # A short client timeout only where the fault is a timeout: a busy CI box must not time out the rest.
    client = _client(proxy, engine_server, timeout=2.0 if action == "timeout" else 30.0)
    results, errors, ticks = _run_while_counting(
        qtbot, lambda: upload_training_file(client, path, profile_id="p", attempts=4)
    )
    assert not errors and results and results[0].file_id.startswith("file")
    assert ticks > 0  # the UI thread kept turning while the fault played out
    assert [entry.fault for entry in proxy.log if entry.fault] == [action]


def test_the_event_loop_runs_while_a_failing_call_gives_up(
    qtbot: QtBot, proxy: FaultProxy, engine_server: EngineServer
) -> None:
    proxy.fault("GET", r"/fine_tuning/jobs", "status", status=503, times=3, headers={"Retry-After": "0.3"})
    service = JobService(_client(proxy, engine_server), attempts=3)
    results, errors, ticks = _run_while_counting(qtbot, service.list_jobs)
    assert not results and isinstance(errors[0], ProviderError) and errors[0].kind is ErrorKind.SERVER
    assert ticks > 0

"""The batch runner against a real loopback server that misbehaves: rate limits, dead models, slowness."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest

from desktop.providers.client import make_client
from desktop.providers.evaluation import EvaluationRow, EvaluationRun, RunState, run_evaluation
from desktop.providers.events.evaluation import RetryWait, RowAnswered
from desktop.providers.profiles import Profile, ProviderKind
from tests.providers.fault_server import Answer, FaultServer, running_fault_server


def completion(text: str) -> dict[str, object]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running_fault_server() as fault_server:
        fault_server.default = Answer(200, completion("帅，非常帅"))
        yield fault_server


def client_for(server: FaultServer):  # type: ignore[no-untyped-def]
    profile = Profile.create("faulty", ProviderKind.COMPATIBLE, base_url=server.base_url)
    return make_client(profile, "sk-test")


def rows(count: int) -> list[EvaluationRow]:
    return [
        EvaluationRow(({"role": "user", "content": f"question {i}"},), "帅，非常帅", i + 1)
        for i in range(count)
    ]


def test_rate_limit_waits_as_asked_and_then_succeeds(server: FaultServer) -> None:
    server.answer(429, headers={"Retry-After": "1"})
    waits: list[float] = []

    def waited(event: object) -> None:
        if isinstance(event, RetryWait):
            waits.append(event.seconds)

    run = EvaluationRun(models=["m"], rows=rows(3))
    run_evaluation(client_for(server), run, concurrency=1, progress=waited)
    assert run.state is RunState.COMPLETE
    assert waits == [1.0]
    assert all(run.answer(i, "m").score.exact for i in range(3))  # type: ignore[union-attr]
    assert len(server.requests) == 4  # the refused one was sent again
    sent = json.loads(server.requests[0].body)
    assert sent["model"] == "m" and sent["temperature"] == 0


def test_an_error_every_row_would_get_is_not_sent_again(server: FaultServer) -> None:
    server.answer(404, {"error": {"message": "The model `gone` does not exist", "code": "model_not_found"}})
    run = EvaluationRun(models=["gone"], rows=rows(5))
    run_evaluation(client_for(server), run, concurrency=1)
    assert run.state is RunState.COMPLETE
    assert len(server.requests) == 1
    errors = [run.answer(i, "gone").error for i in range(5)]  # type: ignore[union-attr]
    assert all(error and "does not exist" in error for error in errors)
    assert run.summary("gone").scores.errors == 5


def test_a_bad_row_fails_alone(server: FaultServer) -> None:
    server.answer(400, {"error": {"message": "context too long", "code": "context_length_exceeded"}})
    run = EvaluationRun(models=["m"], rows=rows(3))
    run_evaluation(client_for(server), run, concurrency=1)
    summary = run.summary("m").scores
    assert summary.errors == 1 and summary.answered == 2


def test_cancel_returns_without_waiting_for_requests_in_flight(server: FaultServer) -> None:
    server.default = Answer(200, completion("帅，非常帅"), delay=0.3)
    cancel = threading.Event()

    class Token:
        @property
        def cancelled(self) -> bool:
            return cancel.is_set()

    arrived: list[int] = []

    def on_answer(event: object) -> None:
        if not isinstance(event, RowAnswered):
            return
        arrived.append(event.row_index)
        if len(arrived) == 2:
            cancel.set()

    run = EvaluationRun(models=["m"], rows=rows(20))
    run_evaluation(client_for(server), run, concurrency=2, cancel=Token(), progress=on_answer)
    assert run.state is RunState.CANCELLED
    assert 2 <= run.done < 20
    assert len(server.requests) < 20
    # A cancelled run continues with only the missing rows.
    missing = len(run.missing())
    assert missing == 20 - run.done
    cancel.clear()
    server.default = Answer(200, completion("帅，非常帅"))
    # The cancelled run returned without waiting for its requests in flight: let those reach the
    # server before counting, or one landing late is counted as the second run's.
    before = -1
    deadline = time.monotonic() + 30
    while before != len(server.requests) and time.monotonic() < deadline:
        before = len(server.requests)
        time.sleep(1.0)
    run_evaluation(client_for(server), run, concurrency=2, cancel=Token())
    assert run.state is RunState.COMPLETE and run.done == 20
    assert len(server.requests) - before == missing

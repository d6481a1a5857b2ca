"""Inference against the real local engine: a fine-tuned tiny-random model, streamed, stopped, copied."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from desktop.providers.inference import (
    AnswerStream,
    ChatRequest,
    Endpoint,
    InferenceMode,
    ModelKind,
    SamplingParameters,
    list_models,
    request_answer,
    request_as_curl,
    request_as_python,
    stream_answer,
)
from tests.support.engine_server import EngineServer
from tests.ui.testtab.seed import ANSWER, QUESTION, FineTuned, fine_tuned_on

GREEDY = SamplingParameters(temperature=0, max_tokens=24)


@pytest.fixture(scope="session")
def fine_tuned(engine_server: EngineServer) -> FineTuned:
    return fine_tuned_on(engine_server)


def ask(model: str) -> ChatRequest:
    return ChatRequest(model, ({"role": "user", "content": QUESTION},), GREEDY)


def test_models_of_the_profile(engine_server: EngineServer, fine_tuned: FineTuned) -> None:
    choices = {choice.id: choice for choice in list_models(engine_server.client())}
    model = choices[fine_tuned.model]
    assert model.kind is ModelKind.FINE_TUNED and model.base_model == "tiny-random"
    assert choices["tiny-random"].kind is ModelKind.BASE
    checkpoints = [
        c for c in choices.values() if c.kind is ModelKind.CHECKPOINT and c.job_id == fine_tuned.job_id
    ]
    assert checkpoints and all(c.step for c in checkpoints)
    order = list(choices)
    assert order.index(fine_tuned.model) < order.index(checkpoints[0].id) < order.index("tiny-random")


def test_fine_tuned_model_answers(engine_server: EngineServer, fine_tuned: FineTuned) -> None:
    answer = request_answer(engine_server.client(), ask(fine_tuned.model))
    assert answer.text == ANSWER
    assert answer.usage is not None and answer.usage.completion_tokens > 0
    assert answer.finished_at >= answer.started_at


def test_streaming_arrives_in_order(engine_server: EngineServer, fine_tuned: FineTuned) -> None:
    deltas: list[str] = []
    answer = stream_answer(engine_server.client(), ask(fine_tuned.model), on_delta=deltas.append)
    assert len(deltas) >= 2
    assert "".join(deltas) == answer.text == ANSWER
    assert answer.first_token_s is not None and answer.usage is not None
    assert answer.finish_reason == "stop"


def test_stop_keeps_what_arrived(engine_server: EngineServer) -> None:
    request = ChatRequest(
        "tiny-random", ({"role": "user", "content": QUESTION},), SamplingParameters(max_tokens=400)
    )
    stream = AnswerStream(engine_server.client(), request)
    received = []
    for delta in stream:
        received.append(delta)
        stream.stop()
    assert stream.answer is not None and stream.answer.stopped
    assert received and stream.answer.text == "".join(received)


def test_completions_mode(fresh_engine: EngineServer) -> None:
    # An engine of its own until engine/generation.py stops holding torch.inference_mode() across
    # yields: a stream stepped on another server thread than the one it started on then fails.
    request = ChatRequest(
        "tiny-random",
        ({"role": "user", "content": "Say hi"},),
        SamplingParameters(temperature=0, max_tokens=8, seed=1),
        InferenceMode.COMPLETIONS,
    )
    client = fresh_engine.client()
    whole = request_answer(client, request)
    deltas: list[str] = []
    streamed = stream_answer(client, request, on_delta=deltas.append)
    assert whole.usage is not None and whole.usage.completion_tokens > 0
    assert streamed.text == whole.text == "".join(deltas).strip()


def test_unknown_model_is_a_provider_error(engine_server: EngineServer) -> None:
    from desktop.providers.errors import ErrorKind, ProviderError

    with pytest.raises(ProviderError) as caught:
        request_answer(engine_server.client(), ask("ft:tiny-random:nobody::missing"))
    assert caught.value.kind in (ErrorKind.NOT_FOUND, ErrorKind.BAD_REQUEST)


def run_env(server: EngineServer) -> dict[str, str]:
    return dict(os.environ, OPENAI_API_KEY=server.token)


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_copied_curl_runs_and_holds_no_key(engine_server: EngineServer, fine_tuned: FineTuned) -> None:
    text = request_as_curl(ask(fine_tuned.model), Endpoint(engine_server.base_url))
    assert engine_server.token not in text and "$OPENAI_API_KEY" in text
    done = subprocess.run(
        ["bash", "-c", text + " --silent --show-error"],
        capture_output=True,
        text=True,
        env=run_env(engine_server),
        timeout=60,
        check=True,
    )
    assert json.loads(done.stdout)["choices"][0]["message"]["content"] == ANSWER


def test_copied_python_runs_and_holds_no_key(engine_server: EngineServer, fine_tuned: FineTuned) -> None:
    text = request_as_python(ask(fine_tuned.model), Endpoint(engine_server.base_url))
    assert engine_server.token not in text
    done = subprocess.run(
        [sys.executable, "-c", text],
        capture_output=True,
        text=True,
        env=run_env(engine_server),
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == ANSWER

"""Faults between the app's provider code and the real local engine: nothing is done twice.

tests/support/fault_proxy.py sits between the app's client (``make_client``, the unmodified
``openai`` package) and the engine, and drops answers, resets connections mid-upload and
mid-stream, truncates bodies, delays, times out and answers 429/5xx. Each test then checks the
engine's own state: one file per upload, one job per creation, the job where the user sent it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.providers.client import make_client
from desktop.providers.errors import ErrorKind
from desktop.providers.jobs import CANCELLED, PAUSED, PAUSING, RUNNING, JobService, create_job_once
from desktop.providers.profiles import Profile, ProviderKind
from desktop.providers.uploads import UploadLedger, upload_training_file
from tests.support.engine_server import EngineServer
from tests.support.fault_proxy import FaultProxy, fault_proxy
from tests.ui.monitor.training_jobs import start_job, wait_for_status


@pytest.fixture
def proxy(engine_server: EngineServer) -> Iterator[FaultProxy]:
    with fault_proxy(engine_server.base_url) as running:
        yield running


def app_client(proxy: FaultProxy, engine: EngineServer, timeout: float = 30.0) -> object:
    profile = Profile.create("engine", ProviderKind.COMPATIBLE, base_url=proxy.base_url, timeout=timeout)
    return make_client(profile, engine.token)


def training_file(folder: Path, name: str, rows: int = 12) -> Path:
    line = {"messages": [{"role": "user", "content": f"{name} 你好"}, {"role": "assistant", "content": "hi"}]}
    path = folder / name
    path.write_text((json.dumps(line, ensure_ascii=False) + "\n") * rows, encoding="utf-8")
    return path


def files_named(engine: EngineServer, name: str) -> list[str]:
    listed = engine.client().files.list(purpose="fine-tune", limit=100)
    return [str(f.id) for f in listed.data if f.filename == name]


@pytest.mark.parametrize(
    ("action", "params"),
    [
        ("drop_response", {}),  # the engine stored the file; the answer never came
        ("reset_upload", {"after_bytes": 200}),  # the connection broke mid-upload
        ("status", {"status": 429, "headers": {"Retry-After": "0"}}),
        ("status", {"status": 502}),
        ("truncate", {"after_bytes": 10}),
    ],
)
def test_an_upload_is_never_duplicated(
    proxy: FaultProxy, engine_server: EngineServer, tmp_path: Path, action: str, params: dict
) -> None:
    name = f"whole-{action}-{params.get('status', '')}.jsonl"
    path = training_file(tmp_path, name)
    proxy.fault("POST", r"/files$", action, **params)
    uploaded = upload_training_file(
        app_client(proxy, engine_server), path, profile_id="p", ledger=UploadLedger(tmp_path), attempts=3
    )
    assert files_named(engine_server, name) == [uploaded.file_id]
    assert [entry.fault for entry in proxy.log if entry.fault] == [action]


def test_an_upload_that_timed_out_is_found_not_sent_again(
    proxy: FaultProxy, engine_server: EngineServer, tmp_path: Path
) -> None:
    path = training_file(tmp_path, "timeout.jsonl")
    proxy.fault("POST", r"/files$", "timeout", seconds=5.0)
    uploaded = upload_training_file(
        app_client(proxy, engine_server, timeout=2.0), path, profile_id="p", attempts=4
    )
    assert files_named(engine_server, "timeout.jsonl") == [uploaded.file_id]
    assert proxy.reached("POST", r"/files$") == 1


@pytest.mark.parametrize("action", ["drop_response", "status"])
def test_an_upload_in_parts_completes_once_and_is_never_cancelled(
    proxy: FaultProxy, engine_server: EngineServer, tmp_path: Path, action: str
) -> None:
    name = f"parts-{action}.jsonl"
    path = training_file(tmp_path, name, rows=60)
    params = {"status": 503, "headers": {"Retry-After": "0"}} if action == "status" else {}
    proxy.fault("POST", r"/uploads/[^/]+/complete$", action, **params)
    proxy.fault("POST", r"/uploads/[^/]+/parts$", "reset_upload", after_bytes=100)
    uploaded = upload_training_file(
        app_client(proxy, engine_server),
        path,
        profile_id="p",
        parts_threshold=1024,
        part_size=2048,
        attempts=3,
    )
    assert uploaded.in_parts
    assert files_named(engine_server, name) == [uploaded.file_id]
    content = engine_server.client().files.content(uploaded.file_id).content
    assert content == path.read_bytes()
    assert proxy.reached("POST", r"/uploads/[^/]+/cancel$") == 0
    assert {entry.fault for entry in proxy.log if entry.fault} == {action, "reset_upload"}


def test_job_creation_after_a_lost_answer_makes_one_job(
    proxy: FaultProxy, engine_server: EngineServer, tmp_path: Path
) -> None:
    client = app_client(proxy, engine_server)
    path = training_file(tmp_path, "job-once.jsonl")
    uploaded = upload_training_file(client, path, profile_id="p")
    request = {
        "model": "tiny-random",
        "training_file": uploaded.file_id,
        "suffix": "once",
        "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 1, "batch_size": 4}}},
    }
    proxy.fault("POST", r"/fine_tuning/jobs$", "drop_response")
    job = create_job_once(client, request, attempts=3)
    made = [
        j
        for j in engine_server.client().fine_tuning.jobs.list(limit=100).data
        if j.training_file == uploaded.file_id
    ]
    assert [j.id for j in made] == [job.id]
    assert proxy.reached("POST", r"/fine_tuning/jobs$") == 1


@pytest.mark.slow
def test_pause_resume_cancel_after_lost_answers_end_in_the_right_state(
    proxy: FaultProxy, engine_server: EngineServer, tmp_path: Path
) -> None:
    direct = engine_server.client()
    job_id = start_job(direct, tmp_path, n_epochs=40, suffix="lost")
    wait_for_status(direct, job_id, {RUNNING})
    service = JobService(app_client(proxy, engine_server), attempts=3)

    proxy.fault("POST", r"/pause$", "drop_response")
    assert service.pause(job_id).status in (PAUSING, PAUSED)  # no error, no 409 shown
    assert wait_for_status(direct, job_id, {PAUSED, "succeeded", "failed"}) == PAUSED

    proxy.fault("POST", r"/resume$", "drop_response")
    assert service.resume(job_id).status not in (PAUSING, PAUSED, CANCELLED)

    proxy.fault("POST", r"/cancel$", "drop_response")
    cancelled = service.cancel(job_id)
    assert cancelled.status == CANCELLED or wait_for_status(direct, job_id, {CANCELLED}) == CANCELLED
    assert proxy.reached("POST", r"/pause$") == 1 and proxy.reached("POST", r"/resume$") == 1


def test_a_conflict_that_is_a_real_refusal_stays_an_error(
    proxy: FaultProxy, engine_server: EngineServer, tmp_path: Path
) -> None:
    from desktop.providers.errors import ProviderError

    direct = engine_server.client()
    job_id = start_job(direct, tmp_path, n_epochs=1, suffix="done")
    direct.fine_tuning.jobs.cancel(job_id)
    wait_for_status(direct, job_id, {CANCELLED})
    service = JobService(app_client(proxy, engine_server), attempts=3)
    with pytest.raises(ProviderError) as caught:
        service.pause(job_id)  # a cancelled job cannot be paused: that is not a lost answer
    assert caught.value.kind is ErrorKind.CONFLICT


def test_reads_survive_resets_truncation_and_server_errors(
    proxy: FaultProxy, engine_server: EngineServer, tmp_path: Path
) -> None:
    client = app_client(proxy, engine_server)
    path = training_file(tmp_path, "download.jsonl", rows=400)
    uploaded = upload_training_file(client, path, profile_id="p")
    service = JobService(client, attempts=4)
    proxy.fault("GET", r"/files/[^/]+/content$", "reset_stream", after_bytes=5000)
    proxy.fault("GET", r"/files/[^/]+/content$", "truncate", after_bytes=100)
    proxy.fault("GET", r"/files/[^/]+/content$", "status", status=500)
    saved = service.download_file(uploaded.file_id, tmp_path / "out" / "copy.jsonl")
    assert saved.read_bytes() == path.read_bytes()
    assert [e.fault for e in proxy.log if e.fault] == ["reset_stream", "truncate", "status"]
    assert not [p for p in saved.parent.iterdir() if p.name.endswith(".tmp")]
    proxy.fault("GET", r"/fine_tuning/jobs", "delay", seconds=0.5)
    proxy.fault("GET", r"/fine_tuning/jobs", "status", status=502)
    assert isinstance(service.list_jobs(), list)


def test_a_stream_reset_mid_answer_is_a_connection_error_with_what_arrived_kept(
    proxy: FaultProxy, engine_server: EngineServer
) -> None:
    from desktop.providers.errors import ProviderError
    from desktop.providers.inference import AnswerStream, ChatRequest, SamplingParameters

    request = ChatRequest(
        "tiny-random",
        ({"role": "user", "content": "Tell me a long story"},),
        SamplingParameters(max_tokens=200, temperature=0, seed=1),
    )
    proxy.fault("POST", r"/chat/completions$", "reset_stream", after_bytes=600)
    stream = AnswerStream(app_client(proxy, engine_server), request)
    received: list[str] = []
    with pytest.raises(ProviderError) as caught:
        for delta in stream:
            received.append(delta)
    assert caught.value.kind is ErrorKind.CONNECTION
    assert received  # the first pieces arrived and were shown before the reset
    assert proxy.reached("POST", r"/chat/completions$") == 1  # a half-streamed answer is not re-sent

"""The provider layer against the real local engine over HTTP, with the unmodified openai package."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

import openai
import pytest

from desktop.providers import connection
from desktop.providers.client import make_client
from desktop.providers.errors import ErrorKind, ProviderError, translate_error, with_retries
from desktop.providers.events.uploads import UploadProgress
from desktop.providers.local_engine import LocalEngineProcess
from desktop.providers.profiles import Profile
from desktop.providers.uploads import UploadLedger, upload_training_file
from tests.support.engine_server import EngineServer

BASE_MODEL = "tiny-random"


def local_profile(engine: EngineServer) -> Profile:
    return Profile.local_engine().with_base_url(engine.base_url)


def training_file(path: Path, rows: int = 12) -> Path:
    lines = [
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": f"问题 {n}: what is {n}+{n}?"},
                    {"role": "assistant", "content": f"答案 {2 * n}"},
                ]
            },
            ensure_ascii=False,
        )
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Flag:
    cancelled = False


def test_client_and_connection_report(engine_server: EngineServer) -> None:
    client = make_client(local_profile(engine_server), engine_server.token)
    assert BASE_MODEL in [model.id for model in client.models.list()]
    report = connection.test_connection(local_profile(engine_server), engine_server.token)
    assert report.ok and report.fine_tuning_available is True
    assert BASE_MODEL in [model.id for model in report.trainable_models]


def test_wrong_token_is_401(engine_server: EngineServer) -> None:
    report = connection.test_connection(local_profile(engine_server), "wrong-token-0123456789")
    assert report.error is not None and report.error.kind is ErrorKind.AUTH
    assert report.error.status_code == 401


def test_unknown_job_is_404(engine_server: EngineServer) -> None:
    client = make_client(local_profile(engine_server), engine_server.token)
    with pytest.raises(ProviderError) as caught:
        with_retries(lambda: client.fine_tuning.jobs.retrieve("ftjob-does-not-exist"), attempts=3)
    assert caught.value.kind is ErrorKind.NOT_FOUND
    assert "ftjob-does-not-exist" in caught.value.message_en


def test_cancelling_a_finished_job_is_409(engine_server: EngineServer, tmp_path: Path) -> None:
    client = make_client(local_profile(engine_server), engine_server.token)
    uploaded = upload_training_file(client, training_file(tmp_path / "t.jsonl"), profile_id="local")
    # One job trains at a time: the second waits in the queue, so cancelling it ends it at once.
    running = client.fine_tuning.jobs.create(model=BASE_MODEL, training_file=uploaded.file_id)
    queued = client.fine_tuning.jobs.create(model=BASE_MODEL, training_file=uploaded.file_id)
    try:
        client.fine_tuning.jobs.cancel(queued.id)
        deadline = time.monotonic() + 120
        while client.fine_tuning.jobs.retrieve(queued.id).status != "cancelled":
            assert time.monotonic() < deadline, "the job never stopped"
            time.sleep(0.1)
        try:
            client.fine_tuning.jobs.cancel(queued.id)  # already cancelled
        except Exception as exc:
            error = translate_error(exc)
        else:
            pytest.fail("cancelling a cancelled job succeeded")
    finally:
        with contextlib.suppress(openai.ConflictError):  # it may have finished already
            client.fine_tuning.jobs.cancel(running.id)
    assert error.kind is ErrorKind.CONFLICT and not error.retryable
    assert queued.id in error.message_en


def test_upload_reports_progress(engine_server: EngineServer, tmp_path: Path) -> None:
    client = make_client(local_profile(engine_server), engine_server.token)
    path = training_file(tmp_path / "big.jsonl", rows=30_000)
    size = path.stat().st_size
    seen: list[int] = []
    uploaded = upload_training_file(
        client, path, profile_id="local", progress=lambda event: seen.append(event.sent)
    )
    assert len(seen) > 2 and seen[-1] == size
    assert client.files.retrieve(uploaded.file_id).bytes == size
    assert client.files.content(uploaded.file_id).read() == path.read_bytes()


def test_upload_cancel(engine_server: EngineServer, tmp_path: Path) -> None:
    client = make_client(local_profile(engine_server), engine_server.token)
    before = {f.id for f in client.files.list()}
    path = training_file(tmp_path / "big.jsonl", rows=30_000)
    cancel = Flag()

    def progress(event: UploadProgress) -> None:
        cancel.cancelled = True

    with pytest.raises(ProviderError) as caught:
        upload_training_file(client, path, profile_id="local", progress=progress, cancel=cancel)
    assert caught.value.kind is ErrorKind.CANCELLED
    assert {f.id for f in client.files.list()} == before  # nothing half-uploaded was kept


def test_parts_path(engine_server: EngineServer, tmp_path: Path) -> None:
    client = make_client(local_profile(engine_server), engine_server.token)
    path = training_file(tmp_path / "parts.jsonl", rows=3_000)
    size = path.stat().st_size
    seen: list[int] = []
    uploaded = upload_training_file(
        client,
        path,
        profile_id="local",
        parts_threshold=64 * 1024,
        part_size=size // 4 + 1,
        progress=lambda event: seen.append(event.sent),
    )
    assert uploaded.in_parts and seen[-1] == size
    assert client.files.content(uploaded.file_id).read() == path.read_bytes()
    # The assembled file trains like any other.
    job = client.fine_tuning.jobs.create(model=BASE_MODEL, training_file=uploaded.file_id)
    client.fine_tuning.jobs.cancel(job.id)


def test_no_second_upload_after_a_failed_job_creation(engine_server: EngineServer, tmp_path: Path) -> None:
    client = make_client(local_profile(engine_server), engine_server.token)
    ledger = UploadLedger(tmp_path / "config")
    path = training_file(tmp_path / "t.jsonl")
    first = upload_training_file(client, path, profile_id="local", ledger=ledger)
    with pytest.raises(Exception) as caught:
        client.fine_tuning.jobs.create(model="no-such-base-model", training_file=first.file_id)
    assert translate_error(caught.value).kind in (ErrorKind.NOT_FOUND, ErrorKind.BAD_REQUEST)
    files_before = [f.id for f in client.files.list()]
    again = upload_training_file(client, path, profile_id="local", ledger=ledger)  # the user retries
    assert again.reused and again.file_id == first.file_id
    assert [f.id for f in client.files.list()] == files_before
    job = client.fine_tuning.jobs.create(model=BASE_MODEL, training_file=again.file_id)
    client.fine_tuning.jobs.cancel(job.id)


def test_deleted_remote_file_is_uploaded_again(engine_server: EngineServer, tmp_path: Path) -> None:
    client = make_client(local_profile(engine_server), engine_server.token)
    ledger = UploadLedger(tmp_path / "config")
    path = training_file(tmp_path / "t.jsonl", rows=15)
    first = upload_training_file(client, path, profile_id="local", ledger=ledger)
    client.files.delete(first.file_id)
    again = upload_training_file(client, path, profile_id="local", ledger=ledger)
    assert not again.reused and again.file_id != first.file_id


def test_local_engine_process_runs_the_real_engine(tmp_path: Path) -> None:
    engine = LocalEngineProcess(tmp_path / "engine", "ftd-process-token-0123456789", python=sys.executable)
    try:
        base_url = engine.start(timeout=120)
        client = make_client(engine.profile(Profile.local_engine()), engine.token)
        assert BASE_MODEL in [m.id for m in client.models.list()]
        assert any(base_url in line for line in engine.log_lines())
        assert "ftd-process-token-0123456789" not in engine.log_text()
        pid = engine.pid
    finally:
        engine.stop()
    assert not engine.running and pid is not None
    report = connection.test_connection(Profile.local_engine().with_base_url(base_url), engine.token)
    assert report.error is not None and report.error.kind is ErrorKind.CONNECTION  # it is gone

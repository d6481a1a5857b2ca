"""Uploads over real HTTP to a loopback server: streamed with progress, cancel, parts, no repeats.

The same flows run against the real local engine in test_uploads_engine.py; this file pins the exact
requests the SDK sends (what a provider sees) and the fault paths an engine does not produce.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.providers.client import make_client
from desktop.providers.errors import ErrorKind, ProviderError
from desktop.providers.events.uploads import UploadProgress
from desktop.providers.profiles import Profile, ProviderKind
from desktop.providers.uploads import UploadLedger, upload_training_file
from tests.providers.fault_server import FaultServer, running_fault_server

KEY = "sk-uploads-test-0123456789"


def file_object(file_id: str = "file-abc", size: int = 1) -> dict:
    return {
        "id": file_id,
        "object": "file",
        "bytes": size,
        "created_at": 1,
        "filename": "train.jsonl",
        "purpose": "fine-tune",
        "status": "processed",
    }


def write_training_file(path: Path, rows: int) -> Path:
    line = json.dumps(
        {
            "messages": [
                {"role": "user", "content": "你好 hello"},
                {"role": "assistant", "content": "hi 你好"},
            ]
        },
        ensure_ascii=False,
    )
    path.write_text((line + "\n") * rows, encoding="utf-8")
    return path


class Flag:
    cancelled = False


@pytest.fixture
def server():
    with running_fault_server() as running:
        yield running


def client_for(server: FaultServer):
    return make_client(Profile.create("t", ProviderKind.COMPATIBLE, base_url=server.base_url), KEY)


def test_small_file_streams_with_progress(server: FaultServer, tmp_path: Path) -> None:
    path = write_training_file(tmp_path / "train.jsonl", 20_000)
    size = path.stat().st_size
    server.answer(200, file_object(size=size))
    seen: list[tuple[int, int]] = []
    uploaded = upload_training_file(
        client_for(server),
        path,
        profile_id="p",
        progress=lambda e: seen.append((e.sent, e.total)),
    )
    assert uploaded.file_id == "file-abc" and uploaded.size == size and not uploaded.in_parts
    assert len(seen) > 2  # reported while streaming, not once at the end
    assert all(total == size for _, total in seen)
    assert [sent for sent, _ in seen] == sorted(sent for sent, _ in seen)
    assert seen[-1] == (size, size)
    request = server.requests[0]
    assert request.method == "POST" and request.path == "/v1/files"
    assert path.read_bytes() in request.body  # the file went out whole, as multipart
    assert b'name="purpose"' in request.body and b"fine-tune" in request.body


def test_cancel_stops_the_upload(server: FaultServer, tmp_path: Path) -> None:
    path = write_training_file(tmp_path / "train.jsonl", 20_000)
    cancel = Flag()

    def progress(event: UploadProgress) -> None:
        cancel.cancelled = True  # the user presses Cancel once the upload is under way

    with pytest.raises(ProviderError) as caught:
        upload_training_file(client_for(server), path, profile_id="p", progress=progress, cancel=cancel)
    assert caught.value.kind is ErrorKind.CANCELLED
    assert all(r.path != "/v1/files" or len(r.body) < path.stat().st_size for r in server.requests)


def test_parts_path_sends_parts_then_completes(server: FaultServer, tmp_path: Path) -> None:
    path = write_training_file(tmp_path / "train.jsonl", 3_000)
    size = path.stat().st_size
    part_size = size // 3 + 1  # three parts
    upload = {
        "id": "upload_1",
        "object": "upload",
        "bytes": size,
        "created_at": 1,
        "expires_at": 9,
        "filename": "train.jsonl",
        "purpose": "fine-tune",
        "status": "pending",
    }
    server.answer(200, upload)
    for n in range(3):
        server.answer(
            200, {"id": f"part_{n}", "object": "upload.part", "created_at": 1, "upload_id": "upload_1"}
        )
    server.answer(200, {**upload, "status": "completed", "file": file_object("file-parts", size)})
    seen: list[int] = []
    uploaded = upload_training_file(
        client_for(server),
        path,
        profile_id="p",
        parts_threshold=1024,
        part_size=part_size,
        progress=lambda event: seen.append(event.sent),
    )
    assert uploaded.file_id == "file-parts" and uploaded.in_parts
    paths = [r.path for r in server.requests]
    assert paths == ["/v1/uploads", *["/v1/uploads/upload_1/parts"] * 3, "/v1/uploads/upload_1/complete"]
    created = json.loads(server.requests[0].body)
    assert created["bytes"] == size and created["purpose"] == "fine-tune"
    assert json.loads(server.requests[-1].body)["part_ids"] == ["part_0", "part_1", "part_2"]
    sent_bytes = b"".join(
        r.body.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n--", 1)[0] for r in server.requests[1:4]
    )
    assert sent_bytes == path.read_bytes()  # the parts put together are the file
    assert seen[-1] == size


def test_cancelled_parts_upload_is_cancelled_on_the_server(server: FaultServer, tmp_path: Path) -> None:
    path = write_training_file(tmp_path / "train.jsonl", 3_000)
    size = path.stat().st_size
    upload = {
        "id": "upload_9",
        "object": "upload",
        "bytes": size,
        "created_at": 1,
        "expires_at": 9,
        "filename": "train.jsonl",
        "purpose": "fine-tune",
        "status": "pending",
    }
    server.answer(200, upload)
    server.answer(200, {"id": "part_0", "object": "upload.part", "created_at": 1, "upload_id": "upload_9"})
    server.answer(200, {**upload, "status": "cancelled"})
    cancel = Flag()

    def progress(event: UploadProgress) -> None:
        if event.sent >= size // 2:
            cancel.cancelled = True

    with pytest.raises(ProviderError) as caught:
        upload_training_file(
            client_for(server),
            path,
            profile_id="p",
            parts_threshold=1024,
            part_size=size // 2,
            progress=progress,
            cancel=cancel,
        )
    assert caught.value.kind is ErrorKind.CANCELLED
    assert server.requests[-1].path == "/v1/uploads/upload_9/cancel"


def test_remembered_upload_is_not_repeated(server: FaultServer, tmp_path: Path) -> None:
    path = write_training_file(tmp_path / "train.jsonl", 100)
    ledger = UploadLedger(tmp_path / "config")
    server.answer(200, file_object("file-once"))
    first = upload_training_file(client_for(server), path, profile_id="p", ledger=ledger)
    server.answer(200, file_object("file-once"))  # files.retrieve: it is still there
    second = upload_training_file(client_for(server), path, profile_id="p", ledger=ledger)
    assert second.file_id == first.file_id == "file-once" and second.reused
    assert [(r.method, r.path) for r in server.requests] == [
        ("POST", "/v1/files"),
        ("GET", "/v1/files/file-once"),
    ]
    # Another profile (another account) gets its own upload.
    server.answer(200, file_object("file-other"))
    assert (
        upload_training_file(client_for(server), path, profile_id="q", ledger=ledger).file_id == "file-other"
    )
    assert KEY not in ledger.path.read_text(encoding="utf-8")


def test_a_remembered_file_deleted_on_the_provider_is_sent_again(server: FaultServer, tmp_path: Path) -> None:
    path = write_training_file(tmp_path / "train.jsonl", 100)
    ledger = UploadLedger(tmp_path / "config")
    server.answer(200, file_object("file-old"))
    upload_training_file(client_for(server), path, profile_id="p", ledger=ledger)
    server.answer(404, {"error": {"message": "No such File object: file-old", "code": None}})
    server.answer(200, file_object("file-new"))
    again = upload_training_file(client_for(server), path, profile_id="p", ledger=ledger)
    assert again.file_id == "file-new" and not again.reused
    assert [e.file_id for e in ledger.entries()] == ["file-new"]


def test_server_errors_are_retried_and_progress_restarts(server: FaultServer, tmp_path: Path) -> None:
    path = write_training_file(tmp_path / "train.jsonl", 100)
    server.answer(503, {"error": {"message": "busy"}}, headers={"Retry-After": "0"})
    # A 5xx may come after the file was stored: the provider's files are looked at before sending again.
    server.answer(200, {"object": "list", "data": [], "has_more": False})
    server.answer(200, file_object("file-retried"))
    retries: list[ErrorKind] = []
    uploaded = upload_training_file(
        client_for(server),
        path,
        profile_id="p",
        on_retry=lambda error, attempt, delay: retries.append(error.kind),
    )
    assert uploaded.file_id == "file-retried" and retries == [ErrorKind.SERVER]
    sends = [r for r in server.requests if r.method == "POST"]
    assert len(sends) == 2 and all(path.read_bytes() in r.body for r in sends)
    assert [r.method for r in server.requests] == ["POST", "GET", "POST"]


def test_unreadable_file_says_so(server: FaultServer, tmp_path: Path) -> None:
    with pytest.raises(ProviderError) as caught:
        upload_training_file(client_for(server), tmp_path / "missing.jsonl", profile_id="p")
    assert caught.value.kind is ErrorKind.BAD_REQUEST and "missing.jsonl" in caught.value.message_en

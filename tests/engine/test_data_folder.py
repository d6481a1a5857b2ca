"""The data folder has one owner, is private, loses nothing to parallel parts, and cleans up after
crashes: leftovers are swept at start, and deletes work on a full disk."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time

import openai
import pytest

from engine.api import Engine
from engine.files import MAX_FILE_BYTES
from engine.store import Store
from tests.engine.seed_data import chat_records, write_jsonl
from tests.support.engine_server import running_engine, start_engine, stop_engine
from tests.support.small_disk import SmallDisk


def seed_bytes() -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chat_records()).encode()


def test_a_second_engine_on_the_same_folder_exits_naming_the_first(tmp_path):
    data_dir = tmp_path / "data"
    with running_engine(data_dir) as first:
        second = subprocess.run(
            [
                sys.executable,
                "-m",
                "engine",
                "serve",
                "--port",
                "0",
                "--data-dir",
                str(data_dir),
                "--token",
                "t",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 3, second.stdout + second.stderr
        assert f"PID {first.process.pid}" in second.stderr
        assert first.base_url in second.stderr
        assert first.client().models.list().data  # the first one is untouched
    # Once the first is gone (even killed), the folder is free again.
    server = start_engine(data_dir)
    try:
        server.kill()
        with running_engine(data_dir) as third:
            assert third.client().models.list().data
    finally:
        stop_engine(server)


def test_the_data_folder_database_and_files_are_for_the_user_alone(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    with running_engine(data_dir) as server:
        client = server.client()
        path = write_jsonl(tmp_path / "seed.jsonl", chat_records())
        with path.open("rb") as stream:
            client.files.create(file=stream, purpose="fine-tune")
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        for path in data_dir.rglob("*"):
            mode = stat.S_IMODE(path.stat().st_mode)
            if path.is_dir():
                assert mode & 0o077 == 0, (path, oct(mode))
            else:
                assert mode & 0o077 == 0, (path, oct(mode))
        assert stat.S_IMODE((data_dir / "engine.sqlite3").stat().st_mode) == 0o600


def test_the_token_file_is_created_0600_and_never_readable_by_others(tmp_path):
    from engine.__main__ import resolve_token

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    seen: list[int] = []
    stop = threading.Event()

    def watch() -> None:  # stats every name in the folder as fast as it can while the token is written
        while not stop.is_set():
            for entry in os.scandir(data_dir):
                with contextlib.suppress(FileNotFoundError):
                    seen.append(stat.S_IMODE(entry.stat().st_mode))

    previous = os.umask(0o000)  # the worst umask a user may have
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(200):
            token, source = resolve_token(None, data_dir)
            (data_dir / "token").unlink()
    finally:
        stop.set()
        watcher.join()
        os.umask(previous)
    assert token.startswith("fte-") and "generated" in source
    assert seen, "the watcher saw no file at all"
    assert all(mode == 0o600 for mode in seen), sorted({oct(m) for m in seen})
    assert os.listdir(data_dir) == []


def test_upload_parts_added_in_parallel_are_all_kept(engine_server):
    client = engine_server.client()
    pieces = [line + b"\n" for line in seed_bytes().splitlines()]
    for _round in range(5):
        upload = client.uploads.create(
            purpose="fine-tune", filename="seed.jsonl", bytes=sum(map(len, pieces)), mime_type="text/jsonl"
        )
        part_ids: list[str | None] = [None] * len(pieces)
        barrier = threading.Barrier(len(pieces))

        def add(index: int, upload_id: str, barrier: threading.Barrier, part_ids: list[str | None]) -> None:
            barrier.wait()
            part_ids[index] = client.uploads.parts.create(upload_id=upload_id, data=pieces[index]).id

        threads = [
            threading.Thread(target=add, args=(i, upload.id, barrier, part_ids)) for i in range(len(pieces))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert all(part_ids)
        md5 = hashlib.md5(b"".join(pieces)).hexdigest()
        completed = client.uploads.complete(upload_id=upload.id, part_ids=part_ids, md5=md5)
        assert completed.status == "completed"
        assert client.files.content(completed.file.id).content == b"".join(pieces)


def test_complete_checks_md5_and_creates_nothing_on_a_mismatch(engine_server):
    client = engine_server.client()
    data = seed_bytes()
    upload = client.uploads.create(
        purpose="fine-tune", filename="seed.jsonl", bytes=len(data), mime_type="text/jsonl"
    )
    part = client.uploads.parts.create(upload_id=upload.id, data=data)
    before = {f.id for f in client.files.list()}
    with pytest.raises(openai.BadRequestError) as caught:
        client.uploads.complete(upload_id=upload.id, part_ids=[part.id], md5="0" * 32)
    assert caught.value.body["param"] == "md5"
    assert {f.id for f in client.files.list()} == before
    # The upload stays pending: the right checksum completes it.
    done = client.uploads.complete(upload_id=upload.id, part_ids=[part.id], md5=hashlib.md5(data).hexdigest())
    assert done.status == "completed" and done.file.bytes == len(data)


def test_an_oversized_file_is_refused_before_its_body_is_sent(engine_server):
    host, port = engine_server.base_url.split("//")[1].split("/")[0].split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(
            (
                "POST /v1/files HTTP/1.1\r\n"
                f"Host: {host}\r\nAuthorization: Bearer {engine_server.token}\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: {MAX_FILE_BYTES + 10 * 1024**2}\r\n\r\n"
            ).encode()
            + b"--x\r\n"
        )
        # No more bytes are sent: the answer must come from the header alone.
        reply = b""
        while b"file_too_large" not in reply:
            chunk = connection.recv(65536)
            if not chunk:
                break
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 413"), reply
    assert b'"code":"file_too_large"' in reply.replace(b" ", b"")


def test_startup_sweeps_what_killed_requests_left(tmp_path):
    data_dir = tmp_path / "data"
    engine = Engine.open(data_dir, "t")
    with write_jsonl(tmp_path / "seed.jsonl", chat_records()).open("rb") as stream:
        kept = engine.files.create(stream, "seed.jsonl", "fine-tune")
    pending = engine.files.create_upload({"purpose": "fine-tune", "filename": "a.jsonl", "bytes": 5})
    with write_jsonl(tmp_path / "p.jsonl", []).open("rb") as empty:
        engine.files.add_part(pending["id"], empty)
    cancelled = engine.files.create_upload({"purpose": "fine-tune", "filename": "b.jsonl", "bytes": 5})
    engine.store.update("uploads", cancelled["id"], {"status": "cancelled"})
    engine.store.close()
    leftovers = [
        data_dir / "files" / ".file-abc.jsonl.x1y2.tmp",  # a killed upload's temporary file
        data_dir / "files" / "file-orphan.jsonl",  # written, never recorded
        data_dir / ".token.zz.tmp",  # a killed save of the token
        data_dir / "uploads" / cancelled["id"] / "part_leftover",
        data_dir / "uploads" / pending["id"] / "part_never_recorded",
        data_dir / "uploads" / "upload_unknown" / "part_x",
        data_dir / "jobs" / "ftjob-never-created" / "training.jsonl",  # a failed creation's folder
    ]
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 1000)
    reopened = Engine.open(data_dir, "t")
    try:
        for path in leftovers:
            assert not path.exists(), path
        assert not (data_dir / "uploads" / cancelled["id"]).exists()
        assert not (data_dir / "jobs" / "ftjob-never-created").exists()
        assert reopened.files.path(kept["id"]).read_bytes() == seed_bytes()
        listed = reopened.store.get_internal("uploads", pending["id"])["parts"]
        assert all(os.path.exists(part["path"]) for part in listed.values())
    finally:
        reopened.store.close()


def test_expired_uploads_are_swept_at_start(tmp_path):
    data_dir = tmp_path / "data"
    engine = Engine.open(data_dir, "t")
    upload = engine.files.create_upload({"purpose": "fine-tune", "filename": "a.jsonl", "bytes": 5})
    engine.store.update("uploads", upload["id"], {"expires_at": int(time.time()) - 1})
    engine.store.close()
    reopened = Engine.open(data_dir, "t")
    try:
        assert reopened.store.get("uploads", upload["id"])["status"] == "expired"
        assert not (data_dir / "uploads" / upload["id"]).exists()
    finally:
        reopened.store.close()


def test_a_full_disk_answers_507_leaves_nothing_and_deletes_still_free_space(small_disk_factory, tmp_path):
    disk: SmallDisk = small_disk_factory(24 * 1024 * 1024)
    data_dir = disk.path / "engine"
    with running_engine(data_dir) as server:
        client = server.client()
        big = tmp_path / "big.jsonl"
        record = json.dumps(chat_records()[0], ensure_ascii=False) + "\n"
        big.write_text(record * (3 * 1024 * 1024 // len(record.encode())), encoding="utf-8")
        with big.open("rb") as stream:
            file = client.files.create(file=stream, purpose="fine-tune")
        disk.fill()
        names_before = sorted(p.name for p in (data_dir / "files").iterdir())
        with big.open("rb") as stream, pytest.raises(openai.APIStatusError) as caught:
            try:
                client.with_options(max_retries=0).files.create(file=stream, purpose="fine-tune")
            except openai.APIConnectionError:
                raise AssertionError(server.log) from None
        assert caught.value.status_code == 507, server.log
        assert caught.value.body["code"] == "insufficient_storage"
        assert sorted(p.name for p in (data_dir / "files").iterdir()) == names_before  # no partial file
        free_before = disk.free_bytes()
        deleted = client.with_options(max_retries=0).files.delete(file.id)
        assert deleted.deleted
        assert disk.free_bytes() > free_before + 2 * 1024 * 1024
        with pytest.raises(openai.NotFoundError):
            client.files.retrieve(file.id)
        disk.release()
        with big.open("rb") as stream:
            assert client.files.create(file=stream, purpose="fine-tune").bytes == big.stat().st_size


def test_store_transactions_nest(tmp_path):
    store = Store(tmp_path / "s.sqlite3")
    store.insert("uploads", {"id": "u", "status": "pending"}, {"parts": {}})
    with store.transaction():
        parts = dict(store.get_internal("uploads", "u")["parts"])
        parts["p"] = 1
        store.update("uploads", "u", internal_changes={"parts": parts})
    assert store.get_internal("uploads", "u")["parts"] == {"p": 1}
    with pytest.raises(RuntimeError), store.transaction():
        store.update("uploads", "u", internal_changes={"parts": {}})
        raise RuntimeError("rolled back")
    assert store.get_internal("uploads", "u")["parts"] == {"p": 1}
    store.close()

"""A stand-in Hugging Face hub for tests: a real HTTP server on loopback that serves model folders.

It speaks the part of the hub's file protocol that the unmodified ``huggingface_hub`` uses to look a
model up and download it (``snapshot_download``, ``hf_hub_download``, ``HfApi.model_info``), so that
an engine pointed at it through ``HF_ENDPOINT`` downloads exactly as it would from huggingface.co:

- ``GET /api/models/{repo}`` and ``GET /api/models/{repo}/revision/{rev}``: id, sha, siblings (with
  sizes), gated, private, library and tags;
- ``GET /api/models/{repo}/tree/{rev}``: the file listing (``type``, ``path``, ``size``, ``oid``, and
  ``lfs`` for weights, as the hub lists files stored in LFS);
- ``HEAD``/``GET /{repo}/resolve/{rev}/{path}``: the file, with ``ETag`` (the git blob id, or the
  LFS sha256 for weights), ``X-Repo-Commit``, ``Content-Length`` and ``Range`` requests (206).

As on the hub, the model info and listing of a gated repo are public, and its files answer 401
(``X-Error-Code: GatedRepo``) without a token and 403 with a token that was not granted access; an
unknown repo answers 404 (``X-Error-Code: RepoNotFound``), a missing file 404 (``EntryNotFound``), an
unknown revision 404 (``RevisionNotFound``). ``throttle`` (bytes per second) slows file bodies down so
that a test can watch progress and cancel in the middle of a file; every request is recorded.

``make_model_folder`` writes a tiny causal LM (config, safetensors weights, a byte-level BPE
tokenizer, generation config) with either a ChatML chat template (as Qwen's) or the tiny model's own.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHUNK = 16 * 1024
LFS_SUFFIXES = (".safetensors", ".bin", ".pt", ".gguf", ".model")


@dataclass(frozen=True)
class HubFile:
    path: str  # relative, with "/"
    size: int
    blob_id: str  # git's blob sha1 of the content
    lfs_sha256: str | None  # set for files the hub keeps in LFS

    @property
    def etag(self) -> str:
        return self.lfs_sha256 or self.blob_id

    def sibling(self) -> dict[str, Any]:
        sibling: dict[str, Any] = {"rfilename": self.path, "size": self.size, "blobId": self.blob_id}
        if self.lfs_sha256:
            sibling["lfs"] = {"sha256": self.lfs_sha256, "size": self.size, "pointerSize": 134}
        return sibling

    def tree_entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"type": "file", "oid": self.blob_id, "size": self.size, "path": self.path}
        if self.lfs_sha256:
            entry["lfs"] = {"oid": self.lfs_sha256, "size": self.size, "pointerSize": 134}
        return entry


@dataclass
class HubRepo:
    repo_id: str
    folder: Path
    gated: bool = False
    files: dict[str, HubFile] = field(default_factory=dict)
    sha: str = ""

    def scan(self) -> None:
        """Read the folder: every file's size and ids, and a commit sha that changes with the content."""
        files: dict[str, HubFile] = {}
        commit = hashlib.sha1(self.repo_id.encode())
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            content = path.read_bytes()
            relative = path.relative_to(self.folder).as_posix()
            blob = hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
            lfs = hashlib.sha256(content).hexdigest() if relative.endswith(LFS_SUFFIXES) else None
            files[relative] = HubFile(relative, len(content), blob, lfs)
            commit.update(relative.encode() + blob.encode())
        self.files = files
        self.sha = commit.hexdigest()

    def info(self) -> dict[str, Any]:
        return {
            "_id": hashlib.md5(self.repo_id.encode()).hexdigest()[:24],
            "id": self.repo_id,
            "modelId": self.repo_id,
            "author": self.repo_id.split("/")[0],
            "sha": self.sha,
            "private": False,
            "disabled": False,
            "gated": "manual" if self.gated else False,
            "downloads": 0,
            "likes": 0,
            "library_name": "transformers",
            "pipeline_tag": "text-generation",
            "tags": ["transformers", "safetensors", "text-generation"],
            "createdAt": "2026-11-27T00:00:00.000Z",
            "lastModified": "2026-11-27T00:00:00.000Z",
            "siblings": [f.sibling() for f in self.files.values()],
            "usedStorage": sum(f.size for f in self.files.values()),
        }


@dataclass(frozen=True)
class HubRequest:
    method: str
    path: str
    range: str | None
    authorization: str | None


class FakeHub:
    """The server. ``endpoint`` is what ``HF_ENDPOINT`` should be set to."""

    def __init__(self, tokens: Iterable[str] = (), throttle: float | None = None) -> None:
        self.repos: dict[str, HubRepo] = {}
        self.tokens = set(tokens)  # tokens granted access to gated repos
        self.throttle = throttle  # bytes per second for file bodies; None: as fast as possible
        self.requests: list[HubRequest] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-hub", daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def add(self, repo_id: str, folder: Path, gated: bool = False) -> HubRepo:
        repo = HubRepo(repo_id, folder, gated)
        repo.scan()
        with self._lock:
            self.repos[repo_id] = repo
        return repo

    def record(self, request: HubRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def file_requests(self, repo_id: str, method: str = "GET") -> list[HubRequest]:
        prefix = f"/{repo_id}/resolve/"
        with self._lock:
            return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    def start(self) -> FakeHub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def running_hub(tokens: Iterable[str] = (), throttle: float | None = None) -> Iterator[FakeHub]:
    hub = FakeHub(tokens, throttle).start()
    try:
        yield hub
    finally:
        hub.stop()


def _handler_for(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet: pytest shows failures
            pass

        def do_HEAD(self) -> None:
            self._serve(body=False)

        def do_GET(self) -> None:
            self._serve(body=True)

        # --- replies ---------------------------------------------------------------------------

        def _reply(
            self,
            status: int,
            payload: Any = None,
            headers: dict[str, str] | None = None,
            body: bool = True,
        ) -> None:
            data = json.dumps(payload).encode() if payload is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if body and data:
                self.wfile.write(data)

        def _error(self, status: int, code: str, message: str, body: bool) -> None:
            self._reply(status, {"error": message}, {"X-Error-Code": code, "X-Error-Message": message}, body)

        # --- routing ---------------------------------------------------------------------------

        def _serve(self, body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            hub.record(
                HubRequest(self.command, path, self.headers.get("Range"), self.headers.get("Authorization"))
            )
            parts = [p for p in path.split("/") if p]
            if len(parts) >= 4 and parts[0] == "api" and parts[1] == "models":
                self._api(parts[2] + "/" + parts[3], parts[4:], body)
            elif len(parts) >= 5 and parts[2] == "resolve":
                self._resolve(parts[0] + "/" + parts[1], parts[3], "/".join(parts[4:]), body)
            else:
                self._error(404, "NotFound", f"Not found: {path}", body)

        def _repo(self, repo_id: str, body: bool) -> HubRepo | None:
            with hub._lock:
                repo = hub.repos.get(repo_id)
            if repo is None:
                self._error(404, "RepoNotFound", "Repository not found", body)
            return repo

        def _revision_ok(self, repo: HubRepo, revision: str, body: bool) -> bool:
            if revision in ("main", repo.sha):
                return True
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}", body)
            return False

        def _api(self, repo_id: str, rest: list[str], body: bool) -> None:
            repo = self._repo(repo_id, body)
            if repo is None:
                return
            if not rest:
                self._reply(200, repo.info(), body=body)
            elif rest[0] == "revision" and len(rest) == 2:
                if self._revision_ok(repo, rest[1], body):
                    self._reply(200, repo.info(), body=body)
            elif rest[0] == "tree" and len(rest) >= 2:
                if self._revision_ok(repo, rest[1], body):
                    under = "/".join(rest[2:])
                    entries = [
                        f.tree_entry()
                        for f in repo.files.values()
                        if not under or f.path.startswith(under + "/")
                    ]
                    self._reply(200, entries, body=body)
            else:
                self._error(404, "NotFound", f"Not found: {self.path}", body)

        def _access_denied(self, repo: HubRepo, body: bool) -> bool:
            if not repo.gated:
                return False
            given = self.headers.get("Authorization", "")
            token = given.removeprefix("Bearer ").strip() if given.startswith("Bearer ") else ""
            if token and token in hub.tokens:
                return False
            if not token:
                self._error(
                    401,
                    "GatedRepo",
                    f"Access to model {repo.repo_id} is restricted. You must have access to it and be "
                    "authenticated to access it. Please log in.",
                    body,
                )
            else:
                self._error(
                    403,
                    "GatedRepo",
                    f"Access to model {repo.repo_id} is restricted and you are not in the authorized "
                    f"list. Visit {hub.endpoint}/{repo.repo_id} to ask for access.",
                    body,
                )
            return True

        def _resolve(self, repo_id: str, revision: str, file_path: str, body: bool) -> None:
            repo = self._repo(repo_id, body)
            if repo is None or not self._revision_ok(repo, revision, body):
                return
            if self._access_denied(repo, body):
                return
            file = repo.files.get(file_path)
            if file is None:
                self._error(404, "EntryNotFound", f'{file_path} does not exist on "{revision}"', body)
                return
            start, end = 0, file.size - 1
            status = 200
            wanted = self.headers.get("Range")
            if wanted and wanted.startswith("bytes="):
                first, _, last = wanted.removeprefix("bytes=").partition("-")
                start = int(first) if first else max(0, file.size - int(last))
                end = min(int(last), file.size - 1) if first and last else file.size - 1
                if start >= file.size:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{file.size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = 206
            self.send_response(status)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(end - start + 1))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("ETag", f'"{file.etag}"')
            self.send_header("X-Repo-Commit", repo.sha)
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{end}/{file.size}")
            self.end_headers()
            if not body:
                return
            try:
                with (repo.folder / file.path).open("rb") as stream:
                    stream.seek(start)
                    left = end - start + 1
                    while left > 0:
                        chunk = stream.read(min(CHUNK, left))
                        if not chunk:
                            break
                        self.wfile.write(chunk)
                        left -= len(chunk)
                        throttle = hub.throttle
                        if throttle:
                            time.sleep(len(chunk) / throttle)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client went away (a cancelled download)

    return Handler


# --- tiny model folders ---------------------------------------------------------------------------

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{% if loop.first and message['role'] != 'system' %}"
    "{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
CHATML_SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]


def make_model_folder(
    folder: Path,
    texts: Iterable[str],
    template: str = "chatml",
    seed: int = 0,
) -> Path:
    """A tiny Llama-style causal LM in ``folder``, ready to serve from the stand-in hub.

    ``template`` is "chatml" (``<|im_start|>role\\n…<|im_end|>``, eos ``<|im_end|>``, as Qwen's) or
    "own" (the engine's tiny-random template). The tokenizer is trained on ``texts`` plus a generic
    corpus. The weights are about 1.1 MB: under a throttle of 200 kB/s a download lasts seconds.
    Files a model repo has but the engine must not download (README.md, .gitattributes, an ONNX
    export in a subfolder, PyTorch .bin weights beside the safetensors) come too.
    """
    from engine import tiny_random

    texts = list(texts)
    folder.mkdir(parents=True, exist_ok=True)
    if template == "own":
        tiny_random.create(folder, texts, seed)
    elif template == "chatml":
        _make_chatml_model(folder, texts, seed)
    else:
        raise ValueError(f"unknown template {template!r}")
    (folder / "README.md").write_text(f"# A tiny test model ({template} template)\n", encoding="utf-8")
    (folder / ".gitattributes").write_text("*.safetensors filter=lfs diff=lfs merge=lfs -text\n")
    (folder / "onnx").mkdir(exist_ok=True)
    (folder / "onnx" / "model.onnx").write_bytes(b"not needed by the engine" * 64)
    (folder / "pytorch_model.bin").write_bytes(b"older weights format, not needed" * 64)
    return folder


def _make_chatml_model(folder: Path, texts: list[str], seed: int) -> None:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    from engine import tiny_random

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=tiny_random.VOCAB_LIMIT,
        special_tokens=CHATML_SPECIAL,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator([*tiny_random.GENERIC_CORPUS, *texts, "system user assistant"], trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=["<|im_start|>"],
    )
    fast.chat_template = CHATML_TEMPLATE
    model = tiny_random.build_model(len(fast), seed)
    for config in (model.config, model.generation_config):
        config.eos_token_id = fast.eos_token_id
        config.pad_token_id = fast.pad_token_id
    fast.save_pretrained(folder)
    model.save_pretrained(folder)

"""A real loopback HTTP server that answers with chosen faults (status, body, Retry-After, delay).

It stands in for a provider misbehaving: the client under test talks real HTTP to it, through the
unmodified ``openai`` package. Script answers with :meth:`FaultServer.answer`; they are used in order,
and when none is left the default answer (an empty model list) is given.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: object = field(default_factory=lambda: {"object": "list", "data": []})
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (for timeouts)


@dataclass
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class FaultServer:
    def __init__(self) -> None:
        self._answers: deque[Answer] = deque()
        self.default = Answer()
        self.requests: list[SeenRequest] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                with server._lock:
                    server.requests.append(SeenRequest(self.command, self.path, dict(self.headers), body))
                    answer = server._answers.popleft() if server._answers else server.default
                if answer.delay:
                    time.sleep(answer.delay)
                if isinstance(answer.body, bytes | str):
                    payload = answer.body.encode() if isinstance(answer.body, str) else answer.body
                    content_type = "text/html; charset=utf-8"
                else:
                    payload = json.dumps(answer.body).encode()
                    content_type = "application/json"
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            do_GET = do_POST = do_DELETE = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def answer(
        self,
        status: int,
        body: object = None,
        *,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> None:
        if body is None:
            body = {"error": {"message": f"status {status}", "type": "test", "code": None}}
        with self._lock:
            for _ in range(times):
                self._answers.append(Answer(status, body, headers or {}, delay))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def running_fault_server() -> Iterator[FaultServer]:
    server = FaultServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def closed_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

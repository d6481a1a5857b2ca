"""A loopback reverse proxy that injects faults between the app's provider code and a real server.

The client under test (the unmodified ``openai`` package, through the app's provider code) talks to
:attr:`FaultProxy.base_url`; the proxy forwards to the upstream server (the real local engine) and,
for the requests a rule matches, misbehaves the way networks and providers do:

- ``delay``: wait ``seconds`` before forwarding;
- ``status``: answer ``status`` itself (429 with ``Retry-After``, 500, 502, 503...) without forwarding;
- ``drop_response``: forward, let the server act, then reset the connection instead of answering
  (a lost response: the operation happened, the client does not know);
- ``reset_upload``: read ``after_bytes`` of the request body, then reset (the server never sees it);
- ``reset_stream``: forward and pass on ``after_bytes`` of the response body, then reset;
- ``truncate``: forward, announce the whole body's length but send only ``after_bytes`` of it;
- ``timeout``: forward, then hold the answer back for ``seconds`` (longer than the client waits).

Rules match a method and a regular expression on the path and apply ``times`` times, in the order
added. Every request is logged with the fault applied, so tests can count what reached the server.
"""

from __future__ import annotations

import http.client
import re
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

ACTIONS = frozenset(
    {"delay", "status", "drop_response", "reset_upload", "reset_stream", "truncate", "timeout"}
)
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}
)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a connection reset on purpose is not an error worth a traceback


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    action: str
    times: int = 1
    status: int = 503
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b'{"error": {"message": "injected fault", "type": "server_error", "code": null}}'
    seconds: float = 0.0
    after_bytes: int = 0

    def matches(self, method: str, path: str) -> bool:
        return self.times > 0 and self.method in (method, "*") and bool(self.path.search(path))


@dataclass(frozen=True)
class Passed:
    """One request the proxy saw: what it was, which fault it got, and what upstream answered."""

    method: str
    path: str
    fault: str | None
    upstream_status: int | None  # None: never reached the server


class FaultProxy:
    def __init__(self, upstream_base_url: str) -> None:
        parts = urlsplit(upstream_base_url)
        self._upstream_host = parts.hostname or "127.0.0.1"
        self._upstream_port = parts.port or 80
        self._base_path = parts.path.rstrip("/")
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self.log: list[Passed] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _handle(self) -> None:
                proxy._serve(self)

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _handle

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    # -- set-up

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{self._base_path}"

    def fault(self, method: str, path: str, action: str, *, times: int = 1, **params: object) -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown fault {action!r}")
        rule = Fault(method.upper(), re.compile(path), action, times, **params)  # type: ignore[arg-type]
        with self._lock:
            self._faults.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def reached(self, method: str, path: str) -> int:
        """How many matching requests reached the upstream server."""
        pattern = re.compile(path)
        return sum(
            1
            for entry in self.log
            if entry.method == method and pattern.search(entry.path) and entry.upstream_status is not None
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- serving

    def _take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for rule in self._faults:
                if rule.matches(method, path):
                    rule.times -= 1
                    return rule
        return None

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        method, path = handler.command, handler.path
        rule = self._take(method, path)
        action = rule.action if rule else None
        if rule is not None and action == "reset_upload":
            _read_body(handler, limit=rule.after_bytes)
            self._record(method, path, action, None)
            _reset(handler)
            return
        body = _read_body(handler)
        if rule is not None and action == "delay":
            time.sleep(rule.seconds)
        if rule is not None and action == "status":
            self._record(method, path, action, None)
            _answer(handler, rule.status, rule.body, rule.headers)
            return
        try:
            upstream = http.client.HTTPConnection(self._upstream_host, self._upstream_port, timeout=300)
            headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["Content-Length"] = str(len(body))
            headers["Host"] = f"{self._upstream_host}:{self._upstream_port}"
            upstream.request(method, path, body=body, headers=headers)
            response = upstream.getresponse()
        except OSError:
            self._record(method, path, action, None)
            _reset(handler)
            return
        self._record(method, path, action, response.status)
        try:
            if action == "drop_response":
                response.read()
                _reset(handler)
            elif action == "timeout":
                content = response.read()
                time.sleep(rule.seconds if rule else 0)
                _answer(handler, response.status, content, _passed_headers(response))
            elif action == "truncate":
                content = response.read()
                handler.send_response(response.status)
                for name, value in _passed_headers(response).items():
                    handler.send_header(name, value)
                handler.send_header("Content-Length", str(len(content)))
                handler.end_headers()
                handler.wfile.write(content[: rule.after_bytes if rule else 0])
                handler.wfile.flush()
                _reset(handler)
            else:
                self._relay(handler, response, rule if action == "reset_stream" else None)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (it timed out): nothing more to do
        finally:
            upstream.close()

    def _relay(
        self, handler: BaseHTTPRequestHandler, response: http.client.HTTPResponse, cut: Fault | None
    ) -> None:
        """Pass the answer on as it arrives (a streamed answer stays streamed); ``cut`` resets mid-way."""
        handler.send_response(response.status)
        for name, value in _passed_headers(response).items():
            handler.send_header(name, value)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        sent = 0
        while True:
            chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
            if cut is not None and sent + len(chunk) >= cut.after_bytes:
                part = chunk[: max(0, cut.after_bytes - sent)]
                if part:
                    handler.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                    handler.wfile.flush()
                _reset(handler)
                return
            if not chunk:
                break
            handler.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            handler.wfile.flush()
            sent += len(chunk)
        handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()

    def _record(self, method: str, path: str, fault: str | None, status: int | None) -> None:
        with self._lock:
            self.log.append(Passed(method, path, fault, status))


def _passed_headers(response: http.client.HTTPResponse) -> dict[str, str]:
    return {
        name: value
        for name, value in response.getheaders()
        if name.lower() not in HOP_BY_HOP and name.lower() != "content-length"
    }


def _read_body(handler: BaseHTTPRequestHandler, limit: int | None = None) -> bytes:
    if handler.headers.get("transfer-encoding", "").lower() == "chunked":
        data = bytearray()
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                handler.rfile.readline()
                return bytes(data)
            data += handler.rfile.read(size)
            handler.rfile.readline()
            if limit is not None and len(data) >= limit:
                return bytes(data)
    length = int(handler.headers.get("content-length") or 0)
    if limit is not None:
        length = min(length, limit)
    return handler.rfile.read(length) if length else b""


def _answer(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
    handler.send_response(status)
    headers = {k: v for k, v in headers.items() if k.lower() != "content-type"} | {
        "Content-Type": headers.get("Content-Type", headers.get("content-type", "application/json"))
    }
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
    handler.wfile.flush()


def _reset(handler: BaseHTTPRequestHandler) -> None:
    """Close the client's connection with a TCP reset (SO_LINGER 0), as a dropped network does."""
    connection: socket.socket = handler.connection
    with suppress(OSError):
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    with suppress(OSError):
        connection.close()


@contextmanager
def fault_proxy(upstream_base_url: str) -> Iterator[FaultProxy]:
    proxy = FaultProxy(upstream_base_url)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()

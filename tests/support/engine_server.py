"""Start the real local engine as a child process for tests (`python -m engine serve`)."""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_URL_PATTERN = re.compile(r"(http://\S+/v1)\b")


@dataclass
class EngineServer:
    base_url: str  # e.g. http://127.0.0.1:41234/v1
    token: str
    data_dir: Path
    process: subprocess.Popen[str]
    log_lines: list[str] = field(default_factory=list)

    def client(self, **kwargs: Any) -> Any:  # an openai.OpenAI
        import openai

        return openai.OpenAI(base_url=self.base_url, api_key=self.token, **kwargs)

    @property
    def log(self) -> str:
        return "".join(self.log_lines)

    def kill(self) -> None:
        """SIGKILL the server, as a crash would."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


def start_engine(
    data_dir: Path,
    token: str | None = None,
    port: int = 0,
    timeout: float = 120,
    extra_env: dict[str, str] | None = None,
) -> EngineServer:
    token = token or "test-" + secrets.token_hex(16)
    data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONUNBUFFERED="1", **(extra_env or {}))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engine",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--token",
            token,
            "--exit-with-stdin",
        ],
        # Our end of stdin closes if the test run dies: the engine then stops instead of lingering.
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    server = EngineServer("", token, data_dir, process)
    found = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            server.log_lines.append(line)
            if not found.is_set():
                match = BASE_URL_PATTERN.search(line)
                if match:
                    server.base_url = match.group(1)
                    found.set()

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not found.wait(0.1):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"local engine did not start:\n{server.log}")
    return server


def stop_engine(server: EngineServer) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=30)


@contextmanager
def running_engine(
    data_dir: Path, token: str | None = None, extra_env: dict[str, str] | None = None
) -> Iterator[EngineServer]:
    server = start_engine(data_dir, token, extra_env=extra_env)
    try:
        yield server
    finally:
        stop_engine(server)

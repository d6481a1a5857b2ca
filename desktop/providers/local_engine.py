"""The local engine as a child process: ``python -m engine serve`` on a free loopback port.

The app never imports the engine (layer rule); it starts it, reads the base URL it prints
(``http://127.0.0.1:PORT/v1``), talks to it through the ``openai`` package like any provider, keeps
the last lines of its output for the UI, and stops it when the app exits. The engine's token is made
once and kept in the keyring (or for this session only when there is no keyring).
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import logging
import os
import re
import secrets as token_source
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path

from desktop.providers.errors import ErrorKind, ProviderError
from desktop.providers.profiles import LOCAL_PROFILE_ID, Profile
from desktop.providers.redaction import Redactor
from desktop.providers.secrets import ProfileSecrets, SecretStoreUnavailable
from desktop.providers.training_runtime import outside_environment

log = logging.getLogger(__name__)

BASE_URL_PATTERN = re.compile(r"(http://\S+/v1)\b")
# The engine reads its token from here when no --token is given: unlike the command line, the
# environment is not visible to other users (ps), so the token never goes on the command line.
TOKEN_ENV = "FINETUNE_ENGINE_TOKEN"
# The engine downloads base models from HF_ENDPOINT (a mirror, when set) with the HF_TOKEN access token;
# both reach it through its environment, never its command line.
HF_TOKEN_ENV = "HF_TOKEN"
HF_ENDPOINT_ENV = "HF_ENDPOINT"
DEFAULT_START_TIMEOUT_SECONDS = 120.0
DEFAULT_STOP_TIMEOUT_SECONDS = 10.0
DEFAULT_LOG_LINES = 2000


def engine_token(secrets: ProfileSecrets, profile_id: str = LOCAL_PROFILE_ID) -> str:
    """The local engine's token: the stored one, or a new one stored for next time.

    Without a usable keyring the token is kept for this session only: it guards a loopback port
    between the app and its own child process, so a new one each session costs nothing.
    """
    try:
        token = secrets.get(profile_id)
    except SecretStoreUnavailable as error:
        log.info("keyring unavailable for the engine token (%s); using a session token", error.reason.value)
        token = None
    if token:
        return token
    token = "ftd-" + token_source.token_urlsafe(32)
    try:
        secrets.set(profile_id, token)
    except SecretStoreUnavailable:
        secrets.set(profile_id, token, session_only=True)
    return token


def hub_environment(hf_endpoint: str = "", hf_token: str | None = None) -> dict[str, str]:
    """The engine's environment for the Hugging Face hub: the download source and the access token."""
    environment = {}
    if hf_endpoint.strip():
        environment[HF_ENDPOINT_ENV] = hf_endpoint.strip().rstrip("/")
    if hf_token and hf_token.strip():
        environment[HF_TOKEN_ENV] = hf_token.strip()
    return environment


def _source_checkout_root() -> Path | None:
    """The folder holding ``engine/`` when running from a source checkout (not installed)."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "engine" / "__main__.py").is_file() else None


_running: weakref.WeakSet[LocalEngineProcess] = weakref.WeakSet()


@atexit.register
def _stop_all_at_exit() -> None:
    for engine in list(_running):
        engine.stop(timeout=3)


class LocalEngineProcess:
    """Starts, watches and stops one local engine server."""

    def __init__(
        self,
        data_dir: Path,
        token: str,
        *,
        python: str | None = None,
        engine_source: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        log_lines: int = DEFAULT_LOG_LINES,
        redactor: Redactor | None = None,
        on_output: Callable[[str], None] | None = None,
        environment: Mapping[str, str] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self._token = token
        self._environment: dict[str, str] = {}
        self._started_environment: dict[str, str] | None = None
        self._python = python or sys.executable
        # A folder holding the engine's source, run by ``python`` (the training runtime's Python).
        self._engine_source = engine_source
        self._host = host
        self._port = port
        self._log: collections.deque[str] = collections.deque(maxlen=log_lines)
        self._log_lock = threading.Lock()
        self._redactor = redactor or Redactor()
        self._redactor.add(token)
        self._on_output = on_output
        self._process: subprocess.Popen[str] | None = None
        self._base_url: str | None = None
        self._url_found = threading.Event()
        self._lock = threading.Lock()
        self.set_environment(environment or {})

    # -- state

    @property
    def base_url(self) -> str | None:
        return self._base_url if self.running else None

    @property
    def token(self) -> str:
        """The token clients send to this engine (a secret: it is redacted from the log)."""
        return self._token

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def exit_code(self) -> int | None:
        return None if self._process is None else self._process.poll()

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def set_environment(self, environment: Mapping[str, str]) -> None:
        """Extra environment for the engine (e.g. :func:`hub_environment`), used from the next start.

        The values may be secrets (the Hugging Face token): they are removed from the engine's log.
        """
        self._environment = dict(environment)
        token = self._environment.get(HF_TOKEN_ENV)
        if token:
            self._redactor.add(token)

    @property
    def environment(self) -> dict[str, str]:
        """The extra environment the next start uses (a copy; values may be secrets)."""
        return dict(self._environment)

    @property
    def environment_changed(self) -> bool:
        """Whether the running engine was started with another download source than the current one.

        A new Hugging Face token alone is no reason to stop it: the app sends the token with each
        download request, and the next start puts it in the environment.
        """

        def settings(environment: Mapping[str, str] | None) -> dict[str, str]:
            return {k: v for k, v in (environment or {}).items() if k != HF_TOKEN_ENV}

        return self.running and settings(self._started_environment) != settings(self._environment)

    def log_lines(self) -> list[str]:
        """The engine's last output lines (token removed), oldest first."""
        with self._log_lock:
            return list(self._log)

    def log_text(self) -> str:
        return "\n".join(self.log_lines())

    def profile(self, profile: Profile) -> Profile:
        """``profile`` pointed at this running engine."""
        if self.base_url is None:
            raise ProviderError(
                ErrorKind.CONNECTION,
                "The local engine is not running.",
                "本地引擎没有运行。",
            )
        return profile.with_base_url(self.base_url)

    # -- start / stop

    def command(self) -> list[str]:
        # A frozen build has no `python -m`: its one binary runs the engine as `finetune-desk engine`
        # (packaging/launcher.py).
        frozen = getattr(sys, "frozen", False) and self._engine_source is None
        launch = [self._python, "engine"] if frozen else [self._python, "-m", "engine"]
        return [
            *launch,
            "serve",
            "--host",
            self._host,
            "--port",
            str(self._port),
            "--data-dir",
            str(self.data_dir),
            # The engine stops when our end of its stdin closes: also when this app is killed.
            "--exit-with-stdin",
        ]

    def start(self, timeout: float = DEFAULT_START_TIMEOUT_SECONDS) -> str:
        """Start the engine (if not running) and return its base URL once it listens.

        Raises a ProviderError with the engine's last output when it exits or stays silent.
        """
        with self._lock:
            if self.running and self._base_url:
                return self._base_url
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._url_found.clear()
            self._base_url = None
            env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
            env.update(self._environment)
            env[TOKEN_ENV] = self._token
            self._started_environment = dict(self._environment)
            root = self._engine_source or _source_checkout_root()
            if self._engine_source is not None:
                # The runtime's own Python: nothing of the app's environment may leak into it (nor
                # the bundle's library path, which would load the bundle's libraries into it).
                env = outside_environment(env)
                for key in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV"):
                    env.pop(key, None)
                # Compiled bytecode goes into the runtime, never beside the app's engine source
                # (a read-only install folder, or one a package manager must be able to remove).
                env["PYTHONPYCACHEPREFIX"] = str(Path(self._python).parent.parent / "pycache")
                env["PYTHONNOUSERSITE"] = "1"
            if root is not None:
                env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
            creation_flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
            try:
                process = subprocess.Popen(
                    self.command(),
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    encoding="utf-8",
                    errors="replace",
                    env=env,
                    creationflags=creation_flags,
                )
            except OSError as error:
                raise ProviderError(
                    ErrorKind.CONNECTION,
                    f"The local engine could not be started: {error.strerror or error}.",
                    f"无法启动本地引擎：{error.strerror or error}。",
                    retryable=False,
                ) from error
            self._process = process
            _running.add(self)
            threading.Thread(target=self._pump, args=(process,), name="engine-output", daemon=True).start()
            deadline = time.monotonic() + timeout
            while not self._url_found.wait(0.05):
                if process.poll() is not None or time.monotonic() > deadline:
                    exited = process.poll() is not None
                    self._terminate(process, DEFAULT_STOP_TIMEOUT_SECONDS)
                    tail = "\n".join(self.log_lines()[-15:])
                    why_en = "it stopped" if exited else f"it did not start within {timeout:.0f} s"
                    why_zh = "它已退出" if exited else f"它未在 {timeout:.0f} 秒内启动"
                    raise ProviderError(
                        ErrorKind.CONNECTION,
                        f"The local engine could not be started: {why_en}. Its last output:\n{tail}",
                        f"无法启动本地引擎：{why_zh}。其最后的输出：\n{tail}",
                        retryable=False,
                    )
            assert self._base_url is not None
            log.info("local engine listening at %s (pid %d)", self._base_url, process.pid)
            return self._base_url

    def stop(self, timeout: float = DEFAULT_STOP_TIMEOUT_SECONDS) -> None:
        """Stop the engine: politely first, then by force after ``timeout`` seconds."""
        with self._lock:
            process = self._process
            if process is None:
                return
            self._terminate(process, timeout)
            _running.discard(self)
            self._base_url = None

    @staticmethod
    def _terminate(process: subprocess.Popen[str], timeout: float) -> None:
        if process.poll() is not None:
            return
        # Closing its stdin asks the engine to stop the way it stops after a crash of the app (it
        # saves a running job's state); terminate and kill are for an engine that does not listen.
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        for stop in (None, process.terminate, process.kill):
            if stop is not None:
                stop()
            try:
                process.wait(timeout=timeout)
                return
            except subprocess.TimeoutExpired:
                continue

    def _pump(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            line = self._redactor.redact(raw.rstrip("\n"))
            with self._log_lock:
                self._log.append(line)
            if not self._url_found.is_set():
                match = BASE_URL_PATTERN.search(raw)
                if match:
                    self._base_url = match.group(1)
                    self._url_found.set()
            if self._on_output is not None:
                try:
                    self._on_output(line)
                except Exception:  # a UI callback must never kill the reader
                    log.exception("engine output callback failed")
        process.stdout.close()

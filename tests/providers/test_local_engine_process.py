"""LocalEngineProcess manages a real child process: URL discovery, bounded log, redaction, stop.

A small shell script stands in for the Python interpreter here (it receives the exact command line);
test_local_engine.py starts the real engine.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from desktop.providers.errors import ErrorKind, ProviderError
from desktop.providers.local_engine import LocalEngineProcess, engine_token
from desktop.providers.profiles import Profile
from desktop.providers.redaction import Redactor
from desktop.providers.secrets import ProfileSecrets, SessionSecretStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX shell script")

TOKEN = "ftd-token-for-process-test-123456"


def script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "fake-python"
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_reads_the_url_keeps_a_bounded_redacted_log_and_stops(tmp_path: Path) -> None:
    python = script(
        tmp_path,
        'echo "args: $* token: $FINETUNE_ENGINE_TOKEN"\n'
        'i=0; while [ $i -lt 30 ]; do echo "loading $i"; i=$((i+1)); done\n'
        'echo "Local engine listening on http://127.0.0.1:45678/v1"\n'
        "exec sleep 60\n",
    )
    seen: list[str] = []
    engine = LocalEngineProcess(tmp_path / "data", TOKEN, python=python, log_lines=10, on_output=seen.append)
    try:
        assert engine.start(timeout=20) == "http://127.0.0.1:45678/v1"
        assert engine.running and engine.base_url == "http://127.0.0.1:45678/v1"
        assert engine.profile(Profile.local_engine()).base_url == "http://127.0.0.1:45678/v1"
        lines = engine.log_lines()
        assert len(lines) == 10  # bounded
        assert lines[-1].endswith("/v1")
        assert TOKEN not in "\n".join(seen)  # the script echoed the token; it was redacted
        assert any("[redacted]" in line for line in seen)  # the token reached the engine (environment)
        assert TOKEN not in " ".join(engine.command())  # never on the command line (ps shows it)
        assert any("serve --host 127.0.0.1 --port 0 --data-dir" in line for line in seen)
        assert (tmp_path / "data").is_dir()
    finally:
        engine.stop(timeout=5)
    assert not engine.running and engine.base_url is None


def test_an_engine_that_exits_is_reported_with_its_output(tmp_path: Path) -> None:
    python = script(tmp_path, 'echo "No module named engine.__main__" ; exit 1\n')
    engine = LocalEngineProcess(tmp_path / "data", TOKEN, python=python)
    with pytest.raises(ProviderError) as caught:
        engine.start(timeout=20)
    assert caught.value.kind is ErrorKind.CONNECTION
    assert "No module named engine.__main__" in caught.value.message_en
    assert engine.exit_code == 1


def test_a_silent_engine_times_out_and_is_stopped(tmp_path: Path) -> None:
    engine = LocalEngineProcess(tmp_path / "data", TOKEN, python=script(tmp_path, "exec sleep 60\n"))
    with pytest.raises(ProviderError) as caught:
        engine.start(timeout=0.5)
    assert "did not start" in caught.value.message_en
    assert not engine.running


def test_a_missing_interpreter_is_reported(tmp_path: Path) -> None:
    engine = LocalEngineProcess(tmp_path / "data", TOKEN, python=str(tmp_path / "no-such-python"))
    with pytest.raises(ProviderError) as caught:
        engine.start(timeout=5)
    assert caught.value.kind is ErrorKind.CONNECTION


def test_engine_token_is_made_once_and_kept() -> None:
    redactor = Redactor()
    secrets = ProfileSecrets(keyring=SessionSecretStore(), redactor=redactor)
    token = engine_token(secrets)
    assert token.startswith("ftd-") and len(token) > 30
    assert engine_token(secrets) == token
    assert redactor.redact(f"token {token}") == "token [redacted]"

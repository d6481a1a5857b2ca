"""The local engine's Hugging Face settings: the token only in the keyring, the download source on the
profile, and both reaching the engine through its environment (never its command line or a file)."""

from __future__ import annotations

import stat
import sys
import uuid
from pathlib import Path

import keyring
import pytest

from desktop.providers.local_engine import HF_ENDPOINT_ENV, HF_TOKEN_ENV, LocalEngineProcess, hub_environment
from desktop.providers.profiles import LOCAL_PROFILE_ID, Profile, ProfileStore
from desktop.providers.redaction import Redactor
from desktop.providers.secrets import (
    HF_TOKEN_ENTRY,
    KEYRING_SERVICE,
    ProfileSecrets,
    SecretStore,
    SessionSecretStore,
)
from tests.providers.test_secrets import needs_secret_service

HF_TOKEN = "hf_" + "TestTokenForHubSettings0123456789"


def _script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "fake-python"
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def _files_containing(folder: Path, text: str) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            try:
                if text.encode() in path.read_bytes():
                    found.append(path)
            except OSError:
                continue
    return found


@pytest.mark.keyring
@needs_secret_service
def test_the_hugging_face_token_lives_in_the_keyring_only(tmp_path: Path) -> None:
    config = tmp_path / "config"
    store = ProfileStore(config)
    redactor = Redactor()
    secrets = ProfileSecrets(SecretStore(), SessionSecretStore(), redactor)
    token = HF_TOKEN + uuid.uuid4().hex[:6]
    secrets.set_hf_token(token)
    try:
        assert secrets.hf_token() == token
        assert keyring.get_password(KEYRING_SERVICE, HF_TOKEN_ENTRY) == token
        assert not secrets.is_session_only(HF_TOKEN_ENTRY)
        assert redactor.redact(f"GET with {token}") == "GET with [redacted]"
        store.save(store.active())
        assert _files_containing(tmp_path, token) == []
    finally:
        secrets.set_hf_token("")  # an empty token forgets it
    assert secrets.hf_token() is None
    assert keyring.get_password(KEYRING_SERVICE, HF_TOKEN_ENTRY) is None


def test_a_session_only_token_is_forgotten_with_the_session() -> None:
    class NoKeyring:
        persistent = True

        def get(self, profile_id: str) -> str | None:
            return None

        def set(self, profile_id: str, secret: str) -> None:
            raise AssertionError("a session-only token must not reach the keyring")

        def delete(self, profile_id: str) -> None:
            pass

    secrets = ProfileSecrets(NoKeyring(), SessionSecretStore(), Redactor())
    secrets.set_hf_token(HF_TOKEN, session_only=True)
    assert secrets.hf_token() == HF_TOKEN and secrets.is_session_only(HF_TOKEN_ENTRY)
    secrets.set_hf_token("", session_only=True)
    assert secrets.hf_token() is None


@pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX shell script")
def test_the_engine_gets_the_source_and_token_in_its_environment(tmp_path: Path) -> None:
    python = _script(
        tmp_path,
        'echo "endpoint=$HF_ENDPOINT token=$HF_TOKEN"\n'
        'echo "Local engine listening on http://127.0.0.1:45679/v1"\n'
        "exec sleep 60\n",
    )
    seen: list[str] = []
    environment = hub_environment("https://hf-mirror.example/ ", HF_TOKEN)
    assert environment == {HF_ENDPOINT_ENV: "https://hf-mirror.example", HF_TOKEN_ENV: HF_TOKEN}
    engine = LocalEngineProcess(
        tmp_path / "data", "ftd-engine-token-abcdef123", python=python, on_output=seen.append
    )
    engine.set_environment(environment)
    try:
        engine.start(timeout=20)
        assert "endpoint=https://hf-mirror.example token=[redacted]" in seen
        assert all(HF_TOKEN not in line for line in engine.log_lines())
        assert HF_TOKEN not in " ".join(engine.command())
        # A new token is sent with each download request: no reason to restart the engine...
        engine.set_environment(hub_environment("https://hf-mirror.example", HF_TOKEN + "-new"))
        assert not engine.environment_changed
        # ...a new download source is read at start-up: the engine must restart to use it.
        engine.set_environment(hub_environment("https://huggingface.co", HF_TOKEN))
        assert engine.environment_changed
    finally:
        engine.stop(timeout=5)
    assert not engine.environment_changed


def test_the_download_source_is_a_profile_setting(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    local = store.get(LOCAL_PROFILE_ID)
    assert local.hf_endpoint == ""
    local.hf_endpoint = "https://hf-mirror.com"
    store.save(local)
    assert ProfileStore(tmp_path).get(LOCAL_PROFILE_ID).hf_endpoint == "https://hf-mirror.com"
    assert Profile.local_engine().problems() == []
    bad = Profile.local_engine()
    bad.hf_endpoint = "hf-mirror.com"
    assert any("download source" in problem for problem in bad.problems())

"""The keyring: real Secret Service when present; unavailable, locked, hung and plain-text refused."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import SecretService, chainer, fail
from keyring.errors import KeyringLocked

from desktop.providers.redaction import Redactor
from desktop.providers.secrets import (
    KEYRING_SERVICE,
    ProfileSecrets,
    SecretStore,
    SecretStoreUnavailable,
    SessionSecretStore,
    UnavailableReason,
    choose_backend,
)


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    original = keyring.get_keyring()
    try:
        yield
    finally:
        keyring.set_keyring(original)


def secret_service_available() -> bool:
    try:
        backend = keyring.get_keyring()
    except Exception:
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(isinstance(b, SecretService.Keyring) for b in backend.backends)
    return isinstance(backend, SecretService.Keyring)


needs_secret_service = pytest.mark.skipif(
    not secret_service_available(),
    reason="no Secret Service keyring here (run ./test.sh, which starts gnome-keyring in a D-Bus session)",
)


@pytest.mark.keyring
@needs_secret_service
def test_real_secret_service_round_trip() -> None:
    store = SecretStore()
    profile_id = "test-" + uuid.uuid4().hex
    secret = "sk-keyring-" + uuid.uuid4().hex
    assert store.get(profile_id) is None
    store.set(profile_id, secret)
    try:
        assert store.get(profile_id) == secret
        # One entry per profile, under our service name, readable by any keyring client.
        assert keyring.get_password(KEYRING_SERVICE, profile_id) == secret
        assert "SecretService" in store.backend_name() or "Secret" in store.backend_name()
    finally:
        store.delete(profile_id)
    assert store.get(profile_id) is None
    store.delete(profile_id)  # deleting again is fine


@pytest.mark.keyring
@needs_secret_service
def test_profile_secrets_prefer_the_session_and_feed_the_redactor() -> None:
    redactor = Redactor()
    secrets = ProfileSecrets(SecretStore(), SessionSecretStore(), redactor)
    profile_id = "test-" + uuid.uuid4().hex
    secrets.set(profile_id, "sk-stored-in-keyring-123456")
    try:
        assert secrets.get(profile_id) == "sk-stored-in-keyring-123456"
        assert not secrets.is_session_only(profile_id)
        secrets.set(profile_id, "session-secret-abcdef", session_only=True)
        assert secrets.get(profile_id) == "session-secret-abcdef"
        assert secrets.is_session_only(profile_id)
        assert redactor.redact("x session-secret-abcdef y") == "x [redacted] y"
    finally:
        secrets.delete(profile_id)
    assert secrets.get(profile_id) is None


def test_no_keyring_is_reported_not_hidden(restore_keyring: None) -> None:
    keyring.set_keyring(fail.Keyring())
    store = SecretStore(timeout=5)
    with pytest.raises(SecretStoreUnavailable) as caught:
        store.set("p1", "sk-never-written-anywhere-123")
    assert caught.value.reason is UnavailableReason.NO_KEYRING
    assert "this session only" in caught.value.message_en
    assert "仅本次会话" in caught.value.message_zh
    with pytest.raises(SecretStoreUnavailable):
        store.get("p1")


def test_this_session_only_works_without_a_keyring(restore_keyring: None) -> None:
    keyring.set_keyring(fail.Keyring())
    secrets = ProfileSecrets(SecretStore(timeout=5))
    with pytest.raises(SecretStoreUnavailable):
        secrets.set("p1", "sk-session-only-0123456789")
    secrets.set("p1", "sk-session-only-0123456789", session_only=True)
    assert secrets.get("p1") == "sk-session-only-0123456789"
    assert ProfileSecrets(SecretStore(timeout=5)).session.get("p1") is None  # a new session forgets it


class PlainTextFileKeyring(keyring.backend.KeyringBackend):
    """What keyrings.alt's PlaintextKeyring does: writes secrets into a file."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, file_path: Path) -> None:
        super().__init__()
        self.file_path = file_path

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.file_path.write_text(f"{service} {username} {password}")

    def delete_password(self, service: str, username: str) -> None:
        pass


def test_plain_text_backends_are_refused(restore_keyring: None, tmp_path: Path) -> None:
    file_path = tmp_path / "keyring_pass.cfg"
    keyring.set_keyring(PlainTextFileKeyring(file_path))
    with pytest.raises(SecretStoreUnavailable) as caught:
        SecretStore(timeout=5).set("p1", "sk-must-not-reach-a-file-123")
    assert caught.value.reason is UnavailableReason.PLAINTEXT_REFUSED
    assert not file_path.exists()


def test_a_chain_never_falls_back_to_plain_text(restore_keyring: None, tmp_path: Path) -> None:
    file_path = tmp_path / "keyring_pass.cfg"

    class Chain(chainer.ChainerBackend):
        @property
        def backends(self):  # type: ignore[override]
            return [fail.Keyring(), PlainTextFileKeyring(file_path)]

    keyring.set_keyring(Chain())
    with pytest.raises(SecretStoreUnavailable):
        choose_backend()
    assert not file_path.exists()


class LockedKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    set_password = delete_password = get_password  # type: ignore[assignment]


def test_a_locked_keyring_is_reported(restore_keyring: None) -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(SecretStoreUnavailable) as caught:
        SecretStore(timeout=5).get("p1")
    assert caught.value.reason is UnavailableReason.LOCKED
    assert "locked" in caught.value.message_en


class HangingKeyring(keyring.backend.KeyringBackend):
    """A Secret Service that never answers (as one waiting on an unseen unlock prompt does)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    set_password = delete_password = get_password  # type: ignore[assignment]


def test_a_hung_keyring_times_out_instead_of_hanging_the_app(restore_keyring: None) -> None:
    hanging = HangingKeyring()
    keyring.set_keyring(hanging)
    try:
        with pytest.raises(SecretStoreUnavailable) as caught:
            SecretStore(timeout=0.3).get("p1")
        assert caught.value.reason is UnavailableReason.TIMED_OUT
    finally:
        hanging.release.set()

"""API keys and the local engine's token: in the OS keyring, or for this session only. Never in a file.

:class:`SecretStore` keeps one keyring entry per profile (service ``finetune-desk``, user name = the
profile id). Every keyring call runs on a worker thread with a timeout, because the Secret Service can
hang for minutes; when there is no keyring, it is locked, or it does not answer, the call raises
:class:`SecretStoreUnavailable` so the UI can offer "this session only" (:class:`SessionSecretStore`,
in memory). Plain-text backends (keyrings.alt and the like) are refused even when configured.
:class:`ProfileSecrets` puts the two together and tells the redactor every secret it sees.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from enum import Enum
from typing import Any, Protocol, TypeVar

from desktop.core.i18n import pick
from desktop.providers.profiles import PROXY_SECRET_SUFFIX
from desktop.providers.redaction import Redactor

log = logging.getLogger(__name__)

T = TypeVar("T")

KEYRING_SERVICE = "finetune-desk"
DEFAULT_KEYRING_TIMEOUT_SECONDS = 20.0

# Backends that write secrets to a file in plain text (or behind a prompt on stdin): never used.
_PLAINTEXT_MODULE_PREFIXES = ("keyrings.alt", "keyrings.cryptfile", "keyring.backends.null")


class UnavailableReason(Enum):
    NO_KEYRING = "no_keyring"  # no backend on this system (no Secret Service, no D-Bus)
    PLAINTEXT_REFUSED = "plaintext_refused"  # only a plain-text backend is configured
    LOCKED = "locked"  # the keyring is locked, or the user dismissed the unlock prompt
    TIMED_OUT = "timed_out"  # the keyring did not answer in time
    FAILED = "failed"  # any other keyring error


class SecretStoreUnavailable(Exception):
    """The OS keyring cannot be used now; the UI offers to keep the secret for this session only."""

    def __init__(self, reason: UnavailableReason, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        self.message_en, self.message_zh = _unavailable_messages(reason)
        super().__init__(self.message_en + (f" ({detail})" if detail else ""))

    @property
    def user_message(self) -> str:
        return pick(self.message_en, self.message_zh)


def _unavailable_messages(reason: UnavailableReason) -> tuple[str, str]:
    after_en = (
        " You can keep the key for this session only: it is forgotten when the app closes, "
        "and never written to a file."
    )
    after_zh = "你可以选择“仅本次会话”保存密钥：应用关闭后即被遗忘，且绝不会写入文件。"
    if reason is UnavailableReason.NO_KEYRING:
        return (
            "No system keyring is available (such as GNOME Keyring, KWallet, macOS Keychain or "
            "Windows Credential Manager), so the key cannot be saved safely." + after_en,
            "系统中没有可用的密钥环（如 GNOME 密钥环、KWallet、macOS 钥匙串或 Windows 凭据管理器），"
            "因此无法安全地保存密钥。" + after_zh,
        )
    if reason is UnavailableReason.PLAINTEXT_REFUSED:
        return (
            "The only keyring configured stores secrets in a plain-text file, which Finetune Desk does "
            "not use. Install or enable your system's keyring." + after_en,
            "当前配置的密钥环会以明文文件保存密钥，微调工作台不会使用它。请安装或启用系统密钥环。" + after_zh,
        )
    if reason is UnavailableReason.LOCKED:
        return (
            "The system keyring is locked. Unlock it (or accept its prompt) and try again." + after_en,
            "系统密钥环已锁定。请解锁（或在弹出的提示中确认）后重试。" + after_zh,
        )
    if reason is UnavailableReason.TIMED_OUT:
        return (
            "The system keyring did not answer in time. It may be waiting for you to unlock it in "
            "another window; try again." + after_en,
            "系统密钥环未能及时响应，可能正在另一个窗口中等待你解锁；请重试。" + after_zh,
        )
    return (
        "The system keyring reported an error." + after_en,
        "系统密钥环报告了错误。" + after_zh,
    )


# The keyring user name of the Hugging Face access token (one per user of the app, not per profile):
# the local engine needs it to download gated models.
HF_TOKEN_ENTRY = "huggingface:token"


def proxy_entry(profile_id: str) -> str:
    """The keyring user name under which a profile's proxy password is kept."""
    return profile_id + PROXY_SECRET_SUFFIX


class SecretVault(Protocol):
    """Somewhere a profile's secret is kept."""

    persistent: bool  # whether the secret survives the app closing

    def get(self, profile_id: str) -> str | None: ...

    def set(self, profile_id: str, secret: str) -> None: ...

    def delete(self, profile_id: str) -> None: ...


def is_plaintext_backend(backend: object) -> bool:
    module = type(backend).__module__
    if module.startswith(_PLAINTEXT_MODULE_PREFIXES):
        return True
    # File-based backends carry the path of the file they write.
    return hasattr(backend, "file_path")


def choose_backend() -> Any:
    """The keyring backend to use: the configured one, minus anything that is not safe storage.

    Raises SecretStoreUnavailable when nothing acceptable is left.
    """
    import keyring
    from keyring.backends import chainer, fail

    current = keyring.get_keyring()
    candidates = list(current.backends) if isinstance(current, chainer.ChainerBackend) else [current]
    refused_plaintext = False
    for backend in candidates:
        if isinstance(backend, fail.Keyring):
            continue
        if is_plaintext_backend(backend):
            refused_plaintext = True
            log.warning("refusing plain-text keyring backend %s", type(backend).__module__)
            continue
        return backend
    reason = UnavailableReason.PLAINTEXT_REFUSED if refused_plaintext else UnavailableReason.NO_KEYRING
    raise SecretStoreUnavailable(reason)


def _call_with_timeout(work: Callable[[], T], timeout: float) -> T:
    """Run ``work`` on a fresh daemon thread; give up after ``timeout`` seconds.

    A fresh thread per call (not a pool) so that one hung call never blocks the next; a hung thread is
    left to finish or die with the process.
    """
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed back to the caller's thread
            outcome["error"] = error
        finally:
            done.set()

    threading.Thread(target=run, name="keyring-call", daemon=True).start()
    if not done.wait(timeout):
        raise SecretStoreUnavailable(UnavailableReason.TIMED_OUT, f"no answer after {timeout:.0f} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _translate_keyring_error(error: BaseException) -> SecretStoreUnavailable:
    from keyring import errors

    if isinstance(error, SecretStoreUnavailable):
        return error
    if isinstance(error, errors.NoKeyringError):
        return SecretStoreUnavailable(UnavailableReason.NO_KEYRING, str(error))
    if isinstance(error, errors.KeyringLocked | errors.InitError):
        return SecretStoreUnavailable(UnavailableReason.LOCKED, str(error))
    return SecretStoreUnavailable(UnavailableReason.FAILED, f"{type(error).__name__}: {error}")


class SecretStore:
    """Secrets in the OS keyring, one entry per profile; never blocks longer than ``timeout``."""

    persistent = True

    def __init__(
        self, service: str = KEYRING_SERVICE, timeout: float = DEFAULT_KEYRING_TIMEOUT_SECONDS
    ) -> None:
        self.service = service
        self.timeout = timeout

    def _call(self, operation: Callable[[Any], T]) -> T:
        def work() -> T:
            return operation(choose_backend())

        try:
            return _call_with_timeout(work, self.timeout)
        except SecretStoreUnavailable:
            raise
        except Exception as error:
            # keyring's errors, and secretstorage/jeepney ones it did not wrap (a dead D-Bus daemon).
            raise _translate_keyring_error(error) from error

    def backend_name(self) -> str:
        """The keyring in use, for the UI ("SecretService Keyring"); raises if there is none."""

        def describe(backend: Any) -> str:
            name = getattr(backend, "name", "") or type(backend).__name__
            return str(name)

        return self._call(describe)

    def get(self, profile_id: str) -> str | None:
        return self._call(lambda backend: backend.get_password(self.service, profile_id))

    def set(self, profile_id: str, secret: str) -> None:
        self._call(lambda backend: backend.set_password(self.service, profile_id, secret))

    def delete(self, profile_id: str) -> None:
        """Delete the profile's entry; deleting one that does not exist is not an error."""
        from keyring.errors import PasswordDeleteError

        def delete(backend: Any) -> None:
            with contextlib.suppress(PasswordDeleteError):  # nothing was stored
                backend.delete_password(self.service, profile_id)

        self._call(delete)


class SessionSecretStore:
    """Secrets kept in memory for this session only (when the user chose so)."""

    persistent = False

    def __init__(self) -> None:
        self._secrets: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, profile_id: str) -> str | None:
        with self._lock:
            return self._secrets.get(profile_id)

    def set(self, profile_id: str, secret: str) -> None:
        with self._lock:
            self._secrets[profile_id] = secret

    def delete(self, profile_id: str) -> None:
        with self._lock:
            self._secrets.pop(profile_id, None)

    def __contains__(self, profile_id: object) -> bool:
        with self._lock:
            return profile_id in self._secrets


class ProfileSecrets:
    """Where the app gets and keeps each profile's secret: this session's first, then the keyring.

    Every secret that passes through is added to the redactor, so it is removed from logs and
    messages from then on. Calls may block (up to the keyring's timeout): call from a worker thread.
    """

    def __init__(
        self,
        keyring: SecretVault | None = None,
        session: SessionSecretStore | None = None,
        redactor: Redactor | None = None,
    ) -> None:
        self.keyring: SecretVault = keyring if keyring is not None else SecretStore()
        self.session = session if session is not None else SessionSecretStore()
        self.redactor = redactor if redactor is not None else Redactor()

    def get(self, profile_id: str) -> str | None:
        """The secret, or None when none is stored. Raises SecretStoreUnavailable (keyring trouble)."""
        secret = self.session.get(profile_id)
        if secret is None:
            secret = self.keyring.get(profile_id)
        self.redactor.add(secret)
        return secret

    def set(self, profile_id: str, secret: str, *, session_only: bool = False) -> None:
        """Keep the secret in the keyring (or, when asked, in memory for this session only).

        Raises SecretStoreUnavailable when the keyring cannot take it; the UI then asks the user
        whether to keep it for this session only and calls again with ``session_only=True``.
        """
        secret = secret.strip()
        self.redactor.add(secret)
        if session_only:
            self.session.set(profile_id, secret)
            return
        self.keyring.set(profile_id, secret)
        self.session.delete(profile_id)  # the keyring's copy is the one now

    def delete(self, profile_id: str) -> None:
        """Forget the profile's secrets (key, proxy password) everywhere.

        Raises SecretStoreUnavailable if the keyring fails.
        """
        for entry in (profile_id, proxy_entry(profile_id)):
            self.session.delete(entry)
            self.keyring.delete(entry)

    def proxy_password(self, profile_id: str) -> str | None:
        """The password of the profile's proxy (kept apart from the proxy address, which is settings)."""
        return self.get(proxy_entry(profile_id))

    def hf_token(self) -> str | None:
        """The Hugging Face access token, or None. Raises SecretStoreUnavailable (keyring trouble)."""
        return self.get(HF_TOKEN_ENTRY)

    def set_hf_token(self, token: str, *, session_only: bool = False) -> None:
        """Keep the Hugging Face token in the keyring (never in a file); an empty one forgets it."""
        if token.strip():
            self.set(HF_TOKEN_ENTRY, token, session_only=session_only)
        else:
            self.session.delete(HF_TOKEN_ENTRY)
            if not session_only:
                self.keyring.delete(HF_TOKEN_ENTRY)

    def is_session_only(self, profile_id: str) -> bool:
        return profile_id in self.session

"""Provider profiles: where to train (OpenAI, Azure OpenAI, a compatible URL, the local engine).

A profile holds everything needed to reach a provider except its secret, which lives only in the
keyring (see :mod:`desktop.providers.secrets`). :class:`ProfileStore` keeps the profiles and which one
is active as JSON in the settings folder it is given; with no profiles at all it creates the local
engine profile and makes it active, so the app works offline from the first start.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from desktop.core.atomic import atomic_write_text, file_lock
from desktop.core.i18n import pick
from desktop.core.model_ids import is_fine_tuned
from desktop.providers.errors import AZURE_PORTAL_URL, ErrorKind, ProviderError
from desktop.providers.route import is_azure_v1_url

log = logging.getLogger(__name__)

PROFILES_FILE_NAME = "profiles.json"
FORMAT_VERSION = 1
OPENAI_BASE_URL = "https://api.openai.com/v1"
DEFAULT_AZURE_API_VERSION = "2025-04-01-preview"
DEFAULT_TIMEOUT_SECONDS = 60.0
DEFAULT_MAX_RETRIES = 3
LOCAL_PROFILE_ID = "local-engine"


class ProviderKind(Enum):
    OPENAI = "openai"
    AZURE = "azure"
    COMPATIBLE = "compatible"  # any OpenAI-compatible base URL
    LOCAL = "local"  # the local engine, started by the app on this computer

    @property
    def display_name(self) -> str:
        names = {
            ProviderKind.OPENAI: ("OpenAI", "OpenAI"),
            ProviderKind.AZURE: ("Azure OpenAI", "Azure OpenAI"),
            ProviderKind.COMPATIBLE: ("OpenAI-compatible", "兼容 OpenAI 的服务"),
            ProviderKind.LOCAL: ("Local engine (this computer)", "本地引擎（本机）"),
        }
        english, chinese = names[self]
        return pick(english, chinese)

    @property
    def needs_secret(self) -> bool:
        """Whether the user must enter a key (the local engine's token is made by the app)."""
        return self in (ProviderKind.OPENAI, ProviderKind.AZURE)


@dataclass
class Profile:
    id: str
    name: str
    kind: ProviderKind
    base_url: str = ""  # empty: the kind's default (OpenAI) or, for LOCAL, the running engine's URL
    organization: str = ""  # OpenAI
    project: str = ""  # OpenAI
    api_version: str = ""  # Azure ("v1" or empty with an .../openai/v1 URL: the v1 API)
    proxy: str = ""  # http(s)://[user@]host:port; empty: the system's proxy settings
    # The proxy's password: a secret, so kept in the keyring (see PROXY_SECRET_SUFFIX), never in the file.
    proxy_password: str = field(default="", repr=False, compare=False)
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    max_retries: int = DEFAULT_MAX_RETRIES
    # Azure: fine-tuned model name -> the deployment that serves it (made in the portal).
    azure_deployments: dict[str, str] = field(default_factory=dict)
    # Local engine: where it downloads base models from (a Hugging Face mirror); empty: huggingface.co.
    hf_endpoint: str = ""

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex[:12]

    @classmethod
    def create(cls, name: str, kind: ProviderKind, **fields: Any) -> Profile:
        """A new profile with a fresh id and the kind's defaults."""
        profile = cls(id=cls.new_id(), name=name, kind=kind, **fields)
        if kind is ProviderKind.AZURE and not profile.api_version:
            profile.api_version = DEFAULT_AZURE_API_VERSION
        return profile

    @classmethod
    def local_engine(cls) -> Profile:
        return cls(
            id=LOCAL_PROFILE_ID,
            name=pick("Local engine (this computer)", "本地引擎（本机）"),
            kind=ProviderKind.LOCAL,
            timeout=120.0,
        )

    @property
    def effective_base_url(self) -> str:
        if self.base_url:
            return self.base_url.rstrip("/")
        if self.kind is ProviderKind.OPENAI:
            return OPENAI_BASE_URL
        return ""

    @property
    def attempts(self) -> int:
        """How many times to try a request that may be retried (``with_retries(attempts=...)``)."""
        return max(1, self.max_retries + 1)

    def with_base_url(self, base_url: str) -> Profile:
        """A copy that talks to ``base_url`` (the local engine's URL is known only once it runs)."""
        return replace(self, base_url=base_url, azure_deployments=dict(self.azure_deployments))

    def deployment_for(self, model: str) -> str:
        """The name to send as ``model`` when calling ``model`` on this profile.

        Azure serves a fine-tuned model only through a deployment; elsewhere the model's own name
        is used. Raises a NOT_DEPLOYED ProviderError (with the portal link) when Azure has none.
        """
        if self.kind is not ProviderKind.AZURE:
            return model
        deployment = self.azure_deployments.get(model, "").strip()
        if deployment:
            return deployment
        if not is_fine_tuned(model):
            # A base model on Azure is also called through a deployment, but one named like the model
            # is the common case; let Azure say so if it is not.
            return model
        raise ProviderError(
            ErrorKind.NOT_DEPLOYED,
            f"The fine-tuned model {model} has no deployment mapped in the profile “{self.name}”. On Azure "
            f"a fine-tuned model answers only once it is deployed: deploy it in the Azure AI Foundry portal "
            f"({AZURE_PORTAL_URL}), then enter the deployment's name for this model in the profile.",
            f"配置“{self.name}”中没有为微调模型 {model} 设置部署。在 Azure 上，微调模型只有部署后才能调用："
            f"请在 Azure AI Foundry 门户（{AZURE_PORTAL_URL}）中部署它，然后在配置中为此模型填写部署名称。",
            retryable=False,
        )

    def problems(self) -> list[str]:
        """What must be fixed before the profile can be used, in the user's language (empty: fine)."""
        return [pick(english, chinese) for english, chinese in self.problem_messages()]

    def problem_messages(self) -> list[tuple[str, str]]:
        """:meth:`problems` in English and Chinese."""
        found: list[tuple[str, str]] = []
        if not self.name.strip():
            found.append(("Give the profile a name.", "请为配置命名。"))
        if self.kind in (ProviderKind.AZURE, ProviderKind.COMPATIBLE) and not self.base_url.strip():
            found.append(
                (
                    "Enter the base URL (for Azure: https://YOUR-RESOURCE.openai.azure.com/).",
                    "请输入基础 URL（Azure 为 https://你的资源名.openai.azure.com/）。",
                )
            )
        if self.base_url.strip() and not _is_web_address(self.base_url):
            found.append(
                (
                    "The base URL must start with http:// or https:// and name a host.",
                    "基础 URL 必须以 http:// 或 https:// 开头并包含主机名。",
                )
            )
        if self.proxy.strip() and not _is_web_address(self.proxy, schemes=("http", "https", "socks5")):
            found.append(
                (
                    "The proxy must look like http://host:port (or socks5://host:port).",
                    "代理地址应类似 http://主机:端口（或 socks5://主机:端口）。",
                )
            )
        if (
            self.kind is ProviderKind.AZURE
            and not self.api_version.strip()
            and not is_azure_v1_url(self.base_url)
        ):
            found.append(("Enter the Azure API version.", "请输入 Azure API 版本。"))
        if self.hf_endpoint.strip() and not _is_web_address(self.hf_endpoint):
            found.append(
                (
                    "The model download source must be a web address, e.g. https://hf-mirror.com.",
                    "模型下载源必须是网址，例如 https://hf-mirror.com。",
                )
            )
        if not self.timeout > 0:
            found.append(("The timeout must be more than 0 seconds.", "超时时间必须大于 0 秒。"))
        if self.max_retries < 0:
            found.append(("Retries cannot be negative.", "重试次数不能为负数。"))
        return found

    def to_json(self) -> dict[str, Any]:
        """The profile for the settings file: never a secret (a password typed into the proxy is dropped)."""
        data = asdict(self)
        data["kind"] = self.kind.value
        data.pop("proxy_password", None)
        data["proxy"], _password = split_proxy_password(self.proxy)
        return data

    def proxy_url(self) -> str:
        """The proxy address to connect through, with its password put back in."""
        proxy, typed_password = split_proxy_password(self.proxy.strip())
        password = self.proxy_password or typed_password
        if not proxy or not password:
            return proxy
        parts = urlsplit(proxy)
        user = quote(unquote(parts.username or ""), safe="")
        netloc = f"{user}:{quote(password, safe='')}@{parts.hostname}" + (
            f":{parts.port}" if parts.port else ""
        )
        return urlunsplit(parts._replace(netloc=netloc))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Profile:
        known = {name for name in cls.__dataclass_fields__}
        values = {key: value for key, value in data.items() if key in known and key != "proxy_password"}
        values["kind"] = ProviderKind(values["kind"])
        values["azure_deployments"] = {
            str(model): str(deployment)
            for model, deployment in (values.get("azure_deployments") or {}).items()
        }
        values["timeout"] = float(values.get("timeout", DEFAULT_TIMEOUT_SECONDS))
        values["max_retries"] = int(values.get("max_retries", DEFAULT_MAX_RETRIES))
        return cls(**values)


PROXY_SECRET_SUFFIX = ":proxy"  # keyring user name of a profile's proxy password: "<profile id>:proxy"


def split_proxy_password(proxy: str) -> tuple[str, str]:
    """("http://user@host:port", "password") from "http://user:password@host:port"."""
    try:
        parts = urlsplit(proxy.strip())
        password = parts.password
    except ValueError:
        return proxy, ""
    if not password:
        return proxy, ""
    host = parts.hostname or ""
    netloc = (
        (f"{parts.username}@" if parts.username else "") + host + (f":{parts.port}" if parts.port else "")
    )
    return urlunsplit(parts._replace(netloc=netloc)), unquote(password)


def _is_web_address(text: str, schemes: tuple[str, ...] = ("http", "https")) -> bool:
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme in schemes and bool(parts.hostname)


class DamagedSettingsError(ProviderError):
    """The profiles file could not be read; it was kept aside (``kept_as``) and the user is told."""

    def __init__(self, path: Path, kept_as: Path | None, reason: str, empty: bool = False) -> None:
        where = str(kept_as or path)
        reason_en = "the file is empty" if empty else f"it cannot be read: {reason}"
        reason_zh = "文件为空" if empty else "内容无法读取"
        super().__init__(
            ErrorKind.UNKNOWN,
            f"The provider profiles file {path.name} was damaged ({reason_en}), so Finetune Desk started "
            f"with the local engine profile only. The damaged file is kept as {where}: your profiles can "
            "be copied back from it. Keys stay in the system keyring.",
            f"服务商配置文件 {path.name} 已损坏（{reason_zh}），因此 Finetune Desk 仅以本地引擎配置启动。"
            f"损坏的文件已保留为 {where}，可从中找回你的配置。密钥仍保存在系统密钥环中。",
            retryable=False,
            detail=reason,
        )
        self.path = path
        self.kept_as = kept_as


class ProfileStore:
    """The user's profiles and the active one, as JSON in ``config_dir`` (never any secret).

    Every change re-reads the file and applies just that change to it under a lock (a lock file
    beside it), then replaces it atomically: two windows never write over each other's profiles.
    Reads pick up another window's changes when the file changed. A file that cannot be read (empty
    after a power loss, damaged) is kept aside, never silently reset: :attr:`damaged` says so.
    """

    def __init__(self, config_dir: Path) -> None:
        self._path = Path(config_dir) / PROFILES_FILE_NAME
        self._lock_path = Path(config_dir) / (PROFILES_FILE_NAME + ".lock")
        self._lock = threading.RLock()
        self._profiles: dict[str, Profile] = {}
        self._active_id = ""
        self._seen: tuple[int, int] | None = None  # (mtime_ns, size) of the file last read
        self.damaged: DamagedSettingsError | None = None
        with self._lock, file_lock(self._lock_path):
            self._reload(first=True)

    @property
    def path(self) -> Path:
        return self._path

    # -- reading

    def profiles(self) -> list[Profile]:
        """Every profile, in the order they were added (copies: edit, then :meth:`save`)."""
        with self._lock:
            self._refresh()
            return [_copy(profile) for profile in self._profiles.values()]

    def get(self, profile_id: str) -> Profile:
        with self._lock:
            self._refresh()
            try:
                return _copy(self._profiles[profile_id])
            except KeyError:
                raise KeyError(f"no profile with id {profile_id!r}") from None

    def __contains__(self, profile_id: object) -> bool:
        with self._lock:
            self._refresh()
            return profile_id in self._profiles

    @property
    def active_id(self) -> str:
        with self._lock:
            self._refresh()
            return self._active_id

    def active(self) -> Profile:
        with self._lock:
            self._refresh()
            return _copy(self._profiles[self._active_id])

    # -- changing

    def save(self, profile: Profile) -> None:
        """Add ``profile`` or replace the one with its id, and write the file."""
        # A password typed into the proxy is a secret: the caller keeps it in ProfileSecrets.
        without_password, _password = split_proxy_password(profile.proxy)
        stored = _copy(replace(profile, proxy=without_password))

        def change() -> None:
            self._profiles[stored.id] = stored
            if not self._active_id or self._active_id not in self._profiles:
                self._active_id = stored.id

        self._change(change)

    def set_active(self, profile_id: str) -> None:
        def change() -> None:
            if profile_id not in self._profiles:
                raise KeyError(f"no profile with id {profile_id!r}")
            self._active_id = profile_id

        self._change(change)

    def remove(self, profile_id: str) -> None:
        """Delete a profile (its secret is the caller's to delete).

        Deleting the last profile brings back the local engine's, so one always exists.
        """

        def change() -> None:
            if self._profiles.pop(profile_id, None) is None:
                raise KeyError(f"no profile with id {profile_id!r}")
            if not self._profiles:
                local = Profile.local_engine()
                self._profiles[local.id] = local
            if self._active_id == profile_id:
                self._active_id = self._default_active_id()

        self._change(change)

    # -- file

    def _change(self, change: Callable[[], None]) -> None:
        """Re-read the file, apply ``change`` to what it holds now, write it back: all under the lock."""
        with self._lock, file_lock(self._lock_path):
            self._reload()
            change()
            self._write()

    def _refresh(self) -> None:
        """Re-read the file when another window (or process) has changed it since we last did."""
        if self._stamp() != self._seen:
            with file_lock(self._lock_path):
                self._reload()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            status = self._path.stat()
        except OSError:
            return None
        return (status.st_mtime_ns, status.st_size)

    def _default_active_id(self) -> str:
        for profile in self._profiles.values():
            if profile.kind is ProviderKind.LOCAL:
                return profile.id
        return next(iter(self._profiles))

    def _reload(self, first: bool = False) -> None:
        data: dict[str, Any] = {}
        profiles: dict[str, Profile] = {}
        if self._path.exists():
            try:
                data = json.loads(self._path.read_text(encoding="utf-8"))
                if not isinstance(data, dict):
                    raise TypeError("not a JSON object")
                for item in data.get("profiles", []):
                    profile = Profile.from_json(item)
                    profiles[profile.id] = profile
            except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
                self._keep_damaged(error)
                profiles, data = {}, {}
        if not profiles:
            local = Profile.local_engine()
            profiles[local.id] = local
        self._profiles = profiles
        active_id = str(data.get("active", ""))
        self._active_id = active_id if active_id in profiles else self._default_active_id()
        if not self._path.exists() or (first and active_id != self._active_id):
            self._write()
        self._seen = self._stamp()

    def _keep_damaged(self, error: Exception) -> None:
        """Move the unreadable file aside (never overwritten by the next write) and say so."""
        empty = self._path.exists() and not self._path.read_bytes().strip()
        reason = str(error)
        kept_as: Path | None = self._path.with_name(f"{self._path.name}.damaged-{int(time.time())}")
        try:
            os.replace(self._path, kept_as)  # type: ignore[arg-type]
        except OSError:
            kept_as = None
        log.warning("profiles file %s is unreadable (%s); kept as %s", self._path, reason, kept_as)
        self.damaged = DamagedSettingsError(self._path, kept_as, reason, empty)

    def _write(self) -> None:
        data = {
            "version": FORMAT_VERSION,
            "active": self._active_id,
            "profiles": [profile.to_json() for profile in self._profiles.values()],
        }
        atomic_write_text(self._path, json.dumps(data, ensure_ascii=False, indent=2))
        self._seen = self._stamp()


LOCAL_ENGINE_DEFAULT_NAMES = ("Local engine (this computer)", "本地引擎（本机）")


def _copy(profile: Profile) -> Profile:
    # The store keeps no secret, in memory either: a copy out of it never carries the proxy password.
    copy = replace(profile, azure_deployments=dict(profile.azure_deployments), proxy_password="")
    # The local engine's profile keeps the default name in the UI's language until the user renames it.
    if copy.id == LOCAL_PROFILE_ID and copy.name in LOCAL_ENGINE_DEFAULT_NAMES:
        copy.name = pick(*LOCAL_ENGINE_DEFAULT_NAMES)
    return copy

"""The one place that builds an ``openai`` client for a profile.

Retries are ours (:func:`desktop.providers.errors.with_retries`), so the SDK's own are off: the UI
then knows about every wait and can show it, and a cancel is never stuck behind a hidden retry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop.providers.errors import PROXY_EXTENSION, ErrorKind, ProviderError
from desktop.providers.profiles import Profile, ProviderKind
from desktop.providers.route import ClientStyle, client_route

if TYPE_CHECKING:
    import openai

# Connecting should fail fast even when reading a long answer (a training file upload) may not.
CONNECT_TIMEOUT_SECONDS = 15.0
# Sent when a compatible server needs no key: the SDK insists on one, and an empty Bearer is invalid.
NO_KEY_PLACEHOLDER = "no-key"


def make_client(profile: Profile, secret: str | None) -> openai.OpenAI:
    """An ``openai.OpenAI`` (``openai.AzureOpenAI`` for Azure) configured from ``profile``.

    Raises a ProviderError when the profile cannot be used as it is (no key, no base URL).
    """
    import openai

    secret = (secret or "").strip()
    if not secret:
        if profile.kind.needs_secret or profile.kind is ProviderKind.LOCAL:
            raise ProviderError(
                ErrorKind.AUTH,
                f"No key is stored for the profile “{profile.name}”. Open the profile and enter the key.",
                f"配置“{profile.name}”没有保存密钥。请打开配置并输入密钥。",
                retryable=False,
            )
        secret = NO_KEY_PLACEHOLDER
    base_url = profile.effective_base_url
    if not base_url:
        if profile.kind is ProviderKind.LOCAL:
            raise ProviderError(
                ErrorKind.CONNECTION,
                "The local engine is not running yet. Start it from the Profiles window, "
                "or wait for it to start.",
                "本地引擎尚未运行。请在“配置”窗口中启动它，或等待它启动完成。",
            )
        raise ProviderError(
            ErrorKind.BAD_REQUEST,
            f"The profile “{profile.name}” has no base URL. Open the profile and enter it.",
            f"配置“{profile.name}”没有基础 URL。请打开配置并填写。",
            retryable=False,
        )
    common: dict[str, Any] = {
        "api_key": secret,
        "timeout": _timeout(profile),
        "max_retries": 0,
        "http_client": _http_client(profile),
    }
    route = client_route(profile)
    if route.style is ClientStyle.AZURE_CLASSIC:
        return openai.AzureOpenAI(
            azure_endpoint=route.base_url,
            api_version=route.api_version,
            **common,
        )
    if route.style is ClientStyle.AZURE_V1:
        # Azure's v1 API: OpenAI's paths, the key in "api-key", no api-version.
        return openai.OpenAI(base_url=route.base_url, default_headers={"api-key": secret}, **common)
    # OpenAI, compatible servers and the local engine.
    return openai.OpenAI(
        base_url=route.base_url,
        organization=profile.organization.strip() or None,
        project=profile.project.strip() or None,
        **common,
    )


def _timeout(profile: Profile) -> Any:
    import httpx2

    total = max(1.0, float(profile.timeout))
    return httpx2.Timeout(total, connect=min(total, CONNECT_TIMEOUT_SECONDS))


def _http_client(profile: Profile) -> Any:
    import openai

    proxy = profile.proxy_url()
    hooks: dict[str, list[Any]] = {}
    if proxy:

        def mark_proxied(request: Any) -> None:
            # Lets translate_error tell "the proxy refused" from "the server refused".
            request.extensions[PROXY_EXTENSION] = True

        hooks["request"] = [mark_proxied]
    # The SDK's default client (its connection limits, redirects) with our proxy and timeout. Without a
    # proxy in the profile the system's proxy settings (HTTPS_PROXY, ...) still apply.
    return openai.DefaultHttpxClient(proxy=proxy or None, timeout=_timeout(profile), event_hooks=hooks)


class LazyClient:
    """An openai client made on first use, by whichever thread first uses it.

    Making a client can block (keyring look-up, starting the local engine), so the UI hands a
    LazyClient to services whose calls already run on worker threads; a failure to make it then
    surfaces on that thread, through the same error path as a failed request, and the next use
    tries again.
    """

    def __init__(self, factory: Callable[[], openai.OpenAI]) -> None:
        self._factory = factory
        self._client: openai.OpenAI | None = None
        self._lock = threading.Lock()

    def get(self) -> openai.OpenAI:
        with self._lock:
            if self._client is None:
                self._client = self._factory()
            return self._client

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)

"""Provider errors translated into what the user can do, and retries that honour the server.

Every failure that leaves the provider layer is a :class:`ProviderError`: a kind the UI can act on
(offer "enter the key again", an offline banner, a retry button), whether retrying can help, how long
the server asked us to wait, and a message in plain English and Chinese. :func:`translate_error` turns
the ``openai`` package's exceptions, the HTTP client's (httpx2, which openai 3.x uses) and ``OSError``
into one; :func:`with_retries` retries only what is worth retrying.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

from desktop.core.cancel import CancelSignal, CancelToken
from desktop.core.i18n import pick

log = logging.getLogger(__name__)

T = TypeVar("T")

AZURE_PORTAL_URL = "https://ai.azure.com"
# OpenAI's wind-down of self-serve fine-tuning: nobody can create new jobs after this day.
OPENAI_TRAINING_END_DATE = "2027-01-06"
# Set on requests sent through a profile's proxy (see client.py), so a refusal can be blamed right.
PROXY_EXTENSION = "finetune_desk_proxied"


class ErrorKind(Enum):
    AUTH = "auth"  # 401: the key is wrong, revoked or missing
    TRAINING_NOT_AVAILABLE = "training_not_available"  # 403 training_not_available (OpenAI wind-down)
    PERMISSION = "permission"  # any other 403: the key may not do this
    NOT_FOUND = "not_found"  # 404: unknown id, or a wrong base URL
    NOT_DEPLOYED = "not_deployed"  # Azure: a fine-tuned model with no deployment mapped
    CONFLICT = "conflict"  # 409: the object is not in a state that allows this
    RATE_LIMITED = "rate_limited"  # 429
    QUOTA = "quota"  # 429 insufficient_quota: billing, not waiting, fixes it
    SERVER = "server"  # 5xx
    CONNECTION = "connection"  # no network, refused, DNS, TLS, proxy
    TIMEOUT = "timeout"
    BAD_REQUEST = "bad_request"  # 400 / 422: the request itself is wrong
    CANCELLED = "cancelled"  # the user cancelled (never shown as an error)
    GATED = "gated"  # Hugging Face: the model needs accepted terms and an access token
    UNKNOWN = "unknown"


# Kinds where the same request may succeed later without the user changing anything.
RETRYABLE_KINDS = frozenset(
    {ErrorKind.RATE_LIMITED, ErrorKind.SERVER, ErrorKind.CONNECTION, ErrorKind.TIMEOUT}
)
# Kinds that mean "the provider cannot be reached": the UI shows the offline banner for these.
OFFLINE_KINDS = frozenset({ErrorKind.CONNECTION, ErrorKind.TIMEOUT})


class ProviderError(Exception):
    """A provider failure in the user's terms; ``str()`` is the English message."""

    def __init__(
        self,
        kind: ErrorKind,
        message_en: str,
        message_zh: str,
        *,
        status_code: int | None = None,
        retry_after: float | None = None,
        retryable: bool | None = None,
        code: str | None = None,
        detail: str = "",
        request_id: str | None = None,
    ) -> None:
        super().__init__(message_en)
        self.kind = kind
        self.message_en = message_en
        self.message_zh = message_zh
        self.status_code = status_code
        self.retry_after = retry_after
        self.retryable = kind in RETRYABLE_KINDS if retryable is None else retryable
        self.code = code  # the provider's error code, e.g. "training_not_available"
        self.detail = detail  # the provider's own message, for the "Details" view
        self.request_id = request_id  # x-request-id, worth quoting to the provider's support

    @property
    def user_message(self) -> str:
        return pick(self.message_en, self.message_zh)

    @property
    def is_offline(self) -> bool:
        return self.kind in OFFLINE_KINDS

    def __repr__(self) -> str:
        return f"ProviderError({self.kind.name}, status={self.status_code}, {self.message_en!r})"


def cancelled_error() -> ProviderError:
    return ProviderError(ErrorKind.CANCELLED, "Cancelled.", "已取消。", retryable=False)


def raise_if_cancelled(cancel: CancelSignal | None) -> None:
    """Raise a CANCELLED ProviderError once ``cancel`` is set: how provider code stops."""
    if cancel is not None and cancel.cancelled:
        raise cancelled_error()


# ---------------------------------------------------------------------------------------------------
# Translation


def _with_detail(text: str, detail: str) -> str:
    return f"{text} ({detail})" if detail else text


def _parse_retry_after(headers: Any) -> float | None:
    """Seconds to wait from Retry-After (seconds or an HTTP date) or retry-after-ms; None if absent."""
    if headers is None:
        return None
    milliseconds = headers.get("retry-after-ms")
    if milliseconds:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _body_message(body: object) -> tuple[str, str | None, bool]:
    """(the provider's message, its error code, whether the body looked like an OpenAI error)."""
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict):
            message = error.get("message") or ""
            code = error.get("code")
            return str(message), (str(code) if code is not None else None), True
        if isinstance(body.get("detail"), str):  # FastAPI-style servers
            return str(body["detail"]), None, True
        return "", None, True
    if isinstance(body, str):
        return body.strip()[:300], None, False
    return "", None, False


def status_error(
    status_code: int,
    body: object,
    headers: Any = None,
    *,
    request_id: str | None = None,
    url: str = "",
) -> ProviderError:
    """The ProviderError for an HTTP error status with the given (decoded) body and headers."""
    detail, code, looks_like_api = _body_message(body)
    retry_after = _parse_retry_after(headers)
    common: dict[str, Any] = {
        "status_code": status_code,
        "code": code,
        "detail": detail,
        "request_id": request_id,
    }
    if status_code == 401:
        return ProviderError(
            ErrorKind.AUTH,
            "The provider did not accept the API key. Open the profile and enter the key again.",
            "服务商不接受此 API 密钥。请打开配置并重新输入密钥。",
            **common,
        )
    if status_code == 403 and code == "training_not_available":
        return ProviderError(
            ErrorKind.TRAINING_NOT_AVAILABLE,
            "This organisation can no longer create fine-tuning jobs on OpenAI: OpenAI is winding down "
            f"self-serve fine-tuning and accepts no new jobs after {OPENAI_TRAINING_END_DATE}. "
            "Your data, files and fine-tuned models stay usable. Train on the local engine "
            "(this computer) or choose another profile, such as Azure OpenAI.",
            "此组织已无法在 OpenAI 上创建微调任务：OpenAI 正在逐步停止自助微调服务，"
            f"{OPENAI_TRAINING_END_DATE} 之后不再接受新任务。你的数据、文件和已微调的模型仍可使用。"
            "请改用本地引擎（本机）训练，或选择其他配置（例如 Azure OpenAI）。",
            **common,
        )
    if status_code == 403:
        return ProviderError(
            ErrorKind.PERMISSION,
            _with_detail(
                "The key is valid but not allowed to do this. Check the key's permissions, "
                "organisation and project in the profile.",
                detail,
            ),
            _with_detail("密钥有效，但无权执行此操作。请检查配置中密钥的权限、组织和项目。", detail),
            **common,
        )
    if status_code == 405 or (status_code == 404 and not looks_like_api):
        # An HTML or empty 404, or a refused method: not an OpenAI-compatible API at all.
        return wrong_base_url_error(url, status_code=status_code)
    if status_code == 404 and code == "DeploymentNotFound":
        # Azure: the deployment named in the request (or a fine-tuned model's) does not exist yet.
        return ProviderError(
            ErrorKind.NOT_DEPLOYED,
            _with_detail(
                "Azure has no deployment by this name, so the model cannot answer yet. Deploy the model in "
                f"the Azure AI Foundry portal ({AZURE_PORTAL_URL}) and enter the deployment's name for this "
                "model in the profile; a new deployment can take a few minutes to answer.",
                detail,
            ),
            _with_detail(
                "Azure 上没有此名称的部署，因此该模型还不能应答。"
                f"请在 Azure AI Foundry 门户（{AZURE_PORTAL_URL}）中部署该模型，"
                "并在配置中为此模型填写部署名称；新建的部署可能需要几分钟才能应答。",
                detail,
            ),
            retryable=False,
            **common,
        )
    if status_code == 503 and code == "engine_dependencies_missing":
        # The local engine lacks its training libraries: only installing them helps, not waiting.
        return ProviderError(
            ErrorKind.SERVER,
            _with_detail(
                "The local engine cannot do this: its training libraries are not installed. "
                "Install them (see the Profiles window), then try again.",
                detail,
            ),
            _with_detail(
                "本地引擎无法执行此操作：未安装其训练库。请先安装（见“配置”窗口），然后重试。", detail
            ),
            retryable=False,
            **common,
        )
    if status_code == 404:
        return ProviderError(
            ErrorKind.NOT_FOUND,
            _with_detail(
                "The provider does not know this item: it may have been deleted, or belong to another "
                "profile or organisation.",
                detail,
            ),
            _with_detail("服务商找不到此项目：它可能已被删除，或属于其他配置或组织。", detail),
            **common,
        )
    if status_code == 409:
        return ProviderError(
            ErrorKind.CONFLICT,
            _with_detail(
                "The provider refused because the item is not in a state that allows this "
                "(for example, the job has already finished). Refresh and try again.",
                detail,
            ),
            _with_detail(
                "服务商拒绝了操作，因为该项目当前的状态不允许（例如任务已结束）。请刷新后重试。", detail
            ),
            **common,
        )
    if status_code == 429 and code == "insufficient_quota":
        return ProviderError(
            ErrorKind.QUOTA,
            "The account has run out of quota or credit. Add credit or raise the limit in the "
            "provider's billing settings, then try again.",
            "账户的配额或余额已用完。请在服务商的账单设置中充值或提高限额后重试。",
            retryable=False,
            **common,
        )
    if status_code == 429:
        wait_en = f" The provider asked to wait {retry_after:.0f} s." if retry_after is not None else ""
        wait_zh = f"服务商要求等待 {retry_after:.0f} 秒。" if retry_after is not None else ""
        return ProviderError(
            ErrorKind.RATE_LIMITED,
            "Too many requests for now; the app waits and tries again." + wait_en,
            "请求过于频繁，应用会稍候自动重试。" + wait_zh,
            retry_after=retry_after,
            **common,
        )
    if status_code == 407:
        return ProviderError(
            ErrorKind.CONNECTION,
            "The proxy asks for a user name and password. Put them in the profile's proxy address "
            "(http://user:password@host:port); the password is kept in the system keyring.",
            "代理服务器要求用户名和密码。请在配置的代理地址中填写（http://用户名:密码@主机:端口）；"
            "密码将保存在系统密钥环中。",
            retryable=False,
            **common,
        )
    if status_code >= 500:
        return ProviderError(
            ErrorKind.SERVER,
            _with_detail(
                f"The provider had a problem of its own (HTTP {status_code}). The app tries again in a "
                "moment; if it persists, check the provider's status page.",
                detail,
            ),
            _with_detail(
                f"服务商自身出现问题（HTTP {status_code}）。应用稍后会重试；"
                "如果持续出现，请查看服务商的状态页面。",
                detail,
            ),
            retry_after=retry_after,
            **common,
        )
    if status_code in (400, 413, 415, 422):
        return ProviderError(
            ErrorKind.BAD_REQUEST,
            _with_detail("The provider rejected the request", detail or f"HTTP {status_code}") + ".",
            _with_detail("服务商拒绝了该请求", detail or f"HTTP {status_code}") + "。",
            **common,
        )
    return ProviderError(
        ErrorKind.UNKNOWN,
        _with_detail(f"The provider answered with an unexpected error (HTTP {status_code})", detail) + ".",
        _with_detail(f"服务商返回了意外的错误（HTTP {status_code}）", detail) + "。",
        retry_after=retry_after,
        **common,
    )


def wrong_base_url_error(url: str = "", *, status_code: int | None = None) -> ProviderError:
    """The server answers, but not as an OpenAI-compatible API: the base URL is probably wrong."""
    where = f" ({url})" if url else ""
    return ProviderError(
        ErrorKind.NOT_FOUND,
        f"The server at the base URL{where} does not look like an OpenAI-compatible API. "
        "Check the base URL in the profile; it usually ends in /v1.",
        f"基础 URL{where} 处的服务器不像是兼容 OpenAI 的 API。请检查配置中的基础 URL，它通常以 /v1 结尾。",
        status_code=status_code,
        retryable=False,
    )


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from, outermost first (cycle-safe)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _timeout_error() -> ProviderError:
    return ProviderError(
        ErrorKind.TIMEOUT,
        "The provider did not answer in time. The app tries again; if it keeps happening, check the "
        "network or raise the timeout in the profile.",
        "服务商未能及时响应。应用会重试；如果一直如此，请检查网络或在配置中调大超时时间。",
    )


def _connection_error(chain: list[BaseException], url: str, proxied: bool = False) -> ProviderError:
    """Say which kind of connection failure it was, from the innermost causes."""
    import ssl

    text = " ".join(f"{type(cause).__name__}: {cause}" for cause in chain).lower()
    where = f" ({url})" if url else ""
    names = {type(cause).__name__ for cause in chain}
    refused = any(isinstance(cause, ConnectionRefusedError) for cause in chain) or "refused" in text
    if "ProxyError" in names or "proxy" in text or (proxied and refused):
        return ProviderError(
            ErrorKind.CONNECTION,
            "The proxy refused the connection or could not be reached. Check the proxy address in the "
            "profile, or clear it to connect directly.",
            "代理服务器拒绝了连接或无法访问。请检查配置中的代理地址，或清空它以直接连接。",
        )
    if any(isinstance(cause, ssl.SSLError) for cause in chain) or "certificate" in text or "ssl" in text:
        return ProviderError(
            ErrorKind.CONNECTION,
            f"A secure connection to the provider{where} could not be made (certificate problem). "
            "Check the base URL, or the proxy if your network inspects traffic.",
            f"无法与服务商{where}建立安全连接（证书问题）。"
            "请检查基础 URL；若网络会检查流量，请检查代理设置。",
            retryable=False,
        )
    if (
        "name or service not known" in text
        or "nodename nor servname" in text
        or "getaddrinfo" in text
        or "temporary failure in name resolution" in text
        or "no address associated" in text
    ):
        return ProviderError(
            ErrorKind.CONNECTION,
            f"The provider's address{where} could not be found. Check the network connection and the base "
            "URL in the profile.",
            f"找不到服务商的地址{where}。请检查网络连接和配置中的基础 URL。",
        )
    if refused:
        return ProviderError(
            ErrorKind.CONNECTION,
            f"Nothing answered at the base URL{where}: the connection was refused. Check that the server "
            "is running and that the base URL and port are right.",
            f"基础 URL{where} 处无人应答：连接被拒绝。请确认服务器正在运行，且基础 URL 和端口正确。",
        )
    if "unsupportedprotocol" in text.replace(" ", "") or "request url is missing" in text:
        return ProviderError(
            ErrorKind.CONNECTION,
            f"The base URL{where} is not a web address. It must start with http:// or https://.",
            f"基础 URL{where} 不是网址，必须以 http:// 或 https:// 开头。",
            retryable=False,
        )
    return ProviderError(
        ErrorKind.CONNECTION,
        f"The provider{where} could not be reached. Check the network connection; the app tries again.",
        f"无法连接服务商{where}。请检查网络连接；应用会重试。",
    )


def _has_request(exc: BaseException) -> bool:
    # httpx2 exceptions raise RuntimeError from .request when they were made without one.
    try:
        return getattr(exc, "request", None) is not None
    except RuntimeError:
        return False


def translate_error(exc: BaseException) -> ProviderError:
    """The ProviderError that tells the user what happened in ``exc`` and what to do."""
    chain = _causes(exc)
    # A cancellation (or an earlier translation) raised inside the HTTP stack wins over its wrappers.
    for cause in chain:
        if isinstance(cause, ProviderError):
            return cause

    import httpx2
    import openai

    url = ""
    proxied = False
    request: Any = next((getattr(cause, "request", None) for cause in chain if _has_request(cause)), None)
    if request is not None:
        try:
            url = str(request.url.copy_with(query=None))
            proxied = bool(request.extensions.get(PROXY_EXTENSION))
        except (AttributeError, RuntimeError, TypeError):
            url = ""

    if isinstance(exc, openai.APIStatusError):
        response = exc.response
        return status_error(exc.status_code, exc.body, response.headers, request_id=exc.request_id, url=url)
    if isinstance(exc, openai.APITimeoutError):
        return _timeout_error()
    if isinstance(exc, openai.APIConnectionError):
        if any(isinstance(cause, httpx2.TimeoutException | TimeoutError) for cause in chain[1:]):
            return _timeout_error()
        return _connection_error(chain, url, proxied)
    if isinstance(exc, openai.APIResponseValidationError):
        return ProviderError(
            ErrorKind.NOT_FOUND,
            "The server answered, but not the way an OpenAI-compatible API does. Check the base URL.",
            "服务器有应答，但不符合兼容 OpenAI 的 API 的格式。请检查基础 URL。",
            status_code=exc.status_code,
            retryable=False,
        )
    if isinstance(exc, httpx2.HTTPStatusError):
        response = exc.response
        try:
            body: object = response.json()
        except ValueError:
            body = response.text
        return status_error(response.status_code, body, response.headers, url=str(exc.request.url))
    if isinstance(exc, httpx2.TimeoutException | TimeoutError):
        return _timeout_error()
    if isinstance(exc, httpx2.TransportError | ConnectionError):
        return _connection_error(chain, url, proxied)
    if isinstance(exc, openai.OpenAIError) and "credentials" in str(exc).lower():
        return ProviderError(
            ErrorKind.AUTH,
            "No API key is stored for this profile. Open the profile and enter the key.",
            "此配置没有保存 API 密钥。请打开配置并输入密钥。",
            retryable=False,
        )
    if isinstance(exc, httpx2.InvalidURL | httpx2.UnsupportedProtocol):
        return _connection_error(chain, url, proxied)
    if isinstance(exc, OSError):
        return ProviderError(
            ErrorKind.UNKNOWN,
            f"A file or system operation failed: {exc.strerror or exc}.",
            f"文件或系统操作失败：{exc.strerror or exc}。",
            retryable=False,
        )
    return ProviderError(
        ErrorKind.UNKNOWN,
        f"Something unexpected went wrong: {type(exc).__name__}: {exc}",
        f"发生了意外错误：{type(exc).__name__}: {exc}",
        retryable=False,
    )


HUB_URL = "https://huggingface.co"


def hub_error(error: ProviderError, model: str) -> ProviderError:
    """``error`` from a local-engine request about the hub model ``model``, told in the hub's terms.

    The engine answers 401/403 when the hub refuses a gated model (no token, or no access yet) and
    404 for an id the hub does not know; the generic messages ("the key was not accepted") would
    send the user to the wrong place.
    """
    detail = error.detail
    common: dict[str, Any] = {
        "status_code": error.status_code,
        "code": error.code,
        "detail": detail,
        "request_id": error.request_id,
        "retryable": False,
    }
    page = f"{HUB_URL}/{model}"
    if error.status_code in (401, 403):
        return ProviderError(
            ErrorKind.GATED,
            _with_detail(
                f"{model} is a gated model: its publisher lets it be downloaded only by Hugging Face "
                f"accounts that accepted its terms. Open {page}, sign in and request access, then "
                f"create an access token with read permission at {HUB_URL}/settings/tokens and enter it "
                "here. The token is kept in the system keyring.",
                detail,
            ),
            _with_detail(
                f"{model} 是受限模型：发布者只允许已接受其条款的 Hugging Face 账户下载。请打开 {page}，"
                f"登录并申请访问权限，然后在 {HUB_URL}/settings/tokens 创建具有读取权限的访问令牌并在此输入。"
                "令牌保存在系统密钥环中。",
                detail,
            ),
            **common,
        )
    if error.status_code == 404 and error.kind is ErrorKind.NOT_FOUND:
        return ProviderError(
            ErrorKind.NOT_FOUND,
            _with_detail(
                f"Hugging Face (or the download mirror set for the local engine) has no model named "
                f"“{model}”. Check the spelling: an id looks like Qwen/Qwen2.5-0.5B-Instruct.",
                detail,
            ),
            _with_detail(
                f"Hugging Face（或为本地引擎设置的下载镜像）上没有名为“{model}”的模型。"
                "请检查拼写：模型 ID 形如 Qwen/Qwen2.5-0.5B-Instruct。",
                detail,
            ),
            **common,
        )
    return error


# ---------------------------------------------------------------------------------------------------
# Retries

MAX_BACKOFF_SECONDS = 60.0
# A server asking for more than this is treated as "not now": we stop retrying and tell the user.
MAX_HONOURED_RETRY_AFTER_SECONDS = 600.0


def backoff_delay(attempt: int, *, base: float = 1.0, maximum: float = MAX_BACKOFF_SECONDS) -> float:
    """Exponential backoff with jitter for the given attempt (1 = the first retry)."""
    ceiling = min(maximum, base * (2 ** (attempt - 1)))
    return ceiling * (0.5 + random.random() / 2)  # jitter so many clients don't retry in step


def sleep_unless_cancelled(seconds: float, cancel: CancelSignal | None) -> None:
    """Sleep, waking early (with a CANCELLED error) when ``cancel`` is set."""
    raise_if_cancelled(cancel)
    if isinstance(cancel, CancelToken):
        if cancel.wait(seconds):  # wakes the moment it is cancelled
            raise cancelled_error()
        return
    deadline = time.monotonic() + seconds
    while True:
        raise_if_cancelled(cancel)
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, 0.05))


def with_retries(
    call: Callable[[], T],
    *,
    attempts: int,
    on_retry: Callable[[ProviderError, int, float], None] | None = None,
    cancel: CancelSignal | None = None,
    base_delay: float = 1.0,
    max_delay: float = MAX_BACKOFF_SECONDS,
) -> T:
    """Call ``call()`` up to ``attempts`` times; retry only retryable errors.

    Between tries it waits the server's Retry-After when given, otherwise exponential backoff with
    jitter. ``on_retry(error, attempt, delay)`` is told before each wait (attempt counts from 1).
    Raises the translated ProviderError of the last failure, or a CANCELLED one when cancelled.
    """
    attempts = max(1, attempts)
    for attempt in range(1, attempts + 1):
        raise_if_cancelled(cancel)
        try:
            return call()
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            error = translate_error(exc)
            if not error.retryable or attempt >= attempts:
                raise error from (None if error is exc else exc)
            if error.retry_after is not None:
                if error.retry_after > MAX_HONOURED_RETRY_AFTER_SECONDS:
                    raise error from (None if error is exc else exc)
                delay = error.retry_after
            else:
                delay = backoff_delay(attempt, base=base_delay, maximum=max_delay)
            log.info(
                "retrying after %s (attempt %d of %d, waiting %.1f s)",
                error.kind.name,
                attempt,
                attempts,
                delay,
            )
            if on_retry is not None:
                on_retry(error, attempt, delay)
            sleep_unless_cancelled(delay, cancel)
    raise AssertionError("unreachable")  # the loop always returns or raises

"""Each error class, produced over real HTTP by a loopback fault server, becomes what the user can do."""

from __future__ import annotations

import threading

import pytest

from desktop.core import i18n
from desktop.providers.client import make_client
from desktop.providers.errors import (
    ErrorKind,
    ProviderError,
    translate_error,
    with_retries,
)
from desktop.providers.profiles import Profile, ProviderKind
from tests.providers.fault_server import FaultServer, closed_port, running_fault_server

KEY = "sk-test-errors-0123456789abcdef"


@pytest.fixture
def fault_server():
    with running_fault_server() as server:
        yield server


def profile_for(url: str, **fields) -> Profile:
    return Profile.create("faulty", ProviderKind.COMPATIBLE, base_url=url, **fields)


def failure_of(profile: Profile, call=lambda client: client.models.list()) -> ProviderError:
    client = make_client(profile, KEY)
    with pytest.raises(Exception) as caught:
        call(client)
    return translate_error(caught.value)


def test_401_asks_for_the_key_again(fault_server: FaultServer) -> None:
    fault_server.answer(401, {"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}})
    error = failure_of(profile_for(fault_server.base_url))
    assert error.kind is ErrorKind.AUTH
    assert error.status_code == 401
    assert not error.retryable
    assert "enter the key again" in error.message_en
    assert "重新输入密钥" in error.message_zh


def test_403_training_not_available_explains_the_wind_down(fault_server: FaultServer) -> None:
    fault_server.answer(
        403,
        {
            "error": {
                "message": "Fine-tuning is not available",
                "type": "invalid_request_error",
                "code": "training_not_available",
            }
        },
    )
    error = failure_of(
        profile_for(fault_server.base_url),
        lambda client: client.fine_tuning.jobs.create(model="gpt-4.1-mini", training_file="file-1"),
    )
    assert error.kind is ErrorKind.TRAINING_NOT_AVAILABLE
    assert error.code == "training_not_available"
    assert "2027-01-06" in error.message_en and "local engine" in error.message_en
    assert "本地引擎" in error.message_zh
    assert not error.retryable


def test_user_message_follows_the_language(fault_server: FaultServer) -> None:
    fault_server.answer(401)
    error = failure_of(profile_for(fault_server.base_url))
    try:
        i18n.set_language("zh_CN")
        assert error.user_message == error.message_zh
    finally:
        i18n.set_language("en")
    assert error.user_message == error.message_en


def test_404_with_an_api_body_is_an_unknown_item(fault_server: FaultServer) -> None:
    fault_server.answer(404, {"error": {"message": "No such job: ftjob-x", "code": "not_found"}})
    error = failure_of(profile_for(fault_server.base_url), lambda c: c.fine_tuning.jobs.retrieve("ftjob-x"))
    assert error.kind is ErrorKind.NOT_FOUND
    assert "No such job: ftjob-x" in error.message_en


def test_404_html_means_a_wrong_base_url(fault_server: FaultServer) -> None:
    fault_server.answer(404, "<html><body>Not here</body></html>")
    error = failure_of(profile_for(fault_server.base_url))
    assert error.kind is ErrorKind.NOT_FOUND
    assert "base URL" in error.message_en and "/v1" in error.message_en


def test_409_conflict(fault_server: FaultServer) -> None:
    fault_server.answer(409, {"error": {"message": "Job already finished"}})
    error = failure_of(profile_for(fault_server.base_url), lambda c: c.fine_tuning.jobs.cancel("ftjob-1"))
    assert error.kind is ErrorKind.CONFLICT
    assert not error.retryable


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retryable(fault_server: FaultServer, status: int) -> None:
    fault_server.answer(status, {"error": {"message": "upstream trouble"}})
    error = failure_of(profile_for(fault_server.base_url))
    assert error.kind is ErrorKind.SERVER and error.retryable
    assert str(status) in error.message_en


def test_429_carries_retry_after(fault_server: FaultServer) -> None:
    fault_server.answer(429, headers={"Retry-After": "7"})
    error = failure_of(profile_for(fault_server.base_url))
    assert error.kind is ErrorKind.RATE_LIMITED and error.retryable
    assert error.retry_after == pytest.approx(7)


def test_429_insufficient_quota_is_not_retried(fault_server: FaultServer) -> None:
    fault_server.answer(429, {"error": {"message": "You exceeded your quota", "code": "insufficient_quota"}})
    error = failure_of(profile_for(fault_server.base_url))
    assert error.kind is ErrorKind.QUOTA and not error.retryable


def test_timeout(fault_server: FaultServer) -> None:
    fault_server.answer(200, delay=3)
    error = failure_of(profile_for(fault_server.base_url, timeout=1))
    assert error.kind is ErrorKind.TIMEOUT and error.retryable and error.is_offline


def test_connection_refused_names_the_address() -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    error = failure_of(profile_for(url))
    assert error.kind is ErrorKind.CONNECTION and error.retryable and error.is_offline
    assert "refused" in error.message_en and "127.0.0.1" in error.message_en


def test_a_dead_proxy_is_blamed_not_the_server(fault_server: FaultServer) -> None:
    error = failure_of(profile_for(fault_server.base_url, proxy=f"http://127.0.0.1:{closed_port()}"))
    assert error.kind is ErrorKind.CONNECTION
    assert "proxy" in error.message_en
    assert fault_server.requests == []


def test_a_proxy_that_refuses_to_tunnel(fault_server: FaultServer) -> None:
    # Our fault server does not speak CONNECT: as a proxy for an https URL it refuses the tunnel.
    proxy = fault_server.base_url.removesuffix("/v1")
    error = failure_of(profile_for("https://api.example.invalid/v1", proxy=proxy))
    assert error.kind is ErrorKind.CONNECTION
    assert "proxy" in error.message_en


def test_proxy_authentication_required(fault_server: FaultServer) -> None:
    # Plain-http requests go to the proxy as absolute URLs; the proxy answers 407.
    proxy = fault_server.base_url.removesuffix("/v1")
    fault_server.answer(407, "<html>Proxy Authentication Required</html>")
    error = failure_of(profile_for("http://provider.example.invalid/v1", proxy=proxy))
    assert error.kind is ErrorKind.CONNECTION and not error.retryable
    assert "proxy" in error.message_en


def test_plain_exceptions_translate() -> None:
    assert translate_error(TimeoutError()).kind is ErrorKind.TIMEOUT
    assert translate_error(ConnectionResetError()).kind is ErrorKind.CONNECTION
    assert translate_error(FileNotFoundError(2, "No such file")).kind is ErrorKind.UNKNOWN
    assert translate_error(ValueError("odd")).kind is ErrorKind.UNKNOWN
    original = ProviderError(ErrorKind.CANCELLED, "Cancelled.", "已取消。")
    wrapped = RuntimeError("outer")
    wrapped.__cause__ = original
    assert translate_error(wrapped) is original


def test_with_retries_honours_retry_after_then_succeeds(fault_server: FaultServer) -> None:
    fault_server.answer(429, headers={"Retry-After": "0.3"})
    fault_server.answer(503)
    client = make_client(profile_for(fault_server.base_url), KEY)
    waits: list[tuple[ErrorKind, int, float]] = []
    page = with_retries(
        lambda: client.models.list(),
        attempts=3,
        base_delay=0.05,
        on_retry=lambda error, attempt, delay: waits.append((error.kind, attempt, delay)),
    )
    assert list(page) == []
    assert [(kind, attempt) for kind, attempt, _ in waits] == [
        (ErrorKind.RATE_LIMITED, 1),
        (ErrorKind.SERVER, 2),
    ]
    assert waits[0][2] == pytest.approx(0.3)  # the server's Retry-After, not our backoff
    assert len(fault_server.requests) == 3


def test_with_retries_gives_up_and_raises_the_translated_error(fault_server: FaultServer) -> None:
    fault_server.answer(500, times=2)
    client = make_client(profile_for(fault_server.base_url), KEY)
    with pytest.raises(ProviderError) as caught:
        with_retries(lambda: client.models.list(), attempts=2, base_delay=0.01)
    assert caught.value.kind is ErrorKind.SERVER
    assert len(fault_server.requests) == 2


def test_with_retries_does_not_retry_what_cannot_succeed(fault_server: FaultServer) -> None:
    fault_server.answer(401)
    client = make_client(profile_for(fault_server.base_url), KEY)
    with pytest.raises(ProviderError) as caught:
        with_retries(lambda: client.models.list(), attempts=5, base_delay=0.01)
    assert caught.value.kind is ErrorKind.AUTH
    assert len(fault_server.requests) == 1


def test_with_retries_stops_waiting_when_cancelled(fault_server: FaultServer) -> None:
    fault_server.answer(429, headers={"Retry-After": "30"})
    client = make_client(profile_for(fault_server.base_url), KEY)

    class Cancel:
        cancelled = False

    cancel = Cancel()
    threading.Timer(0.2, lambda: setattr(cancel, "cancelled", True)).start()
    with pytest.raises(ProviderError) as caught:
        with_retries(lambda: client.models.list(), attempts=3, cancel=cancel)
    assert caught.value.kind is ErrorKind.CANCELLED
    # Had it sat out the Retry-After, the retry would have succeeded instead of raising CANCELLED.
    assert len(fault_server.requests) == 1

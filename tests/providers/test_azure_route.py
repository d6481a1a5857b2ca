"""Azure's two data planes over real HTTP: the client the app builds calls the URL "copy as curl" shows.

A loopback server stands in for Azure (it cannot be reached from here); the unmodified ``openai``
package talks to it.
"""

from __future__ import annotations

import openai
import pytest

from desktop.providers.client import make_client
from desktop.providers.inference import ChatRequest, endpoint_for_profile, request_answer, request_as_curl
from desktop.providers.profiles import DEFAULT_AZURE_API_VERSION, Profile, ProviderKind
from desktop.providers.route import ClientStyle, client_route
from tests.providers.fault_server import FaultServer, running_fault_server

KEY = "azure-test-key-0123456789"
CHAT_ANSWER = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4.1-2025-04-14",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}


def _headers(server: FaultServer, index: int = 0) -> dict[str, str]:
    return {k.lower(): v for k, v in server.requests[index].headers.items()}


def _curl_path(curl: str, server: FaultServer) -> str:
    url = curl.splitlines()[0].removeprefix("curl '").split("'")[0]
    return url.removeprefix(f"http://127.0.0.1:{server.port}")


@pytest.mark.parametrize("trailing", ["", "/"])
def test_v1_url_with_the_editors_default_api_version_uses_the_v1_api(trailing: str) -> None:
    with running_fault_server() as server:
        base = server.base_url.removesuffix("/v1") + "/openai/v1" + trailing
        # Profile.create fills the editor's default api_version, as the profile dialog does.
        profile = Profile.create("a", ProviderKind.AZURE, base_url=base)
        assert profile.api_version == DEFAULT_AZURE_API_VERSION
        assert client_route(profile).style is ClientStyle.AZURE_V1
        client = make_client(profile, KEY)
        assert type(client) is openai.OpenAI
        client.fine_tuning.jobs.list(limit=1)
        request = server.requests[0]
        assert request.path == "/openai/v1/fine_tuning/jobs?limit=1"
        assert "api-version" not in request.path
        assert _headers(server)["api-key"] == KEY


def test_v1_api_version_on_a_resource_url_goes_to_openai_v1() -> None:
    with running_fault_server() as server:
        resource = server.base_url.removesuffix("/v1") + "/"
        profile = Profile.create("a", ProviderKind.AZURE, base_url=resource, api_version="v1")
        make_client(profile, KEY).models.list()
        assert server.requests[0].path == "/openai/v1/models"


@pytest.mark.parametrize("form", ["v1", "classic"])
def test_copy_as_curl_shows_the_url_actually_called(form: str) -> None:
    with running_fault_server() as server:
        resource = server.base_url.removesuffix("/v1")
        if form == "v1":
            profile = Profile.create("a", ProviderKind.AZURE, base_url=resource + "/openai/v1")
        else:
            profile = Profile.create(
                "a", ProviderKind.AZURE, base_url=resource + "/", api_version="2025-04-01-preview"
            )
        profile.azure_deployments["gpt-4.1-2025-04-14.ft-abc"] = "my-dep"
        server.answer(200, CHAT_ANSWER)
        request = ChatRequest(
            model="gpt-4.1-2025-04-14.ft-abc", messages=({"role": "user", "content": "hi"},)
        )
        endpoint = endpoint_for_profile(profile)
        answer = request_answer(make_client(profile, KEY), request, endpoint=endpoint)
        assert answer.text == "hi"
        called = server.requests[0].path
        curl = request_as_curl(request, endpoint)
        assert _curl_path(curl, server) == called
        assert "api-key: $" in curl
        if form == "v1":
            assert called == "/openai/v1/chat/completions"
        else:
            assert called == "/openai/deployments/my-dep/chat/completions?api-version=2025-04-01-preview"

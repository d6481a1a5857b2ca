"""make_client builds a working client for each kind of profile (real HTTP to a loopback server)."""

from __future__ import annotations

import openai
import pytest

from desktop.providers.client import make_client
from desktop.providers.errors import ErrorKind, ProviderError
from desktop.providers.profiles import Profile, ProviderKind
from tests.providers.fault_server import running_fault_server

KEY = "sk-client-test-abcdefghijklmnop"


def test_openai_profile_sends_key_organization_and_project() -> None:
    with running_fault_server() as server:
        profile = Profile.create(
            "o", ProviderKind.OPENAI, base_url=server.base_url, organization="org-9", project="proj_9"
        )
        client = make_client(profile, KEY)
        assert type(client) is openai.OpenAI
        assert client.max_retries == 0  # we retry ourselves
        client.models.list()
        seen = {k.lower(): v for k, v in server.requests[0].headers.items()}
        assert seen["authorization"] == f"Bearer {KEY}"
        assert seen["openai-organization"] == "org-9"
        assert seen["openai-project"] == "proj_9"
        assert server.requests[0].path == "/v1/models"


def test_azure_profile_uses_api_version_and_api_key_header() -> None:
    with running_fault_server() as server:
        endpoint = server.base_url.removesuffix("/v1")
        profile = Profile.create("a", ProviderKind.AZURE, base_url=endpoint, api_version="2025-04-01-preview")
        client = make_client(profile, KEY)
        assert isinstance(client, openai.AzureOpenAI)
        client.fine_tuning.jobs.list()
        request = server.requests[0]
        assert request.path == "/openai/fine_tuning/jobs?api-version=2025-04-01-preview"
        assert {k.lower(): v for k, v in request.headers.items()}["api-key"] == KEY


def test_azure_v1_endpoint_uses_the_plain_client() -> None:
    with running_fault_server() as server:
        base = server.base_url.removesuffix("/v1") + "/openai/v1"
        client = make_client(Profile.create("a", ProviderKind.AZURE, base_url=base, api_version="v1"), KEY)
        assert type(client) is openai.OpenAI
        client.models.list()
        assert server.requests[0].path == "/openai/v1/models"


def test_proxy_is_used() -> None:
    with running_fault_server() as proxy:
        profile = Profile.create(
            "p",
            ProviderKind.COMPATIBLE,
            base_url="http://provider.example.invalid/v1",
            proxy=proxy.base_url.removesuffix("/v1"),
        )
        make_client(profile, KEY).models.list()
        assert proxy.requests[0].path == "http://provider.example.invalid/v1/models"


def test_missing_key_or_url_says_what_to_do() -> None:
    with pytest.raises(ProviderError) as caught:
        make_client(Profile.create("o", ProviderKind.OPENAI), "")
    assert caught.value.kind is ErrorKind.AUTH
    with pytest.raises(ProviderError) as caught:
        make_client(Profile.local_engine(), "token")
    assert caught.value.kind is ErrorKind.CONNECTION and "local engine" in caught.value.message_en
    # A compatible server may need no key at all.
    with running_fault_server() as server:
        make_client(
            Profile.create("c", ProviderKind.COMPATIBLE, base_url=server.base_url), None
        ).models.list()


def test_proxy_credentials_are_sent_to_the_proxy() -> None:
    import base64

    with running_fault_server() as proxy:
        address = proxy.base_url.removesuffix("/v1").replace("http://", "http://bob@")
        profile = Profile.create(
            "p", ProviderKind.COMPATIBLE, base_url="http://provider.example.invalid/v1", proxy=address
        )
        profile.proxy_password = "proxy-secret-pw"
        make_client(profile, KEY).models.list()
        seen = {k.lower(): v for k, v in proxy.requests[0].headers.items()}
        assert seen["proxy-authorization"] == "Basic " + base64.b64encode(b"bob:proxy-secret-pw").decode()

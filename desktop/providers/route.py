"""The one rule for which client, URL and headers a profile's requests use.

Azure OpenAI has two data planes. The v1 API (``https://RES.openai.azure.com/openai/v1``, the form
Microsoft's documentation shows now) is OpenAI-shaped: the plain ``openai.OpenAI`` client with the
key in an ``api-key`` header and no ``api-version``. The classic one
(``https://RES.openai.azure.com/`` with an ``api-version``) needs ``openai.AzureOpenAI``, which puts
``/openai`` and deployments in the path and ``?api-version=`` in the query.

:func:`client_route` decides between them once; :func:`desktop.providers.client.make_client` builds
the client from it and :func:`desktop.providers.inference.endpoint_for_profile` writes "copy as
curl/Python" from it, so the URL shown is the URL called.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

AZURE_V1_PATH = "/openai/v1"
# api_version values that mean "the v1 API" rather than a dated classic version.
AZURE_V1_VERSIONS = frozenset({"", "v1"})


class ClientStyle(Enum):
    OPENAI = "openai"  # OpenAI, compatible servers, the local engine
    AZURE_V1 = "azure_v1"  # plain client, .../openai/v1, api-key header, no api-version
    AZURE_CLASSIC = "azure_classic"  # AzureOpenAI client, api-version in every query


@dataclass(frozen=True)
class ClientRoute:
    style: ClientStyle
    # OPENAI / AZURE_V1: the client's base_url. AZURE_CLASSIC: the resource endpoint (no /openai).
    base_url: str
    api_version: str | None = None  # AZURE_CLASSIC only
    # The header that carries the key ("api-key" on Azure; OpenAI's Bearer otherwise).
    key_header: str = "Authorization"

    @property
    def is_azure(self) -> bool:
        return self.style is not ClientStyle.OPENAI

    @property
    def uses_deployment_paths(self) -> bool:
        """Whether calls name the model in the URL (``/openai/deployments/NAME/...``)."""
        return self.style is ClientStyle.AZURE_CLASSIC


class RoutedProfile(Protocol):
    @property
    def effective_base_url(self) -> str: ...

    @property
    def api_version(self) -> str: ...


def is_azure_v1_url(base_url: str) -> bool:
    return base_url.rstrip("/").endswith(AZURE_V1_PATH)


def client_route(profile: RoutedProfile, *, azure: bool | None = None) -> ClientRoute:
    """Where and how ``profile``'s requests go (``azure`` overrides the profile's kind)."""
    if azure is None:
        azure = getattr(getattr(profile, "kind", None), "value", None) == "azure"
    base_url = profile.effective_base_url.rstrip("/")
    if not azure:
        return ClientRoute(ClientStyle.OPENAI, base_url)
    version = profile.api_version.strip()
    if is_azure_v1_url(base_url) or version.lower() in AZURE_V1_VERSIONS:
        # An explicit .../openai/v1 URL wins over any api_version left in the profile (the editor's
        # default): the v1 API refuses api-version, and AzureOpenAI would add /openai to the path.
        if not is_azure_v1_url(base_url):
            base_url = base_url.removesuffix("/openai") + AZURE_V1_PATH
        return ClientRoute(ClientStyle.AZURE_V1, base_url, None, key_header="api-key")
    return ClientRoute(
        ClientStyle.AZURE_CLASSIC, base_url.removesuffix("/openai"), version, key_header="api-key"
    )

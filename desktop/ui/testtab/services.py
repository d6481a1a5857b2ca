"""What the test tab needs from the rest of the app, passed in explicitly (so it also runs alone).

The main window builds one :class:`TestTabServices` from the active profile and the editor's
document; tests build one from a local engine's client.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.dataset import Example, JSONObject
from desktop.providers.inference import Endpoint, ModelChoice, PromptFormat, endpoint_for_profile, list_models

if TYPE_CHECKING:
    import openai

    from desktop.providers.profiles import Profile
    from desktop.providers.secrets import SecretVault


@dataclass
class TestTabServices:
    """Dependencies of the test tab.

    - ``make_client``: an ``openai.OpenAI`` for the active profile. Called on a worker thread
      (reading the key from the keyring may be slow); may raise a ProviderError (no key).
    - ``endpoint``: the active profile's endpoint (for "copy as" and Azure deployments).
    - ``models``: the models to offer; defaults to listing the profile's models (on a worker thread).
    - ``validation_examples`` / ``selected_examples``: rows from the editor for batch evaluation.
    - ``save_example``: add a training record to the data set (an undoable step in the editor).
    - ``prompt_format``: the separator/ending of the data's prompts, for legacy completion models.
    - ``runs_folder``: where "Save run" proposes to save.
    """

    __test__ = False  # not a pytest test class, despite the name

    make_client: Callable[[], openai.OpenAI]
    endpoint: Callable[[], Endpoint] = Endpoint
    models: Callable[[], list[ModelChoice]] | None = None
    validation_examples: Callable[[], list[Example]] | None = None
    selected_examples: Callable[[], list[Example]] | None = None
    save_example: Callable[[JSONObject], None] | None = None
    prompt_format: Callable[[], PromptFormat] = PromptFormat
    runs_folder: Path | None = None

    def list_models(self) -> list[ModelChoice]:
        """The models to offer (call on a worker thread: it may ask the provider)."""
        if self.models is not None:
            return self.models()
        return list_models(self.make_client(), self.endpoint())

    @classmethod
    def for_profile(
        cls, active_profile: Callable[[], Profile], secrets: SecretVault, **extra: Any
    ) -> TestTabServices:
        """Services that always talk to the profile active at the time of each request.

        ``active_profile`` returns the profile to use (for the local engine: with the running
        engine's base URL); its key is read from ``secrets`` on the worker thread.
        """
        from desktop.providers.client import make_client

        def client() -> openai.OpenAI:
            profile = active_profile()
            return make_client(profile, secrets.get(profile.id))

        def endpoint() -> Endpoint:
            return endpoint_for_profile(active_profile())

        return cls(make_client=client, endpoint=endpoint, **extra)

"""The app's wiring: the provider layer's objects for the running app (profiles, secrets, uploads
ledger, local engine) in one :class:`ProviderServices`.

The app builds it once at start-up (:func:`create_provider_services`, in ``desktop.ui.app``) and
passes it down to the workbench, which hands each feature page what it needs; there is no global
instance. Creating it also registers the secrets' redactor with the ErrorHub and with logging, so no
key or token reaches an error message or a log.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStandardPaths, QTimer

from desktop.providers.client import make_client
from desktop.providers.local_engine import (
    HF_ENDPOINT_ENV,
    LocalEngineProcess,
    engine_token,
    hub_environment,
)
from desktop.providers.profiles import (
    LOCAL_PROFILE_ID,
    Profile,
    ProfileStore,
    ProviderKind,
    split_proxy_password,
)
from desktop.providers.redaction import Redactor, install_logging_redaction
from desktop.providers.secrets import (
    ProfileSecrets,
    SecretStore,
    SecretStoreUnavailable,
    SessionSecretStore,
)
from desktop.providers.training_runtime import RuntimeLayout, engine_launch
from desktop.providers.uploads import UploadLedger
from desktop.ui.background import error_hub

if TYPE_CHECKING:
    import openai


@dataclass
class ProviderServices:
    config_dir: Path
    data_dir: Path
    profiles: ProfileStore
    secrets: ProfileSecrets
    uploads: UploadLedger
    _engine: LocalEngineProcess | None = field(default=None, repr=False)
    _engine_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def redactor(self) -> Redactor:
        return self.secrets.redactor

    @property
    def local_engine(self) -> LocalEngineProcess | None:
        """The local engine process once :meth:`ensure_local_engine` made it (running or not)."""
        return self._engine

    def ensure_local_engine(self) -> LocalEngineProcess:
        """Start the local engine if it is not running; blocks (keyring, start-up): call off the UI thread."""
        with self._engine_lock:
            if self._engine is None:
                token = engine_token(self.secrets, LOCAL_PROFILE_ID)
                # With the training runtime set up, the engine runs on its Python (it can train).
                launch = engine_launch(RuntimeLayout(self.data_dir))
                self._engine = LocalEngineProcess(
                    self.data_dir / "engine",
                    token,
                    python=launch.python if launch else None,
                    engine_source=launch.engine_source if launch else None,
                    redactor=self.redactor,
                    environment=hub_environment(self._hf_endpoint(), self._hf_token()),
                )
            elif self._engine.environment.get(HF_ENDPOINT_ENV, "") != self._hf_endpoint().rstrip("/"):
                # The download source changed in the profile: the engine reads it when it starts.
                self._engine.set_environment(hub_environment(self._hf_endpoint(), self._hf_token()))
            engine = self._engine
            if engine.environment_changed:
                engine.stop()  # running jobs are saved and resume when it starts again
        engine.start()
        return engine

    def _hf_endpoint(self) -> str:
        """The download source of the app's own local engine (its profile's setting; "" = the hub)."""
        local = [p for p in self.profiles.profiles() if p.kind is ProviderKind.LOCAL and not p.base_url]
        chosen = next((p for p in local if p.id == LOCAL_PROFILE_ID), local[0] if local else None)
        return chosen.hf_endpoint.strip() if chosen is not None else ""

    def _hf_token(self) -> str | None:
        try:
            return self.secrets.hf_token()
        except SecretStoreUnavailable:
            return None  # the wizard asks for it (and sends it per download) when a model needs it

    def hf_token(self) -> str | None:
        """The Hugging Face token (keyring or this session); blocks. Raises SecretStoreUnavailable."""
        return self.secrets.hf_token()

    def set_hf_token(self, token: str, *, session_only: bool = False) -> None:
        """Keep the Hugging Face token (keyring, or this session) and give it to the app's engine.

        The running engine gets it with each download request; the next engine start gets it in its
        environment. Blocks (keyring): call off the UI thread. Raises SecretStoreUnavailable.
        """
        self.secrets.set_hf_token(token, session_only=session_only)
        with self._engine_lock:
            if self._engine is not None:
                self._engine.set_environment(hub_environment(self._hf_endpoint(), token or None))

    def connectable(self, profile: Profile, typed_secret: str = "") -> tuple[Profile, str | None]:
        """The profile as it can be connected to, and its secret; blocks: call off the UI thread.

        A local-engine profile without its own base URL is the app's engine: it is started and its
        URL and token are used. A secret just typed (not saved yet) wins over the stored one.
        """
        if profile.kind is ProviderKind.LOCAL and not profile.base_url:
            engine = self.ensure_local_engine()
            return engine.profile(profile), engine.token
        profile = self._with_proxy_password(profile)
        if typed_secret:
            self.secrets.redactor.add(typed_secret)
            return profile, typed_secret
        return profile, self.secrets.get(profile.id)

    def _with_proxy_password(self, profile: Profile) -> Profile:
        """The profile with its proxy password from the keyring, when the proxy names a user."""
        proxy, typed_password = split_proxy_password(profile.proxy)
        if typed_password:
            self.secrets.redactor.add(typed_password)
            return replace(profile, proxy=proxy, proxy_password=typed_password)
        if profile.proxy_password or "@" not in proxy:
            return profile
        return replace(profile, proxy_password=self.secrets.proxy_password(profile.id) or "")

    def client_for(self, profile: Profile | None = None) -> openai.OpenAI:
        """An openai client for ``profile`` (default: the active one); blocks: call off the UI thread.

        Raises ProviderError (no key, engine failed to start) or SecretStoreUnavailable (keyring).
        """
        connectable, secret = self.connectable(profile or self.profiles.active())
        return make_client(connectable, secret)

    def forget_local_engine(self) -> None:
        """Stop the local engine; the next use starts it anew (after the training runtime changed)."""
        with self._engine_lock:
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.stop()

    def shutdown(self) -> None:
        if self._engine is not None:
            self._engine.stop()


def default_config_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation))


def default_data_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def create_provider_services(
    config_dir: Path | None = None,
    data_dir: Path | None = None,
    secrets: ProfileSecrets | None = None,
) -> ProviderServices:
    """Build the services (profiles, secrets, ledger) and register secret redaction everywhere."""
    config_dir = config_dir or default_config_dir()
    data_dir = data_dir or default_data_dir()
    secrets = secrets or ProfileSecrets(SecretStore(), SessionSecretStore(), Redactor())
    error_hub().add_redactor(secrets.redactor.redact)
    install_logging_redaction(secrets.redactor.redact)
    services = ProviderServices(
        config_dir=config_dir,
        data_dir=data_dir,
        profiles=ProfileStore(config_dir),
        secrets=secrets,
        uploads=UploadLedger(config_dir),
    )
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(services.shutdown)
    damaged = services.profiles.damaged
    if damaged is not None:
        # Told through the one error path, once the event loop runs (the window is listening by then).
        where = QCoreApplication.translate("ProviderServices", "Provider profiles")
        QTimer.singleShot(0, lambda: error_hub().report(where, damaged))
    return services

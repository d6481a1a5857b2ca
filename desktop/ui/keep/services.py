"""What the keep page needs from the rest of the app, passed in explicitly (so it also runs alone)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.catalog import Catalog, load_catalog
from desktop.providers.profiles import Profile
from desktop.providers.uploads import UploadLedger

if TYPE_CHECKING:
    from desktop.ui.services import ProviderServices


@dataclass
class KeepServices:
    """Dependencies of the keep page.

    - ``profiles``: the provider profiles to choose from (source and retraining target).
    - ``make_client``: an ``openai.OpenAI`` for a profile. Called on a worker thread (reading a key
      from the keyring or starting the local engine may be slow); may raise a ProviderError.
    - ``catalog``: the model catalog (days left); ``today``: the date to count days from.
    - ``ledger``: remembers uploads so retraining twice does not upload the same file twice.
    - ``folder``: where the folder dialogs start.
    """

    profiles: Callable[[], list[Profile]]
    make_client: Callable[[Profile], Any]
    catalog: Callable[[], Catalog] = load_catalog
    today: Callable[[], date] = date.today
    ledger: UploadLedger | None = None
    folder: Path = field(default_factory=Path.home)


def keep_services_for(services: ProviderServices) -> KeepServices:
    """The keep page's dependencies from the app's provider services (profiles, keyring, engine, ledger)."""
    return KeepServices(
        profiles=services.profiles.profiles,
        make_client=services.client_for,
        catalog=lambda: load_catalog(services.config_dir),
        ledger=services.uploads,
        folder=Path.home(),
    )

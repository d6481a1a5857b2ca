"""The keep page built from the app's provider services: the user's profiles, the local engine first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.providers.keep.workflows import public_base_url
from desktop.providers.profiles import LOCAL_PROFILE_ID, Profile, ProviderKind
from desktop.providers.secrets import ProfileSecrets, SecretStore, SessionSecretStore
from desktop.ui.keep.page import KeepPage
from desktop.ui.keep.services import keep_services_for
from desktop.ui.services import ProviderServices, create_provider_services


@pytest.fixture
def provider_services(tmp_path: Path) -> Iterator[ProviderServices]:
    made = create_provider_services(
        tmp_path / "config", tmp_path / "data", ProfileSecrets(SecretStore(timeout=5), SessionSecretStore())
    )
    yield made
    made.shutdown()


def test_the_page_offers_the_users_profiles(qtbot: QtBot, provider_services: ProviderServices) -> None:
    provider_services.profiles.save(Profile.create("Work OpenAI", ProviderKind.OPENAI))
    services = keep_services_for(provider_services)
    assert services.ledger is provider_services.uploads
    assert services.catalog().find("gpt-4o-mini", "openai") is not None
    page = KeepPage(services)
    qtbot.addWidget(page)
    names = [page.profile.itemText(i) for i in range(page.profile.count())]
    assert len(names) == 2 and "Work OpenAI" in names
    assert page.profile.itemData(0) == LOCAL_PROFILE_ID
    assert page.refresh_button.isEnabled() and page.export_button.isEnabled()
    assert not page.golden_button.isEnabled() and not page.retrain_button.isEnabled()


def test_a_password_in_the_base_url_is_not_written_into_an_export() -> None:
    profile = Profile.create("Proxy", ProviderKind.COMPATIBLE, base_url="https://user:secret@example.com/v1/")
    assert public_base_url(profile) == "https://example.com/v1"

"""The local engine profile's model download source (a Hugging Face mirror) in the providers dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.providers.profiles import LOCAL_PROFILE_ID, ProviderKind
from desktop.providers.redaction import Redactor
from desktop.providers.secrets import ProfileSecrets, SessionSecretStore
from desktop.ui.profiles.dialog import ProfilesDialog
from desktop.ui.services import ProviderServices, create_provider_services


@pytest.fixture
def services(tmp_path: Path) -> Iterator[ProviderServices]:
    secrets = ProfileSecrets(SessionSecretStore(), SessionSecretStore(), Redactor())
    made = create_provider_services(tmp_path / "config", tmp_path / "data", secrets)
    yield made
    made.shutdown()


def test_the_download_source_is_set_on_the_local_profile(qtbot: QtBot, services: ProviderServices) -> None:
    dialog = ProfilesDialog(services)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.tasks)
    editor = dialog.editor
    assert editor.kind() is ProviderKind.LOCAL
    assert editor.form.isRowVisible(editor.hf_endpoint_edit)
    editor.hf_endpoint_edit.setText("hf-mirror.com")
    assert not dialog.save_current()  # not a web address: said, not saved
    assert "download source" in dialog.problems_label.text()
    editor.hf_endpoint_edit.setText("https://hf-mirror.com")
    assert dialog.save_current()
    qtbot.waitUntil(lambda: not dialog.tasks, timeout=20_000)
    assert services.profiles.get(LOCAL_PROFILE_ID).hf_endpoint == "https://hf-mirror.com"
    assert services._hf_endpoint() == "https://hf-mirror.com"  # what the engine is started with

    dialog.add_profile(ProviderKind.OPENAI)
    assert not editor.form.isRowVisible(editor.hf_endpoint_edit)
    assert editor.edited_profile().hf_endpoint == ""

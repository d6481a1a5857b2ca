"""The seed's prompt/completion data trains as it is on the local engine, and step 1 never says the
data can be used when step 2 would refuse every model of the provider."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.core.dataset import ExampleKind
from desktop.core.readers import open_dataset
from desktop.providers.finetune import LiveModel
from desktop.providers.profiles import Profile, ProviderKind
from desktop.ui.wizard import services
from desktop.ui.wizard.data_page import DataPage
from desktop.ui.wizard.data_source import DatasetData
from desktop.ui.wizard.services import WizardServices
from desktop.ui.wizard.state import WizardState

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "samples" / "sample_prompt_completion.jsonl"


def _data_page(qtbot: QtBot, profile: Profile) -> DataPage:
    dataset = open_dataset(SAMPLE).dataset
    assert dataset.kind is ExampleKind.PROMPT_COMPLETION
    state = WizardState(
        DatasetData(dataset), WizardServices([profile], lambda p: None, active_profile_id=profile.id)
    )
    page = DataPage(state)
    qtbot.addWidget(page)
    page.initializePage()
    qtbot.waitUntil(lambda: state.analysis is not None and not page.is_running, timeout=60_000)
    return page


def test_the_seed_is_usable_on_the_local_engine_and_every_engine_model_takes_it(qtbot: QtBot) -> None:
    page = _data_page(qtbot, Profile.local_engine())
    assert "can be used" in page.status_label.text()
    rows = services.model_rows(
        Profile.local_engine(),
        page._state.data.dataset,
        page._state.analysis,
        [LiveModel("tiny-random", {"id": "tiny-random", "owned_by": "system"})],
    )
    assert rows and all(row.usable for row in rows)


def test_step_one_says_so_when_no_model_of_the_provider_takes_the_data(qtbot: QtBot) -> None:
    azure = Profile.create("Azure", ProviderKind.AZURE, base_url="https://example.openai.azure.com/")
    page = _data_page(qtbot, azure)
    text = page.status_label.text()
    assert "can be used" not in text
    assert "no model of Azure can train on it" in text and "local engine" in text
    assert page.isComplete()  # not an error in the data: the next page offers the way out

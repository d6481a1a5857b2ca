from __future__ import annotations

import socket

from pytestqt.qtbot import QtBot

from desktop.core.dataset import Dataset, Example, ExampleKind
from desktop.providers.client import make_client
from desktop.providers.profiles import Profile, ProviderKind
from desktop.ui.wizard.data_source import DatasetData
from desktop.ui.wizard.model_page import ModelPage
from desktop.ui.wizard.models_model import Column
from desktop.ui.wizard.state import WizardState


def _closed_port() -> int:
    # A port nobody listens on: the live model list fails at once, and the catalog remains.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _openai_profile() -> Profile:
    return Profile.create(
        "OpenAI (test)", ProviderKind.OPENAI, base_url=f"http://127.0.0.1:{_closed_port()}/v1", max_retries=0
    )


def _page(qtbot: QtBot, dataset: Dataset, profile: Profile) -> ModelPage:
    state = WizardState(DatasetData(dataset), [profile], lambda p: make_client(p, "sk-test-not-real"))
    page = ModelPage(state)
    qtbot.addWidget(page)
    page.initializePage()
    qtbot.waitUntil(lambda: not page.is_loading, timeout=30_000)
    return page


def test_incompatible_models_are_greyed_with_the_reason(qtbot: QtBot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    completions = Dataset(
        ExampleKind.PROMPT_COMPLETION,
        [Example({"prompt": f"q{i} ->", "completion": f" a{i}\n"}) for i in range(12)],
    )
    page = _page(qtbot, completions, _openai_profile())
    qtmodeltester.check(page.models)
    rows = {r.model_id: r for r in page.models.rows}
    assert rows["babbage-002"].usable and rows["davinci-002"].usable
    gpt = rows["gpt-4.1-mini-2025-04-14"]
    assert not gpt.usable
    assert "prompt/completion" in (gpt.incompatibility or "") or "Prompt" in (gpt.incompatibility or "")
    row = page.models.row_of(gpt.model_id)
    assert row is not None
    index = page.models.index(row, Column.NOTE)
    assert page.models.data(index) == gpt.incompatibility
    assert not (page.models.flags(index) & page.models.flags(index).ItemIsEnabled)
    # Usable models are listed first.
    assert page.models.model_row(0).usable
    # Greyed models cannot be chosen; usable ones can, and their retirement is announced.
    assert not page.select_model(gpt.model_id)
    assert not page.isComplete()
    assert page.select_model("babbage-002")
    assert page.isComplete()
    assert "2027-01-06" in page.warning_label.text()
    assert "2027-01-06" in page.provider_note.text()
    # The live list failed (nothing listens there): said so, catalog still shown.
    assert "catalog only" in page.live_status.text()

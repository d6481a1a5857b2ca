from __future__ import annotations

import socket

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop.core.dataset import Dataset, Example, ExampleKind
from desktop.providers.client import make_client
from desktop.providers.finetune import LiveModel
from desktop.providers.profiles import Profile, ProviderKind
from desktop.ui.wizard.data_source import DatasetData
from desktop.ui.wizard.model_page import ModelPage
from desktop.ui.wizard.models_model import Column
from desktop.ui.wizard.services import WizardServices
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
    state = WizardState(
        DatasetData(dataset), WizardServices([profile], lambda p: make_client(p, "sk-test-not-real"))
    )
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


def test_converting_the_data_makes_chat_models_usable(qtbot: QtBot) -> None:
    from desktop.ui.document import DatasetDocument
    from desktop.ui.wizard.data_source import DocumentData
    from desktop.ui.wizard.wizard import FineTuneWizard

    document = DatasetDocument(
        Dataset(
            ExampleKind.PROMPT_COMPLETION,
            [
                Example({"prompt": f"问题 {i} ->", "completion": f" 回答 {i}\n"}, source_row=i + 2)
                for i in range(12)
            ],
        )
    )
    profile = _openai_profile()
    wizard = FineTuneWizard(
        DocumentData(document), WizardServices([profile], lambda p: make_client(p, "sk-test-not-real"))
    )
    qtbot.addWidget(wizard)
    wizard.show()
    data_page = wizard.data_page
    qtbot.waitUntil(data_page.isComplete, timeout=60_000)
    wizard.next()
    page = wizard.model_page
    qtbot.waitUntil(lambda: not page.is_loading, timeout=30_000)
    assert not page.select_model("gpt-4.1-mini-2025-04-14")
    assert page.convert_button.isVisible() and "chat" in page.convert_button.text()

    page.convert_button.click()
    qtbot.waitUntil(lambda: getattr(data_page, "preview_dialog", None) is not None, timeout=30_000)
    dialog = data_page.preview_dialog
    assert "changes: 12" in dialog.touched_label.text()
    system_prompt = dialog.findChild(QLineEdit)
    assert system_prompt is not None
    system_prompt.setText("你是客服助手。")
    system_prompt.editingFinished.emit()
    qtbot.waitUntil(lambda: "你是客服助手" in dialog.preview_view.toPlainText(), timeout=30_000)
    dialog.accept()
    qtbot.waitUntil(lambda: document.kind is ExampleKind.CHAT, timeout=30_000)
    assert document.examples[0].peek()["messages"][0] == {"role": "system", "content": "你是客服助手。"}
    assert document.undo_stack.count() == 1
    qtbot.waitUntil(lambda: page.select_model("gpt-4.1-mini-2025-04-14"), timeout=60_000)
    # Now babbage-002/davinci-002 are the greyed ones, and the way back is offered.
    assert "prompt/completion" in page.convert_button.text()


def test_models_too_small_for_the_longest_example_or_retired_are_greyed() -> None:
    from datetime import date, timedelta

    from desktop.core.catalog import load_catalog, model_from_dict
    from desktop.core.findings import Analysis, Summary
    from desktop.ui.wizard import services

    yesterday = (date.today() - timedelta(days=1)).isoformat()
    retired = model_from_dict(
        {
            "provider": "openai",
            "id": "gpt-old-test",
            "formats": ["chat"],
            "methods": ["supervised"],
            "max_example_tokens": 200_000,
            "status": {"state": "retired", "shutdown": yesterday},
        }
    )
    catalog = load_catalog().with_models([retired])
    chat = Dataset(ExampleKind.CHAT, [Example({"messages": [{"role": "user", "content": "hi"}]})])
    analysis = Analysis([], Summary(examples=1, max_tokens=70_000))
    rows = {r.model_id: r for r in services.model_rows(_openai_profile(), chat, analysis, None, catalog)}
    too_small = rows["gpt-4.1-mini-2025-04-14"]
    assert not too_small.usable and "70,000" in (too_small.incompatibility or "")
    assert "65,536" in (too_small.incompatibility or "")
    # a shut-down model is never offered...
    assert "gpt-old-test" not in rows and "gpt-4.1-nano-2025-04-14" not in rows
    # ...and a fine-tune the provider still lists on a shut-down base is flagged, not trainable
    live = [
        LiveModel("ft:gpt-4.1-nano-2025-04-14:acme::abc", {}),
        LiveModel("ft:gpt-old-test:acme::abc", {}),
    ]
    rows = {r.model_id: r for r in services.model_rows(_openai_profile(), chat, analysis, live, catalog)}
    for model_id in ("ft:gpt-4.1-nano-2025-04-14:acme::abc", "ft:gpt-old-test:acme::abc"):
        assert not rows[model_id].usable and "shut down" in (rows[model_id].incompatibility or "")


def test_the_only_usable_model_is_chosen_for_the_user(qtbot: QtBot, fresh_engine) -> None:  # type: ignore[no-untyped-def]
    # A server that lists one base model (the engine reached as an OpenAI-compatible URL, so the
    # generic table lists its /v1/models): nothing to decide, so it is selected.
    chat = Dataset(
        ExampleKind.CHAT,
        [
            Example(
                {"messages": [{"role": "user", "content": f"问 {i}"}, {"role": "assistant", "content": "答"}]}
            )
            for i in range(12)
        ],
    )
    profile = Profile.create("Compatible", ProviderKind.COMPATIBLE, base_url=fresh_engine.base_url)
    state = WizardState(
        DatasetData(chat), WizardServices([profile], lambda p: make_client(p, fresh_engine.token))
    )
    page = ModelPage(state)
    qtbot.addWidget(page)
    page.initializePage()
    qtbot.waitUntil(lambda: not page.is_loading, timeout=30_000)
    usable = [r for r in range(page.models.rowCount()) if page.models.model_row(r).usable]
    assert len(usable) == 1
    qtbot.waitUntil(lambda: state.model is not None, timeout=10_000)
    assert state.model is not None and state.model.model_id == page.models.model_row(usable[0]).model_id
    assert page.isComplete()

"""From the sample data to a trained, tested model on the local engine, through the real wizard.

The app's own services start the real engine (``python -m engine serve``) with the local profile's
download source pointing at the stand-in Hugging Face hub (tests/support/fake_hub.py), which the
engine's unmodified ``huggingface_hub`` downloads from. On the model page: the recommended models
with size, download state, fit and time; a wrong id; a hub model looked up, downloaded with a
progress bar, cancelled half-way and resumed; a gated model that asks for the token, which then goes
to the keyring layer (this session's store here) and the download goes through. Then tiny-random is
trained with every value on auto, and the method page, the review page and the job agree on epochs
and batch size; the trained model answers.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desktop.core.readers import open_dataset
from desktop.providers.profiles import LOCAL_PROFILE_ID
from desktop.providers.redaction import Redactor
from desktop.providers.secrets import HF_TOKEN_ENTRY, ProfileSecrets, SessionSecretStore
from desktop.ui.document import DatasetDocument
from desktop.ui.services import ProviderServices, create_provider_services
from desktop.ui.wizard.data_source import DocumentData
from desktop.ui.wizard.local_models import LocalModelsPanel
from desktop.ui.wizard.local_models_model import LocalColumn
from desktop.ui.wizard.services import WizardServices
from desktop.ui.wizard.wizard import FineTuneWizard

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "samples" / "sample_prompt_completion.jsonl"
GOOD_TOKEN = "hf_" + "GrantedAccessForTheWizardTest42"
CHAT_MODEL = "test-org/tiny-chatml"
GATED_MODEL = "test-org/gated-tiny"
TEXTS = ["你觉得orangbus怎么样", "帅，非常帅", "What is Finetune Desk?", "A desktop app."]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[ProviderServices, Any]]:
    from tests.support.fake_hub import make_model_folder, running_hub

    # 300 kB/s: the 1.1 MB test model takes a few seconds, long enough to watch and cancel.
    with running_hub(tokens=[GOOD_TOKEN], throttle=300_000) as hub:
        hub.add(CHAT_MODEL, make_model_folder(tmp_path / "hub" / "chat", TEXTS, "chatml"))
        hub.add(GATED_MODEL, make_model_folder(tmp_path / "hub" / "gated", TEXTS, "own", seed=1), gated=True)
        secrets = ProfileSecrets(SessionSecretStore(), SessionSecretStore(), Redactor())
        services = create_provider_services(tmp_path / "config", tmp_path / "data", secrets)
        local = services.profiles.get(LOCAL_PROFILE_ID)
        local.hf_endpoint = hub.endpoint  # the profile's download source (a mirror, for users in China)
        services.profiles.save(local)
        try:
            yield services, hub
        finally:
            services.shutdown()


def _next_enabled(wizard: QWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def _text(panel: LocalModelsPanel, model_id: str, column: LocalColumn) -> str:
    row = panel.models.row_of(model_id)
    assert row is not None, model_id
    return str(panel.models.index(row, column).data())


def test_from_the_sample_to_a_trained_model_on_the_local_engine(
    qtbot: QtBot,
    qtmodeltester: Any,
    app: tuple[ProviderServices, Any],
) -> None:
    services, hub = app
    document = DatasetDocument(open_dataset(SAMPLE).dataset)
    wizard = FineTuneWizard(
        DocumentData(document),
        WizardServices(
            services.profiles.profiles(),
            services.client_for,
            active_profile_id=LOCAL_PROFILE_ID,
            upload_ledger=services.uploads,
            hub_tokens=services,
        ),
    )
    # The test closes it at the end without the "throw your choices away?" question.
    wizard.confirm_close = lambda: True  # type: ignore[method-assign]
    qtbot.addWidget(wizard)
    wizard.show()

    # 1. The sample's prompt/completion data is fine as it is.
    data_page = wizard.data_page
    qtbot.waitUntil(lambda: wizard.state.analysis is not None and not data_page.is_running, timeout=60_000)
    assert "can be used" in data_page.status_label.text()
    wizard.next()

    # 2. The local engine's models: recommended ones to download, tiny-random as the test model.
    page = wizard.model_page
    panel = page.local_panel
    assert panel.isVisible() and not page.table.isVisible()
    qtbot.waitUntil(lambda: not panel.is_loading and panel.models.rowCount() > 1, timeout=120_000)
    qtmodeltester.check(panel.models)
    ids = [row.model_id for row in panel.models.rows]
    assert "Qwen/Qwen2.5-0.5B-Instruct" in ids and ids[-1] == "tiny-random"
    assert "test model" in _text(panel, "tiny-random", LocalColumn.MODEL)
    assert _text(panel, "Qwen/Qwen2.5-0.5B-Instruct", LocalColumn.STATE).startswith("download ")
    assert "GB" in _text(panel, "Qwen/Qwen2.5-7B-Instruct", LocalColumn.STATE)
    verdict = _text(panel, "Qwen/Qwen2.5-0.5B-Instruct", LocalColumn.FIT).split(" · ")[0]
    assert verdict in ("yes", "tight", "no")
    assert _text(panel, "tiny-random", LocalColumn.TIME).startswith("≈")  # this data on this machine

    # An id the hub does not know: said plainly, nothing added.
    panel.other_button.click()
    assert panel.hub_row.isVisible()
    panel.look_up("test-org/no-such-model")
    qtbot.waitUntil(lambda: not panel.is_looking_up, timeout=60_000)
    assert "no model named" in panel.progress_label.text()
    assert panel.models.row_of("test-org/no-such-model") is None

    # A hub model: looked up, downloaded with progress, cancelled half-way, then finished.
    panel.look_up(CHAT_MODEL)
    qtbot.waitUntil(lambda: not panel.is_looking_up, timeout=60_000)
    selected = panel.selected_row()
    assert selected is not None and selected.model_id == CHAT_MODEL
    assert _text(panel, CHAT_MODEL, LocalColumn.STATE).startswith("download ")
    assert panel.download_button.isEnabled()
    progress: list[int] = []
    panel.progress_bar.valueChanged.connect(progress.append)
    panel.download_button.click()
    assert panel.is_downloading and panel.cancel_button.isVisible()
    qtbot.waitUntil(lambda: any(500 < value < 1000 for value in progress), timeout=60_000)
    assert "downloading" in _text(panel, CHAT_MODEL, LocalColumn.STATE)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: not panel.is_downloading, timeout=60_000)
    assert "cancelled" in panel.progress_label.text()
    assert _text(panel, CHAT_MODEL, LocalColumn.STATE).startswith("download ")
    panel.start_download(CHAT_MODEL)
    qtbot.waitUntil(lambda: not panel.is_downloading, timeout=120_000)
    assert "ready to train" in panel.progress_label.text(), panel.progress_label.text()
    assert _text(panel, CHAT_MODEL, LocalColumn.STATE) == "downloaded"
    assert any(r.range for r in hub.file_requests(CHAT_MODEL))  # the second try resumed
    assert _next_enabled(wizard)

    # A gated model: looking it up without a token, the page explains how to get access and asks
    # for the token; with it, the model is listed, and must be downloaded here before going on.
    panel.look_up(GATED_MODEL)
    qtbot.waitUntil(lambda: not panel.is_looking_up, timeout=60_000)
    assert panel.gated_box.isVisible()
    assert "huggingface.co/" + GATED_MODEL in panel.gated_label.text()
    assert "settings/tokens" in panel.gated_label.text()
    panel.token_edit.setText(GOOD_TOKEN)
    panel.token_button.click()
    qtbot.waitUntil(lambda: panel.models.row_of(GATED_MODEL) is not None, timeout=60_000)
    assert panel.gated_box.isHidden()
    assert services.secrets.get(HF_TOKEN_ENTRY) == GOOD_TOKEN  # kept by the secrets layer, no file
    selected = panel.selected_row()
    assert selected is not None and selected.model_id == GATED_MODEL
    assert "needs access" in _text(panel, GATED_MODEL, LocalColumn.STATE)
    assert not _next_enabled(wizard)
    assert "Download it here" in panel.detail_label.text()
    panel.download_button.click()
    qtbot.waitUntil(lambda: not panel.is_downloading, timeout=120_000)
    assert "ready to train" in panel.progress_label.text(), panel.progress_label.text()
    assert _next_enabled(wizard)
    assert not any(GOOD_TOKEN in p.read_text(errors="ignore") for p in services.config_dir.rglob("*.json"))

    # tiny-random trains in seconds: the rest of the walk uses it.
    assert page.select_model("tiny-random")
    assert _next_enabled(wizard)
    wizard.next()

    # 3. Method: the engine's own settings, and what "auto" comes to for this data.
    method = wizard.method_page
    assert method.engine_group.isVisible()
    settings = wizard.state.settings
    qtbot.waitUntil(lambda: not wizard.engine_planner.is_busy and bool(settings.resolved), timeout=60_000)
    epochs = wizard.state.settings.resolved["n_epochs"]
    batch_size = wizard.state.settings.resolved["batch_size"]
    assert method.epochs.resolved_label.text() == f"→ {epochs} for this data"
    assert method.batch_size.resolved_label.text() == f"→ {batch_size} for this data"
    assert "training steps" in method.plan_label.text()
    wizard.next()

    # 4. Review: the same epochs and batch size, sent in the request.
    review = wizard.review_page
    qtbot.waitUntil(lambda: review.files is not None, timeout=30_000)
    hyperparameters = json.loads(review.request_view.toPlainText())["method"]["supervised"]["hyperparameters"]
    assert hyperparameters["n_epochs"] == epochs and hyperparameters["batch_size"] == batch_size
    assert f"{epochs} (auto)" in review.estimate_label.text()
    assert f"{batch_size} (auto)" in review.estimate_label.text()
    wizard.next()

    # 5. Start: the job runs with the same numbers, trains, and the model answers.
    start = wizard.start_page
    qtbot.waitUntil(lambda: wizard.state.data_blocker is None, timeout=60_000)  # tokens recounted
    start.start_button.click()
    qtbot.waitUntil(lambda: not start.is_running, timeout=60_000)
    assert start.job_id is not None, start.message_label.text()
    client = services.client_for(services.profiles.get(LOCAL_PROFILE_ID))
    job = client.fine_tuning.jobs.retrieve(start.job_id)
    assert job.method is not None and job.method.supervised is not None
    used = job.method.supervised.hyperparameters
    assert used is not None and used.n_epochs == epochs and used.batch_size == batch_size
    deadline = time.monotonic() + 300
    while job.status not in ("succeeded", "failed", "cancelled") and time.monotonic() < deadline:
        qtbot.wait(500)
        job = client.fine_tuning.jobs.retrieve(start.job_id)
    assert job.status == "succeeded", job.error
    # Prompt/completion data: the model is asked the way it was taught.
    answer = client.completions.create(
        model=str(job.fine_tuned_model), prompt="你觉得orangbus怎么样", max_tokens=16, temperature=0
    )
    assert answer.choices[0].text.strip()

"""The method page's local-engine settings and the engine's plan shown on the method page."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.core.dataset import Dataset, Example, ExampleKind
from desktop.providers.engine_models import Fit, FitVerdict, TrainingEstimate
from desktop.providers.job_request import build_job_request
from desktop.providers.profiles import Profile, ProviderKind
from desktop.ui.wizard.data_source import DatasetData
from desktop.ui.wizard.engine_plan import EnginePlan
from desktop.ui.wizard.method_page import MethodPage
from desktop.ui.wizard.services import WizardServices
from desktop.ui.wizard.state import ChosenModel, WizardState


def _prompt_completion(rows: int = 12) -> Dataset:
    return Dataset(
        ExampleKind.PROMPT_COMPLETION,
        [Example({"prompt": f"问题 {i}", "completion": f"回答 {i}"}) for i in range(rows)],
    )


def _page(qtbot: QtBot, profile: Profile) -> tuple[MethodPage, WizardState]:
    state = WizardState(DatasetData(_prompt_completion()), WizardServices([profile], lambda profile: None))
    state.set_model(profile, ChosenModel("tiny-random", supports_dpo=True))
    page = MethodPage(state)
    qtbot.addWidget(page)
    page.initializePage()
    return page, state


def test_local_engine_settings_are_sent_to_the_local_engine_only(qtbot: QtBot) -> None:
    page, state = _page(qtbot, Profile.local_engine())
    assert page.engine_group.isVisibleTo(page)
    assert page.checkpointing_combo.isHidden()  # advanced, folded away
    page.advanced_check.setChecked(True)
    assert page.checkpointing_combo.isVisibleTo(page)
    request = build_job_request("tiny-random", state.settings, "file-1", None)
    hyperparameters = request["method"]["supervised"]["hyperparameters"]
    assert hyperparameters["lora_rank"] == "auto"
    assert hyperparameters["max_seq_length"] == "auto"
    assert hyperparameters["gradient_checkpointing"] == "auto"

    page.lora_rank.auto.setChecked(False)
    page.lora_rank_spin.setValue(32)
    page.max_length.auto.setChecked(False)
    page.max_length_spin.setValue(512)
    page.checkpointing_combo.setCurrentIndex(page.checkpointing_combo.findData(True))
    hyperparameters = state.settings.hyperparameters()
    assert hyperparameters["lora_rank"] == 32
    assert hyperparameters["max_seq_length"] == 512
    assert hyperparameters["gradient_checkpointing"] is True

    openai_profile = Profile.create("OpenAI", ProviderKind.OPENAI)
    page, state = _page(qtbot, openai_profile)
    assert not page.engine_group.isVisibleTo(page)
    assert "lora_rank" not in state.settings.hyperparameters()


def test_the_engine_plan_shows_what_auto_comes_to(qtbot: QtBot) -> None:
    page, state = _page(qtbot, Profile.local_engine())
    state.set_engine_plan(EnginePlan("tiny-random", loading=True))
    assert "Asking" in page.plan_label.text()
    estimate = TrainingEstimate(
        hyperparameters={"n_epochs": 9, "batch_size": 4, "learning_rate_multiplier": 1.0, "lora_rank": 8},
        total_steps=27,
        estimated_seconds=95.0,
        fits=Fit("cpu", "CPU", 8 << 30, 1 << 30, FitVerdict.OK),
    )
    state.settings.resolved = {"n_epochs": 9, "batch_size": 4}
    state.set_engine_plan(EnginePlan("tiny-random", estimate=estimate))
    assert page.epochs.resolved_label.text() == "→ 9 for this data"
    assert page.batch_size.resolved_label.text() == "→ 4 for this data"
    assert page.lora_rank.resolved_label.isVisibleTo(page)
    text = page.plan_label.text()
    assert "27 training steps" in text and "2 min" in text and "fits in memory" in text
    # The request sends the resolved numbers, so the job runs with what the page shows.
    hyperparameters = state.settings.hyperparameters()
    assert hyperparameters["n_epochs"] == 9 and hyperparameters["batch_size"] == 4
    assert state.settings.estimate_hyperparameters()["n_epochs"] == "auto"
    # A value the user sets wins, and its "auto" hint is hidden.
    page.epochs.auto.setChecked(False)
    page.epochs_spin.setValue(2)
    assert state.settings.hyperparameters()["n_epochs"] == 2
    assert not page.epochs.resolved_label.isVisibleTo(page)

    state.set_engine_plan(EnginePlan("tiny-random", error="The engine is not running."))
    assert "could not estimate" in page.plan_label.text()
    assert page.batch_size.resolved_label.text() == ""

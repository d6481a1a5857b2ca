from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from desktop.core.dataset import Dataset, Example, ExampleKind, Split
from desktop.providers.job_request import (
    TrainingMethod,
    TrainingSettings,
    build_job_request,
    suffix_problem,
    upload_files,
)
from desktop.ui.wizard.data_source import DatasetData
from desktop.ui.wizard.method_page import MethodPage
from desktop.ui.wizard.services import WizardServices
from desktop.ui.wizard.state import ChosenModel, WizardState


def _chat_dataset(rows: int = 12, validation_rows: int = 0) -> Dataset:
    examples = [
        Example(
            {
                "messages": [
                    {"role": "user", "content": f"问题 {i}"},
                    {"role": "assistant", "content": f"回答 {i}"},
                ]
            },
            source_row=i + 1,
            split=Split.VALIDATION if i < validation_rows else Split.TRAIN,
        )
        for i in range(rows)
    ]
    return Dataset(ExampleKind.CHAT, examples)


def _page(qtbot: QtBot, dataset: Dataset, model: ChosenModel) -> tuple[MethodPage, WizardState]:
    state = WizardState(DatasetData(dataset), WizardServices([], lambda profile: None))
    state.set_model(None, model)
    page = MethodPage(state)
    qtbot.addWidget(page)
    page.initializePage()
    return page, state


def test_suffix_is_validated_for_length_and_characters(qtbot: QtBot) -> None:
    page, state = _page(qtbot, _chat_dataset(), ChosenModel("tiny-random", supports_dpo=True))
    assert page.isComplete()
    page.suffix_edit.setText("x" * 65)
    assert not page.isComplete()
    assert page.suffix_problem_label.isVisibleTo(page)
    assert "65" in page.suffix_problem_label.text()
    page.suffix_edit.setText("客服:v2")
    assert not page.isComplete()
    page.suffix_edit.setText("support-bot_v2." + "x" * 49)
    assert len(page.suffix_edit.text()) == 64
    assert page.isComplete()
    assert not page.suffix_problem_label.isVisibleTo(page)
    assert state.settings.suffix == page.suffix_edit.text()


def test_dpo_only_for_preference_pairs_on_a_model_that_supports_it(qtbot: QtBot) -> None:
    page, state = _page(qtbot, _chat_dataset(), ChosenModel("tiny-random", supports_dpo=True))
    assert page.sft_button.isChecked() and not page.dpo_button.isEnabled()
    assert state.settings.method is TrainingMethod.SUPERVISED
    assert page.beta.isHidden()

    pairs = Dataset(
        ExampleKind.PREFERENCE,
        [
            Example(
                {
                    "input": {"messages": [{"role": "user", "content": "hi"}]},
                    "preferred_output": [{"role": "assistant", "content": "hello"}],
                    "non_preferred_output": [{"role": "assistant", "content": "go away"}],
                }
            )
        ],
    )
    page, state = _page(qtbot, pairs, ChosenModel("gpt-4.1-mini", supports_dpo=True))
    assert page.dpo_button.isChecked() and not page.sft_button.isEnabled()
    assert state.settings.method is TrainingMethod.DPO
    page.beta.auto.setChecked(False)
    page.beta_spin.setValue(0.25)
    assert state.settings.hyperparameters()["beta"] == 0.25

    page, state = _page(qtbot, pairs, ChosenModel("gpt-3.5-turbo", supports_dpo=False))
    assert not page.isComplete()
    assert "DPO" in page.method_reason.text()


def test_hyperparameters_reach_the_request(qtbot: QtBot) -> None:
    page, state = _page(
        qtbot, _chat_dataset(validation_rows=2), ChosenModel("tiny-random", supports_dpo=False)
    )
    page.epochs.auto.setChecked(False)
    page.epochs_spin.setValue(2)
    page.learning_rate.auto.setChecked(False)
    page.lr_spin.setValue(0.5)
    page.seed_check.setChecked(True)
    page.seed_spin.setValue(7)
    page.suffix_edit.setText("kefu")
    assert page.validation_check.isEnabled()
    page.validation_check.setChecked(True)
    request = build_job_request("tiny-random", state.settings, "file-a", "file-b")
    assert request == {
        "model": "tiny-random",
        "training_file": "file-a",
        "validation_file": "file-b",
        "suffix": "kefu",
        "seed": 7,
        "method": {
            "type": "supervised",
            "supervised": {
                "hyperparameters": {"n_epochs": 2, "batch_size": "auto", "learning_rate_multiplier": 0.5}
            },
        },
    }


def test_validation_needs_rows_marked_for_it(qtbot: QtBot) -> None:
    page, state = _page(qtbot, _chat_dataset(), ChosenModel("tiny-random", supports_dpo=False))
    assert not page.validation_check.isEnabled()
    assert not state.settings.use_validation


def test_upload_files_follow_the_split() -> None:
    dataset = _chat_dataset(rows=12, validation_rows=3)
    with_validation = upload_files(dataset, use_validation=True)
    assert [(f.purpose_split, f.rows) for f in with_validation] == [(Split.TRAIN, 9), (Split.VALIDATION, 3)]
    lines = with_validation[1].content.decode("utf-8").splitlines()
    assert json.loads(lines[0])["messages"][0]["content"] == "问题 0"
    assert "问题" in lines[0]  # Chinese kept readable, not \\u-escaped
    without = upload_files(dataset, use_validation=False)
    assert [(f.purpose_split, f.rows) for f in without] == [(Split.TRAIN, 12)]


def test_suffix_rules() -> None:
    assert suffix_problem("") is None
    assert suffix_problem("a" * 64) is None
    assert suffix_problem("a" * 65) is not None
    assert suffix_problem("has space") is not None
    settings = TrainingSettings(method=TrainingMethod.DPO, beta=None)
    assert settings.hyperparameters()["beta"] == "auto"


def test_validation_can_be_turned_on_once_rows_are_split(qtbot: QtBot) -> None:
    page, state = _page(qtbot, _chat_dataset(), ChosenModel("tiny-random", supports_dpo=False))
    assert not page.validation_check.isEnabled()
    examples = [e.clone() for e in state.data.dataset.examples]
    examples[0].split = Split.VALIDATION
    state.data.apply(ExampleKind.CHAT, examples, "Split")
    assert page.validation_check.isEnabled()
    assert "1" in page.validation_info.text()
    page.validation_check.setChecked(True)
    assert state.settings.use_validation


def test_validation_share_from_what_was_typed() -> None:
    from desktop.ui.wizard.services import validation_fraction

    assert validation_fraction("") == 0.1
    assert validation_fraction("15") == 0.15
    assert validation_fraction(" 20 % ") == 0.2
    assert validation_fraction("90") == 0.5
    assert validation_fraction("abc") == 0.1


def test_holding_out_validation_must_leave_enough_to_train(qtbot: QtBot) -> None:
    page, _state = _page(
        qtbot, _chat_dataset(rows=12, validation_rows=3), ChosenModel("tiny-random", supports_dpo=False)
    )
    assert page.isComplete()
    page.validation_check.setChecked(True)
    assert not page.isComplete()
    assert "9" in page.validation_info.text() and "10" in page.validation_info.text()
    page.validation_check.setChecked(False)
    assert page.isComplete()
    assert "3" in page.validation_info.text()


def test_an_azure_profile_gets_azures_suffix_rule(qtbot: QtBot) -> None:
    from desktop.providers.profiles import Profile, ProviderKind

    state = WizardState(DatasetData(_chat_dataset()), WizardServices([], lambda profile: None))
    azure = Profile.create("azure", ProviderKind.AZURE, base_url="https://acme.openai.azure.com/openai/v1")
    state.set_model(azure, ChosenModel("gpt-4.1-2025-04-14", supports_dpo=True))
    page = MethodPage(state)
    qtbot.addWidget(page)
    page.initializePage()
    page.suffix_edit.setText("x" * 41)  # fine on OpenAI (64), too long on Azure (40)
    assert not page.isComplete() and "40" in page.suffix_problem_label.text()
    page.suffix_edit.setText("bot.v2")  # a dot: fine on OpenAI, refused by Azure
    assert not page.isComplete() and "Azure" in page.suffix_problem_label.text()
    page.suffix_edit.setText("bot_v2-" + "x" * 33)
    assert len(page.suffix_edit.text()) == 40 and page.isComplete()

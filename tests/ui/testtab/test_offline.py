"""The test tab without a provider: table models, translations, settings, conversation rules."""

from __future__ import annotations

from typing import NoReturn

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.core.scoring import score_answer
from desktop.providers.evaluation import EvaluationRow, EvaluationRun, ModelAnswer
from desktop.providers.inference import InferenceMode, PromptFormat, SamplingParameters
from desktop.ui.evaluation_models import EvaluationTableModel, ModelField, SummaryTableModel
from desktop.ui.i18n import install_translations
from desktop.ui.testtab import TestTab, TestTabServices
from desktop.ui.testtab.conversation import Conversation
from desktop.ui.testtab.parameters import ParametersPanel
from desktop.ui.testtab.save_example import SaveExampleDialog


def no_client() -> NoReturn:
    raise RuntimeError("no provider in this test")


def run_with_every_state() -> EvaluationRun:
    rows = [
        EvaluationRow(({"role": "user", "content": "a\nb"},), "帅，非常帅", 3),
        EvaluationRow(({"role": "user", "content": "q"},), "x", None),
        EvaluationRow(({"role": "user", "content": "r"},), "y", 9),
    ]
    run = EvaluationRun(models=["m1", "m2"], rows=rows)
    run.record(0, "m1", ModelAnswer("帅，非常帅", None, 0.1, None, score_answer("帅，非常帅", "帅，非常帅")))
    run.record(0, "m2", ModelAnswer("帅, 非常帅", None, 0.1, None, score_answer("帅，非常帅", "帅, 非常帅")))
    run.record(1, "m1", ModelAnswer(error="Too many requests"))
    run.record(1, "m2", ModelAnswer("zzz\x08", None, 0.3, None, score_answer("x", "zzz\x08")))
    return run


def test_table_models_with_answers_errors_and_pending_rows(qtmodeltester: ModelTester) -> None:
    table = EvaluationTableModel()
    qtmodeltester.check(table)  # empty
    table.set_run(run_with_every_state())
    qtmodeltester.check(table)
    assert table.columnCount() == 3 + 2 * len(ModelField)
    assert table.index(0, 0).data() == 3 and table.index(1, 0).data() == 2
    assert table.index(0, 1).data() == "a ⏎ b"
    m2 = table.model_column("m2", ModelField.ANSWER)
    assert table.index(0, table.model_column("m2", ModelField.EXACT)).data() == "✗"
    assert table.index(0, table.model_column("m2", ModelField.NORMALISED)).data() == "✓"
    assert table.index(1, table.model_column("m1", ModelField.ANSWER)).data() == "⚠ Too many requests"
    assert table.index(1, m2).data() == "zzz\ufffd"  # control characters never reach the screen
    assert table.index(2, m2).data() == "…"
    table.answer_arrived(2, "m2")  # nothing breaks for a row without an answer
    summary = SummaryTableModel()
    qtmodeltester.check(summary)
    summary.set_run(table.run)
    qtmodeltester.check(summary)
    assert [summary.index(0, c).data() for c in range(6)] == ["m1", "1 / 3", "1", "100%", "100%", "1.00"]


def test_parameters_round_trip(qtbot: QtBot) -> None:
    panel = ParametersPanel()
    qtbot.addWidget(panel)
    parameters = SamplingParameters(0.3, 0.9, 77, 0.5, -0.5, ("END", "\n\n"), 7)
    panel.set_parameters(parameters)
    assert panel.parameters() == parameters
    panel.set_parameters(SamplingParameters())
    assert panel.parameters() == SamplingParameters()


def test_conversation_rules() -> None:
    conversation = Conversation()
    conversation.add_user("q1")
    failed = conversation.add_answer("m")
    failed.streaming, failed.error = False, "boom"
    conversation.add_user("q2")
    answer = conversation.add_answer("m")
    answer.streaming, answer.content = False, "a2"
    assert conversation.messages("sys") == (
        {"role": "system", "content": "sys"},
        {"role": "user", "content": "q1"},
        {"role": "user", "content": "q2"},
        {"role": "assistant", "content": "a2"},
    )
    assert conversation.training_record("")["messages"][-1] == {"role": "assistant", "content": "a2"}  # type: ignore[index]
    legacy = conversation.training_record("", PromptFormat("\n\n###\n\n", " END"))
    assert legacy == {"prompt": "q2\n\n###\n\n", "completion": " a2 END"}


def test_chinese_translation_is_loaded(qtbot: QtBot) -> None:
    loaded = install_translations("zh_CN")
    try:
        assert any(path.endswith("testtab_zh_CN.qm") for path in loaded)
        tab = TestTab(TestTabServices(make_client=no_client))
        qtbot.addWidget(tab)
        titles = [tab.pages.tabText(index) for index in range(tab.pages.count())]
        assert titles == ["试用", "并排比较", "批量评估"]
        assert tab.playground.send_button.text() == "发送"
        assert tab.playground.settings.mode.itemText(1) == "补全（提示 → 补全）"
        assert tab.playground.settings.mode.itemData(1) == InferenceMode.COMPLETIONS
    finally:
        install_translations("en")


def test_listing_failure_is_shown_in_the_tab(qtbot: QtBot) -> None:
    tab = TestTab(TestTabServices(make_client=no_client))
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.models.failed, timeout=10_000):
        tab.refresh_models()
    qtbot.waitUntil(tab.refresh_button.isEnabled)
    assert "no provider in this test" in tab.models_status.text()


def test_mode_follows_the_model_and_the_data_format(qtbot: QtBot) -> None:
    services = TestTabServices(
        make_client=no_client, prompt_format=lambda: PromptFormat("\n\n###\n\n", " END")
    )
    tab = TestTab(services)
    qtbot.addWidget(tab)
    settings = tab.playground.settings
    settings.model_picker.set_model_id("ft:davinci-002:acme::abc")
    assert settings.current_mode() is InferenceMode.COMPLETIONS
    assert not settings.completion_box.isHidden()
    assert settings.separator.text() == "\\n\\n###\\n\\n" and settings.ending.text() == " END"
    request = settings.request("ft:davinci-002:acme::abc", ({"role": "user", "content": "Say hi"},))
    assert request.prompt == "Say hi\n\n###\n\n"
    assert request.body()["stop"] == [" END"]
    settings.model_picker.set_model_id("ft:gpt-4.1-mini:acme::abc")
    assert settings.current_mode() is InferenceMode.CHAT and settings.completion_box.isHidden()


def test_try_model_opens_the_playground_and_a_failed_save_is_shown(qtbot: QtBot) -> None:
    def refuse(record: object) -> None:
        raise ValueError("This conversation cannot be added to a data set of another kind.")

    tab = TestTab(TestTabServices(make_client=no_client, save_example=refuse))
    qtbot.addWidget(tab)
    tab.pages.setCurrentIndex(2)
    tab.try_model("ft:gpt-4o-mini:acme::abc")
    assert tab.pages.currentWidget() is tab.playground
    assert tab.playground.settings.model_picker.model_id() == "ft:gpt-4o-mini:acme::abc"
    conversation = tab.playground.session.conversation
    conversation.add_user("q")
    answer = conversation.add_answer("m")
    answer.streaming, answer.content = False, "a"
    tab.playground.save_as_example()
    dialog = tab.playground.findChild(SaveExampleDialog)
    assert dialog is not None
    dialog.accept()
    assert "another kind" in tab.playground.status.text()

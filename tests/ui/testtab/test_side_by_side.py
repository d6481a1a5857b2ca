"""Side by side against the real local engine: every model asked at once, answers in columns."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.providers.inference import ModelKind, SamplingParameters
from tests.support.engine_server import EngineServer
from tests.ui.testtab.helpers import loaded_tab, services_for
from tests.ui.testtab.seed import ANSWER, QUESTION, FineTuned


def test_models_answer_side_by_side_in_parallel(
    qtbot: QtBot, engine_server: EngineServer, fine_tuned: FineTuned
) -> None:
    tab = loaded_tab(qtbot, services_for(engine_server))
    page = tab.side_by_side
    # The columns start on the newest fine-tuned model and its base model. (The engine is shared
    # with other tests, whose jobs may be newer than ours: ours is chosen explicitly below.)
    first_choice = page.columns[0].picker.choice()
    assert first_choice is not None and first_choice.kind is ModelKind.FINE_TUNED
    assert page.columns[1].picker.model_id() == "tiny-random"
    page.columns[0].picker.set_model_id(fine_tuned.model)
    page.parameters.set_parameters(SamplingParameters(temperature=0, max_tokens=24))
    page.add_column()
    assert len(page.columns) == 3 and not page.add_button.isEnabled()
    third = page.columns[2].picker.choice()
    assert third is not None and third.kind is ModelKind.CHECKPOINT

    page.input.setPlainText(QUESTION)
    signals = [column.session.answer_finished for column in page.columns]
    with qtbot.waitSignals(signals, timeout=180_000):
        page.send_button.click()
    qtbot.waitUntil(lambda: not page.busy)
    answers = [column.session.conversation.turns[-1].answer for column in page.columns]
    assert all(answer is not None for answer in answers), [c.session.conversation.turns for c in page.columns]
    assert answers[0].text == ANSWER, answers  # type: ignore[union-attr]
    first = page.columns[0]
    assert ANSWER in first.view.toPlainText()
    assert "tokens" in first.figures.text()
    for column in page.columns:
        assert [turn.role for turn in column.session.conversation.turns] == ["user", "assistant"]

    page.clear()
    assert all(not column.session.conversation.turns for column in page.columns)

    # The requests run at the same time: with answers long enough to take a while (the base model
    # rambles up to max_tokens), every request starts before any of them has finished.
    for column in page.columns:
        column.picker.set_model_id("tiny-random")
    page.parameters.set_parameters(SamplingParameters(temperature=0, max_tokens=60))
    page.input.setPlainText("Tell me about yourself")
    with qtbot.waitSignals([column.session.answer_finished for column in page.columns], timeout=180_000):
        page.send()
    qtbot.waitUntil(lambda: not page.busy)
    windows = [column.session.conversation.turns[-1].answer for column in page.columns]
    assert all(window is not None for window in windows)
    assert max(w.started_at for w in windows) < min(w.finished_at for w in windows)  # type: ignore[union-attr]

    page.remove_column()
    assert len(page.columns) == 2

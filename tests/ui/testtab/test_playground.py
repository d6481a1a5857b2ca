"""The playground against the real local engine: streaming, stop, errors in place, copy, save."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.providers.inference import ModelKind, SamplingParameters
from desktop.ui.testtab.models import ModelListModel
from desktop.ui.testtab.save_example import SaveExampleDialog
from tests.support.engine_server import EngineServer
from tests.ui.testtab.helpers import loaded_tab, services_for
from tests.ui.testtab.seed import ANSWER, QUESTION, FineTuned

GREEDY = SamplingParameters(temperature=0, max_tokens=24)


def test_models_are_listed_and_the_list_model_is_sound(
    qtbot: QtBot, qtmodeltester: ModelTester, engine_server: EngineServer, fine_tuned: FineTuned
) -> None:
    tab = loaded_tab(qtbot, services_for(engine_server))
    model = tab.models.model
    qtmodeltester.check(model)
    kinds = {choice.id: choice.kind for choice in model.choices()}
    assert kinds[fine_tuned.model] is ModelKind.FINE_TUNED and kinds["tiny-random"] is ModelKind.BASE
    assert "model" in tab.models_status.text()
    # The playground starts on the newest fine-tuned model.
    assert tab.playground.settings.model_picker.model_id() == model.default_models(1)[0]
    checkable = ModelListModel(checkable=True)
    checkable.set_choices(model.choices())
    checkable.setData(checkable.index(0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtmodeltester.check(checkable)
    assert checkable.checked_models() == [model.choices()[0].id]


def test_fine_tuned_model_answers_streaming_in_order(
    qtbot: QtBot, engine_server: EngineServer, fine_tuned: FineTuned
) -> None:
    tab = loaded_tab(qtbot, services_for(engine_server))
    page = tab.playground
    page.settings.model_picker.set_model_id(fine_tuned.model)
    page.settings.parameters.set_parameters(GREEDY)
    deltas: list[str] = []
    page.session.delta_received.connect(deltas.append)
    page.input.setPlainText(QUESTION)
    with qtbot.waitSignal(page.session.answer_finished, timeout=120_000) as blocker:
        qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].text == ANSWER
    assert len(deltas) >= 2 and "".join(deltas) == ANSWER
    qtbot.waitUntil(lambda: page.send_button.isEnabled())
    assert ANSWER in page.view.toPlainText()
    assert [turn.role for turn in page.session.conversation.turns] == ["user", "assistant"]

    # A second turn sends the whole conversation.
    page.input.setPlainText("再说一遍")
    with qtbot.waitSignal(page.session.answer_finished, timeout=120_000):
        page.send()
    sent = page.session.last_request
    assert sent is not None
    assert [m["content"] for m in sent.messages] == [QUESTION, ANSWER, "再说一遍"]


def test_an_error_is_shown_in_place_and_the_conversation_stays(
    qtbot: QtBot, engine_server: EngineServer, fine_tuned: FineTuned
) -> None:
    tab = loaded_tab(qtbot, services_for(engine_server))
    page = tab.playground
    page.settings.model_picker.set_model_id("ft:tiny-random:nobody::missing")
    page.input.setPlainText("hello")
    with qtbot.waitSignal(page.session.answer_failed, timeout=60_000) as blocker:
        page.send()
    message = blocker.args[0]
    assert message and engine_server.token not in message
    qtbot.waitUntil(lambda: page.send_button.isEnabled())
    failed = page.session.conversation.turns[-1]
    assert failed.error == message and message[:20] in page.view.toPlainText()
    assert "hello" in page.view.toPlainText()

    page.settings.model_picker.set_model_id(fine_tuned.model)
    page.settings.parameters.set_parameters(GREEDY)
    page.input.setPlainText(QUESTION)
    with qtbot.waitSignal(page.session.answer_finished, timeout=120_000):
        page.send()
    sent = page.session.last_request
    assert sent is not None
    # The failed answer is not sent; both questions are.
    assert [m["role"] for m in sent.messages] == ["user", "user"]
    assert len(page.session.conversation.turns) == 4


def test_stop_ends_the_answer_and_keeps_the_conversation(qtbot: QtBot, fresh_engine: EngineServer) -> None:
    # An engine of its own: the generation abandoned by the stop must not disturb other tests.
    tab = loaded_tab(qtbot, services_for(fresh_engine))
    page = tab.playground
    page.settings.model_picker.set_model_id("tiny-random")
    page.settings.parameters.set_parameters(SamplingParameters(max_tokens=2000))
    page.input.setPlainText("Tell me a long story")
    page.send()
    assert page.stop_button.isEnabled()
    qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.send_button.isEnabled(), timeout=60_000)
    user, answer = page.session.conversation.turns
    assert user.content == "Tell me a long story"
    assert not answer.streaming and answer.error is None
    assert answer.answer is None or answer.answer.stopped
    assert not page.stop_button.isEnabled()


def test_copied_requests_hold_no_key(
    qtbot: QtBot, engine_server: EngineServer, fine_tuned: FineTuned
) -> None:
    tab = loaded_tab(qtbot, services_for(engine_server))
    page = tab.playground
    page.settings.model_picker.set_model_id(fine_tuned.model)
    page.settings.system_prompt.setPlainText("Be brief.")
    page.input.setPlainText(QUESTION)
    page.copy_request("curl")
    curl = QGuiApplication.clipboard().text()
    assert engine_server.base_url + "/chat/completions" in curl and QUESTION in curl and "Be brief." in curl
    assert "$OPENAI_API_KEY" in curl and engine_server.token not in curl
    page.copy_request("python")
    python = QGuiApplication.clipboard().text()
    assert 'os.environ["OPENAI_API_KEY"]' in python and engine_server.token not in python
    compile(python, "copied.py", "exec")
    assert "OPENAI_API_KEY" in page.status.text()


def test_save_conversation_as_training_example(
    qtbot: QtBot, engine_server: EngineServer, fine_tuned: FineTuned
) -> None:
    saved: list[dict[str, object]] = []
    tab = loaded_tab(qtbot, services_for(engine_server, save_example=saved.append))
    page = tab.playground
    assert not page.save_button.isEnabled()
    page.settings.model_picker.set_model_id(fine_tuned.model)
    page.settings.parameters.set_parameters(GREEDY)
    page.input.setPlainText(QUESTION)
    with qtbot.waitSignal(page.session.answer_finished, timeout=120_000):
        page.send()
    qtbot.waitUntil(page.save_button.isEnabled)
    page.save_button.click()
    dialog = page.findChild(SaveExampleDialog)
    assert dialog is not None and dialog.answer_edit.toPlainText() == ANSWER
    # The user corrects the answer before it becomes a training example.
    dialog.answer_edit.setPlainText("帅，真的非常帅")
    dialog.accept()
    assert saved == [
        {
            "messages": [
                {"role": "user", "content": QUESTION},
                {"role": "assistant", "content": "帅，真的非常帅"},
            ]
        }
    ]
    assert "training example" in page.status.text()


def test_services_for_the_active_profile(engine_server: EngineServer, fine_tuned: FineTuned) -> None:
    from desktop.providers.profiles import Profile, ProviderKind
    from desktop.providers.secrets import SessionSecretStore
    from desktop.ui.testtab import TestTabServices

    profile = Profile.create("engine", ProviderKind.COMPATIBLE, base_url=engine_server.base_url)
    secrets = SessionSecretStore()
    secrets.set(profile.id, engine_server.token)
    services = TestTabServices.for_profile(lambda: profile, secrets)
    assert services.endpoint().base_url == engine_server.base_url
    assert fine_tuned.model in {choice.id for choice in services.list_models()}

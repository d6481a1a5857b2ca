"""The assembled window: every page present and wired to the others, against the real engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.dataset import Dataset, Example, ExampleKind
from desktop.providers.profiles import Profile, ProviderKind
from desktop.providers.secrets import ProfileSecrets, SessionSecretStore
from desktop.ui.main_window import MainWindow
from desktop.ui.services import ProviderServices, create_provider_services
from desktop.ui.workbench import Workbench
from tests.support.engine_server import EngineServer


@pytest.fixture
def services(tmp_path: Path, engine_server: EngineServer) -> Iterator[ProviderServices]:
    # A session-only secret store: this test is about wiring, the keyring has its own tests.
    secrets = ProfileSecrets(SessionSecretStore(), SessionSecretStore())
    made = create_provider_services(tmp_path / "config", tmp_path / "data", secrets)
    profile = Profile.create("Test engine", ProviderKind.COMPATIBLE, base_url=engine_server.base_url)
    made.profiles.save(profile)
    made.profiles.set_active(profile.id)
    secrets.set(profile.id, engine_server.token, session_only=True)
    yield made
    made.shutdown()


@pytest.fixture
def workbench(qtbot: QtBot, services: ProviderServices) -> Iterator[Workbench]:
    window = MainWindow()
    bench = Workbench(window, services)
    yield bench
    bench.monitor.shutdown()
    # Closed here rather than by qtbot, which would close it before this fixture could mark the
    # edits saved, and the window would then wait for an answer to "save your changes?".
    window.document.mark_saved()
    window.close()
    window.deleteLater()


def test_every_page_is_present(workbench: Workbench) -> None:
    assert workbench.window.page_keys() == ["editor", "jobs", "test", "keep", "welcome"]
    assert workbench.monitor.profile_key == workbench.services.profiles.active_id


def test_the_monitor_lists_jobs_of_the_active_profile(qtbot: QtBot, workbench: Workbench) -> None:
    # The client (key look-up included) is made lazily on the poller's thread, then the list comes.
    # (The poller's signals come from its thread: collect them in a list, not with waitSignal's timer.)
    listed: list[object] = []
    workbench.monitor.poller.poller.jobs_listed.connect(listed.append)
    workbench.monitor.refresh()
    qtbot.waitUntil(lambda: bool(listed), timeout=30_000)
    assert isinstance(listed[0], list)
    assert workbench.monitor.consecutive_failures == 0


def test_test_this_model_opens_the_test_tab_with_it(workbench: Workbench) -> None:
    workbench.monitor.test_model_requested.emit("ft:tiny-random:local:demo:ftjob-1")
    window = workbench.window
    assert window.tabs.currentWidget() is workbench.test_tab
    assert (
        workbench.test_tab.playground.settings.model_picker.model_id() == "ft:tiny-random:local:demo:ftjob-1"
    )


def test_a_conversation_saved_from_the_test_tab_is_one_undoable_step(workbench: Workbench) -> None:
    document = workbench.window.document
    document.replace_content(
        ExampleKind.PROMPT_COMPLETION, [Example({"prompt": "a", "completion": "b"})], [], "seed"
    )
    before = len(document.examples)
    conversation = {
        "messages": [
            {"role": "user", "content": "你觉得orangbus怎么样"},
            {"role": "assistant", "content": "帅，非常帅"},
        ]
    }
    workbench._save_example(conversation)
    assert len(document.examples) == before + 1
    assert document.examples[-1].peek() == {"prompt": "你觉得orangbus怎么样", "completion": "帅，非常帅"}
    assert workbench.window.tabs.currentWidget() is workbench.window.editor
    document.undo_stack.undo()
    assert len(document.examples) == before


def test_a_conversation_starts_an_empty_data_set_as_chat(workbench: Workbench) -> None:
    document = workbench.window.document
    document.replace_content(ExampleKind.PROMPT_COMPLETION, [], [], "empty")
    workbench._save_example(
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}
    )
    assert document.kind is ExampleKind.CHAT
    assert len(document.examples) == 1


def test_the_wizard_opens_on_the_document(qtbot: QtBot, workbench: Workbench) -> None:
    data = Dataset(
        ExampleKind.PROMPT_COMPLETION, [Example({"prompt": f"q{i}", "completion": "a"}) for i in range(3)]
    )
    workbench.window.document.replace_content(data.kind, data.examples, [], "load")
    workbench.fine_tune_action.trigger()
    wizard = workbench.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    assert wizard.isVisible()
    workbench.fine_tune_action.trigger()  # a second trigger raises the same wizard
    assert workbench.wizard is wizard
    wizard.close_confirmed = True
    wizard.reject()


def test_a_job_started_in_the_wizard_is_followed_by_the_monitor(workbench: Workbench) -> None:
    profile_id = workbench.services.profiles.active_id
    workbench._job_started("ftjob-from-wizard", profile_id)
    assert "ftjob-from-wizard" in workbench.monitor.followed_jobs
    assert "ftjob-from-wizard" in workbench.registry.job_ids(profile_id)


def test_closing_the_window_stops_the_background_work(workbench: Workbench) -> None:
    window = workbench.window
    assert workbench.monitor.poller.is_running
    window.document.mark_saved()
    window.close()
    assert not workbench.monitor.poller.is_running


def test_a_job_failing_for_want_of_training_libraries_opens_the_set_up_dialog(
    qtbot: QtBot, workbench: Workbench
) -> None:
    from desktop.providers.jobs import JobInfo

    # The job as the engine reports it when torch is missing (engine/jobs.py), through the real parser.
    raw = {
        "id": "ftjob-missing",
        "object": "fine_tuning.job",
        "status": "failed",
        "model": "tiny-random",
        "created_at": 1,
        "error": {"code": "engine_dependencies_missing", "message": "No module named 'torch'", "param": None},
    }
    failed = JobInfo.from_api(raw)
    assert workbench.training_runtime_dialog is None
    workbench.monitor.job_ended.emit(failed)
    dialog = workbench.training_runtime_dialog
    assert dialog is not None and dialog.isVisible()
    assert "ftjob-missing" in dialog.reason_label.text()
    # Another failure does not open a second dialog; any other error opens none.
    workbench.monitor.job_ended.emit(failed)
    assert workbench.training_runtime_dialog is dialog
    dialog.close()
    qtbot.waitUntil(lambda: workbench.training_runtime_dialog is None, timeout=5_000)
    other = JobInfo.from_api({**raw, "error": {"code": "invalid_file", "message": "bad", "param": None}})
    workbench.monitor.job_ended.emit(other)
    assert workbench.training_runtime_dialog is None

"""The welcome page on real widgets: first-start rule, ways to start, providers' state with fixes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.providers.profiles import LOCAL_PROFILE_ID, Profile, ProviderKind
from desktop.providers.secrets import ProfileSecrets, SessionSecretStore
from desktop.ui.main_window import MainWindow
from desktop.ui.services import ProviderServices, create_provider_services
from desktop.ui.welcome import WelcomePage, should_show_at_start
from desktop.ui.workbench import Workbench


@pytest.fixture
def services(tmp_path: Path) -> Iterator[ProviderServices]:
    # Session-only secrets: the keyring has its own tests; this is about what the page says.
    secrets = ProfileSecrets(SessionSecretStore(), SessionSecretStore())
    made = create_provider_services(tmp_path / "config", tmp_path / "data", secrets)
    yield made
    made.shutdown()


@pytest.fixture
def workbench(qtbot: QtBot, services: ProviderServices) -> Iterator[Workbench]:
    window = MainWindow()
    bench = Workbench(window, services)
    yield bench
    if bench.wizard is not None:
        bench.wizard.close_confirmed = True
        bench.wizard.reject()
        bench.wizard.deleteLater()
    bench.monitor.shutdown()
    window.document.mark_saved()
    window.close()
    window.deleteLater()


def use_other_profile(services: ProviderServices) -> None:
    """An active profile that is not the local engine, so the page does not start the engine."""
    other = Profile.create("Elsewhere", ProviderKind.COMPATIBLE, base_url="http://127.0.0.1:9/v1")
    services.profiles.save(other)
    services.profiles.set_active(other.id)


def wait_checked(qtbot: QtBot, page: WelcomePage, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: page.checking is None and page.status is not None, timeout=timeout)


def test_first_start_shows_the_page_once_unless_asked(qtbot: QtBot, services: ProviderServices) -> None:
    use_other_profile(services)
    assert should_show_at_start()
    page = WelcomePage(services, lambda: [])
    qtbot.addWidget(page)
    page.show()
    wait_checked(qtbot, page)
    assert not should_show_at_start()  # seen once: later starts open the data
    page.show_at_start.setChecked(True)
    assert should_show_at_start()


def test_three_steps_and_start_buttons(qtbot: QtBot, services: ProviderServices, tmp_path: Path) -> None:
    use_other_profile(services)
    recent = tmp_path / "faq.xlsx"
    recent.write_bytes(b"not read here")
    page = WelcomePage(services, lambda: [recent, tmp_path / "gone.jsonl"])
    qtbot.addWidget(page)
    page.show()
    wait_checked(qtbot, page)
    assert [label.text() for label in page.step_titles] == [
        "1. Bring your examples",
        "2. Fine-tune",
        "3. Test and keep",
    ]
    with qtbot.waitSignal(page.sample_requested):
        page.sample_button.click()
    with qtbot.waitSignal(page.open_requested):
        page.open_button.click()
    # Only files that still exist are offered.
    assert len(page.recent_buttons) == 1 and "faq.xlsx" in page.recent_buttons[0].text()
    with qtbot.waitSignal(page.recent_requested) as opened:
        page.recent_buttons[0].click()
    assert opened.args == [recent]
    assert page.no_recent_label.isHidden()


def test_providers_state_with_one_fix_each(qtbot: QtBot, services: ProviderServices) -> None:
    use_other_profile(services)
    page = WelcomePage(services, lambda: [])
    qtbot.addWidget(page)
    page.show()
    wait_checked(qtbot, page)
    status = page.status
    assert status is not None
    assert status.engine == "stopped" and status.local_models is None and status.openai == "none"
    assert "not running" in page.engine_row.text.text()
    assert page.engine_row.button.text() == "Start the Local Engine"
    assert page.openai_row.button.text() == "Add an OpenAI Key…"
    with qtbot.waitSignal(page.fix_requested) as fix:
        page.openai_row.button.click()
    assert fix.args == ["openai"]

    # An OpenAI profile without its key: the page says so and its button enters the key.
    openai_profile = Profile.create("OpenAI", ProviderKind.OPENAI)
    services.profiles.save(openai_profile)
    page.refresh_providers()
    wait_checked(qtbot, page)
    assert page.status is not None and page.status.openai == "missing"
    assert page.status.openai_profile_id == openai_profile.id
    assert page.openai_row.button.text() == "Enter the Key…"

    services.secrets.set(openai_profile.id, "sk-test-welcome", session_only=True)
    page.refresh_providers()
    wait_checked(qtbot, page)
    assert page.status is not None and page.status.openai == "ok"
    assert page.openai_row.button.isHidden()


def test_start_the_local_engine_from_the_page(qtbot: QtBot, services: ProviderServices) -> None:
    use_other_profile(services)
    page = WelcomePage(services, lambda: [])
    qtbot.addWidget(page)
    page.show()
    wait_checked(qtbot, page)
    page.engine_row.button.click()  # starts the real engine (python -m engine serve)
    qtbot.waitUntil(lambda: page.status is not None and page.status.engine != "stopped", timeout=120_000)
    wait_checked(qtbot, page)
    assert page.status is not None and page.status.engine == "ready", page.engine_row.text.text()
    assert page.engine_row.button.isHidden()
    # A fresh engine has only the built-in test model: the page offers to choose a real one.
    assert page.status.local_models == ()
    assert page.model_row.button.text() == "Choose a Model…"


def test_try_the_sample_leads_into_the_wizard_on_the_local_engine(qtbot: QtBot, workbench: Workbench) -> None:
    services = workbench.services
    use_other_profile(services)
    workbench.profile_changed()
    window = workbench.window
    assert window.page_keys()[-1] == "welcome" and window.tabs.indexOf(workbench.welcome) == 0
    workbench.welcome.sample_button.click()
    qtbot.waitUntil(lambda: workbench.wizard is not None and workbench.wizard.isVisible(), timeout=20_000)
    assert services.profiles.active_id == LOCAL_PROFILE_ID
    assert len(window.document.examples) == 61
    assert window.document.path is None  # the sample is a copy: saving asks for a new file
    wizard = workbench.wizard
    assert wizard is not None
    assert wizard.state.services.active_profile_id == LOCAL_PROFILE_ID


def test_help_welcome_shows_the_page(workbench: Workbench) -> None:
    window = workbench.window
    window.show_page("editor")
    assert window.help_menu.actions()[0] is workbench.welcome_action
    workbench.welcome_action.trigger()
    assert window.tabs.currentWidget() is workbench.welcome


@pytest.mark.slow
def test_the_sample_trains_end_to_end_on_the_local_engine(qtbot: QtBot, workbench: Workbench) -> None:
    """Welcome ▸ Try the Sample ▸ Next, Next, Next, Start: a job on the app's own engine, no dead end."""
    from PySide6.QtWidgets import QWizard

    from desktop.providers import jobs

    workbench.welcome.sample_button.click()
    qtbot.waitUntil(lambda: workbench.wizard is not None and workbench.wizard.isVisible(), timeout=20_000)
    wizard = workbench.wizard
    assert wizard is not None

    def next_enabled() -> bool:
        return wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    qtbot.waitUntil(lambda: wizard.data_page.isComplete() and next_enabled(), timeout=60_000)
    wizard.next()  # provider and model: the local engine, its only model chosen already
    qtbot.waitUntil(lambda: wizard.state.model is not None and next_enabled(), timeout=120_000)
    wizard.next()  # method: the defaults
    qtbot.waitUntil(next_enabled, timeout=60_000)
    wizard.next()  # review
    qtbot.waitUntil(next_enabled, timeout=60_000)
    wizard.next()  # start
    start = wizard.start_page
    start.start_button.click()
    qtbot.waitUntil(lambda: start.job_id is not None, timeout=120_000)
    job_id = start.job_id
    assert job_id is not None
    client = workbench.services.client_for()
    deadline_ms = 300_000
    qtbot.waitUntil(
        lambda: client.fine_tuning.jobs.retrieve(job_id).status in jobs.TERMINAL_STATUSES, timeout=deadline_ms
    )
    assert client.fine_tuning.jobs.retrieve(job_id).status == jobs.SUCCEEDED
    with qtbot.waitSignal(wizard.open_job_requested):
        start.open_monitor_button.click()
    assert workbench.window.tabs.currentWidget() is workbench.monitor


def test_try_the_sample_brings_back_a_deleted_local_engine_profile(
    qtbot: QtBot, workbench: Workbench
) -> None:
    services = workbench.services
    use_other_profile(services)
    services.profiles.remove(LOCAL_PROFILE_ID)
    assert LOCAL_PROFILE_ID not in services.profiles
    workbench.welcome.sample_button.click()
    qtbot.waitUntil(lambda: workbench.wizard is not None and workbench.wizard.isVisible(), timeout=20_000)
    assert services.profiles.active_id == LOCAL_PROFILE_ID

"""The whole UI in Chinese, read off the real widgets (not the .ts files), and live switching."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu, QWizard
from pytestqt.qtbot import QtBot

from desktop.core.readers import open_dataset
from desktop.providers.profiles import Profile, ProviderKind
from desktop.providers.secrets import ProfileSecrets, SessionSecretStore
from desktop.ui.i18n import install_translations
from desktop.ui.main_window import MainWindow
from desktop.ui.resources import sample_dataset_path
from desktop.ui.services import ProviderServices, create_provider_services
from desktop.ui.workbench import Workbench
from tests.support.engine_server import EngineServer
from tests.ui.visible_text import english_findings, menu_texts, visible_texts

# Words of the sample data set itself (the user's data is not the UI).
DATA_WORDS = frozenset({"orangbus"})


@pytest.fixture
def services(tmp_path: Path, engine_server: EngineServer) -> Iterator[ProviderServices]:
    secrets = ProfileSecrets(SessionSecretStore(), SessionSecretStore())
    made = create_provider_services(tmp_path / "config", tmp_path / "data", secrets)
    profile = Profile.create("测试引擎", ProviderKind.COMPATIBLE, base_url=engine_server.base_url)
    made.profiles.save(profile)
    made.profiles.set_active(profile.id)
    secrets.set(profile.id, engine_server.token, session_only=True)
    yield made
    made.shutdown()


@pytest.fixture
def chinese() -> Iterator[None]:
    install_translations("zh_CN")
    yield
    install_translations("en")


def _close(bench: Workbench) -> None:
    bench.monitor.shutdown()
    bench.window.document.mark_saved()


def build(qtbot: QtBot, services: ProviderServices) -> tuple[MainWindow, Workbench]:
    window = MainWindow()
    bench = Workbench(window, services)
    qtbot.addWidget(window, before_close_func=lambda _w: _close(bench))
    window.load_dataset(open_dataset(sample_dataset_path()).dataset)
    window.resize(1200, 800)
    window.show()
    return window, bench


def test_every_page_and_menu_is_chinese(qtbot: QtBot, services: ProviderServices, chinese: None) -> None:
    window, _bench = build(qtbot, services)
    findings: list[str] = []
    for key in window.page_keys():
        window.show_page(key)
        qtbot.wait(50)
        findings += english_findings(visible_texts(window), DATA_WORDS)
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            menu.aboutToShow.emit()
            findings += english_findings(menu_texts(menu, action.text()), DATA_WORDS)
    assert not findings, "\n".join(sorted(set(findings)))
    assert "微调工作台" in window.windowTitle()


def test_the_wizard_and_providers_dialog_are_chinese(
    qtbot: QtBot, services: ProviderServices, chinese: None
) -> None:
    from desktop.ui.profiles.dialog import ProfilesDialog

    window, bench = build(qtbot, services)
    findings: list[str] = []
    bench.open_wizard()
    wizard = bench.wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.data_page.isComplete(), timeout=30_000)
    findings += english_findings(visible_texts(wizard), DATA_WORDS)
    # Every page on the way: model, method, review (the request's JSON keys are the API's own).
    for _page in range(3):
        if wizard.currentPage() is wizard.model_page:
            # A shared engine may offer more models (other tests' fine-tunes): take the test model.
            qtbot.waitUntil(lambda: not wizard.model_page.is_loading, timeout=60_000)
            wizard.model_page.select_model("tiny-random")
        qtbot.waitUntil(lambda: wizard.button(QWizard.WizardButton.NextButton).isEnabled(), timeout=60_000)
        wizard.next()
        qtbot.wait(300)
        findings += english_findings(visible_texts(wizard), DATA_WORDS)
    wizard.close_confirmed = True
    wizard.reject()

    dialog = ProfilesDialog(services, window)
    dialog.show()
    qtbot.wait(100)
    findings += english_findings(visible_texts(dialog), DATA_WORDS)
    dialog.reject()
    assert not findings, "\n".join(sorted(set(findings)))


def test_qt_own_dialogs_are_chinese(qtbot: QtBot, chinese: None) -> None:
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [text for _where, text in visible_texts(dialog)]
    # Qt's own catalogue plus ours for the labels Qt 6 renamed ("&Look in:", "Files of &type:").
    assert "查找范围(L)：" in texts and "文件类型(T)：" in texts
    assert not english_findings(visible_texts(dialog), frozenset({"root", "home"}))


def test_live_language_switch_keeps_the_data_and_retranslates_everything(
    qtbot: QtBot, services: ProviderServices
) -> None:
    from desktop.core import i18n as core_i18n
    from desktop.ui.language_switch import LanguageSwitcher

    install_translations("en")
    window, bench = build(qtbot, services)
    switcher = LanguageSwitcher(window, bench)
    window.editor.model.setData(window.editor.model.index(0, 1), "改过的回答")
    window.show_page("jobs")
    assert window.language_actions["en"].isChecked()
    try:
        window.language_actions["zh_CN"].trigger()
        new = switcher.window
        assert new is not window and new.isVisible()
        qtbot.addWidget(new, before_close_func=lambda _w: _close(switcher.workbench))
        qtbot.waitUntil(lambda: not window.isVisible())
        assert core_i18n.current_language() == "zh_CN"
        assert new.menuBar().actions()[0].text() == "文件(&F)"
        assert "微调工作台" in new.windowTitle()
        assert new.language_actions["zh_CN"].isChecked()
        # Same data, same undo history, same page.
        assert new.document is window.document
        assert new.document.examples[0].peek()["completion"] == "改过的回答"
        assert new.tabs.currentWidget() is new.page("jobs")
        findings: list[str] = []
        for key in new.page_keys():
            new.show_page(key)
            findings += english_findings(visible_texts(new), DATA_WORDS)
        assert not findings, "\n".join(findings)
        new.undo_action.trigger()
        assert new.document.examples[0].peek()["completion"] != "改过的回答"

        # And back, in the same session.
        new.language_actions["en"].trigger()
        back = switcher.window
        qtbot.addWidget(back, before_close_func=lambda _w: _close(switcher.workbench))
        assert back.menuBar().actions()[0].text() == "&File"
        assert back.document is window.document
    finally:
        install_translations("en")


def test_texts_made_earlier_follow_the_switch() -> None:
    from desktop.ui.language_switch import translate_made_text

    assert translate_made_text("Edit cell", "en", "zh_CN") != "Edit cell"
    chinese = translate_made_text("Edit cell", "en", "zh_CN")
    assert translate_made_text(chinese, "zh_CN", "en") == "Edit cell"
    # Placeholders carry over; text that is not the app's stays as it is.
    assert (
        translate_made_text("The local engine could not start: boom", "en", "zh_CN")
        == "本地引擎无法启动：boom"
    )
    assert translate_made_text("my own words", "en", "zh_CN") == "my own words"


def _accelerator(text: str) -> str | None:
    import re

    match = re.search(r"&([^&\s])", text.replace("&&", ""))
    return match.group(1).upper() if match else None


def _clashes(menu: QMenu | object, where: str) -> list[str]:
    from PySide6.QtWidgets import QMenuBar

    assert isinstance(menu, QMenu | QMenuBar)
    clashes: list[str] = []
    seen: dict[str, str] = {}
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        key = _accelerator(action.text())
        if key is not None:
            if key in seen:
                clashes.append(f"{where}: {seen[key]!r} and {action.text()!r} share Alt+{key}")
            seen[key] = action.text()
        sub = action.menu()
        if isinstance(sub, QMenu):
            sub.aboutToShow.emit()
            clashes += _clashes(sub, f"{where} ▸ {action.text()}")
    return clashes


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_menu_accelerators_are_unique_in_every_menu(
    qtbot: QtBot, services: ProviderServices, language: str
) -> None:
    install_translations(language)
    try:
        window, _bench = build(qtbot, services)
        clashes = _clashes(window.menuBar(), "menu bar")
        for menu in (window.editor.context_menu(),) if hasattr(window.editor, "context_menu") else ():
            clashes += _clashes(menu, "table context menu")
        assert not clashes, "\n".join(clashes)
    finally:
        install_translations("en")


@pytest.mark.parametrize(("language", "save"), [("en", "Save (Ctrl+S)"), ("zh_CN", "保存 (Ctrl+S)")])
def test_tooltips_name_the_shortcut(
    qtbot: QtBot, services: ProviderServices, language: str, save: str
) -> None:
    install_translations(language)
    try:
        window, bench = build(qtbot, services)
        assert window.save_action.toolTip() == save
        assert "(Ctrl+T)" in bench.fine_tune_action.toolTip()
        assert "(Ctrl+Z)" in window.undo_action.toolTip()
    finally:
        install_translations("en")


def test_reading_notes_and_job_errors_in_chinese() -> None:
    from desktop.ui.made_messages import translate_made_message

    cases = {
        "61 prompt / completion examples": "61 条提示 / 补全示例",
        "1 chat conversations example": "1 条对话示例",
        "2 lines skipped": "跳过了 2 行",
        "Formulas shown as their last calculated values": "公式显示为上次计算的结果",
        "The engine stopped 3 times while this job was running (out of memory?). Try a smaller batch size "
        "or model.": "训练此任务时引擎停止了 3 次（内存不足？）。请尝试更小的批大小或模型。",
    }
    for english, chinese in cases.items():
        assert translate_made_message(english, "zh_CN") == chinese
        assert translate_made_message(english, "en") == english

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from pytestqt.qtbot import QtBot

from desktop.core import i18n as core_i18n
from desktop.ui.i18n import install_translations, normalise_language, save_language, saved_language
from desktop.ui.main_window import MainWindow


def test_language_names_and_setting() -> None:
    assert normalise_language("zh-Hans-CN") == "zh_CN"
    assert normalise_language("en_GB") == "en"
    save_language("zh")
    assert QSettings().value("ui/language") == "zh_CN"
    assert saved_language() == "zh_CN"


def test_chinese_translations_load_for_every_area(qtbot: QtBot) -> None:
    try:
        loaded = install_translations("zh_CN")
        names = {Path(p).name for p in loaded}
        assert "editor_zh_CN.qm" in names
        assert core_i18n.current_language() == "zh_CN"
        assert QCoreApplication.translate("MainWindow", "Unsaved changes") == "未保存的修改"
        window = MainWindow()
        qtbot.addWidget(window)
        assert window.menuBar().actions()[0].text() == "文件(&F)"
        assert window.editor.model.headerData(0, Qt.Orientation.Horizontal) == "提示"
    finally:
        install_translations("en")
    assert QCoreApplication.translate("MainWindow", "Unsaved changes") == "Unsaved changes"


def test_every_editor_string_has_a_chinese_translation() -> None:
    import xml.etree.ElementTree as ET

    ts = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "editor_zh_CN.ts"
    messages = list(ET.parse(ts).iter("message"))
    assert len(messages) > 150
    for message in messages:
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, message.findtext("source")
        text = translation.text or "".join(form.text or "" for form in translation.iter("numerusform"))
        assert text.strip(), message.findtext("source")

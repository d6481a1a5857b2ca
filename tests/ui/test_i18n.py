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


def test_plural_forms_in_english_and_grouped_numbers(qtbot: QtBot) -> None:
    install_translations("en")
    translate = QCoreApplication.translate
    assert translate("MainWindow", "%Ln row(s)", "", 1) == "1 row"
    assert translate("MainWindow", "%Ln row(s)", "", 50_000) == "50,000 rows"
    assert translate("TestTab", "%n model(s) available", "", 5) == "5 models available"
    assert translate("DataPage", "Examples: %Ln", "", 50_000) == "Examples: 50,000"
    window = MainWindow()
    qtbot.addWidget(window)
    from tests.ui.editor_helpers import pc_dataset

    window.document.load(pc_dataset([("a", "b")]))
    qtbot.waitUntil(lambda: window.rows_label.text() == "1 row")


def test_every_plural_message_has_english_forms() -> None:
    import xml.etree.ElementTree as ET

    folder = Path(__file__).resolve().parents[2] / "resources" / "i18n"
    english = {m.findtext("source") for m in ET.parse(folder / "plurals_en.ts").iter("message")}
    for ts in folder.glob("*_zh_CN.ts"):
        for message in ET.parse(ts).iter("message"):
            if message.get("numerus") == "yes":
                assert message.findtext("source") in english, (
                    f"{ts.name}: {message.findtext('source')!r} has no English plural forms: run "
                    "pyside6-lupdate -pluralonly on desktop/ui into resources/i18n/plurals_en.ts"
                )

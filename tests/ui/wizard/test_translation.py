from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from desktop.core.dataset import Dataset, ExampleKind
from desktop.ui.wizard.data_source import DatasetData
from desktop.ui.wizard.method_page import MethodPage
from desktop.ui.wizard.services import WizardServices
from desktop.ui.wizard.state import WizardState

I18N = Path(__file__).resolve().parents[3] / "resources" / "i18n"


def test_every_wizard_string_is_translated() -> None:
    tree = ET.parse(I18N / "wizard_zh_CN.ts")
    messages = list(tree.getroot().iter("message"))
    assert len(messages) > 100
    for message in messages:
        translation = message.find("translation")
        assert translation is not None
        assert translation.get("type") is None, message.findtext("source")
        text = translation.text or "".join(form.text or "" for form in translation.findall("numerusform"))
        assert text.strip(), message.findtext("source")


def test_the_wizard_speaks_chinese(qtbot: QtBot) -> None:
    translator = QTranslator()
    assert translator.load(str(I18N / "wizard_zh_CN.qm"))
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        page = MethodPage(
            WizardState(DatasetData(Dataset(ExampleKind.CHAT)), WizardServices([], lambda p: None))
        )
        qtbot.addWidget(page)
        assert page.title() == "方法和超参数"
        page.initializePage()
        page.suffix_edit.setText("x" * 70)
        assert "70" in page.suffix_problem_label.text() and "后缀" in page.suffix_problem_label.text()
    finally:
        app.removeTranslator(translator)

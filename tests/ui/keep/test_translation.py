"""The keep page's Chinese translation loads and covers what the user sees."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from pytestqt.qtbot import QtBot

from desktop.core.catalog import load_catalog
from desktop.providers.jobs import JobInfo
from desktop.providers.keep.inventory import build_inventory
from desktop.providers.profiles import Profile, ProviderKind
from desktop.ui.keep.inventory_model import Column, InventoryTableModel
from desktop.ui.keep.page import KeepPage
from desktop.ui.keep.services import KeepServices

QM = Path(__file__).resolve().parents[3] / "resources" / "i18n" / "keep_zh_CN.qm"
TS = QM.with_suffix(".ts")


@pytest.fixture
def chinese(qapp: QCoreApplication) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_every_string_is_translated() -> None:
    text = TS.read_text(encoding="utf-8")
    assert text.count("<source>") > 90
    assert 'type="unfinished"' not in text


def test_the_page_and_its_days_left_speak_chinese(qtbot: QtBot, chinese: None) -> None:
    profile = Profile.create("OpenAI", ProviderKind.OPENAI)
    services = KeepServices(profiles=lambda: [profile], make_client=lambda _profile: None)
    page = KeepPage(services)
    qtbot.addWidget(page)
    assert page.export_button.text() == "全部导出…"
    assert page.retrain_button.text() == "在别处重新训练…"
    model = InventoryTableModel()
    job = JobInfo.from_api({"id": "ftjob-1", "status": "succeeded", "model": "gpt-4o-mini-2024-07-18"})
    model.set_items(build_inventory([job], [], load_catalog(), "openai", date(2026, 11, 25)))
    assert model.headerData(Column.NEW_JOBS_STOP, Qt.Orientation.Horizontal) == "停止接受新任务"
    assert model.data(model.index(0, Column.NEW_JOBS_STOP)) == "2027-01-06（还剩 42 天）"

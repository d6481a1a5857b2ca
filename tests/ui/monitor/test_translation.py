"""The monitor's Chinese translation loads and covers what the user sees."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from pytestqt.qtbot import QtBot

from desktop.providers import jobs
from desktop.ui.job_status import status_label
from desktop.ui.monitor.jobs_list import JobsListWidget
from desktop.ui.monitor.jobs_model import JobColumn

QM = Path(__file__).resolve().parents[3] / "resources" / "i18n" / "monitor_zh_CN.qm"
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


def test_the_jobs_list_speaks_chinese(qtbot: QtBot, chinese: None) -> None:
    widget = JobsListWidget()
    qtbot.addWidget(widget)
    assert widget.refresh_button.text() == "刷新"
    assert widget.model.headerData(JobColumn.BASE_MODEL, Qt.Orientation.Horizontal) == "基础模型"
    assert status_label(jobs.RUNNING) == "运行中"
    assert status_label(jobs.SUCCEEDED) == "已成功"

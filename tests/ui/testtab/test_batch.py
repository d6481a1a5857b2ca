"""Batch evaluation in the UI against the real local engine: table, progress, cancel, files."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.providers.evaluation import EvaluationRun, RunState, rows_from_examples
from desktop.ui.evaluation_models import ModelField
from desktop.ui.testtab.batch import SOURCE_VALIDATION
from tests.support.engine_server import EngineServer
from tests.ui.testtab.helpers import loaded_tab, seed_examples, services_for
from tests.ui.testtab.seed import ANSWER, QUESTION, FineTuned


def test_batch_evaluation_over_ten_rows(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    tmp_path: Path,
    engine_server: EngineServer,
    fine_tuned: FineTuned,
) -> None:
    tab = loaded_tab(qtbot, services_for(engine_server, validation_examples=seed_examples))
    page = tab.batch
    models = [fine_tuned.model, "tiny-random"]
    page.model_choices.set_checked_models(models)
    page.source.setCurrentIndex(page.source.findData(SOURCE_VALIDATION))
    with qtbot.waitSignal(page.run_finished, timeout=300_000) as blocker:
        page.run_button.click()
    run: EvaluationRun = blocker.args[0]
    assert run.state is RunState.COMPLETE and run.done == 20 and run.models == models
    qtbot.waitUntil(lambda: page.run_button.isEnabled())
    assert page.progress.value() == 20 and "20" in page.status.text()

    table = page.table_model
    qtmodeltester.check(table)
    qtmodeltester.check(page.summary_model)
    orangbus = next(row for row in range(table.rowCount()) if table.index(row, 1).data() == QUESTION)
    assert table.index(orangbus, 2).data() == ANSWER
    answer_column = table.model_column(fine_tuned.model, ModelField.ANSWER)
    assert table.index(orangbus, answer_column).data() == ANSWER
    assert table.index(orangbus, table.model_column(fine_tuned.model, ModelField.EXACT)).data() == "✓"
    assert table.index(orangbus, table.model_column(fine_tuned.model, ModelField.SIMILARITY)).data() == "1.00"
    assert table.index(orangbus, table.model_column("tiny-random", ModelField.NORMALISED)).data() == "✗"
    summary = page.summary_model
    tuned = run.summary(fine_tuned.model).scores
    assert summary.index(0, 0).data() == fine_tuned.model
    assert summary.index(0, 1).data() == "10 / 10"
    assert summary.index(0, 3).data() == f"{tuned.exact_rate:.0%}"
    assert summary.index(1, 3).data() == "0%"

    # Export, read back.
    with qtbot.waitSignal(page.file_written, timeout=60_000):
        page.export_to(tmp_path / "run.csv")
    with (tmp_path / "run.csv").open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    assert len(lines) == 11 and lines[orangbus + 1][2:5] == [QUESTION, ANSWER, ANSWER]
    with qtbot.waitSignal(page.file_written, timeout=60_000):
        page.export_to(tmp_path / "run.xlsx")
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "run.xlsx").worksheets[0]
    assert sheet.cell(row=orangbus + 2, column=5).value == ANSWER

    # Save, then reopen in a fresh tab.
    with qtbot.waitSignal(page.file_written, timeout=60_000):
        page.save_run_to(tmp_path / "run.eval.json")
    other = loaded_tab(qtbot, services_for(engine_server))
    with qtbot.waitSignal(other.batch.run_opened, timeout=60_000):
        other.batch.open_run_from(tmp_path / "run.eval.json")
    reopened = other.batch.table_model
    assert reopened.rowCount() == 10 and reopened.columnCount() == table.columnCount()
    for row in range(10):
        for column in range(table.columnCount()):
            assert reopened.index(row, column).data() == table.index(row, column).data()
    qtmodeltester.check(reopened)


def test_cancel_stops_the_batch_and_continue_finishes_it(
    qtbot: QtBot, engine_server: EngineServer, fine_tuned: FineTuned
) -> None:
    tab = loaded_tab(qtbot, services_for(engine_server))
    page = tab.batch
    page.concurrency.setValue(1)
    rows = rows_from_examples(seed_examples())

    def cancel_on_first_answer() -> None:
        page.table_model.dataChanged.disconnect(cancel_on_first_answer)
        page.cancel_button.click()

    page.table_model.dataChanged.connect(cancel_on_first_answer)
    with qtbot.waitSignal(page.run_finished, timeout=300_000) as blocker:
        page.start(rows, [fine_tuned.model, "tiny-random"])
        assert page.cancel_button.isEnabled() and not page.run_button.isEnabled()
    run: EvaluationRun = blocker.args[0]
    assert run.state is RunState.CANCELLED
    assert 1 <= run.done < run.total
    qtbot.waitUntil(lambda: page.continue_button.isEnabled())
    assert "Cancelled" in page.status.text()
    unanswered = page.table_model.index(9, page.table_model.model_column("tiny-random", ModelField.ANSWER))
    assert unanswered.data() == "…"
    assert unanswered.data(Qt.ItemDataRole.ForegroundRole) is not None

    with qtbot.waitSignal(page.run_finished, timeout=300_000) as blocker:
        page.continue_button.click()
    assert blocker.args[0].state is RunState.COMPLETE and blocker.args[0].done == 20

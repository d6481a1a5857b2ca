from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.core.dataset import Example
from desktop.ui.wizard.findings_model import FINDING_ROLE, Column, FindingRow, FindingsModel, Level
from desktop.ui.wizard.fix_dialogs import (
    ApplyRecommendedDialog,
    FixPreviewDialog,
    PreviewRow,
    RecommendedFix,
    preview_text,
)
from desktop.ui.wizard.histogram import HistogramBin, TokenHistogram


def _finding(level: Level, rows: tuple[int, ...], fix: str | None = None) -> FindingRow:
    return FindingRow(level, f"{level.name} message", rows, tuple(str(r + 2) for r in rows), fix, fix or "")


def test_findings_model_sorts_errors_first_and_passes_the_model_tester(qtmodeltester, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    model = FindingsModel()
    model.set_findings(
        [
            _finding(Level.INFO, ()),
            _finding(Level.WARNING, tuple(range(10)), "trim"),
            _finding(Level.ERROR, (4,), "remove_empty"),
        ]
    )
    qtmodeltester.check(model)
    assert [model.finding(r).level for r in range(3)] == [Level.ERROR, Level.WARNING, Level.INFO]
    assert model.data(model.index(0, Column.SEVERITY)) == "Error"
    assert model.data(model.index(0, Column.ROWS)) == "6"
    assert model.data(model.index(1, Column.ROWS)) == "2, 3, 4, 5, 6, 7 (+4 more)"
    assert model.data(model.index(0, Column.FIX)) == "remove_empty"
    assert model.data(model.index(0, 0), FINDING_ROLE).first_row == 4
    assert not model.data(model.index(0, Column.SEVERITY), 1).isNull()  # an icon
    assert model.count(Level.ERROR) == 1


def test_fix_preview_shows_before_after_and_rows_touched(qtbot: QtBot) -> None:
    dialog = FixPreviewDialog(
        "Trim whitespace",
        "Removes spaces at either end.",
        3,
        [PreviewRow("Row 2", preview_text(Example({"prompt": " 你好 "})), preview_text({"prompt": "你好"}))],
    )
    qtbot.addWidget(dialog)
    assert "changes: 3" in dialog.touched_label.text()
    text = dialog.preview_view.toPlainText()
    assert '" 你好 "' in text and '"你好"' in text
    assert dialog.apply_button.isEnabled()
    dialog.set_preview(0, [])
    assert not dialog.apply_button.isEnabled()


def test_apply_recommended_lets_each_fix_be_declined(qtbot: QtBot) -> None:
    dialog = ApplyRecommendedDialog(
        [
            RecommendedFix("trim", "Trim whitespace", "3 rows"),
            RecommendedFix("dedupe", "Remove duplicates", ""),
        ]
    )
    qtbot.addWidget(dialog)
    assert dialog.chosen() == ["trim", "dedupe"]
    dialog.checks["trim"].setChecked(False)
    assert dialog.chosen() == ["dedupe"]
    dialog.checks["dedupe"].setChecked(False)
    assert not dialog.apply_button.isEnabled()


def test_histogram_paints_offscreen(qtbot: QtBot) -> None:
    histogram = TokenHistogram()
    qtbot.addWidget(histogram)
    histogram.resize(300, 120)
    histogram.set_bins(
        [HistogramBin(0, 10, 4), HistogramBin(10, 20, 7), HistogramBin(20, 30, 1, over_limit=True)]
    )
    image = histogram.grab().toImage()
    assert image.width() == 300
    assert "10–20 tokens: 7" in histogram.toolTip()

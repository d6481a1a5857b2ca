"""A comparison of a model against recorded golden answers (the test tab's evaluation tables)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.providers.evaluation import EvaluationRun
from desktop.ui.evaluation_models import EvaluationTableModel, SummaryTableModel


class GoldenComparisonView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run: EvaluationRun | None = None
        self.heading = QLabel(
            self.tr("No comparison yet. Record golden answers, then compare a model against them.")
        )
        self.heading.setWordWrap(True)
        self.summary_model = SummaryTableModel(self)
        self.summary = QTableView()
        self.summary.setModel(self.summary_model)
        self.summary.verticalHeader().setVisible(False)
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # One line per compared model: a header and one row, no scrolling.
        self.summary.setFixedHeight(self.summary.horizontalHeader().sizeHint().height() + 34)
        self.table_model = EvaluationTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def set_comparison(self, run: EvaluationRun, golden_model: str) -> None:
        self.run = run
        model = run.models[0] if run.models else ""
        self.heading.setText(
            self.tr(
                "%1 compared with the golden answers recorded from %2. “Expected” is the recorded answer."
            )
            .replace("%1", model)
            .replace("%2", golden_model)
        )
        self.summary_model.set_run(run)
        self.table_model.set_run(run)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in range(self.table_model.columnCount()):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 320))

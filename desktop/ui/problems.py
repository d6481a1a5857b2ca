"""The problems panel: rows of the opened file that could not be read, each jumpable-to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QHeaderView, QTableView, QWidget

from desktop.core.readers.reasons import in_ui_language
from desktop.ui.row_table_model import ColumnSpec, RowTableModel


@dataclass(frozen=True)
class Problem:
    """A row problem as the panel shows it (readers' RowProblem has the same fields)."""

    path: str
    row: int | None
    column: str | None
    reason: str


class ProblemsModel(RowTableModel[Problem]):
    item_flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    @property
    def problems(self) -> list[Problem]:
        return self._rows

    def set_problems(self, problems: list[Problem]) -> None:
        self.reset_rows(problems)

    def columns(self) -> list[ColumnSpec[Problem]]:
        def row(problem: Problem) -> str:
            return "" if problem.row is None else str(problem.row)

        def column(problem: Problem) -> str:
            return problem.column or ""

        def reason(problem: Problem) -> str:
            # The readers write their reasons in English; say them in the UI's language.
            return in_ui_language(problem.reason)

        return [
            ColumnSpec(
                self.tr("File"),
                display=lambda problem: problem.path.rsplit("/", 1)[-1],
                tooltip=lambda problem: problem.path,
            ),
            ColumnSpec(self.tr("Row / line"), display=row, tooltip=row),
            ColumnSpec(self.tr("Column"), display=column, tooltip=column),
            ColumnSpec(self.tr("Reason"), display=reason, tooltip=reason),
        ]

    def vertical_header(self, section: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
            return str(section + 1)
        return None


class ProblemsDock(QDockWidget):
    """Lists the problems; double-click asks to jump to the row (``row_activated(file row)``)."""

    row_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProblemsDock")
        self.model = ProblemsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.verticalHeader().hide()
        self.view.doubleClicked.connect(self._activated)
        self.setWidget(self.view)
        self.set_problems([])

    def set_problems(self, problems: list[Problem]) -> None:
        self.model.set_problems(problems)
        if problems:
            self.setWindowTitle(self.tr("Problems (%1)").replace("%1", str(len(problems))))
        else:
            self.setWindowTitle(self.tr("Problems"))

    def _activated(self, index: QModelIndex) -> None:
        problem = self.model.problems[index.row()]
        if problem.row is not None:
            self.row_activated.emit(problem.row)

"""The problems panel: rows of the opened file that could not be read, each jumpable-to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QHeaderView, QTableView, QWidget

from desktop.core.readers.reasons import in_ui_language

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Problem:
    """A row problem as the panel shows it (readers' RowProblem has the same fields)."""

    path: str
    row: int | None
    column: str | None
    reason: str


class ProblemsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.problems: list[Problem] = []

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            titles = [self.tr("File"), self.tr("Row / line"), self.tr("Column"), self.tr("Reason")]
            return titles[section] if 0 <= section < len(titles) else None
        return str(section + 1) if 0 <= section < len(self.problems) else None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        problem = self.problems[index.row()]
        column = index.column()
        if column == 0:
            return problem.path.rsplit("/", 1)[-1] if role == Qt.ItemDataRole.DisplayRole else problem.path
        if column == 1:
            return "" if problem.row is None else str(problem.row)
        if column == 2:
            return problem.column or ""
        # The readers write their reasons in English; say them in the UI's language.
        return in_ui_language(problem.reason)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


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

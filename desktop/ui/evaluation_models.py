"""Table models of a batch evaluation: every row's answers and scores, and the summary per model."""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.providers.evaluation import EvaluationRun, ModelAnswer, ModelSummary
from desktop.ui.display_text import printable
from desktop.ui.row_table_model import Cell, ColumnSpec, RowTableModel

AnyIndex = QModelIndex | QPersistentModelIndex

EXACT_BACKGROUND = QColor("#d1fadf")
NORMALISED_BACKGROUND = QColor("#ecfdf3")
WRONG_BACKGROUND = QColor("#fef3f2")
ERROR_FOREGROUND = QColor("#b42318")
PENDING_FOREGROUND = QColor("#98a2b3")
# Answers at least this similar to the expected one are not marked wrong.
SIMILAR_ENOUGH = 0.5

SortRole = Qt.ItemDataRole.UserRole


class ModelField(IntEnum):
    ANSWER = 0
    EXACT = 1
    NORMALISED = 2
    SIMILARITY = 3


FIXED_COLUMNS = 3  # row, prompt, expected


def _one_line(text: str, limit: int = 300) -> str:
    text = printable(text)
    line = " ⏎ ".join(part for part in text.splitlines() if part.strip()) if "\n" in text else text
    return line if len(line) <= limit else line[: limit - 1] + "…"


class EvaluationTableModel(QAbstractTableModel):
    """Row, prompt, expected answer, then per model: its answer, exact, normalised, similarity."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run: EvaluationRun | None = None

    @property
    def run(self) -> EvaluationRun | None:
        return self._run

    def set_run(self, run: EvaluationRun | None) -> None:
        self.beginResetModel()
        self._run = run
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self._run is None else len(self._run.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._run is None:
            return 0
        return FIXED_COLUMNS + len(ModelField) * len(self._run.models)

    def model_column(self, model: str, part: ModelField) -> int:
        assert self._run is not None
        return FIXED_COLUMNS + len(ModelField) * self._run.models.index(model) + part

    def is_text_column(self, column: int) -> bool:
        """Prompt, expected answer and each model's answer: the columns worth their width."""
        split = self._split(column)
        return column in (1, 2) if split is None else split[1] is ModelField.ANSWER

    def _split(self, column: int) -> tuple[str, ModelField] | None:
        if self._run is None or column < FIXED_COLUMNS:
            return None
        model_index, part = divmod(column - FIXED_COLUMNS, len(ModelField))
        return self._run.models[model_index], ModelField(part)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._run is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < self.columnCount():
            return None
        split = self._split(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if split is None:
                return (self.tr("Row"), self.tr("Prompt"), self.tr("Expected"))[section]
            model, part = split
            titles = {
                ModelField.ANSWER: self.tr("Answer"),
                ModelField.EXACT: self.tr("Exact"),
                ModelField.NORMALISED: self.tr("Normalised"),
                ModelField.SIMILARITY: self.tr("Similarity"),
            }
            if part is ModelField.ANSWER:
                return f"{titles[part]} · {model}"
            return titles[part]
        if role == Qt.ItemDataRole.ToolTipRole and split is not None:
            model, part = split
            explanations = {
                ModelField.ANSWER: self.tr("What %1 answered"),
                ModelField.EXACT: self.tr("%1: the answer equals the expected one"),
                ModelField.NORMALISED: self.tr("%1: equal once case, spaces and punctuation are ignored"),
                ModelField.SIMILARITY: self.tr("%1: character-level similarity (1 − edit distance / length)"),
            }
            return explanations[part].replace("%1", model)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        run = self._run
        if run is None or not index.isValid() or index.row() >= len(run.rows):
            return None
        if index.column() >= self.columnCount():
            return None
        row = run.rows[index.row()]
        split = self._split(index.column())
        if split is None:
            values: list[Any] = [
                row.source_row if row.source_row is not None else index.row() + 1,
                row.prompt,
                row.expected,
            ]
            value = values[index.column()]
            if role == Qt.ItemDataRole.DisplayRole:
                return value if isinstance(value, int) else _one_line(value)
            if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and value:
                return value
            if role == SortRole:
                return value
            return None
        model, part = split
        answer = run.answer(index.row(), model)
        return self._answer_data(answer, part, role)

    def _answer_data(self, answer: ModelAnswer | None, part: ModelField, role: int) -> Any:
        score = answer.score if answer is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            if answer is None:
                return "…" if part is ModelField.ANSWER else ""
            if answer.failed:
                return "⚠ " + _one_line(answer.error or "") if part is ModelField.ANSWER else "—"
            if part is ModelField.ANSWER:
                return _one_line(answer.text or "")
            if score is None:
                return ""
            if part is ModelField.EXACT:
                return "✓" if score.exact else "✗"
            if part is ModelField.NORMALISED:
                return "✓" if score.normalised else "✗"
            return f"{score.similarity:.2f}"
        if role == Qt.ItemDataRole.ToolTipRole and answer is not None:
            if answer.failed:
                return answer.error
            if part is ModelField.ANSWER:
                return answer.text
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if answer is None:
                return QBrush(PENDING_FOREGROUND)
            if answer.failed:
                return QBrush(ERROR_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and score is not None:
            if score.exact:
                return QBrush(EXACT_BACKGROUND)
            if score.normalised:
                return QBrush(NORMALISED_BACKGROUND)
            if score.similarity < SIMILAR_ENOUGH:
                return QBrush(WRONG_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and part is not ModelField.ANSWER:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == SortRole and score is not None:
            return {
                ModelField.ANSWER: answer.text if answer else "",
                ModelField.EXACT: score.exact,
                ModelField.NORMALISED: score.normalised,
                ModelField.SIMILARITY: score.similarity,
            }[part]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def answer_arrived(self, row_index: int, model: str) -> None:
        if self._run is None or model not in self._run.models or not 0 <= row_index < len(self._run.rows):
            return
        first = self.index(row_index, self.model_column(model, ModelField.ANSWER))
        last = self.index(row_index, self.model_column(model, ModelField.SIMILARITY))
        self.dataChanged.emit(first, last)


def _percent(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.0%}"


class SummaryTableModel(RowTableModel[str]):
    """One line per model: how many rows it answered, and its scores over them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run: EvaluationRun | None = None

    def set_run(self, run: EvaluationRun | None) -> None:
        # A run's models are fixed when it starts; its answers arrive later (see refresh).
        self._run = run
        self.reset_rows(run.models if run is not None else [])

    def refresh(self) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def _summary(self, model: str) -> ModelSummary:
        assert self._run is not None
        return self._run.summary(model)

    def columns(self) -> list[ColumnSpec[str]]:
        centred = Qt.AlignmentFlag.AlignCenter

        def scored(
            header: str, text: Callable[[ModelSummary], str], tooltip: Cell[str] | None = None
        ) -> ColumnSpec[str]:
            def display(model: str) -> str:
                return text(self._summary(model))

            return ColumnSpec(header, display=display, tooltip=tooltip, alignment=centred)

        def matches_tooltip(exact: bool) -> Cell[str]:
            def tooltip(model: str) -> str:
                scores = self._summary(model).scores
                matches = scores.exact_matches if exact else scores.normalised_matches
                return (
                    self.tr("%1 of %2 answered rows")
                    .replace("%1", str(matches))
                    .replace("%2", str(scores.answered))
                )

            return tooltip

        def mean(value: float, template: str) -> str:
            return "—" if math.isnan(value) else template.format(value)

        return [
            ColumnSpec(self.tr("Model"), display=lambda model: model, tooltip=lambda model: model),
            scored(self.tr("Answered"), lambda s: f"{s.scores.answered} / {s.scores.rows}"),
            scored(self.tr("Errors"), lambda s: str(s.scores.errors)),
            scored(
                self.tr("Exact match"), lambda s: _percent(s.scores.exact_rate), matches_tooltip(exact=True)
            ),
            scored(
                self.tr("Normalised match"),
                lambda s: _percent(s.scores.normalised_rate),
                matches_tooltip(exact=False),
            ),
            scored(self.tr("Mean similarity"), lambda s: mean(s.scores.mean_similarity, "{:.2f}")),
            scored(self.tr("Mean latency"), lambda s: mean(s.mean_latency_s, "{:.2f} s")),
            scored(
                self.tr("Tokens (prompt → answer)"), lambda s: f"{s.prompt_tokens} → {s.completion_tokens}"
            ),
        ]

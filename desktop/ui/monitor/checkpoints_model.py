"""A job's checkpoints with their metrics, as a table model."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.providers.jobs import Checkpoint
from desktop.ui.monitor.status import format_timestamp

ModelIndex = QModelIndex | QPersistentModelIndex


class CheckpointColumn(IntEnum):
    STEP = 0
    MODEL = 1
    CREATED = 2
    TRAIN_LOSS = 3
    VALID_LOSS = 4
    FULL_VALID_LOSS = 5
    TRAIN_ACCURACY = 6
    VALID_ACCURACY = 7


_METRIC_OF_COLUMN = {
    CheckpointColumn.TRAIN_LOSS: "train_loss",
    CheckpointColumn.VALID_LOSS: "valid_loss",
    CheckpointColumn.FULL_VALID_LOSS: "full_valid_loss",
    CheckpointColumn.TRAIN_ACCURACY: "train_mean_token_accuracy",
    CheckpointColumn.VALID_ACCURACY: "valid_mean_token_accuracy",
}


class CheckpointsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._checkpoints: list[Checkpoint] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._checkpoints)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CheckpointColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(CheckpointColumn):
            return None
        return {
            CheckpointColumn.STEP: self.tr("Step"),
            CheckpointColumn.MODEL: self.tr("Checkpoint model"),
            CheckpointColumn.CREATED: self.tr("Created"),
            CheckpointColumn.TRAIN_LOSS: self.tr("Training loss"),
            CheckpointColumn.VALID_LOSS: self.tr("Validation loss"),
            CheckpointColumn.FULL_VALID_LOSS: self.tr("Full validation loss"),
            CheckpointColumn.TRAIN_ACCURACY: self.tr("Training accuracy"),
            CheckpointColumn.VALID_ACCURACY: self.tr("Validation accuracy"),
        }[CheckpointColumn(section)]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._checkpoints):
            return None
        checkpoint = self._checkpoints[index.row()]
        column = CheckpointColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == CheckpointColumn.STEP:
                return str(checkpoint.step_number)
            if column == CheckpointColumn.MODEL:
                return checkpoint.fine_tuned_model_checkpoint
            if column == CheckpointColumn.CREATED:
                return format_timestamp(checkpoint.created_at)
            value = checkpoint.metrics.get(_METRIC_OF_COLUMN[column])
            return "" if value is None else f"{value:.4f}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _METRIC_OF_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def checkpoints(self) -> list[Checkpoint]:
        return list(self._checkpoints)

    def set_checkpoints(self, checkpoints: list[Checkpoint]) -> None:
        self.beginResetModel()
        self._checkpoints = sorted(checkpoints, key=lambda c: c.step_number, reverse=True)
        self.endResetModel()

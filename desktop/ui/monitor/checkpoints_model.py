"""A job's checkpoints with their metrics, as a table model."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt

from desktop.providers.jobs import Checkpoint
from desktop.ui.job_status import format_timestamp
from desktop.ui.row_table_model import Cell, ColumnSpec, RowTableModel


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


class CheckpointsTableModel(RowTableModel[Checkpoint]):
    def columns(self) -> list[ColumnSpec[Checkpoint]]:
        def metric(column: CheckpointColumn) -> Cell[Checkpoint]:
            name = _METRIC_OF_COLUMN[column]

            def text(checkpoint: Checkpoint) -> str:
                value = checkpoint.metrics.get(name)
                return "" if value is None else f"{value:.4f}"

            return text

        def shown(
            header: str, cell: Cell[Checkpoint], alignment: Qt.AlignmentFlag | None = None
        ) -> ColumnSpec[Checkpoint]:
            return ColumnSpec(header, display=cell, tooltip=cell, alignment=alignment)

        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return [
            shown(self.tr("Step"), lambda c: str(c.step_number)),
            shown(self.tr("Checkpoint model"), lambda c: c.fine_tuned_model_checkpoint),
            shown(self.tr("Created"), lambda c: format_timestamp(c.created_at)),
            shown(self.tr("Training loss"), metric(CheckpointColumn.TRAIN_LOSS), right),
            shown(self.tr("Validation loss"), metric(CheckpointColumn.VALID_LOSS), right),
            shown(self.tr("Full validation loss"), metric(CheckpointColumn.FULL_VALID_LOSS), right),
            shown(self.tr("Training accuracy"), metric(CheckpointColumn.TRAIN_ACCURACY), right),
            shown(self.tr("Validation accuracy"), metric(CheckpointColumn.VALID_ACCURACY), right),
        ]

    def checkpoints(self) -> list[Checkpoint]:
        return list(self._rows)

    def set_checkpoints(self, checkpoints: list[Checkpoint]) -> None:
        self.reset_rows(sorted(checkpoints, key=lambda c: c.step_number, reverse=True))

"""What the wizard's two tables of base models share (the provider's, and the local engine's).

Rows are the candidates for training, each with a ``model_id`` and a ``usable`` verdict for this
data: usable rows are selectable, the others are shown disabled (their reason stays readable).
Each table sorts its rows its own way and states its own columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from PySide6.QtCore import Qt

from desktop.ui.row_table_model import AnyIndex, RowTableModel


class CandidateRow(Protocol):
    @property
    def model_id(self) -> str: ...

    @property
    def usable(self) -> bool: ...


Row = TypeVar("Row", bound=CandidateRow)


class CandidateTableModel(RowTableModel[Row]):
    """Base models to pick one from; the subclass orders them (:meth:`order`) and states the columns."""

    def order(self, rows: Sequence[Row]) -> list[Row]:
        return list(rows)

    def set_models(self, rows: Sequence[Row]) -> None:
        self.reset_rows(self.order(rows))

    def model_row(self, row: int) -> Row:
        return self._rows[row]

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_of(self, model_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.model_id == model_id), None)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        item = self.item_at(index)
        if item is None or not item.usable:
            # Greyed, but still readable: the reason is in the table and the tooltip.
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

"""The base models a profile offers, as a table: usable ones normal, incompatible ones greyed
with the reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.ui import theme
from desktop.ui.row_table_model import Cell, ColumnSpec
from desktop.ui.wizard.model_table import CandidateTableModel

if TYPE_CHECKING:
    from desktop.core.catalog import CatalogModel

MODEL_ROW_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ModelRow:
    model_id: str
    display_name: str
    in_catalog: bool  # known to the bundled catalog
    is_live: bool  # listed by the provider right now
    formats: str  # readable: "chat, preference"
    methods: tuple[str, ...]  # "supervised", "dpo"
    token_limit: int | None
    price_per_million: float | None  # training, US$
    incompatibility: str | None  # why it cannot train on this data, in the UI language
    warning: str | None  # e.g. retiring soon, in the UI language
    description: str = ""
    catalog_entry: CatalogModel | None = None
    short_warning: str | None = None  # the warning in a few words, for the table

    @property
    def usable(self) -> bool:
        return self.incompatibility is None

    @property
    def supports_dpo(self) -> bool:
        return "dpo" in self.methods

    @property
    def supports_sft(self) -> bool:
        return "supervised" in self.methods


class Column(IntEnum):
    MODEL = 0
    SOURCE = 1
    FORMATS = 2
    LIMIT = 3
    PRICE = 4
    NOTE = 5


class BaseModelsModel(CandidateTableModel[ModelRow]):
    row_role = MODEL_ROW_ROLE

    def order(self, rows: Sequence[ModelRow]) -> list[ModelRow]:
        # Usable models first, then by name, so the choice is at the top.
        return sorted(rows, key=lambda r: (not r.usable, r.model_id))

    def columns(self) -> list[ColumnSpec[ModelRow]]:
        def tooltip(model: ModelRow) -> str | None:
            return (
                "\n".join(t for t in (model.incompatibility, model.warning, model.description) if t) or None
            )

        def greyed(model: ModelRow) -> QBrush | None:
            if model.usable:
                return None
            return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))

        def note_foreground(model: ModelRow) -> QBrush | None:
            if model.usable and model.warning:
                return QBrush(QColor(theme.colour("warning")))
            return greyed(model)

        def price(model: ModelRow) -> str:
            if model.price_per_million is None:
                return "—"
            return self.tr("free") if model.price_per_million == 0 else f"US${model.price_per_million:g}"

        def column(header: str, display: Cell[ModelRow]) -> ColumnSpec[ModelRow]:
            return ColumnSpec(header, display=display, tooltip=tooltip, foreground=greyed)

        return [
            column(self.tr("Base model"), lambda m: m.model_id),
            column(self.tr("Listed by"), self.source_text),
            column(self.tr("Data formats"), lambda m: m.formats),
            column(self.tr("Tokens per example"), lambda m: f"{m.token_limit:,}" if m.token_limit else "—"),
            column(self.tr("Training, per 1M tokens"), price),
            ColumnSpec(
                self.tr("Note"),
                display=lambda m: m.incompatibility or m.short_warning or m.warning or m.description,
                tooltip=tooltip,
                foreground=note_foreground,
            ),
        ]

    def source_text(self, model: ModelRow) -> str:
        if model.in_catalog and model.is_live:
            return self.tr("catalog and provider")
        if model.is_live:
            return self.tr("provider")
        return self.tr("catalog")

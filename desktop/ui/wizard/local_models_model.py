"""The local engine's base models as a table: size, download state, fit on this machine, training time.

One row per :class:`~desktop.providers.engine_models.BaseModelInfo`, with the engine's estimate for
this data set (time, fit) and the running download, if any. Pure presentation: the panel
(local_models.py) fetches and downloads off the UI thread and hands the results in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.cost import format_duration
from desktop.core.i18n import current_language
from desktop.ui.row_table_model import Cell, ColumnSpec
from desktop.ui.wizard.model_table import CandidateTableModel

if TYPE_CHECKING:
    from desktop.providers.engine_models import BaseModelInfo, Download, Fit, TrainingEstimate

LOCAL_ROW_ROLE = Qt.ItemDataRole.UserRole + 11
FIT_COLOURS = {"ok": "#1b6e20", "tight": "#a15c00", "no": "#b3261e"}


def format_size(size: int | None) -> str:
    """Bytes for people: 950 MB, 1.0 GB, 15.2 GB."""
    if size is None or size < 0:
        return "—"
    if size >= 950 * 1000**2:  # 999 MB reads better as 1.0 GB
        return f"{size / 1000**3:.1f} GB"
    if size >= 1000**2:
        return f"{size / 1000**2:.0f} MB"
    return f"{max(1, round(size / 1000))} KB"


def format_parameters(parameters: int | None) -> str:
    if not parameters:
        return "—"
    if parameters >= 1_000_000_000:
        return f"{parameters / 1e9:.1f} B"
    if parameters >= 1_000_000:
        return f"{parameters / 1e6:.0f} M"
    return f"{parameters / 1e3:.0f} K"


@dataclass(frozen=True)
class LocalModelRow:
    info: BaseModelInfo
    estimate: TrainingEstimate | None = None  # for this data set, once known
    estimate_error: str | None = None
    download: Download | None = None  # the running (or last) download of this model
    # Why the model cannot train on this data (e.g. examples longer than its context), or None.
    incompatibility: str | None = None

    @property
    def model_id(self) -> str:
        return str(self.info.id)

    @property
    def usable(self) -> bool:
        return self.incompatibility is None

    @property
    def downloading(self) -> bool:
        download = self.download
        return download is not None and not download.status.finished

    @property
    def fit(self) -> Fit | None:
        """The fit for this data when estimated, else the engine's default-settings fit."""
        estimated = self.estimate.fits if self.estimate is not None else None
        return estimated if estimated is not None else self.info.fits

    @property
    def verdict(self) -> str:
        fit = self.fit
        return str(fit.verdict.value) if fit is not None else "unknown"


class LocalColumn(IntEnum):
    MODEL = 0
    SIZE = 1
    STATE = 2
    FIT = 3
    TIME = 4
    NOTE = 5


class LocalModelsModel(CandidateTableModel[LocalModelRow]):
    """Recommended, downloaded and folder models of the local engine, test models last."""

    row_role = LOCAL_ROW_ROLE

    # -- content

    def order(self, rows: Sequence[LocalModelRow]) -> list[LocalModelRow]:
        # Real models first (the catalog's order: recommended ones lead), test models at the end.
        return sorted(rows, key=lambda r: bool(r.info.test_model))

    def add_model(self, row: LocalModelRow) -> int:
        """Add a model (or replace the one with its id); returns its row."""
        existing = self.row_of(row.model_id)
        if existing is not None:
            self.update_row(existing, row)
            return existing
        position = sum(1 for r in self._rows if not r.info.test_model)
        self.insert_item(position, row)
        return position

    def update_row(self, row: int, value: LocalModelRow) -> None:
        self.replace_item(row, value)

    def update_model(self, model_id: str, **changes: Any) -> None:  # Any: any LocalModelRow fields
        row = self.row_of(model_id)
        if row is not None:
            self.update_row(row, replace(self._rows[row], **changes))

    # -- columns

    def columns(self) -> list[ColumnSpec[LocalModelRow]]:
        def greyed(row: LocalModelRow) -> QBrush | None:
            return None if row.usable else QBrush(QColor("#888888"))

        def fit_foreground(row: LocalModelRow) -> QBrush | None:
            if row.usable and row.verdict in FIT_COLOURS:
                return QBrush(QColor(FIT_COLOURS[row.verdict]))
            return greyed(row)

        def state_foreground(row: LocalModelRow) -> QBrush | None:
            if row.usable and row.info.downloaded:
                return QBrush(QColor(FIT_COLOURS["ok"]))
            return greyed(row)

        def bold_unless_test_model(row: LocalModelRow) -> QFont | None:
            if row.info.test_model:
                return None
            font = QFont()
            font.setBold(True)
            return font

        def column(
            header: str, display: Cell[LocalModelRow], foreground: Cell[LocalModelRow] = greyed
        ) -> ColumnSpec[LocalModelRow]:
            return ColumnSpec(header, display=display, tooltip=self._tooltip, foreground=foreground)

        return [
            ColumnSpec(
                self.tr("Base model"),
                display=self.model_text,
                tooltip=self._tooltip,
                foreground=greyed,
                font=bold_unless_test_model,
            ),
            column(self.tr("Parameters"), lambda row: format_parameters(row.info.parameters)),
            column(self.tr("On this computer"), self.state_text, state_foreground),
            column(self.tr("Fits this computer?"), self.fit_text, fit_foreground),
            column(self.tr("Training time, this data"), self.time_text),
            column(self.tr("Good for"), self.note_text),
        ]

    def model_text(self, row: LocalModelRow) -> str:
        info = row.info
        name = info.name
        if info.test_model:
            name += " " + self.tr("(test model)")
        return name if name == info.id or info.test_model else f"{name}\n{info.id}"

    def note_text(self, row: LocalModelRow) -> str:
        if row.incompatibility:
            return row.incompatibility
        return row.info.recommended_for or row.info.license

    def state_text(self, row: LocalModelRow) -> str:
        info = row.info
        download = row.download
        if download is not None and row.downloading:
            fraction = download.fraction
            if fraction is None:
                return self.tr("downloading…")
            return self.tr("downloading %1%").replace("%1", str(int(fraction * 100)))
        if info.downloaded or not info.is_hub_model:
            return self.tr("built in") if info.test_model else self.tr("downloaded")
        if info.download_bytes:
            text = self.tr("download %1").replace("%1", format_size(info.download_bytes))
        else:
            text = self.tr("not downloaded yet")
        if info.gated:
            text += " · " + self.tr("needs access")
        return text

    def fit_text(self, row: LocalModelRow) -> str:
        """The verdict and the memory it needs (the device is named once, above the table)."""
        fit = row.fit
        if fit is None or row.verdict not in FIT_COLOURS:
            return "—"
        needed = format_size(fit.needed_bytes)
        available = format_size(fit.memory_bytes)
        template = {
            "ok": self.tr("yes · needs %1 of %2"),
            "tight": self.tr("tight · needs %1 of %2"),
            "no": self.tr("no · needs %1, has %2"),
        }[row.verdict]
        return template.replace("%1", needed).replace("%2", available)

    def device_text(self) -> str:
        """This machine as the engine sees it ("NVIDIA H100, 80.0 GB"), from the first model's fit."""
        fit = next((r.fit for r in self._rows if r.fit is not None), None)
        if fit is None:
            return ""
        device = fit.device_name or fit.device.upper()
        if current_language() == "zh_CN":
            # The engine names the device in English ("AMD EPYC (2 threads)"): its count, in Chinese.
            device = re.sub(r"\s*\((\d+) threads?\)", r"（\1 个线程）", device)
        return (
            self.tr("Training on: %1, %2 of memory available.")
            .replace("%1", device)
            .replace("%2", format_size(fit.memory_bytes))
        )

    def time_text(self, row: LocalModelRow) -> str:
        seconds = getattr(row.estimate, "estimated_seconds", None)
        if seconds is None:
            return "…" if row.estimate is None and row.estimate_error is None else "—"
        return "≈ " + format_duration(float(seconds), current_language() == "zh_CN")

    def _tooltip(self, row: LocalModelRow) -> str | None:
        info = row.info
        lines = [info.id]
        if info.recommended_for:
            lines.append(info.recommended_for)
        facts = []
        if info.license:
            facts.append(self.tr("Licence: %1").replace("%1", info.license))
        if info.context_length:
            facts.append(self.tr("Context: %1 tokens").replace("%1", f"{info.context_length:,}"))
        if info.languages:
            facts.append(self.tr("Languages: %1").replace("%1", ", ".join(info.languages)))
        if info.download_bytes:
            facts.append(self.tr("Download: %1").replace("%1", format_size(info.download_bytes)))
        lines.extend(facts)
        if info.gated:
            lines.append(self.tr("Gated: its publisher asks you to accept its terms on Hugging Face first."))
        if row.incompatibility:
            lines.append(row.incompatibility)
        if row.estimate_error:
            lines.append(row.estimate_error)
        return "\n".join(lines)

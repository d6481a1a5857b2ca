"""The findings of the data checks as a table: severity, message, rows, fix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop.ui.row_table_model import ColumnSpec, RowTableModel

if TYPE_CHECKING:
    from desktop.core.findings import Finding, Severity

MAX_ROWS_SHOWN = 6
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1  # the FindingRow of a table row


class Level(IntEnum):
    """Severity, ordered so that errors sort first."""

    ERROR = 0
    WARNING = 1
    INFO = 2

    @classmethod
    def of(cls, severity: Severity | str) -> Level:
        """The level of a core Severity (by its name or value: "error", "warning", "info")."""
        name = str(getattr(severity, "value", severity)).lower()
        return {"error": cls.ERROR, "warning": cls.WARNING}.get(name, cls.INFO)


@dataclass(frozen=True)
class FindingRow:
    """One finding as the page shows it; ``rows`` are document rows (indexes into the examples)."""

    level: Level
    message: str
    rows: tuple[int, ...]
    # The first rows as the user knows them (source file rows); a finding on 100k rows keeps a few.
    row_labels: tuple[str, ...]
    fix_id: str | None
    fix_title: str
    finding: Finding | None = None
    recommended: bool = False  # its fix is one "Apply all recommended" applies

    @property
    def first_row(self) -> int | None:
        return self.rows[0] if self.rows else None


class Column(IntEnum):
    SEVERITY = 0
    MESSAGE = 1
    ROWS = 2
    FIX = 3


class FindingsModel(RowTableModel[FindingRow]):
    row_role = FINDING_ROLE

    def set_findings(self, findings: Sequence[FindingRow]) -> None:
        self.reset_rows(sorted(findings, key=lambda f: f.level))

    def rows(self) -> list[FindingRow]:
        return list(self._rows)

    def finding(self, row: int) -> FindingRow:
        return self._rows[row]

    @property
    def findings(self) -> list[FindingRow]:
        return list(self._rows)

    def count(self, level: Level) -> int:
        return sum(1 for f in self._rows if f.level is level)

    def columns(self) -> list[ColumnSpec[FindingRow]]:
        def message(finding: FindingRow) -> str:
            return finding.message

        def rows_tooltip(finding: FindingRow) -> str:
            if finding.rows:
                return self.tr("Double-click to show the first row in the editor.")
            return finding.message

        def fix_text(finding: FindingRow) -> str:
            if finding.recommended and finding.fix_title:
                return self.tr("%1 (recommended)").replace("%1", finding.fix_title)
            return finding.fix_title

        def fix_tooltip(finding: FindingRow) -> str:
            if finding.fix_id:
                return self.tr("Select the finding and press “Fix…” to preview this fix.")
            return finding.message

        return [
            ColumnSpec(
                self.tr("Severity"),
                display=lambda f: self.level_text(f.level),
                tooltip=message,
                decoration=lambda f: self.level_icon(f.level),
            ),
            ColumnSpec(self.tr("Finding"), display=message, tooltip=message),
            ColumnSpec(self.tr("Rows"), display=self.rows_text, tooltip=rows_tooltip),
            ColumnSpec(self.tr("Fix"), display=fix_text, tooltip=fix_tooltip),
        ]

    # --- Text and icons --------------------------------------------------------------------------------

    def level_text(self, level: Level) -> str:
        return {
            Level.ERROR: self.tr("Error"),
            Level.WARNING: self.tr("Warning"),
            Level.INFO: self.tr("Info"),
        }[level]

    @staticmethod
    def level_icon(level: Level) -> QIcon:
        style = QApplication.style()
        pixmap = {
            Level.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
            Level.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
            Level.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
        }[level]
        return style.standardIcon(pixmap)

    def rows_text(self, finding: FindingRow) -> str:
        labels = finding.row_labels
        if not labels:
            return ""
        shown = ", ".join(labels[:MAX_ROWS_SHOWN])
        total = max(len(labels), len(finding.rows))
        if total > MAX_ROWS_SHOWN:
            shown += " " + self.tr("(+%n more)", "", total - MAX_ROWS_SHOWN)
        return shown

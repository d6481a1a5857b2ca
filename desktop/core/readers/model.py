"""What the readers hand back: raw tables, column mappings, load results, problems and the one fatal error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.dataset import Dataset, ExampleKind
from desktop.core.i18n import pick


class UnreadableFileError(Exception):
    """The file cannot be opened at all; ``str(error)`` names the file and says what is wrong."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason  # English, as the reader wrote it
        super().__init__(
            pick("Cannot open “{name}”: {reason}", "无法打开“{name}”：{reason}").format(
                name=self.path.name, reason=self.localised_reason
            )
        )

    @property
    def localised_reason(self) -> str:
        from desktop.core.readers.reasons import in_ui_language

        return in_ui_language(self.reason)

    @property
    def user_details(self) -> str:
        """What the Details button shows: the file and the reason, never a traceback (nothing broke)."""
        reason = self.localised_reason
        return pick("File: {path}\n\n{reason}", "文件：{path}\n\n{reason}").format(
            path=self.path, reason=reason[:1].upper() + reason[1:]
        )


@dataclass(frozen=True)
class RowProblem:
    """A line or row that was skipped, or a cell that needed attention.

    ``row`` is the 1-based line (json/jsonl) or the spreadsheet row number as the user sees it.
    """

    path: Path
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.path.name
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column “{self.column}”"
        return f"{where}: {self.reason}"


@dataclass
class SheetInfo:
    name: str
    rows: int
    has_data: bool


@dataclass
class RawTable:
    """A sheet or CSV before column mapping, every cell already text."""

    path: Path
    sheet: str | None
    headers: list[str]
    header_row: int  # 1-based row of the headers; 0 when the table has no header row
    rows: list[list[str]]
    row_numbers: list[int]  # the source row number of each row, as the user sees it
    conversions: list[str]  # how non-text cells became text, said for the user
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)  # other things worth telling (skipped title rows, ...)
    problems: list[RowProblem] = field(default_factory=list)  # cells that need a look (cut-off text)


@dataclass
class ColumnMapping:
    """Target field -> source column indexes; several columns are joined with a blank line."""

    kind: ExampleKind
    fields: dict[str, list[int]]
    extra: list[int] = field(default_factory=list)

    def describe(self, headers: list[str]) -> str:
        parts = [
            f"{target} ← " + " + ".join(f"“{headers[i]}”" for i in columns)
            for target, columns in self.fields.items()
            if columns
        ]
        if self.extra:
            parts.append("kept, not exported: " + ", ".join(f"“{headers[i]}”" for i in self.extra))
        return f"{self.kind.label}: " + "; ".join(parts)


@dataclass
class LoadResult:
    dataset: Dataset
    problems: list[RowProblem]
    notes: list[str]
    table: RawTable | None
    mapping: ColumnMapping | None
    sheets: list[SheetInfo]

"""One entry point per question: what format is this, which sheets, what table, what data set."""

from __future__ import annotations

from pathlib import Path

from desktop.core.dataset import ExampleKind
from desktop.core.gcpause import gc_paused
from desktop.core.readers.delimited import read_delimited
from desktop.core.readers.jsonfiles import read_json, read_jsonl
from desktop.core.readers.mapping import guess_mapping, table_to_dataset
from desktop.core.readers.model import ColumnMapping, LoadResult, RawTable, SheetInfo, UnreadableFileError
from desktop.core.readers.spreadsheet import list_workbook_sheets, read_workbook_table

_FORMATS = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_FORMATS)
WORKBOOK_FORMATS = ("xlsx", "xls", "ods")


def file_format(path: Path) -> str:
    """ "xlsx" | "xls" | "ods" | "csv" | "tsv" | "json" | "jsonl", from the file name."""
    fmt = _FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        known = ", ".join(SUPPORTED_SUFFIXES)
        raise UnreadableFileError(
            Path(path),
            f"files named {Path(path).suffix or 'without a suffix'} are not supported (use {known})",
        )
    return fmt


def list_sheets(path: Path) -> list[SheetInfo]:
    """The sheets of a workbook; an empty list for files that have no sheets (csv, json)."""
    path = Path(path)
    fmt = file_format(path)
    if fmt not in WORKBOOK_FORMATS:
        return []
    return list_workbook_sheets(path, fmt)


def _read_table(
    path: Path, sheet: str | None, encoding: str | None, header_row: int | None
) -> tuple[RawTable, list[SheetInfo]]:
    fmt = file_format(path)
    if fmt in WORKBOOK_FORMATS:
        return read_workbook_table(path, fmt, sheet, header_row)
    if fmt in ("csv", "tsv"):
        return read_delimited(path, fmt, encoding, header_row), []
    raise UnreadableFileError(path, "JSON files hold records, not a table; open them with open_dataset")


def read_table(
    path: Path,
    sheet: str | None = None,
    encoding: str | None = None,
    *,
    header_row: int | None = None,
) -> RawTable:
    """The sheet or CSV as text cells; default sheet: the first with data.

    ``header_row`` (1-based; 0 for a table without headers) overrides the header-row guess.
    """
    return _read_table(Path(path), sheet, encoding, header_row)[0]


def read_json_records(path: Path, kind: ExampleKind | None = None) -> LoadResult:
    """A .json array (or .jsonl) of records; the kind is detected unless given."""
    path = Path(path)
    if file_format(path) == "jsonl":
        return read_jsonl(path, kind)
    return read_json(path, kind)


def open_dataset(
    path: Path,
    *,
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    kind: ExampleKind | None = None,
    encoding: str | None = None,
    header_row: int | None = None,
) -> LoadResult:
    """Any supported file as a data set. Opening never writes to the file."""
    with gc_paused():  # a big file makes millions of objects and no cycles (see gcpause)
        return _open_dataset(Path(path), sheet, mapping, kind, encoding, header_row)


def _open_dataset(
    path: Path,
    sheet: str | None,
    mapping: ColumnMapping | None,
    kind: ExampleKind | None,
    encoding: str | None,
    header_row: int | None,
) -> LoadResult:
    fmt = file_format(path)
    if fmt == "jsonl":
        return read_jsonl(path, kind, mapping)
    if fmt == "json":
        return read_json(path, kind, mapping)
    table, sheets = _read_table(path, sheet, encoding, header_row)
    if not table.headers:
        where = f"sheet “{table.sheet}”" if table.sheet else "the file"
        raise UnreadableFileError(path, f"{where} has no data")
    if mapping is None:
        mapping = guess_mapping(table, kind)
    result = table_to_dataset(table, mapping)
    result.dataset.source_format = fmt
    result.sheets = sheets
    if len([s for s in sheets if s.has_data]) > 1 and table.sheet is not None:
        result.notes.insert(0, f"Sheet “{table.sheet}” of {len(sheets)}")
    return result

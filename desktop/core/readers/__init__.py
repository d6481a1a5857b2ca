"""Reading data sets from spreadsheets, CSV/TSV, JSON and JSON Lines. No Qt.

``open_dataset(path)`` is the one call for any supported file; ``read_table``, ``guess_mapping``
and ``table_to_dataset`` are its steps, for the mapping dialog that lets the user change them.
"""

from desktop.core.readers.mapping import ColumnMapping, guess_kind, guess_mapping, table_to_dataset
from desktop.core.readers.model import LoadResult, RawTable, RowProblem, SheetInfo, UnreadableFileError
from desktop.core.readers.opening import (
    SUPPORTED_SUFFIXES,
    file_format,
    list_sheets,
    open_dataset,
    read_json_records,
    read_table,
)
from desktop.core.readers.preview import preview_dataset, preview_table

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ColumnMapping",
    "LoadResult",
    "RawTable",
    "RowProblem",
    "SheetInfo",
    "UnreadableFileError",
    "file_format",
    "guess_kind",
    "guess_mapping",
    "list_sheets",
    "open_dataset",
    "preview_dataset",
    "preview_table",
    "read_json_records",
    "read_table",
    "table_to_dataset",
]

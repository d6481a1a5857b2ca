"""Reading data sets from spreadsheets, CSV/TSV, JSON and JSON Lines. No Qt.

``open_dataset(path)`` is the one call for any supported file; ``read_table``, ``guess_mapping``
and ``table_to_dataset`` are its steps, for the mapping dialog that lets the user change them
(``TARGETS`` lists the fields each kind can fill). ``preview_dataset(path)`` gives the first rows
in milliseconds, to show while ``open_dataset`` reads the whole file on a worker thread.
Nothing here writes to the file it reads; ``UnreadableFileError`` is the one error for a file
that cannot be opened at all, and bad rows come back as ``RowProblem``s next to the good ones.
"""

from desktop.core.readers.mapping import TARGETS, guess_kind, guess_mapping, table_to_dataset
from desktop.core.readers.model import (
    ColumnMapping,
    LoadResult,
    RawTable,
    RowProblem,
    SheetInfo,
    UnreadableFileError,
)
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
    "TARGETS",
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

"""The table model over a DatasetDocument: one row per example, columns by kind plus extra columns.

Built for 500k rows: cells are read lazily (``Example.peek``) only for the rows a view paints, the
texts of recently painted rows are cached, and nothing here walks every row except filtering.
Filtering is done here rather than in a QSortFilterProxyModel: a Python ``filterAcceptsRow`` would
be called for every one of 500k rows even with no filter. ``view_row`` ↔ ``document row`` mapping
is the identity while no filter is set.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.dataset import Column, Example
from desktop.ui.document import DatasetDocument

ModelIndex = QModelIndex | QPersistentModelIndex

DISPLAY_LIMIT = 300  # characters shown in a cell; the editor and tooltip show the rest
TOOLTIP_LIMIT = 2000
_CACHE_ROWS = 1024


def column_title(column: Column) -> str:
    """The translated title of a data set column."""
    # Each title is spelled out here so that lupdate finds it.
    translate = QCoreApplication.translate
    titles = {
        "Prompt": translate("DatasetTableModel", "Prompt"),
        "Completion": translate("DatasetTableModel", "Completion"),
        "System": translate("DatasetTableModel", "System"),
        "User": translate("DatasetTableModel", "User"),
        "Assistant": translate("DatasetTableModel", "Assistant"),
        "Input": translate("DatasetTableModel", "Input"),
        "Preferred": translate("DatasetTableModel", "Preferred"),
        "Non-preferred": translate("DatasetTableModel", "Non-preferred"),
    }
    return titles.get(column.title, column.title)


def one_line(text: str, limit: int = DISPLAY_LIMIT) -> str:
    """A cell's text on one line (line breaks shown as ↵), cut to ``limit`` characters."""
    short = text[: limit + 1]
    short = short.replace("\r\n", "\n").replace("\n", " ↵ ").replace("\t", " ")
    if len(text) > limit:
        short = short[:limit] + "…"
    return short


class CellRef:
    """Which part of an example a table column shows: a kind column or an extra column."""

    __slots__ = ("column", "extra")

    def __init__(self, column: Column | None, extra: str | None) -> None:
        self.column = column
        self.extra = extra

    @property
    def title(self) -> str:
        return column_title(self.column) if self.column is not None else (self.extra or "")

    @property
    def key(self) -> str:
        return self.column.key if self.column is not None else f"extra:{self.extra}"

    def read(self, example: Example, record: dict[str, Any] | None = None) -> str:
        if self.column is not None:
            return self.column.read(record if record is not None else example.peek())
        return example.extras.get(self.extra or "", "")

    def is_editable(self, example: Example) -> bool:
        if self.column is not None:
            return self.column.is_editable(example.peek())
        return True

    def written(self, example: Example, text: str) -> Example:
        """A new example with this cell set to ``text`` (the original is left unchanged)."""
        new = example.clone()
        if self.column is not None:
            assert self.column.write is not None
            self.column.write(new.record, text)
        else:
            new.extras[self.extra or ""] = text
        return new


_JSON_ESCAPED = frozenset('"\\/') | {chr(c) for c in range(32)}


def _raw_may_match(needle: str) -> Callable[[bytes], bool] | None:
    """A quick test on a raw JSON line that is False only when the line cannot match ``needle``.

    ``needle`` is case-folded. None when no such test is sound (the needle holds characters that
    JSON escapes).
    """
    if set(needle) & _JSON_ESCAPED:
        return None
    if needle == needle.upper():  # nothing to fold (Chinese, digits): plain bytes search
        encoded = needle.encode("utf-8")
        return lambda raw: encoded in raw
    if needle.isascii():
        # bytes.lower() folds ASCII only. The handful of non-ASCII letters that fold to ASCII
        # (Kelvin sign, long s, ligatures) are not found this way in raw lines: a known, accepted
        # miss, for a filter that is 5x faster on 500k rows.
        lowered = needle.encode("ascii")
        return lambda raw: lowered in raw.lower()
    return lambda raw: needle in raw.decode("utf-8", "replace").casefold()


def matching_rows(examples: list[Example], cells: list[CellRef], text: str) -> list[int] | None:
    """The rows whose text contains ``text`` in any of ``cells`` (ignoring case); None for no filter.

    Safe on a worker thread over a snapshot of the example list. Lines still raw JSON are first
    checked as bytes: if the needle cannot be in the raw line, the row is skipped unparsed.
    """
    needle = text.casefold()
    if not needle:
        return None
    may_match = _raw_may_match(needle)
    matches = []
    for row, example in enumerate(examples):
        raw: bytes | None = getattr(example, "_raw", None)
        # A \\u escape could spell any character: such lines are parsed.
        if may_match is not None and raw is not None and b"\\u" not in raw and not may_match(raw):
            continue
        record = example.peek()
        if any(needle in cell.read(example, record).casefold() for cell in cells):
            matches.append(row)
    return matches


LINE_NUMBERED_FORMATS = frozenset({"jsonl", "json"})


def row_number_explanation(number: int, file_name: str, fmt: str) -> str:
    """What a row number means: a JSONL file's line, or a spreadsheet's own row (after its headers)."""
    if fmt in LINE_NUMBERED_FORMATS:
        text = QCoreApplication.translate(
            "DatasetTableModel", "Line %1 of %2 (JSON Lines files are numbered by line, from 1)"
        )
    else:
        text = QCoreApplication.translate(
            "DatasetTableModel",
            "Row %1 of %2, as the spreadsheet numbers it (the headers take row 1, so data starts at 2)",
        )
    name = file_name or QCoreApplication.translate("DatasetTableModel", "the source file")
    return text.replace("%1", str(number)).replace("%2", name)


class DatasetTableModel(QAbstractTableModel):
    def __init__(self, document: DatasetDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._cells: list[CellRef] = []
        self._visible: list[int] | None = None  # document rows shown, sorted; None = all
        self._filter_text = ""
        # id(example) -> (example, cell texts, cell editable): what painting a row needs, parsed once.
        self._text_cache: OrderedDict[int, tuple[Example, list[str], list[bool]]] = OrderedDict()
        self._rebuild_columns()
        document.reset_about_to_happen.connect(self.beginResetModel)
        document.reset_done.connect(self._after_reset)
        document.rows_about_to_be_inserted.connect(self._before_insert)
        document.rows_inserted.connect(self._after_insert)
        document.rows_about_to_be_removed.connect(self._before_remove)
        document.rows_removed.connect(self._after_remove)
        document.rows_changed.connect(self._rows_changed)
        self._pending: Callable[[], None] | None = None

    # --- Structure ------------------------------------------------------------------------------

    @property
    def document(self) -> DatasetDocument:
        return self._document

    @property
    def cells(self) -> list[CellRef]:
        return self._cells

    def _rebuild_columns(self) -> None:
        self._cells = [CellRef(c, None) for c in self._document.columns()]
        self._cells += [CellRef(None, name) for name in self._document.extra_columns()]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._visible) if self._visible is not None else len(self._document.examples)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cells)

    def document_row(self, view_row: int) -> int:
        return self._visible[view_row] if self._visible is not None else view_row

    def view_row(self, document_row: int) -> int | None:
        """The row a document row is shown at, or None when the filter hides it."""
        if self._visible is None:
            return document_row if 0 <= document_row < len(self._document.examples) else None
        position = bisect_left(self._visible, document_row)
        if position < len(self._visible) and self._visible[position] == document_row:
            return position
        return None

    def example_at(self, view_row: int) -> Example:
        return self._document.examples[self.document_row(view_row)]

    def row_texts(self, example: Example) -> list[str]:
        """Every column's full text for one example, cached for the rows being painted."""
        return self._row_cache(example)[1]

    def _row_cache(self, example: Example) -> tuple[Example, list[str], list[bool]]:
        key = id(example)
        cached = self._text_cache.get(key)
        if cached is not None and cached[0] is example:
            self._text_cache.move_to_end(key)
            return cached
        record = example.peek()
        texts = [cell.read(example, record) for cell in self._cells]
        editable = [
            cell.column.is_editable(record) if cell.column is not None else True for cell in self._cells
        ]
        entry = (example, texts, editable)
        # Keeping the example in the cache also keeps its id from being reused.
        self._text_cache[key] = entry
        if len(self._text_cache) > _CACHE_ROWS:
            self._text_cache.popitem(last=False)
        return entry

    def cell_text(self, view_row: int, column: int) -> str:
        return self.row_texts(self.example_at(view_row))[column]

    # --- Data ----------------------------------------------------------------------------------------

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(self.cell_text(index.row(), index.column()))
        if role == Qt.ItemDataRole.EditRole:
            return self.cell_text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.cell_text(index.row(), index.column())
            if len(text) > TOOLTIP_LIMIT:
                return text[:TOOLTIP_LIMIT] + "…"
            return text or None
        if role == Qt.ItemDataRole.ForegroundRole and self._cells[index.column()].extra is not None:
            # Extra columns are kept for the round trip but never exported: show them muted.
            return QBrush(QColor(110, 110, 110))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._cells):
                return None
            cell = self._cells[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return cell.title
            if role == Qt.ItemDataRole.ToolTipRole and cell.extra is not None:
                return QCoreApplication.translate(
                    "DatasetTableModel",
                    "Extra column from the source file: kept when saving as CSV or XLSX, not exported",
                )
            if role == Qt.ItemDataRole.FontRole and cell.extra is not None:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if not 0 <= section < self.rowCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            source_row = self.example_at(section).source_row
            return "+" if source_row is None else str(source_row)
        if role == Qt.ItemDataRole.ToolTipRole:
            source_row = self.example_at(section).source_row
            if source_row is None:
                return QCoreApplication.translate(
                    "DatasetTableModel", "Added in the editor: numbered once the data set is saved"
                )
            return row_number_explanation(source_row, *self._source())
        return None

    def _source(self) -> tuple[str, str]:
        """The name and format of the file the row numbers refer to."""
        document = self._document
        path = document.path or document.dataset.source_path
        fmt = (document.file_format if document.path else document.dataset.source_format) or ""
        if not fmt and path is not None:
            fmt = path.suffix.lstrip(".").lower()
        return (path.name if path is not None else ""), fmt

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._row_cache(self.example_at(index.row()))[2][index.column()]:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        example = self.example_at(index.row())
        cell = self._cells[index.column()]
        if not cell.is_editable(example):
            return False
        text = "" if value is None else str(value)
        if cell.read(example) == text:
            return True
        row = self.document_row(index.row())
        description = QCoreApplication.translate("DatasetTableModel", "Edit cell")
        self._document.set_examples({row: cell.written(example, text)}, description)
        return True

    # --- Filter --------------------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._filter_text

    def set_filter(self, text: str) -> None:
        """Show only rows whose text contains ``text`` (any column, ignoring case)."""
        self.beginResetModel()
        self._filter_text = text
        self._visible = self._matching_rows(text)
        self.endResetModel()

    def apply_filter(self, text: str, rows: list[int] | None) -> None:
        """Show ``rows`` (from :func:`matching_rows`, computed for the current examples)."""
        self.beginResetModel()
        self._filter_text = text
        self._visible = rows
        self.endResetModel()

    def _matching_rows(self, text: str) -> list[int] | None:
        return matching_rows(self._document.examples, self._cells, text)

    # --- Following the document ---------------------------------------------------------------------

    def _after_reset(self) -> None:
        self._rebuild_columns()
        self._text_cache.clear()
        self._visible = self._matching_rows(self._filter_text)
        self.endResetModel()

    def _before_insert(self, first: int, last: int) -> None:
        count = last - first + 1
        if self._visible is None:
            self.beginInsertRows(QModelIndex(), first, last)
            return
        position = bisect_left(self._visible, first)
        self.beginInsertRows(QModelIndex(), position, position + count - 1)
        visible = self._visible

        def update() -> None:
            # Rows added while a filter is on stay visible so that they can be edited.
            self._visible = (
                visible[:position] + list(range(first, last + 1)) + [r + count for r in visible[position:]]
            )

        self._pending = update

    def _after_insert(self, _first: int, _last: int) -> None:
        if self._pending is not None:
            self._pending()
            self._pending = None
        self.endInsertRows()

    def _before_remove(self, first: int, last: int) -> None:
        count = last - first + 1
        if self._visible is None:
            self.beginRemoveRows(QModelIndex(), first, last)
            self._pending = None
            return
        visible = self._visible
        low, high = bisect_left(visible, first), bisect_right(visible, last)
        shown = high > low
        if shown:
            self.beginRemoveRows(QModelIndex(), low, high - 1)

        def update() -> None:
            self._visible = visible[:low] + [r - count for r in visible[high:]]
            if shown:
                self.endRemoveRows()

        self._pending = update

    def _after_remove(self, _first: int, _last: int) -> None:
        if self._pending is not None:
            self._pending()
            self._pending = None
        else:
            self.endRemoveRows()

    def _rows_changed(self, first: int, last: int) -> None:
        if self._visible is None:
            low, high = first, last
        else:
            low, high = bisect_left(self._visible, first), bisect_right(self._visible, last) - 1
        if high >= low:
            self.dataChanged.emit(self.index(low, 0), self.index(high, max(0, self.columnCount() - 1)))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, low, high)

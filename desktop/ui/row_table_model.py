"""Read-mostly table models over a list of row objects: each model states only its columns.

A :class:`RowTableModel` holds a ``list`` of row objects (frozen dataclasses, usually) and asks its
subclass for a column table, :meth:`RowTableModel.columns`: one :class:`ColumnSpec` per table column,
with the header text and, per item role, a function of the row object. The base answers
``rowCount``, ``columnCount``, ``headerData``, ``data`` and ``flags`` from that table, checks every
index (so each model passes Qt's model tester), hands out the row object under ``row_role``, and
changes the rows with the right notifications (reset, insert, remove, one row changed).

Headers are written with ``self.tr`` inside ``columns()``, so lupdate finds them in the model's own
context; the table is built again when the UI language changes. What depends on more than one row
object (columns that come from the data, editable documents) does not belong here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.core.i18n import current_language

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex
Cell = Callable[[R], Any]

DISPLAY = Qt.ItemDataRole.DisplayRole
# What QAbstractTableModel gives every valid cell.
READ_ONLY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


@dataclass(frozen=True)
class ColumnSpec(Generic[R]):
    """One column: its header and, per role, what a row object shows there (None: nothing)."""

    header: str
    display: Cell[R] | None = None
    tooltip: Cell[R] | None = None
    edit: Cell[R] | None = None
    decoration: Cell[R] | None = None
    foreground: Cell[R] | None = None
    background: Cell[R] | None = None
    font: Cell[R] | None = None
    # A raw value that sorts right (numbers, timestamps), under the model's ``sort_role``.
    sort: Cell[R] | None = None
    # The same for every row of the column.
    alignment: Qt.AlignmentFlag | None = None
    header_tooltip: str | None = None

    def cells(self, sort_role: int | None) -> dict[int, Cell[R]]:
        """The column's functions by item role."""
        roles: dict[int, Cell[R] | None] = {
            Qt.ItemDataRole.DisplayRole: self.display,
            Qt.ItemDataRole.ToolTipRole: self.tooltip,
            Qt.ItemDataRole.EditRole: self.edit,
            Qt.ItemDataRole.DecorationRole: self.decoration,
            Qt.ItemDataRole.ForegroundRole: self.foreground,
            Qt.ItemDataRole.BackgroundRole: self.background,
            Qt.ItemDataRole.FontRole: self.font,
        }
        if sort_role is not None:
            roles[sort_role] = self.sort
        if self.alignment is not None:
            aligned = int(self.alignment)
            roles[Qt.ItemDataRole.TextAlignmentRole] = lambda _row: aligned
        return {role: cell for role, cell in roles.items() if cell is not None}


class RowTableModel(QAbstractTableModel, Generic[R]):
    """A table of row objects; subclasses return their columns from :meth:`columns`."""

    # The role under which every cell of a row answers the row object itself (None: no such role).
    row_role: int | None = None
    # The role under which a column's ``sort`` value is answered (None: no sort values).
    sort_role: int | None = None
    # The flags of every valid cell; override :meth:`flags` where they depend on the row.
    item_flags: Qt.ItemFlag = READ_ONLY_FLAGS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._table: tuple[str, Sequence[ColumnSpec[R]], list[dict[int, Cell[R]]]] | None = None

    def columns(self) -> Sequence[ColumnSpec[R]]:
        """The column table, in column order (headers through ``self.tr``)."""
        raise NotImplementedError

    # -- the column table, built once per UI language

    def _columns(self) -> tuple[Sequence[ColumnSpec[R]], list[dict[int, Cell[R]]]]:
        language = current_language()
        if self._table is None or self._table[0] != language:
            columns = tuple(self.columns())
            self._table = (language, columns, [column.cells(self.sort_role) for column in columns])
        return self._table[1], self._table[2]

    def column_count(self) -> int:
        return len(self._columns()[0])

    # -- rows

    def item_at(self, index: AnyIndex) -> R | None:
        """The row object of a cell, or None for an invalid or stale index."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def reset_rows(self, rows: Iterable[R]) -> None:
        """Show ``rows`` instead (views reset: selection and scrolling go)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def insert_item(self, position: int, item: R) -> None:
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, item)
        self.endInsertRows()

    def remove_item(self, position: int) -> None:
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        self.endRemoveRows()

    def replace_item(self, position: int, item: R) -> None:
        """Show ``item`` in row ``position`` in place (selection and scrolling stay)."""
        self._rows[position] = item
        self.row_changed(position)

    def row_changed(self, position: int) -> None:
        """Tell the views that every cell of row ``position`` may show something else."""
        last = self.column_count() - 1
        if last >= 0:
            self.dataChanged.emit(self.index(position, 0), self.index(position, last))

    # -- QAbstractTableModel

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.column_count()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return self.vertical_header(section, role)
        columns = self._columns()[0]
        if not 0 <= section < len(columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return columns[section].header_tooltip
        return None

    def vertical_header(self, section: int, role: int) -> Any:
        """The row headers (none unless a subclass says otherwise)."""
        return None

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        item = self.item_at(index)
        if item is None:
            return None
        if role == self.row_role:
            return item
        cells = self._columns()[1]
        if not 0 <= index.column() < len(cells):
            return None
        cell = cells[index.column()].get(role)
        return None if cell is None else cell(item)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self.item_flags

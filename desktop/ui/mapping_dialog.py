"""The column-mapping dialog shown when a spreadsheet, CSV or JSON table is opened.

The user confirms or changes: the sheet (default: the first with data), the kind of example, and
which column fills each part of an example. A preview of the first rows and the notes on how cells
were converted to text are shown. ``confirmed(LoadResult)`` carries the data set to open.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.dataset import ExampleKind
from desktop.ui.background import run_in_background
from desktop.ui.table_model import one_line

if TYPE_CHECKING:
    from desktop.core.readers import ColumnMapping, LoadResult, RawTable

ModelIndex = QModelIndex | QPersistentModelIndex
PREVIEW_ROWS = 50

TARGETS: dict[ExampleKind, tuple[str, ...]] = {
    ExampleKind.PROMPT_COMPLETION: ("prompt", "completion"),
    ExampleKind.CHAT: ("system", "user", "assistant", "messages", "tools"),
    ExampleKind.PREFERENCE: ("system", "input", "preferred_output", "non_preferred_output"),
}


def column_label(headers: list[str], index: int) -> str:
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    header = headers[index] if index < len(headers) else ""
    return f"{letters}: {header}" if header else letters


class PreviewModel(QAbstractTableModel):
    """The first rows of the raw table; headers say which part of the example each column fills."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: RawTable | None = None
        self.roles: dict[int, str] = {}

    def set_table(self, table: RawTable | None, roles: dict[int, str]) -> None:
        self.beginResetModel()
        self.table = table
        self.roles = roles
        self.endResetModel()

    def set_roles(self, roles: dict[int, str]) -> None:
        self.roles = roles
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return min(PREVIEW_ROWS, len(self.table.rows))

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return len(self.table.headers)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self.table.rows[index.row()]
            text = row[index.column()] if index.column() < len(row) else ""
            return one_line(text, 120) if role == Qt.ItemDataRole.DisplayRole else (text or None)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.table.headers):
                return None
            label = column_label(self.table.headers, section)
            role_name = self.roles.get(section)
            return f"{label}\n→ {role_name}" if role_name else label
        if 0 <= section < self.rowCount():
            return str(self.table.row_numbers[section])
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class MappingDialog(QDialog):
    confirmed = Signal(object)  # LoadResult

    def __init__(self, path: Path, result: LoadResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert result.table is not None and result.mapping is not None
        self.path = Path(path)
        self.load_result = result
        self.table: RawTable = result.table
        self.mapping: ColumnMapping = result.mapping
        self._original = (result.table, _mapping_key(result.mapping))
        self._loading = False
        self.setWindowTitle(self.tr("Open %1: columns").replace("%1", self.path.name))
        self.resize(900, 640)

        self.sheet_combo = QComboBox(self)
        for sheet in result.sheets:
            text = sheet.name if sheet.has_data else self.tr("%1 (empty)").replace("%1", sheet.name)
            self.sheet_combo.addItem(text, sheet.name)
        if self.table.sheet is not None:
            self.sheet_combo.setCurrentIndex(max(0, self.sheet_combo.findData(self.table.sheet)))
        self.sheet_label = QLabel(self.tr("Sheet:"), self)
        multiple_sheets = len(result.sheets) > 1
        self.sheet_combo.setVisible(multiple_sheets)
        self.sheet_label.setVisible(multiple_sheets)
        self.header_label = QLabel(self)
        self.header_label.setWordWrap(True)
        self.header_spin = QSpinBox(self)
        self.header_spin.setRange(0, 10_000)
        self.header_spin.setSpecialValueText(self.tr("none"))
        self.header_spin.setToolTip(
            self.tr("The row that holds the column names (none: the table has no such row)")
        )
        self.header_spin.setKeyboardTracking(False)
        # JSON records have keys, not a header row.
        self.header_spin.setVisible(self.load_result.dataset.source_format not in ("json", "jsonl"))

        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("Prompt / completion"), ExampleKind.PROMPT_COMPLETION)
        self.kind_combo.addItem(self.tr("Chat conversations"), ExampleKind.CHAT)
        self.kind_combo.addItem(self.tr("Preference pairs (DPO)"), ExampleKind.PREFERENCE)

        self.targets_box = QGroupBox(self.tr("Which column fills each part"), self)
        self.targets_form = QFormLayout(self.targets_box)
        self.target_combos: dict[str, QComboBox] = {}
        self.extra_label = QLabel(self)
        self.extra_label.setWordWrap(True)

        self.preview_model = PreviewModel(self)
        self.preview = QTableView(self)
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        self.preview.horizontalHeader().setDefaultSectionSize(180)
        self.notes_label = QLabel(self)
        self.notes_label.setWordWrap(True)
        self.status_label = QLabel(self)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setText(self.tr("Open"))
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet_combo)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("Kind of example:"), self))
        top.addWidget(self.kind_combo)
        top.addStretch(1)
        header_row = QHBoxLayout()
        header_row.addWidget(self.header_label, 1)
        self.header_spin_label = QLabel(self.tr("Header row:"), self)
        self.header_spin_label.setVisible(self.header_spin.isVisibleTo(self))
        header_row.addWidget(self.header_spin_label)
        header_row.addWidget(self.header_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(header_row)
        layout.addWidget(self.targets_box)
        layout.addWidget(self.extra_label)
        layout.addWidget(QLabel(self.tr("Preview:"), self))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

        self._show_table()
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.header_spin.valueChanged.connect(self._header_row_changed)

    # --- Showing -------------------------------------------------------------------------------------

    def _show_table(self) -> None:
        table = self.table
        if table.header_row:
            self.header_label.setText(
                self.tr("Column names are on row %1; the data starts below them.").replace(
                    "%1", str(table.header_row)
                )
            )
        else:
            self.header_label.setText(self.tr("No row of column names was found: columns go by letter."))
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(self.mapping.kind))
        self.kind_combo.blockSignals(False)
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(table.header_row)
        self.header_spin.blockSignals(False)
        self._build_target_combos()
        self.preview_model.set_table(table, self._roles())
        notes = [*table.conversions, *table.notes]
        if table.encoding:
            notes.append(self.tr("Text encoding: %1").replace("%1", table.encoding))
        if notes:
            self.notes_label.setText(self.tr("How cells were read:") + "\n• " + "\n• ".join(notes))
        else:
            self.notes_label.clear()
        self._update_extra()

    def _target_title(self, target: str) -> str:
        titles = {
            "prompt": self.tr("Prompt"),
            "completion": self.tr("Completion"),
            "system": self.tr("System message"),
            "user": self.tr("User message"),
            "assistant": self.tr("Assistant reply"),
            "messages": self.tr("Whole conversation (JSON)"),
            "tools": self.tr("Tools (JSON)"),
            "input": self.tr("Input (user message)"),
            "preferred_output": self.tr("Preferred reply"),
            "non_preferred_output": self.tr("Non-preferred reply"),
        }
        return titles.get(target, target)

    def _build_target_combos(self) -> None:
        while self.targets_form.rowCount():
            self.targets_form.removeRow(0)
        self.target_combos = {}
        headers = self.table.headers
        for target in TARGETS[self.mapping.kind]:
            combo = QComboBox(self.targets_box)
            combo.addItem(self.tr("(none)"), [])
            for index in range(len(headers)):
                combo.addItem(column_label(headers, index), [index])
            chosen = self.mapping.fields.get(target, [])
            if len(chosen) > 1:
                joined = " + ".join(column_label(headers, i) for i in chosen)
                combo.addItem(joined, list(chosen))
            position = next((i for i in range(combo.count()) if combo.itemData(i) == chosen), 0)
            combo.setCurrentIndex(position)
            combo.currentIndexChanged.connect(self._targets_changed)
            self.targets_form.addRow(self._target_title(target), combo)
            self.target_combos[target] = combo

    def _roles(self) -> dict[int, str]:
        roles: dict[int, str] = {}
        for target, columns in self.mapping.fields.items():
            for column in columns:
                roles[column] = self._target_title(target)
        return roles

    def _update_extra(self) -> None:
        headers = self.table.headers
        if self.mapping.extra:
            names = ", ".join(column_label(headers, i) for i in self.mapping.extra)
            self.extra_label.setText(
                self.tr("Kept in the editor but not exported for training: %1").replace("%1", names)
            )
        else:
            self.extra_label.clear()
        used = any(self.mapping.fields.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(used and not self._loading)

    # --- Changes --------------------------------------------------------------------------------------

    def _targets_changed(self) -> None:
        from desktop.core.readers import ColumnMapping

        fields = {t: list(c.currentData() or []) for t, c in self.target_combos.items()}
        fields = {t: columns for t, columns in fields.items() if columns}
        used = {i for columns in fields.values() for i in columns}
        extra = [i for i in range(len(self.table.headers)) if i not in used]
        self.mapping = ColumnMapping(self.mapping.kind, fields, extra)
        self.preview_model.set_roles(self._roles())
        self._update_extra()

    def _kind_changed(self) -> None:
        from desktop.core.readers import guess_mapping

        kind = ExampleKind(self.kind_combo.currentData())
        self.mapping = guess_mapping(self.table, kind)
        self._build_target_combos()
        self.preview_model.set_roles(self._roles())
        self._update_extra()

    def _sheet_changed(self) -> None:
        # Another sheet: its own header row is guessed again.
        self._reread(None)

    def _header_row_changed(self) -> None:
        if self.header_spin.value() != self.table.header_row:
            self._reread(self.header_spin.value())

    def _reread(self, header_row: int | None) -> None:
        """Read the table again with another sheet or header row (off the UI thread)."""
        from desktop.core.readers import guess_mapping, read_table

        sheet = self.sheet_combo.currentData() if self.sheet_combo.count() else None
        kind = self.mapping.kind if header_row is not None else None
        label = str(sheet) if sheet else self.path.name
        self._set_loading(True, self.tr("Reading sheet %1…").replace("%1", label))
        path = self.path

        def read() -> tuple[RawTable, ColumnMapping]:
            table = read_table(path, sheet, header_row=header_row)
            return table, guess_mapping(table, kind)

        def done(value: tuple[RawTable, ColumnMapping]) -> None:
            self.table, self.mapping = value
            self._show_table()

        run_in_background(
            self.tr("Reading sheet %1 of %2").replace("%1", label).replace("%2", self.path.name),
            read,
            owner=self,
            on_success=done,
            on_finished=lambda: self._set_loading(False, ""),
        )

    def _set_loading(self, loading: bool, text: str) -> None:
        self._loading = loading
        self.status_label.setText(text)
        self.sheet_combo.setEnabled(not loading)
        self.kind_combo.setEnabled(not loading)
        self.header_spin.setEnabled(not loading)
        self._update_extra()

    def confirm(self) -> None:
        """Build the data set with the chosen mapping (off the UI thread) and hand it over."""
        if self.table is self._original[0] and _mapping_key(self.mapping) == self._original[1]:
            self.confirmed.emit(self.load_result)
            self.accept()
            return
        from desktop.core.readers import table_to_dataset

        table, mapping, sheets = self.table, self.mapping, self.load_result.sheets
        source_format = self.load_result.dataset.source_format

        def build() -> LoadResult:
            built = table_to_dataset(table, mapping)
            built.sheets = sheets
            built.dataset.source_format = source_format
            return built

        def done(built: LoadResult) -> None:
            self.confirmed.emit(built)
            self.accept()

        self._set_loading(True, self.tr("Reading rows…"))
        run_in_background(
            self.tr("Opening %1").replace("%1", self.path.name),
            build,
            owner=self,
            on_success=done,
            on_finished=lambda: self._set_loading(False, ""),
        )


def _mapping_key(mapping: ColumnMapping) -> tuple[str, tuple[tuple[str, tuple[int, ...]], ...]]:
    fields = tuple(sorted((t, tuple(c)) for t, c in mapping.fields.items() if c))
    return mapping.kind.value, fields

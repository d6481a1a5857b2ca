"""Opening and saving the editor's data set: File ▸ New, Open, Open Recent, Save, Save As, and the
questions on the way (unsaved changes, overwriting a spreadsheet, the column mapping).

:class:`FileFlow` owns that flow for one main window; the window keeps the menus and the layout,
calls it, and listens to it (``busy_started``/``busy_ended`` for the status bar, ``saved`` for the
crash-recovery journal). Files are read and written off the UI thread; what fails reaches the user
through the ErrorHub. A file is overwritten only after asking (a spreadsheet), or atomically with a
backup of what it replaces.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from desktop.core.dataset import Dataset, Example, ExampleKind, empty_record
from desktop.ui.background import error_hub, run_in_background
from desktop.ui.document import DatasetDocument
from desktop.ui.problems import Problem

if TYPE_CHECKING:
    from desktop.core.readers import LoadResult
    from desktop.ui.editor import DataEditor
    from desktop.ui.mapping_dialog import MappingDialog

RECENT_FILES_KEY = "files/recent"
RECENT_FILES_LIMIT = 10
OPEN_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt", ".json", ".jsonl")
SAVE_FORMATS = ("jsonl", "csv", "xlsx")
# Formats the app can write back to; saving over anything else means choosing a new file.
WRITABLE_SOURCE_FORMATS = frozenset(SAVE_FORMATS)

# Shows a data set in the window: (dataset, path, format, problems, reading notes).
ShowDataset = Callable[[Dataset, Path | None, str | None, list[Problem], list[str]], None]


def format_of(path: Path) -> str:
    """The format a file name says ("xlsm" stays itself: the app cannot write macros back)."""
    return path.suffix.lower().lstrip(".")


def needs_mapping_confirmation(result: LoadResult) -> bool:
    """Whether the user should confirm the columns: unless the headers literally name the fields.

    A table whose header row is row 1 and whose every column is literally ``prompt``,
    ``completion`` (or the other kinds' field names), on the only sheet with data, opens directly.
    """
    table, mapping = result.table, result.mapping
    if table is None or mapping is None:
        return False
    if len([s for s in result.sheets if s.has_data]) > 1 or table.header_row != 1 or mapping.extra:
        return True
    for target, columns in mapping.fields.items():
        if len(columns) != 1 or table.headers[columns[0]] != target:
            return True
    return not mapping.fields


def renumber_as_saved(document: DatasetDocument, examples: list[Example], fmt: str) -> None:
    """Number the rows as the file just written does: JSONL lines from 1, spreadsheet rows from 2.

    New rows stop showing "+", and every number matches the file the user now has.
    """
    first = 1 if fmt in ("jsonl", "json") else 2
    for position, example in enumerate(examples):
        example.source_row = position + first
    if examples:
        document.rows_changed.emit(0, len(examples) - 1)


class FileFlow(QObject):
    """New, open, recent, save and save-as for ``window``'s ``document`` (shown in ``editor``).

    ``show`` puts a data set that was read (or made new) in the window, with its problems and notes.
    """

    busy_started = Signal(str)  # a file is being read or written (the text says which)
    busy_ended = Signal()
    saved = Signal()  # the document was written to its file

    def __init__(
        self, window: QMainWindow, document: DatasetDocument, editor: DataEditor, show: ShowDataset
    ) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._editor = editor
        self._show = show
        # Paths the user agreed to overwrite in their original format (asked once per file).
        self._overwrite_agreed: set[Path] = set()
        self.mapping_dialog: MappingDialog | None = None
        self._open_serial = 0
        self._full_result_arrived = True
        self._before_preview: tuple[Dataset, Path | None, str | None] | None = None

    # --- New, open -------------------------------------------------------------------------------------

    def ask_to_save_changes(self, then: Callable[[], None]) -> None:
        """If there are unsaved changes, ask Save / Discard / Cancel; go on with ``then`` unless cancelled."""
        if not self._document.is_modified:
            then()
            return
        answer = QMessageBox.question(
            self._window,
            self.tr("Unsaved changes"),
            self.tr("The data set has changes that are not saved. Save them first?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            self.save(on_saved=then)
        elif answer == QMessageBox.StandardButton.Discard:
            then()

    def new_dataset(self, kind: ExampleKind) -> None:
        def make_new() -> None:
            self._show(Dataset(kind, [Example(empty_record(kind))]), None, None, [], [])

        self.ask_to_save_changes(make_new)

    def open_dialog(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in OPEN_SUFFIXES)
        start = str(self._document.path.parent) if self._document.path else ""
        path, _filter = QFileDialog.getOpenFileName(
            self._window,
            self.tr("Open data set"),
            start,
            self.tr("Data sets (%1);;All files (*)").replace("%1", patterns),
        )
        if path:
            self.open_path(Path(path))

    def open_sample(self, on_opened: Callable[[], None] | None = None) -> None:
        from desktop.ui.resources import sample_dataset_path

        self.open_path(sample_dataset_path(), as_copy=True, on_opened=on_opened)

    def open_path(
        self, path: Path, *, as_copy: bool = False, on_opened: Callable[[], None] | None = None
    ) -> None:
        """Open a file (after asking about unsaved changes); reading runs off the UI thread.

        ``as_copy``: show the data but save to a new file (the bundled sample data set).
        ``on_opened``: called once the data is shown (not when the file fails or is cancelled).
        """
        self.ask_to_save_changes(lambda: self._start_open(Path(path), as_copy, on_opened))

    def _start_open(self, path: Path, as_copy: bool, on_opened: Callable[[], None] | None = None) -> None:
        """Read the whole file off the UI thread; meanwhile show its first rows, read-only."""
        from desktop.core.readers import open_dataset, preview_dataset

        self._open_serial += 1
        serial = self._open_serial
        where = self.tr("Opening %1").replace("%1", path.name)
        self.busy_started.emit(self.tr("Opening %1…").replace("%1", path.name))
        self._full_result_arrived = False

        def preview_ready(preview: LoadResult) -> None:
            # Only while the whole file is still being read, and only when no question about the
            # columns will follow (the dialog shows its own preview).
            if (
                serial != self._open_serial
                or self._full_result_arrived
                or needs_mapping_confirmation(preview)
            ):
                return
            document = self._document
            self._before_preview = (document.dataset, document.path, document.file_format)
            document.load(preview.dataset, None if as_copy else path, preview.dataset.source_format)
            self._editor.set_loading(True)
            self._window.statusBar().showMessage(
                self.tr("Showing the first %1 rows while the rest is read…").replace(
                    "%1", f"{len(preview.dataset):,}"
                )
            )

        def full_ready(result: LoadResult) -> None:
            if serial != self._open_serial:
                return
            self._full_result_arrived = True
            self._opened(path, result, as_copy, on_opened)

        def failed(error: BaseException) -> None:
            if serial != self._open_serial:
                return
            self._full_result_arrived = True
            self._undo_preview()
            error_hub().report(where, error)

        run_in_background(
            self.tr("Reading the first rows of %1").replace("%1", path.name),
            preview_dataset,
            path,
            owner=self,
            on_success=preview_ready,
            on_error=lambda _error: None,  # the full read reports what is wrong with the file
        )
        run_in_background(
            where,
            open_dataset,
            path,
            owner=self,
            on_success=full_ready,
            on_error=failed,
            on_finished=self.busy_ended.emit,
        )

    def _undo_preview(self) -> None:
        """Put back what was shown before a preview, when the file then fails or is cancelled."""
        self._editor.set_loading(False)
        if self._before_preview is not None:
            dataset, path, fmt = self._before_preview
            self._before_preview = None
            self._document.load(dataset, path, fmt)
            self._window.statusBar().clearMessage()

    def _opened(
        self, path: Path, result: LoadResult, as_copy: bool, on_opened: Callable[[], None] | None = None
    ) -> None:
        if needs_mapping_confirmation(result):
            from desktop.ui.mapping_dialog import MappingDialog

            dialog = MappingDialog(path, result, self._window)
            self.mapping_dialog = dialog
            dialog.confirmed.connect(
                lambda confirmed: self._loaded_result(path, confirmed, as_copy, on_opened)
            )
            dialog.rejected.connect(self._undo_preview)
            dialog.open()
            return
        self._loaded_result(path, result, as_copy, on_opened)

    def _loaded_result(
        self, path: Path, result: LoadResult, as_copy: bool, on_opened: Callable[[], None] | None = None
    ) -> None:
        self._before_preview = None
        self._editor.set_loading(False)
        problems = [Problem(str(p.path), p.row, p.column, p.reason) for p in result.problems]
        fmt = result.dataset.source_format or format_of(path)
        notes = list(result.notes)
        if result.table is not None:
            notes += [n for n in result.table.conversions if n not in notes]
        if as_copy:
            self._show(result.dataset, None, None, problems, notes)
        else:
            self._show(result.dataset, path, fmt, problems, notes)
            self.add_recent_file(path)
        if on_opened is not None:
            on_opened()

    # --- Recent files ----------------------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        value = QSettings().value(RECENT_FILES_KEY, [])
        # An INI file gives back a one-item list as a plain string.
        values: list[object] = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        )
        return [Path(p) for p in values if isinstance(p, str)]

    def add_recent_file(self, path: Path) -> None:
        path = path.resolve()
        files = [p for p in self.recent_files() if p != path]
        files.insert(0, path)
        QSettings().setValue(RECENT_FILES_KEY, [str(p) for p in files[:RECENT_FILES_LIMIT]])

    def fill_recent_menu(self, menu: QMenu) -> None:
        """Fill File ▸ Open Recent (when it is about to show)."""
        menu.clear()
        files = self.recent_files()
        for path in files:
            action = menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, path=path: self._open_recent(path))
        if files:
            menu.addSeparator()
            clear = menu.addAction(self.tr("Clear List"))
            clear.triggered.connect(lambda _checked=False: QSettings().setValue(RECENT_FILES_KEY, []))
        else:
            empty = menu.addAction(self.tr("No recent files"))
            empty.setEnabled(False)

    def _open_recent(self, path: Path) -> None:
        if not path.exists():
            QSettings().setValue(RECENT_FILES_KEY, [str(p) for p in self.recent_files() if p != path])
            self._window.statusBar().showMessage(
                self.tr("%1 no longer exists.").replace("%1", str(path)), 8000
            )
            return
        self.open_path(path)

    # --- Saving ----------------------------------------------------------------------------------------

    def save(self, on_saved: Callable[[], None] | None = None) -> None:
        """Save to the document's file; a spreadsheet or CSV source is overwritten only after asking."""
        if self._refuse_while_loading():
            return
        self._editor.conversation_panel.flush()
        path, fmt = self._document.path, self._document.file_format
        if path is None or fmt not in WRITABLE_SOURCE_FORMATS:
            self.save_as_dialog(on_saved)
            return
        from desktop.core.i18n import pick
        from desktop.core.writers import layout_change

        # A spreadsheet is overwritten only after asking: the first time, and again whenever the save
        # would change its columns or sheets (a fix that converted the data, say); each such save
        # keeps a backup of the version it replaces.
        change = layout_change(self._document.dataset, path, fmt) if fmt != "jsonl" else None
        if fmt != "jsonl" and path.exists() and (path not in self._overwrite_agreed or change is not None):
            box = QMessageBox(self._window)
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle(self.tr("Overwrite the source file?"))
            text = self.tr(
                "%1 is the spreadsheet the data came from. Overwrite it with the edited data? "
                "A backup copy of the original is kept next to it."
            ).replace("%1", path.name)
            if change is not None:
                text += "\n\n" + pick(*change.describe())
            box.setText(text)
            overwrite = box.addButton(self.tr("Overwrite, Keep Backup"), QMessageBox.ButtonRole.AcceptRole)
            as_jsonl = box.addButton(self.tr("Save as JSONL…"), QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(as_jsonl)
            box.exec()
            clicked = box.clickedButton()
            if clicked is overwrite:
                self._overwrite_agreed.add(path)
                self.save_to(path, fmt, backup=True, on_saved=on_saved)
            elif clicked is as_jsonl:
                self.save_as_dialog(on_saved, suggested_format="jsonl")
            return
        self.save_to(path, fmt, on_saved=on_saved)

    def _refuse_while_loading(self) -> bool:
        # Only the first rows are shown while a file is read: saving them would lose the rest.
        if self._editor.is_loading:
            self._window.statusBar().showMessage(self.tr("Wait until the whole file has been read."), 8000)
            return True
        return False

    def save_as_dialog(
        self, on_saved: Callable[[], None] | None = None, suggested_format: str = "jsonl"
    ) -> None:
        if self._refuse_while_loading():
            return
        self._editor.conversation_panel.flush()
        filters = {
            "jsonl": self.tr("JSON Lines for training (*.jsonl)"),
            "csv": self.tr("CSV spreadsheet (*.csv)"),
            "xlsx": self.tr("Excel workbook (*.xlsx)"),
        }
        # A data set never saved (new, the sample) is suggested into the home folder.
        path = self._document.path
        source = path or self._document.dataset.source_path
        stem = source.stem if source is not None else self.tr("dataset")
        folder = path.parent if path is not None else Path.home()
        suggested = folder / f"{stem}.{suggested_format}"
        path_text, chosen_filter = QFileDialog.getSaveFileName(
            self._window,
            self.tr("Save data set as"),
            str(suggested),
            ";;".join(filters.values()),
            filters[suggested_format],
        )
        if not path_text:
            return
        path = Path(path_text)
        fmt = next((f for f, label in filters.items() if label == chosen_filter), suggested_format)
        if format_of(path) in SAVE_FORMATS:
            fmt = format_of(path)
        elif not path.suffix:
            path = path.with_suffix(f".{fmt}")
        # The file dialog has asked about replacing an existing file; keep a copy of a spreadsheet.
        backup = path.exists() and format_of(path) != "jsonl"
        self.save_to(path, fmt, backup=backup, on_saved=on_saved)

    def save_to(
        self,
        path: Path,
        fmt: str | None = None,
        *,
        backup: bool = False,
        on_saved: Callable[[], None] | None = None,
    ) -> None:
        """Write the data set to ``path`` atomically, off the UI thread."""
        if self._refuse_while_loading():
            return
        from desktop.core.writers import save_dataset

        self._editor.conversation_panel.flush()
        path = Path(path)
        fmt = fmt or format_of(path)
        document = self._document
        dataset = document.dataset
        # Commands swap examples and never change one, so this shallow copy is a stable snapshot.
        snapshot = Dataset(
            dataset.kind,
            list(dataset.examples),
            list(dataset.extra_columns),
            dataset.source_path,
            dataset.source_format,
        )
        index_at_start = document.undo_stack.index()
        self.busy_started.emit(self.tr("Saving %1…").replace("%1", path.name))

        def saved(result: Any) -> None:
            document.set_path(path, fmt)
            if document.undo_stack.index() == index_at_start:
                document.mark_saved()
                renumber_as_saved(document, snapshot.examples, fmt)
            self.add_recent_file(path)
            message = self.tr("Saved %Ln row(s) to %1", "", result.rows).replace("%1", str(path))
            if result.backup_path is not None:
                message += " · " + self.tr("backup: %1").replace("%1", str(result.backup_path))
            self._window.statusBar().showMessage(message, 15000)
            self.saved.emit()
            if on_saved is not None:
                on_saved()

        run_in_background(
            self.tr("Saving %1").replace("%1", path.name),
            save_dataset,
            snapshot,
            path,
            fmt,
            owner=self,
            backup=backup,
            on_success=saved,
            on_finished=self.busy_ended.emit,
        )

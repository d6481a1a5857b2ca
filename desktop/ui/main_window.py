"""The main window: pages in tabs, the menus, the status bar; opening and saving is its FileFlow.

Contract for other pages (job monitor, test tab, wizard):

- ``MainWindow.add_page(key, widget, title)`` adds a tab; ``show_page(key)`` brings it forward;
  ``page(key)`` returns it. The data editor is the page ``"editor"`` (``MainWindow.editor``).
- ``MainWindow.document`` is the one :class:`DatasetDocument` of the window, for its whole life
  (opening another file loads into it; connect to its signals once).
- ``error_hub().error_reported`` is shown in the notification bar above the pages (non-blocking,
  with a Details button): report errors there, never with a blocking message box.
- ``files`` (:class:`desktop.ui.file_flow.FileFlow`) owns new, open, recent and save:
  ``files.open_path(path)`` opens a file as File > Open does (asks about unsaved changes, reads off
  the UI thread, mapping dialog for tables); ``files.save_to(path, fmt)`` writes the document
  atomically off the UI thread. ``load_dataset(dataset, path, fmt)`` shows a data set made elsewhere.
- ``is_busy`` is True while a file is being opened or saved.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n as core_i18n
from desktop.core.cancel import CancelledError
from desktop.core.dataset import Dataset, ExampleKind
from desktop.ui.background import error_hub, run_in_background
from desktop.ui.document import DatasetDocument
from desktop.ui.editor import DataEditor
from desktop.ui.file_flow import OPEN_SUFFIXES, FileFlow
from desktop.ui.i18n import LANGUAGES
from desktop.ui.made_messages import translate_made_message
from desktop.ui.notification_bar import NotificationBar
from desktop.ui.problems import Problem, ProblemsDock

if TYPE_CHECKING:
    from desktop.ui.autosave import Autosave
    from desktop.ui.find_replace import FindReplaceDialog
    from desktop.ui.workbench import Workbench

SELECTION_COUNT_ON_UI_THREAD = 5_000  # selected rows counted at once; more are counted off the UI thread
RECOUNT_LIMIT = 100_000  # above this many rows, characters are counted once per opening


class MainWindow(QMainWindow):
    closed = Signal()  # the user's close went through (not cancelled): pages stop their work
    language_chosen = Signal(str)  # View ▸ Language: the app rebuilds its windows in that language

    def __init__(self, document: DatasetDocument | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self._document = document if document is not None else DatasetDocument(parent=self)
        self._pages: dict[str, QWidget] = {}
        self._busy_tasks = 0
        self.find_dialog: FindReplaceDialog | None = None
        self.about_dialog: QWidget | None = None
        self.workbench: Workbench | None = None  # set by the workbench that adds the other pages
        self.autosave: Autosave | None = None
        # Set when a live language switch replaces this window: closing then asks nothing.
        self.replaced = False

        self.notification_bar = NotificationBar(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.notification_bar)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.editor = DataEditor(self._document, self)
        self.add_page("editor", self.editor, self.tr("Data"))
        # Open, save, recent files and their questions; this window shows what it reads.
        self.files = FileFlow(self, self._document, self.editor, self.load_dataset)
        self.files.busy_started.connect(self._begin_busy)
        self.files.busy_ended.connect(self._end_busy)
        self.files.saved.connect(self._document_saved)

        self.problems_dock = ProblemsDock(self)
        self.problems_dock.row_activated.connect(self._jump_to_problem_row)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()

        self._make_status_bar()
        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self.name_shortcuts_in_tooltips()

        error_hub().error_reported.connect(self.notification_bar.show_error)
        # Bound methods only: Qt drops them when a live language switch replaces this window.
        self._document.modified_changed.connect(self._modified_changed)
        self._document.path_changed.connect(self._update_title)
        self._document.changed.connect(self._schedule_status)
        self._document.dataset_replaced.connect(self._dataset_replaced)
        self.editor.selection_changed.connect(self._schedule_status)
        self.setAcceptDrops(True)
        self.resize(1200, 800)
        self._restore_geometry()
        self._update_title()
        self._update_status()

    # --- Pages --------------------------------------------------------------------------------------------

    @property
    def document(self) -> DatasetDocument:
        return self._document

    def add_page(self, key: str, widget: QWidget, title: str, index: int = -1) -> None:
        """Add a tab (at ``index``; -1 appends)."""
        if key in self._pages:
            raise ValueError(f"a page named {key!r} exists already")
        self._pages[key] = widget
        self.tabs.insertTab(index, widget, title)

    def show_page(self, key: str) -> None:
        self.tabs.setCurrentWidget(self._pages[key])

    def page(self, key: str) -> QWidget:
        return self._pages[key]

    def page_keys(self) -> list[str]:
        return list(self._pages)

    # --- Actions and menus --------------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _make_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.new_actions = {
            kind: self._action(label, partial(self.files.new_dataset, kind))
            for kind, label in (
                (ExampleKind.PROMPT_COMPLETION, self.tr("Prompt / Completion")),
                (ExampleKind.CHAT, self.tr("Chat Conversations")),
                (ExampleKind.PREFERENCE, self.tr("Preference Pairs (DPO)")),
            )
        }
        self.new_actions[ExampleKind.PROMPT_COMPLETION].setShortcut(QKeySequence(std.New))
        self.open_action = self._action(self.tr("&Open…"), self.files.open_dialog, std.Open)
        self.open_sample_action = self._action(self.tr("Open Sa&mple Data Set"), self.files.open_sample)
        self.save_action = self._action(self.tr("&Save"), self.files.save, std.Save)
        self.save_as_action = self._action(self.tr("Save &As…"), self.files.save_as_dialog, std.SaveAs)
        self.quit_action = self._action(self.tr("&Quit"), self.close, std.Quit)
        stack = self._document.undo_stack
        self.undo_action = stack.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcut(QKeySequence(std.Undo))
        self.redo_action = stack.createRedoAction(self, self.tr("Redo"))
        # Ctrl+Y as in Excel and LibreOffice, beside the platform's own redo key.
        self.redo_action.setShortcuts([QKeySequence(std.Redo), QKeySequence("Ctrl+Y")])
        self.find_action = self._action(self.tr("&Find and Replace…"), self.show_find_dialog, std.Find)
        self.find_action.setShortcuts([QKeySequence(std.Find), QKeySequence(std.Replace)])
        self.convert_actions = {
            kind: self._action(label, partial(self.convert_kind, kind))
            for kind, label in (
                (ExampleKind.PROMPT_COMPLETION, self.tr("Prompt / Completion")),
                (ExampleKind.CHAT, self.tr("Chat Conversations")),
                (ExampleKind.PREFERENCE, self.tr("Preference Pairs (DPO)")),
            )
        }
        self.kind_group = QActionGroup(self)
        for action in self.convert_actions.values():
            action.setCheckable(True)
            self.kind_group.addAction(action)
        self.about_action = self._action(self.tr("&About Finetune Desk"), self.show_about)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        new_menu = file_menu.addMenu(self.tr("&New"))
        for action in self.new_actions.values():
            new_menu.addAction(action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(lambda: self.files.fill_recent_menu(self.recent_menu))
        file_menu.addAction(self.open_sample_action)
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        for edit_action in self.editor.edit_actions():
            if edit_action is None:
                edit_menu.addSeparator()
            else:
                edit_menu.addAction(edit_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)

        data_menu = bar.addMenu(self.tr("&Data"))
        kind_menu = data_menu.addMenu(self.tr("Example &Kind"))
        for action in self.convert_actions.values():
            kind_menu.addAction(action)
        kind_menu.aboutToShow.connect(self._check_current_kind)

        view_menu = bar.addMenu(self.tr("&View"))
        problems_action = self.problems_dock.toggleViewAction()
        assert problems_action is not None
        problems_action.setText(self.tr("&Problems Panel"))
        view_menu.addAction(problems_action)
        language_menu = view_menu.addMenu(self.tr("&Language"))
        self.language_group = QActionGroup(self)
        current = core_i18n.current_language()
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _checked=False, code=code: self.choose_language(code))
            self.language_group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action

        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.help_menu.addAction(self.about_action)

    def _make_toolbar(self) -> None:
        # Short toolbar labels, without the menus' keyboard accelerators ("打开(&O)").
        for labelled, label in (
            (self.open_action, self.tr("Open")),
            (self.save_action, self.tr("Save")),
            (self.undo_action, self.tr("Undo")),
            (self.redo_action, self.tr("Redo")),
            (self.editor.insert_below_action, self.tr("Insert Row")),
            (self.editor.duplicate_action, self.tr("Duplicate")),
            (self.editor.delete_rows_action, self.tr("Delete Rows")),
            (self.find_action, self.tr("Find")),
        ):
            labelled.setIconText(label)
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("MainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.open_action,
            self.save_action,
            None,
            self.undo_action,
            self.redo_action,
            None,
            self.editor.insert_below_action,
            self.editor.duplicate_action,
            self.editor.delete_rows_action,
            None,
            self.find_action,
        ):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)

    def name_shortcuts_in_tooltips(self) -> None:
        """Every action's tooltip names its shortcut ("Save (Ctrl+S)"), as the toolbar shows it."""
        for action in self.findChildren(QAction):
            shortcut = action.shortcut()
            if shortcut.isEmpty() or action.isSeparator():
                continue
            name = (
                (action.iconText() or action.text()).replace("&&", "\0").replace("&", "").replace("\0", "&")
            )
            name = name.removesuffix("…").removesuffix("...")
            keys = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{name} ({keys})")

    def _make_status_bar(self) -> None:
        bar = self.statusBar()
        self.busy_label = QLabel(self)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setTextVisible(False)
        self.rows_label = QLabel(self)
        self.selection_label = QLabel(self)
        self.characters_label = QLabel(self)
        for widget in (
            self.busy_label,
            self.busy_bar,
            self.rows_label,
            self.selection_label,
            self.characters_label,
        ):
            if isinstance(widget, QLabel):
                widget.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(widget)
        self.busy_label.hide()
        self.busy_bar.hide()
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(150)
        self._status_timer.timeout.connect(self._update_status)
        self._all_characters: int | None = None
        self._count_due = True
        self._characters_generation = 0

    # --- Status and title ---------------------------------------------------------------------------------

    def _modified_changed(self, _modified: bool) -> None:
        self._update_title()

    def _update_title(self) -> None:
        path = self._document.path
        name = path.name if path is not None else self.tr("Untitled")
        app_name = self.tr("Finetune Desk")
        self.setWindowTitle(f"{name}[*] — {app_name}")
        self.setWindowModified(self._document.is_modified)

    def _schedule_status(self) -> None:
        self._status_timer.start()

    def _update_status(self) -> None:
        total = len(self._document.examples)
        self.rows_label.setText(self.tr("%Ln row(s)", "", total))
        selected = (
            len(self.editor.selected_view_rows()) if self.editor.view.selectionModel().hasSelection() else 0
        )
        self.selection_label.setText(self.tr("%1 selected").replace("%1", f"{selected:,}"))
        if selected and selected <= SELECTION_COUNT_ON_UI_THREAD:
            self._characters_generation += 1  # a count of everything still running is stale
            characters = self.editor.selected_characters()
            self.characters_label.setText(
                self.tr("%1 characters in selection").replace("%1", f"{characters:,}")
            )
        elif selected:
            self._count_selected_characters()
        elif total <= RECOUNT_LIMIT or self._count_due:
            self._count_due = False
            self._count_all_characters()
        elif self._all_characters is not None:
            # A very large set is counted when it is opened, not again after each edit.
            self.characters_label.setText(
                self.tr("about %1 characters").replace("%1", f"{self._all_characters:,}")
            )

    def _stop_if_superseded(self, generation: int) -> None:
        """Called on a worker thread: give up a count that a newer one has replaced."""
        if generation != self._characters_generation:
            raise CancelledError

    def _count_selected_characters(self) -> None:
        """A large selection (select all on 500k rows) is counted off the UI thread."""
        self._characters_generation += 1
        generation = self._characters_generation
        model = self.editor.model
        examples = self._document.examples
        cells = model.cells
        blocks = []
        for block in self.editor.selection_blocks():
            rows = [examples[model.document_row(r)] for r in range(block.top(), block.bottom() + 1)]
            blocks.append((rows, [cells[c] for c in range(block.left(), block.right() + 1)]))
        self.characters_label.setText(self.tr("Counting characters…"))

        def count() -> int:
            total = 0
            for rows, block_cells in blocks:
                for position, example in enumerate(rows):
                    if position % 4096 == 0:
                        self._stop_if_superseded(generation)
                    record = example.peek()
                    total += sum(len(cell.read(example, record)) for cell in block_cells)
            return total

        def done(total: int) -> None:
            if generation == self._characters_generation:
                self.characters_label.setText(
                    self.tr("%1 characters in selection").replace("%1", f"{total:,}")
                )

        run_in_background(self.tr("Counting characters"), count, owner=self, on_success=done)

    def _dataset_replaced(self) -> None:
        self._count_due = True
        self._all_characters = None
        self._schedule_status()

    def _count_all_characters(self) -> None:
        """Count every character off the UI thread (a 500k-row set takes a while)."""
        from desktop.ui.table_model import CellRef

        self._characters_generation += 1
        generation = self._characters_generation
        cells = [CellRef(c, None) for c in self._document.columns()]
        snapshot = list(self._document.examples)

        def count() -> int:
            total = 0
            for position, example in enumerate(snapshot):
                if position % 4096 == 0:
                    self._stop_if_superseded(generation)
                record = example.peek()
                total += sum(len(cell.read(example, record)) for cell in cells)
            return total

        def done(total: int) -> None:
            if generation != self._characters_generation:
                return
            self._all_characters = total
            if not self.editor.view.selectionModel().hasSelection():
                self.characters_label.setText(self.tr("%1 characters").replace("%1", f"{total:,}"))

        run_in_background(self.tr("Counting characters"), count, owner=self, on_success=done)

    def _begin_busy(self, text: str) -> None:
        self._busy_tasks += 1
        self.busy_label.setText(text)
        self.busy_label.show()
        self.busy_bar.show()

    def _end_busy(self) -> None:
        self._busy_tasks = max(0, self._busy_tasks - 1)
        if not self._busy_tasks:
            self.busy_label.hide()
            self.busy_bar.hide()

    @property
    def is_busy(self) -> bool:
        return self._busy_tasks > 0

    # --- New, open ----------------------------------------------------------------------------------------

    def load_dataset(
        self,
        dataset: Dataset,
        path: Path | None = None,
        fmt: str | None = None,
        problems: list[Problem] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        """Show ``dataset`` in the editor (history cleared), with its problems and reading notes."""
        problems = problems or []
        notes = notes or []
        self._document.load(dataset, path, fmt)
        self.problems_dock.set_problems(problems)
        self.problems_dock.setVisible(bool(problems))
        self.notification_bar.dismiss()
        self.show_page("editor")
        message = self.tr("%Ln row(s)", "", len(dataset))
        if problems:
            message += " · " + self.tr("%Ln row(s) could not be read (see Problems)", "", len(problems))
        if notes:
            # The readers' notes are English; say them in the UI's language.
            message += " · " + " · ".join(translate_made_message(note) for note in notes)
        self.statusBar().showMessage(message, 15000)
        self._check_current_kind()

    def _jump_to_problem_row(self, file_row: int) -> None:
        self.show_page("editor")
        if not self.editor.jump_to_source_row(file_row):
            self.statusBar().showMessage(
                self.tr("Row %1 was not opened: it could not be read.").replace("%1", str(file_row)), 8000
            )

    # --- Saving -------------------------------------------------------------------------------------------

    def _document_saved(self) -> None:
        if self.autosave is not None:
            self.autosave.document_saved()

    # --- Other actions ------------------------------------------------------------------------------------

    def show_find_dialog(self) -> None:
        from desktop.ui.find_replace import FindReplaceDialog

        self.show_page("editor")
        if self.find_dialog is None:
            self.find_dialog = FindReplaceDialog(self.editor, self)
        self.find_dialog.show()
        self.find_dialog.raise_()
        self.find_dialog.activateWindow()
        self.find_dialog.find_edit.setFocus()
        self.find_dialog.find_edit.selectAll()

    def _check_current_kind(self) -> None:
        action = self.convert_actions.get(self._document.kind)
        if action is not None:
            action.setChecked(True)

    def convert_kind(self, kind: ExampleKind) -> None:
        from desktop.ui.kinds import convert_examples

        if kind is self._document.kind:
            return
        examples = convert_examples(self._document.examples, self._document.kind, kind)
        self._document.set_kind(kind, examples, self.tr("Change example kind"))
        self._check_current_kind()

    def choose_language(self, language: str) -> None:
        """Switch the UI language now (the app rebuilds its windows); also kept for the next start."""
        for code, action in self.language_actions.items():
            action.setChecked(code == core_i18n.current_language())
        if language != core_i18n.current_language():
            self.language_chosen.emit(language)

    def show_about(self) -> None:
        from desktop.ui.about import AboutDialog

        dialog = AboutDialog(self.engine_state(), self)
        self.about_dialog = dialog
        dialog.open()

    def engine_state(self) -> str:
        """A sentence on the local engine for the About box (the workbench knows it)."""
        running = self.workbench.services.local_engine if self.workbench is not None else None
        if running is not None and running.base_url:
            return self.tr("running at %1").replace("%1", running.base_url)
        return self.tr("not started (it starts when a job or test needs it)")

    # --- Drag and drop ------------------------------------------------------------------------------------

    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                if path.suffix.lower() in OPEN_SUFFIXES:
                    return path
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # Open after the drop returns: the question about unsaved changes must not run inside it.
        QTimer.singleShot(0, lambda: self.files.open_path(path))

    # --- Window state and closing -------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        state = settings.value("main_window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))

    def save_window_state(self) -> None:
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())

    def _close_after_save(self) -> None:
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.replaced:
            # The same document lives on in the window that replaced this one.
            event.accept()
            return
        self.editor.conversation_panel.flush()
        if self._document.is_modified:
            answer = QMessageBox.question(
                self,
                self.tr("Unsaved changes"),
                self.tr("The data set has changes that are not saved. Save them before closing?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save:
                event.ignore()
                # Close once the save has landed; a failed save leaves the window open.
                self.files.save(on_saved=self._close_after_save)
                return
        self.save_window_state()
        if self.autosave is not None:
            self.autosave.close_cleanly()
        event.accept()
        self.closed.emit()

    # --- Test hooks ---------------------------------------------------------------------------------------

    def apply_scripted_edit(self, spec: dict[str, Any]) -> None:
        """Edit a cell through the table model, exactly as typing does (used by the crash test).

        ``spec``: ``{"row": view row, "column": column index, "text": new text}``.
        """
        model = self.editor.model
        index = model.index(int(spec["row"]), int(spec["column"]))
        model.setData(index, str(spec["text"]), Qt.ItemDataRole.EditRole)

"""Autosave to the recovery journal, and the offer to restore after a crash.

The journal is written a few seconds after the last edit (and at least every few seconds while
edits keep coming), on a worker thread from a snapshot of the example list: commands swap examples
and never change one in place, so the snapshot is stable. Saving the file or closing cleanly
deletes the journal.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.recovery import (
    JournalInfo,
    RecoveredSession,
    discard_journal,
    journal_path,
    now,
    orphaned_journals,
    read_journal,
    read_journal_info,
    write_journal,
)
from desktop.ui.background import run_in_background
from desktop.ui.document import DatasetDocument

QUIET_MS = 2000  # write this long after the last edit
LONGEST_WAIT_MS = 8000  # ... but never let unsaved edits get older than this


def recovery_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "recovery"


class Autosave(QObject):
    def __init__(
        self, document: DatasetDocument, parent: QObject | None = None, folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.folder = folder if folder is not None else recovery_folder()
        self.path = journal_path(self.folder, os.getpid())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(QUIET_MS)
        self._timer.timeout.connect(self.write_now)
        self._first_pending: float | None = None
        self._writing = False
        self._write_again = False
        self._generation = 0  # bumped by save/close so a late write does not bring the journal back
        self.writes = 0
        self.recovery_box: QMessageBox | None = None
        self._replaced_journal: Path | None = None
        self._closed = threading.Event()
        document.changed.connect(self._document_changed)

    # --- Writing --------------------------------------------------------------------------------------

    def _document_changed(self) -> None:
        if not self.document.is_modified:
            # Back to what is on disk (undo to the saved state): nothing to recover.
            self._timer.stop()
            self._first_pending = None
            if not self._writing:
                discard_journal(self.path)
            return
        if self._first_pending is None:
            self._first_pending = now()
        waited_ms = (now() - self._first_pending) * 1000
        self._timer.start(max(0, min(QUIET_MS, LONGEST_WAIT_MS - int(waited_ms))))

    def write_now(self) -> None:
        self._timer.stop()
        if self._writing:
            self._write_again = True
            return
        self._first_pending = None
        document = self.document
        if not document.is_modified:
            discard_journal(self.path)
            return
        dataset = document.dataset
        info = JournalInfo(
            pid=os.getpid(),
            kind=dataset.kind.value,
            rows=len(dataset.examples),
            written_at=now(),
            document_path=str(document.path) if document.path else None,
            document_format=document.file_format,
            source_path=str(dataset.source_path) if dataset.source_path else None,
            source_format=dataset.source_format,
            extra_columns=list(dataset.extra_columns),
        )
        snapshot = list(dataset.examples)
        generation = self._generation
        self._writing = True

        def finished() -> None:
            self._writing = False
            if generation != self._generation:
                discard_journal(self.path)  # saved or closed meanwhile
            elif self._replaced_journal is not None:
                # The restored journal is now safely replaced by ours.
                discard_journal(self._replaced_journal)
                self._replaced_journal = None
            if self._write_again:
                self._write_again = False
                self.write_now()

        def written(_path: Path) -> None:
            self.writes += 1

        closed = self._closed

        def write() -> Path:
            path = write_journal(self.folder, info, snapshot)
            if closed.is_set():
                # The app closed cleanly while this was being written: leave nothing to recover.
                discard_journal(path)
            return path

        run_in_background(
            self.tr("Writing the recovery journal"),
            write,
            owner=self,
            on_success=written,
            on_finished=finished,
        )

    def document_saved(self) -> None:
        self._generation += 1
        self._timer.stop()
        self._first_pending = None
        if not self._writing:
            discard_journal(self.path)

    def close_cleanly(self) -> None:
        self._closed.set()
        self.document_saved()
        discard_journal(self.path)

    # --- Restoring ------------------------------------------------------------------------------------

    def offer_recovery(self, parent: QWidget | None, on_declined: Callable[[], None] | None = None) -> bool:
        """Ask whether to restore the newest journal of a session that did not close cleanly.

        Returns False when there is nothing to offer; the question itself does not block.
        """
        journals = orphaned_journals(self.folder)
        if not journals:
            return False
        newest = journals[0]
        info = read_journal_info(newest)
        name = Path(info.document_path).name if info.document_path else self.tr("an unsaved data set")
        when = dt.datetime.fromtimestamp(info.written_at).strftime("%Y-%m-%d %H:%M:%S")
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Restore unsaved edits?"))
        box.setText(
            self.tr(
                "Finetune Desk did not close cleanly last time. Restore the unsaved edits of %1?"
            ).replace("%1", name)
        )
        box.setInformativeText(self.tr("%Ln row(s), recorded at %1.", "", info.rows).replace("%1", when))
        restore = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        self.recovery_box = box

        def answered() -> None:
            if box.clickedButton() is restore:
                self._restore(newest, journals[1:], parent)
            else:
                for path in journals:
                    discard_journal(path)
                if on_declined is not None:
                    on_declined()

        box.finished.connect(lambda _result: answered())
        box.open()
        return True

    def _restore(self, path: Path, older: list[Path], parent: QWidget | None) -> None:
        def restored(session: RecoveredSession) -> None:
            info = session.info
            document_path = Path(info.document_path) if info.document_path else None
            self.document.load(session.dataset, document_path, info.document_format)
            self.document.mark_modified_without_history()
            self._replaced_journal = path
            self.write_now()
            for other in older:
                discard_journal(other)

        run_in_background(
            self.tr("Restoring unsaved edits"), read_journal, path, owner=self, on_success=restored
        )

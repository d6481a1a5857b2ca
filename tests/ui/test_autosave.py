from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

import desktop.ui.autosave as autosave_module
from desktop.core.recovery import read_journal
from desktop.ui.autosave import Autosave
from desktop.ui.document import DatasetDocument
from desktop.ui.table_model import DatasetTableModel
from tests.ui.editor_helpers import pc_dataset


def test_journal_follows_edits_saves_and_undo(qtbot: QtBot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(autosave_module, "QUIET_MS", 50)
    document = DatasetDocument(pc_dataset([("问", "答")]))
    model = DatasetTableModel(document)
    autosave = Autosave(document, folder=tmp_path)
    model.setData(model.index(0, 1), "改过的答")
    qtbot.waitUntil(lambda: autosave.path.exists() and autosave.writes >= 1)
    assert read_journal(autosave.path).dataset.examples[0].peek() == {
        "prompt": "问",
        "completion": "改过的答",
    }

    document.undo_stack.undo()  # back to the file's content: nothing left to recover
    qtbot.waitUntil(lambda: not autosave.path.exists())

    document.undo_stack.redo()
    qtbot.waitUntil(lambda: autosave.path.exists())
    document.mark_saved()
    autosave.document_saved()
    # A journal write still in flight is discarded when it finishes.
    qtbot.waitUntil(lambda: not autosave.path.exists())

    model.setData(model.index(0, 0), "再改")
    qtbot.waitUntil(lambda: autosave.path.exists())
    autosave.close_cleanly()
    qtbot.waitUntil(lambda: not autosave.path.exists())
    assert autosave.offer_recovery(None) is False

"""Definitions that look unused to vulture but are reached by name from outside our code.

Read by scripts/dead_code.py (never run or imported): each entry marks one name as used, and says
which definition it is and who calls it. Keep an entry only while that caller exists; an entry
whose definition is gone fails the check. FastAPI routes and ``atexit`` handlers need no entry
(their decorators are known to scripts/dead_code.py).
"""

from typing import Any

_: Any = None  # stands for the object the attribute is looked up on

QT_VIRTUAL_METHODS = (
    _.mergeWith,  # TypingCommand.mergeWith: QUndoStack merges consecutive typing into one undo step
    _.eventFilter,  # MessageEditor.eventFilter: Qt calls it for events of the watched text edit
    _.createEditor,  # MultiLineDelegate.createEditor: the view asks the delegate for a cell's editor
    _.updateEditorGeometry,  # MultiLineDelegate: the view places the editor over the cell
    _.dragEnterEvent,  # MainWindow.dragEnterEvent: Qt asks whether a dragged file may be dropped
    _.filterAcceptsRow,  # JobsFilterProxyModel: QSortFilterProxyModel asks it for each source row
    _.paintEvent,  # TokenHistogram.paintEvent: Qt calls it to draw the widget
    _.validatePage,  # StartPage.validatePage: QWizard calls it when the user presses Next
)

PYTHON_PROTOCOLS = (
    _.readable,  # ProgressReader (io.RawIOBase): io and httpx ask whether the stream can be read
    _.seekable,  # ProgressReader: asked before the upload body is read
    _.readinto,  # ProgressReader: io.RawIOBase.read() reads through it
)

"""Live language switching: the main window and every page are rebuilt in the new language.

Every widget sets its text when it is built, so building the window again is what retranslates
all of it — menus, pages, tables, tooltips — without a per-widget retranslation path that new code
could forget. What the user has is kept: the same document (data, undo history, file, autosave
journal), the provider services (the running local engine), the followed jobs (the new monitor
re-attaches to them), the window's geometry and the page on show. An open wizard is closed after
asking, because its half-filled pages cannot move to the new window.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from functools import cache

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from desktop.core import i18n as core_i18n
from desktop.ui.i18n import install_translations, normalise_language, save_language
from desktop.ui.main_window import MainWindow
from desktop.ui.resources import resources_dir
from desktop.ui.workbench import Workbench


class LanguageSwitcher(QObject):
    """Owns the app's main window and swaps it for one in another language on request."""

    window_replaced = Signal(object)  # the new MainWindow

    def __init__(self, window: MainWindow, workbench: Workbench) -> None:
        super().__init__()
        self.window = window
        self.workbench = workbench
        window.language_chosen.connect(self.switch)

    def switch(self, language: str, *, force: bool = False) -> bool:
        """Show the UI in ``language`` now and from now on; False when the user cancelled.

        ``force``: rebuild even in the same language (the colour scheme changed).
        """
        language = normalise_language(language)
        if language == core_i18n.current_language() and not force:
            return True
        old, old_bench = self.window, self.workbench
        wizard = old_bench.wizard
        if wizard is not None and wizard.isVisible():
            same_language = language == core_i18n.current_language()
            title = self.tr("Follow the new colours") if same_language else self.tr("Change the language")
            question = (
                self.tr(
                    "The system changed between light and dark. Redrawing the windows closes the open "
                    "fine-tune wizard; a job it started goes on and stays on the Jobs page. Redraw now? "
                    "(Otherwise a few colours keep their old shade until Finetune Desk starts again.)"
                )
                if same_language
                else self.tr(
                    "The fine-tune wizard is open. Changing the language closes it; a job it "
                    "started goes on and stays on the Jobs page. Change the language now?"
                )
            )
            answer = QMessageBox.question(
                old,
                title,
                question,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        old.editor.conversation_panel.flush()
        previous = core_i18n.current_language()
        install_translations(language)
        retranslate_history(old.document.undo_stack, previous, language)
        save_language(language)

        page = next((key for key in old.page_keys() if old.page(key) is old.tabs.currentWidget()), "editor")
        document = old.document
        new = MainWindow(document)
        # The document and its autosave journal now belong to the new window.
        document.setParent(new)
        new.autosave = old.autosave
        if new.autosave is not None:
            new.autosave.setParent(new)
        old.closed.disconnect(old_bench.shutdown)
        old_bench.monitor.shutdown()
        bench = Workbench(new, old_bench.services)
        new.restoreGeometry(old.saveGeometry())
        new.restoreState(old.saveState())
        new.problems_dock.set_problems(list(old.problems_dock.model.problems))
        new.problems_dock.setVisible(old.problems_dock.isVisible())
        if page in new.page_keys():
            new.show_page(page)
        if old.isVisible():
            new.show()
        old.replaced = True
        old.close()
        old.deleteLater()
        self.window, self.workbench = new, bench
        new.language_chosen.connect(self.switch)
        self.window_replaced.emit(new)
        return True


_PLACEHOLDER = re.compile(r"%(?:L?n|L?\d)")


@cache
def _message_pairs() -> tuple[tuple[str, str], ...]:
    """(English, Chinese) for every message of the app's .ts files; plural forms as one each."""
    pairs: list[tuple[str, str]] = []
    for path in sorted((resources_dir() / "i18n").glob("*_zh_CN.ts")):
        for message in ElementTree.parse(path).iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("vanished", "obsolete", "unfinished"):
                continue
            forms = [form.text or "" for form in translation.iter("numerusform")] or [translation.text or ""]
            pairs.extend((source, form) for form in forms if form)
    return tuple(pairs)


def _pattern(text: str) -> tuple[re.Pattern[str], list[str]]:
    """A regex matching ``text`` with its placeholders filled in, and the placeholders in order."""
    names = _PLACEHOLDER.findall(text)
    parts = _PLACEHOLDER.split(text)
    regex = "".join(re.escape(part) + ("(.+?)" if i < len(names) else "") for i, part in enumerate(parts))
    return re.compile(regex + r"\Z", re.DOTALL), names


def translate_made_text(text: str, old: str, new: str) -> str:
    """``text``, translated earlier into ``old``, in ``new`` (unchanged when it is not the app's)."""
    if old == new:
        return text
    for english, chinese in _message_pairs():
        made, wanted = (english, chinese) if old == "en" else (chinese, english)
        if "%" not in made:
            if made == text:
                return wanted
            continue
        pattern, names = _pattern(made)
        match = pattern.match(text)
        if match is None:
            continue
        values = dict(zip([n.replace("L", "") for n in names], match.groups(), strict=True))
        return _fill(wanted, values)
    return text


def _fill(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(0).replace("L", ""), m.group(0)), text)


def retranslate_history(stack: QUndoStack, old: str, new: str) -> None:
    """The undo history's descriptions ("Edit cell") in the new language."""
    for index in range(stack.count()):
        command = stack.command(index)
        if command is not None:
            command.setText(translate_made_text(command.text(), old, new))

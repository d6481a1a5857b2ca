"""What a user can read on a widget tree: every visible text, and the English words among them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

# Words that stay English in the Chinese UI, and why:
ALLOWED_WORDS = frozenset(
    {
        # product and company names
        "OpenAI",
        "Azure",
        "Finetune",
        "Desk",
        "Excel",
        "LibreOffice",
        "Hugging",
        "Face",
        "Qwen",
        "Llama",
        "Ollama",
        "GGUF",
        "Foundry",
        "Microsoft",
        "Windows",
        "Linux",
        "macOS",
        "Python",
        "curl",
        "PyTorch",
        "CUDA",
        "Apple",
        "English",  # the language menu names each language in itself
        "END",  # a literal stop marker the advice tells the user to type into the data
        # formats and technical terms with no Chinese form in use
        "LoRA",
        "JSONL",
        "JSON",
        "CSV",
        "TSV",
        "XLSX",
        "xlsx",
        "jsonl",
        "csv",
        "API",
        "URL",
        "GPU",
        "CPU",
        "DPO",
        "SFT",
        "RFT",
        "ID",
        "id",
        "HTTP",
        "HTTPS",
        "http",
        "https",
        "UTF",
        "GBK",
        "MB",
        "GB",
        "KB",
        "B",
        "TB",
        "ms",
        "max",
        "min",
        "tokens",
        "token",
        "Token",
        "seed",
        "top_p",
        "system",
        "user",
        "assistant",
        "tool",  # the chat roles are the file format's own words
        "prompt",
        "completion",
        "messages",
        "weight",
        "preferred_output",
        "non_preferred_output",
        "name",  # the chat message field, quoted in the cost rule
        "POST",  # the HTTP method of the request shown on the review page
        # keyboard keys as Qt's Chinese translation writes them
        "Ctrl",
        "Shift",
        "Alt",
        "Enter",
        "Esc",
        "Del",
        "Tab",
        "PgUp",
        "PgDown",
        "Meta",
        "F",
        "A",
        "Z",
        "Y",
        "O",
        "S",
        "N",
        "Q",
        "T",
    }
)
# Views whose cells are the user's own data (any language), not the UI's words.
USER_DATA_VIEWS = frozenset({"DataTableView"})
# Columns of other tables that hold the user's words (a job's suffix is whatever the user typed).
USER_DATA_HEADERS = frozenset({"后缀", "Suffix"})
TOKEN = re.compile(r"[A-Za-z][\w.\-/:+@$~*]*")
WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> list[str]:
    """English words in ``text``: alphabetic tokens that are not identifiers, paths or allowed names."""
    found: list[str] = []
    for token in TOKEN.findall(text):
        if not WORD.fullmatch(token):
            continue  # a model id, file name, URL or key: "gpt-4o-mini", "data.jsonl", "ft:…"
        if token in ALLOWED_WORDS:
            continue
        found.append(token)
    return found


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user sees on ``root`` and its visible children."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        name = f"{type(widget).__name__}({widget.objectName()})"
        if widget.isWindow() and widget.windowTitle():
            yield name + ".windowTitle", widget.windowTitle()
        if widget.toolTip():
            yield name + ".toolTip", _plain(widget.toolTip())
        if isinstance(widget, QLabel):
            yield name, _plain(widget.text()).replace("&", "")
        elif isinstance(widget, QAbstractButton):
            yield name, widget.text().replace("&", "")
        elif isinstance(widget, QGroupBox):
            yield name, widget.title()
        elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            yield name + ".placeholder", widget.placeholderText()
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{name}[{i}]", widget.itemText(i)
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield f"{name}.tab[{i}]", widget.tabText(i).replace("&", "")
        elif isinstance(widget, QHeaderView):
            pass  # its view reports the headers
        elif isinstance(widget, QAbstractItemView):
            yield from _model_texts(name, widget, cells=type(widget).__name__ not in USER_DATA_VIEWS)
        for action in widget.actions():
            if action.isVisible() and action.text():
                yield f"{name}.action", action.text().replace("&", "")
            if action.isVisible() and action.toolTip() and action.toolTip() != action.text():
                yield f"{name}.action.toolTip", action.toolTip().replace("&", "")


def _model_texts(name: str, view: QAbstractItemView, *, cells: bool) -> Iterator[tuple[str, str]]:
    model = view.model()
    if model is None:
        return
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # list models keep columnCount private: one column
        columns = 1
    for section in range(columns):
        header = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if isinstance(header, str):
            yield f"{name}.header[{section}]", header
    if not cells:
        return
    # Cells the app writes (statuses, kinds, problems); views of the user's own data are skipped.
    user_columns = {
        column
        for column in range(columns)
        if model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        in USER_DATA_HEADERS
    }
    for row in range(min(model.rowCount(root), 20)):
        for column in set(range(columns)) - user_columns:
            value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield f"{name}[{row},{column}]", value


def menu_texts(menu: QMenu, path: str = "") -> Iterator[tuple[str, str]]:
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        where = f"{path} ▸ {action.text()}"
        yield where, action.text().replace("&", "")
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            yield where + ".toolTip", action.toolTip()
        if action.statusTip():
            yield where + ".statusTip", action.statusTip()
        sub = action.menu()
        if isinstance(sub, QMenu):
            yield from menu_texts(sub, where)


def english_findings(texts: Iterator[tuple[str, str]], skip: frozenset[str] = frozenset()) -> list[str]:
    findings = []
    for where, text in texts:
        words = [w for w in english_words(text) if w not in skip]
        if words:
            findings.append(f"{where}: {text!r} -> {words}")
    return sorted(set(findings))

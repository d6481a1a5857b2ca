"""The dialogs of the fixes: one fix's preview (before/after, rows touched), and the checklist of
"apply all recommended" in which each fix can be declined."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.dataset import Example
from desktop.ui import theme

PREVIEW_TEXT_LIMIT = 400  # characters of one row shown in a preview cell


def preview_text(item: object) -> str:
    """A row as the preview shows it: an Example's JSON (readable Chinese), a JSON value, or str(item)."""
    if item is None:
        return ""
    if isinstance(item, Example):
        item = item.peek()
    if isinstance(item, dict | list):
        text = json.dumps(item, ensure_ascii=False)
    else:
        text = str(item)
    return text if len(text) <= PREVIEW_TEXT_LIMIT else text[: PREVIEW_TEXT_LIMIT - 1] + "…"


def _visible_whitespace(text: str) -> str:
    # Whitespace fixes are invisible unless the preview shows it.
    return text.replace("\r\n", "␍␊").replace("\r", "␍").replace("\t", "⇥")


@dataclass(frozen=True)
class PreviewRow:
    label: str  # the row as the user knows it ("Row 12"), or "" when unknown
    before: str
    after: str


class FixPreviewDialog(QDialog):
    """Shows what one fix would do; accepted means "apply it" (as one undoable step)."""

    def __init__(
        self,
        title: str,
        explanation: str,
        rows_touched: int,
        rows: Sequence[PreviewRow],
        options: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 480)
        self.explanation_label = QLabel(explanation)
        self.explanation_label.setWordWrap(True)
        self.touched_label = QLabel()
        self.preview_view = QTextBrowser()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation_label)
        if options is not None:
            layout.addWidget(options)
        layout.addWidget(self.touched_label)
        layout.addWidget(self.preview_view, 1)
        layout.addWidget(self.buttons)
        self.set_preview(rows_touched, rows)

    def set_preview(self, rows_touched: int, rows: Sequence[PreviewRow]) -> None:
        self.touched_label.setText(
            "<b>"
            + self.tr("Rows this fix changes: %Ln.", "", rows_touched)
            + "</b> "
            + (self.tr("A few of them, before and after:") if rows else "")
        )
        self.apply_button.setEnabled(rows_touched > 0)
        cells = []
        # Dark text on the cells' own light backgrounds: readable in the dark scheme too.
        cell = "color:#202020; white-space:pre-wrap"
        muted = theme.colour("muted")
        for row in rows:
            after = (
                html.escape(_visible_whitespace(row.after))
                if row.after
                else "<i>" + html.escape(self.tr("(removed)")) + "</i>"
            )
            before = html.escape(_visible_whitespace(row.before))
            cells.append(
                "<tr>"
                f"<td valign='top' style='color:{muted}' nowrap>{html.escape(row.label)}</td>"
                f"<td valign='top' style='{cell}; background:#fdecea'>{before}</td>"
                f"<td valign='top' style='{cell}; background:#e8f5e9'>{after}</td>"
                "</tr>"
            )
        before_title = html.escape(self.tr("Before"))
        after_title = html.escape(self.tr("After"))
        self.preview_view.setHtml(
            "<table width='100%' cellspacing='2' cellpadding='4'>"
            f"<tr><th></th><th align='left' width='46%'>{before_title}</th>"
            f"<th align='left' width='46%'>{after_title}</th></tr>" + "".join(cells) + "</table>"
        )


@dataclass(frozen=True)
class RecommendedFix:
    fix_id: str
    title: str  # in the UI language
    detail: str  # e.g. "touches 12 rows"


class ApplyRecommendedDialog(QDialog):
    """A checklist of the recommended fixes; the checked ones are applied in order, as one step."""

    def __init__(self, fixes: Sequence[RecommendedFix], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Apply all recommended fixes"))
        self.resize(520, 320)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "These fixes are recommended for your data. Uncheck any you do not want; the others are "
                "applied together as one step you can undo in the editor."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.checks: dict[str, QCheckBox] = {}
        for fix in fixes:
            check = QCheckBox(f"{fix.title} — {fix.detail}" if fix.detail else fix.title)
            check.setChecked(True)
            check.toggled.connect(self._update_button)
            self.checks[fix.fix_id] = check
            layout.addWidget(check)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(
            self.tr("Apply checked fixes"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_button()

    def chosen(self) -> list[str]:
        return [fix_id for fix_id, check in self.checks.items() if check.isChecked()]

    def _update_button(self) -> None:
        self.apply_button.setEnabled(bool(self.chosen()))

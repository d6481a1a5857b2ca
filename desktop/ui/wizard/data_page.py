"""Page 1: the data checks: findings with fixes, the token summary, and the block on errors."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.core.cancel import CancelToken
from desktop.core.catalog import CatalogModel
from desktop.core.dataset import Dataset, Example, ExampleKind
from desktop.core.i18n import current_language
from desktop.providers.profiles import Profile
from desktop.ui import theme
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.wizard import services
from desktop.ui.wizard.findings_model import Column, FindingRow, FindingsModel, Level
from desktop.ui.wizard.fix_dialogs import ApplyRecommendedDialog, FixPreviewDialog, RecommendedFix
from desktop.ui.wizard.histogram import TokenHistogram
from desktop.ui.wizard.state import WizardState

if TYPE_CHECKING:
    from desktop.core.checks import Analyzer, ProgressFn
    from desktop.core.findings import Analysis
    from desktop.core.fixes import Fix
    from desktop.ui.wizard.services import FixPreviewView

PREVIEW_ROWS = 5


@dataclass(frozen=True)
class TextOption:
    """A text the user may give a fix (a system prompt for "convert to chat")."""

    label: str
    placeholder: str
    make_fix: Callable[[str], Fix]


RECHECK_DELAY_MS = 400  # edits in the editor come in bursts; check once they settle


def snapshot(dataset: Dataset) -> Dataset:
    """A copy safe to read on a worker thread (examples are never changed in place, see document.py)."""
    return Dataset(
        dataset.kind,
        list(dataset.examples),
        list(dataset.extra_columns),
        dataset.source_path,
        dataset.source_format,
    )


class DataPage(QWizardPage):
    analysis_finished = Signal()
    fix_applied = Signal(str)  # the undo text of the step

    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.setTitle(self.tr("Check the data"))
        self.setSubTitle(
            self.tr(
                "Every example is checked the way the provider will check it, and more. "
                "Errors block training."
            )
        )
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.histogram = TokenHistogram()
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 3)
        top.addWidget(self.histogram, 2)

        self.findings = FindingsModel(self)
        self.table = QTableView()
        self.table.setModel(self.findings)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.SEVERITY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.ROWS, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.FIX, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(Column.ROWS, 140)

        self.fix_button = QPushButton(self.tr("Fix…"))
        self.alternative_button = QPushButton()
        self.alternative_button.hide()
        self.recommended_button = QPushButton(self.tr("Apply %Ln recommended fix(es)…", "", 0))
        self.show_row_button = QPushButton(self.tr("Show row in editor"))
        self.recheck_button = QPushButton(self.tr("Check again"))
        buttons = QHBoxLayout()
        for button in (
            self.fix_button,
            self.alternative_button,
            self.recommended_button,
            self.show_row_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.recheck_button)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)

        self._task: TaskHandle | None = None
        self._fix_task: TaskHandle | None = None
        self._awaiting: TaskHandle | None = None  # the check whose result the page waits for
        self._stale = True
        self._analyzer: Analyzer | None = None
        # What the analyzer's counts depend on (the model's catalog entry: encoding, limits).
        self._analyzer_key: CatalogModel | None = None
        self._model_recheck = False  # the running check is for a new model, not for changed data
        self._analysed: tuple[Analysis, Dataset] | None = None  # the last analysis and what it checked
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(RECHECK_DELAY_MS)
        self._recheck_timer.timeout.connect(self.start_analysis)

        self.fix_button.clicked.connect(self.fix_selected)
        self.alternative_button.clicked.connect(self.alternative_fix_selected)
        self.recommended_button.clicked.connect(self.apply_recommended)
        self.show_row_button.clicked.connect(self.show_selected_row)
        self.recheck_button.clicked.connect(self.start_analysis)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._activated)  # double-click or Enter
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        state.data.changed.connect(self._data_changed)
        state.model_changed.connect(self._model_changed)
        self._update_buttons()

    # --- QWizardPage -------------------------------------------------------------------------------

    def initializePage(self) -> None:
        if self._state.analysis is None and not self.is_running:
            self.start_analysis()

    def isComplete(self) -> bool:
        return (
            not self._stale
            and not self.is_running
            and self._state.analysis is not None
            and self.findings.count(Level.ERROR) == 0
        )

    # --- Analysis ----------------------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        return self._awaiting is not None  # cleared on the UI thread when the result is shown

    def start_analysis(self) -> None:
        """Check the current data in the background (again); the page is blocked until it is done."""
        self._recheck_timer.stop()
        if self._task is not None:
            self._task.cancel()
        self._stale = True
        data = snapshot(self._state.data.dataset)
        model = self._state.model
        key = services.analysis_key(model)
        still_working = self._task is not None and self._task.is_running
        if self._analyzer is None or self._analyzer_key != key or still_working:
            # An analyzer keeps facts per example for quick re-checks; it is never shared between
            # two running checks (the cancelled one may still be finishing its block).
            self._analyzer = services.new_analyzer(model)
            self._analyzer_key = key
        analyzer = self._analyzer
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Checking the examples (%Ln)…", "", len(data.examples)))
        self._publish_readiness()

        def work(cancel: CancelToken, progress: ProgressFn) -> Analysis:
            return services.run_analysis(analyzer, data, cancel, progress)

        task: TaskHandle

        def arrived(analysis: Analysis) -> None:
            if self._task is task:
                self._awaiting = None
                self._analysis_arrived(data, analysis)

        def failed(error: BaseException) -> None:
            if self._task is task:
                self._awaiting = None
                self.progress.hide()
                self.status_label.setStyleSheet(theme.css("error"))
                self.status_label.setText(self.tr("The check failed; see the error message."))
                error_hub().report(self.tr("Checking the data"), error)

        task = run_in_background(
            self.tr("Checking the data"),
            work,
            owner=self,
            on_success=arrived,
            on_error=failed,
            on_progress=self._progressed,
        )
        self._task = task
        self._awaiting = task

    def _progressed(self, value: object) -> None:
        if isinstance(value, float) and 0 <= value <= 1:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(value * 1000))

    def _target_profile(self) -> Profile | None:
        """The profile the data will train on: the chosen one, else the wizard's active one."""
        state = self._state
        if state.profile is not None:
            return state.profile
        return state.services.active_profile()

    def _show_findings(self) -> None:
        if self._analysed is None:
            return
        analysis, data = self._analysed
        legacy = services.legacy_advice_applies(self._target_profile(), self._state.model)
        self.findings.set_findings(services.finding_rows(analysis, data, legacy_advice=legacy))

    def _analysis_arrived(self, data: Dataset, analysis: Analysis) -> None:
        self._stale = False
        self._model_recheck = False
        self.progress.hide()
        self._analysed = (analysis, data)
        self._show_findings()
        self.table.resizeRowsToContents()
        summary = services.summary_view(analysis)
        self.summary_label.setText(self._summary_text(summary))
        self.histogram.set_bins(summary.bins)
        errors = self.findings.count(Level.ERROR)
        warnings = self.findings.count(Level.WARNING)
        if errors:
            self.status_label.setStyleSheet(theme.css("error"))
            self.status_label.setText(
                self.tr(
                    "Training is blocked until every error is fixed (errors left: %n). Fix them here or in "
                    "the editor (double-click a finding to show its row).",
                    "",
                    errors,
                )
            )
        elif (
            refusal := services.no_model_trains(self._state.services.starting_profile(), data, analysis)
        ) is not None:
            # Never "the data can be used" when the next page then refuses every model.
            self.status_label.setStyleSheet(theme.css("warning"))
            self.status_label.setText(refusal)
        else:
            self.status_label.setStyleSheet(theme.css("success"))
            text = self.tr("No errors: the data can be used for training.")
            if warnings:
                text += " " + self.tr("Look at the warnings (%n) before you go on.", "", warnings)
            self.status_label.setText(text)
        self._state.set_analysis(analysis)
        self._update_buttons()
        self._publish_readiness()
        self.analysis_finished.emit()

    def _publish_readiness(self) -> None:
        """Tell the wizard (and so the later pages) whether the data may be trained on now."""
        if (self.is_running or self._stale) and self._model_recheck and self._state.analysis is not None:
            reason: str | None = self.tr("Counting the tokens again for the chosen model…")
        elif self.is_running or self._stale or self._state.analysis is None:
            reason = self.tr("The data changed and is being checked again.")
        elif self.findings.count(Level.ERROR):
            reason = self.tr("The data has errors; go back to the first page to fix them.")
        else:
            reason = None
        checking = reason is not None and (self.is_running or self._stale or self._state.analysis is None)
        self._state.set_data_blocker(reason, checking=checking)
        self.completeChanged.emit()

    def _data_changed(self) -> None:
        self._model_recheck = False
        self._stale = True
        self._publish_readiness()
        self._recheck_timer.start()

    def _model_changed(self) -> None:
        # The babbage-002/davinci-002 advice follows the chosen provider and model.
        self._show_findings()
        # Token counts and the per-example limit depend on the base model's encoding; choosing
        # the same model again, or one with the same encoding and limits, changes nothing.
        model = self._state.model
        if (
            self._state.analysis is not None
            and model is not None
            and services.analysis_key(model) != self._analyzer_key
        ):
            if not self._stale:
                self._model_recheck = True
            self._recheck_timer.start()

    def _summary_text(self, summary: services.SummaryView) -> str:
        lines = [
            "<b>" + self.tr("Examples: %Ln", "", summary.examples) + "</b>",
            self.tr("Tokens: %1 in all; per example %2 min, %3 median, %4 max")
            .replace("%1", f"{summary.total_tokens:,}")
            .replace("%2", f"{summary.min_tokens:,}")
            .replace("%3", f"{summary.median_tokens:,}")
            .replace("%4", f"{summary.max_tokens:,}"),
            self.tr("Counted with the %1 encoding.").replace("%1", html.escape(summary.encoding)),
        ]
        if summary.validation_examples:
            lines.append(self.tr("Marked for validation: %Ln.", "", summary.validation_examples))
        return "<br>".join(lines)

    # --- Fixes ---------------------------------------------------------------------------------------------

    def selected_finding(self) -> FindingRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.findings.finding(rows[0].row()) if rows else None

    def select_finding(self, row: int) -> None:
        self.table.selectRow(row)

    def fix_selected(self) -> None:
        finding = self.selected_finding()
        if finding is None or not finding.fix_id:
            return
        fix = services.fix_for(finding, self._state.analysis)
        if fix is not None:
            self.open_fix(fix)

    def alternative_fix_selected(self) -> None:
        finding = self.selected_finding()
        fix = services.alternative_for(finding, self._state.analysis) if finding is not None else None
        if fix is not None:
            self.open_fix(fix)

    def open_fix(self, fix: Fix, option: TextOption | None = None) -> None:
        """Compute the fix's preview in the background, then show it; Apply makes one undoable step.

        With ``option`` the dialog also asks for a text (e.g. a system prompt) that remakes the fix.
        """
        data = snapshot(self._state.data.dataset)
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Preparing the preview…"))

        def work() -> services.FixPreviewView:
            return services.preview_fix(fix, data, PREVIEW_ROWS)

        def show(preview: FixPreviewView) -> None:
            self.status_label.clear()
            options, edit = self._option_widget(option) if option is not None else (None, None)
            dialog = FixPreviewDialog(
                preview.title, preview.explanation, preview.rows_touched, preview.rows, options, parent=self
            )
            self.preview_dialog = dialog  # tests and screenshots reach it here

            def chosen_fix() -> Fix:
                return option.make_fix(edit.text()) if option is not None and edit is not None else fix

            def refresh() -> None:
                remade = chosen_fix()
                run_in_background(
                    self.tr("Preparing the preview of a fix"),
                    lambda: services.preview_fix(remade, data, PREVIEW_ROWS),
                    owner=dialog,
                    on_success=lambda view: dialog.set_preview(view.rows_touched, view.rows),
                )

            if edit is not None:
                edit.editingFinished.connect(refresh)
            dialog.accepted.connect(lambda: self.apply_fixes([chosen_fix()], preview.title))
            dialog.open()

        run_in_background(self.tr("Preparing the preview of a fix"), work, owner=self, on_success=show)

    def _option_widget(self, option: TextOption) -> tuple[QWidget, QLineEdit]:
        widget = QWidget()
        form = QFormLayout(widget)
        form.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit()
        edit.setPlaceholderText(option.placeholder)
        form.addRow(option.label, edit)
        return widget, edit

    def apply_recommended(self) -> None:
        analysis = self._state.analysis
        if analysis is None:
            return
        fixes = services.recommended(analysis)
        if not fixes:
            QMessageBox.information(self, self.tr("Recommended fixes"), self.tr("No fix is recommended."))
            return
        by_id = {str(fix.id): fix for fix in fixes}
        lang = current_language()
        dialog = ApplyRecommendedDialog(
            [
                RecommendedFix(fix_id, services.fix_name(fix), fix.description(lang))
                for fix_id, fix in by_id.items()
            ],
            self,
        )
        self.recommended_dialog = dialog

        def accepted() -> None:
            self.apply_fixes([by_id[i] for i in dialog.chosen()], self.tr("Apply recommended fixes"))

        dialog.accepted.connect(accepted)
        dialog.open()

    def apply_fixes(self, fixes: list[Fix], description: str) -> None:
        """Apply the fixes in order to a copy in the background, then write back as one step."""
        if not fixes:
            return
        data = snapshot(self._state.data.dataset)
        self.status_label.setText(self.tr("Applying…"))

        def work() -> tuple[ExampleKind, list[Example]]:
            return services.apply_fixes(fixes, data)

        def applied(result: tuple[ExampleKind, list[Example]]) -> None:
            kind, examples = result
            self._state.data.apply(kind, examples, description)
            self.fix_applied.emit(description)
            self.start_analysis()

        self._fix_task = run_in_background(self.tr("Applying a fix"), work, owner=self, on_success=applied)

    # --- Rows ---------------------------------------------------------------------------------------------

    def show_selected_row(self) -> None:
        finding = self.selected_finding()
        if finding is not None:
            self._jump(finding)

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == Column.ROWS:
            self._jump(self.findings.finding(index.row()))

    def _activated(self, index: QModelIndex) -> None:
        self._jump(self.findings.finding(index.row()))

    def _jump(self, finding: FindingRow) -> None:
        row = finding.first_row
        if row is not None and self._state.services.jump_to_row is not None:
            self._state.services.jump_to_row(row)

    def _update_buttons(self) -> None:
        finding = self.selected_finding()
        self.fix_button.setEnabled(finding is not None and finding.fix_id is not None)
        alternative = services.alternative_for(finding, self._state.analysis) if finding is not None else None
        if alternative is not None:
            self.alternative_button.setText(self.tr("Or: %1…").replace("%1", services.fix_name(alternative)))
        self.alternative_button.setVisible(alternative is not None)
        self.show_row_button.setEnabled(
            finding is not None
            and finding.first_row is not None
            and self._state.services.jump_to_row is not None
        )
        # The button counts what it would apply, so it never promises fixes it then denies.
        analysis = self._state.analysis
        count = len(services.recommended(analysis)) if analysis is not None else 0
        self.recommended_button.setText(self.tr("Apply %Ln recommended fix(es)…", "", count))
        self.recommended_button.setEnabled(count > 0)
        listed = sum(1 for row in self.findings.rows() if row.fix_id) if count == 0 else 0
        self.recommended_button.setToolTip(
            self.tr(
                "The listed fixes change how the examples read, so none is applied without you: "
                "select a finding and press “Fix…” to see its preview."
            )
            if listed
            else self.tr("Applies the fixes marked “recommended” in the list, as one step you can undo.")
        )

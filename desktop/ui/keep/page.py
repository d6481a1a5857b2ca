"""The "Keep your fine-tunes" page: inventory, export, import, golden answers, retrain, compare.

Every call to a provider runs off the UI thread through :func:`run_in_background`; failures reach
the user through the ErrorHub (and the page's status line).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.providers import engine_export
from desktop.providers.engine_export import is_local_model
from desktop.providers.errors import ErrorKind, ProviderError
from desktop.providers.evaluation import EvaluationRun
from desktop.providers.events.evaluation import ComparisonStarted, RetryWait, RowAnswered, RowsCounted
from desktop.providers.events.jobs import JobUpdated
from desktop.providers.events.uploads import UploadProgress, UploadStarted
from desktop.providers.keep.export import ExportFolder
from desktop.providers.keep.golden import golden_path, golden_sets
from desktop.providers.keep.inventory import InventoryItem
from desktop.providers.keep.workflows import (
    Comparison,
    RetrainEvent,
    RetrainOutcome,
    RetrainRequest,
    compare_golden_file,
    inventory_of_profile,
    open_export,
    record_golden_answers,
    retrain_elsewhere,
)
from desktop.providers.profiles import Profile, ProviderKind
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.job_status import status_label
from desktop.ui.keep.compare_view import GoldenComparisonView
from desktop.ui.keep.export_dialog import ExportDialog
from desktop.ui.keep.inventory_model import InventoryTableModel
from desktop.ui.keep.retrain_dialog import RetrainDialog
from desktop.ui.keep.services import KeepServices
from desktop.ui.model_export_dialog import ModelExportDialog

# Warn in the banner when new jobs stop within this many days.
BANNER_DAYS = 90


# --- The page --------------------------------------------------------------------------------------


class KeepPage(QWidget):
    """Everything needed to keep a profile's fine-tunes, and to carry on elsewhere."""

    inventory_shown = Signal()
    export_finished = Signal(object)  # ExportReport
    golden_recorded = Signal(object)  # EvaluationRun
    retrain_finished = Signal(object)  # RetrainOutcome
    comparison_ready = Signal(object)  # Comparison
    model_imported = Signal(str)  # the new fine-tuned model's id

    def __init__(self, services: KeepServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.export: ExportFolder | None = None
        self.goldens: dict[str, Path] = {}  # fine-tuned model -> its golden answers file
        self._task: TaskHandle | None = None
        self._profiles: list[Profile] = []

        self.profile = QComboBox()
        self.profile.setMinimumWidth(220)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Ask the profile's provider for its jobs and models now."))
        self.open_button = QPushButton(self.tr("Open export folder…"))
        self.open_button.setToolTip(
            self.tr("Show the inventory saved in an export folder, without a provider.")
        )
        self.export_button = QPushButton(self.tr("Export everything…"))
        self.export_button.setToolTip(
            self.tr("Save every job with its events, checkpoints and files into a folder.")
        )
        self.golden_button = QPushButton(self.tr("Record golden answers…"))
        self.golden_button.setToolTip(
            self.tr("Ask the selected model its validation questions (or a data file) and keep its answers.")
        )
        self.retrain_button = QPushButton(self.tr("Retrain elsewhere…"))
        self.retrain_button.setToolTip(self.tr("Start the same training on another profile."))
        self.compare_button = QPushButton(self.tr("Compare with golden answers…"))
        self.export_model_button = QPushButton(self.tr("Export model…"))
        self.export_model_button.setToolTip(
            self.tr("Save the selected local-engine model as an adapter, merged weights or an Ollama folder.")
        )
        self.import_model_button = QPushButton(self.tr("Import model…"))
        self.import_model_button.setToolTip(
            self.tr(
                "Bring an exported adapter folder (from this or another computer) into the local engine, "
                "to test it or train it further."
            )
        )
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)

        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setObjectName("keepBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "#keepBanner { background: #fffaeb; border: 1px solid #fec84b; border-radius: 4px; padding: 6px;"
            " color: #7a2e0e; }"
        )
        self.banner.hide()

        self.model = InventoryTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # model ids differ at both ends
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._update_buttons)
        self.comparison = GoldenComparisonView()

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Profile")))
        top.addWidget(self.profile)
        top.addWidget(self.refresh_button)
        top.addWidget(self.open_button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        actions = QHBoxLayout()
        for button in (
            self.golden_button,
            self.retrain_button,
            self.compare_button,
            self.export_model_button,
            self.import_model_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.progress)
        actions.addWidget(self.cancel_button)

        inventory = QWidget()
        inventory_layout = QVBoxLayout(inventory)
        inventory_layout.setContentsMargins(0, 0, 0, 0)
        inventory_layout.addWidget(self.source_label)
        inventory_layout.addWidget(self.banner)
        inventory_layout.addWidget(self.table, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(inventory, self.tr("Inventory"))
        self.tabs.addTab(self.comparison, self.tr("Comparison with golden answers"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)

        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self._open_dialog)
        self.export_button.clicked.connect(self._export_dialog)
        self.golden_button.clicked.connect(self._golden_dialog)
        self.retrain_button.clicked.connect(self._retrain_dialog)
        self.compare_button.clicked.connect(self._compare_dialog)
        self.export_model_button.clicked.connect(self.export_model)
        self.import_model_button.clicked.connect(self._import_dialog)
        self.cancel_button.clicked.connect(self.cancel)
        self.reload_profiles()
        self.source_label.setText(self.tr("Choose a profile and press Refresh, or open an export folder."))

    # -- state

    def reload_profiles(self) -> None:
        current = self.current_profile()
        self._profiles = self.services.profiles()
        self.profile.blockSignals(True)
        self.profile.clear()
        for profile in self._profiles:
            self.profile.addItem(profile.name, profile.id)
        if current is not None and (index := self.profile.findData(current.id)) >= 0:
            self.profile.setCurrentIndex(index)
        self.profile.blockSignals(False)
        self._update_buttons()

    def current_profile(self) -> Profile | None:
        index = self.profile.currentIndex()
        return self._profiles[index] if 0 <= index < len(self._profiles) else None

    def select_profile(self, profile_id: str) -> None:
        index = self.profile.findData(profile_id)
        if index >= 0:
            self.profile.setCurrentIndex(index)

    def selected_item(self) -> InventoryItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    @property
    def busy(self) -> bool:
        return self._task is not None and self._task.is_running

    def _update_buttons(self) -> None:
        item = self.selected_item()
        idle = not self.busy
        has_profile = self.current_profile() is not None
        self.refresh_button.setEnabled(idle and has_profile)
        self.open_button.setEnabled(idle)
        self.export_button.setEnabled(idle and has_profile)
        has_model = item is not None and bool(item.fine_tuned_model)
        self.golden_button.setEnabled(idle and has_profile and has_model)
        self.retrain_button.setEnabled(idle and item is not None and item.job is not None)
        self.compare_button.setEnabled(idle and has_profile and has_model and bool(self.goldens))
        self.cancel_button.setEnabled(not idle)
        profile = self.current_profile()
        local = profile is not None and profile.kind is ProviderKind.LOCAL
        live_local_model = (
            local and self.export is None and item is not None and is_local_model(item.fine_tuned_model or "")
        )
        self.export_model_button.setEnabled(idle and live_local_model)
        self.import_model_button.setEnabled(idle and local)

    def _set_status(self, text: str) -> None:
        self.status.setText(text)

    def _start(
        self,
        where: str,
        work: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None],
        on_progress: Callable[[Any], None] | None = None,
    ) -> TaskHandle:
        def idle() -> None:
            # The work is over once its result (or error) arrives, even if the pool thread has not
            # signalled "finished" yet: the page is ready for the next action right away.
            self._task = None
            self.progress.hide()
            self._update_buttons()

        def succeeded(result: Any) -> None:
            idle()
            on_success(result)

        def failed(error: BaseException) -> None:
            idle()
            if isinstance(error, ProviderError) and error.kind is ErrorKind.CANCELLED:
                self._set_status(self.tr("Stopped."))  # the user asked for it: not an error
                return
            message = getattr(error, "user_message", None) or str(error) or type(error).__name__
            self._set_status(
                self.tr("%1 failed: %2").replace("%1", where).replace("%2", error_hub().redact(str(message)))
            )
            error_hub().report(where, error)

        def finished() -> None:
            if self._task is handle:  # cancelled: neither a result nor an error arrives
                idle()
                self._set_status(self.tr("Stopped."))

        handle = run_in_background(
            where,
            work,
            *args,
            owner=self,
            on_success=succeeded,
            on_error=failed,
            on_progress=on_progress,
            on_finished=finished,
        )
        self._task = handle
        self._update_buttons()
        return self._task

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._set_status(self.tr("Stopping…"))

    def _progressed(self, event: RetrainEvent, target_name: str = "") -> None:
        """Show a workflow's progress event (``target_name``: the profile a retraining runs on)."""
        match event:
            case RowsCounted(total=total):
                self.progress.setRange(0, max(1, total))
                self.progress.setValue(0)
            case RowAnswered():
                self.progress.setValue(self.progress.value() + 1)
            case RetryWait(message=message, seconds=seconds):
                self._set_status(
                    error_hub().redact(message)
                    + " "
                    + self.tr("Waiting %1 s.").replace("%1", f"{seconds:.0f}")
                )
            case UploadStarted(name=name):
                self._set_status(
                    self.tr("Uploading %1 to “%2”…").replace("%1", name).replace("%2", target_name)
                )
            case UploadProgress() as upload:
                self.progress.setRange(0, 1000)
                self.progress.setValue(int(upload.fraction * 1000))
            case JobUpdated(job=job):
                self.progress.setRange(0, 0)  # training: no way to tell how far it is from here
                self._set_status(
                    self.tr("Retraining on “%1”: job %2 is %3.")
                    .replace("%1", target_name)
                    .replace("%2", job.id)
                    .replace("%3", status_label(job.status))
                )
            case ComparisonStarted(model=model):
                self._set_status(self.tr("Comparing %1 with the golden answers…").replace("%1", model))

    def _show_items(self, items: list[InventoryItem]) -> None:
        self.model.set_items(items)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):  # the last one stretches
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 12, 300))
        stops = [item for item in items if item.days_until_new_jobs_stop is not None]
        soonest = min(stops, key=lambda item: item.days_until_new_jobs_stop or 0, default=None)
        if (
            soonest is not None
            and soonest.new_jobs_stop is not None
            and (soonest.days_until_new_jobs_stop or 0) <= BANNER_DAYS
        ):
            days = soonest.days_until_new_jobs_stop or 0
            if days > 0:
                text = self.tr(
                    "New fine-tuning jobs stop in %n days, on %1. "
                    "Export now, record golden answers, retrain elsewhere.",
                    "",
                    days,
                )
            else:
                text = self.tr(
                    "New fine-tuning jobs stopped on %1. "
                    "Export your files and models while they are still there."
                )
            self.banner.setText(text.replace("%1", soonest.new_jobs_stop.isoformat()))
            self.banner.show()
        else:
            self.banner.hide()
        self._update_buttons()
        self.inventory_shown.emit()

    # -- inventory

    def refresh(self) -> TaskHandle | None:
        profile = self.current_profile()
        if profile is None or self.busy:
            return None
        self.export = None
        services = self.services
        self._set_status(self.tr("Asking “%1” for its fine-tunes…").replace("%1", profile.name))

        def shown(items: list[InventoryItem]) -> None:
            self.source_label.setText(
                self.tr("Live: the fine-tunes of the profile “%1”, most urgent first.").replace(
                    "%1", profile.name
                )
            )
            self._set_status(self.tr("%n item(s).", "", len(items)))
            self._show_items(items)

        return self._start(
            self.tr("Listing the fine-tunes of “%1”").replace("%1", profile.name),
            # The catalog is read on the worker thread too.
            lambda: inventory_of_profile(services.make_client, profile, services.catalog(), services.today()),
            on_success=shown,
        )

    def open_export_folder(self, folder: Path) -> TaskHandle | None:
        if self.busy:
            return None
        services = self.services

        def opened(result: tuple[ExportFolder, list[InventoryItem]]) -> None:
            export, items = result
            self.export = export
            self.goldens.update(golden_sets(export))
            when = export.index.exported_at or "?"
            state = (
                self.tr("complete")
                if export.index.complete
                else self.tr("incomplete: export again to finish")
            )
            self.source_label.setText(
                self.tr("Offline: the export of “%1” in %2 (saved %3, %4).")
                .replace("%1", export.profile_name)
                .replace("%2", str(export.folder))
                .replace("%3", when)
                .replace("%4", state)
            )
            self._set_status(self.tr("%n item(s).", "", len(items)))
            self._show_items(items)

        return self._start(
            self.tr("Opening the export folder %1").replace("%1", str(folder)),
            lambda: open_export(Path(folder), services.catalog(), services.today()),
            on_success=opened,
        )

    def _open_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Open export folder"), str(self.services.folder)
        )
        if folder:
            self.open_export_folder(Path(folder))

    # -- one model: export, import

    def export_model(self) -> ModelExportDialog | None:
        profile, item = self.current_profile(), self.selected_item()
        if profile is None or item is None or not item.fine_tuned_model:
            return None
        services = self.services
        dialog = ModelExportDialog(
            lambda: services.make_client(profile), item.fine_tuned_model, self.services.folder, self
        )
        dialog.setModal(True)
        dialog.show()
        dialog.load_sizes()
        return dialog

    def import_model(self, folder: Path) -> TaskHandle | None:
        profile = self.current_profile()
        if profile is None or self.busy:
            return None
        services = self.services

        def work() -> str:
            return engine_export.import_adapter(services.make_client(profile), folder)

        def imported(model_id: str) -> None:
            self.refresh()
            self._set_status(
                self.tr("Imported as %1: test it, or choose it as the base of a new fine-tune.").replace(
                    "%1", model_id
                )
            )
            self.model_imported.emit(model_id)

        return self._start(
            self.tr("Importing the model in %1").replace("%1", str(folder)), work, on_success=imported
        )

    def _import_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Import an exported adapter folder"), str(self.services.folder)
        )
        if folder:
            self.import_model(Path(folder))

    # -- export

    def export_to(self, folder: Path, *, show: bool = True) -> ExportDialog | None:
        profile = self.current_profile()
        if profile is None or self.busy:
            return None
        dialog = ExportDialog(self.services, profile, Path(folder), self)

        def finished(report: Any) -> None:
            self._set_status(
                self.tr("Export finished: %1 saved now, %2 already saved, %3 not saved.")
                .replace("%1", str(len(report.saved)))
                .replace("%2", str(len(report.already_saved)))
                .replace("%3", str(len(report.not_saved)))
                if not report.cancelled
                else self.tr("Export stopped; export again into the same folder to finish.")
            )
            try:
                self.export = ExportFolder.open(Path(folder))
            except ValueError:
                self.export = None
            if self.export is not None:
                self.goldens.update(golden_sets(self.export))
            self._update_buttons()
            self.export_finished.emit(report)

        dialog.finished_export.connect(finished)
        if show:
            dialog.show()
        dialog.start()
        return dialog

    def _export_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Export into folder"), str(self.services.folder)
        )
        if folder:
            self.export_to(Path(folder))

    # -- golden answers

    def record_golden_answers(
        self, data_file: Path | None = None, output: Path | None = None
    ) -> TaskHandle | None:
        """Record the selected model's answers (into the export folder when one is open)."""
        profile, item = self.current_profile(), self.selected_item()
        if profile is None or item is None or not item.fine_tuned_model or self.busy:
            return None
        model = item.fine_tuned_model
        if output is None:
            if self.export is None:
                return None
            output = golden_path(self.export.folder, model)
        target = output
        self.progress.setRange(0, 0)
        self.progress.show()

        def recorded(run: EvaluationRun) -> None:
            self.goldens[model] = target
            if self.export is not None:
                self.export.reload()
            self._set_status(
                self.tr("Recorded %1 golden answer(s) of %2 in %3.")
                .replace("%1", str(run.done))
                .replace("%2", model)
                .replace("%3", str(target))
            )
            self.golden_recorded.emit(run)

        self._set_status(self.tr("Recording the answers of %1…").replace("%1", model))
        return self._start(
            self.tr("Recording golden answers of %1").replace("%1", model),
            functools.partial(
                record_golden_answers,
                self.services.make_client,
                profile,
                item,
                output,
                export=self.export,
                data_file=data_file,
            ),
            on_success=recorded,
            on_progress=self._progressed,
        )

    def _golden_dialog(self) -> None:
        item = self.selected_item()
        if item is None or not item.fine_tuned_model:
            return
        choices = [self.tr("The job's validation set"), self.tr("Another data file…")]
        choice, ok = QInputDialog.getItem(
            self,
            self.tr("Record golden answers"),
            self.tr("Questions to ask %1:").replace("%1", item.fine_tuned_model),
            choices,
            0,
            False,
        )
        if not ok:
            return
        data_file = None
        if choice == choices[1]:
            name, _filter = QFileDialog.getOpenFileName(
                self,
                self.tr("Data file"),
                str(self.services.folder),
                self.tr("Data sets (*.jsonl *.json *.csv *.tsv *.xlsx *.xls *.ods)"),
            )
            if not name:
                return
            data_file = Path(name)
        output = None
        if self.export is None:
            name, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Save golden answers"),
                str(self.services.folder / "golden.eval.json"),
                self.tr("Evaluation runs (*.eval.json)"),
            )
            if not name:
                return
            output = Path(name)
        self.record_golden_answers(data_file, output)

    # -- comparison

    def compare(self, model: str, golden_file: Path, profile: Profile | None = None) -> TaskHandle | None:
        profile = profile or self.current_profile()
        if profile is None or self.busy:
            return None
        self.progress.setRange(0, 0)
        self.progress.show()
        self._set_status(self.tr("Comparing %1 with the golden answers…").replace("%1", model))
        return self._start(
            self.tr("Comparing %1 with golden answers").replace("%1", model),
            functools.partial(compare_golden_file, self.services.make_client, profile, model, golden_file),
            on_success=self.show_comparison,
            on_progress=self._progressed,
        )

    def show_comparison(self, comparison: Comparison) -> None:
        self.comparison.set_comparison(comparison.run, comparison.golden_model)
        self.tabs.setCurrentWidget(self.comparison)
        summary = comparison.run.summary(comparison.run.models[0])
        scores = summary.scores
        similarity = "—" if scores.answered == 0 else f"{scores.mean_similarity:.2f}"
        self._set_status(
            self.tr(
                "Compared with the golden answers: %1 of %2 rows answered, %3 exactly equal, "
                "mean similarity %4."
            )
            .replace("%1", str(scores.answered))
            .replace("%2", str(scores.rows))
            .replace("%3", str(scores.exact_matches))
            .replace("%4", similarity)
        )
        self.comparison_ready.emit(comparison)

    def _compare_dialog(self) -> None:
        item = self.selected_item()
        if item is None or not item.fine_tuned_model or not self.goldens:
            return
        names = sorted(self.goldens)
        golden_model, ok = QInputDialog.getItem(
            self, self.tr("Compare with golden answers"), self.tr("Golden answers of:"), names, 0, False
        )
        if ok and golden_model:
            self.compare(item.fine_tuned_model, self.goldens[golden_model])

    # -- retraining

    def retrain(
        self, target: Profile, base_model: str, suffix: str, overrides: Mapping[str, Any] | None = None
    ) -> TaskHandle | None:
        """Train the selected job again on ``target``; ``overrides`` replace mapped hyperparameters."""
        item = self.selected_item()
        if item is None or item.job is None or self.busy:
            return None
        source_profile = self.current_profile() if self.export is None else None
        golden_file = self.goldens.get(item.fine_tuned_model or "")
        self.progress.setRange(0, 0)
        self.progress.show()

        def finished(outcome: RetrainOutcome) -> None:
            job = outcome.job
            if job.status != "succeeded":
                message = job.error.message if job.error else job.status
                self._set_status(
                    self.tr("The training on “%1” did not succeed: %2")
                    .replace("%1", target.name)
                    .replace("%2", message)
                )
            elif outcome.comparison is not None:
                self.show_comparison(outcome.comparison)
            else:
                self._set_status(
                    self.tr("Retrained on “%1”: %2. Record golden answers to compare it.")
                    .replace("%1", target.name)
                    .replace("%2", job.fine_tuned_model or "")
                )
            self.retrain_finished.emit(outcome)

        return self._start(
            self.tr("Retraining on “%1”").replace("%1", target.name),
            functools.partial(
                retrain_elsewhere,
                self.services.make_client,
                RetrainRequest(
                    item,
                    target,
                    base_model,
                    suffix,
                    dict(overrides or {}),
                    source_profile=source_profile,
                    export=self.export,
                    golden_file=golden_file,
                ),
                ledger=self.services.ledger,
            ),
            on_success=finished,
            on_progress=functools.partial(self._progressed, target_name=target.name),
        )

    def retrain_dialog(self) -> RetrainDialog | None:
        item = self.selected_item()
        if item is None or item.job is None:
            return None
        if self.export is not None:
            origin = self.tr("the export folder %1").replace("%1", str(self.export.folder))
        else:
            profile = self.current_profile()
            origin = self.tr("the profile “%1”").replace("%1", profile.name if profile else "?")
        return RetrainDialog(self.services, item, origin, self)

    def _retrain_dialog(self) -> None:
        dialog = self.retrain_dialog()
        if dialog is None:
            return
        if (
            dialog.exec() == RetrainDialog.DialogCode.Accepted
            and (target := dialog.target_profile()) is not None
        ):
            self.retrain(
                target, dialog.chosen_base_model(), dialog.chosen_suffix(), dialog.chosen_overrides()
            )

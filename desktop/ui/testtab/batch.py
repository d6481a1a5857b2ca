"""Batch evaluation: rows of the data set through one or more models, scored, with progress and cancel."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.cancel import CancelToken
from desktop.providers.evaluation import (
    DEFAULT_CONCURRENCY,
    RUN_FILE_SUFFIX,
    EvaluationRow,
    EvaluationRun,
    RunState,
    export_csv,
    export_xlsx,
    rows_from_examples,
    run_evaluation,
)
from desktop.providers.events import Progress
from desktop.providers.events.evaluation import EvaluationEvent, RetryWait, RowAnswered
from desktop.providers.inference import SamplingParameters
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.evaluation_models import EvaluationTableModel, SummaryTableModel
from desktop.ui.testtab.models import ModelListModel
from desktop.ui.testtab.parameters import ParametersPanel
from desktop.ui.testtab.services import TestTabServices
from desktop.ui.testtab.session import network_pool

SOURCE_VALIDATION = "validation"
SOURCE_SELECTION = "selection"


def _evaluate(
    services: TestTabServices,
    run: EvaluationRun,
    concurrency: int,
    cancel: CancelToken,
    progress: Progress[EvaluationEvent],
) -> EvaluationRun:
    return run_evaluation(
        services.make_client(),
        run,
        services.endpoint(),
        concurrency=concurrency,
        cancel=cancel,
        progress=progress,
    )


def _export(run: EvaluationRun, path: Path) -> Path:
    if path.suffix.lower() == ".xlsx":
        export_xlsx(run, path)
    else:
        export_csv(run, path)
    return path


def _save(run: EvaluationRun, path: Path) -> Path:
    run.save(path)
    return path


class BatchEvaluationPage(QWidget):
    """Choose rows and models, run in the background, read the scores, export or save the run."""

    run_finished = Signal(object)  # EvaluationRun
    run_opened = Signal(object)  # EvaluationRun
    file_written = Signal(object)  # Path of a saved run or an export

    def __init__(
        self, services: TestTabServices, models: ModelListModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._shared_models = models
        self._task: TaskHandle | None = None
        self.run: EvaluationRun | None = None

        # -- what to run
        self.source = QComboBox()
        self.source.addItem(self.tr("Validation rows of the data set"), SOURCE_VALIDATION)
        self.source.addItem(self.tr("Rows selected in the editor"), SOURCE_SELECTION)
        self._enable_sources()
        self.model_choices = ModelListModel(checkable=True, parent=self)
        self.model_list = QListView()
        self.model_list.setModel(self.model_choices)
        self.model_list.setMaximumHeight(110)
        # Long fine-tuned names keep their start and their end (the checkpoint step).
        self.model_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.model_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 16)
        self.concurrency.setValue(DEFAULT_CONCURRENCY)
        self.concurrency.setMaximumWidth(80)
        self.concurrency.setToolTip(
            self.tr("Requests in flight at once. Lower it if the provider rate-limits you.")
        )
        self.parameters = ParametersPanel()
        self.parameters.set_parameters(SamplingParameters(temperature=0, max_tokens=256))

        setup = QGroupBox(self.tr("Run"))
        setup_form = QFormLayout(setup)
        setup_form.addRow(self.tr("Rows"), self.source)
        setup_form.addRow(self.tr("Models"), self.model_list)
        setup_form.addRow(self.tr("Parallel requests"), self.concurrency)
        parameters_box = QGroupBox(self.tr("Parameters"))
        QVBoxLayout(parameters_box).addWidget(self.parameters)

        self.run_button = QPushButton(self.tr("Run evaluation"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setToolTip(self.tr("Ask only the rows that have no answer yet."))
        self.open_button = QPushButton(self.tr("Open run…"))
        self.save_button = QPushButton(self.tr("Save run…"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Export the table as CSV or Excel (XLSX)."))
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v of %m answers"))
        self.status = QLabel()
        self.status.setWordWrap(True)

        controls = QHBoxLayout()
        for button in (self.run_button, self.cancel_button, self.continue_button):
            controls.addWidget(button)
        controls.addWidget(self.progress, 1)
        for button in (self.open_button, self.save_button, self.export_button):
            controls.addWidget(button)

        # -- results
        self.table_model = EvaluationTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        # Long model names keep their start and their end ("Answer · ft:gpt-4o…:ckpt-step-80").
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.summary_model = SummaryTableModel(self)
        self.summary = QTableView()
        self.summary.setModel(self.summary_model)
        self.summary.verticalHeader().setVisible(False)
        self.summary.verticalHeader().setDefaultSectionSize(self.summary.fontMetrics().height() + 10)
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(setup, 3)
        top.addWidget(parameters_box, 2)
        results = QSplitter(Qt.Orientation.Vertical)
        results.addWidget(self.table)
        summary_box = QGroupBox(self.tr("Per model"))
        QVBoxLayout(summary_box).addWidget(self.summary)
        results.addWidget(summary_box)
        results.setStretchFactor(0, 4)
        results.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(results, 1)

        # The summary is recomputed at most a few times a second while answers pour in.
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(200)
        self._summary_timer.timeout.connect(self.summary_model.refresh)
        self.summary_model.modelReset.connect(self._fit_summary)

        self.run_button.clicked.connect(self.run_from_editor)
        self.cancel_button.clicked.connect(self.cancel)
        self.continue_button.clicked.connect(self.continue_run)
        self.open_button.clicked.connect(self._open_dialog)
        self.save_button.clicked.connect(self._save_dialog)
        self.export_button.clicked.connect(self._export_dialog)
        self._update_buttons()

    # -- choosing

    def _enable_sources(self) -> None:
        available = {
            SOURCE_VALIDATION: self.services.validation_examples is not None,
            SOURCE_SELECTION: self.services.selected_examples is not None,
        }
        model = self.source.model()
        for row in range(self.source.count()):
            item = model.item(row) if hasattr(model, "item") else None
            if item is not None:
                item.setEnabled(available[self.source.itemData(row)])

    def models_listed(self) -> None:
        """Offer the newly listed models (keeping those ticked); the first time, tick two to compare."""
        checked = self.model_choices.checked_models()
        self.model_choices.set_choices(self._shared_models.choices())
        self.model_choices.set_checked_models(checked or self._shared_models.default_models(2))

    def rows_from_editor(self, source: str) -> list[EvaluationRow]:
        getter = (
            self.services.validation_examples
            if source == SOURCE_VALIDATION
            else self.services.selected_examples
        )
        if getter is None:
            return []
        return rows_from_examples(getter(), self.services.prompt_format())

    # -- running

    @property
    def busy(self) -> bool:
        # Busy until the run's last signal has been handled, not merely until its thread ended.
        return self._task is not None

    def run_from_editor(self) -> None:
        models = self.model_choices.checked_models()
        if not models:
            self._set_status(self.tr("Tick at least one model."))
            return
        rows = self.rows_from_editor(str(self.source.currentData()))
        if not rows:
            self._set_status(
                self.tr(
                    "No rows to evaluate: choose rows that have an expected answer (validation rows, or a "
                    "selection in the editor)."
                )
            )
            return
        self.start(rows, models)

    def start(self, rows: list[EvaluationRow], models: list[str]) -> TaskHandle | None:
        """Start a new run of ``rows`` × ``models`` with the parameters on the page."""
        if self.busy:
            return None
        run = EvaluationRun(
            models=list(models),
            rows=list(rows),
            parameters=self.parameters.parameters(),
            prompt_format=self.services.prompt_format(),
            title=datetime.now().strftime("%Y-%m-%d %H:%M"),
        )
        self.set_run(run)
        return self._start(run)

    def continue_run(self) -> TaskHandle | None:
        if self.busy or self.run is None or not self.run.missing():
            return None
        return self._start(self.run)

    def _start(self, run: EvaluationRun) -> TaskHandle:
        self.progress.setRange(0, run.total)
        self.progress.setValue(run.done)
        self._set_status(
            self.tr("Asking %1 model(s) about %2 row(s)…")
            .replace("%1", str(len(run.models)))
            .replace("%2", str(len(run.rows)))
        )
        self._task = run_in_background(
            self.tr("Running the batch evaluation"),
            _evaluate,
            self.services,
            run,
            self.concurrency.value(),
            owner=self,
            on_progress=self._progressed,
            on_success=self._finished,
            on_error=self._failed,
            on_finished=self._run_over,
            pool=network_pool(),
        )
        self._update_buttons()
        return self._task

    def _run_over(self) -> None:
        self._task = None
        self._update_buttons()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._set_status(self.tr("Cancelling…"))

    def _progressed(self, event: EvaluationEvent) -> None:
        match event:
            case RowAnswered(row_index=row_index, model=model):
                self.table_model.answer_arrived(row_index, model)
                if self.run is not None:
                    self.progress.setValue(self.run.done)
                if not self._summary_timer.isActive():
                    self._summary_timer.start()
            case RetryWait(message=message, seconds=seconds):
                self._set_status(
                    error_hub().redact(str(message))
                    + " "
                    + self.tr("Waiting %1 s.").replace("%1", f"{seconds:.0f}")
                )

    def _finished(self, run: EvaluationRun) -> None:
        self.summary_model.refresh()
        self.progress.setValue(run.done)
        if run.state is RunState.COMPLETE:
            self._set_status(self.tr("Done: %1 answers.").replace("%1", str(run.done)))
        else:
            self._set_status(
                self.tr("Cancelled after %1 of %2 answers. Continue asks the rest.")
                .replace("%1", str(run.done))
                .replace("%2", str(run.total))
            )
        self.run_finished.emit(run)

    def _failed(self, error: BaseException) -> None:
        # Shown here, where the run was started (no key, provider unreachable): the rows already
        # answered stay in the table.
        message = getattr(error, "user_message", None) or str(error) or type(error).__name__
        self._set_status(
            self.tr("The evaluation stopped: %1").replace("%1", error_hub().redact(str(message)))
        )
        self.summary_model.refresh()

    # -- runs and files

    def set_run(self, run: EvaluationRun | None) -> None:
        self.run = run
        self.table_model.set_run(run)
        self.summary_model.set_run(run)
        if run is not None:
            self.progress.setRange(0, max(run.total, 1))
            self.progress.setValue(run.done)
            self.parameters.set_parameters(run.parameters)
            self.model_choices.set_checked_models(run.models)
            self._size_columns()
        self._update_buttons()

    def _fit_summary(self) -> None:
        """As tall as its rows (one per model), no taller."""
        rows = max(1, self.summary_model.rowCount())
        height = self.summary.horizontalHeader().sizeHint().height()
        height += (
            rows * self.summary.verticalHeader().defaultSectionSize() + 2 * self.summary.frameWidth() + 2
        )
        self.summary.setFixedHeight(height)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(self.table_model.columnCount()):
            title = str(self.table_model.headerData(column, Qt.Orientation.Horizontal))
            if self.table_model.is_text_column(column):
                width = 190 if column > 2 else 150
            else:
                width = max(64, metrics.horizontalAdvance(title) + 24)
            header.resizeSection(column, width)

    def save_run_to(self, path: Path) -> TaskHandle | None:
        if self.run is None:
            return None
        where = self.tr("Saving the evaluation run to %1").replace("%1", path.name)
        return run_in_background(
            where,
            _save,
            self.run,
            path,
            owner=self,
            on_success=self._saved,
        )

    def open_run_from(self, path: Path) -> TaskHandle | None:
        if self.busy:
            return None
        where = self.tr("Opening the evaluation run %1").replace("%1", path.name)
        return run_in_background(where, EvaluationRun.load, path, owner=self, on_success=self._opened)

    def _opened(self, run: EvaluationRun) -> None:
        self.set_run(run)
        self.run_opened.emit(run)
        self._set_status(
            self.tr("Opened a run of %1 (%2 of %3 answers).")
            .replace("%1", run.created_at)
            .replace("%2", str(run.done))
            .replace("%3", str(run.total))
        )

    def export_to(self, path: Path) -> TaskHandle | None:
        if self.run is None:
            return None
        where = self.tr("Exporting the evaluation to %1").replace("%1", path.name)
        return run_in_background(
            where,
            _export,
            self.run,
            path,
            owner=self,
            on_success=self._exported,
        )

    def _saved(self, path: Path) -> None:
        self._set_status(self.tr("Saved to %1.").replace("%1", str(path)))
        self.file_written.emit(path)

    def _exported(self, path: Path) -> None:
        self._set_status(self.tr("Exported to %1.").replace("%1", str(path)))
        self.file_written.emit(path)

    def _folder(self) -> str:
        return str(self.services.runs_folder or Path.home())

    def _open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open evaluation run"), self._folder(), self.tr("Evaluation runs (*.json)")
        )
        if path:
            self.open_run_from(Path(path))

    def _save_dialog(self) -> None:
        name = "evaluation-" + datetime.now().strftime("%Y%m%d-%H%M") + RUN_FILE_SUFFIX
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save evaluation run"),
            str(Path(self._folder()) / name),
            self.tr("Evaluation runs (*.json)"),
        )
        if path:
            self.save_run_to(Path(path))

    def _export_dialog(self) -> None:
        name = "evaluation-" + datetime.now().strftime("%Y%m%d-%H%M") + ".xlsx"
        path, chosen_filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export evaluation"),
            str(Path(self._folder()) / name),
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".csv" if "csv" in chosen_filter.lower() else ".xlsx")
        self.export_to(target)

    # -- state

    def _update_buttons(self) -> None:
        busy = self.busy
        has_run = self.run is not None
        self.run_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.continue_button.setEnabled(not busy and has_run and bool(self.run and self.run.missing()))
        self.open_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy and has_run)
        self.export_button.setEnabled(not busy and has_run)

    def _set_status(self, text: str) -> None:
        self.status.setText(text)

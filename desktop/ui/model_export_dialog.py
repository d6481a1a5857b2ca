"""“Export model…”: write a local-engine model as an adapter, merged weights or an Ollama folder.

The engine does the work (:mod:`desktop.providers.engine_export`); this dialog shows the three
formats with the size each will take, lets the user choose where, follows the export with a
progress bar, cancels it, asks before replacing a folder that is not empty, and opens the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.cancel import CancelSignal
from desktop.core.model_ids import parse_model_id
from desktop.providers import engine_export
from desktop.providers.engine_export import EngineExport, ExportSizes
from desktop.providers.errors import ErrorKind, ProviderError
from desktop.ui.background import TaskHandle, error_hub, run_in_background


def _sizes(make_client: Callable[[], Any], model: str, out: Path) -> ExportSizes:
    return engine_export.export_sizes(make_client(), model, out)


def _export(
    make_client: Callable[[], Any],
    model: str,
    export_format: str,
    out: Path,
    force: bool,
    progress: Any = None,
    cancel: CancelSignal | None = None,
) -> EngineExport:
    return engine_export.run_export(make_client(), model, export_format, out, force, progress, cancel)


def default_folder_name(model: str, export_format: str) -> str:
    """A folder name made from the model's base and suffix, e.g. ``tiny-random-seed-ollama``."""
    parsed = parse_model_id(model)
    words = [part for part in (parsed.base, parsed.suffix) if part and parsed.fine_tuned] or ["model"]
    name = re.sub(r"[^\w.-]+", "-", "-".join(words)).strip("-.") or "model"
    return f"{name}-{export_format}"


class ModelExportDialog(QDialog):
    """Export one fine-tuned model of the local engine (``make_client`` runs on a worker thread)."""

    export_finished = Signal(object)  # EngineExport (succeeded or cancelled)

    def __init__(
        self,
        make_client: Callable[[], Any],
        model: str,
        start_folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.make_client = make_client
        self.model = model
        self.result_export: EngineExport | None = None
        self.sizes: ExportSizes | None = None
        self._task: TaskHandle | None = None
        self._name_edited = False
        self.setWindowTitle(self.tr("Export model"))
        self.resize(620, 460)

        heading = QLabel(self.tr("Export “%1” to use it outside Finetune Desk.").replace("%1", model))
        heading.setWordWrap(True)

        self.formats = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        self.size_labels: dict[str, QLabel] = {}
        descriptions = {
            "adapter": (
                self.tr("Adapter"),
                self.tr(
                    "The small LoRA adapter and a README: load it with peft, or import it into another "
                    "engine."
                ),
            ),
            "merged": (
                self.tr("Merged model"),
                self.tr(
                    "The base model with the adapter merged in (safetensors), its tokenizer and chat "
                    "template: loads in transformers and most tools."
                ),
            ),
            "ollama": (
                self.tr("Ollama"),
                self.tr(
                    "The merged model and a Modelfile: run “ollama create NAME -f Modelfile” in the folder."
                ),
            ),
        }
        format_box = QGroupBox(self.tr("Format"))
        grid = QGridLayout(format_box)
        for row, (name, (title, description)) in enumerate(descriptions.items()):
            button = QRadioButton(title)
            button.setObjectName(f"format_{name}")
            self.formats.addButton(button, row)
            self.format_buttons[name] = button
            explanation = QLabel(description)
            explanation.setWordWrap(True)
            size = QLabel(self.tr("Size: working it out…"))
            self.size_labels[name] = size
            grid.addWidget(button, row * 2, 0)
            grid.addWidget(size, row * 2, 1)
            grid.addWidget(explanation, row * 2 + 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        self.format_buttons["adapter"].setChecked(True)
        self.formats.buttonToggled.connect(self._format_changed)

        self.folder_edit = QLineEdit(str(start_folder))
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        self.name_edit = QLineEdit(default_folder_name(model, "adapter"))
        self.name_edit.textEdited.connect(self._name_was_edited)
        self.destination_label = QLabel()
        self.destination_label.setWordWrap(True)
        self.folder_edit.textChanged.connect(self._update_destination)
        self.name_edit.textChanged.connect(self._update_destination)
        where = QFormLayout()
        where.addRow(self.tr("Save in:"), folder_row)
        where.addRow(self.tr("Folder name:"), self.name_edit)
        where.addRow("", self.destination_label)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = self.buttons.addButton(
            self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.cancel_button = self.buttons.addButton(
            self.tr("Cancel export"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.open_button.hide()
        self.cancel_button.hide()
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(lambda: self.start_export())
        self.open_button.clicked.connect(self.open_folder)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(format_box)
        layout.addLayout(where)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._update_destination()

    # -- state

    @property
    def busy(self) -> bool:
        return self._task is not None and self._task.is_running

    def chosen_format(self) -> str:
        for name, button in self.format_buttons.items():
            if button.isChecked():
                return name
        return "adapter"

    def destination(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser() / self.name_edit.text().strip()

    def _name_was_edited(self) -> None:
        self._name_edited = True

    def _format_changed(self) -> None:
        if not self._name_edited:
            self.name_edit.setText(default_folder_name(self.model, self.chosen_format()))
        self._update_destination()

    def _update_destination(self) -> None:
        folder, name = self.folder_edit.text().strip(), self.name_edit.text().strip()
        valid = bool(folder) and Path(folder).expanduser().is_absolute() and bool(name) and "/" not in name
        self.destination_label.setText(
            self.tr("The export goes to %1").replace("%1", str(self.destination())) if valid else ""
        )
        self.export_button.setEnabled(
            valid and not self.busy and self._format_available(self.chosen_format())
        )

    def _format_available(self, export_format: str) -> bool:
        return self.sizes is None or self.sizes.of(export_format) is not None

    def _set_working(self, working: bool) -> None:
        for widget in (self.folder_edit, self.name_edit, self.choose_button, *self.format_buttons.values()):
            widget.setEnabled(not working)
        if not working:
            for name, button in self.format_buttons.items():
                button.setEnabled(self._format_available(name))
        self.cancel_button.setVisible(working)
        self.cancel_button.setEnabled(working)
        self.progress.setVisible(working or self.progress.value() > 0)
        self._update_destination()

    # -- sizes

    def load_sizes(self) -> TaskHandle:
        """Ask the engine what each format will take (started by the caller once it shows the dialog)."""
        folder = Path(self.folder_edit.text().strip() or ".").expanduser()
        return run_in_background(
            self.tr("Working out the export sizes of “%1”").replace("%1", self.model),
            _sizes,
            self.make_client,
            self.model,
            folder,
            owner=self,
            on_success=self._sizes_arrived,
            on_error=self._sizes_failed,
        )

    def _sizes_arrived(self, sizes: ExportSizes) -> None:
        self.sizes = sizes
        for name, label in self.size_labels.items():
            size = sizes.of(name)
            if size is None:
                label.setText(self.tr("needs the base model on this computer"))
                self.format_buttons[name].setEnabled(False)
            else:
                label.setText(self.tr("about %1").replace("%1", format_bytes(size)))
        if not self._format_available(self.chosen_format()):
            self.format_buttons["adapter"].setChecked(True)
        if sizes.free_bytes is not None:
            self.status.setText(
                self.tr("Free space on that disk: %1").replace("%1", format_bytes(sizes.free_bytes))
            )
        self._update_destination()

    def _sizes_failed(self, error: BaseException) -> None:
        for label in self.size_labels.values():
            label.setText(self.tr("size unknown"))
        self._show_error(self.tr("Working out the export sizes of “%1”").replace("%1", self.model), error)

    # -- export

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Save the export in"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def start_export(self, force: bool = False) -> TaskHandle | None:
        if self.busy:
            return None
        out = self.destination()
        export_format = self.chosen_format()
        self.result_export = None
        self.open_button.hide()
        self.progress.setValue(0)
        self.status.setText(self.tr("Starting…"))
        handle = run_in_background(
            self.tr("Exporting “%1”").replace("%1", self.model),
            _export,
            self.make_client,
            self.model,
            export_format,
            out,
            force,
            owner=self,
            on_success=self._finished,
            on_error=lambda error: self._failed(error, out),
            on_progress=self._progressed,
            on_finished=lambda: self._ended(handle),
        )
        self._task = handle
        self._set_working(True)
        return handle

    def _ended(self, handle: TaskHandle) -> None:
        # The export is over once its result or error arrives; a later "finished" of an earlier
        # export must not touch the one that replaced it.
        if self._task is handle:
            self._task = None
            self._set_working(False)

    def cancel(self) -> None:
        if self._task is not None and self._task.is_running:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling; the engine removes what it wrote…"))

    def _progressed(self, export: EngineExport) -> None:
        self.progress.show()
        self.progress.setValue(int(export.fraction * 1000))
        stage = (
            self._stage_text(export.stage)
            if export.status == "running"
            else self.tr("Waiting for the engine…")
        )
        if export.total_bytes:
            stage += " " + self.tr("(%1 of %2)").replace("%1", format_bytes(export.written_bytes)).replace(
                "%2", format_bytes(export.total_bytes)
            )
        if not (self._task is not None and self._task.cancel_token.cancelled):
            self.status.setText(stage)

    def _stage_text(self, stage: str) -> str:
        stages = {
            "Copying the adapter": self.tr("Copying the adapter…"),
            "Copying the base model": self.tr("Copying the base model…"),
            "Loading the base model": self.tr("Loading the base model…"),
            "Merging the adapter": self.tr("Merging the adapter into the base model…"),
            "Writing the merged weights": self.tr("Writing the merged weights…"),
            "Finishing": self.tr("Finishing…"),
            "Done": self.tr("Done."),
        }
        return stages.get(stage, self.tr("Exporting…"))

    def _finished(self, export: EngineExport) -> None:
        self._task = None
        self._set_working(False)
        self.result_export = export
        if export.status == "cancelled":
            self.progress.setValue(0)
            self.status.setText(self.tr("Cancelled. Nothing was left in the folder."))
        else:
            self.progress.setValue(1000)
            self.status.setText(self.tr("Exported to %1").replace("%1", export.out))
            self.open_button.show()
            self.open_button.setFocus()
        self.export_finished.emit(export)

    def _failed(self, error: BaseException, out: Path) -> None:
        self._task = None
        self._set_working(False)
        if isinstance(error, ProviderError) and error.kind is ErrorKind.CANCELLED:
            self.status.setText(self.tr("Cancelled. Nothing was left in the folder."))
            return
        if isinstance(error, ProviderError) and error.code == "output_exists":
            answer = QMessageBox.question(
                self,
                self.tr("Replace the folder?"),
                self.tr(
                    "The folder %1 already exists and is not empty. Replace everything in it with the export?"
                ).replace("%1", str(out)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.start_export(force=True)
            else:
                self.status.setText(self.tr("Choose another folder name, or replace the folder."))
            return
        self.progress.setValue(0)
        self._show_error(self.tr("Exporting “%1”").replace("%1", self.model), error)

    def _show_error(self, where: str, error: BaseException) -> None:
        message = getattr(error, "user_message", None) or str(error) or type(error).__name__
        self.status.setText(
            self.tr("%1 failed: %2").replace("%1", where).replace("%2", error_hub().redact(message))
        )
        error_hub().report(where, error)

    def open_folder(self) -> None:
        if self.result_export is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.result_export.out))

    def reject(self) -> None:
        if self.busy:
            self.cancel()
            return
        super().reject()


def format_bytes(count: int) -> str:
    """A size for people: KB, MB or GB with one decimal (units are the same in both languages)."""
    size = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size:,.1f} TB"

"""Retrain elsewhere: choose the target profile and base model, see how hyperparameters map."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.providers import engine_export
from desktop.providers.keep.inventory import InventoryItem
from desktop.providers.keep.retrain import SUFFIX_LIMIT, map_hyperparameters
from desktop.providers.keep.workflows import retrain_base_models
from desktop.providers.profiles import Profile, ProviderKind
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.keep.hyperparameters_model import HyperparameterTableModel
from desktop.ui.keep.services import KeepServices


def _import(services: KeepServices, profile: Profile, folder: Path) -> str:
    return engine_export.import_adapter(services.make_client(profile), folder)


class RetrainDialog(QDialog):
    def __init__(
        self,
        services: KeepServices,
        item: InventoryItem,
        source_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        assert item.job is not None, "only a job can be trained again"
        self.services = services
        self.item = item
        self.job = item.job
        self._task: TaskHandle | None = None
        self.setWindowTitle(self.tr("Retrain elsewhere"))
        self.resize(720, 420)

        intro = QLabel(
            self.tr(
                "Start the same training on another profile: the same training and validation files are "
                "uploaded again, with the same suffix and the hyperparameters below.\n"
                "Job %1 (base model %2) from %3."
            )
            .replace("%1", self.job.id)
            .replace("%2", self.job.model)
            .replace("%3", source_label)
        )
        intro.setWordWrap(True)
        self.target = QComboBox()
        self._profiles = services.profiles()
        for profile in self._profiles:
            self.target.addItem(f"{profile.name} · {profile.kind.display_name}", profile.id)
        self.base_model = QComboBox()
        self.base_model.setEditable(True)
        editor = self.base_model.lineEdit()
        if editor is not None:
            editor.setPlaceholderText(self.tr("An open model of the target, e.g. tiny-random"))
        self.models_status = QLabel()
        self.import_button = QPushButton(self.tr("Start from an exported adapter…"))
        self.import_button.setToolTip(
            self.tr(
                "Import a model exported from another computer's local engine (adapter format) and "
                "train it further here."
            )
        )
        self.import_button.clicked.connect(self._import_dialog)
        base_row = QHBoxLayout()
        base_row.addWidget(self.base_model, 1)
        base_row.addWidget(self.import_button)
        self.suffix = QLineEdit(self.job.suffix or "")
        self.suffix.setMaxLength(SUFFIX_LIMIT)
        self.hyperparameters_model = HyperparameterTableModel(self)
        self.hyperparameters = QTableView()
        self.hyperparameters.setModel(self.hyperparameters_model)
        self.hyperparameters.verticalHeader().setVisible(False)
        self.hyperparameters.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.hyperparameters.horizontalHeader().setStretchLastSection(True)

        form = QFormLayout()
        form.addRow(self.tr("Target profile"), self.target)
        form.addRow(self.tr("Base model"), base_row)
        form.addRow("", self.models_status)
        form.addRow(self.tr("Suffix"), self.suffix)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.start_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText(self.tr("Start training"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(self.tr("Hyperparameters (double-click a value sent to the target to change it)"))
        )
        layout.addWidget(self.hyperparameters, 1)
        layout.addWidget(self.buttons)

        self.target.currentIndexChanged.connect(self._target_changed)
        self.base_model.currentTextChanged.connect(self._update_mapping)
        self._target_changed()

    def target_profile(self) -> Profile | None:
        index = self.target.currentIndex()
        return self._profiles[index] if 0 <= index < len(self._profiles) else None

    def chosen_base_model(self) -> str:
        return self.base_model.currentText().strip()

    def chosen_suffix(self) -> str:
        return self.suffix.text().strip()

    def chosen_overrides(self) -> dict[str, Any]:
        """Hyperparameters the user changed in the table (name -> value)."""
        return self.hyperparameters_model.overrides()

    def _target_changed(self) -> None:
        profile = self.target_profile()
        self._update_mapping()
        self.import_button.setVisible(profile is not None and profile.kind is ProviderKind.LOCAL)
        if profile is None:
            return
        self.models_status.setText(self.tr("Listing the base models of %1…").replace("%1", profile.name))
        self._task = run_in_background(
            self.tr("Listing the models of “%1”").replace("%1", profile.name),
            retrain_base_models,
            self.services.make_client,
            profile,
            owner=self,  # the dialog may be gone when the list arrives
            on_success=functools.partial(self._models_listed, profile),
            on_error=functools.partial(self._models_failed, profile),
        )

    def _models_listed(self, profile: Profile, models: list[str]) -> None:
        if profile is not self.target_profile():
            return
        typed = self.chosen_base_model()
        self.base_model.blockSignals(True)
        self.base_model.clear()
        self.base_model.addItems(models)
        self.base_model.blockSignals(False)
        self.base_model.setCurrentText(
            typed if typed in models or (typed and not models) else (models[0] if models else "")
        )
        self.models_status.setText(self.tr("%n base model(s) offered by this profile.", "", len(models)))
        self._update_mapping()

    def _import_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import an exported adapter folder"))
        if folder:
            self.import_adapter(Path(folder))

    def import_adapter(self, folder: Path) -> TaskHandle | None:
        """Bring an exported adapter into the target (a local engine) and start from it."""
        profile = self.target_profile()
        if profile is None or profile.kind is not ProviderKind.LOCAL:
            return None
        self.import_button.setEnabled(False)
        self.models_status.setText(self.tr("Importing the model in %1…").replace("%1", str(folder)))

        def imported(model_id: str) -> None:
            self.import_button.setEnabled(True)
            if self.base_model.findText(model_id) < 0:
                self.base_model.addItem(model_id)
            self.base_model.setCurrentText(model_id)
            self.models_status.setText(
                self.tr("Imported as %1; training starts from it.").replace("%1", model_id)
            )

        def failed(error: BaseException) -> None:
            self.import_button.setEnabled(True)
            message = getattr(error, "user_message", None) or str(error)
            self.models_status.setText(
                self.tr("Could not import the model: %1").replace("%1", error_hub().redact(str(message)))
            )
            error_hub().report(self.tr("Importing the model in %1").replace("%1", str(folder)), error)

        return run_in_background(
            self.tr("Importing the model in %1").replace("%1", str(folder)),
            _import,
            self.services,
            profile,
            folder,
            owner=self,
            on_success=imported,
            on_error=failed,
        )

    def _models_failed(self, profile: Profile, error: Any) -> None:
        if profile is self.target_profile():
            message = getattr(error, "user_message", None) or str(error)
            self.models_status.setText(
                self.tr("Could not list the models: %1 Type the base model's name.").replace("%1", message)
            )

    def _update_mapping(self) -> None:
        profile = self.target_profile()
        if profile is None:
            self.hyperparameters_model.set_rows([])
            return
        mapped = map_hyperparameters(
            self.job.hyperparameters,
            self.job.method_type,
            profile.kind,
            same_base_model=self.chosen_base_model() == self.job.model,
        )
        self.hyperparameters_model.set_rows(mapped)
        self.start_button.setEnabled(bool(self.chosen_base_model()))

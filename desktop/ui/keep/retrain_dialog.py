"""Retrain elsewhere: choose the target profile and base model, see how hyperparameters map."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.providers.inference import ModelKind, list_models
from desktop.providers.keep.inventory import InventoryItem
from desktop.providers.keep.retrain import SUFFIX_LIMIT, map_hyperparameters
from desktop.providers.profiles import Profile
from desktop.ui.background import TaskHandle, run_in_background
from desktop.ui.keep.hyperparameters_model import HyperparameterTableModel
from desktop.ui.keep.services import KeepServices


def _base_models(services: KeepServices, profile: Profile) -> list[str]:
    client = services.make_client(profile)
    return [choice.id for choice in list_models(client) if choice.kind is ModelKind.BASE]


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
        form.addRow(self.tr("Base model"), self.base_model)
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
        if profile is None:
            return
        self.models_status.setText(self.tr("Listing the base models of %1…").replace("%1", profile.name))
        self._task = run_in_background(
            self.tr("Listing the models of “%1”").replace("%1", profile.name),
            _base_models,
            self.services,
            profile,
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

"""The models the test tab can ask: one list model shared by every picker, loaded in the background."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.providers.inference import ModelChoice, ModelKind
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.testtab.services import TestTabServices

ModelIdRole = Qt.ItemDataRole.UserRole
ModelChoiceRole = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


class ModelListModel(QAbstractListModel):
    """The profile's models; optionally checkable (batch evaluation picks several)."""

    def __init__(self, checkable: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._choices: list[ModelChoice] = []
        self._checkable = checkable
        self._checked: set[str] = set()

    def choices(self) -> list[ModelChoice]:
        return list(self._choices)

    def set_choices(self, choices: list[ModelChoice]) -> None:
        self.beginResetModel()
        self._choices = list(choices)
        known = {choice.id for choice in choices}
        self._checked &= known
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._choices)

    def label(self, choice: ModelChoice) -> str:
        if choice.kind is ModelKind.FINE_TUNED:
            kind = self.tr("fine-tuned")
        elif choice.kind is ModelKind.CHECKPOINT:
            kind = (
                self.tr("checkpoint, step %1").replace("%1", str(choice.step))
                if choice.step
                else self.tr("checkpoint")
            )
        else:
            kind = self.tr("base")
        if not choice.deployed:
            kind += ", " + self.tr("not deployed")
        if choice.shut_down is not None:
            kind += ", " + choice.shut_down_note
        return f"{choice.id}  ({kind})"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._choices) or index.column() != 0:
            return None
        choice = self._choices[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.label(choice)
        if role == Qt.ItemDataRole.EditRole or role == ModelIdRole:
            return choice.id
        if role == ModelChoiceRole:
            return choice
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [choice.id]
            if choice.base_model:
                lines.append(self.tr("Base model: %1").replace("%1", choice.base_model))
            if choice.job_id:
                lines.append(self.tr("Job: %1").replace("%1", choice.job_id))
            if not choice.deployed:
                lines.append(self.tr("On Azure a fine-tuned model answers only once it is deployed."))
            if choice.shut_down is not None:
                lines.append(choice.shut_down_note)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.CheckStateRole and self._checkable:
            return Qt.CheckState.Checked if choice.id in self._checked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self._checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self._checkable and index.isValid() and role == Qt.ItemDataRole.CheckStateRole):
            return False
        model_id = self._choices[index.row()].id
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        if checked:
            self._checked.add(model_id)
        else:
            self._checked.discard(model_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def checked_models(self) -> list[str]:
        return [choice.id for choice in self._choices if choice.id in self._checked]

    def set_checked_models(self, models: list[str]) -> None:
        self._checked = set(models)
        if self._choices:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._choices) - 1), [Qt.ItemDataRole.CheckStateRole]
            )

    def default_models(self, count: int) -> list[str]:
        """Models worth comparing: the newest fine-tuned one, its base model, an earlier checkpoint."""
        picked: list[str] = []
        fine_tuned = [
            c for c in self._choices if c.kind is ModelKind.FINE_TUNED and c.deployed and c.shut_down is None
        ]
        if fine_tuned:
            newest = fine_tuned[0]
            picked.append(newest.id)
            if newest.base_model and any(c.id == newest.base_model for c in self._choices):
                picked.append(newest.base_model)
            checkpoints = [
                c for c in self._choices if c.kind is ModelKind.CHECKPOINT and c.job_id == newest.job_id
            ]
            if checkpoints:
                picked.append(checkpoints[-1].id)  # the earliest step
        for choice in self._choices:
            if choice.id not in picked and choice.deployed and choice.shut_down is None:
                picked.append(choice.id)
        return picked[:count]


class ModelsSource(QObject):
    """Loads the models of the active profile off the UI thread into one shared list model."""

    loading_changed = Signal(bool)
    loaded = Signal()
    failed = Signal(str)

    def __init__(self, services: TestTabServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.model = ModelListModel(parent=self)
        self._task: TaskHandle | None = None

    @property
    def loading(self) -> bool:
        return self._task is not None

    def refresh(self) -> None:
        if self.loading:
            return
        self.loading_changed.emit(True)
        self._task = run_in_background(
            self.tr("Listing the models of the profile"),
            self._services.list_models,
            owner=self,
            on_success=self._loaded,
            on_error=self._failed,
            on_finished=self._loading_over,
        )

    # Callbacks are bound methods, never lambdas: Qt drops them when this object is deleted first.
    def _loading_over(self) -> None:
        self._task = None
        self.loading_changed.emit(False)

    def _loaded(self, choices: list[ModelChoice]) -> None:
        self.model.set_choices(choices)
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        # Shown in the test tab, where it happened (secrets removed as the error hub would).
        message = getattr(error, "user_message", None) or str(error) or type(error).__name__
        self.failed.emit(error_hub().redact(str(message)))


class ModelPicker(QComboBox):
    """Pick one of the listed models, or type any model name (a deployment, a model not listed)."""

    def __init__(self, source: ModelListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setModel(source)
        self.setMinimumContentsLength(24)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        line_edit = self.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("Model name"))
        self.setCurrentIndex(-1)
        self._kept = ""
        # A new list keeps the user's choice (the combo box would jump to the first model).
        source.modelAboutToBeReset.connect(self._keep_choice)
        source.modelReset.connect(self._restore_choice)

    def _keep_choice(self) -> None:
        self._kept = self.model_id()

    def _restore_choice(self) -> None:
        if self._kept:
            self.set_model_id(self._kept)
        else:
            self.setCurrentIndex(-1)
            self.clearEditText()

    def model_id(self) -> str:
        text = self.currentText().strip()
        index = self.currentIndex()
        if index >= 0 and self.itemText(index) == self.currentText():
            return str(self.itemData(index, ModelIdRole))
        return text

    def choice(self) -> ModelChoice | None:
        model_id = self.model_id()
        for row in range(self.count()):
            choice = self.itemData(row, ModelChoiceRole)
            if isinstance(choice, ModelChoice) and choice.id == model_id:
                return choice
        return None

    def set_model_id(self, model_id: str) -> None:
        for row in range(self.count()):
            if self.itemData(row, ModelIdRole) == model_id:
                self.setCurrentIndex(row)
                return
        self.setCurrentIndex(-1)
        self.setEditText(model_id)

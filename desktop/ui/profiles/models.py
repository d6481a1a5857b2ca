"""Item models of the Profiles dialog: the profiles list, Azure deployments, a connection test's models."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from desktop.providers.connection import ModelInfo
from desktop.providers.profiles import Profile, ProviderKind
from desktop.ui.row_table_model import ColumnSpec, RowTableModel

ModelIndex = QModelIndex | QPersistentModelIndex

PROFILE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def kind_label(kind: ProviderKind) -> str:
    """The kind's name in the UI language (Qt Linguist context "ProviderKind")."""
    from PySide6.QtCore import QCoreApplication

    labels = {
        ProviderKind.OPENAI: QCoreApplication.translate("ProviderKind", "OpenAI"),
        ProviderKind.AZURE: QCoreApplication.translate("ProviderKind", "Azure OpenAI"),
        ProviderKind.COMPATIBLE: QCoreApplication.translate("ProviderKind", "OpenAI-compatible server"),
        ProviderKind.LOCAL: QCoreApplication.translate("ProviderKind", "Local engine (this computer)"),
    }
    return labels[kind]


class ProfilesListModel(QAbstractListModel):
    """The profiles, the active one in bold and marked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._profiles: list[Profile] = []
        self._active_id = ""

    def set_profiles(self, profiles: list[Profile], active_id: str) -> None:
        self.beginResetModel()
        self._profiles = list(profiles)
        self._active_id = active_id
        self.endResetModel()

    def update_profile(self, profile: Profile) -> None:
        """Show the saved state of one profile in place (selection and scrolling stay)."""
        row = self.row_of(profile.id)
        if row >= 0:
            self._profiles[row] = profile
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)

    def profile_at(self, row: int) -> Profile:
        return self._profiles[row]

    def row_of(self, profile_id: str) -> int:
        for row, profile in enumerate(self._profiles):
            if profile.id == profile_id:
                return row
        return -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._profiles)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._profiles):
            return None
        profile = self._profiles[index.row()]
        active = profile.id == self._active_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("%1 (active)").replace("%1", profile.name) if active else profile.name
        if role == Qt.ItemDataRole.ToolTipRole:
            where = profile.effective_base_url or self.tr("started by the app")
            return f"{kind_label(profile.kind)} — {where}"
        if role == Qt.ItemDataRole.FontRole and active:
            font = QFont()
            font.setBold(True)
            return font
        if role == PROFILE_ID_ROLE:
            return profile.id
        return None


class DeploymentColumn(IntEnum):
    MODEL = 0
    DEPLOYMENT = 1


class AzureDeploymentsModel(RowTableModel[list[str]]):
    """Editable rows of (fine-tuned model, deployment name)."""

    item_flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def set_mapping(self, mapping: dict[str, str]) -> None:
        self.reset_rows([model, deployment] for model, deployment in mapping.items())

    def mapping(self) -> dict[str, str]:
        """The rows with both cells filled (blank rows are unfinished edits and are dropped)."""
        return {
            model.strip(): deployment.strip()
            for model, deployment in self._rows
            if model.strip() and deployment.strip()
        }

    def add_row(self, model: str = "", deployment: str = "") -> int:
        row = len(self._rows)
        self.insert_item(row, [model, deployment])
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.remove_item(row)

    def columns(self) -> list[ColumnSpec[list[str]]]:
        def model(row: list[str]) -> str:
            return row[DeploymentColumn.MODEL]

        def deployment(row: list[str]) -> str:
            return row[DeploymentColumn.DEPLOYMENT]

        return [
            ColumnSpec(self.tr("Fine-tuned model"), display=model, edit=model),
            ColumnSpec(
                self.tr("Deployment name"),
                display=deployment,
                edit=deployment,
                tooltip=lambda _row: self.tr("The deployment's name as shown in the Azure AI Foundry portal"),
            ),
        ]

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not 0 <= index.row() < len(self._rows):
            return False
        self._rows[index.row()][index.column()] = str(value).strip()
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True


class ConnectionModelsModel(RowTableModel[ModelInfo]):
    """The models a connection test found, and whether each can be fine-tuned there."""

    def set_models(self, models: list[ModelInfo]) -> None:
        self.reset_rows(models)

    def columns(self) -> list[ColumnSpec[ModelInfo]]:
        def fine_tune(model: ModelInfo) -> str:
            if model.can_fine_tune is None:
                return self.tr("Unknown")
            return self.tr("Yes") if model.can_fine_tune else self.tr("No")

        def fine_tune_tooltip(model: ModelInfo) -> str | None:
            if model.can_fine_tune is None:
                return self.tr("This server does not say which models it can fine-tune.")
            return None

        def note(model: ModelInfo) -> str | None:
            return self.tr("fine-tuned") if model.fine_tuned and not model.reason else model.reason

        return [
            ColumnSpec(self.tr("Model"), display=lambda model: model.id),
            ColumnSpec(self.tr("Fine-tune here"), display=fine_tune, tooltip=fine_tune_tooltip),
            ColumnSpec(self.tr("Note"), display=note),
        ]

"""The form that edits one provider profile: kind-specific fields, the key, Azure deployments."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.providers.errors import AZURE_PORTAL_URL
from desktop.providers.profiles import DEFAULT_AZURE_API_VERSION, Profile, ProviderKind
from desktop.ui.profiles.models import AzureDeploymentsModel, kind_label


class ProfileEditor(QWidget):
    """Edits a copy of a profile; :meth:`edited_profile` returns the result. Never shows a stored key."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original: Profile | None = None
        self._loading = False

        self.name_edit = QLineEdit(self)
        self.kind_combo = QComboBox(self)
        for kind in ProviderKind:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        self.base_url_edit = QLineEdit(self)
        self.organization_edit = QLineEdit(self)
        self.organization_edit.setPlaceholderText(self.tr("optional, e.g. org-…"))
        self.project_edit = QLineEdit(self)
        self.project_edit.setPlaceholderText(self.tr("optional, e.g. proj_…"))
        self.api_version_edit = QLineEdit(self)
        self.api_version_edit.setPlaceholderText(DEFAULT_AZURE_API_VERSION)
        self.proxy_edit = QLineEdit(self)
        self.proxy_edit.setPlaceholderText(self.tr("empty: the system's proxy settings"))
        self.timeout_spin = QDoubleSpinBox(self)
        self.timeout_spin.setRange(1, 3600)
        self.timeout_spin.setDecimals(0)
        self.timeout_spin.setSuffix(self.tr(" s"))
        self.retries_spin = QSpinBox(self)
        self.retries_spin.setRange(0, 10)
        # The local engine's model download source: Hugging Face itself, or a mirror (HF_ENDPOINT).
        self.hf_endpoint_edit = QLineEdit(self)
        self.hf_endpoint_edit.setPlaceholderText(
            self.tr("empty: huggingface.co; a mirror, e.g. https://hf-mirror.com")
        )
        self.hf_endpoint_edit.setToolTip(
            self.tr(
                "Where the local engine downloads base models from. A mirror helps where huggingface.co "
                "is slow or blocked. The engine restarts to use a new source; running jobs resume."
            )
        )

        # The key is write-only: typed here, stored in the keyring, never read back into the field.
        self.key_edit = QLineEdit(self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setClearButtonEnabled(True)
        self.key_status_label = QLabel(self)
        self.key_status_label.setWordWrap(True)
        self.key_box = key_box = QWidget(self)
        key_layout = QVBoxLayout(key_box)
        key_layout.setContentsMargins(0, 0, 0, 0)
        key_layout.addWidget(self.key_edit)
        key_layout.addWidget(self.key_status_label)

        self.form = QFormLayout()
        self.form.addRow(self.tr("Name"), self.name_edit)
        self.form.addRow(self.tr("Kind"), self.kind_combo)
        self.form.addRow(self.tr("Base URL"), self.base_url_edit)
        self.form.addRow(self.tr("Organisation"), self.organization_edit)
        self.form.addRow(self.tr("Project"), self.project_edit)
        self.form.addRow(self.tr("API version"), self.api_version_edit)
        self.form.addRow(self.tr("API key"), key_box)
        self.form.addRow(self.tr("HTTP proxy"), self.proxy_edit)
        self.form.addRow(self.tr("Timeout"), self.timeout_spin)
        self.form.addRow(self.tr("Retries"), self.retries_spin)
        self.form.addRow(self.tr("Model downloads"), self.hf_endpoint_edit)

        self.deployments_model = AzureDeploymentsModel(self)
        self.deployments_view = QTableView(self)
        self.deployments_view.setModel(self.deployments_model)
        self.deployments_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.deployments_view.verticalHeader().hide()
        self.add_deployment_button = QPushButton(self.tr("Add"), self)
        self.remove_deployment_button = QPushButton(self.tr("Remove"), self)
        portal = self.tr(
            "On Azure a fine-tuned model answers only once it is deployed. Deploy it in the "
            '<a href="%1">Azure AI Foundry portal</a>, then enter the deployment\'s name here.'
        ).replace("%1", AZURE_PORTAL_URL)
        self.portal_label = QLabel(portal, self)
        self.portal_label.setWordWrap(True)
        self.portal_label.setOpenExternalLinks(True)
        self.deployments_group = QGroupBox(self.tr("Azure deployments"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_deployment_button)
        buttons.addWidget(self.remove_deployment_button)
        buttons.addStretch(1)
        group_layout = QVBoxLayout(self.deployments_group)
        group_layout.addWidget(self.portal_label)
        group_layout.addWidget(self.deployments_view)
        group_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.deployments_group, 1)

        self.kind_combo.currentIndexChanged.connect(lambda _index: self._kind_changed())
        for edit in (
            self.name_edit,
            self.base_url_edit,
            self.organization_edit,
            self.project_edit,
            self.api_version_edit,
            self.proxy_edit,
            self.key_edit,
            self.hf_endpoint_edit,
        ):
            edit.textChanged.connect(lambda _text: self._emit_changed())
        self.timeout_spin.valueChanged.connect(lambda _value: self._emit_changed())
        self.retries_spin.valueChanged.connect(lambda _value: self._emit_changed())
        self.deployments_model.dataChanged.connect(lambda *_args: self._emit_changed())
        self.deployments_model.rowsRemoved.connect(lambda *_args: self._emit_changed())
        self.add_deployment_button.clicked.connect(lambda _checked=False: self._add_deployment())
        self.remove_deployment_button.clicked.connect(lambda _checked=False: self._remove_deployment())
        self.setEnabled(False)

    # -- loading and reading

    def load(self, profile: Profile) -> None:
        self._loading = True
        try:
            self._original = profile
            self.name_edit.setText(profile.name)
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(profile.kind.value))
            self.base_url_edit.setText(profile.base_url)
            self.organization_edit.setText(profile.organization)
            self.project_edit.setText(profile.project)
            self.api_version_edit.setText(profile.api_version)
            self.proxy_edit.setText(profile.proxy)
            self.timeout_spin.setValue(profile.timeout)
            self.retries_spin.setValue(profile.max_retries)
            self.hf_endpoint_edit.setText(profile.hf_endpoint)
            self.key_edit.clear()
            self.key_status_label.clear()
            self.deployments_model.set_mapping(profile.azure_deployments)
            self._update_visibility()
            self.setEnabled(True)
        finally:
            self._loading = False

    @property
    def original(self) -> Profile | None:
        return self._original

    def kind(self) -> ProviderKind:
        return ProviderKind(self.kind_combo.currentData())

    def edited_profile(self) -> Profile:
        """The profile as the form shows it (same id as the loaded one)."""
        assert self._original is not None, "no profile loaded"
        kind = self.kind()
        return replace(
            self._original,
            name=self.name_edit.text().strip(),
            kind=kind,
            base_url=self.base_url_edit.text().strip(),
            organization=self.organization_edit.text().strip() if kind is ProviderKind.OPENAI else "",
            project=self.project_edit.text().strip() if kind is ProviderKind.OPENAI else "",
            api_version=self.api_version_edit.text().strip() if kind is ProviderKind.AZURE else "",
            proxy=self.proxy_edit.text().strip(),
            timeout=float(self.timeout_spin.value()),
            max_retries=int(self.retries_spin.value()),
            azure_deployments=self.deployments_model.mapping() if kind is ProviderKind.AZURE else {},
            hf_endpoint=self.hf_endpoint_edit.text().strip() if kind is ProviderKind.LOCAL else "",
        )

    def is_modified(self) -> bool:
        return self._original is not None and (
            self.edited_profile() != self._original or bool(self.typed_key())
        )

    def typed_key(self) -> str:
        return self.key_edit.text().strip()

    def clear_typed_key(self) -> None:
        self.key_edit.clear()

    def mark_saved(self, profile: Profile) -> None:
        """The given profile is now the stored one (after a save)."""
        self._original = profile

    def set_key_status(self, text: str) -> None:
        self.key_status_label.setText(text)

    # -- behaviour

    def _emit_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _kind_changed(self) -> None:
        self._update_visibility()
        if not self._loading and self.kind() is ProviderKind.AZURE and not self.api_version_edit.text():
            self.api_version_edit.setText(DEFAULT_AZURE_API_VERSION)
        self._emit_changed()

    def _update_visibility(self) -> None:
        kind = self.kind()
        self.form.setRowVisible(self.organization_edit, kind is ProviderKind.OPENAI)
        self.form.setRowVisible(self.project_edit, kind is ProviderKind.OPENAI)
        self.form.setRowVisible(self.api_version_edit, kind is ProviderKind.AZURE)
        self.form.setRowVisible(self.hf_endpoint_edit, kind is ProviderKind.LOCAL)
        self.deployments_group.setVisible(kind is ProviderKind.AZURE)
        placeholders = {
            ProviderKind.OPENAI: self.tr("empty: https://api.openai.com/v1"),
            ProviderKind.AZURE: self.tr("https://YOUR-RESOURCE.openai.azure.com/"),
            ProviderKind.COMPATIBLE: self.tr("e.g. http://localhost:8000/v1"),
            ProviderKind.LOCAL: self.tr("empty: the engine the app starts on this computer"),
        }
        self.base_url_edit.setPlaceholderText(placeholders[kind])
        label = self.form.labelForField(self.key_box)
        if isinstance(label, QLabel):
            label.setText(self.tr("Token") if kind is ProviderKind.LOCAL else self.tr("API key"))
        if kind is ProviderKind.LOCAL:
            self.key_edit.setPlaceholderText(self.tr("not needed for the app's own engine"))
        elif kind is ProviderKind.COMPATIBLE:
            self.key_edit.setPlaceholderText(self.tr("if the server needs one"))
        else:
            self.key_edit.setPlaceholderText(self.tr("paste the key; it is kept in the system keyring"))

    def _add_deployment(self) -> None:
        row = self.deployments_model.add_row()
        index = self.deployments_model.index(row, 0)
        self.deployments_view.setCurrentIndex(index)
        self.deployments_view.edit(index)

    def _remove_deployment(self) -> None:
        index = self.deployments_view.currentIndex()
        if index.isValid():
            self.deployments_model.remove_row(index.row())

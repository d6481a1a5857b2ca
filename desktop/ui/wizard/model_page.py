"""Page 2: the provider profile and the base model (catalog merged with the provider's live list)."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.core.cancel import CancelToken
from desktop.core.catalog import local_models
from desktop.core.dataset import ExampleKind
from desktop.providers.finetune import LiveModel, live_models
from desktop.providers.profiles import Profile
from desktop.ui import theme
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.wizard import services
from desktop.ui.wizard.engine_plan import is_local_engine
from desktop.ui.wizard.local_models import LocalModelsPanel
from desktop.ui.wizard.local_models_model import LocalModelRow
from desktop.ui.wizard.models_model import BaseModelsModel, Column, ModelRow
from desktop.ui.wizard.state import ChosenModel, WizardState


class ModelPage(QWizardPage):
    convert_requested = Signal(object)  # ExampleKind: convert the data so greyed models fit

    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.setTitle(self.tr("Provider and base model"))
        self.setSubTitle(
            self.tr(
                "Choose where to train and which model to start from. "
                "Greyed models cannot train on this data."
            )
        )
        self.profile_combo = QComboBox()
        for profile in state.services.profiles:
            self.profile_combo.addItem(self._profile_text(profile), profile.id)
        self.refresh_button = QPushButton(self.tr("Refresh list"))
        self.convert_button = QPushButton()
        self.convert_button.hide()
        self._conversion: ExampleKind | None = None
        self.live_status = QLabel()
        self.live_status.setWordWrap(True)
        self.provider_note = QLabel()
        self.provider_note.setWordWrap(True)
        self.models = BaseModelsModel(self)
        self.table = QTableView()
        self.table.setModel(self.models)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.NOTE, QHeaderView.ResizeMode.Stretch)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(theme.css("warning"))
        self.warning_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("Provider:"), self.profile_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.provider_note)
        layout.addWidget(self.live_status)
        # The local engine's own model list (download, fit, time); other providers use the table.
        self.local_panel = LocalModelsPanel(state)
        self.local_panel.hide()
        self._local_mode = False
        layout.addWidget(self.local_panel, 1)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.convert_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self._live: list[LiveModel] | None = None
        self._task: TaskHandle | None = None
        self._wanted_model: str | None = None
        self._initialized = False
        self.profile_combo.currentIndexChanged.connect(self._profile_chosen)
        self.refresh_button.clicked.connect(self._fetch_live_models)
        self.convert_button.clicked.connect(lambda: self.convert_requested.emit(self._conversion))
        self.table.selectionModel().selectionChanged.connect(self._model_chosen)
        state.analysis_changed.connect(self._rebuild_rows)
        self.local_panel.model_chosen.connect(self._local_model_chosen)
        self.local_panel.unavailable.connect(self._engine_without_model_api)

    # --- QWizardPage -------------------------------------------------------------------------------

    def initializePage(self) -> None:
        if not self.profile_combo.count():
            self.live_status.setStyleSheet(theme.css("error"))
            self.live_status.setText(
                self.tr("There is no provider profile yet. Add one (or start the local engine) in Profiles.")
            )
            return
        if not self._initialized:
            self._initialized = True
            wanted = self._state.services.active_profile_id
            index = self.profile_combo.findData(wanted) if wanted else 0
            self.profile_combo.setCurrentIndex(max(0, index))
            self._profile_chosen()
        elif self._local_mode:
            if not self.local_panel.models.rowCount() and not self.local_panel.is_loading:
                self.local_panel.load(self._current_profile())
        elif self._live is None and not self.is_loading:
            self._fetch_live_models()
        else:
            self._rebuild_rows()

    def isComplete(self) -> bool:
        model = self._state.model
        return model is not None and self._state.profile is not None

    # --- Public helpers (tests, screenshots) ------------------------------------------------------------

    def select_model(self, model_id: str) -> bool:
        """Select ``model_id`` if it is listed and usable; when the live list is still loading, later."""
        self._wanted_model = model_id
        if self._local_mode:
            return self.local_panel.select_model(model_id)
        row = self.models.row_of(model_id)
        if row is None or not self.models.model_row(row).usable:
            return False
        self.table.selectionModel().select(
            self.models.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    @property
    def is_loading(self) -> bool:
        if self._local_mode:
            return self.local_panel.is_loading
        return self._task is not None  # cleared on the UI thread when the answer has been shown

    # --- Slots ----------------------------------------------------------------------------------------------

    def _profile_chosen(self) -> None:
        profile = self._current_profile()
        self._state.set_model(profile, None)
        self._live = None
        note = services.provider_note(profile) if profile is not None else ""
        self.provider_note.setText(note)
        self.provider_note.setVisible(bool(note))
        self._set_local_mode(profile is not None and is_local_engine(profile))
        if self._local_mode:
            self.live_status.clear()
            self.local_panel.load(profile)
            return
        self._rebuild_rows()
        self._fetch_live_models()

    def _set_local_mode(self, local: bool) -> None:
        self._local_mode = local
        self.local_panel.setVisible(local)
        self.table.setVisible(not local)
        self.refresh_button.setVisible(not local)
        if local:
            self.convert_button.hide()
            self.warning_label.hide()

    def _engine_without_model_api(self, message: str) -> None:
        """The local engine profile points at a server without the model API: list /v1/models."""
        if not self._local_mode:
            return
        self._set_local_mode(False)
        self._rebuild_rows()
        self._fetch_live_models()

    def _local_model_chosen(self, row: object) -> None:
        if not self._local_mode:
            return
        profile = self._current_profile()
        if not isinstance(row, LocalModelRow) or not row.usable:
            self._state.set_model(profile, None)
        elif row.info.gated and row.info.needs_download:
            # A job would download it with the token the engine started with: download it here,
            # where the page asks for the token, before going on.
            self._state.set_model(profile, None)
        else:
            info = row.info
            entry = local_models([{"id": info.id, "context_length": info.context_length}])[0]
            self._state.set_model(
                profile,
                ChosenModel(
                    info.id,
                    supports_dpo=True,
                    supports_sft=True,
                    token_limit=info.context_length,
                    catalog_entry=entry,
                    engine_info=info,
                ),
            )
        self.completeChanged.emit()

    def _fetch_live_models(self) -> None:
        profile = self._current_profile()
        if profile is None:
            return
        if self._task is not None:
            self._task.cancel()
        self.live_status.setStyleSheet("")
        self.live_status.setText(
            self.tr("Asking %1 which models it offers…").replace("%1", html.escape(str(profile.name)))
        )
        make_client = self._state.services.make_client

        def work(cancel: CancelToken) -> list[LiveModel]:
            return live_models(make_client(profile), cancel)

        def arrived(live: list[LiveModel]) -> None:
            if self._task is task:
                self._task = None
            self._live_models_arrived(profile, live)

        def failed(error: BaseException) -> None:
            if self._task is task:
                self._task = None
            self._live_models_failed(profile, error)

        task = run_in_background(
            self.tr("Listing the models of %1").replace("%1", str(profile.name)),
            work,
            owner=self,
            on_success=arrived,
            on_error=failed,
        )
        self._task = task

    def _live_models_arrived(self, profile: Profile, live: list[LiveModel]) -> None:
        if profile is not self._current_profile():
            return  # the user moved on to another profile
        self._live = live
        self.live_status.setText(
            self.tr(
                "Models listed by the provider: %n; the catalog adds what it knows about them.",
                "",
                len(live),
            )
        )
        self._rebuild_rows()

    def _live_models_failed(self, profile: Profile, error: BaseException) -> None:
        if profile is not self._current_profile():
            return
        message = error_hub().redact(str(getattr(error, "user_message", None) or error))
        self.live_status.setStyleSheet(theme.css("error"))
        self.live_status.setText(
            self.tr("Could not list the provider's models; showing the catalog only.")
            + " "
            + html.escape(message)
        )

    def _rebuild_rows(self) -> None:
        if self._local_mode:
            return  # the local panel follows the analysis itself
        profile = self._current_profile()
        if profile is None:
            self.models.set_models([])
            return
        previous = self._state.model.model_id if self._state.model is not None else self._wanted_model
        rows = services.model_rows(profile, self._state.data.dataset, self._state.analysis, self._live)
        self.models.set_models(rows)
        self.table.resizeRowsToContents()
        self._conversion = services.conversion_target(self._state.data.dataset, rows)
        if self._conversion is ExampleKind.CHAT:
            self.convert_button.setText(self.tr("Convert the data to chat…"))
        elif self._conversion is ExampleKind.PROMPT_COMPLETION:
            self.convert_button.setText(
                self.tr("Convert the data to prompt/completion (babbage-002, davinci-002)…")
            )
        self.convert_button.setVisible(self._conversion is not None)
        if (previous is None or not self.select_model(previous)) and not self._select_only_usable():
            self._state.set_model(profile, None)
            self._show_warning(None)
            self.completeChanged.emit()

    def _select_only_usable(self) -> bool:
        """When exactly one model can train on this data, choose it: there is nothing to decide."""
        usable = [row for row in range(self.models.rowCount()) if self.models.model_row(row).usable]
        if len(usable) != 1:
            return False
        wanted = self._wanted_model
        chosen = self.select_model(self.models.model_row(usable[0]).model_id)
        self._wanted_model = wanted  # a guess, not the user's wish: a later list may offer more
        return chosen

    def _model_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        profile = self._current_profile()
        if not rows or profile is None:
            self._state.set_model(profile, None)
            self._show_warning(None)
        else:
            row = self.models.model_row(rows[0].row())
            self._state.set_model(
                profile,
                ChosenModel(
                    row.model_id, row.supports_dpo, row.supports_sft, row.token_limit, row.catalog_entry
                ),
            )
            self._show_warning(row)
        self.completeChanged.emit()

    def _show_warning(self, row: ModelRow | None) -> None:
        text = row.warning if row is not None else None
        self.warning_label.setText(text or "")
        self.warning_label.setVisible(bool(text))

    # --- Helpers --------------------------------------------------------------------------------------------

    def _current_profile(self) -> Profile | None:
        index = self.profile_combo.currentIndex()
        profiles = self._state.services.profiles
        return profiles[index] if 0 <= index < len(profiles) else None

    @staticmethod
    def _profile_text(profile: Profile) -> str:
        kind_name = profile.kind.display_name
        name = profile.name
        return f"{name} ({kind_name})" if kind_name and kind_name != name else name

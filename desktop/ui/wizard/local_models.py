"""The model page's panel for the local engine: choose, look up, download and size up open models.

It lists the engine's base models (``/v1/engine/base_models``) with their size, whether they are on
this computer, whether training fits this machine and how long it would take for this data set
(``/v1/engine/estimate``); looks up any other Hugging Face id through the engine; takes a model
folder; downloads with a progress bar and a cancel button; and, for a gated model, explains how to
get access and asks for the Hugging Face token (kept in the system keyring, sent to the engine only
with its own requests). All engine calls run off the UI thread; failures are shown here, in place,
and anything unexpected goes to the ErrorHub.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.cancel import CancelToken
from desktop.providers.engine_models import is_hub_id
from desktop.providers.events.engine_models import ModelsListed
from desktop.providers.finetune import is_cancellation
from desktop.providers.profiles import Profile
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.wizard import services
from desktop.ui.wizard.engine_plan import estimate_request
from desktop.ui.wizard.local_models_model import (
    LocalColumn,
    LocalModelRow,
    LocalModelsModel,
    format_size,
)
from desktop.ui.wizard.state import WizardState

if TYPE_CHECKING:
    from desktop.providers.engine_models import (
        BaseModelInfo,
        Download,
        EstimateRequest,
        HubModel,
        TrainingEstimate,
    )
    from desktop.providers.errors import ProviderError

    Estimates = dict[str, TrainingEstimate | ProviderError]  # by model id: a model's estimate or why none

HUB_TOKENS_URL = "https://huggingface.co/settings/tokens"


def _user_message(error: BaseException) -> str:
    message = getattr(error, "user_message", None) or str(error) or type(error).__name__
    return error_hub().redact(str(message))


def _is_provider_error(error: BaseException) -> bool:
    from desktop.providers.errors import ProviderError

    return isinstance(error, ProviderError)


def _error_kind(error: BaseException) -> str:
    kind = getattr(error, "kind", None)
    return str(getattr(kind, "value", ""))


class LocalModelsPanel(QWidget):
    """Everything about base models on the local engine; tells the page which one is chosen."""

    model_chosen = Signal(object)  # LocalModelRow, or None when nothing usable is selected
    unavailable = Signal(str)  # the engine has no model API (another server): fall back to /v1/models

    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._hub_tokens = state.services.hub_tokens
        self._typed_token: str | None = None  # this wizard only, when no keyring takes it
        self._profile: Profile | None = None
        self._load_task: TaskHandle | None = None
        self._download_task: TaskHandle | None = None
        self._lookup_task: TaskHandle | None = None
        self._downloading_model: str | None = None
        self._wanted_model: str | None = None
        self._retry_after_token: tuple[str, str] | None = None  # ("download" | "lookup", model id)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.models = LocalModelsModel(self)
        self.table = QTableView()
        self.table.setModel(self.models)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LocalColumn.NOTE, QHeaderView.ResizeMode.Stretch)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setOpenExternalLinks(True)

        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("Cancel download"))
        self.cancel_button.hide()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.hide()
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.other_button = QPushButton(self.tr("Other Hugging Face model…"))
        self.folder_button = QPushButton(self.tr("Model folder…"))
        self.refresh_button = QPushButton(self.tr("Refresh"))

        self.hub_edit = QLineEdit()
        self.hub_edit.setPlaceholderText(self.tr("A model id, e.g. Qwen/Qwen2.5-0.5B-Instruct"))
        self.hub_check_button = QPushButton(self.tr("Look up"))
        self.hub_row = QWidget()
        hub_layout = QHBoxLayout(self.hub_row)
        hub_layout.setContentsMargins(0, 0, 0, 0)
        hub_layout.addWidget(QLabel(self.tr("Hugging Face model:")))
        hub_layout.addWidget(self.hub_edit, 1)
        hub_layout.addWidget(self.hub_check_button)
        self.hub_row.hide()

        self.gated_box = QGroupBox(self.tr("This model needs access on Hugging Face"))
        self.gated_label = QLabel()
        self.gated_label.setWordWrap(True)
        self.gated_label.setOpenExternalLinks(True)
        self.gated_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(self.tr("hf_… (an access token with read permission)"))
        self.token_button = QPushButton(self.tr("Save token and try again"))
        self.token_button.setEnabled(False)
        gated_layout = QVBoxLayout(self.gated_box)
        gated_layout.addWidget(self.gated_label)
        token_row = QHBoxLayout()
        token_row.addWidget(QLabel(self.tr("Access token:")))
        token_row.addWidget(self.token_edit, 1)
        token_row.addWidget(self.token_button)
        gated_layout.addLayout(token_row)
        self.gated_box.hide()

        for button in (self.download_button, self.cancel_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        download_row = QHBoxLayout()
        download_row.addWidget(self.download_button)
        download_row.addWidget(self.cancel_button)
        download_row.addWidget(self.progress_bar, 1)
        download_row.addStretch(0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.other_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addLayout(download_row)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.gated_box)
        layout.addWidget(self.hub_row)
        layout.addLayout(buttons)

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.download_button.clicked.connect(lambda: self.start_download())
        self.cancel_button.clicked.connect(self.cancel_download)
        self.other_button.clicked.connect(self._show_hub_row)
        self.hub_check_button.clicked.connect(lambda: self.look_up(self.hub_edit.text()))
        self.hub_edit.returnPressed.connect(lambda: self.look_up(self.hub_edit.text()))
        self.folder_button.clicked.connect(self._choose_folder)
        self.refresh_button.clicked.connect(lambda: self.load(self._profile))
        self.token_edit.textChanged.connect(lambda text: self.token_button.setEnabled(bool(text.strip())))
        self.token_button.clicked.connect(self.save_token_and_retry)
        state.analysis_changed.connect(self._refresh_estimates)

    # --- State for the page and tests -------------------------------------------------------------------

    @property
    def is_loading(self) -> bool:
        return self._load_task is not None

    @property
    def is_downloading(self) -> bool:
        return self._download_task is not None

    @property
    def is_looking_up(self) -> bool:
        return self._lookup_task is not None

    def selected_row(self) -> LocalModelRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.models.model_row(rows[0].row()) if rows else None

    def select_model(self, model_id: str) -> bool:
        """Select ``model_id`` when listed and usable (later, when the list is still loading)."""
        self._wanted_model = model_id
        row = self.models.row_of(model_id)
        if row is None or not self.models.model_row(row).usable:
            return False
        self.table.selectionModel().select(
            self.models.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.models.index(row, 0))
        return True

    # --- Listing ---------------------------------------------------------------------------------------

    def load(self, profile: Profile | None) -> None:
        """List the engine's base models for ``profile``, then estimate each one for this data."""
        if profile is None:
            return
        self._profile = profile
        if self._load_task is not None:
            self._load_task.cancel()
        selected = self.selected_row()
        if selected is not None:
            self._wanted_model = selected.model_id
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Asking the local engine which models it can train…"))
        make_client = self._state.services.make_client
        requests = self._estimate_requests_template()

        def work(cancel: CancelToken, progress: Callable[[ModelsListed], None]) -> Estimates:
            from desktop.providers.engine_models import EngineModels

            engine = EngineModels(make_client(profile))
            listed = engine.base_models(cancel)
            running = {d.model: d for d in engine.downloads(cancel) if not d.status.finished}
            progress(ModelsListed(listed, running))
            if requests is None:
                return {}
            return engine.estimates([requests(info.id) for info in listed], cancel)

        def listed(event: object) -> None:
            match event:
                case ModelsListed(models=infos, running=running):
                    self._show_models(infos, running)

        def estimated(estimates: Estimates) -> None:
            self._show_estimates(estimates)

        def failed(error: BaseException) -> None:
            self._load_failed(profile, error)

        def finished() -> None:
            if self._load_task is task:
                self._load_task = None

        task = run_in_background(
            self.tr("Listing the local engine's base models"),
            work,
            owner=self,
            on_success=estimated,
            on_error=failed,
            on_progress=listed,
            on_finished=finished,
        )
        self._load_task = task

    def _estimate_requests_template(self) -> Callable[[str], EstimateRequest] | None:
        """A function model id -> EstimateRequest for this data and settings (None without data yet)."""
        state = self._state
        if estimate_request(state, "?") is None:
            return None

        def request(model_id: str) -> EstimateRequest:
            made = estimate_request(state, model_id)
            assert made is not None  # there was data above, and a model id is given
            return made

        return request

    def _show_models(self, infos: list[BaseModelInfo], running: dict[str, Download]) -> None:
        selected = self.selected_row()
        wanted = self._wanted_model or (selected.model_id if selected is not None else None)
        kept = {r.model_id: r for r in self.models.rows}
        rows = []
        for info in infos:
            previous = kept.get(info.id)
            download = running.get(info.id) or (previous.download if previous is not None else None)
            rows.append(
                LocalModelRow(
                    info,
                    estimate=previous.estimate if previous is not None else None,
                    download=download,
                    incompatibility=self._incompatibility(info),
                )
            )
        # Models looked up on the hub or chosen as folders in this wizard stay listed.
        listed_ids = {info.id for info in infos}
        rows.extend(r for r in kept.values() if r.model_id not in listed_ids and r.info.raw.get("added_here"))
        self.models.set_models(rows)
        self.table.resizeRowsToContents()
        real = sum(1 for r in rows if not r.info.test_model)
        self.status_label.setStyleSheet("")
        self.status_label.setText(
            self.tr(
                "Open models the local engine can fine-tune on this computer: %n. Downloaded ones "
                "work offline; the others are downloaded once.",
                "",
                real,
            )
            + " "
            + self.models.device_text()
        )
        if wanted is None:
            # A real model already on this computer is the natural choice (never the test model).
            ready = [r for r in rows if r.info.downloaded and not r.info.test_model and r.usable]
            if ready and self.select_model(ready[0].model_id):
                self._wanted_model = None  # a guess, not the user's wish
                wanted = ready[0].model_id
        if wanted is None or not self.select_model(wanted):
            self.model_chosen.emit(None)
        for model_id, download in running.items():
            if self._download_task is None and self.models.row_of(model_id) is not None:
                self._follow(model_id, download)  # a download started earlier (or by a job) goes on

    def _show_estimates(self, estimates: Estimates) -> None:
        from desktop.providers.errors import ProviderError

        for model_id, found in estimates.items():
            if isinstance(found, ProviderError):
                self.models.update_model(model_id, estimate_error=_user_message(found))
            else:
                self.models.update_model(model_id, estimate=found, estimate_error=None)
        self._show_detail(self.selected_row())

    def _refresh_estimates(self) -> None:
        if self._profile is not None and self.isVisible() and not self.is_loading:
            self.load(self._profile)

    def _load_failed(self, profile: Profile, error: BaseException) -> None:
        if is_cancellation(error) or profile is not self._profile:
            return
        if not _is_provider_error(error):
            error_hub().report(self.tr("Listing the local engine's base models"), error)
            return
        if _error_kind(error) == "not_found" and getattr(error, "status_code", None) in (404, 405, None):
            # A server without the engine's model API (an older engine, another program).
            self.unavailable.emit(_user_message(error))
            return
        self.status_label.setStyleSheet("color: #b3261e;")
        self.status_label.setText(
            html.escape(self.tr("Could not list the local engine's models:") + " " + _user_message(error))
        )

    def _incompatibility(self, info: BaseModelInfo) -> str | None:
        """Why this model cannot train on the data (its context is shorter than the longest example)."""
        longest = services.longest_example_tokens(self._state.analysis)
        if longest is not None and info.context_length and longest > info.context_length:
            text = self.tr("The longest example has %1 tokens; %2 reads at most %3.")
            values = {"%1": f"{longest:,}", "%2": str(info.name), "%3": f"{info.context_length:,}"}
            return re.sub(r"%[123]", lambda match: values[match.group(0)], text)
        return None

    # --- Choosing ----------------------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._wanted_model = row.model_id
        self._show_detail(row)
        self.model_chosen.emit(row)

    def _show_detail(self, row: LocalModelRow | None) -> None:
        self._update_download_buttons(row)
        if row is None:
            self.detail_label.clear()
            return
        info = row.info
        parts: list[str] = []
        if info.test_model:
            parts.append(
                self.tr(
                    "A test model: random weights that learn a few answers in seconds. Use it to try the "
                    "whole path; pick a real model for useful answers."
                )
            )
        verdict = row.verdict
        if verdict == "no":
            parts.append(
                "<span style='color:#b3261e'>"
                + self.tr(
                    "Training this model needs more memory than this computer has: choose a smaller model, "
                    "or lower the max sequence length and batch size on the next page."
                )
                + "</span>"
            )
        elif verdict == "tight":
            parts.append(
                "<span style='color:#a15c00'>"
                + self.tr("Memory is tight: the engine turns on gradient checkpointing; training is slower.")
                + "</span>"
            )
        if info.needs_download:
            if not info.gated:
                parts.append(
                    self.tr(
                        "Not on this computer yet: download it now, or it is downloaded when training starts."
                    )
                )
            else:
                parts.append(
                    self.tr(
                        "Gated model: its publisher asks you to accept its terms on "
                        '<a href="%1">its Hugging Face page</a> and to give the app an access token. '
                        "Download it here before you go on."
                    ).replace("%1", html.escape("https://huggingface.co/" + info.id))
                )
        if row.estimate_error:
            parts.append(html.escape(row.estimate_error))
        self.detail_label.setText("<br>".join(parts))

    # --- Downloads -----------------------------------------------------------------------------------

    def _update_download_buttons(self, row: LocalModelRow | None) -> None:
        busy = self._download_task is not None
        can_download = row is not None and row.info.needs_download and not busy
        self.download_button.setEnabled(can_download)
        if row is not None and row.info.needs_download and row.info.download_bytes:
            self.download_button.setText(
                self.tr("Download %1").replace("%1", format_size(row.info.download_bytes))
            )
        else:
            self.download_button.setText(self.tr("Download"))
        self.cancel_button.setVisible(busy)

    def start_download(self, model_id: str | None = None) -> None:
        """Download ``model_id`` (default: the selected model) on the engine, following its progress."""
        if self._download_task is not None or self._profile is None:
            return
        if model_id is None:
            row = self.selected_row()
            if row is None:
                return
            model_id = row.model_id
        self._follow(model_id, None)

    def _follow(self, model_id: str, running: Download | None) -> None:
        profile = self._profile
        if profile is None:
            return
        make_client = self._state.services.make_client
        token_source = self._token_source()
        self.gated_box.hide()
        self._downloading_model = model_id

        def work(cancel: CancelToken, progress: Callable[[Download], None]) -> Download:
            from desktop.providers.engine_models import EngineModels

            engine = EngineModels(make_client(profile))
            download = running or engine.start_download(model_id, token_source(), cancel)
            return engine.follow_download(download, progress, cancel)

        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.progress_label.setStyleSheet("")
        self.progress_label.setText(self.tr("Starting the download of %1…").replace("%1", model_id))
        task = run_in_background(
            self.tr("Downloading %1").replace("%1", model_id),
            work,
            owner=self,
            on_success=lambda download: self._download_done(model_id, download),
            on_error=lambda error: self._download_failed(model_id, error),
            on_progress=lambda download: self._download_progressed(model_id, download),
            on_finished=lambda: self._download_finished(task),
        )
        self._download_task = task
        self._update_download_buttons(self.selected_row())

    def cancel_download(self) -> None:
        if self._download_task is not None:
            self._download_task.cancel()
            self.progress_label.setText(self.tr("Cancelling the download…"))

    def _download_progressed(self, model_id: str, download: Download) -> None:
        self.models.update_model(model_id, download=download)
        fraction = download.fraction
        if fraction is None:
            self.progress_bar.setRange(0, 0)  # size not known yet: busy indicator
        else:
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(int(fraction * 1000))
        total = format_size(download.total_bytes) if download.total_bytes else "?"
        self.progress_label.setText(
            self.tr("Downloading %1: %2 of %3")
            .replace("%1", model_id)
            .replace("%2", format_size(download.downloaded_bytes))
            .replace("%3", total)
        )

    def _download_done(self, model_id: str, download: Download) -> None:
        from dataclasses import replace

        row = self.models.row_of(model_id)
        if row is not None:
            current = self.models.model_row(row)
            self.models.update_row(
                row, replace(current, info=replace(current.info, downloaded=True), download=download)
            )
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(1000)
        self.progress_label.setStyleSheet("color: #1b6e20;")
        self.progress_label.setText(self.tr("%1 is downloaded and ready to train.").replace("%1", model_id))
        self._wanted_model = model_id
        self.select_model(model_id)
        self._selection_changed()  # already selected or not: the page learns it is on disk now

    def _download_failed(self, model_id: str, error: BaseException) -> None:
        self.progress_bar.hide()
        if is_cancellation(error):
            self.progress_label.setStyleSheet("")
            self.progress_label.setText(
                self.tr(
                    "Download cancelled. The part already downloaded is kept: it goes on from there "
                    "next time."
                )
            )
            self.models.update_model(model_id, download=None)
            return
        if not _is_provider_error(error):
            error_hub().report(self.tr("Downloading %1").replace("%1", model_id), error)
            return
        self.models.update_model(model_id, download=None)
        if _error_kind(error) == "gated":
            self._ask_for_token(("download", model_id), error)
            self.progress_label.clear()
            return
        self.progress_label.setStyleSheet("color: #b3261e;")
        self.progress_label.setText(html.escape(_user_message(error)))

    def _download_finished(self, task: TaskHandle) -> None:
        if self._download_task is task:
            self._download_task = None
            self._downloading_model = None
        self._update_download_buttons(self.selected_row())

    # --- Other hub models and folders ----------------------------------------------------------------

    def _show_hub_row(self) -> None:
        self.hub_row.show()
        self.hub_edit.setFocus()

    def look_up(self, repo_id: str) -> None:
        """Check ``repo_id`` on the hub (through the engine) and list it when it exists."""
        repo_id = repo_id.strip()
        self.hub_row.show()
        self.hub_edit.setText(repo_id)
        if not is_hub_id(repo_id):
            self._show_lookup_problem(
                self.tr("A Hugging Face model id looks like owner/name, e.g. Qwen/Qwen2.5-0.5B-Instruct.")
            )
            return
        if self._lookup_task is not None or self._profile is None:
            return
        profile = self._profile
        make_client = self._state.services.make_client
        token_source = self._token_source()
        requests = self._estimate_requests_template()

        def work(cancel: CancelToken) -> tuple[HubModel, TrainingEstimate | ProviderError | None]:
            from desktop.providers.engine_models import EngineModels

            engine = EngineModels(make_client(profile))
            found = engine.hub_model(repo_id, token_source(), cancel)
            estimate: TrainingEstimate | ProviderError | None = None
            if requests is not None:
                estimate = engine.estimates([requests(repo_id)], cancel).get(repo_id)
            return found, estimate

        def finished() -> None:
            if self._lookup_task is task:
                self._lookup_task = None
            self.hub_check_button.setEnabled(True)

        self.hub_check_button.setEnabled(False)
        self.progress_label.setStyleSheet("")
        self.progress_label.setText(self.tr("Looking up %1 on Hugging Face…").replace("%1", repo_id))
        task = run_in_background(
            self.tr("Looking up %1").replace("%1", repo_id),
            work,
            owner=self,
            on_success=lambda value: self._looked_up(value),
            on_error=lambda error: self._lookup_failed(repo_id, error),
            on_finished=finished,
        )
        self._lookup_task = task

    def _looked_up(self, value: tuple[HubModel, TrainingEstimate | ProviderError | None]) -> None:
        from desktop.providers.engine_models import BaseModelInfo
        from desktop.providers.errors import ProviderError

        hub_model, estimate = value
        info = BaseModelInfo(
            id=hub_model.id,
            display_name=hub_model.id.split("/", 1)[1],
            download_bytes=hub_model.download_bytes,
            gated=hub_model.gated,
            downloaded=hub_model.downloaded,
            chat_template="chat" if hub_model.chat_template else "",
            recommended_for=self.tr("Found on Hugging Face"),
            raw={"added_here": True},
        )
        estimated = estimate if not isinstance(estimate, ProviderError) else None
        error = _user_message(estimate) if isinstance(estimate, ProviderError) else None
        self.models.add_model(
            LocalModelRow(
                info, estimate=estimated, estimate_error=error, incompatibility=self._incompatibility(info)
            )
        )
        self.table.resizeRowsToContents()
        self.select_model(info.id)
        note = (
            self.tr("%1 is on Hugging Face (%2).")
            .replace("%1", info.id)
            .replace("%2", format_size(info.download_bytes))
        )
        if not hub_model.chat_template:
            note += " " + self.tr(
                "It has no chat template: train it on prompt/completion data (chat data needs a template)."
            )
        self.progress_label.setStyleSheet("color: #1b6e20;")
        self.progress_label.setText(note)

    def _lookup_failed(self, repo_id: str, error: BaseException) -> None:
        if is_cancellation(error):
            return
        if not _is_provider_error(error):
            error_hub().report(self.tr("Looking up %1").replace("%1", repo_id), error)
            return
        if _error_kind(error) == "gated":
            self._ask_for_token(("lookup", repo_id), error)
            self.progress_label.clear()
            return
        self._show_lookup_problem(_user_message(error))

    def _show_lookup_problem(self, message: str) -> None:
        self.progress_label.setStyleSheet("color: #b3261e;")
        self.progress_label.setText(html.escape(message))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a model folder"))
        if folder:
            self.add_model_folder(Path(folder))

    def add_model_folder(self, folder: Path) -> bool:
        """List a model folder on this computer (it must hold a Hugging Face model's config.json)."""
        folder = folder.expanduser().resolve()
        if not (folder / "config.json").is_file():
            self._show_lookup_problem(
                self.tr(
                    "%1 is not a model folder: it has no config.json. Choose the folder that holds "
                    "the model's config.json, tokenizer and weights."
                ).replace("%1", str(folder))
            )
            return False
        from desktop.providers.engine_models import BaseModelInfo

        info = BaseModelInfo(
            id=str(folder),
            display_name=folder.name,
            downloaded=True,
            recommended_for=self.tr("Model folder on this computer"),
            raw={"added_here": True},
        )
        self.models.add_model(LocalModelRow(info, incompatibility=self._incompatibility(info)))
        self.table.resizeRowsToContents()
        self.select_model(info.id)
        self.progress_label.setStyleSheet("")
        self.progress_label.setText(self.tr("Using the model in %1.").replace("%1", str(folder)))
        if self._profile is not None:
            self.load(self._profile)  # estimates for it too
        return True

    # --- The Hugging Face token ----------------------------------------------------------------------

    def _token_source(self) -> Callable[[], str | None]:
        """A function for the worker thread: the token typed in this wizard, else the keyring's."""
        typed = self._typed_token
        store = self._hub_tokens

        def token() -> str | None:
            if typed:
                return typed
            if store is None:
                return None
            try:
                return store.hf_token()
            except Exception:  # the keyring is unavailable: ask the user (the gated box) instead
                return None

        return token

    def _ask_for_token(self, retry: tuple[str, str], error: BaseException) -> None:
        self._retry_after_token = retry
        model_id = retry[1]
        page = "https://huggingface.co/" + model_id
        steps = self.tr(
            '1. Open <a href="%1">%2</a> while signed in to Hugging Face and accept the terms '
            "(some publishers review requests: wait for their e-mail).<br>"
            '2. Create an access token with read permission at <a href="%3">Settings ▸ Access Tokens</a>.<br>'
            "3. Paste it here. It is kept in the system keyring and sent only to the local engine."
        )
        steps = steps.replace("%1", html.escape(page)).replace("%2", html.escape(model_id))
        steps = steps.replace("%3", HUB_TOKENS_URL)
        headline = self.tr("%1 is a gated model: its publisher shares it only with accounts that asked.")
        self.gated_label.setText("<b>" + html.escape(headline.replace("%1", model_id)) + "</b><br>" + steps)
        self.gated_label.setToolTip(_user_message(error))
        self.gated_box.show()
        self.token_edit.setFocus()

    def save_token_and_retry(self) -> None:
        token = self.token_edit.text().strip()
        if not token:
            return
        self._typed_token = token
        self.token_edit.clear()
        store = self._hub_tokens
        retry = self._retry_after_token

        def work() -> str:
            if store is None:
                return "session"
            try:
                store.set_hf_token(token)
                return "keyring"
            except Exception:
                store.set_hf_token(token, session_only=True)
                return "session"

        def saved(where: str) -> None:
            if where == "session":
                self.progress_label.setStyleSheet("")
                self.progress_label.setText(
                    self.tr("No system keyring is available: the token is kept for this session only.")
                )
            self.gated_box.hide()
            if retry is not None:
                kind, model_id = retry
                if kind == "download":
                    self.start_download(model_id)
                else:
                    self.look_up(model_id)

        run_in_background(self.tr("Saving the Hugging Face token"), work, owner=self, on_success=saved)

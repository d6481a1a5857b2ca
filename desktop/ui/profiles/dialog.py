"""The Profiles dialog: where to train. List, add, edit, delete, the key, "Test connection"."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.providers.connection import ConnectionReport, test_connection
from desktop.providers.errors import ProviderError
from desktop.providers.profiles import Profile, ProviderKind, split_proxy_password
from desktop.providers.secrets import SecretStoreUnavailable, proxy_entry
from desktop.ui import theme
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.profiles.editor import ProfileEditor
from desktop.ui.profiles.models import PROFILE_ID_ROLE, ConnectionModelsModel, ProfilesListModel, kind_label
from desktop.ui.services import ProviderServices

AUTOSAVE_DELAY_MS = 700  # after the last keystroke: a pause, not every letter


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


class ProfilesDialog(QDialog):
    """Edits the saved profiles. Keys go to the keyring on a worker; "this session only" when it cannot."""

    active_profile_changed = Signal(str)  # profile id
    profiles_changed = Signal()

    def __init__(self, services: ProviderServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The same words as the menu item that opens it.
        self.setWindowTitle(self.tr("Providers and keys"))
        self.resize(940, 620)
        self._services = services
        # (profile id, [(keyring entry, secret)]) the keyring refused, offered for this session only
        self._pending_session_secrets: tuple[str, list[tuple[str, str]]] | None = None
        self.tasks: list[TaskHandle] = []  # running background work (tests wait on it)

        self.list_model = ProfilesListModel(self)
        self.list_view = QListView(self)
        self.list_view.setModel(self.list_model)
        # Add and Delete side by side, the same size; neither is a default button.
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setAutoDefault(False)
        add_menu = QMenu(self.add_button)
        for kind in ProviderKind:
            action = add_menu.addAction(kind_label(kind))
            action.setData(kind.value)
            action.triggered.connect(lambda _checked=False, kind=kind: self.add_profile(kind))
        self.add_button.setMenu(add_menu)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        # Enter in the editor must never delete a profile: no destructive default button.
        self.delete_button.setAutoDefault(False)
        self.delete_button.setDefault(False)
        self.activate_button = QPushButton(self.tr("Use this profile"), self)

        self.editor = ProfileEditor(self)
        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(theme.css("error"))
        self.problems_label.hide()

        # Shown when the keyring refuses a key: the user may keep it for this session only.
        self.keyring_banner = QFrame(self)
        self.keyring_banner.setObjectName("KeyringBanner")
        self.keyring_banner.setStyleSheet(
            "#KeyringBanner { background: #fff4e5; border: 1px solid #f0c36d; border-radius: 4px; }"
            "#KeyringBanner QLabel { color: #5c3a00; }"
        )
        self.keyring_label = QLabel(self.keyring_banner)
        self.keyring_label.setWordWrap(True)
        self.session_only_button = QPushButton(self.tr("Keep for this session only"), self.keyring_banner)
        banner_layout = QHBoxLayout(self.keyring_banner)
        banner_layout.addWidget(self.keyring_label, 1)
        banner_layout.addWidget(self.session_only_button)
        self.keyring_banner.hide()

        # Changes are saved as you go (a short pause after typing, leaving the key field, switching
        # profiles, testing or closing): there is no Save button whose role could be unclear.
        self.saved_label = QLabel(self)
        self.saved_label.setWordWrap(True)
        self.saved_label.setEnabled(False)  # drawn in the palette's quieter text colour
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(lambda: self.save_current(include_key=False, quiet=True))
        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.setAutoDefault(False)
        self.report_label = QLabel(self)
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_model = ConnectionModelsModel(self)
        self.report_view = QTableView(self)
        self.report_view.setModel(self.report_model)
        self.report_view.verticalHeader().hide()
        self.report_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.report_view.horizontalHeader().setStretchLastSection(True)
        self.report_view.hide()

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list_view, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.add_button, 1)
        left_buttons.addWidget(self.delete_button, 1)
        left_layout.addLayout(left_buttons)
        left_layout.addWidget(self.activate_button)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor, 1)
        right_layout.addWidget(self.problems_label)
        right_layout.addWidget(self.keyring_banner)
        right_layout.addWidget(self.report_label)
        right_layout.addWidget(self.report_view, 1)
        # The buttons stay at the bottom: a test result appears above them, never moves them.
        actions = QHBoxLayout()
        actions.addWidget(self.test_button)
        actions.addWidget(self.saved_label, 1)
        right_layout.addLayout(actions)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 680])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self.list_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.delete_button.clicked.connect(lambda _checked=False: self.delete_current())
        self.activate_button.clicked.connect(lambda _checked=False: self.activate_current())
        self.test_button.clicked.connect(lambda _checked=False: self.test_current())
        self.session_only_button.clicked.connect(lambda _checked=False: self.keep_key_for_session())
        self.editor.changed.connect(self._editor_changed)
        self.editor.key_edit.editingFinished.connect(lambda: self.save_current(quiet=True))
        self.buttons.rejected.connect(self.reject)

        self._reload(select_id=services.profiles.active_id)

    # -- list

    def _reload(self, select_id: str = "") -> None:
        store = self._services.profiles
        self.list_model.set_profiles(store.profiles(), store.active_id)
        row = self.list_model.row_of(select_id) if select_id else -1
        if row < 0 and self.list_model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.list_view.setCurrentIndex(self.list_model.index(row, 0))

    def select_profile(self, profile_id: str) -> None:
        """Show ``profile_id`` in the editor (as clicking it in the list does)."""
        row = self.list_model.row_of(profile_id)
        if row >= 0:
            self.list_view.setCurrentIndex(self.list_model.index(row, 0))

    def current_profile_id(self) -> str:
        index = self.list_view.currentIndex()
        return str(index.data(PROFILE_ID_ROLE) or "") if index.isValid() else ""

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if deselected.indexes() and self.editor.original is not None:
            # Keep what was typed for the profile being left, when it can be kept.
            previous = self.editor.original.id
            if self.editor.is_modified() and previous in self._services.profiles:
                self.save_current()
        indexes = selected.indexes()
        if not indexes:
            return
        profile = self.list_model.profile_at(indexes[0].row())
        self._show_profile(profile)

    def _show_profile(self, profile: Profile) -> None:
        self.editor.load(profile)
        self.problems_label.hide()
        self.keyring_banner.hide()
        self._pending_session_secrets = None
        self.report_label.clear()
        self.report_model.set_models([])
        self.report_view.hide()
        self.delete_button.setEnabled(True)
        self.activate_button.setEnabled(profile.id != self._services.profiles.active_id)
        self._refresh_key_status(profile)

    def add_profile(self, kind: ProviderKind) -> Profile:
        names = {
            ProviderKind.OPENAI: self.tr("OpenAI"),
            ProviderKind.AZURE: self.tr("Azure OpenAI"),
            ProviderKind.COMPATIBLE: self.tr("Compatible server"),
            ProviderKind.LOCAL: self.tr("Local engine"),
        }
        profile = Profile.create(names[kind], kind)
        self._services.profiles.save(profile)
        self.profiles_changed.emit()
        self._reload(select_id=profile.id)
        self.editor.name_edit.setFocus()
        self.editor.name_edit.selectAll()
        return profile

    def delete_current(self) -> None:
        profile_id = self.current_profile_id()
        if not profile_id:
            return
        name = self._services.profiles.get(profile_id).name
        question = self.tr("Delete the profile “%1” and its stored key?").replace("%1", name)
        if profile_id == self._services.profiles.active_id:
            question += " " + self.tr("It is the profile in use; the app switches to another one.")
        answer = QMessageBox.question(
            self,
            self.tr("Delete profile"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,  # deleting is never what Enter does
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        was_active = profile_id == self._services.profiles.active_id
        self._services.profiles.remove(profile_id)
        self._start(
            self.tr("Deleting the stored key"),
            self._services.secrets.delete,
            profile_id,
            on_error=self._key_delete_failed,
        )
        self.profiles_changed.emit()
        if was_active:
            self.active_profile_changed.emit(self._services.profiles.active_id)
        self._reload(select_id=self._services.profiles.active_id)

    def activate_current(self) -> None:
        profile_id = self.current_profile_id()
        if not profile_id or not self.save_current():
            return
        self._services.profiles.set_active(profile_id)
        self.active_profile_changed.emit(profile_id)
        self._reload(select_id=profile_id)

    # -- editing and saving

    def _editor_changed(self) -> None:
        self.problems_label.hide()
        self.saved_label.setText(self.tr("Saving…") if self.editor.is_modified() else "")
        self.autosave_timer.start()

    def save_current(self, *, include_key: bool = True, quiet: bool = False) -> bool:
        """Save the form; typed secrets (key, proxy password) go to the keyring. False on problems.

        ``include_key``: also store a typed key (not while it may still be being typed);
        ``quiet``: do not show the form's problems (a pause in typing is not a mistake).
        """
        self.autosave_timer.stop()
        if self.editor.original is None:
            return False
        profile = self.editor.edited_profile()
        problems = profile.problems()
        if problems:
            if not quiet:
                self.problems_label.setText("\n".join(problems))
                self.problems_label.show()
            self.saved_label.setText(self.tr("Not saved yet: the form has a problem."))
            return False
        self.problems_label.hide()
        to_store: list[tuple[str, str]] = []  # (keyring entry, secret)
        proxy, proxy_password = split_proxy_password(profile.proxy)
        if proxy_password:
            # The password leaves the address (which is settings) for the keyring.
            self.editor.proxy_edit.setText(proxy)
            profile = replace(profile, proxy=proxy)
            to_store.append((proxy_entry(profile.id), proxy_password))
        if profile != self.editor.original:
            self._services.profiles.save(profile)
            self.editor.mark_saved(profile)
            self.list_model.update_profile(profile)
            self.profiles_changed.emit()
        key = self.editor.typed_key() if include_key else ""
        if key:
            self.editor.clear_typed_key()
            to_store.append((profile.id, key))
        self.saved_label.setText(
            self.tr("Changes are saved as you go.")
            if include_key or not self.editor.typed_key()
            else self.tr("Saved; the key is stored when you leave its field.")
        )
        if to_store:
            for _entry, secret in to_store:
                self._services.secrets.redactor.add(secret)
            self.editor.set_key_status(self.tr("Saving in the system keyring…"))
            self._start(
                self.tr("Saving the key"),
                self._store_secrets,
                to_store,
                on_success=lambda _result, pid=profile.id: self._key_saved(pid),
                on_error=lambda error, pid=profile.id, pending=to_store: self._key_save_failed(
                    pid, pending, error
                ),
            )
        return True

    def _store_secrets(self, entries: list[tuple[str, str]]) -> None:
        # On a worker thread: the keyring may be slow or hang (it times out).
        for entry, secret in entries:
            self._services.secrets.set(entry, secret)

    def _key_saved(self, profile_id: str) -> None:
        if self.editor.original is not None and self.editor.original.id == profile_id:
            self.editor.set_key_status(self.tr("The key is saved in the system keyring."))

    def _key_save_failed(self, profile_id: str, pending: list[tuple[str, str]], error: BaseException) -> None:
        if isinstance(error, SecretStoreUnavailable):
            self._pending_session_secrets = (profile_id, pending)
            self.keyring_label.setText(error.user_message)
            self.keyring_banner.show()
            self.editor.set_key_status(self.tr("The key is not saved yet."))
            return
        error_hub().report(self.tr("Saving the key"), error)

    def keep_key_for_session(self) -> None:
        """The user accepted: keep the refused secrets in memory until the app closes."""
        if self._pending_session_secrets is None:
            return
        profile_id, pending = self._pending_session_secrets
        self._pending_session_secrets = None
        for entry, secret in pending:
            self._services.secrets.set(entry, secret, session_only=True)  # memory only: instant
        self.keyring_banner.hide()
        if self.editor.original is not None and self.editor.original.id == profile_id:
            self.editor.set_key_status(self.tr("The key is kept for this session only (forgotten on exit)."))

    def _key_delete_failed(self, error: BaseException) -> None:
        if isinstance(error, SecretStoreUnavailable):
            return  # nothing could have been stored there either
        error_hub().report(self.tr("Deleting the stored key"), error)

    def _refresh_key_status(self, profile: Profile) -> None:
        if profile.kind is ProviderKind.LOCAL and not profile.base_url:
            self.editor.set_key_status(self.tr("The app makes and keeps this engine's token itself."))
            return
        if self._services.secrets.is_session_only(profile.id):
            self.editor.set_key_status(self.tr("The key is kept for this session only (forgotten on exit)."))
            return
        self.editor.set_key_status(self.tr("Checking the system keyring…"))
        secrets = self._services.secrets

        def has_key() -> bool:
            return secrets.get(profile.id) is not None

        self._start(
            self.tr("Reading the keyring"),
            has_key,
            on_success=lambda found, pid=profile.id: self._show_key_status(pid, bool(found)),
            on_error=lambda error, pid=profile.id: self._show_key_status(pid, None, error),
        )

    def _show_key_status(
        self, profile_id: str, found: bool | None, error: BaseException | None = None
    ) -> None:
        if self.editor.original is None or self.editor.original.id != profile_id:
            return
        if isinstance(error, SecretStoreUnavailable):
            self.editor.set_key_status(error.user_message)
        elif error is not None:
            error_hub().report(self.tr("Reading the keyring"), error)
        elif found:
            self.editor.set_key_status(
                self.tr("A key is stored in the system keyring. Type a new one to replace it.")
            )
        else:
            self.editor.set_key_status(self.tr("No key is stored for this profile."))

    # -- test connection

    def test_current(self) -> None:
        if self.editor.original is None:
            return
        profile = self.editor.edited_profile()
        problems = profile.problems()
        if problems:
            self.problems_label.setText("\n".join(problems))
            self.problems_label.show()
            return
        typed = self.editor.typed_key()
        if typed:
            self._services.secrets.redactor.add(typed)
        services = self._services

        def check() -> ConnectionReport:
            connectable, secret = services.connectable(profile, typed)
            return test_connection(connectable, secret)

        self.test_button.setEnabled(False)
        self.test_button.setText(self.tr("Testing…"))
        self.report_label.setText(self.tr("Connecting to %1…").replace("%1", _escape(profile.name)))
        self.report_view.hide()
        self._start(
            self.tr("Testing the connection"),
            check,
            on_success=self.show_report,
            on_error=self._test_failed,
            on_finished=self._test_finished,
        )

    def _test_finished(self) -> None:
        self.test_button.setEnabled(True)
        self.test_button.setText(self.tr("Test connection"))

    def show_report(self, report: ConnectionReport) -> None:
        redact = self._services.redactor.redact
        if report.ok:
            icon = "✔"
            trainable = len(report.trainable_models)
            text = self.tr("Connected: %1 models, %2 can be fine-tuned here.")
            text = text.replace("%1", str(len(report.models))).replace("%2", str(trainable))
            if report.fine_tuning_error is not None:
                text += "<br>" + _escape(redact(report.fine_tuning_error.user_message))
        else:
            icon = "✘"
            assert report.error is not None
            text = _escape(redact(report.error.user_message))
        self.report_label.setText(f"{icon} {text}")
        self.report_model.set_models(report.models)
        self.report_view.setVisible(bool(report.models))

    def _test_failed(self, error: BaseException) -> None:
        message: str
        if isinstance(error, SecretStoreUnavailable | ProviderError):
            message = error.user_message
        else:
            message = str(error) or type(error).__name__
        self.report_label.setText("✘ " + _escape(self._services.redactor.redact(message)))

    # -- plumbing

    def _start(self, where: str, work: Any, *args: Any, **kwargs: Any) -> TaskHandle:
        then = kwargs.pop("on_finished", None)
        holder: list[TaskHandle] = []

        def finished() -> None:
            # Runs on the UI thread after the task's own result callback.
            if then is not None:
                then()
            if holder and holder[0] in self.tasks:
                self.tasks.remove(holder[0])

        # Results may arrive after the dialog is gone (closed while the keyring was slow): owner= drops them.
        handle = run_in_background(where, work, *args, owner=self, on_finished=finished, **kwargs)
        holder.append(handle)
        self.tasks.append(handle)
        return handle

    def done(self, result: int) -> None:
        if self.editor.original is not None and self.editor.is_modified():
            self.save_current()
        super().done(result)

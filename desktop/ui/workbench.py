"""The whole application in one window: the editor plus jobs, test and keep pages, the wizard.

The pages are built from explicit dependencies (so each also runs alone in its tests); this module
is where they meet the app's one :class:`ProviderServices` and the editor's document, and where
their signals are connected to one another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.core.dataset import Example, ExampleKind, JSONObject, Split, content_text, detect_kind
from desktop.providers.client import LazyClient
from desktop.providers.jobs import JobInfo, JobRegistry, JobService
from desktop.providers.profiles import Profile, ProviderKind
from desktop.ui.runtime_dialog import TrainingRuntimeDialog, missing_libraries_reason, training_runtime_action
from desktop.ui.services import ProviderServices

if TYPE_CHECKING:
    from desktop.ui.keep.page import KeepPage
    from desktop.ui.main_window import MainWindow
    from desktop.ui.monitor.monitor_widget import JobMonitorWidget
    from desktop.ui.testtab.widget import TestTab
    from desktop.ui.welcome import WelcomePage
    from desktop.ui.wizard.wizard import FineTuneWizard


SAMPLE_MODEL = "tiny-random"  # the local engine's built-in test model: trains the sample in seconds


class Workbench(QObject):
    """Adds the jobs, test and keep pages and the provider actions to a MainWindow."""

    def __init__(self, window: MainWindow, services: ProviderServices) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.registry = JobRegistry(services.config_dir / "jobs.json")
        window.workbench = self
        self.wizard: FineTuneWizard | None = None
        self.monitor = self._make_monitor()
        self.test_tab = self._make_test_tab()
        self.keep_page = self._make_keep_page()
        window.add_page("jobs", self.monitor, self.tr("Jobs"))
        window.add_page("test", self.test_tab, self.tr("Test"))
        window.add_page("keep", self.keep_page, self.tr("Keep"))
        self._add_actions()
        self.welcome = self._make_welcome_page()
        window.name_shortcuts_in_tooltips()  # the actions added here too
        self.monitor.test_model_requested.connect(self.test_model)
        self.monitor.job_ended.connect(self._offer_training_setup)
        self.training_runtime_dialog: TrainingRuntimeDialog | None = None
        window.closed.connect(self.shutdown)

    def shutdown(self) -> None:
        """Stop background work when the window closes: polling, then the local engine."""
        self.monitor.shutdown()
        self.services.shutdown()

    # --- Pages ------------------------------------------------------------------------------------

    def _job_service(self, profile: Profile) -> JobService:
        # The monitor polls on its own thread: the client (keyring, engine start) is made there.
        client = LazyClient(lambda: self.services.client_for(profile))
        return JobService(client, attempts=profile.attempts)

    def _make_monitor(self) -> JobMonitorWidget:
        from desktop.ui.monitor.monitor_widget import JobMonitorWidget

        profile = self.services.profiles.active()
        return JobMonitorWidget(self._job_service(profile), profile_key=profile.id, registry=self.registry)

    def _make_test_tab(self) -> TestTab:
        from desktop.providers.inference import endpoint_for_profile
        from desktop.ui.testtab.services import TestTabServices
        from desktop.ui.testtab.widget import TestTab

        services = TestTabServices(
            make_client=lambda: self.services.client_for(),
            endpoint=lambda: endpoint_for_profile(self.services.profiles.active()),
            validation_examples=self._validation_examples,
            selected_examples=self.window.editor.selected_examples,
            save_example=self._save_example,
            runs_folder=self.services.data_dir / "evaluations",
        )
        return TestTab(services)

    def _make_keep_page(self) -> KeepPage:
        from desktop.ui.keep.page import KeepPage
        from desktop.ui.keep.services import keep_services_for

        return KeepPage(keep_services_for(self.services))

    def _make_welcome_page(self) -> WelcomePage:
        from desktop.ui.welcome import WelcomePage

        window = self.window
        page = WelcomePage(self.services, window.files.recent_files)
        window.add_page("welcome", page, self.tr("Welcome"), index=0)
        page.sample_requested.connect(self.try_sample)
        page.open_requested.connect(window.files.open_dialog)
        page.recent_requested.connect(window.files.open_path)
        page.fix_requested.connect(self._fix_provider)
        self.welcome_action = QAction(self.tr("&Welcome"), window)
        self.welcome_action.setStatusTip(self.tr("The first steps, the sample and the providers' state."))
        self.welcome_action.triggered.connect(self.show_welcome)
        help_menu = window.help_menu
        existing = help_menu.actions()
        if existing:
            help_menu.insertAction(existing[0], self.welcome_action)
        else:
            help_menu.addAction(self.welcome_action)
        return page

    def show_welcome(self) -> None:
        self.window.show_page("welcome")

    def try_sample(self) -> None:
        """Open the sample data and walk the wizard on the local engine (it trains without a download)."""
        self.use_local_engine()
        self.window.files.open_sample(on_opened=self._open_wizard_for_sample)

    def _open_wizard_for_sample(self) -> None:
        self.open_wizard()
        wizard = self.wizard
        status = self.welcome.status
        if wizard is None or (status is not None and status.local_models):
            return  # a real model is on this computer: the model page offers it itself
        # No open model downloaded (or not known yet): the sample trains on the built-in test model,
        # as the welcome page promises, so the walk has no step that needs a download.
        page = wizard.model_page

        def model_page_shown(_page_id: int) -> None:
            if wizard.currentPage() is page and wizard.state.model is None:
                page.select_model(SAMPLE_MODEL)

        wizard.currentIdChanged.connect(model_page_shown)

    def use_local_engine(self) -> None:
        from desktop.providers.profiles import LOCAL_PROFILE_ID

        profiles = self.services.profiles
        if LOCAL_PROFILE_ID not in profiles:
            # Deleted once by the user: the sample needs it, so it comes back with its defaults.
            profiles.save(Profile.local_engine())
        if profiles.active_id != LOCAL_PROFILE_ID:
            profiles.set_active(LOCAL_PROFILE_ID)
            self.profile_changed()

    def _fix_provider(self, what: str) -> None:
        if what == "model":
            # The model page of the wizard lists the local engine's models and downloads them.
            if self.window.document.examples:
                self.use_local_engine()
                self.open_wizard()
            else:
                self.try_sample()
        elif what == "openai":
            status = self.welcome.status
            profile_id = status.openai_profile_id if status is not None else ""
            self.open_profiles(select_id=profile_id, add_kind=None if profile_id else ProviderKind.OPENAI)
            self.welcome.refresh_providers()

    def _validation_examples(self) -> list[Example]:
        examples = self.window.document.examples
        return [e for e in examples if e.split is Split.VALIDATION]

    def _save_example(self, record: JSONObject) -> None:
        """A conversation from the test tab becomes a new training example (one undoable step)."""
        document = self.window.document
        description = self.tr("Add example from the test tab")
        record_kind = detect_kind(record)
        if record_kind is None or record_kind == document.kind:
            document.append_examples([Example(record)], description)
        elif not document.examples:
            document.set_kind(record_kind, [Example(record)], description)
        elif document.kind is ExampleKind.PROMPT_COMPLETION and record_kind is ExampleKind.CHAT:
            document.append_examples([Example(_as_prompt_completion(record))], description)
        else:
            raise ValueError(
                self.tr("This conversation cannot be added to a data set of another kind ({kind}).").format(
                    kind=document.kind.label
                )
            )
        self.window.show_page("editor")

    # --- Actions ----------------------------------------------------------------------------------

    def _add_actions(self) -> None:
        window = self.window
        self.fine_tune_action = QAction(self.tr("Fine-tune…"), window)
        self.fine_tune_action.setShortcut(QKeySequence("Ctrl+T"))
        self.fine_tune_action.setStatusTip(
            self.tr("Check the data, choose a provider and model, see the cost, and start a job.")
        )
        self.fine_tune_action.triggered.connect(self.open_wizard)
        self.providers_action = QAction(self.tr("Providers and keys…"), window)
        self.providers_action.setStatusTip(
            self.tr("Add, edit and test provider profiles; keys go to the keyring.")
        )
        self.providers_action.triggered.connect(lambda _checked=False: self.open_profiles())
        self.training_runtime_action = training_runtime_action(window)
        self.training_runtime_action.triggered.connect(lambda _checked=False: self.open_training_runtime())
        menu_bar = window.menuBar()
        menu = QMenu(self.tr("Fine-&tune"), menu_bar)
        # Before Help, which stays last as on every desktop.
        existing = menu_bar.actions()
        if existing:
            menu_bar.insertMenu(existing[-1], menu)
        else:
            menu_bar.addMenu(menu)
        menu.addAction(self.fine_tune_action)
        menu.addAction(self.providers_action)
        menu.addSeparator()
        menu.addAction(self.training_runtime_action)
        bar = window.addToolBar(self.tr("Fine-tune"))
        bar.setObjectName("FineTuneToolBar")
        bar.setMovable(False)
        bar.addAction(self.fine_tune_action)
        bar.addAction(self.providers_action)

    def open_wizard(self) -> None:
        from desktop.ui.wizard.data_source import DocumentData
        from desktop.ui.wizard.services import wizard_services_for
        from desktop.ui.wizard.wizard import FineTuneWizard

        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return
        window = self.window
        wizard = FineTuneWizard(
            DocumentData(window.document), wizard_services_for(self.services, self._jump_to_row), window
        )
        wizard.job_started.connect(self._job_started)
        wizard.open_job_requested.connect(self._open_job)
        self.wizard = wizard
        wizard.show()

    def open_training_runtime(self, reason: str = "") -> TrainingRuntimeDialog:
        """The "Set up local training" dialog (``reason``: why it opened by itself, if it did)."""
        if self.training_runtime_dialog is not None and self.training_runtime_dialog.isVisible():
            self.training_runtime_dialog.raise_()
            self.training_runtime_dialog.activateWindow()
            return self.training_runtime_dialog
        dialog = TrainingRuntimeDialog(
            self.services.data_dir, self.window, stop_engine=self.services.forget_local_engine, reason=reason
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _object=None: setattr(self, "training_runtime_dialog", None))
        self.training_runtime_dialog = dialog
        dialog.open()  # window-modal, without blocking the event loop
        return dialog

    def _offer_training_setup(self, job: JobInfo) -> None:
        """A local job that failed for want of the training libraries opens the set-up dialog."""
        if job.error is None or job.error.code != "engine_dependencies_missing":
            return
        self.open_training_runtime(reason=missing_libraries_reason(job.id))

    def open_profiles(self, select_id: str = "", add_kind: ProviderKind | None = None) -> None:
        """The providers dialog, showing ``select_id`` or a new profile of ``add_kind``."""
        from desktop.ui.profiles.dialog import ProfilesDialog

        dialog = ProfilesDialog(self.services, self.window)
        if add_kind is not None:
            dialog.add_profile(add_kind)
        elif select_id:
            dialog.select_profile(select_id)
        dialog.active_profile_changed.connect(lambda _id: self.profile_changed())
        dialog.exec()
        dialog.deleteLater()

    def profile_changed(self) -> None:
        """Point every page at the newly active profile."""
        profile = self.services.profiles.active()
        self.monitor.set_service(self._job_service(profile), profile.id)
        self.test_tab.refresh_models()
        if hasattr(self, "welcome"):
            self.welcome.refresh_providers()

    # --- Between pages ----------------------------------------------------------------------------

    def _jump_to_row(self, row: int) -> None:
        self.window.show_page("editor")
        self.window.editor.select_document_rows([row])

    def _job_started(self, job_id: str, profile_id: str) -> None:
        if profile_id != self.monitor.profile_key:
            self.services.profiles.set_active(profile_id)
            self.profile_changed()
        self.monitor.follow_job(job_id, open_page=False)

    def _open_job(self, job_id: str, profile_id: str) -> None:
        self._job_started(job_id, profile_id)
        self.monitor.open_job(job_id)
        self.window.show_page("jobs")

    def test_model(self, model: str) -> None:
        """Show the test tab with ``model`` chosen in the playground."""
        self.test_tab.try_model(model)
        self.window.show_page("test")


def _as_prompt_completion(record: JSONObject) -> JSONObject:
    """A chat record as a prompt/completion pair: the last user message and the answer to it."""
    messages = [m for m in record.get("messages", []) if isinstance(m, dict)]
    prompt = next((content_text(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), "")
    completion = next(
        (content_text(m.get("content")) for m in reversed(messages) if m.get("role") == "assistant"), ""
    )
    return {"prompt": prompt, "completion": completion}


def install_workbench(window: MainWindow, services: ProviderServices) -> Workbench:
    """Add every page to ``window``, wired to the app's one ``services`` (built by the app)."""
    return Workbench(window, services)

"""The fine-tuning wizard: data checks, provider and model, method, review, start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from desktop.core.dataset import ExampleKind
from desktop.ui.wizard import services
from desktop.ui.wizard.data_page import DataPage, TextOption
from desktop.ui.wizard.data_source import WizardData
from desktop.ui.wizard.engine_plan import EnginePlanner
from desktop.ui.wizard.method_page import MethodPage
from desktop.ui.wizard.model_page import ModelPage
from desktop.ui.wizard.review_page import ReviewPage
from desktop.ui.wizard.services import WizardServices
from desktop.ui.wizard.start_page import StartPage
from desktop.ui.wizard.state import WizardState

if TYPE_CHECKING:
    from desktop.core.fixes import Fix


class FineTuneWizard(QWizard):
    """Walks from the open data set to a created fine-tuning job.

    Dependencies are explicit so that it works inside the main window and on its own: ``data``
    (the editor's document or a bare data set, see data_source.py) and ``services`` (profiles,
    clients, the upload ledger, the Hugging Face token: see services.py).
    """

    job_started = Signal(str, str)  # job id, profile id
    open_job_requested = Signal(str, str)  # job id, profile id: show it in the job monitor

    def __init__(self, data: WizardData, services: WizardServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fine-tune a model"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.state = WizardState(data, services, self)
        # The local engine's estimate for the job, shared by the method and review pages.
        self.engine_planner = EnginePlanner(self.state, self)
        self.data_page = DataPage(self.state)
        self.model_page = ModelPage(self.state)
        self.method_page = MethodPage(self.state, split_validation=self._split_validation)
        self.review_page = ReviewPage(self.state)
        self.start_page = StartPage(self.state)
        for page in (self.data_page, self.model_page, self.method_page, self.review_page, self.start_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Close"))
        self.model_page.convert_requested.connect(self._convert)
        self.start_page.job_started.connect(self.job_started)
        self.start_page.job_started.connect(self._job_created)
        self.start_page.open_in_monitor_requested.connect(self._open_in_monitor)
        # Closing asks first unless the job exists or the user (or a caller) has already agreed.
        self.close_confirmed = False
        self.close_question: QMessageBox | None = None

    def sizeHint(self) -> QSize:
        return QSize(960, 700)

    def _split_validation(self) -> None:
        seed = self.state.settings.seed  # the training seed, when fixed, makes the split repeatable too

        def make_fix(percent_text: str) -> Fix:
            return services.split_fix(services.validation_fraction(percent_text), seed)

        option = TextOption(self.tr("Share for validation (%):"), "10", make_fix)
        self.data_page.open_fix(make_fix(""), option)

    def _convert(self, kind: ExampleKind) -> None:
        if kind is ExampleKind.CHAT:
            option = TextOption(
                self.tr("System prompt (optional):"),
                self.tr("e.g. You are the support assistant of our shop."),
                services.to_chat_fix,
            )
            self.data_page.open_fix(services.to_chat_fix(), option)
        elif kind is ExampleKind.PROMPT_COMPLETION:
            self.data_page.open_fix(services.to_prompt_completion_fix())

    def _job_created(self) -> None:
        # Nothing is left to cancel: the last page keeps one button, Close.
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.button(QWizard.WizardButton.CancelButton).hide()

    def _open_in_monitor(self, job_id: str, profile_id: str) -> None:
        """Show the job in the monitor and get out of its way (the wizard has done its work)."""
        self.open_job_requested.emit(job_id, profile_id)
        self.accept()

    def ask_before_closing(self) -> None:
        """Ask (without blocking) before Esc, Cancel or the close button throws the choices away."""
        if self.close_question is not None:
            self.close_question.raise_()
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Close the wizard?"))
        if self.start_page.is_running:
            box.setText(self.tr("The files are being uploaded. Stop the upload and close the wizard?"))
        else:
            box.setText(
                self.tr("Close the wizard? Your choices here are lost; the data in the editor is kept.")
            )
        close = box.addButton(self.tr("Close Wizard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep Working"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.close_question = box

        def answered(_result: int) -> None:
            self.close_question = None
            box.deleteLater()
            if box.clickedButton() is close:
                self.close_confirmed = True
                self.reject()

        box.finished.connect(answered)
        # open(), not exec(): nothing waits in a nested event loop (a closing window or a test
        # tearing down is never stuck behind the question).
        box.open()

    def reject(self) -> None:
        if self.start_page.job_id is None and not self.close_confirmed:
            self.ask_before_closing()
            return
        if self.start_page.is_running:
            self.start_page.cancel()
        super().reject()

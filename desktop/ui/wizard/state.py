"""What the wizard's pages share: the data, the latest analysis, the chosen provider and model,
and the training settings. Pages read and write it; signals tell the others."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.providers.job_request import TrainingSettings
from desktop.providers.profiles import Profile
from desktop.ui.wizard.choice import ChosenModel, EnginePlan
from desktop.ui.wizard.data_source import WizardData
from desktop.ui.wizard.services import WizardServices

if TYPE_CHECKING:
    from desktop.core.findings import Analysis

__all__ = ["ChosenModel", "WizardState"]  # ChosenModel lives in choice.py; pages and tests name it here


class WizardState(QObject):
    analysis_changed = Signal()
    model_changed = Signal()
    settings_changed = Signal()
    readiness_changed = Signal()  # the data became ready for training, or stopped being ready
    engine_plan_changed = Signal()  # the local engine's estimate for the job arrived or went stale

    def __init__(self, data: WizardData, services: WizardServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.services = services
        # A file already sent is not sent again (e.g. when creating the job failed and the user tries
        # again). Without the app's ledger, the wizard remembers for as long as it is open.
        upload_ledger = services.upload_ledger
        if upload_ledger is None:
            from PySide6.QtCore import QTemporaryDir

            from desktop.providers.uploads import UploadLedger

            self._ledger_dir = QTemporaryDir()
            upload_ledger = UploadLedger(Path(self._ledger_dir.path()))
        self.upload_ledger = upload_ledger
        self.analysis: Analysis | None = None  # of the current data, once a check is done
        self.profile: Profile | None = None
        self.model: ChosenModel | None = None
        self.settings = TrainingSettings()
        # Why the data cannot be trained on right now (errors, or a check still running), or None.
        self.data_blocker: str | None = None
        self.data_checking = False  # the blocker is a check in progress, not an error in the data
        # The local engine's plan for this job, or None.
        self.engine_plan: EnginePlan | None = None

    def set_engine_plan(self, plan: EnginePlan | None) -> None:
        self.engine_plan = plan
        self.engine_plan_changed.emit()

    def set_data_blocker(self, reason: str | None, *, checking: bool = False) -> None:
        """Why training cannot start now (None: it can); ``checking``: only until a check ends."""
        if reason != self.data_blocker or checking != self.data_checking:
            self.data_blocker = reason
            self.data_checking = checking
            self.readiness_changed.emit()

    def set_analysis(self, analysis: Analysis | None) -> None:
        self.analysis = analysis
        self.analysis_changed.emit()

    def set_model(self, profile: Profile | None, model: ChosenModel | None) -> None:
        self.profile = profile
        self.model = model
        self.model_changed.emit()

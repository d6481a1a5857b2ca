"""The local engine's plan for the wizard's job: resolved hyperparameters, steps, time and fit.

When the chosen profile is the local engine, :class:`EnginePlanner` asks ``POST /v1/engine/estimate``
(off the UI thread, a moment after the last change) what the engine makes of the data and the
settings, and keeps the answer in ``WizardState.engine_plan``. The engine resolves "auto" with the
same function its jobs use, so the method page, the review page and the job request all show the
same epochs and batch size (:attr:`TrainingSettings.resolved`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from desktop.core.cancel import CancelToken
from desktop.providers.finetune import is_cancellation
from desktop.providers.profiles import Profile
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.wizard import services
from desktop.ui.wizard.choice import EnginePlan
from desktop.ui.wizard.estimate import training_tokens
from desktop.ui.wizard.state import WizardState

if TYPE_CHECKING:
    from desktop.providers.engine_models import EstimateRequest, TrainingEstimate

__all__ = ["EnginePlan", "EnginePlanner", "estimate_request", "is_local_engine"]

DEBOUNCE_MS = 300


def is_local_engine(profile: Profile | None) -> bool:
    return services.catalog_provider(profile) == "local"


def estimate_request(state: WizardState, model_id: str | None = None) -> EstimateRequest | None:
    """The ``EstimateRequest`` for ``model_id`` (default: the chosen model) on this data and settings.

    None when there is no model or no checked data yet.
    """
    from desktop.providers.engine_models import EstimateRequest

    if model_id is None and state.model is not None:
        model_id = state.model.model_id
    tokens = training_tokens(state)
    if model_id is None or not tokens:
        return None
    return EstimateRequest(
        model=model_id,
        examples=len(tokens),
        tokens_per_epoch=sum(tokens),
        max_example_tokens=max(tokens),
        method=state.settings.method.value,
        hyperparameters=state.settings.estimate_hyperparameters(),
    )


class EnginePlanner(QObject):
    """Keeps ``state.engine_plan`` and ``state.settings.resolved`` up to date for the local engine."""

    def __init__(self, state: WizardState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._ask)
        self._task: TaskHandle | None = None
        self._asked_for: str | None = None  # the request of the plan shown (or being fetched)
        state.model_changed.connect(self.schedule)
        state.settings_changed.connect(self.schedule)
        state.analysis_changed.connect(self.schedule)

    @property
    def is_busy(self) -> bool:
        return self._timer.isActive() or self._task is not None

    def schedule(self) -> None:
        state = self._state
        request = estimate_request(state) if is_local_engine(state.profile) else None
        key = None if request is None else json.dumps(request.body(), sort_keys=True)
        if key == self._asked_for:
            return  # nothing the estimate depends on changed (e.g. the suffix did)
        self._asked_for = key
        if self._task is not None:
            self._task.cancel()
            self._task = None
        state.settings.resolved = {}
        if request is None:
            self._timer.stop()
            if state.engine_plan is not None:
                state.set_engine_plan(None)
            return
        state.set_engine_plan(EnginePlan(request.model, loading=True))
        self._timer.start()

    def _ask(self) -> None:
        state = self._state
        profile = state.profile
        request = estimate_request(state) if is_local_engine(profile) else None
        if request is None or profile is None:
            return
        key = json.dumps(request.body(), sort_keys=True)
        make_client = state.services.make_client

        def work(cancel: CancelToken) -> TrainingEstimate:
            from desktop.providers.engine_models import EngineModels

            return EngineModels(make_client(profile)).estimate(request, cancel)

        def arrived(estimate: TrainingEstimate) -> None:
            if self._task is task:
                self._task = None
            if key != self._asked_for:
                return  # the user changed something since; a newer request is on its way
            resolved = {
                name: value
                for name, value in (("n_epochs", estimate.n_epochs), ("batch_size", estimate.batch_size))
                if isinstance(value, int) and value > 0
            }
            state.settings.resolved = resolved
            state.set_engine_plan(EnginePlan(request.model, estimate=estimate))

        def failed(error: BaseException) -> None:
            if self._task is task:
                self._task = None
            if key != self._asked_for or is_cancellation(error):
                return
            message = getattr(error, "user_message", None) or str(error) or type(error).__name__
            state.set_engine_plan(EnginePlan(request.model, error=error_hub().redact(str(message))))

        task = run_in_background(
            self.tr("Asking the local engine for a training estimate"),
            work,
            owner=self,
            on_success=arrived,
            on_error=failed,
        )
        self._task = task

"""The review page's estimate: tokens of the training file, billed tokens, cost and time."""

from __future__ import annotations

from dataclasses import replace

from desktop.core.cost import CostEstimate, estimate_cost
from desktop.core.dataset import Split
from desktop.core.findings import Analysis
from desktop.ui.wizard.state import WizardState


def training_tokens(state: WizardState) -> list[int]:
    """Tokens per training example, from the latest analysis (validation rows left out when held out)."""
    analysis = state.analysis
    if not isinstance(analysis, Analysis):
        return []
    per_example = analysis.summary.tokens_per_example
    examples = state.data.dataset.examples
    if len(per_example) != len(examples):
        return list(per_example)  # the data changed since; the new analysis is on its way
    use_validation = state.settings.use_validation
    return [
        tokens
        for tokens, example in zip(per_example, examples, strict=True)
        if not (use_validation and example.split is Split.VALIDATION)
    ]


def estimate_training(state: WizardState) -> CostEstimate:
    """Tokens, epochs, cost and time; on the local engine its own plan's epochs and time."""
    model = state.model.catalog_entry if state.model is not None else None
    settings = state.settings
    estimate = estimate_cost(training_tokens(state), model, settings.effective_epochs)
    plan_estimate = getattr(state.engine_plan, "estimate", None)
    seconds = getattr(plan_estimate, "estimated_seconds", None)
    if isinstance(seconds, int | float) and seconds >= 0:
        # The engine knows this machine (device, model size): one figure, not the generic range.
        estimate = replace(estimate, seconds_low=float(seconds), seconds_high=float(seconds))
    return replace(estimate, epochs_auto=settings.n_epochs is None)

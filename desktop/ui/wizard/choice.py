"""The base model chosen on the wizard's model page (:class:`ChosenModel`) and the local engine's
plan for training it (:class:`EnginePlan`): plain data, Qt-free.

Their own module so that the wizard's state, its services and its engine planner can all name them
without importing each other (state.py imports services for WizardServices; engine_plan.py imports
state).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.core.catalog import CatalogModel
    from desktop.providers.engine_models import BaseModelInfo, TrainingEstimate


@dataclass(frozen=True)
class ChosenModel:
    """The base model picked on the provider page, with what the later pages need to know of it."""

    model_id: str
    supports_dpo: bool
    supports_sft: bool = True
    token_limit: int | None = None
    catalog_entry: CatalogModel | None = None  # when the catalog knows the model (or the engine describes it)
    engine_info: BaseModelInfo | None = None  # on the local engine


@dataclass(frozen=True)
class EnginePlan:
    """The engine's estimate or why there is none."""

    model_id: str
    estimate: TrainingEstimate | None = None
    error: str | None = None
    loading: bool = False

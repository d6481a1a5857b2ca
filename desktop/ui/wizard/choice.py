"""The base model chosen on the wizard's model page (:class:`ChosenModel`): plain data, Qt-free.

Its own module so that both the wizard's state and its services can name it without importing each
other (services.py reads the choice; state.py holds it and imports services for WizardServices).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.core.catalog import CatalogModel
    from desktop.providers.engine_models import BaseModelInfo


@dataclass(frozen=True)
class ChosenModel:
    """The base model picked on the provider page, with what the later pages need to know of it."""

    model_id: str
    supports_dpo: bool
    supports_sft: bool = True
    token_limit: int | None = None
    catalog_entry: CatalogModel | None = None  # when the catalog knows the model (or the engine describes it)
    engine_info: BaseModelInfo | None = None  # on the local engine

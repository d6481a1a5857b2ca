"""Progress of listing the local engine's base models before each one is estimated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.providers.engine_models import BaseModelInfo, Download


@dataclass(frozen=True)
class ModelsListed:
    """The engine's base models, and the downloads still running by model id (estimates follow)."""

    models: list[BaseModelInfo]
    running: dict[str, Download] = field(default_factory=dict)

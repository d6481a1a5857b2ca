"""Progress of saving everything of a profile into an export folder."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.i18n import pick


@dataclass(frozen=True)
class ExportProgress:
    """How far the export is: ``done`` of ``total`` items, and the one being saved now."""

    done: int
    total: int
    label_en: str
    label_zh: str
    bytes_done: int = 0  # of the file being downloaded now

    @property
    def label(self) -> str:
        """The item being saved, in the user's language."""
        return pick(self.label_en, self.label_zh)

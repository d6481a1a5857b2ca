"""Progress of training files going out to a provider."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UploadStarted:
    """The file ``name`` is about to be read and sent (or found already sent)."""

    name: str


@dataclass(frozen=True)
class UploadProgress:
    """``sent`` of ``total`` bytes of the file ``name`` are out; file ``file_index`` of ``file_count``."""

    name: str
    sent: int
    total: int
    file_index: int = 0
    file_count: int = 1

    @property
    def fraction(self) -> float:
        """How much of all the files is sent, 0 to 1 (each file counts the same)."""
        share = self.sent / self.total if self.total else 1.0
        return (self.file_index + share) / max(1, self.file_count)


UploadEvent = UploadStarted | UploadProgress

"""Desktop notifications when a job ends (a system tray message where the desktop has a tray)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from desktop.providers import jobs
from desktop.providers.jobs import JobInfo
from desktop.ui.job_status import status_icon


class JobNotifier(QObject):
    """Tells the user that a job finished, failed or was cancelled.

    Shows a tray message when the platform has a system tray; ``notified`` is emitted either way
    (without a tray, e.g. offscreen, the message is not lost: the main window may show it).
    """

    notified = Signal(str, str)  # title, message
    job_clicked = Signal(str)  # the job of the message the user clicked

    def __init__(self, parent: QObject | None = None, icon: QIcon | None = None) -> None:
        super().__init__(parent)
        self._icon = icon
        self._tray: QSystemTrayIcon | None = None
        self._last_job_id: str | None = None

    @property
    def tray_available(self) -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()

    def notify_job_ended(self, job: JobInfo) -> None:
        name = job.suffix or job.id
        if job.status == jobs.SUCCEEDED:
            title = self.tr("Fine-tuning finished")
            message = (
                self.tr("Job %1 succeeded: %2").replace("%1", name).replace("%2", job.fine_tuned_model or "")
            )
            kind = QSystemTrayIcon.MessageIcon.Information
        elif job.status == jobs.FAILED:
            title = self.tr("Fine-tuning failed")
            reason = job.error.message if job.error is not None else ""
            message = self.tr("Job %1 failed. %2").replace("%1", name).replace("%2", reason).strip()
            kind = QSystemTrayIcon.MessageIcon.Critical
        elif job.status == jobs.CANCELLED:
            title = self.tr("Fine-tuning cancelled")
            message = self.tr("Job %1 was cancelled.").replace("%1", name)
            kind = QSystemTrayIcon.MessageIcon.Warning
        else:
            return
        self._last_job_id = job.id
        self._show(title, message, kind)
        self.notified.emit(title, message)

    def message_clicked(self) -> None:
        """The user clicked the last message: show its job."""
        if self._last_job_id is not None:
            self.job_clicked.emit(self._last_job_id)

    def _show(self, title: str, message: str, kind: QSystemTrayIcon.MessageIcon) -> None:
        if not self.tray_available:
            return
        if self._tray is None:
            self._tray = QSystemTrayIcon(self._icon or status_icon(jobs.SUCCEEDED, 32), self)
            self._tray.setToolTip(self.tr("Finetune Desk jobs"))
            self._tray.messageClicked.connect(self.message_clicked)
        self._tray.show()
        self._tray.showMessage(title, message, kind, 10_000)

"""The job monitor: jobs list, job pages with live charts, notifications (Qt)."""

from desktop.ui.monitor.monitor_widget import JobMonitorWidget

__all__ = ["JobMonitorWidget"]

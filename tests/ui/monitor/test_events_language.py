"""A real job's page in Chinese: events in the UI's language, charts complete at "Succeeded"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.providers import jobs
from desktop.providers.jobs import JobService, PollPolicy
from desktop.ui.i18n import install_translations
from desktop.ui.made_messages import translate_made_message
from desktop.ui.monitor import JobMonitorWidget
from desktop.ui.monitor.chart import smoothed
from tests.support.engine_server import EngineServer
from tests.ui.monitor.training_jobs import all_events_oldest_first, start_job
from tests.ui.visible_text import english_words

pytestmark = pytest.mark.slow

FAST = PollPolicy(
    running_interval=0.2,
    waiting_interval=0.3,
    list_active_interval=0.3,
    list_idle_interval=1.0,
    error_base=0.2,
    error_max=2.0,
)


@pytest.fixture
def chinese() -> Iterator[None]:
    install_translations("zh_CN")
    yield
    install_translations("en")


def test_a_finished_job_in_chinese(
    qtbot: QtBot, engine_server: EngineServer, tmp_path: Path, chinese: None
) -> None:
    client = engine_server.client()
    job_id = start_job(client, tmp_path, n_epochs=2, suffix="zh")
    widget = JobMonitorWidget(JobService(client), profile_key="local", policy=FAST)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    shown_at_success: list[int] = []

    def note_status() -> None:
        page = widget.page
        if (
            page is not None
            and page.job is not None
            and page.job.status == jobs.SUCCEEDED
            and not shown_at_success
        ):
            shown_at_success.append(page.chart.point_count)

    widget.poller.poller.job_updated.connect(lambda _job: note_status())
    widget.follow_job(job_id)
    page = widget.page
    assert page is not None
    try:
        qtbot.waitUntil(lambda: bool(shown_at_success), timeout=300_000)
        everything = all_events_oldest_first(client, job_id)
        metrics = [event for event in everything if event.type == "metrics"]
        # The chart was complete when "Succeeded" first showed.
        assert shown_at_success[0] == len(metrics)
        qtbot.waitUntil(lambda: len(page.event_ids) == len(everything), timeout=10_000)

        # Every event the engine wrote reads as Chinese (ids, numbers and names aside).
        english = {
            event.message: words
            for event in everything
            if (words := english_words(translate_made_message(event.message)))
        }
        assert not english, english
        assert "微调任务已开始" in page.events_view.toPlainText()

        # Legends sit under the plots (never over the lines), one per plotted series.
        shown = [label for label in page.chart.legend_labels.values() if not label.isHidden()]
        assert shown and all(label.parent() is page.chart for label in shown)
        assert any("训练" in label.text() for label in shown)
    finally:
        widget.shutdown()


def test_smoothing_is_a_debiased_moving_average() -> None:
    assert smoothed([4.0, 2.0, 3.0], 0.0) == [4.0, 2.0, 3.0]
    values = smoothed([4.0, 2.0, 3.0], 0.5)
    assert values[0] == 4.0  # the first point is not pulled towards 0
    assert 2.0 < values[1] < 4.0 and 2.0 < values[2] < 4.0
    noisy = [1.0 if i % 2 else 3.0 for i in range(50)]
    assert max(smoothed(noisy, 0.9)[10:]) - min(smoothed(noisy, 0.9)[10:]) < 0.5

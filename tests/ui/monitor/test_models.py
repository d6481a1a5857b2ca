"""The jobs table model, its filter proxy, the checkpoints model, the chart and the notifier."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.providers import jobs
from desktop.providers.jobs import Checkpoint, JobError, JobInfo, MetricPoint
from desktop.ui.monitor.checkpoints_model import CheckpointColumn, CheckpointsTableModel
from desktop.ui.monitor.jobs_model import (
    JOB_ROLE,
    JobColumn,
    JobsFilterProxyModel,
    JobsTableModel,
    StatusFilter,
)
from desktop.ui.monitor.notifier import JobNotifier


def make_job(job_id: str, status: str, created_at: int, **fields: object) -> JobInfo:
    return JobInfo(id=job_id, status=status, model="tiny-random", created_at=created_at, **fields)  # type: ignore[arg-type]


def test_jobs_model_updates_in_place_and_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = JobsTableModel()
    qtmodeltester.check(model)
    model.set_jobs(
        [
            make_job("ftjob-b", jobs.RUNNING, 200),
            make_job(
                "ftjob-a",
                jobs.SUCCEEDED,
                100,
                fine_tuned_model="ft:tiny-random:local:orangbus:ftjob-a",
                suffix="orangbus",
                finished_at=150,
                trained_tokens=12345,
            ),
        ]
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    row_a = model.row_of("ftjob-a")
    assert row_a is not None
    assert model.index(row_a, JobColumn.SUFFIX).data() == "orangbus"
    assert model.index(row_a, JobColumn.FINE_TUNED_MODEL).data() == "ft:tiny-random:local:orangbus:ftjob-a"
    assert model.index(row_a, JobColumn.TRAINED_TOKENS).data().replace(",", "") == "12345"
    assert model.index(row_a, JobColumn.STATUS).data() == "Succeeded"
    assert not model.index(row_a, JobColumn.STATUS).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(row_a, JobColumn.STATUS).data(Qt.ItemDataRole.ForegroundRole).name() == "#2e7d32"
    assert model.index(row_a, JobColumn.FINISHED).data() != ""
    assert model.headerData(JobColumn.BASE_MODEL, Qt.Orientation.Horizontal) == "Base model"

    # A refresh: one job changes, one vanishes, one is new. Rows change in place, not by a reset.
    changes: list[str] = []
    model.modelReset.connect(lambda: changes.append("reset"))
    model.dataChanged.connect(lambda *_: changes.append("changed"))
    model.rowsInserted.connect(lambda *_: changes.append("inserted"))
    model.rowsRemoved.connect(lambda *_: changes.append("removed"))
    failed = make_job("ftjob-b", jobs.FAILED, 200, error=JobError("bad_file", "Line 3 is broken."))
    model.set_jobs([make_job("ftjob-c", jobs.QUEUED, 300), failed])
    qtmodeltester.check(model)
    assert sorted(changes) == ["changed", "inserted", "removed"]
    assert [job.id for job in model.jobs()] == ["ftjob-c", "ftjob-b"]
    row_b = model.row_of("ftjob-b")
    assert row_b is not None
    assert model.index(row_b, JobColumn.STATUS).data(Qt.ItemDataRole.ToolTipRole) == "Line 3 is broken."
    assert model.index(row_b, 0).data(JOB_ROLE) == failed


def test_filter_by_status_group_and_search_words(qtmodeltester: ModelTester) -> None:
    model = JobsTableModel()
    model.set_jobs(
        [
            make_job("ftjob-1", jobs.RUNNING, 1),
            make_job(
                "ftjob-2", jobs.SUCCEEDED, 2, suffix="orangbus", fine_tuned_model="ft:tiny:x:orangbus:2"
            ),
            make_job("ftjob-3", jobs.FAILED, 3),
            make_job("ftjob-4", jobs.CANCELLED, 4, suffix="weather"),
            make_job("ftjob-5", jobs.PAUSED, 5),
        ]
    )
    proxy = JobsFilterProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)

    def shown() -> list[str]:
        return sorted(proxy.index(row, JobColumn.ID).data() for row in range(proxy.rowCount()))

    assert len(shown()) == 5
    proxy.set_status_filter(StatusFilter.ACTIVE)
    assert shown() == ["ftjob-1", "ftjob-5"]
    proxy.set_status_filter(StatusFilter.FAILED)
    assert shown() == ["ftjob-3"]
    proxy.set_status_filter(StatusFilter.ALL)
    proxy.set_search_text("ORANGBUS")
    assert shown() == ["ftjob-2"]
    proxy.set_search_text("tiny weather")
    assert shown() == ["ftjob-4"]
    proxy.set_search_text("")
    proxy.sort(JobColumn.CREATED, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, JobColumn.ID).data() == "ftjob-5"
    qtmodeltester.check(proxy)


def test_checkpoints_model(qtmodeltester: ModelTester) -> None:
    model = CheckpointsTableModel()
    qtmodeltester.check(model)
    model.set_checkpoints(
        [
            Checkpoint("cp-1", 10, "ft:tiny:x::job:ckpt-step-10", 1, {"train_loss": 1.5}),
            Checkpoint("cp-2", 20, "ft:tiny:x::job:ckpt-step-20", 2, {"train_loss": 0.25, "valid_loss": 0.5}),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0, CheckpointColumn.STEP).data() == "20"  # latest first
    assert model.index(0, CheckpointColumn.VALID_LOSS).data() == "0.5000"
    assert model.index(1, CheckpointColumn.VALID_LOSS).data() == ""


def test_chart_plots_each_metrics_event_once(qtbot: QtBot) -> None:
    from desktop.ui.monitor.chart import MetricsChart

    chart = MetricsChart()
    qtbot.addWidget(chart)
    points = [
        MetricPoint(
            event_id=f"e{step}",
            step=step,
            total_steps=4,
            train_loss=4.0 - step,
            valid_loss=(2.0 if step == 2 else None),
        )
        for step in range(1, 5)
    ]
    assert len(chart.add_points(points[:2])) == 2
    assert len(chart.add_points(points)) == 2  # the first two again are ignored
    assert chart.point_count == 4
    assert chart.series("train_loss") == [(1, 3.0), (2, 2.0), (3, 1.0), (4, 0.0)]
    assert chart.series("valid_loss") == [(2, 2.0)]
    assert chart.series("train_mean_token_accuracy") == []
    assert not chart.grab().isNull()
    chart.clear()
    assert chart.point_count == 0 and chart.series("train_loss") == []


def test_notifier_without_a_tray_still_reports_and_warns_nothing(qtbot: QtBot) -> None:
    notifier = JobNotifier()
    assert not notifier.tray_available  # offscreen has no system tray
    with qtbot.waitSignal(notifier.notified) as blocker:
        notifier.notify_job_ended(make_job("ftjob-1", jobs.FAILED, 1, error=JobError("x", "Out of memory.")))
    assert blocker.args[0] == "Fine-tuning failed"
    assert "ftjob-1" in blocker.args[1] and "Out of memory." in blocker.args[1]
    with qtbot.assertNotEmitted(notifier.notified):
        notifier.notify_job_ended(make_job("ftjob-2", jobs.RUNNING, 1))


def test_jobs_list_actions_on_the_selected_job(qtbot: QtBot) -> None:
    from PySide6.QtGui import QGuiApplication

    from desktop.ui.monitor.jobs_list import JobsListWidget

    widget = JobsListWidget()
    qtbot.addWidget(widget)
    assert widget.empty_label.text() == "Loading jobs…"
    widget.set_jobs([])
    assert widget.empty_label.text() == "No fine-tuning jobs on this provider yet."
    assert not widget.empty_label.isHidden()
    widget.set_jobs(
        [
            make_job("ftjob-old", jobs.SUCCEEDED, 1, fine_tuned_model="ft:tiny-random:local:x:ftjob-old"),
            make_job("ftjob-new", jobs.RUNNING, 2),
        ]
    )
    assert widget.empty_label.isHidden()
    assert not widget.copy_id_action.isEnabled()  # nothing selected yet
    widget.view.selectRow(0)  # newest first
    assert widget.selected_job() is not None and widget.selected_job().id == "ftjob-new"  # type: ignore[union-attr]
    assert widget.copy_id_action.isEnabled() and not widget.copy_model_action.isEnabled()
    widget.copy_id_action.trigger()
    assert QGuiApplication.clipboard().text() == "ftjob-new"
    widget.view.selectRow(1)
    widget.copy_model_action.trigger()
    assert QGuiApplication.clipboard().text() == "ft:tiny-random:local:x:ftjob-old"
    with qtbot.waitSignal(widget.job_activated) as opened:
        widget.open_action.trigger()
    assert opened.args == ["ftjob-old"]
    widget.search_edit.setText("old")
    assert widget.proxy.rowCount() == 1
    widget.status_combo.setCurrentIndex(widget.status_combo.findData(int(StatusFilter.ACTIVE)))
    assert widget.proxy.rowCount() == 0

"""Screenshots of the job monitor after real jobs on the local engine.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_monitor.py [--lang zh_CN]

Writes docs/screenshots/jobs_list.png and docs/screenshots/job_page.png (the Chinese variants
get a _zh_CN suffix). Starts its own engine in a temporary folder; nothing is mocked.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QLocale, QTranslator  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.i18n import set_language  # noqa: E402
from desktop.providers.jobs import JobRegistry, JobService, PollPolicy  # noqa: E402
from desktop.ui.monitor import JobMonitorWidget  # noqa: E402
from tests.support.engine_server import running_engine  # noqa: E402
from tests.ui.monitor.training_jobs import (  # noqa: E402
    start_failing_job,
    start_job,
    wait_for_status,
    write_training_file,
)


def wait(app: QApplication, condition: Callable[[], bool], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the monitor did not get there in time")
        app.processEvents()
        time.sleep(0.02)


def start_job_with_validation(client: Any, folder: Path, n_epochs: int, suffix: str) -> str:
    training = write_training_file(folder)
    validation = folder / "validation.jsonl"
    rows = training.read_text(encoding="utf-8").splitlines()
    validation.write_text("\n".join(rows[:4]) + "\n", encoding="utf-8")
    with training.open("rb") as stream:
        training_id = client.files.create(file=stream, purpose="fine-tune").id
    with validation.open("rb") as stream:
        validation_id = client.files.create(file=stream, purpose="fine-tune").id
    job = client.fine_tuning.jobs.create(
        model="tiny-random",
        training_file=training_id,
        validation_file=validation_id,
        suffix=suffix,
        method={
            "type": "supervised",
            "supervised": {"hyperparameters": {"n_epochs": n_epochs, "batch_size": 1}},
        },
    )
    return str(job.id)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="en", help="en or zh_CN")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    arguments = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    suffix = ""
    if arguments.lang.startswith("zh"):
        set_language("zh_CN")
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        for qm in sorted((ROOT / "resources" / "i18n").glob("*_zh_CN.qm")):
            translator = QTranslator(app)
            if translator.load(str(qm)):
                app.installTranslator(translator)
        suffix = "_zh_CN"
    arguments.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as temporary, running_engine(Path(temporary) / "engine") as engine:
        work = Path(temporary)
        client = engine.client()
        for name in ("a", "b", "c", "d"):
            (work / name).mkdir()
        done = start_job(client, work / "a", n_epochs=2, suffix="orangbus")
        wait_for_status(client, done, {"succeeded", "failed"})
        cancelled = start_job(client, work / "b", n_epochs=50, suffix="draft")
        wait_for_status(client, cancelled, {"running"})
        client.fine_tuning.jobs.cancel(cancelled)
        wait_for_status(client, cancelled, {"cancelled"})
        broken = start_failing_job(client, work / "b")
        wait_for_status(client, broken, {"failed", "succeeded"})
        second = start_job(client, work / "c", n_epochs=1, suffix="weather")
        wait_for_status(client, second, {"succeeded", "failed"})
        running = start_job_with_validation(client, work / "d", n_epochs=12, suffix="support-bot")
        start_job(client, work / "d", n_epochs=2, suffix="next-in-line")  # waits behind it: queued

        registry = JobRegistry(work / "jobs.json")
        registry.remember("local", running)
        policy = PollPolicy(running_interval=0.3, waiting_interval=0.5, list_active_interval=0.5)
        widget = JobMonitorWidget(JobService(client), profile_key="local", registry=registry, policy=policy)
        widget.resize(1280, 720)
        wait(app, lambda: widget.jobs_list.model.rowCount() == 6)
        wait(
            app, lambda: (job := widget.jobs_list.model.job(running)) is not None and job.status == "running"
        )
        widget.jobs_list.view.selectRow(1)
        app.processEvents()
        widget.grab().save(str(arguments.out / f"jobs_list{suffix}.png"))

        widget.open_job(running)
        page = widget.page
        assert page is not None
        wait(app, lambda: page.chart.point_count >= 50 and page.checkpoints_model.rowCount() >= 3)
        page.events_view.verticalScrollBar().setValue(page.events_view.verticalScrollBar().maximum())
        app.processEvents()
        widget.grab().save(str(arguments.out / f"job_page{suffix}.png"))
        print(json.dumps({"points": page.chart.point_count, "events": len(page.event_ids)}))
        widget.shutdown()
        client.fine_tuning.jobs.cancel(running)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Screenshots of "Keep your fine-tunes" after a real run against two local engines.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_keep.py [--lang zh_CN]

Writes docs/screenshots/keep_inventory.png (the inventory with days left) and
docs/screenshots/keep_golden_compare.png (a retrained model compared with golden answers); the
Chinese variants get a _zh_CN suffix. Engine A plays OpenAI: it is given two small random base
models named like OpenAI's (gpt-4o-mini, gpt-4.1-nano), so the catalog's wind-down dates apply.
Engine B is the local engine the user retrains on. Nothing is mocked: the jobs really train, the
export really downloads, the golden answers and the comparison are real answers.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QLocale, QTranslator  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.i18n import set_language  # noqa: E402
from desktop.providers.client import make_client  # noqa: E402
from desktop.providers.profiles import Profile, ProviderKind  # noqa: E402
from desktop.ui.keep.page import KeepPage  # noqa: E402
from desktop.ui.keep.services import KeepServices  # noqa: E402
from engine import textformat, tiny_random  # noqa: E402
from tests.support.engine_server import running_engine  # noqa: E402
from tests.ui.keep.scenario import SUFFIX, jsonl, prepare_source  # noqa: E402
from tests.ui.testtab.seed import SEED_EXAMPLES  # noqa: E402

MINI = "gpt-4o-mini-2024-07-18"
NANO = "gpt-4.1-nano-2025-04-14"


def wait(app: QApplication, condition: Callable[[], bool], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the page did not get there in time")
        app.processEvents()
        time.sleep(0.02)


def make_base_models(models_dir: Path) -> None:
    texts = [textformat.record_text(record) for record in SEED_EXAMPLES]
    for seed, name in enumerate((MINI, NANO)):
        tiny_random.create(models_dir / name, texts, seed=seed)


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

    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        make_base_models(work / "engine-a" / "models")
        with running_engine(work / "engine-a") as source, running_engine(work / "engine-b") as target:
            # A model folder trains with the engine's default learning rate (2e-4); the tiny-random base
            # with 5e-3. The multiplier 25 (and more epochs, for its smaller adapter) makes it learn.
            scenario = prepare_source(
                source, base_model=MINI, hyperparameters={"learning_rate_multiplier": 25.0, "n_epochs": 20}
            )
            client = source.client()
            # A draft on gpt-4.1-nano, stopped before it trained.
            draft_file = client.files.create(
                file=("draft.jsonl", io.BytesIO(jsonl(SEED_EXAMPLES))), purpose="fine-tune"
            )
            draft = client.fine_tuning.jobs.create(training_file=draft_file.id, model=NANO, suffix="draft")
            client.fine_tuning.jobs.cancel(draft.id)

            openai_like = Profile.create("OpenAI (engine A)", ProviderKind.OPENAI, base_url=source.base_url)
            local = Profile.create("Local engine (engine B)", ProviderKind.LOCAL, base_url=target.base_url)
            tokens = {openai_like.id: source.token, local.id: target.token}

            def client_for(profile: Profile) -> Any:
                return make_client(profile, tokens[profile.id])

            services = KeepServices(
                profiles=lambda: [openai_like, local], make_client=client_for, today=date.today, folder=work
            )
            page = KeepPage(services)
            page.resize(1280, 640)
            page.show()
            page.select_profile(openai_like.id)
            shown: list[bool] = []
            page.inventory_shown.connect(lambda: shown.append(True))
            page.refresh()
            wait(app, lambda: bool(shown))
            row = next(i for i, item in enumerate(page.model.items) if item.job_id == scenario.job_id)
            page.table.clearSelection()  # so every row shows its urgency colours
            app.processEvents()
            page.grab().save(str(arguments.out / f"keep_inventory{suffix}.png"))

            reports: list[Any] = []
            page.export_finished.connect(reports.append)
            page.export_to(work / "export", show=False)
            wait(app, lambda: bool(reports))
            page.select_row(row)
            recorded: list[Any] = []
            page.golden_recorded.connect(recorded.append)
            page.record_golden_answers()
            wait(app, lambda: bool(recorded))
            compared: list[Any] = []
            page.comparison_ready.connect(compared.append)
            # The multiplier is relative to the base model's own rate: back to 1 for tiny-random (the
            # retrain dialog shows the mapping and lets the user change it).
            page.retrain(local, "tiny-random", SUFFIX, {"learning_rate_multiplier": 1.0})
            wait(app, lambda: bool(compared))
            app.processEvents()
            page.grab().save(str(arguments.out / f"keep_golden_compare{suffix}.png"))
            summary = compared[0].run.summary(compared[0].run.models[0])
            if summary.scores.errors:
                print(target.log[-4000:])
            print(f"export: {len(reports[0].saved)} saved, {len(reports[0].not_saved)} not saved")
            print(f"golden rows: {recorded[0].done}; exact after retraining: {summary.scores.exact_matches}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

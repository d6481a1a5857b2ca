"""Screenshots of the test tab from a real run against the local engine (offscreen, no display needed).

Usage: ``.venv/bin/python scripts/screenshot_testtab.py [OUT_DIR] [--lang zh_CN]``

Starts ``python -m engine serve`` in a temporary folder, fine-tunes tiny-random on the 10-example
seed set, then compares the fine-tuned model, its base model and an earlier checkpoint side by
side and runs a batch evaluation of the seed rows. Writes ``test_side_by_side.png`` and
``test_batch_eval.png`` (``docs/screenshots`` by default; ``_zh_CN`` is added to the names for Chinese).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.dataset import Example  # noqa: E402
from desktop.providers.inference import Endpoint, ModelKind, SamplingParameters  # noqa: E402
from desktop.ui.i18n import install_translations  # noqa: E402
from desktop.ui.testtab import TestTab, TestTabServices  # noqa: E402
from tests.support.engine_server import running_engine  # noqa: E402
from tests.ui.testtab.seed import QUESTION, SEED_EXAMPLES, fine_tune_seed_set  # noqa: E402


def wait_until(app: QApplication, condition: Callable[[], bool], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the test tab did not finish in time")
        app.processEvents()
        time.sleep(0.02)
    for _ in range(20):  # let the last repaints land
        app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", default="en", help="en or zh_CN")
    arguments = parser.parse_args()
    arguments.out_dir.mkdir(parents=True, exist_ok=True)

    suffix = "" if arguments.lang == "en" else f"_{arguments.lang}"
    app = QApplication(sys.argv)
    install_translations(arguments.lang)
    examples = [Example(record, number) for number, record in enumerate(SEED_EXAMPLES, 1)]
    with running_engine(Path(tempfile.mkdtemp(prefix="testtab-shot-"))) as server:
        print("fine-tuning tiny-random on the seed set…", flush=True)
        fine_tuned = fine_tune_seed_set(server.client())
        services = TestTabServices(
            make_client=server.client,
            endpoint=lambda: Endpoint(server.base_url),
            validation_examples=lambda: examples,
        )
        tab = TestTab(services)
        tab.resize(1280, 800)
        tab.show()
        wait_until(app, lambda: tab.models.model.rowCount() > 0 and not tab.models.loading)

        playground = tab.playground
        playground.settings.model_picker.set_model_id(fine_tuned.model)
        playground.settings.parameters.set_parameters(SamplingParameters(temperature=0, max_tokens=24))
        for question in (QUESTION, "Capital of France?"):
            playground.input.setPlainText(question)
            playground.send()
            wait_until(app, lambda: not playground.session.busy)
        tab.grab().save(str(arguments.out_dir / f"test_playground{suffix}.png"))

        page = tab.side_by_side
        tab.pages.setCurrentWidget(page)
        page.add_column()
        checkpoints = [c.id for c in tab.models.model.choices() if c.kind is ModelKind.CHECKPOINT]
        for column, model in zip(
            page.columns, [fine_tuned.model, "tiny-random", checkpoints[-1]], strict=True
        ):
            column.picker.set_model_id(model)
        page.parameters.set_parameters(SamplingParameters(temperature=0, max_tokens=24))
        for question in (QUESTION,):
            page.input.setPlainText(question)
            page.send()
            wait_until(app, lambda: not page.busy)
        tab.grab().save(str(arguments.out_dir / f"test_side_by_side{suffix}.png"))

        batch = tab.batch
        tab.pages.setCurrentWidget(batch)
        batch.model_choices.set_checked_models([fine_tuned.model, "tiny-random"])
        batch.run_from_editor()
        wait_until(app, lambda: not batch.busy)
        tab.grab().save(str(arguments.out_dir / f"test_batch_eval{suffix}.png"))
        tab.close()
    print(f"screenshots written to {arguments.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

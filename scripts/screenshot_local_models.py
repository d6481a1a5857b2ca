"""Screenshots of the wizard on the local engine: real open models, a download, a gated model.

    .venv/bin/python scripts/screenshot_local_models.py [--lang en|zh_CN] [--out docs/screenshots]

Writes local_1_models_<lang>.png (recommended models, one downloading), local_2_gated_<lang>.png
(a gated model asking for the Hugging Face token), local_3_method_<lang>.png (the engine's own
settings and its plan) and local_4_review_<lang>.png. The app's own services start the real engine;
its download source is the stand-in hub of the tests (tests/support/fake_hub.py), which serves
Qwen2.5-0.5B-Instruct as a sparse file of the real model's size (the download is stopped before it
ends) and a gated Llama repo, so no network is needed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEventLoop, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "sample_prompt_completion.jsonl"
QWEN = "Qwen/Qwen2.5-0.5B-Instruct"
QWEN_WEIGHTS_BYTES = 988_097_824  # model.safetensors of the real repo (its tree listing)
LLAMA = "meta-llama/Llama-3.2-1B-Instruct"


def wait_until(condition, timeout_s: float = 300.0) -> None:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the wizard did not get there in time")
        settle(20)


def settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, path: Path) -> None:
    settle()
    widget.grab().save(str(path))
    print(f"wrote {path}")


def qwen_sized_folder(folder: Path) -> Path:
    """A model folder with the real Qwen repo's file sizes: tiny tokenizer/config, sparse weights."""
    from tests.support.fake_hub import make_model_folder

    make_model_folder(folder, ["你觉得orangbus怎么样", "帅，非常帅"], "chatml")
    weights = folder / "model.safetensors"
    with weights.open("r+b") as file:
        file.truncate(QWEN_WEIGHTS_BYTES)  # sparse: no disk space, the real size on the wire
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="en", choices=["en", "zh_CN"])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "en" if args.lang == "en" else "zh"

    app = QApplication.instance() or QApplication(sys.argv)
    QCoreApplication.setOrganizationName("FinetuneDeskScreenshots")
    from desktop.ui.i18n import install_translations

    install_translations(args.lang)

    from desktop.core.readers import open_dataset
    from desktop.providers.profiles import LOCAL_PROFILE_ID
    from desktop.providers.redaction import Redactor
    from desktop.providers.secrets import ProfileSecrets, SessionSecretStore
    from desktop.ui.document import DatasetDocument
    from desktop.ui.services import create_provider_services
    from desktop.ui.wizard.data_source import DocumentData
    from desktop.ui.wizard.services import WizardServices
    from desktop.ui.wizard.wizard import FineTuneWizard
    from tests.support.fake_hub import make_model_folder, running_hub

    with (
        tempfile.TemporaryDirectory(prefix="finetune-desk-shots-") as folder,
        running_hub(throttle=40_000_000) as hub,
    ):
        root = Path(folder)
        os.environ["HOME"] = str(root / "home")  # the engine's download cache lives in this folder
        hub.add(QWEN, qwen_sized_folder(root / "hub" / "qwen"))
        hub.add(LLAMA, make_model_folder(root / "hub" / "llama", ["hello"], "own"), gated=True)
        secrets = ProfileSecrets(SessionSecretStore(), SessionSecretStore(), Redactor())
        services = create_provider_services(root / "config", root / "data", secrets)
        local = services.profiles.get(LOCAL_PROFILE_ID)
        local.hf_endpoint = hub.endpoint
        services.profiles.save(local)
        document = DatasetDocument(open_dataset(SAMPLE).dataset)
        wizard = FineTuneWizard(
            DocumentData(document),
            WizardServices(
                services.profiles.profiles(),
                services.client_for,
                active_profile_id=LOCAL_PROFILE_ID,
                upload_ledger=services.uploads,
                hub_tokens=services,
            ),
        )
        wizard.resize(1180, 780)
        wizard.show()
        try:
            wait_until(lambda: wizard.state.analysis is not None and not wizard.data_page.is_running)
            wizard.next()
            page = wizard.model_page
            panel = page.local_panel
            wait_until(lambda: not panel.is_loading and panel.models.rowCount() > 1)
            settle(500)
            panel.select_model(QWEN)
            panel.start_download()
            wait_until(lambda: 0.3 < panel.progress_bar.value() / 1000 < 0.9, 120)
            save(wizard, args.out / f"local_1_models_{suffix}.png")
            panel.cancel_download()
            wait_until(lambda: not panel.is_downloading)

            panel.select_model(LLAMA)
            panel.start_download()
            wait_until(lambda: not panel.is_downloading)
            panel.table.scrollTo(panel.models.index(panel.models.row_of(LLAMA) or 0, 0))
            save(wizard, args.out / f"local_2_gated_{suffix}.png")

            page.select_model("tiny-random")
            wizard.next()
            method = wizard.method_page
            method.advanced_check.setChecked(True)
            wait_until(lambda: not wizard.engine_planner.is_busy and bool(wizard.state.settings.resolved))
            save(wizard, args.out / f"local_3_method_{suffix}.png")
            wizard.next()
            review = wizard.review_page
            wait_until(lambda: review.files is not None)
            save(wizard, args.out / f"local_4_review_{suffix}.png")
        finally:
            wizard.hide()  # not close(): that asks whether to throw the choices away
            wizard.deleteLater()
            QThreadPool.globalInstance().waitForDone(30_000)
            services.shutdown()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

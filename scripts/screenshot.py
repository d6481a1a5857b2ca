"""Screenshots of the real main window, rendered offscreen with QWidget.grab().

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py

Writes docs/screenshots/editor_en.png and docs/screenshots/editor_zh.png: the data editor with a
Chinese chat data set (made from the bundled sample) and its conversation panel, in the English and
the Chinese UI; welcome_en/zh.png: the welcome page with the providers' state checked (the local
engine really started) and a recent file in a user's documents folder (``--user-home``: the file is
put there for the picture and removed afterwards); providers_en/zh.png: the providers dialog.
Chinese text needs a CJK font (Debian: fonts-wqy-microhei), or it shows as boxes.

Other pages can use :func:`render_main_window`: it builds the real MainWindow in a language,
lets ``prepare(window)`` add and fill a page, shows the page ``page_key`` and saves the picture.
Settings go to a temporary folder, never the user's.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QItemSelectionModel, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.dataset import Dataset, Example, ExampleKind  # noqa: E402
from desktop.core.readers import open_dataset  # noqa: E402
from desktop.providers.secrets import ProfileSecrets, SessionSecretStore  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.i18n import install_translations  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.resources import sample_dataset_path  # noqa: E402
from desktop.ui.services import create_provider_services  # noqa: E402
from desktop.ui.workbench import Workbench  # noqa: E402

SCREENSHOTS = ROOT / "docs" / "screenshots"
WINDOW_SIZE = (1280, 800)
# The welcome page's recent file, where a user keeps one (the folder names a desktop in that language
# gives them), rather than wherever the screenshots happen to be made.
USER_HOME = Path("/home/mei")
RECENT_FILE = {
    "en": Path("Documents") / "support_answers.jsonl",
    "zh_CN": Path("文档") / "客服问答.jsonl",
}


def application() -> QApplication:
    settings_folder = tempfile.mkdtemp(prefix="finetune-desk-screenshot-")
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, settings_folder)
    return create_application([sys.argv[0]])


def settle(app: QApplication, seconds: float = 0.5) -> None:
    """Let timers (status bar counts, layouts) run before the picture is taken."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def render_main_window(
    out: Path,
    language: str,
    page_key: str = "editor",
    prepare: Callable[[MainWindow], None] | None = None,
) -> Path:
    """Save a picture of the real main window showing ``page_key``, in ``language`` (en, zh_CN)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "call application() first"
    install_translations(language)
    window = MainWindow()
    window.resize(*WINDOW_SIZE)
    # The whole window as the app shows it (jobs, test and keep pages, the Fine-tune actions), with
    # its provider settings and local engine in a temporary folder and secrets kept in memory only.
    scratch = Path(tempfile.mkdtemp(prefix="finetune-desk-services-"))
    services = create_provider_services(
        scratch / "config", scratch / "data", ProfileSecrets(SessionSecretStore(), SessionSecretStore())
    )
    workbench = Workbench(window, services)
    if prepare is not None:
        prepare(window)
    window.show_page(page_key)
    window.show()
    settle(app)
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    window.document.mark_saved()  # nothing to ask about when the window closes
    workbench.monitor.shutdown()
    services.shutdown()
    window.close()
    window.deleteLater()
    settle(app, 0.1)
    return out


SYSTEM_PROMPT = "你是“小橙”，一家网店的客服助手。回答简短、礼貌。"


def chinese_chat_dataset() -> Dataset:
    """The Chinese rows of the sample data set as chat conversations with a system message."""
    result = open_dataset(sample_dataset_path())
    examples = []
    for example in result.dataset.examples:
        record = example.peek()
        if not any("\u4e00" <= char <= "\u9fff" for char in record["prompt"]):
            continue
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": record["prompt"]},
            {"role": "assistant", "content": record["completion"]},
        ]
        examples.append(Example({"messages": messages}, example.source_row))
    return Dataset(ExampleKind.CHAT, examples, [], sample_dataset_path(), "jsonl")


def show_chinese_chat(window: MainWindow) -> None:
    """A Chinese chat data set, one edit made, a row selected and its conversation open."""
    window.load_dataset(chinese_chat_dataset(), ROOT / "客服对话.jsonl", "jsonl")
    editor = window.editor
    editor.splitter.setSizes([820, 460])
    editor.view.setColumnWidth(0, 170)
    editor.view.setColumnWidth(1, 250)
    editor.view.setColumnWidth(2, 300)
    editor.model.setData(
        editor.model.index(1, 2), "orangbus 是一位热爱开源的开发者，也是示例数据里最帅的人。"
    )
    editor.select_document_rows([0])
    editor.view.selectionModel().setCurrentIndex(
        editor.model.index(0, 2), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    editor.view.horizontalScrollBar().setValue(0)


@contextmanager
def user_file(path: Path) -> Iterator[Path]:
    """A copy of the sample data set at ``path`` while the block runs; then it, and every folder
    made for it, is removed (a file already there is left alone)."""
    if path.exists():
        yield path
        return
    made = [folder for folder in reversed(path.parents) if not folder.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "resources" / "samples" / "sample_prompt_completion.jsonl", path)
    try:
        yield path
    finally:
        path.unlink()
        for folder in reversed(made):
            folder.rmdir()


def show_welcome(window: MainWindow, recent: Path) -> None:
    """The welcome page once it has checked the providers (the local engine is started for real)."""
    workbench = window.workbench
    assert workbench is not None
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.files.add_recent_file(recent)
    workbench.welcome.refresh_providers(start_engine=True)
    deadline = time.monotonic() + 120
    while workbench.welcome.checking is not None and time.monotonic() < deadline:
        settle(app, 0.1)
    workbench.welcome.retranslate_ui()


def render_providers_dialog(out: Path, language: str) -> Path:
    """The providers dialog on the local engine's profile, with an OpenAI profile beside it."""
    from desktop.providers.profiles import Profile, ProviderKind
    from desktop.ui.profiles.dialog import ProfilesDialog

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translations(language)
    scratch = Path(tempfile.mkdtemp(prefix="finetune-desk-services-"))
    services = create_provider_services(
        scratch / "config", scratch / "data", ProfileSecrets(SessionSecretStore(), SessionSecretStore())
    )
    services.profiles.save(Profile.create("OpenAI", ProviderKind.OPENAI))
    dialog = ProfilesDialog(services)
    dialog.show()
    settle(app, 1.0)
    out.parent.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(out))
    dialog.close()
    services.shutdown()
    settle(app, 0.1)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=SCREENSHOTS)
    parser.add_argument(
        "--user-home",
        type=Path,
        default=USER_HOME,
        help="home of the welcome page's recent file",
    )
    parser.add_argument(
        "--only",
        choices=("editor", "welcome", "providers"),
        action="append",
        help="render only these",
    )
    arguments = parser.parse_args()
    wanted = set(arguments.only or ("editor", "welcome", "providers"))
    application()
    for language, suffix in (("en", "en"), ("zh_CN", "zh")):
        if "editor" in wanted:
            out = arguments.out / f"editor_{suffix}.png"
            print(render_main_window(out, language, "editor", show_chinese_chat))
        if "welcome" in wanted:
            with user_file(arguments.user_home / RECENT_FILE[language]) as recent:
                out = arguments.out / f"welcome_{suffix}.png"
                print(
                    render_main_window(
                        out, language, "welcome", functools.partial(show_welcome, recent=recent)
                    )
                )
        if "providers" in wanted:
            print(render_providers_dialog(arguments.out / f"providers_{suffix}.png", language))
    return 0


if __name__ == "__main__":
    sys.exit(main())

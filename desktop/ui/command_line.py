"""Commands of the packaged app that need no window: ``--self-test`` and ``--setup-training-runtime``.

``finetune-desk --self-test`` checks that a build works on this computer: it opens the bundled sample
(offscreen), runs the checks, counts tokens, writes JSONL to a temporary folder, reads the keyring
backend's name and starts the local engine; with ``--train`` (and a training runtime set up) it also
fine-tunes ``tiny-random`` and asks the result a question. It prints each step and exits 0 only if
every step worked.

``finetune-desk --setup-training-runtime`` installs (or ``--remove``s) the training runtime from a
terminal, the same way the "Set up local training" dialog does.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop import APP_NAME, ORGANIZATION, __version__


def _default_data_dir() -> Path:
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    if QCoreApplication.instance() is None:
        QCoreApplication.setApplicationName(APP_NAME)
        QCoreApplication.setOrganizationName(ORGANIZATION)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="finetune-desk")
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--setup-training-runtime", action="store_true")
    parser.add_argument("--remove", action="store_true", help="remove the training runtime")
    parser.add_argument("--train", action="store_true", help="self-test: also fine-tune tiny-random")
    parser.add_argument("--data-dir", type=Path, default=None, help="the app's data folder")
    # A windowed Windows build has no console to print to: the report also goes to this file.
    parser.add_argument("--report", type=Path, default=None, help="self-test: also write the report here")
    parser.add_argument("--no-pip-config", action="store_true", help="ignore this computer's pip settings")
    parser.add_argument("--index-url", default=None, help="a mirror of PyPI")
    parser.add_argument("--pytorch-index-url", default=None, help='the PyTorch index ("" for none)')
    parser.add_argument("--find-links", action="append", default=[], help="a folder or page of wheels")
    arguments, _unknown = parser.parse_known_args(argv)
    return arguments


def main(argv: list[str]) -> int:
    arguments = _parse(argv[1:])
    if arguments.setup_training_runtime:
        return setup_training_runtime(arguments)
    return self_test(arguments)


# -- the training runtime from a terminal


def setup_training_runtime(arguments: argparse.Namespace) -> int:
    from dataclasses import replace

    from desktop.providers import training_runtime as rt

    data_dir = arguments.data_dir or _default_data_dir()
    layout = rt.RuntimeLayout(data_dir)
    installer = rt.RuntimeInstaller(layout, app_version=__version__)
    if arguments.remove:
        installer.remove()
        print(f"removed the training runtime from {data_dir}")
        return 0
    sources = rt.load_sources(data_dir)
    if arguments.no_pip_config:
        sources = replace(sources, use_pip_config=False)
    if arguments.index_url is not None:
        sources = replace(sources, index_url=arguments.index_url)
    if arguments.pytorch_index_url is not None:
        sources = replace(sources, pytorch_index_url=arguments.pytorch_index_url)
    if arguments.find_links:
        sources = replace(sources, find_links=tuple(arguments.find_links))
    hardware = rt.detect_hardware()
    plan = rt.make_plan(hardware, sources, rt.read_pip_config())
    for line in rt.describe(plan):
        print(line)
    if hardware.note_en:
        print(hardware.note)
    last = [""]

    def show(progress: rt.Progress) -> None:
        if progress.message != last[0]:
            last[0] = progress.message
            percent = "" if progress.fraction is None else f"{progress.fraction * 100:3.0f}% "
            print(percent + progress.message, flush=True)

    try:
        manifest = installer.install(plan, show)
    except rt.RuntimeSetupError as error:
        print(error.message, file=sys.stderr)
        if error.detail:
            print(error.detail, file=sys.stderr)
        return 1
    except rt.SetupCancelled:
        return 130
    print(f"installed into {layout.runtime}: " + json.dumps(manifest["versions"]))
    return 0


# -- the self-test


class _Steps:
    def __init__(self, report: Path | None = None) -> None:
        self.failed: list[str] = []
        self._report = report.open("w", encoding="utf-8") if report is not None else None

    def say(self, line: str) -> None:
        print(line, flush=True)
        if self._report is not None:
            self._report.write(line + "\n")
            self._report.flush()

    def close(self) -> None:
        if self._report is not None:
            self._report.close()

    def run(self, name: str, step: Callable[[], str]) -> Any:
        started = time.monotonic()
        try:
            detail = step()
        except Exception as error:  # every failure is reported, then the next step runs
            self.failed.append(name)
            self.say(f"FAIL {name}: {type(error).__name__}: {error}")
            return None
        self.say(f"ok   {name} ({time.monotonic() - started:.1f} s): {detail}")
        return detail


def self_test(arguments: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.ui.app import create_application

    app = create_application([sys.argv[0]])
    assert isinstance(app, QApplication)
    steps = _Steps(arguments.report)
    steps.say(f"{APP_NAME} {__version__} self-test ({sys.platform}, frozen={getattr(sys, 'frozen', False)})")
    with tempfile.TemporaryDirectory(prefix="finetune-desk-self-test-") as scratch:
        folder = Path(scratch)
        state: dict[str, Any] = {}
        steps.run("open the sample", lambda: _open_sample(state))
        steps.run("check the examples", lambda: _check(state))
        steps.run("count tokens", lambda: _tokens(state))
        steps.run("write JSONL", lambda: _write_jsonl(state, folder))
        steps.run("keyring", _keyring)
        data_dir = arguments.data_dir or folder / "data"
        steps.run("start the local engine", lambda: _start_engine(state, data_dir))
        if arguments.train and "engine" in state:
            steps.run("fine-tune tiny-random and ask it", lambda: _train(state, folder))
        if "engine" in state:
            state["engine"].stop()
    steps.say("self-test " + ("passed" if not steps.failed else "FAILED: " + ", ".join(steps.failed)))
    steps.close()
    return 0 if not steps.failed else 1


def _open_sample(state: dict[str, Any]) -> str:
    from desktop.core.readers.opening import open_dataset
    from desktop.ui.document import DatasetDocument
    from desktop.ui.resources import sample_dataset_path
    from desktop.ui.table_model import DatasetTableModel

    path = sample_dataset_path()
    result = open_dataset(path)
    document = DatasetDocument(result.dataset)
    model = DatasetTableModel(document)
    state.update(dataset=result.dataset, document=document, model=model)
    if model.rowCount() != len(result.dataset.examples) or model.rowCount() == 0:
        raise AssertionError(f"the table shows {model.rowCount()} rows of {len(result.dataset.examples)}")
    return f"{path.name}: {model.rowCount()} examples in the table"


def _check(state: dict[str, Any]) -> str:
    from desktop.core.checks import analyze

    analysis = analyze(state["dataset"], parallel=False)
    state["analysis"] = analysis
    return f"{len(analysis.errors)} errors, {len(analysis.warnings)} warnings"


def _tokens(state: dict[str, Any]) -> str:
    summary = state["analysis"].summary
    if summary.total_tokens <= 0:
        raise AssertionError("no tokens counted")
    return f"{summary.total_tokens} tokens ({summary.encoding}), longest example {summary.max_tokens}"


def _write_jsonl(state: dict[str, Any], folder: Path) -> str:
    from desktop.core.readers.opening import open_dataset
    from desktop.core.writers import save_dataset

    path = folder / "sample.jsonl"
    save_dataset(state["dataset"], path)
    again = open_dataset(path).dataset
    if len(again.examples) != len(state["dataset"].examples):
        raise AssertionError(
            f"wrote {len(state['dataset'].examples)} examples, read back {len(again.examples)}"
        )
    return f"{path.stat().st_size} bytes, read back {len(again.examples)} examples"


def _keyring() -> str:
    from desktop.providers.secrets import SecretStore

    return SecretStore().backend_name()


def _start_engine(state: dict[str, Any], data_dir: Path) -> str:
    from desktop.providers.local_engine import LocalEngineProcess
    from desktop.providers.training_runtime import RuntimeLayout, engine_launch

    launch = engine_launch(RuntimeLayout(data_dir))
    token = "ftd-self-test-" + secrets.token_urlsafe(16)
    engine = LocalEngineProcess(
        data_dir / "engine",
        token,
        python=launch.python if launch else None,
        engine_source=launch.engine_source if launch else None,
    )
    base_url = engine.start()
    state["engine"] = engine
    request = urllib.request.Request(base_url + "/models", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        models = [model["id"] for model in json.load(response)["data"]]
    if "tiny-random" not in models:
        raise AssertionError(f"the engine lists {models}")
    runtime = f"training runtime {launch.python}" if launch else "no training runtime"
    return f"{base_url} serves {len(models)} models ({runtime})"


def _train(state: dict[str, Any], folder: Path) -> str:
    import openai

    engine = state["engine"]
    client = openai.OpenAI(base_url=engine.base_url, api_key=engine.token)
    path = folder / "chat.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for example in state["dataset"].examples[:10]:
            record = example.record
            messages = [
                {"role": "user", "content": str(record["prompt"])},
                {"role": "assistant", "content": str(record["completion"])},
            ]
            stream.write(json.dumps({"messages": messages}, ensure_ascii=False) + "\n")
    with path.open("rb") as stream:
        uploaded = client.files.create(file=stream, purpose="fine-tune")
    job = client.fine_tuning.jobs.create(
        model="tiny-random",
        training_file=uploaded.id,
        suffix="self-test",
        seed=7,
        method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 1, "batch_size": 2}}},
    )
    deadline = time.monotonic() + 600
    while job.status not in ("succeeded", "failed", "cancelled"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"job {job.id} still {job.status} after 10 minutes")
        time.sleep(0.5)
        job = client.fine_tuning.jobs.retrieve(job.id)
    if job.status != "succeeded" or not job.fine_tuned_model:
        raise AssertionError(f"job {job.id} {job.status}: {job.error}")
    reply = client.chat.completions.create(
        model=job.fine_tuned_model,
        messages=[{"role": "user", "content": "What is Finetune Desk?"}],
        max_tokens=8,
        seed=7,
    )
    answer = reply.choices[0].message.content or ""
    if not reply.choices or reply.usage is None or reply.usage.completion_tokens <= 0:
        raise AssertionError("the fine-tuned model gave no answer")
    return f"{job.fine_tuned_model} answered {answer!r} ({reply.usage.completion_tokens} tokens)"

"""Local training from the packaged app: the bundle sets up its training runtime with this computer's
package configuration (pip's files and variables; torch 2.13.0 CPU is on its find-links), then its
self-test fine-tunes tiny-random through the bundle's engine running on that runtime and asks the
fine-tuned model a question. Nothing is mocked; it needs the package index the machine's pip uses.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import subprocess
from pathlib import Path

import pytest

HARMLESS_STDERR = re.compile(r"This plugin does not support (propagateSizeHints|raise)\(\)")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DBUS_SESSION_BUS_ADDRESS"), reason="the self-test reads the keyring"
    ),
]


def test_the_bundle_sets_up_local_training_then_trains_and_answers(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    # The account's real home (./test.sh gives the tests a throw-away HOME): its pip configuration,
    # with the machine's and the PIP_* variables, is what the set-up must honour. The PyTorch index is
    # switched off because this machine reaches only its own package sources.
    environment = {key: value for key, value in os.environ.items() if key != "XDG_CONFIG_HOME"}
    environment.update(QT_QPA_PLATFORM="offscreen", HOME=pwd.getpwuid(os.getuid()).pw_dir)
    setup = subprocess.run(
        [str(bundle), "--setup-training-runtime", "--data-dir", str(data), "--pytorch-index-url", ""],
        env=environment,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "100% The training runtime is ready." in setup.stdout
    assert "pip configuration: " in setup.stdout  # it read this machine's pip files
    manifest = json.loads((data / "training-runtime" / "finetune-runtime.json").read_text(encoding="utf-8"))
    assert manifest["versions"]["torch"].startswith("2.13.0")
    assert manifest["hardware"] == "cpu" and manifest["versions"]["cuda_build"] is None
    assert not list(data.glob("training-runtime.partial-*"))
    engine_source = bundle.parent / "_internal" / "engine-src"
    assert not list(engine_source.rglob("__pycache__")), "bytecode belongs in the runtime, not the app"

    home = tmp_path / "home"
    trained = subprocess.run(
        [str(bundle), "--self-test", "--train", "--data-dir", str(data)],
        env=dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
        ),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert trained.returncode == 0, trained.stdout + trained.stderr
    lines = trained.stdout.splitlines()
    engine = next(line for line in lines if line.startswith("ok   start the local engine"))
    assert str(data / "training-runtime") in engine  # the engine ran on the runtime's Python
    answer = next(line for line in lines if line.startswith("ok   fine-tune tiny-random and ask it"))
    assert "ft:tiny-random:" in answer and "answered" in answer
    assert lines[-1] == "self-test passed"
    assert not list(engine_source.rglob("__pycache__"))
    assert list((data / "training-runtime" / "pycache").rglob("trainer*.pyc"))
    unexpected = [
        line for line in trained.stderr.splitlines() if line.strip() and not HARMLESS_STDERR.search(line)
    ]
    assert unexpected == []

"""The installer's contents work: build with build.spec, start the app and the engine from the bundle.

Peer tools shipped PyInstaller builds that did not start; this builds ours the way a release does
and runs the binary (qutebrowser's smoke-test idea), failing on unexpected output on stderr.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Lines the offscreen platform prints that say nothing about our build.
HARMLESS_STDERR = re.compile(r"This plugin does not support (propagateSizeHints|raise)\(\)")


def _environment(home: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
    )


def test_the_packaged_app_opens_and_quits_cleanly(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(bundle), "--smoke-test", "--sample"],
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    unexpected = [
        line for line in result.stderr.splitlines() if line.strip() and not HARMLESS_STDERR.search(line)
    ]
    assert result.returncode == 0, result.stderr[-4000:]
    assert unexpected == []


def test_the_packaged_app_reports_its_version(bundle: Path, tmp_path: Path) -> None:
    from desktop import __version__

    result = subprocess.run(
        [str(bundle), "--version"],
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_the_packaged_engine_serves_the_api(bundle: Path, tmp_path: Path) -> None:
    token = "bundle-test-token"
    engine = subprocess.Popen(
        [str(bundle), "engine", "serve", "--port", "0", "--data-dir", str(tmp_path / "engine")],
        env=dict(_environment(tmp_path), FINETUNE_ENGINE_TOKEN=token),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert engine.stdout is not None
        base_url = ""
        for line in engine.stdout:
            match = re.search(r"(http://\S+/v1)\b", line)
            if match:
                base_url = match.group(1)
                break
        assert base_url, "the bundled engine never said where it listens"
        request = urllib.request.Request(base_url + "/models", headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            models = json.load(response)
        assert "tiny-random" in [model["id"] for model in models["data"]]
    finally:
        engine.terminate()
        engine.wait(timeout=60)

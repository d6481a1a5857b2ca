"""The Windows and macOS release workflows cannot run here: check what can be checked without them.

They must parse, build with the same build.spec, and agree with the files they use: the Inno Setup
script's paths, the installer's and the app bundle's names, the self-test they run.
"""

from __future__ import annotations

import re
from pathlib import Path, PureWindowsPath
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
yaml = pytest.importorskip("yaml")


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def run_text(data: dict[str, Any]) -> str:
    (job,) = data["jobs"].values()
    return "\n".join(step.get("run", "") for step in job["steps"])


@pytest.mark.parametrize("name", ["windows.yml", "macos.yml"])
def test_each_workflow_builds_with_build_spec_and_self_tests(name: str) -> None:
    data = workflow(name)
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    triggers = data.get("on", data.get(True))
    assert {"push", "workflow_dispatch"} <= set(triggers)
    assert data["permissions"] == {"contents": "read"}
    (job,) = data["jobs"].values()
    assert job["timeout-minutes"] <= 60
    commands = run_text(data)
    assert "PyInstaller build.spec" in commands
    assert "--self-test" in commands
    assert '".[dev]"' in commands  # the dev extra carries PyInstaller and uv
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", action) for action in uses), uses


def test_the_inno_setup_script_points_at_files_that_exist() -> None:
    script = ROOT / "packaging" / "windows" / "finetune-desk.iss"
    text = script.read_text(encoding="utf-8")
    icon = re.search(r"^SetupIconFile=(.+)$", text, re.M)
    assert icon is not None
    assert (script.parent / Path(*PureWindowsPath(icon.group(1)).parts)).resolve().is_file()
    source = re.search(r'^Source: "([^"]+)"', text, re.M)
    assert source is not None and PureWindowsPath(source.group(1)).parts[-3:] == (
        "dist",
        "finetune-desk",
        "*",
    )
    for extension in (".xlsx", ".csv", ".jsonl"):
        assert f"Software\\Classes\\{extension}\\OpenWithProgids" in text
    output = re.search(r"^OutputBaseFilename=(.+)$", text, re.M)
    assert output is not None
    installer_glob = output.group(1).replace("{#AppVersion}", "*") + ".exe"
    assert installer_glob in run_text(workflow("windows.yml"))
    assert "packaging\\windows\\finetune-desk.iss" in run_text(workflow("windows.yml"))


def test_the_macos_workflow_uses_the_app_bundle_build_spec_makes() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    app = re.search(r'BUNDLE\(\s*coll,\s*name="([^"]+)"', spec)
    assert app is not None and app.group(1) == "Finetune Desk.app"
    commands = run_text(workflow("macos.yml"))
    assert f"dist/{app.group(1)}/Contents/MacOS/finetune-desk" in commands
    assert "hdiutil create" in commands and "-macos-arm64.dmg" in commands

"""The .deb and .tar.gz from packaging/build-linux.sh: contents, desktop integration, and the installed
app's self-test.

In CI (``CI`` set, running as root) the .deb is installed for real with ``dpkg -i`` and the installed
``/usr/bin/finetune-desk --self-test`` runs; elsewhere the package is unpacked with ``dpkg-deb -x``
and the unpacked binary's self-test runs, so a developer's machine is never changed.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
OPENED_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",  # .xlsx
    "text/csv",
    "application/jsonl",
}
HARMLESS_STDERR = re.compile(r"This plugin does not support (propagateSizeHints|raise)\(\)")

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="Linux packages"),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is not installed"),
]


@pytest.fixture(scope="module")
def packages(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    dist = tmp_path_factory.mktemp("packages")
    result = subprocess.run(
        ["bash", "packaging/build-linux.sh", "--bundle", str(bundle.parent), "--dist", str(dist), "--fast"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env=dict(os.environ, PYTHON=sys.executable),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (deb,) = dist.glob("finetune-desk_*.deb")
    (tarball,) = dist.glob("finetune-desk-*-linux-*.tar.gz")
    return {"deb": deb, "tar": tarball}


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.RawConfigParser(strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def assert_desktop_integration(share: Path) -> None:
    entry = desktop_entry(share / "applications" / "finetune-desk.desktop")
    assert entry["Name"] == "Finetune Desk" and entry["Name[zh_CN]"] == "微调工作台"
    assert entry["Icon"] == "finetune-desk" and entry["Terminal"] == "false"
    assert entry["Exec"].endswith(" %f")
    assert set(filter(None, entry["MimeType"].split(";"))) >= OPENED_TYPES
    for size in SIZES:
        icon = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "finetune-desk.png"
        assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", icon
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "finetune-desk.svg").is_file()
    mime = (share / "mime" / "packages" / "finetune-desk.xml").read_text(encoding="utf-8")
    assert 'type="application/jsonl"' in mime and 'pattern="*.jsonl"' in mime
    validator = shutil.which("desktop-file-validate")
    if validator is not None:
        checked = subprocess.run(
            [validator, str(share / "applications" / "finetune-desk.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout + checked.stderr


def test_the_deb_describes_itself_and_holds_the_app_and_its_desktop_integration(
    packages: dict[str, Path], tmp_path: Path
) -> None:
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(packages["deb"]), "Package", "Version", "Architecture", "Depends"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    from desktop import __version__

    assert "Package: finetune-desk" in fields and f"Version: {__version__}" in fields
    assert "libgl1" in fields
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(packages["deb"]), str(root)], check=True)
    launcher = root / "usr" / "bin" / "finetune-desk"
    assert launcher.is_symlink() and os.readlink(launcher) == "../../opt/finetune-desk/finetune-desk"
    assert os.access(root / "opt" / "finetune-desk" / "finetune-desk", os.X_OK)
    assert (root / "opt" / "finetune-desk" / "_internal" / "uv").is_file()  # sets up local training
    engine_source = root / "opt" / "finetune-desk" / "_internal" / "engine-src" / "engine"
    # Every file of the engine package, data too, for the training runtime's Python to run it.
    shipped = {path.relative_to(engine_source) for path in engine_source.rglob("*") if path.is_file()}
    expected = {
        path.relative_to(ROOT / "engine")
        for path in (ROOT / "engine").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert expected <= shipped, sorted(expected - shipped)
    assert_desktop_integration(root / "usr" / "share")


def test_the_tarball_registers_itself_for_one_user(packages: dict[str, Path], tmp_path: Path) -> None:
    subprocess.run(["tar", "-xzf", str(packages["tar"]), "-C", str(tmp_path)], check=True)
    (folder,) = tmp_path.glob("finetune-desk-*-linux-*")
    assert os.access(folder / "finetune-desk" / "finetune-desk", os.X_OK)
    data_home = tmp_path / "data-home"
    result = subprocess.run(
        ["sh", str(folder / "install-desktop-entry.sh")],
        env=dict(os.environ, XDG_DATA_HOME=str(data_home)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert_desktop_integration(data_home)
    entry = desktop_entry(data_home / "applications" / "finetune-desk.desktop")
    assert entry["Exec"] == f'"{folder}/finetune-desk/finetune-desk" %f'


def dpkg_waiting_for_the_lock(*arguments: str) -> subprocess.CompletedProcess[str]:
    """dpkg, retried while another package tool (apt, unattended upgrades) holds its lock."""
    deadline = time.monotonic() + 300
    while True:
        result = subprocess.run(["dpkg", *arguments], capture_output=True, text=True, check=False)
        if result.returncode == 0 or "lock" not in result.stderr or time.monotonic() > deadline:
            return result
        time.sleep(2)


@pytest.fixture
def installed_binary(packages: dict[str, Path], tmp_path: Path) -> Iterator[Path]:
    """The app as the .deb installs it: for real in CI, else unpacked into a temporary folder."""
    if os.environ.get("CI") and hasattr(os, "geteuid") and os.geteuid() == 0:
        status = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", "finetune-desk"], capture_output=True, text=True
        )
        # A removed package leaves "deinstall ok config-files": only "install ok installed" counts.
        was_installed = status.stdout.strip() == "install ok installed"
        result = dpkg_waiting_for_the_lock("-i", str(packages["deb"]))
        assert result.returncode == 0, result.stdout + result.stderr
        try:
            yield Path("/usr/bin/finetune-desk")
        finally:
            if not was_installed:
                dpkg_waiting_for_the_lock("--purge", "finetune-desk")
        return
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(packages["deb"]), str(root)], check=True)
    yield root / "usr" / "bin" / "finetune-desk"


@pytest.mark.skipif(not os.environ.get("DBUS_SESSION_BUS_ADDRESS"), reason="the self-test reads the keyring")
def test_the_installed_app_passes_its_self_test(installed_binary: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed_binary), "--self-test"],
        env=dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            HOME=str(tmp_path),
            XDG_CONFIG_HOME=str(tmp_path / ".config"),
            XDG_DATA_HOME=str(tmp_path / ".local" / "share"),
        ),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "frozen=True" in result.stdout and result.stdout.splitlines()[-1] == "self-test passed"
    unexpected = [
        line for line in result.stderr.splitlines() if line.strip() and not HARMLESS_STDERR.search(line)
    ]
    assert unexpected == []

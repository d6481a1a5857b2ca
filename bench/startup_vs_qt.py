"""Start-up of the packaged app against a minimal PySide6 window, and the sizes of what is shipped.

Usage: python bench/startup_vs_qt.py [--bundle DIST/finetune-desk] [--runs N] [--runtime DATA_DIR]

Without --bundle it builds one from build.spec into a temporary folder first. Then, alternately and
in the same run, it times N cold-ish starts of each (offscreen, each a new process, from spawn to
exit):
  ours: the bundle, `finetune-desk --quit-when-shown`: spawn until it prints "window shown" (the
        main window up and the event loop entered once)
  peer: `python -c` with a minimal PySide6 QMainWindow that does the same (not frozen: the venv's
        Python, so the ratio also holds PyInstaller's own start-up cost)
It prints the medians, the bundle's size on disk, and with --runtime the size of a training
runtime set up there (desktop/providers/training_runtime.py). The last line is
ratio=<our median / peer median> (how many times longer the app takes to start).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PEER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("minimal")
window.resize(800, 600)
window.show()
QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
sys.exit(app.exec())
"""


def folder_size(path: Path) -> int:
    total = 0
    seen: set[tuple[int, int]] = set()
    for root, _folders, files in os.walk(path):
        for name in files:
            stat = os.lstat(os.path.join(root, name))
            if (stat.st_dev, stat.st_ino) not in seen:  # hard links (uv's cache) count once
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_size
    return total


def build_bundle(work: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "build.spec", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build")],
        cwd=REPO,
        check=True,
    )  # fmt: skip
    return work / "dist" / "finetune-desk"


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from spawn to the "window shown" line (the exit afterwards is not counted)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "window shown":
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError(f"{command[0]} never showed its window (exit {process.wait()})")
    process.stdout.close()
    process.wait(timeout=120)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, help="a built bundle folder (dist/finetune-desk)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--runtime", type=Path, help="a data folder with a training runtime")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ftd-bench-") as scratch:
        folder = arguments.bundle or build_bundle(Path(scratch))
        binary = folder / ("finetune-desk.exe" if os.name == "nt" else "finetune-desk")
        home = Path(scratch) / "home"
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
        )
        ours_command = [str(binary), "--quit-when-shown"]
        peer_command = [sys.executable, "-c", PEER]
        timed(ours_command, env)  # first runs fill the OS file cache for both
        timed(peer_command, env)
        ours: list[float] = []
        peer: list[float] = []
        for _ in range(arguments.runs):
            ours.append(timed(ours_command, env))
            peer.append(timed(peer_command, env))
        print(f"bundle: {folder}  size on disk {folder_size(folder) / 2**20:.0f} MiB")
        if arguments.runtime is not None:
            for name in ("training-runtime", "training-cache", "training-python"):
                path = arguments.runtime / name
                if path.exists():
                    print(f"{name}: {folder_size(path) / 2**20:.0f} MiB")
            print(f"runtime + cache together: {folder_size(arguments.runtime) / 2**20:.0f} MiB")
        runs = f"over {len(ours)} runs each"
        print(f"ours (bundle, spawn to window shown): median {statistics.median(ours):.3f} s {runs}")
        print(f"peer (minimal PySide6 window, spawn to shown): median {statistics.median(peer):.3f} s {runs}")
        print(f"ratio={statistics.median(ours) / statistics.median(peer):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where the app's resources folder is: next to the package, or inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def sample_dataset_path() -> Path:
    return resources_dir() / "samples" / "sample_prompt_completion.jsonl"

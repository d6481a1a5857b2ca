"""Where the app's resources folder is: next to the package, or inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_dir() -> Path:
    """The application icon in every format: finetune-desk.svg, finetune-desk-<size>.png, .ico, .icns."""
    return resources_dir() / "icons"


def icon_png_path(size: int) -> Path:
    """The PNG rendering of the application icon at ``size`` pixels (one of ICON_SIZES)."""
    if size not in ICON_SIZES:
        raise ValueError(f"no {size} px icon; sizes: {ICON_SIZES}")
    return icon_dir() / f"finetune-desk-{size}.png"


def sample_dataset_path() -> Path:
    return resources_dir() / "samples" / "sample_prompt_completion.jsonl"

"""Base models the engine can fine-tune and serve, and "auto" hyperparameters. No torch here.

A base model is the built-in ``tiny-random``, a model folder (an absolute path, or a folder under
``DATA_DIR/models/``), or a Hugging Face id (``org/name``), downloaded only when a job asks for it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine import tiny_random

HF_ID_PATTERN = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
DEFAULT_LORA_RANK = 8
DEFAULT_BASE_LEARNING_RATE = 2e-4
DEFAULT_MAX_LENGTH = 2048
DEFAULT_DPO_BETA = 0.1

# The cookbook's heuristic for "auto" epochs (OpenAI's documented behaviour).
TARGET_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25


@dataclass(frozen=True)
class BaseModel:
    id: str  # what the API calls it
    source: str  # tiny-random, a folder path, or a Hugging Face id
    description: str
    lora_rank: int = DEFAULT_LORA_RANK
    base_learning_rate: float = DEFAULT_BASE_LEARNING_RATE
    max_length: int = DEFAULT_MAX_LENGTH
    name_in_ids: str = ""  # set when continuing a fine-tuned model: its original base's name
    context_length: int | None = None  # the longest sequence the model takes, when known

    @property
    def is_tiny_random(self) -> bool:
        return self.source == tiny_random.TINY_RANDOM_ID

    def short_name(self) -> str:
        """The base's name inside a fine-tuned model id (a folder's name, not its whole path)."""
        if self.name_in_ids:
            return self.name_in_ids
        if self.source.startswith("/"):
            return Path(self.source).name
        return self.id

    def as_model(self, created: int) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "model",
            "created": created,
            "owned_by": "system",
            "description": self.description,
        }


TINY_RANDOM = BaseModel(
    id=tiny_random.TINY_RANDOM_ID,
    source=tiny_random.TINY_RANDOM_ID,
    description=tiny_random.TINY_RANDOM_DESCRIPTION,
    lora_rank=tiny_random.LORA_RANK,
    base_learning_rate=tiny_random.BASE_LEARNING_RATE,
    max_length=1024,
)


def is_model_folder(path: Path) -> bool:
    return (path / "config.json").is_file()


def local_models(models_dir: Path) -> list[BaseModel]:
    """Model folders the user put under ``DATA_DIR/models/``."""
    if not models_dir.is_dir():
        return []
    return [
        BaseModel(folder.name, str(folder), f"Local model folder {folder}")
        for folder in sorted(models_dir.iterdir())
        if is_model_folder(folder)
    ]


def find_base_model(model: str, models_dir: Path) -> BaseModel | None:
    """The base model ``model`` names, or None when it names none (no download is tried here)."""
    if model == TINY_RANDOM.id:
        return TINY_RANDOM
    for local in local_models(models_dir):
        if local.id == model:
            return local
    if model.startswith("/") and is_model_folder(Path(model)):
        return BaseModel(model, model, f"Local model folder {model}")
    if is_hub_id(model):
        return BaseModel(model, model, f"Hugging Face model {model} (downloaded on first use)")
    return None


def is_hub_id(model: str) -> bool:
    """``owner/name`` as the Hugging Face hub allows it: no ``.``/``..`` parts (``a/..`` would name a
    folder on this machine), no ``--`` or ``..`` inside, no name that starts or ends with ``.``/``-``."""
    if not HF_ID_PATTERN.match(model):
        return False
    return all(
        ".." not in part and "--" not in part and part[0] not in ".-" and part[-1] not in ".-"
        for part in model.split("/")
    )


def auto_epochs(examples: int) -> int:
    epochs = TARGET_EPOCHS
    if examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        epochs = min(MAX_DEFAULT_EPOCHS, math.ceil(MIN_TARGET_EXAMPLES / examples))
    elif examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        epochs = max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // examples)
    return epochs

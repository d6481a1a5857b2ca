"""The recommended base models (``engine/base_models.json``) and the listing the API gives of them.

The data file holds, per model, facts looked up on the publisher's model card and the hub's file
listing, each with its source and the date it was checked; a fact that could not be verified is
``null`` with a note saying so (the app then shows it as unknown, and ``GET
/v1/engine/hub_models/{id}`` gives the hub's exact figures). ``listing`` adds what only this
machine knows: whether the model is downloaded, and whether its training fits here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from engine import catalog, fit, hub, tiny_random

DATA_FILE = Path(__file__).with_name("base_models.json")


@dataclass(frozen=True)
class CatalogModel:
    id: str
    display_name: str
    recommended_for: dict[str, str]
    facts: dict[str, Any] = field(default_factory=dict)  # name -> value (None when unverified)

    def fact(self, name: str) -> Any:
        return self.facts.get(name)


@cache
def recommended() -> tuple[CatalogModel, ...]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    models = []
    for item in data["models"]:
        facts = {name: entry.get("value") for name, entry in item["facts"].items()}
        models.append(CatalogModel(item["id"], item["display_name"], item["recommended_for"], facts))
    return tuple(models)


def find(model_id: str) -> CatalogModel | None:
    return next((m for m in recommended() if m.id == model_id), None)


def base_model_for(model_id: str, models_dir: Path) -> catalog.BaseModel | None:
    """``catalog.find_base_model`` with what the catalog knows (the context length)."""
    base = catalog.find_base_model(model_id, models_dir)
    entry = find(model_id)
    if base is None or entry is None or not entry.fact("context_length"):
        return base
    from dataclasses import replace

    return replace(base, context_length=int(entry.fact("context_length")))


def shape_of(model_id: str, folder: Path | None, parameters: int | None) -> fit.ModelShape | None:
    """The model's shape: from its config.json when it is on this machine, else from its size."""
    if folder is not None:
        shape = fit.ModelShape.from_folder(folder, parameters)
        if shape is not None:
            return shape
    cached = hub.local_snapshot(model_id) if hub.HF_ID_PATTERN.match(model_id) else None
    if cached is not None:
        shape = fit.ModelShape.from_folder(cached, parameters)
        if shape is not None:
            return shape
    return fit.ModelShape.from_parameters(parameters) if parameters else None


def _from_weights(entry: CatalogModel) -> int | None:
    """For the fit estimate only, where the parameter count is unknown: bfloat16 weights take two
    bytes a parameter."""
    size = entry.fact("download_bytes")
    return int(size) // 2 if size else None


def tiny_shape() -> fit.ModelShape:
    hidden = tiny_random.HIDDEN_SIZE
    return fit.ModelShape.from_config(
        {
            "hidden_size": hidden,
            "num_hidden_layers": tiny_random.LAYERS,
            "num_attention_heads": 4,
            "num_key_value_heads": 4,
            "intermediate_size": hidden * 2,
            "vocab_size": tiny_random.VOCAB_LIMIT,
            "tie_word_embeddings": False,
        }
    )


def default_fits(shape: fit.ModelShape | None, base: catalog.BaseModel) -> dict[str, Any] | None:
    """Fit at the default batch and length (4 × 512 tokens), with gradient checkpointing when it
    would not fit comfortably without (as the trainer then decides)."""
    if shape is None:
        return None
    length = min(fit.DEFAULT_LENGTH, base.context_length or fit.DEFAULT_LENGTH)
    float32 = True if base.is_tiny_random else None  # the trainer keeps tiny-random in float32
    plain = fit.fits(shape, fit.DEFAULT_BATCH, length, base.lora_rank, float32=float32)
    if plain["verdict"] == "ok":
        return plain
    # As the trainer does when a batch would not fit: gradient checkpointing.
    return fit.fits(shape, fit.DEFAULT_BATCH, length, base.lora_rank, checkpointing=True, float32=float32)


def listing(models_dir: Path) -> list[dict[str, Any]]:
    """Every base model: tiny-random, the recommended ones, downloaded hub models, local folders."""
    items: list[dict[str, Any]] = []
    tiny = catalog.TINY_RANDOM
    items.append(
        {
            "id": tiny.id,
            "display_name": "tiny-random (test model)",
            "parameters": tiny_shape().parameters,
            "download_bytes": 0,
            "license": "MIT",
            "gated": False,
            "downloaded": True,
            "context_length": tiny.max_length,
            "languages": ["zh", "en"],
            "chat_template": "tiny-random",
            "recommended_for": {
                "en": "Pipeline tests only: random weights; it learns a few answers in seconds, no more.",
                "zh": "仅用于测试流程：随机权重，几秒内能记住几条答案，别无他用。",
            },
            "test_model": True,
            "description": tiny.description,
            "fits": default_fits(tiny_shape(), tiny),
        }
    )
    listed = {tiny.id}
    for entry in recommended():
        folder = hub.local_snapshot(entry.id)
        base = base_model_for(entry.id, models_dir) or catalog.BaseModel(entry.id, entry.id, "")
        parameters = entry.fact("parameters")
        items.append(
            {
                "id": entry.id,
                "display_name": entry.display_name,
                "parameters": parameters,
                "download_bytes": entry.fact("download_bytes"),
                "license": entry.fact("license"),
                "gated": bool(entry.fact("gated")),
                "downloaded": folder is not None,
                "context_length": entry.fact("context_length"),
                "languages": entry.fact("languages") or [],
                "chat_template": entry.fact("chat_template"),
                "recommended_for": entry.recommended_for,
                "test_model": False,
                "fits": default_fits(shape_of(entry.id, folder, parameters or _from_weights(entry)), base),
            }
        )
        listed.add(entry.id)
    for repo_id, folder in downloaded_hub_models():
        if repo_id not in listed:
            items.append(_folder_item(repo_id, folder, models_dir))
            listed.add(repo_id)
    for local in catalog.local_models(models_dir):
        if local.id not in listed:
            items.append(_folder_item(local.id, Path(local.source), models_dir))
            listed.add(local.id)
    return items


def _folder_item(model_id: str, folder: Path, models_dir: Path) -> dict[str, Any]:
    shape = fit.ModelShape.from_folder(folder)
    base = catalog.find_base_model(model_id, models_dir) or catalog.BaseModel(model_id, str(folder), "")
    return {
        "id": model_id,
        "display_name": model_id,
        "parameters": shape.parameters if shape else None,
        "download_bytes": 0,
        "license": None,
        "gated": False,
        "downloaded": True,
        "context_length": _context_of(folder),
        "languages": [],
        "chat_template": "own" if hub.chat_template_of(folder) else None,
        "recommended_for": {"en": "", "zh": ""},
        "test_model": False,
        "fits": default_fits(shape, base),
    }


def _context_of(folder: Path) -> int | None:
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    config = config.get("text_config") or config
    value = config.get("max_position_embeddings")
    return int(value) if isinstance(value, int) else None


def _is_language_model(folder: Path) -> bool:
    """A text-generation model (not, say, a sentence encoder another tool left in the cache)."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    architectures = config.get("architectures") or []
    return not architectures or any(
        str(name).endswith(("ForCausalLM", "ForConditionalGeneration")) for name in architectures
    )


def downloaded_hub_models() -> list[tuple[str, Path]]:
    """Complete models in the Hugging Face cache (downloaded here or by another tool)."""
    root = hub.cache_dir()
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.glob("models--*--*")):
        repo_id = folder.name.removeprefix("models--").replace("--", "/", 1)
        snapshot = hub.local_snapshot(repo_id)
        if snapshot is not None and _is_language_model(snapshot):
            found.append((repo_id, snapshot))
    return found

"""Hyperparameters of a local fine-tuning job: validation, and the ONE function that resolves "auto".

``resolve`` is used by job creation and by ``POST /v1/engine/estimate``, so the wizard's method and
review pages and the job itself show the same epochs, batch size and learning rate. What "auto"
becomes depends only on the number of examples, the method and the base model (not on the memory
free at the moment), so the two always agree.

The rule for real models, and where it comes from:

- **epochs**: the OpenAI cookbook's heuristic (3 epochs, more for fewer than 34 examples so that
  about 100 examples are seen, fewer above 8,333; ``catalog.auto_epochs``), raised so that training
  makes at least MIN_STEPS optimizer steps (60: the step count of Unsloth's and TRL's LoRA
  quick-start recipes, enough for a LoRA to pick up a small data set's format and facts), and at most
  MAX_AUTO_EPOCHS (10; more over-fits small sets).
- **batch size**: 8 (the effective batch of LLaMA-Factory's and Unsloth's published LoRA recipes:
  1 × 8 and 2 × 4), smaller for small sets so that an epoch has at least 8 steps: the largest power of
  two up to examples / 8, at least 1.
- **learning rate**: the base model's LoRA learning rate (2e-4, the QLoRA paper's and Unsloth's
  LoRA default) × the multiplier (auto: 1).
- **LoRA rank**: the base model's default (8, LLaMA-Factory's and peft's examples; 32 for tiny-random).
- **max sequence length**: the base model's default (2048; 1024 for tiny-random), never beyond its
  context length. Longer examples are cut; the memory estimate uses the longest example's length
  when it is known.
- **gradient checkpointing**: "auto" is decided when the trainer knows the data's lengths (the
  estimate shows what it expects: on when training would not fit comfortably without it).

tiny-random (a pipeline test model, random weights, a tokenizer trained on the job's own data) has a
recipe of its own, tuned so that with every value on auto the app's 61-row sample is answered
exactly on at least 90% of its own prompts with greedy decoding (tests/engine/test_auto_learns.py):
batch TINY_BATCH and at least TINY_MIN_STEPS steps, at its learning rate of 5e-3 and rank 32.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine import catalog
from engine.errors import bad_request

MIN_STEPS = 60
MAX_AUTO_EPOCHS = 10
RECIPE_BATCH = 8
TINY_BATCH = 4
TINY_MIN_STEPS = 480
TINY_MAX_EPOCHS = 30

LIMITS: dict[str, tuple[type, float, float]] = {
    "n_epochs": (int, 1, 50),
    "batch_size": (int, 1, 256),
    "learning_rate_multiplier": (float, 1e-6, 100),
    "beta": (float, 1e-6, 2),
    "lora_rank": (int, 1, 256),
    "max_seq_length": (int, 32, 131072),
}


@dataclass(frozen=True)
class Given:
    """What the request asked for; None where it said "auto" or nothing."""

    n_epochs: int | None = None
    batch_size: int | None = None
    learning_rate_multiplier: float | None = None
    beta: float | None = None
    lora_rank: int | None = None
    max_seq_length: int | None = None
    gradient_checkpointing: bool | None = None


@dataclass(frozen=True)
class Resolved:
    n_epochs: int
    batch_size: int
    learning_rate_multiplier: float
    learning_rate: float  # absolute: the base model's LoRA learning rate × the multiplier
    lora_rank: int
    max_seq_length: int
    gradient_checkpointing: bool | None  # None: decided by the trainer from the data's lengths
    beta: float | None  # DPO only

    def steps(self, examples: int) -> int:
        return self.n_epochs * math.ceil(examples / self.batch_size)

    def public(self) -> dict[str, Any]:
        """As the job shows them (OpenAI's keys, then the local engine's)."""
        shown: dict[str, Any] = {
            "batch_size": self.batch_size,
            "learning_rate_multiplier": self.learning_rate_multiplier,
            "n_epochs": self.n_epochs,
            "lora_rank": self.lora_rank,
            "max_seq_length": self.max_seq_length,
            "gradient_checkpointing": "auto"
            if self.gradient_checkpointing is None
            else self.gradient_checkpointing,
        }
        if self.beta is not None:
            shown["beta"] = self.beta
        return shown


def _number(value: Any, name: str, param: str) -> Any:
    if value is None or value == "auto":
        return None
    kind, low, high = LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad_request(f"{name} must be 'auto' or a number, not {value!r}", param=param)
    if kind is int and value != int(value):
        raise bad_request(f"{name} must be a whole number, not {value!r}", param=param)
    if not low <= value <= high:
        raise bad_request(f"{name} must be between {low:g} and {high:g}, not {value!r}", param=param)
    return kind(value)


def validate(values: Mapping[str, Any]) -> Given:
    """The hyperparameters of a request, checked; a 400 whose ``param`` is the bad key's name."""
    if not isinstance(values, Mapping):
        raise bad_request("hyperparameters must be an object", param="hyperparameters")
    checkpointing = values.get("gradient_checkpointing")
    if checkpointing not in (None, "auto", True, False):
        raise bad_request(
            f"gradient_checkpointing must be true, false or 'auto', not {checkpointing!r}",
            param="gradient_checkpointing",
        )
    numbers = {name: _number(values.get(name), name, name) for name in LIMITS}
    return Given(
        **numbers, gradient_checkpointing=None if checkpointing in (None, "auto") else bool(checkpointing)
    )


def resolve(given: Given, base: catalog.BaseModel, examples: int, method: str = "supervised") -> Resolved:
    """Every "auto" made concrete, from the data size, the method and the base model (see above)."""
    examples = max(1, examples)
    if base.is_tiny_random or base.name_in_ids == catalog.TINY_RANDOM.id:  # or a fine-tune of it
        batch = given.batch_size or min(TINY_BATCH, examples)
        steps_per_epoch = math.ceil(examples / batch)
        epochs = given.n_epochs or min(
            TINY_MAX_EPOCHS, max(catalog.auto_epochs(examples), math.ceil(TINY_MIN_STEPS / steps_per_epoch))
        )
    else:
        batch = given.batch_size or max(1, min(RECIPE_BATCH, _power_of_two_at_most(examples / 8)))
        steps_per_epoch = math.ceil(examples / batch)
        epochs = given.n_epochs or min(
            MAX_AUTO_EPOCHS,
            max(catalog.auto_epochs(examples), math.ceil(MIN_STEPS / steps_per_epoch)),
        )
    multiplier = given.learning_rate_multiplier or 1.0
    length = given.max_seq_length or base.max_length
    if base.context_length:
        length = min(length, base.context_length)
    return Resolved(
        n_epochs=epochs,
        batch_size=batch,
        learning_rate_multiplier=multiplier,
        learning_rate=base.base_learning_rate * multiplier,
        lora_rank=given.lora_rank or base.lora_rank,
        max_seq_length=length,
        gradient_checkpointing=given.gradient_checkpointing,
        beta=(given.beta or catalog.DEFAULT_DPO_BETA) if method == "dpo" else None,
    )


def _power_of_two_at_most(value: float) -> int:
    return 1 if value < 2 else 2 ** int(math.log2(value))

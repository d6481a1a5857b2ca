"""What the wizard will send: the training settings, the files to upload and the job request.

Pure Python (no Qt), so the review page, the start page and the tests all build the request the
same way, and what the review page shows is exactly what is sent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop.core.dataset import Dataset, Example, JSONObject, Split

SUFFIX_MAX_LENGTH = 64
# The suffix becomes part of the model name "ft:BASE:ORG:SUFFIX:ID": no colons, no spaces.
SUFFIX_PATTERN = re.compile(r"^[A-Za-z0-9._-]*$")


class TrainingMethod(StrEnum):
    SUPERVISED = "supervised"
    DPO = "dpo"


class SuffixProblem(StrEnum):
    TOO_LONG = "too_long"
    BAD_CHARACTERS = "bad_characters"


# Azure names a fine-tuned model "<base>.ft-<id>-<suffix>": at most 40 of a-z A-Z 0-9 - _ (no dots).
AZURE_SUFFIX_MAX_LENGTH = 40
AZURE_SUFFIX_PATTERN = re.compile(r"^[A-Za-z0-9_-]*$")


def suffix_max_length(azure: bool = False) -> int:
    return AZURE_SUFFIX_MAX_LENGTH if azure else SUFFIX_MAX_LENGTH


def suffix_problem(suffix: str, azure: bool = False) -> SuffixProblem | None:
    """Why a model-name suffix would be refused, or None when it is acceptable (empty is fine)."""
    if len(suffix) > suffix_max_length(azure):
        return SuffixProblem.TOO_LONG
    if not (AZURE_SUFFIX_PATTERN if azure else SUFFIX_PATTERN).match(suffix):
        return SuffixProblem.BAD_CHARACTERS
    return None


def azure_suffix_characters_text() -> str:
    """What Azure accepts in a suffix, in the UI's language."""
    from desktop.core.i18n import pick

    return pick(
        "Azure accepts only letters A–Z, digits, “-” and “_” in the suffix (no “.”).",
        "Azure 的后缀只能包含英文字母 A–Z、数字、“-”和“_”（不能含“.”）。",
    )


@dataclass
class TrainingSettings:
    """The choices of the method page. ``None`` in a hyperparameter means "auto"."""

    method: TrainingMethod = TrainingMethod.SUPERVISED
    n_epochs: int | None = None
    batch_size: int | None = None
    learning_rate_multiplier: float | None = None
    beta: float | None = None
    seed: int | None = None
    suffix: str = ""
    use_validation: bool = False
    # The local engine's own settings (sent only to the local engine; None = "auto").
    engine_settings: bool = False
    lora_rank: int | None = None
    max_seq_length: int | None = None
    gradient_checkpointing: bool | None = None
    # What the local engine resolved "auto" epochs and batch size to for this data (its estimate):
    # sent instead of "auto", so the method page, the review page and the job show the same numbers.
    resolved: dict[str, int] = field(default_factory=dict)

    @property
    def effective_epochs(self) -> int | None:
        """The epochs the job will run: the user's number, else the engine's resolved one (or None)."""
        return self.n_epochs if self.n_epochs is not None else self.resolved.get("n_epochs")

    @property
    def effective_batch_size(self) -> int | None:
        return self.batch_size if self.batch_size is not None else self.resolved.get("batch_size")

    def hyperparameters(self) -> dict[str, Any]:
        """The hyperparameters of the job request (resolved values in place of "auto" when known)."""
        return self._hyperparameters(self.effective_epochs, self.effective_batch_size)

    def estimate_hyperparameters(self) -> dict[str, Any]:
        """The user's choices for the engine's estimate: "auto" stays "auto" (the engine resolves it)."""
        return self._hyperparameters(self.n_epochs, self.batch_size)

    def _hyperparameters(self, n_epochs: int | None, batch_size: int | None) -> dict[str, Any]:
        def value(chosen: object) -> object:
            return "auto" if chosen is None else chosen

        values: dict[str, Any] = {
            "n_epochs": value(n_epochs),
            "batch_size": value(batch_size),
            "learning_rate_multiplier": value(self.learning_rate_multiplier),
        }
        if self.method is TrainingMethod.DPO:
            values["beta"] = value(self.beta)
        if self.engine_settings:
            values["lora_rank"] = value(self.lora_rank)
            values["max_seq_length"] = value(self.max_seq_length)
            values["gradient_checkpointing"] = value(self.gradient_checkpointing)
        return values


@dataclass(frozen=True)
class UploadFile:
    """One JSONL file the wizard uploads: its name, its content and how many examples it holds."""

    name: str
    purpose_split: Split
    content: bytes = field(repr=False)
    rows: int

    @property
    def size(self) -> int:
        return len(self.content)


def jsonl_bytes(records: Iterable[JSONObject]) -> bytes:
    """UTF-8 JSONL, one object per line, Chinese kept readable (what the providers accept)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def split_examples(examples: Iterable[Example], use_validation: bool) -> tuple[list[Example], list[Example]]:
    """Training and validation examples: by ``Example.split`` when validation is on, else all train."""
    train: list[Example] = []
    validation: list[Example] = []
    for example in examples:
        if use_validation and example.split is Split.VALIDATION:
            validation.append(example)
        else:
            train.append(example)
    return train, validation


def upload_files(dataset: Dataset, use_validation: bool) -> list[UploadFile]:
    """The files to upload: train.jsonl, and validation.jsonl when validation is on and has rows."""
    stem = dataset.source_path.stem if dataset.source_path is not None else "dataset"
    train, validation = split_examples(dataset.examples, use_validation)
    files = [UploadFile(f"{stem}.train.jsonl", Split.TRAIN, jsonl_bytes(e.peek() for e in train), len(train))]
    if validation:
        files.append(
            UploadFile(
                f"{stem}.validation.jsonl",
                Split.VALIDATION,
                jsonl_bytes(e.peek() for e in validation),
                len(validation),
            )
        )
    return files


def build_job_request(
    model: str,
    settings: TrainingSettings,
    training_file: str,
    validation_file: str | None,
) -> dict[str, Any]:
    """The body of ``POST /fine_tuning/jobs``, exactly as ``jobs.create(**request)`` sends it."""
    request: dict[str, Any] = {"model": model, "training_file": training_file}
    if validation_file is not None:
        request["validation_file"] = validation_file
    if settings.suffix:
        request["suffix"] = settings.suffix
    if settings.seed is not None:
        request["seed"] = settings.seed
    method = settings.method.value
    request["method"] = {"type": method, method: {"hyperparameters": settings.hyperparameters()}}
    return request


def request_json(request: dict[str, Any]) -> str:
    return json.dumps(request, ensure_ascii=False, indent=2)

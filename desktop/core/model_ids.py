"""The one parser for model ids: what a provider's model name says about the model.

The forms, as providers write them:

- a base model: ``gpt-4o-mini-2024-07-18``, ``tiny-random`` (anything below that is not one of the others);
- OpenAI's fine-tuned models, ``ft:BASE:ORG:SUFFIX:ID`` (SUFFIX may be empty: ``ft:BASE:ORG::ID``), and
  their checkpoints, ``ft:BASE:ORG:SUFFIX:ID:ckpt-step-N``; the local engine names its models the same
  way with ORG ``local`` (``ft:tiny-random:local:demo:ftjob-1``, imports ``…:ftimp-…``);
- Azure's fine-tuned models, ``BASE.ft-ID`` or ``BASE.ft-ID-SUFFIX``, and their checkpoints,
  ``BASE.ft-ID:ckpt-step-N``;
- OpenAI's legacy fine-tuned names, ``curie:ft-ORG-DATE`` and ``ft-…``.

Parsing never fails: a part that cannot be read is empty (a fine-tuned id whose base is unreadable has
``base == ""``). Every place in ``desktop/`` that asks "which base?", "which suffix?", "fine-tuned?",
"a checkpoint?" or "made by the local engine?" asks :func:`parse_model_id`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

LOCAL_ORGANISATION = "local"  # the ORG part of the local engine's model ids
CHECKPOINT_PREFIX = "ckpt-step-"  # the last part of a checkpoint's id: "ckpt-step-80"


class IdForm(StrEnum):
    BASE = "base"  # names a base model
    OPENAI = "openai"  # "ft:BASE:ORG:SUFFIX:ID[:ckpt-step-N]" (the local engine's form too)
    AZURE = "azure"  # "BASE.ft-ID[-SUFFIX]"
    LEGACY = "legacy"  # "curie:ft-ORG-DATE", "ft-…"


@dataclass(frozen=True)
class ModelId:
    """A model id taken apart (see the module docstring for the forms)."""

    text: str  # the id as given
    form: IdForm
    base: str  # the base model's id; the id itself for a base model, "" where unreadable
    organisation: str = ""  # OpenAI form: the owner ("local": the local engine)
    suffix: str = ""  # the suffix the user chose when starting the job ("" when none)
    unique: str = ""  # the model's own id part ("abc123", "ftjob-1"; Azure: the hex id)
    checkpoint: str = ""  # "ckpt-step-80" for a checkpoint, else ""

    @property
    def fine_tuned(self) -> bool:
        """A fine-tuned model or checkpoint, in any provider's form."""
        return self.form is not IdForm.BASE

    @property
    def is_checkpoint(self) -> bool:
        return bool(self.checkpoint)

    @property
    def is_local(self) -> bool:
        """Made by the local engine (``ft:BASE:local:SUFFIX:ID``, or a checkpoint of one)."""
        return (
            self.form is IdForm.OPENAI
            and self.organisation == LOCAL_ORGANISATION
            and self.text.count(":") >= 4  # all five parts, the last may be empty
        )


@lru_cache(maxsize=4096)
def parse_model_id(text: str) -> ModelId:
    """The parts of the model id ``text`` (taken as it is: strip it first if it may have spaces)."""
    head, colon, last = text.rpartition(":")
    if colon and last.startswith(CHECKPOINT_PREFIX):
        return replace(parse_model_id(head), text=text, checkpoint=last)
    if text.startswith("ft:"):
        parts = text.split(":")
        complete = len(parts) >= 5  # "ft:BASE:ORG:SUFFIX:ID"
        return ModelId(
            text,
            IdForm.OPENAI,
            base=parts[1],
            organisation=parts[2] if len(parts) > 2 else "",
            suffix=parts[3] if complete else "",
            unique=parts[4] if complete else "",
        )
    if ".ft-" in text:
        base, _, rest = text.partition(".ft-")
        unique, _, suffix = rest.partition("-")
        return ModelId(text, IdForm.AZURE, base=base, suffix=suffix, unique=unique)
    if ":ft-" in text:
        return ModelId(text, IdForm.LEGACY, base=text.partition(":ft-")[0])
    if text.startswith("ft-"):
        return ModelId(text, IdForm.LEGACY, base="")
    return ModelId(text, IdForm.BASE, base=text)


def is_fine_tuned(model_id: str) -> bool:
    """Whether ``model_id`` names a fine-tuned model or checkpoint (any provider's form)."""
    return parse_model_id(model_id).fine_tuned

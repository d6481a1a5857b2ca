"""Training data tokenized once: streamed from the JSONL file, kept as flat arrays, cached on disk.

A tokenized data set is three numpy arrays, not one Python object per row: every token id end to
end (int32), a per-token target flag (uint8: 1 where the token is predicted and counts in the loss),
and where each sequence starts (int64, one more entry than sequences). A 100k-row file costs about
5 bytes per token plus 8 per row, whatever its size. Preference data stores each pair as two
sequences: the chosen response at ``2 * i``, the rejected one at ``2 * i + 1``.

The cache (``DATA_DIR/cache/tokens/KEY/``) is keyed by the file's content hash, the tokenizer's
identity (its full serialisation and special tokens), its chat template, the method and the maximum
length, so a resumed job or a second job on the same file and model reads the arrays (memory-mapped)
instead of tokenizing again. Entries are written to a temporary folder and renamed into place, so
a crash never leaves a half-written entry that a later job would trust.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine import datafiles, textformat
from engine.textformat import Encoded

FORMAT_VERSION = 1  # change when the encoding rules change: old entries are then never read
ARRAYS = ("ids", "targets", "offsets")
HASH_BLOCK = 1 << 20
SPECIAL_TOKENS = ("bos_token", "eos_token", "pad_token", "unk_token")


@dataclass
class TokenizedSet:
    """Sequences of token ids with their target flags, stored end to end."""

    ids: np.ndarray  # int32, all tokens
    targets: np.ndarray  # uint8, 1 where a token is a target
    offsets: np.ndarray  # int64, sequence i is ids[offsets[i] : offsets[i + 1]]

    @property
    def count(self) -> int:
        return len(self.offsets) - 1

    @property
    def token_count(self) -> int:
        return int(self.offsets[-1])

    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    def sequence(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = int(self.offsets[index]), int(self.offsets[index + 1])
        return self.ids[start:end], self.targets[start:end]

    def encoded(self, index: int) -> Encoded:
        ids, targets = self.sequence(index)
        return Encoded([int(t) for t in ids], [float(w) for w in targets])

    def pair_lengths(self) -> np.ndarray:
        """For preference data: the longer of each pair's two sequences."""
        lengths = self.lengths()
        return np.maximum(lengths[0::2], lengths[1::2])

    def head(self, sequences: int) -> TokenizedSet:
        """The first ``sequences`` sequences (a view, no copy)."""
        sequences = min(sequences, self.count)
        end = int(self.offsets[sequences])
        return TokenizedSet(self.ids[:end], self.targets[:end], self.offsets[: sequences + 1])


class _Builder:
    """Appends sequences to compact growing buffers (4 + 1 bytes per token)."""

    def __init__(self) -> None:
        self.ids = array("i")
        self.targets = array("B")
        self.offsets = array("q", [0])

    def add(self, item: Encoded) -> None:
        self.ids.extend(item.input_ids)
        self.targets.extend(1 if weight > 0 else 0 for weight in item.targets)
        self.offsets.append(len(self.ids))

    def finish(self) -> TokenizedSet:
        return TokenizedSet(
            np.frombuffer(self.ids, dtype=np.int32) if self.ids else np.zeros(0, dtype=np.int32),
            np.frombuffer(self.targets, dtype=np.uint8) if self.targets else np.zeros(0, dtype=np.uint8),
            np.frombuffer(self.offsets, dtype=np.int64),
        )


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a validated JSONL file, one at a time."""
    for _number, line in datafiles.iter_lines(path):
        yield json.loads(line.decode("utf-8"))


def encode_record(tokenizer: Any, record: dict[str, Any], max_length: int) -> Encoded | None:
    """A supervised example (chat or prompt/completion), truncated; None when no target is left."""
    if "messages" in record:
        item = textformat.encode_chat(tokenizer, record["messages"])
    else:
        item = textformat.encode_prompt_completion(
            tokenizer, str(record.get("prompt", "")), str(record.get("completion", ""))
        )
    item = item.truncated(max_length)
    return item if item.target_count else None


def encode_pair(tokenizer: Any, record: dict[str, Any], max_length: int) -> tuple[Encoded, Encoded] | None:
    """A preference pair (chosen, rejected), truncated; None when either has no target left."""
    prompt = record["input"]["messages"]
    chosen = textformat.encode_chat(tokenizer, [*prompt, record["preferred_output"][0]], only_last=True)
    rejected = textformat.encode_chat(tokenizer, [*prompt, record["non_preferred_output"][0]], only_last=True)
    chosen, rejected = chosen.truncated(max_length), rejected.truncated(max_length)
    if chosen.target_count and rejected.target_count:
        return chosen, rejected
    return None


def tokenize_file(path: Path, tokenizer: Any, method: str, max_length: int) -> TokenizedSet:
    """Tokenize a whole file, streaming it: only the arrays grow with its size."""
    builder = _Builder()
    for record in iter_records(path):
        if method == "dpo":
            pair = encode_pair(tokenizer, record, max_length)
            if pair is not None:
                builder.add(pair[0])
                builder.add(pair[1])
        else:
            item = encode_record(tokenizer, record, max_length)
            if item is not None:
                builder.add(item)
    return builder.finish()


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def tokenizer_identity(tokenizer: Any) -> str:
    """A digest of everything about a tokenizer that changes the ids and targets it produces."""
    digest = hashlib.sha256()
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is not None:
        digest.update(backend.to_str().encode("utf-8"))
    else:  # a slow tokenizer: its vocabulary stands for it
        digest.update(json.dumps(sorted(tokenizer.get_vocab().items())).encode("utf-8"))
    details = {
        "class": type(tokenizer).__name__,
        "special": [str(getattr(tokenizer, name, None)) for name in SPECIAL_TOKENS],
        "chat_template": str(getattr(tokenizer, "chat_template", None)),
        "add_bos": str(getattr(tokenizer, "add_bos_token", None)),
    }
    digest.update(json.dumps(details, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def cache_key(path: Path, tokenizer: Any, method: str, max_length: int) -> str:
    parts = {
        "version": FORMAT_VERSION,
        "file": file_digest(path),
        "tokenizer": tokenizer_identity(tokenizer),
        "method": "dpo" if method == "dpo" else "supervised",
        "max_length": max_length,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()[:32]


class TokenCache:
    """Tokenized data sets on disk, one folder per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load(self, key: str) -> TokenizedSet | None:
        entry = self.folder / key
        try:
            arrays = [np.load(entry / f"{name}.npy", mmap_mode="r") for name in ARRAYS]
        except (OSError, ValueError):  # absent, or damaged by something outside the engine
            return None
        data = TokenizedSet(*arrays)
        if data.offsets.ndim != 1 or len(data.offsets) < 1 or int(data.offsets[-1]) != len(data.ids):
            return None
        return data

    def store(self, key: str, data: TokenizedSet) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=self.folder))
        try:
            for name in ARRAYS:
                with (temporary / f"{name}.npy").open("wb") as stream:
                    np.save(stream, getattr(data, name))
                    stream.flush()
                    os.fsync(stream.fileno())
            # Another job may have stored the same entry first: theirs is as good.
            with contextlib.suppress(OSError):
                os.replace(temporary, self.folder / key)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)


@dataclass
class Tokenized:
    data: TokenizedSet
    from_cache: bool


def tokenize(path: Path, tokenizer: Any, method: str, max_length: int, cache: TokenCache | None) -> Tokenized:
    """The tokenized file: from the cache when it holds this file for this tokenizer, else made and stored."""
    if cache is None:
        return Tokenized(tokenize_file(path, tokenizer, method, max_length), False)
    key = cache_key(path, tokenizer, method, max_length)
    cached = cache.load(key)
    if cached is not None:
        return Tokenized(cached, True)
    data = tokenize_file(path, tokenizer, method, max_length)
    with contextlib.suppress(OSError):  # a full or read-only disk costs the cache, not the job
        cache.store(key, data)
    return Tokenized(data, False)

"""The data set being edited: a list of training examples of one kind.

Pure Python, no Qt: the editor's table model, the checks, the fixes and the writers all work on
this one structure. An example's ``record`` is exactly the JSON object that is exported for
training; everything else on it (source row, extra columns, split) is bookkeeping for the editor.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

JSONObject = dict[str, Any]


class ExampleKind(StrEnum):
    """The three shapes of training example the fine-tuning APIs accept."""

    PROMPT_COMPLETION = "prompt_completion"
    CHAT = "chat"
    PREFERENCE = "preference"

    @property
    def label(self) -> str:
        return {
            ExampleKind.PROMPT_COMPLETION: "Prompt / completion",
            ExampleKind.CHAT: "Chat conversations",
            ExampleKind.PREFERENCE: "Preference pairs (DPO)",
        }[self]


class Split(StrEnum):
    TRAIN = "train"
    VALIDATION = "validation"


class Example:
    """One training example.

    ``record`` is the exported JSON object: ``{"prompt", "completion"}``, ``{"messages": [...]}``
    or ``{"input": {...}, "preferred_output": [...], "non_preferred_output": [...]}``.
    ``source_row`` is the 1-based line (JSONL) or row (spreadsheet) in the file it came from, so the
    row numbers the user sees match the file; ``None`` for rows added in the editor.
    ``extras`` holds columns of the source that are kept for round trips but never exported.

    A reader may give the example as its raw JSON line (``raw=``) instead of a dict: a 500k-row
    JSONL file then stays close to its size on disk. ``peek()`` parses it for reading without
    keeping the result; ``record`` parses it once and keeps the dict, for editing.
    """

    __slots__ = ("_raw", "_record", "extras", "source_row", "split")

    def __init__(
        self,
        record: JSONObject | None = None,
        source_row: int | None = None,
        extras: dict[str, str] | None = None,
        split: Split = Split.TRAIN,
        *,
        raw: bytes | None = None,
    ) -> None:
        if (record is None) == (raw is None):
            raise ValueError("an Example takes exactly one of record and raw")
        self._record = record
        self._raw = raw
        self.source_row = source_row
        self.extras: dict[str, str] = extras if extras is not None else {}
        self.split = split

    @property
    def record(self) -> JSONObject:
        """The record as a dict that the caller may change (parsed and kept on first use)."""
        if self._record is None:
            assert self._raw is not None
            self._record = json.loads(self._raw)
            self._raw = None
        return self._record

    @record.setter
    def record(self, value: JSONObject) -> None:
        self._record = value
        self._raw = None

    def peek(self) -> JSONObject:
        """The record for reading only; a raw example is parsed and not kept. Never mutate it."""
        if self._record is not None:
            return self._record
        assert self._raw is not None
        result: JSONObject = json.loads(self._raw)
        return result

    @property
    def is_parsed(self) -> bool:
        return self._record is not None

    def clone(self) -> Example:
        if self._record is None:
            return Example(None, self.source_row, dict(self.extras), self.split, raw=self._raw)
        return Example(copy.deepcopy(self._record), self.source_row, dict(self.extras), self.split)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Example):
            return NotImplemented
        return (
            self.peek() == other.peek()
            and self.source_row == other.source_row
            and self.extras == other.extras
            and self.split == other.split
        )

    def __repr__(self) -> str:
        return f"Example({self.peek()!r}, source_row={self.source_row!r}, split={self.split.value!r})"


def detect_kind(record: object) -> ExampleKind | None:
    """The kind a JSON record looks like, or None when it looks like none of them."""
    if not isinstance(record, dict):
        return None
    if "preferred_output" in record or "non_preferred_output" in record:
        return ExampleKind.PREFERENCE
    if "messages" in record:
        return ExampleKind.CHAT
    if "prompt" in record or "completion" in record:
        return ExampleKind.PROMPT_COMPLETION
    return None


def empty_record(kind: ExampleKind) -> JSONObject:
    """A new, empty example of ``kind`` (what "insert row" adds)."""
    if kind is ExampleKind.PROMPT_COMPLETION:
        return {"prompt": "", "completion": ""}
    if kind is ExampleKind.CHAT:
        return {"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": ""}]}
    return {
        "input": {"messages": [{"role": "user", "content": ""}]},
        "preferred_output": [{"role": "assistant", "content": ""}],
        "non_preferred_output": [{"role": "assistant", "content": ""}],
    }


def content_text(content: object) -> str:
    """Readable text of a message's ``content`` (a string, a list of parts, or None)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, dict):
                if isinstance(part.get("text"), str):
                    parts.append(part["text"])
                elif part.get("type"):
                    parts.append(f"[{part['type']}]")
            elif isinstance(part, str):
                parts.append(part)
        return "\n".join(parts)
    return str(content)


# --- Columns -----------------------------------------------------------------------------------
# The editor shows each kind as a table. A column reads a cell's text from a record and, where the
# cell maps onto exactly one string in the record, writes it back.

ROLE_SEPARATOR = "\n───\n"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    read: Callable[[JSONObject], str]
    write: Callable[[JSONObject, str], None] | None = None

    def is_editable(self, record: JSONObject) -> bool:
        return self.write is not None and self._writable(record)

    def _writable(self, record: JSONObject) -> bool:
        if self.key.startswith("role:"):
            return len(_messages_with_role(record, self.key[5:])) <= 1
        return True


def _get_str(record: JSONObject, key: str) -> str:
    value = record.get(key)
    return "" if value is None else value if isinstance(value, str) else str(value)


def _set_str(key: str) -> Callable[[JSONObject, str], None]:
    def setter(record: JSONObject, text: str) -> None:
        record[key] = text

    return setter


def _messages(record: JSONObject) -> list[JSONObject]:
    messages = record.get("messages")
    return [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []


def _messages_with_role(record: JSONObject, role: str) -> list[JSONObject]:
    return [m for m in _messages(record) if m.get("role") == role]


def _role_reader(role: str) -> Callable[[JSONObject], str]:
    def read(record: JSONObject) -> str:
        return ROLE_SEPARATOR.join(content_text(m.get("content")) for m in _messages_with_role(record, role))

    return read


def _role_writer(role: str) -> Callable[[JSONObject, str], None]:
    """Write the one message of ``role``, adding it in conversational order when missing."""

    def write(record: JSONObject, text: str) -> None:
        found = _messages_with_role(record, role)
        if found:
            found[0]["content"] = text
            return
        messages = record.setdefault("messages", [])
        message = {"role": role, "content": text}
        if role == "system":
            messages.insert(0, message)
        elif role == "user":
            index = next((i for i, m in enumerate(messages) if m.get("role") != "system"), len(messages))
            messages.insert(index, message)
        else:
            messages.append(message)

    return write


def _preference_input_read(record: JSONObject) -> str:
    messages = (record.get("input") or {}).get("messages") or []
    users = [m for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    return content_text(users[-1].get("content")) if users else ""


def _preference_input_write(record: JSONObject, text: str) -> None:
    inp = record.setdefault("input", {})
    messages = inp.setdefault("messages", [])
    users = [m for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    if users:
        users[-1]["content"] = text
    else:
        messages.append({"role": "user", "content": text})


def _output_reader(key: str) -> Callable[[JSONObject], str]:
    def read(record: JSONObject) -> str:
        outputs = record.get(key) or []
        return ROLE_SEPARATOR.join(content_text(m.get("content")) for m in outputs if isinstance(m, dict))

    return read


def _output_writer(key: str) -> Callable[[JSONObject, str], None]:
    def write(record: JSONObject, text: str) -> None:
        outputs = record.get(key)
        if isinstance(outputs, list) and outputs and isinstance(outputs[0], dict):
            outputs[0]["content"] = text
        else:
            record[key] = [{"role": "assistant", "content": text}]

    return write


def columns_for(kind: ExampleKind) -> list[Column]:
    """The table columns for ``kind``, in display order (extra columns come after these)."""
    if kind is ExampleKind.PROMPT_COMPLETION:
        return [
            Column("prompt", "Prompt", lambda r: _get_str(r, "prompt"), _set_str("prompt")),
            Column("completion", "Completion", lambda r: _get_str(r, "completion"), _set_str("completion")),
        ]
    if kind is ExampleKind.CHAT:
        return [
            Column(f"role:{role}", title, _role_reader(role), _role_writer(role))
            for role, title in (("system", "System"), ("user", "User"), ("assistant", "Assistant"))
        ]
    return [
        Column("input", "Input", _preference_input_read, _preference_input_write),
        Column(
            "preferred_output",
            "Preferred",
            _output_reader("preferred_output"),
            _output_writer("preferred_output"),
        ),
        Column(
            "non_preferred_output",
            "Non-preferred",
            _output_reader("non_preferred_output"),
            _output_writer("non_preferred_output"),
        ),
    ]


@dataclass
class Dataset:
    """An ordered list of examples of one kind, plus where they came from."""

    kind: ExampleKind
    examples: list[Example] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    source_path: Path | None = None
    source_format: str | None = None  # "xlsx", "xls", "ods", "csv", "tsv", "json", "jsonl"

    def __len__(self) -> int:
        return len(self.examples)

    def __iter__(self) -> Iterator[Example]:
        return iter(self.examples)

    @property
    def columns(self) -> list[Column]:
        return columns_for(self.kind)

    def records(self, split: Split | None = None) -> Iterator[JSONObject]:
        """The exported JSON objects for reading, optionally of one split only (see Example.peek)."""
        return (e.peek() for e in self.examples if split is None or e.split is split)

    def copy(self) -> Dataset:
        return Dataset(
            self.kind,
            [e.clone() for e in self.examples],
            list(self.extra_columns),
            self.source_path,
            self.source_format,
        )

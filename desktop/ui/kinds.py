"""Converting examples from one kind to another (Data > Example Kind).

Pure Python. Lossless where the target can hold the data; a multi-turn chat turned into prompt /
completion keeps the last user and assistant turns (the rest cannot be expressed there).
"""

from __future__ import annotations

import copy
from typing import Any

from desktop.core.dataset import Example, ExampleKind, content_text

Message = dict[str, Any]


def _messages(record: dict[str, Any]) -> list[Message]:
    messages = record.get("messages")
    return [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []


def _last(messages: list[Message], role: str) -> str:
    found = [m for m in messages if m.get("role") == role]
    return content_text(found[-1].get("content")) if found else ""


def _as_conversation(record: dict[str, Any], kind: ExampleKind) -> tuple[list[Message], list[Message]]:
    """(the messages before the answer, the answer messages) of a record of ``kind``."""
    if kind is ExampleKind.PROMPT_COMPLETION:
        return (
            [{"role": "user", "content": str(record.get("prompt") or "")}],
            [{"role": "assistant", "content": str(record.get("completion") or "")}],
        )
    if kind is ExampleKind.CHAT:
        messages = copy.deepcopy(_messages(record))
        last_assistant = max(
            (i for i, m in enumerate(messages) if m.get("role") == "assistant"), default=None
        )
        if last_assistant is None:
            return messages, []
        return messages[:last_assistant], [messages[last_assistant]]
    context = copy.deepcopy(_messages(record.get("input") or {}))
    preferred = record.get("preferred_output") or []
    return context, copy.deepcopy([m for m in preferred if isinstance(m, dict)])


def convert_record(record: dict[str, Any], source: ExampleKind, target: ExampleKind) -> dict[str, Any]:
    if source is target:
        return copy.deepcopy(record)
    context, answer = _as_conversation(record, source)
    if target is ExampleKind.PROMPT_COMPLETION:
        return {"prompt": _last(context, "user"), "completion": _last(answer, "assistant")}
    if target is ExampleKind.CHAT:
        return {"messages": context + answer}
    rejected: list[Message] = []
    if source is ExampleKind.PREFERENCE:
        rejected = copy.deepcopy(record.get("non_preferred_output") or [])
    return {
        "input": {"messages": context},
        "preferred_output": answer or [{"role": "assistant", "content": ""}],
        "non_preferred_output": rejected or [{"role": "assistant", "content": ""}],
    }


def convert_examples(examples: list[Example], source: ExampleKind, target: ExampleKind) -> list[Example]:
    return [
        Example(convert_record(e.peek(), source, target), e.source_row, dict(e.extras), e.split)
        for e in examples
    ]

"""Turn training records into token ids plus a per-token loss weight, with the model's chat template.

Loss is only on what the assistant says: a token is a target when it lies inside an assistant
message (its content and the template's end-of-turn marker) whose ``weight`` is not 0. Spans are
found by rendering the conversation up to each assistant turn, so any chat template works.
Needs a transformers fast tokenizer (for character offsets); no torch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

JSONObject = dict[str, Any]


@dataclass
class Encoded:
    """One sequence: ``targets[i]`` is 1.0 when token ``i`` is predicted and counts in the loss."""

    input_ids: list[int]
    targets: list[float]

    @property
    def target_count(self) -> int:
        return sum(1 for weight in self.targets if weight > 0)

    def truncated(self, max_length: int) -> Encoded:
        return Encoded(self.input_ids[:max_length], self.targets[:max_length])


def content_text(content: object) -> str:
    """Text of a message's ``content`` (a string, a list of parts, or None)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                texts.append(part["text"])
            elif isinstance(part, str):
                texts.append(part)
        return "".join(texts)
    return str(content)


def template_message(message: JSONObject) -> JSONObject:
    """A message as chat templates expect it: plain-text content, no training-only keys."""
    text = content_text(message.get("content"))
    if not text and message.get("tool_calls"):
        # Templates without tool support still see what the assistant called.
        text = json.dumps(message["tool_calls"], ensure_ascii=False)
    clean: JSONObject = {"role": str(message.get("role", "user")), "content": text}
    if message.get("name"):
        clean["name"] = message["name"]
    return clean


def render(tokenizer: Any, messages: list[JSONObject], add_generation_prompt: bool) -> str:
    text = tokenizer.apply_chat_template(
        [template_message(m) for m in messages],
        tokenize=False,
        add_generation_prompt=add_generation_prompt,
    )
    return str(text)


def encode_chat(tokenizer: Any, messages: list[JSONObject], only_last: bool = False) -> Encoded:
    """Token ids of a conversation and which of them the assistant says (honouring ``weight``)."""
    full = render(tokenizer, messages, add_generation_prompt=False)
    spans: list[tuple[int, int]] = []
    search_from = 0
    assistant_positions = [i for i, m in enumerate(messages) if m.get("role") == "assistant"]
    if only_last:
        assistant_positions = assistant_positions[-1:]
    for index in assistant_positions:
        message = messages[index]
        if message.get("weight", 1) == 0:
            continue
        text = content_text(message.get("content"))
        try:
            through = render(tokenizer, messages[: index + 1], add_generation_prompt=False)
        except Exception:  # a template that refuses this cut of the conversation
            through = ""
        before: str | None
        try:
            before = render(tokenizer, messages[:index], add_generation_prompt=True)
        except Exception:  # e.g. an empty conversation before an assistant-first turn
            found = through.rfind(text) if text else -1
            before = through[:found] if found >= search_from else None
        if (
            before is not None
            and through.startswith(before)
            and full.startswith(through)
            and len(through) > len(before)
        ):
            spans.append((len(before), len(through)))
            search_from = len(through)
            continue
        # A template that rewrites earlier turns: fall back to finding the content itself.
        found = full.find(text, search_from) if text else -1
        if found >= 0:
            spans.append((found, found + len(text)))
            search_from = found + len(text)
    encoding = tokenizer(full, add_special_tokens=False, return_offsets_mapping=True)
    input_ids: list[int] = list(encoding["input_ids"])
    targets = [0.0] * len(input_ids)
    for position, (start, _end) in enumerate(encoding["offset_mapping"]):
        for span_start, span_end in spans:
            if span_start <= start < span_end:
                targets[position] = 1.0
                break
    if input_ids and targets[0] > 0:
        targets[0] = 0.0  # the first token has nothing before it to be predicted from
    return Encoded(input_ids, targets)


def encode_prompt_completion(tokenizer: Any, prompt: str, completion: str) -> Encoded:
    """``prompt`` then ``completion`` and the end-of-sequence token; loss on the completion only."""
    prompt_ids: list[int] = list(tokenizer(prompt, add_special_tokens=True)["input_ids"])
    completion_ids: list[int] = list(tokenizer(completion, add_special_tokens=False)["input_ids"])
    if tokenizer.eos_token_id is not None:
        completion_ids.append(int(tokenizer.eos_token_id))
    return Encoded(prompt_ids + completion_ids, [0.0] * len(prompt_ids) + [1.0] * len(completion_ids))


def record_text(record: JSONObject) -> str:
    """All the text in a record (to train the tiny-random tokenizer on)."""
    parts: list[str] = []
    if "messages" in record:
        parts.extend(content_text(m.get("content")) for m in record["messages"] if isinstance(m, dict))
    if "prompt" in record or "completion" in record:
        parts.append(str(record.get("prompt") or ""))
        parts.append(str(record.get("completion") or ""))
    if "input" in record:
        messages = (record.get("input") or {}).get("messages") or []
        parts.extend(content_text(m.get("content")) for m in messages if isinstance(m, dict))
        for key in ("preferred_output", "non_preferred_output"):
            parts.extend(content_text(m.get("content")) for m in record.get(key) or [] if isinstance(m, dict))
    return "\n".join(parts)

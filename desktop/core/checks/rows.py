"""Per-row preparation: each example's format checked and its facts recorded (:class:`RowFacts`).

Rows are laid out in a :class:`Prepared` block for the batch text scans (:func:`scan_hygiene`) and the
token counter; nothing here looks at more than one row at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.core.dataset import Dataset, ExampleKind
from desktop.core.text_hygiene import has_bare_newline, scan_texts
from desktop.core.tokens import (
    TOKENS_FOR_REPLY,
    TOKENS_PER_MESSAGE,
    TOKENS_PER_NAME,
    cached_counter,
    record_tokens,
)

CHAT_ROLES = ("system", "user", "assistant", "tool", "function")
MESSAGE_KEYS = frozenset(
    {"role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call", "refusal"}
)
CHAT_KEYS = frozenset({"messages", "tools", "functions", "parallel_tool_calls"})
PREFERENCE_KEYS = frozenset({"input", "preferred_output", "non_preferred_output"})
PC_KEYS = frozenset({"prompt", "completion"})


class RowFacts:
    """What the checks keep about one example (recomputed when it is edited)."""

    __slots__ = (
        "empty",
        "has_system",
        "has_user",
        "issues",
        "key",
        "near",
        "pc_completion_empty",
        "pc_prompt_empty",
        "system",
        "tokens",
    )

    def __init__(self) -> None:
        self.issues: dict[str, Any] = {}  # row-level finding code -> detail
        self.tokens = 0
        self.key = 0  # hash of the exact content
        self.near = 0  # hash of the normalised content
        self.system: str | None = None  # chat: the first system message's text
        self.has_user = True
        self.has_system = False
        self.empty = False  # nothing to train on
        self.pc_prompt_empty = False
        self.pc_completion_empty = False


@dataclass
class Prepared:
    """The strings of a block of examples, laid out for the batch scans and the token counter."""

    facts: list[RowFacts]
    texts: list[str] = field(default_factory=list)  # visible text fields, for the hygiene scan
    text_rows: list[int] = field(default_factory=list)  # row (within the block) of each text
    pc_rows: int | None = None  # prompt/completion: texts are all prompts, then all completions
    # Strings to tokenise besides the texts (roles, names, tool calls as JSON), and their rows.
    pieces: list[str] = field(default_factory=list)
    piece_rows: list[int] = field(default_factory=list)
    buffer: bytes | None = None  # the texts joined by U+001F as UTF-8 (see text_hygiene.join_texts)
    direct_tokens: dict[int, int] = field(default_factory=dict)  # rows counted directly (DPO)
    const_tokens: list[int] = field(default_factory=list)  # per row: cookbook overheads


def _json_piece(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _check_content(
    message: dict[str, Any], role: object, issues: dict[str, Any], texts: list[str], pieces: list[str]
) -> str:
    """Validate a message's content; returns its visible text."""
    content = message.get("content")
    if isinstance(content, str):
        texts.append(content)
        return content
    if isinstance(content, list):
        shown = []
        for part in content:
            if not isinstance(part, dict) or not isinstance(part.get("type"), str):
                issues["bad_content_part"] = True
                continue
            kind = part["type"]
            if kind == "text":
                text = part.get("text")
                if not isinstance(text, str):
                    issues["bad_content_part"] = True
                    continue
                texts.append(text)
                shown.append(text)
            elif kind in ("image_url", "input_image", "input_audio", "file"):
                if role != "user":
                    issues["bad_content_part"] = True
            elif kind != "refusal":
                issues["bad_content_part"] = True
        return "\n".join(shown)
    if content is not None:
        issues["bad_content_type"] = True
        pieces.append(_json_piece(content))
    return ""


def _check_tool_calls(calls: object, issues: dict[str, Any], pieces: list[str]) -> list[str]:
    """Validate an assistant message's ``tool_calls``; returns their ids."""
    ids: list[str] = []
    if not isinstance(calls, list) or not calls:
        issues["bad_tool_call"] = True
        return ids
    for call in calls:
        function = call.get("function") if isinstance(call, dict) else None
        if (
            not isinstance(call, dict)
            or not isinstance(call.get("id"), str)
            or call.get("type", "function") != "function"
            or not isinstance(function, dict)
            or not isinstance(function.get("name"), str)
            or not isinstance(function.get("arguments"), str)
        ):
            issues["bad_tool_call"] = True
            continue
        ids.append(call["id"])
    pieces.append(_json_piece(calls))
    return ids


def _check_messages(
    messages: object,
    issues: dict[str, Any],
    texts: list[str],
    pieces: list[str],
    *,
    allow_weight: bool,
) -> tuple[int, list[tuple[str, str]]]:
    """Validate a list of messages; returns the cookbook overhead and (role, text) pairs."""
    const = 0
    shown: list[tuple[str, str]] = []
    if not isinstance(messages, list) or not messages:
        issues["missing_messages"] = True
        return const, shown
    call_ids: set[str] = set()
    for message in messages:
        if not isinstance(message, dict):
            issues["message_not_dict"] = True
            continue
        const += TOKENS_PER_MESSAGE
        role = message.get("role")
        if "role" not in message:
            issues["message_missing_key"] = "role"
        elif role not in CHAT_ROLES:
            issues["unknown_role"] = role
        if isinstance(role, str):
            pieces.append(role)
        unknown = [k for k in message if k not in MESSAGE_KEYS]
        if unknown:
            issues["message_unknown_key"] = unknown[0]
        name = message.get("name")
        if name is not None:
            const += TOKENS_PER_NAME
            if isinstance(name, str):
                pieces.append(name)
        has_call = "tool_calls" in message or "function_call" in message
        if "content" not in message and not has_call:
            issues["message_missing_key"] = "content"
        text = _check_content(message, role, issues, texts, pieces)
        if (
            not text.strip()
            and not has_call
            and "content" in message
            and not isinstance(message["content"], list)
        ):
            issues["missing_content"] = role
        if "tool_calls" in message:
            if role != "assistant":
                issues["bad_tool_call"] = True
            call_ids.update(_check_tool_calls(message["tool_calls"], issues, pieces))
        if "function_call" in message:
            pieces.append(_json_piece(message["function_call"]))
        if role == "tool":
            call_id = message.get("tool_call_id")
            if not isinstance(call_id, str) or call_id not in call_ids:
                issues["tool_reply_unmatched"] = True
            else:
                pieces.append(call_id)
        if "weight" in message:
            weight = message["weight"]
            if not allow_weight or role != "assistant" or weight not in (0, 1) or isinstance(weight, bool):
                issues["bad_weight"] = weight
        if isinstance(role, str):
            shown.append((role, text))
    return const, shown


def _check_tools(tools: object, issues: dict[str, Any], pieces: list[str]) -> None:
    if not isinstance(tools, list) or not all(
        isinstance(t, dict)
        and t.get("type", "function") == "function"
        and isinstance(t.get("function"), dict)
        and isinstance(t["function"].get("name"), str)
        for t in tools
    ):
        issues["bad_tools"] = True
    pieces.append(_json_piece(tools))


_PLAIN_ROLES = frozenset({"system", "user", "assistant"})


def _is_plain_chat(record: object) -> bool:
    """``{"messages": [{"role", "content": str}, ...]}`` with plain roles: most rows of most files."""
    if type(record) is not dict or len(record) != 1:
        return False
    messages = record.get("messages")
    if type(messages) is not list or not messages:
        return False
    for m in messages:
        if (
            type(m) is not dict
            or len(m) != 2
            or type(m.get("content")) is not str
            or m.get("role") not in _PLAIN_ROLES
        ):
            return False
    return True


def _prepare_plain_chat(messages: list[dict[str, str]], row: int, out: Prepared) -> RowFacts:
    """The fast path of :func:`_prepare_chat`, with the same results for plain rows."""
    facts = RowFacts()
    roles = [m["role"] for m in messages]
    texts = [m["content"] for m in messages]
    shown = tuple(zip(roles, texts, strict=True))
    blank = [r for r, t in shown if not t or t.isspace()]
    if blank:
        facts.issues["missing_content"] = blank[0]
    if "assistant" not in roles:
        facts.issues["no_assistant"] = True
    facts.has_user = "user" in roles
    facts.has_system = "system" in roles
    if facts.has_system:
        facts.system = texts[roles.index("system")]
    facts.empty = all(not t or t.isspace() for r, t in shown if r != "system")
    facts.key = hash(shown)
    n = len(texts)
    out.texts.extend(texts)
    out.text_rows.extend([row] * n)
    out.pieces.extend(roles)
    out.piece_rows.extend([row] * n)
    out.const_tokens.append(TOKENS_PER_MESSAGE * n + TOKENS_FOR_REPLY)
    return facts


def _prepare_chat(record: object, row: int, out: Prepared) -> RowFacts:
    if _is_plain_chat(record):
        return _prepare_plain_chat(record["messages"], row, out)  # type: ignore[index]
    facts = RowFacts()
    issues = facts.issues
    if not isinstance(record, dict):
        issues["not_a_dict"] = True
        facts.empty = True
        out.const_tokens.append(0)
        return facts
    unknown = [k for k in record if k not in CHAT_KEYS]
    if unknown:
        issues["unknown_key"] = unknown[0]
    texts: list[str] = []
    pieces: list[str] = []
    const, shown = _check_messages(record.get("messages"), issues, texts, pieces, allow_weight=True)
    if "tools" in record:
        _check_tools(record["tools"], issues, pieces)
    if "functions" in record:
        pieces.append(_json_piece(record["functions"]))
    if shown or "missing_messages" not in issues:
        const += TOKENS_FOR_REPLY
    roles = [r for r, _ in shown]
    raw_messages = record.get("messages")
    messages: list[Any] = raw_messages if isinstance(raw_messages, list) else []
    if shown and "assistant" not in roles:
        issues["no_assistant"] = True
    elif shown:
        weights = [
            m.get("weight", 1) for m in messages if isinstance(m, dict) and m.get("role") == "assistant"
        ]
        if weights and all(w == 0 for w in weights):
            issues["all_weights_zero"] = True
    facts.has_user = "user" in roles
    facts.has_system = "system" in roles
    facts.system = next((t for r, t in shown if r == "system"), None)
    # Empty: nothing but (maybe) a system message; such rows are removed, not deduplicated.
    facts.empty = not any(t.strip() for r, t in shown if r != "system") and not any(
        isinstance(m, dict) and "tool_calls" in m for m in messages
    )
    facts.key = hash(tuple(shown))
    _add_texts(out, row, texts)
    out.pieces.extend(pieces)
    out.piece_rows.extend([row] * len(pieces))
    out.const_tokens.append(const)
    return facts


def _prepare_preference(record: object, row: int, out: Prepared, count: Callable[[str], int]) -> RowFacts:
    facts = RowFacts()
    issues = facts.issues
    out.const_tokens.append(0)
    if not isinstance(record, dict):
        issues["not_a_dict"] = True
        facts.empty = True
        return facts
    unknown = [k for k in record if k not in PREFERENCE_KEYS]
    if unknown:
        issues["unknown_key"] = unknown[0]
    texts: list[str] = []
    scratch: list[str] = []
    inp = record.get("input")
    shown: list[tuple[str, str]] = []
    if not isinstance(inp, dict) or not isinstance(inp.get("messages"), list) or not inp["messages"]:
        issues["dpo_missing_input"] = True
    else:
        _, shown = _check_messages(inp["messages"], issues, texts, scratch, allow_weight=False)
        issues.pop("missing_messages", None)
        if "tools" in inp:
            _check_tools(inp["tools"], issues, scratch)
        if shown and shown[-1][0] != "user":
            issues["dpo_input_not_user_last"] = True
    outputs = []
    for key in ("preferred_output", "non_preferred_output"):
        value = record.get(key)
        if not isinstance(value, list) or not value:
            issues["dpo_missing_output"] = key
            outputs.append("")
            continue
        if len(value) != 1:
            issues["dpo_multi_message_output"] = key
        out_issues: dict[str, Any] = {}
        _, out_shown = _check_messages(value, out_issues, texts, scratch, allow_weight=False)
        if any(role != "assistant" for role, _ in out_shown):
            issues["dpo_output_not_assistant"] = key
        if any(not t.strip() for _, t in out_shown) or "missing_content" in out_issues:
            issues["dpo_empty_output"] = key
        for code in ("message_not_dict", "message_unknown_key", "bad_content_part", "bad_tool_call"):
            if code in out_issues:
                issues[code] = out_issues[code]
        outputs.append("\n".join(t for _, t in out_shown))
    if len(outputs) == 2 and outputs[0] and outputs[0] == outputs[1]:
        issues["dpo_identical_outputs"] = True
    facts.has_user = any(r == "user" for r, _ in shown)
    facts.has_system = any(r == "system" for r, _ in shown)
    facts.system = next((t for r, t in shown if r == "system"), None)
    facts.empty = not any(t.strip() for t in texts)
    facts.key = hash((tuple(shown), tuple(outputs)))
    _add_texts(out, row, texts)
    out.direct_tokens[row] = record_tokens(record, ExampleKind.PREFERENCE, count)
    return facts


def _pc_row_issues(record: object, facts: RowFacts) -> None:
    """The format problems of one unusual prompt/completion record (not two string fields)."""
    issues = facts.issues
    if not isinstance(record, dict):
        issues["not_a_dict"] = True
        return
    missing = [k for k in ("prompt", "completion") if k not in record]
    if missing:
        lowered = {str(k).lower(): k for k in record}
        wrong_case = [lowered[k] for k in missing if k in lowered]
        if wrong_case:
            issues["column_case"] = wrong_case[0]
        else:
            issues["missing_column"] = missing[0]
    extra = [k for k in record if k not in PC_KEYS and str(k).lower() not in PC_KEYS]
    if extra:
        issues["extra_keys"] = extra[0]
    for key in ("prompt", "completion"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            issues["not_text"] = key


def _prepare_pc(records: Sequence[object], out: Prepared) -> None:
    """Prompt/completion rows, column by column: big spreadsheets are this kind, so no per-row calls."""
    n = len(records)
    facts = [RowFacts() for _ in range(n)]
    prompts: list[Any] = [r.get("prompt") if type(r) is dict else None for r in records]
    completions: list[Any] = [r.get("completion") if type(r) is dict else None for r in records]
    unusual = [
        i
        for i, (r, p, c) in enumerate(zip(records, prompts, completions, strict=True))
        if type(p) is not str or type(c) is not str or len(r) != 2  # type: ignore[arg-type]
    ]
    for i in unusual:
        _pc_row_issues(records[i], facts[i])
        if type(prompts[i]) is not str:
            prompts[i] = ""
        if type(completions[i]) is not str:
            completions[i] = ""
        if "not_a_dict" in facts[i].issues:
            facts[i].empty = True
    for i, p in enumerate(prompts):
        if not p or p.isspace():
            facts[i].pc_prompt_empty = True
    for i, c in enumerate(completions):
        if not c or c.isspace():
            facts[i].pc_completion_empty = True
            if facts[i].pc_prompt_empty:
                facts[i].empty = True
    for fact, key in zip(facts, map(hash, zip(prompts, completions, strict=True)), strict=True):
        fact.key = key
    out.facts = facts
    out.texts = prompts + completions
    out.text_rows = [*range(n), *range(n)]
    out.pc_rows = n
    out.const_tokens = [0] * n


def _add_texts(out: Prepared, row: int, texts: list[str]) -> None:
    out.texts.extend(texts)
    out.text_rows.extend([row] * len(texts))


def prepare_rows(records: Sequence[object], kind: ExampleKind, count: Callable[[str], int]) -> Prepared:
    out = Prepared([])
    facts = out.facts
    if kind is ExampleKind.PROMPT_COMPLETION:
        _prepare_pc(records, out)
    elif kind is ExampleKind.CHAT:
        for row, record in enumerate(records):
            facts.append(_prepare_chat(record, row, out))
    else:
        for row, record in enumerate(records):
            facts.append(_prepare_preference(record, row, out, count))
    return out


def scan_hygiene(out: Prepared, kind: ExampleKind) -> None:
    """Run the batch text scans and record their results on the facts."""
    scan = scan_texts(out.texts, buffer=out.buffer)
    facts = out.facts
    rows = out.text_rows
    for i in scan.control:
        facts[rows[i]].issues["control_characters"] = True
    for i in scan.surrogates:
        facts[rows[i]].issues["invalid_unicode"] = True
    for i in scan.replacement:
        facts[rows[i]].issues["replacement_characters"] = True
    for i in scan.carriage_return:
        facts[rows[i]].issues["carriage_return"] = True
        if i in scan.bare_newline or has_bare_newline(out.texts[i]):
            facts[rows[i]].issues["mixed_line_endings_in_row"] = True
    for i in scan.bare_newline:
        facts[rows[i]].issues["bare_newline"] = True
    for i, kinds in scan.secrets.items():
        facts[rows[i]].issues.setdefault("secrets", set()).update(kinds)
    for i, kinds in scan.personal.items():
        facts[rows[i]].issues.setdefault("personal_data", set()).update(kinds)
    texts = out.texts
    n = out.pc_rows
    if n is not None:
        # A prompt may end with its separator's whitespace, and a completion start with one space
        # and end with its ending ("\n"), on purpose: only other edges count.
        prompts, completions = texts[:n], texts[n:]
        padded = [i for i, p in enumerate(prompts) if p[:1].isspace()]
        padded += [i for i, c in enumerate(completions) if len(c) > 1 and c[:2].isspace()]
        for i in padded:
            facts[i].issues["whitespace_edges"] = True
        keys = scan.near_keys
        for fact, near in zip(facts, map(hash, zip(keys[:n], keys[n:], strict=True)), strict=True):
            fact.near = near
        return
    padded = [i for i, t in enumerate(texts) if t[:1].isspace() or t[-1:].isspace()]
    for i in padded:
        facts[rows[i]].issues["whitespace_edges"] = True
    # Near-duplicate keys combine the row's normalised texts.
    grouped: dict[int, list[int]] = defaultdict(list)
    for row, key in zip(rows, scan.near_keys, strict=True):
        grouped[row].append(key)
    for row, row_keys in grouped.items():
        facts[row].near = hash(tuple(row_keys))


def row_facts(dataset: Dataset) -> list[RowFacts]:
    """Per-example facts without token counts (what the fixes need to find empty and duplicate rows)."""
    records = [e.peek() for e in dataset.examples]
    prepared = prepare_rows(records, dataset.kind, cached_counter("o200k_base"))
    scan_hygiene(prepared, dataset.kind)
    return prepared.facts

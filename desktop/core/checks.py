# ruff: noqa: E501  (the messages below read better as whole lines)
"""The data checks: one analysis of a whole data set, and an incremental one for edited rows.

What is checked (each finding has English and Chinese text, its rows and, where one exists, a fix):

- The format, per example: for chat data everything the OpenAI cookbook checks (not a dict, missing
  ``messages``, missing or unknown keys, unknown role, missing content, no assistant message,
  missing system/user message), extended to what the API takes today: the ``tool`` role and
  ``tool_calls``, ``weight`` 0/1, multi-part content, ``tools``; preference pairs (DPO); and for
  prompt/completion data the columns, extra keys and empty fields.
- Everything openai 2.34.0's ``prepare_data`` checks for prompt/completion data (example count,
  column names, extra columns, empty fields, duplicates, long examples, the prompt separator,
  common prompt and completion prefixes, the completion ending, the leading space, upper case),
  with its advice for babbage-002/davinci-002, but with row indexes that always mean the same rows
  (the peer mixed row positions with labels in its long-example check).
- Exact token counts against the chosen model's per-example limit, fewer than 10 (error) or 50
  (warning) examples, whitespace at either end, mixed line endings, control characters and invalid
  Unicode, inconsistent system prompts, near-duplicates, and strings that look like secrets or
  personal data (reported only; nothing is sent anywhere).

Rows in findings are indexes into ``dataset.examples``.
"""

from __future__ import annotations

import operator
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, repeat
from typing import Any, Protocol

from desktop.core.catalog import CatalogModel, compatibility, method_for_kind, retirement_warning
from desktop.core.cost import CostEstimate, estimate_cost
from desktop.core.dataset import Dataset, Example, ExampleKind, Split
from desktop.core.findings import Analysis, Finding, FixId, HistogramBin, Severity, Summary, sort_findings
from desktop.core.text_hygiene import has_bare_newline, join_texts, letter_case_counts, scan_texts
from desktop.core.tokens import (
    TOKENS_FOR_REPLY,
    TOKENS_PER_MESSAGE,
    TOKENS_PER_NAME,
    ParallelCount,
    cached_counter,
    count_many,
    record_tokens,
)

MIN_EXAMPLES = 10  # the API refuses fewer
RECOMMENDED_EXAMPLES = 50  # OpenAI: "clear improvements from 50 to 100 examples"
NO_MODEL_LONG_TOKENS = 16_384  # without a chosen model: longer than the smallest hosted limit
PROMPT_PREFIX_LIMIT = 12  # the peer's MAX_PREFIX_LEN for prompts
COMPLETION_PREFIX_LIMIT = 5  # and for completions
CLASSIFICATION_THRESHOLD = 3  # the peer: fewer than n/3 distinct completions means classification
XFIX_WINDOW = 200  # characters kept from each end of prompts/completions for the prefix checks
SYSTEM_MAJORITY = 0.6  # "inconsistent system prompt" only when most examples share one

CHAT_ROLES = ("system", "user", "assistant", "tool", "function")
MESSAGE_KEYS = frozenset(
    {"role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call", "refusal"}
)
CHAT_KEYS = frozenset({"messages", "tools", "functions", "parallel_tool_calls"})
PREFERENCE_KEYS = frozenset({"input", "preferred_output", "non_preferred_output"})
PC_KEYS = frozenset({"prompt", "completion"})
SEPARATOR_OPTIONS = (" ->", "\n\n###\n\n", "\n\n===\n\n", "\n\n---\n\n", "\n\n===>\n\n", "\n\n--->\n\n")
# The peer's formatting advice that only matters for babbage-002/davinci-002.
LEGACY_ADVICE = frozenset(
    {
        "prompt_separator",
        "no_prompt_separator",
        "common_prompt_prefix",
        "common_completion_prefix",
        "completion_ending",
        "no_completion_ending",
        "completion_leading_space",
        "uppercase_prompt",
        "uppercase_completion",
    }
)
ENDING_OPTIONS = ("\n", ".", " END", "***", "+++", "&&&", "$$$", "@@@", "%%%")


class CancelLike(Protocol):
    def raise_if_cancelled(self) -> None: ...


ProgressFn = Callable[[float], None]


# --- Per-example facts ------------------------------------------------------------------------


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
class _Prepared:
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


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


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


def _prepare_plain_chat(messages: list[dict[str, str]], row: int, out: _Prepared) -> RowFacts:
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


def _prepare_chat(record: object, row: int, out: _Prepared) -> RowFacts:
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


def _prepare_preference(record: object, row: int, out: _Prepared, count: Callable[[str], int]) -> RowFacts:
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


def _prepare_pc(records: Sequence[object], out: _Prepared) -> None:
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


def _add_texts(out: _Prepared, row: int, texts: list[str]) -> None:
    out.texts.extend(texts)
    out.text_rows.extend([row] * len(texts))


def _prepare(records: Sequence[object], kind: ExampleKind, count: Callable[[str], int]) -> _Prepared:
    out = _Prepared([])
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


def _hygiene(out: _Prepared, kind: ExampleKind) -> None:
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


# --- Token counting ---------------------------------------------------------------------------


def _count_tokens(out: _Prepared, encoding: str, parallel: ParallelCount | None) -> None:
    text_counts = parallel.result() if parallel is not None else None
    if text_counts is None or len(text_counts) != len(out.texts):
        text_counts = count_many(out.texts, encoding)
    if out.pc_rows is not None:
        rows = out.pc_rows
        pairs = map(operator.add, text_counts[:rows], text_counts[rows:])
        for facts, total in zip(out.facts, pairs, strict=True):
            facts.tokens = total
        return
    totals = list(out.const_tokens)
    for row, n in zip(out.text_rows, text_counts, strict=True):
        totals[row] += n
    if out.pieces:
        count = cached_counter(encoding)
        for row, piece in zip(out.piece_rows, out.pieces, strict=True):
            totals[row] += count(piece)
    for row, n in out.direct_tokens.items():
        totals[row] = n
    for facts, total in zip(out.facts, totals, strict=True):
        facts.tokens = total


# --- Dataset-level checks ---------------------------------------------------------------------


def _f(
    code: str,
    severity: Severity,
    en: str,
    zh: str,
    rows: Iterable[int] = (),
    fix: FixId | None = None,
    **params: Any,
) -> Finding:
    return Finding(code, severity, _singular(en), zh, sorted(rows), fix, params)


_ONE_OF_MANY = re.compile(r"(?<![\d,.])1 (examples|completions|prompts|rows) (\w+)")
_SINGULAR_VERBS = {"have": "has", "are": "is", "do": "does", "were": "was"}


def _singular(text: str) -> str:
    """English grammar for a count of one: "1 examples have" -> "1 example has"."""

    def one(match: re.Match[str]) -> str:
        noun, verb = match.group(1)[:-1], match.group(2)
        verb = _SINGULAR_VERBS.get(verb, verb if verb.endswith("s") or not verb.isalpha() else verb + "s")
        return f"1 {noun} {verb}"

    return _ONE_OF_MANY.sub(one, text)


def _show(text: str) -> str:
    """A separator or prefix as the user can read it: newlines as \\n."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def _common_prefix(values: Sequence[str], window: int = XFIX_WINDOW) -> str:
    """The longest common prefix (at most ``window`` characters): that of the smallest and the
    largest string in sort order. Most columns have none, which one C-level pass shows."""
    if not values:
        return ""
    first = values[0][:1]
    if not first or not all(map(str.startswith, values, repeat(first))):
        return ""
    low, high = min(values)[:window], max(values)[:window]
    n, limit = 0, min(len(low), len(high))
    while n < limit and low[n] == high[n]:
        n += 1
    return low[:n]


def _common_suffix(values: Sequence[str], window: int = XFIX_WINDOW) -> str:
    if not values:
        return ""
    last = values[0][-1:]
    if not last or not all(map(str.endswith, values, repeat(last))):
        return ""
    return _common_prefix([v[-window:][::-1] for v in values], window)[::-1]


common_prefix = _common_prefix
common_suffix = _common_suffix


def row_facts(dataset: Dataset) -> list[RowFacts]:
    """Per-example facts without token counts (what the fixes need to find empty and duplicate rows)."""
    records = [e.peek() for e in dataset.examples]
    prepared = _prepare(records, dataset.kind, cached_counter("o200k_base"))
    _hygiene(prepared, dataset.kind)
    return prepared.facts


ROW_FINDINGS: dict[str, tuple[Severity, str, str, FixId | None]] = {
    "not_a_dict": (
        Severity.ERROR,
        "{n} examples are not JSON objects.",
        "{n} 个样本不是 JSON 对象。",
        None,
    ),
    "missing_messages": (
        Severity.ERROR,
        "{n} examples have no “messages” list (or an empty one).",
        "{n} 个样本缺少 “messages” 列表（或列表为空）。",
        FixId.REMOVE_EMPTY,
    ),
    "message_not_dict": (
        Severity.ERROR,
        "{n} examples have a message that is not a JSON object.",
        "{n} 个样本中有消息不是 JSON 对象。",
        None,
    ),
    "message_missing_key": (
        Severity.ERROR,
        "{n} examples have a message without “role” or “content”.",
        "{n} 个样本中有消息缺少 “role” 或 “content”。",
        None,
    ),
    "message_unknown_key": (
        Severity.ERROR,
        "{n} examples have a message with a key the API does not accept (e.g. “{detail}”); "
        "allowed: role, content, name, weight, tool_calls, tool_call_id, function_call.",
        "{n} 个样本中有消息包含 API 不接受的键（例如 “{detail}”）；允许的键：role、content、name、"
        "weight、tool_calls、tool_call_id、function_call。",
        None,
    ),
    "unknown_role": (
        Severity.ERROR,
        "{n} examples have a message with an unknown role (e.g. “{detail}”); "
        "use system, user, assistant or tool.",
        "{n} 个样本中有消息的角色无效（例如 “{detail}”）；请使用 system、user、assistant 或 tool。",
        None,
    ),
    "missing_content": (
        Severity.ERROR,
        "{n} examples have a message with empty content (e.g. a “{detail}” message).",
        "{n} 个样本中有消息内容为空（例如一条 “{detail}” 消息）。",
        FixId.REMOVE_EMPTY,
    ),
    "bad_content_type": (
        Severity.ERROR,
        "{n} examples have message content that is neither text nor a list of parts.",
        "{n} 个样本中有消息内容既不是文本也不是内容片段列表。",
        None,
    ),
    "bad_content_part": (
        Severity.ERROR,
        "{n} examples have a malformed content part (each part needs a “type”; text parts a “text”; "
        "images only in user messages).",
        "{n} 个样本中有格式错误的内容片段（每个片段都需要 “type”，文本片段需要 “text”，图片只能出现在用户消息中）。",
        None,
    ),
    "no_assistant": (
        Severity.ERROR,
        "{n} examples have no assistant message: there is nothing to learn from them.",
        "{n} 个样本没有助手（assistant）消息：模型无法从中学习。",
        FixId.REMOVE_EMPTY,
    ),
    "all_weights_zero": (
        Severity.WARNING,
        "{n} examples give every assistant message weight 0, so they teach nothing.",
        "{n} 个样本中所有助手消息的 weight 都为 0，因此不会产生任何训练效果。",
        None,
    ),
    "bad_weight": (
        Severity.ERROR,
        "{n} examples have a “weight” that is not 0 or 1, or on a message that is not the assistant's.",
        "{n} 个样本中的 “weight” 不是 0 或 1，或出现在非助手消息上。",
        None,
    ),
    "bad_tool_call": (
        Severity.ERROR,
        "{n} examples have a malformed “tool_calls” (each needs an id, type “function”, and a function "
        "with a name and JSON arguments as a string; only assistant messages make calls).",
        "{n} 个样本中的 “tool_calls” 格式错误（每个调用都需要 id、type 为 “function”，以及带 name 和字符串形式 "
        "JSON arguments 的 function；只有助手消息可以发起调用）。",
        None,
    ),
    "tool_reply_unmatched": (
        Severity.ERROR,
        "{n} examples have a tool message whose “tool_call_id” matches no earlier tool call.",
        "{n} 个样本中有工具消息的 “tool_call_id” 与之前的任何工具调用都不匹配。",
        None,
    ),
    "bad_tools": (
        Severity.ERROR,
        "{n} examples have a malformed “tools” list (each tool: type “function” and a function with a name).",
        "{n} 个样本的 “tools” 列表格式错误（每个工具都需要 type 为 “function”，以及带 name 的 function）。",
        None,
    ),
    "unknown_key": (
        Severity.WARNING,
        "{n} examples have a key the API does not expect (e.g. “{detail}”); the upload may be rejected.",
        "{n} 个样本包含 API 不认识的键（例如 “{detail}”）；上传可能会被拒绝。",
        None,
    ),
    "dpo_missing_input": (
        Severity.ERROR,
        "{n} preference pairs have no “input” with a list of messages.",
        "{n} 个偏好对缺少带消息列表的 “input”。",
        FixId.REMOVE_EMPTY,
    ),
    "dpo_missing_output": (
        Severity.ERROR,
        "{n} preference pairs lack a preferred or a non-preferred answer.",
        "{n} 个偏好对缺少更好的回答或较差的回答。",
        FixId.REMOVE_EMPTY,
    ),
    "dpo_empty_output": (
        Severity.ERROR,
        "{n} preference pairs have an empty answer.",
        "{n} 个偏好对中有回答为空。",
        FixId.REMOVE_EMPTY,
    ),
    "dpo_output_not_assistant": (
        Severity.ERROR,
        "{n} preference pairs have an answer whose role is not “assistant”.",
        "{n} 个偏好对中有回答的角色不是 “assistant”。",
        None,
    ),
    "dpo_multi_message_output": (
        Severity.WARNING,
        "{n} preference pairs have an answer made of several messages; DPO expects one assistant message.",
        "{n} 个偏好对的回答由多条消息组成；DPO 要求每个回答只有一条助手消息。",
        None,
    ),
    "dpo_identical_outputs": (
        Severity.WARNING,
        "{n} preference pairs have the same preferred and non-preferred answer, so they teach nothing.",
        "{n} 个偏好对的两个回答完全相同，因此不会产生任何训练效果。",
        FixId.REMOVE_EMPTY,
    ),
    "dpo_input_not_user_last": (
        Severity.WARNING,
        "{n} preference pairs have an input that does not end with a user message.",
        "{n} 个偏好对的输入不是以用户消息结尾。",
        None,
    ),
    "missing_column": (
        Severity.ERROR,
        "{n} examples have no “{detail}” field. Make sure your columns/keys are named prompt and completion.",
        "{n} 个样本缺少 “{detail}” 字段。请确认列名/键名为 prompt 和 completion。",
        None,
    ),
    "column_case": (
        Severity.ERROR,
        "{n} examples name a field “{detail}”; it must be lower case (prompt, completion).",
        "{n} 个样本的字段名为 “{detail}”；必须使用小写（prompt、completion）。",
        None,
    ),
    "extra_keys": (
        Severity.WARNING,
        "{n} examples have fields besides prompt and completion (e.g. “{detail}”); "
        "the file should have exactly these two.",
        "{n} 个样本除了 prompt 和 completion 之外还有其他字段（例如 “{detail}”）；文件中应只有这两个字段。",
        None,
    ),
    "not_text": (
        Severity.ERROR,
        "{n} examples have a “{detail}” that is not text.",
        "{n} 个样本的 “{detail}” 不是文本。",
        None,
    ),
    "invalid_unicode": (
        Severity.ERROR,
        "{n} examples contain invalid Unicode (lone surrogates); the file cannot be saved as UTF-8.",
        "{n} 个样本包含无效的 Unicode 字符（孤立代理项），文件无法保存为 UTF-8。",
        FixId.REMOVE_CONTROL_CHARACTERS,
    ),
    "control_characters": (
        Severity.WARNING,
        "{n} examples contain invisible control characters (often left over from copying or a bad export).",
        "{n} 个样本包含不可见的控制字符（通常来自复制粘贴或错误的导出）。",
        FixId.REMOVE_CONTROL_CHARACTERS,
    ),
    "replacement_characters": (
        Severity.WARNING,
        "{n} examples contain “\ufffd”, a sign that the file was once read with the wrong encoding.",
        "{n} 个样本包含 “\ufffd”，说明文件曾以错误的编码读取。",
        None,
    ),
    "whitespace_edges": (
        Severity.WARNING,
        "{n} examples have spaces or blank lines at the start or end of a text.",
        "{n} 个样本的文本开头或结尾有多余的空格或空行。",
        FixId.TRIM_WHITESPACE,
    ),
    "secrets": (
        Severity.WARNING,
        "{n} examples contain what looks like a secret ({detail}). Remove it before uploading: "
        "a fine-tuned model can repeat its training data. (Checked on this computer only.)",
        "{n} 个样本中似乎包含密钥（{detail}）。请在上传前删除：微调后的模型可能复述训练数据。（仅在本机检查。）",
        None,
    ),
    "personal_data": (
        Severity.WARNING,
        "{n} examples contain what looks like personal data ({detail}). Make sure you may use it for "
        "training. (Checked on this computer only.)",
        "{n} 个样本中似乎包含个人信息（{detail}）。请确认你有权将其用于训练。（仅在本机检查。）",
        None,
    ),
}

_KIND_NAMES = {
    "openai_key": ("OpenAI API key", "OpenAI API 密钥"),
    "aws_key": ("AWS access key", "AWS 访问密钥"),
    "github_token": ("GitHub token", "GitHub 令牌"),
    "slack_token": ("Slack token", "Slack 令牌"),
    "google_key": ("Google API key", "Google API 密钥"),
    "private_key": ("private key", "私钥"),
    "email": ("e-mail address", "电子邮件地址"),
    "phone_cn": ("phone number", "电话号码"),
    "phone_intl": ("phone number", "电话号码"),
    "phone_us": ("phone number", "电话号码"),
    "id_card_cn": ("ID card number", "身份证号"),
}


def _row_findings(facts: Sequence[RowFacts]) -> list[Finding]:
    rows_by_code: dict[str, list[int]] = defaultdict(list)
    details: dict[str, Any] = {}
    kinds_by_code: dict[str, set[str]] = defaultdict(set)
    for row, fact in enumerate(facts):
        for code, detail in fact.issues.items():
            rows_by_code[code].append(row)
            if isinstance(detail, set):
                kinds_by_code[code].update(detail)
            elif code not in details:
                details[code] = detail
    findings = []
    for code, rows in rows_by_code.items():
        spec = ROW_FINDINGS.get(code)
        if spec is None:
            continue
        severity, en, zh, fix = spec
        detail_en = detail_zh = str(details.get(code, ""))
        if code in kinds_by_code:
            names = sorted({_KIND_NAMES[k] for k in kinds_by_code[code]})
            detail_en = ", ".join(dict.fromkeys(n[0] for n in names))
            detail_zh = "、".join(dict.fromkeys(n[1] for n in names))
        findings.append(
            _f(
                code,
                severity,
                en.format(n=len(rows), detail=detail_en),
                zh.format(n=len(rows), detail=detail_zh),
                rows,
                fix,
            )
        )
    return findings


def _line_ending_findings(facts: Sequence[RowFacts]) -> list[Finding]:
    cr_rows = [i for i, f in enumerate(facts) if "carriage_return" in f.issues]
    if not cr_rows:
        return []
    mixed_rows = [i for i in cr_rows if "mixed_line_endings_in_row" in facts[i].issues]
    lf_elsewhere = any("bare_newline" in f.issues and "carriage_return" not in f.issues for f in facts)
    if not mixed_rows and not lf_elsewhere:
        return []  # consistent Windows line endings everywhere: nothing to fix
    return [
        _f(
            "mixed_line_endings",
            Severity.WARNING,
            f"Line endings are mixed: {len(cr_rows)} examples use Windows (\\r\\n) or old Mac (\\r) line "
            "endings while others use \\n. The model learns them as different characters.",
            f"换行符不统一：{len(cr_rows)} 个样本使用 Windows（\\r\\n）或旧 Mac（\\r）换行符，其余使用 \\n。"
            "模型会把它们当作不同的字符来学习。",
            cr_rows,
            FixId.NORMALISE_LINE_ENDINGS,
        )
    ]


def _count_findings(n: int, kind: ExampleKind) -> list[Finding]:
    what_en = "prompt-completion pairs" if kind is ExampleKind.PROMPT_COMPLETION else "examples"
    what_zh = "个提示-补全对" if kind is ExampleKind.PROMPT_COMPLETION else "个样本"
    if n < MIN_EXAMPLES:
        return [
            _f(
                "too_few_examples",
                Severity.ERROR,
                f"The data has {n} {what_en}; fine-tuning needs at least {MIN_EXAMPLES}.",
                f"数据只有 {n} {what_zh}；微调至少需要 {MIN_EXAMPLES} 个。",
            )
        ]
    if n < RECOMMENDED_EXAMPLES:
        return [
            _f(
                "few_examples",
                Severity.WARNING,
                f"The data has {n} {what_en}. Results usually improve clearly with 50 to 100 or more, "
                "and keep improving with every doubling.",
                f"数据有 {n} {what_zh}。通常 50 到 100 个以上效果会明显提升，数据量每翻一倍效果还会继续提升。",
            )
        ]
    if kind is ExampleKind.PROMPT_COMPLETION and n < 100:
        return [
            _f(
                "few_examples_legacy",
                Severity.INFO,
                f"The data has {n} {what_en}. For babbage-002/davinci-002 a few hundred examples work much "
                "better; performance tends to rise with every doubling.",
                f"数据有 {n} {what_zh}。对于 babbage-002/davinci-002，几百个样本效果会好得多；数据量每翻一倍效果通常都会提升。",
            )
        ]
    return []


def _duplicate_findings(facts: Sequence[RowFacts], kind: ExampleKind) -> list[Finding]:
    findings = []
    first_by_key: dict[int, int] = {}
    duplicate_rows = []
    for row, fact in enumerate(facts):
        if "not_a_dict" in fact.issues or fact.empty:
            continue
        if fact.key in first_by_key:
            duplicate_rows.append(row)
        else:
            first_by_key[fact.key] = row
    if duplicate_rows:
        what_en = "prompt-completion pairs" if kind is ExampleKind.PROMPT_COMPLETION else "examples"
        findings.append(
            _f(
                "duplicates",
                Severity.WARNING,
                f"{len(duplicate_rows)} {what_en} repeat an earlier one exactly. Duplicates weigh those "
                "examples more and make validation look better than it is.",
                f"{len(duplicate_rows)} 个样本与前面的样本完全重复。重复会加大这些样本的权重，并让验证结果显得比实际更好。",
                duplicate_rows,
                FixId.REMOVE_DUPLICATES,
            )
        )
    duplicates = set(duplicate_rows)
    first_by_near: dict[int, int] = {}
    near_rows = []
    for row, fact in enumerate(facts):
        if row in duplicates or fact.empty or "not_a_dict" in fact.issues:
            continue
        first = first_by_near.get(fact.near)
        if first is None:
            first_by_near[fact.near] = row
        elif facts[first].key != fact.key:
            near_rows.append(row)
    if near_rows:
        findings.append(
            _f(
                "near_duplicates",
                Severity.WARNING,
                f"{len(near_rows)} examples differ from an earlier one only in letter case, spacing or "
                "punctuation.",
                f"{len(near_rows)} 个样本与前面的样本只在大小写、空格或标点上有差别。",
                near_rows,
                FixId.REMOVE_NEAR_DUPLICATES,
            )
        )
    return findings


def _empty_findings(facts: Sequence[RowFacts], kind: ExampleKind) -> list[Finding]:
    findings = []
    if kind is ExampleKind.PROMPT_COMPLETION:
        empty_completions = [
            i for i, f in enumerate(facts) if f.pc_completion_empty and "not_a_dict" not in f.issues
        ]
        if empty_completions:
            findings.append(
                _f(
                    "empty_completion",
                    Severity.ERROR,
                    f"{len(empty_completions)} examples have an empty completion: there is nothing to learn.",
                    f"{len(empty_completions)} 个样本的补全（completion）为空：模型无法从中学习。",
                    empty_completions,
                    FixId.REMOVE_EMPTY,
                )
            )
        prompts_empty = [i for i, f in enumerate(facts) if f.pc_prompt_empty and not f.pc_completion_empty]
        if prompts_empty and len(prompts_empty) < len(facts) - len(empty_completions):
            findings.append(
                _f(
                    "empty_prompt",
                    Severity.WARNING,
                    f"{len(prompts_empty)} examples have an empty prompt while others do not. Leave every "
                    "prompt empty only for open-ended generation.",
                    f"{len(prompts_empty)} 个样本的提示（prompt）为空，而其他样本不为空。只有开放式生成才应让所有提示为空。",
                    prompts_empty,
                    FixId.REMOVE_EMPTY,
                    include_empty_prompts=True,
                )
            )
    else:
        empty = [i for i, f in enumerate(facts) if f.empty and "not_a_dict" not in f.issues]
        if empty:
            findings.append(
                _f(
                    "empty_examples",
                    Severity.ERROR,
                    f"{len(empty)} examples are empty.",
                    f"{len(empty)} 个样本为空。",
                    empty,
                    FixId.REMOVE_EMPTY,
                )
            )
    return findings


def _chat_role_findings(facts: Sequence[RowFacts], kind: ExampleKind) -> list[Finding]:
    if kind is ExampleKind.PROMPT_COMPLETION:
        return []
    findings = []
    structural = {"not_a_dict", "missing_messages", "dpo_missing_input"}
    candidates = [i for i, f in enumerate(facts) if not structural & f.issues.keys()]
    no_user = [i for i in candidates if not facts[i].has_user]
    if no_user:
        findings.append(
            _f(
                "missing_user",
                Severity.WARNING,
                f"{len(no_user)} examples have no user message.",
                f"{len(no_user)} 个样本没有用户（user）消息。",
                no_user,
            )
        )
    no_system = [i for i in candidates if not facts[i].has_system]
    if no_system and len(no_system) < len(candidates):
        findings.append(
            _f(
                "missing_system",
                Severity.INFO,
                f"{len(no_system)} examples have no system message while others have one. Use the same "
                "system message when you call the fine-tuned model.",
                f"{len(no_system)} 个样本没有系统（system）消息，而其他样本有。调用微调后的模型时请使用相同的系统消息。",
                no_system,
            )
        )
    systems: Counter[str] = Counter(s for i in candidates if (s := facts[i].system) is not None)
    if len(systems) > 1:
        common, count = systems.most_common(1)[0]
        with_system = sum(systems.values())
        if count >= SYSTEM_MAJORITY * with_system:
            others = [i for i in candidates if facts[i].system is not None and facts[i].system != common]
            shown = common if len(common) <= 60 else common[:57] + "…"
            findings.append(
                _f(
                    "inconsistent_system_prompts",
                    Severity.WARNING,
                    f"{count} examples use the system message “{shown}” but {len(others)} use another one. "
                    "If that is not on purpose, make them the same.",
                    f"{count} 个样本使用系统消息 “{shown}”，但有 {len(others)} 个样本使用了不同的系统消息。"
                    "如果不是有意为之，请统一。",
                    others,
                    common_system=common,
                )
            )
    return findings


def infer_task_type(prompts: Sequence[str], completions: Sequence[str]) -> str:
    """The peer's guess: "open-ended generation", "classification" or "conditional generation"."""
    if not any(prompts):
        return "open-ended generation"
    if len(set(completions)) < len(completions) / CLASSIFICATION_THRESHOLD:
        return "classification"
    return "conditional generation"


def _legacy_findings(records: Sequence[object], facts: Sequence[RowFacts]) -> list[Finding]:
    """The peer's prompt/completion advice (separator, ending, prefixes, leading space, case)."""
    # Empty completions are reported (and removed) first, as the peer does.
    rows = [i for i, f in enumerate(facts) if not f.pc_completion_empty and "not_a_dict" not in f.issues]
    picked = [records[i] for i in rows]
    prompts = [p if type(p) is str else "" for p in (r.get("prompt") for r in picked)]  # type: ignore[attr-defined]
    completions = [c if type(c) is str else "" for c in (r.get("completion") for r in picked)]  # type: ignore[attr-defined]
    del picked
    findings: list[Finding] = []
    if len(prompts) < 2:
        return findings
    task = infer_task_type(prompts, completions)
    if task == "classification":
        findings.append(
            _f(
                "looks_like_classification",
                Severity.INFO,
                f"The data looks like classification: {len(set(completions))} different completions for "
                f"{len(completions)} prompts. Keep some examples aside as a validation set to measure accuracy.",
                f"数据看起来像分类任务：{len(completions)} 个提示只有 {len(set(completions))} 种不同的补全。"
                "请留出一部分样本作为验证集以衡量准确率。",
                fix=FixId.SPLIT_VALIDATION,
            )
        )
    # Prompt separator (not for open-ended generation, where prompts are empty).
    if task != "open-ended generation":
        if len(set(prompts)) == 1:
            findings.append(
                _f(
                    "identical_prompts",
                    Severity.ERROR,
                    f"All prompts are identical: “{_show(prompts[0][:80])}”. Leave prompts empty for open-ended "
                    "generation, otherwise make them different.",
                    f"所有提示都相同：“{_show(prompts[0][:80])}”。开放式生成请让提示为空，否则请让提示各不相同。",
                    rows,
                )
            )
        else:
            suffix = _common_suffix(prompts)
            if suffix:
                en = f"All prompts end with the separator “{_show(suffix)}”."
                zh = f"所有提示都以分隔符 “{_show(suffix)}” 结尾。"
                severity = Severity.INFO
                fix: FixId | None = None
                if len(suffix) > 10:
                    en += " It is very long; a short one such as “\\n\\n###\\n\\n” works as well."
                    zh += " 它太长了；像 “\\n\\n###\\n\\n” 这样的短分隔符效果一样。"
                    severity = Severity.WARNING
                twice = [rows[i] for i, p in enumerate(prompts) if suffix in p[: -len(suffix)]]
                if twice:
                    en += f" {len(twice)} prompts contain it more than once; use a separator that appears only at the end."
                    zh += f" 有 {len(twice)} 个提示中它出现了不止一次；请使用只出现在结尾的分隔符。"
                    severity = Severity.WARNING
                en += " When you call the fine-tuned model, end your prompt with it too."
                zh += " 调用微调后的模型时，提示也要以它结尾。"
                findings.append(_f("prompt_separator", severity, en, zh, twice, fix, separator=suffix))
            else:
                suggested = _suggest(prompts, SEPARATOR_OPTIONS, "\n\n### =>\n\n", newline_blocks=" ->")
                findings.append(
                    _f(
                        "no_prompt_separator",
                        Severity.WARNING,
                        "The prompts do not end with a common separator. For babbage-002/davinci-002 a fixed "
                        f"string at the end of every prompt, such as “{_show(suggested)}”, shows the model where "
                        "the completion begins.",
                        "提示没有以统一的分隔符结尾。对于 babbage-002/davinci-002，在每个提示末尾加上固定的字符串"
                        f"（例如 “{_show(suggested)}”）可以让模型知道补全从哪里开始。",
                        fix=FixId.ADD_SEPARATOR,
                        separator=suggested,
                    )
                )
    # Common prompt prefix.
    prefix = _common_prefix(prompts)
    if prefix and len(set(prompts)) > 1 and len(prefix) > PROMPT_PREFIX_LIMIT:
        findings.append(
            _f(
                "common_prompt_prefix",
                Severity.INFO,
                f"All prompts start with “{_show(prefix[:80])}”. Fine-tuning does not need the task's "
                "instructions or examples in every prompt: usually the input alone is enough.",
                f"所有提示都以 “{_show(prefix[:80])}” 开头。微调不需要在每个提示中重复任务说明或示例：通常只放输入数据就够了。",
                fix=FixId.REMOVE_PROMPT_PREFIX,
                prefix=prefix,
            )
        )
    # Common completion prefix.
    c_prefix = _common_prefix(completions)
    if len(c_prefix) >= COMPLETION_PREFIX_LIMIT and len(set(completions)) > 1:
        findings.append(
            _f(
                "common_completion_prefix",
                Severity.WARNING,
                f"All completions start with “{_show(c_prefix[:80])}”. Put only the output in the completion, "
                "without a fixed prefix.",
                f"所有补全都以 “{_show(c_prefix[:80])}” 开头。补全中只应放输出内容，不要加固定前缀。",
                fix=FixId.REMOVE_COMPLETION_PREFIX,
                prefix=c_prefix,
            )
        )
    # Completion ending (not for open-ended generation nor classification, as the peer).
    if task == "conditional generation":
        if len(set(completions)) == 1:
            findings.append(
                _f(
                    "identical_completions",
                    Severity.ERROR,
                    f"All completions are identical: “{_show(completions[0][:80])}”. The model would only learn "
                    "to repeat it.",
                    f"所有补全都相同：“{_show(completions[0][:80])}”。模型只会学会重复它。",
                    rows,
                )
            )
        else:
            ending = _common_suffix(completions)
            if ending:
                en = f"All completions end with “{_show(ending)}”; use it as the stop sequence when you call the model."
                zh = f"所有补全都以 “{_show(ending)}” 结尾；调用模型时请把它用作停止序列（stop）。"
                twice = [rows[i] for i, c in enumerate(completions) if ending in c[: -len(ending)]]
                severity = Severity.INFO
                if twice:
                    en += f" {len(twice)} completions contain it more than once; use a unique ending."
                    zh += f" 有 {len(twice)} 个补全中它出现了不止一次；请使用唯一的结束符。"
                    severity = Severity.WARNING
                findings.append(_f("completion_ending", severity, en, zh, twice, ending=ending))
            else:
                suggested = _suggest(completions, ENDING_OPTIONS, " [END]")
                findings.append(
                    _f(
                        "no_completion_ending",
                        Severity.WARNING,
                        "The completions do not end with a common ending. For babbage-002/davinci-002 a fixed "
                        f"ending such as “{_show(suggested)}” lets you stop generation at the right place.",
                        "补全没有以统一的结束符结尾。对于 babbage-002/davinci-002，加上固定的结束符"
                        f"（例如 “{_show(suggested)}”）可以让生成在正确的位置停止。",
                        fix=FixId.ADD_ENDING,
                        ending=suggested,
                    )
                )
    # Leading space (the peer's tokenisation advice; still sound for cl100k_base completions).
    no_space = list(compress(rows, [not c.startswith(" ") for c in completions]))
    if no_space:
        findings.append(
            _f(
                "completion_leading_space",
                Severity.INFO,
                f"{len(no_space)} completions do not start with a space. For babbage-002/davinci-002 a "
                "completion that starts with one space tokenises better.",
                f"{len(no_space)} 个补全不是以空格开头。对于 babbage-002/davinci-002，补全以一个空格开头时分词效果更好。",
                no_space,
                FixId.ADD_LEADING_SPACE,
            )
        )
    # Upper case: more than a third of the letters (ASCII letters, as the peer's data was English).
    for column, values in (("prompt", prompts), ("completion", completions)):
        upper, lower = letter_case_counts(values)
        if upper * 2 > lower and upper > 0:
            findings.append(
                _f(
                    f"uppercase_{column}",
                    Severity.WARNING,
                    f"More than a third of the letters in the {column}s are upper case. Mostly upper-case text "
                    "tends to train worse than normal mixed case; lower-case it if that makes sense.",
                    f"{'提示' if column == 'prompt' else '补全'}中超过三分之一的字母是大写。大量大写文本的训练效果通常不如正常大小写混合的文本；"
                    "如果合适，请转换为小写。",
                    fix=FixId.LOWERCASE,
                    column=column,
                )
            )
    return findings


def _suggest(values: Sequence[str], options: Sequence[str], fallback: str, newline_blocks: str = "") -> str:
    """The first option that appears in none of the values (the peer's choice of separator/ending)."""
    joined = "\x1f".join(values)  # one fast substring search per option instead of one per value
    has_newline = "\n" in joined
    for option in options:
        if option == newline_blocks and has_newline:
            continue
        if option not in joined:
            return option
    return fallback


def _token_findings(
    facts: Sequence[RowFacts], model: CatalogModel | None, kind: ExampleKind
) -> tuple[list[Finding], int | None]:
    limit = model.max_example_tokens if model is not None else None
    if limit is None:
        long_rows = [i for i, f in enumerate(facts) if f.tokens > NO_MODEL_LONG_TOKENS]
        if not long_rows:
            return [], None
        return [
            _f(
                "long_examples",
                Severity.INFO,
                f"{len(long_rows)} examples are longer than {NO_MODEL_LONG_TOKENS:,} tokens, too long for "
                "some models. Choose a model to check them against its limit.",
                f"{len(long_rows)} 个样本超过 {NO_MODEL_LONG_TOKENS:,} 个词元，对部分模型来说太长。选择模型后会按其上限检查。",
                long_rows,
                FixId.DROP_LONG,
                limit=NO_MODEL_LONG_TOKENS,
                alternative=FixId.TRUNCATE_LONG.value,
            )
        ], None
    long_rows = [i for i, f in enumerate(facts) if f.tokens > limit]
    if not long_rows:
        return [], limit
    assert model is not None
    return [
        _f(
            "over_token_limit",
            Severity.ERROR,
            f"{len(long_rows)} examples are longer than {model.name}'s limit of {limit:,} tokens per example; "
            "training would cut or reject them. Drop them, or shorten them to the limit.",
            f"{len(long_rows)} 个样本超过 {model.name} 每个样本 {limit:,} 个词元的上限；训练时会被截断或拒绝。"
            "请删除它们，或截短到上限以内。",
            long_rows,
            FixId.DROP_LONG,
            limit=limit,
            alternative=FixId.TRUNCATE_LONG.value,
        )
    ], limit


def _model_findings(model: CatalogModel, kind: ExampleKind, today: date | None) -> list[Finding]:
    findings = []
    verdict = compatibility(model, kind, method_for_kind(kind), today=today)
    if not verdict.ok:
        fix = None
        if kind is ExampleKind.PROMPT_COMPLETION and ExampleKind.CHAT in model.formats:
            fix = FixId.TO_CHAT
        elif kind is ExampleKind.CHAT and ExampleKind.PROMPT_COMPLETION in model.formats:
            fix = FixId.TO_PROMPT_COMPLETION
        findings.append(
            _f("incompatible_model", Severity.ERROR, verdict.reason_en, verdict.reason_zh, fix=fix)
        )
    if today is not None:
        warning = retirement_warning(model, today)
        if warning is not None and verdict.ok:
            findings.append(_f("model_retiring", Severity.WARNING, warning[0], warning[1]))
    return findings


def _split_findings(examples: Sequence[Example]) -> list[Finding]:
    n = len(examples)
    validation = sum(1 for e in examples if e.split is Split.VALIDATION)
    if validation == 0 and n >= 100:
        return [
            _f(
                "no_validation_split",
                Severity.INFO,
                "There is no validation set. Keeping about 10% of the examples aside shows whether the model "
                "generalises or only memorises.",
                "没有验证集。留出约 10% 的样本作为验证集，可以看出模型是学会了泛化还是只记住了训练数据。",
                fix=FixId.SPLIT_VALIDATION,
            )
        ]
    if validation and validation == n:
        return [
            _f(
                "no_training_examples",
                Severity.ERROR,
                "Every example is in the validation set; nothing is left to train on.",
                "所有样本都在验证集中，没有可用于训练的样本。",
                fix=FixId.SPLIT_VALIDATION,
            )
        ]
    return []


# --- Summary ----------------------------------------------------------------------------------


def histogram(values: Sequence[int], bins: int = 20) -> list[HistogramBin]:
    """Equal-width bins from 0 to the largest value (the last bin includes the maximum)."""
    if not values:
        return []
    top = max(values)
    width = max(1, -(-(top + 1) // bins))
    counts = [0] * bins
    for v in values:
        counts[min(v // width, bins - 1)] += 1
    return [HistogramBin(i * width, (i + 1) * width, c) for i, c in enumerate(counts)]


def _summary(
    examples: Sequence[Example],
    facts: Sequence[RowFacts],
    encoding: str,
    limit: int | None,
    model: CatalogModel | None,
    epochs: int | str | None,
) -> Summary:
    tokens = [f.tokens for f in facts]
    ordered = sorted(tokens)
    n = len(tokens)
    validation = sum(1 for e in examples if e.split is Split.VALIDATION)
    train_tokens = [f.tokens for e, f in zip(examples, facts, strict=True) if e.split is not Split.VALIDATION]
    return Summary(
        examples=n,
        train_examples=n - validation,
        validation_examples=validation,
        encoding=encoding,
        total_tokens=sum(tokens),
        min_tokens=ordered[0] if n else 0,
        max_tokens=ordered[-1] if n else 0,
        mean_tokens=sum(tokens) / n if n else 0.0,
        median_tokens=ordered[n // 2] if n else 0,
        p90_tokens=ordered[min(n - 1, int(n * 0.9))] if n else 0,
        histogram=histogram(tokens),
        token_limit=limit,
        over_limit=sum(1 for t in tokens if limit is not None and t > limit),
        tokens_per_example=tokens,
        estimate=estimate_cost(train_tokens, model, epochs, token_limit=limit),
    )


# --- The analysis -----------------------------------------------------------------------------


def _encoding(model: CatalogModel | None, kind: ExampleKind) -> str:
    if model is not None:
        return model.encoding
    # Prompt/completion data trains only babbage-002/davinci-002, which count in cl100k_base.
    return "cl100k_base" if kind is ExampleKind.PROMPT_COMPLETION else "o200k_base"


class Analyzer:
    """Keeps per-example facts so that edits re-check only the edited rows.

    Facts are kept per Example object, so inserted, removed or moved rows are handled too: rows
    whose Example is new, or that are named in ``changed_rows``, are checked again; all data-set
    level checks (duplicates, system prompts, prefixes, counts) are then redone from the facts.
    """

    def __init__(
        self,
        model: CatalogModel | None = None,
        *,
        epochs: int | str | None = None,
        today: date | None = None,
        parallel: bool = True,
    ) -> None:
        self.model = model
        self.epochs = epochs
        self.today = today
        self.parallel = parallel
        self._facts: dict[int, tuple[Example, RowFacts]] = {}
        self._kind: ExampleKind | None = None
        self._encoding: str | None = None

    def analyze(
        self, dataset: Dataset, *, cancel: CancelLike | None = None, progress: ProgressFn | None = None
    ) -> Analysis:
        """Check every example (the first run, or after the model or kind changed)."""
        self._facts.clear()
        return self.update(dataset, None, cancel=cancel, progress=progress)

    def update(
        self,
        dataset: Dataset,
        changed_rows: Iterable[int] | None = None,
        *,
        cancel: CancelLike | None = None,
        progress: ProgressFn | None = None,
    ) -> Analysis:
        """Re-check the rows in ``changed_rows`` (and rows not seen before); None re-checks all."""
        encoding = _encoding(self.model, dataset.kind)
        if dataset.kind is not self._kind or encoding != self._encoding or changed_rows is None:
            self._facts.clear()
        self._kind, self._encoding = dataset.kind, encoding
        examples = dataset.examples
        changed = set(changed_rows or ())
        todo = [
            i
            for i, example in enumerate(examples)
            if i in changed or id(example) not in self._facts or self._facts[id(example)][0] is not example
        ]
        if progress is not None:
            progress(0.0)
        pending, records = self._check_rows(dataset, todo, encoding, cancel, progress)
        fresh = [fact for prepared, _ in pending for fact in prepared.facts]
        if len(todo) == len(examples):
            facts_now = fresh
            kept = {id(example): (example, fact) for example, fact in zip(examples, fresh, strict=True)}
        else:
            facts_now = []
            kept = {}
            fresh_iter = iter(fresh)
            todo_set = set(todo)
            for i, example in enumerate(examples):
                fact = next(fresh_iter) if i in todo_set else self._facts[id(example)][1]
                facts_now.append(fact)
                kept[id(example)] = (example, fact)
        self._facts = kept
        if cancel is not None:
            cancel.raise_if_cancelled()
        # The checks that need no token counts run while the helper process is still counting.
        if records is None or len(records) != len(examples):
            records = [e.peek() for e in examples] if dataset.kind is ExampleKind.PROMPT_COMPLETION else []
        findings = self._format_checks(dataset, facts_now, records)
        del records
        for prepared, helper in pending:
            if cancel is not None:
                cancel.raise_if_cancelled()
            _count_tokens(prepared, encoding, helper)
        analysis = self._token_checks(dataset, facts_now, encoding, findings)
        if progress is not None:
            progress(1.0)
        return analysis

    def _check_rows(
        self,
        dataset: Dataset,
        rows: list[int],
        encoding: str,
        cancel: CancelLike | None,
        progress: ProgressFn | None,
    ) -> tuple[list[tuple[_Prepared, ParallelCount | None]], list[object] | None]:
        """Per-example facts of ``rows`` (tokens still pending), and their records for the
        prompt/completion checks when every row was read anyway."""
        pending: list[tuple[_Prepared, ParallelCount | None]] = []
        if not rows:
            return pending, None
        examples = dataset.examples
        kind = dataset.kind
        count = cached_counter(encoding)
        keep_records = kind is ExampleKind.PROMPT_COMPLETION and len(rows) == len(examples)
        kept: list[object] = []
        block = 25_000
        for start in range(0, len(rows), block):
            if cancel is not None:
                cancel.raise_if_cancelled()
            part = rows[start : start + block]
            records = [examples[i].peek() for i in part]
            prepared = _prepare(records, kind, count)
            if keep_records:
                kept.extend(records)
            del records
            # The texts go to a helper process as one UTF-8 buffer (cheap to send) and are counted
            # there while this process runs the other checks.
            prepared.buffer = join_texts(prepared.texts)
            helper = None
            if self.parallel and kind is not ExampleKind.PREFERENCE and prepared.buffer is not None:
                helper = ParallelCount.start_buffer(prepared.buffer, len(prepared.texts), encoding)
            _hygiene(prepared, kind)
            prepared.buffer = None
            pending.append((prepared, helper))
            if progress is not None:
                progress(min(0.9, (start + len(part)) / len(rows) * 0.9))
        return pending, kept if keep_records else None

    def _format_checks(
        self, dataset: Dataset, facts: list[RowFacts], records: Sequence[object]
    ) -> list[Finding]:
        kind = dataset.kind
        examples = dataset.examples
        findings = _row_findings(facts)
        findings += _line_ending_findings(facts)
        findings += _count_findings(len(examples), kind)
        findings += _empty_findings(facts, kind)
        findings += _duplicate_findings(facts, kind)
        findings += _chat_role_findings(facts, kind)
        if kind is ExampleKind.PROMPT_COMPLETION:
            legacy = _legacy_findings(records, facts)
            if self.model is not None and ExampleKind.PROMPT_COMPLETION not in self.model.formats:
                # A chat model is chosen: the data will be converted, the legacy advice is noise.
                legacy = [f for f in legacy if f.code not in LEGACY_ADVICE]
            findings += legacy
            if dataset.extra_columns:
                columns = ", ".join(dataset.extra_columns)
                findings.append(
                    _f(
                        "extra_columns",
                        Severity.INFO,
                        f"The file has more columns than prompt and completion ({columns}). They stay in the "
                        "editor but are not part of the training file.",
                        f"文件中除了 prompt 和 completion 还有其他列（{columns}）。它们会保留在编辑器中，但不会写入训练文件。",
                        columns=list(dataset.extra_columns),
                    )
                )
        if self.model is not None:
            findings += _model_findings(self.model, kind, self.today)
        findings += _split_findings(examples)
        return findings

    def _token_checks(
        self, dataset: Dataset, facts: list[RowFacts], encoding: str, findings: list[Finding]
    ) -> Analysis:
        token_findings, limit = _token_findings(facts, self.model, dataset.kind)
        summary = _summary(dataset.examples, facts, encoding, limit, self.model, self.epochs)
        return Analysis(sort_findings(findings + token_findings), summary)


def analyze(
    dataset: Dataset,
    model: CatalogModel | None = None,
    *,
    epochs: int | str | None = None,
    today: date | None = None,
    cancel: CancelLike | None = None,
    progress: ProgressFn | None = None,
    parallel: bool = True,
) -> Analysis:
    """Every check on the whole data set, with exact token counts for ``model``'s encoding."""
    return Analyzer(model, epochs=epochs, today=today, parallel=parallel).analyze(
        dataset, cancel=cancel, progress=progress
    )


def estimate_for(
    analysis: Analysis,
    dataset: Dataset,
    model: CatalogModel | None,
    epochs: int | str | None = None,
    *,
    tokens_per_second: float | None = None,
) -> CostEstimate:
    """The cost estimate for another model or number of epochs, without checking the data again.

    Only training examples count (the validation split is not billed for training).
    """
    tokens = analysis.summary.tokens_per_example
    if len(tokens) != len(dataset.examples):
        raise ValueError("the analysis is not of this data set (row counts differ)")
    train = [t for t, e in zip(tokens, dataset.examples, strict=True) if e.split is not Split.VALIDATION]
    limit = model.max_example_tokens if model is not None else None
    return estimate_cost(train, model, epochs, token_limit=limit, tokens_per_second=tokens_per_second)

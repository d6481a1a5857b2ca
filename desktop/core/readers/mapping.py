"""Which source columns become which parts of an example, and the examples they make.

Headers are matched without regard to case, spacing, underscores or full-width forms, in English
and Chinese. Columns that map to nothing are kept as extras: shown and saved to CSV/XLSX, never
exported for training.
"""

from __future__ import annotations

import json
import unicodedata
from operator import itemgetter

from desktop.core.dataset import Dataset, Example, ExampleKind, JSONObject
from desktop.core.readers.model import ColumnMapping, LoadResult, RawTable, RowProblem

# The parts of an example a column can fill, per kind.
TARGETS: dict[ExampleKind, tuple[str, ...]] = {
    ExampleKind.PROMPT_COMPLETION: ("prompt", "completion"),
    ExampleKind.CHAT: ("system", "user", "assistant", "messages", "tools", "parallel_tool_calls"),
    ExampleKind.PREFERENCE: ("system", "input", "preferred_output", "non_preferred_output"),
}
# Header words for each role a column can play, best first. Compared after normalise_header().
_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "instruction": ("instruction", "instructions", "指令", "指示", "任务", "任务描述"),
    "prompt": (
        "prompt",
        "question",
        "query",
        "input",
        "q",
        "request",
        "ask",
        "source",
        "text",
        "问题",
        "提问",
        "问",
        "提示",
        "提示词",
        "输入",
        "题目",
        "查询",
        "请求",
        "问句",
        "原文",
        "問題",
        "提示詞",
        "輸入",
    ),
    "completion": (
        "completion",
        "answer",
        "response",
        "output",
        "a",
        "reply",
        "target",
        "result",
        "回答",
        "回复",
        "答案",
        "答",
        "输出",
        "响应",
        "答复",
        "译文",
        "回覆",
        "回復",
        "輸出",
        "答覆",
    ),
    "system": ("system", "systemprompt", "systemmessage", "系统", "系统提示", "系统提示词", "系統", "人设"),
    "user": ("user", "human", "用户", "用戶", "使用者", "人类"),
    "assistant": ("assistant", "gpt", "bot", "ai", "model", "助手", "助理", "机器人", "模型", "機器人"),
    "chosen": (
        "preferredoutput",
        "chosen",
        "preferred",
        "preferredresponse",
        "good",
        "better",
        "accepted",
        "优选",
        "优选回答",
        "好回答",
        "更好",
        "首选",
        "选中",
        "正例",
    ),
    "rejected": (
        "nonpreferredoutput",
        "rejected",
        "nonpreferred",
        "dispreferred",
        "nonpreferredresponse",
        "bad",
        "worse",
        "拒绝",
        "差回答",
        "更差",
        "负例",
        "非优选",
    ),
    "messages": ("messages", "conversation", "conversations", "dialog", "dialogue", "对话", "消息", "對話"),
    "tools": ("tools",),
    "parallel_tool_calls": ("paralleltoolcalls",),
}


def normalise_header(text: str) -> str:
    """'  Prompt ' -> 'prompt', 'Preferred_Output' -> 'preferredoutput', '问题：' -> '问题'."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    for char in " _-.\t\n\r/":
        text = text.replace(char, "")
    return text.rstrip(":")


_WORD_RANK: dict[str, dict[str, int]] = {
    role: {word: rank for rank, word in enumerate(words)} for role, words in _ROLE_WORDS.items()
}
KNOWN_HEADERS: frozenset[str] = frozenset(w for words in _ROLE_WORDS.values() for w in words)


def is_known_header(text: str) -> bool:
    return normalise_header(text) in KNOWN_HEADERS


def _best(roles: dict[str, list[tuple[int, int]]], role: str, taken: set[int]) -> int | None:
    """The column that best plays ``role`` (best word, then leftmost) and is not taken yet."""
    candidates = [(rank, index) for rank, index in roles.get(role, []) if index not in taken]
    if not candidates:
        return None
    return min(candidates)[1]


def _column_roles(headers: list[str]) -> dict[str, list[tuple[int, int]]]:
    roles: dict[str, list[tuple[int, int]]] = {}
    for index, header in enumerate(headers):
        name = normalise_header(header)
        for role, ranks in _WORD_RANK.items():
            if name in ranks:
                roles.setdefault(role, []).append((ranks[name], index))
    return roles


def guess_kind(headers: list[str]) -> ExampleKind:
    roles = _column_roles(headers)
    if "messages" in roles:
        return ExampleKind.CHAT
    if "chosen" in roles and "rejected" in roles:
        return ExampleKind.PREFERENCE
    has_prompt_completion = "prompt" in roles or "completion" in roles or "instruction" in roles
    if "assistant" in roles or ("user" in roles and not has_prompt_completion):
        return ExampleKind.CHAT
    if "system" in roles and has_prompt_completion:
        return ExampleKind.CHAT
    return ExampleKind.PROMPT_COMPLETION


def guess_mapping(table: RawTable, kind: ExampleKind | None = None) -> ColumnMapping:
    """The mapping the headers suggest; ``kind`` forces the kind of example."""
    headers = table.headers
    kind = kind or guess_kind(headers)
    roles = _column_roles(headers)
    taken: set[int] = set()

    def take(*role_names: str) -> list[int]:
        for role in role_names:
            index = _best(roles, role, taken)
            if index is not None:
                taken.add(index)
                return [index]
        return []

    def take_prompt(*first: str) -> list[int]:
        # instruction + input -> prompt (Alpaca style): the instruction first, then its input.
        columns = take(*first) if first else []
        if columns:
            return columns
        instruction = take("instruction")
        return instruction + take("prompt")

    fields: dict[str, list[int]]
    if kind is ExampleKind.PROMPT_COMPLETION:
        prompt = take_prompt()
        if not prompt:
            prompt = take("user")
        fields = {"prompt": prompt, "completion": take("completion", "assistant", "chosen")}
    elif kind is ExampleKind.CHAT:
        messages = take("messages")
        if messages:
            fields = {"messages": messages}
        else:
            fields = {
                "system": take("system"),
                "user": take_prompt("user"),
                "assistant": take("assistant", "completion", "chosen"),
            }
        for target in ("tools", "parallel_tool_calls"):
            fields[target] = take(target)
    else:
        fields = {
            "system": take("system"),
            "input": take_prompt("user"),
            "preferred_output": take("chosen", "completion", "assistant"),
            "non_preferred_output": take("rejected"),
        }
    fields = {target: columns for target, columns in fields.items() if columns}
    if not fields:
        # Nothing recognised: the first columns, in order, fill the kind's main parts.
        main = {
            ExampleKind.PROMPT_COMPLETION: ("prompt", "completion"),
            ExampleKind.CHAT: ("user", "assistant"),
            ExampleKind.PREFERENCE: ("input", "preferred_output", "non_preferred_output"),
        }[kind]
        fields = {target: [index] for target, index in zip(main, range(len(headers)), strict=False)}
        taken = set(range(min(len(main), len(headers))))
    extra = [i for i in range(len(headers)) if i not in taken]
    return ColumnMapping(kind, fields, extra)


# --- Building examples ---------------------------------------------------------------------------


def _joined(cells: list[str], columns: list[int]) -> str:
    if len(columns) == 1:
        return cells[columns[0]]
    return "\n\n".join(cells[i] for i in columns if cells[i].strip())


def _parse_json_cell(text: str) -> object:
    return json.loads(text)


class _RowError(Exception):
    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


_SHAREGPT_ROLES = {"human": "user", "gpt": "assistant", "observation": "tool", "function_call": "assistant"}


def _sharegpt_message(message: JSONObject) -> JSONObject:
    """ShareGPT's {"from": "human", "value": ...} as an OpenAI message; other messages unchanged."""
    if "role" in message or "from" not in message or "value" not in message:
        return message
    speaker = str(message["from"])
    return {"role": _SHAREGPT_ROLES.get(speaker, speaker), "content": message["value"]}


def _chat_record(cells: list[str], mapping: ColumnMapping, headers: list[str]) -> JSONObject:
    fields = mapping.fields
    record: JSONObject
    if fields.get("messages"):
        column = fields["messages"][0]
        text = cells[column].strip()
        if not text:
            raise _RowError(headers[column], "the conversation cell is empty")
        try:
            value = _parse_json_cell(text)
        except ValueError as error:
            raise _RowError(headers[column], f"the conversation is not valid JSON ({error})") from None
        if isinstance(value, dict) and isinstance(value.get("messages"), list):
            record = value
        elif isinstance(value, list) and all(isinstance(m, dict) for m in value):
            record = {"messages": [_sharegpt_message(m) for m in value]}
        else:
            raise _RowError(headers[column], "the conversation is not a JSON list of messages")
    else:
        messages: list[JSONObject] = []
        if fields.get("system"):
            system = _joined(cells, fields["system"])
            if system:
                messages.append({"role": "system", "content": system})
        messages.append({"role": "user", "content": _joined(cells, fields.get("user", []))})
        messages.append({"role": "assistant", "content": _joined(cells, fields.get("assistant", []))})
        record = {"messages": messages}
    for target in ("tools", "parallel_tool_calls"):
        columns = fields.get(target)
        if columns and cells[columns[0]].strip():
            try:
                record[target] = _parse_json_cell(cells[columns[0]])
            except ValueError as error:
                raise _RowError(headers[columns[0]], f"“{target}” is not valid JSON ({error})") from None
    return record


def _json_cell_or_none(text: str, want: type) -> object | None:
    """A preference cell written as JSON by our writer (a non-simple example), else None."""
    stripped = text.strip()
    opener = "{" if want is dict else "["
    if not stripped.startswith(opener):
        return None
    try:
        value = json.loads(stripped)
    except ValueError:
        return None
    if want is dict and isinstance(value, dict) and isinstance(value.get("messages"), list):
        return value
    if (
        want is list
        and isinstance(value, list)
        and value
        and all(isinstance(m, dict) and "role" in m for m in value)
    ):
        return value
    return None


def _preference_record(cells: list[str], mapping: ColumnMapping) -> JSONObject:
    fields = mapping.fields
    input_text = _joined(cells, fields.get("input", []))
    input_value = _json_cell_or_none(input_text, dict) if len(fields.get("input", [])) == 1 else None
    if isinstance(input_value, dict):
        input_object: JSONObject = input_value
    else:
        messages: list[JSONObject] = []
        system = _joined(cells, fields["system"]) if fields.get("system") else ""
        if system:
            messages.append({"role": "system", "content": system})
        messages.append({"role": "user", "content": input_text})
        input_object = {"messages": messages}
    record: JSONObject = {"input": input_object}
    for target in ("preferred_output", "non_preferred_output"):
        text = _joined(cells, fields.get(target, []))
        value = _json_cell_or_none(text, list) if len(fields.get(target, [])) == 1 else None
        record[target] = value if isinstance(value, list) else [{"role": "assistant", "content": text}]
    return record


def table_to_dataset(table: RawTable, mapping: ColumnMapping) -> LoadResult:
    """The examples a table makes under ``mapping``; rows that cannot make one are problems."""
    headers = table.headers
    width = len(headers)
    used = sorted({i for columns in mapping.fields.values() for i in columns} | set(mapping.extra))
    for index in used:
        if not 0 <= index < width:
            raise ValueError(f"column {index} is not in the table (it has {width} columns)")
    extra_names = [headers[i] for i in mapping.extra]
    extra_pairs = list(zip(mapping.extra, extra_names, strict=True))
    problems: list[RowProblem] = list(table.problems)
    examples: list[Example] = []
    blank_rows = 0
    kind = mapping.kind
    prompt_columns = mapping.fields.get("prompt", [])
    completion_columns = mapping.fields.get("completion", [])
    strip = str.strip
    all_used = used == list(range(width))
    pick_used = itemgetter(*used) if len(used) > 1 else None
    simple_pc = (
        kind is ExampleKind.PROMPT_COMPLETION and len(prompt_columns) <= 1 and len(completion_columns) <= 1
    )
    prompt_at = prompt_columns[0] if prompt_columns else -1
    completion_at = completion_columns[0] if completion_columns else -1
    for cells, row_number in zip(table.rows, table.row_numbers, strict=True):
        # Per-row work is kept small: a 100k-row sheet passes through here while the user waits.
        if all_used:
            blank = not any(map(strip, cells))
        elif pick_used is not None:
            blank = not any(map(strip, pick_used(cells)))
        else:
            blank = not used or not cells[used[0]].strip()
        if blank:
            blank_rows += 1
            continue
        extras = {name: cells[i] for i, name in extra_pairs if cells[i]} if extra_pairs else None
        if simple_pc:
            record: JSONObject = {
                "prompt": cells[prompt_at] if prompt_at >= 0 else "",
                "completion": cells[completion_at] if completion_at >= 0 else "",
            }
            examples.append(Example(record, row_number, extras))
            continue
        try:
            if kind is ExampleKind.PROMPT_COMPLETION:
                record = {
                    "prompt": _joined(cells, prompt_columns) if prompt_columns else "",
                    "completion": _joined(cells, completion_columns) if completion_columns else "",
                }
            elif kind is ExampleKind.CHAT:
                record = _chat_record(cells, mapping, headers)
            else:
                record = _preference_record(cells, mapping)
        except _RowError as error:
            problems.append(RowProblem(table.path, row_number, error.column, error.reason))
            continue
        examples.append(Example(record, row_number, extras))
    notes = list(table.notes) + list(table.conversions)
    if blank_rows:
        notes.append(f"{blank_rows} empty row{'' if blank_rows == 1 else 's'} skipped")
    notes.append(mapping.describe(headers))
    problems.sort(key=lambda p: p.row or 0)
    dataset = Dataset(kind, examples, extra_names, table.path, None)
    return LoadResult(dataset, problems, notes, table, mapping, [])

"""Training files: JSONL validation (on upload) and reading examples (for training). Pure Python.

The checks are the ones the app makes before it uploads: UTF-8 JSON objects, one per line, all of
one kind (chat, prompt/completion or preference pairs), with the keys and roles that kind needs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

JSONObject = dict[str, Any]

CHAT = "chat"
PROMPT_COMPLETION = "prompt_completion"
PREFERENCE = "preference"

ROLES = {"system", "developer", "user", "assistant", "tool", "function"}
MIN_TRAINING_EXAMPLES = 10
MAX_REPORTED_PROBLEMS = 5


class InvalidFileError(ValueError):
    """A file that is not valid fine-tuning JSONL; the message names the lines."""


@dataclass
class FileSummary:
    kind: str | None  # None for an empty file
    examples: int


def detect_kind(record: JSONObject) -> str | None:
    if "preferred_output" in record or "non_preferred_output" in record:
        return PREFERENCE
    if "messages" in record:
        return CHAT
    if "prompt" in record or "completion" in record:
        return PROMPT_COMPLETION
    return None


def _message_problem(message: object, where: str) -> str | None:
    if not isinstance(message, dict):
        return f"{where} is not an object"
    role = message.get("role")
    if role not in ROLES:
        return f"{where} has role {role!r}; expected one of {', '.join(sorted(ROLES))}"
    content = message.get("content")
    if content is not None and not isinstance(content, str | list):
        return f"{where} has content that is neither text nor a list of parts"
    if role == "assistant":
        if content in (None, "", []) and not message.get("tool_calls") and not message.get("function_call"):
            return f"{where} (assistant) has no content"
        if "weight" in message and message["weight"] not in (0, 1):
            return f"{where} has weight {message['weight']!r}; expected 0 or 1"
    return None


def record_problem(record: object) -> str | None:
    """What is wrong with one record, or None when it is a valid example."""
    if not isinstance(record, dict):
        return "is not a JSON object"
    kind = detect_kind(record)
    if kind is None:
        return 'has none of "messages", "prompt"/"completion", "preferred_output"'
    if kind == CHAT:
        messages = record["messages"]
        if not isinstance(messages, list) or not messages:
            return '"messages" must be a non-empty list'
        for index, message in enumerate(messages):
            problem = _message_problem(message, f"message {index + 1}")
            if problem:
                return problem
        if not any(isinstance(m, dict) and m.get("role") == "assistant" for m in messages):
            return "has no assistant message to learn from"
        return None
    if kind == PROMPT_COMPLETION:
        for key in ("prompt", "completion"):
            if not isinstance(record.get(key), str):
                return f'"{key}" must be a string'
        return None
    input_messages = (
        (record.get("input") or {}).get("messages") if isinstance(record.get("input"), dict) else None
    )
    if not isinstance(input_messages, list) or not input_messages:
        return '"input.messages" must be a non-empty list'
    for index, message in enumerate(input_messages):
        problem = _message_problem(message, f"input message {index + 1}")
        if problem:
            return problem
    for key in ("preferred_output", "non_preferred_output"):
        outputs = record.get(key)
        if not isinstance(outputs, list) or not outputs:
            return f'"{key}" must be a non-empty list of assistant messages'
        for message in outputs:
            problem = _message_problem(message, key)
            if problem:
                return problem
            if message.get("role") != "assistant":
                return f'"{key}" must hold assistant messages'
    return None


class _NotJSONNumber(ValueError):
    pass


def _no_constant(name: str) -> Any:
    raise _NotJSONNumber(name)  # NaN, Infinity, -Infinity: Python's json reads them, JSON has none


def _text_problem(line: bytes, record: object) -> str | None:
    """A string with a lone UTF-16 surrogate (only a ``\\ud800``-style escape can make one)."""
    if b"\\u" not in line:
        return None
    stack = [record]
    while stack:  # no recursion: a record may nest as deep as the JSON parser allowed
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "holds a lone UTF-16 surrogate (a \\ud800-\\udfff escape), which is not text"
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def iter_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, line) for every non-blank line; streams, so any size works."""
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if line.strip():
                yield number, line


def validate_jsonl(path: Path) -> FileSummary:
    """Check a whole file; raise InvalidFileError naming the first few bad lines."""
    problems: list[str] = []
    problem_count = 0
    kind: str | None = None
    kind_line = 0
    examples = 0
    for number, line in iter_lines(path):
        problem: str | None
        try:
            record = json.loads(line.decode("utf-8"), parse_constant=_no_constant)
        except UnicodeDecodeError:
            problem = "is not UTF-8 text"
        except json.JSONDecodeError as error:
            problem = f"is not valid JSON ({error.msg} at column {error.colno})"
        except _NotJSONNumber as error:
            problem = f"is not valid JSON ({error} is not a JSON number)"
        except RecursionError:
            problem = "nests its JSON too deeply to be an example"
        else:
            problem = _text_problem(line, record) or record_problem(record)
            if problem is None:
                record_kind = detect_kind(record)
                if kind is None:
                    kind, kind_line = record_kind, number
                elif record_kind != kind:
                    problem = f"is a {record_kind} example but line {kind_line} is a {kind} example"
        if problem:
            problem_count += 1
            if len(problems) < MAX_REPORTED_PROBLEMS:
                problems.append(f"line {number} {problem}")
        else:
            examples += 1
    if problem_count:
        more = f" (and {problem_count - len(problems)} more)" if problem_count > len(problems) else ""
        raise InvalidFileError(
            f"Invalid file format for fine-tuning: {problem_count} bad line(s): " + "; ".join(problems) + more
        )
    if examples == 0:
        raise InvalidFileError("Invalid file format for fine-tuning: the file has no examples.")
    return FileSummary(kind, examples)


def read_records(path: Path) -> list[JSONObject]:
    """Every record of a file that passed validate_jsonl."""
    return [json.loads(line.decode("utf-8")) for _number, line in iter_lines(path)]

# ruff: noqa: E501  (whole-line messages)
"""The fixes for what the checks find. Each shows a preview and applies as one step.

A fix never changes the data set it is given: :meth:`Fix.apply` returns the NEW full list of
examples (unchanged examples are the same objects, changed ones are new), and
:meth:`Fix.result_kind` the kind of example afterwards (only the conversions change it). The editor
applies both as one undoable step (``DatasetDocument.replace_examples`` / ``set_kind``).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.core.dataset import Dataset, Example, ExampleKind, JSONObject, Split, content_text
from desktop.core.findings import Analysis, Finding, FixId
from desktop.core.text_hygiene import normalise_line_endings, remove_control_characters

DEFAULT_SEPARATOR = "\n\n###\n\n"
DEFAULT_ENDING = " END"
DEFAULT_VALIDATION_FRACTION = 0.1
DEFAULT_SEED = 42
# What the legacy models' data used to mark the end of a prompt and of a completion.
LEGACY_SEPARATORS = (
    "\n\n###\n\n",
    "\n\n### =>\n\n",
    " ->",
    "\n\n===\n\n",
    "\n\n---\n\n",
    "\n\n===>\n\n",
    "\n\n--->\n\n",
    "\n\n",
    "\n",
)
LEGACY_ENDINGS = (" END", " [END]", "\n", "***", "+++", "&&&", "$$$", "@@@", "%%%")
ALL_KINDS = frozenset(ExampleKind)
PROMPT_COMPLETION_ONLY = frozenset({ExampleKind.PROMPT_COMPLETION})


@dataclass
class FixPreview:
    """What a fix would do: how many rows it touches and a few of them before and after.

    ``rows`` are the indexes (into ``dataset.examples``) of the shown rows; for a fix that removes
    rows ``after`` holds ``None`` where a row goes away.
    """

    rows_touched: int
    before: list[Example]
    after: list[Example | None]
    rows: list[int]
    summary_en: str
    summary_zh: str
    kind_before: ExampleKind
    kind_after: ExampleKind

    def summary(self, lang: str) -> str:
        return self.summary_zh if lang.lower().startswith("zh") else self.summary_en


@dataclass
class Fix:
    """A change to the data set. Subclasses give :meth:`change` (one example) or override plan.

    Made by :func:`get_fix` from its :class:`FixSpec`; data of a kind not in ``kinds`` is left as it is.
    """

    id: FixId
    title_en: str
    title_zh: str
    description_en: str = ""
    description_zh: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    kinds: frozenset[ExampleKind] = ALL_KINDS

    def title(self, lang: str) -> str:
        return self.title_zh if lang.lower().startswith("zh") else self.title_en

    def description(self, lang: str) -> str:
        return self.description_zh if lang.lower().startswith("zh") else self.description_en

    def result_kind(self, kind: ExampleKind) -> ExampleKind:
        """The kind of example after the fix (the conversions change it)."""
        return kind

    def apply_to_kind(self, kind: ExampleKind) -> ExampleKind:
        return self.result_kind(kind)

    def plan(self, dataset: Dataset) -> dict[int, Example | None]:
        """Row index -> its replacement (None: removed), for every row the fix touches."""
        prepared = self.prepare(dataset)
        changes: dict[int, Example | None] = {}
        for i, example in enumerate(dataset.examples):
            record = example.peek()
            new_record = self.change(record, dataset.kind, prepared)
            if new_record is _REMOVE:
                changes[i] = None
            elif new_record is not None and new_record != record:
                replacement = Example(new_record, example.source_row, dict(example.extras), example.split)
                changes[i] = replacement
        return changes

    def prepare(self, dataset: Dataset) -> Any:
        """Anything the fix works out once for the whole data set before changing rows."""
        return None

    def change(self, record: JSONObject, kind: ExampleKind, prepared: Any) -> Any:
        """The new record (a new dict), None when unchanged, or _REMOVE to drop the row."""
        return None

    def changes(self, dataset: Dataset) -> dict[int, Example | None]:
        """:meth:`plan` for the kinds of data this fix changes; nothing for other kinds."""
        return self.plan(dataset) if dataset.kind in self.kinds else {}

    def apply(self, dataset: Dataset) -> list[Example]:
        changes = self.changes(dataset)
        result = []
        for i, example in enumerate(dataset.examples):
            if i in changes:
                replacement = changes[i]
                if replacement is not None:
                    result.append(replacement)
            else:
                result.append(example)
        return result

    def apply_dataset(self, dataset: Dataset) -> Dataset:
        """A new Dataset with the fix applied (the given one is unchanged)."""
        return Dataset(
            self.result_kind(dataset.kind),
            self.apply(dataset),
            list(dataset.extra_columns),
            dataset.source_path,
            dataset.source_format,
        )

    def preview(self, dataset: Dataset, limit: int = 5) -> FixPreview:
        changes = self.changes(dataset)
        rows = sorted(changes)[:limit]
        removed = sum(1 for v in changes.values() if v is None)
        changed = len(changes) - removed
        parts_en, parts_zh = [], []
        if changed:
            parts_en.append(f"changes {changed:,} rows")
            parts_zh.append(f"修改 {changed:,} 行")
        if removed:
            parts_en.append(f"removes {removed:,} rows")
            parts_zh.append(f"删除 {removed:,} 行")
        after_kind = self.result_kind(dataset.kind)
        if after_kind is not dataset.kind:
            parts_en.append(f"turns the data into {after_kind.label.lower()}")
            parts_zh.append(f"把数据转换为{_KIND_ZH[after_kind]}")
        summary_en = f"{self.title_en}: " + (", ".join(parts_en) if parts_en else "nothing to change") + "."
        summary_zh = f"{self.title_zh}：" + ("，".join(parts_zh) if parts_zh else "没有需要修改的内容") + "。"
        return FixPreview(
            rows_touched=len(changes),
            before=[dataset.examples[i] for i in rows],
            after=[changes[i] for i in rows],
            rows=rows,
            summary_en=summary_en,
            summary_zh=summary_zh,
            kind_before=dataset.kind,
            kind_after=after_kind,
        )


_KIND_ZH = {
    ExampleKind.PROMPT_COMPLETION: "提示/补全对",
    ExampleKind.CHAT: "对话",
    ExampleKind.PREFERENCE: "偏好对",
}


class _Remove:
    def __repr__(self) -> str:
        return "REMOVE"


_REMOVE: Any = _Remove()


# --- Text-level helpers -------------------------------------------------------------------------


def _map_texts(record: JSONObject, kind: ExampleKind, fn: Callable[[str, str], str]) -> JSONObject:
    """A copy of ``record`` with ``fn(text, where)`` applied to every visible text.

    ``where`` is "prompt", "completion", or a message role.
    The record is copied only when some text changes (most rows of a big data set do not).
    """
    probe: list[bool] = []

    def changed(text: str, where: str) -> str:
        result = fn(text, where)
        if result != text:
            probe.append(True)
        return text

    _walk_texts(record, kind, changed)
    if not probe:
        return record
    new = copy.deepcopy(record)
    _walk_texts(new, kind, fn)
    return new


def _walk_texts(new: JSONObject, kind: ExampleKind, fn: Callable[[str, str], str]) -> None:
    if kind is ExampleKind.PROMPT_COMPLETION:
        for key in ("prompt", "completion"):
            if isinstance(new.get(key), str):
                new[key] = fn(new[key], key)
        return

    def fix_messages(messages: object) -> None:
        if not isinstance(messages, list):
            return
        for message in messages:
            if not isinstance(message, dict):
                continue
            role = str(message.get("role", ""))
            content = message.get("content")
            if isinstance(content, str):
                message["content"] = fn(content, role)
            elif isinstance(content, list):
                for part in content:
                    if isinstance(part, dict) and isinstance(part.get("text"), str):
                        part["text"] = fn(part["text"], role)

    if kind is ExampleKind.CHAT:
        fix_messages(new.get("messages"))
    else:
        inp = new.get("input")
        if isinstance(inp, dict):
            fix_messages(inp.get("messages"))
        fix_messages(new.get("preferred_output"))
        fix_messages(new.get("non_preferred_output"))


@dataclass
class TextFix(Fix):
    """A fix that rewrites every visible text with one function."""

    text_fn: Callable[[str, str, ExampleKind], str] | None = None

    def change(self, record: JSONObject, kind: ExampleKind, prepared: Any) -> Any:
        if not isinstance(record, dict) or self.text_fn is None:
            return None
        fn = self.text_fn
        return _map_texts(record, kind, lambda text, where: fn(text, where, kind))


def _trim(text: str, where: str, kind: ExampleKind) -> str:
    if kind is ExampleKind.PROMPT_COMPLETION:
        # Keep the prompt's separator (its trailing whitespace) and the completion's one leading space.
        if where == "prompt":
            return text.lstrip()
        if where == "completion" and text[:1].isspace():
            return " " + text.lstrip()
        return text
    return text.strip()


# --- Row-level facts shared with the checks -----------------------------------------------------


def _facts(dataset: Dataset) -> list[Any]:
    from desktop.core.checks.rows import row_facts

    return row_facts(dataset)


@dataclass
class RemoveEmpty(Fix):
    def prepare(self, dataset: Dataset) -> Any:
        facts = _facts(dataset)
        drop = set()
        if dataset.kind is ExampleKind.PROMPT_COMPLETION:
            # Empty prompts are fine for open-ended generation: only dropped when asked for.
            prompts_too = bool(self.params.get("include_empty_prompts"))
            for i, f in enumerate(facts):
                if "not_a_dict" in f.issues or f.pc_completion_empty or (prompts_too and f.pc_prompt_empty):
                    drop.add(i)
        else:
            codes = {
                "not_a_dict",
                "missing_messages",
                "missing_content",
                "no_assistant",
                "dpo_missing_input",
                "dpo_missing_output",
                "dpo_empty_output",
                "dpo_identical_outputs",
            }
            drop = {i for i, f in enumerate(facts) if f.empty or codes & f.issues.keys()}
        return drop

    def plan(self, dataset: Dataset) -> dict[int, Example | None]:
        return dict.fromkeys(sorted(self.prepare(dataset)))


@dataclass
class RemoveDuplicates(Fix):
    near: bool = False

    def plan(self, dataset: Dataset) -> dict[int, Example | None]:
        facts = _facts(dataset)
        seen: set[int] = set()
        drop: dict[int, Example | None] = {}
        for i, f in enumerate(facts):
            if f.empty or "not_a_dict" in f.issues:
                continue
            key = f.near if self.near else f.key
            if key in seen:
                drop[i] = None
            else:
                seen.add(key)
        return drop


# --- Prompt/completion conventions of the legacy models ---------------------------------------


def _pc_change(record: JSONObject, field_name: str, fn: Callable[[str], str]) -> Any:
    value = record.get(field_name)
    if not isinstance(value, str):
        return None
    new_value = fn(value)
    if new_value == value:
        return None
    new = dict(record)
    new[field_name] = new_value
    return new


@dataclass
class EditField(Fix):
    """Prompt/completion only: one function on one field."""

    field_name: str = "prompt"
    field_fn: Callable[[str], str] | None = None

    def change(self, record: JSONObject, kind: ExampleKind, prepared: Any) -> Any:
        if kind is not ExampleKind.PROMPT_COMPLETION or not isinstance(record, dict) or self.field_fn is None:
            return None
        return _pc_change(record, self.field_name, self.field_fn)


def _add_suffix(suffix: str) -> Callable[[str], str]:
    return lambda text: text if text.endswith(suffix) else text + suffix


def _remove_suffix(suffix: str) -> Callable[[str], str]:
    return lambda text: text[: -len(suffix)] if suffix and text.endswith(suffix) else text


def _remove_prefix(prefix: str, keep_space: bool = False) -> Callable[[str], str]:
    def fn(text: str) -> str:
        if not prefix or not text.startswith(prefix):
            return text
        rest = text[len(prefix) :]
        return " " + rest.lstrip(" ") if keep_space else rest

    return fn


# --- Conversions ----------------------------------------------------------------------------------


def _strip_known_separator(prompt: str, separator: str | None) -> str:
    if separator and prompt.endswith(separator):
        return prompt[: -len(separator)]
    return prompt


@dataclass
class ToChat(Fix):
    """Prompt/completion -> chat: the prompt becomes the user message, the completion the answer.

    The legacy separator and ending (when every row has them) and the completion's leading space are
    removed: chat models do not need them.
    """

    system_prompt: str | None = None

    def result_kind(self, kind: ExampleKind) -> ExampleKind:
        return ExampleKind.CHAT if kind is ExampleKind.PROMPT_COMPLETION else kind

    def prepare(self, dataset: Dataset) -> Any:
        from desktop.core.checks.legacy import common_suffix

        prompts, completions = [], []
        for record in dataset.records():
            if isinstance(record, dict):
                p, c = record.get("prompt"), record.get("completion")
                prompts.append(p if isinstance(p, str) else "")
                completions.append(c if isinstance(c, str) else "")
        common_end = common_suffix(prompts) if len(prompts) > 1 else ""
        common_ending = common_suffix(completions) if len(completions) > 1 else ""
        # Only whole legacy markers are removed: "\n\n###\n\n" yes, a "?" every prompt ends with no.
        separators = [s for s in (self.params.get("separator"), *LEGACY_SEPARATORS) if s]
        endings = [e for e in (self.params.get("ending"), *LEGACY_ENDINGS) if e]
        separator = max((s for s in separators if common_end.endswith(s)), key=len, default="")
        ending = max((e for e in endings if common_ending.endswith(e)), key=len, default="")
        return separator, ending

    def change(self, record: JSONObject, kind: ExampleKind, prepared: Any) -> Any:
        if kind is not ExampleKind.PROMPT_COMPLETION or not isinstance(record, dict):
            return None
        separator, ending = prepared
        p, c = record.get("prompt"), record.get("completion")
        prompt = _strip_known_separator(p if isinstance(p, str) else "", separator)
        completion = c if isinstance(c, str) else ""
        if ending and completion.endswith(ending):
            completion = completion[: -len(ending)]
        if completion.startswith(" "):
            completion = completion[1:]
        messages = []
        if self.system_prompt:
            messages.append({"role": "system", "content": self.system_prompt})
        messages.append({"role": "user", "content": prompt})
        messages.append({"role": "assistant", "content": completion})
        return {"messages": messages}


@dataclass
class ToPromptCompletion(Fix):
    """Chat -> prompt/completion (for babbage-002/davinci-002).

    The prompt is the conversation before the last assistant message (earlier turns as "Role: text"
    lines) plus the separator; the completion is one space, the last assistant answer and the ending.
    """

    separator: str = DEFAULT_SEPARATOR
    ending: str = DEFAULT_ENDING

    def result_kind(self, kind: ExampleKind) -> ExampleKind:
        return ExampleKind.PROMPT_COMPLETION if kind is ExampleKind.CHAT else kind

    def change(self, record: JSONObject, kind: ExampleKind, prepared: Any) -> Any:
        if kind is not ExampleKind.CHAT or not isinstance(record, dict):
            return None
        messages = [m for m in record.get("messages") or [] if isinstance(m, dict)]
        last = max((i for i, m in enumerate(messages) if m.get("role") == "assistant"), default=None)
        if last is None:
            before, answer = messages, ""
        else:
            before, answer = messages[:last], content_text(messages[last].get("content"))
        if len(before) == 1 and before[0].get("role") == "user":
            prompt = content_text(before[0].get("content"))
        else:
            prompt = "\n".join(
                f"{str(m.get('role', '')).capitalize()}: {content_text(m.get('content'))}" for m in before
            )
        return {"prompt": prompt + self.separator, "completion": " " + answer + self.ending}


# --- Length -------------------------------------------------------------------------------------


@dataclass
class DropLong(Fix):
    limit: int = 0
    encoding: str = "o200k_base"

    def plan(self, dataset: Dataset) -> dict[int, Example | None]:
        tokens = _tokens(dataset, self.encoding)
        return {i: None for i, n in enumerate(tokens) if n > self.limit}


def _tokens(dataset: Dataset, encoding: str) -> list[int]:
    from desktop.core.tokens import records_tokens

    return records_tokens(list(dataset.records()), dataset.kind, encoding)


@dataclass
class TruncateLong(Fix):
    """Shorten over-long examples to the limit by cutting the end of their longest text.

    The input (prompt, user and system messages) is cut before the answer, so the answer the model
    learns stays whole where possible.
    """

    limit: int = 0
    encoding: str = "o200k_base"

    def plan(self, dataset: Dataset) -> dict[int, Example | None]:
        from desktop.core.tokens import cached_counter, record_tokens, truncate_to_tokens

        count = cached_counter(self.encoding)
        tokens = _tokens(dataset, self.encoding)
        changes: dict[int, Example | None] = {}
        for i, n in enumerate(tokens):
            if n <= self.limit:
                continue
            example = dataset.examples[i]
            record = copy.deepcopy(example.peek())
            for _ in range(8):  # each round cuts the longest text by the excess
                excess = record_tokens(record, dataset.kind, count) - self.limit
                if excess <= 0:
                    break
                slot = _longest_text(record, dataset.kind, count)
                if slot is None:
                    break
                holder, key, text = slot
                holder[key] = truncate_to_tokens(text, max(0, count(text) - excess), self.encoding)
            changes[i] = Example(record, example.source_row, dict(example.extras), example.split)
        return changes


def _longest_text(
    record: JSONObject, kind: ExampleKind, count: Callable[[str], int]
) -> tuple[Any, Any, str] | None:
    """(container, key, text) of the longest input text, else the longest text of the record."""
    slots: list[tuple[bool, int, Any, Any, str]] = []  # (is answer, tokens, holder, key, text)

    def add(holder: Any, key: Any, is_answer: bool) -> None:
        text = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(text, str) and text:
            slots.append((is_answer, count(text), holder, key, text))

    if kind is ExampleKind.PROMPT_COMPLETION:
        add(record, "prompt", False)
        add(record, "completion", True)
    else:
        groups: list[tuple[object, bool]] = []
        if kind is ExampleKind.CHAT:
            groups.append((record.get("messages"), False))
        else:
            inp = record.get("input")
            groups.append((inp.get("messages") if isinstance(inp, dict) else None, False))
            groups.append((record.get("preferred_output"), True))
            groups.append((record.get("non_preferred_output"), True))
        for messages, answers in groups:
            for message in messages if isinstance(messages, list) else []:
                if isinstance(message, dict):
                    add(message, "content", answers or message.get("role") == "assistant")
    if not slots:
        return None
    inputs = [s for s in slots if not s[0]]
    best = max(inputs or slots, key=lambda s: s[1])
    return best[2], best[3], best[4]


# --- Validation split ---------------------------------------------------------------------------


@dataclass
class SplitValidation(Fix):
    """Mark a random fraction of the examples as validation (the rest as training)."""

    fraction: float = DEFAULT_VALIDATION_FRACTION
    seed: int = DEFAULT_SEED
    max_validation: int | None = None

    def plan(self, dataset: Dataset) -> dict[int, Example | None]:
        n = len(dataset.examples)
        if n < 2:
            return {}
        wanted = max(1, round(n * self.fraction))
        if self.max_validation is not None:
            wanted = min(wanted, self.max_validation)
        wanted = min(wanted, n - 1)
        chosen = set(random.Random(self.seed).sample(range(n), wanted))
        changes: dict[int, Example | None] = {}
        for i, example in enumerate(dataset.examples):
            split = Split.VALIDATION if i in chosen else Split.TRAIN
            if example.split is not split:
                clone = example.clone()
                clone.split = split
                changes[i] = clone
        return changes


# --- The registry -------------------------------------------------------------------------------

Params = dict[str, Any]
TextPair = tuple[str, str]  # (English, Chinese)


def _separator_text(text: str) -> str:
    return text.replace("\n", "\\n")


def _no_options(params: Params) -> Params:
    return {}


@dataclass(frozen=True)
class FixSpec:
    """What one fix is: its names in both languages, the data it changes and how it is made.

    ``name_en``/``name_zh`` are the short names the findings table and the checklists show; ``title``
    and ``description`` give the texts of a fix made with particular parameters (a separator, a
    limit, …). ``fix_class`` previews and applies it, built with ``options(params)`` as its own fields.
    """

    id: FixId
    name_en: str
    name_zh: str
    title: Callable[[Params], TextPair]
    description: Callable[[Params], TextPair]
    fix_class: type[Fix]
    kinds: frozenset[ExampleKind] = ALL_KINDS  # the kinds of data it changes (others: nothing to do)
    options: Callable[[Params], Params] = _no_options

    def name(self, lang: str) -> str:
        return self.name_zh if lang.lower().startswith("zh") else self.name_en

    def build(self, params: Params) -> Fix:
        title_en, title_zh = self.title(params)
        description_en, description_zh = self.description(params)
        return self.fix_class(
            self.id,
            title_en,
            title_zh,
            description_en,
            description_zh,
            params,
            self.kinds,
            **self.options(params),
        )


def _texts(en: str, zh: str) -> Callable[[Params], TextPair]:
    """Texts that do not depend on the parameters."""
    return lambda params: (en, zh)


def _to_chat_description(params: Params) -> TextPair:
    system = params.get("system_prompt")
    return (
        "Each prompt becomes a user message and each completion the assistant's answer"
        + (", after the system message you gave." if system else ".")
        + " Chat models (gpt-4o-mini, gpt-4.1, …) need this format.",
        "每个提示变为一条用户消息，每个补全变为助手的回答"
        + ("，并在前面加上你提供的系统消息。" if system else "。")
        + "对话模型（gpt-4o-mini、gpt-4.1 等）需要这种格式。",
    )


def _to_prompt_completion_description(params: Params) -> TextPair:
    separator = _separator_text(params.get("separator", DEFAULT_SEPARATOR))
    ending = _separator_text(params.get("ending", DEFAULT_ENDING))
    return (
        f"For babbage-002/davinci-002: the conversation becomes the prompt (ending with “{separator}”), "
        f"the last answer the completion (ending with “{ending}”).",
        f"用于 babbage-002/davinci-002：对话变为提示（以 “{separator}” 结尾），最后一个回答变为补全（以 “{ending}” 结尾）。",
    )


def _separator_title(add: bool) -> Callable[[Params], TextPair]:
    def title(params: Params) -> TextPair:
        separator = _separator_text(params.get("separator", DEFAULT_SEPARATOR))
        return (
            f"{'Add' if add else 'Remove'} the separator “{separator}”",
            f"{'添加' if add else '去除'}分隔符 “{separator}”",
        )

    return title


def _separator_options(add: bool) -> Callable[[Params], Params]:
    def options(params: Params) -> Params:
        separator = params.get("separator", DEFAULT_SEPARATOR)
        return {
            "field_name": "prompt",
            "field_fn": _add_suffix(separator) if add else _remove_suffix(separator),
        }

    return options


def _ending_title(add: bool) -> Callable[[Params], TextPair]:
    def title(params: Params) -> TextPair:
        ending = _separator_text(params.get("ending", DEFAULT_ENDING))
        return (
            f"{'Add' if add else 'Remove'} the ending “{ending}”",
            f"{'添加' if add else '去除'}结束符 “{ending}”",
        )

    return title


def _ending_options(add: bool) -> Callable[[Params], Params]:
    def options(params: Params) -> Params:
        ending = params.get("ending", DEFAULT_ENDING)
        return {
            "field_name": "completion",
            "field_fn": _add_suffix(ending) if add else _remove_suffix(ending),
        }

    return options


def _prefix_title(prompt: bool) -> Callable[[Params], TextPair]:
    def title(params: Params) -> TextPair:
        prefix = _separator_text(str(params.get("prefix", ""))[:40])
        return (
            f"Remove the common {'prompt' if prompt else 'completion'} prefix “{prefix}”",
            f"去除{'提示' if prompt else '补全'}的共同前缀 “{prefix}”",
        )

    return title


def _prefix_options(prompt: bool) -> Callable[[Params], Params]:
    def options(params: Params) -> Params:
        prefix = str(params.get("prefix", ""))
        return {
            "field_name": "prompt" if prompt else "completion",
            "field_fn": _remove_prefix(prefix, keep_space=not prompt and prefix.startswith(" ")),
        }

    return options


def _lowercase_title(params: Params) -> TextPair:
    column = str(params.get("column", "prompt"))
    return f"Lower-case the {column}s", f"把{'提示' if column == 'prompt' else '补全'}转为小写"


def _limit(params: Params) -> int:
    return int(params.get("limit", 0))


def _length_options(params: Params) -> Params:
    return {"limit": _limit(params), "encoding": str(params.get("encoding", "o200k_base"))}


def _fraction(params: Params) -> float:
    return float(params.get("fraction", DEFAULT_VALIDATION_FRACTION))


FIX_SPECS: dict[FixId, FixSpec] = {
    spec.id: spec
    for spec in (
        FixSpec(
            FixId.REMOVE_EMPTY,
            "Remove empty rows",
            "删除空行",
            _texts("Remove empty rows", "删除空行"),
            _texts(
                "Removes examples with nothing to learn from: empty answers, no assistant message, empty pairs.",
                "删除无法学习的样本：回答为空、没有助手消息、空的偏好对。",
            ),
            RemoveEmpty,
        ),
        FixSpec(
            FixId.REMOVE_DUPLICATES,
            "Remove duplicates",
            "删除重复项",
            _texts("Remove duplicates", "删除重复样本"),
            _texts("Keeps the first of each set of identical examples.", "每组完全相同的样本只保留第一个。"),
            RemoveDuplicates,
        ),
        FixSpec(
            FixId.REMOVE_NEAR_DUPLICATES,
            "Remove near-duplicates",
            "删除近似重复项",
            _texts("Remove near-duplicates", "删除近似重复样本"),
            _texts(
                "Keeps the first of each set of examples that differ only in case, spacing or punctuation.",
                "对于只在大小写、空格或标点上不同的样本，每组只保留第一个。",
            ),
            RemoveDuplicates,
            options=lambda params: {"near": True},
        ),
        FixSpec(
            FixId.TRIM_WHITESPACE,
            "Trim whitespace",
            "去除首尾空白",
            _texts("Trim whitespace", "去除首尾空白"),
            _texts(
                "Removes spaces and blank lines at the start and end of each text (a prompt's separator and a "
                "completion's single leading space are kept).",
                "去除每段文本开头和结尾的空格与空行（提示的分隔符和补全开头的一个空格会保留）。",
            ),
            TextFix,
            options=lambda params: {"text_fn": _trim},
        ),
        FixSpec(
            FixId.NORMALISE_LINE_ENDINGS,
            "Normalise line endings",
            "统一换行符",
            _texts("Normalise line endings", "统一换行符"),
            _texts("Turns every \\r\\n and \\r into \\n.", "把所有 \\r\\n 和 \\r 换成 \\n。"),
            TextFix,
            options=lambda params: {"text_fn": lambda text, where, kind: normalise_line_endings(text)},
        ),
        FixSpec(
            FixId.REMOVE_CONTROL_CHARACTERS,
            "Remove control characters",
            "删除控制字符",
            _texts("Remove control characters", "删除控制字符"),
            _texts(
                "Removes invisible control characters and replaces invalid Unicode with \ufffd.",
                "删除不可见的控制字符，并把无效的 Unicode 字符替换为 \ufffd。",
            ),
            TextFix,
            options=lambda params: {"text_fn": lambda text, where, kind: remove_control_characters(text)},
        ),
        FixSpec(
            FixId.TO_CHAT,
            "Convert to chat",
            "转换为对话格式",
            _texts("Convert to chat", "转换为对话格式"),
            _to_chat_description,
            ToChat,
            PROMPT_COMPLETION_ONLY,
            options=lambda params: {"system_prompt": params.get("system_prompt")},
        ),
        FixSpec(
            FixId.TO_PROMPT_COMPLETION,
            "Convert to prompt/completion",
            "转换为提示/补全格式",
            _texts("Convert to prompt/completion", "转换为提示/补全格式"),
            _to_prompt_completion_description,
            ToPromptCompletion,
            frozenset({ExampleKind.CHAT}),
            options=lambda params: {
                "separator": params.get("separator", DEFAULT_SEPARATOR),
                "ending": params.get("ending", DEFAULT_ENDING),
            },
        ),
        FixSpec(
            FixId.ADD_SEPARATOR,
            "Add a separator to prompts",
            "为提示添加分隔符",
            _separator_title(add=True),
            _texts(
                "Every prompt ends with it, so the model knows where the completion starts. Use the same "
                "separator at the end of your prompts when you call the model.",
                "每个提示都以它结尾，模型就知道补全从哪里开始。调用模型时，提示末尾也要加上同样的分隔符。",
            ),
            EditField,
            PROMPT_COMPLETION_ONLY,
            _separator_options(add=True),
        ),
        FixSpec(
            FixId.REMOVE_SEPARATOR,
            "Remove the prompt separator",
            "删除提示分隔符",
            _separator_title(add=False),
            _texts("Removes it from the end of every prompt.", "从每个提示的末尾去除它。"),
            EditField,
            PROMPT_COMPLETION_ONLY,
            _separator_options(add=False),
        ),
        FixSpec(
            FixId.ADD_ENDING,
            "Add an ending to completions",
            "为补全添加结束标记",
            _ending_title(add=True),
            _texts(
                "Every completion ends with it; pass it as the stop sequence when you call the model.",
                "每个补全都以它结尾；调用模型时把它作为停止序列（stop）传入。",
            ),
            EditField,
            PROMPT_COMPLETION_ONLY,
            _ending_options(add=True),
        ),
        FixSpec(
            FixId.REMOVE_ENDING,
            "Remove the completion ending",
            "删除补全结束标记",
            _ending_title(add=False),
            _texts("Removes it from the end of every completion.", "从每个补全的末尾去除它。"),
            EditField,
            PROMPT_COMPLETION_ONLY,
            _ending_options(add=False),
        ),
        FixSpec(
            FixId.ADD_LEADING_SPACE,
            "Start completions with a space",
            "补全以空格开头",
            _texts("Start completions with a space", "补全以空格开头"),
            _texts(
                "Adds one space at the start of each completion that lacks one.",
                "在不以空格开头的补全前加一个空格。",
            ),
            EditField,
            PROMPT_COMPLETION_ONLY,
            lambda params: {
                "field_name": "completion",
                "field_fn": lambda text: text if text.startswith(" ") or not text else " " + text,
            },
        ),
        FixSpec(
            FixId.REMOVE_PROMPT_PREFIX,
            "Remove the common prompt prefix",
            "删除提示的公共前缀",
            _prefix_title(prompt=True),
            _texts("Removes the text every row starts with.", "去除每一行开头都相同的文本。"),
            EditField,
            PROMPT_COMPLETION_ONLY,
            _prefix_options(prompt=True),
        ),
        FixSpec(
            FixId.REMOVE_COMPLETION_PREFIX,
            "Remove the common completion prefix",
            "删除补全的公共前缀",
            _prefix_title(prompt=False),
            _texts("Removes the text every row starts with.", "去除每一行开头都相同的文本。"),
            EditField,
            PROMPT_COMPLETION_ONLY,
            _prefix_options(prompt=False),
        ),
        FixSpec(
            FixId.LOWERCASE,
            "Lowercase",
            "转为小写",
            _lowercase_title,
            _texts("Converts the text to lower case.", "把文本转换为小写。"),
            EditField,
            PROMPT_COMPLETION_ONLY,
            lambda params: {"field_name": str(params.get("column", "prompt")), "field_fn": str.lower},
        ),
        FixSpec(
            FixId.DROP_LONG,
            "Drop over-long examples",
            "删除超长样本",
            lambda params: (
                f"Drop examples over {_limit(params):,} tokens",
                f"删除超过 {_limit(params):,} 个词元的样本",
            ),
            _texts(
                "Removes the examples that are longer than the model's limit.", "删除超过模型上限的样本。"
            ),
            DropLong,
            options=_length_options,
        ),
        FixSpec(
            FixId.TRUNCATE_LONG,
            "Truncate over-long examples",
            "截断超长样本",
            lambda params: (
                f"Shorten examples to {_limit(params):,} tokens",
                f"把样本截短到 {_limit(params):,} 个词元",
            ),
            _texts(
                "Cuts the end of the longest input text (or, if needed, the answer) until the example fits.",
                "截去最长输入文本（必要时也截去回答）的末尾，直到样本不超过上限。",
            ),
            TruncateLong,
            options=_length_options,
        ),
        FixSpec(
            FixId.SPLIT_VALIDATION,
            "Split off a validation set",
            "拆分出验证集",
            lambda params: (
                f"Split off {_fraction(params):.0%} for validation",
                f"划出 {_fraction(params):.0%} 作为验证集",
            ),
            _texts(
                "Marks a random part of the examples as the validation set (same seed, same split).",
                "随机把一部分样本标记为验证集（相同的种子得到相同的划分）。",
            ),
            SplitValidation,
            options=lambda params: {
                "fraction": _fraction(params),
                "seed": int(params.get("seed", DEFAULT_SEED)),
                "max_validation": params.get("max_validation"),
            },
        ),
    )
}


def fix_spec(fix_id: FixId | str) -> FixSpec:
    """What the fix ``fix_id`` is (ValueError for an unknown id)."""
    spec = FIX_SPECS.get(FixId(fix_id))
    if spec is None:
        raise ValueError(f"no fix {fix_id!r}")
    return spec


def get_fix(fix_id: FixId | str, **params: Any) -> Fix:
    """The fix ``fix_id`` with its parameters (e.g. separator=, limit=, encoding=, system_prompt=)."""
    return fix_spec(fix_id).build(params)


def fix_for_finding(finding: Finding, *, encoding: str | None = None, **overrides: Any) -> Fix | None:
    """The fix a finding points at, with the finding's parameters (separator, prefix, limit, …)."""
    if finding.fix is None:
        return None
    params = dict(finding.params)
    if encoding is not None:
        params.setdefault("encoding", encoding)
    params.update(overrides)
    return get_fix(finding.fix, **params)


def alternative_fix(finding: Finding, *, encoding: str | None = None) -> Fix | None:
    """The other fix a finding offers (e.g. truncate instead of drop for over-long examples)."""
    alternative = finding.params.get("alternative")
    if not alternative:
        return None
    params = {k: v for k, v in finding.params.items() if k != "alternative"}
    if encoding is not None:
        params.setdefault("encoding", encoding)
    return get_fix(alternative, **params)


# The order in which recommended fixes run: clean text first, then remove rows, then split.
_RECOMMENDED_ORDER = [
    FixId.REMOVE_CONTROL_CHARACTERS,
    FixId.NORMALISE_LINE_ENDINGS,
    FixId.TRIM_WHITESPACE,
    FixId.REMOVE_EMPTY,
    FixId.REMOVE_DUPLICATES,
    FixId.TO_CHAT,
    FixId.TO_PROMPT_COMPLETION,
    FixId.DROP_LONG,
    FixId.SPLIT_VALIDATION,
]


def recommended_fixes(analysis: Analysis, *, encoding: str | None = None) -> list[Fix]:
    """The fixes worth applying for these findings, in a safe order; the user may decline each.

    Only fixes that cannot lose meaning are recommended; the legacy formatting advice (separators,
    endings, prefixes, lower case) and near-duplicate removal are offered per finding instead.
    """
    encoding = encoding or analysis.summary.encoding
    chosen: dict[FixId, Fix] = {}
    for finding in analysis.findings:
        if finding.fix is None or finding.fix not in _RECOMMENDED_ORDER or finding.fix in chosen:
            continue
        fix = fix_for_finding(finding, encoding=encoding)
        if fix is not None:
            chosen[finding.fix] = fix
    return [chosen[i] for i in _RECOMMENDED_ORDER if i in chosen]


def apply_fixes(dataset: Dataset, fixes: Iterable[Fix]) -> Dataset:
    """The data set after each fix in turn (for "apply all recommended"); ``dataset`` is unchanged."""
    current = dataset
    for fix in fixes:
        current = fix.apply_dataset(current)
    return current
